//! Steps about tokens the protected resource must refuse (RFC 6749 §7, §7.2).

use cucumber::{then, when};

use super::held_token;
use crate::checks::{forgery, resource as check};
use crate::client::RawRequest;
use crate::world::World;

#[when(regex = r"^the client calls the protected resource with an altered copy of the token$")]
async fn call_with_altered(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let Some(token) = held_token(world, "access") else {
        return;
    };
    let altered = forgery::altered(&token);
    world.add_secret(&altered);
    let request = RawRequest::get(resource)
        .header("Accept", "application/json")
        .bearer(&altered);
    if let Some(i) = world.send(request).await {
        world.last_resource = Some(i);
    }
}

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
