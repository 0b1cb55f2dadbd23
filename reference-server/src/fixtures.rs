//! The registered clients, the resource owner and the scopes: the one place where the server's
//! registration data lives (RFC 6749 §2). The target configuration handed to the harness is
//! generated from the same data, so the two cannot drift apart.

use std::fmt;

/// Client types (RFC 6749 §2.1): fixed at registration, never guessed from a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientType {
    Confidential,
    Public,
}

impl ClientType {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientType::Confidential => "confidential",
            ClientType::Public => "public",
        }
    }
}

/// Token endpoint authentication methods (RFC 6749 §2.3.1; names from RFC 7591 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuthMethod {
    ClientSecretBasic,
    ClientSecretPost,
    /// A public client: it identifies itself with `client_id` and proves nothing.
    None,
}

impl ClientAuthMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::None => "none",
        }
    }
}

/// The grant types this server implements (RFC 6749 §4.1, §4.4, §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
}

impl GrantType {
    pub const ALL: &'static [GrantType] = &[
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::ClientCredentials => "client_credentials",
        }
    }

    /// The grant named by a `grant_type` value; `None` for grant types this server does not
    /// implement (RFC 6749 §5.2 `unsupported_grant_type`).
    pub fn from_name(name: &str) -> Option<GrantType> {
        GrantType::ALL
            .iter()
            .copied()
            .find(|grant| grant.as_str() == name)
    }
}

/// A registered client.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FixtureClient {
    pub id: &'static str,
    /// The client password (RFC 6749 §2.3.1); `None` for public clients.
    pub secret: Option<&'static str>,
    pub client_type: ClientType,
    /// Authentication methods the client is registered for, the preferred one first.
    pub auth_methods: &'static [ClientAuthMethod],
    /// Complete redirect URIs (RFC 6749 §3.1.2.2), compared by exact string comparison.
    pub redirect_uris: &'static [&'static str],
    pub grant_types: &'static [GrantType],
    /// The scopes the client may ask for.
    pub scopes: &'static [&'static str],
    /// Whether authorization requests must carry a PKCE code_challenge (RFC 7636 §4.4.1).
    pub pkce_required: bool,
    /// A native app receiving its code on a loopback IP redirect URI: the port of such a URI may
    /// vary from request to request (RFC 8252 §7.3, RFC 9700 §4.1.3).
    pub native: bool,
}

impl FixtureClient {
    pub fn is_confidential(&self) -> bool {
        self.client_type == ClientType::Confidential
    }

    pub fn allows_grant(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }

    pub fn allows_auth_method(&self, method: ClientAuthMethod) -> bool {
        self.auth_methods.contains(&method)
    }

    pub fn allows_scope(&self, scope: &str) -> bool {
        self.scopes.contains(&scope)
    }
}

/// Secrets print as `[redacted]` so they cannot leak through logs by accident.
impl fmt::Debug for FixtureClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FixtureClient")
            .field("id", &self.id)
            .field("secret", &self.secret.map(|_| "[redacted]"))
            .field("client_type", &self.client_type)
            .field("auth_methods", &self.auth_methods)
            .field("redirect_uris", &self.redirect_uris)
            .field("grant_types", &self.grant_types)
            .field("scopes", &self.scopes)
            .field("pkce_required", &self.pkce_required)
            .field("native", &self.native)
            .finish()
    }
}

/// The resource owner who signs in on the login page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct FixtureUser {
    pub username: &'static str,
    pub password: &'static str,
}

impl fmt::Debug for FixtureUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FixtureUser")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

/// Everything the server has registered.
#[derive(Debug)]
pub struct Fixtures {
    pub clients: &'static [FixtureClient],
    pub user: FixtureUser,
    /// The scopes the server knows (RFC 6749 §3.3).
    pub scopes: &'static [&'static str],
    /// The scope granted when a request omits `scope` (RFC 6749 §3.3 allows a default).
    pub default_scope: &'static str,
}

impl Fixtures {
    /// The registered client with this `client_id`.
    pub fn client(&self, id: &str) -> Option<&'static FixtureClient> {
        self.clients.iter().find(|client| client.id == id)
    }

    pub fn knows_scope(&self, scope: &str) -> bool {
        self.scopes.contains(&scope)
    }
}

/// Both methods are registered; `client_secret_post` is listed first because the harness uses
/// a client's first method in ordinary flows and Basic only where a scenario is about Basic.
/// That keeps the Basic quirks (`basic_auth_unsupported`, `basic_auth_not_form_decoded`) from
/// failing every flow instead of the one requirement each breaks.
const CONFIDENTIAL_AUTH: &[ClientAuthMethod] = &[
    ClientAuthMethod::ClientSecretPost,
    ClientAuthMethod::ClientSecretBasic,
];
const READ_WRITE: &[&str] = &["read", "write"];
const CB: &str = "http://127.0.0.1:9999/cb";
const CB2: &str = "http://127.0.0.1:9999/cb2";
const CB_WITH_QUERY: &str = "http://127.0.0.1:9999/cb?tenant=oauth2spec";
const NATIVE_LOOPBACK_CB: &str = "http://127.0.0.1/cb";
/// A web client's redirect URI that is not a loopback one: RFC 6749 §3.1.2.3's exact comparison,
/// port included, is checked on it (loopback URIs may vary their port, RFC 8252 §7.3).
const WEB_CB: &str = "https://client.example/cb";

