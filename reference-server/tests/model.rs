//! A stateful model test of the reference server: random sequences of authorize, redeem,
//! refresh, revoke and introspect across clients, driven in-process through the router, each
//! answer checked against a small model of what RFC 6749, RFC 7009 and RFC 7662 require:
//!
//! - a code works at most once, only for the client it was issued to and only with its PKCE
//!   verifier (RFC 6749 §4.1.2, §4.1.3, RFC 7636 §4.6);
//! - a replayed code revokes the tokens issued from it (§4.1.2, §10.5), but only when the replay
//!   is otherwise valid: right client, right verifier (OAuth 2.1 §7.5.2);
//! - a refresh token works for its own client only (§6, §10.4), and every client's is rotated
//!   on use (RFC 9700 §4.14.2); a rotated-out refresh token presented again by its own client
//!   is refused and revokes the whole grant (RFC 9700 §4.14.2 reuse detection);
//! - revoked tokens are inactive; revoking a refresh token revokes its grant (RFC 7009 §2.1);
//! - introspection says `active` exactly for live tokens (RFC 7662 §2.2);
//! - no request is ever answered with a 5xx.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;
use proptest::sample::Index;
use reference_server::{app, Quirk, ServerConfig};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tower::ServiceExt;

const ISSUER: &str = "http://127.0.0.1:9";
const REDIRECT_URI: &str = "http://127.0.0.1:9999/cb";

/// The clients of the model, each authenticating its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    /// `client_secret_post`.
    Conf,
    /// `client_secret_basic`, with a secret full of reserved characters (§2.3.1).
    Conf2,
    /// A public client: `client_id` only, PKCE required.
    Public,
}

impl Client {
    fn id(self) -> &'static str {
        match self {
            Client::Conf => "conf-client",
            Client::Conf2 => "conf-client-2",
            Client::Public => "public-client",
        }
    }

    fn is_public(self) -> bool {
        self == Client::Public
    }
}

fn client() -> impl Strategy<Value = Client> {
    prop_oneof![
        Just(Client::Conf),
        Just(Client::Conf2),
        Just(Client::Public)
    ]
}

#[derive(Debug, Clone)]
enum Op {
    Authorize {
        client: Client,
        pkce: bool,
    },
    /// `wrong_verifier`: send a well-formed verifier that is not the code's (only for a code
    /// issued with a challenge).
    Redeem {
        code: Index,
        by: Client,
        wrong_verifier: bool,
    },
    Refresh {
        token: Index,
        by: Client,
    },
    Revoke {
        token: Index,
        by: Client,
    },
    Introspect {
        token: Index,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (client(), any::<bool>()).prop_map(|(client, pkce)| Op::Authorize { client, pkce }),
        4 => (any::<Index>(), client(), prop::bool::weighted(0.2))
            .prop_map(|(code, by, wrong_verifier)| Op::Redeem { code, by, wrong_verifier }),
        2 => (any::<Index>(), client()).prop_map(|(token, by)| Op::Refresh { token, by }),
        2 => (any::<Index>(), client()).prop_map(|(token, by)| Op::Revoke { token, by }),
        2 => any::<Index>().prop_map(|token| Op::Introspect { token }),
    ]
}

#[derive(Debug)]
struct Code {
    value: String,
    client: Client,
    verifier: Option<String>,
    redeemed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Access,
    Refresh,
}

#[derive(Debug)]
struct Token {
    value: String,
    kind: Kind,
    client: Client,
    /// The code the grant came from: every token of one grant shares it.
    grant: usize,
    live: bool,
    /// A refresh token replaced by rotation: presenting it again is reuse (RFC 9700 §4.14.2).
    rotated: bool,
}

/// What the server should know.
#[derive(Debug, Default)]
struct Model {
    codes: Vec<Code>,
    tokens: Vec<Token>,
}

impl Model {
    fn revoke_grant(&mut self, grant: usize) {
        for token in self.tokens.iter_mut().filter(|t| t.grant == grant) {
            token.live = false;
        }
    }
}

