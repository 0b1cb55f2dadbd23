//! Every check can fail: each reference-server quirk breaks exactly one requirement, and the
//! suite run against it fails the scenarios of that requirement and no others. Every scenario is
//! made to fail by at least one quirk.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use futures::StreamExt;
use oauth2spec::features::{self, Selection};
use oauth2spec::report::model::{Outcome, Report};
use reference_server::Quirk;

/// Fuzzer-only quirks: each breaks its requirement in a way no suite scenario exercises (the
/// live fuzzer finds it by mutating requests), so no scenario is expected to fail. Each is
/// proven instead by the test named here, and like every quirk it must fail no scenario of
/// another requirement.
const FUZZER_ONLY: &[(Quirk, &str)] = &[(
    Quirk::ClientSecretPrefixAccepted,
    "tests/fuzz_cli.rs: a_token_for_a_truncated_secret_is_found_and_the_reproducer_redacts_it",
)];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_quirk_fails_exactly_the_scenarios_of_its_requirement() {
    let slow = common::slow_requirements();
    let slow = &slow;
    let runs: Vec<(Quirk, Report)> = futures::stream::iter(Quirk::ALL.iter().copied())
        .map(|q| async move {
            (
                q,
                common::run_reference_with(
                    common::server_for(q),
                    common::selection_for(q, slow),
                    false,
                )
                .await,
            )
        })
        .buffer_unordered(4)
        .collect()
        .await;
    common::restore_panic_hook();

    let mut problems = Vec::new();
    let mut failed_by: BTreeMap<String, Vec<&'static str>> = BTreeMap::new();
    for (quirk, report) in &runs {
        let requirement = quirk.requirement();
        let failing: Vec<_> = report
            .scenarios
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Fail | Outcome::Warn))
            .collect();
        let fuzzer_only = FUZZER_ONLY.iter().any(|(q, _)| q == quirk);
        if failing.is_empty() && !fuzzer_only {
            problems.push(format!("quirk {quirk} ({requirement}): no scenario failed"));
        }
        for s in &failing {
            failed_by
                .entry(format!("{}:{}", s.file, s.line))
                .or_default()
                .push(quirk.name());
            if !s.requirements.iter().any(|r| r == requirement) {
                problems.push(format!(
                    "quirk {quirk} ({requirement}) also failed {:?} [{}]: {}",
                    s.name,
                    s.requirements.join(" "),
                    s.message.clone().unwrap_or_default()
                ));
            } else if !s.findings.iter().any(|f| {
                matches!(f.outcome, Outcome::Fail | Outcome::Warn)
                    && s.requirements.contains(&f.requirement)
            }) {
                problems.push(format!(
                    "quirk {quirk}: {:?} failed without a finding naming its requirement",
                    s.name
                ));
            }
        }
        for s in report
            .scenarios
            .iter()
            .filter(|s| s.outcome == Outcome::Error)
        {
            problems.push(format!(
                "quirk {quirk} ({requirement}): harness error in {:?}: {}",
                s.name,
                s.message.clone().unwrap_or_default()
            ));
        }
    }

    // Every scenario must be made to fail by some quirk.
    let features = features::load(None).expect("features");
    let all: BTreeSet<String> = Selection::default()
        .scenarios(&features)
        .iter()
        .map(|(f, _, s)| format!("{}:{}", features::relative_path(f), s.position.line))
        .collect();
    for key in all.iter().filter(|k| !failed_by.contains_key(*k)) {
        problems.push(format!("scenario {key} has no quirk that makes it fail"));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
