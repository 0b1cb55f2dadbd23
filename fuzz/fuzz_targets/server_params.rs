//! Reference server: query strings and form bodies (RFC 6749 Appendix B, §3.1), and the strict
//! component decoder used for Basic credentials (§2.3.1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use reference_server::parsing::{form_urldecode, parse_params};

fuzz_target!(|input: &[u8]| {
    if let Ok(parsed) = parse_params(input) {
        // Appendix B round trip: encoding the pairs again and parsing gives the same pairs.
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&parsed.pairs)
            .finish();
        let again = parse_params(encoded.as_bytes()).expect("re-encoded pairs parse");
        assert_eq!(again.pairs, parsed.pairs);
        assert!(parsed.pairs.iter().all(|(_, value)| !value.is_empty()));
        if let Some(name) = &parsed.first_repeated {
            assert!(parsed.pairs.iter().filter(|(key, _)| key == name).count() > 1);
        }
    }
    if let Ok(text) = std::str::from_utf8(input) {
        if let Ok(decoded) = form_urldecode(text) {
            let encoded: String =
                url::form_urlencoded::byte_serialize(decoded.as_bytes()).collect();
            assert_eq!(form_urldecode(&encoded).as_deref(), Ok(decoded.as_str()));
        }
    }
});
