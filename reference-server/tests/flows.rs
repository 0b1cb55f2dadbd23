//! End-to-end flows against a server on an ephemeral port, driven over HTTP the way the harness
//! drives it: through the real login and consent forms, redirects not followed.

use std::collections::BTreeSet;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reference_server::{start, Quirk, RunningServer, ServerConfig};
use reqwest::header::{HeaderMap, AUTHORIZATION, COOKIE, LOCATION, SET_COOKIE, WWW_AUTHENTICATE};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use serde_json::Value;
use url::Url;

const CB: &str = "http://127.0.0.1:9999/cb";
const CB2: &str = "http://127.0.0.1:9999/cb2";
/// RFC 7636 Appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

async fn server(quirks: &[Quirk]) -> RunningServer {
    let config = ServerConfig {
        quirks: quirks.iter().copied().collect::<BTreeSet<_>>(),
        ..ServerConfig::default()
    };
    start(config).await.expect("server starts")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client builds")
}

/// A browser: one HTTP client and the `rs_session` cookie.
struct Browser {
    http: reqwest::Client,
    cookie: Option<String>,
}

impl Browser {
    fn new() -> Self {
        Browser {
            http: http(),
            cookie: None,
        }
    }

    fn remember_cookie(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(SET_COOKIE) {
            let value = value.to_str().unwrap();
            let pair = value.split(';').next().unwrap();
            if pair.starts_with("rs_session=") {
                self.cookie = Some(pair.to_owned());
            }
        }
    }

    async fn get(&mut self, url: &str) -> reqwest::Response {
        let mut request = self.http.get(url);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.remember_cookie(response.headers());
        response
    }

    async fn post(&mut self, url: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let mut request = self.http.post(url).form(form);
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.remember_cookie(response.headers());
        response
    }
}

fn location(response: &reqwest::Response) -> Url {
    let value = response
        .headers()
        .get(LOCATION)
        .expect("a Location header")
        .to_str()
        .unwrap();
    Url::parse(value).unwrap()
}

fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The value of the form field `name` in a page (simple string search is enough here).
fn field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

fn authorize_url(server: &RunningServer, params: &[(&str, &str)]) -> String {
    let mut url = Url::parse(&format!("{}/authorize", server.base_url())).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.into()
}

