//! The resolved target: the config file merged with what RFC 8414 discovery found.

use std::time::Duration;

use serde_json::Value;

use super::{ClientSettings, ClientType, ConsentSettings, LoginSettings, TargetFile, UserSettings};
use crate::client::{HttpClient, RawRequest};

/// Everything the suite knows about the server under test.
#[derive(Debug, Clone)]
pub struct Target {
    pub name: String,
    pub issuer: Option<String>,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub revocation_endpoint: Option<String>,
    pub introspection_endpoint: Option<String>,
    /// A protected resource that accepts this server's access tokens (RFC 6750).
    pub resource: Option<String>,
    pub grant_types: Vec<String>,
    pub pkce_methods: Vec<String>,
    pub pkce_required_for_public_clients: bool,
    pub scopes: Vec<String>,
    /// The scope asked for in ordinary flows; `None` leaves `scope` out.
    pub scope: Option<String>,
    pub clients: Vec<ClientSettings>,
    pub user: Option<UserSettings>,
    pub login: LoginSettings,
    pub consent: ConsentSettings,
    pub limits: Limits,
    /// Where the metadata document is: `metadata` of the config, else the well-known URL of the
    /// issuer (RFC 8414 §3).
    pub metadata_url: Option<String>,
    /// What the protected resource accepts (`[resource]`).
    pub resource_settings: super::settings::ResourceSettings,
    /// Code and access token lifetimes stated in the config.
    pub lifetimes: super::settings::Lifetimes,
    /// The metadata document, when discovery ran.
    pub metadata: Option<Value>,
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub request_timeout: Duration,
    pub run_timeout: Duration,
    pub max_body_bytes: usize,
    /// The longest a scenario may wait for something to expire; longer waits are skipped.
    pub max_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: Duration::from_secs(10),
            run_timeout: Duration::from_secs(600),
            max_body_bytes: 1024 * 1024,
            max_wait: Duration::from_secs(70),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The config lacks something discovery could not supply: a usage/config error.
    #[error("{0}")]
    Config(String),
    /// The metadata document could not be fetched or read: the target is unreachable or broken.
    #[error("{0}")]
    Discovery(String),
}

impl Limits {
    pub fn from_file(file: &TargetFile) -> Limits {
        let d = Limits::default();
        Limits {
            request_timeout: file
                .limits
                .request_timeout_secs
                .map(Duration::from_secs)
                .unwrap_or(d.request_timeout),
            run_timeout: file
                .limits
                .run_timeout_secs
                .map(Duration::from_secs)
                .unwrap_or(d.run_timeout),
            max_body_bytes: file.limits.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_wait: file
                .limits
                .max_wait_secs
                .map(Duration::from_secs)
                .unwrap_or(d.max_wait),
        }
    }
}

/// The metadata URL for a file: `metadata`, else the RFC 8414 §3 well-known URL of `issuer`
/// (inserted between host and path), else `None`.
pub fn metadata_url(file: &TargetFile) -> Option<String> {
    if let Some(m) = &file.metadata {
        return Some(m.clone());
    }
    well_known_metadata_url(file.issuer.as_deref()?)
}

/// The RFC 8414 §3 well-known metadata URL of `issuer`: the well-known segment goes between the
/// host and the issuer's path, whose trailing `/` is dropped (§3.1).
pub fn well_known_metadata_url(issuer: &str) -> Option<String> {
    let issuer = url::Url::parse(issuer).ok()?;
    let path = issuer.path().trim_end_matches('/');
    let mut u = issuer.clone();
    u.set_path(&format!("/.well-known/oauth-authorization-server{path}"));
    u.set_query(None);
    Some(u.to_string())
}

/// Fetches the metadata document (when discovery is on) and merges it under the file.
pub async fn resolve(file: TargetFile, client: &HttpClient) -> Result<Target, ResolveError> {
    let discovery = file.discovery.unwrap_or(true);
    let metadata = match (discovery, metadata_url(&file)) {
        (true, Some(url)) => Some(fetch_metadata(client, &url).await?),
        _ => None,
    };
    merge(file, metadata)
}

