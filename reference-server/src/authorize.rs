//! The authorization endpoint (RFC 6749 §3.1, §4.1.1, §4.1.2) with PKCE (RFC 7636 §4.3, §4.4).
//!
//! The order of the checks is the point of this module. Until the client and its redirect URI
//! are known to be genuine, an error is shown to the user and never redirected (§3.1.2.4,
//! §4.1.2.1): redirecting to an unverified URI would make the server an open redirector. After
//! that, every error goes back to the client in the redirect (§4.1.2.1).

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use url::Url;

use crate::errors::{sanitize_description, AuthorizationErrorCode};
use crate::fixtures::{fixtures, FixtureClient, GrantType};
use crate::html::{error_page, see_other};
use crate::params::{read_form_body, Params};
use crate::pkce::{self, CodeChallengeMethod};
use crate::scope::Scope;
use crate::session::BrowserSession;
use crate::store::{random_token, CodeChallenge, PendingAuthorization, RedirectTarget};
use crate::{AppState, Quirk};

pub(crate) async fn authorize_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match Params::parse(query.unwrap_or_default().as_bytes()) {
        Ok(params) => authorize(&state, &headers, &params),
        Err(problem) => error_page(StatusCode::BAD_REQUEST, problem),
    }
}

/// §3.1: the endpoint MAY also accept POST, with the parameters form-encoded in the body.
pub(crate) async fn authorize_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match read_form_body(&headers, &body) {
        Ok(params) => authorize(&state, &headers, &params),
        Err(problem) => error_page(StatusCode::BAD_REQUEST, problem),
    }
}

fn authorize(state: &AppState, headers: &HeaderMap, params: &Params) -> Response {
    let repeats_allowed = state.quirk(Quirk::DuplicateParamsAllowed);

    // 1. The client (§4.1.2.1): without a known client there is no redirect URI to trust.
    if params.is_repeated("client_id") && !repeats_allowed {
        return error_page(StatusCode::BAD_REQUEST, "client_id is repeated");
    }
    let Some(client) = params.get("client_id").and_then(|id| fixtures().client(id)) else {
        if state.quirk(Quirk::UnknownClientRedirectsError) {
            if let Some(response) = error_to_untrusted_uri(state, params, "unknown client_id") {
                return response;
            }
        }
        return error_page(StatusCode::BAD_REQUEST, "client_id is missing or unknown");
    };

    // 2. The redirect URI (§3.1.2.3, §3.1.2.4).
    if params.is_repeated("redirect_uri") && !repeats_allowed {
        return error_page(StatusCode::BAD_REQUEST, "redirect_uri is repeated");
    }
    let redirect = match resolve_redirect_uri(state, client, params.get("redirect_uri")) {
        Ok(redirect) => redirect,
        Err(problem) => {
            if state.quirk(Quirk::RedirectUriErrorRedirected) {
                if let Some(response) = error_to_untrusted_uri(state, params, problem) {
                    return response;
                }
            }
            return error_page(StatusCode::BAD_REQUEST, problem);
        }
    };

    // 3. From here on, errors go back to the client (§4.1.2.1). A repeated state has no single
    //    value to echo, so it is left out of the error rather than picked.
    let request_state = if params.is_repeated("state") && !repeats_allowed {
        None
    } else {
        params.get("state")
    };
    let fail = ErrorRedirect::new(state, &redirect, request_state);
    match validate_request(state, client, params) {
        Ok(request) => {
            let pending = PendingAuthorization::new(
                client.id,
                redirect,
                request.scope,
                request_state.map(str::to_owned),
                request.code_challenge,
            );
            start_login(state, headers, pending)
        }
        Err((code, description)) => fail.send(code, &description),
    }
}

/// What the quirks that redirect errors too early do: send `invalid_request` to whatever
/// absolute redirect_uri the request named, trusted or not.
fn error_to_untrusted_uri(
    state: &AppState,
    params: &Params,
    description: &str,
) -> Option<Response> {
    let uri = params.get("redirect_uri").filter(|uri| is_absolute(uri))?;
    let target = RedirectTarget {
        uri: uri.to_owned(),
        sent: true,
    };
    let response = ErrorRedirect::new(state, &target, params.get("state"))
        .send(AuthorizationErrorCode::InvalidRequest, description);
    Some(response)
}

/// What a valid authorization request asks for.
struct ValidRequest {
    scope: Scope,
    code_challenge: Option<CodeChallenge>,
}

type AuthorizationError = (AuthorizationErrorCode, String);

fn invalid_request(description: impl Into<String>) -> AuthorizationError {
    (AuthorizationErrorCode::InvalidRequest, description.into())
}

