//! The token endpoint (RFC 6749 §3.2): the authorization code grant (§4.1.3, with PKCE per
//! RFC 7636 §4.5, §4.6), refreshing (§6) and client credentials (§4.4); responses per §5.1 and
//! errors per §5.2.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
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
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    if state.quirk(Quirk::TokenDuplicateParam500) && repeats_a_parameter(&headers, &body) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal server error").into_response();
    }
    if state.quirk(Quirk::TokenErrorNotJson)
        && read_form_body(&headers, &body).is_ok_and(|params| params.get("grant_type").is_none())
    {
        let plain = [(header::CONTENT_TYPE, "text/plain; charset=utf-8")];
        return (StatusCode::BAD_REQUEST, plain, "grant_type is missing").into_response();
    }
    let params = match read_token_params(&state, &headers, &body) {
        Ok(mut params) => {
            // §2.3.1: client credentials never go in the request URI; the quirk reads them there.
            if state.quirk(Quirk::ClientCredentialsInQueryAccepted) {
                if let Ok(in_query) = Params::parse(query.unwrap_or_default().as_bytes()) {
                    for name in ["client_id", "client_secret"] {
                        if params.get(name).is_none() {
                            params.push(name, in_query.get(name).unwrap_or_default());
                        }
                    }
                }
            }
            params
        }
        Err(problem) => return TokenError::invalid_request(problem).into_response(),
    };
    match token_request(&state, &headers, &params) {
        Ok(tokens) => {
            if state.quirk(Quirk::CodeRedemptionRace) {
                mark_code_used_late(&state, &headers, &body).await;
            }
            token_response(&state, tokens)
        }
        Err(error) => error_response(&state, &headers, &body, error),
    }
}

/// §5.2: the JSON error. Only quirks change it: one quotes request input verbatim in
/// error_description, one adds an error_uri outside the allowed characters.
fn error_response(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    error: TokenError,
) -> Response {
    let echo = (state.quirk(Quirk::ErrorDescriptionEchoesInput)
        && error.code == TokenErrorCode::UnsupportedGrantType)
        .then(|| read_form_body(headers, body).ok())
        .flatten()
        .and_then(|params| params.get("grant_type").map(str::to_owned));
    let bad_uri = state.quirk(Quirk::ErrorUriMalformed);
    error.into_response_with(|object| {
        if let Some(grant_type) = echo {
            let description = format!("unsupported grant_type: {grant_type}");
            object.insert("error_description".into(), json!(description));
        }
        if bad_uri {
            object.insert(
                "error_uri".into(),
                json!("http://127.0.0.1/errors/token error \"help\""),
            );
        }
    })
}

/// The `code_redemption_race` quirk: the code was checked and tokens issued, but it is marked
/// used only after an await, so redemptions arriving meanwhile pass the check too (the
/// check-then-act race a single-use code must not have, §4.1.2).
async fn mark_code_used_late(state: &AppState, headers: &HeaderMap, body: &[u8]) {
    let Ok(params) = read_form_body(headers, body) else {
        return;
    };
    if params.get("grant_type") != Some("authorization_code") {
        return;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    if let Some(code) = params.get("code") {
        if let Some(stored) = state.store().codes.get_mut(code) {
            stored.redeemed = true;
        }
    }
}

/// `GET /token`: §3.2 "The client MUST use the HTTP POST method"; 405 unless the
/// `token_endpoint_accepts_get` quirk reads the request from the query.
pub(crate) async fn token_endpoint_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if !state.quirk(Quirk::TokenEndpointAcceptsGet) {
        return crate::errors::method_not_allowed().await;
    }
    match Params::parse(query.unwrap_or_default().as_bytes()) {
        Ok(params) => match token_request(&state, &headers, &params) {
            Ok(tokens) => token_response(&state, tokens),
            Err(error) => error.into_response(),
        },
        Err(problem) => TokenError::invalid_request(problem).into_response(),
    }
}

