//! Checks on how a protected resource treats tokens it must refuse (RFC 6749 §7, §7.2).

use super::{short, Verdict};
use crate::client::Response;

fn describe(resp: &Response) -> String {
    format!("HTTP {} {}", resp.status, short(&resp.text()))
}

/// RFC 6749 §7 (6749-7-a): the resource validates the token and refuses one that is not
/// valid: no successful answer. The status code is scored by the RFC 6750 §3.1 rows.
pub fn refuses_token(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::violated(
            "the protected resource answered a request with an invalid token",
            "a refusal (RFC 6750: 401 invalid_token)",
            describe(resp),
        )
    } else {
        Verdict::Met(format!("refused with HTTP {}", resp.status))
    }
}

/// RFC 6749 §7.2 (6749-7.2-a, SHOULD): a failed resource request says why; with bearer tokens,
/// through the `error` attribute of the WWW-Authenticate challenge (RFC 6750 §3).
pub fn explains_failure(resp: &Response) -> Verdict {
    let challenges = resp.header_all("www-authenticate");
    let has_error = challenges.iter().any(|c| {
        c.split([',', ' '])
            .any(|part| part.trim().to_ascii_lowercase().starts_with("error="))
    });
    if has_error {
        Verdict::Met(format!("WWW-Authenticate: {}", challenges.join(" | ")))
    } else {
        Verdict::violated(
            "the refusal does not say why",
            "WWW-Authenticate with an error attribute (e.g. error=\"invalid_token\")",
            if challenges.is_empty() {
                format!("no WWW-Authenticate; {}", describe(resp))
            } else {
                format!("WWW-Authenticate: {}", challenges.join(" | "))
            },
        )
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
    fn invalid_tokens_are_refused() {
        assert!(refuses_token(&resp(401, None)).is_met());
        assert!(refuses_token(&resp(403, None)).is_met());
        assert!(!refuses_token(&resp(200, None)).is_met());
    }

    #[test]
    fn refusals_say_why() {
        let good = r#"Bearer realm="x", error="invalid_token", error_description="expired""#;
        assert!(explains_failure(&resp(401, Some(good))).is_met());
        assert!(!explains_failure(&resp(401, Some("Bearer realm=\"x\""))).is_met());
        assert!(!explains_failure(&resp(401, None)).is_met());
        // error_description alone is not the error attribute
        assert!(!explains_failure(&resp(401, Some("Bearer error_description=\"x\""))).is_met());
    }
}
