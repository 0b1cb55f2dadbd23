//! The check on parallel redemptions of one authorization code (RFC 6749 §4.1.2).

use serde_json::Value;

use super::Verdict;
use crate::client::Response;

fn issued_token(resp: &Response) -> bool {
    resp.status == 200
        && resp
            .json()
            .ok()
            .is_some_and(|j| j.get("access_token").and_then(Value::as_str).is_some())
}

/// 6749-4.1.2-d: "The client MUST NOT use the authorization code more than once" and the server
/// must deny a second use: of `responses` to the same code sent at once, at most one carries a
/// token. (None at all is no violation of this rule: the code may have been refused as a whole.)
pub fn at_most_one_token(responses: &[&Response]) -> Verdict {
    let winners = responses.iter().filter(|r| issued_token(r)).count();
    if winners <= 1 {
        Verdict::Met(format!(
            "{winners} of {} parallel redemptions got a token",
            responses.len()
        ))
    } else {
        Verdict::violated(
            format!("the code was redeemed {winners} times by parallel requests"),
            "at most one of the parallel redemptions gets a token",
            format!(
                "{winners} of {} got HTTP 200 with an access_token",
                responses.len()
            ),
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

    #[test]
    fn one_winner_passes_two_fail() {
        let ok = resp(200, r#"{"access_token":"a","token_type":"Bearer"}"#);
        let refused = resp(400, r#"{"error":"invalid_grant"}"#);
        assert!(at_most_one_token(&[&ok, &refused, &refused]).is_met());
        assert!(at_most_one_token(&[&refused, &refused]).is_met());
        let v = at_most_one_token(&[&ok, &ok, &refused]);
        assert!(matches!(&v, Verdict::Violated { message, .. } if message.contains("2 times")));
    }
}