/// The checks whose failures are redirected to the client, in order.
fn validate_request(
    state: &AppState,
    client: &FixtureClient,
    params: &Params,
) -> Result<ValidRequest, AuthorizationError> {
    // §3.1: "Request and response parameters MUST NOT be included more than once."
    if !state.quirk(Quirk::DuplicateParamsAllowed) {
        if let Some(name) = params.first_repeated() {
            return Err(invalid_request(format!("parameter {name} is repeated")));
        }
    }

    // §3.1.1, §4.1.1: response_type is REQUIRED and this server supports only "code".
    match params.get("response_type") {
        Some("code") => {}
        None if state.quirk(Quirk::MissingResponseTypeDefaultsToCode) => {}
        None => return Err(invalid_request("response_type is missing")),
        Some(_) if state.quirk(Quirk::UnsupportedResponseTypeAsInvalidRequest) => {
            return Err(invalid_request("response_type is not valid"));
        }
        Some(_) => {
            return Err((
                AuthorizationErrorCode::UnsupportedResponseType,
                "only response_type=code is supported".to_owned(),
            ));
        }
    }

    // §4.1.2.1 unauthorized_client: the client is not registered for the code grant.
    if !client.allows_grant(GrantType::AuthorizationCode)
        && !state.quirk(Quirk::UnauthorizedClientGetsCode)
    {
        return Err((
            AuthorizationErrorCode::UnauthorizedClient,
            "the client may not use the authorization code grant".to_owned(),
        ));
    }

    let scope = requested_scope(state, client, params.get("scope"))?;
    let code_challenge = code_challenge(state, client, params)?;
    Ok(ValidRequest {
        scope,
        code_challenge,
    })
}

/// §3.3: the requested scope, or the default when omitted; §4.1.2.1 invalid_scope for values
/// that are malformed, unknown, or beyond what the client may ask for.
fn requested_scope(
    state: &AppState,
    client: &FixtureClient,
    requested: Option<&str>,
) -> Result<Scope, AuthorizationError> {
    let invalid_scope = |description: String| (AuthorizationErrorCode::InvalidScope, description);
    let Some(requested) = requested else {
        // RFC 6750 §5.2: tokens are restricted to specific scopes, so the default is narrow.
        if state.quirk(Quirk::OmittedScopeGrantsEverything) {
            return Scope::parse(&client.scopes.join(" "))
                .map_err(|_| invalid_scope("scope is malformed".to_owned()));
        }
        return Ok(Scope::default_scope());
    };
    let scope =
        Scope::parse(requested).map_err(|_| invalid_scope("scope is malformed".to_owned()))?;
    if let Some(unknown) = scope.first_unknown() {
        if !state.quirk(Quirk::UnknownScopeIgnored) {
            return Err(invalid_scope(format!("unknown scope {unknown}")));
        }
    }
    if let Some(token) = scope.first_not_allowed(client) {
        return Err(invalid_scope(format!(
            "scope {token} is not allowed for this client"
        )));
    }
    Ok(scope)
}

/// RFC 7636 §4.3, §4.4.1: the challenge and its method, checked before anything is stored.
fn code_challenge(
    state: &AppState,
    client: &FixtureClient,
    params: &Params,
) -> Result<Option<CodeChallenge>, AuthorizationError> {
    // §4.3: the method defaults to "plain" when absent; §4.4.1: an unsupported one is
    // invalid_request.
    let method = match params.get("code_challenge_method") {
        None => CodeChallengeMethod::Plain,
        Some(name) => match CodeChallengeMethod::from_name(name) {
            Some(method) => method,
            None if state.quirk(Quirk::PkceUnknownMethodIgnored) => CodeChallengeMethod::Plain,
            None => {
                return Err(invalid_request(
                    "code_challenge_method must be S256 or plain",
                ))
            }
        },
    };
    let Some(challenge) = params.get("code_challenge") else {
        if params.get("code_challenge_method").is_some() {
            return Err(invalid_request(
                "code_challenge_method was sent without code_challenge",
            ));
        }
        // §4.4.1: a server that requires PKCE answers a missing challenge with invalid_request.
        if client.pkce_required && !state.quirk(Quirk::PkceNotRequiredForPublicClients) {
            return Err(invalid_request("code_challenge required"));
        }
        return Ok(None);
    };
    if !pkce::is_well_formed(challenge) {
        return Err(invalid_request(
            "code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~]",
        ));
    }
    Ok(Some(CodeChallenge {
        challenge: challenge.to_owned(),
        method,
    }))
}

