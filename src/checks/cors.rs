//! RFC 9700 §2.6: the authorization endpoint does not answer cross-origin requests.

use super::Verdict;
use crate::client::Response;

/// 9700-2.6-d: "the authorization endpoint MUST NOT support CORS" (RFC 9700 §2.6, OAuth 2.1
/// §3.1): a request carrying an `Origin` gets no `Access-Control-Allow-Origin`, so a script on
/// another site cannot read the answer.
pub fn no_cors_allowed(resp: &Response) -> Verdict {
    match resp.header("access-control-allow-origin") {
        None => Verdict::Met(format!(
            "HTTP {} without Access-Control-Allow-Origin",
            resp.status
        )),
        Some(origin) => Verdict::violated(
            "the authorization endpoint allows cross-origin reads",
            "no Access-Control-Allow-Origin header",
            format!("Access-Control-Allow-Origin: {origin}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(headers: &[(&str, &str)]) -> Response {
        Response {
            status: 302,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
                .collect(),
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn any_allow_origin_fails() {
        assert!(no_cors_allowed(&resp(&[("location", "/login")])).is_met());
        assert!(!no_cors_allowed(&resp(&[("Access-Control-Allow-Origin", "*")])).is_met());
        assert!(!no_cors_allowed(&resp(&[(
            "Access-Control-Allow-Origin",
            "https://attacker.example"
        )]))
        .is_met());
    }
}
