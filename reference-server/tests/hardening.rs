//! The server under load and abuse: a code redeemed by many requests at once is redeemed once;
//! oversized request targets and header sections are refused before any handler runs.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reference_server::{start, Quirk, RunningServer, ServerConfig};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use url::Url;

const CB: &str = "http://127.0.0.1:9999/cb";
/// Redemptions of one code sent at once.
const PARALLEL: usize = 64;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        // One connection per request, so the redemptions really are concurrent.
        .pool_max_idle_per_host(0)
        .build()
        .expect("client builds")
}

/// The value of the form field `name` in a page.
fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).map(|i| i + marker.len());
    let start = start.unwrap_or_else(|| panic!("no {name} in {html}"));
    let end = html[start..].find('"').map(|i| i + start).unwrap_or(start);
    html[start..end].to_owned()
}

/// The `rs_session=…` pair the response sets, if any.
fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.split(';').next().filter(|p| p.starts_with("rs_session=")))
        .map(str::to_owned)
}

fn location(response: &reqwest::Response) -> Url {
    let value = response.headers().get(LOCATION).expect("a Location");
    Url::parse(value.to_str().expect("ASCII")).expect("an absolute URL")
}

/// Login and consent as the fixture user, for conf-client; returns the code.
async fn code(server: &RunningServer) -> String {
    let http = http();
    let base = server.base_url();
    let mut authorize = Url::parse(&format!("{base}/authorize")).expect("url");
    authorize.query_pairs_mut().extend_pairs([
        ("response_type", "code"),
        ("client_id", "conf-client"),
        ("redirect_uri", CB),
        ("state", "race"),
    ]);
    let response = http.get(authorize).send().await.expect("authorize");
    let mut cookie = session_cookie(&response).expect("a session cookie");
    let login = location(&response);
    let response = http
        .get(login)
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("login page");
    cookie = session_cookie(&response).unwrap_or(cookie);
    let page = response.text().await.expect("login page");
    let response = http
        .post(format!("{base}/login"))
        .header(COOKIE, &cookie)
        .form(&[
            ("request_id", field(&page, "request_id")),
            ("csrf_token", field(&page, "csrf_token")),
            ("username", "alice".into()),
            ("password", "alice-pass-123".into()),
        ])
        .send()
        .await
        .expect("login");
    let consent = location(&response);
    let page = http
        .get(consent)
        .header(COOKIE, &cookie)
        .send()
        .await
        .expect("consent page")
        .text()
        .await
        .expect("consent page");
    let response = http
        .post(format!("{base}/consent"))
        .header(COOKIE, &cookie)
        .form(&[
            ("request_id", field(&page, "request_id")),
            ("csrf_token", field(&page, "csrf_token")),
            ("decision", "approve".into()),
        ])
        .send()
        .await
        .expect("consent");
    location(&response)
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code")
}

