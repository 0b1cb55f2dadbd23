//! RFC 9700 §4.1.3 (OAuth 2.1 §8.4.2, RFC 8252 §7.3): loopback redirect URIs of native apps.

use url::Url;

use super::{short, Verdict};
use crate::protocol::redirect::AuthorizationRedirect;

/// 9700-4.1.3-a: for a native app's loopback IP redirect URI the server "MUST allow any port to
/// be specified at the time of the request" (RFC 8252 §7.3). The request named the registered
/// URI with another port; the code must come back to exactly that URI, port included.
pub fn code_at_requested_port(redirect: &AuthorizationRedirect, sent: &str) -> Verdict {
    let expected = format!("a redirect to {sent} with an authorization code");
    let sent_base = Url::parse(sent).map_or_else(
        |_| sent.to_string(),
        |mut url| {
            url.set_query(None);
            url.set_fragment(None);
            url.to_string()
        },
    );
    let location = short(&redirect.location);
    if redirect.base() != sent_base {
        return Verdict::violated(
            "the server redirected somewhere else than the loopback URI with the port requested",
            expected,
            location,
        );
    }
    match (
        redirect.param_anywhere("code"),
        redirect.param_anywhere("error"),
    ) {
        (Some(_), _) => Verdict::Met(format!(
            "the code came back to the requested port: {sent_base}"
        )),
        (None, Some(error)) => Verdict::violated(
            format!("the loopback redirect URI with another port was refused with error={error}"),
            expected,
            location,
        ),
        (None, None) => Verdict::violated("the redirect carries no code", expected, location),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redirect(location: &str) -> AuthorizationRedirect {
        AuthorizationRedirect::parse(location).unwrap()
    }

    #[test]
    fn a_code_at_the_requested_port_meets_the_rule() {
        let sent = "http://127.0.0.1:51004/cb";
        let good = redirect("http://127.0.0.1:51004/cb?code=abc&state=s");
        assert!(code_at_requested_port(&good, sent).is_met());
    }

    #[test]
    fn a_refusal_another_port_or_no_code_breaks_it() {
        let sent = "http://127.0.0.1:51004/cb";
        for bad in [
            "http://127.0.0.1:51004/cb?error=invalid_request&state=s",
            "http://127.0.0.1/cb?code=abc",
            "http://127.0.0.1:51004/cb?state=s",
        ] {
            assert!(
                !code_at_requested_port(&redirect(bad), sent).is_met(),
                "{bad}"
            );
        }
    }
}