/// The form body; §3.2: a parameter without a value counts as omitted (kept only by the
/// `token_empty_params_kept` quirk).
fn read_token_params(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Params, &'static str> {
    if state.quirk(Quirk::TokenEmptyParamsKept) {
        read_form_body(headers, body)?;
        return Params::parse_keeping_empty(body);
    }
    read_form_body(headers, body)
}

/// The parameters the `token_unknown_params_rejected` quirk still accepts: those of RFC 6749,
/// RFC 7636 and the common extensions, so that only really unknown names fail.
const KNOWN_PARAMETERS: &[&str] = &[
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "client_id",
    "client_secret",
    "refresh_token",
    "scope",
    "username",
    "password",
    "resource",
    "audience",
    "assertion",
    "client_assertion",
    "client_assertion_type",
    "device_code",
    "subject_token",
    "subject_token_type",
    "actor_token",
    "actor_token_type",
    "requested_token_type",
    "authorization_details",
];

/// For the token_duplicate_param_500 quirk: a form body in which some name appears twice.
fn repeats_a_parameter(headers: &HeaderMap, body: &[u8]) -> bool {
    read_form_body(headers, body).is_ok_and(|params| params.first_repeated().is_some())
}

fn token_request(
    state: &AppState,
    headers: &HeaderMap,
    params: &Params,
) -> Result<IssuedTokens, TokenError> {
    let params = params.clone();
    // §3.2: "Request and response parameters MUST NOT be included more than once."
    if !state.quirk(Quirk::TokenDuplicateParamsAllowed) {
        if let Some(name) = params.first_repeated() {
            return Err(TokenError::invalid_request(format!(
                "parameter {name} is repeated"
            )));
        }
    }
    // §3.2: "The authorization server MUST ignore unrecognized request parameters."
    if state.quirk(Quirk::TokenUnknownParamsRejected) {
        if let Some(name) = params.names().find(|name| !KNOWN_PARAMETERS.contains(name)) {
            return Err(TokenError::invalid_request(format!(
                "unknown parameter {name}"
            )));
        }
    }
    let client = match client_auth::authenticate(state, headers, &params) {
        Ok(client) => client,
        Err(error) => unauthenticated_by_quirk(state, &params).ok_or(error)?,
    };

    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| TokenError::invalid_request("grant_type is missing"))?;
    // RFC 9700 §2.4, OAuth 2.1 §10: the password grant "MUST NOT be used"; this server offers it
    // only when started with the option (RFC 6749 §4.3 profile) or under the quirk.
    if grant_type == PASSWORD_GRANT
        && (state.config.password_grant || state.quirk(Quirk::PasswordGrantAllowed))
    {
        return password_grant(state, client, &params);
    }
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
        && (grant != GrantType::ClientCredentials || client.client.is_confidential())
        || (grant == GrantType::ClientCredentials
            && !client.client.is_confidential()
            && state.quirk(Quirk::PublicClientCredentialsGrant));
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

/// The `grant_type` of the resource owner password credentials grant (§4.3), offered only when
/// [`crate::ServerConfig::password_grant`] is on.
pub(crate) const PASSWORD_GRANT: &str = "password";