async fn fetch_metadata(client: &HttpClient, url: &str) -> Result<Value, ResolveError> {
    let ex = client
        .send(RawRequest::get(url).header("Accept", "application/json"))
        .await;
    let resp = ex.response.map_err(|e| {
        ResolveError::Discovery(format!(
            "target unreachable: fetching the metadata document failed: {e}"
        ))
    })?;
    if resp.status != 200 {
        return Err(ResolveError::Discovery(format!(
            "metadata document {url} answered HTTP {} (expected 200); set `metadata = \"…\"` or `discovery = false` with [endpoints] in the target config",
            resp.status
        )));
    }
    let json = resp
        .json()
        .map_err(|e| ResolveError::Discovery(format!("metadata document {url}: {e}")))?;
    if !json.is_object() {
        return Err(ResolveError::Discovery(format!(
            "metadata document {url} is not a JSON object"
        )));
    }
    Ok(json)
}

fn strings(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    })
}

/// Merges a file and an optional metadata document into a [`Target`]; the file wins.
pub fn merge(file: TargetFile, metadata: Option<Value>) -> Result<Target, ResolveError> {
    let md =
        |key: &str| -> Option<String> { metadata.as_ref()?.get(key)?.as_str().map(str::to_string) };
    let limits = Limits::from_file(&file);
    let metadata_document_url = metadata_url(&file);
    let authorization_endpoint = file.endpoints.authorization.clone().or_else(|| md("authorization_endpoint")).ok_or_else(|| {
        ResolveError::Config("no authorization endpoint: set `endpoints.authorization`, or `issuer`/`metadata` for discovery".into())
    })?;
    let token_endpoint = file
        .endpoints
        .token
        .clone()
        .or_else(|| md("token_endpoint"))
        .ok_or_else(|| {
            ResolveError::Config(
                "no token endpoint: set `endpoints.token`, or `issuer`/`metadata` for discovery"
                    .into(),
            )
        })?;
    let mget = |k: &str| metadata.as_ref().and_then(|m| m.get(k));
    // RFC 8414 §2: grant_types_supported defaults to ["authorization_code", "implicit"].
    let grant_types = file
        .offers
        .grant_types
        .clone()
        .or_else(|| strings(mget("grant_types_supported")))
        .unwrap_or_else(|| vec!["authorization_code".into(), "implicit".into()]);
    // Absent from metadata, PKCE is assumed with S256 only (RFC 7636 §4.2: mandatory to implement).
    let pkce_methods = file
        .offers
        .pkce_methods
        .clone()
        .or_else(|| strings(mget("code_challenge_methods_supported")))
        .unwrap_or_else(|| vec!["S256".into()]);
    let scopes = file
        .offers
        .scopes
        .clone()
        .or_else(|| strings(mget("scopes_supported")))
        .unwrap_or_default();
    if file.clients.is_empty() {
        return Err(ResolveError::Config(
            "no [[clients]] in the target config: the suite needs at least one fixture client"
                .into(),
        ));
    }
    Ok(Target {
        name: file
            .name
            .clone()
            .or_else(|| file.issuer.clone())
            .unwrap_or_else(|| "target".into()),
        issuer: file.issuer.clone().or_else(|| md("issuer")),
        authorization_endpoint,
        token_endpoint,
        revocation_endpoint: file
            .endpoints
            .revocation
            .clone()
            .or_else(|| md("revocation_endpoint")),
        introspection_endpoint: file
            .endpoints
            .introspection
            .clone()
            .or_else(|| md("introspection_endpoint")),
        resource: file.endpoints.resource.clone(),
        grant_types,
        pkce_methods,
        pkce_required_for_public_clients: file
            .offers
            .pkce_required_for_public_clients
            .unwrap_or(true),
        scopes,
        scope: file.offers.scope.clone(),
        clients: file.clients,
        user: file.user,
        login: file.login,
        consent: file.consent,
        limits,
        lifetimes: file.lifetimes,
        resource_settings: file.resource,
        metadata_url: metadata_document_url,
        metadata,
    })
}

impl Target {
    /// Whether the protected resource accepts tokens this way ("header", "body", "query").
    pub fn resource_accepts(&self, method: &str) -> bool {
        match &self.resource_settings.token_methods {
            Some(methods) => methods.iter().any(|m| m == method),
            None => method == "header",
        }
    }

