//! The minimizer: drops mutations, then parameters the request can do without, for as long as
//! the same oracle still fires. Every trial is a real request with fresh material.

use std::time::Duration;

use crate::client::HttpClient;

use super::case::{execute, Executed, Plan};
use super::corpus::Corpus;

/// The smallest plan found that still trips `oracle`, and its last run. `None` when the
/// finding did not reproduce even once.
pub struct Minimized {
    pub plan: Plan,
    pub executed: Executed,
    /// Requests sent while minimizing.
    pub trials: u64,
}

/// At most this many trials per finding: each costs a request (and a login for code flows).
const MAX_TRIALS: u64 = 24;

pub async fn minimize(
    corpus: &Corpus,
    http: &HttpClient,
    plan: &Plan,
    oracle: &str,
    slow: Duration,
) -> Option<Minimized> {
    let mut trials = 1;
    let (mut best, mut last) = attempt(corpus, http, plan.clone(), oracle, slow).await?;

    // Fewer mutations.
    let mut i = 0;
    while i < best.mutations.len() && best.mutations.len() > 1 && trials < MAX_TRIALS {
        let mut trial = best.clone();
        trial.mutations.remove(i);
        trials += 1;
        match attempt(corpus, http, trial, oracle, slow).await {
            Some((p, e)) => (best, last) = (p, e),
            None => i += 1,
        }
    }

    // Fewer parameters: only those the request can do without, so that the finding stays the
    // one the mutations caused.
    let mut names: Vec<String> = last
        .request
        .params
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| !last.fresh.material.required.contains(k))
        .collect();
    names.dedup();
    for name in names {
        if trials >= MAX_TRIALS {
            break;
        }
        let mut trial = best.clone();
        trial.dropped.push(name);
        trials += 1;
        if let Some((p, e)) = attempt(corpus, http, trial, oracle, slow).await {
            (best, last) = (p, e);
        }
    }
    Some(Minimized {
        plan: best,
        executed: last,
        trials,
    })
}

async fn attempt(
    corpus: &Corpus,
    http: &HttpClient,
    plan: Plan,
    oracle: &str,
    slow: Duration,
) -> Option<(Plan, Executed)> {
    let e = execute(corpus, http, &plan, slow).await.ok()?;
    e.has(oracle).then_some((plan, e))
}
