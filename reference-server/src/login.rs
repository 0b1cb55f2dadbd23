//! The pages between the authorization request and the authorization response: the resource
//! owner signs in, then approves or denies the request (RFC 6749 §4.1.1 step (B)).
//!
//! Every form carries the session's CSRF token and a POST without the matching token is
//! refused with 403 (§10.12). Consent is asked on every request, never remembered, so each
//! flow the harness drives goes through both decisions it may want to test.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::authorize::{redirect_with_code, redirect_with_token, ErrorRedirect};
use crate::errors::AuthorizationErrorCode;
use crate::fixtures::fixtures;
use crate::html::{error_page, escape, page, see_other, with_framing_quirks};
use crate::params::{read_form_body, Params};
use crate::pkce::CodeChallengeMethod;
use crate::session::{session_for_post, BrowserSession};
use crate::store::{deadline, random_token, random_token_of, AuthorizationCode, CodeChallenge};
use crate::{AppState, Quirk};

const UNKNOWN_REQUEST: &str = "unknown or expired authorization request";
const CSRF_FAILURE: &str = "the form's csrf_token does not match this browser session";

/// `GET /login?request_id=ID`
pub(crate) async fn login_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request_id = request_id_from_query(query.as_deref());
    let mut store = state.store();
    let session = BrowserSession::find_or_create(&mut store, &headers);
    let Some(request_id) = request_id.filter(|id| store.pending.get(id).is_some()) else {
        return session.set_cookie_on(error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST));
    };
    drop(store);
    if session.user.is_some() {
        return session.set_cookie_on(see_other(&consent_url(&state, &request_id)));
    }
    let form = login_form(&state, &request_id, &session.csrf_token, None);
    session.set_cookie_on(with_framing_quirks(&state, form))
}

/// `POST /login`: checks the credentials; on success the session is signed in and the browser
/// goes on to consent.
pub(crate) async fn login_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match read_form_body(&headers, &body) {
        Ok(params) => params,
        Err(problem) => return error_page(StatusCode::BAD_REQUEST, problem),
    };
    let mut store = state.store();
    let Some(session) = session_for_post(&mut store, &headers, params.get("csrf_token")) else {
        return error_page(StatusCode::FORBIDDEN, CSRF_FAILURE);
    };
    let csrf_token = session.csrf_token.clone();
    let Some(request_id) = params.get("request_id") else {
        return error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST);
    };

    let user = fixtures().user;
    let username_ok = constant_time_eq(params.get("username").unwrap_or_default(), user.username);
    let password_ok = constant_time_eq(params.get("password").unwrap_or_default(), user.password);
    if !(username_ok && password_ok) {
        drop(store);
        return login_form(
            &state,
            request_id,
            &csrf_token,
            Some("Invalid username or password"),
        );
    }
    session.user = Some(user.username);
    if store.pending.get(request_id).is_none() {
        return error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST);
    }
    drop(store);
    // RFC 9700 §4.12: after a POST carrying credentials, 303 makes the browser GET the next page;
    // 307 (and 308) would make it re-send the credentials there.
    let consent = consent_url(&state, request_id);
    if state.quirk(Quirk::LoginRedirect307) {
        return redirect_with_status(StatusCode::TEMPORARY_REDIRECT, see_other(&consent));
    }
    if state.quirk(Quirk::LoginRedirect308) {
        return redirect_with_status(StatusCode::PERMANENT_REDIRECT, see_other(&consent));
    }
    see_other(&consent)
}

/// The login redirect quirks: a 303 answer with its status changed.
fn redirect_with_status(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    response
}

/// Under the login redirect quirks the browser re-posts the login form to /consent (307 and 308
/// keep the method and body); the consent page is shown for it, as on a GET.
fn reposted_login(state: &AppState, params: &Params) -> Option<String> {
    let reposting = state.quirk(Quirk::LoginRedirect307) || state.quirk(Quirk::LoginRedirect308);
    if !reposting || params.get("decision").is_some() || params.get("password").is_none() {
        return None;
    }
    let id = params.get("request_id")?;
    Some(
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("request_id", id)
            .finish(),
    )
}

