//! The server's request parsers as small public functions, for the fuzz targets in `fuzz/` and
//! the property tests. Each one calls the code the endpoints use; none adds behaviour.

use std::collections::BTreeSet;

use axum::http::{HeaderMap, Method};

use crate::Quirk;

/// Parses a query string or form body as the endpoints do (RFC 6749 Appendix B, §3.1: empty
/// values dropped, repeats kept) and returns the pairs with the first repeated name.
pub fn parse_params(input: &[u8]) -> Result<ParsedParams, &'static str> {
    let params = crate::params::Params::parse(input)?;
    let first_repeated = params.first_repeated().map(str::to_owned);
    Ok(ParsedParams {
        pairs: params.pairs().to_vec(),
        first_repeated,
    })
}

/// What [`parse_params`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedParams {
    pub pairs: Vec<(String, String)>,
    pub first_repeated: Option<String>,
}

/// Decodes one `application/x-www-form-urlencoded` component strictly (Appendix B).
pub fn form_urldecode(input: &str) -> Result<String, String> {
    crate::params::form_urldecode(input).map_err(|error| error.to_string())
}

/// Decodes an `Authorization: Basic` value into client id and secret, form-decoding both after
/// the split as RFC 6749 §2.3.1 requires (`form_decode` false is the quirk's behaviour).
pub fn decode_basic(header_value: &str, form_decode: bool) -> Result<(String, String), String> {
    crate::client_auth::decode_basic(header_value, form_decode)
        .map(|credentials| (credentials.id, credentials.secret))
        .map_err(|problem| problem.description().to_owned())
}

/// RFC 7636 §4.1 / §4.2 syntax of a verifier or challenge.
pub fn pkce_is_well_formed(value: &str) -> bool {
    crate::pkce::is_well_formed(value)
}

/// RFC 7636 §4.2 S256 transformation.
pub fn pkce_s256(verifier: &str) -> String {
    crate::pkce::s256(verifier)
}

/// Whether `code_verifier` satisfies the stored challenge under `method` ("S256" or "plain"),
/// as the token endpoint decides it (§4.6); `None` for an unknown method name.
pub fn pkce_verifier_matches(verifier: &str, challenge: &str, method: &str) -> Option<bool> {
    let computed = match crate::pkce::CodeChallengeMethod::from_name(method)? {
        crate::pkce::CodeChallengeMethod::S256 => crate::pkce::s256(verifier),
        crate::pkce::CodeChallengeMethod::Plain => verifier.to_owned(),
    };
    Some(crate::pkce::challenge_matches(&computed, challenge))
}

/// The redirect URI comparison of the authorization endpoint (§3.1.2.3) under `quirks`.
pub fn redirect_uri_matches(quirks: &BTreeSet<Quirk>, registered: &str, supplied: &str) -> bool {
    crate::authorize::redirect_uri_matches(quirks, registered, supplied)
}

/// Where a protected-resource request puts its bearer token (RFC 6750 §2.1, §2.2): `Ok(None)`
/// for none, the token otherwise, or the `invalid_request` description.
pub fn bearer_token(
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Option<String>, &'static str> {
    use crate::bearer::PresentedToken;
    Ok(
        match crate::bearer::presented_token(false, method, headers, body)? {
            PresentedToken::None => None,
            PresentedToken::Header(token) | PresentedToken::Body(token) => Some(token),
        },
    )
}
