//! Token introspection (RFC 7662).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::client_auth;
use crate::errors::{TokenError, TokenErrorCode};
use crate::fixtures::ClientAuthMethod;
use crate::params::read_form_body;
use crate::revocation::TokenKind;
use crate::{AppState, Quirk};

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

/// This server's tokens: 32 random bytes, base64url without padding (see `store::random_token`).
fn in_our_format(token: &str) -> bool {
    token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What is said about an inactive token: `active: false` and nothing more (§2.2, §4).
fn inactive(state: &AppState) -> Value {
    if state.quirk(Quirk::IntrospectionInactiveDetails) {
        return json!({ "active": false, "reason": "token unknown, expired or revoked" });
    }
    json!({ "active": false })
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
    let no_credentials =
        !headers.contains_key(header::AUTHORIZATION) && params.get("client_id").is_none();
    let caller = match client_auth::authenticate(state, headers, &params) {
        Ok(client) => Some(client),
        Err(_) if no_credentials && state.quirk(Quirk::IntrospectionWithoutCallerAuth) => None,
        // §2.3: invalid caller credentials get 401 as in RFC 6749 §5.2.
        Err(error)
            if error.code == TokenErrorCode::InvalidClient
                && state.quirk(Quirk::IntrospectionAuthFailure400) =>
        {
            return Err(error.without_challenge())
        }
        Err(error) => return Err(error),
    };
    if caller.is_some_and(|client| client.method == ClientAuthMethod::None) {
        return Err(TokenError::invalid_client(
            "introspection requires client authentication",
        ));
    }
    let Some(token) = params.get("token") else {
        if let (Some(client), true) = (caller, state.quirk(Quirk::IntrospectionMissingTokenActive))
        {
            return Ok(json!({ "active": true, "client_id": client.client.id }));
        }
        return Err(TokenError::invalid_request("token is missing"));
    };
    if state.quirk(Quirk::IntrospectionForeignTokenError) && !in_our_format(token) {
        return Err(TokenError::invalid_request("malformed token"));
    }
    let active = if state.quirk(Quirk::IntrospectionActiveAsString) {
        json!("true")
    } else {
        json!(true)
    };

    let hint = params.get("token_type_hint");
    let mut order = TokenKind::search_order(hint).to_vec();
    if state.quirk(Quirk::IntrospectionHintNotExtended)
        && matches!(hint, Some("access_token" | "refresh_token"))
    {
        order.truncate(1);
    }
    let store = state.store();
    for kind in order {
        match kind {
            TokenKind::Access => {
                // Expired and revoked tokens are gone from the live set (§4).
                let record = if state.quirk(Quirk::IntrospectionIgnoresExpiry) {
                    store.access_tokens.get(token)
                } else {
                    store.live_access_token(token)
                };
                if let Some(record) = record {
                    let exp = if state.quirk(Quirk::IntrospectionExpAsString) {
                        json!(record.expires_at_unix.to_string())
                    } else {
                        json!(record.expires_at_unix)
                    };
                    let mut document = json!({
                        "active": active,
                        "scope": record.scope.to_string(),
                        "client_id": record.client_id,
                        "token_type": "Bearer",
                        "exp": exp,
                        "iat": record.issued_at,
                        "sub": record.subject(),
                        // RFC 6750 §5.3: the token is for this server's protected resource.
                        "aud": if state.quirk(Quirk::TokenAudienceNotResource) {
                            state.issuer.to_string()
                        } else {
                            state.endpoint("/resource")
                        },
                    });
                    if let (Some(user), Some(object)) = (record.user, document.as_object_mut()) {
                        object.insert("username".into(), json!(user));
                    }
                    return Ok(document);
                }
            }
            TokenKind::Refresh => {
                let mut record = store.refresh_tokens.get(token);
                if record.is_none() && state.quirk(Quirk::IntrospectionIgnoresRevocation) {
                    record = store.revoked_refresh_tokens.get(token);
                }
                if let Some(record) = record {
                    // Refresh tokens do not expire here, so there is no `exp`.
                    let mut document = json!({
                        "active": active,
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
    Ok(inactive(state))
}
