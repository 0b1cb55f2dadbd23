//! An access token in the URI query (OAuth 2.1 §5.1).

use cucumber::{then, when};

use crate::checks::query_token as check;
use crate::client::RawRequest;
use crate::world::World;

#[when(regex = r"^the client calls the protected resource with the token in the URI query$")]
async fn token_in_query(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let Some(token) = world.tokens.access_token.clone() else {
        return world.missing("an access token");
    };
    let request = RawRequest::get(resource)
        .header("Accept", "application/json")
        .query(&[("access_token", token.as_str())]);
    if let Some(i) = world.send(request).await {
        world.last_resource = Some(i);
    }
}

#[then(regex = r"^the protected resource does not honour the query token$")]
fn not_honoured(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_resource
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a protected resource response");
    };
    world.record(Some("oauth21-5.1-a"), check::query_token_ignored(&r), &[i]);
}
