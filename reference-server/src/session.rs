//! The browser session: the `rs_session` cookie, who is signed in, and the CSRF token every
//! form carries (RFC 6749 §10.12 asks for CSRF protection of the authorization flow).

use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use subtle::ConstantTimeEq;

use crate::store::{Session, Store};

pub(crate) const COOKIE_NAME: &str = "rs_session";

/// The value of the `rs_session` cookie, if the request has one.
pub(crate) fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim())
}

/// The request's session, or a new one when the cookie is missing or names no session.
pub(crate) struct BrowserSession {
    pub(crate) id: String,
    pub(crate) csrf_token: String,
    pub(crate) user: Option<&'static str>,
    /// Set when the session was created for this response, which must then set the cookie.
    pub(crate) is_new: bool,
}

impl BrowserSession {
    pub(crate) fn find_or_create(store: &mut Store, headers: &HeaderMap) -> BrowserSession {
        if let Some(id) = cookie_value(headers) {
            if let Some(session) = store.session(id) {
                return BrowserSession {
                    id: id.to_owned(),
                    csrf_token: session.csrf_token.clone(),
                    user: session.user,
                    is_new: false,
                };
            }
        }
        let (id, session) = store.new_session();
        BrowserSession {
            id,
            csrf_token: session.csrf_token.clone(),
            user: session.user,
            is_new: true,
        }
    }

    /// Adds `Set-Cookie` to the response if the session is new.
    pub(crate) fn set_cookie_on(&self, mut response: Response) -> Response {
        if self.is_new {
            let cookie = format!("{COOKIE_NAME}={}; HttpOnly; Path=/; SameSite=Lax", self.id);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
        response
    }
}

/// The session a form POST belongs to, provided its `csrf_token` matches the one stored with
/// that session. `None` means the POST must be refused with 403.
pub(crate) fn session_for_post<'a>(
    store: &'a mut Store,
    headers: &HeaderMap,
    csrf_token: Option<&str>,
) -> Option<&'a mut Session> {
    let id = cookie_value(headers)?;
    let csrf_token = csrf_token?;
    let session = store.session(id)?;
    let matches: bool = session
        .csrf_token
        .as_bytes()
        .ct_eq(csrf_token.as_bytes())
        .into();
    matches.then_some(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; rs_session=abc ; b=2"),
        );
        assert_eq!(cookie_value(&headers), Some("abc"));
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1"));
        headers.append(header::COOKIE, HeaderValue::from_static("rs_session=def"));
        assert_eq!(cookie_value(&headers), Some("def"));
        assert_eq!(cookie_value(&HeaderMap::new()), None);
    }

    #[test]
    fn csrf_token_must_match_the_session() {
        let mut store = Store::default();
        let (id, session) = store.new_session();
        let token = session.csrf_token.clone();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("rs_session={id}")).unwrap(),
        );
        assert!(session_for_post(&mut store, &headers, Some(&token)).is_some());
        assert!(session_for_post(&mut store, &headers, Some("forged")).is_none());
        assert!(session_for_post(&mut store, &headers, None).is_none());
        assert!(session_for_post(&mut store, &HeaderMap::new(), Some(&token)).is_none());
    }

    #[test]
    fn new_sessions_set_the_cookie() {
        let mut store = Store::default();
        let session = BrowserSession::find_or_create(&mut store, &HeaderMap::new());
        assert!(session.is_new);
        let response = session.set_cookie_on(Response::default());
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(cookie.starts_with("rs_session="));
        assert!(cookie.contains("HttpOnly"));
        assert!(cookie.contains("SameSite=Lax"));
    }
}
