//! RFC 9700 §2.1.1: clients can detect that the server supports PKCE, and with which methods.

use serde_json::{Map, Value};

use super::Verdict;

/// 9700-2.1.1-d: "Authorization servers MUST provide a way to detect their support for PKCE";
/// with metadata published, that is `code_challenge_methods_supported`, a non-empty array of
/// strings (RFC 8414 §2).
pub fn publishes_pkce_methods(metadata: &Map<String, Value>) -> Verdict {
    let want = "code_challenge_methods_supported: a non-empty array of method names";
    match metadata.get("code_challenge_methods_supported") {
        Some(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_string) => {
            Verdict::Met(format!(
                "code_challenge_methods_supported: {}",
                Value::Array(items.clone())
            ))
        }
        Some(other) => Verdict::violated(
            "code_challenge_methods_supported is not a non-empty array of strings",
            want,
            other.to_string(),
        ),
        None => Verdict::violated(
            "the metadata does not say whether the server supports PKCE",
            want,
            "no code_challenge_methods_supported member",
        ),
    }
}

/// 9700-2.1.1-e: "It is RECOMMENDED that authorization servers publish the element
/// code_challenge_methods_supported", and clients are to use S256, so S256 is among them.
/// `None` when the member is absent (9700-2.1.1-d's finding).
pub fn pkce_methods_include_s256(metadata: &Map<String, Value>) -> Option<Verdict> {
    let items = metadata
        .get("code_challenge_methods_supported")?
        .as_array()?;
    Some(if items.iter().any(|m| m.as_str() == Some("S256")) {
        Verdict::Met("S256 is published".into())
    } else {
        Verdict::violated(
            "S256 is not among the published PKCE methods",
            "code_challenge_methods_supported includes \"S256\"",
            Value::Array(items.clone()).to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn missing_or_empty_methods_fail() {
        assert!(!publishes_pkce_methods(&doc(json!({"issuer": "x"}))).is_met());
        assert!(
            !publishes_pkce_methods(&doc(json!({"code_challenge_methods_supported": []}))).is_met()
        );
        assert!(publishes_pkce_methods(&doc(
            json!({"code_challenge_methods_supported": ["S256"]})
        ))
        .is_met());
    }

    #[test]
    fn s256_must_be_among_them() {
        let plain = doc(json!({"code_challenge_methods_supported": ["plain"]}));
        assert!(pkce_methods_include_s256(&plain).is_some_and(|v| !v.is_met()));
        let both = doc(json!({"code_challenge_methods_supported": ["S256", "plain"]}));
        assert!(pkce_methods_include_s256(&both).is_some_and(|v| v.is_met()));
        assert!(pkce_methods_include_s256(&doc(json!({}))).is_none());
    }
}
