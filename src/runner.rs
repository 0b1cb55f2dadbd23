//! Runs the selected scenarios with cucumber-rs and builds the [`Report`].
//!
//! cucumber-rs drives the scenarios (fresh `World` each, concurrency, hooks); its own output is
//! discarded: the before-hook hands each `World` the run context, the after-hook turns the
//! finished `World` into a [`ScenarioResult`]. Every writer then reads only the report model.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use cucumber::{cli, event, parser, Event, World as _};
use futures::future::LocalBoxFuture;
use gherkin::{Feature, Rule, Scenario};

use crate::features::{relative_path, requirement_ids, section_of, tags_of, Selection};
use crate::report::model::{Level, Outcome, Report, ScenarioResult, TargetInfo, Totals};
use crate::world::{RunContext, World};

/// Called with each scenario's result as soon as it finishes (for progress display).
pub type OnResult = Arc<dyn Fn(&ScenarioResult) + Send + Sync>;

pub struct RunOptions {
    pub selection: Selection,
    pub concurrency: usize,
    pub on_result: Option<OnResult>,
    /// Keep every exchange of every scenario in the report (for `explain`).
    pub keep_exchanges: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("no scenario matches the selection (--tags / --section); `oauth2spec list` shows what there is")]
    NothingSelected,
    #[error("{0}")]
    UndefinedStep(String),
}

