//! The whole suite against the clean reference server: everything passes, nothing is skipped.

mod common;

use oauth2spec::features::Selection;
use oauth2spec::report::model::Outcome;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clean_reference_server_passes_every_scenario() {
    let report = common::run_reference(&[], Selection::default(), true).await;
    let bad = common::not_passing(&report);
    assert!(
        bad.is_empty(),
        "the clean reference server must pass everything:\n{}",
        common::describe(&bad)
    );
    assert!(
        report.totals.passed >= 30,
        "only {} scenarios passed",
        report.totals.passed
    );
    for s in &report.scenarios {
        assert!(
            s.findings.iter().all(|f| f.outcome == Outcome::Pass),
            "{}: non-pass finding",
            s.name
        );
        assert!(!s.findings.is_empty(), "{} checked nothing", s.name);
    }
}
