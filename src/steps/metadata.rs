//! Steps about the authorization server metadata document (RFC 8414).

use cucumber::{given, then, when};
use serde_json::{Map, Value};

use crate::checks::{metadata as check, Verdict};
use crate::client::{RawRequest, Response};
use crate::config::target::well_known_metadata_url;
use crate::world::World;

#[given(regex = r"^the target publishes authorization server metadata$")]
fn publishes_metadata(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(target) = world.target() else {
        return;
    };
    if target.metadata.is_none() {
        return world
            .skip("the target publishes no metadata, or discovery is off (discovery = false)");
    }
    if target.issuer.is_none() {
        world.skip("the target config names no issuer to build the metadata URL from");
    }
}

/// RFC 8414's rules for the document apply to RFC 8414 metadata. A server that publishes only
/// OpenID Connect Discovery (the target config's `metadata` is an `openid-configuration` URL)
/// follows OpenID Connect Discovery 1.0, which differs in places (e.g. the signing algorithm
/// lists that RFC 8414 §2 requires with JWT client authentication are OPTIONAL there); the
/// suite still reads the document for discovery, but does not hold it to RFC 8414.
#[given(regex = r"^the metadata is an RFC 8414 document$")]
fn is_rfc8414_document(world: &mut World) {
    if world.halted() {
        return;
    }
    if let Some(url) = metadata_url(world).filter(|u| is_openid_discovery_url(u)) {
        world.skip(format!(
            "the target publishes OpenID Connect Discovery ({url}), not RFC 8414 metadata; \
             RFC 8414's rules for the document are not applied to it"
        ));
    }
}

/// Whether `url` is an OpenID Connect Discovery URL (`…/.well-known/openid-configuration`).
pub(crate) fn is_openid_discovery_url(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| {
        u.path()
            .trim_end_matches('/')
            .ends_with("/.well-known/openid-configuration")
    })
}

/// The metadata document's URL: the one the config names, else the issuer's well-known URL.
/// The metadata URL the scenario fetches: the one the config names, else the issuer's
/// well-known URL (RFC 8414 §3).
pub(crate) fn metadata_url(world: &World) -> Option<String> {
    let target = world.target()?;
    target
        .metadata_url
        .clone()
        .or_else(|| target.issuer.as_deref().and_then(well_known_metadata_url))
}

#[when(regex = r"^the metadata document is fetched$")]
async fn fetch(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(url) = metadata_url(world) else {
        return world.skip("the target config names no issuer to build the metadata URL from");
    };
    world
        .send(RawRequest::get(url).header("Accept", "application/json"))
        .await;
}

fn last_metadata(world: &mut World) -> Option<(usize, Response)> {
    if world.halted() {
        return None;
    }
    let url = metadata_url(world)?;
    let found = super::last_exchange_at(world, &url);
    if found.is_none() {
        world.missing("a metadata response");
    }
    found
}

/// The fetched document as a JSON object; anything else is a precondition failure (whether it
/// is well formed is the business of the §3.2 scenario).
fn document(world: &mut World) -> Option<(usize, Map<String, Value>)> {
    let (i, r) = last_metadata(world)?;
    match r.json() {
        Ok(Value::Object(m)) if r.status == 200 => Some((i, m)),
        _ => {
            world.precondition_failed(
                format!(
                    "the metadata URL did not answer with a JSON object (HTTP {})",
                    r.status
                ),
                &[i],
            );
            None
        }
    }
}

#[then(regex = r"^the metadata response is a JSON object served as application/json$")]
fn well_formed(world: &mut World) {
    if let Some((i, r)) = last_metadata(world) {
        world.record(Some("8414-3.2-a"), check::metadata_document(&r), &[i]);
    }
}

#[then(regex = r"^the metadata issuer is identical to the configured issuer$")]
fn issuer_identical(world: &mut World) {
    let Some(issuer) = world.target().and_then(|t| t.issuer.clone()) else {
        return world.missing("a configured issuer");
    };
    if let Some((i, doc)) = document(world) {
        world.record(
            Some("8414-3.3-a"),
            check::issuer_identical(&doc, &issuer),
            &[i],
        );
    }
}

