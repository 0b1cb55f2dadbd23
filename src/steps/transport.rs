//! Steps about transport security: endpoints served only over TLS, the server certificate,
//! TLS 1.2, the plain-HTTP variant of the server's URLs, and https URLs in the metadata.

use cucumber::{given, then, when};
use serde_json::Value;

use super::{client_for, held_token, last_exchange_at, token_owner};
use crate::checks::transport as check;
use crate::client::{HttpClient, RawRequest, TlsOptions};
use crate::world::{ClientAuth, TokenRequest, World};

/// The URLs that name the target: its issuer, else its endpoints.
fn target_url(world: &World) -> Option<String> {
    let target = world.target()?;
    Some(
        target
            .issuer
            .clone()
            .unwrap_or_else(|| target.authorization_endpoint.clone()),
    )
}

#[given(regex = r"^the target is served over TLS$")]
fn served_over_tls(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(target) = world.target().cloned() else {
        return;
    };
    let urls = [
        target_url(world).unwrap_or_default(),
        target.authorization_endpoint.clone(),
        target.token_endpoint.clone(),
    ];
    if let Some(url) = urls.iter().find(|u| check::is_loopback_http(u)) {
        world.skip(format!(
            "TLS-only requirement: the target is plain http on loopback ({url}); \
             run the suite against its https deployment to check it"
        ));
    }
}

/// The plain-HTTP variant of an https endpoint URL; when there is none to probe, the scenario
/// is skipped (or, for an http endpoint, the endpoint itself is reported).
fn plain_variant(world: &mut World, what: &str, url: &str) -> Option<String> {
    if url.starts_with("http://") {
        world.record(None, check::endpoint_is_https(what, url), &[]);
        return None;
    }
    let variant = world.target().and_then(|t| t.tls.plain_http_variant(url));
    if variant.is_none() {
        world.skip(format!(
            "no plain-HTTP variant is known for {url} (it uses a non-default port): \
             set tls.plain_http_origin in the target config to probe it"
        ));
    }
    variant
}

/// Sends `request` with the suite's client, keeping a transport failure as the answer; returns
/// the exchange's index.
async fn probe(world: &mut World, request: RawRequest) -> Option<usize> {
    let ctx = world.ctx()?;
    Some(world.send_with(&ctx.http, request).await)
}

/// A form POST to `url` authenticated as `client` the usual way, sent as a probe.
async fn probe_as_client(
    world: &mut World,
    url: &str,
    client: crate::config::ClientSettings,
    params: Vec<(String, String)>,
) -> Option<usize> {
    let request = TokenRequest {
        client,
        params,
        auth: ClientAuth::Preferred,
    };
    let raw = world.token_http_request(url, &request);
    probe(world, raw).await
}

#[when(
    regex = r"^a valid client_credentials request is sent to the token endpoint over plain HTTP$"
)]
async fn token_over_plain_http(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, "a client allowed the client_credentials grant") else {
        return;
    };
    let Some(endpoint) = world.target().map(|t| t.token_endpoint.clone()) else {
        return;
    };
    let Some(url) = plain_variant(world, "token endpoint", &endpoint) else {
        return;
    };
    let params = vec![("grant_type".into(), "client_credentials".into())];
    probe_as_client(world, &url, client, params).await;
}

#[when(regex = r"^a valid authorization request is sent over plain HTTP$")]
async fn authorization_over_plain_http(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, "the confidential client") else {
        return;
    };
    let Some(endpoint) = world.target().map(|t| t.authorization_endpoint.clone()) else {
        return;
    };
    let Some(url) = plain_variant(world, "authorization endpoint", &endpoint) else {
        return;
    };
    world.new_auth_request(client);
    let Some(auth) = world.auth.clone() else {
        return;
    };
    probe(world, RawRequest::get(auth.url(&url))).await;
}

