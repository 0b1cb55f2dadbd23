//! Steps at the protected resource (RFC 6750).

use cucumber::{given, then, when};

use crate::checks::bearer as check;
use crate::client::RawRequest;
use crate::protocol::random_token;
use crate::world::World;

#[when(
    regex = r"^the client calls the protected resource (with the token in the Authorization header|without a token|with an invalid token|with the token in the form body|with the token in both the Authorization header and the form body)$"
)]
async fn call_resource(world: &mut World, how: String) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let request = RawRequest::get(resource.clone()).header("Accept", "application/json");
    let request = match how.as_str() {
        "with the token in the Authorization header" => match world.tokens.access_token.clone() {
            Some(t) => request.bearer(&t),
            None => return world.missing("an access token"),
        },
        "with an invalid token" => {
            request.bearer(&format!("oauth2spec-invalid-{}", random_token(16)))
        }
        // RFC 6750 §2.2: a form-encoded POST body with access_token.
        "with the token in the form body" => match world.tokens.access_token.clone() {
            Some(t) => RawRequest::post(resource)
                .header("Accept", "application/json")
                .form(&[("access_token", t.as_str())]),
            None => return world.missing("an access token"),
        },
        "with the token in both the Authorization header and the form body" => {
            match world.tokens.access_token.clone() {
                Some(t) => RawRequest::post(resource)
                    .header("Accept", "application/json")
                    .bearer(&t)
                    .form(&[("access_token", t.as_str())]),
                None => return world.missing("an access token"),
            }
        }
        _ => request,
    };
    if let Some(i) = world.send(request).await {
        world.last_resource = Some(i);
    }
}

/// The last resource response, if it has a Bearer challenge whose content can be checked; its
/// absence is 6750-3-a's business, so the scenario is skipped then.
fn last_challenge(world: &mut World) -> Option<(usize, crate::client::Response)> {
    let (i, r) = last(world)?;
    if !check::has_bearer_challenge(&r) {
        world.skip(format!(
            "the response (HTTP {}) has no Bearer challenge to check (its absence is checked by 6750-3-a)",
            r.status
        ));
        return None;
    }
    Some((i, r))
}

fn last(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    match world
        .last_resource
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    {
        Some(x) => Some(x),
        None => {
            world.missing("a protected resource response");
            None
        }
    }
}

#[then(regex = r"^the protected resource answers with success$")]
fn success(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::resource_ok(&r), &[i]);
    }
}

#[then(regex = r"^the protected resource answers 401 with a Bearer challenge$")]
fn challenge(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::unauthorized_with_challenge(&r), &[i]);
    }
}

/// 6750-3-a for a token that does not enable access: an accepted token leaves nothing to
/// challenge (that it should have been refused is 6750-3.1-c's business).
#[then(regex = r"^the refusal carries a Bearer challenge$")]
fn refusal_challenge(world: &mut World) {
    let Some((i, r)) = last(world) else { return };
    if (200..300).contains(&r.status) {
        return world.skip(format!(
            "the protected resource accepted the token (HTTP {}), so there is no refusal to check (6750-3.1-c judges that)",
            r.status
        ));
    }
    world.record(
        Some("6750-3-a"),
        check::refusal_has_bearer_challenge(&r),
        &[i],
    );
}

#[then(regex = r#"^the protected resource answers 401 with error "([^"]+)"$"#)]
fn with_error(world: &mut World, code: String) {
    if let Some((i, r)) = last(world) {
        world.record(None, check::unauthorized_with_error(&r, &code), &[i]);
    }
}

#[given(regex = r"^the protected resource accepts tokens in the form body$")]
fn accepts_body(world: &mut World) {
    if world.halted() {
        return;
    }
    if !world.target().is_some_and(|t| t.resource_accepts("body")) {
        world.skip("the target config does not say the protected resource accepts tokens in the form body (resource.token_methods)");
    }
}

