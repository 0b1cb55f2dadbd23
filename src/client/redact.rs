//! Removes secrets from everything that goes into a report: exchanges kept as evidence and free
//! text such as finding messages. Two rules apply together:
//!
//! - by value: every secret the run knows (client secrets, the password, codes, tokens, PKCE
//!   verifiers) is replaced wherever it appears, also in its form-urlencoded, percent-encoded
//!   and JSON-escaped spellings;
//! - by name: parameters and JSON members that carry credentials (`code`, `client_secret`,
//!   `access_token`, …) lose their values, and credential headers keep only their scheme or
//!   cookie names — so a secret the harness has not learned yet (a token in a response) is not
//!   shown either.

use std::sync::OnceLock;

use regex::Regex;

use super::exchange::Exchange;
use super::request::form_urlencode;
use crate::report::model::Evidence;

/// What a removed value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Bodies in evidence are cut after this many bytes.
pub const EVIDENCE_BODY_BYTES: usize = 4096;

/// Secrets shorter than this are not replaced by value: they would match everywhere.
const MIN_SECRET_LEN: usize = 4;

/// Parameters and JSON members whose values are credentials (RFC 6749 §4.1.2, §4.1.3, §2.3.1,
/// §5.1; RFC 7636 §4.5; RFC 7009 §2.1; OIDC `id_token`; login form fields).
const SECRET_NAMES: &[&str] = &[
    "code",
    "code_verifier",
    "client_secret",
    "password",
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "csrf_token",
];

#[derive(Debug, Clone, Default)]
pub struct Redactor {
    reveal: bool,
    /// Every spelling of every known secret, longest first so a secret that contains another
    /// is replaced whole.
    needles: Vec<String>,
}

impl Redactor {
    /// `reveal = true` (`--reveal-secrets`) turns redaction off.
    pub fn new(reveal: bool) -> Self {
        Redactor {
            reveal,
            needles: Vec::new(),
        }
    }

    pub fn reveals(&self) -> bool {
        self.reveal
    }

    /// Remembers a secret value; values shorter than 4 characters are ignored.
    pub fn add_secret(&mut self, value: &str) {
        if value.chars().count() < MIN_SECRET_LEN {
            return;
        }
        let json_escaped = serde_json::to_string(value).unwrap_or_default();
        let json_escaped = json_escaped.trim_matches('"').to_string();
        let spellings = [
            value.to_string(),
            form_urlencode(value),
            percent_encode(value, false),
            percent_encode(value, true),
            form_urlencode(value).replace('+', "%20"),
            json_escaped.clone(),
            json_escaped.replace('/', "\\/"),
        ];
        for s in spellings {
            if s.len() >= MIN_SECRET_LEN && !self.needles.contains(&s) {
                self.needles.push(s);
            }
        }
        self.needles.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// Redacts free text: known secret values, then `name=value` and `"name": "value"` pairs
    /// for credential names.
    pub fn text(&self, s: &str) -> String {
        if self.reveal {
            return s.to_string();
        }
        let by_value = self.values(s);
        by_name(&by_value)
    }

    /// The exchange as evidence: secrets removed, bodies cut to 4 KiB.
    pub fn evidence(&self, exchange: &Exchange) -> Evidence {
        let request = &exchange.request;
        let request_headers = request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), self.header(k, v)))
            .collect();
        let request_body = request.body.as_ref().map(|b| self.body(b, false));
        let (status, response_headers, response_body) = match &exchange.response {
            Ok(r) => (
                Some(r.status),
                r.headers
                    .iter()
                    .map(|(k, v)| (k.clone(), self.header(k, v)))
                    .collect(),
                if r.body.is_empty() && !r.truncated {
                    None
                } else {
                    Some(self.body(&r.body, r.truncated))
                },
            ),
            Err(e) => (None, Vec::new(), Some(self.text(&e.to_string()))),
        };
        Evidence {
            method: request.method.clone(),
            url: self.text(&request.url),
            request_headers,
            request_body,
            status,
            response_headers,
            response_body,
            elapsed_ms: u64::try_from(exchange.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }

    /// A header value: credential headers keep only their scheme or cookie names; the others
    /// (`Location` included) go through [`Redactor::text`].
    pub fn header(&self, name: &str, value: &str) -> String {
        if self.reveal {
            return value.to_string();
        }
        match name.to_ascii_lowercase().as_str() {
            "authorization" | "proxy-authorization" => match value.trim_start().split_once(' ') {
                Some((scheme, _)) => format!("{scheme} {REDACTED}"),
                None => REDACTED.to_string(),
            },
            "cookie" => value
                .split(';')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) => format!("{name}={REDACTED}"),
                    None => pair.to_string(),
                })
                .collect::<Vec<_>>()
                .join(";"),
            "set-cookie" => {
                let (pair, attributes) = match value.split_once(';') {
                    Some((pair, rest)) => (pair, Some(rest)),
                    None => (value, None),
                };
                let pair = match pair.split_once('=') {
                    Some((name, _)) => format!("{name}={REDACTED}"),
                    None => REDACTED.to_string(),
                };
                match attributes {
                    Some(a) => format!("{pair};{}", self.text(a)),
                    None => pair,
                }
            }
            _ => self.text(value),
        }
    }

    fn body(&self, body: &[u8], cut_by_client: bool) -> String {
        let text = self.text(&String::from_utf8_lossy(body));
        let mut out = truncate(&text, EVIDENCE_BODY_BYTES);
        if cut_by_client {
            out.push_str(" … [the rest was not read: body size limit]");
        }
        out
    }

    fn values(&self, s: &str) -> String {
        let mut out = s.to_string();
        for needle in &self.needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), REDACTED);
            }
        }
        out
    }
}

