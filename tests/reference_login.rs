//! The HTML form driver gets through the reference server's real login and consent pages.

use std::time::Duration;

use oauth2spec::client::{ClientOptions, HttpClient};
use oauth2spec::config::{ConsentSettings, LoginSettings, UserSettings};
use oauth2spec::login::{Decision, Driver, FrontChannelOutcome, FrontChannelRequest, LoginError};
use reference_server::ServerConfig;

fn authorization_url(base: &str, state: &str) -> String {
    format!("{base}/authorize?response_type=code&client_id=conf-client&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcb&scope=read&state={state}")
}

async fn drive(
    password: &str,
    decision: Decision,
) -> Result<oauth2spec::login::FrontChannelResult, LoginError> {
    let server = reference_server::start(ServerConfig::default())
        .await
        .unwrap();
    let http = HttpClient::new(ClientOptions {
        request_timeout: Duration::from_secs(5),
        max_body_bytes: 1 << 20,
    })
    .unwrap();
    let user = UserSettings {
        username: "alice".into(),
        password: password.into(),
    };
    let driver = Driver::from_settings(
        Some(&user),
        &LoginSettings::default(),
        &ConsentSettings::default(),
        Duration::from_secs(5),
    )
    .unwrap();
    let request = FrontChannelRequest {
        authorization_url: authorization_url(&server.base_url(), "xyz"),
        stop_at: vec!["http://127.0.0.1:9999/cb".into()],
        decision,
        stop_at_login: false,
    };
    let result = driver.run(&http, &request).await.map_err(|f| f.error);
    server.shutdown().await;
    result
}

#[tokio::test]
async fn approving_yields_a_code_after_login_and_consent() {
    let result = drive("alice-pass-123", Decision::Approve)
        .await
        .expect("flow completes");
    assert!(result.saw_login && result.saw_consent);
    match result.outcome {
        FrontChannelOutcome::Redirected { location } => {
            assert!(
                location.starts_with("http://127.0.0.1:9999/cb?"),
                "{location}"
            );
            assert!(
                location.contains("code=") && location.contains("state=xyz"),
                "{location}"
            );
        }
        other => panic!("expected a redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn denying_yields_access_denied() {
    let result = drive("alice-pass-123", Decision::Deny)
        .await
        .expect("flow completes");
    match result.outcome {
        FrontChannelOutcome::Redirected { location } => {
            assert!(location.contains("error=access_denied"), "{location}")
        }
        other => panic!("expected a redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_password_is_a_clear_error() {
    let err = drive("wrong-password", Decision::Approve)
        .await
        .expect_err("bad credentials");
    assert!(matches!(err, LoginError::BadCredentials { .. }), "{err}");
    assert!(
        err.to_string().contains("127.0.0.1"),
        "names the page: {err}"
    );
}

#[tokio::test]
async fn a_failed_login_keeps_its_exchanges_as_evidence() {
    let server = reference_server::start(ServerConfig::default())
        .await
        .unwrap();
    let http = HttpClient::new(ClientOptions {
        request_timeout: Duration::from_secs(5),
        max_body_bytes: 1 << 20,
    })
    .unwrap();
    let user = UserSettings {
        username: "alice".into(),
        password: "wrong-password".into(),
    };
    let driver = Driver::from_settings(
        Some(&user),
        &LoginSettings::default(),
        &ConsentSettings::default(),
        Duration::from_secs(5),
    )
    .unwrap();
    let request = FrontChannelRequest {
        authorization_url: authorization_url(&server.base_url(), "xyz"),
        stop_at: vec!["http://127.0.0.1:9999/cb".into()],
        decision: Decision::Approve,
        stop_at_login: false,
    };
    let failure = driver
        .run(&http, &request)
        .await
        .expect_err("bad credentials");
    server.shutdown().await;
    assert!(matches!(failure.error, LoginError::BadCredentials { .. }));
    let methods: Vec<&str> = failure
        .exchanges
        .iter()
        .map(|e| e.request.method.as_str())
        .collect();
    assert!(
        methods.len() >= 3 && methods.contains(&"POST"),
        "{methods:?}"
    );
}
