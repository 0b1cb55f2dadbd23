//! The seed requests: valid requests recorded from real flows, run through the same harness
//! code the conformance suite uses (`World`, the login driver, the client). Codes and refresh
//! tokens are single-use, so each fuzz case of a stateful seed gets fresh ones.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::config::{ClientSettings, ClientType};
use crate::login::FrontChannelOutcome;
use crate::world::{ClientAuth, Halt, RunContext, TokenRequest, World};

use super::mutators::Material;
use super::request::{Endpoint, FuzzRequest};

/// The flows a seed request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SeedKind {
    /// RFC 6749 §4.1.1, sent without a browser session.
    Authorization,
    /// §4.1.3 for the confidential client.
    CodeRedemption,
    /// §4.1.3 with PKCE (RFC 7636 §4.5) for the public client.
    PublicCodeRedemption,
    /// §6
    Refresh,
    /// §4.4.2
    ClientCredentials,
    /// RFC 7009 §2.1
    Revocation,
    /// RFC 7662 §2.1
    Introspection,
}

impl SeedKind {
    pub const ALL: &'static [SeedKind] = &[
        SeedKind::Authorization,
        SeedKind::CodeRedemption,
        SeedKind::PublicCodeRedemption,
        SeedKind::Refresh,
        SeedKind::ClientCredentials,
        SeedKind::Revocation,
        SeedKind::Introspection,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SeedKind::Authorization => "authorization_request",
            SeedKind::CodeRedemption => "code_redemption",
            SeedKind::PublicCodeRedemption => "public_code_redemption_pkce",
            SeedKind::Refresh => "refresh",
            SeedKind::ClientCredentials => "client_credentials",
            SeedKind::Revocation => "revocation",
            SeedKind::Introspection => "introspection",
        }
    }

    pub fn endpoint(self) -> Endpoint {
        match self {
            SeedKind::Authorization => Endpoint::Authorization,
            SeedKind::Revocation => Endpoint::Revocation,
            SeedKind::Introspection => Endpoint::Introspection,
            _ => Endpoint::Token,
        }
    }

    /// Its requests consume something (a code, a refresh token): a replay needs a fresh one.
    pub fn single_use(self) -> bool {
        matches!(
            self,
            SeedKind::CodeRedemption | SeedKind::PublicCodeRedemption | SeedKind::Refresh
        )
    }
}

/// A valid request, just made, and what the mutators and oracles need to know about it.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub request: FuzzRequest,
    pub material: Material,
    pub client: ClientSettings,
    /// Values to redact in reproducers: codes, tokens, the verifier.
    pub values: Vec<String>,
    /// Secrets that must never come back: client secrets, the password, the verifier.
    pub secrets: Vec<String>,
}

/// The seeds the target supports, with the client each uses.
pub struct Corpus {
    ctx: Arc<RunContext>,
    pub seeds: Vec<(SeedKind, ClientSettings)>,
    /// Seeds left out, with the reason.
    pub skipped: Vec<(SeedKind, String)>,
    /// A code redeemed while the corpus was recorded (for `stale_code`).
    stale_code: Option<String>,
    /// Requests made to obtain fresh material (logins, code exchanges).
    pub setup_requests: AtomicU64,
}

impl Corpus {
    /// Records one valid request per flow the target offers and checks that, unmodified, it
    /// succeeds. A flow that fails is left out with the reason.
    pub async fn record(ctx: Arc<RunContext>) -> Corpus {
        let mut corpus = Corpus {
            ctx: ctx.clone(),
            seeds: Vec::new(),
            skipped: Vec::new(),
            stale_code: None,
            setup_requests: AtomicU64::new(0),
        };
        for &kind in SeedKind::ALL {
            let Some(client) = corpus.client_for(kind) else {
                corpus.skipped.push((
                    kind,
                    "the target config has no client or endpoint for it".into(),
                ));
                continue;
            };
            match corpus.check(kind, &client).await {
                Ok(()) => corpus.seeds.push((kind, client)),
                Err(why) => corpus.skipped.push((kind, why)),
            }
        }
        corpus
    }

