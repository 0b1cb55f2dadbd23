//! Harness: the target config file (TOML with `${VAR}` expansion) and resolving it into a
//! target without metadata.
//!
//! Oracles: no panic; errors are messages, not crashes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::config::{load, target};

fn env(name: &str) -> Option<String> {
    match name {
        "AS_SECRET" => Some("s3cr%t+&".into()),
        "EMPTY" => Some(String::new()),
        _ => None,
    }
}

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let _ = load::expand_str(text, &env);
    if let Ok(file) = load::parse(text, &env) {
        let _ = target::metadata_url(&file);
        let _ = target::merge(file, None);
    }
});
