//! `[resource] scope`: the scenarios that call the protected resource ask for their tokens with
//! that scope (an OpenID Connect userinfo endpoint wants `openid`), the others with
//! `offers.scope`. Shown on the reference server, whose resource requires `read` and refuses a
//! token for `write` alone with 403 insufficient_scope.

mod common;

use oauth2spec::features::Selection;
use oauth2spec::report::model::{Outcome, Report};
use reference_server::ServerConfig;

/// Runs 6750-2.1-a (a token in the Authorization header is accepted) with `[resource] scope`.
async fn run_with_resource_scope(scope: Option<&str>) -> Report {
    common::run_reference_edited(
        ServerConfig::default(),
        |file| file.resource.scope = scope.map(str::to_owned),
        Selection::default().with_tags("@6750-2.1-a").expect("tags"),
        false,
    )
    .await
}

fn outcome(report: &Report) -> (Outcome, String) {
    assert_eq!(report.scenarios.len(), 1, "one scenario selected");
    let s = &report.scenarios[0];
    (s.outcome, s.message.clone().unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resource_scenarios_ask_for_the_resource_scope() {
    // Unset: offers.scope ("read"), which the resource accepts.
    let (unset, why) = outcome(&run_with_resource_scope(None).await);
    assert_eq!(unset, Outcome::Pass, "{why}");
    // A scope the resource refuses: the token is asked for with it, so the call fails.
    let (refused, why) = outcome(&run_with_resource_scope(Some("write")).await);
    assert_eq!(refused, Outcome::Fail, "{why}");
    assert!(why.contains("refused"), "{why}");
    // A wider scope that includes the required one.
    let (wider, why) = outcome(&run_with_resource_scope(Some("read write")).await);
    assert_eq!(wider, Outcome::Pass, "{why}");
}
