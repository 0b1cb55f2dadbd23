//! Checks that request values come back sanitised (RFC 6749 §10.14) and exactly decoded and
//! re-encoded (Appendix B).

use super::{short, Verdict};

/// Characters that cannot appear raw in a URI (RFC 3986): a Location carrying them raw has
/// not percent-encoded what it echoes.
const NOT_IN_URIS: &[char] = &['<', '>', '"', ' ', '{', '}', '|', '\\', '^', '`'];

/// RFC 6749 §10.14 (6749-10.14-a): a state holding markup is never put raw into an HTML page
/// (which would let it run as script), and the redirect carries it percent-encoded only.
/// `pages` are the HTML bodies the front channel saw, `location` the final redirect.
pub fn state_not_reflected_raw(
    pages: &[(String, String)],
    location: Option<&str>,
    state: &str,
) -> Verdict {
    let want = "state escaped in every page and percent-encoded in the redirect";
    if let Some((url, _)) = pages.iter().find(|(_, body)| body.contains(state)) {
        return Verdict::violated(
            "a page shows the state unescaped: markup from the request is put into HTML as is",
            want,
            format!("the page at {} contains {}", short(url), short(state)),
        );
    }
    if let Some(location) = location {
        let query = location.split_once('?').map(|(_, q)| q).unwrap_or("");
        if let Some(c) = query.chars().find(|c| NOT_IN_URIS.contains(c)) {
            return Verdict::violated(
                format!("the redirect carries {c:?} raw instead of percent-encoded"),
                want,
                format!("Location: {}", short(location)),
            );
        }
    }
    Verdict::Met(format!(
        "the state was escaped in {} page(s) and percent-encoded in the redirect",
        pages.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "<script>alert('x')</script>";

    fn page(body: &str) -> Vec<(String, String)> {
        vec![("http://as/consent".into(), body.into())]
    }

    #[test]
    fn escaped_state_passes() {
        let p = page("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
        let loc = "http://c/cb?code=a&state=%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E";
        assert!(state_not_reflected_raw(&p, Some(loc), STATE).is_met());
    }

    #[test]
    fn raw_state_in_a_page_or_the_redirect_fails() {
        let p = page(&format!("<p>{STATE}</p>"));
        assert!(!state_not_reflected_raw(&p, None, STATE).is_met());
        let loc = format!("http://c/cb?code=a&state={STATE}");
        assert!(!state_not_reflected_raw(&page("<p>ok</p>"), Some(&loc), STATE).is_met());
    }
}

/// RFC 6749 §10.2 (6749-10.2-b, SHOULD): a page of the front channel (the consent page) names
/// the client, by any of `client_names`, and every requested scope value. Matching is by
/// case-insensitive substring in the page's text.
pub fn consent_informs(
    pages: &[(String, String)],
    client_names: &[String],
    scopes: &[String],
) -> Verdict {
    let want = format!(
        "a consent page naming the client ({}) and the scope values {}",
        client_names.join(" or "),
        scopes.join(" ")
    );
    let informs = |body: &str| {
        let body = body.to_lowercase();
        client_names
            .iter()
            .any(|n| body.contains(&n.to_lowercase()))
            && scopes.iter().all(|s| body.contains(&s.to_lowercase()))
    };
    match pages.iter().find(|(_, body)| informs(body)) {
        Some((url, _)) => Verdict::Met(format!(
            "the page at {} names the client and the scope",
            short(url)
        )),
        None => Verdict::violated(
            "no page shown to the resource owner names the client and the requested scope",
            want,
            format!("{} page(s) seen, none naming both", pages.len()),
        ),
    }
}

#[cfg(test)]
mod consent_tests {
    use super::*;

    #[test]
    fn the_consent_page_names_client_and_scope() {
        let names = vec!["conf-client".to_string()];
        let scopes = vec!["read".to_string(), "write".to_string()];
        let good = vec![(
            "http://as/consent".to_string(),
            "<p>The application <b>conf-client</b> asks for read write</p>".to_string(),
        )];
        assert!(consent_informs(&good, &names, &scopes).is_met());
        let vague = vec![(
            "http://as/consent".to_string(),
            "<p>An application asks for access.</p>".to_string(),
        )];
        assert!(!consent_informs(&vague, &names, &scopes).is_met());
        let no_scope = vec![("u".to_string(), "conf-client wants access".to_string())];
        assert!(!consent_informs(&no_scope, &names, &scopes).is_met());
    }
}
