//! Steps at the authorization endpoint (RFC 6749 §3.1, §4.1.1, §4.1.2; RFC 7636 §4.3).

use cucumber::{given, then, when};

use super::client_for;
use crate::checks::{authorization as check, Verdict};
use crate::login::{Decision, FrontChannelOutcome};
use crate::protocol::redirect::AuthorizationRedirect;
use crate::world::World;

#[given(regex = r"^an authorization request for (.+)$")]
fn authorization_request(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    if let Some(client) = client_for(world, &phrase) {
        world.new_auth_request(client);
    }
}

/// Applies `f` to the authorization request under construction.
pub(super) fn modify(
    world: &mut World,
    f: impl FnOnce(&mut World, &mut crate::world::AuthRequest),
) {
    if world.halted() {
        return;
    }
    match world.auth.take() {
        Some(mut auth) => {
            f(world, &mut auth);
            world.auth = Some(auth);
        }
        None => world.missing("an authorization request"),
    }
}

#[given(regex = r#"^the request asks for scope "([^"]*)"$"#)]
fn with_scope(world: &mut World, scope: String) {
    modify(world, |_, a| a.set("scope", &scope));
}

#[given(regex = r#"^the request has state "([^"]*)"$"#)]
fn with_state(world: &mut World, state: String) {
    modify(world, |_, a| a.set("state", &state));
}

#[given(regex = r#"^the request has response_type "([^"]*)"$"#)]
fn with_response_type(world: &mut World, value: String) {
    modify(world, |_, a| a.set("response_type", &value));
}

#[given(regex = r#"^the request has client_id "([^"]*)"$"#)]
fn with_client_id(world: &mut World, value: String) {
    modify(world, |_, a| a.set("client_id", &value));
}

#[given(regex = r"^the request has no (redirect_uri|response_type|state|scope)$")]
fn without(world: &mut World, name: String) {
    modify(world, |_, a| a.remove(&name));
}

#[given(regex = r#"^the request repeats the "([^"]+)" parameter$"#)]
fn repeats(world: &mut World, name: String) {
    modify(world, |w, a| match a.get(&name).map(str::to_string) {
        Some(v) => a.params.push((name, v)),
        None => w.error(format!(
            "internal: the request has no {name} parameter to repeat"
        )),
    });
}

#[given(regex = r"^the request has no code challenge$")]
fn without_pkce(world: &mut World) {
    modify(world, |_, a| {
        a.remove("code_challenge");
        a.remove("code_challenge_method");
        a.verifier = None;
    });
}

#[given(regex = r#"^the request has code_challenge_method "([^"]*)"$"#)]
fn with_pkce_method(world: &mut World, method: String) {
    modify(world, |w, a| {
        w.use_pkce(a, "S256");
        a.set("code_challenge_method", &method);
    });
}

/// A variant of a registered redirect URI that a strict server must refuse (RFC 6749 §3.1.2.3:
/// simple string comparison).
fn altered_redirect_uri(registered: &str, how: &str) -> Result<String, String> {
    let mut url = url::Url::parse(registered)
        .map_err(|e| format!("registered redirect URI {registered:?}: {e}"))?;
    Ok(match how {
        "a longer path" => {
            let path = url.path().to_string();
            url.set_path(&format!("{}/oauth2spec", path.trim_end_matches('/')));
            url.to_string()
        }
        "a different case" => {
            let path = url.path().to_string();
            if path.bytes().any(|b| b.is_ascii_alphabetic()) {
                url.set_path(&path.to_ascii_uppercase());
                url.to_string()
            } else {
                // The host is case-insensitive in URLs, so the url crate would lower-case it:
                // build the string by hand to send it as a client would.
                let host = url.host_str().unwrap_or_default().to_string();
                if !host.bytes().any(|b| b.is_ascii_alphabetic()) {
                    return Err(format!(
                        "{registered:?} has no letters to change the case of"
                    ));
                }
                registered.replacen(&host, &host.to_ascii_uppercase(), 1)
            }
        }
        "a trailing slash" => {
            if url.query().is_some() || url.fragment().is_some() {
                let path = url.path().to_string();
                url.set_path(&format!("{path}/"));
                url.to_string()
            } else if registered.ends_with('/') {
                registered.trim_end_matches('/').to_string() + "//"
            } else {
                format!("{registered}/")
            }
        }
        "an extra query parameter" => {
            url.query_pairs_mut().append_pair("oauth2spec", "1");
            url.to_string()
        }
        "another port" => {
            let port = url.port_or_known_default().unwrap_or(80);
            let other = if port == 65535 { 65534 } else { port + 1 };
            url.set_port(Some(other))
                .map_err(|_| format!("cannot set a port on {registered:?}"))?;
            url.to_string()
        }
        other => return Err(format!("internal: unknown redirect URI variant {other:?}")),
    })
}