/// Stores the validated request and sends the browser to sign in, or straight to consent when
/// the session already has a signed-in user.
fn start_login(state: &AppState, headers: &HeaderMap, pending: PendingAuthorization) -> Response {
    let mut store = state.store();
    let session = BrowserSession::find_or_create(&mut store, headers);
    let signed_in = session.user.is_some();
    let request_id = random_token();
    store.pending.insert(request_id.clone(), pending);
    drop(store);
    let page = if signed_in { "/consent" } else { "/login" };
    let location = state.endpoint(&format!("{page}?request_id={request_id}"));
    session.set_cookie_on(see_other(&location))
}

/// The registered redirect URI the response will go to (§3.1.2.3).
fn resolve_redirect_uri(
    state: &AppState,
    client: &FixtureClient,
    supplied: Option<&str>,
) -> Result<RedirectTarget, &'static str> {
    match supplied {
        Some(uri) => {
            let registered = client
                .redirect_uris
                .iter()
                .any(|registered| redirect_uri_matches(&state.config.quirks, registered, uri));
            if registered {
                Ok(RedirectTarget {
                    uri: uri.to_owned(),
                    sent: true,
                })
            } else {
                Err("redirect_uri does not match a URI registered for this client")
            }
        }
        // §3.1.2.3: with several registered URIs the request must say which one.
        None => match client.redirect_uris {
            [only] => Ok(RedirectTarget {
                uri: (*only).to_owned(),
                sent: false,
            }),
            [first, ..] if state.quirk(Quirk::RedirectUriDefaultToFirst) => Ok(RedirectTarget {
                uri: (*first).to_owned(),
                sent: false,
            }),
            [] => Err("the client has no registered redirect URI"),
            _ => Err("redirect_uri is required: the client has several registered"),
        },
    }
}

/// §3.1.2.3: a registered full redirect URI is compared "using simple string comparison".
/// Everything after the first line is a quirk, a comparison real servers got wrong.
pub(crate) fn redirect_uri_matches(
    quirks: &BTreeSet<Quirk>,
    registered: &str,
    supplied: &str,
) -> bool {
    if supplied == registered {
        return true;
    }
    let on = |quirk: Quirk| quirks.contains(&quirk);
    (on(Quirk::RedirectUriUnchecked) && is_absolute(supplied))
        || (on(Quirk::RedirectUriPrefixMatch) && supplied.starts_with(registered))
        || (on(Quirk::RedirectUriCaseInsensitive) && supplied.eq_ignore_ascii_case(registered))
        || (on(Quirk::RedirectUriIgnoreTrailingSlash)
            && supplied.trim_end_matches('/') == registered.trim_end_matches('/'))
        || (on(Quirk::RedirectUriIgnoreQuery)
            && without_query(supplied) == without_query(registered))
        || (on(Quirk::RedirectUriIgnorePort)
            && without_port(supplied).is_some_and(|uri| Some(uri) == without_port(registered)))
}

fn is_absolute(uri: &str) -> bool {
    Url::parse(uri).is_ok()
}

fn without_query(uri: &str) -> &str {
    uri.split_once('?').map_or(uri, |(before, _)| before)
}

fn without_port(uri: &str) -> Option<String> {
    let mut url = Url::parse(uri).ok()?;
    url.set_port(None).ok()?;
    Some(url.into())
}

/// How the authorization response parameters reach the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResponseMode {
    /// §4.1.2: added to the query component of the redirect URI.
    Query,
    /// Only for the `code_in_fragment` quirk.
    Fragment,
}

/// Redirects to `redirect_uri` with `params` added, keeping any query the URI already has
/// (§3.1.2: "MUST retain the query component when adding additional query parameters").
pub(crate) fn redirect_to_client(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    redirect_with_mode(redirect_uri, params, ResponseMode::Query)
}

fn redirect_with_mode(redirect_uri: &str, params: &[(&str, &str)], mode: ResponseMode) -> Response {
    let Ok(mut url) = Url::parse(redirect_uri) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "redirect_uri is not an absolute URI",
        );
    };
    match mode {
        ResponseMode::Query => {
            url.query_pairs_mut().extend_pairs(params);
        }
        ResponseMode::Fragment => {
            let fragment = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params)
                .finish();
            url.set_fragment(Some(&fragment));
        }
    }
    see_other(url.as_str())
}

