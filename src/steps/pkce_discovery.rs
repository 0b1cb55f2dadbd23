//! Steps on how the server advertises PKCE support (RFC 9700 §2.1.1).

use cucumber::then;
use serde_json::{Map, Value};

use crate::checks::pkce_discovery as check;
use crate::world::World;

/// The metadata document fetched by the scenario, as a JSON object.
fn fetched_metadata(world: &mut World) -> Option<(usize, Map<String, Value>)> {
    if world.halted() {
        return None;
    }
    let url = super::metadata::metadata_url(world)?;
    let Some((i, r)) = super::last_exchange_at(world, &url) else {
        world.missing("a metadata response");
        return None;
    };
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

#[then(regex = r"^the metadata publishes code_challenge_methods_supported$")]
fn publishes(world: &mut World) {
    if let Some((i, m)) = fetched_metadata(world) {
        world.record(
            Some("9700-2.1.1-d"),
            check::publishes_pkce_methods(&m),
            &[i],
        );
    }
}

#[then(regex = r"^the published PKCE methods include S256$")]
fn includes_s256(world: &mut World) {
    if let Some((i, m)) = fetched_metadata(world) {
        if let Some(v) = check::pkce_methods_include_s256(&m) {
            world.record(Some("9700-2.1.1-e"), v, &[i]);
        }
    }
}
