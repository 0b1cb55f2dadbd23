//! Checks on lifetimes: authorization codes (RFC 6749 §4.1.2) and bearer tokens (RFC 6750 §5.2,
//! §5.3) expire, and are refused once they have.

use std::time::Duration;

use super::{short, Verdict};
use crate::client::Response;

/// RFC 6749 §4.1.2 recommends a code lifetime of at most ten minutes.
pub const CODE_LIFETIME_BOUND: Duration = Duration::from_secs(600);
/// RFC 6750 §5.3: bearer tokens of "one hour or less".
pub const ACCESS_TOKEN_LIFETIME_BOUND: u64 = 3600;

/// How long an expiry scenario waited, and on what grounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryWait {
    /// The lifetime the target config states (or, for access tokens, expires_in), if any.
    pub stated: Option<Duration>,
    /// How long the scenario waited after obtaining the code or token.
    pub waited: Duration,
}

/// How long to wait for an authorization code to expire: the stated lifetime, capped at the
/// ten minutes of RFC 6749 §4.1.2 (also the wait when no lifetime is stated), plus `margin`.
pub fn code_wait(stated: Option<Duration>, margin: Duration) -> Duration {
    stated
        .map_or(CODE_LIFETIME_BOUND, |l| l.min(CODE_LIFETIME_BOUND))
        .saturating_add(margin)
}

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

fn issued_a_token(resp: &Response) -> bool {
    resp.status == 200
        && resp
            .json()
            .ok()
            .and_then(|j| j.get("access_token").cloned())
            .is_some()
}

/// 6749-4.1.2-b: "The authorization code MUST expire shortly after it is issued": a code
/// redeemed after its stated lifetime gets no token. The error code is §5.2's business
/// (invalid_grant is expected), so any refusal meets this rule.
pub fn expired_code_refused(resp: &Response, wait: ExpiryWait) -> Verdict {
    let waited = wait.waited.as_secs();
    if issued_a_token(resp) {
        let stated = wait.stated.map_or("no lifetime stated".to_string(), |l| {
            format!("stated lifetime {} s", l.as_secs())
        });
        return Verdict::violated(
            format!("the code still redeemed {waited} s after issue ({stated})"),
            "HTTP 400 invalid_grant: the code has expired",
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "the code was refused {waited} s after issue: {}",
        describe(resp)
    ))
}

/// 6749-4.1.2-c: the code lifetime is at most ten minutes: a code redeemed after its lifetime
/// (waited no longer than ten minutes plus the margin) gets no token.
pub fn code_lifetime_within_ten_minutes(
    resp: &Response,
    wait: ExpiryWait,
    margin: Duration,
) -> Verdict {
    let waited = wait.waited.as_secs();
    if wait.waited > CODE_LIFETIME_BOUND.saturating_add(margin) {
        return Verdict::violated(
            "the scenario waited longer than ten minutes, so it cannot show the code expired within them",
            "a code refused at most ten minutes after issue",
            format!("waited {waited} s"),
        );
    }
    if issued_a_token(resp) {
        return Verdict::violated(
            format!("the code still redeemed {waited} s after issue"),
            "a code lifetime of at most ten minutes",
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "the code was refused {waited} s after issue, within ten minutes"
    ))
}

/// 6750-5.2-e: past its lifetime, a bearer token is refused by the protected resource (any
/// non-2xx answer; the 401 invalid_token of §3.1 is only a SHOULD).
pub fn expired_token_refused_by_resource(resp: &Response, wait: ExpiryWait) -> Verdict {
    let waited = wait.waited.as_secs();
    if (200..300).contains(&resp.status) {
        return Verdict::violated(
            format!("the protected resource accepted the access token {waited} s after issue, past its lifetime"),
            "the expired token refused (401 invalid_token)",
            describe(resp),
        );
    }
    Verdict::Met(format!(
        "the expired token was refused {waited} s after issue: HTTP {}",
        resp.status
    ))
}

/// The `expires_in` of a token response, when it is a non-negative integer (RFC 6749 §5.1).
pub fn expires_in(resp: &Response) -> Option<u64> {
    resp.json().ok()?.get("expires_in")?.as_u64()
}

/// 6750-5.3-a: "issue short lived (one hour or less) bearer tokens": the lifetime `expires_in`
/// (or, without it, the lifetime the config states) is at most 3600 s.
pub fn short_lived(lifetime_secs: u64, source: &str) -> Verdict {
    if lifetime_secs <= ACCESS_TOKEN_LIFETIME_BOUND {
        Verdict::Met(format!("{source} {lifetime_secs} s, one hour or less"))
    } else {
        Verdict::violated(
            "the access token lives longer than an hour",
            "a lifetime of at most 3600 s",
            format!("{source} {lifetime_secs} s"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    fn wait(stated: Option<u64>, waited: u64) -> ExpiryWait {
        ExpiryWait {
            stated: stated.map(Duration::from_secs),
            waited: Duration::from_secs(waited),
        }
    }

    const TOKEN: &str = r#"{"access_token":"x","token_type":"Bearer"}"#;
    const INVALID_GRANT: &str = r#"{"error":"invalid_grant"}"#;

    #[test]
    fn the_wait_is_the_stated_lifetime_capped_at_ten_minutes() {
        let m = Duration::from_secs(2);
        assert_eq!(code_wait(Some(Duration::from_secs(4)), m).as_secs(), 6);
        assert_eq!(code_wait(Some(Duration::from_secs(3600)), m).as_secs(), 602);
        assert_eq!(code_wait(None, m).as_secs(), 602);
    }

    #[test]
    fn an_expired_code_must_not_redeem() {
        assert!(expired_code_refused(&resp(400, INVALID_GRANT), wait(Some(4), 6)).is_met());
        assert!(!expired_code_refused(&resp(200, TOKEN), wait(Some(4), 6)).is_met());
        let m = Duration::from_secs(2);
        assert!(
            code_lifetime_within_ten_minutes(&resp(400, INVALID_GRANT), wait(None, 602), m)
                .is_met()
        );
        assert!(!code_lifetime_within_ten_minutes(&resp(200, TOKEN), wait(None, 602), m).is_met());
        assert!(
            !code_lifetime_within_ten_minutes(&resp(400, INVALID_GRANT), wait(None, 3600), m)
                .is_met()
        );
    }

    #[test]
    fn an_expired_token_must_be_refused() {
        assert!(expired_token_refused_by_resource(&resp(401, ""), wait(Some(6), 8)).is_met());
        assert!(!expired_token_refused_by_resource(&resp(200, "{}"), wait(Some(6), 8)).is_met());
    }

    #[test]
    fn tokens_live_an_hour_or_less() {
        assert_eq!(expires_in(&resp(200, r#"{"expires_in":3600}"#)), Some(3600));
        assert_eq!(expires_in(&resp(200, r#"{"expires_in":"3600"}"#)), None);
        assert!(short_lived(3600, "expires_in").is_met());
        assert!(!short_lived(7200, "expires_in").is_met());
    }
}
