//! What `run` does for CI beyond running: the extra report files (`--html`, `--markdown`,
//! `--cucumber-json`), the baseline of known failures (`--baseline`, `--write-baseline`,
//! `--baseline-strict`) and `--fail-fast`. The CLI calls these; they read only the report model.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use crate::baseline::{self, Baseline};
use crate::exit_code;
use crate::report::model::{Outcome, Report, ScenarioResult};
use crate::runner::Stop;

/// Report files for people and dashboards, besides `--junit` and `--json`.
#[derive(Debug, Args, Default)]
pub struct ReportFileArgs {
    /// Write a self-contained HTML report (no network; filter by outcome) to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write a compact Markdown summary (for a PR comment or $GITHUB_STEP_SUMMARY) to FILE.
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Write a Cucumber JSON report (for CI dashboards) to FILE.
    #[arg(long, value_name = "FILE")]
    pub cucumber_json: Option<PathBuf>,
}

/// Gating: known failures and early stop.
#[derive(Debug, Args, Default)]
pub struct GateArgs {
    /// Known failures (TOML, docs/baseline.md): fail only on failures not listed, and report
    /// listed ones that now pass.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write this run's failures (with requirement IDs and reasons) to FILE as a baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: also fail (exit 1) when a listed check now passes, so the baseline
    /// does not rot.
    #[arg(long, requires = "baseline")]
    pub baseline_strict: bool,
    /// Stop after the first failure or harness error (with --baseline: the first new one);
    /// scenarios not run are reported as skipped.
    #[arg(long)]
    pub fail_fast: bool,
}

/// An error and the exit code it maps to.
pub type GateError = (u8, String);

fn write(path: &Path, what: &str, text: Result<String, String>) -> Result<(), GateError> {
    let text = text.map_err(|e| {
        (
            exit_code::HARNESS_ERROR,
            format!("cannot render the {what} report: {e}"),
        )
    })?;
    std::fs::write(path, text).map_err(|e| {
        (
            exit_code::USAGE,
            format!("cannot write the {what} report to {}: {e}", path.display()),
        )
    })
}

/// Writes the report files asked for.
pub fn write_report_files(args: &ReportFileArgs, report: &Report) -> Result<(), GateError> {
    use crate::report::{cucumber_json, html, markdown};
    if let Some(path) = &args.html {
        write(path, "HTML", Ok(html::render(report)))?;
    }
    if let Some(path) = &args.markdown {
        write(path, "Markdown", Ok(markdown::render(report)))?;
    }
    if let Some(path) = &args.cucumber_json {
        write(
            path,
            "Cucumber JSON",
            cucumber_json::render(report).map_err(|e| e.to_string()),
        )?;
    }
    Ok(())
}

/// Reads `--baseline` before the run, so a broken file is a usage error (exit 2) at once.
pub fn load_baseline(args: &GateArgs) -> Result<Option<Arc<Baseline>>, GateError> {
    args.baseline
        .as_deref()
        .map(|p| {
            baseline::load(p)
                .map(Arc::new)
                .map_err(|e| (exit_code::USAGE, e.to_string()))
        })
        .transpose()
}

/// The `--fail-fast` policy, called with each finished scenario: the first failure or harness
/// error that the baseline (if any) does not tolerate stops the run.
pub fn fail_fast(
    stop: Stop,
    baseline: Option<Arc<Baseline>>,
) -> impl Fn(&ScenarioResult) + Send + Sync {
    move |result: &ScenarioResult| {
        if !matches!(result.outcome, Outcome::Fail | Outcome::Error) {
            return;
        }
        if baseline.as_ref().is_some_and(|b| b.tolerates(result)) {
            return;
        }
        stop.stop(format!(
            "--fail-fast stopped the run after {} {} ({}: {})",
            result.outcome.as_str(),
            result.requirements.join(" "),
            result.section,
            result.name
        ));
    }
}

/// How many scenarios `--fail-fast` kept from running (reported as skipped, "not run: …").
pub fn not_run_by_fail_fast(report: &Report) -> usize {
    report
        .scenarios
        .iter()
        .filter(|s| {
            s.outcome == Outcome::Skipped
                && s.message
                    .as_deref()
                    .is_some_and(|m| m.starts_with("not run: --fail-fast"))
        })
        .count()
}

/// After the run: writes `--write-baseline`, compares with `--baseline`, and returns the lines
/// to print and the exit code.
pub fn finish(
    args: &GateArgs,
    baseline: Option<&Baseline>,
    report: &Report,
    stop: &Stop,
) -> Result<(u8, String), GateError> {
    let mut text = String::new();
    if let Some(reason) = stop.reason() {
        let not_run = not_run_by_fail_fast(report);
        text.push_str(&format!(
            "{}; {not_run} scenarios not run\n",
            crate::report::summary::escape_text(&reason, false)
        ));
    }
    if let Some(path) = &args.write_baseline {
        let n = baseline::write(path, report).map_err(|e| (exit_code::USAGE, e.to_string()))?;
        text.push_str(&format!(
            "baseline with {n} known {} written to {}\n",
            if n == 1 { "failure" } else { "failures" },
            path.display()
        ));
    }
    let code = match (baseline, &args.baseline) {
        (Some(b), Some(path)) => {
            let cmp = baseline::compare(b, report);
            text.push_str(&baseline::render_comparison(
                &path.display().to_string(),
                &cmp,
                args.baseline_strict,
            ));
            baseline::exit_code(&cmp, args.baseline_strict)
        }
        _ => exit_code::for_report(report),
    };
    Ok((code, text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn fail_fast_stops_on_the_first_untolerated_failure() {
        let report = sample_report();
        let stop = Stop::default();
        let hook = fail_fast(stop.clone(), None);
        hook(&report.scenarios[0]); // pass
        hook(&report.scenarios[1]); // skipped
        assert_eq!(stop.reason(), None);
        hook(&report.scenarios[2]); // fail
        let reason = stop.reason().expect("stopped");
        assert!(
            reason.starts_with("--fail-fast stopped the run after fail 6749-4.1.2-d"),
            "{reason}"
        );
        // With a baseline listing that failure, it does not stop.
        let stop = Stop::default();
        let hook = fail_fast(stop.clone(), Some(Arc::new(baseline::from_report(&report))));
        hook(&report.scenarios[2]);
        assert_eq!(stop.reason(), None);
    }

    #[test]
    fn without_a_baseline_the_exit_code_is_the_report_s() {
        let report = sample_report();
        let (code, text) =
            finish(&GateArgs::default(), None, &report, &Stop::default()).expect("finishes");
        assert_eq!(code, exit_code::CHECK_FAILED);
        assert!(text.is_empty());
    }
}
