//! The target configuration that points the harness at this server, in the harness's TOML
//! format (see `examples/target.toml` at the workspace root). It is generated from the
//! fixtures, so it always describes the clients the server really has.

use serde::Serialize;

use crate::fixtures::{fixtures, FixtureClient};
use crate::ServerConfig;

#[derive(Serialize)]
struct TargetConfig<'a> {
    name: &'static str,
    issuer: &'a str,
    /// Set only where the metadata is not at the well-known URL of the issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<String>,
    endpoints: Endpoints,
    offers: Offers,
    clients: Vec<Client>,
    user: User,
    login: Login,
    lifetimes: Lifetimes,
    resource: Resource,
}

/// What the protected resource at `/resource` accepts (see `bearer.rs`).
#[derive(Serialize)]
struct Resource {
    token_methods: &'static [&'static str],
    /// A scope the clients may ask for that lacks what the resource requires.
    insufficient_scope: &'static str,
    /// The `aud` of its tokens (introspection says so).
    audience: String,
}

/// The code and access token lifetimes the server applies, for the expiry scenarios.
#[derive(Serialize)]
struct Lifetimes {
    code_secs: u64,
    access_token_secs: u64,
}

#[derive(Serialize)]
struct Endpoints {
    resource: String,
}

#[derive(Serialize)]
struct Offers {
    scope: &'static str,
    /// There is no metadata field for it, so the harness is told here (RFC 7636 §4.4.1 checks
    /// apply only where PKCE is required).
    pkce_required_for_public_clients: bool,
}

#[derive(Serialize)]
struct Client {
    id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<&'static str>,
    #[serde(rename = "type")]
    client_type: &'static str,
    auth_methods: Vec<&'static str>,
    redirect_uris: &'static [&'static str],
    grant_types: Vec<&'static str>,
    scopes: &'static [&'static str],
    /// A native app on a loopback redirect URI whose port may vary (RFC 8252 §7.3).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    native: bool,
}

impl From<&FixtureClient> for Client {
    fn from(client: &FixtureClient) -> Self {
        Client {
            id: client.id,
            secret: client.secret,
            client_type: client.client_type.as_str(),
            auth_methods: client.auth_methods.iter().map(|m| m.as_str()).collect(),
            redirect_uris: client.redirect_uris,
            grant_types: client.grant_types.iter().map(|g| g.as_str()).collect(),
            scopes: client.scopes,
            native: client.native,
        }
    }
}

#[derive(Serialize)]
struct User {
    username: &'static str,
    password: &'static str,
}

#[derive(Serialize)]
struct Login {
    driver: &'static str,
}

/// The target configuration (TOML) for a server with the default [`ServerConfig`] whose base URL
/// (and issuer) is `base_url`.
pub fn target_config_toml(base_url: &str) -> String {
    target_config_toml_for(base_url, &ServerConfig::default())
}

/// The target configuration (TOML) for a server run with `server` at `base_url`.
pub fn target_config_toml_for(base_url: &str, server: &ServerConfig) -> String {
    let fixtures = fixtures();
    let public_clients_need_pkce = fixtures
        .clients
        .iter()
        .filter(|client| !client.is_confidential())
        .all(|client| client.pkce_required);
    let config = TargetConfig {
        name: "oauth2spec reference server",
        issuer: base_url,
        metadata: server
            .quirks
            .contains(&crate::Quirk::MetadataNotAtWellKnown)
            .then(|| format!("{base_url}/metadata")),
        endpoints: Endpoints {
            resource: format!("{base_url}/resource"),
        },
        offers: Offers {
            scope: fixtures.default_scope,
            pkce_required_for_public_clients: public_clients_need_pkce,
        },
        clients: fixtures
            .clients
            .iter()
            .map(|fixture| {
                let mut client = Client::from(fixture);
                if server.password_grant && fixture.is_confidential() {
                    client.grant_types.push(crate::token::PASSWORD_GRANT);
                }
                client
            })
            .collect(),
        user: User {
            username: fixtures.user.username,
            password: fixtures.user.password,
        },
        login: Login { driver: "html" },
        lifetimes: Lifetimes {
            code_secs: server.code_lifetime.as_secs(),
            access_token_secs: server.effective_access_token_lifetime().as_secs(),
        },
        resource: Resource {
            token_methods: crate::bearer::TOKEN_METHODS,
            insufficient_scope: crate::bearer::INSUFFICIENT_SCOPE,
            audience: format!("{base_url}/resource"),
        },
    };
    // Serializing plain strings, vectors and structs cannot fail; the fallback only keeps this
    // function total.
    toml::to_string(&config).unwrap_or_else(|error| format!("# cannot serialize: {error}\n"))
}

