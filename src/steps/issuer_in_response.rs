//! The `iss` parameter of authorization responses (OAuth 2.1 §4.1.2, RFC 9207).

use cucumber::then;

use crate::checks::issuer_in_response as check;
use crate::login::FrontChannelOutcome;
use crate::protocol::redirect::AuthorizationRedirect;
use crate::world::World;

#[then(regex = r"^an iss parameter in the response, if any, is the server's issuer$")]
fn iss_is_issuer(world: &mut World) {
    if world.halted() {
        return;
    }
    // The issuer the client knows: the configured one (which RFC 8414 §3.3 requires the
    // metadata to repeat), else the metadata's.
    let Some(issuer) = world.target().map(|t| {
        t.issuer.clone().or_else(|| {
            t.metadata
                .as_ref()
                .and_then(|m| m.get("issuer")?.as_str().map(str::to_string))
        })
    }) else {
        return;
    };
    let Some(issuer) = issuer else {
        return world.skip("the target names no issuer (config or metadata) to compare iss with");
    };
    let location = match world.front.as_ref().map(|f| &f.outcome) {
        Some(FrontChannelOutcome::Redirected { location }) => location.clone(),
        Some(_) => return world.missing("a redirect back to the client"),
        None => return world.missing("a front-channel result"),
    };
    let Ok(redirect) = AuthorizationRedirect::parse(&location) else {
        return world.missing("a parsable redirect");
    };
    let Some(iss) = redirect.param_anywhere("iss").map(str::to_string) else {
        return world.skip("the authorization response has no iss parameter (it MAY leave it out)");
    };
    let ev = world.front_evidence();
    world.record(
        Some("oauth21-4.1.2-a"),
        check::iss_matches(&iss, &issuer),
        &ev,
    );
}
