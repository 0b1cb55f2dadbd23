//! Checks on token revocation (RFC 7009 §2).

use super::token::{token_error, token_issued};
use super::{short, Verdict};
use crate::client::Response;

/// §2.2: "The authorization server responds with HTTP status code 200 if the token has been
/// revoked successfully or if the client submitted an invalid token."
pub fn revocation_answered_200(resp: &Response) -> Verdict {
    if resp.status == 200 {
        Verdict::Met("HTTP 200".into())
    } else {
        Verdict::violated(
            format!("the revocation endpoint answered HTTP {}", resp.status),
            "HTTP 200",
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        )
    }
}

/// §2.1: a revoked refresh token is refused at the token endpoint at once (invalid_grant).
pub fn refresh_token_refused(resp: &Response) -> Verdict {
    match token_error(resp, Some("invalid_grant")) {
        Verdict::Met(_) => {
            Verdict::Met("the revoked refresh token is refused (invalid_grant)".into())
        }
        Verdict::Violated {
            expected, observed, ..
        } => Verdict::violated(
            "the refresh token still works (or is refused oddly) after revocation",
            expected,
            observed,
        ),
    }
}

/// §2.1: a refresh token that was not revoked still obtains tokens.
pub fn refresh_token_still_works(resp: &Response) -> Verdict {
    match token_issued(resp) {
        Verdict::Met(_) => Verdict::Met("the refresh token still works".into()),
        Verdict::Violated {
            expected, observed, ..
        } => Verdict::violated(
            "the refresh token no longer works: it was revoked by a request that should have been refused",
            expected,
            observed,
        ),
    }
}

/// A revoked access token seen through introspection (RFC 7662): `{"active": false}`.
pub fn access_token_inactive_by_introspection(resp: &Response) -> Verdict {
    let active = resp
        .json()
        .ok()
        .and_then(|j| j.get("active").and_then(|a| a.as_bool()));
    match (resp.status, active) {
        (200, Some(false)) => Verdict::Met("the access token introspects as inactive".into()),
        _ => Verdict::violated(
            "the revoked access token is still active (or introspection gave no answer)",
            "introspection: HTTP 200 {\"active\": false}",
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        ),
    }
}

/// A revoked access token seen at the protected resource: 401.
pub fn access_token_refused_by_resource(resp: &Response) -> Verdict {
    if resp.status == 401 {
        Verdict::Met("the protected resource refuses the revoked access token".into())
    } else {
        Verdict::violated(
            "the revoked access token still works at the protected resource",
            "HTTP 401 from the protected resource",
            format!("HTTP {}", resp.status),
        )
    }
}

/// RFC 7009 §2.2.1: an error response of the revocation endpoint is an RFC 6749 §5.2 error
/// response: HTTP 400 (401 for invalid_client), `application/json`, a JSON object whose `error`
/// is a §5.2 code or `unsupported_token_type`.
pub fn error_response_per_6749(resp: &Response) -> Verdict {
    let want = "HTTP 400 (401 for invalid_client), Content-Type application/json, {\"error\": <RFC 6749 §5.2 code or unsupported_token_type>}";
    let media_type = resp
        .content_type()
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if (200..300).contains(&resp.status) {
        return Verdict::violated(
            "the request was not refused",
            want,
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        );
    }
    if media_type.as_deref() != Some("application/json") {
        return Verdict::violated(
            "the error response is not served as application/json",
            want,
            format!(
                "HTTP {} Content-Type: {:?}",
                resp.status,
                resp.content_type().unwrap_or("")
            ),
        );
    }
    let error = resp
        .json()
        .ok()
        .and_then(|j| j.get("error").and_then(|e| e.as_str()).map(str::to_string));
    match error {
        Some(e)
            if e == "unsupported_token_type"
                || crate::protocol::TOKEN_ERRORS.contains(&e.as_str()) =>
        {
            let status_ok = resp.status == 400 || (e == "invalid_client" && resp.status == 401);
            if status_ok {
                Verdict::Met(format!("HTTP {} application/json error={e}", resp.status))
            } else {
                Verdict::violated(
                    format!("error {e} came with HTTP {}", resp.status),
                    want,
                    short(&resp.text()),
                )
            }
        }
        Some(e) => Verdict::violated(
            format!("{e} is not an RFC 6749 §5.2 or RFC 7009 error code"),
            want,
            short(&resp.text()),
        ),
        None => Verdict::violated(
            "the error response has no error string",
            want,
            short(&resp.text()),
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
    fn revocation_must_answer_200() {
        assert!(revocation_answered_200(&resp(200, "")).is_met());
        assert!(!revocation_answered_200(&resp(400, r#"{"error":"invalid_request"}"#)).is_met());
        assert!(!revocation_answered_200(&resp(204, "")).is_met());
    }

    #[test]
    fn refresh_token_after_revocation() {
        let refused = resp(400, r#"{"error":"invalid_grant"}"#);
        let issued = resp(200, r#"{"access_token":"a","token_type":"Bearer"}"#);
        assert!(refresh_token_refused(&refused).is_met());
        assert!(!refresh_token_refused(&issued).is_met());
        assert!(refresh_token_still_works(&issued).is_met());
        assert!(!refresh_token_still_works(&refused).is_met());
    }

    #[test]
    fn revoked_access_tokens() {
        assert!(access_token_inactive_by_introspection(&resp(200, r#"{"active":false}"#)).is_met());
        assert!(!access_token_inactive_by_introspection(&resp(200, r#"{"active":true}"#)).is_met());
        assert!(!access_token_inactive_by_introspection(&resp(401, "{}")).is_met());
        assert!(access_token_refused_by_resource(&resp(401, "")).is_met());
        assert!(!access_token_refused_by_resource(&resp(200, "{}")).is_met());
    }

    #[test]
    fn revocation_errors_follow_6749_5_2() {
        let r = |status: u16, ct: &str, body: &str| Response {
            status,
            headers: vec![("content-type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        };
        assert!(error_response_per_6749(&r(
            400,
            "application/json",
            r#"{"error":"invalid_request"}"#
        ))
        .is_met());
        assert!(error_response_per_6749(&r(
            400,
            "application/json; charset=utf-8",
            r#"{"error":"unsupported_token_type"}"#
        ))
        .is_met());
        assert!(
            !error_response_per_6749(&r(400, "text/plain", r#"{"error":"invalid_request"}"#))
                .is_met()
        );
        assert!(
            !error_response_per_6749(&r(400, "application/json", r#"{"error":"bad"}"#)).is_met()
        );
        assert!(!error_response_per_6749(&r(200, "application/json", "{}")).is_met());
    }
}
