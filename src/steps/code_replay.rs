//! A replayed code carrying invalid parameters must not revoke the legitimate client's tokens
//! (OAuth 2.1 §7.5.2).

use cucumber::then;

use crate::checks::{bearer, introspection, Verdict};
use crate::client::RawRequest;
use crate::world::{ClientAuth, World};

/// Whether the access token of the first exchange still works: asked of the introspection
/// endpoint (as the client it was issued to) when there is one, else of the protected resource.
#[then(regex = r"^the access token from the first exchange is still active$")]
async fn first_token_still_active(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let Some(access) = world.tokens.access_token.clone() else {
        return world.missing("an access token from the first exchange");
    };
    let Some(owner) = world.auth.as_ref().map(|a| a.client.clone()) else {
        return world.missing("an authorization request");
    };
    let requirement = Some("oauth21-7.5.2-a");
    let revoked = |observed: String| {
        Verdict::violated(
            "the invalid replay revoked the access token already issued",
            "the first access token stays active",
            observed,
        )
    };
    if let Some(endpoint) = ctx.target.introspection_endpoint.clone() {
        let params = vec![("token".to_string(), access)];
        let Some(i) = world
            .send_as_client(&endpoint, owner, params, ClientAuth::Preferred)
            .await
        else {
            return;
        };
        let Some(r) = world.response(i).cloned() else {
            return;
        };
        let verdict = match introspection::token_found(&r) {
            Verdict::Met(_) => {
                Verdict::Met("the first access token still introspects as active".into())
            }
            Verdict::Violated { observed, .. } => revoked(observed),
        };
        return world.record(requirement, verdict, &[i]);
    }
    if let Some(resource) = ctx.target.resource_for_ordinary_tokens() {
        let Some(i) = world.send(RawRequest::get(resource).bearer(&access)).await else {
            return;
        };
        let Some(r) = world.response(i).cloned() else {
            return;
        };
        let verdict = match bearer::resource_ok(&r) {
            Verdict::Met(_) => {
                Verdict::Met("the protected resource still accepts the first access token".into())
            }
            Verdict::Violated { observed, .. } => revoked(observed),
        };
        return world.record(requirement, verdict, &[i]);
    }
    world.skip("no way to observe revocation: no introspection endpoint and no protected resource");
}
