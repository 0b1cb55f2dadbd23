//! OAuth 2.1 Appendix C.3: no `null` members in token endpoint responses.

use cucumber::then;

use crate::checks::null_members as check;
use crate::world::World;

#[then(regex = r"^the token response has no member set to null$")]
fn no_nulls(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    match check::no_null_members(&r) {
        Some(v) => world.record(Some("oauth21-C.3-a"), v, &[i]),
        None => world.precondition_failed("the token endpoint response is not JSON", &[i]),
    }
}