/// A token for the scope `[resource] insufficient_scope` names: one the resource refuses.
#[given(
    regex = r"^the confidential client holds an access token for a scope the protected resource does not accept$"
)]
async fn holds_insufficient_token(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(scope) = world
        .target()
        .and_then(|t| t.resource_settings.insufficient_scope.clone())
    else {
        return world.skip("the target config names no scope the protected resource refuses (resource.insufficient_scope)");
    };
    let Some(client) = super::client_for(world, "the confidential client") else {
        return;
    };
    world.new_auth_request(client);
    if let Some(auth) = world.auth.as_mut() {
        auth.set("scope", &scope);
    }
    world
        .run_front_channel(crate::login::Decision::Approve)
        .await;
    if world.halted() {
        return;
    }
    if world.code.is_none() {
        let ev = world.front_evidence();
        return world.precondition_failed(
            format!("could not obtain an authorization code for scope {scope:?}"),
            &ev,
        );
    }
    world.exchange_code_for_tokens().await;
}

#[then(regex = r"^the Bearer challenge carries an auth-param$")]
fn carries_auth_param(world: &mut World) {
    if let Some((i, r)) = last_challenge(world) {
        world.record(
            Some("6750-3-b"),
            check::bearer_challenge_has_auth_param(&r),
            &[i],
        );
    }
}

#[then(regex = r"^no attribute of the Bearer challenge is repeated$")]
fn not_repeated(world: &mut World) {
    if let Some((i, r)) = last_challenge(world) {
        world.record(Some("6750-3-c"), check::no_repeated_attributes(&r), &[i]);
    }
}

#[then(regex = r"^the Bearer challenge attributes use only the allowed characters$")]
fn allowed_characters(world: &mut World) {
    if let Some((i, r)) = last_challenge(world) {
        world.record(Some("6750-3-e"), check::attribute_values_allowed(&r), &[i]);
    }
}

#[then(regex = r"^the Bearer challenge says why the token failed$")]
fn says_why(world: &mut World) {
    let Some((i, r)) = last(world) else { return };
    if (200..300).contains(&r.status) {
        // The token did not fail, so §3 asks nothing of the challenge (that an expired token
        // was accepted is RFC 6750 §5.2's business).
        return world.skip(format!(
            "the protected resource accepted the token (HTTP {}), so there is no failure to explain",
            r.status
        ));
    }
    world.record(
        Some("6750-3-d"),
        check::failed_token_challenge_has_error(&r),
        &[i],
    );
}

#[then(regex = r"^the Bearer challenge carries no error information$")]
fn no_error_information(world: &mut World) {
    if let Some((i, r)) = last_challenge(world) {
        world.record(
            Some("6750-3.1-d"),
            check::no_error_without_authentication(&r),
            &[i],
        );
    }
}

#[then(regex = r#"^the protected resource answers 403 with error "insufficient_scope"$"#)]
fn answers_insufficient_scope(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(
            Some("6750-3.1-c"),
            check::forbidden_insufficient_scope(&r),
            &[i],
        );
    }
}

#[then(regex = r#"^the protected resource answers 400 with error "invalid_request"$"#)]
fn answers_invalid_request(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(
            Some("6750-3.1-a"),
            check::bad_request_invalid_request(&r),
            &[i],
        );
    }
}

/// The token with one character near its middle changed (a letter's case flipped, else a
/// digit moved on): the middle of a JWT is its payload, and the last base64url character may
/// carry padding bits that change nothing, so it is never the one changed.
pub(crate) fn alter_middle(token: &str) -> Option<String> {
    let bytes = token.as_bytes();
    let n = bytes.len();
    if n < 3 {
        return None;
    }
    let mid = n / 2;
    let pick = (0..n - 1)
        .flat_map(|d| [mid.checked_sub(d), mid.checked_add(d)])
        .flatten()
        .filter(|&i| i < n - 1)
        .find(|&i| bytes[i].is_ascii_alphabetic())
        .or_else(|| (0..n - 1).find(|&i| bytes[i].is_ascii_digit()))?;
    let mut out = bytes.to_vec();
    out[pick] = match bytes[pick] {
        b if b.is_ascii_lowercase() => b.to_ascii_uppercase(),
        b if b.is_ascii_uppercase() => b.to_ascii_lowercase(),
        b => b'0' + (b - b'0' + 1) % 10,
    };
    String::from_utf8(out).ok()
}

