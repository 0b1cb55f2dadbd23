//! Steps about guessing and forging codes and tokens (RFC 6749 §10.3, §10.10; RFC 6750
//! §5.2): samples for an entropy estimate, and altered copies of a token.

use cucumber::{given, then, when};

use super::{client_for, held_token, token_owner};
use crate::checks::{entropy, forgery};
use crate::client::RawRequest;
use crate::config::ClientType;
use crate::world::{ClientAuth, TokenRequest, World};

/// The fewest values an estimate is made from.
const MIN_SAMPLES: usize = 20;

#[given(regex = r"^the server has issued (\d+) authorization codes to (.+)$")]
async fn sample_codes(world: &mut World, count: usize, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    let count = count.max(MIN_SAMPLES);
    let mut codes = Vec::with_capacity(count);
    for _ in 0..count {
        world.obtain_code(client.clone(), None).await;
        if world.halted() {
            return;
        }
        codes.extend(world.code.clone());
    }
    world.samples = codes;
}

#[given(regex = r"^the server has issued (\d+) access tokens$")]
async fn sample_access_tokens(world: &mut World, count: usize) {
    if world.halted() {
        return;
    }
    let count = count.max(MIN_SAMPLES);
    let Some(target) = world.target().cloned() else {
        return;
    };
    // client_credentials is one request a token; otherwise each token costs a code flow.
    let cc = "client_credentials";
    let cc_client = target.offers_grant(cc).then_some(()).and_then(|_| {
        target
            .clients
            .iter()
            .find(|c| {
                c.client_type == ClientType::Confidential
                    && (c.grant_types.iter().any(|g| g == cc) || c.grant_types.is_empty())
            })
            .cloned()
    });
    let mut tokens = Vec::with_capacity(count);
    for _ in 0..count {
        if let Some(client) = &cc_client {
            world.token_request = Some(TokenRequest {
                client: client.clone(),
                params: vec![("grant_type".into(), "client_credentials".into())],
                auth: ClientAuth::Preferred,
            });
            let Some(i) = world.send_token_request().await else {
                return;
            };
            let token = world
                .response(i)
                .filter(|r| r.status == 200)
                .and_then(|r| r.json().ok())
                .and_then(|j| {
                    j.get("access_token")
                        .and_then(|t| t.as_str())
                        .map(str::to_string)
                });
            match token {
                Some(t) => tokens.push(t),
                None => {
                    return world.precondition_failed(
                        "a client_credentials request issued no access token",
                        &[i],
                    );
                }
            }
        } else {
            let Some(client) = client_for(world, "the confidential client") else {
                return;
            };
            world.obtain_code(client, None).await;
            if world.halted() {
                return;
            }
            let Some(t) = world.exchange_code_for_tokens().await else {
                return;
            };
            tokens.extend(t.access_token);
        }
    }
    match entropy::reissued_tokens(&tokens, MIN_SAMPLES) {
        Ok(distinct) => world.samples = distinct,
        Err(reason) => world.skip(reason),
    }
}

#[then(
    regex = r"^the (authorization codes|access tokens) look like they carry at least (\d+) bits of entropy$"
)]
fn entropy_at_least(world: &mut World, what: String, bits: u32) {
    if world.halted() {
        return;
    }
    if world.samples.len() < MIN_SAMPLES {
        return world.missing(&format!("a sample of at least {MIN_SAMPLES} values"));
    }
    let hint = match (what.as_str(), bits) {
        ("authorization codes", 160..) => "6749-10.10-b",
        ("authorization codes", _) => "6749-10.10-a",
        _ => "6750-5.2-c",
    };
    let verdict = entropy::hard_to_guess(&world.samples, f64::from(bits), &what);
    let last = world.exchanges.len().saturating_sub(1);
    world.record_estimate(Some(hint), verdict, &[last]);
}

#[when(regex = r"^someone presents an altered copy of the access token$")]
async fn present_altered(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(token) = held_token(world, "access") else {
        return;
    };
    let altered = forgery::altered(&token);
    world.add_secret(&altered);
    let Some(target) = world.target().cloned() else {
        return;
    };
    if let Some(endpoint) = target.introspection_endpoint.clone() {
        let Some(client) = token_owner(world) else {
            return;
        };
        let params = vec![("token".to_string(), altered)];
        if let Some(i) = world
            .send_as_client(&endpoint, client, params, ClientAuth::Preferred)
            .await
        {
            world.last_resource = Some(i);
        }
    } else if let Some(resource) = target.resource_for_ordinary_tokens() {
        if let Some(i) = world.send(RawRequest::get(resource).bearer(&altered)).await {
            world.last_resource = Some(i);
        }
    } else {
        world.skip("no way to present a token: no introspection endpoint and no protected resource (endpoints.introspection / endpoints.resource)");
    }
}

#[then(regex = r"^the altered access token is rejected$")]
fn altered_rejected(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(i) = world.last_resource else {
        return world.missing("a response to the altered token");
    };
    let Some(r) = world.response(i).cloned() else {
        return world.missing("a response to the altered token");
    };
    let introspected = world
        .target()
        .and_then(|t| t.introspection_endpoint.clone())
        .is_some_and(|e| world.exchanges[i].request.url.starts_with(&e));
    let verdict = if introspected {
        forgery::introspection_rejects(&r)
    } else {
        forgery::resource_rejects(&r)
    };
    world.record(Some("6749-10.3-a"), verdict, &[i]);
}
