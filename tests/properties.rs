//! Properties of the harness's encoders and parsers, and of the harness and the reference
//! server agreeing on the wire: form/query encoding (RFC 6749 Appendix B), Basic credentials
//! (§2.3.1), the authorization redirect (§4.1.2) and PKCE S256 (RFC 7636 §4.2).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use oauth2spec::client::{form_urlencode, RawRequest};
use oauth2spec::protocol::pkce;
use oauth2spec::protocol::redirect::AuthorizationRedirect;
use proptest::prelude::*;
use reference_server::parsing::{decode_basic, parse_params, pkce_is_well_formed, pkce_s256};

/// Text rich in what form encoding must escape.
fn reserved_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:/?#\\[\\]@!$&'()*+,;=% ~._é€-]{0,24}"
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((reserved_text(), reserved_text()), 0..8)
}

fn as_refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

proptest! {
    // 64 cases a property keeps `cargo test` quick; ClusterFuzzLite and the fuzz targets go deep.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn form_urlencode_round_trips(text in any::<String>()) {
        let encoded = form_urlencode(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"*-._+%".contains(&b)));
        let decoded: String = url::form_urlencoded::parse(format!("x={encoded}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        prop_assert_eq!(decoded, text);
    }

    /// A form body the harness builds is read back by the server pair for pair.
    #[test]
    fn form_body_is_read_back_by_the_server(pairs in pairs()) {
        let request = RawRequest::post("http://as.example/token").form(&as_refs(&pairs));
        let parsed = parse_params(request.body.as_deref().unwrap_or_default()).expect("parses");
        let expected: Vec<(String, String)> =
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        prop_assert_eq!(parsed.pairs, expected);
    }

    /// Query pairs the harness appends come back out of the redirect parser, in order,
    /// repeats kept, and the original query is kept ahead of them.
    #[test]
    fn query_pairs_round_trip_through_the_redirect_parser(pairs in pairs()) {
        let request = RawRequest::get("http://127.0.0.1:9999/cb?keep=1").query(&as_refs(&pairs));
        let redirect = AuthorizationRedirect::parse(&request.url).expect("an absolute URL");
        let mut expected = vec![("keep".to_owned(), "1".to_owned())];
        expected.extend(pairs);
        prop_assert_eq!(&redirect.query, &expected);
        prop_assert!(redirect.fragment.is_empty());
        prop_assert_eq!(redirect.base(), "http://127.0.0.1:9999/cb");
    }

    /// Parameters in the fragment are read from the fragment, not the query.
    #[test]
    fn fragment_pairs_are_read_from_the_fragment(pairs in pairs()) {
        let fragment = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let location = format!("http://127.0.0.1:9999/cb#{fragment}");
        let redirect = AuthorizationRedirect::parse(&location).expect("an absolute URL");
        prop_assert!(redirect.query.is_empty());
        prop_assert_eq!(redirect.fragment, pairs);
    }

    /// §2.3.1: the harness form-encodes id and secret before Basic encoding; the server
    /// decodes them back exactly, reserved characters included.
    #[test]
    fn basic_credentials_round_trip_between_harness_and_server(
        id in reserved_text(),
        secret in reserved_text(),
    ) {
        let request = RawRequest::post("http://as.example/token").basic_auth(&id, &secret);
        let header = request.header_value("authorization").expect("a header").to_owned();
        prop_assert!(header.starts_with("Basic "));
        let encoded = STANDARD.decode(&header["Basic ".len()..]).expect("base64");
        prop_assert_eq!(encoded.iter().filter(|&&b| b == b':').count(), 1, "one separator");
        prop_assert_eq!(decode_basic(&header, true), Ok((id, secret)));
    }

    /// RFC 7636 §4.2 for generated verifiers: harness and server compute the same S256
    /// challenge, of the §4.2 syntax.
    #[test]
    fn s256_agrees_with_the_server(verifier in "[A-Za-z0-9._~-]{43,128}") {
        let challenge = pkce::challenge(&verifier, "S256");
        prop_assert_eq!(&challenge, &pkce_s256(&verifier));
        prop_assert_eq!(challenge.len(), 43);
        prop_assert!(pkce_is_well_formed(&challenge));
        prop_assert_eq!(pkce::challenge(&verifier, "plain"), verifier);
    }
}

/// RFC 7636 Appendix B.
#[test]
fn s256_appendix_b_vector() {
    assert_eq!(
        pkce::challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "S256"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn fresh_verifiers_are_well_formed() {
    for _ in 0..32 {
        let verifier = pkce::new_verifier();
        assert!(pkce_is_well_formed(&verifier), "{verifier}");
    }
}