#[when(
    regex = r"^the client calls the protected resource with the access token altered in the middle$"
)]
async fn call_with_altered(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let Some(token) = world.tokens.access_token.clone() else {
        return world.missing("an access token");
    };
    let Some(altered) = alter_middle(&token) else {
        return world.skip("the access token is too short to alter a middle character");
    };
    world.add_secret(&altered);
    let request = RawRequest::get(resource)
        .header("Accept", "application/json")
        .bearer(&altered);
    if let Some(i) = world.send(request).await {
        world.last_resource = Some(i);
    }
}

#[then(regex = r"^the protected resource refuses the altered token$")]
fn refuses_altered(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6750-5.2-d"), check::altered_token_refused(&r), &[i]);
    }
}

#[then(
    regex = r"^no cookie set during the flow carries the access token without the Secure attribute$"
)]
fn token_cookies(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(token) = world.tokens.access_token.clone() else {
        return world.missing("an access token");
    };
    let mut seen = Vec::new();
    let mut evidence = Vec::new();
    for i in 0..world.exchanges.len() {
        if let Some(r) = world.response(i) {
            let cookies = r.header_all("set-cookie");
            if cookies.iter().any(|c| c.contains(token.as_str())) {
                evidence.push(i);
            }
            seen.extend(cookies.into_iter().map(str::to_string));
        }
    }
    if evidence.is_empty() {
        evidence = world.last_token.into_iter().collect();
    }
    world.record(
        Some("6750-5.3-c"),
        check::token_cookies_secure(&seen, &token),
        &evidence,
    );
}

#[cfg(test)]
mod tests {
    use super::alter_middle;

    #[test]
    fn one_middle_character_changes() {
        let t = "abcdefghij0123456789XYZ";
        let a = alter_middle(t).unwrap();
        assert_eq!(a.len(), t.len());
        assert_ne!(a, t);
        assert_eq!(a.chars().zip(t.chars()).filter(|(x, y)| x != y).count(), 1);
        assert_eq!(a.chars().last(), t.chars().last());
        assert_eq!(alter_middle("0000009").as_deref(), Some("1000009"));
        assert_eq!(alter_middle("ab"), None);
        assert_eq!(alter_middle("--------"), None);
    }
}

/// An access token from an authorization request that names no scope (RFC 6749 §3.3: the
/// server picks its default).
#[given(
    regex = r"^the confidential client holds an access token obtained without a scope parameter$"
)]
async fn holds_token_without_scope(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(client) = super::client_for(world, "the confidential client") else {
        return;
    };
    world.new_auth_request(client);
    if let Some(auth) = world.auth.as_mut() {
        auth.remove("scope");
    }
    world
        .run_front_channel(crate::login::Decision::Approve)
        .await;
    if world.halted() {
        return;
    }
    if world.code.is_none() {
        // RFC 6749 §3.3 lets the server refuse a request without scope instead of defaulting.
        return world.skip(
            "the server gave no code for an authorization request without scope (RFC 6749 §3.3 allows refusing it)",
        );
    }
    world.exchange_code_for_tokens().await;
}

#[then(regex = r"^the access token is restricted to specific scopes$")]
fn restricted_scopes(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(i) = world.last_token else {
        return world.missing("a token endpoint response");
    };
    let granted = world
        .response(i)
        .and_then(|r| r.json().ok())
        .and_then(|j| j.get("scope").and_then(|s| s.as_str()).map(str::to_string));
    let Some(granted) = granted else {
        return world.skip("the token response does not say which scope was granted");
    };
    let offered = world.target().map(|t| t.scopes.clone()).unwrap_or_default();
    match check::scope_restricted(&granted, &offered) {
        Some(verdict) => world.record(Some("6750-5.2-f"), verdict, &[i]),
        None => world.skip("the server offers fewer than two scopes (scopes_supported / offers.scopes), so no narrower scope exists"),
    }
}
