//! Harness: token and error responses (RFC 6749 §5.1, §5.2) as the checks read them. The input
//! is a response as text (status line, headers, empty line, body), so the seeds are responses
//! the suite received.
//!
//! Oracles: no panic; a check that says a token was issued saw HTTP 200 and a JSON object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::checks::token;
use oauth2spec_fuzz::parse_response;

fuzz_target!(|input: &[u8]| {
    let Some(response) = parse_response(input) else {
        return;
    };
    let _ = response.json();
    if token::token_issued(&response).is_met() {
        assert_eq!(response.status, 200);
        assert!(matches!(response.json(), Ok(serde_json::Value::Object(_))));
    }
    let _ = token::has_token_type(&response);
    let _ = token::has_expires_in(&response);
    let _ = token::forbids_caching(&response);
    let _ = token::no_refresh_token(&response);
    let _ = token::token_error(&response, None);
    let _ = token::token_error(&response, Some("invalid_grant"));
    let _ = token::client_authenticated(&response);
    let _ = token::auth_challenge(&response, "Basic");
    let _ = token::refused(&response);
});
