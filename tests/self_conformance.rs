//! The whole suite against the clean reference server: everything passes, nothing is skipped.
//! The grants it offers only on request (implicit, password) are switched on so that their
//! scenarios run too; tests/optional_grants.rs shows they skip when off.

mod common;

use oauth2spec::features::Selection;
use oauth2spec::report::model::Outcome;
use reference_server::ServerConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clean_reference_server_passes_every_scenario() {
    let config = ServerConfig {
        implicit_grant: true,
        password_grant: true,
        ..ServerConfig::default()
    };
    let report = common::run_reference_with(config, Selection::default(), true).await;
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
