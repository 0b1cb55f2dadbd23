//! Known failures, for gating CI on regressions only (`run --baseline FILE`).
//!
//! A baseline lists the checks a target is known to fail: one entry per (scenario, requirement)
//! that failed or reached no verdict. Compared with a run it sorts every not-passing check into
//! *new* (not listed: a regression, which still fails the run) or *known* (listed: tolerated),
//! and every listed entry whose scenario ran into *still failing* or *fixed* (it now passes:
//! remove it from the baseline). `--baseline-strict` fails the run on fixed entries too, so a
//! baseline cannot rot. Format: `docs/baseline.md`.
//!
//! Entries are matched on section, scenario name and requirement ID, not on line numbers, so
//! editing a feature file does not invalidate a baseline.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::report::model::{Outcome, Report, ScenarioResult};
use crate::report::summary;

/// The `version` this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    #[serde(default, rename = "known")]
    pub entries: Vec<Entry>,
}

/// One known failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Requirement ID, e.g. `6749-4.1.2-d`.
    pub requirement: String,
    /// RFC section of the scenario, e.g. `rfc6749/4.1.2`.
    pub section: String,
    /// The scenario's name as in the feature file.
    pub scenario: String,
    /// `fail` or `error` when it was written; informative only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Why it fails: the finding's message when written, or your own words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Entry {
    fn key(&self) -> (&str, &str, &str) {
        (&self.section, &self.scenario, &self.requirement)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read the baseline {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the baseline {path} is not valid: {message}")]
    Invalid { path: String, message: String },
    #[error("cannot write the baseline to {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Reads and checks a baseline file.
pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text).map_err(|message| BaselineError::Invalid {
        path: path.display().to_string(),
        message,
    })
}

/// Parses a baseline; the error names the problem (TOML position, unknown key, bad version).
pub fn parse(text: &str) -> Result<Baseline, String> {
    let baseline: Baseline = toml::from_str(text).map_err(|e| e.to_string())?;
    if baseline.version != VERSION {
        return Err(format!(
            "version = {} is not supported; this build reads version = {VERSION}",
            baseline.version
        ));
    }
    for (n, e) in baseline.entries.iter().enumerate() {
        for (field, value) in [
            ("requirement", &e.requirement),
            ("section", &e.section),
            ("scenario", &e.scenario),
        ] {
            if value.trim().is_empty() {
                return Err(format!("[[known]] entry {} has an empty {field}", n + 1));
            }
        }
    }
    Ok(baseline)
}

/// The checks of a run that did not pass and count against the exit code (fail or error), one
/// per (scenario, requirement), in section order.
pub fn failures(report: &Report) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for group in summary::by_section(report) {
        for s in group.scenarios {
            for entry in scenario_failures(s) {
                if !out.iter().any(|e| e.key() == entry.key()) {
                    out.push(entry);
                }
            }
        }
    }
    out
}

/// One scenario's failures: from its failing findings, or its own requirements when no finding
/// carries the problem (an undefined step, a login that could not be driven).
pub fn scenario_failures(s: &ScenarioResult) -> Vec<Entry> {
    if !matches!(s.outcome, Outcome::Fail | Outcome::Error) {
        return Vec::new();
    }
    let entry = |requirement: &str, outcome: Outcome, reason: Option<&str>| Entry {
        requirement: requirement.to_string(),
        section: s.section.clone(),
        scenario: s.name.clone(),
        outcome: Some(outcome.as_str().to_string()),
        reason: reason.map(|r| summary::escape_text(r, false)),
    };
    let mut out: Vec<Entry> = s
        .findings
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Error))
        .map(|f| entry(&f.requirement, f.outcome, Some(&f.message)))
        .collect();
    if out.is_empty() {
        let reason = summary::headline(s);
        out = s
            .requirements
            .iter()
            .map(|id| entry(id, s.outcome, reason))
            .collect();
        if out.is_empty() {
            out.push(entry("(none)", s.outcome, reason));
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|e| seen.insert(e.requirement.clone()));
    out
}

impl Baseline {
    /// Whether every failure of this finished scenario is listed (for `--fail-fast` with a
    /// baseline: only a new failure stops the run).
    pub fn tolerates(&self, s: &ScenarioResult) -> bool {
        scenario_failures(s)
            .iter()
            .all(|f| self.entries.iter().any(|e| e.key() == f.key()))
    }
}

/// A baseline listing every failure of `report`.
pub fn from_report(report: &Report) -> Baseline {
    Baseline {
        version: VERSION,
        entries: failures(report),
    }
}

