//! Steps about refreshing (RFC 6749 §6, §10.4): client authentication, validation of the
//! refresh token, and the scope of what a refresh issues.

use cucumber::{given, then, when};

use super::{client_for, token_owner};
use crate::checks::{forgery, refresh as check};
use crate::protocol::random_token;
use crate::world::{ClientAuth, TokenRequest, World};

/// The scope of the grant the refresh token came from: the `scope` of the token response that
/// issued it, else the scope the authorization request asked for (§5.1: omitted means "as
/// requested").
fn original_scope(world: &mut World) -> Option<String> {
    if world.original_scope.is_none() {
        let from_response = world
            .last_token
            .and_then(|i| world.response(i))
            .and_then(|r| r.json().ok())
            .and_then(|j| j.get("scope").and_then(|s| s.as_str()).map(str::to_string));
        world.original_scope = from_response.or_else(|| {
            world
                .auth
                .as_ref()
                .and_then(|a| a.get("scope").map(str::to_string))
        });
    }
    world.original_scope.clone()
}

/// Sends a refresh request for the scenario's client; `token` defaults to the refresh token
/// held.
async fn refresh(
    world: &mut World,
    token: Option<String>,
    scope: Option<String>,
    auth: ClientAuth,
) {
    if world.halted() {
        return;
    }
    original_scope(world);
    let Some(client) = token_owner(world) else {
        return;
    };
    let Some(token) = token.or_else(|| world.tokens.refresh_token.clone()) else {
        return world.missing("a refresh token");
    };
    let mut params = vec![
        ("grant_type".to_string(), "refresh_token".to_string()),
        ("refresh_token".to_string(), token),
    ];
    if let Some(scope) = scope {
        params.push(("scope".into(), scope));
    }
    world.token_request = Some(TokenRequest {
        client,
        params,
        auth,
    });
    world.send_token_request().await;
}

#[given(regex = r"^a token request for (.+) with a made-up refresh token$")]
fn made_up_refresh_token(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    world.token_request = Some(TokenRequest {
        client,
        params: vec![
            ("grant_type".into(), "refresh_token".into()),
            (
                "refresh_token".into(),
                format!("oauth2spec-made-up-{}", random_token(24)),
            ),
        ],
        auth: ClientAuth::Preferred,
    });
}

#[given(regex = r"^(.+) holds a refresh token for two scope values$")]
async fn refresh_token_for_two_scopes(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    let known = if client.scopes.is_empty() {
        world.target().map(|t| t.scopes.clone()).unwrap_or_default()
    } else {
        client.scopes.clone()
    };
    if known.len() < 2 {
        return world.skip(
            "fewer than two scope values are known for the client (clients.scopes / offers.scopes)",
        );
    }
    let scope = format!("{} {}", known[0], known[1]);
    world.new_auth_request(client);
    if let Some(auth) = world.auth.as_mut() {
        auth.set("scope", &scope);
    }
    world.complete_code_flow().await;
    if world.halted() {
        return;
    }
    let Some(tokens) = world.exchange_code_for_tokens().await else {
        return;
    };
    if tokens.refresh_token.is_none() {
        return world.skip("the server issued no refresh token to this client");
    }
    let granted = original_scope(world).unwrap_or_default();
    if check::scope_set(&granted).len() < 2 {
        world.skip(format!(
            "the server granted only {granted:?}, so there is nothing to narrow"
        ));
    }
}

#[when(regex = r"^the client refreshes the token without client authentication$")]
async fn refresh_unauthenticated(world: &mut World) {
    refresh(world, None, None, ClientAuth::ClientIdOnly).await;
}

#[when(regex = r"^the client refreshes the token without scope$")]
async fn refresh_plain(world: &mut World) {
    refresh(world, None, None, ClientAuth::Preferred).await;
}

#[when(regex = r"^the client refreshes with an altered copy of the refresh token$")]
async fn refresh_altered(world: &mut World) {
    let altered = world.tokens.refresh_token.as_deref().map(forgery::altered);
    if let Some(a) = &altered {
        world.add_secret(a);
    }
    refresh(world, altered, None, ClientAuth::Preferred).await;
}

#[when(
    regex = r"^the client refreshes the token asking for a scope value beyond the original grant$"
)]
async fn refresh_wider(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(original) = original_scope(world) else {
        return world.skip(
            "the original scope is unknown: the token response has no scope and none was requested",
        );
    };
    let had = check::scope_set(&original);
    let client_scopes = world
        .auth
        .as_ref()
        .map(|a| a.client.scopes.clone())
        .unwrap_or_default();
    let known = world.target().map(|t| t.scopes.clone()).unwrap_or_default();
    let extra = known
        .iter()
        .chain(client_scopes.iter())
        .find(|s| !had.contains(*s) && (client_scopes.is_empty() || client_scopes.contains(s)))
        .cloned();
    let Some(extra) = extra else {
        return world.skip(
            "no scope value outside the original grant is known (offers.scopes / scopes_supported)",
        );
    };
    world.samples = vec![extra.clone()];
    refresh(
        world,
        None,
        Some(format!("{original} {extra}")),
        ClientAuth::Preferred,
    )
    .await;
}

#[when(regex = r"^the client refreshes the token asking for only the first of them$")]
async fn refresh_narrower(world: &mut World) {
    if world.halted() {
        return;
    }
    let first = original_scope(world)
        .and_then(|s| s.split(' ').find(|v| !v.is_empty()).map(str::to_string));
    refresh(world, None, first, ClientAuth::Preferred).await;
}

#[when(regex = r"^the client refreshes with the new refresh token without scope$")]
async fn refresh_with_new_token(world: &mut World) {
    if world.halted() {
        return;
    }
    let response = world.last_token.and_then(|i| world.response(i).cloned());
    let Some(response) = response else {
        return world.missing("a refresh response");
    };
    if response.status != 200 {
        let i = world.last_token.unwrap_or_default();
        return world.precondition_failed(
            format!("the narrowed refresh failed with HTTP {}", response.status),
            &[i],
        );
    }
    let new = response.json().ok().and_then(|j| {
        j.get("refresh_token")
            .and_then(|t| t.as_str())
            .map(str::to_string)
    });
    let Some(new) = new else {
        return world.skip(
            "the refresh issued no new refresh token, so there is none whose scope to check",
        );
    };
    world.add_secret(&new);
    refresh(world, Some(new), None, ClientAuth::Preferred).await;
}

fn refresh_response(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    let found = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)));
    if found.is_none() {
        world.missing("a refresh response");
    }
    found
}

#[then(regex = r"^no scope beyond the original grant is granted$")]
fn no_wider_scope(world: &mut World) {
    let Some((i, r)) = refresh_response(world) else {
        return;
    };
    let (Some(original), Some(extra)) =
        (world.original_scope.clone(), world.samples.first().cloned())
    else {
        return world.missing("the original scope and the extra value");
    };
    world.record(
        Some("6749-6-d"),
        check::no_scope_beyond(&r, &original, &extra),
        &[i],
    );
}

#[then(regex = r"^the new access token has the original scope$")]
fn same_scope(world: &mut World) {
    let Some((i, r)) = refresh_response(world) else {
        return;
    };
    if r.status != 200 {
        return world
            .precondition_failed(format!("the refresh failed with HTTP {}", r.status), &[i]);
    }
    let Some(original) = world.original_scope.clone() else {
        return world.skip(
            "the original scope is unknown: the token response has no scope and none was requested",
        );
    };
    world.record(None, check::keeps_original_scope(&r, &original), &[i]);
}
