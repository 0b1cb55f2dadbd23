//! PKCE downgrade at the token endpoint (RFC 9700 §2.1.1, OAuth 2.1 §3.2.4, §4.1.3): a
//! code_verifier for a code whose authorization request carried no code_challenge.

use cucumber::{given, then, when};

use super::client_for;
use crate::checks::token as check;
use crate::login::Decision;
use crate::protocol::pkce;
use crate::world::World;

#[given(regex = r"^(.+) has an authorization code obtained without a code challenge$")]
async fn code_without_challenge(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    world.new_auth_request(client);
    if let Some(auth) = world.auth.as_mut() {
        auth.remove("code_challenge");
        auth.remove("code_challenge_method");
        auth.verifier = None;
    }
    world.run_front_channel(Decision::Approve).await;
    if !world.halted() && world.code.is_none() {
        world.skip("the server gives this client no code without a code_challenge (it requires PKCE), so there is no code to downgrade");
    }
}

#[when(regex = r"^the client exchanges the code with a code_verifier it never committed to$")]
async fn exchange_with_uncommitted_verifier(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(mut request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    let verifier = pkce::new_verifier();
    world.add_secret(&verifier);
    request.params.retain(|(k, _)| k != "code_verifier");
    request.params.push(("code_verifier".into(), verifier));
    world.token_request = Some(request);
    world.send_token_request().await;
}

#[then(
    regex = r"^the refusal is invalid_request, as OAuth 2.1 requires for an unexpected code_verifier$"
)]
fn refusal_is_invalid_request(world: &mut World) {
    if world.halted() || world.has_failure() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    world.record(
        Some("oauth21-3.2.4-a"),
        check::token_error(&r, Some("invalid_request")),
        &[i],
    );
}
