//! Cucumber JSON, the format CI dashboards read (Jenkins' Cucumber Reports, Allure, Xray, …).
//!
//! One element per feature file, one scenario element per scenario. The report model keeps
//! findings rather than Gherkin steps, so each finding becomes one `Then` step named after its
//! requirement: `6749-4.1.2-d (MUST): the second redemption …`. Status mapping: pass and warn →
//! `passed` (a warning is noted in the step's `output`), skipped → `skipped`, fail → `failed`,
//! error → `failed` with an `error_message` that starts with `harness error:` (Cucumber JSON has
//! no separate status for "no verdict"). A scenario without findings gets one step that says so.
//! Durations are in nanoseconds, as the format wants; the scenario's duration sits on its first
//! step.

use serde::Serialize;

use super::model::{Finding, Outcome, Report, ScenarioResult};
use super::summary::{self, by_section, push_finding, EvidenceLimits};

#[derive(Debug, Serialize)]
struct Tag {
    name: String,
    line: usize,
}

#[derive(Debug, Serialize)]
struct StepResult {
    status: &'static str,
    duration: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<String>,
}

#[derive(Debug, Serialize)]
struct Step {
    keyword: &'static str,
    name: String,
    line: usize,
    result: StepResult,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    output: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Element {
    id: String,
    keyword: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    description: String,
    line: usize,
    tags: Vec<Tag>,
    steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
struct Feature {
    uri: String,
    id: String,
    keyword: &'static str,
    name: String,
    description: String,
    line: usize,
    tags: Vec<Tag>,
    elements: Vec<Element>,
}

/// `Authorization response (RFC 6749 §4.1.2)` → `authorization-response-rfc-6749-4-1-2`, the
/// lower-case dashed ids cucumber-jvm writes.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn tags(names: &[String], line: usize) -> Vec<Tag> {
    names
        .iter()
        .map(|t| Tag {
            name: format!("@{t}"),
            line,
        })
        .collect()
}

fn status(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass | Outcome::Warn => "passed",
        Outcome::Skipped => "skipped",
        Outcome::Fail | Outcome::Error => "failed",
    }
}

fn step_for(finding: &Finding, line: usize, duration_ns: u64) -> Step {
    let error_message = match finding.outcome {
        Outcome::Fail | Outcome::Error | Outcome::Skipped => {
            let mut text = String::new();
            if finding.outcome == Outcome::Error {
                text.push_str("harness error: ");
            }
            push_finding(&mut text, 0, finding, EvidenceLimits::ALL);
            Some(text)
        }
        Outcome::Pass | Outcome::Warn => None,
    };
    let output = if finding.outcome == Outcome::Warn {
        let mut text = String::new();
        push_finding(&mut text, 0, finding, EvidenceLimits::ALL);
        vec![text]
    } else {
        Vec::new()
    };
    Step {
        keyword: "Then ",
        name: summary::escape_text(
            &format!(
                "{} ({}): {}",
                finding.requirement,
                finding.level.as_str(),
                finding.message
            ),
            false,
        ),
        line,
        result: StepResult {
            status: status(finding.outcome),
            duration: duration_ns,
            error_message,
        },
        output,
    }
}

fn element(feature_id: &str, scenario: &ScenarioResult) -> Element {
    let duration_ns = scenario.duration_ms.saturating_mul(1_000_000);
    let mut steps: Vec<Step> = scenario
        .findings
        .iter()
        .enumerate()
        .map(|(n, f)| step_for(f, scenario.line + 1, if n == 0 { duration_ns } else { 0 }))
        .collect();
    // A problem that no finding carries (an undefined step, a login page that could not be
    // driven, no findings at all) still has to show up as a failed or skipped step.
    let carried = scenario
        .findings
        .iter()
        .any(|f| f.outcome == scenario.outcome);
    if !carried && scenario.outcome != Outcome::Pass {
        let message = scenario
            .message
            .clone()
            .unwrap_or_else(|| "the scenario checked nothing".into());
        let prefix = if scenario.outcome == Outcome::Error {
            "harness error: "
        } else {
            ""
        };
        steps.push(Step {
            keyword: "Then ",
            name: format!(
                "the scenario reaches a verdict ({})",
                scenario.outcome.as_str()
            ),
            line: scenario.line + 1,
            result: StepResult {
                status: status(scenario.outcome),
                duration: if steps.is_empty() { duration_ns } else { 0 },
                error_message: Some(format!("{prefix}{}", summary::escape_text(&message, true))),
            },
            output: Vec::new(),
        });
    }
    Element {
        id: format!("{feature_id};{}", slug(&scenario.name)),
        keyword: "Scenario",
        kind: "scenario",
        name: scenario.name.clone(),
        description: scenario.rule.clone().unwrap_or_default(),
        line: scenario.line,
        tags: tags(&scenario.tags, scenario.line.saturating_sub(1)),
        steps,
    }
}

