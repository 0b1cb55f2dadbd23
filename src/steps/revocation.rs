//! Steps at the revocation endpoint (RFC 7009).

use cucumber::{given, then, when};

use super::{client_for, held_token, last_exchange_at, token_owner};
use crate::checks::{revocation as check, token as token_check};
use crate::client::{RawRequest, Response};
use crate::config::ClientSettings;
use crate::protocol::random_token;
use crate::world::{ClientAuth, TokenRequest, World};

#[given(regex = r"^the target has a revocation endpoint$")]
fn has_revocation_endpoint(world: &mut World) {
    if world.halted() {
        return;
    }
    if world
        .target()
        .is_none_or(|t| t.revocation_endpoint.is_none())
    {
        world.skip(
            "the target has no revocation endpoint (revocation_endpoint / endpoints.revocation)",
        );
    }
}

fn revocation_endpoint(world: &mut World) -> Option<String> {
    match world.target().and_then(|t| t.revocation_endpoint.clone()) {
        Some(e) => Some(e),
        None => {
            world.skip("the target has no revocation endpoint");
            None
        }
    }
}

/// Sends `params` to the revocation endpoint as `client`, authenticated as `auth`.
async fn revoke(
    world: &mut World,
    client: ClientSettings,
    params: Vec<(String, String)>,
    auth: ClientAuth,
) {
    let Some(endpoint) = revocation_endpoint(world) else {
        return;
    };
    world.send_as_client(&endpoint, client, params, auth).await;
}

#[when(
    regex = r#"^the client revokes the (access|refresh) token(?: with token_type_hint "([^"]+)")?$"#
)]
async fn client_revokes(world: &mut World, kind: String, hint: String) {
    if world.halted() {
        return;
    }
    let (Some(client), Some(token)) = (token_owner(world), held_token(world, &kind)) else {
        return;
    };
    let mut params = vec![("token".to_string(), token)];
    if !hint.is_empty() {
        params.push(("token_type_hint".into(), hint));
    }
    revoke(world, client, params, ClientAuth::Preferred).await;
}

#[when(regex = r"^the client revokes the refresh token with a wrong secret$")]
async fn revokes_with_wrong_secret(world: &mut World) {
    if world.halted() {
        return;
    }
    let (Some(client), Some(token)) = (token_owner(world), held_token(world, "refresh")) else {
        return;
    };
    revoke(
        world,
        client,
        vec![("token".into(), token)],
        ClientAuth::BasicWrongSecret,
    )
    .await;
}

#[when(regex = r"^the second confidential client revokes the refresh token$")]
async fn other_client_revokes(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(other) = client_for(world, "the second confidential client") else {
        return;
    };
    let Some(token) = held_token(world, "refresh") else {
        return;
    };
    revoke(
        world,
        other,
        vec![("token".into(), token)],
        ClientAuth::Preferred,
    )
    .await;
}

#[when(regex = r"^(.+) revokes a made-up token$")]
async fn revokes_made_up(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    let token = format!("oauth2spec-unknown-{}", random_token(16));
    revoke(
        world,
        client,
        vec![("token".into(), token)],
        ClientAuth::Preferred,
    )
    .await;
}

#[when(regex = r"^(.+) sends a revocation request without a token$")]
async fn revokes_without_token(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    revoke(world, client, vec![], ClientAuth::Preferred).await;
}

fn last_revocation(world: &mut World) -> Option<(usize, Response)> {
    if world.halted() {
        return None;
    }
    let endpoint = world.target().and_then(|t| t.revocation_endpoint.clone())?;
    let found = last_exchange_at(world, &endpoint);
    if found.is_none() {
        world.missing("a revocation response");
    }
    found
}

#[then(regex = r"^the revocation endpoint answers 200$")]
fn answers_200(world: &mut World) {
    if let Some((i, r)) = last_revocation(world) {
        world.record(Some("7009-2.2-a"), check::revocation_answered_200(&r), &[i]);
    }
}

#[then(regex = r#"^the revocation endpoint refuses with error "([^"]+)"$"#)]
fn refuses_with(world: &mut World, code: String) {
    if let Some((i, r)) = last_revocation(world) {
        world.record(None, token_check::token_error(&r, Some(&code)), &[i]);
    }
}

/// Refreshes with the held refresh token as its owner; the exchange index and response.
async fn use_refresh_token(world: &mut World) -> Option<(usize, Response)> {
    if world.halted() {
        return None;
    }
    let client = token_owner(world)?;
    let refresh = held_token(world, "refresh")?;
    world.token_request = Some(TokenRequest {
        client,
        params: vec![
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh),
        ],
        auth: ClientAuth::Preferred,
    });
    let i = world.send_token_request().await?;
    world.response(i).cloned().map(|r| (i, r))
}

#[then(regex = r"^the refresh token is no longer accepted$")]
async fn refresh_refused(world: &mut World) {
    if let Some((i, r)) = use_refresh_token(world).await {
        world.record(Some("7009-2.1-e"), check::refresh_token_refused(&r), &[i]);
    }
}

#[then(regex = r"^the refresh token still works$")]
async fn refresh_still_works(world: &mut World) {
    if let Some((i, r)) = use_refresh_token(world).await {
        world.record(None, check::refresh_token_still_works(&r), &[i]);
    }
}

/// The held access token no longer works: seen through introspection when the target offers
/// it, else at the protected resource.
#[then(regex = r"^the access token is no longer active$")]
async fn access_token_inactive(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(target) = world.target().cloned() else {
        return;
    };
    let Some(access) = held_token(world, "access") else {
        return;
    };
    if let Some(endpoint) = target.introspection_endpoint.clone() {
        let Some(client) = token_owner(world) else {
            return;
        };
        let Some(i) = world
            .send_as_client(
                &endpoint,
                client,
                vec![("token".into(), access)],
                ClientAuth::Preferred,
            )
            .await
        else {
            return;
        };
        if let Some(r) = world.response(i).cloned() {
            world.record(
                None,
                check::access_token_inactive_by_introspection(&r),
                &[i],
            );
        }
        return;
    }
    if let Some(resource) = target.resource_for_ordinary_tokens() {
        let Some(i) = world.send(RawRequest::get(resource).bearer(&access)).await else {
            return;
        };
        if let Some(r) = world.response(i).cloned() {
            world.record(None, check::access_token_refused_by_resource(&r), &[i]);
        }
        return;
    }
    world.skip(
        "no way to observe the access token: no introspection endpoint and no protected resource",
    );
}

#[then(regex = r"^the revocation error response follows RFC 6749 section 5.2$")]
fn error_per_6749(world: &mut World) {
    let Some((i, r)) = last_revocation(world) else {
        return;
    };
    if (200..300).contains(&r.status) {
        // Whether this request must be refused is 7009-2.1-a's business; here there is no
        // error response to look at.
        return world.skip(format!(
            "the revocation endpoint did not refuse the request (HTTP {}), so there is no error response to check",
            r.status
        ));
    }
    world.record(
        Some("7009-2.2.1-a"),
        check::error_response_per_6749(&r),
        &[i],
    );
}
