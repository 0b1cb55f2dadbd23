//! Shared plumbing of the fuzz targets: reading an HTTP request written as text, and sending it
//! through the reference server's router in-process.
//!
//! The endpoint targets take a request as text, the way it goes over the wire, so that the seed
//! corpora are real requests the suite made (see `fuzz/README.md`):
//!
//! ```text
//! POST /token HTTP/1.1
//! Content-Type: application/x-www-form-urlencoded
//! Authorization: Basic Y29uZi1jbGllbnQ6Y29uZi1jbGllbnQtc2VjcmV0
//!
//! grant_type=client_credentials&scope=read
//! ```
//!
//! The path of the request line is replaced by the target's endpoint; the query is kept.

use std::cell::RefCell;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request};
use tower::ServiceExt;

/// The issuer the in-process server reports; nothing listens there.
pub const ISSUER: &str = "http://127.0.0.1:9";

/// A request read from fuzz input.
#[derive(Debug, Clone)]
pub struct TextRequest {
    pub method: Method,
    /// The query after `?`, if the request line has one.
    pub query: Option<String>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

impl TextRequest {
    /// Reads the text form above; `None` for input that is no HTTP request (a bad method,
    /// header name or value), which the server could never receive.
    pub fn parse(input: &[u8]) -> Option<TextRequest> {
        let (head, body) = split_head(input);
        let head = std::str::from_utf8(head).ok()?;
        let mut lines = head
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line));
        let request_line = lines.next()?;
        let mut parts = request_line.split(' ');
        let method = Method::from_bytes(parts.next()?.as_bytes()).ok()?;
        let target = parts.next().unwrap_or("/");
        let query = target.split_once('?').map(|(_, query)| query.to_owned());
        let mut headers = Vec::new();
        for line in lines {
            let (name, value) = line.split_once(':')?;
            let name = HeaderName::from_bytes(name.trim().as_bytes()).ok()?;
            let value = HeaderValue::from_str(value.trim()).ok()?;
            headers.push((name, value));
        }
        Some(TextRequest {
            method,
            query,
            headers,
            body: body.to_vec(),
        })
    }

    /// The `http` request to `path`, with this request's query, headers and body.
    pub fn to_http(&self, path: &str) -> Option<Request<Body>> {
        let uri = match &self.query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_owned(),
        };
        let mut builder = Request::builder().method(self.method.clone()).uri(uri);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(Body::from(self.body.clone())).ok()
    }

    /// The headers as a [`axum::http::HeaderMap`], repeats kept.
    pub fn header_map(&self) -> axum::http::HeaderMap {
        let mut map = axum::http::HeaderMap::new();
        for (name, value) in &self.headers {
            map.append(name.clone(), value.clone());
        }
        map
    }
}

/// Reads a response written as text (`HTTP/1.1 400 Bad Request`, header lines, an empty
/// line, the body) into the harness's [`oauth2spec::client::Response`]. Unlike a request, a
/// response is taken as loosely as a client would: any status number, any header text.
pub fn parse_response(input: &[u8]) -> Option<oauth2spec::client::Response> {
    let (head, body) = split_head(input);
    let head = String::from_utf8_lossy(head);
    let mut lines = head
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let status_line = lines.next()?;
    let status = status_line.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Some(oauth2spec::client::Response {
        status,
        headers,
        body: body.to_vec(),
        truncated: false,
    })
}

/// Head and body, split at the first empty line (`\r\n\r\n` or `\n\n`).
fn split_head(input: &[u8]) -> (&[u8], &[u8]) {
    for (index, window) in input.windows(2).enumerate() {
        if window == b"\n\n" {
            return (&input[..index], &input[index + 2..]);
        }
        if window == b"\n\r" && input.get(index + 2) == Some(&b'\n') {
            return (&input[..index], &input[index + 3..]);
        }
    }
    (input, &[])
}

/// What the server answered.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

thread_local! {
    static RUNTIME: RefCell<tokio::runtime::Runtime> = RefCell::new(
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread runtime"),
    );
}

/// Sends `request` to a fresh clean reference server (fresh so that runs do not depend on
/// each other and the store cannot grow across runs).
pub fn send(request: Request<Body>) -> Answer {
    let app = reference_server::app(reference_server::ServerConfig::default(), ISSUER);
    RUNTIME.with(|runtime| {
        runtime.borrow().block_on(async move {
            let response = app
                .oneshot(request)
                .await
                .expect("the router is infallible");
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("an in-memory body");
            Answer {
                status,
                headers,
                body: body.to_vec(),
            }
        })
    })
}

/// Reads `input` as a request, sends it to `path` of a fresh server and checks the shared
/// oracle; `None` for input that is no HTTP request.
pub fn exchange(input: &[u8], path: &str) -> Option<(TextRequest, Answer)> {
    let request = TextRequest::parse(input)?;
    let answer = send(request.to_http(path)?);
    assert_no_server_error(&answer, &request);
    Some((request, answer))
}

/// The oracle every endpoint target shares: the server never fails with a 5xx on bad input.
pub fn assert_no_server_error(answer: &Answer, request: &TextRequest) {
    assert!(
        answer.status < 500,
        "HTTP {} for {request:?}: {}",
        answer.status,
        String::from_utf8_lossy(&answer.body)
    );
}

/// RFC 6749 §5.2: a 400 or 401 from the token, revocation or introspection endpoint is a JSON
/// object with an `error` string from the registered codes (RFC 7009 §2.2.1 adds
/// `unsupported_token_type`).
pub fn assert_token_error_shape(answer: &Answer) {
    if !matches!(answer.status, 400 | 401) {
        return;
    }
    let json = answer.json();
    let error = json
        .as_ref()
        .and_then(|json| json.get("error"))
        .and_then(|error| error.as_str());
    // RFC 7009 §2.2.1 adds unsupported_token_type to the §5.2 codes.
    let known = |code: &str| {
        oauth2spec::protocol::TOKEN_ERRORS.contains(&code) || code == "unsupported_token_type"
    };
    assert!(
        error.is_some_and(known),
        "HTTP {} without a registered error code: {}",
        answer.status,
        String::from_utf8_lossy(&answer.body)
    );
}