/// `GET /consent?request_id=ID`: what the client asks for, and the two buttons.
pub(crate) async fn consent_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request_id = request_id_from_query(query.as_deref());
    let mut store = state.store();
    let session = BrowserSession::find_or_create(&mut store, &headers);
    let Some((request_id, pending)) =
        request_id.and_then(|id| store.pending.get(&id).cloned().map(|pending| (id, pending)))
    else {
        return session.set_cookie_on(error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST));
    };
    drop(store);
    if session.user.is_none() {
        return session.set_cookie_on(see_other(&login_url(&state, &request_id)));
    }
    // An invalid request held until the user signed in (RFC 9700 §4.11.2): now it goes back.
    if let Some((code, description)) = &pending.error {
        state.store().pending.remove(&request_id);
        let error = ErrorRedirect::new(&state, &pending.redirect, pending.state.as_deref());
        return session.set_cookie_on(error.send(*code, description));
    }

    // §10.14: everything from the request is escaped; the quirk shows state raw.
    let reflected = match &pending.state {
        Some(request_state) if state.quirk(Quirk::StateReflectedRaw) => {
            format!("<p>Request reference: {request_state}</p>\n")
        }
        _ => String::new(),
    };
    if state.quirk(Quirk::ConsentPageAnonymous) {
        let body = format!(
            "{reflected}<p>An application asks for access to your account.</p>\n\
             <form method=\"post\" action=\"/consent\">\n\
             <input type=\"hidden\" name=\"request_id\" value=\"{request_id}\">\n\
             <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf_token}\">\n\
             <button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n\
             <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n\
             </form>\n",
            request_id = escape(&request_id),
            csrf_token = escape(&session.csrf_token),
        );
        return session.set_cookie_on(page(StatusCode::OK, "Authorize access", &body));
    }
    // §10.2: the resource owner sees who asks and for what.
    let body = format!(
        "{reflected}<p>The application <strong id=\"client-id\">{client}</strong> asks for access with \
         scope <strong id=\"scope\">{scope}</strong>.</p>\n\
         <form method=\"post\" action=\"/consent\">\n\
         <input type=\"hidden\" name=\"request_id\" value=\"{request_id}\">\n\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf_token}\">\n\
         <button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n\
         </form>\n",
        client = escape(pending.client_id),
        scope = escape(&pending.scope.to_string()),
        request_id = escape(&request_id),
        csrf_token = escape(&session.csrf_token),
    );
    let consent = page(StatusCode::OK, "Authorize access", &body);
    session.set_cookie_on(with_framing_quirks(&state, consent))
}

/// `POST /consent`: approve issues a code, deny answers `access_denied` (§4.1.2.1). Either way
/// the pending request is used up.
pub(crate) async fn consent_submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match read_form_body(&headers, &body) {
        Ok(params) => params,
        Err(problem) => return error_page(StatusCode::BAD_REQUEST, problem),
    };
    if let Some(query) = reposted_login(&state, &params) {
        return consent_page(State(state), headers, RawQuery(Some(query))).await;
    }
    let mut store = state.store();
    let Some(session) = session_for_post(&mut store, &headers, params.get("csrf_token")) else {
        return error_page(StatusCode::FORBIDDEN, CSRF_FAILURE);
    };
    let user = session.user;
    let Some(request_id) = params.get("request_id") else {
        return error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST);
    };
    let Some(user) = user else {
        return see_other(&login_url(&state, request_id));
    };
    let approve = match params.get("decision") {
        Some("approve") => true,
        Some("deny") => false,
        _ => return error_page(StatusCode::BAD_REQUEST, "decision must be approve or deny"),
    };
    let Some(pending) = store.pending.remove(request_id) else {
        return error_page(StatusCode::BAD_REQUEST, UNKNOWN_REQUEST);
    };

    if !approve {
        drop(store);
        let code = if state.quirk(Quirk::DenialWrongError) {
            AuthorizationErrorCode::InvalidRequest
        } else {
            AuthorizationErrorCode::AccessDenied
        };
        let redirect = ErrorRedirect::new(&state, &pending.redirect, pending.state.as_deref());
        let description = "the resource owner denied the request";
        let implicit_fragment = pending.implicit && !state.quirk(Quirk::ImplicitErrorInQuery);
        if state.quirk(Quirk::DenialErrorInFragment) || implicit_fragment {
            return redirect.send_in_fragment(code, description);
        }
        return redirect.send(code, description);
    }

    if pending.implicit {
        // §4.2.2: an access token and never a refresh token (the quirk adds one).
        let grant = store.new_grant();
        let tokens = store.issue_tokens(
            pending.client_id,
            Some(user),
            pending.scope.clone(),
            grant,
            state.config.access_token_lifetime,
            state.quirk(Quirk::ImplicitRefreshToken),
        );
        drop(store);
        return redirect_with_token(
            &state,
            &pending.redirect.uri,
            &tokens,
            pending.state.as_deref(),
        );
    }
    let grant = store.new_grant();
    let code = new_code(&state, grant.number(), pending.code_challenge.as_ref());
    store.witness(&code);
    let record = AuthorizationCode {
        client_id: pending.client_id,
        redirect: pending.redirect.clone(),
        scope: pending.scope.clone(),
        user,
        code_challenge: pending.code_challenge.clone(),
        grant,
        // §4.1.2: the code expires shortly after issue.
        expires_at: deadline(if state.quirk(Quirk::CodeNeverExpires) {
            Duration::from_secs(3600)
        } else {
            state.config.code_lifetime
        }),
        redeemed: false,
        scope_requested: pending.scope_requested,
    };
    store.codes.insert(code.clone(), record);
    drop(store);
    if pending.web_message {
        return crate::web_message::post_code(
            &state,
            &pending.redirect.uri,
            &code,
            pending.state.as_deref(),
        );
    }
    redirect_with_code(
        &state,
        &pending.redirect.uri,
        &code,
        pending.state.as_deref(),
    )
}

