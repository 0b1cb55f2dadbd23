//! Reference server: revocation requests (RFC 7009 §2.1): form body, client authentication,
//! `token` and `token_type_hint`.
//!
//! Oracles: no 5xx; errors are RFC 6749 §5.2 JSON errors; success is 200 with an empty body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec_fuzz::{assert_token_error_shape, exchange};

fuzz_target!(|input: &[u8]| {
    let Some((_, answer)) = exchange(input, "/revoke") else {
        return;
    };
    assert_token_error_shape(&answer);
    if answer.status == 200 {
        assert!(answer.body.is_empty());
    }
});
