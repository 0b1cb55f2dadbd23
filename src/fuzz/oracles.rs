//! Oracles: what must hold for *every* answer, whatever the fuzzer sent. Each is a small pure
//! function of the request as sent and what came back, returning a finding with a name and the
//! evidence in a sentence.

use std::time::Duration;

use crate::client::Exchange;
use crate::protocol::{AUTHORIZATION_ERRORS, TOKEN_ERRORS};

use super::request::{Endpoint, FuzzRequest};

/// One broken rule, seen on one exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Stable name, e.g. `server_error`; findings are grouped by it.
    pub oracle: &'static str,
    /// What was seen, in a sentence (not yet redacted).
    pub evidence: String,
}

fn violation(oracle: &'static str, evidence: impl Into<String>) -> Option<Violation> {
    Some(Violation {
        oracle,
        evidence: evidence.into(),
    })
}

/// What the oracles need to know about one fuzz case besides the exchange.
#[derive(Debug, Clone)]
pub struct Case<'a> {
    pub request: &'a FuzzRequest,
    /// The rule that makes the request invalid, if a mutation made it so.
    pub must_reject: Option<&'a str>,
    /// The client's registered redirect URIs: a redirect there is an answer to the client.
    pub redirect_uris: &'a [String],
    /// Secrets that must never come back in a response (client secrets, verifier, password).
    pub secrets: &'a [String],
    pub slow: Duration,
}

