//! Steps on refresh token rotation and replay detection (RFC 9700 §2.2.2, §4.14.2; OAuth 2.1
//! §4.3.1).

use cucumber::{given, then, when};

use super::{client_for, token_owner};
use crate::checks::refresh_rotation as check;
use crate::world::{ClientAuth, TokenRequest, World};

/// Sends a refresh_token grant request with `refresh_token` as the client the tokens belong
/// to; returns the exchange index.
async fn refresh_with(world: &mut World, refresh_token: String) -> Option<usize> {
    let client = token_owner(world)?;
    world.token_request = Some(TokenRequest {
        client,
        params: vec![
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh_token),
        ],
        auth: ClientAuth::Preferred,
    });
    world.send_token_request().await
}

/// Refreshes with the held refresh token; on success the new tokens become the held ones and a
/// replaced refresh token is remembered as previous.
async fn refresh(world: &mut World) -> Option<(usize, String)> {
    if world.halted() {
        return None;
    }
    let Some(old) = world.tokens.refresh_token.clone() else {
        world.missing("a refresh token");
        return None;
    };
    let i = refresh_with(world, old.clone()).await?;
    let r = world.response(i)?.clone();
    if let Some(new) = check::new_refresh_token(&r) {
        world.add_secret(&new);
        if new != old {
            world.previous_refresh_tokens.push(old.clone());
        }
        world.tokens.refresh_token = Some(new);
    }
    if let Some(at) = r
        .json()
        .ok()
        .filter(|_| r.status == 200)
        .and_then(|j| j.get("access_token")?.as_str().map(str::to_string))
    {
        world.add_secret(&at);
        world.tokens.access_token = Some(at);
    }
    Some((i, old))
}

/// Like "holds a refresh token", but a code exchange that fails is a skip naming the error, not
/// a harness error: whether the server redeems a correct PKCE flow is judged by RFC 7636's own
/// scenarios, and these ones are about what happens to refresh tokens afterwards.
#[given(regex = r"^(.+) holds a refresh token from an authorization code flow$")]
async fn holds_refresh_token(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, phrase.trim()) else {
        return;
    };
    world.obtain_code(client, None).await;
    if world.halted() {
        return;
    }
    let Some(request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    world.token_request = Some(request);
    let Some(i) = world.send_token_request().await else {
        return;
    };
    let Some(r) = world.response(i).cloned() else {
        return;
    };
    if !crate::checks::token::token_issued(&r).is_met() {
        return world.skip(format!(
            "the code exchange issued no tokens (HTTP {}: {}), so there is no refresh token to examine",
            r.status,
            crate::checks::short(&r.text())
        ));
    }
    let json = r.json().ok();
    let field = |name: &str| {
        json.as_ref()
            .and_then(|j| j.get(name)?.as_str().map(str::to_string))
    };
    world.tokens.access_token = field("access_token");
    world.tokens.refresh_token = field("refresh_token");
    if world.tokens.refresh_token.is_none() {
        world.skip("the server issued no refresh token to this client");
    }
}

#[when(regex = r"^the client refreshes the access token$")]
async fn refreshes(world: &mut World) {
    if let Some((i, old)) = refresh(world).await {
        // Judged by the next step; keep what it needs.
        world.last_token = Some(i);
        world.previous_refresh_tokens.retain(|t| *t != old);
        world.previous_refresh_tokens.push(old);
    }
}

#[then(regex = r"^the token response carries a new refresh token$")]
fn carries_new_refresh_token(world: &mut World) {
    if world.halted() {
        return;
    }
    let (Some(i), Some(old)) = (
        world.last_token,
        world.previous_refresh_tokens.last().cloned(),
    ) else {
        return world.missing("a refresh response");
    };
    let Some(r) = world.response(i).cloned() else {
        return world.missing("a refresh response");
    };
    world.record(
        Some("9700-2.2.2-a"),
        check::refresh_token_rotated(&r, &old),
        &[i],
    );
}