/// §4.3.2: tokens for the resource owner's username and password, for a confidential client
/// that authenticated (public clients are not offered this grant).
fn password_grant(
    state: &AppState,
    client: AuthenticatedClient,
    params: &Params,
) -> Result<IssuedTokens, TokenError> {
    // §4.3.2: "require client authentication for confidential clients"; the quirk lets a
    // client_id alone through.
    let authenticated = client.method != crate::fixtures::ClientAuthMethod::None
        || state.quirk(Quirk::PasswordGrantClientNotAuthenticated);
    if !client.client.is_confidential() {
        return Err(TokenError::new(
            TokenErrorCode::UnauthorizedClient,
            "the password grant is offered to confidential clients only",
        ));
    }
    if !authenticated {
        return Err(TokenError::invalid_client(
            "a confidential client must authenticate",
        ));
    }
    let (Some(username), Some(password)) = (params.get("username"), params.get("password")) else {
        return Err(TokenError::invalid_request(
            "username and password are required",
        ));
    };
    // §4.3.2: "validate the resource owner password credentials".
    let user = fixtures().user;
    let valid = username == user.username
        && (password == user.password || state.quirk(Quirk::PasswordNotVerified));
    if !valid {
        return Err(TokenError::invalid_grant(
            "the resource owner credentials are not valid",
        ));
    }
    let scope = match params.get("scope") {
        None => Scope::default_scope(),
        Some(requested) => {
            let scope = Scope::parse(requested)
                .map_err(|_| TokenError::invalid_scope("scope is malformed"))?;
            if let Some(token) = scope
                .first_unknown()
                .or_else(|| scope.first_not_allowed(client.client))
            {
                return Err(TokenError::invalid_scope(format!(
                    "scope {token} is not allowed"
                )));
            }
            scope
        }
    };
    let mut store = state.store();
    let grant = store.new_grant();
    Ok(issue(
        state,
        &mut store,
        client,
        Some(user.username),
        scope,
        grant,
    ))
}

