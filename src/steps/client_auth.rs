//! Steps about how (and whether) the client authenticates at the token endpoint (RFC 6749
//! §2.3.1, §3.2.1, §4.1.3, §4.4): requests that a conforming server must refuse.

use cucumber::{given, then, when};

use super::client_for;
use crate::checks::client_auth as check;
use crate::world::{ClientAuth, TokenRequest, World};

fn set_auth(world: &mut World, auth: ClientAuth) {
    if world.halted() {
        return;
    }
    match world.token_request.as_mut() {
        Some(r) => r.auth = auth,
        None => world.missing("a token request"),
    }
}

#[given(regex = r"^the client sends its credentials in the request URI$")]
fn credentials_in_uri(world: &mut World) {
    set_auth(world, ClientAuth::InQuery);
}

/// Builds the code exchange, lets `change` adjust it, and sends it.
async fn exchange_as(world: &mut World, change: impl FnOnce(&mut TokenRequest)) {
    if world.halted() {
        return;
    }
    let Some(mut request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    change(&mut request);
    world.token_request = Some(request);
    world.send_token_request().await;
}

#[when(
    regex = r"^the client exchanges the code (with its client_id alone|with a wrong client_secret in the body|without client_id)$"
)]
async fn exchange_without_proper_auth(world: &mut World, how: String) {
    let auth = match how.as_str() {
        "with its client_id alone" => ClientAuth::ClientIdOnly,
        "with a wrong client_secret in the body" => ClientAuth::PostWrongSecret,
        _ => ClientAuth::Anonymous,
    };
    exchange_as(world, |r| r.auth = auth).await;
}

#[when(regex = r"^the second public client exchanges the code$")]
async fn second_public_client_exchanges(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(other) = client_for(world, "the second public client") else {
        return;
    };
    exchange_as(world, |r| {
        r.client = other;
        r.auth = ClientAuth::ClientIdOnly;
    })
    .await;
}

/// 6749-5.2-d: §5.2 names `invalid_request` for a request that "utilizes more than one
/// mechanism for authenticating the client"; a 401 `invalid_client` is a refusal too. A server
/// that accepts both is warned about: RFC 6749 §2.3's "MUST NOT" binds the client.
#[then(regex = r"^the token endpoint refuses the request for its two authentication methods$")]
fn refuses_two_methods(world: &mut World) {
    let Some((i, r)) = super::token::last_token_response(world) else {
        return;
    };
    match check::two_methods(&r) {
        check::TwoMethods::Accepted(v) => world.record_as_warning(
            Some("6749-5.2-d"),
            v,
            &[i],
            "RFC 6749 §2.3's MUST NOT binds the client, so a warning",
        ),
        check::TwoMethods::Refused(v) | check::TwoMethods::Misanswered(v) => {
            world.record(Some("6749-5.2-d"), v, &[i])
        }
    }
}

#[then(regex = r#"^the token endpoint refuses with error "([^"]+)" or "([^"]+)"$"#)]
fn refuses_with_either(world: &mut World, first: String, second: String) {
    refuses_with_any(world, &[first.as_str(), second.as_str()]);
}

#[then(regex = r#"^the token endpoint refuses with error "([^"]+)", "([^"]+)" or "([^"]+)"$"#)]
fn refuses_with_three(world: &mut World, a: String, b: String, c: String) {
    refuses_with_any(world, &[a.as_str(), b.as_str(), c.as_str()]);
}

fn refuses_with_any(world: &mut World, allowed: &[&str]) {
    let Some((i, r)) = super::token::last_token_response(world) else {
        return;
    };
    world.record(None, check::refused_with_one_of(&r, allowed), &[i]);
}

/// RFC 6749 §4.3.2: the resource owner's credentials, from the target config's `[user]`.
#[given(
    regex = r"^the token request carries the resource owner's username and (a wrong|the right) password$"
)]
fn resource_owner_credentials(world: &mut World, which: String) {
    if world.halted() {
        return;
    }
    let wrong = which == "a wrong";
    let Some(user) = world.target().and_then(|t| t.user.clone()) else {
        return world.skip("the target config has no [user] (user.username, user.password)");
    };
    let password = if wrong {
        format!("{}-oauth2spec-wrong", user.password)
    } else {
        user.password.clone()
    };
    world.add_secret(&password);
    match world.token_request.as_mut() {
        Some(r) => {
            r.params.retain(|(k, _)| k != "username" && k != "password");
            r.params.push(("username".into(), user.username.clone()));
            r.params.push(("password".into(), password));
        }
        None => world.missing("a token request"),
    }
}
