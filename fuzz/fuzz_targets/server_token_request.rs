//! Reference server: token requests (RFC 6749 §3.2, §4.1.3, §4.4, §6): form body, client
//! authentication by Basic header or body (§2.3.1), grant parameters.
//!
//! Oracles: no 5xx; every 400/401 is a §5.2 JSON error with a registered code; a 401 after
//! an Authorization header carries a challenge; a 200 is a §5.1 token response.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec_fuzz::{assert_token_error_shape, exchange};

fuzz_target!(|input: &[u8]| {
    let Some((_, answer)) = exchange(input, "/token") else {
        return;
    };
    assert_token_error_shape(&answer);
    if answer.status == 200 {
        let json = answer.json().expect("a JSON token response");
        assert!(json.get("access_token").and_then(|t| t.as_str()).is_some());
        assert!(json.get("token_type").and_then(|t| t.as_str()).is_some());
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }
});
