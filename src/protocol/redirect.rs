//! The authorization response as the client sees it: where the server sent the browser, and what
//! it put in the query and the fragment (RFC 6749 §4.1.2).

use url::Url;

/// A parsed redirect to the client's redirection endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationRedirect {
    /// The full Location, absolute.
    pub location: String,
    /// Query parameters, decoded, in order, repeats kept.
    pub query: Vec<(String, String)>,
    /// Fragment parameters, decoded, in order, repeats kept.
    pub fragment: Vec<(String, String)>,
}

impl AuthorizationRedirect {
    pub fn parse(location: &str) -> Result<Self, String> {
        let url = Url::parse(location).map_err(|e| {
            format!("the redirect Location {location:?} is not an absolute URL: {e}")
        })?;
        let query = url.query_pairs().into_owned().collect();
        let fragment = url
            .fragment()
            .map(|f| {
                url::form_urlencoded::parse(f.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Ok(AuthorizationRedirect {
            location: location.to_string(),
            query,
            fragment,
        })
    }

    /// The value of `name` in the query, if it appears there.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// How many times `name` appears in the query.
    pub fn query_count(&self, name: &str) -> usize {
        self.query.iter().filter(|(k, _)| k == name).count()
    }

    pub fn fragment_param(&self, name: &str) -> Option<&str> {
        self.fragment
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A parameter from the query or, failing that, the fragment: for preconditions that only
    /// need the value, wherever the server put it.
    pub fn param_anywhere(&self, name: &str) -> Option<&str> {
        self.query_param(name).or_else(|| self.fragment_param(name))
    }

    /// The Location without query and fragment, to compare with the redirect URI sent.
    pub fn base(&self) -> String {
        match Url::parse(&self.location) {
            Ok(mut u) => {
                u.set_query(None);
                u.set_fragment(None);
                u.to_string()
            }
            Err(_) => self.location.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_query_and_fragment() {
        let r =
            AuthorizationRedirect::parse("http://127.0.0.1:9999/cb?code=a%2Bb&state=x+y#frag=1")
                .unwrap();
        assert_eq!(r.query_param("code"), Some("a+b"));
        assert_eq!(r.query_param("state"), Some("x y"));
        assert_eq!(r.fragment_param("frag"), Some("1"));
        assert_eq!(r.base(), "http://127.0.0.1:9999/cb");
    }

    #[test]
    fn relative_location_is_an_error() {
        assert!(AuthorizationRedirect::parse("/cb?code=x").is_err());
    }
}
