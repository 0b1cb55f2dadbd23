//! The per-scenario state: a handle on the target, the exchanges recorded so far, the findings,
//! and what the flow has produced (authorization request, redirect, code, tokens).
//!
//! Steps (in `steps/`) are thin adapters over this type, `client/`, `login/` and `checks/`.

use std::sync::Arc;
use std::time::Instant;

use crate::checks::Verdict;
use crate::client::{Exchange, HttpClient, RawRequest, Redactor};
use crate::config::{ClientSettings, ClientType, Target};
use crate::login::{
    Decision, Driver, FrontChannelOutcome, FrontChannelRequest, FrontChannelResult,
};
use crate::protocol::{pkce, random_token};
use crate::report::model::{Finding, Level, Outcome};
use crate::requirements;

/// What every scenario of one run shares.
pub struct RunContext {
    pub target: Target,
    pub http: HttpClient,
    pub driver: Driver,
    /// Knows the config's secrets; each scenario clones it and adds the codes and tokens it sees.
    pub redactor: Redactor,
    /// `--strict`: SHOULD-level violations fail.
    pub strict: bool,
}

/// Why a scenario stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Halt {
    Skipped(String),
    Error(String),
}

/// An authorization request being built (RFC 6749 §4.1.1).
#[derive(Debug, Clone)]
pub struct AuthRequest {
    pub client: ClientSettings,
    /// Parameters in order; repeats allowed.
    pub params: Vec<(String, String)>,
    pub verifier: Option<String>,
    /// Prefixes at which the front channel stops: the redirect_uri sent and every registered one.
    pub stop_at: Vec<String>,
}