static FIXTURES: Fixtures = Fixtures {
    clients: &[
        FixtureClient {
            id: "conf-client",
            secret: Some("conf-client-secret"),
            client_type: ClientType::Confidential,
            auth_methods: CONFIDENTIAL_AUTH,
            redirect_uris: &[CB, CB2, WEB_CB],
            grant_types: &[
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::ClientCredentials,
            ],
            scopes: READ_WRITE,
            pkce_required: false,
            native: false,
        },
        FixtureClient {
            id: "conf-client-2",
            // Reserved characters on purpose: RFC 6749 §2.3.1 has clients form-url-encode the
            // id and secret before Basic encoding, and the server must decode them again.
            secret: Some("conf:client/2 s3cr%t+&é"),
            client_type: ClientType::Confidential,
            auth_methods: CONFIDENTIAL_AUTH,
            redirect_uris: &[CB],
            grant_types: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
            scopes: READ_WRITE,
            pkce_required: false,
            native: false,
        },
        FixtureClient {
            id: "public-client",
            secret: None,
            client_type: ClientType::Public,
            auth_methods: &[ClientAuthMethod::None],
            redirect_uris: &[CB],
            grant_types: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
            scopes: READ_WRITE,
            // A public client cannot keep a secret, so PKCE is what binds its code (RFC 7636 §1).
            pkce_required: true,
            native: false,
        },
        FixtureClient {
            id: "cc-client",
            secret: Some("cc-client-secret"),
            client_type: ClientType::Confidential,
            auth_methods: CONFIDENTIAL_AUTH,
            // Registered, so an authorization request can be answered with an error redirect
            // (unauthorized_client, RFC 6749 §4.1.2.1) rather than an error page.
            redirect_uris: &[CB],
            grant_types: &[GrantType::ClientCredentials],
            scopes: &["read"],
            pkce_required: false,
            native: false,
        },
        FixtureClient {
            id: "public-client-2",
            secret: None,
            client_type: ClientType::Public,
            auth_methods: &[ClientAuthMethod::None],
            redirect_uris: &[CB],
            grant_types: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
            scopes: READ_WRITE,
            // A second public client, so that a code or refresh token of one can be presented
            // by the other (RFC 6749 §4.1.3, OAuth 2.1 §4.3.1: bound to the client_id).
            pkce_required: true,
            native: false,
        },
        FixtureClient {
            id: "query-client",
            secret: Some("query-client-secret"),
            client_type: ClientType::Confidential,
            auth_methods: CONFIDENTIAL_AUTH,
            // A redirect URI with a query component, which the response must keep (§3.1.2).
            redirect_uris: &[CB_WITH_QUERY],
            grant_types: &[GrantType::AuthorizationCode],
            scopes: READ_WRITE,
            pkce_required: false,
            native: false,
        },
        FixtureClient {
            id: "native-client",
            secret: None,
            client_type: ClientType::Public,
            auth_methods: &[ClientAuthMethod::None],
            // Registered without a port: the app listens on whatever port the OS gives it
            // (RFC 8252 §7.3). Last in the list, so that "the public client" stays the first.
            redirect_uris: &[NATIVE_LOOPBACK_CB],
            grant_types: &[GrantType::AuthorizationCode, GrantType::RefreshToken],
            scopes: READ_WRITE,
            pkce_required: true,
            native: true,
        },
        FixtureClient {
            id: "service-client",
            secret: Some("service-client-secret"),
            client_type: ClientType::Confidential,
            auth_methods: CONFIDENTIAL_AUTH,
            // A machine client: no redirect URI registered (OAuth 2.1 §2.3.1), so no
            // authorization request may send a browser anywhere on its behalf.
            redirect_uris: &[],
            grant_types: &[GrantType::ClientCredentials],
            scopes: READ_WRITE,
            pkce_required: false,
            native: false,
        },
    ],
    user: FixtureUser {
        username: "alice",
        password: "alice-pass-123",
    },
    scopes: READ_WRITE,
    default_scope: "read",
};

/// The server's registration data.
pub fn fixtures() -> &'static Fixtures {
    &FIXTURES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_unique_and_found() {
        for client in fixtures().clients {
            assert_eq!(fixtures().client(client.id), Some(client));
        }
        assert_eq!(fixtures().client("nobody"), None);
    }

    #[test]
    fn confidential_clients_have_secrets_and_public_ones_do_not() {
        for client in fixtures().clients {
            assert_eq!(
                client.is_confidential(),
                client.secret.is_some(),
                "{}",
                client.id
            );
            assert_eq!(
                client.allows_auth_method(ClientAuthMethod::None),
                !client.is_confidential(),
                "{}",
                client.id
            );
        }
    }

    #[test]
    fn debug_output_redacts_secrets() {
        let text = format!("{:?}", fixtures());
        assert!(!text.contains("conf-client-secret"));
        assert!(!text.contains("alice-pass-123"));
        assert!(text.contains("[redacted]"));
    }

    #[test]
    fn grant_type_names_round_trip() {
        for &grant in GrantType::ALL {
            assert_eq!(GrantType::from_name(grant.as_str()), Some(grant));
        }
        assert_eq!(GrantType::from_name("password"), None);
    }
}
