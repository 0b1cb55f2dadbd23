//! Checks on the authorization server metadata document (RFC 8414 §2, §3), and the endpoint
//! URLs it publishes (RFC 7009 §2).

use serde_json::{Map, Value};

use super::{short, Verdict};
use crate::client::Response;

/// §3.2: HTTP 200, `application/json`, a JSON object.
pub fn metadata_document(resp: &Response) -> Verdict {
    let want = "HTTP 200, Content-Type application/json, a JSON object";
    if resp.status != 200 {
        return Verdict::violated(
            format!("the metadata URL answered HTTP {}", resp.status),
            want,
            format!("HTTP {} {}", resp.status, short(&resp.text())),
        );
    }
    let media_type = resp
        .content_type()
        .and_then(|c| c.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    if media_type.as_deref() != Some("application/json") {
        return Verdict::violated(
            "the metadata document is not served as application/json",
            want,
            format!("Content-Type: {:?}", resp.content_type().unwrap_or("")),
        );
    }
    match resp.json() {
        Ok(Value::Object(_)) => Verdict::Met("HTTP 200 application/json object".into()),
        Ok(other) => Verdict::violated(
            "the metadata document is not a JSON object",
            want,
            short(&other.to_string()),
        ),
        Err(e) => Verdict::violated("the metadata document is not JSON", want, e.to_string()),
    }
}

/// §3.3: the `issuer` member is identical to the issuer the metadata URL was built from.
pub fn issuer_identical(doc: &Map<String, Value>, expected: &str) -> Verdict {
    match doc.get("issuer") {
        Some(Value::String(s)) if s == expected => Verdict::Met(format!("issuer {s}")),
        Some(v) => Verdict::violated(
            "the metadata issuer differs from the configured issuer",
            format!("issuer {expected:?} exactly"),
            format!("issuer {v}"),
        ),
        None => Verdict::violated(
            "the metadata has no issuer",
            format!("issuer {expected:?}"),
            "no issuer member",
        ),
    }
}

/// §2: the issuer is a URL without query or fragment (its https scheme is not checked here:
/// a loopback test server speaks plain http).
pub fn issuer_without_query_or_fragment(doc: &Map<String, Value>) -> Verdict {
    let Some(issuer) = doc.get("issuer").and_then(Value::as_str) else {
        return Verdict::violated(
            "the metadata has no issuer string",
            "issuer: a URL without query or fragment",
            "no issuer string",
        );
    };
    match url::Url::parse(issuer) {
        Ok(u) if u.query().is_none() && u.fragment().is_none() => {
            Verdict::Met(format!("issuer {issuer} has no query or fragment"))
        }
        Ok(_) => Verdict::violated(
            "the issuer has a query or fragment",
            "a URL without query or fragment",
            issuer.to_string(),
        ),
        Err(e) => Verdict::violated(
            "the issuer is not a URL",
            "a URL without query or fragment",
            format!("{issuer:?}: {e}"),
        ),
    }
}

/// §2: a required string member is present and non-empty.
pub fn has_string_member(doc: &Map<String, Value>, name: &str) -> Verdict {
    match doc.get(name) {
        Some(Value::String(s)) if !s.is_empty() => Verdict::Met(format!("{name} is {s}")),
        Some(v) => Verdict::violated(
            format!("{name} is not a non-empty string"),
            format!("{name}: a URL string"),
            v.to_string(),
        ),
        None => Verdict::violated(
            format!("the metadata has no {name}"),
            format!("{name}: a URL string"),
            format!("no {name} member"),
        ),
    }
}

/// §2: an array member of strings, present and non-empty (response_types_supported,
/// scopes_supported).
pub fn has_string_array(doc: &Map<String, Value>, name: &str) -> Verdict {
    match doc.get(name) {
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(Value::is_string) => {
            Verdict::Met(format!("{name} lists {} values", a.len()))
        }
        Some(v) => Verdict::violated(
            format!("{name} is not a non-empty array of strings"),
            format!("{name}: a non-empty JSON array of strings"),
            short(&v.to_string()),
        ),
        None => Verdict::violated(
            format!("the metadata has no {name}"),
            format!("{name}: a non-empty JSON array of strings"),
            format!("no {name} member"),
        ),
    }
}

/// §3.2: "Claims with zero elements MUST be omitted from the response."
pub fn no_empty_arrays(doc: &Map<String, Value>) -> Verdict {
    let empty: Vec<&str> = doc
        .iter()
        .filter(|(_, v)| v.as_array().is_some_and(Vec::is_empty))
        .map(|(k, _)| k.as_str())
        .collect();
    if empty.is_empty() {
        Verdict::Met("no member is an empty array".into())
    } else {
        Verdict::violated(
            format!("empty arrays: {}", empty.join(", ")),
            "claims with zero elements omitted",
            empty
                .iter()
                .map(|k| format!("\"{k}\": []"))
                .collect::<Vec<_>>()
                .join(", "),
        )
    }
}

/// RFC 7009 §2 (by RFC 6749 §3.1): a published endpoint URL has no fragment.
pub fn endpoint_without_fragment(doc: &Map<String, Value>, name: &str) -> Verdict {
    match doc.get(name).and_then(Value::as_str) {
        Some(u) if u.contains('#') => Verdict::violated(
            format!("{name} has a fragment"),
            "an absolute URL without fragment",
            u.to_string(),
        ),
        Some(u) => Verdict::Met(format!("{name} {u} has no fragment")),
        None => Verdict::violated(
            format!("the metadata has no {name} string"),
            format!("{name}: an absolute URL"),
            format!("no {name} string"),
        ),
    }
}

/// The strings of an array member (non-strings are ignored); `None` when absent or not an array.
fn string_list<'a>(doc: &'a Map<String, Value>, name: &str) -> Option<Vec<&'a str>> {
    doc.get(name)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
}

