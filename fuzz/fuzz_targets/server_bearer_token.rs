//! Reference server: where a protected-resource request carries its access token (RFC 6750
//! §2.1 header, §2.2 form body), and the resource's answer to it.
//!
//! Oracles: no 5xx; every 400/401/403 carries a `WWW-Authenticate: Bearer` challenge (§3),
//! and with a fresh server no token is accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec_fuzz::{assert_no_server_error, send, TextRequest};
use reference_server::parsing::bearer_token;

fuzz_target!(|input: &[u8]| {
    let Some(request) = TextRequest::parse(input) else {
        return;
    };
    let extracted = bearer_token(&request.method, &request.header_map(), &request.body);
    if let Ok(Some(token)) = &extracted {
        assert!(!token.is_empty());
    }
    let Some(http) = request.to_http("/resource") else {
        return;
    };
    let answer = send(http);
    assert_no_server_error(&answer, &request);
    if matches!(request.method.as_str(), "GET" | "POST") {
        assert!(
            answer.status != 200,
            "a fresh server accepted {extracted:?}"
        );
        if matches!(answer.status, 400 | 401 | 403) {
            let challenge = answer.header("www-authenticate").unwrap_or_default();
            assert!(challenge.starts_with("Bearer "), "challenge {challenge:?}");
        }
    }
});
