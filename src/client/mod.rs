//! HTTP client that records every exchange and can send malformed requests.
//!
//! [`HttpClient::send`] never follows redirects, keeps no cookies and reads at most a bounded
//! number of body bytes within a bounded time: the target is under test and may be hostile.
//! Every call yields an [`Exchange`], also when no response came, so it can be shown as
//! evidence after [`Redactor`] has removed the secrets.

mod exchange;
pub mod redact;
mod request;

use std::time::{Duration, Instant};

pub use exchange::{BodyError, Exchange, Response, TransportError};
pub use redact::Redactor;
pub use request::{form_urlencode, RawRequest};

/// The `User-Agent` sent unless the request names its own.
pub const USER_AGENT: &str = concat!("oauth2spec/", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Bounds the whole exchange: connecting, sending, and reading the body.
    pub request_timeout: Duration,
    /// Body bytes kept; the rest is not read and the response is marked `truncated`.
    pub max_body_bytes: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 1 << 20,
        }
    }
}

/// How the client does TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsOptions {
    /// PEM certificates trusted besides the public web roots.
    pub extra_roots_pem: Vec<String>,
    /// Validate the server certificate (host name, chain, validity).
    pub verify: bool,
    /// Offer TLS 1.2 only (to check that a server supports it).
    pub tls12_only: bool,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions {
            extra_roots_pem: Vec::new(),
            verify: true,
            tls12_only: false,
        }
    }
}

impl From<&crate::config::Tls> for TlsOptions {
    fn from(tls: &crate::config::Tls) -> Self {
        TlsOptions {
            extra_roots_pem: tls.extra_roots_pem.clone(),
            verify: tls.verify,
            tls12_only: false,
        }
    }
}

/// One connection pool for the whole run; cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    inner: reqwest::Client,
    options: ClientOptions,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub fn new(options: ClientOptions) -> Result<Self, TransportError> {
        Self::with_tls(options, &TlsOptions::default())
    }

    pub fn with_tls(options: ClientOptions, tls: &TlsOptions) -> Result<Self, TransportError> {
        let cannot = |detail: String| TransportError::Other {
            url: String::new(),
            detail: format!("cannot build the HTTP client: {detail}"),
        };
        let mut builder = reqwest::Client::builder()
            // Redirects are what the front channel is about: the caller decides about each one.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.request_timeout)
            .danger_accept_invalid_certs(!tls.verify);
        for pem in &tls.extra_roots_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .map_err(|e| cannot(format!("a trusted CA is not valid PEM: {}", chain(&e))))?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        if tls.tls12_only {
            builder = builder
                .min_tls_version(reqwest::tls::Version::TLS_1_2)
                .max_tls_version(reqwest::tls::Version::TLS_1_2);
        }
        let inner = builder.build().map_err(|e| cannot(chain(&e)))?;
        Ok(HttpClient { inner, options })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Sends `request` exactly as given, plus a `User-Agent` if it has none. Never follows
    /// redirects; keeps at most `max_body_bytes` of the body and stops reading there; the whole
    /// exchange, body included, is bounded by `request_timeout`. Transport failures come back
    /// inside the exchange.
    pub async fn send(&self, mut request: RawRequest) -> Exchange {
        if request.header_value("user-agent").is_none() {
            request
                .headers
                .push(("User-Agent".into(), USER_AGENT.into()));
        }
        // reqwest adds `Accept: */*` to a request without one; record it so the evidence shows
        // what went over the wire.
        if request.header_value("accept").is_none() {
            request.headers.push(("Accept".into(), "*/*".into()));
        }
        let started = Instant::now();
        let timeout = self.options.request_timeout;
        let response = match tokio::time::timeout(timeout, self.exchange(&request)).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::Timeout {
                url: request.url.clone(),
                secs: whole_seconds(timeout),
            }),
        };
        Exchange {
            request,
            response,
            elapsed: started.elapsed(),
        }
    }

    async fn exchange(&self, request: &RawRequest) -> Result<Response, TransportError> {
        let url = &request.url;
        let parsed = reqwest::Url::parse(url).map_err(|e| TransportError::InvalidUrl {
            url: url.clone(),
            detail: e.to_string(),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(TransportError::InvalidUrl {
                url: url.clone(),
                detail: format!("the scheme {:?} is not http or https", parsed.scheme()),
            });
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            TransportError::Other {
                url: url.clone(),
                detail: format!("{:?} is not a valid HTTP method", request.method),
            }
        })?;
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &request.headers {
            let header_name =
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    TransportError::Other {
                        url: url.clone(),
                        detail: format!("{name:?} is not a valid header name"),
                    }
                })?;
            let header_value =
                reqwest::header::HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
                    TransportError::Other {
                        url: url.clone(),
                        detail: format!("the value of header {name} is not a valid header value"),
                    }
                })?;
            headers.append(header_name, header_value);
        }
        let mut builder = self.inner.request(method, parsed).headers(headers);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let mut response = builder.send().await.map_err(|e| transport_error(url, &e))?;

        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let cap = self.options.max_body_bytes;
        let mut body = Vec::new();
        let mut truncated = false;
        // Read chunk by chunk and stop at the cap: a hostile server may send an endless body.
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(url, &e))?
        {
            let room = cap.saturating_sub(body.len());
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                truncated = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
            truncated,
        })
    }
}

fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Classifies a reqwest error and names its root cause, e.g. "connection refused".
fn transport_error(url: &str, e: &reqwest::Error) -> TransportError {
    let url = url.to_string();
    let detail = chain(e);
    if e.is_connect() {
        TransportError::Connect { url, detail }
    } else if e.is_builder() {
        TransportError::InvalidUrl { url, detail }
    } else {
        TransportError::Other { url, detail }
    }
}

/// The most specific cause in an error's source chain, worded for a user.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut current: &(dyn std::error::Error + 'static) = e;
    let mut deepest = e.to_string();
    loop {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => return "connection refused".into(),
                std::io::ErrorKind::ConnectionReset => {
                    return "connection reset by the server".into()
                }
                std::io::ErrorKind::UnexpectedEof => {
                    return "the server closed the connection early".into()
                }
                _ => {}
            }
        }
        match current.source() {
            Some(next) => {
                deepest = next.to_string();
                current = next;
            }
            None => return deepest,
        }
    }
}
