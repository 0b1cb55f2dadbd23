//! RFC 7636: code verifier and challenge.

use base64::Engine;
use sha2::{Digest, Sha256};

/// A fresh code verifier: 32 random bytes, base64url, 43 characters (RFC 7636 §4.1).
pub fn new_verifier() -> String {
    super::random_token(32)
}

/// `code_challenge` for a verifier: S256 is BASE64URL(SHA256(ASCII(verifier))), plain is the
/// verifier itself (RFC 7636 §4.2).
pub fn challenge(verifier: &str, method: &str) -> String {
    match method {
        "S256" => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Sha256::digest(verifier.as_bytes())),
        _ => verifier.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_b_vector() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "S256"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_has_the_rfc_shape() {
        let v = new_verifier();
        assert_eq!(v.len(), 43);
        assert!(v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
    }
}
