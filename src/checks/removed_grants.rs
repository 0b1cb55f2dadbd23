//! Checks on grants that RFC 9700 and OAuth 2.1 removed from OAuth 2.0.

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;

fn error_code(resp: &Response) -> Option<String> {
    resp.json()
        .ok()
        .and_then(|j| j.get("error").and_then(Value::as_str).map(str::to_string))
}

fn issued_token(resp: &Response) -> bool {
    resp.json()
        .ok()
        .is_some_and(|j| j.get("access_token").is_some())
}

/// 9700-2.4-a, oauth21-10-a: "The resource owner password credentials grant MUST NOT be used"
/// (RFC 9700 §2.4); OAuth 2.1 does not define it. A password grant request with the test user's
/// real credentials is refused with a 4xx answer and no token. The preferred codes are
/// `unsupported_grant_type` and `unauthorized_client`; any other refusal still does not *use*
/// the grant, so it passes with its code named.
pub fn password_grant_refused(resp: &Response) -> Verdict {
    let want = "HTTP 400 (unsupported_grant_type or unauthorized_client), no token";
    let observed = || format!("HTTP {} {}", resp.status, short(&resp.text()));
    if issued_token(resp) || (200..300).contains(&resp.status) {
        return Verdict::violated("the password grant was honoured", want, observed());
    }
    if !(400..500).contains(&resp.status) {
        return Verdict::violated(
            format!("HTTP {} is not a refusal of the request", resp.status),
            want,
            observed(),
        );
    }
    match error_code(resp) {
        Some(e) => Verdict::Met(format!("refused with HTTP {} error={e}", resp.status)),
        None => Verdict::Met(format!("refused with HTTP {}", resp.status)),
    }
}

/// oauth21-10.1-a: OAuth 2.1 removed the implicit grant, so `response_type=token` is an
/// unsupported response type: the request ends in an error (redirected, in the query or the
/// fragment, or shown on an error page) and no access token reaches the redirect URI.
pub fn implicit_refused(outcome: &FrontChannelOutcome) -> Verdict {
    let want = "an error (unsupported_response_type preferred), never an access_token";
    match outcome {
        FrontChannelOutcome::Redirected { location } => {
            let redirect = match AuthorizationRedirect::parse(location) {
                Ok(r) => r,
                Err(e) => return Verdict::violated(e, want, short(location)),
            };
            if redirect.param_anywhere("access_token").is_some() {
                return Verdict::violated(
                    "the implicit grant delivered an access token in the redirect",
                    want,
                    "a redirect carrying access_token",
                );
            }
            if let Some(error) = redirect.param_anywhere("error") {
                return Verdict::Met(format!("redirected with error={error}"));
            }
            let observed = if redirect.param_anywhere("code").is_some() {
                "a redirect with a code: response_type=token was granted".to_string()
            } else {
                format!("a redirect without error: {}", short(&redirect.base()))
            };
            Verdict::violated("response_type=token was not refused", want, observed)
        }
        FrontChannelOutcome::Page { url, status } if *status >= 400 => {
            Verdict::Met(format!("refused on an HTTP {status} page at {url}"))
        }
        FrontChannelOutcome::Page { url, status } => Verdict::violated(
            "the flow ended on a page that is not an error",
            want,
            format!("HTTP {status} page at {url}"),
        ),
        FrontChannelOutcome::LoginPage { url } => Verdict::violated(
            "the flow stopped at a login page instead of ending in an error",
            want,
            format!("login page at {url}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn a_token_for_the_password_grant_fails() {
        let v =
            password_grant_refused(&resp(200, r#"{"access_token":"at","token_type":"Bearer"}"#));
        assert!(!v.is_met(), "{v:?}");
    }

    #[test]
    fn a_refusal_passes_naming_its_code() {
        let v = password_grant_refused(&resp(400, r#"{"error":"unsupported_grant_type"}"#));
        assert!(matches!(&v, Verdict::Met(m) if m.contains("unsupported_grant_type")));
        assert!(password_grant_refused(&resp(400, r#"{"error":"unauthorized_client"}"#)).is_met());
    }

    #[test]
    fn a_server_error_is_not_a_refusal() {
        assert!(!password_grant_refused(&resp(500, "oops")).is_met());
    }

    #[test]
    fn response_type_token_must_end_in_an_error_without_a_token() {
        let redirect = |location: &str| FrontChannelOutcome::Redirected {
            location: location.into(),
        };
        let token = redirect("http://127.0.0.1:9999/cb#access_token=at&token_type=bearer");
        assert!(!implicit_refused(&token).is_met());
        let code = redirect("http://127.0.0.1:9999/cb?code=c&state=s");
        assert!(!implicit_refused(&code).is_met());
        let query_error = redirect("http://127.0.0.1:9999/cb?error=unsupported_response_type");
        assert!(implicit_refused(&query_error).is_met());
        let fragment_error = redirect("http://127.0.0.1:9999/cb#error=unauthorized_client");
        assert!(implicit_refused(&fragment_error).is_met());
        let page = FrontChannelOutcome::Page {
            url: "http://as/authorize".into(),
            status: 400,
        };
        assert!(implicit_refused(&page).is_met());
    }
}