/// The client some quirks accept although it did not authenticate: a confidential client
/// redeeming its own code, or using client_credentials, with its client_id alone (§4.1.3,
/// §4.4.2); a public client's code redeemed without client_id (§3.2.1).
fn unauthenticated_by_quirk(state: &AppState, params: &Params) -> Option<AuthenticatedClient> {
    if params.get("client_secret").is_some() {
        return None;
    }
    let grant = params.get("grant_type");
    let unauthenticated = |client: &'static crate::fixtures::FixtureClient| AuthenticatedClient {
        client,
        method: crate::fixtures::ClientAuthMethod::None,
    };
    match (grant, params.get("client_id")) {
        (Some(PASSWORD_GRANT), Some(id))
            if state.quirk(Quirk::PasswordGrantClientNotAuthenticated) =>
        {
            fixtures().client(id).map(unauthenticated)
        }
        (Some("client_credentials"), Some(id))
            if state.quirk(Quirk::ClientCredentialsWithoutAuth) =>
        {
            fixtures().client(id).map(unauthenticated)
        }
        (Some("authorization_code"), Some(id))
            if state.quirk(Quirk::CodeExchangeWithoutClientAuth) =>
        {
            let store = state.store();
            let record = store.codes.get(params.get("code")?)?;
            (record.client_id == id).then_some(())?;
            fixtures().client(id).map(unauthenticated)
        }
        (Some("authorization_code"), None)
            if state.quirk(Quirk::PublicCodeExchangeWithoutClientId) =>
        {
            let store = state.store();
            let record = store.codes.get(params.get("code")?)?;
            let client = fixtures().client(record.client_id)?;
            (!client.is_confidential()).then(|| unauthenticated(client))
        }
        _ => None,
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
    if let Some(verifier) = params.get("code_verifier") {
        store.witness(verifier);
    }
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
        // OAuth 2.1 §7.5.2: only a replay that is otherwise valid (right client, right
        // code_verifier) revokes; else anyone holding a stolen code could revoke the legitimate
        // client's tokens with a request it could never have completed.
        let replay_is_valid = record.client_id == client.client.id
            && check_code_verifier(state, &store, &record, params.get("code_verifier")).is_ok();
        let revoke = replay_is_valid || state.quirk(Quirk::InvalidReplayRevokes);
        if revoke && !state.quirk(Quirk::CodeReuseKeepsTokens) {
            store.revoke_grant(record.grant);
        }
        if !state.quirk(Quirk::CodeReuseAllowed) {
            return Err(TokenError::invalid_grant(
                "the authorization code was already used",
            ));
        }
    }
    // §4.1.3: the code must have been issued to the authenticated client.
    let binding_skipped = if client.client.is_confidential() {
        state.quirk(Quirk::CodeNotBoundToClient)
    } else {
        state.quirk(Quirk::CodeNotBoundToPublicClient)
    };
    if record.client_id != client.client.id && !binding_skipped {
        return Err(TokenError::invalid_grant(
            "the authorization code was issued to another client",
        ));
    }
    check_redirect_uri(state, &record, params.get("redirect_uri"))?;
    check_code_verifier(state, &store, &record, params.get("code_verifier"))?;

    if !state.quirk(Quirk::CodeRedemptionRace) {
        if let Some(stored) = store.codes.get_mut(code) {
            stored.redeemed = true;
        }
    }
    let mut tokens = issue(
        state,
        &mut store,
        client,
        Some(record.user),
        record.scope,
        record.grant,
    );
    // OAuth 2.1 §3.2.3: scope is RECOMMENDED even when it is the requested one (this server
    // grants exactly what was asked or refuses); the quirk leaves it out then.
    tokens.scope_unstated = record.scope_requested && state.quirk(Quirk::RequestedScopeUnstated);
    Ok(tokens)
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
    store: &Store,
    record: &AuthorizationCode,
    verifier: Option<&str>,
) -> Result<(), TokenError> {
    let Some(bound) = &record.code_challenge else {
        // A verifier for a code issued without a challenge means the client and the server
        // disagree about the flow; accepting it would hide a downgrade (RFC 9700 §2.1.1).
        // OAuth 2.1 §3.2.4 names the error: invalid_request.
        if verifier.is_some() && !state.quirk(Quirk::VerifierWithoutChallengeAccepted) {
            let description =
                "code_verifier was sent but the authorization request had no code_challenge";
            if state.quirk(Quirk::VerifierWithoutChallengeInvalidGrant) {
                return Err(TokenError::invalid_grant(description));
            }
            return Err(TokenError::invalid_request(description));
        }
        return Ok(());
    };
    let Some(verifier) = verifier else {
        if state.quirk(Quirk::PkceVerifierOptional) {
            return Ok(());
        }
        return Err(TokenError::invalid_request("code_verifier is missing"));
    };
    if !pkce::is_well_formed(verifier) && !state.quirk(Quirk::PkceVerifierSyntaxUnchecked) {
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
        CodeChallengeMethod::Plain if state.quirk(Quirk::PkcePlainTransformedAsS256) => {
            pkce::s256(verifier)
        }
        CodeChallengeMethod::Plain => verifier.to_owned(),
    };
    // §4.5: the method bound at authorization time decides; the quirk lets a client fall back
    // to plain by sending the challenge itself.
    let downgraded = state.quirk(Quirk::PkceDowngradeToPlain)
        && bound.method == CodeChallengeMethod::S256
        && verifier == bound.challenge;
    // §4.4: the challenge is bound to this code; the quirk accepts any pending code's.
    let other_code = state.quirk(Quirk::PkceChallengeNotBoundToCode)
        && store
            .codes
            .find_key(|key| {
                store.codes.get(key).is_some_and(|other| {
                    other.client_id == record.client_id
                        && other.code_challenge.as_ref().is_some_and(|c| {
                            let computed = match c.method {
                                CodeChallengeMethod::S256 => pkce::s256(verifier),
                                CodeChallengeMethod::Plain => verifier.to_owned(),
                            };
                            computed == c.challenge
                        })
                })
            })
            .is_some();
    if !pkce::challenge_matches(&computed, &bound.challenge)
        && !downgraded
        && !other_code
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
    // RFC 9700 §4.14.2: a refresh token's integrity is protected; the quirk recognises a token by
    // a prefix, so an altered token still matches.
    let refresh_token = match store.refresh_tokens.get(refresh_token) {
        None if state.quirk(Quirk::RefreshTokenPrefixChecked) => store
            .refresh_tokens
            .keys()
            .find(|known| {
                known.len() == refresh_token.len()
                    && known.get(..16).is_some()
                    && known.get(..16) == refresh_token.get(..16)
            })
            .cloned()
            .unwrap_or_else(|| refresh_token.to_owned()),
        _ => refresh_token.to_owned(),
    };
    let refresh_token = refresh_token.as_str();
    let mut record = store.refresh_tokens.get(refresh_token).cloned();
    // §10.4: refresh tokens cannot be altered; the quirk finds them by a prefix.
    if record.is_none() && state.quirk(Quirk::RefreshTokenPrefixMatch) {
        record = store
            .refresh_tokens
            .find_key(|key| crate::store::same_prefix(key, refresh_token))
            .and_then(|key| store.refresh_tokens.get(&key).cloned());
    }
    // §6: the refresh token is validated; the quirk takes any value not in this server's own
    // format (43 characters), so its revoked and rotated tokens are still refused.
    if record.is_none()
        && state.quirk(Quirk::RefreshTokenNotValidated)
        && refresh_token.len() != crate::store::random_token().len()
    {
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
    let Some(record) = record else {
        // RFC 9700 §4.14.2, OAuth 2.1 §4.3.1: a refresh token already replaced by rotation,
        // presented again by its client, means one of its holders is an attacker; the server
        // cannot tell which, so it revokes the grant's active refresh token (and access tokens).
        let replayed = store.rotated_refresh_tokens.get(refresh_token).cloned();
        if let Some(rotated) = replayed.filter(|r| r.client_id == client.client.id) {
            if !state.quirk(Quirk::RefreshReuseNotDetected) {
                store.revoke_grant(rotated.grant);
            }
        }
        return Err(TokenError::invalid_grant("the refresh token is not valid"));
    };
    // §6, §10.4: the refresh token is bound to the client it was issued to.
    // OAuth 2.1 §4.3.1: a public client identifies itself by client_id alone, and the token
    // must have been issued to that client too; the quirk skips the check for public clients.
    let binding_skipped = state.quirk(Quirk::RefreshTokenNotBoundToClient)
        || (!client.client.is_confidential() && state.quirk(Quirk::PublicRefreshTokenNotBound));
    if record.client_id != client.client.id && !binding_skipped {
        return Err(TokenError::invalid_grant(
            "the refresh token was issued to another client",
        ));
    }
    let scope = match params.get("scope") {
        None if state.quirk(Quirk::RefreshWithoutScopeGetsAll) => {
            Scope::parse(&client.client.scopes.join(" ")).unwrap_or_else(|_| record.scope.clone())
        }
        None => record.scope.clone(),
        Some(requested) => {
            let requested = Scope::parse(requested)
                .map_err(|_| TokenError::invalid_scope("scope is malformed"))?;
            if requested.first_not_allowed(client.client).is_some() {
                return Err(TokenError::invalid_scope(
                    "scope is not allowed for this client",
                ));
            }
            // §6: "MUST NOT include any scope not originally granted".
            if !requested.is_subset(&record.scope) && !state.quirk(Quirk::RefreshScopeWidened) {
                return Err(TokenError::invalid_scope(
                    "scope exceeds what the refresh token was granted",
                ));
            }
            requested
        }
    };
    let access_token = store.issue_access_token(
        record.client_id,
        record.user,
        scope.clone(),
        record.grant,
        state.config.effective_access_token_lifetime(),
    );
    // Rotation (RFC 9700 §4.14.2): the refresh token is replaced on each use, so a stolen copy
    // stops working once either party uses it. Public clients need it; confidential clients,
    // whose refresh tokens are also bound by client authentication, get it too, so that RFC
    // 6749 §6 (a new refresh token keeps the old one's scope) can be seen for them as well.
    // The replaced token is remembered: presenting it again revokes the grant (§4.14.2).
    // §6: the new refresh token keeps the scope of the one presented, however narrow this
    // access token is.
    let kept_scope = if state.quirk(Quirk::RotatedRefreshTokenNarrowed) {
        scope.clone()
    } else {
        record.scope.clone()
    };
    let issued_to = fixtures().client(record.client_id).unwrap_or(client.client);
    let rotate = issued_to.is_confidential() || !state.quirk(Quirk::RefreshTokenNotRotated);
    // The quirk hands out a new refresh token but leaves the old one valid: not rotation.
    let keep_old =
        !issued_to.is_confidential() && state.quirk(Quirk::RefreshTokenReissuedNotRotated);
    let new_refresh_token = rotate.then(|| {
        if !keep_old {
            if let Some(old) = store.refresh_tokens.remove(refresh_token) {
                store
                    .rotated_refresh_tokens
                    .insert(refresh_token.to_owned(), old);
            }
        }
        store.issue_refresh_token(record.client_id, record.user, kept_scope, record.grant)
    });
    Ok(IssuedTokens {
        access_token,
        expires_in: state.config.effective_access_token_lifetime().as_secs(),
        refresh_token: new_refresh_token,
        scope,
        scope_unstated: false,
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
    // §3.3: the server may grant less than asked, but must then say what it granted; this one
    // refuses instead. The quirk narrows silently.
    let mut narrowed = false;
    let scope = match scope.first_not_allowed(client.client) {
        Some(_) if state.quirk(Quirk::NarrowedScopeUnstated) => {
            narrowed = true;
            scope.allowed_for(client.client)
        }
        Some(token) => {
            return Err(TokenError::invalid_scope(format!(
                "scope {token} is not allowed for this client"
            )));
        }
        None => scope,
    };
    let mut store = state.store();
    let grant = store.new_grant();
    // §4.4.3: "A refresh token SHOULD NOT be included": the client can simply ask again.
    let with_refresh_token = state.quirk(Quirk::ClientCredentialsRefreshToken);
    let mut tokens = store.issue_tokens(
        client.client.id,
        None,
        scope,
        grant,
        state.config.effective_access_token_lifetime(),
        with_refresh_token,
    );
    tokens.scope_unstated = narrowed;
    Ok(tokens)
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
        state.config.effective_access_token_lifetime(),
        client.client.allows_grant(GrantType::RefreshToken),
    )
}

/// §5.1: the successful response, a JSON object that must not be cached.
fn token_response(state: &AppState, tokens: IssuedTokens) -> Response {
    let mut body = Map::new();
    body.insert("access_token".into(), json!(tokens.access_token));
    // RFC 6750 §5.3: bearer tokens are never stored in cookies that can be sent in the clear.
    let insecure_cookie = state
        .quirk(Quirk::TokenCookieWithoutSecure)
        .then(|| format!("access_token={}; Path=/; HttpOnly", tokens.access_token));
    if !state.quirk(Quirk::TokenTypeMissing) {
        body.insert("token_type".into(), json!("Bearer"));
    }
    if !state.quirk(Quirk::ExpiresInMissing) {
        body.insert("expires_in".into(), json!(tokens.expires_in));
    }
    if let Some(refresh_token) = tokens.refresh_token {
        body.insert("refresh_token".into(), json!(refresh_token));
    }
    if !tokens.scope_unstated {
        body.insert("scope".into(), json!(tokens.scope.to_string()));
    }
    // OAuth 2.1 App. C.3: absent members are left out, never sent as null.
    if state.quirk(Quirk::TokenResponseNullMembers) {
        body.insert("id_token".into(), Value::Null);
    }

    let mut response = if state.quirk(Quirk::TokenResponseDuplicateMember) {
        // §3.2: response parameters MUST NOT be included more than once; a JSON parser keeps
        // one of the two, so only the raw text shows it.
        let text = Value::Object(body).to_string();
        let doubled = text.replacen('{', "{\"token_type\":\"Bearer\",", 1);
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            doubled,
        )
            .into_response()
    } else {
        (StatusCode::OK, Json(Value::Object(body))).into_response()
    };
    if !state.quirk(Quirk::TokenResponseCacheable) {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    }
    if let Some(cookie) = insecure_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
