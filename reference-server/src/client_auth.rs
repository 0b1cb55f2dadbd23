//! Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3).
//!
//! A confidential client proves itself with its password, either in HTTP Basic (§2.3.1, which
//! every server must support) or as `client_id` + `client_secret` in the body (§2.3.1, MAY),
//! never both at once (§2.3). A public client only names itself with `client_id` (§3.2.1).

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use subtle::ConstantTimeEq;

use crate::errors::TokenError;
use crate::fixtures::{fixtures, ClientAuthMethod, FixtureClient};
use crate::params::{form_urldecode, FormDecodeError, Params};
use crate::{AppState, Quirk};

/// A client that authenticated (or, if public, identified itself) for this request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AuthenticatedClient {
    pub(crate) client: &'static FixtureClient,
    pub(crate) method: ClientAuthMethod,
}

/// Authenticates the client of a back-channel request.
pub(crate) fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    params: &Params,
) -> Result<AuthenticatedClient, TokenError> {
    let body_client_id = params.get("client_id");
    let body_secret = params.get("client_secret");

    // §2.3: "The client MUST NOT use more than one authentication method in each request";
    // §5.2 names invalid_request for it. Decided on the header's presence, before decoding, so
    // that even the basic_auth_unsupported quirk, which never uses the header, still sees it.
    let header_sent = headers.contains_key(header::AUTHORIZATION);
    if header_sent && body_secret.is_some() && !state.quirk(Quirk::MultipleAuthMethodsAllowed) {
        return Err(TokenError::invalid_request(
            "client credentials were sent both in the Authorization header and in the body",
        ));
    }
    // The client_secret_prefix_accepted quirk bends only client_credentials token requests.
    let prefix_ok = state.quirk(Quirk::ClientSecretPrefixAccepted)
        && params.get("grant_type") == Some("client_credentials");
    let basic = if state.quirk(Quirk::BasicAuthUnsupported) {
        None
    } else {
        basic_credentials(state, headers)?
    };

    match (basic, body_secret) {
        // Basic wins when both are present, which only the multiple_auth_methods_allowed quirk
        // lets through.
        (Some(basic), _) => {
            if body_client_id.is_some_and(|id| id != basic.id) {
                return Err(TokenError::invalid_request(
                    "client_id in the body differs from the client in the Authorization header",
                ));
            }
            verify_secret(
                &basic.id,
                &basic.secret,
                ClientAuthMethod::ClientSecretBasic,
                prefix_ok,
            )
            .map_err(|description| basic_failure(state, description))
        }
        (None, Some(secret)) => {
            let id = body_client_id.ok_or_else(|| {
                TokenError::invalid_request("client_secret was sent without client_id")
            })?;
            // §4.1.3: presented credentials MUST be verified; the quirk only looks the client up.
            if state.quirk(Quirk::ClientSecretPostNotVerified) {
                if let Some(client) = fixtures().client(id).filter(|c| c.is_confidential()) {
                    return Ok(AuthenticatedClient {
                        client,
                        method: ClientAuthMethod::ClientSecretPost,
                    });
                }
            }
            verify_secret(id, secret, ClientAuthMethod::ClientSecretPost, prefix_ok)
                .map_err(TokenError::invalid_client)
        }
        (None, None) => {
            let id = body_client_id
                .ok_or_else(|| TokenError::invalid_client("client authentication is required"))?;
            // RFC 6749 §6: refreshing requires authentication too; the quirk forgets it.
            if state.quirk(Quirk::RefreshWithoutClientAuth)
                && params.get("grant_type") == Some("refresh_token")
            {
                if let Some(client) = fixtures().client(id) {
                    return Ok(AuthenticatedClient {
                        client,
                        method: ClientAuthMethod::None,
                    });
                }
            }
            identify_without_secret(state, id)
        }
    }
}

