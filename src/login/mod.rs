//! Front-channel drivers: get from an authorization request URL through the authorization
//! server's login and consent pages to the redirect back to the client (RFC 6749 §4.1.1–4.1.2,
//! step (B) of figure 3, which the RFC leaves to the server).
//!
//! - [`HtmlDriver`] reads the pages and submits their forms like a browser without JavaScript;
//! - [`CommandDriver`] hands the URL to an external program (a Playwright script, say);
//! - [`ManualDriver`] asks a human at the terminal.

mod command;
pub mod form;
mod html;
mod manual;

use std::time::Duration;

pub use command::CommandDriver;
pub use html::HtmlDriver;
pub use manual::ManualDriver;

use crate::client::{Exchange, HttpClient, TransportError};
use crate::config::{ConsentSettings, DriverKind, LoginSettings, UserSettings};

/// Redirects and form submissions one front-channel run may make unless `login.max_redirects`
/// says otherwise.
pub const DEFAULT_MAX_REDIRECTS: usize = 20;

/// An external command gets this many request timeouts to finish: it drives a whole browser.
const COMMAND_TIMEOUT_FACTOR: u32 = 6;

/// What the resource owner does on the consent page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Deny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approve => "approve",
            Decision::Deny => "deny",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FrontChannelRequest {
    /// The full authorization request URL.
    pub authorization_url: String,
    /// Stop (do not follow) when a `Location` starts with one of these: the client's redirect
    /// URI(s).
    pub stop_at: Vec<String>,
    pub decision: Decision,
    /// Stop as soon as a login form appears, without logging in.
    pub stop_at_login: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontChannelOutcome {
    /// The server sent the browser to a `stop_at` URI; the full absolute `Location`, exactly as
    /// sent when it was absolute already.
    Redirected { location: String },
    /// Only with `stop_at_login`.
    LoginPage { url: String },
    /// A page with no login or consent form to drive (an error page, say) and no redirect.
    Page { url: String, status: u16 },
}

#[derive(Debug, Clone)]
pub struct FrontChannelResult {
    pub outcome: FrontChannelOutcome,
    /// Every request the driver made, in order (none for the command and manual drivers).
    pub exchanges: Vec<Exchange>,
    /// A login form appeared.
    pub saw_login: bool,
    /// A consent form appeared. The command and manual drivers report `true`: the decision was
    /// theirs to make.
    pub saw_consent: bool,
}

/// Why the front channel could not be driven; each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("the login form at {url} came back after the credentials were submitted: check user.username and user.password in the target config (and login.username_field / login.password_field if the form uses other field names)")]
    BadCredentials { url: String },
    #[error("gave up after {count} redirects and form submissions without reaching the client's redirect URI (the last hop went to {last_url}); raise login.max_redirects if the flow is really this long")]
    TooManyRedirects { count: usize, last_url: String },
    #[error("the consent form at {url} has no {which} button the driver recognises; set consent.{which} = {{ name = \"…\", value = \"…\" }} (and consent.form = \"<CSS selector>\" if the page has several forms)")]
    NoButton { url: String, which: &'static str },
    #[error("the consent page at {url} came back after the decision was submitted; set consent.approve / consent.deny to the button that decides (and consent.form if the driver picked the wrong form)")]
    ConsentLoop { url: String },
    #[error("the login page at {url} asks for credentials but the target config has no [user]; set user.username and user.password")]
    NoCredentials { url: String },
    #[error("{detail}")]
    LoginForm { url: String, detail: String },
    #[error("{url} answered HTTP {status} with Location {location:?}, which is not a usable URL: {detail}")]
    BadLocation {
        url: String,
        status: u16,
        location: String,
        detail: String,
    },
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error("login.command failed: {detail}")]
    Command { detail: String },
    #[error("manual login failed: {detail}")]
    Manual { detail: String },
}

/// A front-channel failure with the exchanges made before it, for the report's evidence.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct FrontChannelError {
    pub error: LoginError,
    pub exchanges: Vec<Exchange>,
}

impl From<LoginError> for FrontChannelError {
    fn from(error: LoginError) -> Self {
        FrontChannelError {
            error,
            exchanges: Vec::new(),
        }
    }
}

/// The configured driver.
#[derive(Debug)]
pub enum Driver {
    Html(HtmlDriver),
    Command(CommandDriver),
    Manual(ManualDriver),
}

