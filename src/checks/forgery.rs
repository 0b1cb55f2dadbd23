//! Checks that altered tokens are refused (RFC 6749 §10.3, §10.4).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

/// `token` with one character in the middle changed. The middle, not the end: the last
/// base64url character of a signature may carry padding bits, so changing it can decode to the
/// same bytes.
pub fn altered(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.is_empty() {
        return "A".into();
    }
    let mid = chars.len() / 2;
    let replacement = match chars[mid] {
        'A' => 'B',
        '0' => '1',
        c if c.is_ascii_digit() => '0',
        c if c.is_ascii_alphabetic() => 'A',
        _ => 'A',
    };
    let mut out = chars;
    out[mid] = replacement;
    out.into_iter().collect()
}

/// RFC 6749 §10.3 (6749-10.3-a) through introspection (RFC 7662): the altered token is not
/// described as active. Anything but `"active": true` is a rejection here; the shape of the
/// answer is scored by the RFC 7662 rows.
pub fn introspection_rejects(resp: &Response) -> Verdict {
    let active = resp.json().ok().and_then(|j| j.get("active").cloned());
    match active {
        Some(Value::Bool(true)) => Verdict::violated(
            "an altered access token introspects as active",
            "{\"active\": false}",
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        ),
        _ => Verdict::Met(format!(
            "the altered token is not active (HTTP {})",
            resp.status
        )),
    }
}

/// RFC 6749 §10.3 (6749-10.3-a) at the protected resource: the altered token gets no
/// successful answer. Which error status is scored by the RFC 6750 rows.
pub fn resource_rejects(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::violated(
            "the protected resource accepted an altered access token",
            "a refusal (401 invalid_token)",
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        )
    } else {
        Verdict::Met(format!(
            "the altered token was refused (HTTP {})",
            resp.status
        ))
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
    fn alteration_changes_one_middle_character() {
        let t = "abcdefghijABCDEFGHIJ";
        let a = altered(t);
        assert_ne!(a, t);
        assert_eq!(a.len(), t.len());
        assert_eq!(t.chars().zip(a.chars()).filter(|(x, y)| x != y).count(), 1);
        assert_eq!(&a[..10], &t[..10]);
        assert_ne!(altered("AAAA"), "AAAA");
        assert_ne!(altered("0000"), "0000");
        assert_ne!(altered("--.--"), "--.--");
    }

    #[test]
    fn altered_tokens_must_not_work() {
        assert!(introspection_rejects(&resp(200, r#"{"active":false}"#)).is_met());
        assert!(!introspection_rejects(&resp(200, r#"{"active":true,"scope":"read"}"#)).is_met());
        assert!(resource_rejects(&resp(401, "")).is_met());
        assert!(!resource_rejects(&resp(200, r#"{"sub":"alice"}"#)).is_met());
    }
}
