//! Steps at the token endpoint (RFC 6749 §2.3, §4.1.3, §4.4, §5, §6; RFC 7636 §4.5).

use cucumber::{given, then, when};

use super::client_for;
use crate::checks::{token as check, Verdict};
use crate::client::RawRequest;
use crate::protocol::{pkce, random_token};
use crate::world::{ClientAuth, TokenRequest, World};

#[given(regex = r"^(.+) has an authorization code$")]
async fn has_code(world: &mut World, phrase: String) {
    code_for(world, &phrase, None).await;
}

#[given(regex = r#"^(.+) has an authorization code with PKCE method "([^"]+)"$"#)]
async fn has_code_with_pkce(world: &mut World, phrase: String, method: String) {
    code_for(world, &phrase, Some(&method)).await;
}

async fn code_for(world: &mut World, phrase: &str, pkce_method: Option<&str>) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    world.obtain_code(client, pkce_method).await;
}

#[given(regex = r"^the client has exchanged the code for tokens$")]
async fn has_exchanged(world: &mut World) {
    if world.halted() {
        return;
    }
    world.exchange_code_for_tokens().await;
}

#[given(regex = r"^(.+) holds an? (access|refresh) token$")]
async fn holds_token(world: &mut World, phrase: String, kind: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    world.obtain_code(client, None).await;
    if world.halted() {
        return;
    }
    let Some(tokens) = world.exchange_code_for_tokens().await else {
        return;
    };
    if kind == "refresh" && tokens.refresh_token.is_none() {
        world.skip("the server issued no refresh token to this client");
    }
}

#[given(regex = r"^a token request for (.+) with a made-up authorization code$")]
fn made_up_code_request(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    let mut params = vec![
        ("grant_type".to_string(), "authorization_code".to_string()),
        ("code".to_string(), random_token(24)),
    ];
    if let Some(uri) = client.redirect_uris.first() {
        params.push(("redirect_uri".into(), uri.clone()));
    }
    world.token_request = Some(TokenRequest {
        client,
        params,
        auth: ClientAuth::Preferred,
    });
}

#[given(regex = r#"^a token request for (.+) with grant_type "([^"]+)"$"#)]
fn grant_type_request(world: &mut World, phrase: String, grant: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    world.token_request = Some(TokenRequest {
        client,
        params: vec![("grant_type".to_string(), grant)],
        auth: ClientAuth::Preferred,
    });
}

fn modify(world: &mut World, f: impl FnOnce(&mut TokenRequest)) {
    if world.halted() {
        return;
    }
    match world.token_request.as_mut() {
        Some(r) => f(r),
        None => world.missing("a token request"),
    }
}

#[given(regex = r#"^the token request asks for scope "([^"]*)"$"#)]
fn token_scope(world: &mut World, scope: String) {
    modify(world, |r| {
        r.params.retain(|(k, _)| k != "scope");
        r.params.push(("scope".into(), scope));
    });
}

#[given(regex = r#"^the token request repeats the "([^"]+)" parameter$"#)]
fn token_repeats(world: &mut World, name: String) {
    modify(world, |r| {
        if let Some(v) = r
            .params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
        {
            r.params.push((name, v));
        }
    });
}

#[given(
    regex = r"^the client authenticates with (HTTP Basic|HTTP Basic and a wrong secret|client_secret_post|both HTTP Basic and client_secret_post)$"
)]
fn authenticates_with(world: &mut World, how: String) {
    let auth = match how.as_str() {
        "HTTP Basic" => ClientAuth::Basic,
        "HTTP Basic and a wrong secret" => ClientAuth::BasicWrongSecret,
        "client_secret_post" => ClientAuth::Post,
        _ => ClientAuth::BasicAndPost,
    };
    modify(world, |r| r.auth = auth);
}

#[given(regex = r"^the client sends only its client_id$")]
fn client_id_only(world: &mut World) {
    modify(world, |r| r.auth = ClientAuth::ClientIdOnly);
}

#[when(regex = r"^the token request is sent$")]
async fn send(world: &mut World) {
    if world.halted() {
        return;
    }
    world.send_token_request().await;
}