/// Checks that every step of the selected scenarios matches exactly one step definition.
pub fn check_steps(features: &[Feature], selection: &Selection) -> Result<(), RunError> {
    let collection = World::collection();
    let mut problems = Vec::new();
    for (f, _, s) in selection.scenarios(features) {
        for st in &s.steps {
            match collection.find(st) {
                Ok(Some(_)) => {}
                Ok(None) => problems.push(format!(
                    "{}:{}: no step definition matches `{} {}`",
                    relative_path(f),
                    st.position.line,
                    st.keyword.trim(),
                    st.value
                )),
                Err(e) => problems.push(format!(
                    "{}:{}: `{}` matches several step definitions: {e:?}",
                    relative_path(f),
                    st.position.line,
                    st.value
                )),
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RunError::UndefinedStep(problems.join("\n")))
    }
}

/// Hands cucumber the already parsed features.
struct Preparsed;

impl parser::Parser<Vec<Feature>> for Preparsed {
    type Cli = cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<parser::Result<Feature>>>;

    fn parse(self, input: Vec<Feature>, _: cli::Empty) -> Self::Output {
        futures::stream::iter(input.into_iter().map(Ok).collect::<Vec<_>>())
    }
}

/// Discards cucumber's own events: results come from the after-hook.
struct Discard;

impl cucumber::Writer<World> for Discard {
    type Cli = cli::Empty;

    async fn handle_event(
        &mut self,
        _: parser::Result<Event<event::Cucumber<World>>>,
        _: &cli::Empty,
    ) {
    }
}

// The after-hook sees scenarios whole, so event order does not matter to us.
impl cucumber::writer::Normalized for Discard {}

/// The key of a scenario in a run: file and line.
fn key(feature: &Feature, scenario: &Scenario) -> (String, usize) {
    (relative_path(feature), scenario.position.line)
}

fn strongest_level(tags: &[String], requirements: &[String]) -> Level {
    requirements
        .iter()
        .filter_map(|id| crate::requirements::lookup(id).map(|r| r.level()))
        .chain(tags.iter().filter_map(|t| Level::from_tag(t)))
        .min()
        .unwrap_or(Level::Must)
}

fn skeleton(feature: &Feature, rule: Option<&Rule>, scenario: &Scenario) -> ScenarioResult {
    let tags = tags_of(feature, rule, scenario);
    let requirements = requirement_ids(&tags);
    ScenarioResult {
        feature: feature.name.clone(),
        file: relative_path(feature),
        section: section_of(feature),
        rule: rule.map(|r| r.name.clone()),
        name: scenario.name.clone(),
        line: scenario.position.line,
        level: strongest_level(&tags, &requirements),
        requirements,
        tags,
        outcome: Outcome::Error,
        message: None,
        findings: Vec::new(),
        duration_ms: 0,
        exchanges: Vec::new(),
    }
}

fn finished(
    keep_exchanges: bool,
    feature: &Feature,
    rule: Option<&Rule>,
    scenario: &Scenario,
    ev: &event::ScenarioFinished,
    world: Option<&mut World>,
) -> ScenarioResult {
    let mut result = skeleton(feature, rule, scenario);
    let Some(world) = world else {
        result.message = Some("the scenario did not start".into());
        return result;
    };
    let (outcome, message) = world.scenario_outcome();
    result.outcome = outcome;
    result.message = message;
    result.findings = std::mem::take(&mut world.findings);
    if keep_exchanges {
        result.exchanges = world.transcript();
    }
    result.duration_ms = world
        .started
        .map(|s| s.elapsed().as_millis() as u64)
        .unwrap_or(0);
    match ev {
        event::ScenarioFinished::StepFailed(_, _, err) => {
            result.outcome = Outcome::Error;
            result.message = Some(format!("a step crashed: {err}"));
        }
        event::ScenarioFinished::BeforeHookFailed(_) => {
            result.outcome = Outcome::Error;
            result.message = Some("the scenario could not be prepared".into());
        }
        event::ScenarioFinished::StepSkipped => {
            result.outcome = Outcome::Error;
            result.message = Some("a step has no definition".into());
        }
        event::ScenarioFinished::StepPassed => {}
    }
    result
}

/// Runs the selected scenarios against the target in `ctx`.
pub async fn run(
    features: Vec<Feature>,
    ctx: Arc<RunContext>,
    options: RunOptions,
) -> Result<Report, RunError> {
    run_until(features, ctx, options, Stop::default()).await
}

/// A way to end a run early (`--fail-fast`): once [`Stop::stop`] is called, scenarios still
/// running are abandoned and those not started are reported as skipped with the given reason.
#[derive(Clone, Default)]
pub struct Stop {
    notify: Arc<tokio::sync::Notify>,
    reason: Arc<Mutex<Option<String>>>,
}

impl Stop {
    /// Ends the run; the first reason given is kept.
    pub fn stop(&self, reason: impl Into<String>) {
        if let Ok(mut r) = self.reason.lock() {
            if r.is_none() {
                *r = Some(reason.into());
            }
        }
        // `notify_one` keeps a permit when nobody waits yet, so an early stop is not lost.
        self.notify.notify_one();
    }

    /// Why the run was stopped, if it was.
    pub fn reason(&self) -> Option<String> {
        self.reason.lock().ok().and_then(|r| r.clone())
    }
}

/// [`run`], ending early when `stop` is triggered.
pub async fn run_until(
    features: Vec<Feature>,
    ctx: Arc<RunContext>,
    options: RunOptions,
    stop: Stop,
) -> Result<Report, RunError> {
    let selected: Vec<ScenarioResult> = options
        .selection
        .scenarios(&features)
        .into_iter()
        .map(|(f, r, s)| skeleton(f, r, s))
        .collect();
    if selected.is_empty() {
        return Err(RunError::NothingSelected);
    }
    check_steps(&features, &options.selection)?;
    let started_at = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let start = Instant::now();
    let results: Arc<Mutex<HashMap<(String, usize), ScenarioResult>>> = Arc::default();

    let before_ctx = ctx.clone();
    let after_results = results.clone();
    let on_result = options.on_result.clone();
    let keep_exchanges = options.keep_exchanges;
    let selection = options.selection.clone();
    let cucumber = World::cucumber::<std::path::PathBuf>()
        .with_parser(Preparsed)
        .with_writer(Discard)
        .with_cli(cli::Opts::<
            cli::Empty,
            cucumber::runner::basic::Cli,
            cli::Empty,
            cli::Empty,
        >::default())
        .max_concurrent_scenarios(options.concurrency.max(1))
        .before(
            move |feature, rule, scenario, world| -> LocalBoxFuture<'_, ()> {
                world.attach(before_ctx.clone(), tags_of(feature, rule, scenario));
                Box::pin(async {})
            },
        )
        .after(
            move |feature, rule, scenario, ev, world| -> LocalBoxFuture<'_, ()> {
                let result = finished(keep_exchanges, feature, rule, scenario, ev, world);
                if let Some(cb) = &on_result {
                    cb(&result);
                }
                if let Ok(mut map) = after_results.lock() {
                    map.insert(key(feature, scenario), result);
                }
                Box::pin(async {})
            },
        );
    let run = cucumber.filter_run(features, move |f, r, s| selection.matches(f, r, s));
    let deadline = ctx.target.limits.run_timeout;
    let stopped_early = stop.notify.clone();
    let timed_out = tokio::select! {
        finished = tokio::time::timeout(deadline, run) => finished.is_err(),
        () = stopped_early.notified() => false,
    };
    let stopped = stop.reason();
    if timed_out || stopped.is_some() {
        // cucumber-rs silences the panic hook while it runs and puts the old one back only when
        // it finishes; an abandoned run would leave panics silent, so the default comes back.
        let _ = std::panic::take_hook();
    }

    let mut done = results
        .lock()
        .map(|mut m| std::mem::take(&mut *m))
        .unwrap_or_default();
    let scenarios: Vec<ScenarioResult> = selected
        .into_iter()
        .map(|s| {
            done.remove(&(s.file.clone(), s.line))
                .unwrap_or_else(|| unfinished(s, stopped.as_deref(), timed_out, deadline))
        })
        .collect();
    Ok(Report {
        schema_version: 1,
        tool: "oauth2spec".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        target: TargetInfo {
            name: ctx.target.name.clone(),
            issuer: ctx.target.issuer.clone().unwrap_or_default(),
        },
        started_at,
        duration_ms: start.elapsed().as_millis() as u64,
        strict: ctx.strict,
        profile: options.selection.profile.map(|p| p.name().to_string()),
        totals: Totals::count(&scenarios),
        scenarios,
    })
}

