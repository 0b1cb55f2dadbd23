//! Grants the reference server offers only when asked (RFC 6749 §4.3, which OAuth 2.1
//! removes): their scenarios skip on the default server, pass when the option is on, and fail
//! with the quirk of their requirement (the quirk matrix switches the option on for those).

mod common;

use oauth2spec::features::Selection;
use oauth2spec::report::model::Outcome;
use reference_server::ServerConfig;

fn password_scenarios(report: &oauth2spec::report::model::Report) -> Vec<Outcome> {
    report
        .scenarios
        .iter()
        .filter(|s| s.requirements.iter().any(|r| r.starts_with("6749-4.3.")))
        .map(|s| s.outcome)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_scenarios_skip_by_default_and_pass_with_the_option() {
    let default = common::run_reference(&[], Selection::default(), false).await;
    let outcomes = password_scenarios(&default);
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|o| *o == Outcome::Skipped),
        "{outcomes:?}"
    );

    let with_option = common::run_reference_with(
        ServerConfig {
            password_grant: true,
            ..ServerConfig::default()
        },
        Selection::default(),
        false,
    )
    .await;
    common::restore_panic_hook();
    let outcomes = password_scenarios(&with_option);
    assert!(outcomes.iter().all(|o| *o == Outcome::Pass), "{outcomes:?}");
    let others = common::not_passing(&with_option);
    assert!(others.is_empty(), "{}", common::describe(&others));
}