#[given(
    regex = r"^the redirect_uri is the registered one with (a longer path|a different case|a trailing slash|an extra query parameter|another port)$"
)]
fn altered_redirect(world: &mut World, how: String) {
    modify(world, |w, a| {
        // The port is compared only where RFC 6749 §3.1.2.3's string comparison is the whole
        // rule: on loopback URIs RFC 8252 §7.3 and RFC 9700 §4.1.3 have the port vary, so the
        // port variant is made from a registered URI that is not a loopback one.
        let registered = if how == "another port" {
            let Some(uri) = a
                .client
                .redirect_uris
                .iter()
                .find(|u| !crate::checks::transport::is_loopback_url(u))
                .cloned()
            else {
                return w.skip(
                    "the client has only loopback redirect URIs, whose port may vary (RFC 8252 \
                     §7.3, RFC 9700 §4.1.3); register a non-loopback one too (e.g. \
                     https://client.example/cb) to check the port",
                );
            };
            uri
        } else {
            let Some(uri) = a.client.redirect_uris.first().cloned() else {
                return w.skip("the client has no registered redirect URI");
            };
            uri
        };
        match altered_redirect_uri(&registered, &how) {
            Ok(uri) => a.set("redirect_uri", &uri),
            Err(e) => w.skip(e),
        }
    });
}

#[given(regex = r"^the redirect_uri is on an unregistered host$")]
fn unregistered_host(world: &mut World) {
    modify(world, |_, a| {
        a.set("redirect_uri", "https://oauth2spec-unregistered.example/cb")
    });
}

#[when(regex = r"^the request is sent to the authorization endpoint$")]
async fn send_request(world: &mut World) {
    if world.halted() {
        return;
    }
    world.run_front_channel(Decision::Approve).await;
}

#[when(regex = r"^the resource owner (approves|denies) the request$")]
async fn resource_owner_decides(world: &mut World, decision: String) {
    if world.halted() {
        return;
    }
    let deny = decision == "denies";
    world
        .run_front_channel(if deny {
            Decision::Deny
        } else {
            Decision::Approve
        })
        .await;
    if deny
        && world.front.as_ref().is_some_and(|f| {
            !f.saw_consent
                && matches!(f.outcome, FrontChannelOutcome::Redirected { .. })
                && world.code.is_some()
        })
    {
        world.skip("the server granted the request without showing a consent page, so the resource owner could not deny it");
    }
}

/// The redirect the front channel ended with, or a failure saying where it ended instead.
pub(super) fn redirect_or_fail(
    world: &mut World,
    hint: Option<&str>,
    expected: &str,
) -> Option<AuthorizationRedirect> {
    let ev = world.front_evidence();
    let outcome = match world.front.as_ref() {
        Some(f) => f.outcome.clone(),
        None => {
            world.missing("a front-channel result");
            return None;
        }
    };
    match outcome {
        FrontChannelOutcome::Redirected { location } => {
            match AuthorizationRedirect::parse(&location) {
                Ok(r) => Some(r),
                Err(e) => {
                    world.record(hint, Verdict::violated(e, expected, location), &ev);
                    None
                }
            }
        }
        FrontChannelOutcome::Page { url, status } => {
            world.record(
                hint,
                Verdict::violated(
                    "the flow did not come back to the client",
                    expected,
                    format!("an HTTP {status} page at {url}"),
                ),
                &ev,
            );
            None
        }
        FrontChannelOutcome::LoginPage { url } => {
            world.record(
                hint,
                Verdict::violated("the flow stopped at a login page", expected, url),
                &ev,
            );
            None
        }
    }
}

