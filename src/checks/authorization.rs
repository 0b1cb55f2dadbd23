//! Checks on the authorization response (RFC 6749 §3.1.2, §4.1.2, §4.1.2.1).

use super::{short, Verdict};
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;
use crate::protocol::{is_error_charset, AUTHORIZATION_ERRORS};

/// §4.1.2: on approval the code is in the query of the redirection URI.
pub fn code_in_query(redirect: &AuthorizationRedirect) -> Verdict {
    if let Some(err) = redirect.query_param("error") {
        return Verdict::violated(
            "the server redirected with an error instead of a code",
            "a redirect with `code` in the query",
            format!(
                "error={err} ({})",
                redirect.query_param("error_description").unwrap_or("")
            ),
        );
    }
    match (
        redirect.query_param("code"),
        redirect.fragment_param("code"),
    ) {
        (Some(c), _) if !c.is_empty() => Verdict::Met("the code arrived in the query".into()),
        (_, Some(_)) => Verdict::violated(
            "the code was put in the fragment, not the query",
            "`code` in the query component",
            "`code` in the fragment",
        ),
        _ => Verdict::violated(
            "the redirect carries no code",
            "`code` in the query",
            "no `code` parameter",
        ),
    }
}

/// §4.1.2 / §4.1.2.1: state comes back exactly as sent, once. Where the response parameters
/// are is judged by `code_in_query`; this check reads state from the component the server used.
pub fn state_echoed(redirect: &AuthorizationRedirect, sent: &str) -> Verdict {
    let in_query = redirect.query_count("state") > 0 || redirect.fragment_param("state").is_none();
    let values: Vec<&str> = if in_query {
        redirect
            .query
            .iter()
            .filter(|(k, _)| k == "state")
            .map(|(_, v)| v.as_str())
            .collect()
    } else {
        redirect
            .fragment
            .iter()
            .filter(|(k, _)| k == "state")
            .map(|(_, v)| v.as_str())
            .collect()
    };
    match values.as_slice() {
        [s] if *s == sent => Verdict::Met("state came back unchanged".into()),
        [s] => Verdict::violated(
            "state came back changed",
            format!("{sent:?}"),
            format!("{s:?}"),
        ),
        [] => Verdict::violated(
            "the redirect carries no state",
            format!("state={sent:?}"),
            "no `state` parameter",
        ),
        many => Verdict::violated(
            "state appears more than once in the redirect",
            format!("state={sent:?} once"),
            format!("{} state parameters", many.len()),
        ),
    }
}

/// Why a check on the *content* of an error redirect (its state, the characters of error and
/// error_description, error_uri, the error code) has nothing to look at: the server showed a
/// page instead of redirecting. That refusal to redirect is judged once, by the scenario about
/// the error code itself (6749-4.1.2.1-c, -f); counting it again under every requirement about
/// the redirect's content would report one behaviour many times. `None`: there is a redirect (or
/// a login page, which the caller judges) to check.
pub fn no_error_redirect_to_check(outcome: &FrontChannelOutcome) -> Option<String> {
    match outcome {
        FrontChannelOutcome::Page { url, status } => Some(format!(
            "the server showed an HTTP {status} page at {url} instead of redirecting the error \
             (judged by the scenario for this error code), so there is no error redirect to check"
        )),
        _ => None,
    }
}