/// One HTTP answer, read whole.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    set_cookie: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The server, a browser session (cookie and CSRF token) and the model.
struct Harness {
    app: Router,
    cookie: Option<String>,
    csrf_token: Option<String>,
    model: Model,
}

impl Harness {
    fn new(quirks: &[Quirk]) -> Self {
        let config = ServerConfig {
            quirks: quirks.iter().copied().collect(),
            ..ServerConfig::default()
        };
        Harness {
            app: app(config, ISSUER),
            cookie: None,
            csrf_token: None,
            model: Model::default(),
        }
    }

    async fn send(&self, request: Request<Body>) -> Answer {
        let description = format!("{} {}", request.method(), request.uri());
        let response = self
            .app
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let header_value = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let location = header_value(header::LOCATION);
        let set_cookie = header_value(header::SET_COOKIE);
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("an in-memory body")
            .to_vec();
        assert!(
            !status.is_server_error(),
            "{description} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        Answer {
            status,
            location,
            set_cookie,
            body,
        }
    }

    /// A browser request: the session cookie, and the one the server sets is kept.
    async fn browse(&mut self, method: &str, path_and_query: &str, form: Option<&str>) -> Answer {
        let mut request = Request::builder().method(method).uri(path_and_query);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let body = match form {
            Some(form) => {
                request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(form.to_owned())
            }
            None => Body::empty(),
        };
        let answer = self.send(request.body(body).unwrap()).await;
        if let Some(set_cookie) = &answer.set_cookie {
            let pair = set_cookie.split(';').next().unwrap_or_default();
            self.cookie = Some(pair.to_owned());
        }
        answer
    }