impl Driver {
    /// Builds the driver `login.driver` names; the error says which setting is wrong.
    /// `timeout` is the per-request timeout; an external command gets six times as long.
    pub fn from_settings(
        user: Option<&UserSettings>,
        login: &LoginSettings,
        consent: &ConsentSettings,
        timeout: Duration,
    ) -> Result<Driver, String> {
        match login.driver {
            DriverKind::Html => {
                for (key, css) in [("login.form", &login.form), ("consent.form", &consent.form)] {
                    if let Some(css) = css {
                        form::validate_selector(css).map_err(|e| format!("{key}: {e}"))?;
                    }
                }
                if login.max_redirects == Some(0) {
                    return Err("login.max_redirects must be at least 1".into());
                }
                Ok(Driver::Html(HtmlDriver::new(
                    user.cloned(),
                    login.clone(),
                    consent.clone(),
                )))
            }
            DriverKind::Command => {
                if login.command.first().is_none_or(|p| p.trim().is_empty()) {
                    return Err("login.driver = \"command\" needs login.command = [\"program\", \"arg\", …]; the authorization URL is appended as the last argument".into());
                }
                let limit = timeout.saturating_mul(COMMAND_TIMEOUT_FACTOR);
                Ok(Driver::Command(CommandDriver::new(
                    login.command.clone(),
                    user.cloned(),
                    limit,
                )))
            }
            DriverKind::Manual => Ok(Driver::Manual(ManualDriver::new())),
        }
    }

    pub async fn run(
        &self,
        client: &HttpClient,
        request: &FrontChannelRequest,
    ) -> Result<FrontChannelResult, FrontChannelError> {
        match self {
            Driver::Html(d) => d.run(client, request).await,
            Driver::Command(d) => Ok(d.run(request).await?),
            Driver::Manual(d) => Ok(d.run(request).await?),
        }
    }
}

/// Prints a user without the password.
struct UserDebug<'a>(&'a Option<UserSettings>);

impl std::fmt::Debug for UserDebug<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(u) => write!(
                f,
                "Some(UserSettings {{ username: {:?}, password: \"[redacted]\" }})",
                u.username
            ),
            None => write!(f, "None"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_settings_checks_what_each_driver_needs() {
        let consent = ConsentSettings::default();
        let t = Duration::from_secs(10);
        let bad_selector = LoginSettings {
            form: Some("form[".into()),
            ..LoginSettings::default()
        };
        let err =
            Driver::from_settings(None, &bad_selector, &consent, t).expect_err("bad selector");
        assert!(err.starts_with("login.form: "), "{err}");
        let no_command = LoginSettings {
            driver: DriverKind::Command,
            ..LoginSettings::default()
        };
        let err = Driver::from_settings(None, &no_command, &consent, t).expect_err("no command");
        assert!(err.contains("login.command"), "{err}");
        assert!(matches!(
            Driver::from_settings(None, &LoginSettings::default(), &consent, t),
            Ok(Driver::Html(_))
        ));
        let manual = LoginSettings {
            driver: DriverKind::Manual,
            ..LoginSettings::default()
        };
        assert!(matches!(
            Driver::from_settings(None, &manual, &consent, t),
            Ok(Driver::Manual(_))
        ));
    }

    #[test]
    fn debug_output_hides_the_password() {
        let user = UserSettings {
            username: "alice".into(),
            password: "hunter22".into(),
        };
        let driver = Driver::from_settings(
            Some(&user),
            &LoginSettings::default(),
            &ConsentSettings::default(),
            Duration::from_secs(1),
        )
        .expect("html driver");
        let printed = format!("{driver:?}");
        assert!(
            printed.contains("alice") && !printed.contains("hunter22"),
            "{printed}"
        );
    }

    #[test]
    fn errors_name_the_setting_to_fix() {
        let e = LoginError::NoButton {
            url: "http://as.test/consent".into(),
            which: "approve",
        };
        assert!(
            e.to_string()
                .contains("set consent.approve = { name = \"…\", value = \"…\" }"),
            "{e}"
        );
        let e = LoginError::TooManyRedirects {
            count: 21,
            last_url: "http://as.test/loop".into(),
        };
        assert!(
            e.to_string().contains("login.max_redirects")
                && e.to_string().contains("http://as.test/loop"),
            "{e}"
        );
    }

    #[test]
    fn driver_futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let driver = Driver::from_settings(
            None,
            &LoginSettings::default(),
            &ConsentSettings::default(),
            Duration::from_secs(1),
        );
        if let (Ok(driver), Ok(client)) = (
            driver,
            HttpClient::new(crate::client::ClientOptions::default()),
        ) {
            let request = FrontChannelRequest {
                authorization_url: "http://127.0.0.1:1/".into(),
                stop_at: vec![],
                decision: Decision::Approve,
                stop_at_login: false,
            };
            let future = driver.run(&client, &request);
            assert_send(&future);
        }
    }
}
