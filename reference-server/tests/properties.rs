//! Properties of the reference server's parsers (see `src/parsing.rs`): Appendix B form
//! decoding, §2.3.1 Basic credentials, RFC 7636 PKCE, and the §3.1.2.3 redirect URI
//! comparison.

use std::collections::BTreeSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use proptest::prelude::*;
use reference_server::parsing::{
    decode_basic, form_urldecode, parse_params, pkce_is_well_formed, pkce_s256,
    pkce_verifier_matches, redirect_uri_matches,
};

fn form_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Text rich in what form encoding must escape: reserved characters, `%`, `+`, spaces and
/// non-ASCII.
fn reserved_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9:/?#\\[\\]@!$&'()*+,;=% ~._é€-]{0,24}"
}

/// RFC 7636 §4.1: 43 to 128 unreserved characters.
fn verifier() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~-]{43,128}"
}

proptest! {
    #[test]
    fn form_component_round_trips(text in any::<String>()) {
        prop_assert_eq!(form_urldecode(&form_encode(&text)), Ok(text));
    }

    #[test]
    fn form_body_round_trips(pairs in prop::collection::vec((reserved_text(), reserved_text()), 0..8)) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let parsed = parse_params(body.as_bytes()).expect("an encoded body parses");
        // §3.1: parameters without a value count as omitted.
        let expected: Vec<(String, String)> =
            pairs.into_iter().filter(|(_, value)| !value.is_empty()).collect();
        prop_assert_eq!(parsed.pairs, expected);
    }

    #[test]
    fn basic_credentials_round_trip_with_reserved_characters(
        id in reserved_text(),
        secret in reserved_text(),
    ) {
        let header = format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", form_encode(&id), form_encode(&secret)))
        );
        prop_assert_eq!(decode_basic(&header, true), Ok((id, secret)));
    }

    #[test]
    fn generated_verifiers_satisfy_their_s256_challenge(verifier in verifier()) {
        prop_assert!(pkce_is_well_formed(&verifier));
        let challenge = pkce_s256(&verifier);
        prop_assert_eq!(challenge.len(), 43);
        prop_assert!(pkce_is_well_formed(&challenge));
        prop_assert_eq!(pkce_verifier_matches(&verifier, &challenge, "S256"), Some(true));
        prop_assert_eq!(pkce_verifier_matches(&verifier, &verifier, "plain"), Some(true));
        // A different verifier does not satisfy the challenge.
        let other = format!("{}x", &verifier[..verifier.len() - 1]);
        if other != verifier {
            prop_assert_eq!(pkce_verifier_matches(&other, &challenge, "S256"), Some(false));
        }
    }

    #[test]
    fn redirect_uri_equal_strings_match(uri in "https?://[a-z0-9.:]{1,20}/[a-zA-Z0-9/?=&%._~-]{0,30}") {
        prop_assert!(redirect_uri_matches(&BTreeSet::new(), &uri, &uri));
    }

    /// §3.1.2.3 simple string comparison: any single-character edit is another URI.
    #[test]
    fn redirect_uri_single_edit_does_not_match(
        uri in "https?://[a-z0-9.:]{1,20}/[a-zA-Z0-9/?=&%._~-]{0,30}",
        edit in edit(),
    ) {
        let edited = edit.apply(&uri);
        prop_assume!(edited != uri);
        prop_assert!(!redirect_uri_matches(&BTreeSet::new(), &uri, &edited), "{uri} vs {edited}");
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, char),
    Delete(prop::sample::Index),
    Replace(prop::sample::Index, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let character = prop_oneof![any::<char>(), prop::char::range('A', 'z'), Just('/')];
    prop_oneof![
        (any::<prop::sample::Index>(), character.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
        (any::<prop::sample::Index>(), character).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

impl Edit {
    fn apply(&self, s: &str) -> String {
        let mut chars: Vec<char> = s.chars().collect();
        match self {
            Edit::Insert(at, c) => chars.insert(at.index(chars.len() + 1), *c),
            Edit::Delete(at) if !chars.is_empty() => {
                chars.remove(at.index(chars.len()));
            }
            Edit::Replace(at, c) if !chars.is_empty() => {
                let at = at.index(chars.len());
                chars[at] = *c;
            }
            _ => {}
        }
        chars.into_iter().collect()
    }
}

/// RFC 7636 Appendix B.
#[test]
fn pkce_appendix_b_vector() {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    assert_eq!(pkce_s256(verifier), challenge);
    assert_eq!(
        pkce_verifier_matches(verifier, challenge, "S256"),
        Some(true)
    );
    assert_eq!(pkce_verifier_matches(verifier, challenge, "s256"), None);
}