#[then(regex = r"^the metadata issuer has no query or fragment$")]
fn issuer_plain(world: &mut World) {
    if let Some((i, doc)) = document(world) {
        world.record(
            Some("8414-2-a"),
            check::issuer_without_query_or_fragment(&doc),
            &[i],
        );
    }
}

#[then(regex = r"^the metadata lists (authorization_endpoint|token_endpoint)$")]
fn lists_endpoint(world: &mut World, name: String) {
    let hint = if name == "token_endpoint" {
        "8414-2-c"
    } else {
        "8414-2-b"
    };
    if let Some((i, doc)) = document(world) {
        world.record(Some(hint), check::has_string_member(&doc, &name), &[i]);
    }
}

#[then(regex = r"^the metadata lists (response_types_supported|scopes_supported) values$")]
fn lists_array(world: &mut World, name: String) {
    let hint = if name == "scopes_supported" {
        "8414-2-f"
    } else {
        "8414-2-g"
    };
    if let Some((i, doc)) = document(world) {
        world.record(Some(hint), check::has_string_array(&doc, &name), &[i]);
    }
}

#[then(regex = r"^the metadata has no empty arrays$")]
fn no_empty_arrays(world: &mut World) {
    if let Some((i, doc)) = document(world) {
        world.record(Some("8414-3.2-b"), check::no_empty_arrays(&doc), &[i]);
    }
}

#[then(regex = r"^the published revocation_endpoint has no fragment$")]
fn revocation_endpoint_plain(world: &mut World) {
    let Some((i, doc)) = document(world) else {
        return;
    };
    if !doc.contains_key("revocation_endpoint") {
        return world.skip("the metadata publishes no revocation_endpoint");
    }
    let verdict: Verdict = check::endpoint_without_fragment(&doc, "revocation_endpoint");
    world.record(Some("7009-2-c"), verdict, &[i]);
}

#[then(
    regex = r"^the metadata lists signing algorithms wherever the (token|revocation|introspection) endpoint accepts JWT client authentication$"
)]
fn jwt_algs_listed(world: &mut World, endpoint: String) {
    let hint = match endpoint.as_str() {
        "token" => "8414-2-h",
        "revocation" => "8414-2-k",
        _ => "8414-2-m",
    };
    if let Some((i, doc)) = document(world) {
        let verdict = check::jwt_auth_has_alg_values(&doc, &format!("{endpoint}_endpoint"));
        world.record(Some(hint), verdict, &[i]);
    }
}

#[then(
    regex = r#"^the (token|revocation|introspection) endpoint signing algorithms exclude "none"$"#
)]
fn jwt_algs_exclude_none(world: &mut World, endpoint: String) {
    let hint = match endpoint.as_str() {
        "token" => "8414-2-i",
        "revocation" => "8414-2-l",
        _ => "8414-2-n",
    };
    if let Some((i, doc)) = document(world) {
        let verdict = check::alg_values_exclude_none(&doc, &format!("{endpoint}_endpoint"));
        world.record(Some(hint), verdict, &[i]);
    }
}

#[then(
    regex = r"^the token endpoint signing algorithms include RS256 where private_key_jwt is listed$"
)]
fn rs256_listed(world: &mut World) {
    if let Some((i, doc)) = document(world) {
        if let Some(reason) = check::rs256_unknowable(&doc) {
            return world.skip(reason);
        }
        world.record(
            Some("8414-2-j"),
            check::rs256_for_private_key_jwt(&doc),
            &[i],
        );
    }
}

#[then(regex = r"^the signed metadata, if any, is a signed JWT naming its issuer$")]
fn signed_metadata_signed(world: &mut World) {
    if let Some((i, doc)) = document(world) {
        world.record(
            Some("8414-2.1-a"),
            check::signed_metadata_is_signed(&doc),
            &[i],
        );
    }
}

