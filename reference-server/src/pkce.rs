//! Proof Key for Code Exchange (RFC 7636): challenge methods, the verifier/challenge syntax and
//! the transformation that links them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `code_challenge_method` values this server supports (RFC 7636 §4.2, §4.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeChallengeMethod {
    S256,
    Plain,
}

impl CodeChallengeMethod {
    /// Method names are case-sensitive: `s256` is not `S256` (§4.3 defines the exact values).
    pub(crate) fn from_name(name: &str) -> Option<CodeChallengeMethod> {
        match name {
            "S256" => Some(CodeChallengeMethod::S256),
            "plain" => Some(CodeChallengeMethod::Plain),
            _ => None,
        }
    }
}

/// Whether a `code_verifier` or `code_challenge` has the §4.1 / §4.2 syntax:
/// 43 to 128 characters from `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
pub(crate) fn is_well_formed(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// S256 (§4.2): `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))`, without padding (Appendix A).
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The transformation the `pkce_s256_wrong_transform` quirk uses instead of [`s256`]:
/// lowercase hex of the digest, a mistake real servers have made.
pub(crate) fn s256_as_lowercase_hex(verifier: &str) -> String {
    Sha256::digest(verifier.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Compares a transformed verifier with the stored challenge without leaking, through timing,
/// how many leading characters matched.
pub(crate) fn challenge_matches(computed: &str, challenge: &str) -> bool {
    computed.as_bytes().ct_eq(challenge.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn appendix_b_vector() {
        assert_eq!(s256(VERIFIER), CHALLENGE);
        assert!(challenge_matches(&s256(VERIFIER), CHALLENGE));
        assert!(!challenge_matches(
            &s256_as_lowercase_hex(VERIFIER),
            CHALLENGE
        ));
        assert_eq!(s256_as_lowercase_hex(VERIFIER).len(), 64);
    }

    #[test]
    fn syntax_is_43_to_128_unreserved_characters() {
        assert!(is_well_formed(VERIFIER));
        assert!(is_well_formed(&"a".repeat(43)));
        assert!(is_well_formed(&"~._-".repeat(32)));
        assert!(!is_well_formed(&"a".repeat(42)));
        assert!(!is_well_formed(&"a".repeat(129)));
        assert!(!is_well_formed(&format!("{}+", "a".repeat(42))));
        assert!(!is_well_formed(&format!("{}=", "a".repeat(42))));
        assert!(!is_well_formed(&"é".repeat(43)));
    }

    #[test]
    fn method_names_are_exact() {
        assert_eq!(
            CodeChallengeMethod::from_name("S256"),
            Some(CodeChallengeMethod::S256)
        );
        assert_eq!(
            CodeChallengeMethod::from_name("plain"),
            Some(CodeChallengeMethod::Plain)
        );
        assert_eq!(CodeChallengeMethod::from_name("s256"), None);
        assert_eq!(CodeChallengeMethod::from_name("S512"), None);
    }
}
