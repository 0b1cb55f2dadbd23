//! Token revocation (RFC 7009).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::client_auth;
use crate::errors::{TokenError, TokenErrorCode};
use crate::params::read_form_body;
use crate::{AppState, Quirk};

/// Which kind of token a `token_type_hint` names (§2.1); other values are ignored (§2.2.1
/// defines an error only for token types the server cannot revoke, and it revokes both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    /// The order to search in: the hinted kind first, then the other, because §2.1 says a
    /// server that cannot find the token under the hint "MUST extend its search across all of
    /// its supported token types".
    pub(crate) fn search_order(hint: Option<&str>) -> [TokenKind; 2] {
        match hint {
            Some("refresh_token") => [TokenKind::Refresh, TokenKind::Access],
            _ => [TokenKind::Access, TokenKind::Refresh],
        }
    }
}

/// `POST /revoke`
pub(crate) async fn revocation_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match revoke(&state, &headers, &body) {
        Ok(()) => {
            // §2.2: 200 both when the token was revoked and when it was unknown.
            let mut response = StatusCode::OK.into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            let mut response = error.into_response();
            // §2.2.1: errors as in RFC 6749 §5.2, a JSON document.
            if state.quirk(Quirk::RevocationErrorsAsText) {
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/plain; charset=utf-8"),
                );
            }
            response
        }
    }
}

fn revoke(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<(), TokenError> {
    let params = read_form_body(headers, body).map_err(TokenError::invalid_request)?;
    if let Some(name) = params.first_repeated() {
        return Err(TokenError::invalid_request(format!(
            "parameter {name} is repeated"
        )));
    }
    // §2.1: the client authenticates as at the token endpoint; a public client names itself.
    let client_id = match client_auth::authenticate(state, headers, &params) {
        Ok(client) => client.client.id.to_string(),
        Err(error)
            if error.code == TokenErrorCode::InvalidClient
                && state.quirk(Quirk::RevocationClientNotAuthenticated) =>
        {
            client_auth::claimed_client_id(state, headers, &params).ok_or(error)?
        }
        Err(error) => return Err(error),
    };
    let Some(token) = params.get("token") else {
        if state.quirk(Quirk::RevocationMissingTokenAccepted) {
            return Ok(());
        }
        return Err(TokenError::invalid_request("token is missing"));
    };
    let hint = params.get("token_type_hint");
    if state.quirk(Quirk::RevocationUnknownHintRejected)
        && hint.is_some_and(|h| h != "access_token" && h != "refresh_token")
    {
        return Err(TokenError::new(
            TokenErrorCode::UnsupportedTokenType,
            "unknown token_type_hint",
        ));
    }

    let mut store = state.store();
    let mut order = TokenKind::search_order(hint).to_vec();
    if state.quirk(Quirk::RevocationHintNotExtended)
        && matches!(hint, Some("access_token" | "refresh_token"))
    {
        order.truncate(1);
    }
    if state.quirk(Quirk::RevocationRefreshTokenNeedsHint) && hint.is_none() {
        order.retain(|kind| *kind == TokenKind::Access);
    }
    for kind in order {
        let (owner, grant) = match kind {
            TokenKind::Access => match store.access_tokens.get(token) {
                Some(record) => (record.client_id, record.grant),
                None => continue,
            },
            TokenKind::Refresh => match store.refresh_tokens.get(token) {
                Some(record) => (record.client_id, record.grant),
                None => continue,
            },
        };
        // §2.1: the server "verifies whether the token was issued to the client making the
        // revocation request. If this validation fails, the request is refused"; the error
        // code is the one §5.2 of RFC 6749 gives a grant "issued to another client".
        if owner != client_id && !state.quirk(Quirk::RevocationNotBoundToClient) {
            return Err(TokenError::invalid_grant(
                "the token was issued to another client",
            ));
        }
        match kind {
            TokenKind::Access => {
                if state.quirk(Quirk::RevocationAccessTokenUnsupported) {
                    return Err(TokenError::new(
                        TokenErrorCode::UnsupportedTokenType,
                        "access tokens cannot be revoked",
                    ));
                }
                store.access_tokens.remove(token);
            }
            TokenKind::Refresh => {
                if let Some(record) = store.refresh_tokens.get(token).cloned() {
                    store
                        .revoked_refresh_tokens
                        .insert(token.to_string(), record);
                }
                if state.quirk(Quirk::RevocationKeepsAccessTokens) {
                    store.refresh_tokens.remove(token);
                } else {
                    // §2.1: revoking a refresh token SHOULD also invalidate the access tokens
                    // of the same grant.
                    store.revoke_grant(grant);
                }
            }
        }
        return Ok(());
    }
    if state.quirk(Quirk::RevocationUnknownTokenError) {
        return Err(TokenError::invalid_request("unknown token"));
    }
    // §2.2: an invalid token is no error; there is nothing left to revoke.
    Ok(())
}
