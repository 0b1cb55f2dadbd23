//! The token endpoint (RFC 6749 §3.2): the authorization code grant (§4.1.3, with PKCE per
//! RFC 7636 §4.5, §4.6), refreshing (§6) and client credentials (§4.4); responses per §5.1 and
//! errors per §5.2.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::client_auth::{self, AuthenticatedClient};
use crate::errors::{TokenError, TokenErrorCode};
use crate::fixtures::{fixtures, GrantType};
use crate::params::{read_form_body, Params};
use crate::pkce::{self, CodeChallengeMethod};
use crate::scope::Scope;
use crate::store::{AuthorizationCode, IssuedTokens, Store};
use crate::{AppState, Quirk};

/// `POST /token`
pub(crate) async fn token_endpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if state.quirk(Quirk::TokenDuplicateParam500) && repeats_a_parameter(&headers, &body) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response();
    }
    match token_request(&state, &headers, &body) {
        Ok(tokens) => token_response(&state, tokens),
        Err(error) => error.into_response(),
    }
}

/// For the token_duplicate_param_500 quirk: a form body in which some name appears twice.
fn repeats_a_parameter(headers: &HeaderMap, body: &[u8]) -> bool {
    read_form_body(headers, body).is_ok_and(|params| params.first_repeated().is_some())
}

fn token_request(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<IssuedTokens, TokenError> {
    let params = read_form_body(headers, body).map_err(TokenError::invalid_request)?;
    // §3.2: "Request and response parameters MUST NOT be included more than once."
    if !state.quirk(Quirk::TokenDuplicateParamsAllowed) {
        if let Some(name) = params.first_repeated() {
            return Err(TokenError::invalid_request(format!(
                "parameter {name} is repeated"
            )));
        }
    }
    let client = client_auth::authenticate(state, headers, &params)?;

    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| TokenError::invalid_request("grant_type is missing"))?;
    let grant = match GrantType::from_name(grant_type) {
        Some(grant) => grant,
        None if state.quirk(Quirk::UnknownGrantTypeInvalidRequest) => {
            return Err(TokenError::invalid_request("grant_type is not valid"));
        }
        None => {
            return Err(TokenError::new(
                TokenErrorCode::UnsupportedGrantType,
                "this grant_type is not supported",
            ));
        }
    };
    // §5.2 unauthorized_client. Public clients never hold client_credentials: the grant is
    // for clients that can authenticate (§4.4).
    let allowed = client.client.allows_grant(grant)
        && (grant != GrantType::ClientCredentials || client.client.is_confidential());
    if !allowed {
        if state.quirk(Quirk::UnauthorizedGrantInvalidRequest) {
            return Err(TokenError::invalid_request(
                "this grant_type cannot be used here",
            ));
        }
        return Err(TokenError::new(
            TokenErrorCode::UnauthorizedClient,
            "the client may not use this grant_type",
        ));
    }

    match grant {
        GrantType::AuthorizationCode => authorization_code_grant(state, client, &params),
        GrantType::RefreshToken => refresh_token_grant(state, client, &params),
        GrantType::ClientCredentials => client_credentials_grant(state, client, &params),
    }
}

