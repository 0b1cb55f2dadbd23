//! Authorization responses delivered with `postMessage` (`response_mode=web_message`,
//! RFC 9700 §4.17.2).

use cucumber::{given, then, when};

use crate::checks::web_message as check;
use crate::login::{Decision, Driver, FrontChannelOutcome};
use crate::world::World;

const MODE: &str = "web_message";

#[given(regex = r#"^the request asks for response_mode "web_message" if the target offers it$"#)]
fn ask_for_web_message(world: &mut World) {
    if world.halted() {
        return;
    }
    let offered = world
        .target()
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.get("response_modes_supported"))
        .and_then(|v| v.as_array())
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(MODE)));
    if !offered {
        return world.skip(
            "the target does not list web_message in its metadata's response_modes_supported",
        );
    }
    match world.auth.as_mut() {
        Some(auth) => auth.set("response_mode", MODE),
        None => world.missing("an authorization request"),
    }
}

#[when(regex = r"^the resource owner approves the web_message request$")]
async fn approve(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    if !matches!(ctx.driver, Driver::Html(_)) {
        return world.skip(
            "only the html login driver can read the page that posts the response (login.driver is command or manual)",
        );
    }
    world.run_front_channel(Decision::Approve).await;
    if world.halted() {
        return;
    }
    let ev = world.front_evidence();
    match world.front.as_ref().map(|f| &f.outcome) {
        Some(FrontChannelOutcome::Page { status: 200, .. }) => {}
        Some(FrontChannelOutcome::Redirected { .. }) => world.precondition_failed(
            "the server redirected to the client although the request asked for response_mode=web_message",
            &ev,
        ),
        Some(FrontChannelOutcome::Page { url, status }) => world.precondition_failed(
            format!("the flow ended on an HTTP {status} page at {url}, not on a page that posts the response"),
            &ev,
        ),
        Some(FrontChannelOutcome::LoginPage { url }) => {
            world.precondition_failed(format!("the flow stopped at the login page {url}"), &ev)
        }
        None => world.missing("a front-channel result"),
    }
    // The page carries the code: keep it out of reports.
    if let Some(code) = final_page(world).as_deref().and_then(code_in_page) {
        world.add_secret(&code);
        world.code = Some(code);
    }
}

/// The body of the page the front channel ended on.
fn final_page(world: &World) -> Option<String> {
    let i = world.front_last?;
    world.response(i).map(|r| r.text())
}

/// The `"code":"…"` member of the posted message, if the page has one.
fn code_in_page(page: &str) -> Option<String> {
    let start = page.find("\"code\":\"")? + "\"code\":\"".len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].to_string()).filter(|c| !c.is_empty())
}

/// The postMessage targets of the final page, or a skip when none can be read.
fn targets(world: &mut World) -> Option<Vec<Option<String>>> {
    let Some(page) = final_page(world) else {
        world.missing("the page the front channel ended on");
        return None;
    };
    let targets = check::post_message_targets(&page);
    if !targets.is_empty() && targets.iter().all(Option::is_none) {
        world.skip("the page's postMessage target origin is an expression, not a literal this suite can read");
        return None;
    }
    Some(targets)
}

#[then(regex = r#"^the page does not post the response to the wildcard origin "\*"$"#)]
fn no_wildcard(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(targets) = targets(world) else {
        return;
    };
    let ev = world.front_evidence();
    world.record(
        Some("9700-4.17.2-b"),
        check::no_wildcard_target(&targets),
        &ev,
    );
}

#[then(regex = r"^the page posts the response only to the origin of the registered redirect URI$")]
fn registered_origin(world: &mut World) {
    if world.halted() {
        return;
    }
    let uri = world.auth.as_ref().and_then(|a| {
        a.get("redirect_uri")
            .map(str::to_string)
            .or_else(|| a.client.redirect_uris.first().cloned())
    });
    let Some(expected) = uri.as_deref().and_then(check::origin_of) else {
        return world.skip("the client has no registered redirect URI with an origin to compare");
    };
    let Some(targets) = targets(world) else {
        return;
    };
    let ev = world.front_evidence();
    world.record(
        Some("9700-4.17.2-a"),
        check::target_is_registered_origin(&targets, &expected),
        &ev,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_code_in_the_posted_message() {
        let page = r#"postMessage({"response":{"code":"abc","iss":"x"}}, "o")"#;
        assert_eq!(code_in_page(page).as_deref(), Some("abc"));
        assert_eq!(code_in_page("no code"), None);
    }
}