/// The JWT client authentication methods (RFC 7523) an `<endpoint>_auth_methods_supported`
/// member lists.
fn jwt_methods<'a>(doc: &'a Map<String, Value>, endpoint: &str) -> Vec<&'a str> {
    string_list(doc, &format!("{endpoint}_auth_methods_supported"))
        .unwrap_or_default()
        .into_iter()
        .filter(|m| matches!(*m, "private_key_jwt" | "client_secret_jwt"))
        .collect()
}

/// 8414-2-h, 2-k, 2-m: `<endpoint>_auth_signing_alg_values_supported` "MUST be present if
/// either of these authentication methods [private_key_jwt, client_secret_jwt] is specified in
/// the `<endpoint>_auth_methods_supported` entry". `endpoint` is token_endpoint,
/// revocation_endpoint or introspection_endpoint.
pub fn jwt_auth_has_alg_values(doc: &Map<String, Value>, endpoint: &str) -> Verdict {
    let methods = jwt_methods(doc, endpoint);
    let algs = format!("{endpoint}_auth_signing_alg_values_supported");
    if methods.is_empty() {
        return Verdict::Met(format!(
            "{endpoint}_auth_methods_supported lists no JWT method, so {algs} is not required"
        ));
    }
    match string_list(doc, &algs) {
        Some(list) if !list.is_empty() => Verdict::Met(format!(
            "{} listed with {algs} [{}]",
            methods.join(", "),
            list.join(", ")
        )),
        _ => Verdict::violated(
            format!("{} is listed but {algs} is missing", methods.join(", ")),
            format!("{algs}: the JWS algorithms accepted"),
            format!(
                "{algs}: {}",
                doc.get(&algs).map_or("absent".into(), |v| v.to_string())
            ),
        ),
    }
}

/// 8414-2-i, 2-l, 2-n: "The value "none" MUST NOT be used" in
/// `<endpoint>_auth_signing_alg_values_supported`.
pub fn alg_values_exclude_none(doc: &Map<String, Value>, endpoint: &str) -> Verdict {
    let algs = format!("{endpoint}_auth_signing_alg_values_supported");
    match string_list(doc, &algs) {
        None => Verdict::Met(format!("no {algs} member, so no \"none\" in it")),
        Some(list) if list.contains(&"none") => Verdict::violated(
            format!("{algs} lists \"none\""),
            "signing algorithms without \"none\"",
            format!("{algs}: [{}]", list.join(", ")),
        ),
        Some(list) => Verdict::Met(format!("{algs} [{}] has no \"none\"", list.join(", "))),
    }
}