/// Runs authorization request, login and consent; returns the final redirect to the client.
async fn authorize(server: &RunningServer, params: &[(&str, &str)], decision: &str) -> Url {
    let mut browser = Browser::new();
    let response = browser.get(&authorize_url(server, params)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let login = location(&response);
    assert_eq!(login.path(), "/login", "{login}");

    let page = browser.get(login.as_str()).await.text().await.unwrap();
    let request_id = field(&page, "request_id");
    let csrf_token = field(&page, "csrf_token");
    let response = browser
        .post(
            &format!("{}/login", server.base_url()),
            &[
                ("request_id", &request_id),
                ("csrf_token", &csrf_token),
                ("username", "alice"),
                ("password", "alice-pass-123"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let consent = location(&response);
    assert_eq!(consent.path(), "/consent");

    let page = browser.get(consent.as_str()).await.text().await.unwrap();
    let response = browser
        .post(
            &format!("{}/consent", server.base_url()),
            &[
                ("request_id", &field(&page, "request_id")),
                ("csrf_token", &field(&page, "csrf_token")),
                ("decision", decision),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

/// Runs an invalid authorization request through login; returns the error redirect.
async fn authorize_error(server: &RunningServer, params: &[(&str, &str)]) -> Url {
    let mut browser = Browser::new();
    let response = browser.get(&authorize_url(server, params)).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let login = location(&response);
    assert_eq!(login.path(), "/login", "no redirect before login: {login}");
    let page = browser.get(login.as_str()).await.text().await.unwrap();
    let response = browser
        .post(
            &format!("{}/login", server.base_url()),
            &[
                ("request_id", &field(&page, "request_id")),
                ("csrf_token", &field(&page, "csrf_token")),
                ("username", "alice"),
                ("password", "alice-pass-123"),
            ],
        )
        .await;
    let consent = location(&response);
    let response = browser.get(consent.as_str()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{params:?}");
    location(&response)
}

/// An approved authorization for conf-client; returns the code.
async fn code_for_conf_client(server: &RunningServer, extra: &[(&str, &str)]) -> String {
    let mut params = vec![
        ("response_type", "code"),
        ("client_id", "conf-client"),
        ("redirect_uri", CB),
        ("state", "s1"),
    ];
    params.extend_from_slice(extra);
    let redirect = authorize(server, &params, "approve").await;
    query_param(&redirect, "code").expect("a code")
}

/// `Authorization: Basic` as RFC 6749 §2.3.1 builds it: form-url-encode, then base64.
fn basic(id: &str, secret: &str) -> String {
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", encode(id), encode(secret)))
    )
}

/// A refresh request by the public client, narrowing the scope to `read`.
fn public_refresh(refresh_token: &str) -> [(&'static str, &str); 4] {
    [
        ("grant_type", "refresh_token"),
        ("client_id", "public-client"),
        ("refresh_token", refresh_token),
        ("scope", "read"),
    ]
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    json: Value,
}

async fn post_form(url: &str, authorization: Option<&str>, form: &[(&str, &str)]) -> Reply {
    let mut request = http().post(url).form(form);
    if let Some(authorization) = authorization {
        request = request.header(AUTHORIZATION, authorization);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        json,
    }
}

async fn token(
    server: &RunningServer,
    authorization: Option<&str>,
    form: &[(&str, &str)],
) -> Reply {
    post_form(&format!("{}/token", server.base_url()), authorization, form).await
}

/// Redeems a code that was issued for redirect_uri=CB.
async fn redeem(server: &RunningServer, authorization: &str, code: &str) -> Reply {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", CB),
    ];
    token(server, Some(authorization), &form).await
}

async fn client_credentials(
    server: &RunningServer,
    authorization: &str,
    scope: Option<&str>,
) -> Reply {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend(scope.map(|scope| ("scope", scope)));
    token(server, Some(authorization), &form).await
}

async fn introspect(server: &RunningServer, token: &str) -> Value {
    let reply = post_form(
        &format!("{}/introspect", server.base_url()),
        Some(&basic("conf-client", "conf-client-secret")),
        &[("token", token)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json
}

async fn resource_with_header(server: &RunningServer, access_token: &str) -> reqwest::Response {
    http()
        .get(format!("{}/resource", server.base_url()))
        .header(AUTHORIZATION, format!("Bearer {access_token}"))
        .send()
        .await
        .unwrap()
}

fn www_authenticate(headers: &HeaderMap) -> Option<String> {
    headers
        .get(WWW_AUTHENTICATE)
        .map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn metadata_describes_the_server() {
    let server = server(&[]).await;
    let base = server.base_url();
    let response = http()
        .get(format!("{base}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let metadata: Value = response.json_value().await;
    assert_eq!(metadata["issuer"], base.as_str());
    assert_eq!(
        metadata["authorization_endpoint"],
        format!("{base}/authorize")
    );
    assert_eq!(metadata["token_endpoint"], format!("{base}/token"));
    assert_eq!(metadata["revocation_endpoint"], format!("{base}/revoke"));
    assert_eq!(
        metadata["introspection_endpoint"],
        format!("{base}/introspect")
    );
    assert_eq!(
        metadata["response_types_supported"],
        serde_json::json!(["code"])
    );
    assert_eq!(
        metadata["code_challenge_methods_supported"],
        serde_json::json!(["S256", "plain"])
    );
    assert_eq!(
        metadata["scopes_supported"],
        serde_json::json!(["read", "write"])
    );
    assert_eq!(
        metadata["authorization_response_iss_parameter_supported"],
        true
    );
    server.shutdown().await;
}

/// `Response::json` needs reqwest's `json` feature; this is the same without it.
trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        serde_json::from_str(&self.text().await.unwrap()).unwrap()
    }
}

#[tokio::test]
async fn code_flow_with_basic_auth_and_code_replay() {
    let server = server(&[]).await;
    let base = server.base_url();

    // The login form: a wrong password shows the form again with a message.
    let mut browser = Browser::new();
    let state = "a b+/=%~&#<>";
    let response = browser
        .get(&authorize_url(
            &server,
            &[
                ("response_type", "code"),
                ("client_id", "conf-client-2"),
                ("redirect_uri", CB),
                ("scope", "read write"),
                ("state", state),
            ],
        ))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(browser.cookie.is_some(), "the session cookie is set");
    let page = browser.get(location(&response).as_str()).await;
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains("<form method=\"post\" action=\"/login\">"));
    assert!(page.contains("type=\"password\" name=\"password\""));
    let request_id = field(&page, "request_id");
    let csrf_token = field(&page, "csrf_token");
    let response = browser
        .post(
            &format!("{base}/login"),
            &[
                ("request_id", &request_id),
                ("csrf_token", &csrf_token),
                ("username", "alice"),
                ("password", "wrong"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("Invalid username or password"));
    let response = browser
        .post(
            &format!("{base}/login"),
            &[
                ("request_id", &request_id),
                ("csrf_token", &csrf_token),
                ("username", "alice"),
                ("password", "alice-pass-123"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = browser
        .get(location(&response).as_str())
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("conf-client-2"));
    assert!(page.contains("read write"));
    let response = browser
        .post(
            &format!("{base}/consent"),
            &[
                ("request_id", &field(&page, "request_id")),
                ("csrf_token", &field(&page, "csrf_token")),
                ("decision", "approve"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let redirect = location(&response);
    assert!(redirect.as_str().starts_with(CB));
    assert_eq!(query_param(&redirect, "state").as_deref(), Some(state));
    assert_eq!(query_param(&redirect, "iss"), Some(base.clone()));
    let code = query_param(&redirect, "code").unwrap();

    // Basic with the reserved-character secret, form-url-encoded then base64 (§2.3.1).
    let conf_client_2 = basic("conf-client-2", "conf:client/2 s3cr%t+&é");
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    let first = token(&server, Some(&conf_client_2), &exchange).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.json);
    assert_eq!(first.headers["cache-control"], "no-store");
    assert_eq!(first.headers["pragma"], "no-cache");
    assert_eq!(first.json["token_type"], "Bearer");
    assert_eq!(first.json["expires_in"], 3600);
    assert_eq!(first.json["scope"], "read write");
    let access_token = first.json["access_token"].as_str().unwrap().to_owned();
    let refresh_token = first.json["refresh_token"].as_str().unwrap().to_owned();

    let resource = resource_with_header(&server, &access_token).await;
    assert_eq!(resource.status(), StatusCode::OK);
    let resource = resource.json_value().await;
    assert_eq!(resource["sub"], "alice");
    assert_eq!(resource["client_id"], "conf-client-2");

    let active = introspect(&server, &access_token).await;
    assert_eq!(active["active"], true);
    assert_eq!(active["client_id"], "conf-client-2");
    assert_eq!(active["username"], "alice");

    // Replay: refused, and the tokens of the first redemption are revoked (§4.1.2, §10.5).
    let replay = token(&server, Some(&conf_client_2), &exchange).await;
    assert_eq!(replay.status, StatusCode::BAD_REQUEST);
    assert_eq!(replay.json["error"], "invalid_grant");
    assert_eq!(replay.headers["cache-control"], "no-store");
    assert_eq!(
        introspect(&server, &access_token).await,
        serde_json::json!({"active": false})
    );
    let refresh = token(
        &server,
        Some(&conf_client_2),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh_token),
        ],
    )
    .await;
    assert_eq!(refresh.json["error"], "invalid_grant");
    let resource = resource_with_header(&server, &access_token).await;
    assert_eq!(resource.status(), StatusCode::UNAUTHORIZED);
    assert!(www_authenticate(resource.headers())
        .unwrap()
        .contains("error=\"invalid_token\""));
    server.shutdown().await;
}

#[tokio::test]
async fn untrusted_redirect_uris_get_an_error_page_never_a_redirect() {
    let server = server(&[]).await;
    for params in [
        vec![
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("redirect_uri", "https://evil.example/cb"),
        ],
        vec![
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("redirect_uri", "http://127.0.0.1:9999/cbx"),
        ],
        // Two registered URIs and none named (§3.1.2.3).
        vec![("response_type", "code"), ("client_id", "conf-client")],
        vec![
            ("response_type", "code"),
            ("client_id", "nobody"),
            ("redirect_uri", CB),
        ],
        vec![("response_type", "code"), ("redirect_uri", CB)],
        vec![
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("client_id", "conf-client-2"),
            ("redirect_uri", CB),
        ],
    ] {
        let response = http()
            .get(authorize_url(&server, &params))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{params:?}");
        assert!(response.headers().get(LOCATION).is_none(), "{params:?}");
        assert_eq!(response.headers()["x-frame-options"], "DENY");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn errors_after_the_redirect_uri_is_trusted_go_back_to_the_client() {
    let server = server(&[]).await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("client_id", "conf-client"), ("redirect_uri", CB2)],
            "invalid_request",
        ),
        (
            &[
                ("response_type", "token"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
            ],
            "unsupported_response_type",
        ),
        (
            &[("response_type", "code"), ("client_id", "cc-client")],
            "unauthorized_client",
        ),
        (
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
                ("scope", "nope"),
            ],
            "invalid_scope",
        ),
        (
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
                ("scope", "read"),
                ("scope", "write"),
            ],
            "invalid_request",
        ),
        (
            &[("response_type", "code"), ("client_id", "public-client")],
            "invalid_request",
        ),
        (
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S512"),
            ],
            "invalid_request",
        ),
        (
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
                ("code_challenge", "short"),
            ],
            "invalid_request",
        ),
    ];
    for (params, error) in cases {
        let mut params = params.to_vec();
        params.push(("state", "xyz"));
        // RFC 9700 §4.11.2: the user signs in first; only then is the error redirected.
        let redirect = authorize_error(&server, &params).await;
        assert!(
            redirect.as_str().starts_with("http://127.0.0.1:9999/cb"),
            "{redirect}"
        );
        assert_eq!(
            query_param(&redirect, "error").as_deref(),
            Some(*error),
            "{params:?}"
        );
        assert_eq!(query_param(&redirect, "state").as_deref(), Some("xyz"));
        assert_eq!(query_param(&redirect, "iss"), Some(server.base_url()));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn denial_gives_access_denied_with_state() {
    let server = server(&[]).await;
    let redirect = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("redirect_uri", CB2),
            ("state", "xyz"),
        ],
        "deny",
    )
    .await;
    assert!(redirect.as_str().starts_with(CB2));
    assert_eq!(
        query_param(&redirect, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&redirect, "state").as_deref(), Some("xyz"));
    assert_eq!(query_param(&redirect, "code"), None);
    server.shutdown().await;
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_forbidden() {
    let server = server(&[]).await;
    let mut browser = Browser::new();
    let response = browser
        .get(&authorize_url(
            &server,
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", CB),
            ],
        ))
        .await;
    let page = browser
        .get(location(&response).as_str())
        .await
        .text()
        .await
        .unwrap();
    let response = browser
        .post(
            &format!("{}/login", server.base_url()),
            &[
                ("request_id", &field(&page, "request_id")),
                ("csrf_token", "forged"),
                ("username", "alice"),
                ("password", "alice-pass-123"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    server.shutdown().await;
}

#[tokio::test]
async fn public_client_with_pkce_and_refresh_rotation() {
    let server = server(&[]).await;
    let redirect = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", "public-client"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
        "approve",
    )
    .await;
    let code = query_param(&redirect, "code").unwrap();
    let exchange = |verifier| {
        [
            ("grant_type", "authorization_code"),
            ("client_id", "public-client"),
            ("code", code.as_str()),
            ("code_verifier", verifier),
        ]
    };
    let wrong_verifier = "a-wrong-verifier-that-is-long-enough-to-be-well-formed";
    let wrong = token(&server, None, &exchange(wrong_verifier)).await;
    assert_eq!(wrong.json["error"], "invalid_grant");
    let missing = token(
        &server,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "public-client"),
            ("code", &code),
        ],
    )
    .await;
    assert_eq!(missing.json["error"], "invalid_request");
    let good = token(&server, None, &exchange(VERIFIER)).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.json);
    let refresh_token = good.json["refresh_token"].as_str().unwrap().to_owned();

    let rotated = token(&server, None, &public_refresh(&refresh_token)).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.json);
    assert_eq!(rotated.json["scope"], "read");
    let new_refresh_token = rotated.json["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh_token, refresh_token);
    let wider = token(
        &server,
        None,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", "public-client"),
            ("refresh_token", &new_refresh_token),
            ("scope", "read write admin"),
        ],
    )
    .await;
    assert_eq!(wider.json["error"], "invalid_scope");
    // RFC 9700 §4.14.2: replaying the rotated-out token is refused and revokes the grant, so
    // the current refresh token stops working too.
    let old = token(&server, None, &public_refresh(&refresh_token)).await;
    assert_eq!(old.json["error"], "invalid_grant");
    let current = token(&server, None, &public_refresh(&new_refresh_token)).await;
    assert_eq!(current.json["error"], "invalid_grant", "{}", current.json);
    server.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_errors() {
    let server = server(&[]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let cc = [("grant_type", "client_credentials")];

    let get = http()
        .get(format!("{}/token", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.json_value().await["error"], "invalid_request");

    let json_body = http()
        .post(format!("{}/token", server.base_url()))
        .header(AUTHORIZATION, &conf)
        .header("content-type", "application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(json_body.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_body.json_value().await["error"], "invalid_request");

    let wrong_secret = token(&server, Some(&basic("conf-client", "nope")), &cc).await;
    assert_eq!(wrong_secret.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_secret.json["error"], "invalid_client");
    assert_eq!(
        www_authenticate(&wrong_secret.headers).as_deref(),
        Some("Basic realm=\"oauth2spec-reference\"")
    );
    assert_eq!(wrong_secret.headers["cache-control"], "no-store");

    let id_only = token(
        &server,
        None,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "conf-client"),
        ],
    )
    .await;
    assert_eq!(id_only.status, StatusCode::UNAUTHORIZED);
    assert_eq!(id_only.json["error"], "invalid_client");

    let both = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "conf-client"),
            ("client_secret", "conf-client-secret"),
        ],
    )
    .await;
    assert_eq!(both.json["error"], "invalid_request");

    let repeated = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "client_credentials"),
            ("grant_type", "client_credentials"),
        ],
    )
    .await;
    assert_eq!(repeated.json["error"], "invalid_request");

    let missing = token(&server, Some(&conf), &[]).await;
    assert_eq!(missing.json["error"], "invalid_request");
    let unknown = token(&server, Some(&conf), &[("grant_type", "urn:example:nope")]).await;
    assert_eq!(unknown.json["error"], "unsupported_grant_type");
    let not_allowed = token(
        &server,
        Some(&basic("conf-client-2", "conf:client/2 s3cr%t+&é")),
        &cc,
    )
    .await;
    assert_eq!(not_allowed.json["error"], "unauthorized_client");
    let no_code = token(
        &server,
        Some(&conf),
        &[("grant_type", "authorization_code")],
    )
    .await;
    assert_eq!(no_code.json["error"], "invalid_request");
    let bad_code = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "authorization_code"),
            ("code", "nope"),
            ("redirect_uri", CB),
        ],
    )
    .await;
    assert_eq!(bad_code.json["error"], "invalid_grant");

    let cc_client = [
        ("grant_type", "client_credentials"),
        ("client_id", "cc-client"),
        ("client_secret", "cc-client-secret"),
    ];
    let issued = token(&server, None, &cc_client).await;
    assert_eq!(issued.status, StatusCode::OK);
    assert_eq!(issued.json["scope"], "read");
    assert!(issued.json.get("refresh_token").is_none());
    let unknown_scope = client_credentials(
        &server,
        &basic("cc-client", "cc-client-secret"),
        Some("nope"),
    )
    .await;
    assert_eq!(unknown_scope.json["error"], "invalid_scope");
    let beyond = client_credentials(
        &server,
        &basic("cc-client", "cc-client-secret"),
        Some("write"),
    )
    .await;
    assert_eq!(beyond.json["error"], "invalid_scope");
    server.shutdown().await;
}

