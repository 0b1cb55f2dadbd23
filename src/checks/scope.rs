//! Checks on the scope a token response grants (RFC 6749 §3.3).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// 6749-3.3-a: when the server grants less than was asked (here: `requested` holds `beyond`, a
/// scope the client is not registered for), the token response says which scope it granted.
/// A refusal issues no token, so there is nothing to state; `invalid_scope` is the usual one.
pub fn granted_scope_stated(resp: &Response, requested: &str, beyond: &str) -> Verdict {
    let json = resp.json().ok();
    let member = |name: &str| json.as_ref().and_then(|v| v.get(name)).cloned();
    if resp.status != 200 || member("access_token").is_none() {
        let error = member("error")
            .and_then(|e| e.as_str().map(str::to_string))
            .unwrap_or_else(|| format!("HTTP {}", resp.status));
        return Verdict::Met(format!(
            "refused ({error}): no token, so no granted scope to state"
        ));
    }
    match member("scope") {
        Some(Value::String(s)) => Verdict::Met(format!("the token response states scope={s:?}")),
        Some(other) => Verdict::violated(
            "the scope member is not a string",
            "scope as a space-separated string",
            other.to_string(),
        ),
        None => Verdict::violated(
            format!(
                "the token response does not say which scope was granted, though the client may not have {beyond}"
            ),
            format!("a scope member listing what was granted out of {requested:?}"),
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
    fn a_narrowed_grant_must_say_so() {
        let asked = "read write";
        assert!(
            granted_scope_stated(&resp(400, r#"{"error":"invalid_scope"}"#), asked, "write")
                .is_met()
        );
        assert!(granted_scope_stated(
            &resp(
                200,
                r#"{"access_token":"a","token_type":"Bearer","scope":"read"}"#
            ),
            asked,
            "write"
        )
        .is_met());
        assert!(!granted_scope_stated(
            &resp(200, r#"{"access_token":"a","token_type":"Bearer"}"#),
            asked,
            "write"
        )
        .is_met());
    }
}