impl AuthRequest {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` (replacing every occurrence) or appends it.
    pub fn set(&mut self, name: &str, value: &str) {
        self.remove(name);
        self.params.push((name.to_string(), value.to_string()));
    }

    pub fn remove(&mut self, name: &str) {
        self.params.retain(|(k, _)| k != name);
    }

    pub fn url(&self, endpoint: &str) -> String {
        let pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        RawRequest::get(endpoint).query(&pairs).url
    }
}

/// How a token request authenticates the client (RFC 6749 §2.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// The client's first listed method (Basic for confidential clients when none is listed,
    /// client_id in the body for public clients).
    Preferred,
    Basic,
    Post,
    BasicWrongSecret,
    BasicAndPost,
    ClientIdOnly,
    /// client_id and a wrong client_secret in the body.
    PostWrongSecret,
    /// client_id and client_secret in the request URI query, nothing in header or body
    /// (RFC 6749 §2.3.1 forbids it).
    InQuery,
    /// No client identification at all: no header, no client_id.
    Anonymous,
}

/// A token request being built (RFC 6749 §4.1.3, §4.4.2, §6).
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub client: ClientSettings,
    pub params: Vec<(String, String)>,
    pub auth: ClientAuth,
}

/// Tokens from a successful token response.
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
}

#[derive(Default, cucumber::World)]
pub struct World {
    ctx: Option<Arc<RunContext>>,
    pub tags: Vec<String>,
    pub requirements: Vec<String>,
    pub started: Option<Instant>,
    redactor: Redactor,
    pub exchanges: Vec<Exchange>,
    pub findings: Vec<Finding>,
    pub halt: Option<Halt>,
    pub auth: Option<AuthRequest>,
    pub front: Option<FrontChannelResult>,
    /// Index in `exchanges` of the last front-channel exchange.
    pub front_last: Option<usize>,
    pub code: Option<String>,
    pub token_request: Option<TokenRequest>,
    /// Index in `exchanges` of the last token endpoint exchange.
    pub last_token: Option<usize>,
    pub tokens: Tokens,
    /// Index in `exchanges` of the last protected-resource exchange.
    pub last_resource: Option<usize>,
    /// The scenario calls the protected resource: tokens are asked for with `[resource] scope`.
    pub for_resource: bool,
    /// Values collected for a statistical check (codes, tokens): RFC 6749 §10.10.
    pub samples: Vec<String>,
    /// The code_verifier of another code of the same client (RFC 7636 §4.4 binding checks).
    pub other_verifier: Option<String>,
    /// The scope the resource owner granted in the original grant, when known (RFC 6749 §6).
    pub original_scope: Option<String>,
    /// Refresh tokens replaced by rotation in this scenario, oldest first (RFC 9700 §4.14.2).
    pub previous_refresh_tokens: Vec<String>,
    /// Indexes in `exchanges` of requests sent all at once (a race scenario).
    pub parallel: Vec<usize>,
    /// For comparisons (RFC 6749 §3.1, §3.2: empty values count as omitted): what a reference
    /// request came to, and the exchanges that show it.
    pub baseline: Option<(String, Vec<usize>)>,
    /// How long the scenario waited for a code or token to expire (RFC 6749 §4.1.2, RFC 6750
    /// §5.2).
    pub expiry_wait: Option<crate::checks::expiry::ExpiryWait>,
    /// Indexes in `exchanges` of the well-known metadata URLs tried (RFC 8414 §3).
    pub well_known_tried: Vec<usize>,
}

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("tags", &self.tags)
            .field("exchanges", &self.exchanges.len())
            .field("findings", &self.findings.len())
            .field("halt", &self.halt)
            .finish_non_exhaustive()
    }
}

impl World {
    /// Called by the runner's before-hook.
    pub fn attach(&mut self, ctx: Arc<RunContext>, tags: Vec<String>) {
        self.redactor = ctx.redactor.clone();
        self.requirements = tags
            .iter()
            .filter(|t| requirements::is_requirement_tag(t))
            .cloned()
            .collect();
        self.tags = tags;
        self.ctx = Some(ctx);
        self.started = Some(Instant::now());
    }

    /// The run context; `None` only if the runner forgot to attach it, which halts the scenario.
    pub fn ctx(&mut self) -> Option<Arc<RunContext>> {
        if self.ctx.is_none() {
            self.error("internal: scenario started without a run context");
        }
        self.ctx.clone()
    }

    pub fn target(&self) -> Option<&Target> {
        self.ctx.as_ref().map(|c| &c.target)
    }

    /// True once the scenario is skipped or errored: later steps do nothing.
    pub fn halted(&self) -> bool {
        self.halt.is_some()
    }

    pub fn skip(&mut self, reason: impl Into<String>) {
        if self.halt.is_none() {
            self.halt = Some(Halt::Skipped(reason.into()));
        }
    }

    /// A harness error: the scenario cannot reach a verdict.
    pub fn error(&mut self, message: impl Into<String>) {
        if self.halt.is_none() {
            self.halt = Some(Halt::Error(message.into()));
        }
    }

    /// A precondition the server did not meet (e.g. no code could be obtained): the scenario
    /// cannot check its own requirement, so this is an error with the evidence, not a failure.
    pub fn precondition_failed(&mut self, message: impl Into<String>, evidence: &[usize]) {
        let message = message.into();
        let requirement = self.primary_requirement();
        let level = self.level_of(&requirement);
        let evidence = self.evidence(evidence);
        self.findings.push(Finding {
            requirement,
            level,
            outcome: Outcome::Error,
            message: format!("precondition not met: {message}"),
            expected: None,
            observed: None,
            evidence,
        });
        self.error(format!("precondition not met: {message}"));
    }

    pub fn has_failure(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.outcome, Outcome::Fail | Outcome::Warn | Outcome::Error))
    }

    /// A step needs something an earlier step should have produced. After a failure that is
    /// expected (nothing more to check); otherwise it is a harness error.
    pub fn missing(&mut self, what: &str) {
        if !self.has_failure() {
            self.error(format!(
                "internal: this step needs {what}, which no earlier step produced"
            ));
        }
    }

    fn primary_requirement(&self) -> String {
        self.requirements
            .first()
            .cloned()
            .unwrap_or_else(|| "untagged".into())
    }

    fn level_of(&self, requirement: &str) -> Level {
        requirements::lookup(requirement)
            .map(|r| r.level())
            .or_else(|| self.tags.iter().find_map(|t| Level::from_tag(t)))
            .unwrap_or(Level::Must)
    }

    /// Records a heuristic's verdict: a violation is a warning whatever the level, since a
    /// black-box estimate (e.g. of entropy) cannot prove a MUST broken.
    pub fn record_estimate(&mut self, hint: Option<&str>, verdict: Verdict, evidence: &[usize]) {
        self.record_as_warning(
            hint,
            verdict,
            evidence,
            "a heuristic estimate, so a warning",
        );
    }

    /// Records a verdict whose violation is a warning whatever the requirement's level, with
    /// `why` appended to the message (e.g. a MUST that binds the client, not the server).
    pub fn record_as_warning(
        &mut self,
        hint: Option<&str>,
        verdict: Verdict,
        evidence: &[usize],
        why: &str,
    ) {
        let warning = matches!(verdict, Verdict::Violated { .. });
        self.record(hint, verdict, evidence);
        if warning {
            if let Some(finding) = self.findings.last_mut() {
                finding.outcome = Outcome::Warn;
                finding.message = format!("{} ({why})", finding.message);
            }
        }
    }

    /// Records a check's verdict. `hint` names the requirement the check is about; it is used
    /// when the scenario carries that tag, else the scenario's first requirement is cited.
    pub fn record(&mut self, hint: Option<&str>, verdict: Verdict, evidence: &[usize]) {
        let requirement = match hint {
            Some(h) if self.requirements.iter().any(|r| r == h) => h.to_string(),
            _ => self.primary_requirement(),
        };
        let level = self.level_of(&requirement);
        let strict = self.ctx.as_ref().is_some_and(|c| c.strict);
        let evidence = self.evidence(evidence);
        let finding = match verdict {
            Verdict::Met(message) => Finding {
                requirement,
                level,
                outcome: Outcome::Pass,
                message,
                expected: None,
                observed: None,
                evidence,
            },
            Verdict::Violated {
                message,
                expected,
                observed,
            } => {
                let outcome = if level == Level::Must || strict {
                    Outcome::Fail
                } else {
                    Outcome::Warn
                };
                Finding {
                    requirement,
                    level,
                    outcome,
                    message: self.redactor.text(&message),
                    expected: Some(self.redactor.text(&expected)),
                    observed: Some(self.redactor.text(&observed)),
                    evidence,
                }
            }
        };
        self.findings.push(finding);
    }

    fn evidence(&self, indexes: &[usize]) -> Vec<crate::report::model::Evidence> {
        indexes
            .iter()
            .filter_map(|&i| self.exchanges.get(i))
            .map(|e| self.redactor.evidence(e))
            .collect()
    }

    /// Every exchange so far, redacted, in order.
    pub fn transcript(&self) -> Vec<crate::report::model::Evidence> {
        self.exchanges
            .iter()
            .map(|e| self.redactor.evidence(e))
            .collect()
    }

    pub fn add_secret(&mut self, value: &str) {
        self.redactor.add_secret(value);
    }

    /// Sends a request, records it, and returns its index; a transport error halts the scenario
    /// as a harness error naming the cause.
    pub async fn send(&mut self, request: RawRequest) -> Option<usize> {
        let http: HttpClient = self.ctx()?.http.clone();
        let exchange = http.send(request).await;
        let failed = exchange.response.as_ref().err().map(|e| e.to_string());
        self.exchanges.push(exchange);
        let index = self.exchanges.len() - 1;
        if let Some(e) = failed {
            self.precondition_failed(format!("the target did not answer: {e}"), &[index]);
            return None;
        }
        Some(index)
    }

    /// Sends a request with another client (e.g. one that validates certificates, or offers
    /// TLS 1.2 only) and records it; a transport error does not halt the scenario, since for
    /// such probes it is the answer. Returns the exchange's index.
    pub async fn send_with(&mut self, http: &HttpClient, request: RawRequest) -> usize {
        let exchange = http.send(request).await;
        self.exchanges.push(exchange);
        self.exchanges.len() - 1
    }

    /// The recorded exchange at `index`, also when no response came.
    pub fn exchange(&self, index: usize) -> Option<&crate::client::Exchange> {
        self.exchanges.get(index)
    }

    pub fn response(&self, index: usize) -> Option<&crate::client::Response> {
        self.exchanges
            .get(index)
            .and_then(|e| e.response.as_ref().ok())
    }

    // ---- the front channel -------------------------------------------------------------

    /// A fresh authorization request for `client`: response_type=code, the first registered
    /// redirect_uri, the configured scope, a random state, and PKCE for public clients.
    pub fn new_auth_request(&mut self, client: ClientSettings) {
        let Some(target) = self.target().cloned() else {
            return;
        };
        let mut params = vec![
            ("response_type".to_string(), "code".to_string()),
            ("client_id".to_string(), client.id.clone()),
        ];
        if let Some(uri) = client.redirect_uris.first() {
            params.push(("redirect_uri".into(), uri.clone()));
        }
        let scope = match &target.resource_settings.scope {
            Some(scope) if self.for_resource => Some(scope),
            _ => target.scope.as_ref(),
        };
        if let Some(scope) = scope {
            params.push(("scope".into(), scope.clone()));
        }
        params.push(("state".into(), random_token(12)));
        // A registered URI with a query also stops at its query-less form: a server that drops
        // the query (RFC 6749 §3.1.2) still sends the browser to the client's endpoint.
        let mut stop_at = client.redirect_uris.clone();
        stop_at.extend(
            client
                .redirect_uris
                .iter()
                .filter_map(|u| u.split_once('?').map(|(base, _)| base.to_string())),
        );
        let mut request = AuthRequest {
            stop_at,
            client,
            params,
            verifier: None,
        };
        if request.client.sends_pkce() {
            let method = if target.offers_pkce_method("S256") {
                "S256"
            } else {
                "plain"
            };
            self.use_pkce(&mut request, method);
        }
        self.auth = Some(request);
    }

    pub fn use_pkce(&mut self, request: &mut AuthRequest, method: &str) {
        let verifier = pkce::new_verifier();
        self.redactor.add_secret(&verifier);
        request.set("code_challenge", &pkce::challenge(&verifier, method));
        request.set("code_challenge_method", method);
        request.verifier = Some(verifier);
    }

    /// Sends the authorization request through the login driver.
    pub async fn run_front_channel(&mut self, decision: Decision) {
        self.run_front_channel_with(decision, false).await;
    }

    /// Sends the authorization request through the login driver; with `stop_at_login` the
    /// driver stops at the first login form instead of signing in.
    pub async fn run_front_channel_with(&mut self, decision: Decision, stop_at_login: bool) {
        let Some(ctx) = self.ctx() else { return };
        let Some(auth) = self.auth.clone() else {
            return self.missing("an authorization request");
        };
        let url = auth.url(&ctx.target.authorization_endpoint);
        self.drive_front_channel(url, decision, stop_at_login).await;
    }

    /// Drives the browser from `url` (the authorization request, or where the server sent
    /// the browser after it) to the client's redirect URI.
    pub async fn drive_front_channel(
        &mut self,
        url: String,
        decision: Decision,
        stop_at_login: bool,
    ) {
        let Some(ctx) = self.ctx() else { return };
        let Some(auth) = self.auth.clone() else {
            return self.missing("an authorization request");
        };
        let mut stop_at = auth.stop_at.clone();
        if let Some(uri) = auth.get("redirect_uri") {
            stop_at.insert(0, uri.to_string());
        }
        stop_at.retain(|s| !s.is_empty());
        let request = FrontChannelRequest {
            authorization_url: url,
            stop_at,
            decision,
            stop_at_login,
        };
        match ctx.driver.run(&ctx.http, &request).await {
            Ok(result) => {
                self.exchanges.extend(result.exchanges.iter().cloned());
                self.front_last = self.exchanges.len().checked_sub(1);
                if let FrontChannelOutcome::Redirected { location } = &result.outcome {
                    if let Ok(r) = crate::protocol::redirect::AuthorizationRedirect::parse(location)
                    {
                        if let Some(code) = r.param_anywhere("code") {
                            self.redactor.add_secret(code);
                            self.code = Some(code.to_string());
                        }
                    }
                }
                self.front = Some(result);
            }
            Err(failure) => {
                self.exchanges.extend(failure.exchanges.iter().cloned());
                self.front_last = self.exchanges.len().checked_sub(1);
                let evidence = self.front_evidence();
                self.precondition_failed(
                    format!(
                        "the front channel (login and consent) failed: {}",
                        failure.error
                    ),
                    &evidence,
                );
            }
        }
    }

    /// Evidence indexes for the end of the front channel (the last two exchanges).
    pub fn front_evidence(&self) -> Vec<usize> {
        match self.front_last {
            Some(i) if i > 0 => vec![i - 1, i],
            Some(i) => vec![i],
            None => vec![],
        }
    }

    /// A complete approved flow for `client`: the code, or a precondition error.
    pub async fn obtain_code(&mut self, client: ClientSettings, pkce_method: Option<&str>) {
        self.new_auth_request(client);
        if let Some(method) = pkce_method {
            if let Some(mut auth) = self.auth.take() {
                self.use_pkce(&mut auth, method);
                self.auth = Some(auth);
            }
        }
        self.complete_code_flow().await;
    }

    /// Runs the current authorization request with approval: the code, or a precondition
    /// error.
    pub async fn complete_code_flow(&mut self) {
        self.code = None;
        self.run_front_channel(Decision::Approve).await;
        if self.halted() {
            return;
        }
        if self.code.is_none() {
            let what = match self.front.as_ref().map(|f| &f.outcome) {
                Some(FrontChannelOutcome::Redirected { location }) => format!("the server redirected without a code: {}", self.redactor.text(location)),
                Some(FrontChannelOutcome::Page { url, status }) => format!("the flow ended on an HTTP {status} page at {url} with no login or consent form the driver could use"),
                Some(FrontChannelOutcome::LoginPage { url }) => format!("the flow stopped at the login page {url}"),
                None => "no result".into(),
            };
            let ev = self.front_evidence();
            self.precondition_failed(
                format!("could not obtain an authorization code: {what}"),
                &ev,
            );
        }
    }

    // ---- the token endpoint --------------------------------------------------------------

    /// Builds the HTTP request for a token request.
    pub fn token_http_request(&self, endpoint: &str, request: &TokenRequest) -> RawRequest {
        let mut params: Vec<(String, String)> = request.params.clone();
        let client = &request.client;
        let secret = client.secret.clone().unwrap_or_default();
        let mut raw = RawRequest::post(endpoint).header("Accept", "application/json");
        let preferred = client.auth_methods.iter().find(|m| {
            matches!(
                m.as_str(),
                "client_secret_basic" | "client_secret_post" | "none"
            )
        });
        let mode = match request.auth {
            ClientAuth::Preferred if client.client_type == ClientType::Public => {
                ClientAuth::ClientIdOnly
            }
            ClientAuth::Preferred => match preferred.map(String::as_str) {
                Some("client_secret_post") => ClientAuth::Post,
                Some("none") => ClientAuth::ClientIdOnly,
                _ => ClientAuth::Basic,
            },
            other => other,
        };
        match mode {
            ClientAuth::Basic => raw = raw.basic_auth(&client.id, &secret),
            ClientAuth::BasicWrongSecret => {
                raw = raw.basic_auth(&client.id, &format!("{secret}-oauth2spec-wrong"))
            }
            ClientAuth::Post => {
                params.push(("client_id".into(), client.id.clone()));
                params.push(("client_secret".into(), secret));
            }
            ClientAuth::BasicAndPost => {
                raw = raw.basic_auth(&client.id, &secret);
                params.push(("client_id".into(), client.id.clone()));
                params.push(("client_secret".into(), secret));
            }
            ClientAuth::ClientIdOnly | ClientAuth::Preferred => {
                params.push(("client_id".into(), client.id.clone()))
            }
            ClientAuth::PostWrongSecret => {
                params.push(("client_id".into(), client.id.clone()));
                params.push(("client_secret".into(), format!("{secret}-oauth2spec-wrong")));
            }
            ClientAuth::InQuery => {
                raw = raw.query(&[("client_id", &client.id), ("client_secret", &secret)]);
            }
            ClientAuth::Anonymous => {}
        }
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        raw.form(&pairs)
    }

    /// Sends `params` to `endpoint` (revocation, introspection…) as `client`, authenticated
    /// the way `auth` says, like a token request.
    pub async fn send_as_client(
        &mut self,
        endpoint: &str,
        client: ClientSettings,
        params: Vec<(String, String)>,
        auth: ClientAuth,
    ) -> Option<usize> {
        let request = TokenRequest {
            client,
            params,
            auth,
        };
        let raw = self.token_http_request(endpoint, &request);
        self.send(raw).await
    }

    /// Sends the current token request; remembers tokens from a successful answer.
    pub async fn send_token_request(&mut self) -> Option<usize> {
        let ctx = self.ctx()?;
        let Some(request) = self.token_request.clone() else {
            self.missing("a token request");
            return None;
        };
        let raw = self.token_http_request(&ctx.target.token_endpoint, &request);
        let index = self.send(raw).await?;
        self.last_token = Some(index);
        let tokens = self
            .response(index)
            .filter(|r| r.status == 200)
            .and_then(|r| r.json().ok())
            .map(|json| Tokens {
                access_token: json
                    .get("access_token")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                refresh_token: json
                    .get("refresh_token")
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
            });
        if let Some(t) = &tokens {
            for s in [&t.access_token, &t.refresh_token].into_iter().flatten() {
                self.redactor.add_secret(s);
            }
        }
        Some(index)
    }

    /// The authorization_code token request for the current code and authorization request.
    pub fn code_exchange_request(&self, client: Option<ClientSettings>) -> Option<TokenRequest> {
        let auth = self.auth.as_ref()?;
        let code = self.code.clone()?;
        let mut params = vec![
            ("grant_type".to_string(), "authorization_code".to_string()),
            ("code".to_string(), code),
        ];
        if let Some(uri) = auth.get("redirect_uri") {
            params.push(("redirect_uri".into(), uri.to_string()));
        }
        if let Some(v) = &auth.verifier {
            params.push(("code_verifier".into(), v.clone()));
        }
        Some(TokenRequest {
            client: client.unwrap_or_else(|| auth.client.clone()),
            params,
            auth: ClientAuth::Preferred,
        })
    }

    /// Exchanges the code (a precondition): the tokens, or a precondition error.
    pub async fn exchange_code_for_tokens(&mut self) -> Option<Tokens> {
        let Some(request) = self.code_exchange_request(None) else {
            self.missing("an authorization code");
            return None;
        };
        self.token_request = Some(request);
        let index = self.send_token_request().await?;
        let verdict = crate::checks::token::token_issued(self.response(index)?);
        if let Verdict::Violated {
            message, observed, ..
        } = verdict
        {
            self.precondition_failed(
                format!("exchanging the code failed: {message}: {observed}"),
                &[index],
            );
            return None;
        }
        let r = self.response(index)?.json().ok()?;
        let tokens = Tokens {
            access_token: r
                .get("access_token")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            refresh_token: r
                .get("refresh_token")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        };
        self.tokens = tokens.clone();
        Some(tokens)
    }

    /// The scenario's verdict, once its steps have run.
    pub fn scenario_outcome(&self) -> (Outcome, Option<String>) {
        match &self.halt {
            Some(Halt::Skipped(reason)) => (Outcome::Skipped, Some(reason.clone())),
            Some(Halt::Error(message)) => (Outcome::Error, Some(self.redactor.text(message))),
            None if self.findings.is_empty() => {
                (Outcome::Error, Some("the scenario checked nothing".into()))
            }
            None => {
                let outcome = crate::report::model::ScenarioResult::outcome_of(&self.findings);
                let message = self
                    .findings
                    .iter()
                    .find(|f| f.outcome == outcome && outcome != Outcome::Pass)
                    .map(|f| f.message.clone());
                (outcome, message)
            }
        }
    }
}