/// Builds the code exchange with `change` applied, then sends it.
async fn exchange_with(
    world: &mut World,
    change: impl FnOnce(&mut World, &mut TokenRequest) -> bool,
) {
    if world.halted() {
        return;
    }
    let Some(mut request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    if !change(world, &mut request) {
        return;
    }
    world.token_request = Some(request);
    world.send_token_request().await;
}

fn set(request: &mut TokenRequest, name: &str, value: Option<String>) {
    request.params.retain(|(k, _)| k != name);
    if let Some(v) = value {
        request.params.push((name.to_string(), v));
    }
}

#[when(regex = r"^the client exchanges the code(?: again)?$")]
async fn exchange(world: &mut World) {
    exchange_with(world, |_, _| true).await;
}

#[when(regex = r"^the client exchanges the code without sending it$")]
async fn exchange_without_code(world: &mut World) {
    exchange_with(world, |_, r| {
        set(r, "code", None);
        true
    })
    .await;
}

#[when(regex = r"^the client exchanges the code without redirect_uri$")]
async fn exchange_without_redirect_uri(world: &mut World) {
    exchange_with(world, |_, r| {
        set(r, "redirect_uri", None);
        true
    })
    .await;
}

#[when(regex = r"^the client exchanges the code with another registered redirect_uri$")]
async fn exchange_other_redirect_uri(world: &mut World) {
    exchange_with(world, |w, r| {
        let sent = r
            .params
            .iter()
            .find(|(k, _)| k == "redirect_uri")
            .map(|(_, v)| v.clone());
        match r
            .client
            .redirect_uris
            .iter()
            .find(|u| Some(*u) != sent.as_ref())
            .cloned()
        {
            Some(other) => {
                set(r, "redirect_uri", Some(other));
                true
            }
            None => {
                w.skip("the client has only one registered redirect URI");
                false
            }
        }
    })
    .await;
}

#[when(regex = r"^the client exchanges the code with a wrong code_verifier$")]
async fn exchange_wrong_verifier(world: &mut World) {
    exchange_with(world, |_, r| {
        set(r, "code_verifier", Some(pkce::new_verifier()));
        true
    })
    .await;
}

#[when(regex = r"^the client exchanges the code without a code_verifier$")]
async fn exchange_without_verifier(world: &mut World) {
    exchange_with(world, |_, r| {
        set(r, "code_verifier", None);
        true
    })
    .await;
}

#[when(regex = r"^the second confidential client exchanges the code$")]
async fn other_client_exchanges(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(other) = client_for(world, "the second confidential client") else {
        return;
    };
    exchange_with(world, |_, r| {
        r.client = other;
        true
    })
    .await;
}

#[when(regex = r"^the second confidential client uses the refresh token$")]
async fn other_client_refreshes(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(other) = client_for(world, "the second confidential client") else {
        return;
    };
    let Some(refresh) = world.tokens.refresh_token.clone() else {
        return world.missing("a refresh token");
    };
    world.token_request = Some(TokenRequest {
        client: other,
        params: vec![
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh),
        ],
        auth: ClientAuth::Preferred,
    });
    world.send_token_request().await;
}

/// The last token endpoint response, or `None` (and a note of what is missing) when the
/// scenario has halted or sent none.
pub(super) fn last_token_response(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    match world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    {
        Some(x) => Some(x),
        None => {
            world.missing("a token endpoint response");
            None
        }
    }
}

#[then(regex = r"^the token endpoint issues an access token$")]
fn issues_token(world: &mut World) {
    if let Some((i, r)) = last_token_response(world) {
        world.record(Some("6749-5.1-a"), check::token_issued(&r), &[i]);
    }
}

#[then(regex = r#"^the token endpoint refuses with error "([^"]+)"$"#)]
fn refuses_with(world: &mut World, code: String) {
    if let Some((i, r)) = last_token_response(world) {
        world.record(None, check::token_error(&r, Some(&code)), &[i]);
    }
}

#[then(regex = r"^the token endpoint refuses the request$")]
fn refuses(world: &mut World) {
    if let Some((i, r)) = last_token_response(world) {
        world.record(None, check::refused(&r), &[i]);
    }
}

#[then(regex = r"^the client is authenticated$")]
fn authenticated(world: &mut World) {
    if let Some((i, r)) = last_token_response(world) {
        world.record(None, check::client_authenticated(&r), &[i]);
    }
}

