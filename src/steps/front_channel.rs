//! More steps at the authorization endpoint (RFC 6749 §3.1, §3.1.2, §3.3, §4.1.2.1): who signs
//! in, which redirect URIs are acceptable, and how errors come back.

use cucumber::{given, then, when};

use super::authorization::{modify, redirect_or_fail};
use crate::checks::authorization as check;
use crate::login::{Decision, Driver, FrontChannelOutcome};
use crate::world::World;

#[given(regex = r"^the redirect_uri is the path of the registered one, without scheme and host$")]
fn relative_redirect(world: &mut World) {
    modify(world, |w, a| {
        let Some(registered) = a.client.redirect_uris.first().cloned() else {
            return w.skip("the client has no registered redirect URI");
        };
        match url::Url::parse(&registered) {
            Ok(u) => {
                let mut relative = u.path().to_string();
                if let Some(q) = u.query() {
                    relative.push('?');
                    relative.push_str(q);
                }
                a.set("redirect_uri", &relative);
            }
            Err(e) => w.skip(format!("registered redirect URI {registered:?}: {e}")),
        }
    });
}

#[given(regex = r"^the redirect_uri is the registered one with a fragment added$")]
fn fragment_redirect(world: &mut World) {
    modify(world, |w, a| {
        let Some(registered) = a.client.redirect_uris.first().cloned() else {
            return w.skip("the client has no registered redirect URI");
        };
        if registered.contains('#') {
            return w.skip("the registered redirect URI already has a fragment");
        }
        a.set("redirect_uri", &format!("{registered}#oauth2spec"));
    });
}

#[when(
    regex = r"^the request is sent to the authorization endpoint by a browser without a session$"
)]
async fn send_without_session(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    if !matches!(ctx.driver, Driver::Html(_)) {
        return world.skip(
            "only the html login driver can stop at the login page (login.driver is command or manual)",
        );
    }
    world.run_front_channel_with(Decision::Approve, true).await;
}

#[then(regex = r"^the authorization server asks the resource owner to sign in$")]
fn asks_to_sign_in(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    if let FrontChannelOutcome::Page { url, status } = &front.outcome {
        let message = format!(
            "the flow ended on an HTTP {status} page at {url} with no login form the driver recognises (set login.form / login.username_field)"
        );
        return world.precondition_failed(message, &ev);
    }
    let verdict = check::authenticates_resource_owner(&front.outcome);
    world.record(None, verdict, &ev);
}

#[then(regex = r"^the redirect keeps the query of the registered redirect URI$")]
fn keeps_query(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(registered) = world
        .auth
        .as_ref()
        .and_then(|a| a.get("redirect_uri"))
        .map(str::to_string)
    else {
        return world.missing("a redirect_uri in the request");
    };
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "a redirect with the registered query") {
        world.record(None, check::keeps_redirect_query(&r, &registered), &ev);
    }
}

#[then(regex = r"^the server applies its default scope or refuses with invalid_scope$")]
fn default_or_invalid_scope(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let verdict = check::default_scope_or_invalid_scope(&front.outcome);
    world.record(None, verdict, &ev);
}

#[then(regex = r"^the error and state are in the query of the redirection URI$")]
fn error_and_state_in_query(world: &mut World) {
    if world.halted() {
        return;
    }
    let sent = world
        .auth
        .as_ref()
        .and_then(|a| a.get("state"))
        .map(str::to_string);
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "an error redirect") {
        world.record(None, check::error_in_query(&r, sent.as_deref()), &ev);
    }
}

#[then(
    regex = r"^the error redirect (uses only the allowed characters in error and error_description|has a valid error_uri, if any|names an error code RFC 6749 defines)$"
)]
fn error_redirect_is_well_formed(world: &mut World, what: String) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    if let Some(reason) = world
        .front
        .as_ref()
        .and_then(|f| check::no_error_redirect_to_check(&f.outcome))
    {
        return world.skip(reason);
    }
    let Some(r) = redirect_or_fail(world, None, "an error redirect") else {
        return;
    };
    if r.param_anywhere("error").is_none() {
        if r.param_anywhere("code").is_some() {
            return world.skip(
                "the server granted the request instead of refusing it, so there is no error to check",
            );
        }
        return world.record(
            None,
            crate::checks::Verdict::violated(
                "the redirect carries neither code nor error",
                "an error redirect",
                r.location.clone(),
            ),
            &ev,
        );
    }
    let verdict = match what.as_str() {
        "has a valid error_uri, if any" => check::error_uri_valid(&r),
        "names an error code RFC 6749 defines" => check::error_code_defined(&r),
        _ => check::error_text_charset(&r),
    };
    world.record(None, verdict, &ev);
}