/// A fresh authorization code: 256 random bits (RFC 6749 §10.10), opaque, carrying nothing a
/// reader could use (RFC 7636 §4.4, §7.2). The quirks make it guessable or readable.
fn new_code(state: &AppState, grant_number: u64, challenge: Option<&CodeChallenge>) -> String {
    let mut code = if state.quirk(Quirk::PredictableCodes) {
        format!("oauth2spec-reference-code-{grant_number:016}")
    } else if state.quirk(Quirk::Codes128Bits) {
        random_token_of(16)
    } else {
        random_token()
    };
    if let Some(challenge) = challenge {
        let carried = match challenge.method {
            CodeChallengeMethod::S256 => state.quirk(Quirk::CodeCarriesS256Challenge),
            CodeChallengeMethod::Plain => state.quirk(Quirk::CodeCarriesPlainChallenge),
        };
        if carried {
            use base64::Engine;
            code.push('.');
            code.push_str(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&challenge.challenge),
            );
        }
    }
    code
}

fn login_form(
    state: &AppState,
    request_id: &str,
    csrf_token: &str,
    error: Option<&str>,
) -> Response {
    // RFC 9700 §4.2.4: no third-party resources, which would see the page URL in Referer.
    let third_party = if state.quirk(Quirk::LoginPageThirdPartyScript) {
        "<script src=\"https://analytics.oauth2spec-third-party.example/a.js\"></script>\n"
    } else {
        ""
    };
    let error = error
        .map(|message| {
            format!(
                "<p class=\"error\" role=\"alert\">{}</p>\n",
                escape(message)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "{third_party}{error}<form method=\"post\" action=\"/login\">\n\
         <input type=\"hidden\" name=\"request_id\" value=\"{request_id}\">\n\
         <input type=\"hidden\" name=\"csrf_token\" value=\"{csrf_token}\">\n\
         <label>Username <input type=\"text\" name=\"username\" autocomplete=\"username\"></label>\n\
         <label>Password <input type=\"password\" name=\"password\" \
         autocomplete=\"current-password\"></label>\n\
         <button type=\"submit\">Sign in</button>\n\
         </form>\n",
        request_id = escape(request_id),
        csrf_token = escape(csrf_token),
    );
    page(StatusCode::OK, "Sign in", &body)
}

fn request_id_from_query(query: Option<&str>) -> Option<String> {
    let params = Params::parse(query.unwrap_or_default().as_bytes()).ok()?;
    params.get("request_id").map(str::to_owned)
}

fn login_url(state: &AppState, request_id: &str) -> String {
    page_url(state, "/login", request_id)
}

fn consent_url(state: &AppState, request_id: &str) -> String {
    page_url(state, "/consent", request_id)
}

fn page_url(state: &AppState, path: &str, request_id: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("request_id", request_id)
        .finish();
    state.endpoint(&format!("{path}?{query}"))
}

fn constant_time_eq(presented: &str, expected: &str) -> bool {
    presented.as_bytes().ct_eq(expected.as_bytes()).into()
}
