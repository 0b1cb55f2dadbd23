//! Human-readable output, in the manner of h2spec and nextest: scenarios grouped by RFC
//! section, one status line each, details under the ones that did not pass, a totals line.
//!
//! [`render`] is pure so it can be snapshot-tested; the CLI prints its result. Text that came
//! from the target is escaped (see [`summary::escape_text`]) so a hostile server cannot send
//! terminal control sequences through a report.

use super::model::{Outcome, Report, ScenarioResult, Totals};
use super::summary::{
    self, by_section, escape_text, failed_requirements, push_block, push_finding, push_line,
    requirement_labels, EvidenceLimits,
};

/// In the default (non-verbose) view, the exchanges shown per finding: the last ones, on which
/// the verdict usually rests.
const EXCHANGES_SHOWN: usize = 2;
/// In the default view, bodies are cut to this many characters.
const BODY_CHARS_SHOWN: usize = 600;

/// Where a scenario's details start: under its name (`  PASS  name`).
const DETAIL_INDENT: usize = 8;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TerminalOptions {
    /// Colour status words with ANSI escapes.
    pub color: bool,
    /// Show every finding and all its evidence, uncut, for every scenario, passes included.
    pub verbose: bool,
}

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const MAGENTA: &str = "\x1b[35m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("{code}{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn outcome_color(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => GREEN,
        Outcome::Fail => RED,
        Outcome::Warn => YELLOW,
        Outcome::Skipped => CYAN,
        Outcome::Error => MAGENTA,
    }
}

/// ` PASS` / `ERROR`: the status word right-aligned in five columns, coloured when asked.
fn status(outcome: Outcome, color: bool) -> String {
    let word = summary::status_word(outcome);
    let pad = " ".repeat(5usize.saturating_sub(word.len()));
    format!("{pad}{}", paint(word, outcome_color(outcome), color))
}

/// `name  [6749-4.1.2-d MUST, 6749-5.2-g MUST]`
fn name_and_requirements(scenario: &ScenarioResult) -> String {
    let name = escape_text(&scenario.name, false);
    if scenario.requirements.is_empty() {
        name
    } else {
        format!(
            "{name}  [{}]",
            escape_text(&requirement_labels(scenario), false)
        )
    }
}

