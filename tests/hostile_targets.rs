//! The harness against targets that misbehave: one test per hostile behaviour. Each runs the
//! `oauth2spec` binary with a target config of short limits (1 s per request) and asserts that it
//! ends well within its deadline, exits with the right code, names the cause in its output, and
//! still writes the JUnit and JSON reports, which name the cause too.
//!
//! wiremock plays the servers that answer (late, in HTML, in a loop…); raw TCP listeners play
//! the ones wiremock cannot: a server that accepts and never answers, one that resets the
//! connection, and one that streams a 1 GB body (streamed, never allocated).

mod common;

use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use oauth2spec::report::model::{Outcome, Report};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const METADATA_PATH: &str = "/.well-known/oauth-authorization-server";
/// One scenario that goes through the front channel and the token endpoint.
const CODE_REUSE: &str = "@6749-4.1.2-d";
/// A harness run against a hostile target must end well within this, whatever the target does.
const PATIENCE: Duration = Duration::from_secs(15);

/// What one run of the binary left behind.
struct Run {
    code: Option<i32>,
    /// Standard output and standard error.
    output: String,
    junit: String,
    report: Report,
    elapsed: Duration,
}

impl Run {
    /// Asserts the exit code, and that the terminal, the JUnit file and the JSON file name
    /// `cause` (which must need no XML escaping).
    fn assert_reported(&self, code: i32, cause: &str) {
        let t = &self.output;
        assert!(!t.contains("panicked"), "the harness panicked:\n{t}");
        assert_eq!(self.code, Some(code), "exit code; output:\n{t}");
        assert!(t.contains(cause), "the output names {cause:?}:\n{t}");
        assert!(
            self.junit.contains(cause),
            "the JUnit report names {cause:?}:\n{}",
            self.junit
        );
        let messages: Vec<&str> = self
            .report
            .scenarios
            .iter()
            .filter_map(|s| s.message.as_deref())
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(cause)),
            "the JSON report names {cause:?}: {messages:?}"
        );
        assert!(
            self.elapsed < PATIENCE,
            "the run took {:?}, more than {PATIENCE:?}",
            self.elapsed
        );
    }
}

/// A target config with short limits for a target at `issuer`, plus `extra` TOML.
fn config(issuer: &str, extra: &str) -> String {
    format!(
        r#"name = "hostile"
issuer = "{issuer}"
{extra}

[[clients]]
id = "conf-client"
secret = "conf-client-secret"
type = "confidential"
auth_methods = ["client_secret_basic"]
redirect_uris = ["http://127.0.0.1:9999/cb"]
grant_types = ["authorization_code", "client_credentials"]

[user]
username = "alice"
password = "alice-pass-123"

[limits]
request_timeout_secs = 1
run_timeout_secs = 12
max_body_bytes = 65536
"#
    )
}

/// A config without discovery: the endpoints are `base`/authorize and `base`/token.
fn config_without_discovery(base: &str, extra: &str) -> String {
    config(
        base,
        &format!(
            "discovery = false\n[endpoints]\nauthorization = \"{base}/authorize\"\ntoken = \"{base}/token\"\n{extra}"
        ),
    )
}

/// Runs `oauth2spec run --config … --junit … --json … ARGS` on a blocking thread, so the mock
/// servers of the test keep answering.
async fn run(config_text: String, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let config_path = dir.path().join("target.toml");
    std::fs::write(&config_path, config_text).expect("config written");
    let junit = dir.path().join("junit.xml");
    let json = dir.path().join("report.json");
    let mut command = Command::new(env!("CARGO_BIN_EXE_oauth2spec"));
    command
        .arg("run")
        .arg("--config")
        .arg(&config_path)
        .arg("--junit")
        .arg(&junit)
        .arg("--json")
        .arg(&json)
        .args(["--color", "never"])
        .args(args)
        .env("NO_COLOR", "1");
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(move || command.output().expect("the binary runs"))
        .await
        .expect("joined");
    let elapsed = started.elapsed();
    let output = common::text(&out);
    let junit = std::fs::read_to_string(&junit)
        .unwrap_or_else(|e| panic!("the JUnit report was not written ({e}); output:\n{output}"));
    let json = std::fs::read_to_string(&json)
        .unwrap_or_else(|e| panic!("the JSON report was not written ({e}); output:\n{output}"));
    let report = oauth2spec::report::json::parse(&json).expect("the JSON report parses");
    Run {
        code: out.status.code(),
        output,
        junit,
        report,
        elapsed,
    }
}

