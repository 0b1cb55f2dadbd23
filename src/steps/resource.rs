//! Steps at the protected resource (RFC 6750).

use cucumber::{then, when};

use crate::checks::bearer as check;
use crate::client::RawRequest;
use crate::protocol::random_token;
use crate::world::World;

#[when(
    regex = r"^the client calls the protected resource (with the token in the Authorization header|without a token|with an invalid token)$"
)]
async fn call_resource(world: &mut World, how: String) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let request = RawRequest::get(resource).header("Accept", "application/json");
    let request = match how.as_str() {
        "with the token in the Authorization header" => match world.tokens.access_token.clone() {
            Some(t) => request.bearer(&t),
            None => return world.missing("an access token"),
        },
        "with an invalid token" => {
            request.bearer(&format!("oauth2spec-invalid-{}", random_token(16)))
        }
        _ => request,
    };
    if let Some(i) = world.send(request).await {
        world.last_resource = Some(i);
    }
}

fn last(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    match world
        .last_resource
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    {
        Some(x) => Some(x),
        None => {
            world.missing("a protected resource response");
            None
        }
    }
}

#[then(regex = r"^the protected resource answers with success$")]
fn success(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::resource_ok(&r), &[i]);
    }
}

#[then(regex = r"^the protected resource answers 401 with a Bearer challenge$")]
fn challenge(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::unauthorized_with_challenge(&r), &[i]);
    }
}

#[then(regex = r#"^the protected resource answers 401 with error "([^"]+)"$"#)]
fn with_error(world: &mut World, code: String) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::unauthorized_with_error(&r, &code), &[i]);
    }
}