/// The whole report as text, ending in a newline.
pub fn render(report: &Report, options: &TerminalOptions) -> String {
    let mut out = String::new();
    let mut header = format!(
        "{} {}  target: {}  issuer: {}  started: {}",
        escape_text(&report.tool, false),
        escape_text(&report.tool_version, false),
        escape_text(&report.target.name, false),
        escape_text(&report.target.issuer, false),
        escape_text(&report.started_at, false),
    );
    if let Some(profile) = &report.profile {
        header.push_str(&format!("  profile: {}", escape_text(profile, false)));
    }
    if report.strict {
        header.push_str("  strict");
    }
    push_line(&mut out, 0, &header);

    for group in by_section(report) {
        push_line(&mut out, 0, "");
        let heading = format!(
            "{}  {}",
            escape_text(group.section, false),
            escape_text(group.feature, false)
        );
        push_line(&mut out, 0, &paint(&heading, BOLD, options.color));
        for scenario in group.scenarios {
            push_line(
                &mut out,
                1,
                &format!(
                    "{}  {}",
                    status(scenario.outcome, options.color),
                    name_and_requirements(scenario)
                ),
            );
            push_details(&mut out, scenario, options);
        }
    }

    push_line(&mut out, 0, "");
    push_line(&mut out, 0, &totals_line(report, options.color));
    let failed = failed_requirements(report);
    if !failed.is_empty() {
        let list = failed
            .iter()
            .map(|(id, level)| format!("{} ({})", escape_text(id, false), level.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        push_line(
            &mut out,
            0,
            &format!(
                "{} {list}",
                paint("Failed requirements:", RED, options.color)
            ),
        );
    }
    out
}

/// What goes under a scenario's status line.
fn push_details(out: &mut String, scenario: &ScenarioResult, options: &TerminalOptions) {
    let limits = if options.verbose {
        EvidenceLimits::ALL
    } else {
        EvidenceLimits {
            exchanges: Some(EXCHANGES_SHOWN),
            body_chars: Some(BODY_CHARS_SHOWN),
        }
    };
    let mut printed_message: Option<&str> = None;
    match scenario.outcome {
        Outcome::Pass if !options.verbose => return,
        Outcome::Pass => {}
        Outcome::Skipped => {
            if let Some(reason) = summary::skip_reason(scenario) {
                push_block(out, DETAIL_INDENT, reason);
                printed_message = Some(reason);
            }
            if !options.verbose {
                return;
            }
        }
        Outcome::Warn | Outcome::Fail | Outcome::Error => {
            // The scenario's own message matters when no finding says it (an undefined step,
            // a login page that could not be driven).
            if let Some(message) = &scenario.message {
                if !scenario
                    .findings
                    .iter()
                    .any(|f| f.outcome != Outcome::Pass && f.message == *message)
                {
                    push_block(out, DETAIL_INDENT, message);
                }
            }
        }
    }
    for finding in &scenario.findings {
        let repeats_reason =
            finding.evidence.is_empty() && printed_message == Some(finding.message.as_str());
        if repeats_reason || (finding.outcome == Outcome::Pass && !options.verbose) {
            continue;
        }
        push_finding(out, DETAIL_INDENT, finding, limits);
    }
}

/// `42 scenarios: 38 passed, 1 failed, 2 warned, 1 skipped, 0 errors (1.23 s)`
pub fn totals_line(report: &Report, color: bool) -> String {
    // Counted from the scenarios shown rather than read from `report.totals`, so the line
    // always agrees with the list above it.
    let t = Totals::count(&report.scenarios);
    let count = |n: usize, text: &str, outcome: Outcome| {
        let text = format!("{n} {text}");
        if n > 0 && outcome != Outcome::Pass {
            paint(&text, outcome_color(outcome), color)
        } else {
            text
        }
    };
    format!(
        "{} {}: {}, {}, {}, {}, {} ({})",
        t.scenarios,
        if t.scenarios == 1 {
            "scenario"
        } else {
            "scenarios"
        },
        count(t.passed, "passed", Outcome::Pass),
        count(t.failed, "failed", Outcome::Fail),
        count(t.warned, "warned", Outcome::Warn),
        count(t.skipped, "skipped", Outcome::Skipped),
        count(
            t.errors,
            if t.errors == 1 { "error" } else { "errors" },
            Outcome::Error
        ),
        summary::seconds(report.duration_ms),
    )
}

/// One line for a finished scenario, for streaming while the run goes on (no trailing newline):
/// `  FAIL  rfc6749/4.1.2  a code redeemed twice ...  [6749-4.1.2-d MUST] — the second ...`
pub fn progress_line(result: &ScenarioResult, color: bool) -> String {
    let mut line = format!(
        " {}  {}  {}",
        status(result.outcome, color),
        escape_text(&result.section, false),
        name_and_requirements(result)
    );
    if result.outcome != Outcome::Pass {
        if let Some(headline) = summary::headline(result) {
            line.push_str(" — ");
            line.push_str(&escape_text(headline, false));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    const PLAIN: TerminalOptions = TerminalOptions {
        color: false,
        verbose: false,
    };

    #[test]
    fn snapshot_plain() {
        insta::assert_snapshot!(render(&sample_report(), &PLAIN));
    }

    #[test]
    fn snapshot_color() {
        insta::assert_snapshot!(render(
            &sample_report(),
            &TerminalOptions {
                color: true,
                verbose: false
            }
        ));
    }

    #[test]
    fn snapshot_verbose() {
        insta::assert_snapshot!(render(
            &sample_report(),
            &TerminalOptions {
                color: false,
                verbose: true
            }
        ));
    }

    #[test]
    fn snapshot_progress_lines() {
        let report = sample_report();
        let lines: Vec<String> = report
            .scenarios
            .iter()
            .map(|s| progress_line(s, false))
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    }

    #[test]
    fn no_escape_codes_without_color() {
        let text = render(
            &sample_report(),
            &TerminalOptions {
                color: false,
                verbose: true,
            },
        );
        assert!(!text.contains('\x1b'));
        assert!(!progress_line(&sample_report().scenarios[0], false).contains('\x1b'));
        assert!(progress_line(&sample_report().scenarios[0], true).contains("\x1b[32mPASS\x1b[0m"));
    }

    #[test]
    fn sections_are_in_natural_order() {
        let mut report = sample_report();
        let template = report.scenarios[0].clone();
        report.scenarios = [
            "rfc6749/10.12",
            "rfc6749/4.1.3",
            "rfc6749/4.1.2.1",
            "rfc6749/4.1.2",
            "rfc6749/2.3.1",
        ]
        .iter()
        .map(|section| {
            let mut s = template.clone();
            s.section = section.to_string();
            s.feature = format!("Feature of {section}");
            s
        })
        .collect();
        let text = render(&report, &PLAIN);
        let at = |section: &str| {
            text.find(&format!("\n{section}  Feature of {section}\n"))
                .unwrap_or_else(|| panic!("no heading for {section} in\n{text}"))
        };
        assert!(at("rfc6749/2.3.1") < at("rfc6749/4.1.2"));
        assert!(at("rfc6749/4.1.2") < at("rfc6749/4.1.2.1"));
        assert!(at("rfc6749/4.1.2.1") < at("rfc6749/4.1.3"));
        assert!(at("rfc6749/4.1.3") < at("rfc6749/10.12"));
    }

    #[test]
    fn default_view_shows_last_two_exchanges_and_cuts_bodies() {
        let text = render(&sample_report(), &PLAIN);
        assert!(text.contains("(1 earlier exchange not shown)"));
        assert!(!text.contains("GET https://as.example.test/authorize"));
        assert!(text.contains("characters, first 600 shown)"));
        let verbose = render(
            &sample_report(),
            &TerminalOptions {
                color: false,
                verbose: true,
            },
        );
        assert!(verbose.contains("GET https://as.example.test/authorize"));
        assert!(!verbose.contains("shown)"));
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut report = sample_report();
        report.scenarios[2].findings[0].message = "evil\x1b]0;pwned\x07 title".into();
        report.scenarios[2].findings[0].evidence[2].response_headers =
            vec![("X-Evil".into(), "a\r\nInjected: yes\x1b[2J".into())];
        let text = render(&report, &PLAIN);
        assert!(!text.contains('\x1b'));
        assert!(!text.contains('\x07'));
        assert!(text.contains("evil\\x1b]0;pwned\\x07 title"));
        assert!(text.contains("X-Evil: a\\r\\nInjected: yes\\x1b[2J"));
    }

    #[test]
    fn totals_line_counts_and_lists_failed_requirements() {
        let text = render(&sample_report(), &PLAIN);
        assert!(text.contains(
            "\n7 scenarios: 3 passed, 1 failed, 1 warned, 1 skipped, 1 error (5.63 s)\n"
        ));
        assert!(text.ends_with("Failed requirements: 6749-4.1.2-d (MUST), 6749-5.2-g (MUST)\n"));
    }

    #[test]
    fn the_header_names_the_profile() {
        let mut report = sample_report();
        assert!(!render(&report, &PLAIN).contains("profile:"));
        report.profile = Some("oauth2.1".into());
        let text = render(&report, &PLAIN);
        let header = text.lines().next().unwrap_or_default();
        assert!(header.contains("  profile: oauth2.1"), "{header}");
    }
}
