//! Steps at the introspection endpoint (RFC 7662).

use cucumber::{given, then, when};

use super::client_for;
use super::{held_token, last_exchange_at, token_owner};
use crate::checks::introspection as check;
use crate::client::{RawRequest, Response};
use crate::config::ClientSettings;
use crate::protocol::random_token;
use crate::world::{ClientAuth, World};

#[given(regex = r"^the target has an introspection endpoint$")]
fn has_introspection_endpoint(world: &mut World) {
    if world.halted() {
        return;
    }
    if world
        .target()
        .is_none_or(|t| t.introspection_endpoint.is_none())
    {
        world.skip("the target has no introspection endpoint (introspection_endpoint / endpoints.introspection)");
    }
}

fn introspection_endpoint(world: &mut World) -> Option<String> {
    match world
        .target()
        .and_then(|t| t.introspection_endpoint.clone())
    {
        Some(e) => Some(e),
        None => {
            world.skip("the target has no introspection endpoint");
            None
        }
    }
}

async fn introspect(
    world: &mut World,
    client: ClientSettings,
    params: Vec<(String, String)>,
    auth: ClientAuth,
) {
    let Some(endpoint) = introspection_endpoint(world) else {
        return;
    };
    world.send_as_client(&endpoint, client, params, auth).await;
}

#[when(
    regex = r#"^the client introspects the (access|refresh) token(?: with token_type_hint "([^"]+)")?$"#
)]
async fn client_introspects(world: &mut World, kind: String, hint: String) {
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
    introspect(world, client, params, ClientAuth::Preferred).await;
}

/// Before revocation is looked at through introspection, the token must introspect as active:
/// RFC 7662 lets a server keep refresh tokens out of introspection, and a token that is
/// inactive from the start shows nothing about revocation (django-oauth-toolkit reports every
/// refresh token `{"active": false}`).
#[given(regex = r"^the (access|refresh) token introspects as active$")]
async fn introspects_as_active(world: &mut World, kind: String) {
    if world.halted() {
        return;
    }
    let Some(endpoint) = introspection_endpoint(world) else {
        return;
    };
    let before = world.exchanges.len();
    client_introspects(world, kind.clone(), String::new()).await;
    if world.halted() || world.exchanges.len() == before {
        return;
    }
    let i = world.exchanges.len() - 1;
    let active = world
        .response(i)
        .and_then(|r| r.json().ok())
        .and_then(|v| v.get("active").and_then(serde_json::Value::as_bool));
    if active != Some(true) {
        world.skip(format!(
            "the {kind} token does not introspect as active at {endpoint} even before it is \
             revoked (RFC 7662 lets a server leave a token type out), so revocation cannot be \
             seen through introspection"
        ));
    }
}

#[when(regex = r"^the client introspects the access token with a wrong secret$")]
async fn introspects_with_wrong_secret(world: &mut World) {
    if world.halted() {
        return;
    }
    let (Some(client), Some(token)) = (token_owner(world), held_token(world, "access")) else {
        return;
    };
    introspect(
        world,
        client,
        vec![("token".into(), token)],
        ClientAuth::BasicWrongSecret,
    )
    .await;
}

#[when(regex = r"^the access token is introspected without client authentication$")]
async fn introspects_unauthenticated(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(endpoint) = introspection_endpoint(world) else {
        return;
    };
    let Some(token) = held_token(world, "access") else {
        return;
    };
    let raw = RawRequest::post(endpoint)
        .header("Accept", "application/json")
        .form(&[("token", token.as_str())]);
    world.send(raw).await;
}

#[when(regex = r"^(.+) introspects a made-up token$")]
async fn introspects_made_up(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    let token = format!("oauth2spec-unknown-{}", random_token(16));
    introspect(
        world,
        client,
        vec![("token".into(), token)],
        ClientAuth::Preferred,
    )
    .await;
}

#[when(regex = r"^(.+) sends an introspection request without a token$")]
async fn introspects_without_token(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    introspect(world, client, vec![], ClientAuth::Preferred).await;
}

fn last_introspection(world: &mut World) -> Option<(usize, Response)> {
    if world.halted() {
        return None;
    }
    let endpoint = world
        .target()
        .and_then(|t| t.introspection_endpoint.clone())?;
    let found = last_exchange_at(world, &endpoint);
    if found.is_none() {
        world.missing("an introspection response");
    }
    found
}

#[then(regex = r"^the introspection response is a JSON object with active true$")]
fn describes_active(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(Some("7662-2.2-a"), check::active_token_described(&r), &[i]);
    }
}

#[then(regex = r"^the introspection response says the token was found$")]
fn token_found(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(Some("7662-2.1-b"), check::token_found(&r), &[i]);
    }
}

#[then(regex = r"^the introspection response members have their defined types$")]
fn members_typed(world: &mut World) {
    let Some((i, r)) = last_introspection(world) else {
        return;
    };
    let Some(client) = token_owner(world) else {
        return;
    };
    world.record(
        Some("7662-2.2-b"),
        check::members_well_typed(&r, &client.id),
        &[i],
    );
}

#[then(regex = r"^the introspection response says the token is inactive$")]
fn says_inactive(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(None, check::reported_inactive(&r), &[i]);
    }
}

#[then(regex = r"^the introspection response says nothing more about the token$")]
fn says_nothing_more(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(
            Some("7662-2.2-d"),
            check::nothing_more_about_inactive(&r),
            &[i],
        );
    }
}

#[then(regex = r"^the introspection response does not describe an active token$")]
fn not_active(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(
            Some("7662-2.1-a"),
            check::missing_token_not_active(&r),
            &[i],
        );
    }
}

#[then(regex = r"^the introspection endpoint refuses the unauthenticated caller$")]
fn refuses_unauthenticated(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(
            Some("7662-2.1-d"),
            check::unauthenticated_caller_refused(&r),
            &[i],
        );
    }
}

#[then(regex = r"^the introspection endpoint answers 401$")]
fn answers_401(world: &mut World) {
    if let Some((i, r)) = last_introspection(world) {
        world.record(Some("7662-2.3-a"), check::bad_credentials_get_401(&r), &[i]);
    }
}

/// RFC 6750 §5.3: the audience of the held access token, from introspection (`aud`), else from
/// the token itself when it is a JWT; an opaque token without a visible audience is skipped,
/// not failed.
#[then(regex = r"^the access token is restricted to the protected resource's audience$")]
fn audience_restricted(world: &mut World) {
    let Some((i, r)) = last_introspection(world) else {
        return;
    };
    let from_introspection = r.json().ok().and_then(|j| j.get("aud").cloned());
    let from_jwt = world
        .tokens
        .access_token
        .as_deref()
        .and_then(|t| crate::checks::metadata::decode_jws(t).ok())
        .and_then(|jws| jws.claims.get("aud").cloned());
    let Some(aud) = from_introspection.or(from_jwt) else {
        return world.skip(
            "no audience is visible: introspection gives no aud and the access token is not a JWT (not by itself a failure)",
        );
    };
    let expected = world
        .target()
        .and_then(|t| t.resource_settings.audience.clone());
    world.record(
        Some("6750-5.3-b"),
        crate::checks::bearer::audience_restricted(&aud, expected.as_deref()),
        &[i],
    );
}
