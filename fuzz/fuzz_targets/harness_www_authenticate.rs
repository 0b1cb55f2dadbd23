//! Harness: `WWW-Authenticate` challenges (RFC 6750 §3, RFC 6749 §5.2 Basic) as the checks
//! read them. The input is a response as text, so the seeds are challenges the suite received.
//!
//! Oracles: no panic; an auth-param read from a challenge is a substring of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::checks::{bearer, token};
use oauth2spec_fuzz::parse_response;

fuzz_target!(|input: &[u8]| {
    let Some(response) = parse_response(input) else {
        return;
    };
    for challenge in response.header_all("www-authenticate") {
        for name in ["realm", "error", "error_description", "scope", "error_uri"] {
            if let Some(value) = bearer::challenge_param(challenge, name) {
                assert!(
                    challenge.contains(value.as_str()),
                    "{value:?} in {challenge:?}"
                );
            }
        }
    }
    let _ = bearer::resource_ok(&response);
    let _ = bearer::unauthorized_with_challenge(&response);
    let _ = bearer::unauthorized_with_error(&response, "invalid_token");
    let _ = token::auth_challenge(&response, "Basic");
    let _ = token::auth_challenge(&response, "Bearer");
});
