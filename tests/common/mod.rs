//! Shared helpers for integration tests: run the suite in-process against the reference server.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::process::{Command, Output};

use oauth2spec::config::TargetFile;
use oauth2spec::features::{self, Selection};
use oauth2spec::report::model::{Outcome, Report, ScenarioResult};
use oauth2spec::runner::{self, RunOptions};
use oauth2spec::session;
use reference_server::{Quirk, ServerConfig};

/// Runs the embedded features against a fresh reference server with `quirks` on.
pub async fn run_reference(quirks: &[Quirk], selection: Selection, strict: bool) -> Report {
    let quirks: BTreeSet<Quirk> = quirks.iter().copied().collect();
    run_reference_with(
        ServerConfig {
            quirks,
            tls: true,
            ..ServerConfig::short_lived()
        },
        selection,
        strict,
    )
    .await
}

/// The server a quirk needs: the grants that are off by default are switched on for the
/// quirks that bend them.
pub fn server_for(quirk: Quirk) -> ServerConfig {
    ServerConfig {
        quirks: BTreeSet::from([quirk]),
        password_grant: quirk.requirement().starts_with("6749-4.3."),
        implicit_grant: quirk.requirement().starts_with("6749-4.2."),
        tls: true,
        ..ServerConfig::short_lived()
    }
}

/// The scenarios to run against [`server_for`]`(quirk)`: a server that offers the grants OAuth
/// 2.1 removed is held to RFC 6749 (the oauth2.1-only scenarios would fail it, rightly, for
/// offering them); every other server runs every scenario.
///
/// The scenarios that wait for a code or token to expire (`@slow`) run only for the quirks of
/// their own requirements, where they are needed to fail; for every other quirk they would add
/// their waits to each of hundreds of runs. The clean server runs them in self-conformance.
pub fn selection_for(quirk: Quirk, slow_requirements: &BTreeSet<String>) -> Selection {
    let config = server_for(quirk);
    let mut selection = if config.password_grant || config.implicit_grant {
        Selection {
            profile: Some(oauth2spec::features::Profile::Rfc6749),
            ..Selection::default()
        }
    } else {
        Selection::default()
    };
    if !slow_requirements.contains(quirk.requirement()) {
        selection = selection
            .with_tags("not @slow")
            .expect("a valid tag expression");
    }
    selection
}

/// The requirement IDs of the `@slow` scenarios.
pub fn slow_requirements() -> BTreeSet<String> {
    let features = features::load(None).expect("features");
    Selection::default()
        .scenarios(&features)
        .iter()
        .map(|(f, r, s)| features::tags_of(f, *r, s))
        .filter(|tags| tags.iter().any(|t| t == "slow"))
        .flat_map(|tags| features::requirement_ids(&tags))
        .collect()
}

/// Runs the embedded features against a fresh reference server started with `config`.
pub async fn run_reference_with(
    config: ServerConfig,
    selection: Selection,
    strict: bool,
) -> Report {
    run_reference_edited(config, |_| {}, selection, strict).await
}

/// The same, with the reference server's target config changed by `edit` first.
pub async fn run_reference_edited(
    config: ServerConfig,
    edit: impl FnOnce(&mut TargetFile),
    selection: Selection,
    strict: bool,
) -> Report {
    let (mut file, server) = session::start_reference_with(config)
        .await
        .expect("reference server starts");
    edit(&mut file);
    let ctx = session::context_for(file, false, strict)
        .await
        .expect("context");
    let features = features::load(None).expect("features");
    let report = runner::run(
        features,
        ctx,
        RunOptions {
            selection,
            concurrency: 8,
            on_result: None,
            keep_exchanges: false,
        },
    )
    .await
    .expect("run");
    server.shutdown().await;
    restore_panic_hook();
    report
}

/// cucumber-rs silences the panic hook while it runs and restores the one it found; with several
/// runs at once in one test binary the silent hook can stay. Assertions after the runs call
/// this so their messages are printed.
pub fn restore_panic_hook() {
    let _ = std::panic::take_hook();
}

pub fn not_passing(report: &Report) -> Vec<&ScenarioResult> {
    report
        .scenarios
        .iter()
        .filter(|s| s.outcome != Outcome::Pass)
        .collect()
}

/// One line per scenario that did not pass, for assertion messages.
pub fn describe(scenarios: &[&ScenarioResult]) -> String {
    scenarios
        .iter()
        .map(|s| {
            format!(
                "{} [{}] {:?}: {}",
                s.outcome.as_str(),
                s.requirements.join(" "),
                s.name,
                s.message.clone().unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the `oauth2spec` binary with `args`, no client from the environment, no color.
pub fn oauth2spec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oauth2spec"))
        .args(args)
        .env_remove("OAUTH2SPEC_CLIENT_ID")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// Standard output and standard error together.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
