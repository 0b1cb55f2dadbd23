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
    let pages: Vec<(String, String)> = front
        .exchanges
        .iter()
        .filter_map(|e| {
            let r = e.response.as_ref().ok()?;
            let html = r
                .header_all("content-type")
                .iter()
                .any(|t| t.to_ascii_lowercase().contains("html"));
            html.then(|| (e.request.url.clone(), r.text().to_string()))
        })
        .collect();
    let location = match &front.outcome {
        FrontChannelOutcome::Redirected { location } => Some(location.clone()),
        _ => None,
    };
    let verdict = check::state_not_reflected_raw(&pages, location.as_deref(), &state);
    let ev = world.front_evidence();
    world.record(Some("6749-10.14-a"), verdict, &ev);
}
