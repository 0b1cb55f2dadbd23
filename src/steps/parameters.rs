//! Steps about request and response parameters in general (RFC 6749 §3.1, §3.2): empty values
//! count as omitted, unrecognised ones are ignored, none appears twice in a response.

use cucumber::{given, then, when};

use super::authorization::{modify, redirect_or_fail};
use crate::checks::parameters as check;
use crate::login::Decision;
use crate::world::World;

#[given(regex = r"^the request has an empty state and an empty scope$")]
fn empty_state_and_scope(world: &mut World) {
    modify(world, |_, a| {
        a.set("state", "");
        a.set("scope", "");
    });
}

#[given(regex = r#"^the request has the unrecognised parameters "([^"]+)"$"#)]
fn unrecognised(world: &mut World, pairs: String) {
    modify(world, |_, a| {
        for (k, v) in url::form_urlencoded::parse(pairs.as_bytes()) {
            a.params.push((k.into_owned(), v.into_owned()));
        }
    });
}

/// Sends the authorization request first with its empty parameters left out (the baseline),
/// then as it is.
#[when(regex = r"^the resource owner approves the request, with and without the empty parameters$")]
async fn approve_with_and_without(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(original) = world.auth.clone() else {
        return world.missing("an authorization request");
    };
    let mut baseline = original.clone();
    baseline.params.retain(|(_, v)| !v.is_empty());
    world.auth = Some(baseline);
    world.run_front_channel(Decision::Approve).await;
    if world.halted() {
        return;
    }
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let answer = check::front_channel_answer(&front.outcome);
    world.baseline = Some((answer, world.front_evidence()));
    world.auth = Some(original);
    world.code = None;
    world.run_front_channel(Decision::Approve).await;
}

#[then(regex = r"^both authorization requests get the same answer$")]
fn same_authorization_answer(world: &mut World) {
    if world.halted() {
        return;
    }
    let (Some((without, mut evidence)), Some(front)) =
        (world.baseline.clone(), world.front.as_ref())
    else {
        return world.missing("two authorization answers");
    };
    let with_empty = check::front_channel_answer(&front.outcome);
    evidence.extend(world.front_evidence());
    world.record(
        None,
        check::same_answer(&with_empty, &without, "state and scope"),
        &evidence,
    );
}

#[given(regex = r"^the token request has an empty scope$")]
fn token_empty_scope(world: &mut World) {
    if world.halted() {
        return;
    }
    match world.token_request.as_mut() {
        Some(r) => {
            r.params.retain(|(k, _)| k != "scope");
            r.params.push(("scope".into(), String::new()));
        }
        None => world.missing("a token request"),
    }
}

#[when(regex = r"^the token request is sent with and without the empty parameters$")]
async fn token_with_and_without(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(original) = world.token_request.clone() else {
        return world.missing("a token request");
    };
    let mut baseline = original.clone();
    baseline.params.retain(|(_, v)| !v.is_empty());
    world.token_request = Some(baseline);
    let Some(i) = world.send_token_request().await else {
        return;
    };
    let Some(r) = world.response(i).cloned() else {
        return;
    };
    world.baseline = Some((check::token_answer(&r), vec![i]));
    world.token_request = Some(original);
    world.send_token_request().await;
}

#[then(regex = r"^both token requests get the same answer$")]
fn same_token_answer(world: &mut World) {
    if world.halted() {
        return;
    }
    let (Some((without, mut evidence)), Some(i)) = (world.baseline.clone(), world.last_token)
    else {
        return world.missing("two token answers");
    };
    let Some(r) = world.response(i).cloned() else {
        return world.missing("a token endpoint response");
    };
    evidence.push(i);
    world.record(
        None,
        check::same_answer(&check::token_answer(&r), &without, "scope"),
        &evidence,
    );
}

#[when(regex = r#"^the client exchanges the code with the unrecognised parameter "([^"]+)"$"#)]
async fn exchange_with_unrecognised(world: &mut World, name: String) {
    if world.halted() {
        return;
    }
    let Some(mut request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    request.params.push((name, "1".into()));
    world.token_request = Some(request);
    world.send_token_request().await;
}

#[then(regex = r"^no parameter appears twice in the authorization response or the token response$")]
fn no_repeats(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(redirect) = redirect_or_fail(world, None, "a redirect with a code") else {
        return;
    };
    world.record(None, check::redirect_without_repeats(&redirect), &ev);
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    world.record(None, check::json_without_repeats(&r), &[i]);
}

#[given(regex = r"^the token request asks for a scope beyond the client's registered scopes$")]
fn scope_beyond_registration(world: &mut World) {
    if world.halted() {
        return;
    }
    let known = world.target().map(|t| t.scopes.clone()).unwrap_or_default();
    let Some(request) = world.token_request.as_mut() else {
        return world.missing("a token request");
    };
    if request.client.scopes.is_empty() {
        return world.skip("the target config lists no scopes for this client (clients.scopes)");
    }
    let Some(beyond) = known
        .iter()
        .find(|s| !request.client.scopes.contains(s))
        .cloned()
    else {
        return world.skip(
            "the server knows no scope beyond the client's (scopes_supported / offers.scopes)",
        );
    };
    let mut scope = request.client.scopes.clone();
    scope.push(beyond);
    request.params.retain(|(k, _)| k != "scope");
    request.params.push(("scope".into(), scope.join(" ")));
}

#[then(regex = r"^the token response states the granted scope, or the request is refused$")]
fn states_granted_scope(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(request) = world.token_request.clone() else {
        return world.missing("a token request");
    };
    let requested = request
        .params
        .iter()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let beyond = requested
        .split(' ')
        .find(|s| !request.client.scopes.iter().any(|c| c == s))
        .unwrap_or_default()
        .to_string();
    let Some((i, r)) = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)))
    else {
        return world.missing("a token endpoint response");
    };
    world.record(
        None,
        crate::checks::scope::granted_scope_stated(&r, &requested, &beyond),
        &[i],
    );
}
