//! Preparing a run: the target file (from a config, from flags, or the embedded reference
//! server), discovery, the HTTP client, the login driver and the redactor.

use std::collections::BTreeSet;
use std::sync::Arc;

use reference_server::{Quirk, RunningServer, ServerConfig};

use crate::client::{ClientOptions, HttpClient, Redactor, TlsOptions};
use crate::config::{self, ResolveError, TargetFile};
use crate::login::Driver;
use crate::world::RunContext;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// Bad flags or configuration (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The target or the harness failed (exit 3).
    #[error("{0}")]
    Harness(String),
}

/// Starts the embedded reference server with `quirks` and returns the target file that points
/// at it.
pub async fn start_reference(
    quirks: BTreeSet<Quirk>,
) -> Result<(TargetFile, RunningServer), SessionError> {
    // Short lifetimes, so the expiry scenarios run in the default suite without long waits.
    start_reference_with(ServerConfig {
        quirks,
        tls: true,
        ..ServerConfig::short_lived()
    })
    .await
}

/// Like [`start_reference`], with any server options. The target config says what the server
/// offers: the password grant when it is on, its lifetimes, its CA when it serves TLS.
pub async fn start_reference_with(
    config: ServerConfig,
) -> Result<(TargetFile, RunningServer), SessionError> {
    let server = reference_server::start(config.clone()).await.map_err(|e| {
        SessionError::Harness(format!("cannot start the embedded reference server: {e}"))
    })?;
    let mut text = reference_server::target_config_toml_for(&server.base_url(), &config);
    text.push_str(&server.tls_config_toml());
    let file = config::load::parse(&text, &|_| None).map_err(|e| {
        SessionError::Harness(format!(
            "internal: the reference server's target config does not parse: {e}"
        ))
    })?;
    Ok((file, server))
}

/// Resolves the target (RFC 8414 discovery) and builds what every scenario shares.
pub async fn context_for(
    file: TargetFile,
    reveal_secrets: bool,
    strict: bool,
) -> Result<Arc<RunContext>, SessionError> {
    let limits = config::Limits::from_file(&file);
    let tls = config::Tls::from_settings(&file.tls).map_err(SessionError::Usage)?;
    let http = HttpClient::with_tls(
        ClientOptions {
            request_timeout: limits.request_timeout,
            max_body_bytes: limits.max_body_bytes,
        },
        &TlsOptions::from(&tls),
    )
    .map_err(|e| SessionError::Harness(e.to_string()))?;
    let target = config::resolve(file, &http).await.map_err(|e| match e {
        ResolveError::Config(m) => SessionError::Usage(m),
        ResolveError::Discovery(m) => SessionError::Harness(m),
    })?;
    let driver = Driver::from_settings(
        target.user.as_ref(),
        &target.login,
        &target.consent,
        limits.request_timeout,
    )
    .map_err(SessionError::Usage)?;
    let mut redactor = Redactor::new(reveal_secrets);
    for s in target.secrets() {
        redactor.add_secret(&s);
    }
    Ok(Arc::new(RunContext {
        target,
        http,
        driver,
        redactor,
        strict,
    }))
}

/// Things the user should know before the suite sends anything, one line each (printed as
/// `note:` on standard error): endpoints the metadata document put on other hosts.
pub fn notes(target: &crate::config::Target) -> Vec<String> {
    target
        .endpoints_elsewhere()
        .iter()
        .map(ToString::to_string)
        .collect()
}