#[then(regex = r"^the client is redirected with an authorization code in the query$")]
fn code_in_query(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "a redirect with code in the query") {
        world.record(None, check::code_in_query(&r), &ev);
    }
}

#[then(regex = r"^the redirect carries the same state$")]
fn same_state(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(sent) = world
        .auth
        .as_ref()
        .and_then(|a| a.get("state"))
        .map(str::to_string)
    else {
        return world.missing("a state in the request");
    };
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "a redirect carrying state") {
        let hint = if r.param_anywhere("error").is_some() {
            "6749-4.1.2.1-l"
        } else {
            "6749-4.1.2-f"
        };
        world.record(Some(hint), check::state_echoed(&r, &sent), &ev);
    }
}

/// The requirement behind each authorization error code (RFC 6749 §4.1.2.1).
fn error_requirement(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_request" => "6749-4.1.2.1-c",
        "unauthorized_client" => "6749-4.1.2.1-d",
        "access_denied" => "6749-4.1.2.1-e",
        "unsupported_response_type" => "6749-4.1.2.1-f",
        "invalid_scope" => "6749-4.1.2.1-g",
        _ => return None,
    })
}

#[then(regex = r#"^the client is redirected with error "([^"]+)"$"#)]
fn redirected_with_error(world: &mut World, code: String) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let verdict = check::error_redirect(&front.outcome, Some(&code));
    world.record(error_requirement(&code), verdict, &ev);
}

#[then(regex = r"^the authorization request is refused$")]
fn refused(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let verdict = check::request_refused(&front.outcome);
    world.record(None, verdict, &ev);
}

#[then(regex = r"^the client is redirected with an error$")]
fn redirected_with_any_error(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    if let Some(reason) = check::no_error_redirect_to_check(&front.outcome) {
        return world.skip(reason);
    }
    let verdict = check::error_redirect(&front.outcome, None);
    world.record(Some("6749-4.1.2.1-b"), verdict, &ev);
}

#[then(
    regex = r"^the authorization server does not redirect to (the redirect_uri|any redirect URI)$"
)]
fn does_not_redirect(world: &mut World, _which: String) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let verdict = check::not_redirected(&front.outcome, front.saw_login);
    world.record(None, verdict, &ev);
}

#[cfg(test)]
mod tests {
    use super::altered_redirect_uri;

    #[test]
    fn redirect_uri_variants_differ_from_the_registered_one() {
        let r = "http://127.0.0.1:9999/cb";
        assert_eq!(
            altered_redirect_uri(r, "a longer path").unwrap(),
            "http://127.0.0.1:9999/cb/oauth2spec"
        );
        assert_eq!(
            altered_redirect_uri(r, "a different case").unwrap(),
            "http://127.0.0.1:9999/CB"
        );
        assert_eq!(
            altered_redirect_uri(r, "a trailing slash").unwrap(),
            "http://127.0.0.1:9999/cb/"
        );
        assert_eq!(
            altered_redirect_uri(r, "an extra query parameter").unwrap(),
            "http://127.0.0.1:9999/cb?oauth2spec=1"
        );
        assert_eq!(
            altered_redirect_uri(r, "another port").unwrap(),
            "http://127.0.0.1:10000/cb"
        );
        assert_eq!(
            altered_redirect_uri("https://app.example/", "a different case").unwrap(),
            "https://APP.EXAMPLE/"
        );
        assert!(altered_redirect_uri("http://127.0.0.1/", "a different case").is_err());
    }
}
