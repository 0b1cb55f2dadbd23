//! A request builder that sends exactly what it is told: repeated parameters, odd queries, two
//! `Authorization` headers, a body with the wrong content type. Nothing is normalised here, so
//! the harness can also send the malformed requests the RFCs say a server must reject.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// One HTTP request, as it will be (or was) sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    pub method: String,
    /// Sent as is, not re-encoded, so odd queries reach the server. (The only change on the way
    /// out is the one any HTTP client makes: characters that cannot appear in a request line at
    /// all, such as a space or `"`, are percent-encoded, and the host is lowercased.)
    pub url: String,
    /// In order; repeats are sent as repeats.
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

impl RawRequest {
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        RawRequest {
            method: method.into(),
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn get(url: impl Into<String>) -> Self {
        Self::new("GET", url)
    }

    pub fn post(url: impl Into<String>) -> Self {
        Self::new("POST", url)
    }

    /// Appends `k=v` pairs to the URL's query, form-urlencoded, in order, duplicates kept. An
    /// existing query is kept as it is; a fragment stays at the end.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        if pairs.is_empty() {
            return self;
        }
        let (before_fragment, fragment) = match self.url.find('#') {
            Some(i) => self.url.split_at(i),
            None => (self.url.as_str(), ""),
        };
        let mut url = before_fragment.to_string();
        match url.find('?') {
            None => url.push('?'),
            Some(_) if url.ends_with('?') || url.ends_with('&') => {}
            Some(_) => url.push('&'),
        }
        url.push_str(&encode_pairs(pairs));
        url.push_str(fragment);
        self.url = url;
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from pairs, in order, duplicates kept
    /// (RFC 6749 Appendix B).
    pub fn form(self, pairs: &[(&str, &str)]) -> Self {
        let body = encode_pairs(pairs);
        self.body("application/x-www-form-urlencoded", body)
    }

    /// Appends a header; an existing header of the same name is kept, so calling this twice
    /// sends the header twice.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body and replaces any `Content-Type` header with `content_type`. To send a body
    /// with no content type, or with two, edit `headers` afterwards.
    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
        self.headers
            .push(("Content-Type".to_string(), content_type.to_string()));
        self.body = Some(body.into());
        self
    }

    /// Adds `Authorization: Basic …` (RFC 6749 §2.3.1): the client identifier and the secret are
    /// each encoded with the `application/x-www-form-urlencoded` algorithm (Appendix B) before
    /// being joined with `:` and base64-encoded (RFC 7617).
    pub fn basic_auth(self, client_id: &str, secret: &str) -> Self {
        let credentials = format!("{}:{}", form_urlencode(client_id), form_urlencode(secret));
        let value = format!("Basic {}", STANDARD.encode(credentials));
        self.header("Authorization", &value)
    }

    /// Adds `Authorization: Bearer <token>` (RFC 6750 §2.1).
    pub fn bearer(self, token: &str) -> Self {
        self.header("Authorization", &format!("Bearer {token}"))
    }

    /// The first header called `name` (case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The `application/x-www-form-urlencoded` encoding of RFC 6749 Appendix B / §2.3.1: UTF-8, then
/// every byte except `A-Z a-z 0-9 * - . _` percent-encoded, and space as `+`.
pub fn form_urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn encode_pairs(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&form_urlencode(k));
        out.push('=');
        out.push_str(&form_urlencode(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_keeps_order_and_duplicates() {
        let r = RawRequest::get("https://as.example/authorize").query(&[
            ("scope", "a b"),
            ("state", "1"),
            ("state", "2"),
        ]);
        assert_eq!(
            r.url,
            "https://as.example/authorize?scope=a+b&state=1&state=2"
        );
    }

    #[test]
    fn query_appends_to_an_existing_query_and_keeps_the_fragment() {
        let r = RawRequest::get("https://as.example/a?x=1#frag").query(&[("y", "&=")]);
        assert_eq!(r.url, "https://as.example/a?x=1&y=%26%3D#frag");
        let r = RawRequest::get("https://as.example/a?").query(&[("y", "2")]);
        assert_eq!(r.url, "https://as.example/a?y=2");
        let r = RawRequest::get("https://as.example/a?x").query(&[]);
        assert_eq!(r.url, "https://as.example/a?x");
    }

    #[test]
    fn form_body_keeps_order_and_duplicates_and_sets_content_type() {
        let r = RawRequest::post("https://as.example/token")
            .header("content-type", "text/plain")
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", "a+b/c"),
                ("code", "é"),
            ]);
        assert_eq!(
            r.body.as_deref(),
            Some(&b"grant_type=authorization_code&code=a%2Bb%2Fc&code=%C3%A9"[..])
        );
        assert_eq!(
            r.headers,
            vec![(
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded".to_string()
            )]
        );
    }

    #[test]
    fn basic_auth_encodes_reserved_characters_per_6749_2_3_1() {
        let r =
            RawRequest::post("https://as.example/token").basic_auth("conf:client/2", "s3cr%t+&é");
        let value = r.header_value("authorization").unwrap_or_default();
        let encoded = value.strip_prefix("Basic ").unwrap_or_default();
        let decoded = STANDARD.decode(encoded).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&decoded),
            "conf%3Aclient%2F2:s3cr%25t%2B%26%C3%A9"
        );
    }

    #[test]
    fn two_authorization_headers_are_both_sent() {
        let r = RawRequest::get("https://rs.example/")
            .bearer("t1")
            .basic_auth("a", "b");
        assert_eq!(
            r.headers
                .iter()
                .filter(|(k, _)| k == "Authorization")
                .count(),
            2
        );
        assert_eq!(r.header_value("AUTHORIZATION"), Some("Bearer t1"));
    }

    #[test]
    fn form_urlencode_uses_plus_for_space() {
        assert_eq!(form_urlencode("a b*-._~"), "a+b*-._%7E");
    }
}