#[then(regex = r"^the signed metadata, if any, holds no signed_metadata claim$")]
fn signed_metadata_flat(world: &mut World) {
    let Some((i, doc)) = document(world) else {
        return;
    };
    match check::signed_metadata_not_nested(&doc) {
        Some(verdict) => world.record(Some("8414-2.1-b"), verdict, &[i]),
        None => world.skip("the signed_metadata payload cannot be read (checked by 8414-2.1-a)"),
    }
}

/// RFC 8414 §3, §3.1: GET the well-known URL built from the issuer (the well-known segment
/// between host and issuer path); where that is not a metadata document, the
/// `openid-configuration` suffix an OpenID Connect profile declares.
#[when(regex = r"^the well-known metadata URL of the issuer is fetched$")]
async fn fetch_well_known(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(url) = world
        .target()
        .and_then(|t| t.issuer.as_deref())
        .and_then(well_known_metadata_url)
    else {
        return world.skip("the target config names no issuer to build the metadata URL from");
    };
    let Some(i) = world
        .send(RawRequest::get(url.clone()).header("Accept", "application/json"))
        .await
    else {
        return;
    };
    let mut tried = vec![i];
    let found = world.response(i).is_some_and(check::is_metadata_document);
    if !found {
        let oidc = url.replacen(
            "/.well-known/oauth-authorization-server",
            "/.well-known/openid-configuration",
            1,
        );
        if let Some(j) = world
            .send(RawRequest::get(oidc).header("Accept", "application/json"))
            .await
        {
            tried.push(j);
        }
    }
    world.well_known_tried = tried;
}

#[then(regex = r"^a metadata document is served there$")]
fn served_at_well_known(world: &mut World) {
    if world.halted() {
        return;
    }
    let tried = world.well_known_tried.clone();
    if tried.is_empty() {
        return world.missing("a well-known metadata request");
    }
    let responses: Vec<(String, Response)> = tried
        .iter()
        .filter_map(|&i| {
            let url = world.exchanges.get(i)?.request.url.clone();
            world.response(i).cloned().map(|r| (url, r))
        })
        .collect();
    world.record(
        Some("8414-3-a"),
        check::served_at_well_known(&responses),
        &tried,
    );
}

/// RFC 8414 §2 jwks_uri: fetched when the metadata lists it.
#[then(
    regex = r"^the JWK Set, if published, marks the use of every key when it mixes signing and encryption keys$"
)]
async fn jwks_use(world: &mut World) {
    let Some((i, doc)) = document(world) else {
        return;
    };
    let Some(uri) = doc
        .get("jwks_uri")
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        let verdict =
            Verdict::Met("the metadata lists no jwks_uri, so there is no JWK Set to mark".into());
        return world.record(Some("8414-2-e"), verdict, &[i]);
    };
    let Some(j) = world
        .send(RawRequest::get(uri).header("Accept", "application/json"))
        .await
    else {
        return;
    };
    let Some(resp) = world.response(j).cloned() else {
        return;
    };
    match resp.json() {
        Ok(set) if resp.status == 200 => {
            world.record(Some("8414-2-e"), check::jwk_set_marks_use(&set), &[i, j]);
        }
        _ => world.precondition_failed(
            format!(
                "the jwks_uri did not answer with JSON (HTTP {})",
                resp.status
            ),
            &[j],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::is_openid_discovery_url;

    #[test]
    fn openid_discovery_urls_are_told_apart_from_rfc8414_ones() {
        // Ory Hydra publishes only this one.
        assert!(is_openid_discovery_url(
            "http://127.0.0.1:9405/.well-known/openid-configuration"
        ));
        assert!(is_openid_discovery_url(
            "https://as.example/tenant/.well-known/openid-configuration/"
        ));
        assert!(!is_openid_discovery_url(
            "https://as.example/.well-known/oauth-authorization-server"
        ));
        assert!(!is_openid_discovery_url(
            "https://as.example/.well-known/oauth-authorization-server/realms/x"
        ));
        assert!(!is_openid_discovery_url("not a url"));
    }
}
