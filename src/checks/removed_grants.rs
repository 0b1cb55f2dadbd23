//! Checks on grants that RFC 9700 and OAuth 2.1 removed from OAuth 2.0.

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;

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
}
