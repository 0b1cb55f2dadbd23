//! OAuth 2.1 §3.2.3: the token response states its scope even when it is the requested one.

use cucumber::{given, then};

use super::client_for;
use crate::checks::{scope_echo as check, token};
use crate::world::World;

/// Asks for the configured scope (`scope`), else the client's first registered scope value,
/// else the first one the target offers: a scope the client may have.
#[given(regex = r"^(.+) has an authorization code for a scope it may have$")]
async fn code_for_allowed_scope(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    let target = world.target().cloned();
    let scope = target
        .as_ref()
        .and_then(|t| t.scope.clone())
        .or_else(|| client.scopes.first().cloned())
        .or_else(|| target.as_ref().and_then(|t| t.scopes.first().cloned()));
    let Some(scope) = scope.filter(|s| !s.trim().is_empty()) else {
        return world
            .skip("no scope value is known to ask for (scope, clients.scopes or offers.scopes)");
    };
    world.new_auth_request(client);
    if let Some(auth) = world.auth.as_mut() {
        auth.set("scope", &scope);
    }
    world.samples = vec![scope];
    world.complete_code_flow().await;
}

#[then(regex = r"^the token response states the scope, though it is the one requested$")]
fn states_scope(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    let Some(requested) = world.samples.first().cloned() else {
        return world.missing("the requested scope");
    };
    if !token::token_issued(&r).is_met() {
        return world.precondition_failed(
            format!("the code exchange issued no token (HTTP {})", r.status),
            &[i],
        );
    }
    world.record(
        Some("oauth21-3.2.3-a"),
        check::scope_stated(&r, &requested),
        &[i],
    );
}
