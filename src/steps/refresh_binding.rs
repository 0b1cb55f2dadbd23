//! OAuth 2.1 §4.3.1: a public client identifies itself by client_id alone when it refreshes, and
//! the refresh token must have been issued to that client.

use cucumber::{then, when};

use super::client_for;
use crate::checks::refresh_binding as check;
use crate::world::{ClientAuth, TokenRequest, World};

#[when(regex = r"^the second public client presents the refresh token with its own client_id$")]
async fn other_public_client_refreshes(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(other) = client_for(world, "the second public client") else {
        return;
    };
    // A client listed without grant_types may use whatever the server offers; one listed without
    // refresh_token would be refused for that alone, which says nothing about the binding.
    if !other.grant_types.is_empty() && !other.grant_types.iter().any(|g| g == "refresh_token") {
        return world.skip(format!(
            "the second public client ({}) is not allowed the refresh_token grant, so a refusal would not show the binding",
            other.id
        ));
    }
    let Some(refresh) = world.tokens.refresh_token.clone() else {
        return world.missing("a refresh token");
    };
    world.token_request = Some(TokenRequest {
        client: other,
        params: vec![
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh),
        ],
        auth: ClientAuth::ClientIdOnly,
    });
    world.send_token_request().await;
}

#[then(regex = r"^the refresh is refused and no token is issued$")]
fn refused(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    world.record(
        Some("oauth21-4.3.1-a"),
        check::other_clients_refresh_token_refused(&r),
        &[i],
    );
}