/// The login page is where the authorization endpoint sends the user agent (or the
/// authorization endpoint itself, when it shows the form).
#[when(regex = r"^the login page is requested over plain HTTP$")]
async fn login_page_over_plain_http(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, "the confidential client") else {
        return;
    };
    let Some(endpoint) = world.target().map(|t| t.authorization_endpoint.clone()) else {
        return;
    };
    world.new_auth_request(client);
    let Some(auth) = world.auth.clone() else {
        return;
    };
    let start = auth.url(&endpoint);
    let Some(i) = world.send(RawRequest::get(start.clone())).await else {
        return;
    };
    let Some(response) = world.response(i).cloned() else {
        return;
    };
    let login_url = match response.location() {
        Some(location) if (300..400).contains(&response.status) => {
            match url::Url::parse(&start).and_then(|base| base.join(location)) {
                Ok(url) => url.to_string(),
                Err(_) => {
                    return world.precondition_failed(
                        format!(
                            "the authorization endpoint redirected to an invalid URL {location:?}"
                        ),
                        &[i],
                    )
                }
            }
        }
        _ => start,
    };
    if auth
        .stop_at
        .iter()
        .any(|prefix| login_url.starts_with(prefix.as_str()))
    {
        return world.precondition_failed(
            "the authorization endpoint answered without showing a login page",
            &[i],
        );
    }
    let Some(url) = plain_variant(world, "login page", &login_url) else {
        return;
    };
    probe(world, RawRequest::get(url)).await;
}

#[when(regex = r"^an introspection request is sent over plain HTTP$")]
async fn introspection_over_plain_http(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(endpoint) = world
        .target()
        .and_then(|t| t.introspection_endpoint.clone())
    else {
        return world.skip("the target has no introspection endpoint");
    };
    let Some(client) = client_for(world, "the confidential client") else {
        return;
    };
    let Some(url) = plain_variant(world, "introspection endpoint", &endpoint) else {
        return;
    };
    let params = vec![("token".into(), "oauth2spec-probe-token".into())];
    probe_as_client(world, &url, client, params).await;
}

#[then(
    regex = r"^the plain-HTTP variant does not serve the (token endpoint|authorization endpoint|login page|introspection endpoint)$"
)]
fn not_served(world: &mut World, what: String) {
    if world.halted() {
        return;
    }
    let Some(i) = world
        .exchanges
        .iter()
        .rposition(|e| e.request.url.starts_with("http://"))
    else {
        return world.missing("a request over plain HTTP");
    };
    let verdict = check::not_served_over_plain_http(&what, &world.exchanges[i]);
    world.record(None, verdict, &[i]);
}

#[when(
    regex = r"^the client revokes the refresh token at the plain-HTTP variant of the revocation endpoint$"
)]
async fn revoke_over_plain_http(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(endpoint) = world.target().and_then(|t| t.revocation_endpoint.clone()) else {
        return world.skip("the target has no revocation endpoint");
    };
    let (Some(client), Some(token)) = (token_owner(world), held_token(world, "refresh")) else {
        return;
    };
    if endpoint.starts_with("http://") {
        return world.skip("the revocation endpoint itself is plain HTTP");
    }
    let Some(url) = world
        .target()
        .and_then(|t| t.tls.plain_http_variant(&endpoint))
    else {
        return world.skip(format!(
            "no plain-HTTP variant is known for {endpoint}: set tls.plain_http_origin to probe it"
        ));
    };
    // The hint keeps this about the plain-HTTP variant alone: a server that needs it to find
    // refresh tokens is judged by RFC 7009 §2.1's own scenario.
    let params = vec![
        ("token".into(), token),
        ("token_type_hint".into(), "refresh_token".into()),
    ];
    let Some(i) = probe_as_client(world, &url, client, params).await else {
        return;
    };
    if let Some(Err(error)) = world.exchange(i).map(|e| &e.response) {
        let error = error.to_string();
        world.skip(format!(
            "the host does not answer plain HTTP ({error}), so no token can reach it by mistake"
        ));
    }
}

