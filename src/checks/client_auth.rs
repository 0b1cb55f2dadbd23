//! Checks on token requests that should not authenticate or authorize the client (RFC 6749
//! §2.3.1, §3.2, §3.2.1, §4.1.3, §4.4).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

fn has_access_token(resp: &Response) -> bool {
    resp.json()
        .ok()
        .is_some_and(|v| v.get("access_token").is_some())
}

/// A refusal that issued no token, with one of the `allowed` §5.2 error codes: HTTP 400, or
/// 401 for `invalid_client` (§5.2 lets the server answer 400 or 401 when no Authorization
/// header was used, so both are accepted).
///
/// Used by 6749-2.3.1-d (credentials in the URI), 6749-3.2.1-a (public client without
/// client_id), 6749-4.1.3-b (no client authentication), 6749-4.1.3-c (wrong secret),
/// 6749-4.4-a (public client_credentials) and 6749-4.4.2-a (client_credentials without
/// authentication).
pub fn refused_with_one_of(resp: &Response, allowed: &[&str]) -> Verdict {
    let want = format!(
        "HTTP 400 (or 401 for invalid_client) with error {}, no token",
        allowed.join(" or ")
    );
    if (200..300).contains(&resp.status) || has_access_token(resp) {
        let what = if has_access_token(resp) {
            "a token was issued"
        } else {
            "the request succeeded"
        };
        return Verdict::violated(
            format!("the request was not refused: {what}"),
            want,
            describe(resp),
        );
    }
    let error = resp
        .json()
        .ok()
        .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string));
    let Some(error) = error else {
        return Verdict::violated("the refusal has no JSON `error`", want, describe(resp));
    };
    if !allowed.contains(&error.as_str()) {
        return Verdict::violated(format!("the error code is {error}"), want, describe(resp));
    }
    let status_ok = resp.status == 400 || (error == "invalid_client" && resp.status == 401);
    if !status_ok {
        return Verdict::violated(
            format!("error {error} came with HTTP {}", resp.status),
            want,
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "refused with HTTP {} error={error}, no token",
        resp.status
    ))
}

/// 6749-3.2-c: a token request made with GET yields no token. Any answer without an
/// access_token passes (405, 400, 404…); RFC 6749 only says the client MUST use POST, so what
/// matters is that the server does not hand out tokens for another method.
pub fn no_token_for_other_method(resp: &Response, method: &str) -> Verdict {
    if has_access_token(resp) {
        return Verdict::violated(
            format!("a {method} request to the token endpoint issued a token"),
            "no token: the token endpoint is POST only",
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "{method} at the token endpoint answered HTTP {} without a token",
        resp.status
    ))
}

/// What a server did with a token request that authenticated the client twice (HTTP Basic and
/// `client_secret` in the body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TwoMethods {
    /// Refused: `invalid_request` (RFC 6749 §5.2 names it for "more than one mechanism"), or
    /// `invalid_client` with 401 (a failed client authentication; the `WWW-Authenticate` of
    /// that 401 is 6749-5.2-f's business).
    Refused(Verdict),
    /// Refused with another answer: a violation of §5.2.
    Misanswered(Verdict),
    /// Processed: the client was authenticated and the request went on (a token, or an error
    /// about the grant). RFC 6749 §2.3's "MUST NOT" binds the client, so this is a warning.
    Accepted(Verdict),
}

/// 6749-5.2-d: Basic and `client_secret` together.
pub fn two_methods(resp: &Response) -> TwoMethods {
    let want = "HTTP 400 invalid_request (or 401 invalid_client)";
    let error = resp
        .json()
        .ok()
        .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string));
    match (resp.status, error.as_deref()) {
        (400, Some("invalid_request")) => TwoMethods::Refused(Verdict::Met(
            "refused with HTTP 400 error=invalid_request".into(),
        )),
        (401, Some("invalid_client")) => TwoMethods::Refused(Verdict::Met(
            "refused with HTTP 401 error=invalid_client".into(),
        )),
        (200..=299, _) => TwoMethods::Accepted(Verdict::violated(
            "both authentication methods were accepted and a token issued",
            want,
            describe(resp),
        )),
        (400, Some(e)) if e != "invalid_client" => TwoMethods::Accepted(Verdict::violated(
            format!(
                "both authentication methods were accepted: the request went on to fail with {e}"
            ),
            want,
            describe(resp),
        )),
        _ => TwoMethods::Misanswered(Verdict::violated(
            match error {
                Some(e) => format!("refused with HTTP {} error={e}", resp.status),
                None => format!("refused with HTTP {} and no JSON error", resp.status),
            },
            want,
            describe(resp),
        )),
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
    fn refusal_needs_an_allowed_code_and_no_token() {
        let allowed = ["invalid_client", "invalid_request"];
        assert!(
            refused_with_one_of(&resp(401, r#"{"error":"invalid_client"}"#), &allowed).is_met()
        );
        assert!(
            refused_with_one_of(&resp(400, r#"{"error":"invalid_request"}"#), &allowed).is_met()
        );
        assert!(!refused_with_one_of(
            &resp(200, r#"{"access_token":"t","token_type":"Bearer"}"#),
            &allowed
        )
        .is_met());
        assert!(
            !refused_with_one_of(&resp(400, r#"{"error":"invalid_grant"}"#), &allowed).is_met()
        );
        assert!(
            !refused_with_one_of(&resp(401, r#"{"error":"invalid_request"}"#), &allowed).is_met()
        );
        assert!(!refused_with_one_of(&resp(400, "<html>no</html>"), &allowed).is_met());
    }

    #[test]
    fn other_methods_must_not_yield_tokens() {
        assert!(
            no_token_for_other_method(&resp(405, r#"{"error":"invalid_request"}"#), "GET").is_met()
        );
        assert!(no_token_for_other_method(&resp(404, ""), "GET").is_met());
        assert!(!no_token_for_other_method(&resp(200, r#"{"access_token":"t"}"#), "GET").is_met());
    }

    /// Answers recorded from the servers in reports/ to Basic plus client_secret in the body.
    #[test]
    fn two_authentication_methods_are_refused_accepted_or_misanswered() {
        let refused = |r: &Response| matches!(two_methods(r), TwoMethods::Refused(_));
        let accepted = |r: &Response| matches!(two_methods(r), TwoMethods::Accepted(_));
        assert!(refused(&resp(400, r#"{"error":"invalid_request"}"#)));
        // Ory Hydra: refused as a client authentication failure.
        assert!(refused(&resp(
            401,
            r#"{"error":"invalid_client","error_description":"The OAuth 2.0 Client supports client authentication method 'client_secret_basic', but method 'client_secret_post' was requested."}"#
        )));
        // Keycloak, Spring Authorization Server: authenticated, then the made-up code failed.
        assert!(accepted(&resp(
            400,
            r#"{"error":"invalid_grant","error_description":"Code not valid"}"#
        )));
        assert!(accepted(&resp(
            200,
            r#"{"access_token":"x","token_type":"Bearer"}"#
        )));
        assert!(matches!(
            two_methods(&resp(401, "")),
            TwoMethods::Misanswered(_)
        ));
        assert!(matches!(
            two_methods(&resp(400, r#"{"error":"invalid_client"}"#)),
            TwoMethods::Misanswered(_)
        ));
    }
}
