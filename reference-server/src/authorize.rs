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
use axum::response::{IntoResponse, Response};
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
    let mut query = query.unwrap_or_default();
    if state.quirk(Quirk::StatePlusNotDecoded) {
        query = keep_plus_in_state(&query);
    }
    let parsed = if state.quirk(Quirk::AuthorizeEmptyParamsKept) {
        Params::parse_keeping_empty(query.as_bytes())
    } else {
        Params::parse(query.as_bytes())
    };
    let response = match parsed {
        Ok(params) => authorize(&state, &headers, &params),
        Err(problem) => error_page(StatusCode::BAD_REQUEST, problem),
    };
    // RFC 9700 §2.6: the authorization endpoint is for top-level navigation, never for
    // cross-origin reads, so it sends no CORS headers; the quirk grants them to any origin.
    if state.quirk(Quirk::AuthorizeCorsAllowed) {
        return allow_cors(&headers, response);
    }
    response
}

/// The `authorize_cors_allowed` quirk: the Origin is echoed with credentials allowed.
fn allow_cors(headers: &HeaderMap, mut response: Response) -> Response {
    if let Some(origin) = headers.get(axum::http::header::ORIGIN).cloned() {
        let out = response.headers_mut();
        out.insert(axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        out.insert(
            axum::http::header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            axum::http::HeaderValue::from_static("true"),
        );
    }
    response
}

/// What the `state_plus_not_decoded` quirk does to a raw query: the `+` of the state value
/// becomes a literal `+` (`%2B`), as if the query were percent-decoded without the
/// form-encoding rule that `+` is a space (Appendix B).
fn keep_plus_in_state(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.strip_prefix("state=") {
            Some(value) => format!("state={}", value.replace('+', "%2B")),
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// §3.1: the endpoint MAY also accept POST, with the parameters form-encoded in the body.
pub(crate) async fn authorize_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // The quirk reads the (empty) query of the POST instead of its body.
    if state.quirk(Quirk::AuthorizePostIgnoresBody) {
        return match Params::parse(b"") {
            Ok(params) => authorize(&state, &headers, &params),
            Err(problem) => error_page(StatusCode::BAD_REQUEST, problem),
        };
    }
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
    // §4.2: the implicit grant, when the server offers it (an option, off by default).
    let implicit = state.config.implicit_grant && params.get("response_type") == Some("token");
    let resolved = match params.get("redirect_uri") {
        // §4.2.1: the token goes only to a registered URI; the quirk sends it anywhere.
        Some(uri)
            if implicit && state.quirk(Quirk::ImplicitRedirectUriUnchecked) && is_absolute(uri) =>
        {
            Ok(RedirectTarget {
                uri: uri.to_owned(),
                sent: true,
            })
        }
        supplied => resolve_redirect_uri(state, client, supplied),
    };
    let redirect = match resolved {
        Ok(redirect) => redirect,
        Err(problem) => {
            let early = state.quirk(Quirk::RedirectUriErrorRedirected)
                || (implicit && state.quirk(Quirk::ImplicitErrorToInvalidRedirectUri));
            if early {
                if let Some(response) = error_to_untrusted_uri(state, params, problem) {
                    return response;
                }
            }
            if state.quirk(Quirk::InvalidRedirectUriBlankPage) {
                return StatusCode::BAD_REQUEST.into_response();
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
            let mut pending = PendingAuthorization::new(
                client.id,
                redirect,
                request.scope,
                request_state.map(str::to_owned),
                request.code_challenge,
            );
            pending.implicit = implicit;
            pending.scope_requested = params.get("scope").is_some();
            pending.web_message =
                !implicit && params.get("response_mode") == Some(crate::web_message::RESPONSE_MODE);
            start_login(state, headers, pending)
        }
        // §4.2.2.1: implicit errors go in the fragment.
        Err((code, description)) if implicit && !state.quirk(Quirk::ImplicitErrorInQuery) => {
            fail.send_in_fragment(code, &description)
        }
        // RFC 9700 §4.11.2: the user is authenticated before any redirect, so that an invalid
        // request cannot bounce a browser straight to the redirect URI (an open redirector for
        // whoever registered it). The error waits in the pending request until after login.
        Err((code, description)) if !state.quirk(Quirk::ErrorRedirectBeforeLogin) => {
            let mut pending = PendingAuthorization::new(
                client.id,
                redirect,
                Scope::default_scope(),
                request_state.map(str::to_owned),
                None,
            );
            pending.error = Some((code, description));
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

/// The parameters the `authorize_unknown_params_rejected` quirk still accepts: those of RFC 6749,
/// RFC 7636, OpenID Connect and the common extensions, so that only really unknown names fail.
const KNOWN_PARAMETERS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
    "nonce",
    "prompt",
    "login_hint",
    "max_age",
    "resource",
    "request",
    "request_uri",
    "claims",
    "acr_values",
    "ui_locales",
    "display",
    "id_token_hint",
    "authorization_details",
    "dpop_jkt",
];

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
    // §3.1: "The authorization server MUST ignore unrecognized request parameters."
    if state.quirk(Quirk::AuthorizeUnknownParamsRejected) {
        if let Some(name) = params.names().find(|name| !KNOWN_PARAMETERS.contains(name)) {
            return Err(invalid_request(format!("unknown parameter {name}")));
        }
    }

    // §3.1.1, §4.1.1: response_type is REQUIRED and this server supports only "code".
    match params.get("response_type") {
        Some("code") => {}
        Some("token") if state.config.implicit_grant => {}
        // OAuth 2.1 §10.1 removed the implicit grant: "token" is as unknown as any other value.
        Some("token") if state.quirk(Quirk::ResponseTypeTokenAsCode) => {}
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
        if state.quirk(Quirk::MissingScopeInvalidRequest) {
            return Err(invalid_request("scope is missing"));
        }
        // RFC 6750 §5.2: tokens are restricted to specific scopes, so the default is narrow.
        if state.quirk(Quirk::OmittedScopeGrantsEverything) {
            return Scope::parse(&client.scopes.join(" "))
                .map_err(|_| invalid_scope("scope is malformed".to_owned()));
        }
        return Ok(Scope::default_scope());
    };
    let scope = Scope::parse(requested).map_err(|_| {
        if state.quirk(Quirk::MalformedScopeNonstandardError) {
            return (
                AuthorizationErrorCode::MalformedScope,
                "scope is malformed".to_owned(),
            );
        }
        invalid_scope("scope is malformed".to_owned())
    })?;
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
        None if state.quirk(Quirk::PkceMissingMethodMeansS256) => CodeChallengeMethod::S256,
        None => CodeChallengeMethod::Plain,
        Some(name) => match CodeChallengeMethod::from_name(name) {
            Some(method) => method,
            None if state.quirk(Quirk::PkceUnknownMethodIgnored) => CodeChallengeMethod::Plain,
            None if state.quirk(Quirk::PkceMethodErrorUndescribed) => {
                return Err(invalid_request("invalid request"))
            }
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
            if state.quirk(Quirk::PkceRequiredErrorUndescribed) {
                return Err(invalid_request("invalid request"));
            }
            return Err(invalid_request("code_challenge required"));
        }
        return Ok(None);
    };
    if !pkce::is_well_formed(challenge) && !state.quirk(Quirk::PkceChallengeSyntaxUnchecked) {
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
    let mut signed_in = session.user.is_some();
    // §3.1: the resource owner is authenticated before any decision; the quirk skips that.
    if !signed_in && state.quirk(Quirk::AuthorizeWithoutLogin) {
        if let Some(stored) = store.session(&session.id) {
            stored.user = Some(crate::fixtures::fixtures().user.username);
            signed_in = true;
        }
    }
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
        // §3.1.2: the redirection endpoint URI MUST be absolute; the quirk resolves a relative
        // one against the registered URIs.
        Some(uri) if state.quirk(Quirk::RelativeRedirectUriResolved) && !is_absolute(uri) => client
            .redirect_uris
            .iter()
            .find(|registered| {
                Url::parse(registered)
                    .and_then(|base| base.join(uri))
                    .is_ok_and(|resolved| resolved.as_str() == **registered)
            })
            .map(|registered| RedirectTarget {
                uri: (*registered).to_owned(),
                sent: true,
            })
            .ok_or("redirect_uri does not match a URI registered for this client"),
        // §3.1.2.2: public clients MUST register their redirect URIs; the quirk acts as if this
        // one had not.
        Some(uri)
            if state.quirk(Quirk::PublicClientRedirectUriUnchecked)
                && !client.is_confidential()
                && is_absolute(uri) =>
        {
            Ok(RedirectTarget {
                uri: uri.to_owned(),
                sent: true,
            })
        }
        // OAuth 2.1 §2.3.1: every client registers its complete redirect URI; the quirk lets a
        // client that registered none name any.
        Some(uri)
            if state.quirk(Quirk::UnregisteredClientRedirectAccepted)
                && client.redirect_uris.is_empty()
                && is_absolute(uri) =>
        {
            Ok(RedirectTarget {
                uri: uri.to_owned(),
                sent: true,
            })
        }
        Some(uri) => {
            let registered = client.redirect_uris.iter().any(|registered| {
                redirect_uri_matches(&state.config.quirks, registered, uri)
                    || (client.native
                        && !state.quirk(Quirk::NativeLoopbackPortExact)
                        && loopback_port_varies(registered, uri))
            });
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
        || (on(Quirk::RedirectUriFragmentIgnored)
            && supplied
                .split_once('#')
                .is_some_and(|(uri, _)| uri == registered))
}

/// RFC 8252 §7.3 (RFC 9700 §4.1.3, OAuth 2.1 §8.4.2): for a native app's loopback IP redirect
/// URI the server "MUST allow any port to be specified at the time of the request"; everything
/// but the port is still compared exactly. Only the IP literals count, not `localhost`
/// (RFC 8252 §8.3).
fn loopback_port_varies(registered: &str, supplied: &str) -> bool {
    let is_loopback_literal =
        |url: &Url| url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "[::1]"));
    let (Ok(mut registered), Ok(mut supplied)) = (Url::parse(registered), Url::parse(supplied))
    else {
        return false;
    };
    if !is_loopback_literal(&registered) || !is_loopback_literal(&supplied) {
        return false;
    }
    registered.set_port(None).is_ok()
        && supplied.set_port(None).is_ok()
        && registered.as_str() == supplied.as_str()
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
    let Ok(url) = Url::parse(redirect_uri) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "redirect_uri is not an absolute URI",
        );
    };
    redirect_to_url(url, params, mode)
}

fn redirect_to_url(mut url: Url, params: &[(&str, &str)], mode: ResponseMode) -> Response {
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
    // RFC 9207, OAuth 2.1 §4.1.2: iss is the issuer of the metadata, exactly.
    let other_issuer = format!("{}/other", state.issuer);
    if state.quirk(Quirk::IssuerMismatchInRedirect) {
        params.push(("iss", &other_issuer));
    } else {
        params.push(("iss", &state.issuer));
    }
    let mode = if state.quirk(Quirk::CodeInFragment) {
        ResponseMode::Fragment
    } else {
        ResponseMode::Query
    };
    match Url::parse(redirect_uri) {
        Ok(mut url) => {
            if state.quirk(Quirk::RedirectQueryDropped) {
                url.set_query(None);
            }
            redirect_to_url(url, &params, mode)
        }
        Err(_) => redirect_with_mode(redirect_uri, &params, mode),
    }
}

/// The implicit grant's response (§4.2.2): the access token in the fragment, never a refresh
/// token (§4.2.2), `state` exactly as received.
pub(crate) fn redirect_with_token(
    state: &AppState,
    redirect_uri: &str,
    tokens: &crate::store::IssuedTokens,
    request_state: Option<&str>,
) -> Response {
    let expires_in = tokens.expires_in.to_string();
    let scope = tokens.scope.to_string();
    let mut params = vec![
        ("access_token", tokens.access_token.as_str()),
        ("token_type", "Bearer"),
        ("expires_in", expires_in.as_str()),
        ("scope", scope.as_str()),
    ];
    if let Some(refresh_token) = &tokens.refresh_token {
        params.push(("refresh_token", refresh_token.as_str()));
    }
    if let Some(request_state) = request_state {
        params.push(("state", request_state));
    }
    let mode = if state.quirk(Quirk::ImplicitTokenInQuery) {
        ResponseMode::Query
    } else {
        ResponseMode::Fragment
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
        self.send_with_mode(code, description, ResponseMode::Query)
    }

    /// Only for the `denial_error_in_fragment` quirk: the error in the fragment.
    pub(crate) fn send_in_fragment(
        &self,
        code: AuthorizationErrorCode,
        description: &str,
    ) -> Response {
        self.send_with_mode(code, description, ResponseMode::Fragment)
    }

    fn send_with_mode(
        &self,
        code: AuthorizationErrorCode,
        description: &str,
        mode: ResponseMode,
    ) -> Response {
        let mut description = sanitize_description(description);
        // §4.1.2.1: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
        if self.state.quirk(Quirk::ErrorDescriptionNonAscii) {
            description.push_str(" (\"refusé\")");
        }
        let mut params = vec![
            ("error", code.as_str()),
            ("error_description", description.as_str()),
        ];
        // §4.1.2.1: error_uri is a URI-reference of %x21 / %x23-5B / %x5D-7E.
        if self.state.quirk(Quirk::ErrorUriInvalid) {
            params.push(("error_uri", "https://as.example/errors/see \"this\""));
        }
        if let Some(request_state) = self.request_state {
            if !self.state.quirk(Quirk::ErrorStateDropped) {
                params.push(("state", request_state));
            }
        }
        params.push(("iss", &self.state.issuer));
        match mode {
            ResponseMode::Query => redirect_to_client(self.redirect_uri, &params),
            ResponseMode::Fragment => redirect_with_mode(self.redirect_uri, &params, mode),
        }
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
    fn loopback_ip_redirect_uris_of_native_apps_take_any_port() {
        let registered = "http://127.0.0.1/cb";
        assert!(loopback_port_varies(
            registered,
            "http://127.0.0.1:51004/cb"
        ));
        assert!(loopback_port_varies(registered, registered));
        assert!(loopback_port_varies(
            "http://[::1]/cb",
            "http://[::1]:8080/cb"
        ));
        for other in [
            "http://127.0.0.1:51004/cb2",
            "http://127.0.0.1:51004/CB",
            "http://127.0.0.1:51004/cb?x=1",
            "http://127.0.0.2:51004/cb",
            "https://127.0.0.1:51004/cb",
        ] {
            assert!(!loopback_port_varies(registered, other), "{other}");
        }
        assert!(!loopback_port_varies(
            "http://localhost/cb",
            "http://localhost:51004/cb"
        ));
        assert!(!loopback_port_varies(
            "https://app.example/cb",
            "https://app.example:8443/cb"
        ));
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
    fn the_state_plus_quirk_touches_only_state() {
        assert_eq!(
            keep_plus_in_state("scope=read+write&state=+%25%26%2B&x=a+b"),
            "scope=read+write&state=%2B%25%26%2B&x=a+b"
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