/// A selected scenario without a result: not run because the run was stopped (skipped, with the
/// reason), or cut off by the deadline, or never started (errors: no verdict was reached).
fn unfinished(
    s: ScenarioResult,
    stopped: Option<&str>,
    timed_out: bool,
    deadline: Duration,
) -> ScenarioResult {
    if let Some(reason) = stopped {
        return ScenarioResult {
            outcome: Outcome::Skipped,
            message: Some(format!("not run: {reason}")),
            ..s
        };
    }
    let message = if timed_out {
        format!(
            "not finished when the run deadline ({} s, limits.run_timeout_secs) was reached",
            deadline.as_secs()
        )
    } else {
        "the scenario did not run".into()
    };
    ScenarioResult {
        message: Some(message),
        ..s
    }
}

/// How long a run may take at most, for messages.
pub fn describe_deadline(d: Duration) -> String {
    format!("{} s", d.as_secs())
}

/// The report of a run that could not start (the metadata document could not be fetched, say):
/// every selected scenario is a harness error carrying `message`, so the report files still
/// say what was meant to run and why nothing did.
pub fn not_run(
    features: &[Feature],
    selection: &Selection,
    target: TargetInfo,
    strict: bool,
    message: &str,
) -> Report {
    let scenarios: Vec<ScenarioResult> = selection
        .scenarios(features)
        .into_iter()
        .map(|(f, r, s)| ScenarioResult {
            message: Some(message.to_string()),
            ..skeleton(f, r, s)
        })
        .collect();
    Report {
        schema_version: 1,
        tool: "oauth2spec".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        target,
        started_at: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        duration_ms: 0,
        strict,
        profile: selection.profile.map(|p| p.name().to_string()),
        totals: Totals::count(&scenarios),
        scenarios,
    }
}