/// A client for probes that must validate the certificate or offer only TLS 1.2, trusting the
/// same CAs as the suite.
fn probe_client(world: &mut World, verify: bool, tls12_only: bool) -> Option<HttpClient> {
    let ctx = world.ctx()?;
    let options = TlsOptions {
        extra_roots_pem: ctx.target.tls.extra_roots_pem.clone(),
        verify,
        tls12_only,
    };
    match HttpClient::with_tls(ctx.http.options().clone(), &options) {
        Ok(client) => Some(client),
        Err(e) => {
            world.error(e.to_string());
            None
        }
    }
}

#[when(regex = r"^every endpoint is contacted validating the certificate$")]
async fn contact_validating(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(target) = world.target().cloned() else {
        return;
    };
    let Some(client) = probe_client(world, true, false) else {
        return;
    };
    let endpoints = [
        (
            "authorization endpoint",
            Some(&target.authorization_endpoint),
        ),
        ("token endpoint", Some(&target.token_endpoint)),
        ("revocation endpoint", target.revocation_endpoint.as_ref()),
        (
            "introspection endpoint",
            target.introspection_endpoint.as_ref(),
        ),
    ];
    for (i, (what, url)) in endpoints.into_iter().enumerate() {
        let Some(url) = url else { continue };
        if url.starts_with("http://") {
            // A plain-HTTP authorization or token endpoint means the target is not served
            // over TLS; the other endpoints' URLs are judged by the https-URLs scenario.
            if i < 2 {
                world.record(None, check::endpoint_is_https(what, url), &[]);
            }
            continue;
        }
        world.send_with(&client, RawRequest::get(url.clone())).await;
    }
}

#[then(regex = r"^the server certificate validates$")]
fn certificate_validates(world: &mut World) {
    judge_https_probes(world, check::certificate_validates);
}

#[when(regex = r"^the server is contacted offering only TLS 1.2$")]
async fn contact_tls12(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(target) = world.target().cloned() else {
        return;
    };
    let verify = target.tls.verify;
    let Some(client) = probe_client(world, verify, true) else {
        return;
    };
    let url = target
        .introspection_endpoint
        .clone()
        .unwrap_or_else(|| target.token_endpoint.clone());
    if url.starts_with("http://") {
        return world.record(None, check::endpoint_is_https("endpoint", &url), &[]);
    }
    world.send_with(&client, RawRequest::get(url)).await;
}

#[then(regex = r"^the TLS 1.2 handshake succeeds$")]
fn tls12_succeeds(world: &mut World) {
    judge_https_probes(world, check::tls12_accepted);
}

/// Applies `judge` to every https probe of the scenario; a failure outside TLS (refused,
/// unreachable) is a harness error, not a verdict.
fn judge_https_probes(
    world: &mut World,
    judge: fn(&crate::client::Exchange) -> Option<crate::checks::Verdict>,
) {
    if world.halted() {
        return;
    }
    let probes: Vec<usize> = (0..world.exchanges.len())
        .filter(|&i| world.exchanges[i].request.url.starts_with("https://"))
        .collect();
    if probes.is_empty() && world.findings.is_empty() {
        return world.missing("an https request");
    }
    for i in probes {
        match judge(&world.exchanges[i]) {
            Some(verdict) => world.record(None, verdict, &[i]),
            None => {
                let error = match &world.exchanges[i].response {
                    Err(e) => e.to_string(),
                    Ok(_) => String::new(),
                };
                return world
                    .precondition_failed(format!("the target did not answer: {error}"), &[i]);
            }
        }
    }
}

#[then(regex = r"^every URL in the metadata uses https$")]
fn metadata_urls_https(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(url) = super::metadata::metadata_url(world) else {
        return world.skip("the target config names no issuer to build the metadata URL from");
    };
    let Some((i, response)) = last_exchange_at(world, &url) else {
        return world.missing("a metadata response");
    };
    match response.json() {
        Ok(Value::Object(doc)) if response.status == 200 => {
            world.record(None, check::published_urls_https(&doc), &[i])
        }
        _ => world.precondition_failed(
            format!(
                "the metadata URL did not answer with a JSON object (HTTP {})",
                response.status
            ),
            &[i],
        ),
    }
}
