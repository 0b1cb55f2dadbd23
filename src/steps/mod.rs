//! Cucumber step definitions, by concept. Each step is a thin adapter over `World`, `client/`,
//! `login/` and `checks/`; the protocol vocabulary of the feature files lives here.

mod authorization;
mod bearer_scheme;
mod client_auth;
mod code_race;
mod code_replay;
mod cors;
mod credential_redirect;
mod endpoints;
mod expiry;
mod framing;
mod front_channel;
mod guessing;
mod introspection;
mod issuer_in_response;
mod login_first;
mod metadata;
mod native_loopback;
mod null_members;
mod parameters;
mod pkce;
mod pkce_discovery;
mod pkce_downgrade;
mod query_token;
mod reflection;
mod refresh;
mod refresh_binding;
mod refresh_rotation;
mod removed_grants;
mod resource;
mod resource_checks;
mod revocation;
mod scope_echo;
mod target;
mod third_party;
mod token;
mod token_errors;
mod transport;
mod web_message;

use crate::client::Response;
use crate::config::{ClientSettings, ClientType};
use crate::world::World;

/// Finds the client a step phrase names, or skips the scenario saying which client the target
/// config lacks.
pub(crate) fn client_for(world: &mut World, phrase: &str) -> Option<ClientSettings> {
    let target = world.target()?.clone();
    // A client listed without grant_types may use whatever the server offers; only an explicit
    // list can say a client is *not* allowed a grant.
    let has_grant = |c: &ClientSettings, g: &str| {
        if c.grant_types.is_empty() {
            target.offers_grant(g)
        } else {
            c.grant_types.iter().any(|x| x == g)
        }
    };
    let needs_encoding = |s: &str| {
        !s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    };
    let found = match phrase {
        "the confidential client" => target.confidential(0).cloned(),
        "the second confidential client" => target.confidential(1).cloned(),
        "the public client" => target.public().cloned(),
        "the second public client" => target
            .clients
            .iter()
            .filter(|c| c.client_type == ClientType::Public)
            .nth(1)
            .cloned(),
        "a client whose redirect URI has a query" => target
            .clients
            .iter()
            .find(|c| c.redirect_uris.first().is_some_and(|u| u.contains('?')))
            .cloned(),
        "a public client" => target.public().cloned(),
        "a client with no registered redirect URI" => target
            .clients
            .iter()
            .find(|c| c.redirect_uris.is_empty())
            .cloned(),
        "a native client" => target.clients.iter().find(|c| c.native).cloned(),
        "a client with several redirect URIs" => target
            .clients
            .iter()
            .find(|c| c.redirect_uris.len() > 1)
            .cloned(),
        "a client not allowed the authorization code grant" => target
            .clients
            .iter()
            .find(|c| {
                !c.grant_types.is_empty()
                    && !has_grant(c, "authorization_code")
                    && !c.redirect_uris.is_empty()
            })
            .cloned(),
        "a client allowed the password grant" => target
            .clients
            .iter()
            .find(|c| c.client_type == ClientType::Confidential && has_grant(c, "password"))
            .cloned(),
        "a client allowed the client_credentials grant but not every scope" => target
            .clients
            .iter()
            .find(|c| {
                c.client_type == ClientType::Confidential
                    && has_grant(c, "client_credentials")
                    && !c.scopes.is_empty()
                    && target.scopes.iter().any(|s| !c.scopes.contains(s))
            })
            .cloned(),
        "a client allowed the client_credentials grant" => target
            .clients
            .iter()
            .find(|c| {
                c.client_type == ClientType::Confidential && has_grant(c, "client_credentials")
            })
            .cloned(),
        "a client not allowed the client_credentials grant" => {
            let lacks = |c: &&ClientSettings| {
                !c.grant_types.is_empty() && !has_grant(c, "client_credentials")
            };
            let confidential = target
                .clients
                .iter()
                .filter(lacks)
                .find(|c| c.client_type == ClientType::Confidential);
            confidential
                .or_else(|| target.clients.iter().find(lacks))
                .cloned()
        }
        "a client whose secret needs form-encoding" => target
            .clients
            .iter()
            .find(|c| {
                c.client_type == ClientType::Confidential
                    && c.secret.as_deref().is_some_and(needs_encoding)
                    && (c.auth_methods.is_empty()
                        || c.auth_methods.iter().any(|m| m == "client_secret_basic"))
            })
            .cloned(),
        other => {
            world.error(format!(
                "internal: unknown client phrase {other:?} in a feature file"
            ));
            return None;
        }
    };
    if found.is_none() {
        world.skip(format!(
            "the target config has no {}",
            phrase.trim_start_matches("the ").trim_start_matches("a ")
        ));
    }
    found
}

/// The last exchange sent to `url` (with any fragment dropped), with its response.
pub(crate) fn last_exchange_at(world: &World, url: &str) -> Option<(usize, Response)> {
    let base = url.split('#').next().unwrap_or(url);
    world
        .exchanges
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| e.request.url.split('#').next() == Some(base))
        .and_then(|(i, _)| world.response(i).cloned().map(|r| (i, r)))
}

/// The client the scenario's tokens were issued to.
pub(crate) fn token_owner(world: &mut World) -> Option<ClientSettings> {
    let owner = world.auth.as_ref().map(|a| a.client.clone());
    if owner.is_none() {
        world.missing("an authorization request");
    }
    owner
}

/// The access or refresh token the scenario holds.
pub(crate) fn held_token(world: &mut World, kind: &str) -> Option<String> {
    let token = match kind {
        "refresh" => world.tokens.refresh_token.clone(),
        _ => world.tokens.access_token.clone(),
    };
    if token.is_none() {
        world.missing(&format!("an {kind} token"));
    }
    token
}
