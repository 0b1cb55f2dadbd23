//! The whole suite against the clean reference server: everything passes, nothing is skipped,
//! under each profile. Under `oauth2.1` the server runs as it does by default; under `rfc6749`
//! it also offers the grants OAuth 2.1 removed (implicit, password), so that their scenarios run
//! too (tests/optional_grants.rs shows they skip when off).

mod common;

use oauth2spec::features::{Profile, Selection};
use oauth2spec::report::model::{Outcome, Report};
use reference_server::ServerConfig;

fn assert_all_pass(report: &Report, profile: &str) {
    let bad = common::not_passing(report);
    assert!(
        bad.is_empty(),
        "the clean reference server must pass everything under {profile}:\n{}",
        common::describe(&bad)
    );
    assert!(
        report.totals.passed >= 100,
        "only {} scenarios passed under {profile}",
        report.totals.passed
    );
    for s in &report.scenarios {
        assert!(
            s.findings.iter().all(|f| f.outcome == Outcome::Pass),
            "{}: non-pass finding under {profile}",
            s.name
        );
        assert!(!s.findings.is_empty(), "{} checked nothing", s.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clean_reference_server_passes_every_scenario() {
    let oauth21 = common::run_reference_with(
        ServerConfig {
            tls: true,
            ..ServerConfig::short_lived()
        },
        Selection {
            profile: Some(Profile::OAuth21),
            ..Selection::default()
        },
        true,
    )
    .await;
    let rfc6749 = common::run_reference_with(
        ServerConfig {
            implicit_grant: true,
            password_grant: true,
            tls: true,
            ..ServerConfig::short_lived()
        },
        Selection {
            profile: Some(Profile::Rfc6749),
            ..Selection::default()
        },
        true,
    )
    .await;
    common::restore_panic_hook();
    assert_all_pass(&oauth21, "oauth2.1");
    assert_all_pass(&rfc6749, "rfc6749");
}
