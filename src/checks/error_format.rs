//! Checks on the shape of token endpoint error responses (RFC 6749 §5.2).

use serde_json::Value;

use super::{short, Verdict};
use crate::client::Response;
use crate::protocol::is_error_charset;

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

/// RFC 6749 §5.2 (6749-5.2-a): an error is HTTP 400 (401 is allowed for invalid_client) with
/// an `application/json` body: a JSON object whose `error` member is a string.
pub fn json_error(resp: &Response) -> Verdict {
    let want = "HTTP 400, Content-Type application/json, {\"error\": \"...\"}";
    let content_type = resp.header_all("content-type").join(", ");
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media != "application/json" {
        return Verdict::violated(
            format!("the error is served as {content_type:?}, not application/json"),
            want,
            describe(resp),
        );
    }
    let error = match resp.json() {
        Ok(Value::Object(m)) => m.get("error").cloned(),
        Ok(_) => {
            return Verdict::violated("the error body is not a JSON object", want, describe(resp))
        }
        Err(e) => return Verdict::violated("the error body is not JSON", want, e.to_string()),
    };
    let Some(Value::String(error)) = error else {
        return Verdict::violated("the error body has no `error` string", want, describe(resp));
    };
    match resp.status {
        400 => Verdict::Met(format!("HTTP 400 application/json error={error}")),
        401 if error == "invalid_client" => {
            Verdict::Met("HTTP 401 application/json error=invalid_client".into())
        }
        s => Verdict::violated(
            format!("error {error} came with HTTP {s}"),
            want,
            describe(resp),
        ),
    }
}

/// RFC 6749 §5.2 (6749-5.2-k): `error` and `error_description` use only %x20-21 / %x23-5B /
/// %x5D-7E: printable ASCII without `"` and `\`.
pub fn error_text_charset(resp: &Response) -> Verdict {
    let want = "error and error_description within %x20-21 / %x23-5B / %x5D-7E";
    let Ok(Value::Object(m)) = resp.json() else {
        return Verdict::violated("no JSON error object to read", want, describe(resp));
    };
    for key in ["error", "error_description"] {
        if let Some(Value::String(s)) = m.get(key) {
            if !is_error_charset(s) {
                return Verdict::violated(
                    format!("{key} has characters outside the allowed set"),
                    want,
                    format!("{key}={s:?}"),
                );
            }
        }
    }
    Verdict::Met("error and error_description use only the allowed characters".into())
}

/// RFC 3986 URI-reference syntax, as far as a parser can tell: it resolves against a base.
fn is_uri_reference(s: &str) -> bool {
    url::Url::parse("http://base.invalid/")
        .and_then(|base| base.join(s))
        .is_ok()
}

/// RFC 6749 §5.2 (6749-5.2-l): an `error_uri`, if present, is a URI-reference whose
/// characters are within %x21 / %x23-5B / %x5D-7E (no space, `"` or `\`). It is optional, so
/// its absence passes.
pub fn error_uri_valid(resp: &Response) -> Verdict {
    let want = "no error_uri, or a URI-reference within %x21 / %x23-5B / %x5D-7E";
    let Ok(Value::Object(m)) = resp.json() else {
        return Verdict::violated("no JSON error object to read", want, describe(resp));
    };
    match m.get("error_uri") {
        None => Verdict::Met("no error_uri (it is optional)".into()),
        Some(Value::String(uri)) => {
            let bad = uri
                .bytes()
                .find(|b| !(0x21..=0x7e).contains(b) || *b == b'"' || *b == b'\\');
            if let Some(b) = bad {
                Verdict::violated(
                    format!(
                        "error_uri has the character {:?}, outside the allowed set",
                        b as char
                    ),
                    want,
                    format!("error_uri={uri:?}"),
                )
            } else if !is_uri_reference(uri) {
                Verdict::violated(
                    "error_uri is not a URI-reference",
                    want,
                    format!("error_uri={uri:?}"),
                )
            } else {
                Verdict::Met(format!("error_uri={uri}"))
            }
        }
        Some(other) => Verdict::violated(
            "error_uri is not a string",
            want,
            format!("error_uri={other}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    const JSON: &str = "application/json; charset=utf-8";

    #[test]
    fn errors_are_json_with_400() {
        assert!(json_error(&resp(400, JSON, r#"{"error":"invalid_request"}"#)).is_met());
        assert!(json_error(&resp(401, JSON, r#"{"error":"invalid_client"}"#)).is_met());
        assert!(!json_error(&resp(400, "text/plain", "grant_type is missing")).is_met());
        assert!(!json_error(&resp(400, JSON, r#"{"message":"no"}"#)).is_met());
        assert!(!json_error(&resp(500, JSON, r#"{"error":"invalid_request"}"#)).is_met());
    }

    #[test]
    fn error_text_stays_in_the_charset() {
        let ok = r#"{"error":"unsupported_grant_type","error_description":"not supported"}"#;
        assert!(error_text_charset(&resp(400, JSON, ok)).is_met());
        let quoted =
            r#"{"error":"unsupported_grant_type","error_description":"grant_type \"x\" is bad"}"#;
        assert!(!error_text_charset(&resp(400, JSON, quoted)).is_met());
        let accented = r#"{"error":"invalid_request","error_description":"é"}"#;
        assert!(!error_text_charset(&resp(400, JSON, accented)).is_met());
    }

    #[test]
    fn error_uri_is_optional_but_well_formed() {
        assert!(error_uri_valid(&resp(400, JSON, r#"{"error":"invalid_request"}"#)).is_met());
        let good = r#"{"error":"invalid_request","error_uri":"https://as.example/errors#invalid_request"}"#;
        assert!(error_uri_valid(&resp(400, JSON, good)).is_met());
        let spaced = r#"{"error":"invalid_request","error_uri":"https://as.example/token error"}"#;
        assert!(!error_uri_valid(&resp(400, JSON, spaced)).is_met());
        let quoted = r#"{"error":"invalid_request","error_uri":"https://as.example/\"x\""}"#;
        assert!(!error_uri_valid(&resp(400, JSON, quoted)).is_met());
        assert!(!error_uri_valid(&resp(400, JSON, r#"{"error":"x","error_uri":7}"#)).is_met());
    }
}
