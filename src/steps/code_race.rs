//! Redeeming one authorization code with many requests at once (RFC 6749 §4.1.2: single use
//! must hold under concurrency, not only for a replay after the fact).

use cucumber::{then, when};

use crate::checks::code_race as check;
use crate::world::World;

#[when(regex = r"^the client redeems the code (\d+) times in parallel$")]
async fn redeem_in_parallel(world: &mut World, count: usize) {
    if world.halted() {
        return;
    }
    let Some(ctx) = world.ctx() else { return };
    let count = count.clamp(2, 64);
    let Some(request) = world.code_exchange_request(None) else {
        return world.missing("an authorization code");
    };
    let raw = world.token_http_request(&ctx.target.token_endpoint, &request);
    let sends = (0..count).map(|_| {
        let http = ctx.http.clone();
        let raw = raw.clone();
        async move { http.send(raw).await }
    });
    let exchanges = futures::future::join_all(sends).await;
    let first = world.exchanges.len();
    for exchange in exchanges {
        if let Ok(r) = &exchange.response {
            if let Ok(json) = r.json() {
                for key in ["access_token", "refresh_token"] {
                    if let Some(t) = json.get(key).and_then(|v| v.as_str()) {
                        world.add_secret(t);
                    }
                }
            }
        }
        world.exchanges.push(exchange);
    }
    world.parallel = (first..world.exchanges.len()).collect();
    let unanswered: Vec<usize> = world
        .parallel
        .clone()
        .into_iter()
        .filter(|&i| world.response(i).is_none())
        .collect();
    if !unanswered.is_empty() {
        world.precondition_failed(
            format!(
                "{} of {count} parallel token requests got no answer",
                unanswered.len()
            ),
            &unanswered,
        );
    }
}

#[then(regex = r"^at most one of the redemptions gets a token$")]
fn at_most_one(world: &mut World) {
    if world.halted() {
        return;
    }
    let indexes = world.parallel.clone();
    if indexes.is_empty() {
        return world.missing("parallel redemptions");
    }
    let responses: Vec<crate::client::Response> = indexes
        .iter()
        .filter_map(|&i| world.response(i).cloned())
        .collect();
    let refs: Vec<&crate::client::Response> = responses.iter().collect();
    let verdict = check::at_most_one_token(&refs);
    // Evidence: the successful answers first (they are the violation), then one refusal.
    let mut evidence: Vec<usize> = indexes
        .iter()
        .copied()
        .filter(|&i| world.response(i).is_some_and(|r| r.status == 200))
        .take(3)
        .collect();
    if let Some(&refused) = indexes
        .iter()
        .find(|&&i| world.response(i).is_some_and(|r| r.status != 200))
    {
        evidence.push(refused);
    }
    world.record(Some("6749-4.1.2-d"), verdict, &evidence);
}
