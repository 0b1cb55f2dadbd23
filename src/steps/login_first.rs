//! The user is authenticated before any redirect to the client (RFC 9700 §4.11.2).

use cucumber::{then, when};

use crate::checks::login_first as check;
use crate::client::RawRequest;
use crate::world::World;

#[when(regex = r"^the request is sent from a browser where no user is signed in$")]
async fn send_without_session(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let Some(url) = world
        .auth
        .as_ref()
        .map(|a| a.url(&ctx.target.authorization_endpoint))
    else {
        return world.missing("an authorization request");
    };
    if let Some(i) = world.send(RawRequest::get(url)).await {
        world.front_last = Some(i);
    }
}

#[then(regex = r"^the server does not redirect to the client before the user signs in$")]
fn login_first(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(i) = world.front_last else {
        return world.missing("an authorization endpoint response");
    };
    let Some(r) = world.response(i).cloned() else {
        return;
    };
    let mut uris = world
        .auth
        .as_ref()
        .map(|a| a.stop_at.clone())
        .unwrap_or_default();
    if let Some(sent) = world.auth.as_ref().and_then(|a| a.get("redirect_uri")) {
        uris.push(sent.to_string());
    }
    world.record(
        Some("9700-4.11.2-a"),
        check::no_redirect_before_login(&r, &uris),
        &[i],
    );
}
