//! OAuth 2.1 §5.1: access tokens in the URI query are not accepted.

use super::{short, Verdict};
use crate::client::Response;

/// oauth21-5.1-a: the resource server ignores an access token sent as `?access_token=` (RFC 6750
/// §2.3 allowed it; OAuth 2.1 removes it): the request gets no resource data (401 expected, as
/// for a request without a token).
pub fn query_token_ignored(resp: &Response) -> Verdict {
    if (200..300).contains(&resp.status) {
        Verdict::violated(
            "the protected resource honoured an access token in the URI query",
            "no resource data (HTTP 401, as without a token)",
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        )
    } else {
        Verdict::Met(format!("not honoured: HTTP {}", resp.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: b"{}".to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn success_means_the_query_token_was_used() {
        assert!(!query_token_ignored(&resp(200)).is_met());
        assert!(query_token_ignored(&resp(401)).is_met());
        assert!(query_token_ignored(&resp(400)).is_met());
    }
}
