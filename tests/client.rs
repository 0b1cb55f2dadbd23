//! The recording HTTP client against live (mock) servers: limits, timeouts, transport errors,
//! and requests sent exactly as built.

use std::time::{Duration, Instant};

use oauth2spec::client::{ClientOptions, HttpClient, RawRequest, TransportError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(timeout: Duration, max_body_bytes: usize) -> HttpClient {
    HttpClient::new(ClientOptions {
        request_timeout: timeout,
        max_body_bytes,
    })
    .expect("client builds")
}

#[tokio::test]
async fn a_body_over_the_cap_is_truncated() {
    let server = MockServer::start().await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 5 << 20]))
        .mount(&server)
        .await;
    let started = Instant::now();
    let exchange = client(Duration::from_secs(5), 64 << 10)
        .send(RawRequest::get(format!("{}/big", server.uri())))
        .await;
    let response = exchange.response.expect("a response");
    assert_eq!(response.status, 200);
    assert!(response.truncated);
    assert_eq!(response.body.len(), 64 << 10);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_body_at_the_cap_is_not_truncated() {
    let server = MockServer::start().await;
    Mock::given(path("/exact"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'a'; 1000]))
        .mount(&server)
        .await;
    let response = client(Duration::from_secs(5), 1000)
        .send(RawRequest::get(format!("{}/exact", server.uri())))
        .await
        .response
        .expect("ok");
    assert_eq!((response.body.len(), response.truncated), (1000, false));
}

#[tokio::test]
async fn a_slow_server_times_out_naming_the_url() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let url = format!("{}/slow", server.uri());
    let started = Instant::now();
    let exchange = client(Duration::from_secs(1), 1 << 20)
        .send(RawRequest::get(&url))
        .await;
    let err = exchange.response.expect_err("times out");
    assert!(
        matches!(err, TransportError::Timeout { secs: 1, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("timed out after 1 s waiting for {url}")
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/token");
    let exchange = client(Duration::from_secs(5), 1 << 20)
        .send(RawRequest::post(&url))
        .await;
    let err = exchange.response.expect_err("refused");
    assert!(matches!(err, TransportError::Connect { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("could not connect to {url}: connection refused")
    );
}

#[tokio::test]
async fn an_unusable_url_is_reported_not_sent() {
    let exchange = client(Duration::from_secs(5), 1 << 20)
        .send(RawRequest::get("not a url"))
        .await;
    let err = exchange.response.expect_err("invalid");
    assert!(matches!(err, TransportError::InvalidUrl { .. }), "{err:?}");
    assert!(err.to_string().contains("not a url"), "{err}");
}

#[tokio::test]
async fn html_where_json_was_expected_names_the_content_type() {
    let server = MockServer::start().await;
    Mock::given(path("/token"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html><body>Sign in</body></html>",
            "text/html; charset=utf-8",
        ))
        .mount(&server)
        .await;
    let response = client(Duration::from_secs(5), 1 << 20)
        .send(RawRequest::post(format!("{}/token", server.uri())))
        .await
        .response
        .expect("ok");
    let message = response.json().expect_err("not JSON").to_string();
    assert!(
        message.starts_with("expected JSON, got text/html; charset=utf-8 (HTTP 200"),
        "{message}"
    );
    assert!(
        message.ends_with(": <!DOCTYPE html><html><body>Sign in</body></html>"),
        "{message}"
    );
}

#[tokio::test]
async fn redirects_are_not_followed_and_requests_go_out_as_built() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/authorize"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", "/elsewhere")
                .append_header("set-cookie", "a=1")
                .append_header("set-cookie", "b=2"),
        )
        .mount(&server)
        .await;
    let url = format!("{}/authorize?state=a%2Fb&state=+&odd=%zz", server.uri());
    let request = RawRequest::post(&url)
        .query(&[("scope", "read write")])
        .header("X-Twice", "1")
        .header("X-Twice", "2")
        .body("text/plain", "grant_type=authorization_code");
    let exchange = client(Duration::from_secs(5), 1 << 20).send(request).await;
    let response = exchange.response.expect("ok");
    assert!(response.is_redirect());
    assert_eq!(response.location(), Some("/elsewhere"));
    assert_eq!(response.header_all("Set-Cookie"), vec!["a=1", "b=2"]);
    assert_eq!(
        exchange.request.header_value("user-agent"),
        Some(oauth2spec::client::USER_AGENT)
    );

    let received = server.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "the redirect was not followed");
    let sent = &received[0];
    assert_eq!(
        sent.url.query(),
        Some("state=a%2Fb&state=+&odd=%zz&scope=read+write")
    );
    let twice: Vec<&str> = sent
        .headers
        .get_all("x-twice")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(twice, vec!["1", "2"]);
    assert_eq!(
        sent.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/plain")
    );
    assert_eq!(sent.body, b"grant_type=authorization_code");
}
