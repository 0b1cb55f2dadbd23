//! The HTML form driver against a small login → consent → redirect flow served by wiremock.

use std::time::Duration;

use oauth2spec::client::{ClientOptions, HttpClient};
use oauth2spec::config::{ConsentSettings, LoginSettings, UserSettings};
use oauth2spec::login::{
    Decision, Driver, FrontChannelOutcome, FrontChannelRequest, FrontChannelResult, LoginError,
};
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALLBACK: &str = "http://127.0.0.1:9999/cb";

const LOGIN_PAGE: &str = r#"<!DOCTYPE html><html><body><h1>Sign in</h1>
<form method="post" action="/login">
  <input type="hidden" name="csrf_token" value="c5rf-t0ken">
  <input type="hidden" name="rid" value="r1">
  <label>User <input type="text" name="username"></label>
  <label>Password <input type="password" name="password"></label>
  <button type="submit">Sign in</button>
</form></body></html>"#;

const CONSENT_PAGE: &str = r#"<!DOCTYPE html><html><body><p>Allow demo-app to read your data?</p>
<form method="post" action="consent">
  <input type="hidden" name="csrf_token" value="c5rf-t0ken">
  <button type="submit" name="decision" value="approve">Allow</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>"#;

fn html(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "text/html; charset=utf-8")
}

fn see_other(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(303).insert_header("location", location)
}

