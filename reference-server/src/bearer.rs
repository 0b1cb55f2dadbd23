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
/// A scope the clients may ask for that lacks [`REQUIRED_SCOPE`] (§3.1 insufficient_scope).
pub(crate) const INSUFFICIENT_SCOPE: &str = "write";
/// How the resource accepts tokens: the header (§2.1) and the form body (§2.2), not the query.
pub(crate) const TOKEN_METHODS: &[&str] = &["header", "body"];

/// `GET /resource`, `POST /resource`
pub(crate) async fn protected_resource(
    State(state): State<AppState>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // OAuth 2.1 §5.1: a token in the URI query is ignored (RFC 6750 §2.3 allowed it); the quirk
    // honours it as if it came in the header.
    let query_token = uri.query().and_then(|q| {
        Params::parse(q.as_bytes())
            .ok()?
            .get("access_token")
            .map(str::to_owned)
    });
    let headers = match query_token {
        Some(token)
            if state.quirk(Quirk::QueryAccessTokenAccepted)
                && !headers.contains_key(header::AUTHORIZATION) =>
        {
            let mut with_header = headers.clone();
            if let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}")) {
                with_header.insert(header::AUTHORIZATION, value);
            }
            with_header
        }
        _ => headers,
    };
    // Scheme names are case-insensitive (RFC 9110 §11.1, OAuth 2.1 §5.1.1); the quirk knows only
    // the spelling "Bearer".
    if state.quirk(Quirk::BearerSchemeCaseSensitive) && has_bearer_scheme_in_other_case(&headers) {
        return challenge(&state, StatusCode::UNAUTHORIZED, None);
    }
    let two_methods_accepted = state.quirk(Quirk::BearerTwoMethodsAccepted);
    let (token, in_header) = match presented_token(two_methods_accepted, &method, &headers, &body) {
        // §3: a request without authentication gets a challenge with no error code (§3.1).
        Ok(PresentedToken::None) => return challenge(&state, StatusCode::UNAUTHORIZED, None),
        // §2.2: the resource accepts the form-encoded body parameter.
        Ok(PresentedToken::Body(_)) if state.quirk(Quirk::BearerBodyTokenRejected) => {
            return invalid_token(&state);
        }
        Ok(PresentedToken::Header(token)) => (token, true),
        Ok(PresentedToken::Body(token)) => (token, false),
        Err(description) => {
            let error = BearerError::new(BearerErrorCode::InvalidRequest, description);
            return challenge(&state, StatusCode::BAD_REQUEST, Some(error));
        }
    };

    let store = state.store();
    // §5.2: the token is compared exactly, so a modified token is not accepted.
    let found = match store.access_tokens.get(&token) {
        None if state.quirk(Quirk::ResourceTokenCaseInsensitive) => store
            .access_tokens
            .find(|key, _| key.eq_ignore_ascii_case(&token)),
        found => found,
    };
    let Some(record) = found else {
        drop(store);
        let own_shape = token.len() == crate::store::random_token().len()
            && token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        // RFC 6749 §7: every token is validated; the quirk trusts the shape alone.
        if own_shape && state.quirk(Quirk::ResourceSkipsTokenLookup) {
            return Json(json!({ "sub": "unknown" })).into_response();
        }
        // §7.2: the client is told why; the quirk sends a bare challenge.
        if own_shape && state.quirk(Quirk::ResourceErrorUnexplained) {
            return challenge(&state, StatusCode::UNAUTHORIZED, None);
        }
        return invalid_token(&state);
    };
    // RFC 6750 §5.2: a bearer token's lifetime is limited; past it the token is refused.
    if record.is_expired() && !state.quirk(Quirk::ExpiredAccessTokenAccepted) {
        drop(store);
        if state.quirk(Quirk::ExpiredTokenChallengeWithoutError) {
            return challenge(&state, StatusCode::UNAUTHORIZED, None);
        }
        return expired_token(&state);
    }
    if !record.scope.contains(REQUIRED_SCOPE) {
        drop(store);
        if state.quirk(Quirk::InsufficientScopeAsInvalidToken) {
            return invalid_token(&state);
        }
        if state.quirk(Quirk::InsufficientScopeWithoutChallenge) {
            let body = json!({ "error": BearerErrorCode::InsufficientScope.as_str() });
            return (StatusCode::FORBIDDEN, Json(body)).into_response();
        }
        // §3.1 insufficient_scope, with the scope needed (§3).
        let mut error = BearerError::new(
            BearerErrorCode::InsufficientScope,
            "the access token lacks the required scope",
        );
        error.scope = Some(REQUIRED_SCOPE);
        return challenge(&state, StatusCode::FORBIDDEN, Some(error));
    }
    if in_header && state.quirk(Quirk::BearerHeaderRejected) {
        drop(store);
        return invalid_token(&state);
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

/// An Authorization header whose scheme is "bearer" in a spelling other than "Bearer".
fn has_bearer_scheme_in_other_case(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start().split(' ').next())
        .is_some_and(|scheme| scheme != "Bearer" && scheme.eq_ignore_ascii_case("bearer"))
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
    two_methods_accepted: bool,
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
        // §3.1: such a malformed request gets invalid_request.
        (Some(token), Some(_)) if two_methods_accepted => Ok(PresentedToken::Header(token)),
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

/// §3.1 invalid_token, for a token that was valid and has expired: §3 asks the challenge to say
/// why the token failed.
fn expired_token(state: &AppState) -> Response {
    let error = BearerError::new(
        BearerErrorCode::InvalidToken,
        "the access token has expired",
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
    // §3: "Bearer" followed by at least one auth-param.
    let mut value = if error.is_none() && state.quirk(Quirk::BearerChallengeWithoutParams) {
        "Bearer".to_string()
    } else {
        format!("Bearer realm=\"{REALM}\"")
    };
    let mut response = status.into_response();
    // §3.1: a request with no authentication gets no error information.
    if error.is_none() && state.quirk(Quirk::BearerErrorWithoutAuthentication) {
        value.push_str(", error=\"invalid_request\"");
    }
    if let Some(error) = &error {
        let description = sanitize_description(error.description);
        // §3: error_description is %x20-21 / %x23-5B / %x5D-7E: no quotes, no backslashes.
        let written = if state.quirk(Quirk::BearerErrorDescriptionEscaped) {
            format!("{description} \\\"{REALM}\\\"")
        } else {
            description.clone()
        };
        value.push_str(&format!(
            ", error=\"{}\", error_description=\"{written}\"",
            error.code.as_str()
        ));
        if let Some(scope) = error.scope {
            value.push_str(&format!(", scope=\"{scope}\""));
        }
        // §3: each attribute at most once.
        if state.quirk(Quirk::BearerChallengeRepeatsRealm) {
            value.push_str(&format!(", realm=\"{REALM}\""));
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
