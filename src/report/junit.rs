//! JUnit XML for CI dashboards, via `quick-junit` as nextest does.
//!
//! One `<testsuite>` per RFC section (`rfc6749/4.1.2.1`), one `<testcase>` per scenario
//! (classname = section). fail → `<failure>`, error → `<error>`, skipped → `<skipped>`; warn
//! passes with the warning in `<system-out>` (under `--strict` the runner has already turned
//! SHOULD violations into fail). The target and tool are recorded as properties of each suite,
//! where JUnit keeps properties.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, SerializeError, TestCase, TestCaseStatus, TestSuite};

use super::model::{Outcome, Report, ScenarioResult};
use super::summary::{self, by_section, push_block, push_finding, EvidenceLimits};

/// The report as a JUnit XML document.
pub fn render(report: &Report) -> Result<String, SerializeError> {
    let mut junit = quick_junit::Report::new(format!("{}: {}", report.tool, report.target.name));
    junit.set_time(Duration::from_millis(report.duration_ms));
    let properties = [
        Property::new("target", &report.target.name),
        Property::new("issuer", &report.target.issuer),
        Property::new("tool", &report.tool),
        Property::new("tool_version", &report.tool_version),
        Property::new("started_at", &report.started_at),
        Property::new("strict", report.strict.to_string()),
    ];
    for group in by_section(report) {
        let mut suite = TestSuite::new(group.section);
        suite.add_properties(properties.iter().cloned());
        let suite_ms: u64 = group.scenarios.iter().map(|s| s.duration_ms).sum();
        suite.set_time(Duration::from_millis(suite_ms));
        suite.add_test_cases(group.scenarios.into_iter().map(test_case));
        junit.add_test_suite(suite);
    }
    junit.to_string()
}

fn test_case(scenario: &ScenarioResult) -> TestCase {
    let status = match scenario.outcome {
        Outcome::Pass | Outcome::Warn => TestCaseStatus::success(),
        Outcome::Skipped => {
            let mut status = TestCaseStatus::skipped();
            if let Some(reason) = summary::skip_reason(scenario) {
                status.set_message(reason);
            }
            status
        }
        Outcome::Fail | Outcome::Error => {
            let kind = if scenario.outcome == Outcome::Fail {
                NonSuccessKind::Failure
            } else {
                NonSuccessKind::Error
            };
            let mut status = TestCaseStatus::non_success(kind);
            status.set_message(summary::headline(scenario).unwrap_or(scenario.outcome.as_str()));
            let requirement = summary::first_finding(scenario, scenario.outcome)
                .map(|f| f.requirement.as_str())
                .or(scenario.requirements.first().map(String::as_str));
            if let Some(requirement) = requirement {
                status.set_type(requirement);
            }
            status.set_description(details(scenario));
            status
        }
    };
    let mut case = TestCase::new(&scenario.name, status);
    case.set_classname(&scenario.section);
    case.set_time(Duration::from_millis(scenario.duration_ms));
    if scenario.outcome == Outcome::Warn {
        case.set_system_out(details(scenario));
    }
    case
}

/// Every non-pass finding with expected, observed and all its evidence, as plain text.
fn details(scenario: &ScenarioResult) -> String {
    let mut text = String::new();
    if let Some(message) = &scenario.message {
        if !scenario
            .findings
            .iter()
            .any(|f| f.outcome != Outcome::Pass && f.message == *message)
        {
            push_block(&mut text, 0, message);
        }
    }
    for finding in scenario
        .findings
        .iter()
        .filter(|f| f.outcome != Outcome::Pass)
    {
        push_finding(&mut text, 0, finding, EvidenceLimits::ALL);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn snapshot() -> Result<(), SerializeError> {
        insta::assert_snapshot!(render(&sample_report())?);
        Ok(())
    }

    #[test]
    fn outcomes_map_to_junit_elements() -> Result<(), SerializeError> {
        let xml = render(&sample_report())?;
        assert_eq!(xml.matches("<testsuite ").count(), 3);
        assert_eq!(xml.matches("<testcase ").count(), 7);
        assert_eq!(xml.matches("<failure ").count(), 1);
        assert_eq!(xml.matches("<error ").count(), 1);
        assert_eq!(xml.matches("<skipped ").count(), 1);
        assert!(xml.contains(r#"type="6749-4.1.2-d""#));
        assert!(xml.contains(r#"<property name="issuer" value="https://as.example.test"/>"#));
        // The warning passes, with its text in system-out.
        assert_eq!(xml.matches("<system-out>").count(), 1);
        assert!(xml.contains("6749-4.1.2-e (SHOULD) warn: the access token"));
        Ok(())
    }

    #[test]
    fn output_is_parseable_junit() -> Result<(), Box<dyn std::error::Error>> {
        let xml = render(&sample_report())?;
        let parsed = quick_junit::Report::deserialize_from_str(&xml)?;
        assert_eq!(parsed.tests, 7);
        assert_eq!(parsed.failures, 1);
        assert_eq!(parsed.errors, 1);
        let names: Vec<&str> = parsed.test_suites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["rfc6749/2.3.1", "rfc6749/4.1.2", "rfc7636/4.6"]);
        Ok(())
    }
}