#[then(regex = r"^the page tells the resource owner what went wrong$")]
fn page_explains(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    match &front.outcome {
        FrontChannelOutcome::Page { .. } => {}
        FrontChannelOutcome::Redirected { .. } => {
            return world
                .skip("the server redirected instead of showing a page (judged by 6749-3.1.2.4-a)")
        }
        FrontChannelOutcome::LoginPage { .. } => {
            return world.skip("the flow stopped at a login page")
        }
    }
    let Some(i) = world.front_last else {
        return world.missing("a front-channel exchange");
    };
    let Some(r) = world.response(i).cloned() else {
        return world.missing("a front-channel response");
    };
    let content_type = r.header_all("content-type").join(", ");
    let verdict = check::page_explains_error(r.status, &content_type, &r.text());
    world.record(None, verdict, &[i]);
}

#[then(regex = r"^the client is redirected with an authorization code$")]
fn redirected_with_code(world: &mut World) {
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    if let Some(r) = redirect_or_fail(world, None, "a redirect with a code") {
        world.record(None, check::code_issued(&r), &ev);
    }
}

/// RFC 6749 §3.1: the server MAY take the request as a form POST. The POST is sent here; the
/// browser then follows the server's redirect (to its login page, usually) with the driver.
#[when(regex = r"^the request is sent to the authorization endpoint with POST$")]
async fn send_with_post(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let Some(auth) = world.auth.clone() else {
        return world.missing("an authorization request");
    };
    let pairs: Vec<(&str, &str)> = auth
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let post = crate::client::RawRequest::post(&ctx.target.authorization_endpoint)
        .header("Accept", "text/html")
        .form(&pairs);
    let Some(i) = world.send(post).await else {
        return;
    };
    let Some(r) = world.response(i).cloned() else {
        return;
    };
    // Not taking POST at all (no route, method not allowed, or refused outright, as a
    // cross-site form post) is what RFC 6749 §3.1 allows; only a server that takes the POST and
    // then mishandles it is judged.
    if matches!(r.status, 403 | 404 | 405 | 501) {
        return world.skip(format!(
            "the authorization endpoint does not accept POST (HTTP {}), which RFC 6749 §3.1 allows",
            r.status
        ));
    }
    let location = r
        .is_redirect()
        .then(|| r.location())
        .flatten()
        .and_then(|l| {
            url::Url::parse(&ctx.target.authorization_endpoint)
                .ok()?
                .join(l)
                .ok()
        });
    let Some(location) = location else {
        if (200..300).contains(&r.status) {
            return world.skip(format!(
                "the server answered the POST with an HTTP {} page; the driver can only follow a redirect from it",
                r.status
            ));
        }
        return world.record(None, check::post_accepted(r.status), &[i]);
    };
    world.front_last = Some(i);
    world
        .drive_front_channel(location.to_string(), Decision::Approve, false)
        .await;
    let dropped = world.front.as_ref().and_then(|f| {
        check::post_dropped_at_login(f.saw_login, &f.outcome, &ctx.target.authorization_endpoint)
    });
    if let Some(reason) = dropped {
        world.skip(reason);
    }
}

#[given(regex = r#"^the target offers the "([^"]+)" response type$"#)]
fn offers_response_type(world: &mut World, response_type: String) {
    if world.halted() {
        return;
    }
    let offered = world
        .target()
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.get("response_types_supported"))
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(response_type.as_str())));
    if !offered {
        world.skip(format!(
            "the target does not offer response_type={response_type} (response_types_supported)"
        ));
    }
}

#[then(
    regex = r"^the (access token and state are in the fragment|redirect carries no refresh_token|error and state are in the fragment) of the redirection URI$"
)]
fn implicit_redirect(world: &mut World, what: String) {
    if world.halted() {
        return;
    }
    let sent = world
        .auth
        .as_ref()
        .and_then(|a| a.get("state"))
        .map(str::to_string);
    let ev = world.front_evidence();
    let Some(r) = redirect_or_fail(world, None, "a redirect to the client") else {
        return;
    };
    let verdict = match what.as_str() {
        "access token and state are in the fragment" => {
            check::token_in_fragment(&r, sent.as_deref())
        }
        "redirect carries no refresh_token" => check::no_refresh_token_in_redirect(&r),
        _ => check::error_in_fragment(&r, sent.as_deref()),
    };
    world.record(None, verdict, &ev);
}