/// Obtains one code and sends `PARALLEL` redemptions of it at once; their statuses.
async fn redeem_in_parallel(server: &RunningServer) -> Vec<StatusCode> {
    let code = code(server).await;
    let token_endpoint = format!("{}/token", server.base_url());
    let basic = format!(
        "Basic {}",
        STANDARD.encode("conf-client:conf-client-secret")
    );
    // Every request is built before the first is let go.
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(PARALLEL));
    let redemptions: Vec<_> = (0..PARALLEL)
        .map(|_| {
            let (url, code, basic, barrier) = (
                token_endpoint.clone(),
                code.clone(),
                basic.clone(),
                barrier.clone(),
            );
            tokio::spawn(async move {
                let request = http().post(url).header("authorization", basic).form(&[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", CB),
                ]);
                barrier.wait().await;
                request.send().await.map(|r| r.status())
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for r in redemptions {
        statuses.push(r.await.expect("joined").expect("an answer"));
    }
    statuses
}

/// RFC 6749 §4.1.2: a code is single use, also when the redemptions race.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_code_redeemed_by_64_parallel_requests_succeeds_once() {
    let server = start(ServerConfig::default()).await.expect("starts");
    let statuses = redeem_in_parallel(&server).await;
    let succeeded = statuses.iter().filter(|s| s.is_success()).count();
    assert_eq!(succeeded, 1, "statuses: {statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| s.is_success() || *s == StatusCode::BAD_REQUEST),
        "the others are invalid_grant (400): {statuses:?}"
    );
    server.shutdown().await;
}

/// The race test can fail: with codes reusable, more than one redemption succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_race_test_sees_a_reusable_code() {
    let server = start(ServerConfig {
        quirks: [Quirk::CodeReuseAllowed].into_iter().collect(),
        ..ServerConfig::default()
    })
    .await
    .expect("starts");
    let statuses = redeem_in_parallel(&server).await;
    let succeeded = statuses.iter().filter(|s| s.is_success()).count();
    assert!(succeeded > 1, "statuses: {statuses:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn an_overlong_request_target_is_refused_with_414() {
    let server = start(ServerConfig::default()).await.expect("starts");
    let base = server.base_url();
    let long = format!("{base}/authorize?state={}", "s".repeat(9 * 1024));
    let response = http().get(long).send().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("at most 8192"), "{body}");
    // A long but reasonable authorization request still works.
    let fine = format!(
        "{base}/authorize?response_type=code&client_id=conf-client&redirect_uri={}&state={}",
        url::form_urlencoded::byte_serialize(CB.as_bytes()).collect::<String>(),
        "s".repeat(6 * 1024)
    );
    let response = http().get(fine).send().await.expect("an answer");
    assert!(response.status().is_redirection(), "{}", response.status());
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_header_fields_are_refused_with_431() {
    let server = start(ServerConfig::default()).await.expect("starts");
    let mut request = http().get(format!("{}/authorize", server.base_url()));
    for i in 0..5 {
        request = request.header(format!("x-padding-{i}"), "p".repeat(4 * 1024));
    }
    let response = request.send().await.expect("an answer");
    assert_eq!(
        response.status(),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
    );
    server.shutdown().await;
}

/// Garbage in every place a request can carry it gets a 4xx answer, never a 5xx or a dropped
/// connection, and the server keeps serving.
#[tokio::test]
async fn odd_input_gets_a_client_error_never_a_crash() {
    let server = start(ServerConfig::default()).await.expect("starts");
    let base = server.base_url();
    let http = http();
    let invalid_utf8_basic = format!("Basic {}", STANDARD.encode(b"\xff\xfe:\x00secret"));
    let form = "application/x-www-form-urlencoded";
    let requests = vec![
        http.get(format!("{base}/authorize?%zz=%ff&client_id=%00&client_id=")),
        http.get(format!(
            "{base}/authorize?response_type=code&client_id=conf-client&redirect_uri=%ff%fe&state=%c3"
        )),
        http.get(format!("{base}/login?request_id=%ff%00")),
        http.post(format!("{base}/login"))
            .header("content-type", form)
            .body(&b"request_id=\xff&csrf_token=&username=%00&password"[..]),
        http.post(format!("{base}/consent"))
            .header("cookie", "rs_session=;;; =; rs_session=x")
            .header("content-type", form)
            .body("decision=approve&decision=deny"),
        http.post(format!("{base}/token"))
            .header("authorization", "Basic !!!not-base64")
            .header("content-type", form)
            .body("grant_type=client_credentials"),
        http.post(format!("{base}/token"))
            .header("authorization", invalid_utf8_basic)
            .header("content-type", form)
            .body("grant_type=client_credentials"),
        http.post(format!("{base}/token"))
            .header("content-type", form)
            .body(&b"grant_type=\xff\xfe&code=%%%"[..]),
        http.post(format!("{base}/token"))
            .header("content-type", "application/json")
            .body("{"),
        http.post(format!("{base}/revoke"))
            .header("authorization", "Basic")
            .header("content-type", form)
            .body("token="),
        http.post(format!("{base}/introspect"))
            .header("authorization", "Bearer ")
            .header("content-type", form)
            .body("token=%ff"),
        http.get(format!("{base}/resource"))
            .header("authorization", format!("Bearer {}", "a".repeat(4000))),
        http.get(format!("{base}/resource?access_token=%ff&access_token=x")),
    ];
    for request in requests {
        let request = request.build().expect("request builds");
        let described = format!("{} {}", request.method(), request.url());
        let response = http.execute(request).await.expect("an answer");
        assert!(
            response.status().is_client_error(),
            "{described} got {}",
            response.status()
        );
    }
    let metadata = http
        .get(format!("{base}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .expect("still serving");
    assert_eq!(metadata.status(), StatusCode::OK);
    server.shutdown().await;
}