/// §4.1.2.1: the error is redirected to the client with the expected code (`None`: any
/// registered code).
pub fn error_redirect(outcome: &FrontChannelOutcome, expected: Option<&str>) -> Verdict {
    let want = expected
        .map(|e| format!("a redirect with error={e}"))
        .unwrap_or_else(|| "a redirect with an error".into());
    let location = match outcome {
        FrontChannelOutcome::Redirected { location } => location,
        FrontChannelOutcome::Page { url, status } => {
            return Verdict::violated(
                "the server showed a page instead of redirecting the error to the client",
                want,
                format!("HTTP {status} page at {url}"),
            )
        }
        FrontChannelOutcome::LoginPage { url } => {
            return Verdict::violated(
                "the server asked the user to log in instead of returning an error",
                want,
                format!("login page at {url}"),
            )
        }
    };
    let redirect = match AuthorizationRedirect::parse(location) {
        Ok(r) => r,
        Err(e) => return Verdict::violated(e, want, location.clone()),
    };
    // Where the error is (query or fragment) is judged apart, by `error_in_query` (4.1.2.1-b).
    let Some(error) = redirect
        .query_param("error")
        .or_else(|| redirect.fragment_param("error"))
    else {
        let observed = if redirect.param_anywhere("code").is_some() {
            "a redirect with a code: the request was granted".to_string()
        } else {
            format!("a redirect without error: {}", short(&redirect.base()))
        };
        return Verdict::violated("the request was not refused", want, observed);
    };
    let description = redirect
        .query_param("error_description")
        .or_else(|| redirect.fragment_param("error_description"))
        .unwrap_or("");
    match expected {
        Some(e) if error != e => Verdict::violated(
            format!("the error code is {error}, not {e}"),
            want,
            format!("error={error} error_description={description:?}"),
        ),
        None if !AUTHORIZATION_ERRORS.contains(&error) => Verdict::violated(
            format!("{error} is not an RFC 6749 §4.1.2.1 error code"),
            want,
            format!("error={error}"),
        ),
        _ => Verdict::Met(format!("redirected with error={error}")),
    }
}

/// §3.1: the request is refused, however the refusal is delivered (an error redirect or a page):
/// what matters here is that no code is issued.
pub fn request_refused(outcome: &FrontChannelOutcome) -> Verdict {
    match outcome {
        FrontChannelOutcome::Redirected { location } => {
            match AuthorizationRedirect::parse(location) {
                Ok(r) if r.param_anywhere("code").is_some() => Verdict::violated(
                    "the request was granted",
                    "a refusal: an error redirect or an error page, no code",
                    "a redirect with an authorization code",
                ),
                _ => Verdict::Met("the request was refused with an error redirect".into()),
            }
        }
        FrontChannelOutcome::Page { status, .. } => Verdict::Met(format!(
            "the request was refused with an HTTP {status} page"
        )),
        FrontChannelOutcome::LoginPage { url } => Verdict::violated(
            "the server went on to the login page",
            "a refusal before any login",
            format!("login page at {url}"),
        ),
    }
}

/// §3.1.2.4 / §4.1.2.1: after an invalid redirect_uri or client_id the browser is not sent to
/// the supplied redirect URI (or, with `any`, to any of the client's URIs).
pub fn not_redirected(outcome: &FrontChannelOutcome, saw_login: bool) -> Verdict {
    match outcome {
        FrontChannelOutcome::Redirected { location } => {
            let what = match AuthorizationRedirect::parse(location) {
                Ok(r) if r.param_anywhere("code").is_some() => "with an authorization code",
                Ok(r) if r.param_anywhere("error").is_some() => "with an error",
                _ => "",
            };
            Verdict::violated(
                format!("the server redirected the browser to the unvalidated redirect URI {what}"),
                "an error shown to the resource owner, no redirect",
                format!("redirect to {}", short(location)),
            )
        }
        FrontChannelOutcome::Page { status, .. } => Verdict::Met(format!(
            "the server answered with an HTTP {status} page and did not redirect{}",
            if saw_login {
                " (after asking the user to log in)"
            } else {
                ""
            }
        )),
        FrontChannelOutcome::LoginPage { url } => Verdict::Met(format!(
            "the server stopped at its login page {url} without redirecting"
        )),
    }
}

