//! Checks on transport security: endpoints served only over TLS (RFC 6749 §2.3.1, §3.1, §3.2,
//! §10.11; RFC 7662 §2), a certificate the client can validate (RFC 6749 §10.9), TLS 1.2
//! supported (RFC 7662 §4, RFC 8414 §6.1), and https URLs in the metadata (RFC 7009 §2,
//! RFC 8414 §2, OAuth 2.1 §1.5).

use serde_json::{Map, Value};

use super::{short, Verdict};
use crate::client::{Exchange, TransportError};

/// Whether a URL is plain http to a loopback host: a local test target, for which the
/// TLS-only requirements are skipped rather than failed.
pub fn is_loopback_http(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.scheme() == "http") && is_loopback_url(url)
}

/// Whether a URL's host is a loopback IP literal or `localhost` (RFC 8252 §7.3, §8.3), any
/// scheme.
pub fn is_loopback_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    })
}

/// The endpoint itself is https. (A loopback http target is skipped before this is asked.)
pub fn endpoint_is_https(name: &str, url: &str) -> Verdict {
    if url.starts_with("https://") {
        Verdict::Met(format!("the {name} is {url}"))
    } else {
        Verdict::violated(
            format!("the {name} is served over plain HTTP"),
            "an https URL",
            url.to_string(),
        )
    }
}

/// What the plain-HTTP variant of an endpoint did with a request that would succeed over TLS.
/// Refusing is any non-2xx answer that does not lead on over plain HTTP: an error status, a
/// redirect to an https URL, or no HTTP service at all. A 2xx answer, or a redirect that stays
/// on plain HTTP, serves the endpoint without TLS.
pub fn not_served_over_plain_http(what: &str, exchange: &Exchange) -> Verdict {
    let url = &exchange.request.url;
    let response = match &exchange.response {
        Ok(response) => response,
        Err(TransportError::Connect { detail, .. }) => {
            return Verdict::Met(format!(
                "nothing serves plain HTTP at {url} ({})",
                short(detail)
            ))
        }
        Err(TransportError::Timeout { .. }) => {
            return Verdict::Met(format!("{url} did not answer over plain HTTP"))
        }
        Err(error) => {
            return Verdict::Met(format!(
                "plain HTTP at {url} failed: {}",
                short(&error.to_string())
            ))
        }
    };
    let expected = "a refusal: an error status, a redirect to https, or no plain-HTTP service";
    match response.status {
        200..=299 => Verdict::violated(
            format!("the {what} is served over plain HTTP"),
            expected,
            format!("HTTP {} {}", response.status, short(&response.text())),
        ),
        300..=399 => match response.header("location") {
            Some(location) if is_https_upgrade(url, location) => Verdict::Met(format!(
                "plain HTTP is redirected to the same URL over https ({})",
                response.status
            )),
            location => Verdict::violated(
                format!(
                    "the {what} handles the request over plain HTTP (it redirects on instead of \
                     upgrading the same URL to https)"
                ),
                expected,
                format!(
                    "HTTP {} Location: {}",
                    response.status,
                    location.unwrap_or("")
                ),
            ),
        },
        status => Verdict::Met(format!("plain HTTP is refused with HTTP {status}")),
    }
}

/// A redirect from `url` to the same path over https: the usual upgrade, which handles nothing
/// over plain HTTP.
fn is_https_upgrade(url: &str, location: &str) -> bool {
    let (Ok(from), Ok(to)) = (url::Url::parse(url), url::Url::parse(location)) else {
        return false;
    };
    to.scheme() == "https" && to.host() == from.host() && to.path() == from.path()
}

/// Whether a transport failure happened in the TLS layer (handshake, certificate, alert),
/// as opposed to the network (refused, unreachable, timeout).
pub fn is_tls_failure(error: &TransportError) -> bool {
    let text = error.to_string().to_ascii_lowercase();
    ["certificate", "tls", "handshake", "alert", "ssl", "peer"]
        .iter()
        .any(|word| text.contains(word))
}

/// RFC 6749 §10.9: the server authenticates with a certificate the client can validate.
/// `None` when the failure is not about TLS (the caller reports a harness error).
pub fn certificate_validates(exchange: &Exchange) -> Option<Verdict> {
    match &exchange.response {
        Ok(response) => Some(Verdict::Met(format!(
            "the certificate of {} validates (HTTP {})",
            exchange.request.url, response.status
        ))),
        Err(error) if is_tls_failure(error) => Some(Verdict::violated(
            "the server certificate cannot be validated",
            "a TLS handshake with a certificate that validates for the host",
            short(&error.to_string()),
        )),
        Err(_) => None,
    }
}

/// RFC 7662 §4, RFC 8414 §6.1: TLS 1.2 is supported. `None` when the failure is not about TLS.
pub fn tls12_accepted(exchange: &Exchange) -> Option<Verdict> {
    match &exchange.response {
        Ok(response) => Some(Verdict::Met(format!(
            "a TLS 1.2 handshake with {} succeeded (HTTP {})",
            exchange.request.url, response.status
        ))),
        Err(error) if is_tls_failure(error) => Some(Verdict::violated(
            "the server refuses a TLS 1.2 handshake",
            "a TLS 1.2 handshake succeeds",
            short(&error.to_string()),
        )),
        Err(_) => None,
    }
}