/// 8414-2-j cannot be judged from the metadata when private_key_jwt is listed but
/// token_endpoint_auth_signing_alg_values_supported is absent: the missing list is 8414-2-h's
/// failure, and it says nothing about whether RS256 is accepted. The reason to skip, or `None`
/// when `rs256_for_private_key_jwt` has something to read.
pub fn rs256_unknowable(doc: &Map<String, Value>) -> Option<String> {
    let algs = "token_endpoint_auth_signing_alg_values_supported";
    (jwt_methods(doc, "token_endpoint").contains(&"private_key_jwt")
        && string_list(doc, algs).is_none())
    .then(|| {
        format!(
            "private_key_jwt is listed without {algs} (8414-2-h), so the metadata does not say \
             whether RS256 is accepted"
        )
    })
}

/// 8414-2-j: "Servers SHOULD support "RS256"" for JWT client authentication; checked where
/// private_key_jwt is listed (RS256 means nothing to a client_secret_jwt-only server).
pub fn rs256_for_private_key_jwt(doc: &Map<String, Value>) -> Verdict {
    let algs = "token_endpoint_auth_signing_alg_values_supported";
    if !jwt_methods(doc, "token_endpoint").contains(&"private_key_jwt") {
        return Verdict::Met("private_key_jwt is not listed, so RS256 is not expected".into());
    }
    match string_list(doc, algs) {
        Some(list) if list.contains(&"RS256") => {
            Verdict::Met(format!("{algs} [{}] includes RS256", list.join(", ")))
        }
        list => Verdict::violated(
            "private_key_jwt is listed without RS256",
            format!("{algs} including RS256"),
            format!(
                "{algs}: {}",
                list.map_or("absent".into(), |l| format!("[{}]", l.join(", ")))
            ),
        ),
    }
}

/// An HTTP 200 answer whose body is a JSON object.
pub fn is_metadata_document(resp: &Response) -> bool {
    resp.status == 200 && matches!(resp.json(), Ok(Value::Object(_)))
}

