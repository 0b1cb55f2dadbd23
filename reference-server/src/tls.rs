//! Transport security: RFC 6749 §1.6, §3.1, §3.2 and §10.9 (the endpoints are served over TLS
//! with a certificate the client can validate), RFC 6750 §5.2, RFC 7009 §2, RFC 7662 §2.1 and §4
//! (TLS 1.2 supported), OAuth 2.1 §1.5.
//!
//! With [`crate::ServerConfig::tls`] on, the server generates a private CA at start-up, serves
//! every endpoint over https with a certificate that CA issued for 127.0.0.1 and `localhost`,
//! and hands the CA to the harness in its target configuration. It also listens for plain HTTP
//! on a second port — the "http variant" of its URLs that the suite probes — where it refuses
//! everything (RFC 6749 §3.1, §3.2: requests must only be served over TLS) except token
//! revocation, which RFC 7009 §2 asks to offer there so that a token sent by mistake gets
//! revoked.

use std::io;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType,
};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig as RustlsConfig};
use tokio_rustls::TlsAcceptor;

use crate::{authorize, introspection, login, revocation, token, AppState, Quirk};

/// A TLS handshake that has not finished after this long is dropped.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's certificate and the CA a client should trust to validate it.
pub(crate) struct Certificates {
    /// PEM of the CA certificate the harness is told to trust.
    pub(crate) ca_pem: String,
    pub(crate) acceptor: TlsAcceptor,
}

fn tls_error(error: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("cannot set up TLS: {error}"))
}

/// Generates the CA and the server certificate, and the rustls configuration that serves it.
pub(crate) fn certificates(state_quirks: &dyn Fn(Quirk) -> bool) -> io::Result<Certificates> {
    let ca_key = KeyPair::generate().map_err(tls_error)?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(tls_error)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "oauth2spec reference server CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = ca_params.self_signed(&ca_key).map_err(tls_error)?;

    let server_key = KeyPair::generate().map_err(tls_error)?;
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).map_err(tls_error)?;
    params
        .subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    params
        .distinguished_name
        .push(DnType::CommonName, "oauth2spec reference server");
    params.is_ca = IsCa::NoCa;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = if state_quirks(Quirk::TlsCertificateUntrusted) {
        // Quirk: a self-signed certificate no client can validate (RFC 6749 §10.9).
        params.self_signed(&server_key)
    } else {
        params.signed_by(&server_key, &ca, &ca_key)
    }
    .map_err(tls_error)?;

    let versions: &[&rustls::SupportedProtocolVersion] = if state_quirks(Quirk::Tls13Only) {
        // Quirk: TLS 1.3 only, where RFC 7662 §4 and RFC 8414 §6.1 require TLS 1.2.
        &[&rustls::version::TLS13]
    } else {
        rustls::ALL_VERSIONS
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = RustlsConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .map_err(tls_error)?
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .map_err(tls_error)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Certificates {
        ca_pem: ca.pem(),
        acceptor: TlsAcceptor::from(Arc::new(config)),
    })
}

/// Serves `app` over TLS on `listener` until `stopped` fires; open connections end with it.
pub(crate) async fn serve_tls(
    listener: TcpListener,
    acceptor: TlsAcceptor,
    app: Router,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let acceptor = acceptor.clone();
                let app = app.clone();
                connections.spawn(async move {
                    let Ok(Ok(stream)) =
                        tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await
                    else {
                        return;
                    };
                    let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app))
                        .await;
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

/// The plain-HTTP variant of the server's URLs: refuses everything but revocation (RFC 7009
/// §2), unless a quirk serves an endpoint there.
pub(crate) fn plain_http_router(state: AppState) -> Router {
    let mut router = Router::new();
    // RFC 7009 §2: offer revocation at the http URI matching the (never published) http
    // variant, so that a token sent there by mistake is revoked rather than left valid.
    if state.quirk(Quirk::PlainHttpRevocationIgnored) {
        router = router.route("/revoke", post(revocation_ignored));
    } else {
        router = router.route("/revoke", post(revocation::revocation_endpoint));
    }
    if state.quirk(Quirk::PlainHttpTokenEndpoint) {
        router = router.route("/token", post(token::token_endpoint));
    }
    if state.quirk(Quirk::PlainHttpAuthorizationEndpoint) {
        router = router.route("/authorize", get(authorize::authorize_get));
    }
    if state.quirk(Quirk::PlainHttpLoginPage) {
        router = router
            .route("/login", get(login::login_page).post(login::login_submit))
            .route(
                "/consent",
                get(login::consent_page).post(login::consent_submit),
            );
    }
    // Where the `metadata_http_jwks_uri` quirk points jwks_uri: an empty key set.
    if state.quirk(Quirk::MetadataHttpJwksUri) {
        router = router.route(
            "/jwks",
            get(|| async { Json(serde_json::json!({ "keys": [] })) }),
        );
    }
    if state.quirk(Quirk::PlainHttpIntrospection) {
        router = router.route("/introspect", post(introspection::introspection_endpoint));
    }
    router
        .fallback(any(tls_required))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::MAX_BODY_BYTES,
        ))
        .with_state(state)
}

/// RFC 6749 §3.1, §3.2: requests to the endpoints must only be served over TLS.
async fn tls_required() -> Response {
    (
        StatusCode::FORBIDDEN,
        Json(serde_json::json!({
            "error": "invalid_request",
            "error_description": "this server is only served over https",
        })),
    )
        .into_response()
}

/// Quirk: answers a revocation sent over plain HTTP as if it worked, without revoking.
async fn revocation_ignored() -> StatusCode {
    StatusCode::OK
}
