//! Steps about the form of token endpoint errors (RFC 6749 §5.2).

use cucumber::{given, then};

use super::client_for;
use crate::checks::error_format as check;
use crate::world::{ClientAuth, TokenRequest, World};

#[given(regex = r#"^the token request has no "([^"]+)" parameter$"#)]
fn without_param(world: &mut World, name: String) {
    if world.halted() {
        return;
    }
    match world.token_request.as_mut() {
        Some(r) => r.params.retain(|(k, _)| *k != name),
        None => world.missing("a token request"),
    }
}

/// A grant_type value that an error_description quoting it verbatim would break: a double
/// quote, a backslash and non-ASCII text, none of which §5.2 allows in error_description.
const AWKWARD_GRANT_TYPE: &str = "urn:oauth2spec:\"quoted\"\\grant-é";

#[given(
    regex = r"^a token request for (.+) with a grant_type holding quotes, a backslash and non-ASCII text$"
)]
fn awkward_grant_type(world: &mut World, phrase: String) {
    if world.halted() {
        return;
    }
    let Some(client) = client_for(world, &phrase) else {
        return;
    };
    world.token_request = Some(TokenRequest {
        client,
        params: vec![("grant_type".into(), AWKWARD_GRANT_TYPE.into())],
        auth: ClientAuth::Preferred,
    });
}

fn last(world: &mut World) -> Option<(usize, crate::client::Response)> {
    if world.halted() {
        return None;
    }
    let found = world
        .last_token
        .and_then(|i| world.response(i).cloned().map(|r| (i, r)));
    if found.is_none() {
        world.missing("a token endpoint response");
    }
    found
}

#[then(regex = r"^the error response is a JSON object with an error code$")]
fn json_error(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6749-5.2-a"), check::json_error(&r), &[i]);
    }
}

#[then(regex = r"^the error and error_description use only the allowed characters$")]
fn charset(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6749-5.2-k"), check::error_text_charset(&r), &[i]);
    }
}

#[then(regex = r"^the error_uri, if any, is a valid URI-reference$")]
fn error_uri(world: &mut World) {
    if let Some((i, r)) = last(world) {
        world.record(Some("6749-5.2-l"), check::error_uri_valid(&r), &[i]);
    }
}
