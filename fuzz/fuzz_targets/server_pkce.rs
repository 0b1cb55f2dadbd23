//! Reference server: PKCE verifier and challenge syntax (RFC 7636 §4.1, §4.2) and the
//! verifier check of the token endpoint (§4.6).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use reference_server::parsing::{pkce_is_well_formed, pkce_s256, pkce_verifier_matches};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    verifier: &'a str,
    challenge: &'a str,
    method: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let _ = pkce_is_well_formed(input.challenge);
    let _ = pkce_verifier_matches(input.verifier, input.challenge, input.method);

    // The S256 challenge of any verifier is 43 unreserved characters (32 bytes, base64url).
    let challenge = pkce_s256(input.verifier);
    assert_eq!(challenge.len(), 43);
    assert!(pkce_is_well_formed(&challenge));
    assert_eq!(
        pkce_verifier_matches(input.verifier, &challenge, "S256"),
        Some(true)
    );
    assert_eq!(
        pkce_verifier_matches(input.verifier, input.verifier, "plain"),
        Some(true)
    );
    if input.challenge != challenge {
        assert_eq!(
            pkce_verifier_matches(input.verifier, input.challenge, "S256"),
            Some(false)
        );
    }
});
