//! Checks on whose refresh token a public client may use (OAuth 2.1 §4.3.1).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// oauth21-4.3.1-a: "if the client type is public, [the server MUST] validate that the refresh
/// token was issued to the client identified by `client_id`" — here a public client presented
/// another public client's refresh token with its own client_id. Any refusal that issues no token
/// keeps the binding; `invalid_grant` is the usual one, but 400 or 401 with another error code
/// (e.g. `invalid_client`, `unauthorized_client`) still says no, and its format is judged elsewhere.
pub fn other_clients_refresh_token_refused(resp: &Response) -> Verdict {
    let json = resp.json().ok();
    let has_token = json
        .as_ref()
        .and_then(|j| j.get("access_token"))
        .is_some_and(|t| !t.is_null());
    if has_token {
        return Verdict::violated(
            "the refresh token was honoured for a client it was not issued to: tokens were issued",
            "HTTP 400 with error=invalid_grant (or another refusal), no token",
            short(&resp.text()),
        );
    }
    if (400..500).contains(&resp.status) {
        let error = json
            .as_ref()
            .and_then(|j| j.get("error"))
            .and_then(Value::as_str)
            .map_or_else(|| "no error code".to_string(), |e| format!("error={e}"));
        return Verdict::Met(format!(
            "refused with HTTP {} ({error}): no token for the other client",
            resp.status
        ));
    }
    Verdict::violated(
        format!(
            "the request was not refused as a client error (HTTP {})",
            resp.status
        ),
        "HTTP 400 with error=invalid_grant (or another refusal), no token",
        short(&resp.text()),
    )
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
    fn a_refusal_keeps_the_binding() {
        for (status, body) in [
            (400, r#"{"error":"invalid_grant"}"#),
            (401, r#"{"error":"invalid_client"}"#),
            (400, r#"{"error":"unauthorized_client"}"#),
        ] {
            assert!(other_clients_refresh_token_refused(&resp(status, body)).is_met());
        }
    }

    #[test]
    fn tokens_for_the_other_client_break_it() {
        let issued = resp(
            200,
            r#"{"access_token":"a","token_type":"Bearer","refresh_token":"r"}"#,
        );
        assert!(!other_clients_refresh_token_refused(&issued).is_met());
        // A server error is no refusal either.
        assert!(!other_clients_refresh_token_refused(&resp(500, "oops")).is_met());
    }
}
