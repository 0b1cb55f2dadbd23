//! Checks on protected resource responses (RFC 6750 §3, §3.1).

use super::{short, Verdict};
use crate::client::Response;

fn describe(resp: &Response) -> String {
    let challenge = resp.header_all("www-authenticate").join(" | ");
    format!(
        "HTTP {} WWW-Authenticate: {:?} {}",
        resp.status,
        challenge,
        short(&resp.text())
    )
}

/// The `Bearer` challenge, if any, from `WWW-Authenticate`.
fn bearer_challenge(resp: &Response) -> Option<String> {
    resp.header_all("www-authenticate")
        .into_iter()
        .find(|c| c.trim_start().to_ascii_lowercase().starts_with("bearer"))
        .map(str::to_string)
}

/// The value of an auth-param in a challenge (quoted or token form).
pub fn challenge_param(challenge: &str, name: &str) -> Option<String> {
    let rest = challenge.trim_start().get(6..)?;
    for part in rest.split(',') {
        let (k, v) = part.split_once('=')?;
        if k.trim().eq_ignore_ascii_case(name) {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

/// A 2xx answer: the token was accepted.
pub fn resource_ok(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::Met(format!("HTTP {}", resp.status))
    } else {
        Verdict::violated(
            "the protected resource refused a valid token",
            "HTTP 2xx",
            describe(resp),
        )
    }
}

/// §3: 401 with a `Bearer` challenge.
pub fn unauthorized_with_challenge(resp: &Response) -> Verdict {
    let want = "HTTP 401 with WWW-Authenticate: Bearer …";
    if resp.status != 401 {
        return Verdict::violated(
            format!("HTTP {} instead of 401", resp.status),
            want,
            describe(resp),
        );
    }
    match bearer_challenge(resp) {
        Some(c) => Verdict::Met(format!("401 with WWW-Authenticate: {c}")),
        None => Verdict::violated(
            "no Bearer challenge in WWW-Authenticate",
            want,
            describe(resp),
        ),
    }
}

/// §3.1: 401 with `error="<code>"` in the Bearer challenge.
pub fn unauthorized_with_error(resp: &Response, code: &str) -> Verdict {
    let want = format!("HTTP 401 with WWW-Authenticate: Bearer error=\"{code}\"");
    if resp.status != 401 {
        return Verdict::violated(
            format!("HTTP {} instead of 401", resp.status),
            want,
            describe(resp),
        );
    }
    match bearer_challenge(resp).map(|c| challenge_param(&c, "error")) {
        Some(Some(e)) if e == code => Verdict::Met(format!("401 with error=\"{code}\"")),
        Some(Some(e)) => Verdict::violated(
            format!("the error is {e}, not {code}"),
            want,
            describe(resp),
        ),
        Some(None) => Verdict::violated(
            "the Bearer challenge has no error attribute",
            want,
            describe(resp),
        ),
        None => Verdict::violated(
            "no Bearer challenge in WWW-Authenticate",
            want,
            describe(resp),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, challenge: Option<&str>) -> Response {
        Response {
            status,
            headers: challenge
                .map(|c| vec![("www-authenticate".to_string(), c.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn challenge_params_are_read() {
        assert_eq!(
            challenge_param("Bearer realm=\"x\", error=\"invalid_token\"", "error").as_deref(),
            Some("invalid_token")
        );
        assert_eq!(challenge_param("Bearer realm=\"x\"", "error"), None);
    }

    #[test]
    fn bearer_checks() {
        assert!(resource_ok(&resp(200, None)).is_met());
        assert!(!resource_ok(&resp(401, Some("Bearer"))).is_met());
        assert!(unauthorized_with_challenge(&resp(401, Some("Bearer realm=\"x\""))).is_met());
        assert!(!unauthorized_with_challenge(&resp(401, None)).is_met());
        assert!(!unauthorized_with_challenge(&resp(400, Some("Bearer"))).is_met());
        assert!(unauthorized_with_error(
            &resp(401, Some("Bearer realm=\"x\", error=\"invalid_token\"")),
            "invalid_token"
        )
        .is_met());
        assert!(!unauthorized_with_error(
            &resp(400, Some("Bearer error=\"invalid_request\"")),
            "invalid_token"
        )
        .is_met());
    }
}
