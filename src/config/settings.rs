//! The target configuration as written in TOML (see `examples/target.toml`).

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file, as parsed. `${VAR}` references are already expanded.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    #[serde(default)]
    pub name: Option<String>,
    pub issuer: Option<String>,
    #[serde(default)]
    pub metadata: Option<String>,
    #[serde(default)]
    pub discovery: Option<bool>,
    #[serde(default)]
    pub tls: TlsSettings,
    #[serde(default)]
    pub endpoints: Endpoints,
    #[serde(default)]
    pub offers: Offers,
    #[serde(default)]
    pub clients: Vec<ClientSettings>,
    pub user: Option<UserSettings>,
    #[serde(default)]
    pub login: LoginSettings,
    #[serde(default)]
    pub consent: ConsentSettings,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub lifetimes: Lifetimes,
    #[serde(default)]
    pub resource: ResourceSettings,
}

/// What the protected resource (`endpoints.resource`, RFC 6750) does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSettings {
    /// How it accepts access tokens: "header" (§2.1), "body" (§2.2), "query" (§2.3).
    /// Default: ["header"].
    pub token_methods: Option<Vec<String>>,
    /// A scope the fixture clients may ask for whose tokens the resource refuses for lack of
    /// privileges (§3.1 insufficient_scope).
    pub insufficient_scope: Option<String>,
    /// The audience (`aud`) the server puts in tokens for this resource (RFC 6750 §5.3).
    pub audience: Option<String>,
    /// The scope to ask for when a scenario needs a token the resource accepts, e.g.
    /// "openid read" for an OpenID Connect userinfo endpoint. Default: `offers.scope`.
    pub scope: Option<String>,
}

/// `[tls]`: see `config::tls`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsSettings {
    /// A PEM file of CA certificates to trust besides the public roots.
    pub ca_file: Option<String>,
    /// The same, inline.
    pub ca_pem: Option<String>,
    /// `false`: run without validating the certificate (the certificate check still reports).
    pub verify: Option<bool>,
    /// Where the plain-HTTP variant of the https URLs answers, e.g. `http://as.example:8080`.
    pub plain_http_origin: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    pub authorization: Option<String>,
    pub token: Option<String>,
    pub revocation: Option<String>,
    pub introspection: Option<String>,
    pub resource: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offers {
    pub grant_types: Option<Vec<String>>,
    pub pkce_methods: Option<Vec<String>>,
    pub pkce_required_for_public_clients: Option<bool>,
    pub scopes: Option<Vec<String>>,
    pub scope: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientType {
    Confidential,
    Public,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientSettings {
    pub id: String,
    pub secret: Option<String>,
    #[serde(rename = "type")]
    pub client_type: ClientType,
    #[serde(default)]
    pub auth_methods: Vec<String>,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub grant_types: Vec<String>,
    #[serde(default)]
    pub scopes: Vec<String>,
    /// `"required"`: the server refuses this client's authorization requests without PKCE, so
    /// the suite always sends a code challenge for it. Default: PKCE for public clients only.
    #[serde(default)]
    pub pkce: Option<PkceUse>,
    /// The name the server shows users for this client (its consent page may show this rather
    /// than the client_id; RFC 6749 §10.2).
    #[serde(default)]
    pub name: Option<String>,
    /// `true`: a native app receiving its code on a loopback IP redirect URI
    /// (`http://127.0.0.1/...` or `http://[::1]/...`), whose port the server must let vary from
    /// request to request (RFC 8252 §7.3, RFC 9700 §4.1.3).
    #[serde(default)]
    pub native: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PkceUse {
    Required,
    Optional,
}

impl ClientSettings {
    /// Whether ordinary flows for this client send a code challenge.
    pub fn sends_pkce(&self) -> bool {
        match self.pkce {
            Some(PkceUse::Required) => true,
            Some(PkceUse::Optional) => false,
            None => self.client_type == ClientType::Public,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserSettings {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DriverKind {
    #[default]
    Html,
    Command,
    Manual,
}

/// A submit button to press: its `name` and `value` are sent with the form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Button {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginSettings {
    #[serde(default)]
    pub driver: DriverKind,
    /// For `driver = "command"`: program and arguments; the authorization URL is appended.
    #[serde(default)]
    pub command: Vec<String>,
    pub max_redirects: Option<usize>,
    /// CSS selector of the login form.
    pub form: Option<String>,
    pub username_field: Option<String>,
    pub password_field: Option<String>,
    pub submit: Option<Button>,
    #[serde(default)]
    pub extra_fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentSettings {
    /// CSS selector of the consent form.
    pub form: Option<String>,
    pub approve: Option<Button>,
    pub deny: Option<Button>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub request_timeout_secs: Option<u64>,
    pub run_timeout_secs: Option<u64>,
    pub max_body_bytes: Option<usize>,
    /// Scenarios that must wait (for a code or token to expire) longer than this are skipped.
    pub max_wait_secs: Option<u64>,
}

/// How long the server's authorization codes and access tokens live, as configured on the
/// server (RFC 6749 §4.1.2, RFC 6750 §5.2). Unset, the expiry scenarios use `expires_in` or a
/// generous bound.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifetimes {
    pub code_secs: Option<u64>,
    pub access_token_secs: Option<u64>,
    /// How long past its lifetime the server may still honour a code or token (clock-skew
    /// leeway); the expiry scenarios wait this much longer. Default 2.
    pub leeway_secs: Option<u64>,
}