/// `/authorize` → (relative) `/login` → POST `/login` (needs the cookie, the CSRF field and the
/// right password) → `/consent` → POST `/consent` → the client's callback.
async fn login_consent_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/authorize"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "login?rid=r1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/login"))
        .and(query_param("rid", "r1"))
        .respond_with(
            html(200, LOGIN_PAGE).insert_header("set-cookie", "sid=s3ss10n; Path=/; HttpOnly"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .and(header("cookie", "sid=s3ss10n"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string_contains("csrf_token=c5rf-t0ken"))
        .and(body_string_contains("username=alice"))
        .and(body_string_contains("password=correct+horse"))
        .respond_with(see_other(&format!("{}/consent", server.uri())))
        .with_priority(1)
        .mount(&server)
        .await;
    // Anything else posted to /login: the form again, as servers do after a failed sign-in.
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(html(200, LOGIN_PAGE))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/consent"))
        .and(header("cookie", "sid=s3ss10n"))
        .respond_with(html(200, CONSENT_PAGE))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/consent"))
        .and(header("cookie", "sid=s3ss10n"))
        .and(body_string_contains("decision=approve"))
        .respond_with(see_other(&format!("{CALLBACK}?code=x&state=y")))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/consent"))
        .and(body_string_contains("decision=deny"))
        .respond_with(see_other(&format!(
            "{CALLBACK}?error=access_denied&state=y"
        )))
        .mount(&server)
        .await;
    server
}

fn http() -> HttpClient {
    HttpClient::new(ClientOptions {
        request_timeout: Duration::from_secs(5),
        max_body_bytes: 1 << 20,
    })
    .expect("client")
}

fn driver(password: &str, login: LoginSettings) -> Driver {
    let user = UserSettings {
        username: "alice".into(),
        password: password.into(),
    };
    Driver::from_settings(
        Some(&user),
        &login,
        &ConsentSettings::default(),
        Duration::from_secs(5),
    )
    .expect("driver")
}

fn request(url: String, decision: Decision, stop_at_login: bool) -> FrontChannelRequest {
    FrontChannelRequest {
        authorization_url: url,
        stop_at: vec![CALLBACK.into()],
        decision,
        stop_at_login,
    }
}

async fn run(
    server: &MockServer,
    password: &str,
    decision: Decision,
    stop_at_login: bool,
) -> Result<FrontChannelResult, LoginError> {
    let url = format!(
        "{}/authorize?response_type=code&client_id=demo&state=y",
        server.uri()
    );
    driver(password, LoginSettings::default())
        .run(&http(), &request(url, decision, stop_at_login))
        .await
        .map_err(|f| f.error)
}

#[tokio::test]
async fn login_and_consent_end_at_the_redirect_uri() {
    let server = login_consent_server().await;
    let result = run(&server, "correct horse", Decision::Approve, false)
        .await
        .expect("the flow completes");
    assert_eq!(
        result.outcome,
        FrontChannelOutcome::Redirected {
            location: format!("{CALLBACK}?code=x&state=y")
        }
    );
    assert!(result.saw_login && result.saw_consent);
    let urls: Vec<String> = result
        .exchanges
        .iter()
        .map(|e| format!("{} {}", e.request.method, e.request.url))
        .collect();
    let base = server.uri();
    assert_eq!(
        urls,
        vec![
            format!("GET {base}/authorize?response_type=code&client_id=demo&state=y"),
            format!("GET {base}/login?rid=r1"),
            format!("POST {base}/login"),
            format!("GET {base}/consent"),
            format!("POST {base}/consent"),
        ]
    );
    // The redirect URI itself is never requested.
    assert!(result
        .exchanges
        .iter()
        .all(|e| !e.request.url.starts_with(CALLBACK)));
}

#[tokio::test]
async fn denying_presses_the_deny_button() {
    let server = login_consent_server().await;
    let result = run(&server, "correct horse", Decision::Deny, false)
        .await
        .expect("the flow completes");
    assert_eq!(
        result.outcome,
        FrontChannelOutcome::Redirected {
            location: format!("{CALLBACK}?error=access_denied&state=y")
        }
    );
}

#[tokio::test]
async fn a_login_form_that_comes_back_means_bad_credentials() {
    let server = login_consent_server().await;
    let err = run(&server, "wrong", Decision::Approve, false)
        .await
        .expect_err("bad credentials");
    match &err {
        LoginError::BadCredentials { url } => assert_eq!(url, &format!("{}/login", server.uri())),
        other => panic!("expected BadCredentials, got {other:?}"),
    }
    assert!(err.to_string().contains("user.password"), "{err}");
}

#[tokio::test]
async fn stop_at_login_stops_at_the_login_page() {
    let server = login_consent_server().await;
    let result = run(&server, "correct horse", Decision::Approve, true)
        .await
        .expect("stops");
    assert_eq!(
        result.outcome,
        FrontChannelOutcome::LoginPage {
            url: format!("{}/login?rid=r1", server.uri())
        }
    );
    assert!(result.saw_login && !result.saw_consent);
    assert_eq!(result.exchanges.len(), 2);
}

#[tokio::test]
async fn a_page_without_a_form_ends_the_run() {
    let server = MockServer::start().await;
    Mock::given(path("/authorize"))
        .respond_with(html(
            400,
            "<html><body><h1>Error</h1><p>unknown client</p></body></html>",
        ))
        .mount(&server)
        .await;
    let url = format!("{}/authorize?client_id=nope", server.uri());
    let result = driver("pw", LoginSettings::default())
        .run(&http(), &request(url.clone(), Decision::Approve, false))
        .await
        .map_err(|f| f.error)
        .expect("a page");
    assert_eq!(
        result.outcome,
        FrontChannelOutcome::Page { url, status: 400 }
    );
    assert!(!result.saw_login && !result.saw_consent);
    assert_eq!(result.exchanges.len(), 1);
}

#[tokio::test]
async fn endless_redirects_are_cut_off() {
    let server = MockServer::start().await;
    Mock::given(path("/loop"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/loop"))
        .mount(&server)
        .await;
    let login = LoginSettings {
        max_redirects: Some(5),
        ..LoginSettings::default()
    };
    let url = format!("{}/loop", server.uri());
    let err = driver("pw", login)
        .run(&http(), &request(url.clone(), Decision::Approve, false))
        .await
        .map_err(|f| f.error)
        .expect_err("loops");
    match err {
        LoginError::TooManyRedirects { count, last_url } => assert_eq!((count, last_url), (5, url)),
        other => panic!("expected TooManyRedirects, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(6));
}

#[tokio::test]
async fn a_relative_location_resolves_against_the_current_url() {
    let server = MockServer::start().await;
    let callback = format!("{}/app/cb", server.uri());
    Mock::given(path("/oauth/authorize"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", "../app/cb?code=c1&state=s"),
        )
        .mount(&server)
        .await;
    let mut req = request(
        format!("{}/oauth/authorize", server.uri()),
        Decision::Approve,
        false,
    );
    req.stop_at = vec![callback.clone()];
    let result = driver("pw", LoginSettings::default())
        .run(&http(), &req)
        .await
        .map_err(|f| f.error)
        .expect("redirected");
    assert_eq!(
        result.outcome,
        FrontChannelOutcome::Redirected {
            location: format!("{callback}?code=c1&state=s")
        }
    );
    assert_eq!(result.exchanges.len(), 1);
}

#[tokio::test]
async fn a_consent_page_that_comes_back_is_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/authorize"))
        .respond_with(html(200, CONSENT_PAGE))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/consent"))
        .respond_with(see_other("/authorize"))
        .mount(&server)
        .await;
    let url = format!("{}/authorize", server.uri());
    let err = driver("pw", LoginSettings::default())
        .run(&http(), &request(url.clone(), Decision::Approve, false))
        .await
        .map_err(|f| f.error)
        .expect_err("loop");
    assert!(
        matches!(&err, LoginError::ConsentLoop { url: u } if *u == url),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_consent_form_without_the_wanted_button_names_the_setting() {
    let server = MockServer::start().await;
    let page = r#"<form method="post" action="/ok"><button type="submit">Continue</button></form>"#;
    Mock::given(path("/authorize"))
        .respond_with(html(200, page))
        .mount(&server)
        .await;
    let url = format!("{}/authorize", server.uri());
    let err = driver("pw", LoginSettings::default())
        .run(&http(), &request(url, Decision::Deny, false))
        .await
        .map_err(|f| f.error)
        .expect_err("no deny");
    assert!(
        matches!(err, LoginError::NoButton { which: "deny", .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("consent.deny"), "{err}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/authorize");
    let err = driver("pw", LoginSettings::default())
        .run(&http(), &request(url.clone(), Decision::Approve, false))
        .await
        .map_err(|f| f.error)
        .expect_err("refused");
    assert!(matches!(err, LoginError::Transport(_)), "{err:?}");
    assert!(err.to_string().contains(&url), "{err}");
}
