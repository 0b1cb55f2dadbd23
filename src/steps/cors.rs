//! Cross-origin requests to the authorization endpoint (RFC 9700 §2.6).

use cucumber::{then, when};

use crate::checks::{cors as check, Verdict};
use crate::client::RawRequest;
use crate::world::World;

/// An origin no client registered.
const FOREIGN_ORIGIN: &str = "https://oauth2spec-foreign-origin.example";

#[when(regex = r"^a script on another origin sends the request and a CORS preflight for it$")]
async fn cross_origin(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let Some(url) = world
        .auth
        .as_ref()
        .map(|a| a.url(&ctx.target.authorization_endpoint))
    else {
        return world.missing("an authorization request");
    };
    let preflight = RawRequest::new("OPTIONS", url.clone())
        .header("Origin", FOREIGN_ORIGIN)
        .header("Access-Control-Request-Method", "GET");
    let Some(first) = world.send(preflight).await else {
        return;
    };
    let Some(second) = world
        .send(RawRequest::get(url).header("Origin", FOREIGN_ORIGIN))
        .await
    else {
        return;
    };
    world.parallel = vec![first, second];
}

#[then(regex = r"^the authorization endpoint grants no cross-origin access$")]
fn no_cors(world: &mut World) {
    if world.halted() {
        return;
    }
    let indexes = world.parallel.clone();
    if indexes.is_empty() {
        return world.missing("cross-origin requests");
    }
    for &i in &indexes {
        let Some(r) = world.response(i).cloned() else {
            continue;
        };
        if let v @ Verdict::Violated { .. } = check::no_cors_allowed(&r) {
            return world.record(Some("9700-2.6-d"), v, &[i]);
        }
    }
    world.record(
        Some("9700-2.6-d"),
        Verdict::Met(
            "neither the preflight nor the request got Access-Control-Allow-Origin".into(),
        ),
        &indexes,
    );
}
