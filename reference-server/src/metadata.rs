//! Authorization server metadata (RFC 8414), served at
//! `/.well-known/oauth-authorization-server` (§3). The issuer has no path, so nothing follows the
//! well-known segment.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::fixtures::{fixtures, GrantType};
use crate::{AppState, Quirk};

/// The metadata document (§2, §3.2). Every array is non-empty: §3.2 says empty claims are
/// omitted instead.
pub(crate) async fn metadata(State(state): State<AppState>) -> Response {
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
        "response_modes_supported": ["query"],
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
            let host = state.issuer.trim_start_matches("https://");
            object.insert("jwks_uri".into(), json!(format!("http://{host}/jwks")));
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
