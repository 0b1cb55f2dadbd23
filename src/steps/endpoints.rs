//! Steps about the endpoints themselves (RFC 6749 §3.1, §3.2): their URLs and the HTTP method
//! the token endpoint takes.

use cucumber::{then, when};

use crate::checks::{client_auth, metadata as check};
use crate::client::RawRequest;
use crate::world::World;

#[then(regex = r"^the published (authorization_endpoint|token_endpoint) has no fragment$")]
fn endpoint_plain(world: &mut World, name: String) {
    if world.halted() {
        return;
    }
    let Some(url) = super::metadata::metadata_url(world) else {
        return world.missing("a metadata URL");
    };
    let Some((i, r)) = super::last_exchange_at(world, &url) else {
        return world.missing("a metadata response");
    };
    let doc = match r.json() {
        Ok(serde_json::Value::Object(m)) if r.status == 200 => m,
        _ => {
            return world.precondition_failed(
                format!(
                    "the metadata URL did not answer with a JSON object (HTTP {})",
                    r.status
                ),
                &[i],
            )
        }
    };
    if !doc.contains_key(&name) {
        return world.skip(format!("the metadata publishes no {name}"));
    }
    world.record(None, check::endpoint_without_fragment(&doc, &name), &[i]);
}

#[when(regex = r"^the token request is sent with GET, its parameters in the query$")]
async fn send_with_get(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let Some(request) = world.token_request.clone() else {
        return world.missing("a token request");
    };
    let post = world.token_http_request(&ctx.target.token_endpoint, &request);
    let query = post
        .body
        .as_deref()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let separator = if post.url.contains('?') { '&' } else { '?' };
    let mut get = RawRequest::get(format!("{}{separator}{query}", post.url));
    get.headers = post
        .headers
        .into_iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
        .collect();
    if let Some(i) = world.send(get).await {
        world.last_token = Some(i);
    }
}

#[then(regex = r"^the token endpoint issues no token$")]
fn no_token(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    let method = world.exchanges[i].request.method.clone();
    world.record(
        None,
        client_auth::no_token_for_other_method(&r, &method),
        &[i],
    );
}