/// 8414-3-a, 3.1-a: the metadata is retrievable with GET at the well-known URL built from the
/// issuer (suffix oauth-authorization-server, or openid-configuration where an OpenID Connect
/// profile declares it). `tried` holds each URL tried with its response.
pub fn served_at_well_known(tried: &[(String, Response)]) -> Verdict {
    let want = "HTTP 200 with a JSON object at /.well-known/oauth-authorization-server (or openid-configuration) + issuer path";
    if let Some((url, _)) = tried.iter().find(|(_, r)| is_metadata_document(r)) {
        return Verdict::Met(format!("metadata served at {url}"));
    }
    Verdict::violated(
        "no metadata document at the well-known URL of the issuer",
        want,
        tried
            .iter()
            .map(|(url, r)| format!("{url}: HTTP {}", r.status))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// What a JWK is for, from `use`, else `key_ops`, else `alg` (RFC 7517 §4.2-4.4, RFC 7518).
fn jwk_purpose(key: &Map<String, Value>) -> Option<&'static str> {
    match key.get("use").and_then(Value::as_str) {
        Some("sig") => return Some("sig"),
        Some("enc") => return Some("enc"),
        _ => {}
    }
    if let Some(ops) = key.get("key_ops").and_then(Value::as_array) {
        let ops: Vec<&str> = ops.iter().filter_map(Value::as_str).collect();
        if ops.iter().any(|o| matches!(*o, "sign" | "verify")) {
            return Some("sig");
        }
        if ops.iter().any(|o| {
            matches!(
                *o,
                "encrypt" | "decrypt" | "wrapKey" | "unwrapKey" | "deriveKey" | "deriveBits"
            )
        }) {
            return Some("enc");
        }
    }
    let alg = key.get("alg").and_then(Value::as_str)?;
    if alg.starts_with("RSA-OAEP")
        || alg == "RSA1_5"
        || alg.starts_with("ECDH-ES")
        || alg.ends_with("KW")
        || alg == "dir"
    {
        Some("enc")
    } else if ["RS", "PS", "ES", "HS"].iter().any(|p| alg.starts_with(p)) || alg == "EdDSA" {
        Some("sig")
    } else {
        None
    }
}

/// 8414-2-e: "When both signing and encryption keys are made available, a "use" (public key
/// use) parameter value is REQUIRED for all keys in the referenced JWK Set".
pub fn jwk_set_marks_use(set: &Value) -> Verdict {
    let want = "every key with \"use\" when the set holds signing and encryption keys";
    let Some(keys) = set.get("keys").and_then(Value::as_array) else {
        return Verdict::violated(
            "the JWK Set has no keys array",
            "a JWK Set: {\"keys\": [...]}",
            short(&set.to_string()),
        );
    };
    let keys: Vec<&Map<String, Value>> = keys.iter().filter_map(Value::as_object).collect();
    let purposes: Vec<Option<&str>> = keys.iter().map(|k| jwk_purpose(k)).collect();
    let both = purposes.contains(&Some("sig")) && purposes.contains(&Some("enc"));
    if !both {
        return Verdict::Met(format!(
            "the JWK Set does not mix signing and encryption keys ({} keys), so \"use\" is optional",
            keys.len()
        ));
    }
    let unmarked: Vec<String> = keys
        .iter()
        .filter(|k| !k.contains_key("use"))
        .map(|k| {
            k.get("kid")
                .and_then(Value::as_str)
                .map_or_else(|| "(no kid)".to_string(), |kid| format!("kid {kid}"))
        })
        .collect();
    if unmarked.is_empty() {
        Verdict::Met(format!("all {} keys carry \"use\"", keys.len()))
    } else {
        Verdict::violated(
            "the JWK Set mixes signing and encryption keys, but not every key carries \"use\"",
            want,
            format!("without use: {}", unmarked.join(", ")),
        )
    }
}

/// A JWT in JWS compact serialization, decoded (the signature is not verified).
pub struct DecodedJws {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    pub signature_len: usize,
}

/// Decodes `header.payload.signature` (base64url, JSON objects), or says what is wrong.
pub fn decode_jws(jwt: &str) -> Result<DecodedJws, String> {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "{} dot-separated parts, not the 3 of a JWS",
            parts.len()
        ));
    }
    let object = |part: &str, what: &str| -> Result<Map<String, Value>, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|e| format!("the {what} is not base64url: {e}"))?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(m)) => Ok(m),
            _ => Err(format!("the {what} is not a JSON object")),
        }
    };
    let signature_len = URL_SAFE_NO_PAD
        .decode(parts[2].trim_end_matches('='))
        .map_err(|e| format!("the signature is not base64url: {e}"))?
        .len();
    Ok(DecodedJws {
        header: object(parts[0], "header")?,
        claims: object(parts[1], "payload")?,
        signature_len,
    })
}

/// 8414-2.1-a: signed_metadata, when present, "MUST be digitally signed or MACed using JWS …
/// and MUST contain an "iss" (issuer) claim". The signature itself can be verified only with
/// the keys of the party named in `iss`, which the suite does not know: checked are a JWS whose
/// alg is not "none", a non-empty signature and the iss claim.
pub fn signed_metadata_is_signed(doc: &Map<String, Value>) -> Verdict {
    let want = "signed_metadata: a JWS (alg not \"none\", with a signature) carrying an iss claim";
    let Some(value) = doc.get("signed_metadata") else {
        return Verdict::Met("no signed_metadata member".into());
    };
    let Some(jwt) = value.as_str() else {
        return Verdict::violated(
            "signed_metadata is not a string",
            want,
            short(&value.to_string()),
        );
    };
    let jws = match decode_jws(jwt) {
        Ok(j) => j,
        Err(e) => {
            return Verdict::violated(
                format!("signed_metadata is not a JWS: {e}"),
                want,
                short(jwt),
            )
        }
    };
    let alg = jws.header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg.is_empty() || alg.eq_ignore_ascii_case("none") || jws.signature_len == 0 {
        return Verdict::violated(
            "signed_metadata is not signed or MACed",
            want,
            format!("alg {alg:?}, signature of {} bytes", jws.signature_len),
        );
    }
    match jws.claims.get("iss").and_then(Value::as_str) {
        Some(iss) => Verdict::Met(format!("signed_metadata is a JWS ({alg}) issued by {iss}")),
        None => Verdict::violated(
            "signed_metadata has no iss claim",
            want,
            "no iss string in the payload",
        ),
    }
}