/// OAuth 2.1 §1.5, RFC 8414 §2 and §3, RFC 7009 §2: every URL the metadata publishes (the
/// issuer, the endpoints, `jwks_uri` and the documentation links) uses https.
pub fn published_urls_https(doc: &Map<String, Value>) -> Verdict {
    let plain: Vec<String> = doc
        .iter()
        .filter(|(name, _)| is_url_member(name))
        .filter_map(|(name, value)| {
            let url = value.as_str()?;
            url.to_ascii_lowercase()
                .starts_with("http://")
                .then(|| format!("{name}: {url}"))
        })
        .collect();
    if plain.is_empty() {
        Verdict::Met("every URL in the metadata uses https".into())
    } else {
        Verdict::violated(
            "the metadata publishes plain-HTTP URLs",
            "https URLs only",
            plain.join("; "),
        )
    }
}

/// Metadata members whose value is a URL (RFC 8414 §2 and the registry that extends it).
fn is_url_member(name: &str) -> bool {
    name == "issuer"
        || name.ends_with("_endpoint")
        || name.ends_with("_uri")
        || name == "service_documentation"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{RawRequest, Response};
    use std::time::Duration;

    fn exchange(response: Result<Response, TransportError>) -> Exchange {
        Exchange {
            request: RawRequest::get("http://as.example/token"),
            response,
            elapsed: Duration::from_millis(1),
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn loopback_http_is_recognised() {
        assert!(is_loopback_http("http://127.0.0.1:8080/token"));
        assert!(is_loopback_http("http://localhost/x"));
        assert!(is_loopback_http("http://[::1]:9/"));
        assert!(!is_loopback_http("https://127.0.0.1/"));
        assert!(!is_loopback_http("http://as.example/"));
    }

    #[test]
    fn loopback_redirect_uris_are_told_apart() {
        assert!(is_loopback_url("http://127.0.0.1:9999/cb"));
        assert!(is_loopback_url("http://[::1]:8080/cb"));
        assert!(is_loopback_url("http://localhost/cb"));
        assert!(!is_loopback_url("https://client.example/cb"));
        assert!(!is_loopback_url("not a uri"));
    }

    #[test]
    fn a_2xx_over_plain_http_is_served() {
        let e = exchange(Ok(response(200, &[], r#"{"access_token":"x"}"#)));
        assert!(!not_served_over_plain_http("token endpoint", &e).is_met());
    }

    #[test]
    fn a_redirect_that_stays_on_http_is_served() {
        let e = exchange(Ok(response(
            302,
            &[("Location", "http://as.example/login")],
            "",
        )));
        assert!(!not_served_over_plain_http("authorization endpoint", &e).is_met());
    }

    #[test]
    fn refusals_pass() {
        for r in [
            response(403, &[], "https required"),
            response(301, &[("Location", "https://as.example/token")], ""),
            response(400, &[], ""),
        ] {
            assert!(not_served_over_plain_http("x", &exchange(Ok(r))).is_met());
        }
        // A redirect to another https page (say, the login page) means the request was handled.
        let onward = response(302, &[("Location", "https://as.example/login?x=1")], "");
        assert!(!not_served_over_plain_http("x", &exchange(Ok(onward))).is_met());
        let refused = exchange(Err(TransportError::Connect {
            url: "http://as.example/token".into(),
            detail: "connection refused".into(),
        }));
        assert!(not_served_over_plain_http("x", &refused).is_met());
    }

    #[test]
    fn certificate_errors_fail_and_network_errors_are_not_judged() {
        let bad = exchange(Err(TransportError::Connect {
            url: "https://as.example/".into(),
            detail: "invalid peer certificate: UnknownIssuer".into(),
        }));
        assert!(!certificate_validates(&bad).unwrap().is_met());
        let refused = exchange(Err(TransportError::Connect {
            url: "https://as.example/".into(),
            detail: "connection refused".into(),
        }));
        assert!(certificate_validates(&refused).is_none());
        assert!(certificate_validates(&exchange(Ok(response(405, &[], ""))))
            .unwrap()
            .is_met());
    }

    #[test]
    fn tls12_refusal_fails() {
        let bad = exchange(Err(TransportError::Other {
            url: "https://as.example/".into(),
            detail: "received fatal alert: ProtocolVersion".into(),
        }));
        assert!(!tls12_accepted(&bad).unwrap().is_met());
        assert!(tls12_accepted(&exchange(Ok(response(200, &[], ""))))
            .unwrap()
            .is_met());
    }

    #[test]
    fn plain_urls_in_metadata_are_named() {
        let doc: Map<String, Value> = serde_json::from_str(
            r#"{"issuer":"https://as.example","token_endpoint":"https://as.example/t",
                "jwks_uri":"http://as.example/jwks","scopes_supported":["http://x"]}"#,
        )
        .unwrap();
        match published_urls_https(&doc) {
            Verdict::Violated { observed, .. } => {
                assert_eq!(observed, "jwks_uri: http://as.example/jwks")
            }
            other => panic!("{other:?}"),
        }
        let good: Map<String, Value> =
            serde_json::from_str(r#"{"issuer":"https://as.example"}"#).unwrap();
        assert!(published_urls_https(&good).is_met());
    }
}