/// §4.1.3: redeem an authorization code.
fn authorization_code_grant(
    state: &AppState,
    client: AuthenticatedClient,
    params: &Params,
) -> Result<IssuedTokens, TokenError> {
    let Some(code) = params.get("code") else {
        if state.quirk(Quirk::MissingCodeInvalidGrant) {
            return Err(TokenError::invalid_grant("code is missing"));
        }
        return Err(TokenError::invalid_request("code is missing"));
    };

    let mut store = state.store();
    let Some(record) = store.codes.get(code).cloned() else {
        if state.quirk(Quirk::CodeNotVerified) {
            let grant = store.new_grant();
            let user = fixtures().user.username;
            return Ok(issue(
                state,
                &mut store,
                client,
                Some(user),
                Scope::default_scope(),
                grant,
            ));
        }
        return Err(TokenError::invalid_grant(
            "the authorization code is not valid",
        ));
    };
    if std::time::Instant::now() >= record.expires_at {
        store.codes.remove(code);
        return Err(TokenError::invalid_grant(
            "the authorization code has expired",
        ));
    }
    // §4.1.2: a code is single use; on a replay the server MUST deny the request and SHOULD
    // revoke the tokens already issued from it (§10.5) — one of the two requests came from an
    // attacker, and the server cannot tell which.
    if record.redeemed {
        if !state.quirk(Quirk::CodeReuseKeepsTokens) {
            store.revoke_grant(record.grant);
        }
        if !state.quirk(Quirk::CodeReuseAllowed) {
            return Err(TokenError::invalid_grant(
                "the authorization code was already used",
            ));
        }
    }
    // §4.1.3: the code must have been issued to the authenticated client.
    if record.client_id != client.client.id && !state.quirk(Quirk::CodeNotBoundToClient) {
        return Err(TokenError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    check_redirect_uri(state, &record, params.get("redirect_uri"))?;
    check_code_verifier(state, &record, params.get("code_verifier"))?;

    if let Some(stored) = store.codes.get_mut(code) {
        stored.redeemed = true;
    }
    Ok(issue(
        state,
        &mut store,
        client,
        Some(record.user),
        record.scope,
        record.grant,
    ))
}

/// §4.1.3: if the authorization request had redirect_uri, the token request must repeat it,
/// identical. If it had none, a redirect_uri sent now must still be the one the code went to.
fn check_redirect_uri(
    state: &AppState,
    record: &AuthorizationCode,
    sent: Option<&str>,
) -> Result<(), TokenError> {
    match sent {
        None if record.redirect.sent && !state.quirk(Quirk::RedirectUriOptionalAtToken) => {
            Err(TokenError::invalid_request(
                "redirect_uri is required: the authorization request included it",
            ))
        }
        None => Ok(()),
        Some(uri)
            if uri != record.redirect.uri && !state.quirk(Quirk::RedirectUriNotComparedAtToken) =>
        {
            Err(TokenError::invalid_grant(
                "redirect_uri differs from the one in the authorization request",
            ))
        }
        Some(_) => Ok(()),
    }
}

/// RFC 7636 §4.5, §4.6: a code bound to a challenge is redeemed only with the verifier.
fn check_code_verifier(
    state: &AppState,
    record: &AuthorizationCode,
    verifier: Option<&str>,
) -> Result<(), TokenError> {
    let Some(bound) = &record.code_challenge else {
        // A verifier for a code issued without a challenge means the client and the server
        // disagree about the flow; accepting it would hide a downgrade.
        if verifier.is_some() {
            return Err(TokenError::invalid_grant(
                "code_verifier was sent but the authorization request had no code_challenge",
            ));
        }
        return Ok(());
    };
    let Some(verifier) = verifier else {
        if state.quirk(Quirk::PkceVerifierOptional) {
            return Ok(());
        }
        return Err(TokenError::invalid_request("code_verifier is missing"));
    };
    if !pkce::is_well_formed(verifier) {
        return Err(TokenError::invalid_request(
            "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]",
        ));
    }
    // §4.6: transform the verifier with the method bound at authorization time and compare.
    let computed = match bound.method {
        CodeChallengeMethod::S256 if state.quirk(Quirk::PkceS256WrongTransform) => {
            pkce::s256_as_lowercase_hex(verifier)
        }
        CodeChallengeMethod::S256 => pkce::s256(verifier),
        CodeChallengeMethod::Plain => verifier.to_owned(),
    };
    if !pkce::challenge_matches(&computed, &bound.challenge)
        && !state.quirk(Quirk::PkceVerifierNotChecked)
    {
        return Err(TokenError::invalid_grant(
            "code_verifier does not match the code_challenge",
        ));
    }
    Ok(())
}

/// §6: a new access token for a refresh token bound to this client, for the same scope or a
/// narrower one.
fn refresh_token_grant(
    state: &AppState,
    client: AuthenticatedClient,
    params: &Params,
) -> Result<IssuedTokens, TokenError> {
    let refresh_token = params
        .get("refresh_token")
        .ok_or_else(|| TokenError::invalid_request("refresh_token is missing"))?;
    let mut store = state.store();
    let record = store
        .refresh_tokens
        .get(refresh_token)
        .cloned()
        .ok_or_else(|| TokenError::invalid_grant("the refresh token is not valid"))?;
    // §6, §10.4: the refresh token is bound to the client it was issued to.
    if record.client_id != client.client.id && !state.quirk(Quirk::RefreshTokenNotBoundToClient) {
        return Err(TokenError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    let scope = match params.get("scope") {
        None => record.scope.clone(),
        Some(requested) => {
            let requested = Scope::parse(requested)
                .map_err(|_| TokenError::invalid_scope("scope is malformed"))?;
            // §6: "MUST NOT include any scope not originally granted".
            if !requested.is_subset(&record.scope) {
                return Err(TokenError::invalid_scope(
                    "scope exceeds what the refresh token was granted",
                ));
            }
            requested
        }
    };
    let issued_to = fixtures().client(record.client_id).unwrap_or(client.client);
    let access_token = store.issue_access_token(
        record.client_id,
        record.user,
        scope.clone(),
        record.grant,
        state.config.access_token_lifetime,
    );
    // Rotation (RFC 9700 §4.14.2): a public client's refresh token is replaced on each use, so
    // a stolen copy stops working once either party uses it. Confidential clients keep theirs;
    // their refresh tokens are bound by client authentication instead.
    let new_refresh_token = (!issued_to.is_confidential()).then(|| {
        store.refresh_tokens.remove(refresh_token);
        store.issue_refresh_token(
            record.client_id,
            record.user,
            record.scope.clone(),
            record.grant,
        )
    });
    Ok(IssuedTokens {
        access_token,
        expires_in: state.config.access_token_lifetime.as_secs(),
        refresh_token: new_refresh_token,
        scope,
    })
}

/// §4.4: a token for the client itself.
fn client_credentials_grant(
    state: &AppState,
    client: AuthenticatedClient,
    params: &Params,
) -> Result<IssuedTokens, TokenError> {
    let scope = match params.get("scope") {
        None => Scope::default_scope(),
        Some(requested) => {
            let scope = Scope::parse(requested)
                .map_err(|_| TokenError::invalid_scope("scope is malformed"))?;
            if let Some(unknown) = scope.first_unknown() {
                if !state.quirk(Quirk::TokenUnknownScopeIgnored) {
                    return Err(TokenError::invalid_scope(format!(
                        "unknown scope {unknown}"
                    )));
                }
            }
            scope
        }
    };
    if let Some(token) = scope.first_not_allowed(client.client) {
        return Err(TokenError::invalid_scope(format!(
            "scope {token} is not allowed for this client"
        )));
    }
    let mut store = state.store();
    let grant = store.new_grant();
    // §4.4.3: "A refresh token SHOULD NOT be included": the client can simply ask again.
    let with_refresh_token = state.quirk(Quirk::ClientCredentialsRefreshToken);
    Ok(store.issue_tokens(
        client.client.id,
        None,
        scope,
        grant,
        state.config.access_token_lifetime,
        with_refresh_token,
    ))
}

/// Issues the tokens of a user grant: a refresh token only for clients allowed to refresh.
fn issue(
    state: &AppState,
    store: &mut Store,
    client: AuthenticatedClient,
    user: Option<&'static str>,
    scope: Scope,
    grant: crate::store::GrantId,
) -> IssuedTokens {
    store.issue_tokens(
        client.client.id,
        user,
        scope,
        grant,
        state.config.access_token_lifetime,
        client.client.allows_grant(GrantType::RefreshToken),
    )
}

/// §5.1: the successful response, a JSON object that must not be cached.
fn token_response(state: &AppState, tokens: IssuedTokens) -> Response {
    let mut body = Map::new();
    body.insert("access_token".into(), json!(tokens.access_token));
    if !state.quirk(Quirk::TokenTypeMissing) {
        body.insert("token_type".into(), json!("Bearer"));
    }
    if !state.quirk(Quirk::ExpiresInMissing) {
        body.insert("expires_in".into(), json!(tokens.expires_in));
    }
    if let Some(refresh_token) = tokens.refresh_token {
        body.insert("refresh_token".into(), json!(refresh_token));
    }
    body.insert("scope".into(), json!(tokens.scope.to_string()));

    let mut response = (StatusCode::OK, Json(Value::Object(body))).into_response();
    if !state.quirk(Quirk::TokenResponseCacheable) {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    response
}