/// 8414-2.1-b: the signed_metadata JWT "SHOULD NOT contain a signed_metadata claim".
/// `None` when the payload cannot be read (that is 8414-2.1-a's business).
pub fn signed_metadata_not_nested(doc: &Map<String, Value>) -> Option<Verdict> {
    let Some(jwt) = doc.get("signed_metadata") else {
        return Some(Verdict::Met("no signed_metadata member".into()));
    };
    let jws = decode_jws(jwt.as_str()?).ok()?;
    Some(if jws.claims.contains_key("signed_metadata") {
        Verdict::violated(
            "the signed_metadata JWT contains a signed_metadata claim",
            "no signed_metadata claim inside signed_metadata",
            "signed_metadata claim present",
        )
    } else {
        Verdict::Met("the signed_metadata JWT has no signed_metadata claim".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spring Authorization Server 2's metadata (reports/spring-authorization-server): JWT
    /// client authentication listed, no signing-algorithm lists at all.
    #[test]
    fn rs256_cannot_be_judged_without_the_algorithm_list() {
        let sas = doc(r#"{"issuer":"http://127.0.0.1:9403",
                "token_endpoint_auth_methods_supported":["client_secret_basic",
                  "client_secret_post","client_secret_jwt","private_key_jwt",
                  "tls_client_auth","self_signed_tls_client_auth"]}"#);
        assert!(rs256_unknowable(&sas).is_some_and(|r| r.contains("8414-2-h")));
        let listed = doc(
            r#"{"token_endpoint_auth_methods_supported":["private_key_jwt"],
                "token_endpoint_auth_signing_alg_values_supported":["ES256"]}"#,
        );
        assert_eq!(rs256_unknowable(&listed), None);
        assert!(!rs256_for_private_key_jwt(&listed).is_met());
        let secret_jwt_only =
            doc(r#"{"token_endpoint_auth_methods_supported":["client_secret_jwt"]}"#);
        assert_eq!(rs256_unknowable(&secret_jwt_only), None);
    }

    fn doc(text: &str) -> Map<String, Value> {
        match serde_json::from_str(text).unwrap() {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    fn resp(status: u16, content_type: &str, body: &str) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            truncated: false,
        }
    }

    #[test]
    fn document_is_a_json_object_served_as_json() {
        assert!(metadata_document(&resp(200, "application/json", r#"{"issuer":"x"}"#)).is_met());
        assert!(!metadata_document(&resp(200, "text/plain", r#"{"issuer":"x"}"#)).is_met());
        assert!(!metadata_document(&resp(200, "application/json", "[1]")).is_met());
        assert!(!metadata_document(&resp(404, "application/json", "{}")).is_met());
    }

    #[test]
    fn issuer_rules() {
        let good = doc(r#"{"issuer":"http://127.0.0.1:8080"}"#);
        assert!(issuer_identical(&good, "http://127.0.0.1:8080").is_met());
        assert!(!issuer_identical(&good, "http://127.0.0.1:8080/").is_met());
        assert!(!issuer_identical(&doc("{}"), "http://as").is_met());
        assert!(issuer_without_query_or_fragment(&good).is_met());
        assert!(
            !issuer_without_query_or_fragment(&doc(r#"{"issuer":"https://as/?t=1"}"#)).is_met()
        );
        assert!(!issuer_without_query_or_fragment(&doc(r#"{"issuer":"https://as/#x"}"#)).is_met());
    }

    #[test]
    fn members_and_arrays() {
        let d = doc(
            r##"{"token_endpoint":"https://as/t","response_types_supported":["code"],"scopes_supported":[],"revocation_endpoint":"https://as/r#x"}"##,
        );
        assert!(has_string_member(&d, "token_endpoint").is_met());
        assert!(!has_string_member(&d, "authorization_endpoint").is_met());
        assert!(has_string_array(&d, "response_types_supported").is_met());
        assert!(!has_string_array(&d, "scopes_supported").is_met());
        assert!(!has_string_array(&d, "grant_types_supported").is_met());
        assert!(!no_empty_arrays(&d).is_met());
        assert!(no_empty_arrays(&doc(r#"{"a":["x"]}"#)).is_met());
        assert!(!endpoint_without_fragment(&d, "revocation_endpoint").is_met());
        assert!(endpoint_without_fragment(&d, "token_endpoint").is_met());
    }

    #[test]
    fn jwt_auth_methods_need_alg_values_without_none() {
        let plain = doc(r#"{"token_endpoint_auth_methods_supported":["client_secret_basic"]}"#);
        assert!(jwt_auth_has_alg_values(&plain, "token_endpoint").is_met());
        assert!(alg_values_exclude_none(&plain, "token_endpoint").is_met());
        assert!(rs256_for_private_key_jwt(&plain).is_met());
        let missing =
            doc(r#"{"revocation_endpoint_auth_methods_supported":["client_secret_jwt"]}"#);
        assert!(!jwt_auth_has_alg_values(&missing, "revocation_endpoint").is_met());
        let none = doc(
            r#"{"introspection_endpoint_auth_methods_supported":["private_key_jwt"],"introspection_endpoint_auth_signing_alg_values_supported":["RS256","none"]}"#,
        );
        assert!(jwt_auth_has_alg_values(&none, "introspection_endpoint").is_met());
        assert!(!alg_values_exclude_none(&none, "introspection_endpoint").is_met());
        let es = doc(
            r#"{"token_endpoint_auth_methods_supported":["private_key_jwt"],"token_endpoint_auth_signing_alg_values_supported":["ES256"]}"#,
        );
        assert!(!rs256_for_private_key_jwt(&es).is_met());
        let rs = doc(
            r#"{"token_endpoint_auth_methods_supported":["private_key_jwt"],"token_endpoint_auth_signing_alg_values_supported":["RS256"]}"#,
        );
        assert!(rs256_for_private_key_jwt(&rs).is_met());
    }

    fn jws(header: &str, claims: &str, signature: &str) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    fn with_signed(jwt: &str) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("signed_metadata".into(), Value::String(jwt.into()));
        m
    }

    #[test]
    fn signed_metadata_is_a_signed_jwt_with_iss() {
        assert!(signed_metadata_is_signed(&doc("{}")).is_met());
        let good = jws(r#"{"alg":"RS256"}"#, r#"{"iss":"https://as"}"#, "sig");
        assert!(signed_metadata_is_signed(&with_signed(&good)).is_met());
        let unsigned = jws(r#"{"alg":"none"}"#, r#"{"iss":"https://as"}"#, "");
        assert!(!signed_metadata_is_signed(&with_signed(&unsigned)).is_met());
        let no_iss = jws(r#"{"alg":"HS256"}"#, r#"{"sub":"x"}"#, "sig");
        assert!(!signed_metadata_is_signed(&with_signed(&no_iss)).is_met());
        assert!(!signed_metadata_is_signed(&with_signed("not-a-jwt")).is_met());
        assert!(signed_metadata_not_nested(&with_signed(&good))
            .unwrap()
            .is_met());
        let nested = jws(
            r#"{"alg":"HS256"}"#,
            r#"{"iss":"x","signed_metadata":"a.b.c"}"#,
            "s",
        );
        assert!(!signed_metadata_not_nested(&with_signed(&nested))
            .unwrap()
            .is_met());
        assert!(signed_metadata_not_nested(&with_signed("x")).is_none());
    }

    #[test]
    fn metadata_is_served_at_a_well_known_url() {
        let ok = resp(200, "application/json", r#"{"issuer":"x"}"#);
        let missing = resp(404, "text/plain", "not found");
        assert!(served_at_well_known(&[("a".into(), missing.clone()), ("b".into(), ok)]).is_met());
        assert!(
            !served_at_well_known(&[("a".into(), missing.clone()), ("b".into(), missing)]).is_met()
        );
    }

    #[test]
    fn mixed_jwk_sets_mark_use() {
        let set = |t: &str| -> Value { serde_json::from_str(t).unwrap() };
        assert!(jwk_set_marks_use(&set(r#"{"keys":[{"kty":"RSA","alg":"RS256"}]}"#)).is_met());
        assert!(jwk_set_marks_use(&set(
            r#"{"keys":[{"kty":"RSA","use":"sig"},{"kty":"RSA","use":"enc"}]}"#
        ))
        .is_met());
        assert!(!jwk_set_marks_use(&set(
            r#"{"keys":[{"kty":"RSA","alg":"RS256","kid":"s"},{"kty":"RSA","alg":"RSA-OAEP","kid":"e"}]}"#
        ))
        .is_met());
        assert!(!jwk_set_marks_use(&set(r#"{"nokeys":1}"#)).is_met());
    }
}
