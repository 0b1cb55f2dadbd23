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
    /// Transport security settings (`[tls]`).
    pub tls: super::Tls,
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
    /// The endpoint members (`token_endpoint`, …) whose URL came from the metadata document
    /// rather than the config.
    pub discovered_endpoints: Vec<&'static str>,
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

/// Metadata members the harness reads, with the JSON type RFC 8414 §2 gives them.
const STRING_MEMBERS: &[&str] = &[
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "revocation_endpoint",
    "introspection_endpoint",
];
const STRING_ARRAY_MEMBERS: &[&str] = &[
    "grant_types_supported",
    "code_challenge_methods_supported",
    "scopes_supported",
];

/// The members the harness reads that have another type than RFC 8414 §2 says, each as
/// `token_endpoint is a number (42), expected a string`. Read as they are, they would be
/// silently ignored and the run would test something the server never said.
fn wrongly_typed_members(md: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let shown = |v: &Value| {
        let text = v.to_string();
        if text.chars().count() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    for &member in STRING_MEMBERS {
        match md.get(member) {
            None | Some(Value::String(_)) => {}
            Some(v) => wrong.push(format!(
                "{member} is {} ({}), expected a string",
                json_type(v),
                shown(v)
            )),
        }
    }
    for &member in STRING_ARRAY_MEMBERS {
        match md.get(member) {
            None => {}
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {}
            Some(Value::Array(items)) => {
                let bad = items.iter().find(|i| !i.is_string()).map(shown);
                wrong.push(format!(
                    "{member} holds {}, expected an array of strings",
                    bad.unwrap_or_default()
                ))
            }
            Some(v) => wrong.push(format!(
                "{member} is {} ({}), expected an array of strings",
                json_type(v),
                shown(v)
            )),
        }
    }
    wrong
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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
    if let Some(md) = &metadata {
        let wrong = wrongly_typed_members(md);
        if !wrong.is_empty() {
            return Err(ResolveError::Discovery(format!(
                "the metadata document has members of the wrong type, so the harness cannot tell what the server offers: {} (RFC 8414 §2); override them in the target config ([endpoints], [offers]) or fix the document",
                wrong.join("; ")
            )));
        }
    }
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
    let discovered_endpoints = [
        ("authorization_endpoint", &file.endpoints.authorization),
        ("token_endpoint", &file.endpoints.token),
        ("revocation_endpoint", &file.endpoints.revocation),
        ("introspection_endpoint", &file.endpoints.introspection),
    ]
    .into_iter()
    .filter(|(member, configured)| configured.is_none() && md(member).is_some())
    .map(|(member, _)| member)
    .collect();
    Ok(Target {
        discovered_endpoints,
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
        tls: super::Tls::from_settings(&file.tls).map_err(ResolveError::Config)?,
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

    /// The protected resource as an oracle for tokens asked for with `offers.scope` (revocation
    /// checks without introspection): `None` when `[resource] scope` asks for something else, as
    /// the resource might refuse such a token whether or not it was revoked.
    pub fn resource_for_ordinary_tokens(&self) -> Option<String> {
        match &self.resource_settings.scope {
            Some(scope) if Some(scope) != self.scope.as_ref() => None,
            _ => self.resource.clone(),
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

    /// Endpoints the metadata document put on another origin (scheme, host, port) than the
    /// issuer, with what the suite will send there.
    ///
    /// RFC 8414 §3.3 binds only `issuer` to the URL the document came from; endpoints on other
    /// hosts are legal (and common behind CDNs and API gateways). But following them means
    /// sending the client secrets, codes, tokens and the user's password to a host the config
    /// never named, so the harness says so before the run. Endpoints written in the config are
    /// the user's own choice and are not listed.
    pub fn endpoints_elsewhere(&self) -> Vec<EndpointElsewhere> {
        let Some(issuer) = &self.issuer else {
            return Vec::new();
        };
        let Some(home) = origin(issuer) else {
            return Vec::new();
        };
        let endpoints = [
            (
                "authorization_endpoint",
                Some(&self.authorization_endpoint),
                "the user's password (through its login page), authorization requests",
            ),
            (
                "token_endpoint",
                Some(&self.token_endpoint),
                "client secrets, authorization codes, PKCE verifiers, refresh tokens",
            ),
            (
                "revocation_endpoint",
                self.revocation_endpoint.as_ref(),
                "client secrets, access and refresh tokens",
            ),
            (
                "introspection_endpoint",
                self.introspection_endpoint.as_ref(),
                "client secrets, access and refresh tokens",
            ),
        ];
        endpoints
            .into_iter()
            .filter_map(|(member, url, sends)| {
                let url = url?;
                // Only what discovery chose: the config's own endpoints are not second-guessed.
                if !self.discovered_endpoints.contains(&member) {
                    return None;
                }
                let there = origin(url)?;
                (there != home).then(|| EndpointElsewhere {
                    member,
                    url: url.clone(),
                    origin: there,
                    issuer_origin: home.clone(),
                    sends,
                })
            })
            .collect()
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

/// An endpoint from the metadata document on another origin than the issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointElsewhere {
    /// The metadata member, e.g. `token_endpoint`.
    pub member: &'static str,
    pub url: String,
    /// `scheme://host:port` of the endpoint.
    pub origin: String,
    pub issuer_origin: String,
    /// What the suite sends there.
    pub sends: &'static str,
}

impl std::fmt::Display for EndpointElsewhere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the metadata document puts {} on {}, not on the issuer's origin {}; the suite will send {} there (write endpoints.{} in the target config to make that choice yours)",
            self.member,
            self.origin,
            self.issuer_origin,
            self.sends,
            self.member.trim_end_matches("_endpoint")
        )
    }
}

/// `scheme://host:port` (default port filled in), or `None` for a URL that does not parse.
fn origin(u: &str) -> Option<String> {
    let u = url::Url::parse(u).ok()?;
    Some(format!(
        "{}://{}:{}",
        u.scheme(),
        u.host_str()?,
        u.port_or_known_default()?
    ))
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
    fn endpoints_discovered_on_another_origin_are_listed() {
        let f = file("issuer = \"https://as.example\"\n[endpoints]\nrevocation = \"https://elsewhere.example/revoke\"\n[[clients]]\nid = \"p\"\ntype = \"public\"\n");
        let md = serde_json::json!({
            "issuer": "https://as.example",
            "authorization_endpoint": "https://as.example:443/authorize",
            "token_endpoint": "https://tokens.example/token",
            "revocation_endpoint": "https://elsewhere.example/revoke",
            "introspection_endpoint": "http://as.example/introspect",
        });
        let t = merge(f, Some(md)).unwrap();
        let listed: Vec<(&str, String)> = t
            .endpoints_elsewhere()
            .into_iter()
            .map(|e| (e.member, e.origin))
            .collect();
        // The default port written out is the same origin; the revocation endpoint came from
        // the config, not from discovery.
        assert_eq!(
            listed,
            vec![
                ("token_endpoint", "https://tokens.example:443".to_string()),
                ("introspection_endpoint", "http://as.example:80".to_string())
            ]
        );
        let note = t.endpoints_elsewhere()[0].to_string();
        assert!(
            note.contains("token_endpoint on https://tokens.example:443")
                && note.contains("client secrets")
                && note.contains("endpoints.token"),
            "{note}"
        );
    }

    #[test]
    fn wrongly_typed_metadata_members_are_named() {
        let f = file("issuer = \"https://as\"\n[[clients]]\nid = \"p\"\ntype = \"public\"\n");
        let md = serde_json::json!({
            "issuer": "https://as",
            "authorization_endpoint": "https://as/a",
            "token_endpoint": 42,
            "grant_types_supported": "authorization_code",
            "scopes_supported": ["read", null],
            "ui_locales_supported": 7,
        });
        let err = merge(f, Some(md)).unwrap_err();
        let m = err.to_string();
        assert!(matches!(err, ResolveError::Discovery(_)), "{m}");
        assert!(
            m.contains("token_endpoint is a number (42), expected a string")
                && m.contains("grant_types_supported is a string (\"authorization_code\"), expected an array of strings")
                && m.contains("scopes_supported holds null"),
            "{m}"
        );
        // Members the harness does not read are the metadata scenarios' business.
        assert!(!m.contains("ui_locales"), "{m}");
    }

    #[test]
    fn the_resource_is_an_oracle_only_for_tokens_of_its_scope() {
        let with = |resource_scope: &str| {
            merge(
                file(&format!(
                    "[endpoints]\nauthorization = \"https://as/a\"\ntoken = \"https://as/t\"\n\
resource = \"https://rs/me\"\n[offers]\nscope = \"read\"\n[[clients]]\nid = \"p\"\ntype = \"public\"\n\
{resource_scope}"
                )),
                None,
            )
            .unwrap()
        };
        let unset = with("");
        assert_eq!(
            unset.resource_for_ordinary_tokens().as_deref(),
            Some("https://rs/me")
        );
        let same = with("[resource]\nscope = \"read\"\n");
        assert_eq!(
            same.resource_for_ordinary_tokens().as_deref(),
            Some("https://rs/me")
        );
        // A userinfo endpoint that wants openid would refuse a `read` token, revoked or not.
        let other = with("[resource]\nscope = \"openid read\"\n");
        assert_eq!(other.resource_for_ordinary_tokens(), None);
        assert_eq!(other.resource.as_deref(), Some("https://rs/me"));
    }

    #[test]
    fn lifetimes_resource_and_max_wait_are_read() {
        let f = file(
            "[endpoints]\nauthorization = \"https://as/a\"\ntoken = \"https://as/t\"\n\
[[clients]]\nid = \"p\"\ntype = \"public\"\n\
[limits]\nmax_wait_secs = 4000\n\
[lifetimes]\ncode_secs = 60\naccess_token_secs = 300\n\
[resource]\ntoken_methods = [\"header\", \"body\"]\ninsufficient_scope = \"write\"\naudience = \"https://rs\"\n\
scope = \"openid read\"\n",
        );
        let t = merge(f, None).unwrap();
        assert_eq!(t.limits.max_wait, Duration::from_secs(4000));
        assert_eq!(t.lifetimes.code_secs, Some(60));
        assert_eq!(t.lifetimes.access_token_secs, Some(300));
        assert!(t.resource_accepts("body") && !t.resource_accepts("query"));
        assert_eq!(t.resource_settings.audience.as_deref(), Some("https://rs"));
        assert_eq!(t.resource_settings.scope.as_deref(), Some("openid read"));
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