#[then(regex = r"^the previous refresh token is refused with invalid_grant$")]
async fn previous_refused(world: &mut World) {
    if world.halted() || world.has_failure() {
        return;
    }
    let Some(old) = world.previous_refresh_tokens.last().cloned() else {
        return world.missing("a rotated-out refresh token");
    };
    let Some(i) = refresh_with(world, old).await else {
        return;
    };
    if let Some(r) = world.response(i).cloned() {
        world.record(
            Some("9700-2.2.2-a"),
            check::rotated_out_token_refused(&r),
            &[i],
        );
    }
}

#[given(regex = r"^the client has refreshed the access token and got a new refresh token$")]
async fn has_rotated(world: &mut World) {
    let Some((i, old)) = refresh(world).await else {
        return;
    };
    let Some(r) = world.response(i).cloned() else {
        return;
    };
    if r.status != 200 {
        return world.precondition_failed(
            format!("refreshing the access token failed with HTTP {}", r.status),
            &[i],
        );
    }
    if world.tokens.refresh_token.as_deref() == Some(old.as_str())
        || check::new_refresh_token(&r).is_none()
    {
        world.skip("the server does not rotate this client's refresh tokens, so there is no rotated-out token to replay");
    }
}

#[when(regex = r"^the client presents the previous refresh token again$")]
async fn replays_previous(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(old) = world.previous_refresh_tokens.last().cloned() else {
        return world.missing("a rotated-out refresh token");
    };
    let Some(i) = refresh_with(world, old).await else {
        return;
    };
    // A new refresh token that leaves the old one working is not rotation: that is a failure of
    // 9700-2.2.2-a, checked by its own scenario. With no invalidated token, reuse detection has
    // nothing to detect, so this scenario has no verdict to give (as when no new token comes).
    if world.response(i).is_some_and(|r| r.status == 200) {
        world.skip(
            "the rotated-out refresh token still works (the server issues new refresh tokens \
             without invalidating the old ones: see 9700-2.2.2-a), so there is no invalidated \
             token whose reuse could be detected",
        );
    }
}

#[then(regex = r"^the current refresh token is refused with invalid_grant$")]
async fn current_refused(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(current) = world.tokens.refresh_token.clone() else {
        return world.missing("a refresh token");
    };
    let Some(i) = refresh_with(world, current).await else {
        return;
    };
    if let Some(r) = world.response(i).cloned() {
        world.record(
            Some("9700-4.14.2-c"),
            check::active_refresh_token_revoked(&r),
            &[i],
        );
    }
}

/// The refresh token with one character in its middle changed (not the last one, whose low
/// bits base64url decoders may ignore).
fn altered(token: &str) -> Option<String> {
    let mut chars: Vec<char> = token.chars().collect();
    if chars.len() < 3 {
        return None;
    }
    let middle = chars.len() / 2;
    chars[middle] = if chars[middle] == 'A' { 'B' } else { 'A' };
    Some(chars.into_iter().collect())
}

#[when(regex = r"^the client refreshes with the refresh token altered in one character$")]
async fn refresh_with_altered_token(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(token) = world.tokens.refresh_token.clone() else {
        return world.missing("a refresh token");
    };
    let Some(tampered) = altered(&token) else {
        return world.skip("the refresh token is too short to alter in the middle");
    };
    world.add_secret(&tampered);
    refresh_with(world, tampered).await;
}

#[cfg(test)]
mod tests {
    use super::altered;

    #[test]
    fn one_middle_character_changes() {
        let t = "abcdefgAhij";
        let a = altered(t).unwrap();
        assert_eq!(a.len(), t.len());
        assert_eq!(a.chars().zip(t.chars()).filter(|(x, y)| x != y).count(), 1);
        assert_ne!(a.chars().last(), None);
        assert_eq!(a.chars().last(), t.chars().last());
        assert_eq!(altered("AAAAA").unwrap(), "AABAA");
    }
}