/// Every oracle, in order.
pub fn judge(case: &Case<'_>, exchange: &Exchange) -> Vec<Violation> {
    [
        no_response(exchange),
        server_error(exchange),
        slow_response(case, exchange),
        malformed_back_channel_error(case, exchange),
        malformed_authorization_redirect(case, exchange),
        issued_for_rejected_request(case, exchange),
        invalid_authorization_request_not_refused(case, exchange),
        reflected_secret(case, exchange),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The server closed the connection or never answered (a crash, a hang).
pub fn no_response(exchange: &Exchange) -> Option<Violation> {
    let e = exchange.response.as_ref().err()?;
    if matches!(e, crate::client::TransportError::Timeout { .. }) {
        return None; // slow_response reports it
    }
    violation("no_response", format!("no HTTP response: {e}"))
}

/// RFC 9110 §15.6: a 5xx says the server failed; no client input should make it fail.
pub fn server_error(exchange: &Exchange) -> Option<Violation> {
    let r = exchange.response.as_ref().ok()?;
    if r.status < 500 {
        return None;
    }
    violation(
        "server_error",
        format!("HTTP {} {}", r.status, snippet(&r.text())),
    )
}

pub fn slow_response(case: &Case<'_>, exchange: &Exchange) -> Option<Violation> {
    let timed_out = matches!(
        exchange.response,
        Err(crate::client::TransportError::Timeout { .. })
    );
    if exchange.elapsed <= case.slow && !timed_out {
        return None;
    }
    violation(
        "slow_response",
        format!(
            "answered after {} ms (bound {} ms){}",
            exchange.elapsed.as_millis(),
            case.slow.as_millis(),
            if timed_out { ", timed out" } else { "" }
        ),
    )
}

/// RFC 6749 §5.2 (and RFC 7009 §2.2.1, RFC 7662 §2.3, which reuse it): a 400 or 401 from a
/// back-channel endpoint is a JSON object with a registered `error` code.
pub fn malformed_back_channel_error(case: &Case<'_>, exchange: &Exchange) -> Option<Violation> {
    if case.request.endpoint == Endpoint::Authorization {
        return None;
    }
    let r = exchange.response.as_ref().ok()?;
    if !matches!(r.status, 400 | 401) {
        return None;
    }
    let codes: Vec<&str> = match case.request.endpoint {
        Endpoint::Revocation => TOKEN_ERRORS
            .iter()
            .copied()
            .chain(["unsupported_token_type"])
            .collect(),
        _ => TOKEN_ERRORS.to_vec(),
    };
    let json = match r.json() {
        Ok(j) => j,
        Err(e) => {
            return violation(
                "malformed_error_response",
                format!("HTTP {} whose body is not a JSON error: {e}", r.status),
            )
        }
    };
    match json.get("error").and_then(|e| e.as_str()) {
        Some(code) if codes.contains(&code) => None,
        Some(code) => violation(
            "malformed_error_response",
            format!("HTTP {} with unregistered error code {code:?}", r.status),
        ),
        None => violation(
            "malformed_error_response",
            format!(
                "HTTP {} JSON without a string \"error\": {}",
                r.status,
                snippet(&r.text())
            ),
        ),
    }
}

/// The redirect back to the client, if this answer is one.
fn client_redirect(case: &Case<'_>, exchange: &Exchange) -> Option<url::Url> {
    let r = exchange.response.as_ref().ok()?;
    if !r.is_redirect() {
        return None;
    }
    let location = r.location()?;
    let to_client = case
        .redirect_uris
        .iter()
        .chain(case.request.value("redirect_uri").as_ref())
        .any(|u| !u.is_empty() && location.starts_with(u.as_str()));
    if !to_client {
        return None;
    }
    url::Url::parse(location).ok()
}

fn redirect_param(u: &url::Url, name: &str) -> Option<String> {
    let from_query = u
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned());
    from_query.or_else(|| {
        url::form_urlencoded::parse(u.fragment()?.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    })
}

/// RFC 6749 §4.1.2, §4.1.2.1: a redirect to the client carries a code or a registered error.
pub fn malformed_authorization_redirect(case: &Case<'_>, exchange: &Exchange) -> Option<Violation> {
    if case.request.endpoint != Endpoint::Authorization {
        return None;
    }
    let u = client_redirect(case, exchange)?;
    if redirect_param(&u, "code").is_some() {
        return None;
    }
    match redirect_param(&u, "error") {
        Some(code) if AUTHORIZATION_ERRORS.contains(&code.as_str()) => None,
        Some(code) => violation(
            "malformed_error_response",
            format!("redirect to the client with unregistered error {code:?}"),
        ),
        None => violation(
            "malformed_error_response",
            "redirect to the client with neither code nor error",
        ),
    }
}

/// The point of the whole exercise: a request that must be rejected never yields a token
/// (token endpoint), a code (authorization endpoint) or an active answer (introspection).
pub fn issued_for_rejected_request(case: &Case<'_>, exchange: &Exchange) -> Option<Violation> {
    let why = case.must_reject?;
    let r = exchange.response.as_ref().ok()?;
    let what = match case.request.endpoint {
        Endpoint::Token if (200..300).contains(&r.status) => {
            let json = r.json().ok()?;
            json.get("access_token")?.as_str()?;
            "an access token"
        }
        Endpoint::Introspection if (200..300).contains(&r.status) => {
            let json = r.json().ok()?;
            if json.get("active")? != &serde_json::Value::Bool(true) {
                return None;
            }
            "\"active\": true"
        }
        Endpoint::Authorization => {
            let u = client_redirect(case, exchange)?;
            redirect_param(&u, "code")?;
            "an authorization code"
        }
        _ => return None,
    };
    violation(
        "issued_for_rejected_request",
        format!(
            "HTTP {} with {what} for a request that must be rejected: {why}",
            r.status
        ),
    )
}

/// RFC 6749 §4.1.2.1: an invalid authorization request is answered with an error redirect to
/// the client or, when the client or redirect URI is in doubt, an error page. RFC 9700 §4.11.2
/// lets the server sign the user in first and redirect the error afterwards, so a redirect to
/// the server's own pages (same origin as the authorization endpoint) is not judged here: the
/// fuzzer sends no browser session to follow it.
pub fn invalid_authorization_request_not_refused(
    case: &Case<'_>,
    exchange: &Exchange,
) -> Option<Violation> {
    if case.request.endpoint != Endpoint::Authorization || case.request.method != "GET" {
        return None;
    }
    let why = case.must_reject?;
    let r = exchange.response.as_ref().ok()?;
    if (400..500).contains(&r.status) {
        return None;
    }
    if let Some(u) = client_redirect(case, exchange) {
        if redirect_param(&u, "error").is_some() || redirect_param(&u, "code").is_some() {
            return None; // an error is a refusal; a code is issued_for_rejected_request
        }
    }
    if (300..400).contains(&r.status) && redirects_to_same_origin(&exchange.request.url, r) {
        return None;
    }
    let where_to = r
        .location()
        .map(|l| format!(" to {}", snippet(l)))
        .unwrap_or_default();
    violation(
        "invalid_request_not_refused",
        format!(
            "HTTP {}{where_to} for an invalid authorization request: {why}",
            r.status
        ),
    )
}

/// Whether the redirect stays on the origin of the request (the server's login page, say).
fn redirects_to_same_origin(request_url: &str, r: &crate::client::Response) -> bool {
    let (Ok(base), Some(location)) = (url::Url::parse(request_url), r.location()) else {
        return false;
    };
    base.join(location)
        .is_ok_and(|to| to.origin() == base.origin())
}

/// A secret the client sent comes back in the answer (an error description echoing the
/// client secret, say): logs and browsers would keep it.
pub fn reflected_secret(case: &Case<'_>, exchange: &Exchange) -> Option<Violation> {
    let r = exchange.response.as_ref().ok()?;
    let body = String::from_utf8_lossy(&r.body);
    let sent = case.request.to_raw();
    let sent_text = format!(
        "{} {} {}",
        sent.url,
        String::from_utf8_lossy(sent.body.as_deref().unwrap_or_default()),
        case.request.client_secret().unwrap_or_default()
    );
    case.secrets
        .iter()
        .filter(|s| s.len() >= 8)
        .filter(|s| {
            sent_text.contains(s.as_str()) || sent_text.contains(&crate::client::form_urlencode(s))
        })
        .find(|s| {
            body.contains(s.as_str()) || r.headers.iter().any(|(_, v)| v.contains(s.as_str()))
        })
        .and_then(|_| {
            violation(
                "reflected_secret",
                format!(
                    "HTTP {}: a secret sent in the request comes back in the response",
                    r.status
                ),
            )
        })
}

fn snippet(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() > 160 {
        format!("{}…", one_line.chars().take(160).collect::<String>())
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{RawRequest, Response};

    fn exchange(status: u16, headers: &[(&str, &str)], body: &str, ms: u64) -> Exchange {
        Exchange {
            request: RawRequest::post("http://as/token"),
            response: Ok(Response {
                status,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                body: body.as_bytes().to_vec(),
                truncated: false,
            }),
            elapsed: Duration::from_millis(ms),
        }
    }

    fn token_request() -> FuzzRequest {
        let raw = RawRequest::post("http://as/token")
            .basic_auth("conf", "s3cret-value")
            .form(&[("grant_type", "client_credentials")]);
        FuzzRequest::from_raw(Endpoint::Token, "http://as/token", &raw).unwrap()
    }

    fn authz_request() -> FuzzRequest {
        let raw = RawRequest::get("http://as/authorize")
            .query(&[("client_id", "c"), ("redirect_uri", "http://app/cb")]);
        FuzzRequest::from_raw(Endpoint::Authorization, "http://as/authorize", &raw).unwrap()
    }

    fn case<'a>(
        r: &'a FuzzRequest,
        must_reject: Option<&'a str>,
        secrets: &'a [String],
    ) -> Case<'a> {
        Case {
            request: r,
            must_reject,
            redirect_uris: &[],
            secrets,
            slow: Duration::from_secs(1),
        }
    }

    const JSON: (&str, &str) = ("content-type", "application/json");

    #[test]
    fn a_clean_error_and_a_clean_token_pass() {
        let r = token_request();
        let c = case(&r, Some("dup"), &[]);
        assert!(judge(
            &c,
            &exchange(400, &[JSON], r#"{"error":"invalid_request"}"#, 5)
        )
        .is_empty());
        let c = case(&r, None, &[]);
        assert!(judge(&c, &exchange(200, &[JSON], r#"{"access_token":"t"}"#, 5)).is_empty());
    }

    #[test]
    fn each_oracle_fires_on_its_bad_answer() {
        let r = token_request();
        let secrets = vec!["s3cret-value".to_string()];
        let names = |c: &Case<'_>, e: &Exchange| -> Vec<&str> {
            judge(c, e).iter().map(|v| v.oracle).collect()
        };
        let c = case(&r, None, &secrets);
        assert_eq!(names(&c, &exchange(500, &[], "boom", 5)), ["server_error"]);
        assert_eq!(
            names(
                &c,
                &exchange(400, &[JSON], r#"{"error":"invalid_request"}"#, 1500)
            ),
            ["slow_response"]
        );
        assert_eq!(
            names(&c, &exchange(400, &[], "bad", 5)),
            ["malformed_error_response"]
        );
        assert_eq!(
            names(&c, &exchange(401, &[JSON], r#"{"error":"nope"}"#, 5)),
            ["malformed_error_response"]
        );
        assert_eq!(
            names(
                &c,
                &exchange(
                    401,
                    &[JSON],
                    r#"{"error":"invalid_client","error_description":"wrong secret s3cret-value"}"#,
                    5
                )
            ),
            ["reflected_secret"]
        );
        let c = case(&r, Some("dup"), &[]);
        assert_eq!(
            names(&c, &exchange(200, &[JSON], r#"{"access_token":"t"}"#, 5)),
            ["issued_for_rejected_request"]
        );
        let no = Exchange {
            request: RawRequest::post("http://as/token"),
            response: Err(crate::client::TransportError::Connect {
                url: "http://as/token".into(),
                detail: "connection reset".into(),
            }),
            elapsed: Duration::from_millis(1),
        };
        assert_eq!(names(&c, &no), ["no_response"]);
    }

    #[test]
    fn authorization_answers_are_judged_by_their_redirects() {
        let r = authz_request();
        let uris = vec!["http://app/cb".to_string()];
        let c = Case {
            redirect_uris: &uris,
            ..case(&r, Some("dup"), &[])
        };
        let names = |e: &Exchange| -> Vec<&str> { judge(&c, e).iter().map(|v| v.oracle).collect() };
        assert!(names(&exchange(
            302,
            &[("location", "http://app/cb?error=invalid_request")],
            "",
            1
        ))
        .is_empty());
        assert!(names(&exchange(400, &[], "bad request page", 1)).is_empty());
        assert_eq!(
            names(&exchange(
                302,
                &[("location", "http://app/cb?code=abc")],
                "",
                1
            )),
            ["issued_for_rejected_request"]
        );
        // RFC 9700 §4.11.2: the server may sign the user in before redirecting the error.
        assert!(names(&exchange(303, &[("location", "/login")], "", 1)).is_empty());
        assert_eq!(
            names(&exchange(
                303,
                &[("location", "https://elsewhere.example/next")],
                "",
                1
            )),
            ["invalid_request_not_refused"]
        );
        assert_eq!(
            names(&exchange(
                302,
                &[("location", "http://app/cb?error=oops")],
                "",
                1
            )),
            ["malformed_error_response"]
        );
        let valid = case(&r, None, &[]);
        assert!(judge(&valid, &exchange(303, &[("location", "/login")], "", 1)).is_empty());
    }
}
