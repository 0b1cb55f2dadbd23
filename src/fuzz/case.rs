//! One fuzz case: which seed, which mutations (drawn from the run's seed and the case's index
//! alone, so a case can be run again exactly), and running it: fresh material, mutations,
//! one request, the oracles.

use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::client::{Exchange, HttpClient};
use crate::config::ClientSettings;

use super::corpus::{Corpus, Fresh, SeedKind};
use super::mutators::{self, Applied, MutationKind};
use super::oracles::{self, Case, Violation};
use super::request::FuzzRequest;

/// What a case will do, before it is run.
#[derive(Debug, Clone)]
pub struct Plan {
    pub index: u64,
    /// Seeds every random choice of the case's mutations.
    pub case_seed: u64,
    pub kind: SeedKind,
    pub client: ClientSettings,
    /// Mutations with their slot: each slot has its own random stream, so dropping one
    /// mutation (when minimizing) leaves the others unchanged.
    pub mutations: Vec<(u64, MutationKind)>,
    /// Parameters removed after the mutations (the minimizer's work).
    pub dropped: Vec<String>,
}

/// SplitMix64: spreads `(run seed, index)` into an independent seed per case.
pub fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Draws case `index` of a run seeded with `seed`: a seed request and one to three mutations
/// that apply to it.
pub fn plan(seeds: &[(SeedKind, ClientSettings)], seed: u64, index: u64) -> Option<Plan> {
    let case_seed = mix(seed, index);
    let mut rng = StdRng::seed_from_u64(case_seed);
    let (kind, client) = seeds.get(rng.random_range(0..seeds.len().max(1)))?.clone();
    let count = match rng.random_range(0..10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut applicable: Vec<MutationKind> = MutationKind::ALL
        .iter()
        .copied()
        .filter(|m| m.applies_to(kind))
        .collect();
    // Distinct kinds: a second method switch would undo the first.
    let mutations = (0..count)
        .map_while(|slot| {
            if applicable.is_empty() {
                return None;
            }
            let kind = applicable.swap_remove(rng.random_range(0..applicable.len()));
            // A foreign client redeeming a code issued to a foreign client may be that client.
            applicable.retain(|m| !conflicts(kind, *m));
            Some((slot, kind))
        })
        .collect();
    Some(Plan {
        index,
        case_seed,
        kind,
        client,
        mutations,
        dropped: Vec::new(),
    })
}

fn conflicts(a: MutationKind, b: MutationKind) -> bool {
    use MutationKind::{ForeignClient, ForeignCode};
    matches!(
        (a, b),
        (ForeignClient, ForeignCode) | (ForeignCode, ForeignClient)
    )
}

/// A case that ran.
#[derive(Debug, Clone)]
pub struct Executed {
    pub applied: Vec<Applied>,
    pub request: FuzzRequest,
    pub exchange: Exchange,
    pub violations: Vec<Violation>,
    pub fresh: Fresh,
}

impl Executed {
    pub fn has(&self, oracle: &str) -> bool {
        self.violations.iter().any(|v| v.oracle == oracle)
    }

    pub fn mutation_names(&self) -> String {
        if self.applied.is_empty() {
            return "none".into();
        }
        self.applied
            .iter()
            .map(|a| a.detail.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Runs a plan: fresh material from the corpus, the mutations, one request, the oracles.
pub async fn execute(
    corpus: &Corpus,
    http: &HttpClient,
    plan: &Plan,
    slow: Duration,
) -> Result<Executed, String> {
    let needs_foreign = plan
        .mutations
        .iter()
        .any(|(_, m)| *m == MutationKind::ForeignCode);
    let fresh = corpus.fresh(plan.kind, &plan.client, needs_foreign).await?;
    let mut request = fresh.request.clone();
    let mut applied = Vec::new();
    for (slot, kind) in &plan.mutations {
        let mut rng = StdRng::seed_from_u64(mix(plan.case_seed, slot + 1));
        if let Some((next, a)) = mutators::apply(*kind, &request, &fresh.material, &mut rng) {
            request = next;
            applied.push(a);
        }
    }
    for name in &plan.dropped {
        request.remove(name);
    }
    let exchange = http.send(request.to_raw()).await;
    let must_reject = applied
        .iter()
        .find_map(|a| a.still_rejects(&fresh.request, &request));
    let violations = oracles::judge(
        &Case {
            request: &request,
            must_reject,
            redirect_uris: &fresh.client.redirect_uris,
            secrets: &fresh.secrets,
            slow,
        },
        &exchange,
    );
    Ok(Executed {
        applied,
        request,
        exchange,
        violations,
        fresh,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ClientType;

    fn client() -> ClientSettings {
        ClientSettings {
            id: "c".into(),
            secret: None,
            client_type: ClientType::Confidential,
            auth_methods: vec![],
            redirect_uris: vec![],
            grant_types: vec![],
            scopes: vec![],
            pkce: None,
            name: None,
            native: false,
        }
    }

    #[test]
    fn plans_depend_only_on_seed_and_index() {
        let seeds: Vec<_> = SeedKind::ALL.iter().map(|k| (*k, client())).collect();
        for i in 0..50 {
            let a = plan(&seeds, 42, i).unwrap();
            let b = plan(&seeds, 42, i).unwrap();
            assert_eq!((a.kind, &a.mutations), (b.kind, &b.mutations));
            assert!(a.mutations.iter().all(|(_, m)| m.applies_to(a.kind)));
            let mut kinds: Vec<_> = a.mutations.iter().map(|(_, m)| *m).collect();
            kinds.dedup();
            assert_eq!(kinds.len(), a.mutations.len());
        }
        let differ = (0..50).any(|i| {
            let a = plan(&seeds, 1, i).unwrap();
            let b = plan(&seeds, 2, i).unwrap();
            (a.kind, a.mutations) != (b.kind, b.mutations)
        });
        assert!(differ);
        assert!(plan(&[], 1, 0).is_none());
    }
}
