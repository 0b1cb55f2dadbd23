//! Reference server: introspection requests (RFC 7662 §2.1): form body, caller
//! authentication, `token` and `token_type_hint`.
//!
//! Oracles: no 5xx; errors are RFC 6749 §5.2 JSON errors; a 200 is a JSON object with a
//! boolean `active` (§2.2), and with a fresh server nothing is active.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec_fuzz::{assert_token_error_shape, exchange};

fuzz_target!(|input: &[u8]| {
    let Some((_, answer)) = exchange(input, "/introspect") else {
        return;
    };
    assert_token_error_shape(&answer);
    if answer.status == 200 {
        let json = answer.json().expect("a JSON introspection response");
        assert_eq!(json.get("active"), Some(&serde_json::Value::Bool(false)));
    }
});
