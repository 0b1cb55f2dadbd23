//! The HTML form driver: a browser without JavaScript. It follows redirects by hand (each one is
//! evidence), keeps a fresh cookie jar per run, signs in on the login form, presses approve or
//! deny on the consent form, and stops at the first redirect to the client's redirect URI —
//! which it never requests.

use std::sync::Arc;

use cookie_store::CookieStore;
use url::Url;

use super::form::{self, LoginStep, Submission};
use super::{
    FrontChannelError, FrontChannelOutcome, FrontChannelRequest, FrontChannelResult, LoginError,
    UserDebug, DEFAULT_MAX_REDIRECTS,
};
use crate::client::{Exchange, HttpClient, RawRequest, Response};
use crate::config::{ConsentSettings, LoginSettings, UserSettings};

const ACCEPT_HTML: &str = "text/html,application/xhtml+xml";

/// Cheap to clone; the settings are shared.
#[derive(Clone)]
pub struct HtmlDriver {
    settings: Arc<Settings>,
}

struct Settings {
    user: Option<UserSettings>,
    login: LoginSettings,
    consent: ConsentSettings,
    max_redirects: usize,
}

impl std::fmt::Debug for HtmlDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HtmlDriver")
            .field("user", &UserDebug(&self.settings.user))
            .field("login", &self.settings.login)
            .field("consent", &self.settings.consent)
            .field("max_redirects", &self.settings.max_redirects)
            .finish()
    }
}

/// What one run has done so far.
#[derive(Default)]
struct Progress {
    saw_login: bool,
    saw_consent: bool,
    /// Which login step the last credentials went into.
    identifier_sent: bool,
    password_sent: bool,
    /// The consent form the driver pressed a button on, if that was the last thing it did.
    consent_pressed: Option<String>,
}

/// What to do with a page.
enum PageAction {
    Stop(FrontChannelOutcome),
    Submit(Submission),
}

impl HtmlDriver {
    pub fn new(user: Option<UserSettings>, login: LoginSettings, consent: ConsentSettings) -> Self {
        let max_redirects = login.max_redirects.unwrap_or(DEFAULT_MAX_REDIRECTS).max(1);
        HtmlDriver {
            settings: Arc::new(Settings {
                user,
                login,
                consent,
                max_redirects,
            }),
        }
    }

    /// Drives the flow; on failure the error keeps the exchanges made so far, as evidence.
    pub async fn run(
        &self,
        client: &HttpClient,
        request: &FrontChannelRequest,
    ) -> Result<FrontChannelResult, FrontChannelError> {
        let mut log = Vec::new();
        match self.drive(client, request, &mut log).await {
            Ok(mut result) => {
                result.exchanges = log;
                Ok(result)
            }
            Err(error) => Err(FrontChannelError {
                error,
                exchanges: log,
            }),
        }
    }

    async fn drive(
        &self,
        client: &HttpClient,
        request: &FrontChannelRequest,
        exchanges: &mut Vec<Exchange>,
    ) -> Result<FrontChannelResult, LoginError> {
        let mut jar = CookieStore::default();
        let mut progress = Progress::default();
        let mut next = Submission {
            method: "GET".into(),
            url: request.authorization_url.clone(),
            body: None,
        };
        let mut referer: Option<String> = None;
        let mut hops = 0usize;
        loop {
            let current = next.url.clone();
            let raw = build_request(&next, referer.as_deref(), &jar);
            let exchange = client.send(raw).await;
            let response = exchange.response.clone();
            exchanges.push(exchange);
            let response = response?;
            store_cookies(&mut jar, &current, &response);

            let finish = |outcome, progress: &Progress| {
                Ok(FrontChannelResult {
                    outcome,
                    exchanges: Vec::new(),
                    saw_login: progress.saw_login,
                    saw_consent: progress.saw_consent,
                })
            };

            let action = if response.is_redirect() {
                let location = response.location().unwrap_or_default();
                let absolute = absolute_location(&current, location).map_err(|detail| {
                    LoginError::BadLocation {
                        url: current.clone(),
                        status: response.status,
                        location: location.to_string(),
                        detail,
                    }
                })?;
                if stops_at(request, &absolute) {
                    return finish(
                        FrontChannelOutcome::Redirected { location: absolute },
                        &progress,
                    );
                }
                referer = None;
                PageAction::Submit(follow(&next, response.status, absolute))
            } else {
                referer = Some(current.clone());
                self.on_page(&response, &current, request, &mut progress)?
            };
            match action {
                PageAction::Stop(outcome) => return finish(outcome, &progress),
                PageAction::Submit(submission) => {
                    hops += 1;
                    if hops > self.settings.max_redirects {
                        return Err(LoginError::TooManyRedirects {
                            count: hops - 1,
                            last_url: current,
                        });
                    }
                    next = submission;
                }
            }
        }
    }

