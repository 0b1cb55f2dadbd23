//! Checks on refresh token rotation and replay detection (RFC 9700 §2.2.2, §4.14.2; OAuth 2.1
//! §4.3.1).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

/// The refresh_token member of a successful token response.
pub fn new_refresh_token(resp: &Response) -> Option<String> {
    if resp.status != 200 {
        return None;
    }
    resp.json()
        .ok()
        .and_then(|j| {
            j.get("refresh_token")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .filter(|t| !t.is_empty())
}

/// 9700-2.2.2-a, oauth21-4.3-a: "Refresh tokens for public clients MUST be sender-constrained or
/// use refresh token rotation" (RFC 9700 §2.2.2). The harness sends no DPoP proof and no client
/// certificate, so a refresh that succeeds without one shows the token is not sender-constrained;
/// it must then be rotated: the response carries a new refresh token, different from `old`.
pub fn refresh_token_rotated(resp: &Response, old: &str) -> Verdict {
    let want = "HTTP 200 with a new refresh_token, different from the one presented";
    match new_refresh_token(resp) {
        Some(new) if new != old => Verdict::Met("the refresh returned a new refresh token".into()),
        Some(_) => Verdict::violated(
            "the refresh returned the same refresh token: it is not rotated",
            want,
            "refresh_token identical to the one presented",
        ),
        None if resp.status == 200 => Verdict::violated(
            "the refresh returned no new refresh token: the public client's refresh token is neither rotated nor sender-constrained",
            want,
            describe(resp),
        ),
        None => Verdict::violated("the refresh did not succeed", want, describe(resp)),
    }
}

/// 9700-2.2.2-a (rotation half): once rotated, the old refresh token no longer works.
pub fn rotated_out_token_refused(resp: &Response) -> Verdict {
    let want = "HTTP 400 with {\"error\": \"invalid_grant\"}";
    let error = resp
        .json()
        .ok()
        .and_then(|j| j.get("error").and_then(Value::as_str).map(str::to_string));
    match (resp.status, error.as_deref()) {
        (400, Some("invalid_grant")) => {
            Verdict::Met("the rotated-out refresh token is refused with invalid_grant".into())
        }
        (200..=299, _) => Verdict::violated(
            "the rotated-out refresh token still works",
            want,
            describe(resp),
        ),
        _ => Verdict::violated(
            "the rotated-out refresh token is not refused with invalid_grant",
            want,
            describe(resp),
        ),
    }
}

/// 9700-4.14.2-c, oauth21-4.3.1-c: after an already-rotated refresh token was presented again,
/// the server revokes the grant's active refresh token: using it gives invalid_grant.
pub fn active_refresh_token_revoked(resp: &Response) -> Verdict {
    let want = "HTTP 400 with {\"error\": \"invalid_grant\"} for the active refresh token";
    let error = resp
        .json()
        .ok()
        .and_then(|j| j.get("error").and_then(Value::as_str).map(str::to_string));
    match (resp.status, error.as_deref()) {
        (400, Some("invalid_grant")) => Verdict::Met(
            "after the replay, the active refresh token is refused with invalid_grant".into(),
        ),
        (200..=299, _) => Verdict::violated(
            "the active refresh token still works after a rotated-out one was replayed",
            want,
            describe(resp),
        ),
        _ => Verdict::violated(
            "the active refresh token is not refused with invalid_grant",
            want,
            describe(resp),
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
    fn rotation_needs_a_different_refresh_token() {
        let ok = resp(200, r#"{"access_token":"a","refresh_token":"rt2"}"#);
        assert!(refresh_token_rotated(&ok, "rt1").is_met());
        assert!(!refresh_token_rotated(&ok, "rt2").is_met());
        let none = resp(200, r#"{"access_token":"a"}"#);
        assert!(!refresh_token_rotated(&none, "rt1").is_met());
        let failed = resp(400, r#"{"error":"invalid_grant"}"#);
        assert!(!refresh_token_rotated(&failed, "rt1").is_met());
    }

    #[test]
    fn old_and_active_tokens_must_be_refused_with_invalid_grant() {
        let refused = resp(400, r#"{"error":"invalid_grant"}"#);
        let works = resp(200, r#"{"access_token":"a","refresh_token":"rt3"}"#);
        let other = resp(401, r#"{"error":"invalid_client"}"#);
        for check in [rotated_out_token_refused, active_refresh_token_revoked] {
            assert!(check(&refused).is_met());
            assert!(!check(&works).is_met());
            assert!(!check(&other).is_met());
        }
    }
}
