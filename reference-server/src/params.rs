//! Request parameters as RFC 6749 reads them: `application/x-www-form-urlencoded` name/value
//! pairs (Appendix B) in which a parameter sent without a value counts as omitted and no
//! parameter may appear more than once (§3.1, §3.2).

use std::collections::HashSet;

use axum::http::{header, HeaderMap};

/// The parameters of one request, in the order they were sent, empty values left out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses a query string or form body. Repeated names are kept so they can be refused.
    pub(crate) fn parse(input: &[u8]) -> Result<Params, &'static str> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(input)
            .map_err(|_| "the parameters are not valid application/x-www-form-urlencoded")?;
        // §3.1: "Parameters sent without a value MUST be treated as if they were omitted".
        let pairs = pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .collect();
        Ok(Params { pairs })
    }

    /// Parses like [`Params::parse`] but keeps parameters sent without a value: only the
    /// `*_empty_params_kept` quirks use it.
    pub(crate) fn parse_keeping_empty(input: &[u8]) -> Result<Params, &'static str> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(input)
            .map_err(|_| "the parameters are not valid application/x-www-form-urlencoded")?;
        Ok(Params { pairs })
    }

    /// The parameter names, in order, repeats included.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(key, _)| key.as_str())
    }

    /// Adds a parameter (only the `client_credentials_in_query_accepted` quirk needs it).
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        if !value.is_empty() {
            self.pairs.push((name.to_owned(), value.to_owned()));
        }
    }

    /// The first value of `name`. Callers that must refuse repeats check [`Params::repeated`]
    /// first; taking the first is what the `*_duplicate_params_allowed` quirks rely on.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every pair, in order.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub(crate) fn is_repeated(&self, name: &str) -> bool {
        self.pairs.iter().filter(|(key, _)| key == name).count() > 1
    }

    /// The first parameter name that appears more than once, if any.
    pub(crate) fn first_repeated(&self) -> Option<&str> {
        // A set rather than `is_repeated` per name: a 64 KiB body holds thousands of pairs,
        // and a quadratic scan would hand a fuzzer a cheap way to burn CPU.
        let mut seen = HashSet::new();
        self.pairs
            .iter()
            .map(|(key, _)| key.as_str())
            .find(|key| !seen.insert(*key))
    }
}

/// Reads a POST body that RFC 6749 (§3.2, §4.1.3), RFC 7009 §2.1 and RFC 7662 §2.1 require to be
/// `application/x-www-form-urlencoded`. The error is a description for an `invalid_request`.
pub(crate) fn read_form_body(headers: &HeaderMap, body: &[u8]) -> Result<Params, &'static str> {
    if !has_form_content_type(headers) {
        return Err("the request body must be application/x-www-form-urlencoded");
    }
    Params::parse(body)
}

/// Whether the Content-Type is `application/x-www-form-urlencoded`, parameters (such as
/// `charset`) allowed; media types are case-insensitive (RFC 9110 §8.3.1).
pub(crate) fn has_form_content_type(headers: &HeaderMap) -> bool {
    let mut values = headers.get_all(header::CONTENT_TYPE).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let media_type = value.split(';').next().unwrap_or_default().trim();
    media_type.eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// Decodes one `application/x-www-form-urlencoded` component: `+` is a space and `%XX` a byte
/// (Appendix B). Strict: a `%` not followed by two hex digits, or bytes that are not UTF-8,
/// are errors rather than being passed through.
pub(crate) fn form_urldecode(input: &str) -> Result<String, FormDecodeError> {
    let bytes = input.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => {
                let high = bytes.get(index + 1).and_then(|&b| hex_value(b));
                let low = bytes.get(index + 2).and_then(|&b| hex_value(b));
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(FormDecodeError::BadPercentEscape);
                };
                decoded.push(high << 4 | low);
                index += 2;
            }
            other => decoded.push(other),
        }
        index += 1;
    }
    String::from_utf8(decoded).map_err(|_| FormDecodeError::NotUtf8)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FormDecodeError {
    #[error("a '%' is not followed by two hexadecimal digits")]
    BadPercentEscape,
    #[error("the decoded bytes are not UTF-8")]
    NotUtf8,
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn empty_values_count_as_absent() {
        let params = Params::parse(b"state=&scope=read&state=xyz").unwrap();
        assert_eq!(params.get("state"), Some("xyz"));
        assert!(!params.is_repeated("state"));
        assert_eq!(params.first_repeated(), None);
    }

    #[test]
    fn repeats_are_visible() {
        let params = Params::parse(b"a=1&scope=read&scope=write").unwrap();
        assert_eq!(params.get("scope"), Some("read"));
        assert!(params.is_repeated("scope"));
        assert_eq!(params.first_repeated(), Some("scope"));
    }

    #[test]
    fn values_are_decoded() {
        let params = Params::parse(b"state=a+b%2B%2F%3D%25%7E%26%23").unwrap();
        assert_eq!(params.get("state"), Some("a b+/=%~&#"));
    }

    #[test]
    fn form_urldecode_follows_appendix_b() {
        assert_eq!(form_urldecode("a+b%20c%2B").unwrap(), "a b c+");
        assert_eq!(
            form_urldecode("conf%3Aclient%2F2+s3cr%25t%2B%26%C3%A9").unwrap(),
            "conf:client/2 s3cr%t+&é"
        );
        assert_eq!(form_urldecode("plain").unwrap(), "plain");
        assert_eq!(
            form_urldecode("50%"),
            Err(FormDecodeError::BadPercentEscape)
        );
        assert_eq!(
            form_urldecode("%zz"),
            Err(FormDecodeError::BadPercentEscape)
        );
        assert_eq!(form_urldecode("%C3"), Err(FormDecodeError::NotUtf8));
        // A multi-byte character right after '%' must not split a char boundary.
        assert_eq!(form_urldecode("%é"), Err(FormDecodeError::BadPercentEscape));
    }

    #[test]
    fn content_type_is_checked_loosely_on_case_and_parameters() {
        let mut headers = HeaderMap::new();
        assert!(!has_form_content_type(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Application/X-WWW-Form-Urlencoded; charset=UTF-8"),
        );
        assert!(has_form_content_type(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        assert!(!has_form_content_type(&headers));
    }
}
