//! Grants the reference server offers only when asked (RFC 6749 §4.2 implicit, §4.3 password,
//! both removed by OAuth 2.1): their scenarios skip on the default server and pass when the
//! option is on; the quirk matrix switches the option on for the quirks that bend them and
//! shows each scenario can fail.

mod common;

use oauth2spec::features::{Profile, Selection};
use oauth2spec::report::model::{Outcome, Report};
use reference_server::ServerConfig;

fn optional_grant_scenarios(report: &Report) -> Vec<Outcome> {
    report
        .scenarios
        .iter()
        .filter(|s| {
            s.requirements
                .iter()
                .any(|r| r.starts_with("6749-4.2.") || r.starts_with("6749-4.3."))
        })
        .map(|s| s.outcome)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn optional_grant_scenarios_skip_by_default_and_pass_with_the_options() {
    let default = common::run_reference(&[], Selection::default(), false).await;
    let outcomes = optional_grant_scenarios(&default);
    assert_eq!(outcomes.len(), 6, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|o| *o == Outcome::Skipped),
        "{outcomes:?}"
    );

    // A server offering the grants OAuth 2.1 removed is held to RFC 6749: the oauth2.1-only
    // scenarios (which fail it, rightly) are left out.
    let with_options = common::run_reference_with(
        ServerConfig {
            password_grant: true,
            implicit_grant: true,
            tls: true,
            ..ServerConfig::short_lived()
        },
        Selection {
            profile: Some(Profile::Rfc6749),
            ..Selection::default()
        },
        false,
    )
    .await;
    common::restore_panic_hook();
    let outcomes = optional_grant_scenarios(&with_options);
    assert_eq!(outcomes.len(), 6, "{outcomes:?}");
    let others = common::not_passing(&with_options);
    assert!(others.is_empty(), "{}", common::describe(&others));
}
