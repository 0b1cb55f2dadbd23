//! RFC 9700 §4.11.2: no redirect to the client before the user is authenticated.

use super::{short, Verdict};
use crate::client::Response;

/// 9700-4.11.2-a: the first answer to an authorization request from a browser without a session
/// is not a redirect to one of the client's redirect URIs: the server shows (or redirects to)
/// its login page first, or an error page, so an invalid request cannot be used to bounce the
/// browser to the redirect URI.
pub fn no_redirect_before_login(resp: &Response, redirect_uris: &[String]) -> Verdict {
    let location = resp.location().filter(|_| resp.is_redirect());
    match location {
        Some(loc)
            if redirect_uris
                .iter()
                .any(|u| !u.is_empty() && loc.starts_with(u.as_str())) =>
        {
            Verdict::violated(
                "the server redirected to the client before the user signed in",
                "a login page (or an error page) first, no redirect to the redirect URI",
                format!("HTTP {} Location: {}", resp.status, short(loc)),
            )
        }
        Some(loc) => Verdict::Met(format!("HTTP {} to {}", resp.status, short(loc))),
        None => Verdict::Met(format!(
            "HTTP {} page, no redirect to the client",
            resp.status
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, location: Option<&str>) -> Response {
        Response {
            status,
            headers: location
                .map(|l| vec![("location".to_string(), l.to_string())])
                .unwrap_or_default(),
            body: Vec::new(),
            truncated: false,
        }
    }

    #[test]
    fn an_error_redirect_before_login_fails() {
        let uris = vec!["https://client.example/cb".to_string()];
        let early = resp(
            302,
            Some("https://client.example/cb?error=invalid_scope&state=x"),
        );
        assert!(!no_redirect_before_login(&early, &uris).is_met());
        let login = resp(303, Some("https://as.example/login?request_id=1"));
        assert!(no_redirect_before_login(&login, &uris).is_met());
        assert!(no_redirect_before_login(&resp(200, None), &uris).is_met());
        assert!(no_redirect_before_login(&resp(400, None), &uris).is_met());
    }
}