/// Cuts `s` to at most `max` bytes on a character boundary, saying how much was left out.
fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… [{} more bytes]", &s[..end], s.len() - end)
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn percent_encode(s: &str, lowercase_hex: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else if lowercase_hex {
            out.push_str(&format!("%{b:02x}"));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn name_alternation() -> String {
    SECRET_NAMES.join("|")
}

/// `name=value` in queries, fragments and form bodies: the name starts the text or follows a
/// separator, so `response_type=code` and `code_challenge=…` are left alone.
fn param_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r#"(?i)(^|[?&#;\s"'(,])((?:{})=)([^&#\s"'<>;,)]*)"#,
            name_alternation()
        ))
        .ok()
    })
    .as_ref()
}

/// `"name": "value"` and `"name": 123` in JSON (or JSON quoted in free text).
fn json_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            // A string value may be cut off (an `observed:` line shortened mid-token), so an
            // unterminated one runs to the end of the text.
            r#"("(?:{})"\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|-?[0-9][0-9.eE+-]*)"#,
            name_alternation()
        ))
        .ok()
    })
    .as_ref()
}

/// An HTML `<input …>` tag (login and consent pages carry CSRF tokens and sometimes passwords).
fn input_tag_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?is)<input\b[^>]*>").ok())
        .as_ref()
}

/// `name="…"` or `type="…"` in a tag, quoted or not.
fn attribute_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?is)(\s)(name|type|value)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)"#).ok()
    })
    .as_ref()
}

/// An `<input>` whose name is a credential name (`csrf_token`, `password`, …) or whose type is
/// `password` loses its `value`: a login page shown as evidence must not show the CSRF token
/// or a pre-filled password.
fn input_values(s: &str) -> String {
    let (Some(tag_re), Some(attr_re)) = (input_tag_regex(), attribute_regex()) else {
        return s.to_string();
    };
    tag_re
        .replace_all(s, |tag: &regex::Captures<'_>| {
            let tag = &tag[0];
            let unquote = |v: &str| {
                v.trim_matches(|c| c == '"' || c == '\'')
                    .to_ascii_lowercase()
            };
            let secret = attr_re
                .captures_iter(tag)
                .any(|c| match &c[2].to_ascii_lowercase()[..] {
                    "name" => SECRET_NAMES.contains(&unquote(&c[4]).as_str()),
                    "type" => unquote(&c[4]) == "password",
                    _ => false,
                });
            if !secret {
                return tag.to_string();
            }
            attr_re
                .replace_all(tag, |c: &regex::Captures<'_>| {
                    if c[2].eq_ignore_ascii_case("value") {
                        let quote = if c[4].starts_with('\'') { "'" } else { "\"" };
                        format!("{}{}{}{quote}{REDACTED}{quote}", &c[1], &c[2], &c[3])
                    } else {
                        c[0].to_string()
                    }
                })
                .into_owned()
        })
        .into_owned()
}

