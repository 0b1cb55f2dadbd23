//! RFC 9700 §4.12: how the server redirects a request that carried the user's credentials.

use super::Verdict;

/// 9700-4.12-a: "the AS MUST NOT use the HTTP 307 status code for redirection" of a request
/// that may carry user credentials: the browser would re-send them to the next site.
pub fn not_307(status: u16) -> Verdict {
    if status == 307 {
        Verdict::violated(
            "the login POST was redirected with 307, which makes the browser re-send the credentials",
            "any redirect but 307 (303 See Other preferred)",
            "HTTP 307",
        )
    } else {
        Verdict::Met(format!("the login POST was answered with HTTP {status}"))
    }
}

/// 9700-4.12-b: "the AS SHOULD use the HTTP status code 303". A 302 is tolerated, as RFC 9700
/// itself notes that browsers turn it into a GET; 307 and 308 keep the POST and its body.
pub fn see_other(status: u16) -> Verdict {
    match status {
        303 => Verdict::Met("303 See Other".into()),
        302 => Verdict::Met("302 Found (tolerated: browsers follow it with a GET)".into()),
        other => Verdict::violated(
            format!("the login POST was redirected with {other}, not 303 See Other"),
            "HTTP 303 (302 tolerated)",
            format!("HTTP {other}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_307_breaks_the_must_and_308_the_should() {
        assert!(!not_307(307).is_met());
        assert!(not_307(303).is_met() && not_307(308).is_met());
        assert!(see_other(303).is_met() && see_other(302).is_met());
        assert!(!see_other(307).is_met() && !see_other(308).is_met());
    }
}
