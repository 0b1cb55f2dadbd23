//! Checks on the authorization response (RFC 6749 §3.1.2, §4.1.2, §4.1.2.1).

use super::{short, Verdict};
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;
use crate::protocol::AUTHORIZATION_ERRORS;

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
    let Some(error) = redirect.query_param("error") else {
        let observed = if redirect.param_anywhere("code").is_some() {
            "a redirect with a code: the request was granted".to_string()
        } else if let Some(e) = redirect.fragment_param("error") {
            format!("error={e} in the fragment")
        } else {
            format!("a redirect without error: {}", short(&redirect.base()))
        };
        return Verdict::violated("the request was not refused", want, observed);
    };
    let description = redirect.query_param("error_description").unwrap_or("");
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