/// The baseline as TOML, with a header saying what it is.
pub fn render(baseline: &Baseline, report: &Report) -> Result<String, toml::ser::Error> {
    let body = toml::to_string(baseline)?;
    Ok(format!(
        "# oauth2spec baseline: checks known to fail (format: docs/baseline.md).\n\
# Written by `oauth2spec run --write-baseline` against {} ({}) at {}.\n\
# `run --baseline FILE` fails only on failures not listed here; delete entries once fixed.\n\n{body}",
        summary::escape_text(&report.target.name, false),
        summary::escape_text(&report.target.issuer, false),
        summary::escape_text(&report.started_at, false),
    ))
}

/// Writes the baseline of `report` to `path`.
pub fn write(path: &Path, report: &Report) -> Result<usize, BaselineError> {
    let baseline = from_report(report);
    let text = render(&baseline, report).map_err(|e| BaselineError::Write {
        path: path.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    std::fs::write(path, text).map_err(|source| BaselineError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(baseline.entries.len())
}

/// A run compared with a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Failures the baseline does not list: regressions.
    pub new_failures: Vec<Entry>,
    /// Failures the baseline lists.
    pub known: Vec<Entry>,
    /// Listed entries whose scenario ran and passed (or warned): remove them from the baseline.
    pub fixed: Vec<Entry>,
    /// Listed entries whose scenario was not in this run (filtered out, renamed or removed).
    pub not_run: Vec<Entry>,
}

impl Comparison {
    /// Whether any new failure is a harness error rather than a failed check.
    pub fn new_errors_only(&self) -> bool {
        !self.new_failures.is_empty()
            && self
                .new_failures
                .iter()
                .all(|e| e.outcome.as_deref() == Some("error"))
    }
}

/// Sorts the run's failures and the baseline's entries.
pub fn compare(baseline: &Baseline, report: &Report) -> Comparison {
    let current = failures(report);
    let listed: BTreeSet<_> = baseline.entries.iter().map(Entry::key).collect();
    let failing: BTreeSet<_> = current.iter().map(Entry::key).collect();
    let mut cmp = Comparison::default();
    for entry in &current {
        if listed.contains(&entry.key()) {
            cmp.known.push(entry.clone());
        } else {
            cmp.new_failures.push(entry.clone());
        }
    }
    for entry in &baseline.entries {
        if failing.contains(&entry.key()) {
            continue;
        }
        let ran: Option<&ScenarioResult> = report
            .scenarios
            .iter()
            .find(|s| s.section == entry.section && s.name == entry.scenario);
        match ran {
            Some(s) if matches!(s.outcome, Outcome::Pass | Outcome::Warn) => {
                cmp.fixed.push(entry.clone())
            }
            // Skipped now, or failing on other requirements only: not evidence of a fix.
            Some(_) => {}
            None => cmp.not_run.push(entry.clone()),
        }
    }
    cmp
}

/// The exit code of a run judged against a baseline: new failures fail (1), new harness errors
/// alone give 3, and under `strict` fixed entries fail too (1), so the baseline is kept current.
pub fn exit_code(cmp: &Comparison, strict: bool) -> u8 {
    use crate::exit_code::{CHECK_FAILED, HARNESS_ERROR, SUCCESS};
    if !cmp.new_failures.is_empty() {
        if cmp.new_errors_only() {
            HARNESS_ERROR
        } else {
            CHECK_FAILED
        }
    } else if strict && !cmp.fixed.is_empty() {
        CHECK_FAILED
    } else {
        SUCCESS
    }
}

fn line(kind: &str, e: &Entry) -> String {
    let mut text = format!(
        "  {kind}: {}  {}  {}",
        summary::escape_text(&e.requirement, false),
        summary::escape_text(&e.section, false),
        summary::escape_text(&e.scenario, false)
    );
    if let Some(reason) = &e.reason {
        text.push_str(" — ");
        text.push_str(&summary::escape_text(reason, false));
    }
    text
}

/// What the terminal shows after the results: a count line, then one line per new failure,
/// fixed entry and (with `strict`) the verdict on them.
pub fn render_comparison(path: &str, cmp: &Comparison, strict: bool) -> String {
    let mut out = format!(
        "baseline {}: {} new {}, {} known still failing, {} fixed, {} not run\n",
        summary::escape_text(path, false),
        cmp.new_failures.len(),
        if cmp.new_failures.len() == 1 {
            "failure"
        } else {
            "failures"
        },
        cmp.known.len(),
        cmp.fixed.len(),
        cmp.not_run.len()
    );
    for e in &cmp.new_failures {
        out.push_str(&line("new (not in the baseline)", e));
        out.push('\n');
    }
    for e in &cmp.fixed {
        out.push_str(&line("fixed: remove from baseline", e));
        out.push('\n');
    }
    if strict && !cmp.fixed.is_empty() {
        out.push_str(
            "--baseline-strict: the baseline lists checks that now pass; remove them (or rewrite it with --write-baseline)\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn failures_are_one_entry_per_scenario_and_requirement() {
        let entries = failures(&sample_report());
        let keys: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.requirement.as_str(), e.outcome.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            keys,
            [
                ("6749-2.3.1-b", "error"),
                ("6749-4.1.2-d", "fail"),
                ("6749-5.2-g", "fail")
            ]
        );
        assert_eq!(
            entries[1].reason.as_deref(),
            Some("the second redemption of the same code was answered with tokens")
        );
    }

    #[test]
    fn written_baseline_reads_back_and_tolerates_exactly_its_failures() {
        let report = sample_report();
        let text = render(&from_report(&report), &report).expect("renders");
        assert!(text.starts_with("# oauth2spec baseline"));
        let baseline = parse(&text).expect("parses");
        assert_eq!(baseline.entries.len(), 3);
        let cmp = compare(&baseline, &report);
        assert!(cmp.new_failures.is_empty() && cmp.fixed.is_empty());
        assert_eq!(cmp.known.len(), 3);
        assert_eq!(exit_code(&cmp, true), crate::exit_code::SUCCESS);
    }

    #[test]
    fn an_unlisted_failure_is_new_and_fails() {
        let report = sample_report();
        let mut baseline = from_report(&report);
        baseline.entries.retain(|e| e.requirement != "6749-5.2-g");
        let cmp = compare(&baseline, &report);
        assert_eq!(cmp.new_failures.len(), 1);
        assert_eq!(cmp.new_failures[0].requirement, "6749-5.2-g");
        assert_eq!(exit_code(&cmp, false), crate::exit_code::CHECK_FAILED);
        // Only a harness error new: exit 3, as without a baseline.
        let mut baseline = from_report(&report);
        baseline.entries.retain(|e| e.requirement != "6749-2.3.1-b");
        let cmp = compare(&baseline, &report);
        assert_eq!(exit_code(&cmp, false), crate::exit_code::HARNESS_ERROR);
    }

    #[test]
    fn a_listed_check_that_now_passes_is_fixed_and_fails_only_when_strict() {
        let report = sample_report();
        let mut baseline = from_report(&report);
        baseline.entries.push(Entry {
            requirement: "6749-2.3.1-a".into(),
            section: "rfc6749/2.3.1".into(),
            scenario: "HTTP Basic authentication is accepted".into(),
            outcome: None,
            reason: None,
        });
        baseline.entries.push(Entry {
            requirement: "6749-3.1-a".into(),
            section: "rfc6749/3.1".into(),
            scenario: "not in this run".into(),
            outcome: None,
            reason: None,
        });
        let cmp = compare(&baseline, &report);
        assert_eq!(cmp.fixed.len(), 1);
        assert_eq!(cmp.not_run.len(), 1);
        assert_eq!(exit_code(&cmp, false), crate::exit_code::SUCCESS);
        assert_eq!(exit_code(&cmp, true), crate::exit_code::CHECK_FAILED);
        let text = render_comparison("known.toml", &cmp, true);
        assert!(text.contains(
            "fixed: remove from baseline: 6749-2.3.1-a  rfc6749/2.3.1  HTTP Basic authentication is accepted"
        ));
        assert!(text.contains("--baseline-strict"));
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        assert!(parse("version = 2\n").unwrap_err().contains("version = 2"));
        let unknown = parse("version = 1\n[[known]]\nrequirement = \"x\"\nsection = \"s\"\nscenario = \"n\"\nreqs = 1\n")
            .unwrap_err();
        assert!(unknown.contains("reqs"), "{unknown}");
        assert!(parse(
            "version = 1\n[[known]]\nrequirement = \"\"\nsection = \"s\"\nscenario = \"n\"\n"
        )
        .unwrap_err()
        .contains("empty requirement"));
        assert!(parse("not toml at all [").is_err());
        assert_eq!(parse("version = 1\n").map(|b| b.entries.len()), Ok(0));
    }
}
