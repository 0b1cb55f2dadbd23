//! Steps about tokens the protected resource must refuse (RFC 6749 §7, §7.2).

use cucumber::then;

use crate::checks::resource as check;
use crate::world::World;

fn last(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    let found = world
        .last_resource
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)));
    if found.is_none() {
        world.missing("a protected resource response");
    }
    found
}

#[then(regex = r"^the protected resource refuses the token$")]
fn refuses(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6749-7-a"), check::refuses_token(&r), &[i]);
    }
}

#[then(regex = r"^the protected resource says why in the error attribute of its challenge$")]
fn says_why(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6749-7.2-a"), check::explains_failure(&r), &[i]);
    }
}
