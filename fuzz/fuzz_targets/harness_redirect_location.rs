//! Harness: the authorization response's redirect Location (RFC 6749 §4.1.2), with parameters
//! in the query or the fragment.
//!
//! Oracles: no panic; the base of a parsed Location has neither query nor fragment; a query
//! parameter found by name is one of the parsed pairs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::checks::authorization;
use oauth2spec::protocol::redirect::AuthorizationRedirect;

fuzz_target!(|input: &[u8]| {
    let Ok(location) = std::str::from_utf8(input) else {
        return;
    };
    let Ok(redirect) = AuthorizationRedirect::parse(location) else {
        return;
    };
    let base = redirect.base();
    if let Ok(url) = url::Url::parse(&base) {
        assert!(url.query().is_none() && url.fragment().is_none(), "{base}");
    }
    for name in ["code", "state", "error", "error_description", "iss"] {
        if let Some(value) = redirect.query_param(name) {
            assert!(redirect.query.iter().any(|(k, v)| k == name && v == value));
            assert!(redirect.query_count(name) >= 1);
        }
        let _ = redirect.fragment_param(name);
        let _ = redirect.param_anywhere(name);
    }
    let _ = authorization::code_in_query(&redirect);
    let _ = authorization::state_echoed(&redirect, "xyz");
});