/// The `[tls]` table for a server serving https: the CA to trust, where the plain-HTTP variant
/// of its URLs is, and whether the certificate can be validated (when not, the suite runs
/// without validation and the certificate check reports it).
pub(crate) fn tls_table(ca_pem: &str, plain_http: &str, verify: bool) -> String {
    #[derive(Serialize)]
    struct Tls<'a> {
        ca_pem: &'a str,
        plain_http_origin: &'a str,
        verify: bool,
    }
    #[derive(Serialize)]
    struct Wrapper<'a> {
        tls: Tls<'a>,
    }
    let table = Wrapper {
        tls: Tls {
            ca_pem,
            plain_http_origin: plain_http,
            verify,
        },
    };
    let text =
        toml::to_string(&table).unwrap_or_else(|error| format!("# cannot serialize: {error}\n"));
    format!("\n{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_toml_and_lists_every_fixture() {
        let text = target_config_toml("http://127.0.0.1:4321");
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["issuer"].as_str(), Some("http://127.0.0.1:4321"));
        assert_eq!(
            value["endpoints"]["resource"].as_str(),
            Some("http://127.0.0.1:4321/resource")
        );
        assert_eq!(value["offers"]["scope"].as_str(), Some("read"));
        assert_eq!(value["login"]["driver"].as_str(), Some("html"));
        assert_eq!(value["user"]["username"].as_str(), Some("alice"));
        assert_eq!(value["user"]["password"].as_str(), Some("alice-pass-123"));
        assert_eq!(value["lifetimes"]["code_secs"].as_integer(), Some(60));
        assert_eq!(
            value["lifetimes"]["access_token_secs"].as_integer(),
            Some(3600)
        );

        let clients = value["clients"].as_array().unwrap();
        assert_eq!(clients.len(), fixtures().clients.len());
        for (entry, fixture) in clients.iter().zip(fixtures().clients) {
            assert_eq!(entry["id"].as_str(), Some(fixture.id));
            // The reserved characters of conf-client-2's secret survive the round trip.
            assert_eq!(entry.get("secret").and_then(|s| s.as_str()), fixture.secret);
            assert_eq!(entry["type"].as_str(), Some(fixture.client_type.as_str()));
            let strings = |key: &str| -> Vec<String> {
                entry[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect()
            };
            let methods: Vec<_> = fixture.auth_methods.iter().map(|m| m.as_str()).collect();
            assert_eq!(strings("auth_methods"), methods);
            assert_eq!(strings("redirect_uris"), fixture.redirect_uris);
            let grants: Vec<_> = fixture.grant_types.iter().map(|g| g.as_str()).collect();
            assert_eq!(strings("grant_types"), grants);
            assert_eq!(strings("scopes"), fixture.scopes);
        }
        assert_eq!(clients[2]["auth_methods"][0].as_str(), Some("none"));
        assert!(clients[2].get("secret").is_none());
    }

    /// The harness expands `${VAR}` in every string value (`$$` is a literal `$`), so a `$` in
    /// a fixture would need that escape; there is none to escape.
    #[test]
    fn no_value_needs_the_harness_dollar_escape() {
        let text = target_config_toml("http://127.0.0.1:4321");
        assert!(!text.contains('$'), "{text}");
    }

    #[test]
    fn escapes_hostile_base_urls() {
        let text = target_config_toml("http://x/\"\n[evil]");
        let value: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(value["issuer"].as_str(), Some("http://x/\"\n[evil]"));
        assert!(value.get("evil").is_none());
    }
}