/// The successful authorization response (§4.1.2): `code`, `state` exactly as received, and
/// `iss` (RFC 9207).
pub(crate) fn redirect_with_code(
    state: &AppState,
    redirect_uri: &str,
    code: &str,
    request_state: Option<&str>,
) -> Response {
    let mut params = vec![("code", code)];
    if let Some(request_state) = request_state {
        let returned = if state.quirk(Quirk::StateMangled) {
            match request_state.char_indices().nth(8) {
                Some((cut, _)) => &request_state[..cut],
                None => request_state,
            }
        } else {
            request_state
        };
        params.push(("state", returned));
    }
    params.push(("iss", &state.issuer));
    let mode = if state.quirk(Quirk::CodeInFragment) {
        ResponseMode::Fragment
    } else {
        ResponseMode::Query
    };
    redirect_with_mode(redirect_uri, &params, mode)
}

/// An error response redirected to the client (§4.1.2.1): `error`, `error_description`, `state`
/// exactly as received, and `iss` (RFC 9207).
pub(crate) struct ErrorRedirect<'a> {
    state: &'a AppState,
    redirect_uri: &'a str,
    request_state: Option<&'a str>,
}

impl<'a> ErrorRedirect<'a> {
    pub(crate) fn new(
        state: &'a AppState,
        redirect: &'a RedirectTarget,
        request_state: Option<&'a str>,
    ) -> Self {
        ErrorRedirect {
            state,
            redirect_uri: &redirect.uri,
            request_state,
        }
    }

    pub(crate) fn send(&self, code: AuthorizationErrorCode, description: &str) -> Response {
        let description = sanitize_description(description);
        let mut params = vec![
            ("error", code.as_str()),
            ("error_description", description.as_str()),
        ];
        if let Some(request_state) = self.request_state {
            if !self.state.quirk(Quirk::ErrorStateDropped) {
                params.push(("state", request_state));
            }
        }
        params.push(("iss", &self.state.issuer));
        redirect_to_client(self.redirect_uri, &params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CB: &str = "http://127.0.0.1:9999/cb";

    fn with(quirk: Quirk) -> BTreeSet<Quirk> {
        BTreeSet::from([quirk])
    }

    const VARIANTS: &[(&str, Quirk)] = &[
        ("http://127.0.0.1:9999/cbx", Quirk::RedirectUriPrefixMatch),
        (
            "http://127.0.0.1:9999/cb/../evil",
            Quirk::RedirectUriPrefixMatch,
        ),
        (
            "http://127.0.0.1:9999/CB",
            Quirk::RedirectUriCaseInsensitive,
        ),
        (
            "http://127.0.0.1:9999/cb/",
            Quirk::RedirectUriIgnoreTrailingSlash,
        ),
        (
            "http://127.0.0.1:9999/cb?x=1",
            Quirk::RedirectUriIgnoreQuery,
        ),
        ("http://127.0.0.1:9998/cb", Quirk::RedirectUriIgnorePort),
        ("https://evil.example/cb", Quirk::RedirectUriUnchecked),
    ];

    #[test]
    fn exact_string_comparison_refuses_every_variant() {
        let clean = BTreeSet::new();
        assert!(redirect_uri_matches(&clean, CB, CB));
        for (variant, _) in VARIANTS {
            assert!(!redirect_uri_matches(&clean, CB, variant), "{variant}");
        }
        // Equivalent by URI normalisation, but not the same string.
        assert!(!redirect_uri_matches(
            &clean,
            CB,
            "http://127.0.0.1:9999/%63b"
        ));
        assert!(!redirect_uri_matches(
            &clean,
            CB,
            "HTTP://127.0.0.1:9999/cb"
        ));
    }

    #[test]
    fn each_comparison_quirk_accepts_its_variant() {
        for &(variant, quirk) in VARIANTS {
            assert!(
                redirect_uri_matches(&with(quirk), CB, variant),
                "{quirk}: {variant}"
            );
        }
    }

    #[test]
    fn unchecked_still_wants_an_absolute_uri() {
        let quirks = with(Quirk::RedirectUriUnchecked);
        assert!(!redirect_uri_matches(&quirks, CB, "/relative"));
    }

    #[test]
    fn redirects_keep_an_existing_query() {
        let response = redirect_to_client(
            "http://127.0.0.1:9999/cb?keep=1",
            &[("code", "abc"), ("state", "a b&c")],
        );
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            response.headers()["location"],
            "http://127.0.0.1:9999/cb?keep=1&code=abc&state=a+b%26c"
        );
    }

    #[test]
    fn fragment_mode_leaves_the_query_alone() {
        let response = redirect_with_mode(CB, &[("code", "abc")], ResponseMode::Fragment);
        assert_eq!(
            response.headers()["location"],
            "http://127.0.0.1:9999/cb#code=abc"
        );
    }
}