#[tokio::test]
async fn code_binding_at_the_token_endpoint() {
    let server = server(&[]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let conf_2 = basic("conf-client-2", "conf:client/2 s3cr%t+&é");

    let code = code_for_conf_client(&server, &[]).await;
    let other_client = redeem(&server, &conf_2, &code).await;
    assert_eq!(other_client.json["error"], "invalid_grant");
    let other_uri = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB2),
        ],
    )
    .await;
    assert_eq!(other_uri.json["error"], "invalid_grant");
    let no_uri = token(
        &server,
        Some(&conf),
        &[("grant_type", "authorization_code"), ("code", &code)],
    )
    .await;
    assert_eq!(no_uri.json["error"], "invalid_request");
    let verifier_without_challenge = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CB),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    // OAuth 2.1 §3.2.4 names the error for an unexpected code_verifier.
    assert_eq!(verifier_without_challenge.json["error"], "invalid_request");
    let good = redeem(&server, &conf, &code).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.json);

    // Refresh tokens are bound to their client (§6).
    let refresh_token = good.json["refresh_token"].as_str().unwrap();
    let stolen = token(
        &server,
        Some(&conf_2),
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await;
    assert_eq!(stolen.json["error"], "invalid_grant");
    server.shutdown().await;
}

#[tokio::test]
async fn expired_codes_and_tokens_are_refused() {
    let config = ServerConfig {
        code_lifetime: std::time::Duration::ZERO,
        access_token_lifetime: std::time::Duration::ZERO,
        ..ServerConfig::default()
    };
    let server = start(config).await.unwrap();
    let conf = basic("conf-client", "conf-client-secret");
    let code = code_for_conf_client(&server, &[]).await;
    let expired = redeem(&server, &conf, &code).await;
    assert_eq!(expired.json["error"], "invalid_grant");
    let issued = client_credentials(&server, &conf, None).await;
    let access_token = issued.json["access_token"].as_str().unwrap();
    assert_eq!(
        introspect(&server, access_token).await,
        serde_json::json!({"active": false})
    );
    server.shutdown().await;
}

