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
mod token;

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
pub use target_config::target_config_toml;

/// Request bodies larger than this are refused with 413 before any handler runs.
const MAX_BODY_BYTES: usize = 64 * 1024;
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
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: 0,
            quirks: BTreeSet::new(),
            code_lifetime: Duration::from_secs(60),
            access_token_lifetime: Duration::from_secs(3600),
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
    store: Arc<Mutex<store::Store>>,
}

impl AppState {
    fn new(config: ServerConfig, issuer: String) -> Self {
        AppState {
            config: Arc::new(config),
            issuer: issuer.into(),
            store: Arc::default(),
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
            post(token::token_endpoint).fallback(errors::method_not_allowed),
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
        .with_state(state)
}

/// The server as an in-process [`Router`], for driving it without a socket (fuzz targets,
/// model tests). `issuer` is the base of every endpoint URL it reports, e.g.
/// `http://127.0.0.1:9000`; nothing listens there.
pub fn app(config: ServerConfig, issuer: &str) -> Router {
    router(AppState::new(config, issuer.to_owned()))
}

/// Binds 127.0.0.1:`config.port` and serves until [`RunningServer::shutdown`] or drop.
pub async fn start(config: ServerConfig) -> std::io::Result<RunningServer> {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let app = router(AppState::new(config, base_url.clone()));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
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
    });
    Ok(RunningServer {
        addr,
        base_url,
        stop: Some(stop),
        task: Some(task),
    })
}

/// A server started by [`start`]. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash; also the issuer identifier.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Stops accepting connections and waits (a few seconds at most) for open ones to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
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
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