    /// A back-channel POST with the client's authentication.
    async fn post(&self, path: &str, by: Client, pairs: &[(&str, &str)]) -> Answer {
        let mut pairs: Vec<(&str, &str)> = pairs.to_vec();
        let mut request = Request::builder()
            .method("POST")
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        match by {
            Client::Conf => {
                pairs.push(("client_id", "conf-client"));
                pairs.push(("client_secret", "conf-client-secret"));
            }
            Client::Conf2 => {
                // §2.3.1: id and secret are form-encoded, then joined and base64-encoded.
                let encode = |s: &str| -> String {
                    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
                };
                let credentials = format!(
                    "{}:{}",
                    encode("conf-client-2"),
                    encode("conf:client/2 s3cr%t+&é")
                );
                let value = format!("Basic {}", STANDARD.encode(credentials));
                request = request.header(header::AUTHORIZATION, value);
            }
            Client::Public => pairs.push(("client_id", "public-client")),
        }
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Authorization request, sign-in (once per session), consent: the code.
    async fn authorize(&mut self, client: Client, pkce: bool) -> String {
        let pkce = pkce || client.is_public();
        let verifier = pkce.then(|| URL_SAFE_NO_PAD.encode(rand_bytes()));
        let mut pairs = vec![
            ("response_type", "code".to_owned()),
            ("client_id", client.id().to_owned()),
            ("redirect_uri", REDIRECT_URI.to_owned()),
            ("state", "s".to_owned()),
        ];
        if let Some(verifier) = &verifier {
            let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            pairs.push(("code_challenge", challenge));
            pairs.push(("code_challenge_method", "S256".to_owned()));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&pairs)
            .finish();
        let answer = self
            .browse("GET", &format!("/authorize?{query}"), None)
            .await;
        let mut location = answer
            .location
            .expect("the authorization request redirects");

        if location.starts_with(&format!("{ISSUER}/login?")) {
            let login = self.browse("GET", local(&location), None).await;
            let csrf_token = hidden_value(&login.text(), "csrf_token");
            let request_id = query_value(&location, "request_id");
            let form = form(&[
                ("request_id", request_id.as_str()),
                ("csrf_token", csrf_token.as_str()),
                ("username", "alice"),
                ("password", "alice-pass-123"),
            ]);
            let signed_in = self.browse("POST", "/login", Some(&form)).await;
            self.csrf_token = Some(csrf_token);
            location = signed_in.location.expect("sign-in redirects to consent");
        }
        assert!(
            location.starts_with(&format!("{ISSUER}/consent?")),
            "{location}"
        );
        let request_id = query_value(&location, "request_id");
        let csrf_token = self.csrf_token.clone().expect("signed in");
        let form = form(&[
            ("request_id", request_id.as_str()),
            ("csrf_token", csrf_token.as_str()),
            ("decision", "approve"),
        ]);
        let approved = self.browse("POST", "/consent", Some(&form)).await;
        let location = approved.location.expect("consent redirects to the client");
        assert!(location.starts_with(REDIRECT_URI), "{location}");
        let code = query_value(&location, "code");
        self.model.codes.push(Code {
            value: code.clone(),
            client,
            verifier,
            redeemed: false,
        });
        code
    }

    async fn redeem(&mut self, index: usize, by: Client, wrong_verifier: bool) {
        let code = &self.model.codes[index];
        let mut pairs = vec![
            ("grant_type", "authorization_code"),
            ("code", code.value.as_str()),
            ("redirect_uri", REDIRECT_URI),
        ];
        // Only a code issued with a challenge gets a wrong verifier: one sent for a code without
        // a challenge is a different error (invalid_request).
        let wrong_verifier = wrong_verifier && code.verifier.is_some();
        let other_verifier = URL_SAFE_NO_PAD.encode(rand_bytes());
        if let Some(verifier) = &code.verifier {
            let sent = if wrong_verifier {
                &other_verifier
            } else {
                verifier
            };
            pairs.push(("code_verifier", sent.as_str()));
        }
        let answer = self.post("/token", by, &pairs).await;
        let (owner, redeemed) = (code.client, code.redeemed);
        if redeemed {
            // §4.1.2: refused. The tokens of the first redemption are revoked only if the replay
            // is otherwise valid (OAuth 2.1 §7.5.2): else anyone holding a stolen code could
            // revoke the client's tokens with a request it could never have completed.
            expect_error(&answer, StatusCode::BAD_REQUEST, "invalid_grant");
            if by == owner && !wrong_verifier {
                self.model.revoke_grant(index);
            }
        } else if by != owner || wrong_verifier {
            // §4.1.3: issued to another client; RFC 7636 §4.6: the verifier does not match.
            // Either way the code stays usable by its own client with its verifier.
            expect_error(&answer, StatusCode::BAD_REQUEST, "invalid_grant");
        } else {
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
            let json = answer.json();
            self.model.codes[index].redeemed = true;
            self.add_token(&json, "access_token", Kind::Access, owner, index);
            self.add_token(&json, "refresh_token", Kind::Refresh, owner, index);
        }
    }

    fn add_token(&mut self, json: &Value, member: &str, kind: Kind, client: Client, grant: usize) {
        if let Some(value) = json.get(member).and_then(Value::as_str) {
            self.model.tokens.push(Token {
                value: value.to_owned(),
                kind,
                client,
                grant,
                live: true,
                rotated: false,
            });
        }
    }

    async fn refresh(&mut self, index: usize, by: Client) {
        let token = &self.model.tokens[index];
        let pairs = [
            ("grant_type", "refresh_token"),
            ("refresh_token", token.value.as_str()),
        ];
        let answer = self.post("/token", by, &pairs).await;
        let (owner, grant, live, rotated) = (token.client, token.grant, token.live, token.rotated);
        if by != owner {
            // §6, §10.4: bound to its client; another client's attempt changes nothing.
            expect_error(&answer, StatusCode::BAD_REQUEST, "invalid_grant");
            return;
        }
        if !live {
            expect_error(&answer, StatusCode::BAD_REQUEST, "invalid_grant");
            if rotated {
                // RFC 9700 §4.14.2: a rotated-out token presented again by its client means one
                // of its holders is an attacker; the whole grant is revoked.
                self.model.revoke_grant(grant);
            }
            return;
        }
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let json = answer.json();
        self.add_token(&json, "access_token", Kind::Access, owner, grant);
        // RFC 9700 §4.14.2: this server rotates every client's refresh token on use.
        let rotated = json.get("refresh_token").is_some();
        assert!(rotated, "refresh tokens are rotated on use");
        if rotated {
            self.model.tokens[index].live = false;
            self.model.tokens[index].rotated = true;
            self.add_token(&json, "refresh_token", Kind::Refresh, owner, grant);
        }
    }

    async fn revoke(&mut self, index: usize, by: Client) {
        let token = &self.model.tokens[index];
        let answer = self
            .post("/revoke", by, &[("token", token.value.as_str())])
            .await;
        let (owner, grant, live, kind) = (token.client, token.grant, token.live, token.kind);
        if by != owner {
            if live {
                // RFC 7009 §2.1: a token of another client is refused.
                expect_error(&answer, StatusCode::BAD_REQUEST, "invalid_grant");
            } else {
                // A dead token of another client: refused (§2.1) or answered 200 as an unknown
                // token (§2.2); either way nothing changes.
                assert!(
                    answer.status == StatusCode::OK || answer.status == StatusCode::BAD_REQUEST,
                    "{}",
                    answer.text()
                );
            }
            return;
        }
        // §2.2: 200 whether the token was live or not.
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        if live {
            match kind {
                Kind::Access => self.model.tokens[index].live = false,
                Kind::Refresh => self.model.revoke_grant(grant),
            }
        }
    }

    async fn introspect(&self, index: usize) {
        let token = &self.model.tokens[index];
        let answer = self
            .post(
                "/introspect",
                Client::Conf,
                &[("token", token.value.as_str())],
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
        let active = answer.json().get("active").cloned();
        assert_eq!(
            active,
            Some(Value::Bool(token.live)),
            "introspection of {token:?}"
        );
    }

    async fn apply(&mut self, op: &Op) {
        match op {
            Op::Authorize { client, pkce } => {
                self.authorize(*client, *pkce).await;
            }
            Op::Redeem {
                code,
                by,
                wrong_verifier,
            } if !self.model.codes.is_empty() => {
                let index = code.index(self.model.codes.len());
                self.redeem(index, *by, *wrong_verifier).await;
            }
            Op::Refresh { token, by } => {
                let refresh: Vec<usize> = (0..self.model.tokens.len())
                    .filter(|&i| self.model.tokens[i].kind == Kind::Refresh)
                    .collect();
                if !refresh.is_empty() {
                    self.refresh(refresh[token.index(refresh.len())], *by).await;
                }
            }
            Op::Revoke { token, by } if !self.model.tokens.is_empty() => {
                let index = token.index(self.model.tokens.len());
                self.revoke(index, *by).await;
            }
            Op::Introspect { token } if !self.model.tokens.is_empty() => {
                self.introspect(token.index(self.model.tokens.len())).await;
            }
            _ => {}
        }
    }
}

fn expect_error(answer: &Answer, status: StatusCode, error: &str) {
    assert_eq!(answer.status, status, "{}", answer.text());
    assert_eq!(
        answer.json().get("error").and_then(Value::as_str),
        Some(error),
        "{}",
        answer.text()
    );
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    bytes
}

fn local(url: &str) -> &str {
    url.strip_prefix(ISSUER).unwrap_or(url)
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

fn query_value(url: &str, name: &str) -> String {
    let url = url::Url::parse(url).expect("an absolute URL");
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| panic!("{name} in {url}"))
}

/// The value of a hidden input, from the server's own (simple, escaped) HTML.
fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    let end = html[start..].find('"').expect("a closing quote") + start;
    html[start..end].to_owned()
}

fn run(ops: &[Op]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut harness = Harness::new(&[]);
        for op in ops {
            harness.apply(op).await;
        }
        // Finally every token the model knows is introspected: revocations, replays and
        // rotations must all show.
        for index in 0..harness.model.tokens.len() {
            harness.introspect(index).await;
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn server_agrees_with_the_model(ops in prop::collection::vec(op(), 1..24)) {
        run(&ops);
    }
}

/// The sequence the properties are about, spelled out: a replayed code is refused and
/// revokes the tokens of its first redemption.
#[test]
fn replayed_code_revokes_its_tokens() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut harness = Harness::new(&[]);
        harness.authorize(Client::Public, true).await;
        harness.redeem(0, Client::Public, false).await;
        assert_eq!(
            harness.model.tokens.len(),
            2,
            "an access and a refresh token"
        );
        harness.introspect(0).await;
        harness.redeem(0, Client::Public, false).await;
        assert!(harness.model.tokens.iter().all(|token| !token.live));
        harness.introspect(0).await;
        harness.introspect(1).await;
    });
}