/// A metadata document for a target whose endpoints are all under `base`.
fn metadata(base: &str) -> serde_json::Value {
    serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "client_credentials"],
    })
}

/// Serves `metadata_body` (with `content_type`) at the well-known URL.
async fn metadata_server(content_type: &str, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(METADATA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, content_type))
        .mount(&server)
        .await;
    server
}

/// A server whose authorization endpoint answers after a minute.
async fn authorization_endpoint_taking_a_minute() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/authorize"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    server
}

/// Accepts connections on 127.0.0.1 and hands each to `handle`; returns the base URL.
async fn raw_server<F, Fut>(handle: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(handle(stream));
        }
    });
    format!("http://{addr}")
}

/// Reads until the end of the request head (the harness sends GETs without bodies here).
async fn read_request_head(stream: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_slower_than_the_request_timeout_is_a_timeout() {
    let server = authorization_endpoint_taking_a_minute().await;
    let base = server.uri();
    let r = run(config_without_discovery(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(
        3,
        &format!("timed out after 1 s waiting for {base}/authorize"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_accepts_and_never_answers_times_out() {
    let base = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        // Hold the connection open, say nothing.
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;
    let r = run(config(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(
        3,
        &format!("timed out after 1 s waiting for {base}{METADATA_PATH}"),
    );
    assert!(
        r.output.contains("fetching the metadata document failed"),
        "{}",
        r.output
    );
}

/// The request timeout bounds the whole exchange, body included, not only the wait for headers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_trickled_past_the_timeout_is_a_timeout() {
    let base = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{";
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..1000 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if stream.write_all(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let r = run(config(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(
        3,
        &format!("timed out after 1 s waiting for {base}{METADATA_PATH}"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_reset_is_named() {
    let base = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        // SO_LINGER 0: closing sends RST instead of FIN.
        let _ = stream.set_zero_linger();
        drop(stream);
    })
    .await;
    let r = run(config(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(3, "connection reset by the server");
    assert!(r.output.contains(&base), "names the URL: {}", r.output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endless_redirects_are_cut_off() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(path("/authorize"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", format!("{base}/authorize?again")),
        )
        .mount(&server)
        .await;
    let r = run(
        config_without_discovery(&base, "[login]\nmax_redirects = 5\n"),
        &["--tags", CODE_REUSE],
    )
    .await;
    r.assert_reported(
        3,
        "redirects and form submissions without reaching the client",
    );
    let requests = server.received_requests().await.unwrap_or_default();
    // Each scenario the tag selects drives its own front channel.
    let features = oauth2spec::features::load(None).expect("features");
    let flows = oauth2spec::features::Selection::default()
        .with_tags(CODE_REUSE)
        .expect("tag expression")
        .scenarios(&features)
        .len();
    assert!(
        requests.len() <= 6 * flows,
        "at most max_redirects + 1 requests per scenario ({flows}), got {}",
        requests.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_gigabyte_body_is_cut_at_the_body_size_limit() {
    const GIGABYTE: u64 = 1 << 30;
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let base = raw_server(move |mut stream| {
        let counter = counter.clone();
        async move {
            read_request_head(&mut stream).await;
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {GIGABYTE}\r\n\r\n{{\"issuer\": \""
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            // One 64 KiB chunk written over and over: the gigabyte is never in memory.
            let chunk = vec![b'a'; 64 << 10];
            let mut total = head.len() as u64;
            while total < GIGABYTE {
                if stream.write_all(&chunk).await.is_err() {
                    break;
                }
                total += chunk.len() as u64;
                counter.store(total, Ordering::Relaxed);
            }
        }
    })
    .await;
    let r = run(config(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(3, "cut short at the client");
    assert!(r.output.contains("body size limit"), "{}", r.output);
    let sent = sent.load(Ordering::Relaxed);
    assert!(
        sent < 64 << 20,
        "the harness stopped reading early, yet the server wrote {sent} bytes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_of_invalid_utf8_is_named() {
    let mut body = serde_json::to_vec(&serde_json::json!({"issuer": "x"})).unwrap_or_default();
    // {"issuer":"x\xff\xfe"}
    body.splice(body.len() - 2..body.len() - 2, [0xff, 0xfe]);
    let server = metadata_server("application/json", body).await;
    let r = run(config(&server.uri(), ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(3, "is not valid UTF-8: byte 0xff at offset 12");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_where_json_was_expected_is_named() {
    let server = metadata_server(
        "text/html; charset=utf-8",
        b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>".to_vec(),
    )
    .await;
    let r = run(config(&server.uri(), ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(3, "expected JSON, got text/html; charset=utf-8 (HTTP 200");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_with_wrong_types_is_named() {
    let server = MockServer::start().await;
    let base = server.uri();
    let mut document = metadata(&base);
    document["token_endpoint"] = serde_json::json!(42);
    document["grant_types_supported"] = serde_json::json!("authorization_code");
    Mock::given(path(METADATA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(document))
        .mount(&server)
        .await;
    let r = run(config(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(3, "token_endpoint is a number (42), expected a string");
    assert!(
        r.output
            .contains("grant_types_supported is a string (\"authorization_code\"), expected an array of strings"),
        "{}",
        r.output
    );
}

/// RFC 8414 §3.3 binds the issuer, not the endpoints: a token endpoint on another host is legal,
/// so the harness uses it, but it says first that the client secret will go there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_on_other_hosts_are_used_with_a_note() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("cache-control", "no-store")
                .set_body_json(serde_json::json!({
                    "access_token": "at-from-elsewhere-0123456789",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                })),
        )
        .mount(&elsewhere)
        .await;
    // Another host name for the same machine: 127.0.0.1 is the issuer, localhost the other host.
    let other = elsewhere.uri().replace("127.0.0.1", "localhost");
    let server = MockServer::start().await;
    let base = server.uri();
    let mut document = metadata(&base);
    document["token_endpoint"] = serde_json::json!(format!("{other}/token"));
    Mock::given(path(METADATA_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(document))
        .mount(&server)
        .await;
    let r = run(config(&base, ""), &["--tags", "@6749-4.4.3-a"]).await;
    let t = &r.output;
    assert_eq!(r.code, Some(0), "{t}");
    assert!(
        t.contains(&format!("note: the metadata document puts token_endpoint on {other}, not on the issuer's origin {base}")),
        "{t}"
    );
    assert!(
        t.contains("client secrets") && t.contains("endpoints.token"),
        "{t}"
    );
    assert_eq!(r.report.totals.passed, 1, "{t}");
    let received = elsewhere.received_requests().await.unwrap_or_default();
    assert_eq!(
        received.len(),
        1,
        "the token request went to the other host"
    );
    assert!(r.elapsed < PATIENCE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_page_with_no_form_is_named() {
    let server = MockServer::start().await;
    Mock::given(path("/authorize"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "<!DOCTYPE html><html><body><p>Sign in with your phone.</p></body></html>",
            "text/html",
        ))
        .mount(&server)
        .await;
    let base = server.uri();
    let r = run(config_without_discovery(&base, ""), &["--tags", CODE_REUSE]).await;
    r.assert_reported(
        3,
        &format!("the flow ended on an HTTP 200 page at {base}/authorize"),
    );
    assert!(
        r.output
            .contains("with no login or consent form the driver could use"),
        "{}",
        r.output
    );
    let scenario = &r.report.scenarios[0];
    assert_eq!(scenario.outcome, Outcome::Error);
    assert!(
        scenario
            .findings
            .iter()
            .any(|f| f.evidence.iter().any(|e| e.status == Some(200))),
        "the page is kept as evidence: {scenario:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_past_its_deadline_is_cut_off() {
    let server = authorization_endpoint_taking_a_minute().await;
    let base = server.uri();
    let text = config_without_discovery(&base, "")
        .replace("request_timeout_secs = 1", "request_timeout_secs = 30")
        .replace("run_timeout_secs = 12", "run_timeout_secs = 1");
    let r = run(text, &["--tags", CODE_REUSE]).await;
    r.assert_reported(
        3,
        "not finished when the run deadline (1 s, limits.run_timeout_secs) was reached",
    );
    assert!(r.elapsed < Duration::from_secs(6), "took {:?}", r.elapsed);
}