    pub fn offers_grant(&self, grant: &str) -> bool {
        self.grant_types.iter().any(|g| g == grant)
    }

    pub fn offers_pkce_method(&self, method: &str) -> bool {
        self.pkce_methods.iter().any(|m| m == method)
    }

    /// The `n`th confidential client (0-based).
    pub fn confidential(&self, n: usize) -> Option<&ClientSettings> {
        self.clients
            .iter()
            .filter(|c| c.client_type == ClientType::Confidential)
            .nth(n)
    }

    pub fn public(&self) -> Option<&ClientSettings> {
        self.clients
            .iter()
            .find(|c| c.client_type == ClientType::Public)
    }

    /// Every secret in the config, for redaction.
    pub fn secrets(&self) -> Vec<String> {
        let mut s: Vec<String> = self
            .clients
            .iter()
            .filter_map(|c| c.secret.clone())
            .collect();
        if let Some(u) = &self.user {
            s.push(u.password.clone());
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> TargetFile {
        crate::config::load::parse(text, &|_| None).unwrap()
    }

    #[test]
    fn well_known_url_goes_between_host_and_path() {
        let f = file("issuer = \"https://as.example/tenant1\"\n");
        assert_eq!(
            metadata_url(&f).unwrap(),
            "https://as.example/.well-known/oauth-authorization-server/tenant1"
        );
        let f = file("issuer = \"https://as.example\"\n");
        assert_eq!(
            metadata_url(&f).unwrap(),
            "https://as.example/.well-known/oauth-authorization-server"
        );
    }

    #[test]
    fn file_values_override_metadata() {
        let f = file("issuer = \"https://as\"\n[endpoints]\ntoken = \"https://as/t2\"\n[[clients]]\nid = \"p\"\ntype = \"public\"\n");
        let md = serde_json::json!({"authorization_endpoint": "https://as/a", "token_endpoint": "https://as/t", "code_challenge_methods_supported": ["S256", "plain"]});
        let t = merge(f, Some(md)).unwrap();
        assert_eq!(t.authorization_endpoint, "https://as/a");
        assert_eq!(t.token_endpoint, "https://as/t2");
        assert!(t.offers_pkce_method("plain"));
        assert_eq!(t.public().map(|c| c.id.as_str()), Some("p"));
    }

    #[test]
    fn missing_endpoints_are_a_config_error() {
        let f = file("[[clients]]\nid = \"p\"\ntype = \"public\"\n");
        let err = merge(f, None).unwrap_err();
        assert!(
            matches!(err, ResolveError::Config(ref m) if m.contains("endpoints.authorization")),
            "{err}"
        );
    }

    #[test]
    fn lifetimes_resource_and_max_wait_are_read() {
        let f = file(
            "[endpoints]\nauthorization = \"https://as/a\"\ntoken = \"https://as/t\"\n\
[[clients]]\nid = \"p\"\ntype = \"public\"\n\
[limits]\nmax_wait_secs = 4000\n\
[lifetimes]\ncode_secs = 60\naccess_token_secs = 300\n\
[resource]\ntoken_methods = [\"header\", \"body\"]\ninsufficient_scope = \"write\"\naudience = \"https://rs\"\n",
        );
        let t = merge(f, None).unwrap();
        assert_eq!(t.limits.max_wait, Duration::from_secs(4000));
        assert_eq!(t.lifetimes.code_secs, Some(60));
        assert_eq!(t.lifetimes.access_token_secs, Some(300));
        assert!(t.resource_accepts("body") && !t.resource_accepts("query"));
        assert_eq!(t.resource_settings.audience.as_deref(), Some("https://rs"));
        let bare = merge(
            file("[endpoints]\nauthorization = \"https://as/a\"\ntoken = \"https://as/t\"\n[[clients]]\nid = \"p\"\ntype = \"public\"\n"),
            None,
        )
        .unwrap();
        assert_eq!(bare.limits.max_wait, Duration::from_secs(70));
        assert!(bare.resource_accepts("header") && !bare.resource_accepts("body"));
        assert_eq!(bare.lifetimes.code_secs, None);
    }
}
