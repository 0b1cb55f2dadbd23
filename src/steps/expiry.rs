//! Steps that wait for an authorization code or access token to expire (RFC 6749 §4.1.2,
//! RFC 6750 §5.2, RFC 7662 §4). Lifetimes come from the target config (`[lifetimes]`), else
//! from `expires_in`; a wait longer than `limits.max_wait_secs` skips the scenario.

use std::time::Duration;

use cucumber::{then, when};

use crate::checks::expiry::{self as check, ExpiryWait};
use crate::world::World;

/// The margin added to every lifetime: the config's leeway, 2 s by default.
fn margin(world: &World) -> Duration {
    Duration::from_secs(
        world
            .target()
            .and_then(|t| t.lifetimes.leeway_secs)
            .unwrap_or(2),
    )
}

/// Waits `wait` unless that is longer than the run allows, which skips the scenario.
async fn wait_for_expiry(world: &mut World, what: &str, stated: Option<Duration>, wait: Duration) {
    let Some(max_wait) = world.target().map(|t| t.limits.max_wait) else {
        return;
    };
    if wait > max_wait {
        return world.skip(format!(
            "waiting for {what} to expire takes {} s, more than limits.max_wait_secs ({} s); \
raise limits.max_wait_secs in the target config to include this @slow scenario",
            wait.as_secs(),
            max_wait.as_secs()
        ));
    }
    tokio::time::sleep(wait).await;
    world.expiry_wait = Some(ExpiryWait {
        stated,
        waited: wait,
    });
}

#[when(regex = r"^the authorization code has expired$")]
async fn code_expired(world: &mut World) {
    if world.halted() {
        return;
    }
    if world.code.is_none() {
        return world.missing("an authorization code");
    }
    let stated = world
        .target()
        .and_then(|t| t.lifetimes.code_secs)
        .map(Duration::from_secs);
    let wait = check::code_wait(stated, margin(world));
    wait_for_expiry(world, "the authorization code", stated, wait).await;
}

#[when(regex = r"^the access token has expired$")]
async fn access_token_expired(world: &mut World) {
    if world.halted() {
        return;
    }
    let configured = world.target().and_then(|t| t.lifetimes.access_token_secs);
    let from_response = world
        .last_token
        .and_then(|i| world.response(i))
        .and_then(check::expires_in);
    let Some(stated) = configured.or(from_response).map(Duration::from_secs) else {
        return world.skip(
            "the access token lifetime is unknown: the token response has no expires_in and the \
target config no lifetimes.access_token_secs",
        );
    };
    let wait = stated.saturating_add(margin(world));
    wait_for_expiry(world, "the access token", Some(stated), wait).await;
}

fn waited(world: &mut World) -> Option<ExpiryWait> {
    if world.halted() {
        return None;
    }
    let wait = world.expiry_wait;
    if wait.is_none() {
        world.missing("a wait for expiry");
    }
    wait
}

/// One exchange answers both sentences of §4.1.2: the code expires (b), within ten minutes (c).
#[then(regex = r"^the token endpoint refuses the expired code$")]
fn refuses_expired_code(world: &mut World) {
    let Some(wait) = waited(world) else { return };
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    let expired = check::expired_code_refused(&r, wait);
    // Past a stated lifetime longer than ten minutes the scenario has not waited: only the
    // ten-minute recommendation is checked then.
    if expired.is_met() || wait.stated.is_some_and(|l| l <= check::CODE_LIFETIME_BOUND) {
        world.record(Some("6749-4.1.2-b"), expired, &[i]);
    }
    let margin = margin(world);
    world.record(
        Some("6749-4.1.2-c"),
        check::code_lifetime_within_ten_minutes(&r, wait, margin),
        &[i],
    );
}

#[then(regex = r"^the protected resource refuses the expired token$")]
fn resource_refuses_expired(world: &mut World) {
    let Some(wait) = waited(world) else { return };
    let Some((i, r)) = world
        .last_resource
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a protected resource response");
    };
    world.record(
        Some("6750-5.2-e"),
        check::expired_token_refused_by_resource(&r, wait),
        &[i],
    );
}

#[then(regex = r"^the access token lives an hour or less$")]
fn lives_an_hour_or_less(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(i) = world.last_token else {
        return world.missing("a token endpoint response");
    };
    let from_response = world.response(i).and_then(check::expires_in);
    let configured = world.target().and_then(|t| t.lifetimes.access_token_secs);
    let verdict =
        match (from_response, configured) {
            (Some(secs), _) => check::short_lived(secs, "expires_in"),
            (None, Some(secs)) => check::short_lived(secs, "lifetimes.access_token_secs"),
            (None, None) => return world.skip(
                "the access token lifetime is unknown: the token response has no expires_in and \
the target config no lifetimes.access_token_secs",
            ),
        };
    world.record(Some("6750-5.3-a"), verdict, &[i]);
}