/// A client that sent only `client_id`: fine for a public client; a confidential one must
/// authenticate, since a client_id alone proves nothing (§2.2, §3.2.1).
fn identify_without_secret(state: &AppState, id: &str) -> Result<AuthenticatedClient, TokenError> {
    let client = fixtures()
        .client(id)
        .ok_or_else(|| TokenError::invalid_client("unknown client"))?;
    if client.allows_auth_method(ClientAuthMethod::None)
        || state.quirk(Quirk::ClientIdAloneAuthenticates)
    {
        return Ok(AuthenticatedClient {
            client,
            method: ClientAuthMethod::None,
        });
    }
    Err(TokenError::invalid_client(
        "a confidential client must authenticate; client_id alone is not enough",
    ))
}

/// Checks a client password, in constant time, for a client registered for `method`.
/// `prefix_ok` is the client_secret_prefix_accepted quirk: compare only the bytes sent.
fn verify_secret(
    id: &str,
    secret: &str,
    method: ClientAuthMethod,
    prefix_ok: bool,
) -> Result<AuthenticatedClient, &'static str> {
    let failed = "client authentication failed: unknown client or wrong secret";
    let client = fixtures().client(id).ok_or(failed)?;
    let registered = client.secret.ok_or(failed)?;
    if !client.allows_auth_method(method) {
        return Err("the client is not registered for this authentication method");
    }
    let mut matches: bool = registered.as_bytes().ct_eq(secret.as_bytes()).into();
    if prefix_ok && !secret.is_empty() {
        matches |= registered.as_bytes().starts_with(secret.as_bytes());
    }
    if !matches {
        return Err(failed);
    }
    Ok(AuthenticatedClient { client, method })
}

/// §5.2: a client that tried the Authorization header and failed gets 401 with a challenge.
fn basic_failure(state: &AppState, description: &'static str) -> TokenError {
    let error = TokenError::invalid_client(description);
    if state.quirk(Quirk::BasicAuthFailureWithoutChallenge) {
        return error.without_challenge();
    }
    error
}

/// Client id and password decoded from an `Authorization: Basic` header.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct BasicCredentials {
    pub(crate) id: String,
    pub(crate) secret: String,
}

impl std::fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// The client a request names, without checking its credentials: the Basic user id, else the
/// body's client_id. Only the `revocation_client_not_authenticated` quirk uses it.
pub(crate) fn claimed_client_id(
    state: &AppState,
    headers: &HeaderMap,
    params: &Params,
) -> Option<String> {
    match basic_credentials(state, headers) {
        Ok(Some(basic)) => Some(basic.id),
        _ => params.get("client_id").map(str::to_string),
    }
}

/// The Basic credentials of the request, if it has an Authorization header. Any other scheme,
/// or a header that does not decode, is a failed attempt at header authentication.
fn basic_credentials(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<BasicCredentials>, TokenError> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(TokenError::invalid_request(
            "more than one Authorization header",
        ));
    }
    let value = value
        .to_str()
        .map_err(|_| basic_failure(state, "the Authorization header is not ASCII"))?;
    let form_decode = !state.quirk(Quirk::BasicAuthNotFormDecoded);
    decode_basic(value, form_decode)
        .map(Some)
        .map_err(|problem| basic_failure(state, problem.description()))
}