fn by_name(s: &str) -> String {
    let mut out = input_values(s);
    if let Some(re) = param_regex() {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                let value = c.get(3).map_or("", |m| m.as_str());
                if value.is_empty() || value == REDACTED {
                    c[0].to_string()
                } else {
                    format!("{}{}{REDACTED}", &c[1], &c[2])
                }
            })
            .into_owned();
    }
    if let Some(re) = json_regex() {
        out = re
            .replace_all(&out, |c: &regex::Captures<'_>| {
                format!("{}\"{REDACTED}\"", &c[1])
            })
            .into_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::client::{RawRequest, Response, TransportError};

    fn exchange(request: RawRequest, response: Result<Response, TransportError>) -> Exchange {
        Exchange {
            request,
            response,
            elapsed: Duration::from_millis(42),
        }
    }

    fn ok(status: u16, headers: &[(&str, &str)], body: &str) -> Result<Response, TransportError> {
        Ok(Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated: false,
        })
    }

    /// An `observed:` line cut in the middle of a token (seen in a Keycloak report): the
    /// unterminated value is redacted too.
    #[test]
    fn a_credential_member_cut_off_by_shortening_is_redacted() {
        let r = Redactor::new(false);
        let cut = crate::checks::short(&format!(
            r#"HTTP 200 {{"access_token":"eyJhbGciOiJSUzI1NiJ9.{}","token_type":"Bearer"}}"#,
            "a".repeat(400)
        ));
        let out = r.text(&cut);
        assert!(!out.contains("eyJhbG"), "{out}");
        assert!(
            out.starts_with(r#"HTTP 200 {"access_token":"[redacted]""#),
            "{out}"
        );
    }

    #[test]
    fn credential_headers_keep_only_the_scheme_or_the_cookie_names() {
        let r = Redactor::new(false);
        assert_eq!(
            r.header("Authorization", "Basic Y29uZjpzZWNyZXQ="),
            "Basic [redacted]"
        );
        assert_eq!(
            r.header("proxy-authorization", "Bearer abc"),
            "Bearer [redacted]"
        );
        assert_eq!(r.header("authorization", "opaque"), "[redacted]");
        assert_eq!(
            r.header("Cookie", "rs_session=abc; theme=dark"),
            "rs_session=[redacted]; theme=[redacted]"
        );
        assert_eq!(
            r.header("set-cookie", "rs_session=abc; Path=/; HttpOnly"),
            "rs_session=[redacted]; Path=/; HttpOnly"
        );
        assert_eq!(r.header("content-type", "text/html"), "text/html");
    }

    #[test]
    fn credential_parameters_lose_their_values_in_queries_fragments_and_forms() {
        let r = Redactor::new(false);
        assert_eq!(
            r.text("https://c.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"),
            "https://c.example/cb?code=[redacted]&state=xyz"
        );
        assert_eq!(
            r.text("https://c.example/cb#access_token=2YotnFZ&token_type=bearer&state=1"),
            "https://c.example/cb#access_token=[redacted]&token_type=bearer&state=1"
        );
        assert_eq!(
            r.text("grant_type=authorization_code&code=abc&code_verifier=def&client_secret=ghi"),
            "grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]&client_secret=[redacted]"
        );
        assert_eq!(
            r.text("csrf_token=t1&username=alice&password=hunter2&token=x"),
            "csrf_token=[redacted]&username=alice&password=[redacted]&token=[redacted]"
        );
    }

    #[test]
    fn names_that_only_contain_a_credential_name_are_left_alone() {
        let r = Redactor::new(false);
        let s = "/authorize?response_type=code&code_challenge=E9Melhoa&code_challenge_method=S256&token_type_hint=x";
        assert_eq!(r.text(s), s);
    }

    #[test]
    fn credential_inputs_in_html_lose_their_values() {
        let r = Redactor::new(false);
        let page = r#"<form method="post"><input type="hidden" name="csrf_token" value="c5rf-t0ken-value">
<input name=request_id value=abc><INPUT VALUE='pw-prefilled' TYPE='password' NAME='pw'>
<input type="hidden" name="state" value="xyz"></form>"#;
        assert_eq!(
            r.text(page),
            r#"<form method="post"><input type="hidden" name="csrf_token" value="[redacted]">
<input name=request_id value=abc><INPUT VALUE='[redacted]' TYPE='password' NAME='pw'>
<input type="hidden" name="state" value="xyz"></form>"#
        );
    }

    #[test]
    fn json_members_lose_their_values() {
        let r = Redactor::new(false);
        let body = r#"{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,"refresh_token": "tGzv3JO\"kF0XG5Qx2TlKWIA","id_token":"a.b.c"}"#;
        assert_eq!(
            r.text(body),
            r#"{"access_token":"[redacted]","token_type":"Bearer","expires_in":3600,"refresh_token": "[redacted]","id_token":"[redacted]"}"#
        );
    }

    #[test]
    fn known_secrets_are_replaced_in_every_spelling() {
        let mut r = Redactor::new(false);
        r.add_secret("s3cr t/é");
        r.add_secret("abc"); // too short: ignored
        assert_eq!(r.text("raw s3cr t/é"), "raw [redacted]");
        assert_eq!(r.text("form s3cr+t%2F%C3%A9"), "form [redacted]");
        assert_eq!(r.text("pct s3cr%20t%2F%C3%A9"), "pct [redacted]");
        assert_eq!(r.text("lower s3cr%20t%2f%c3%a9"), "lower [redacted]");
        assert_eq!(r.text("abc stays"), "abc stays");
    }

    #[test]
    fn reveal_turns_redaction_off() {
        let mut r = Redactor::new(true);
        r.add_secret("hunter2");
        assert_eq!(r.text("password=hunter2"), "password=hunter2");
        assert_eq!(r.header("authorization", "Basic x"), "Basic x");
    }

    #[test]
    fn evidence_redacts_every_part_and_cuts_long_bodies() {
        let mut r = Redactor::new(false);
        r.add_secret("conf-secret-1");
        let request = RawRequest::post("https://as.example/token?client_secret=conf-secret-1")
            .basic_auth("conf", "conf-secret-1")
            .form(&[("grant_type", "authorization_code"), ("code", "c0de-value")]);
        let long = format!(
            r#"{{"access_token":"at-value","pad":"{}"}}"#,
            "x".repeat(5000)
        );
        let ev = r.evidence(&exchange(
            request,
            ok(
                200,
                &[
                    ("content-type", "application/json"),
                    ("location", "https://c.example/cb?code=zzzz"),
                ],
                &long,
            ),
        ));
        assert_eq!(ev.method, "POST");
        assert_eq!(ev.url, "https://as.example/token?client_secret=[redacted]");
        assert_eq!(
            ev.request_headers[0],
            ("Authorization".into(), "Basic [redacted]".into())
        );
        assert_eq!(
            ev.request_body.as_deref(),
            Some("grant_type=authorization_code&code=[redacted]")
        );
        assert_eq!(ev.status, Some(200));
        assert_eq!(
            ev.response_headers[1].1,
            "https://c.example/cb?code=[redacted]"
        );
        let body = ev.response_body.unwrap_or_default();
        assert!(
            body.starts_with(r#"{"access_token":"[redacted]","pad":"xxx"#),
            "{body}"
        );
        assert!(
            body.ends_with("… [942 more bytes]"),
            "{}",
            &body[body.len() - 40..]
        );
        assert_eq!(ev.elapsed_ms, 42);
    }

    #[test]
    fn evidence_of_a_transport_error_has_no_status_and_the_error_text() {
        let r = Redactor::new(false);
        let url = "http://127.0.0.1:9/token";
        let ev = r.evidence(&exchange(
            RawRequest::get(url),
            Err(TransportError::Connect {
                url: url.into(),
                detail: "connection refused".into(),
            }),
        ));
        assert_eq!(ev.status, None);
        assert!(ev.response_headers.is_empty());
        assert_eq!(
            ev.response_body.as_deref(),
            Some("could not connect to http://127.0.0.1:9/token: connection refused")
        );
    }

    #[test]
    fn truncation_respects_character_boundaries() {
        let s = "é".repeat(3000); // 6000 bytes
        let cut = truncate(&s, 4095);
        assert!(cut.ends_with("… [1906 more bytes]"), "{cut}");
    }
}