/// The report as a Cucumber JSON document (an array of features), ending in a newline.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let mut features: Vec<Feature> = Vec::new();
    for group in by_section(report) {
        for scenario in group.scenarios {
            let feature = match features.iter_mut().find(|f| f.uri == scenario.file) {
                Some(f) => f,
                None => {
                    let id = slug(&scenario.feature);
                    features.push(Feature {
                        uri: scenario.file.clone(),
                        id,
                        keyword: "Feature",
                        name: scenario.feature.clone(),
                        description: String::new(),
                        line: 1,
                        tags: Vec::new(),
                        elements: Vec::new(),
                    });
                    let last = features.len() - 1;
                    &mut features[last]
                }
            };
            let id = feature.id.clone();
            feature.elements.push(element(&id, scenario));
        }
    }
    // The feature's own tags are not in the model; the tags every one of its scenarios carries
    // (the RFC and section tags) are the honest approximation.
    for feature in &mut features {
        let files: Vec<&ScenarioResult> = report
            .scenarios
            .iter()
            .filter(|s| s.file == feature.uri)
            .collect();
        let common: Vec<String> = files
            .first()
            .map(|first| {
                first
                    .tags
                    .iter()
                    .filter(|t| files.iter().all(|s| s.tags.contains(t)))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        feature.tags = tags(&common, 1);
    }
    let mut text = serde_json::to_string_pretty(&features)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn snapshot() -> Result<(), serde_json::Error> {
        insta::assert_snapshot!(render(&sample_report())?);
        Ok(())
    }

    #[test]
    fn one_feature_per_file_and_statuses_dashboards_count() -> Result<(), serde_json::Error> {
        let value: serde_json::Value = serde_json::from_str(&render(&sample_report())?)?;
        let features = value.as_array().expect("an array of features");
        assert_eq!(features.len(), 3);
        let scenarios: Vec<&serde_json::Value> = features
            .iter()
            .flat_map(|f| f["elements"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(scenarios.len(), 7);
        let statuses: Vec<&str> = scenarios
            .iter()
            .flat_map(|s| s["steps"].as_array().into_iter().flatten())
            .filter_map(|st| st["result"]["status"].as_str())
            .collect();
        assert_eq!(statuses.iter().filter(|s| **s == "failed").count(), 3);
        assert_eq!(statuses.iter().filter(|s| **s == "skipped").count(), 1);
        let text = value.to_string();
        assert!(text.contains("harness error: 6749-2.3.1-b"));
        assert!(text.contains("\"@6749-4.1.2-d\""));
        // Features carry the tags all their scenarios share.
        assert_eq!(features[0]["tags"][0]["name"], "@RFC6749");
        assert_eq!(scenarios[0]["type"], "scenario");
        assert_eq!(scenarios[0]["steps"][0]["result"]["duration"], 45_000_000);
        Ok(())
    }

    #[test]
    fn a_scenario_without_findings_fails_visibly() -> Result<(), serde_json::Error> {
        let mut report = sample_report();
        report.scenarios.truncate(1);
        report.scenarios[0].findings.clear();
        report.scenarios[0].outcome = Outcome::Error;
        report.scenarios[0].message = Some("a step has no definition".into());
        let value: serde_json::Value = serde_json::from_str(&render(&report)?)?;
        let step = &value[0]["elements"][0]["steps"][0];
        assert_eq!(step["result"]["status"], "failed");
        assert_eq!(
            step["result"]["error_message"],
            "harness error: a step has no definition"
        );
        Ok(())
    }

    #[test]
    fn slugs_are_lower_case_and_dashed() {
        assert_eq!(
            slug("Authorization response (RFC 6749 §4.1.2)"),
            "authorization-response-rfc-6749-4-1-2"
        );
    }
}