/// The error parameters of a redirect, from the query or, failing that, the fragment.
fn error_params(redirect: &AuthorizationRedirect) -> Option<&[(String, String)]> {
    if redirect.query_param("error").is_some() {
        Some(&redirect.query)
    } else if redirect.fragment_param("error").is_some() {
        Some(&redirect.fragment)
    } else {
        None
    }
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// 6749-4.1.2.1-b: an authorization error goes back in the query of the redirection URI, with
/// the request's state next to it.
pub fn error_in_query(redirect: &AuthorizationRedirect, sent_state: Option<&str>) -> Verdict {
    let want = "error (and state) in the query of the redirection URI";
    if redirect.query_param("error").is_none() {
        let observed = if redirect.fragment_param("error").is_some() {
            "the error is in the fragment".to_string()
        } else {
            format!("no error parameter: {}", short(&redirect.location))
        };
        return Verdict::violated("the error is not in the query component", want, observed);
    }
    // Whether state is echoed at all is 4.1.2.1-l; here only where it is.
    if let Some(state) = sent_state {
        if redirect.query_param("state").is_none() && redirect.fragment_param("state").is_some() {
            return Verdict::violated(
                "the error redirect has state in its fragment, not its query",
                format!("state={state:?} in the query"),
                short(&redirect.location),
            );
        }
    }
    Verdict::Met("the error (and state, where echoed) arrived in the query".into())
}

/// 6749-3.1-g: the request was granted, wherever the code was put (where it goes is
/// 4.1.2-a).
pub fn code_issued(redirect: &AuthorizationRedirect) -> Verdict {
    match (
        redirect.param_anywhere("code"),
        redirect.param_anywhere("error"),
    ) {
        (Some(_), _) => Verdict::Met("the request was granted with a code".into()),
        (None, Some(e)) => Verdict::violated(
            format!("the request was refused with error={e}"),
            "a redirect with an authorization code",
            short(&redirect.location),
        ),
        (None, None) => Verdict::violated(
            "the redirect carries no code",
            "a redirect with an authorization code",
            short(&redirect.location),
        ),
    }
}

/// 6749-3.1-e: a server that takes POST at the authorization endpoint processes it like the
/// GET request (403, 404, 405 and 501, "not taken", are handled as a skip before this check).
pub fn post_accepted(status: u16) -> Verdict {
    if (300..400).contains(&status) || (200..300).contains(&status) {
        Verdict::Met(format!("the POST was processed (HTTP {status})"))
    } else {
        Verdict::violated(
            format!("the POST request was refused with HTTP {status}"),
            "the same flow as with GET, or 405 if POST is not supported",
            format!("HTTP {status}"),
        )
    }
}

/// 6749-3.1-e: the POSTed request sent the browser to sign in, and once signed in the flow
/// ended on a page away from the authorization endpoint, with no redirect to the client: the
/// server came back to a GET only (Spring Security's saved request), so the POST was never
/// processed, which is not taking POST, as RFC 6749 §3.1 allows. The reason for a skip, else
/// `None` (the outcome is judged as usual).
pub fn post_dropped_at_login(
    saw_login: bool,
    outcome: &FrontChannelOutcome,
    authorization_endpoint: &str,
) -> Option<String> {
    let FrontChannelOutcome::Page { url, status } = outcome else {
        return None;
    };
    let without_query = |u: &str| u.split(['?', '#']).next().unwrap_or_default().to_string();
    if !saw_login || without_query(url) == without_query(authorization_endpoint) {
        return None;
    }
    Some(format!(
        "after sign-in the server went to {url} (HTTP {status}) instead of back to the POSTed authorization request: it keeps only GET requests across its login, so it does not take the request by POST, which RFC 6749 §3.1 allows"
    ))
}

/// 6749-4.2.2-a: the implicit response carries access_token, token_type and state (when sent)
/// in the fragment, and nothing token-related in the query.
pub fn token_in_fragment(redirect: &AuthorizationRedirect, sent_state: Option<&str>) -> Verdict {
    let want = "access_token, token_type and state in the fragment, nothing in the query";
    if let Some(name) = ["access_token", "token_type", "refresh_token"]
        .into_iter()
        .find(|n| redirect.query_param(n).is_some())
    {
        return Verdict::violated(
            format!("{name} is in the query component"),
            want,
            short(&redirect.location),
        );
    }
    for name in ["access_token", "token_type"] {
        if redirect.fragment_param(name).is_none_or(str::is_empty) {
            return Verdict::violated(
                format!("the fragment has no {name}"),
                want,
                short(&redirect.location),
            );
        }
    }
    if let Some(sent) = sent_state {
        if redirect.fragment_param("state") != Some(sent) {
            return Verdict::violated(
                "the fragment does not carry the request's state",
                format!("state={sent:?} in the fragment"),
                format!("{:?}", redirect.fragment_param("state")),
            );
        }
    }
    Verdict::Met("access_token, token_type and state arrived in the fragment".into())
}

/// 6749-4.2.2-b: the implicit grant never issues a refresh token.
pub fn no_refresh_token_in_redirect(redirect: &AuthorizationRedirect) -> Verdict {
    if redirect.param_anywhere("refresh_token").is_some() {
        Verdict::violated(
            "the implicit response carries a refresh_token",
            "no refresh_token",
            short(&redirect.location),
        )
    } else {
        Verdict::Met("no refresh_token in the implicit response".into())
    }
}

/// 6749-4.2.2.1-b: implicit errors go in the fragment, with the request's state.
pub fn error_in_fragment(redirect: &AuthorizationRedirect, sent_state: Option<&str>) -> Verdict {
    let want = "error (and state) in the fragment of the redirection URI";
    if redirect.fragment_param("error").is_none() {
        let observed = if redirect.query_param("error").is_some() {
            "the error is in the query".to_string()
        } else {
            format!("no error parameter: {}", short(&redirect.location))
        };
        return Verdict::violated("the error is not in the fragment", want, observed);
    }
    if let Some(state) = sent_state {
        if redirect.fragment_param("state") != Some(state) {
            return Verdict::violated(
                "the fragment does not carry the request's state",
                format!("state={state:?} in the fragment"),
                short(&redirect.location),
            );
        }
    }
    Verdict::Met("the error and state arrived in the fragment".into())
}

/// 6749-4.1.2.1-j: error and error_description use only %x20-21 / %x23-5B / %x5D-7E.
pub fn error_text_charset(redirect: &AuthorizationRedirect) -> Verdict {
    let Some(pairs) = error_params(redirect) else {
        return Verdict::violated(
            "the redirect carries no error",
            "an error redirect",
            short(&redirect.location),
        );
    };
    for name in ["error", "error_description"] {
        if let Some(value) = param(pairs, name) {
            if !is_error_charset(value) {
                return Verdict::violated(
                    format!("{name} has characters outside %x20-21 / %x23-5B / %x5D-7E"),
                    "printable ASCII without '\"' and '\\'",
                    format!("{name}={value:?}"),
                );
            }
        }
    }
    Verdict::Met("error and error_description use only the allowed characters".into())
}

/// 6749-4.1.2.1-k: error_uri, if present, is a URI-reference of %x21 / %x23-5B / %x5D-7E.
pub fn error_uri_valid(redirect: &AuthorizationRedirect) -> Verdict {
    let Some(pairs) = error_params(redirect) else {
        return Verdict::violated(
            "the redirect carries no error",
            "an error redirect",
            short(&redirect.location),
        );
    };
    let Some(uri) = param(pairs, "error_uri") else {
        return Verdict::Met("no error_uri (it is optional)".into());
    };
    let want = "a URI-reference of %x21 / %x23-5B / %x5D-7E";
    let charset_ok = !uri.is_empty()
        && uri
            .bytes()
            .all(|b| matches!(b, 0x21 | 0x23..=0x5B | 0x5D..=0x7E));
    if !charset_ok {
        return Verdict::violated(
            "error_uri has characters outside %x21 / %x23-5B / %x5D-7E",
            want,
            format!("error_uri={uri:?}"),
        );
    }
    // Any URI-reference: absolute, or relative to the redirect it came in.
    let parses = url::Url::parse(&redirect.location)
        .and_then(|base| base.join(uri))
        .is_ok();
    if !parses {
        return Verdict::violated(
            "error_uri is not a URI-reference",
            want,
            format!("error_uri={uri:?}"),
        );
    }
    Verdict::Met(format!("error_uri {uri} is a valid URI-reference"))
}

/// 6749-4.1.2.1-m: a core-protocol failure is reported with one of the §4.1.2.1 codes.
pub fn error_code_defined(redirect: &AuthorizationRedirect) -> Verdict {
    let Some(error) = redirect.param_anywhere("error") else {
        return Verdict::violated(
            "the redirect carries no error",
            "an error redirect",
            short(&redirect.location),
        );
    };
    if AUTHORIZATION_ERRORS.contains(&error) {
        Verdict::Met(format!("error={error} is an RFC 6749 §4.1.2.1 code"))
    } else {
        Verdict::violated(
            format!("{error} is not an RFC 6749 §4.1.2.1 error code"),
            format!("one of {}", AUTHORIZATION_ERRORS.join(", ")),
            format!("error={error}"),
        )
    }
}

/// 6749-3.1-a: the resource owner is authenticated before any decision. With a browser that
/// has no session, the flow must stop at a login page; a code without one means the server
/// decided for a user it never authenticated.
pub fn authenticates_resource_owner(outcome: &FrontChannelOutcome) -> Verdict {
    match outcome {
        FrontChannelOutcome::LoginPage { url } => Verdict::Met(format!(
            "the server asked the resource owner to sign in at {url}"
        )),
        FrontChannelOutcome::Redirected { location } => {
            match AuthorizationRedirect::parse(location) {
                Ok(r)
                    if r.param_anywhere("code").is_some()
                        || r.param_anywhere("access_token").is_some() =>
                {
                    Verdict::violated(
                        "the server granted the request without authenticating the resource owner",
                        "a login page before any code or token",
                        format!("redirect to {}", short(location)),
                    )
                }
                _ => Verdict::Met("the server refused without granting anything".into()),
            }
        }
        FrontChannelOutcome::Page { url, status } => Verdict::violated(
            "no login page appeared",
            "a login page for a browser without a session",
            format!("an HTTP {status} page at {url} with no login form"),
        ),
    }
}

/// 6749-3.1.2-c: a query already in the registered redirect URI is kept when the response
/// parameters are added.
pub fn keeps_redirect_query(redirect: &AuthorizationRedirect, registered: &str) -> Verdict {
    let Ok(url) = url::Url::parse(registered) else {
        return Verdict::violated(
            "the registered redirect URI does not parse",
            "an absolute URI",
            registered.to_string(),
        );
    };
    let missing: Vec<String> = url
        .query_pairs()
        .filter(|(k, v)| !redirect.query.iter().any(|(rk, rv)| rk == k && rv == v))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if missing.is_empty() {
        Verdict::Met("the redirect kept the registered query".into())
    } else {
        Verdict::violated(
            "the redirect dropped the query of the registered redirect URI",
            format!("{} in the redirect", url.query().unwrap_or_default()),
            format!(
                "{} (missing {})",
                short(&redirect.location),
                missing.join(", ")
            ),
        )
    }
}

/// 6749-3.3-b: a request without scope gets the default scope (a code) or invalid_scope.
pub fn default_scope_or_invalid_scope(outcome: &FrontChannelOutcome) -> Verdict {
    let want = "a code (the default scope) or error=invalid_scope";
    let FrontChannelOutcome::Redirected { location } = outcome else {
        return Verdict::violated(
            "the flow did not come back to the client",
            want,
            match outcome {
                FrontChannelOutcome::Page { url, status } => format!("HTTP {status} page at {url}"),
                _ => "a login page".into(),
            },
        );
    };
    match AuthorizationRedirect::parse(location) {
        Ok(r) => match (r.param_anywhere("error"), r.param_anywhere("code")) {
            (Some("invalid_scope"), _) => Verdict::Met("refused with invalid_scope".into()),
            (Some(e), _) => Verdict::violated(
                format!("a missing scope got error={e}"),
                want,
                format!("error={e}"),
            ),
            (None, Some(_)) => Verdict::Met("a code for the default scope".into()),
            (None, None) => Verdict::violated(
                "the redirect has neither code nor error",
                want,
                short(location),
            ),
        },
        Err(e) => Verdict::violated(e, want, location.clone()),
    }
}

/// 6749-3.1.2.4-b: the page shown instead of redirecting tells the resource owner something:
/// a body with readable text, whatever the status.
pub fn page_explains_error(status: u16, content_type: &str, body: &str) -> Verdict {
    let want = "a page that explains the error to the resource owner";
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let readable = media.starts_with("text/") || media == "application/xhtml+xml";
    let text = visible_text(body);
    if !readable {
        return Verdict::violated(
            "the error page is not a text or HTML page",
            want,
            format!("HTTP {status}, Content-Type {content_type:?}"),
        );
    }
    if text.split_whitespace().count() < 2 {
        return Verdict::violated(
            "the error page says nothing",
            want,
            format!("HTTP {status}, text {:?}", short(&text)),
        );
    }
    Verdict::Met(format!("HTTP {status} page: {}", short(&text)))
}

/// The text of an HTML page without tags, scripts and styles (roughly, for a word count).
fn visible_text(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tail = &rest[start..];
        let lower = tail.get(..8).unwrap_or(tail).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            tail.to_ascii_lowercase().find("</script>").map(|i| i + 9)
        } else if lower.starts_with("<style") {
            tail.to_ascii_lowercase().find("</style>").map(|i| i + 8)
        } else {
            tail.find('>').map(|i| i + 1)
        };
        match skip_to {
            Some(n) => rest = &tail[n..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spring Authorization Server 2 answers an unknown response_type with a 400 error page; a
    /// signed-out browser is sent through the login page first and then lands on
    /// `/error?continue`, an HTTP 500 page (recorded from reports/spring-authorization-server).
    #[test]
    fn a_page_instead_of_an_error_redirect_leaves_nothing_to_check() {
        let page = FrontChannelOutcome::Page {
            url: "http://127.0.0.1:9403/error?continue".into(),
            status: 500,
        };
        let reason = no_error_redirect_to_check(&page).expect("a page: nothing to check");
        assert!(reason.contains("HTTP 500 page at http://127.0.0.1:9403/error?continue"));
        let redirect = FrontChannelOutcome::Redirected {
            location: "http://127.0.0.1:9999/cb?error=invalid_scope&state=s".into(),
        };
        assert_eq!(no_error_redirect_to_check(&redirect), None);
        let login = FrontChannelOutcome::LoginPage {
            url: "http://127.0.0.1:9403/login".into(),
        };
        assert_eq!(no_error_redirect_to_check(&login), None);
    }

    fn redirect(loc: &str) -> AuthorizationRedirect {
        AuthorizationRedirect::parse(loc).unwrap()
    }

    #[test]
    fn code_in_query_passes_and_fragment_fails() {
        assert!(code_in_query(&redirect("http://c/cb?code=abc&state=s")).is_met());
        assert!(!code_in_query(&redirect("http://c/cb#code=abc")).is_met());
        assert!(!code_in_query(&redirect("http://c/cb?error=access_denied")).is_met());
    }

    #[test]
    fn state_must_match_exactly() {
        let sent = "a b&c=/é%";
        let enc = url::form_urlencoded::byte_serialize(sent.as_bytes()).collect::<String>();
        assert!(state_echoed(&redirect(&format!("http://c/cb?code=x&state={enc}")), sent).is_met());
        assert!(!state_echoed(&redirect("http://c/cb?code=x&state=a+b"), sent).is_met());
        assert!(!state_echoed(&redirect("http://c/cb?code=x"), sent).is_met());
        assert!(!state_echoed(
            &redirect(&format!("http://c/cb?state={enc}&state={enc}")),
            sent
        )
        .is_met());
    }

    #[test]
    fn error_redirect_needs_the_right_code() {
        let r = FrontChannelOutcome::Redirected {
            location: "http://c/cb?error=invalid_scope&state=s".into(),
        };
        assert!(error_redirect(&r, Some("invalid_scope")).is_met());
        assert!(!error_redirect(&r, Some("invalid_request")).is_met());
        assert!(error_redirect(&r, None).is_met());
        let granted = FrontChannelOutcome::Redirected {
            location: "http://c/cb?code=abc".into(),
        };
        assert!(!error_redirect(&granted, Some("invalid_scope")).is_met());
        let page = FrontChannelOutcome::Page {
            url: "http://as/authorize".into(),
            status: 400,
        };
        assert!(!error_redirect(&page, None).is_met());
        let odd = FrontChannelOutcome::Redirected {
            location: "http://c/cb?error=weird".into(),
        };
        assert!(!error_redirect(&odd, None).is_met());
    }

    #[test]
    fn refusal_is_any_outcome_without_a_code() {
        let page = FrontChannelOutcome::Page {
            url: "http://as/authorize".into(),
            status: 400,
        };
        assert!(request_refused(&page).is_met());
        let err = FrontChannelOutcome::Redirected {
            location: "http://c/cb?error=invalid_request".into(),
        };
        assert!(request_refused(&err).is_met());
        let code = FrontChannelOutcome::Redirected {
            location: "http://c/cb?code=abc".into(),
        };
        assert!(!request_refused(&code).is_met());
    }

    #[test]
    fn not_redirected_accepts_pages_only() {
        let page = FrontChannelOutcome::Page {
            url: "http://as/authorize".into(),
            status: 400,
        };
        assert!(not_redirected(&page, false).is_met());
        let r = FrontChannelOutcome::Redirected {
            location: "http://evil/cb?error=invalid_request".into(),
        };
        assert!(!not_redirected(&r, false).is_met());
    }

    #[test]
    fn error_delivery_charset_uri_and_code() {
        let good = redirect("http://c/cb?error=access_denied&error_description=no+way&state=s");
        assert!(error_in_query(&good, Some("s")).is_met());
        assert!(!error_in_query(
            &redirect("http://c/cb#error=access_denied&state=s"),
            Some("s")
        )
        .is_met());
        assert!(!error_in_query(
            &redirect("http://c/cb?error=access_denied#state=s"),
            Some("s")
        )
        .is_met());
        assert!(error_text_charset(&good).is_met());
        assert!(!error_text_charset(&redirect(
            "http://c/cb?error=x&error_description=%22quoted%22"
        ))
        .is_met());
        assert!(!error_text_charset(&redirect(
            "http://c/cb?error=x&error_description=refus%C3%A9"
        ))
        .is_met());
        assert!(error_uri_valid(&good).is_met());
        assert!(error_uri_valid(&redirect(
            "http://c/cb?error=x&error_uri=https%3A%2F%2Fas%2Fe"
        ))
        .is_met());
        assert!(!error_uri_valid(&redirect(
            "http://c/cb?error=x&error_uri=https%3A%2F%2Fas%2Fa+b"
        ))
        .is_met());
        assert!(error_code_defined(&good).is_met());
        assert!(!error_code_defined(&redirect("http://c/cb?error=malformed_scope")).is_met());
    }

    #[test]
    fn implicit_responses_live_in_the_fragment() {
        let good = redirect("http://c/cb#access_token=t&token_type=Bearer&state=s");
        assert!(token_in_fragment(&good, Some("s")).is_met());
        assert!(!token_in_fragment(
            &redirect("http://c/cb?access_token=t&token_type=Bearer&state=s"),
            Some("s")
        )
        .is_met());
        assert!(
            !token_in_fragment(&redirect("http://c/cb#access_token=t&state=s"), Some("s")).is_met()
        );
        assert!(no_refresh_token_in_redirect(&good).is_met());
        assert!(!no_refresh_token_in_redirect(&redirect(
            "http://c/cb#access_token=t&refresh_token=r"
        ))
        .is_met());
        assert!(error_in_fragment(
            &redirect("http://c/cb#error=access_denied&state=s"),
            Some("s")
        )
        .is_met());
        assert!(!error_in_fragment(
            &redirect("http://c/cb?error=access_denied&state=s"),
            Some("s")
        )
        .is_met());
    }

    #[test]
    fn post_is_processed_or_not_supported() {
        assert!(post_accepted(303).is_met());
        assert!(!post_accepted(400).is_met());
    }

    #[test]
    fn a_post_forgotten_at_the_login_is_not_taking_post() {
        let endpoint = "http://127.0.0.1:9408/oauth/authorize";
        // spring-security-oauth2 2.5.2: POST → login page → sign-in → 302 to / → 404.
        let home = FrontChannelOutcome::Page {
            url: "http://127.0.0.1:9408/".into(),
            status: 404,
        };
        let reason = post_dropped_at_login(true, &home, endpoint).unwrap();
        assert!(
            reason.contains("http://127.0.0.1:9408/ (HTTP 404)"),
            "{reason}"
        );
        // Without a login, or ending at the endpoint itself (an error page about the request),
        // or at the client: judged as usual.
        assert_eq!(post_dropped_at_login(false, &home, endpoint), None);
        let at_endpoint = FrontChannelOutcome::Page {
            url: format!("{endpoint}?x=1"),
            status: 400,
        };
        assert_eq!(post_dropped_at_login(true, &at_endpoint, endpoint), None);
        let redirected = FrontChannelOutcome::Redirected {
            location: "http://127.0.0.1:9999/cb?error=invalid_request".into(),
        };
        assert_eq!(post_dropped_at_login(true, &redirected, endpoint), None);
    }

    #[test]
    fn a_code_anywhere_is_a_grant() {
        assert!(code_issued(&redirect("http://c/cb?code=a")).is_met());
        assert!(code_issued(&redirect("http://c/cb#code=a")).is_met());
        assert!(!code_issued(&redirect("http://c/cb?error=invalid_request")).is_met());
    }

    #[test]
    fn login_must_come_before_a_code() {
        let login = FrontChannelOutcome::LoginPage {
            url: "http://as/login".into(),
        };
        assert!(authenticates_resource_owner(&login).is_met());
        let code = FrontChannelOutcome::Redirected {
            location: "http://c/cb?code=abc".into(),
        };
        assert!(!authenticates_resource_owner(&code).is_met());
    }

    #[test]
    fn registered_query_is_kept() {
        let registered = "http://c/cb?tenant=1";
        assert!(
            keeps_redirect_query(&redirect("http://c/cb?tenant=1&code=a"), registered).is_met()
        );
        assert!(!keeps_redirect_query(&redirect("http://c/cb?code=a"), registered).is_met());
    }

    #[test]
    fn missing_scope_gets_default_or_invalid_scope() {
        let r = |l: &str| FrontChannelOutcome::Redirected { location: l.into() };
        assert!(default_scope_or_invalid_scope(&r("http://c/cb?code=a")).is_met());
        assert!(default_scope_or_invalid_scope(&r("http://c/cb?error=invalid_scope")).is_met());
        assert!(!default_scope_or_invalid_scope(&r("http://c/cb?error=invalid_request")).is_met());
    }

    #[test]
    fn error_pages_must_say_something() {
        assert!(page_explains_error(
            400,
            "text/html",
            "<h1>Error</h1><p>redirect_uri is not registered</p>"
        )
        .is_met());
        assert!(!page_explains_error(400, "text/html", "").is_met());
        assert!(!page_explains_error(400, "", "").is_met());
        assert!(
            !page_explains_error(400, "text/html", "<html><script>var a = 1;</script></html>")
                .is_met()
        );
    }
}
