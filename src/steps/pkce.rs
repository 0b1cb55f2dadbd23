//! Steps about PKCE (RFC 7636): malformed verifiers and challenges, the default method, the
//! binding of a challenge to its code, and what errors and codes reveal.

use cucumber::{given, then, when};

use super::client_for;
use crate::checks::pkce::{self as check, Explains};
use crate::protocol::pkce;
use crate::world::{TokenRequest, World};

/// A verifier of the kind a step names, all other properties ordinary (RFC 7636 §4.1).
fn malformed_verifier(kind: &str) -> String {
    let good = pkce::new_verifier(); // 43 characters of the allowed set
    match kind {
        "too short" => good[..42].to_string(),
        "too long" => format!("{good}{good}{good}")[..129].to_string(),
        // '+' is outside [A-Za-z0-9-._~].
        _ => format!("{}+", &good[..42]),
    }
}

/// Runs an approved flow for `phrase` with the authorization request changed by `change`.
async fn code_with(
    world: &mut World,
    phrase: &str,
    change: impl FnOnce(&mut crate::world::AuthRequest),
) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase) else {
        return;
    };
    world.new_auth_request(client);
    let Some(mut auth) = world.auth.take() else {
        return world.missing("an authorization request");
    };
    change(&mut auth);
    if let Some(v) = &auth.verifier {
        world.add_secret(v);
    }
    world.auth = Some(auth);
    world.complete_code_flow().await;
}

#[given(
    regex = r"^(.+) has an authorization code for a code_verifier (that is too short|that is too long|with a character outside the allowed set)$"
)]
async fn code_for_malformed_verifier(world: &mut World, phrase: String, kind: String) {
    let verifier = malformed_verifier(kind.trim_start_matches("that is "));
    // Only an S256 challenge carries a malformed verifier past the authorization endpoint (a
    // plain challenge is the verifier itself, and is refused there).
    if world.halted() {
        return;
    }
    if !world.target().is_some_and(|t| t.offers_pkce_method("S256")) {
        return world.skip(
            "the target does not offer the S256 code_challenge_method, which this check needs",
        );
    }
    let method = "S256";
    code_with(world, &phrase, |a| {
        a.set("code_challenge", &pkce::challenge(&verifier, method));
        a.set("code_challenge_method", method);
        a.verifier = Some(verifier);
    })
    .await;
}

#[given(
    regex = r"^(.+) has an authorization code for a code_challenge sent without code_challenge_method$"
)]
async fn code_without_method(world: &mut World, phrase: String) {
    let verifier = pkce::new_verifier();
    code_with(world, &phrase, |a| {
        a.set("code_challenge", &verifier);
        a.remove("code_challenge_method");
        a.verifier = Some(verifier);
    })
    .await;
}

#[given(regex = r#"^(.+) has two authorization codes with PKCE method "([^"]+)"$"#)]
async fn two_codes(world: &mut World, phrase: String, method: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    world.obtain_code(client.clone(), Some(&method)).await;
    let first = (world.code.clone(), world.auth.clone());
    world.obtain_code(client, Some(&method)).await;
    if world.halted() {
        return;
    }
    // Keep the first code, and the verifier of the second.
    world.other_verifier = world.auth.as_ref().and_then(|a| a.verifier.clone());
    world.code = first.0;
    world.auth = first.1;
}

#[given(
    regex = r"^the request has a code_challenge (that is too short|with a character outside the allowed set)$"
)]
fn malformed_challenge(world: &mut World, kind: String) {
    if world.halted() {
        return;
    }
    let challenge = pkce::challenge(&pkce::new_verifier(), "S256");
    let challenge = match kind.as_str() {
        "that is too short" => challenge[..42].to_string(),
        _ => format!("{}+", &challenge[..42]),
    };
    match world.auth.as_mut() {
        Some(a) => {
            a.set("code_challenge", &challenge);
            a.set("code_challenge_method", "S256");
            a.verifier = None;
        }
        None => world.missing("an authorization request"),
    }
}

/// Sends the code exchange with `verifier` as code_verifier.
async fn exchange_with_verifier(world: &mut World, verifier: Option<String>) {
    if world.halted() {
        return;
    }
    let Some(verifier) = verifier else {
        return world.missing("a code_verifier to send");
    };
    let Some(mut request): Option<TokenRequest> = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    request.params.retain(|(k, _)| k != "code_verifier");
    request.params.push(("code_verifier".into(), verifier));
    world.token_request = Some(request);
    world.send_token_request().await;
}

#[when(regex = r"^the client exchanges the code with the code_challenge as code_verifier$")]
async fn exchange_with_challenge(world: &mut World) {
    let challenge = world
        .auth
        .as_ref()
        .and_then(|a| a.get("code_challenge").map(str::to_string));
    exchange_with_verifier(world, challenge).await;
}

#[when(regex = r"^the client exchanges the first code with the code_verifier of the second$")]
async fn exchange_with_other_verifier(world: &mut World) {
    let other = world.other_verifier.clone();
    exchange_with_verifier(world, other).await;
}

#[then(
    regex = r"^the error explains that (a code challenge is required|the challenge method is not supported)$"
)]
fn error_explains(world: &mut World, what: String) {
    if world.halted() {
        return;
    }
    let about = if what.starts_with("a code challenge") {
        Explains::ChallengeRequired
    } else {
        Explains::UnsupportedMethod
    };
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let verdict = check::error_explains(&front.outcome, about);
    world.record(None, verdict, &ev);
}

#[then(regex = r"^the authorization code does not reveal the code challenge$")]
fn code_conceals(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let (Some(code), Some(auth)) = (world.code.clone(), world.auth.as_ref()) else {
        return world.missing("an authorization code");
    };
    let Some(challenge) = auth.get("code_challenge").map(str::to_string) else {
        return world.missing("a code_challenge");
    };
    let what = if auth.get("code_challenge_method") == Some("plain") {
        "plain code challenge (the verifier itself)"
    } else {
        "code challenge"
    };
    let verdict = check::code_conceals(&code, &challenge, what);
    world.record(None, verdict, &ev);
}
