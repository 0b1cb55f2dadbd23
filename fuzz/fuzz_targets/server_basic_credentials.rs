//! Reference server: `Authorization: Basic` client credentials, with the form-url-decoding of
//! the id and secret that RFC 6749 §2.3.1 requires.
#![no_main]

use arbitrary::Arbitrary;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use reference_server::parsing::decode_basic;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    /// A header value as a client might send it.
    raw_header: &'a str,
    form_decode: bool,
    /// Credentials to encode as §2.3.1 says and decode again.
    client_id: String,
    secret: String,
}

fuzz_target!(|input: Input<'_>| {
    let _ = decode_basic(input.raw_header, input.form_decode);

    let encode =
        |s: &str| -> String { url::form_urlencoded::byte_serialize(s.as_bytes()).collect() };
    let joined = format!("{}:{}", encode(&input.client_id), encode(&input.secret));
    let header = format!("Basic {}", STANDARD.encode(joined));
    let decoded = decode_basic(&header, true).expect("correctly encoded credentials decode");
    assert_eq!(decoded, (input.client_id, input.secret));
});
