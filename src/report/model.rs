//! The one report model every writer reads: suite → scenario → finding → evidence.
//!
//! The runner builds a [`Report`]; the terminal, JUnit and JSON writers only read it. All text in
//! it is already redacted (see `client::redact`), so writers never see a secret.

use serde::{Deserialize, Serialize};

/// How strongly a requirement binds, from the RFC 2119 keyword of its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// MUST, MUST NOT, REQUIRED, SHALL.
    Must,
    /// SHOULD, SHOULD NOT, RECOMMENDED.
    Should,
    /// MAY, OPTIONAL: checked only where the server says it offers the feature.
    May,
}

impl Level {
    /// Reads a level tag such as `MUST`, `MUST-NOT`, `SHOULD` or `RECOMMENDED`.
    pub fn from_tag(tag: &str) -> Option<Level> {
        match tag
            .trim_start_matches('@')
            .to_ascii_uppercase()
            .replace('_', "-")
            .as_str()
        {
            "MUST" | "MUST-NOT" | "REQUIRED" | "SHALL" | "SHALL-NOT" => Some(Level::Must),
            "SHOULD" | "SHOULD-NOT" | "RECOMMENDED" | "NOT-RECOMMENDED" => Some(Level::Should),
            "MAY" | "OPTIONAL" => Some(Level::May),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
        }
    }
}

/// The verdict of one check or one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The requirement is met.
    Pass,
    /// A SHOULD-level requirement is not met (a failure under `--strict`).
    Warn,
    /// The scenario could not run against this target (feature not offered); `message` says why.
    Skipped,
    /// A MUST-level requirement is not met.
    Fail,
    /// The harness could not reach a verdict: the target timed out, answered garbage, a login
    /// page could not be driven, a step is not defined.
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Warn => "warn",
            Outcome::Skipped => "skipped",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
        }
    }
}

/// One HTTP exchange kept as evidence, redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_body: Option<String>,
    /// `None` when no response arrived (timeout, connection refused).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub response_headers: Vec<(String, String)>,
    /// Truncated to a few KiB for reports.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_body: Option<String>,
    #[serde(default)]
    pub elapsed_ms: u64,
}

/// The result of one check: one requirement, judged on recorded exchanges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Requirement ID from the yardstick, e.g. `6749-4.1.2-d`.
    pub requirement: String,
    pub level: Level,
    pub outcome: Outcome,
    /// One line saying what was checked and what happened.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub observed: Option<String>,
    /// The exchanges the verdict rests on (usually the last one or two).
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// One Gherkin scenario's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Feature title, e.g. `Authorization error response (RFC 6749 §4.1.2.1)`.
    pub feature: String,
    /// Feature file path relative to the features directory.
    pub file: String,
    /// RFC and section this scenario belongs to, e.g. `rfc6749/4.1.2.1`.
    pub section: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rule: Option<String>,
    pub name: String,
    /// Line of the `Scenario:` keyword in its file.
    pub line: usize,
    /// Requirement IDs from its tags (inherited Feature → Rule → Scenario).
    pub requirements: Vec<String>,
    /// The strongest level among its tags.
    pub level: Level,
    /// All tags, without `@`.
    pub tags: Vec<String>,
    pub outcome: Outcome,
    /// Why it was skipped, or the error / first failure, in one line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
    pub findings: Vec<Finding>,
    pub duration_ms: u64,
    /// Every exchange of the scenario in order, setup included, redacted: filled only when the
    /// run was asked to keep them (`explain`), absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInfo {
    pub name: String,
    pub issuer: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub scenarios: usize,
    pub passed: usize,
    pub warned: usize,
    pub skipped: usize,
    pub failed: usize,
    pub errors: usize,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Version of the JSON schema in `docs/report-format.md`.
    pub schema_version: u32,
    pub tool: String,
    pub tool_version: String,
    pub target: TargetInfo,
    /// RFC 3339 UTC time the run started.
    pub started_at: String,
    pub duration_ms: u64,
    /// `--strict`: SHOULD-level violations are failures.
    pub strict: bool,
    /// `--profile`: the rulebook the run held the server to (`oauth2.1`, `rfc6749`); absent when
    /// the scenarios of every profile ran (library use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    pub scenarios: Vec<ScenarioResult>,
    pub totals: Totals,
}

impl Totals {
    pub fn count(scenarios: &[ScenarioResult]) -> Totals {
        let mut t = Totals {
            scenarios: scenarios.len(),
            ..Totals::default()
        };
        for s in scenarios {
            match s.outcome {
                Outcome::Pass => t.passed += 1,
                Outcome::Warn => t.warned += 1,
                Outcome::Skipped => t.skipped += 1,
                Outcome::Fail => t.failed += 1,
                Outcome::Error => t.errors += 1,
            }
        }
        t
    }
}

impl ScenarioResult {
    /// The scenario's outcome from its findings: the worst one wins (error > fail > skipped >
    /// warn > pass); a scenario with no finding at all is an error, since it checked nothing.
    pub fn outcome_of(findings: &[Finding]) -> Outcome {
        findings
            .iter()
            .map(|f| f.outcome)
            .max()
            .unwrap_or(Outcome::Error)
    }
}