#[tokio::test]
async fn revocation_and_introspection() {
    let server = server(&[]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let revoke = format!("{}/revoke", server.base_url());
    let code = code_for_conf_client(&server, &[]).await;
    let issued = redeem(&server, &conf, &code).await;
    let access_token = issued.json["access_token"].as_str().unwrap();
    let refresh_token = issued.json["refresh_token"].as_str().unwrap();

    let unauthenticated = post_form(
        &format!("{}/introspect", server.base_url()),
        None,
        &[("token", access_token)],
    )
    .await;
    assert_eq!(unauthenticated.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unauthenticated.json["error"], "invalid_client");

    let missing = post_form(&revoke, Some(&conf), &[]).await;
    assert_eq!(missing.json["error"], "invalid_request");
    let unknown = post_form(&revoke, Some(&conf), &[("token", "nope")]).await;
    assert_eq!(unknown.status, StatusCode::OK);
    let other_client = post_form(
        &revoke,
        Some(&basic("cc-client", "cc-client-secret")),
        &[("token", refresh_token)],
    )
    .await;
    assert_eq!(other_client.status, StatusCode::BAD_REQUEST);
    assert_eq!(introspect(&server, access_token).await["active"], true);

    // The wrong hint still finds the refresh token; revoking it takes the access token along.
    let revoked = post_form(
        &revoke,
        Some(&conf),
        &[
            ("token", refresh_token),
            ("token_type_hint", "access_token"),
        ],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert_eq!(
        introspect(&server, access_token).await,
        serde_json::json!({"active": false})
    );
    assert_eq!(
        introspect(&server, refresh_token).await,
        serde_json::json!({"active": false})
    );
    server.shutdown().await;
}

#[tokio::test]
async fn protected_resource_challenges() {
    let server = server(&[]).await;
    let resource = format!("{}/resource", server.base_url());
    let conf = basic("conf-client", "conf-client-secret");

    let none = http().get(&resource).send().await.unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        www_authenticate(none.headers()).as_deref(),
        Some("Bearer realm=\"oauth2spec-reference\"")
    );

    let bogus = resource_with_header(&server, "bogus").await;
    assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);
    assert!(www_authenticate(bogus.headers())
        .unwrap()
        .contains("error=\"invalid_token\""));

    let read = client_credentials(&server, &conf, None).await;
    let read = read.json["access_token"].as_str().unwrap().to_owned();
    let in_body = http()
        .post(&resource)
        .form(&[("access_token", &read)])
        .send()
        .await
        .unwrap();
    assert_eq!(in_body.status(), StatusCode::OK);
    let both = http()
        .post(&resource)
        .header(AUTHORIZATION, format!("Bearer {read}"))
        .form(&[("access_token", &read)])
        .send()
        .await
        .unwrap();
    assert_eq!(both.status(), StatusCode::BAD_REQUEST);
    assert!(www_authenticate(both.headers())
        .unwrap()
        .contains("error=\"invalid_request\""));

    let write = client_credentials(&server, &conf, Some("write")).await;
    let write = write.json["access_token"].as_str().unwrap().to_owned();
    let insufficient = resource_with_header(&server, &write).await;
    assert_eq!(insufficient.status(), StatusCode::FORBIDDEN);
    let challenge = www_authenticate(insufficient.headers()).unwrap();
    assert!(challenge.contains("error=\"insufficient_scope\""));
    assert!(challenge.contains("scope=\"read\""));
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let server = server(&[]).await;
    let response = http()
        .post(format!("{}/token", server.base_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("a=".to_owned() + &"b".repeat(70 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Read to the end before the answer (so the client is not reset mid-send): the server's own
    // JSON error, naming the size.
    let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("71682 bytes")),
        "{body}"
    );
    server.shutdown().await;
}

// ---- Quirks: each has its effect ----

#[tokio::test]
async fn quirk_redirect_uri_prefix_match_accepts_a_longer_uri() {
    let server = server(&[Quirk::RedirectUriPrefixMatch]).await;
    let response = http()
        .get(authorize_url(
            &server,
            &[
                ("response_type", "code"),
                ("client_id", "conf-client"),
                ("redirect_uri", "http://127.0.0.1:9999/cbx"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response).path(), "/login");
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_code_in_fragment_moves_the_code() {
    let server = server(&[Quirk::CodeInFragment]).await;
    let redirect = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("redirect_uri", CB),
            ("state", "xyz"),
        ],
        "approve",
    )
    .await;
    assert_eq!(query_param(&redirect, "code"), None);
    assert!(redirect.fragment().unwrap().contains("code="));
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_state_mangled_truncates_state() {
    let server = server(&[Quirk::StateMangled]).await;
    let redirect = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", "conf-client"),
            ("redirect_uri", CB),
            ("state", "0123456789abcdef"),
        ],
        "approve",
    )
    .await;
    assert_eq!(query_param(&redirect, "state").as_deref(), Some("01234567"));
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_code_reuse_keeps_tokens() {
    let server = server(&[Quirk::CodeReuseKeepsTokens]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let code = code_for_conf_client(&server, &[]).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    let first = token(&server, Some(&conf), &exchange).await;
    let replay = token(&server, Some(&conf), &exchange).await;
    assert_eq!(replay.json["error"], "invalid_grant");
    let access_token = first.json["access_token"].as_str().unwrap();
    assert_eq!(introspect(&server, access_token).await["active"], true);
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_code_reuse_allowed() {
    let server = server(&[Quirk::CodeReuseAllowed]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let code = code_for_conf_client(&server, &[]).await;
    let exchange = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CB),
    ];
    let first = token(&server, Some(&conf), &exchange).await;
    assert_eq!(first.status, StatusCode::OK);
    let second = token(&server, Some(&conf), &exchange).await;
    assert_eq!(second.status, StatusCode::OK);
    // Only the single-use rule is broken: the replay still revokes the earlier tokens.
    let first_token = first.json["access_token"].as_str().unwrap();
    assert_eq!(introspect(&server, first_token).await["active"], false);
    let second_token = second.json["access_token"].as_str().unwrap();
    assert_eq!(introspect(&server, second_token).await["active"], true);
    server.shutdown().await;
}

#[tokio::test]
async fn quirks_that_grant_unknown_scopes() {
    let server = server(&[Quirk::UnknownScopeIgnored, Quirk::TokenUnknownScopeIgnored]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let code = code_for_conf_client(&server, &[("scope", "read does_not_exist")]).await;
    let issued = redeem(&server, &conf, &code).await;
    assert_eq!(issued.json["scope"], "does_not_exist read");
    let issued = client_credentials(&server, &conf, Some("unknown")).await;
    assert_eq!(issued.status, StatusCode::OK);
    assert_eq!(issued.json["scope"], "unknown");
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_basic_auth_failure_without_challenge() {
    let server = server(&[Quirk::BasicAuthFailureWithoutChallenge]).await;
    let reply = client_credentials(&server, &basic("conf-client", "nope"), None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json["error"], "invalid_client");
    assert_eq!(www_authenticate(&reply.headers), None);
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_basic_auth_not_form_decoded_breaks_reserved_characters() {
    let server = server(&[Quirk::BasicAuthNotFormDecoded]).await;
    let reply = token(
        &server,
        Some(&basic("conf-client-2", "conf:client/2 s3cr%t+&é")),
        &[("grant_type", "refresh_token"), ("refresh_token", "x")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json["error"], "invalid_client");
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_pkce_s256_wrong_transform_refuses_the_right_verifier() {
    let server = server(&[Quirk::PkceS256WrongTransform]).await;
    let redirect = authorize(
        &server,
        &[
            ("response_type", "code"),
            ("client_id", "public-client"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
        "approve",
    )
    .await;
    let code = query_param(&redirect, "code").unwrap();
    let reply = token(
        &server,
        None,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", "public-client"),
            ("code", &code),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(reply.json["error"], "invalid_grant");
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_token_response_shape() {
    let server = server(&[
        Quirk::TokenTypeMissing,
        Quirk::ExpiresInMissing,
        Quirk::TokenResponseCacheable,
        Quirk::ClientCredentialsRefreshToken,
    ])
    .await;
    let reply =
        client_credentials(&server, &basic("conf-client", "conf-client-secret"), None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.json.get("token_type").is_none());
    assert!(reply.json.get("expires_in").is_none());
    assert!(reply.json.get("refresh_token").is_some());
    assert!(reply.headers.get("cache-control").is_none());
    assert!(reply.headers.get("pragma").is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn quirks_at_the_protected_resource() {
    let server = server(&[
        Quirk::BearerChallengeMissing,
        Quirk::BearerInvalidTokenWrongError,
    ])
    .await;
    let none = http()
        .get(format!("{}/resource", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(www_authenticate(none.headers()), None);
    let bogus = resource_with_header(&server, "bogus").await;
    assert_eq!(bogus.status(), StatusCode::BAD_REQUEST);
    server.shutdown().await;

    let server = self::server(&[Quirk::BearerHeaderRejected]).await;
    let issued =
        client_credentials(&server, &basic("conf-client", "conf-client-secret"), None).await;
    let access_token = issued.json["access_token"].as_str().unwrap();
    let in_header = resource_with_header(&server, access_token).await;
    assert_eq!(in_header.status(), StatusCode::UNAUTHORIZED);
    assert!(www_authenticate(in_header.headers())
        .unwrap()
        .contains("error=\"invalid_token\""));
    let in_body = http()
        .post(format!("{}/resource", server.base_url()))
        .form(&[("access_token", access_token)])
        .send()
        .await
        .unwrap();
    assert_eq!(in_body.status(), StatusCode::OK);
    server.shutdown().await;
}

#[tokio::test]
async fn quirk_basic_auth_unsupported_ignores_only_the_credentials() {
    let server = server(&[Quirk::BasicAuthUnsupported]).await;
    let conf = basic("conf-client", "conf-client-secret");
    let basic_only = client_credentials(&server, &conf, None).await;
    assert_eq!(basic_only.status, StatusCode::UNAUTHORIZED);
    assert_eq!(basic_only.json["error"], "invalid_client");
    // The header is still seen, so two methods at once are still refused (§2.3).
    let both = token(
        &server,
        Some(&conf),
        &[
            ("grant_type", "client_credentials"),
            ("client_id", "conf-client"),
            ("client_secret", "conf-client-secret"),
        ],
    )
    .await;
    assert_eq!(both.json["error"], "invalid_request");
    server.shutdown().await;
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let server = server(&[]).await;
    let url = format!(
        "{}/.well-known/oauth-authorization-server",
        server.base_url()
    );
    drop(server);
    tokio::task::yield_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert!(http().get(url).send().await.is_err());
}

#[tokio::test]
async fn absurd_lifetimes_do_not_panic() {
    let config = ServerConfig {
        code_lifetime: std::time::Duration::MAX,
        access_token_lifetime: std::time::Duration::MAX,
        ..ServerConfig::default()
    };
    let server = start(config).await.unwrap();
    let conf = basic("conf-client", "conf-client-secret");
    let code = code_for_conf_client(&server, &[]).await;
    let issued = redeem(&server, &conf, &code).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.json);
    let access_token = issued.json["access_token"].as_str().unwrap();
    assert_eq!(introspect(&server, access_token).await["active"], true);
    server.shutdown().await;
}
