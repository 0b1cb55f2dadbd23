//! The Bearer scheme name in any letter case (OAuth 2.1 §5.1.1; RFC 9110 §11.1).

use cucumber::{then, when};

use crate::checks::{bearer as check, Verdict};
use crate::client::RawRequest;
use crate::world::World;

/// The spelling of RFC 6750 first, as the baseline; then the others.
const SPELLINGS: [&str; 4] = ["Bearer", "bearer", "BEARER", "bEaReR"];

#[when(
    regex = r"^the client calls the protected resource with the scheme name written bearer, BEARER and bEaReR$"
)]
async fn other_cases(world: &mut World) {
    if world.halted() {
        return;
    }
    let Some(resource) = world.target().and_then(|t| t.resource.clone()) else {
        return world.skip("the target config names no protected resource (endpoints.resource)");
    };
    let Some(token) = world.tokens.access_token.clone() else {
        return world.missing("an access token");
    };
    let mut sent = Vec::new();
    for scheme in SPELLINGS {
        let request = RawRequest::get(resource.clone())
            .header("Accept", "application/json")
            .header("Authorization", &format!("{scheme} {token}"));
        match world.send(request).await {
            Some(i) => sent.push(i),
            None => return,
        }
    }
    world.parallel = sent;
}

#[then(regex = r"^the protected resource accepts the token in every spelling$")]
fn accepts_every_spelling(world: &mut World) {
    if world.halted() {
        return;
    }
    let indexes = world.parallel.clone();
    if indexes.is_empty() {
        return world.missing("protected resource requests");
    }
    // Whether "Bearer" itself works is RFC 6750 §2.1's question; without it there is nothing
    // to compare the other spellings with.
    if !world
        .response(indexes[0])
        .is_some_and(|r| check::resource_ok(r).is_met())
    {
        return world.skip(
            "the protected resource refuses the token even with the scheme written \"Bearer\" (RFC 6750 §2.1 is judged elsewhere)",
        );
    }
    for (&i, scheme) in indexes.iter().zip(SPELLINGS).skip(1) {
        let Some(r) = world.response(i).cloned() else {
            continue;
        };
        if let Verdict::Violated { observed, .. } = check::resource_ok(&r) {
            let v = Verdict::violated(
                format!("the scheme name written {scheme:?} is not accepted"),
                "HTTP 2xx, as for \"Bearer\" (scheme names are case-insensitive)",
                observed,
            );
            return world.record(Some("oauth21-5.1.1-a"), v, &[i]);
        }
    }
    world.record(
        Some("oauth21-5.1.1-a"),
        Verdict::Met("bearer, BEARER and bEaReR all accepted".into()),
        &indexes,
    );
}
