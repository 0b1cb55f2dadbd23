//! Steps about values the server echoes (RFC 6749 §10.14, Appendix B).

use cucumber::{given, then};

use crate::checks::reflection as check;
use crate::login::FrontChannelOutcome;
use crate::world::World;

#[given(regex = r#"^the request has redirect_uri "([^"]*)"$"#)]
fn with_redirect_uri(world: &mut World, uri: String) {
    if world.halted() {
        return;
    }
    match world.auth.as_mut() {
        Some(a) => a.set("redirect_uri", &uri),
        None => world.missing("an authorization request"),
    }
}

/// The HTML pages the front channel was shown, with their URLs.
fn html_pages(world: &World) -> Vec<(String, String)> {
    world
        .front
        .iter()
        .flat_map(|f| f.exchanges.iter())
        .filter_map(|e| {
            let r = e.response.as_ref().ok()?;
            let html = r
                .header_all("content-type")
                .iter()
                .any(|t| t.to_ascii_lowercase().contains("html"));
            html.then(|| (e.request.url.clone(), r.text().to_string()))
        })
        .collect()
}

#[then(regex = r"^the consent page named the client and the requested scope$")]
fn consent_informs(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    if front.exchanges.is_empty() {
        return world.skip("the login driver records no pages (command or manual driver)");
    }
    if !front.saw_consent {
        return world
            .skip("the server showed no consent page (it may approve this client without asking)");
    }
    let Some(auth) = world.auth.clone() else {
        return world.missing("an authorization request");
    };
    let Some(scope) = auth.get("scope").map(str::to_string) else {
        return world
            .skip("the request names no scope (offers.scope), so there is no scope to look for");
    };
    let mut names = vec![auth.client.id.clone()];
    names.extend(auth.client.name.clone());
    let scopes: Vec<String> = scope
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let pages = html_pages(world);
    let ev = world.front_evidence();
    world.record(
        Some("6749-10.2-b"),
        check::consent_informs(&pages, &names, &scopes),
        &ev,
    );
}

#[then(regex = r"^no page showed the state unescaped$")]
fn state_not_raw(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(state) = world
        .auth
        .as_ref()
        .and_then(|a| a.get("state"))
        .map(str::to_string)
    else {
        return world.missing("a state in the request");
    };
    let Some(front) = world.front.as_ref() else {
        return world.missing("a front-channel result");
    };
    let outcome = front.outcome.clone();
    let pages = html_pages(world);
    let location = match &outcome {
        FrontChannelOutcome::Redirected { location } => Some(location.clone()),
        _ => None,
    };
    let verdict = check::state_not_reflected_raw(&pages, location.as_deref(), &state);
    let ev = world.front_evidence();
    world.record(Some("6749-10.14-a"), verdict, &ev);
}
