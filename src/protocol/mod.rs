//! Protocol values and pure helpers: PKCE, random values, redirect parsing. No I/O here.

pub mod challenge;
pub mod pkce;
pub mod redirect;

use base64::Engine;
use rand::RngCore;

/// A fresh random value of `bytes` bytes, base64url without padding: for `state` and PKCE
/// verifiers.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Error codes of the authorization endpoint (RFC 6749 §4.1.2.1).
pub const AUTHORIZATION_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
];

/// Error codes of the token endpoint (RFC 6749 §5.2).
pub const TOKEN_ERRORS: &[&str] = &[
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
];

/// RFC 6749 §4.1.2.1 / §5.2: error and error_description use only %x20-21 / %x23-5B / %x5D-7E.
pub fn is_error_charset(s: &str) -> bool {
    s.bytes()
        .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
}
