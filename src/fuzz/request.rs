//! A request the fuzzer can take apart and put back together: the endpoint it goes to, its
//! method, its parameters *as encoded on the wire* (so a mutator can write invalid
//! percent-encoding), the HTTP Basic client credentials, and the content type.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::client::RawRequest;

/// Which endpoint a request is for; the oracles judge each one by its own RFC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// RFC 6749 §3.1
    Authorization,
    /// RFC 6749 §3.2
    Token,
    /// RFC 7009
    Revocation,
    /// RFC 7662
    Introspection,
}

impl Endpoint {
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Authorization => "authorization",
            Endpoint::Token => "token",
            Endpoint::Revocation => "revocation",
            Endpoint::Introspection => "introspection",
        }
    }
}

/// The form content type of RFC 6749 Appendix B.
pub const FORM: &str = "application/x-www-form-urlencoded";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzRequest {
    pub endpoint: Endpoint,
    pub method: String,
    /// The endpoint URL, without the parameters the fuzzer owns.
    pub url: String,
    /// In order, repeats kept; names and values form-encoded exactly as they will be sent.
    pub params: Vec<(String, String)>,
    /// Decoded client id and secret sent with HTTP Basic (RFC 6749 §2.3.1).
    pub basic: Option<(String, String)>,
    /// The body's Content-Type (POST only); `None` sends no Content-Type.
    pub content_type: Option<String>,
    /// Other headers of the recorded request (Accept…), kept as they were.
    pub headers: Vec<(String, String)>,
}

/// Why a recorded request could not be taken apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the recorded request to {url} does not start with the endpoint URL {endpoint}")]
    OtherUrl { url: String, endpoint: String },
    #[error("the recorded request's Authorization header is not usable HTTP Basic")]
    BadBasic,
}

impl FuzzRequest {
    /// Takes apart a request the harness built for a real flow. `endpoint_url` is the
    /// endpoint's configured URL: for a GET, whatever follows it in the query is the request's
    /// parameters.
    pub fn from_raw(
        endpoint: Endpoint,
        endpoint_url: &str,
        raw: &RawRequest,
    ) -> Result<FuzzRequest, ParseError> {
        let other_url = || ParseError::OtherUrl {
            url: raw.url.clone(),
            endpoint: endpoint_url.to_string(),
        };
        let mut params = Vec::new();
        let mut content_type = None;
        let url = if raw.method.eq_ignore_ascii_case("GET") {
            let rest = raw.url.strip_prefix(endpoint_url).ok_or_else(other_url)?;
            let query = rest
                .strip_prefix('?')
                .or_else(|| rest.strip_prefix('&'))
                .unwrap_or(rest);
            params = split_pairs(query);
            endpoint_url.to_string()
        } else {
            if let Some(body) = &raw.body {
                params = split_pairs(&String::from_utf8_lossy(body));
            }
            content_type = raw.header_value("content-type").map(str::to_string);
            raw.url.clone()
        };
        let basic = match raw.header_value("authorization") {
            Some(value) => Some(decode_basic(value).ok_or(ParseError::BadBasic)?),
            None => None,
        };
        let headers = raw
            .headers
            .iter()
            .filter(|(k, _)| {
                !["authorization", "content-type", "user-agent"]
                    .iter()
                    .any(|h| k.eq_ignore_ascii_case(h))
            })
            .cloned()
            .collect();
        Ok(FuzzRequest {
            endpoint,
            method: raw.method.to_ascii_uppercase(),
            url,
            params,
            basic,
            content_type,
            headers,
        })
    }

    /// Puts the request back together: parameters in the query for GET, in the body otherwise.
    pub fn to_raw(&self) -> RawRequest {
        let joined = self
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let get = self.method == "GET";
        let mut url = self.url.clone();
        if get && !joined.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&joined);
        }
        let mut raw = RawRequest::new(self.method.clone(), url);
        for (k, v) in &self.headers {
            raw = raw.header(k, v);
        }
        if let Some((id, secret)) = &self.basic {
            raw = raw.basic_auth(id, secret);
        }
        if !get {
            raw.body = Some(joined.into_bytes());
            if let Some(ct) = &self.content_type {
                raw = raw.header("Content-Type", ct);
            }
        }
        raw
    }

    /// The decoded value of the first parameter called `name`.
    pub fn value(&self, name: &str) -> Option<String> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| decode(v))
    }

    pub fn has(&self, name: &str) -> bool {
        self.params.iter().any(|(k, _)| k == name)
    }

    /// Replaces the value of every parameter called `name` with `value` (encoded here).
    pub fn set(&mut self, name: &str, value: &str) {
        let encoded = crate::client::form_urlencode(value);
        for (k, v) in &mut self.params {
            if k == name {
                v.clone_from(&encoded);
            }
        }
    }

    pub fn remove(&mut self, name: &str) {
        self.params.retain(|(k, _)| k != name);
    }

    /// The client secret sent, wherever it is: HTTP Basic or the body.
    pub fn client_secret(&self) -> Option<String> {
        match &self.basic {
            Some((_, secret)) => Some(secret.clone()),
            None => self.value("client_secret"),
        }
    }
}

/// `a=1&b=2` into pairs, still encoded; empty segments dropped.
fn split_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

/// Lenient form decoding (`+` is a space, bad escapes kept as they are).
pub fn decode(v: &str) -> String {
    url::form_urlencoded::parse(format!("x={v}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// `Basic base64(urlencode(id) ":" urlencode(secret))` back to id and secret.
fn decode_basic(value: &str) -> Option<(String, String)> {
    let b64 = value.strip_prefix("Basic ")?;
    let bytes = STANDARD.decode(b64.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((decode(id), decode(secret)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_post_round_trips() {
        let raw = RawRequest::post("http://as/token")
            .header("Accept", "application/json")
            .basic_auth("conf:client", "s3cr%t é")
            .form(&[("grant_type", "client_credentials"), ("scope", "a b")]);
        let f = FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw).unwrap();
        assert_eq!(
            f.basic,
            Some(("conf:client".to_string(), "s3cr%t é".to_string()))
        );
        assert_eq!(f.value("scope").as_deref(), Some("a b"));
        assert_eq!(f.content_type.as_deref(), Some(FORM));
        let back = f.to_raw();
        assert_eq!(back.body, raw.body);
        assert_eq!(
            back.header_value("authorization"),
            raw.header_value("authorization")
        );
    }

    #[test]
    fn a_recorded_get_keeps_its_query_as_parameters() {
        let raw =
            RawRequest::get("http://as/authorize").query(&[("client_id", "c"), ("state", "x y")]);
        let f =
            FuzzRequest::from_raw(Endpoint::Authorization, "http://as/authorize", &raw).unwrap();
        assert_eq!(f.params.len(), 2);
        assert_eq!(f.to_raw().url, raw.url);
        assert!(f.to_raw().body.is_none());
    }

    #[test]
    fn switching_the_method_moves_the_parameters() {
        let raw = RawRequest::post("http://as/token").form(&[("grant_type", "x")]);
        let mut f = FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw).unwrap();
        f.method = "GET".into();
        assert_eq!(f.to_raw().url, "http://as/token?grant_type=x");
    }

    #[test]
    fn a_foreign_url_or_a_broken_basic_header_is_an_error() {
        let raw = RawRequest::get("http://other/authorize?x=1");
        assert!(
            FuzzRequest::from_raw(Endpoint::Authorization, "http://as/authorize", &raw).is_err()
        );
        let raw = RawRequest::post("http://as/token").header("Authorization", "Basic !!!");
        assert_eq!(
            FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw),
            Err(ParseError::BadBasic)
        );
    }
}
