//! Reference server: the authorization endpoint's request parsing and validation (RFC 6749
//! §3.1, §4.1.1, RFC 7636 §4.3), GET query or POST form, repeats included.
//!
//! Oracles: no 5xx; a redirect goes only to the server's own login/consent pages or to a
//! redirect URI registered for a client (never an open redirector, §4.1.2.1, §10.15).
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec_fuzz::{exchange, ISSUER};
use reference_server::fixtures;

fuzz_target!(|input: &[u8]| {
    let Some((request, answer)) = exchange(input, "/authorize") else {
        return;
    };
    if let Some(location) = answer.header("location") {
        let own_page = location.starts_with(&format!("{ISSUER}/login?"))
            || location.starts_with(&format!("{ISSUER}/consent?"));
        let registered = fixtures()
            .clients
            .iter()
            .flat_map(|client| client.redirect_uris.iter())
            .any(|uri| {
                location == *uri
                    || location.starts_with(&format!("{uri}?"))
                    || location.starts_with(&format!("{uri}#"))
            });
        assert!(
            own_page || registered,
            "redirected to {location:?} for {request:?}"
        );
    }
});
