//! Reference server: redirect URI comparison (RFC 6749 §3.1.2.3, simple string comparison),
//! clean and under each comparison quirk.
#![no_main]

use std::collections::BTreeSet;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use reference_server::parsing::redirect_uri_matches;
use reference_server::Quirk;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    /// Which quirks are on, one bit per entry of `Quirk::ALL` (the first 64).
    quirk_bits: u64,
    registered: &'a str,
    supplied: &'a str,
}

fuzz_target!(|input: Input<'_>| {
    let clean = BTreeSet::new();
    assert_eq!(
        redirect_uri_matches(&clean, input.registered, input.supplied),
        input.registered == input.supplied,
        "the clean server compares strings exactly"
    );
    let quirks: BTreeSet<Quirk> = Quirk::ALL
        .iter()
        .take(64)
        .enumerate()
        .filter(|(bit, _)| input.quirk_bits & (1 << bit) != 0)
        .map(|(_, quirk)| *quirk)
        .collect();
    let _ = redirect_uri_matches(&quirks, input.registered, input.supplied);
    assert!(redirect_uri_matches(
        &quirks,
        input.registered,
        input.registered
    ));
});