/// Decodes `Basic base64(id ":" secret)`. §2.3.1: id and secret are form-url-encoded before
/// they are joined and base64-encoded, so they are decoded after the split (`form_decode` is
/// false only for the `basic_auth_not_form_decoded` quirk).
pub(crate) fn decode_basic(
    header_value: &str,
    form_decode: bool,
) -> Result<BasicCredentials, BasicProblem> {
    let (scheme, encoded) = header_value
        .trim()
        .split_once(' ')
        .ok_or(BasicProblem::NotBasic)?;
    // Auth scheme names are case-insensitive (RFC 9110 §11.1).
    if !scheme.eq_ignore_ascii_case("Basic") {
        return Err(BasicProblem::NotBasic);
    }
    let decoded = STANDARD
        .decode(encoded.trim())
        .map_err(|_| BasicProblem::NotBase64)?;
    let decoded = String::from_utf8(decoded).map_err(|_| BasicProblem::NotUtf8)?;
    // The id cannot contain ':' once form-encoded, so the first colon is the separator.
    let (id, secret) = decoded.split_once(':').ok_or(BasicProblem::NoColon)?;
    if !form_decode {
        return Ok(BasicCredentials {
            id: id.to_owned(),
            secret: secret.to_owned(),
        });
    }
    Ok(BasicCredentials {
        id: form_urldecode(id).map_err(BasicProblem::FormDecoding)?,
        secret: form_urldecode(secret).map_err(BasicProblem::FormDecoding)?,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BasicProblem {
    NotBasic,
    NotBase64,
    NotUtf8,
    NoColon,
    FormDecoding(FormDecodeError),
}

impl BasicProblem {
    pub(crate) fn description(self) -> &'static str {
        match self {
            BasicProblem::NotBasic => "the Authorization header does not use the Basic scheme",
            BasicProblem::NotBase64 => "the Basic credentials are not valid base64",
            BasicProblem::NotUtf8 => "the Basic credentials are not UTF-8",
            BasicProblem::NoColon => "the Basic credentials have no ':' separator",
            BasicProblem::FormDecoding(_) => {
                "the Basic client id or secret is not valid application/x-www-form-urlencoded"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(raw: &str) -> String {
        format!("Basic {}", STANDARD.encode(raw))
    }

    #[test]
    fn section_2_3_1_credentials_are_form_decoded_after_base64() {
        // conf-client-2's secret, form-url-encoded by the client as §2.3.1 requires.
        let header = basic("conf-client-2:conf%3Aclient%2F2+s3cr%25t%2B%26%C3%A9");
        let credentials = decode_basic(&header, true).unwrap();
        assert_eq!(credentials.id, "conf-client-2");
        assert_eq!(credentials.secret, "conf:client/2 s3cr%t+&é");
        assert_eq!(
            Some(credentials.secret.as_str()),
            fixtures().client("conf-client-2").unwrap().secret
        );
    }

    #[test]
    fn without_form_decoding_the_raw_text_is_kept() {
        let header = basic("conf-client-2:a+b%2B");
        let credentials = decode_basic(&header, false).unwrap();
        assert_eq!(credentials.secret, "a+b%2B");
    }

    #[test]
    fn only_the_first_colon_separates() {
        let credentials = decode_basic(&basic("id:se:cret"), true).unwrap();
        assert_eq!(credentials.id, "id");
        assert_eq!(credentials.secret, "se:cret");
    }

    #[test]
    fn scheme_is_case_insensitive() {
        let header = format!("bAsIc {}", STANDARD.encode("a:b"));
        assert!(decode_basic(&header, true).is_ok());
    }

    #[test]
    fn malformed_headers_are_problems_not_panics() {
        assert_eq!(
            decode_basic("Bearer abc", true),
            Err(BasicProblem::NotBasic)
        );
        assert_eq!(decode_basic("Basic", true), Err(BasicProblem::NotBasic));
        assert_eq!(
            decode_basic("Basic !!!", true),
            Err(BasicProblem::NotBase64)
        );
        assert_eq!(
            decode_basic(&basic("no-colon"), true),
            Err(BasicProblem::NoColon)
        );
        assert_eq!(
            decode_basic(&format!("Basic {}", STANDARD.encode([0xff, b':'])), true),
            Err(BasicProblem::NotUtf8)
        );
        assert!(matches!(
            decode_basic(&basic("id:50%"), true),
            Err(BasicProblem::FormDecoding(_))
        ));
    }

    #[test]
    fn debug_redacts_the_secret() {
        let credentials = decode_basic(&basic("id:hunter2"), true).unwrap();
        assert!(!format!("{credentials:?}").contains("hunter2"));
    }
}
