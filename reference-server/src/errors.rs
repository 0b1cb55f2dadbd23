//! Error codes, as enums rather than free strings, and the JSON error response of the
//! back-channel endpoints.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The realm in the `WWW-Authenticate` challenges this server sends.
pub(crate) const REALM: &str = "oauth2spec-reference";

/// Authorization endpoint error codes (RFC 6749 §4.1.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthorizationErrorCode {
    InvalidRequest,
    UnauthorizedClient,
    AccessDenied,
    UnsupportedResponseType,
    InvalidScope,
    /// Not an RFC 6749 code: only the `malformed_scope_nonstandard_error` quirk sends it.
    MalformedScope,
}

impl AuthorizationErrorCode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AuthorizationErrorCode::InvalidRequest => "invalid_request",
            AuthorizationErrorCode::UnauthorizedClient => "unauthorized_client",
            AuthorizationErrorCode::AccessDenied => "access_denied",
            AuthorizationErrorCode::UnsupportedResponseType => "unsupported_response_type",
            AuthorizationErrorCode::InvalidScope => "invalid_scope",
            AuthorizationErrorCode::MalformedScope => "malformed_scope",
        }
    }
}

/// Token endpoint error codes (RFC 6749 §5.2), also used by revocation (RFC 7009 §2.2.1) and
/// introspection (RFC 7662 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    /// RFC 7009 §2.2.1: the server cannot revoke this type of token.
    UnsupportedTokenType,
}

impl TokenErrorCode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TokenErrorCode::InvalidRequest => "invalid_request",
            TokenErrorCode::InvalidClient => "invalid_client",
            TokenErrorCode::InvalidGrant => "invalid_grant",
            TokenErrorCode::UnauthorizedClient => "unauthorized_client",
            TokenErrorCode::UnsupportedGrantType => "unsupported_grant_type",
            TokenErrorCode::InvalidScope => "invalid_scope",
            TokenErrorCode::UnsupportedTokenType => "unsupported_token_type",
        }
    }
}

/// Bearer token error codes at the protected resource (RFC 6750 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BearerErrorCode {
    InvalidRequest,
    InvalidToken,
    InsufficientScope,
}

impl BearerErrorCode {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BearerErrorCode::InvalidRequest => "invalid_request",
            BearerErrorCode::InvalidToken => "invalid_token",
            BearerErrorCode::InsufficientScope => "insufficient_scope",
        }
    }
}

/// Keeps an `error_description` within the characters RFC 6749 §4.1.2.1 / §5.2 and RFC 6750 §3
/// allow (`%x20-21 / %x23-5B / %x5D-7E`): anything else becomes `?`, so a description that
/// quotes request input can never break the JSON, the redirect or the challenge syntax.
pub(crate) fn sanitize_description(description: &str) -> String {
    description
        .chars()
        .map(|c| match c {
            ' '..='~' if c != '"' && c != '\\' => c,
            _ => '?',
        })
        .collect()
}

/// An error from the token, revocation or introspection endpoint: a JSON body
/// `{"error", "error_description"}` (RFC 6749 §5.2).
#[derive(Debug, Clone)]
pub(crate) struct TokenError {
    pub(crate) code: TokenErrorCode,
    pub(crate) description: Cow<'static, str>,
    status: StatusCode,
    basic_challenge: bool,
}

impl TokenError {
    /// 400, except `invalid_client`, which is 401 with a `WWW-Authenticate: Basic` challenge:
    /// §5.2 requires it when the client used the Authorization header, and HTTP requires a
    /// challenge with every 401 (RFC 9110 §15.5.2).
    pub(crate) fn new(code: TokenErrorCode, description: impl Into<Cow<'static, str>>) -> Self {
        let is_client_error = code == TokenErrorCode::InvalidClient;
        TokenError {
            code,
            description: description.into(),
            status: if is_client_error {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            },
            basic_challenge: is_client_error,
        }
    }

    pub(crate) fn invalid_request(description: impl Into<Cow<'static, str>>) -> Self {
        TokenError::new(TokenErrorCode::InvalidRequest, description)
    }

    pub(crate) fn invalid_client(description: impl Into<Cow<'static, str>>) -> Self {
        TokenError::new(TokenErrorCode::InvalidClient, description)
    }

    pub(crate) fn invalid_grant(description: impl Into<Cow<'static, str>>) -> Self {
        TokenError::new(TokenErrorCode::InvalidGrant, description)
    }

    pub(crate) fn invalid_scope(description: impl Into<Cow<'static, str>>) -> Self {
        TokenError::new(TokenErrorCode::InvalidScope, description)
    }

    /// A 400 without a challenge, for the `basic_auth_failure_without_challenge` quirk.
    pub(crate) fn without_challenge(mut self) -> Self {
        self.status = StatusCode::BAD_REQUEST;
        self.basic_challenge = false;
        self
    }
}

impl IntoResponse for TokenError {
    fn into_response(self) -> Response {
        self.into_response_with(|_| {})
    }
}

impl TokenError {
    /// The response, with `edit` applied to the JSON body first (only quirks edit it).
    pub(crate) fn into_response_with(
        self,
        edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
    ) -> Response {
        let mut body = json!({
            "error": self.code.as_str(),
            "error_description": sanitize_description(&self.description),
        });
        if let Some(object) = body.as_object_mut() {
            edit(object);
        }
        let mut response = (self.status, Json(body)).into_response();
        let headers = response.headers_mut();
        // §5.1 asks this of responses carrying tokens; error responses get it too, since
        // nothing at the token endpoint is meant for a cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        if self.basic_challenge {
            headers.insert(header::WWW_AUTHENTICATE, basic_challenge());
        }
        response
    }
}

/// `WWW-Authenticate: Basic realm="oauth2spec-reference"` (RFC 7617 §2).
pub(crate) fn basic_challenge() -> HeaderValue {
    HeaderValue::from_static("Basic realm=\"oauth2spec-reference\"")
}

/// The answer to any method but POST at the token, revocation and introspection endpoints:
/// 405 with `Allow: POST` and a JSON body, so a client sees why (RFC 6749 §3.2 requires POST).
pub(crate) async fn method_not_allowed() -> Response {
    let body = json!({
        "error": "invalid_request",
        "error_description": "this endpoint accepts only POST",
    });
    let mut response = (StatusCode::METHOD_NOT_ALLOWED, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::ALLOW, HeaderValue::from_static("POST"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_keep_only_allowed_characters() {
        assert_eq!(sanitize_description("bad \"x\\y\" é\n~!"), "bad ?x?y? ??~!");
    }

    #[test]
    fn realm_matches_the_challenge() {
        let challenge = basic_challenge();
        assert!(challenge.to_str().unwrap().contains(REALM));
    }
}
