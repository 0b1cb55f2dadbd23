//! Authorization server metadata (RFC 8414), served at
//! `/.well-known/oauth-authorization-server` (§3). The issuer has no path, so nothing follows the
//! well-known segment.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::fixtures::{fixtures, GrantType};
use crate::{AppState, Quirk};

/// The metadata document (§2, §3.2). Every array is non-empty: §3.2 says empty claims are
/// omitted instead.
pub(crate) async fn metadata(State(state): State<AppState>) -> Response {
    // §3: the document is served at the well-known URL of the issuer.
    if state.quirk(Quirk::MetadataNotAtWellKnown) {
        return StatusCode::NOT_FOUND.into_response();
    }
    metadata_document(&state)
}

/// `GET /metadata`: where the `metadata_not_at_well_known` quirk serves the document instead
/// (the target config it prints names this URL); otherwise 404.
pub(crate) async fn metadata_elsewhere(State(state): State<AppState>) -> Response {
    if state.quirk(Quirk::MetadataNotAtWellKnown) {
        return metadata_document(&state);
    }
    StatusCode::NOT_FOUND.into_response()
}

fn metadata_document(state: &AppState) -> Response {
    let mut grant_types: Vec<&str> = GrantType::ALL.iter().map(|grant| grant.as_str()).collect();
    let response_types: &[&str] = if state.config.implicit_grant {
        &["code", "token"]
    } else {
        &["code"]
    };
    if state.config.password_grant {
        grant_types.push(crate::token::PASSWORD_GRANT);
    }
    // §3.3: identical to the issuer the metadata URL was built from; §2: no query or fragment.
    let issuer = if state.quirk(Quirk::MetadataIssuerTrailingSlash) {
        format!("{}/", state.issuer)
    } else if state.quirk(Quirk::MetadataIssuerWithQuery) {
        format!("{}?tenant=default", state.issuer)
    } else {
        state.issuer.to_string()
    };
    // RFC 7009 §2: the endpoint URL follows RFC 6749 §3.1, so it has no fragment.
    let revocation_endpoint = if state.quirk(Quirk::RevocationEndpointWithFragment) {
        state.endpoint("/revoke#revoke")
    } else if let (true, Some(plain)) = (
        state.quirk(Quirk::MetadataHttpRevocationEndpoint),
        &state.plain_http,
    ) {
        // Quirk: RFC 7009 §2 forbids publishing the plain-HTTP variant.
        format!("{plain}/revoke")
    } else {
        state.endpoint("/revoke")
    };
    // RFC 6749 §3.1, §3.2: the endpoint URIs MUST NOT include a fragment component.
    let authorization_endpoint = if state.quirk(Quirk::AuthorizationEndpointWithFragment) {
        state.endpoint("/authorize#authorize")
    } else {
        state.endpoint("/authorize")
    };
    let token_endpoint = if state.quirk(Quirk::TokenEndpointWithFragment) {
        state.endpoint("/token#token")
    } else {
        state.endpoint("/token")
    };
    let mut document = json!({
        "issuer": issuer,
        "authorization_endpoint": authorization_endpoint,
        "token_endpoint": token_endpoint,
        "revocation_endpoint": revocation_endpoint,
        "introspection_endpoint": state.endpoint("/introspect"),
        "response_types_supported": response_types,
        "response_modes_supported": ["query", crate::web_message::RESPONSE_MODE],
        "grant_types_supported": grant_types,
        "code_challenge_methods_supported": ["S256", "plain"],
        "token_endpoint_auth_methods_supported":
            ["client_secret_basic", "client_secret_post", "none"],
        // Public clients may revoke their own tokens (RFC 7009 §2.1 identifies them by
        // client_id); introspection needs a client that can authenticate (RFC 7662 §2.1).
        "revocation_endpoint_auth_methods_supported":
            ["client_secret_basic", "client_secret_post", "none"],
        "introspection_endpoint_auth_methods_supported":
            ["client_secret_basic", "client_secret_post"],
        "scopes_supported": fixtures().scopes,
        // RFC 9207: authorization responses carry `iss`.
        "authorization_response_iss_parameter_supported": true,
    });
    if let Some(object) = document.as_object_mut() {
        if state.quirk(Quirk::MetadataEmptyArray) {
            object.insert("ui_locales_supported".into(), json!([]));
        }
        if state.quirk(Quirk::MetadataWithoutScopes) {
            object.remove("scopes_supported");
        }
        if state.quirk(Quirk::MetadataWithoutResponseTypes) {
            object.remove("response_types_supported");
        }
        // The server signs nothing, so it publishes no jwks_uri; under the quirk it publishes
        // one with the http scheme, which RFC 8414 §2 forbids.
        if state.quirk(Quirk::MetadataHttpJwksUri) {
            let base = state.plain_http.as_deref().unwrap_or(&state.issuer);
            object.insert("jwks_uri".into(), json!(format!("{base}/jwks")));
        }
        // OAuth 2.1 §1.5: every URL of the server uses https.
        if state.quirk(Quirk::MetadataHttpServiceDocumentation) {
            let host = state.issuer.trim_start_matches("https://");
            object.insert(
                "service_documentation".into(),
                json!(format!("http://{host}/docs")),
            );
        }
        // RFC 9700 §2.1.1: PKCE support is published, S256 included.
        if state.quirk(Quirk::MetadataWithoutPkceMethods) {
            object.remove("code_challenge_methods_supported");
        }
        if state.quirk(Quirk::MetadataPkcePlainOnly) {
            object.insert("code_challenge_methods_supported".into(), json!(["plain"]));
        }
        // §2: a JWT client authentication method (RFC 7523) comes with its signing
        // algorithms, never "none", and RS256 among them for private_key_jwt. This server
        // offers no JWT method; these quirks pretend it does and get the algorithms wrong.
        let jwt_quirks: [(Quirk, &str, &str, Option<&[&str]>); 7] = [
            (
                Quirk::MetadataTokenJwtWithoutAlgs,
                "token_endpoint",
                "client_secret_jwt",
                None,
            ),
            (
                Quirk::MetadataTokenAlgNone,
                "token_endpoint",
                "private_key_jwt",
                Some(&["RS256", "none"]),
            ),
            (
                Quirk::MetadataPrivateKeyJwtWithoutRs256,
                "token_endpoint",
                "private_key_jwt",
                Some(&["ES256"]),
            ),
            (
                Quirk::MetadataRevocationJwtWithoutAlgs,
                "revocation_endpoint",
                "client_secret_jwt",
                None,
            ),
            (
                Quirk::MetadataRevocationAlgNone,
                "revocation_endpoint",
                "client_secret_jwt",
                Some(&["HS256", "none"]),
            ),
            (
                Quirk::MetadataIntrospectionJwtWithoutAlgs,
                "introspection_endpoint",
                "client_secret_jwt",
                None,
            ),
            (
                Quirk::MetadataIntrospectionAlgNone,
                "introspection_endpoint",
                "client_secret_jwt",
                Some(&["HS256", "none"]),
            ),
        ];
        // §2 jwks_uri: this server signs nothing and publishes no JWK Set; the quirk publishes
        // one mixing signing and encryption keys without "use".
        if state.quirk(Quirk::JwksWithoutUse) {
            object.insert("jwks_uri".into(), json!(state.endpoint("/jwks")));
        }
        // §2.1: signed_metadata, which this server does not publish, is a JWS with an iss
        // claim, and holds no signed_metadata claim of its own.
        if state.quirk(Quirk::SignedMetadataUnsigned) {
            let claims =
                json!({ "iss": state.issuer.as_ref(), "token_endpoint": state.endpoint("/token") });
            object.insert(
                "signed_metadata".into(),
                json!(compact_jws(r#"{"alg":"none"}"#, &claims, None)),
            );
        }
        if state.quirk(Quirk::SignedMetadataNested) {
            let claims = json!({ "iss": state.issuer.as_ref(), "signed_metadata": "e30.e30." });
            let key = state.issuer.as_bytes();
            object.insert(
                "signed_metadata".into(),
                json!(compact_jws(
                    r#"{"alg":"HS256","typ":"JWT"}"#,
                    &claims,
                    Some(key)
                )),
            );
        }
        for (quirk, endpoint, method, algs) in jwt_quirks {
            if !state.quirk(quirk) {
                continue;
            }
            if let Some(methods) = object
                .get_mut(&format!("{endpoint}_auth_methods_supported"))
                .and_then(|m| m.as_array_mut())
            {
                methods.push(json!(method));
            }
            if let Some(algs) = algs {
                object.insert(
                    format!("{endpoint}_auth_signing_alg_values_supported"),
                    json!(algs),
                );
            }
        }
    }
    let mut response = Json(document).into_response();
    if state.quirk(Quirk::MetadataNotJson) {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
    response
}

/// `GET /jwks`: a JWK Set, served only with the `jwks_without_use` quirk (otherwise 404). Its
/// keys are placeholders: nothing is signed or encrypted with them.
pub(crate) async fn jwks(State(state): State<AppState>) -> Response {
    if !state.quirk(Quirk::JwksWithoutUse) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let n = "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw";
    Json(json!({ "keys": [
        { "kty": "RSA", "kid": "signing", "alg": "RS256", "n": n, "e": "AQAB" },
        { "kty": "RSA", "kid": "encryption", "alg": "RSA-OAEP", "n": n, "e": "AQAB" },
    ]}))
    .into_response()
}

/// A JWS in compact serialization; MACed with HMAC-SHA256 under `key`, or unsigned (RFC 7515).
fn compact_jws(header: &str, claims: &serde_json::Value, key: Option<&[u8]>) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key.map_or_else(Vec::new, |key| hmac_sha256(key, input.as_bytes()));
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    const BLOCK: usize = 64;
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2.
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
