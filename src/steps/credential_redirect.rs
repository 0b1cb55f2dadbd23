//! The redirect after the login form, which carried the user's credentials (RFC 9700 §4.12).

use cucumber::then;

use crate::checks::{credential_redirect as check, Verdict};
use crate::world::World;

/// The front-channel POSTs that carried the test user's password and were answered with a
/// redirect: (exchange index, status).
fn credential_redirects(world: &World) -> Vec<(usize, u16)> {
    let Some(password) = world
        .target()
        .and_then(|t| t.user.as_ref())
        .map(|u| url::form_urlencoded::byte_serialize(u.password.as_bytes()).collect::<String>())
    else {
        return Vec::new();
    };
    world
        .exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.request.method.eq_ignore_ascii_case("POST")
                && e.request
                    .body
                    .as_ref()
                    .is_some_and(|b| String::from_utf8_lossy(b).contains(&format!("={password}")))
        })
        .filter_map(|(i, _)| {
            let r = world.response(i)?;
            (300..400).contains(&r.status).then_some((i, r.status))
        })
        .collect()
}

fn judge(world: &mut World, requirement: &str, check: fn(u16) -> Verdict) {
    if world.halted() {
        return;
    }
    let redirects = credential_redirects(world);
    if redirects.is_empty() {
        return world.skip(
            "no login form POST with the test user's password was answered with a redirect (an external login driver, no [user], or a login page that answers otherwise)",
        );
    }
    for &(i, status) in &redirects {
        if let v @ Verdict::Violated { .. } = check(status) {
            return world.record(Some(requirement), v, &[i]);
        }
    }
    let (i, status) = redirects[0];
    world.record(Some(requirement), check(status), &[i]);
}

#[then(regex = r"^the redirect after the login form is not a 307$")]
fn not_307(world: &mut World) {
    judge(world, "9700-4.12-a", check::not_307);
}

#[then(regex = r"^the redirect after the login form is a 303 See Other$")]
fn see_other(world: &mut World) {
    judge(world, "9700-4.12-b", check::see_other);
}