    fn client_for(&self, kind: SeedKind) -> Option<ClientSettings> {
        let t = &self.ctx.target;
        let with_redirect = |c: &&ClientSettings| !c.redirect_uris.is_empty();
        let cc_client = || {
            t.clients
                .iter()
                .find(|c| {
                    c.client_type == ClientType::Confidential
                        && if c.grant_types.is_empty() {
                            t.offers_grant("client_credentials")
                        } else {
                            c.grant_types.iter().any(|g| g == "client_credentials")
                        }
                })
                .cloned()
        };
        match kind {
            SeedKind::Authorization | SeedKind::CodeRedemption | SeedKind::Refresh => {
                t.confidential(0).filter(with_redirect).cloned()
            }
            SeedKind::PublicCodeRedemption => t.public().filter(with_redirect).cloned(),
            SeedKind::ClientCredentials => cc_client(),
            SeedKind::Revocation => t.revocation_endpoint.as_ref().and_then(|_| cc_client()),
            SeedKind::Introspection => t.introspection_endpoint.as_ref().and_then(|_| cc_client()),
        }
    }

    /// Makes a fresh seed request and sends it unmodified: it must succeed.
    async fn check(&mut self, kind: SeedKind, client: &ClientSettings) -> Result<(), String> {
        let fresh = self.fresh(kind, client, false).await?;
        let exchange = self.ctx.http.send(fresh.request.to_raw()).await;
        let response = exchange
            .response
            .map_err(|e| format!("the unmodified request got no answer: {e}"))?;
        let ok = match kind {
            SeedKind::Authorization => (200..400).contains(&response.status),
            _ => (200..300).contains(&response.status),
        };
        if !ok {
            return Err(format!(
                "the unmodified request was refused with HTTP {}: {}",
                response.status,
                self.ctx
                    .redactor
                    .text(&response.text().chars().take(200).collect::<String>())
            ));
        }
        if kind == SeedKind::CodeRedemption {
            self.stale_code = fresh.request.value("code");
        }
        Ok(())
    }

    /// A new valid request for `kind`, with fresh codes or tokens where the flow needs them,
    /// and (with `foreign_code`) an unredeemed code issued to another client.
    pub async fn fresh(
        &self,
        kind: SeedKind,
        client: &ClientSettings,
        foreign_code: bool,
    ) -> Result<Fresh, String> {
        let ctx = self.ctx.clone();
        let t = &ctx.target;
        let mut world = World::default();
        world.attach(ctx.clone(), Vec::new());
        let mut values = Vec::new();
        let mut secrets: Vec<String> = t.secrets();
        let token_request = |params: Vec<(&str, String)>| TokenRequest {
            client: client.clone(),
            params: params
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            auth: ClientAuth::Preferred,
        };
        let (endpoint, url, raw) = match kind {
            SeedKind::Authorization => {
                world.new_auth_request(client.clone());
                let auth = world.auth.clone().ok_or("no authorization request")?;
                let url = t.authorization_endpoint.clone();
                (
                    Endpoint::Authorization,
                    url.clone(),
                    crate::client::RawRequest::get(auth.url(&url)),
                )
            }
            SeedKind::CodeRedemption | SeedKind::PublicCodeRedemption => {
                world.obtain_code(client.clone(), None).await;
                let request = world
                    .code_exchange_request(None)
                    .ok_or_else(|| halt_reason(&world, "could not obtain a code"))?;
                values.extend(world.code.clone());
                if let Some(v) = world.auth.as_ref().and_then(|a| a.verifier.clone()) {
                    secrets.push(v.clone());
                    values.push(v);
                }
                let url = t.token_endpoint.clone();
                let raw = world.token_http_request(&url, &request);
                (Endpoint::Token, url, raw)
            }
            SeedKind::Refresh => {
                world.obtain_code(client.clone(), None).await;
                let tokens = world
                    .exchange_code_for_tokens()
                    .await
                    .ok_or_else(|| halt_reason(&world, "could not redeem a code"))?;
                let refresh = tokens
                    .refresh_token
                    .ok_or("the server issued no refresh token")?;
                values.push(refresh.clone());
                values.extend(tokens.access_token);
                let url = t.token_endpoint.clone();
                let raw = world.token_http_request(
                    &url,
                    &token_request(vec![
                        ("grant_type", "refresh_token".into()),
                        ("refresh_token", refresh),
                    ]),
                );
                (Endpoint::Token, url, raw)
            }
            SeedKind::ClientCredentials => {
                let mut params = vec![("grant_type", "client_credentials".to_string())];
                if let Some(scope) = &t.scope {
                    params.push(("scope", scope.clone()));
                }
                let url = t.token_endpoint.clone();
                let raw = world.token_http_request(&url, &token_request(params));
                (Endpoint::Token, url, raw)
            }
            SeedKind::Revocation | SeedKind::Introspection => {
                let token = self.client_credentials_token(&mut world, client).await?;
                values.push(token.clone());
                let (endpoint, url) = if kind == SeedKind::Revocation {
                    (Endpoint::Revocation, t.revocation_endpoint.clone())
                } else {
                    (Endpoint::Introspection, t.introspection_endpoint.clone())
                };
                let url = url.ok_or("no endpoint")?;
                let raw = world.token_http_request(
                    &url,
                    &token_request(vec![
                        ("token", token),
                        ("token_type_hint", "access_token".into()),
                    ]),
                );
                (endpoint, url, raw)
            }
        };
        let mut material = Material {
            seed: Some(kind),
            confidential: client.client_type == ClientType::Confidential,
            others: t
                .clients
                .iter()
                .filter(|c| c.id != client.id)
                .map(|c| (c.id.clone(), c.secret.clone()))
                .collect(),
            stale_code: self.stale_code.clone(),
            ..Material::default()
        };
        if foreign_code {
            let other = match client.client_type {
                ClientType::Confidential => t.confidential(1).or(t.public()),
                ClientType::Public => t.confidential(0),
            };
            if let Some(other) = other.filter(|c| !c.redirect_uris.is_empty()).cloned() {
                let mut w = World::default();
                w.attach(ctx.clone(), Vec::new());
                w.obtain_code(other, None).await;
                self.count(w.exchanges.len());
                values.extend(w.code.clone());
                material.foreign_code = w.code;
            }
        }
        self.count(world.exchanges.len());
        let request = FuzzRequest::from_raw(endpoint, &url, &raw).map_err(|e| e.to_string())?;
        material.required = required(kind, client, &request, t.pkce_required_for_public_clients);
        Ok(Fresh {
            request,
            material,
            client: client.clone(),
            values,
            secrets,
        })
    }

