//! A strict, in-memory OAuth 2.0 authorization server: the oauth2spec reference target.
//!
//! The clean server shows that the conformance suite raises no false alarms; its [`Quirk`]s,
//! each breaking exactly one requirement, show that every check can fail. It binds to
//! 127.0.0.1 only and is started in-process by the harness and by tests:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = reference_server::start(reference_server::ServerConfig::default()).await?;
//! println!("{}", reference_server::target_config_toml(&server.base_url()));
//! server.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod authorize;
mod bearer;
mod client_auth;
mod errors;
mod fixtures;
mod html;
mod introspection;
mod limits;
mod login;
mod metadata;
mod params;
pub mod parsing;
mod pkce;
mod quirks;
mod revocation;
mod scope;
mod session;
mod store;
mod target_config;
mod tls;
mod token;
mod web_message;

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::limit::RequestBodyLimitLayer;

pub use fixtures::{
    fixtures, ClientAuthMethod, ClientType, FixtureClient, FixtureUser, Fixtures, GrantType,
};
pub use quirks::{Quirk, UnknownQuirk};
pub use target_config::{target_config_toml, target_config_toml_for};

/// Request bodies larger than this are refused with 413 before any handler runs.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long [`RunningServer::shutdown`] waits for open connections before aborting.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The deliberate deviations switched on; empty for the clean server.
    pub quirks: BTreeSet<Quirk>,
    /// Authorization code lifetime (RFC 6749 §4.1.2 recommends at most 10 minutes).
    pub code_lifetime: Duration,
    /// Access token lifetime, reported as `expires_in` (RFC 6749 §5.1).
    pub access_token_lifetime: Duration,
    /// Serve https with a certificate from a CA generated at start-up, and refuse plain HTTP on
    /// a second port (see the `tls` module). Off: plain HTTP on loopback only.
    pub tls: bool,
    /// Offer the resource owner password credentials grant (RFC 6749 §4.3) to confidential
    /// clients. Off by default: OAuth 2.1 removes the grant.
    pub password_grant: bool,
    /// Offer the implicit grant (RFC 6749 §4.2, `response_type=token`) to every client allowed
    /// the authorization code grant. Off by default: OAuth 2.1 removes the grant.
    pub implicit_grant: bool,
}

impl ServerConfig {
    /// Short lifetimes, for the server the harness embeds: its expiry scenarios wait for a code
    /// and an access token to expire, and should not wait long.
    pub fn short_lived() -> Self {
        ServerConfig {
            code_lifetime: Duration::from_secs(6),
            access_token_lifetime: Duration::from_secs(8),
            ..ServerConfig::default()
        }
    }

    /// The access token lifetime the server applies: `access_token_lifetime`, or two hours with
    /// the `access_token_lifetime_long` quirk (RFC 6750 §5.3 asks for one hour or less).
    pub fn effective_access_token_lifetime(&self) -> Duration {
        if self.quirks.contains(&Quirk::AccessTokenLifetimeLong) {
            Duration::from_secs(7200)
        } else {
            self.access_token_lifetime
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: 0,
            quirks: BTreeSet::new(),
            code_lifetime: Duration::from_secs(60),
            access_token_lifetime: Duration::from_secs(3600),
            tls: false,
            password_grant: false,
            implicit_grant: false,
        }
    }
}

/// What every handler shares.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub(crate) config: Arc<ServerConfig>,
    /// `http://127.0.0.1:PORT`: the issuer identifier (RFC 8414 §2) and the base of every
    /// endpoint URL.
    pub(crate) issuer: Arc<str>,
    /// `http://127.0.0.1:PORT` of the plain-HTTP variant when serving TLS.
    pub(crate) plain_http: Option<Arc<str>>,
    store: Arc<Mutex<store::Store>>,
}

impl AppState {
    fn new(config: ServerConfig, issuer: String, plain_http: Option<String>) -> Self {
        let store = Arc::new(Mutex::new(store::Store::new(&config.quirks)));
        AppState {
            config: Arc::new(config),
            issuer: issuer.into(),
            plain_http: plain_http.map(Into::into),
            store,
        }
    }

    /// Whether a quirk is switched on.
    pub(crate) fn quirk(&self, quirk: Quirk) -> bool {
        self.config.quirks.contains(&quirk)
    }

    /// Locks the store. Poisoning is ignored: a panic mid-update (there should be none) leaves at
    /// worst one stale entry, which is better than refusing every later request.
    pub(crate) fn store(&self) -> MutexGuard<'_, store::Store> {
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        store.prune();
        store
    }

    pub(crate) fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }
}

fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/.well-known/oauth-authorization-server",
            get(metadata::metadata),
        )
        .route("/metadata", get(metadata::metadata_elsewhere))
        .route("/jwks", get(metadata::jwks))
        // RFC 6749 §3.1: the authorization endpoint MUST support GET and MAY support POST.
        .route(
            "/authorize",
            get(authorize::authorize_get).post(authorize::authorize_post),
        )
        .route("/login", get(login::login_page).post(login::login_submit))
        .route(
            "/consent",
            get(login::consent_page).post(login::consent_submit),
        )
        // RFC 6749 §3.2: the token endpoint is POST only; RFC 7009 and 7662 follow it.
        .route(
            "/token",
            post(token::token_endpoint)
                .get(token::token_endpoint_get)
                .fallback(errors::method_not_allowed),
        )
        .route(
            "/revoke",
            post(revocation::revocation_endpoint).fallback(errors::method_not_allowed),
        )
        .route(
            "/introspect",
            post(introspection::introspection_endpoint).fallback(errors::method_not_allowed),
        )
        .route(
            "/resource",
            get(bearer::protected_resource).post(bearer::protected_resource),
        )
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(limits::bounded_request))
        .with_state(state)
}

