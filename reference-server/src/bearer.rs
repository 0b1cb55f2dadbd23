//! A protected resource that accepts this server's access tokens (RFC 6750).
//!
//! Tokens come in the `Authorization: Bearer` header (§2.1) or, for a form-encoded POST, in the
//! `access_token` body parameter (§2.2). Tokens in the URI query (§2.3) are not accepted.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::errors::{sanitize_description, BearerErrorCode, REALM};
use crate::params::{has_form_content_type, Params};
use crate::{AppState, Quirk};

/// The scope the resource requires.
const REQUIRED_SCOPE: &str = "read";

/// `GET /resource`, `POST /resource`
pub(crate) async fn protected_resource(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = match presented_token(&method, &headers, &body) {
        // §3: a request without authentication gets a challenge with no error code (§3.1).
        Ok(PresentedToken::None) => return challenge(&state, StatusCode::UNAUTHORIZED, None),
        Ok(PresentedToken::Header(_)) if state.quirk(Quirk::BearerHeaderRejected) => {
            return invalid_token(&state);
        }
        Ok(PresentedToken::Header(token) | PresentedToken::Body(token)) => token,
        Err(description) => {
            let error = BearerError::new(BearerErrorCode::InvalidRequest, description);
            return challenge(&state, StatusCode::BAD_REQUEST, Some(error));
        }
    };

    let mut store = state.store();
    let Some(record) = store.live_access_token(&token) else {
        drop(store);
        return invalid_token(&state);
    };
    if !record.scope.contains(REQUIRED_SCOPE) {
        drop(store);
        // §3.1 insufficient_scope, with the scope needed (§3).
        let mut error = BearerError::new(
            BearerErrorCode::InsufficientScope,
            "the access token lacks the required scope",
        );
        error.scope = Some(REQUIRED_SCOPE);
        return challenge(&state, StatusCode::FORBIDDEN, Some(error));
    }
    let body = json!({
        "sub": record.subject(),
        "scope": record.scope.to_string(),
        "client_id": record.client_id,
    });
    drop(store);
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where the request put its access token.
pub(crate) enum PresentedToken {
    None,
    Header(String),
    Body(String),
}

/// The token the request presents, or a description of why the request is malformed (§3.1
/// invalid_request).
pub(crate) fn presented_token(
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<PresentedToken, &'static str> {
    let header_token = header_token(headers)?;
    let body_token = if *method == Method::POST && has_form_content_type(headers) {
        let params = Params::parse(body)?;
        if params.is_repeated("access_token") {
            return Err("access_token is repeated");
        }
        params.get("access_token").map(str::to_owned)
    } else {
        None
    };
    match (header_token, body_token) {
        // §2: "Clients MUST NOT use more than one method to transmit the token in each request."
        (Some(_), Some(_)) => Err("the access token was sent in more than one way"),
        (Some(token), None) => Ok(PresentedToken::Header(token)),
        (None, Some(token)) => Ok(PresentedToken::Body(token)),
        (None, None) => Ok(PresentedToken::None),
    }
}

/// §3.1 invalid_token: expired, revoked, malformed or unknown.
fn invalid_token(state: &AppState) -> Response {
    if state.quirk(Quirk::BearerInvalidTokenWrongError) {
        let error = BearerError::new(BearerErrorCode::InvalidRequest, "the request is invalid");
        return challenge(state, StatusCode::BAD_REQUEST, Some(error));
    }
    let error = BearerError::new(
        BearerErrorCode::InvalidToken,
        "the access token is unknown, expired or revoked",
    );
    challenge(state, StatusCode::UNAUTHORIZED, Some(error))
}

/// The token of an `Authorization: Bearer` header (§2.1). A header with another scheme is
/// not a bearer credential and is left alone.
fn header_token(headers: &HeaderMap) -> Result<Option<String>, &'static str> {
    let mut values = headers.get_all(header::AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err("more than one Authorization header");
    }
    let value = value
        .to_str()
        .map_err(|_| "the Authorization header is not ASCII")?;
    let (scheme, credentials) = value.trim().split_once(' ').unwrap_or((value.trim(), ""));
    // Auth scheme names are case-insensitive (RFC 9110 §11.1).
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Ok(None);
    }
    let token = credentials.trim();
    if token.is_empty() {
        return Err("the Bearer credentials are empty");
    }
    Ok(Some(token.to_owned()))
}

/// The attributes of a Bearer challenge that describe an error (§3).
struct BearerError {
    code: BearerErrorCode,
    description: &'static str,
    scope: Option<&'static str>,
}

impl BearerError {
    fn new(code: BearerErrorCode, description: &'static str) -> Self {
        BearerError {
            code,
            description,
            scope: None,
        }
    }
}

/// An error response with `WWW-Authenticate: Bearer realm=... [, error=..., ...]` (§3), each
/// attribute at most once.
fn challenge(state: &AppState, status: StatusCode, error: Option<BearerError>) -> Response {
    let mut value = format!("Bearer realm=\"{REALM}\"");
    let mut response = status.into_response();
    if let Some(error) = &error {
        let description = sanitize_description(error.description);
        value.push_str(&format!(
            ", error=\"{}\", error_description=\"{description}\"",
            error.code.as_str()
        ));
        if let Some(scope) = error.scope {
            value.push_str(&format!(", scope=\"{scope}\""));
        }
        let body = json!({ "error": error.code.as_str(), "error_description": description });
        response = (status, Json(body)).into_response();
    }
    let omit_challenge = error.is_none() && state.quirk(Quirk::BearerChallengeMissing);
    if !omit_challenge {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
    }
    response
}