/// Every step of the model a quirk breaks, in one fixed sequence: wrong-client redemption,
/// redemption, wrong-client replay, wrong-client refresh and revocation, revocation, refresh
/// reuse, revocation of a grant through its refresh token, wrong-verifier replay, replay, and a
/// final introspection of every token. Tokens are numbered as the model records them.
async fn fixed_sequence(quirks: &[Quirk]) {
    let mut harness = Harness::new(quirks);
    // Code 0, Conf: tokens 0 (access), 1 (refresh).
    harness.authorize(Client::Conf, false).await;
    harness.redeem(0, Client::Public, false).await;
    harness.redeem(0, Client::Conf2, false).await;
    harness.redeem(0, Client::Conf, false).await;
    // A replay by another client is refused and revokes nothing (OAuth 2.1 §7.5.2).
    harness.redeem(0, Client::Conf2, false).await;
    harness.refresh(1, Client::Conf2).await;
    harness.revoke(0, Client::Conf2).await;
    harness.revoke(0, Client::Conf).await;
    // Code 1, Conf2: tokens 2, 3; the refresh gives 4, 5 and rotates 3 out; replaying 3
    // revokes the grant (RFC 9700 §4.14.2).
    harness.authorize(Client::Conf2, true).await;
    harness.redeem(1, Client::Conf2, false).await;
    harness.refresh(3, Client::Conf2).await;
    harness.refresh(3, Client::Conf2).await;
    harness.revoke(3, Client::Conf2).await;
    // Code 2, Conf2: tokens 6, 7; revoking the refresh token revokes the access token too.
    harness.authorize(Client::Conf2, false).await;
    harness.redeem(2, Client::Conf2, false).await;
    harness.revoke(7, Client::Conf2).await;
    // Code 3, Public: tokens 8, 9; the refresh gives 10, 11; a replay with a wrong verifier
    // revokes nothing, a valid replay revokes all three live tokens.
    harness.authorize(Client::Public, true).await;
    harness.redeem(3, Client::Public, true).await;
    harness.redeem(3, Client::Public, false).await;
    harness.refresh(9, Client::Public).await;
    harness.redeem(3, Client::Public, true).await;
    for index in 0..harness.model.tokens.len() {
        harness.introspect(index).await;
    }
    harness.redeem(3, Client::Public, false).await;
    for index in 0..harness.model.tokens.len() {
        harness.introspect(index).await;
    }
    assert_eq!(harness.model.tokens.len(), 12, "{:?}", harness.model.tokens);
    let live: Vec<usize> = (0..12).filter(|&i| harness.model.tokens[i].live).collect();
    assert_eq!(live, [1], "only the first grant's refresh token is left");
}

fn fixed_sequence_passes(quirks: &[Quirk]) -> bool {
    let quirks = quirks.to_vec();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime")
            .block_on(fixed_sequence(&quirks));
    })
    .join()
    .is_ok()
}

/// The model can fail: each quirk that breaks one of its rules makes the sequence fail, and
/// the clean server passes it.
#[test]
fn the_model_catches_each_broken_rule() {
    assert!(fixed_sequence_passes(&[]), "the clean server passes");
    for quirk in [
        Quirk::CodeReuseAllowed,
        Quirk::CodeReuseKeepsTokens,
        Quirk::CodeNotBoundToClient,
        Quirk::RefreshTokenNotBoundToClient,
        Quirk::RevocationNotBoundToClient,
        Quirk::RevocationKeepsAccessTokens,
        Quirk::InvalidReplayRevokes,
        Quirk::RefreshReuseNotDetected,
        Quirk::RefreshTokenNotRotated,
    ] {
        assert!(!fixed_sequence_passes(&[quirk]), "{quirk} went unnoticed");
    }
}