    /// Decides what to do with a page that is not a redirect. Synchronous: the parsed document
    /// must not live across an await.
    fn on_page(
        &self,
        response: &Response,
        url: &str,
        request: &FrontChannelRequest,
        progress: &mut Progress,
    ) -> Result<PageAction, LoginError> {
        let page = form::parse_page(
            &response.text(),
            self.settings.login.form.as_deref(),
            self.settings.consent.form.as_deref(),
        );
        let here = FrontChannelOutcome::Page {
            url: url.to_string(),
            status: response.status,
        };

        // A form that posts to the client's redirect URI is the response itself (response_mode
        // form_post, or a no-JavaScript redirect page), not a step to drive.
        for f in &page.forms {
            let Ok(target) = form::submission(f, Vec::new(), None, url, page.base.as_deref())
            else {
                continue;
            };
            if stops_at(request, &target.url) {
                let fields: Vec<(String, String)> = f
                    .fields
                    .iter()
                    .map(|x| (x.name.clone(), x.value.clone()))
                    .collect();
                return Ok(
                    match form::submission(f, fields, None, url, page.base.as_deref()) {
                        Ok(s) if s.method == "GET" => {
                            PageAction::Stop(FrontChannelOutcome::Redirected { location: s.url })
                        }
                        _ => PageAction::Stop(here),
                    },
                );
            }
        }

        if let Some((index, step)) = form::find_login_form(&page, &self.settings.login) {
            progress.saw_login = true;
            progress.consent_pressed = None;
            if request.stop_at_login {
                return Ok(PageAction::Stop(FrontChannelOutcome::LoginPage {
                    url: url.to_string(),
                }));
            }
            let came_back = match step {
                LoginStep::Password => progress.password_sent,
                LoginStep::Identifier => progress.identifier_sent || progress.password_sent,
            };
            if came_back {
                return Err(LoginError::BadCredentials {
                    url: url.to_string(),
                });
            }
            let Some(user) = &self.settings.user else {
                return Err(LoginError::NoCredentials {
                    url: url.to_string(),
                });
            };
            let submission = form::fill_login(
                &page.forms[index],
                step,
                user,
                &self.settings.login,
                url,
                page.base.as_deref(),
            )
            .map_err(|detail| LoginError::LoginForm {
                url: url.to_string(),
                detail,
            })?;
            match step {
                LoginStep::Password => progress.password_sent = true,
                LoginStep::Identifier => progress.identifier_sent = true,
            }
            return Ok(PageAction::Submit(submission));
        }

        if let Some(index) = form::find_consent_form(&page, &self.settings.consent) {
            progress.saw_consent = true;
            let fingerprint = form::fingerprint(&page.forms[index], url, page.base.as_deref());
            if progress.consent_pressed.as_deref() == Some(fingerprint.as_str()) {
                return Err(LoginError::ConsentLoop {
                    url: url.to_string(),
                });
            }
            let which = request.decision.as_str();
            let submission = form::press_consent(
                &page,
                index,
                request.decision,
                &self.settings.consent,
                url,
                requested_scope(&request.authorization_url).as_deref(),
            )
            .map_err(|detail| LoginError::LoginForm {
                url: url.to_string(),
                detail,
            })?
            .ok_or(LoginError::NoButton {
                url: url.to_string(),
                which,
            })?;
            progress.consent_pressed = Some(fingerprint);
            return Ok(PageAction::Submit(submission));
        }

        Ok(PageAction::Stop(here))
    }
}

/// The `scope` the authorization request asks for, as sent in its URL.
fn requested_scope(authorization_url: &str) -> Option<String> {
    let url = Url::parse(authorization_url).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.into_owned())
}

fn stops_at(request: &FrontChannelRequest, location: &str) -> bool {
    request
        .stop_at
        .iter()
        .any(|prefix| !prefix.is_empty() && location.starts_with(prefix.as_str()))
}

/// The Location as an absolute URL: kept byte for byte when it already is one (the checks
/// compare `state` exactly), else resolved against the URL that answered.
fn absolute_location(current: &str, location: &str) -> Result<String, String> {
    let location = location.trim();
    if location.is_empty() {
        return Err("it is empty".into());
    }
    if Url::parse(location).is_ok() {
        return Ok(location.to_string());
    }
    let base =
        Url::parse(current).map_err(|e| format!("the URL that answered does not parse: {e}"))?;
    base.join(location)
        .map(String::from)
        .map_err(|e| e.to_string())
}

/// The next request after a redirect (RFC 9110 §15.4): 307 and 308 repeat the method and body,
/// 301, 302 and 303 become a GET, as browsers do.
fn follow(previous: &Submission, status: u16, location: String) -> Submission {
    match status {
        307 | 308 => Submission {
            method: previous.method.clone(),
            url: location,
            body: previous.body.clone(),
        },
        _ => Submission {
            method: "GET".into(),
            url: location,
            body: None,
        },
    }
}