    async fn client_credentials_token(
        &self,
        world: &mut World,
        client: &ClientSettings,
    ) -> Result<String, String> {
        let t = &self.ctx.target;
        let mut params = vec![("grant_type".to_string(), "client_credentials".to_string())];
        if let Some(scope) = &t.scope {
            params.push(("scope".into(), scope.clone()));
        }
        let raw = world.token_http_request(
            &t.token_endpoint,
            &TokenRequest {
                client: client.clone(),
                params,
                auth: ClientAuth::Preferred,
            },
        );
        let i = world
            .send(raw)
            .await
            .ok_or_else(|| halt_reason(world, "no answer"))?;
        world
            .response(i)
            .and_then(|r| r.json().ok())
            .and_then(|j| j.get("access_token")?.as_str().map(str::to_string))
            .ok_or_else(|| "client_credentials gave no access token".to_string())
    }

    fn count(&self, n: usize) {
        self.setup_requests.fetch_add(n as u64, Ordering::Relaxed);
    }
}

fn halt_reason(world: &World, fallback: &str) -> String {
    match &world.halt {
        Some(Halt::Error(m)) | Some(Halt::Skipped(m)) => m.clone(),
        None => match world.front.as_ref().map(|f| &f.outcome) {
            Some(FrontChannelOutcome::Page { url, status }) => {
                format!("{fallback}: the flow ended on HTTP {status} at {url}")
            }
            _ => fallback.to_string(),
        },
    }
}

/// The parameters a request of `kind` cannot do without.
fn required(
    kind: SeedKind,
    client: &ClientSettings,
    request: &FuzzRequest,
    pkce_required_for_public: bool,
) -> Vec<String> {
    let mut names: Vec<&str> = match kind {
        SeedKind::Authorization => {
            let mut n = vec!["response_type", "client_id"];
            // §3.1.2.3: with several registered URIs the request must say which.
            if client.redirect_uris.len() > 1 {
                n.push("redirect_uri");
            }
            let public = client.client_type == ClientType::Public;
            if (public && pkce_required_for_public)
                || client.pkce == Some(crate::config::PkceUse::Required)
            {
                n.push("code_challenge");
            }
            n
        }
        // §4.1.3: redirect_uri if the authorization request had it; RFC 7636 §4.5 the verifier.
        SeedKind::CodeRedemption | SeedKind::PublicCodeRedemption => {
            vec!["grant_type", "code", "redirect_uri", "code_verifier"]
        }
        SeedKind::Refresh => vec!["grant_type", "refresh_token"],
        SeedKind::ClientCredentials => vec!["grant_type"],
        SeedKind::Revocation | SeedKind::Introspection => vec!["token"],
    };
    // Client identification in the body: a public client's client_id (§3.2.1), a secret sent
    // as client_secret_post.
    names.extend(["client_id", "client_secret"]);
    names
        .into_iter()
        .filter(|n| request.has(n))
        .map(str::to_string)
        .collect()
}
