//! Steps for grants RFC 9700 and OAuth 2.1 removed: the resource owner password credentials
//! grant (RFC 9700 §2.4).

use cucumber::{given, then};

use crate::checks::Verdict;

use crate::checks::removed_grants as check;
use crate::world::World;

#[given(regex = r"^the token request carries the test user's username and password$")]
fn with_user_credentials(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(user) = world.target().and_then(|t| t.user.clone()) else {
        return world.skip("the target config has no test user ([user])");
    };
    world.add_secret(&user.password);
    match world.token_request.as_mut() {
        Some(r) => {
            r.params.retain(|(k, _)| k != "username" && k != "password");
            r.params.push(("username".into(), user.username));
            r.params.push(("password".into(), user.password));
        }
        None => world.missing("a token request"),
    }
}

#[then(regex = r"^the token endpoint does not honour the password grant$")]
fn password_grant_refused(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    world.record(Some("9700-2.4-a"), check::password_grant_refused(&r), &[i]);
}

#[then(regex = r"^the request ends in an error and no access token is delivered$")]
fn implicit_refused(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(outcome) = world.front.as_ref().map(|f| f.outcome.clone()) else {
        return world.missing("a front-channel result");
    };
    let verdict: Verdict = check::implicit_refused(&outcome);
    let evidence = world.front_evidence();
    world.record(Some("oauth21-10.1-a"), verdict, &evidence);
}