fn build_request(next: &Submission, referer: Option<&str>, jar: &CookieStore) -> RawRequest {
    let mut raw =
        RawRequest::new(next.method.clone(), next.url.clone()).header("Accept", ACCEPT_HTML);
    if let Ok(url) = Url::parse(&next.url) {
        let cookies: Vec<String> = jar
            .get_request_values(&url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        if !cookies.is_empty() {
            raw = raw.header("Cookie", &cookies.join("; "));
        }
    }
    if let Some(referer) = referer {
        raw = raw.header("Referer", referer);
        // Browsers send Origin on form POSTs; some servers' CSRF defences require it.
        if next.method == "POST" {
            if let Ok(page) = Url::parse(referer) {
                raw = raw.header("Origin", &page.origin().ascii_serialization());
            }
        }
    }
    if let Some(body) = &next.body {
        raw = raw.body("application/x-www-form-urlencoded", body.clone());
    }
    raw
}

fn store_cookies(jar: &mut CookieStore, url: &str, response: &Response) {
    let Ok(url) = Url::parse(url) else { return };
    for value in response.header_all("set-cookie") {
        // A cookie the jar refuses (bad domain, malformed) is simply not kept, as in a browser.
        let _ = jar.parse(value, &url);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::login::Decision;

    #[test]
    fn absolute_locations_are_kept_as_sent_and_relative_ones_resolved() {
        assert_eq!(
            absolute_location("http://as.test/a/b", "http://c.test/cb?state=a b").as_deref(),
            Ok("http://c.test/cb?state=a b")
        );
        assert_eq!(
            absolute_location("http://as.test/a/b", "../login?x=1").as_deref(),
            Ok("http://as.test/login?x=1")
        );
        assert_eq!(
            absolute_location("http://as.test/a/b", "//other.test/x").as_deref(),
            Ok("http://other.test/x")
        );
        assert!(absolute_location("http://as.test/", "  ").is_err());
    }

    #[test]
    fn redirects_keep_or_drop_the_method_like_a_browser() {
        let post = Submission {
            method: "POST".into(),
            url: "http://as.test/login".into(),
            body: Some(b"a=1".to_vec()),
        };
        let next = follow(&post, 307, "http://as.test/x".into());
        assert_eq!(
            (next.method.as_str(), next.body.as_deref()),
            ("POST", Some(&b"a=1"[..]))
        );
        for status in [301, 302, 303] {
            let next = follow(&post, status, "http://as.test/x".into());
            assert_eq!((next.method.as_str(), next.body), ("GET", None));
        }
    }

    #[test]
    fn cookies_are_sent_where_their_path_matches() {
        let mut jar = CookieStore::default();
        let response = Response {
            status: 200,
            headers: vec![
                ("set-cookie".into(), "sid=abc; Path=/; HttpOnly".into()),
                ("set-cookie".into(), "step=2; Path=/login".into()),
                ("set-cookie".into(), "garbage".into()),
            ],
            body: Vec::new(),
            truncated: false,
        };
        store_cookies(&mut jar, "http://127.0.0.1:8080/login/start", &response);
        let get = |url: &str| Submission {
            method: "GET".into(),
            url: url.into(),
            body: None,
        };
        let at_login = build_request(&get("http://127.0.0.1:8080/login/x"), None, &jar);
        let cookie = at_login.header_value("cookie").unwrap_or_default();
        assert!(
            cookie.contains("sid=abc") && cookie.contains("step=2"),
            "{cookie}"
        );
        let elsewhere = build_request(&get("http://127.0.0.1:8080/consent"), None, &jar);
        assert_eq!(elsewhere.header_value("cookie"), Some("sid=abc"));
        let other_host = build_request(&get("http://localhost:8080/"), None, &jar);
        assert_eq!(other_host.header_value("cookie"), None);
    }

    #[test]
    fn form_posts_carry_referer_and_origin() {
        let jar = CookieStore::default();
        let post = Submission {
            method: "POST".into(),
            url: "http://as.test/login".into(),
            body: Some(b"a=1".to_vec()),
        };
        let raw = build_request(&post, Some("http://as.test:8080/login?request_id=1"), &jar);
        assert_eq!(raw.header_value("origin"), Some("http://as.test:8080"));
        assert_eq!(
            raw.header_value("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(raw.header_value("accept"), Some(ACCEPT_HTML));
    }

    #[test]
    fn decision_strings() {
        assert_eq!(Decision::Approve.as_str(), "approve");
        assert_eq!(Decision::Deny.as_str(), "deny");
    }
}