#[then(regex = r#"^the response is 401 with a WWW-Authenticate challenge for "([^"]+)"$"#)]
fn challenge(world: &mut World, scheme: String) {
    if let Some((i, r)) = last_token_response(world) {
        world.record(Some("6749-5.2-f"), check::auth_challenge(&r, &scheme), &[i]);
    }
}

#[then(
    regex = r"^the token response (has a token_type|has expires_in|forbids caching|has no refresh_token)$"
)]
fn token_response_has(world: &mut World, what: String) {
    let Some((i, r)) = last_token_response(world) else {
        return;
    };
    if !check::token_issued(&r).is_met() {
        // The previous step already failed on this response.
        return world.missing("a successful token response");
    }
    let (hint, verdict) = match what.as_str() {
        "has a token_type" => ("6749-5.1-b", check::has_token_type(&r)),
        "has expires_in" => ("6749-5.1-c", check::has_expires_in(&r)),
        "forbids caching" => ("6749-5.1-e", check::forbids_caching(&r)),
        _ => ("6749-4.4.3-a", check::no_refresh_token(&r)),
    };
    world.record(Some(hint), verdict, &[i]);
}

/// RFC 6749 §4.1.2 / §10.5: after a replayed code, the tokens issued from it should stop
/// working. Observed through introspection (RFC 7662) when offered, else the protected
/// resource, else the refresh token.
#[then(regex = r"^the tokens from the first exchange are revoked$")]
async fn first_tokens_revoked(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let tokens = world.tokens.clone();
    let Some(client) = world.auth.as_ref().map(|a| a.client.clone()) else {
        return world.missing("an authorization request");
    };
    if let (Some(endpoint), Some(access)) = (
        ctx.target.introspection_endpoint.clone(),
        tokens.access_token.clone(),
    ) {
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
        let Some(r) = world.response(i).cloned() else {
            return;
        };
        let active = r
            .json()
            .ok()
            .and_then(|j| j.get("active").and_then(|a| a.as_bool()));
        let verdict = match (r.status, active) {
            (200, Some(false)) => {
                Verdict::Met("the first access token introspects as inactive".into())
            }
            (200, Some(true)) => Verdict::violated(
                "the access token from the first exchange is still active",
                "introspection: {\"active\": false}",
                "{\"active\": true}",
            ),
            _ => {
                return world.precondition_failed(
                    format!(
                        "introspection did not answer with an `active` member (HTTP {})",
                        r.status
                    ),
                    &[i],
                )
            }
        };
        return world.record(None, verdict, &[i]);
    }
    if let (Some(resource), Some(access)) = (
        ctx.target.resource_for_ordinary_tokens(),
        tokens.access_token.clone(),
    ) {
        let Some(i) = world.send(RawRequest::get(resource).bearer(&access)).await else {
            return;
        };
        let Some(r) = world.response(i).cloned() else {
            return;
        };
        let verdict = if r.status == 401 {
            Verdict::Met("the protected resource refuses the first access token".into())
        } else {
            Verdict::violated(
                "the access token from the first exchange still works",
                "HTTP 401 from the protected resource",
                format!("HTTP {}", r.status),
            )
        };
        return world.record(None, verdict, &[i]);
    }
    if let Some(refresh) = tokens.refresh_token {
        world.token_request = Some(TokenRequest {
            client,
            params: vec![
                ("grant_type".into(), "refresh_token".into()),
                ("refresh_token".into(), refresh),
            ],
            auth: ClientAuth::Preferred,
        });
        let Some(i) = world.send_token_request().await else {
            return;
        };
        let Some(r) = world.response(i).cloned() else {
            return;
        };
        let verdict = match check::token_error(&r, Some("invalid_grant")) {
            Verdict::Met(_) => Verdict::Met("the first refresh token is refused".into()),
            Verdict::Violated { observed, .. } => Verdict::violated(
                "the refresh token from the first exchange still works",
                "invalid_grant",
                observed,
            ),
        };
        return world.record(None, verdict, &[i]);
    }
    world.skip("no way to observe revocation: no introspection endpoint, no protected resource and no refresh token");
}