/// The server as an in-process [`Router`], for driving it without a socket (fuzz targets,
/// model tests). `issuer` is the base of every endpoint URL it reports, e.g.
/// `http://127.0.0.1:9000`; nothing listens there.
pub fn app(config: ServerConfig, issuer: &str) -> Router {
    router(AppState::new(config, issuer.to_owned(), None))
}

/// Binds 127.0.0.1:`config.port` and serves until [`RunningServer::shutdown`] or drop; with
/// `config.tls`, over https, with the plain-HTTP variant on a second port.
pub async fn start(config: ServerConfig) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    if !config.tls {
        let base_url = format!("http://{addr}");
        let state = AppState::new(config, base_url.clone(), None);
        let store = state.store.clone();
        let app = router(state);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve_plain(listener, app, stopped));
        return Ok(RunningServer {
            addr,
            base_url,
            tls: None,
            stop: vec![stop],
            tasks: vec![task],
            store,
        });
    }

    let certificates = tls::certificates(&|quirk| config.quirks.contains(&quirk))?;
    let certificate_verifiable = !config.quirks.contains(&Quirk::TlsCertificateUntrusted);
    let plain_listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let plain_http = format!("http://{}", plain_listener.local_addr()?);
    let base_url = format!("https://{addr}");
    let state = AppState::new(config, base_url.clone(), Some(plain_http.clone()));
    let store = state.store.clone();
    let (stop_tls, stopped_tls) = oneshot::channel::<()>();
    let (stop_plain, stopped_plain) = oneshot::channel::<()>();
    let tasks = vec![
        tokio::spawn(tls::serve_tls(
            listener,
            certificates.acceptor,
            router(state.clone()),
            stopped_tls,
        )),
        tokio::spawn(serve_plain(
            plain_listener,
            tls::plain_http_router(state),
            stopped_plain,
        )),
    ];
    Ok(RunningServer {
        addr,
        base_url,
        tls: Some(TlsInfo {
            ca_pem: certificates.ca_pem,
            plain_http,
            certificate_verifiable,
        }),
        stop: vec![stop_tls, stop_plain],
        tasks,
        store,
    })
}

async fn serve_plain(
    listener: tokio::net::TcpListener,
    app: Router,
    stopped: oneshot::Receiver<()>,
) {
    let shutdown_signal = async {
        // Either an explicit shutdown or the sender being dropped ends the server.
        let _ = stopped.await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal)
        .await
    {
        eprintln!("reference-server: {error}");
    }
}

/// How a client reaches a server started with TLS.
#[derive(Debug, Clone)]
pub struct TlsInfo {
    /// PEM of the CA that issued the server certificate.
    pub ca_pem: String,
    /// `http://127.0.0.1:PORT`: the plain-HTTP variant of the server's URLs.
    pub plain_http: String,
    /// Whether a client trusting `ca_pem` can validate the server certificate (false only
    /// under the quirk that serves an untrusted one).
    pub certificate_verifiable: bool,
}

/// A server started by [`start`]. Dropping it stops the server.
pub struct RunningServer {
    addr: SocketAddr,
    base_url: String,
    tls: Option<TlsInfo>,
    stop: Vec<oneshot::Sender<()>>,
    tasks: Vec<JoinHandle<()>>,
    store: Arc<Mutex<store::Store>>,
}

impl std::fmt::Debug for RunningServer {
    // Not derived: the store holds live secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningServer")
            .field("addr", &self.addr)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (`https://` with TLS), without a trailing slash; also the issuer
    /// identifier.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The CA and the plain-HTTP variant, when started with TLS.
    pub fn tls(&self) -> Option<&TlsInfo> {
        self.tls.as_ref()
    }

    /// The harness target configuration (TOML) for this server, with its `[tls]` table when
    /// serving TLS.
    pub fn target_config_toml(&self) -> String {
        let mut text = target_config_toml(&self.base_url);
        text.push_str(&self.tls_config_toml());
        text
    }

    /// The `[tls]` table of the target configuration (the CA to trust, the plain-HTTP variant),
    /// or nothing when the server speaks plain HTTP.
    pub fn tls_config_toml(&self) -> String {
        match &self.tls {
            Some(tls) => {
                target_config::tls_table(&tls.ca_pem, &tls.plain_http, tls.certificate_verifiable)
            }
            None => String::new(),
        }
    }

    /// Every secret the server has minted (authorization codes, access and refresh tokens,
    /// session cookie values, CSRF tokens) and every PKCE verifier presented to it, in order: for
    /// tests that check a client keeps them out of its logs and reports.
    pub fn secrets_seen(&self) -> Vec<String> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .seen()
            .to_vec()
    }

    /// Stops accepting connections and waits (a few seconds at most) for open ones to finish.
    pub async fn shutdown(mut self) {
        for stop in self.stop.drain(..) {
            let _ = stop.send(());
        }
        for mut task in self.tasks.drain(..) {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
    }
}
