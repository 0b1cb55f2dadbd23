//! Checks on whether a token response states its scope when it is the one requested (OAuth 2.1
//! §3.2.3).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// oauth21-3.2.3-a: `scope` is "RECOMMENDED, if identical to the scope requested by the client;
/// otherwise, REQUIRED" — a successful token response for the scope `requested` carries `scope`
/// (a space-separated string) even when it grants exactly that. Only a response that issued a
/// token is judged; the caller makes sure of that first.
pub fn scope_stated(resp: &Response, requested: &str) -> Verdict {
    let json = resp.json().ok();
    match json.as_ref().and_then(|j| j.get("scope")) {
        Some(Value::String(s)) => Verdict::Met(format!(
            "the token response states scope={s:?} (requested {requested:?})"
        )),
        Some(other) => Verdict::violated(
            "the scope member is not a string",
            "scope as a space-separated string",
            other.to_string(),
        ),
        None => Verdict::violated(
            format!(
                "the token response leaves out scope (requested {requested:?}); OAuth 2.1 recommends stating it even when it is the requested one"
            ),
            format!("a scope member, e.g. \"scope\": {requested:?}"),
            short(&resp.text()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(body: &str) -> Response {
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn the_granted_scope_is_stated() {
        let ok = resp(r#"{"access_token":"a","token_type":"Bearer","scope":"read"}"#);
        assert!(scope_stated(&ok, "read").is_met());
    }

    #[test]
    fn a_missing_or_malformed_scope_is_flagged() {
        let missing = resp(r#"{"access_token":"a","token_type":"Bearer"}"#);
        assert!(!scope_stated(&missing, "read").is_met());
        let list = resp(r#"{"access_token":"a","token_type":"Bearer","scope":["read"]}"#);
        assert!(!scope_stated(&list, "read").is_met());
    }
}
