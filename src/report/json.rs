//! The report as JSON, the machine-readable form documented in `docs/report-format.md`.
//!
//! Keys come in the order of the model's fields, so the output is stable and diffable.

use serde::de::Error as _;

use super::model::Report;

/// The `schema_version` this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}

/// Reads a report written by [`render`]. Unknown fields are ignored, so a reader of schema 1
/// accepts additions; a report from a newer schema is refused rather than misread.
pub fn parse(s: &str) -> Result<Report, serde_json::Error> {
    let report: Report = serde_json::from_str(s)?;
    if report.schema_version == 0 || report.schema_version > SCHEMA_VERSION {
        return Err(serde_json::Error::custom(format!(
            "report schema_version {} is not supported; this build reads schema_version {SCHEMA_VERSION}",
            report.schema_version
        )));
    }
    Ok(report)
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
    fn round_trip() -> Result<(), serde_json::Error> {
        let report = sample_report();
        let text = render(&report)?;
        assert_eq!(parse(&text)?, report);
        Ok(())
    }

    #[test]
    fn keys_follow_the_model_order() -> Result<(), serde_json::Error> {
        let text = render(&sample_report())?;
        let order = [
            "\"schema_version\"",
            "\"tool\"",
            "\"target\"",
            "\"started_at\"",
            "\"scenarios\"",
            "\"totals\"",
        ];
        let positions: Vec<usize> = order.iter().filter_map(|k| text.find(k)).collect();
        assert_eq!(positions.len(), order.len());
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        Ok(())
    }

    #[test]
    fn newer_schema_is_refused() -> Result<(), serde_json::Error> {
        let mut report = sample_report();
        report.schema_version = 2;
        let err = parse(&serde_json::to_string(&report)?)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("schema_version 2")));
        Ok(())
    }

    #[test]
    fn documented_example_parses() -> Result<(), serde_json::Error> {
        let doc = include_str!("../../docs/report-format.md");
        let example = doc
            .split("```json\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_default();
        let report = parse(example)?;
        assert_eq!(
            report.totals,
            crate::report::model::Totals::count(&report.scenarios)
        );
        assert_eq!(
            crate::report::model::ScenarioResult::outcome_of(&report.scenarios[0].findings),
            report.scenarios[0].outcome
        );
        Ok(())
    }

    #[test]
    fn optional_fields_may_be_absent() -> Result<(), serde_json::Error> {
        let minimal = r#"{
          "schema_version": 1, "tool": "oauth2spec", "tool_version": "0.1.0",
          "target": {"name": "t", "issuer": "https://as.example.test"},
          "started_at": "2025-06-01T09:30:00Z", "duration_ms": 0, "strict": false,
          "scenarios": [{
            "feature": "F", "file": "f.feature", "section": "rfc6749/3.1", "name": "s", "line": 3,
            "requirements": ["6749-3.1-a"], "level": "must", "tags": [], "outcome": "pass",
            "findings": [{"requirement": "6749-3.1-a", "level": "must", "outcome": "pass",
                          "message": "ok",
                          "evidence": [{"method": "GET", "url": "https://as.example.test/a",
                                        "request_headers": []}]}],
            "duration_ms": 1
          }],
          "totals": {"scenarios": 1, "passed": 1, "warned": 0, "skipped": 0, "failed": 0, "errors": 0}
        }"#;
        let report = parse(minimal)?;
        assert_eq!(report.scenarios[0].findings[0].evidence[0].status, None);
        Ok(())
    }
}
