//! Harness: authorization server metadata (RFC 8414 §2, §3.2) as the checks and the target
//! resolution read it.
//!
//! Oracles: no panic; a document the checks accept is a JSON object; resolving a target
//! against any metadata either works or says why.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oauth2spec::checks::metadata;
use oauth2spec::client::Response;
use oauth2spec::config::{load, target};

const CONFIG: &str = r#"
name = "fuzz"
issuer = "http://127.0.0.1:9"

[[clients]]
id = "conf-client"
type = "confidential"
secret = "s"
redirect_uris = ["http://127.0.0.1:9999/cb"]
"#;

fuzz_target!(|input: &[u8]| {
    let response = Response {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: input.to_vec(),
        truncated: false,
    };
    let verdict = metadata::metadata_document(&response);
    let Ok(serde_json::Value::Object(document)) = response.json() else {
        assert!(!verdict.is_met());
        return;
    };
    let _ = metadata::issuer_identical(&document, "http://127.0.0.1:9");
    let _ = metadata::issuer_without_query_or_fragment(&document);
    let _ = metadata::has_string_member(&document, "token_endpoint");
    let _ = metadata::has_string_array(&document, "response_types_supported");
    let _ = metadata::no_empty_arrays(&document);
    let _ = metadata::endpoint_without_fragment(&document, "authorization_endpoint");
    if let Ok(file) = load::parse(CONFIG, &|_| None) {
        let _ = target::merge(file, Some(serde_json::Value::Object(document)));
    }
});
