//! Token introspection (RFC 7662).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::client_auth;
use crate::errors::TokenError;
use crate::fixtures::ClientAuthMethod;
use crate::params::read_form_body;
use crate::revocation::TokenKind;
use crate::AppState;

/// `POST /introspect`
pub(crate) async fn introspection_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match introspect(&state, &headers, &body) {
        Ok(document) => {
            let mut response = Json(document).into_response();
            // The answer describes a live credential; it must not be cached.
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => error.into_response(),
    }
}

fn introspect(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Value, TokenError> {
    let params = read_form_body(headers, body).map_err(TokenError::invalid_request)?;
    if let Some(name) = params.first_repeated() {
        return Err(TokenError::invalid_request(format!(
            "parameter {name} is repeated"
        )));
    }
    // §2.1, §4: the caller must be authorized; here, a client that authenticates. A public
    // client proves nothing, so it may not probe tokens.
    let client = client_auth::authenticate(state, headers, &params)?;
    if client.method == ClientAuthMethod::None {
        return Err(TokenError::invalid_client(
            "introspection requires client authentication",
        ));
    }
    let token = params
        .get("token")
        .ok_or_else(|| TokenError::invalid_request("token is missing"))?;

    let mut store = state.store();
    for kind in TokenKind::search_order(params.get("token_type_hint")) {
        match kind {
            TokenKind::Access => {
                // Expired and revoked tokens are gone from the live set (§4).
                if let Some(record) = store.live_access_token(token) {
                    let mut document = json!({
                        "active": true,
                        "scope": record.scope.to_string(),
                        "client_id": record.client_id,
                        "token_type": "Bearer",
                        "exp": record.expires_at_unix,
                        "iat": record.issued_at,
                        "sub": record.subject(),
                    });
                    if let (Some(user), Some(object)) = (record.user, document.as_object_mut()) {
                        object.insert("username".into(), json!(user));
                    }
                    return Ok(document);
                }
            }
            TokenKind::Refresh => {
                if let Some(record) = store.refresh_tokens.get(token) {
                    // Refresh tokens do not expire here, so there is no `exp`.
                    let mut document = json!({
                        "active": true,
                        "scope": record.scope.to_string(),
                        "client_id": record.client_id,
                        "iat": record.issued_at,
                        "sub": record.subject(),
                    });
                    if let (Some(user), Some(object)) = (record.user, document.as_object_mut()) {
                        object.insert("username".into(), json!(user));
                    }
                    return Ok(document);
                }
            }
        }
    }
    // §2.2: an unknown, expired or revoked token is inactive, and nothing more is said (§4).
    Ok(json!({ "active": false }))
}
