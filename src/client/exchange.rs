//! What came back: the response, or why none did, kept with the request that caused it.

use std::time::Duration;

use super::request::RawRequest;

/// An HTTP response as received. Nothing in it is trusted: every accessor copes with missing
/// headers, bad UTF-8 and garbage bodies.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Lowercased names, in order, repeats kept.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than the client's `max_body_bytes`; `body` holds only its start.
    pub truncated: bool,
}

impl Response {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every header called `name` (case-insensitive), in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// 301, 302, 303, 307 or 308 with a `Location` header.
    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308) && self.location().is_some()
    }

    /// The body as text, invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// The body parsed as JSON, whatever the content type says (checks judge the content type
    /// on their own). The error names the content type and the first bytes of the body.
    pub fn json(&self) -> Result<serde_json::Value, BodyError> {
        let error = |problem: String| BodyError {
            status: self.status,
            content_type: self.content_type().map(str::to_string),
            problem,
            preview: preview(&self.body),
        };
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(error("empty body".into()));
        }
        // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. Say so rather than pass on
        // the parser's "invalid unicode code point", which does not name the problem. (An
        // incomplete sequence at the very end of a body cut at the size limit is the cut's doing.)
        if let Err(e) = std::str::from_utf8(&self.body) {
            if let Some(len) = e.error_len() {
                let at = e.valid_up_to();
                let bytes: Vec<String> = self.body[at..at + len]
                    .iter()
                    .map(|b| format!("0x{b:02x}"))
                    .collect();
                return Err(error(format!(
                    "is not valid UTF-8: byte {} at offset {at}",
                    bytes.join(" ")
                )));
            }
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            let truncated = if self.truncated {
                ", cut short at the client's body size limit"
            } else {
                ""
            };
            error(format!("does not parse: {e}{truncated}"))
        })
    }
}

/// The first bytes of a body, on one line, for error messages.
fn preview(body: &[u8]) -> String {
    const MAX_CHARS: usize = 80;
    let text = String::from_utf8_lossy(body);
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(MAX_CHARS).collect();
    if one_line.chars().count() > MAX_CHARS {
        out.push('…');
    }
    out
}

/// A body that is not what the caller expected, e.g. `expected JSON, got text/html (HTTP 200,
/// does not parse: expected value at line 1 column 1): <!DOCTYPE html> <html>…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    pub status: u16,
    pub content_type: Option<String>,
    /// Why it is not JSON: the parser's message, or "empty body".
    pub problem: String,
    /// The first bytes of the body, on one line.
    pub preview: String,
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let content_type = self
            .content_type
            .as_deref()
            .unwrap_or("a body with no content-type");
        if self.preview.is_empty() {
            write!(
                f,
                "expected JSON, got an empty body (HTTP {}, {})",
                self.status,
                self.content_type.as_deref().unwrap_or("no content-type")
            )
        } else {
            write!(
                f,
                "expected JSON, got {content_type} (HTTP {}, {}): {}",
                self.status, self.problem, self.preview
            )
        }
    }
}

impl std::error::Error for BodyError {}

/// One request and what became of it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request as sent, including the `User-Agent` and default `Accept` the client added.
    pub request: RawRequest,
    pub response: Result<Response, TransportError>,
    pub elapsed: Duration,
}

/// Why no response arrived. Every message names the URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("timed out after {secs} s waiting for {url}")]
    Timeout { url: String, secs: u64 },
    #[error("could not connect to {url}: {detail}")]
    Connect { url: String, detail: String },
    #[error("cannot send a request to {url}: {detail}")]
    InvalidUrl { url: String, detail: String },
    #[error("request to {url} failed: {detail}")]
    Other { url: String, detail: String },
}

impl TransportError {
    pub fn url(&self) -> &str {
        match self {
            TransportError::Timeout { url, .. }
            | TransportError::Connect { url, .. }
            | TransportError::InvalidUrl { url, .. }
            | TransportError::Other { url, .. } => url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn headers_are_case_insensitive_and_repeats_kept() {
        let r = resp(
            401,
            &[
                ("www-authenticate", "Basic"),
                ("www-authenticate", "Bearer"),
            ],
            b"",
        );
        assert_eq!(r.header("WWW-Authenticate"), Some("Basic"));
        assert_eq!(r.header_all("www-authenticate"), vec!["Basic", "Bearer"]);
        assert_eq!(r.header("location"), None);
    }

    #[test]
    fn redirect_needs_a_location() {
        assert!(resp(302, &[("location", "/x")], b"").is_redirect());
        assert!(!resp(302, &[], b"").is_redirect());
        assert!(!resp(200, &[("location", "/x")], b"").is_redirect());
        assert!(resp(308, &[("location", "/x")], b"").is_redirect());
    }

    #[test]
    fn json_error_names_the_content_type_and_the_first_bytes() {
        let r = resp(
            200,
            &[("content-type", "text/html")],
            b"<!DOCTYPE html>\n<html><body>Sign in</body></html>",
        );
        let err = r.json().expect_err("HTML is not JSON");
        let message = err.to_string();
        assert!(
            message.starts_with("expected JSON, got text/html (HTTP 200, does not parse: "),
            "{message}"
        );
        assert!(message.contains(": <!DOCTYPE html> <html>"), "{message}");
    }

    #[test]
    fn json_error_on_empty_body_says_so() {
        let message = resp(500, &[], b"").json().expect_err("empty").to_string();
        assert_eq!(
            message,
            "expected JSON, got an empty body (HTTP 500, no content-type)"
        );
    }

    #[test]
    fn json_error_on_invalid_utf8_names_the_byte() {
        let r = resp(
            200,
            &[("content-type", "application/json")],
            b"{\"issuer\": \"a\xff\"}",
        );
        let message = r.json().expect_err("not UTF-8").to_string();
        assert!(
            message.starts_with(
                "expected JSON, got application/json (HTTP 200, is not valid UTF-8: byte 0xff at offset 13)"
            ),
            "{message}"
        );
    }

    #[test]
    fn json_parses_whatever_the_content_type() {
        let r = resp(200, &[("content-type", "text/plain")], br#"{"a":1}"#);
        assert_eq!(
            r.json().ok().and_then(|v| v.get("a").cloned()),
            Some(serde_json::json!(1))
        );
    }

    #[test]
    fn previews_are_short_and_lossy() {
        let long = vec![b'x'; 500];
        assert_eq!(preview(&long).chars().count(), 81);
        assert_eq!(preview(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn transport_errors_name_the_url() {
        let e = TransportError::Timeout {
            url: "http://127.0.0.1:1/x".into(),
            secs: 10,
        };
        assert_eq!(
            e.to_string(),
            "timed out after 10 s waiting for http://127.0.0.1:1/x"
        );
        let e = TransportError::Connect {
            url: "http://127.0.0.1:1/x".into(),
            detail: "connection refused".into(),
        };
        assert_eq!(
            e.to_string(),
            "could not connect to http://127.0.0.1:1/x: connection refused"
        );
    }
}
