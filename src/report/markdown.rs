//! A compact Markdown summary for a pull-request comment or a CI job summary
//! (`$GITHUB_STEP_SUMMARY`): a verdict line, one table row per RFC section, and one row per
//! scenario that did not pass. Passing scenarios are only counted, so the summary stays short
//! however large the suite grows.
//!
//! Text that came from the target is escaped ([`cell`]): a hostile server must not be able to
//! add markup, links or table columns to a comment.

use super::model::{Outcome, Report, Totals};
use super::summary::{self, by_section, failed_requirements, requirement_labels};

/// At most this many not-passing scenarios are listed; the rest are counted.
pub const MAX_ROWS: usize = 50;
/// Messages in the table are cut to this many characters.
const MESSAGE_CHARS: usize = 200;

fn icon(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "✅",
        Outcome::Warn => "⚠️",
        Outcome::Skipped => "⏭️",
        Outcome::Fail => "❌",
        Outcome::Error => "💥",
    }
}

/// The verdict the exit code will give, in words.
fn verdict(t: &Totals) -> String {
    if t.failed > 0 {
        format!("{} FAILED", icon(Outcome::Fail))
    } else if t.errors > 0 {
        format!("{} NO VERDICT (harness errors)", icon(Outcome::Error))
    } else {
        format!("{} PASSED", icon(Outcome::Pass))
    }
}

/// Makes text safe for one Markdown table cell: one line, the punctuation that could start
/// emphasis, code, a link, HTML, an entity or a new column backslash-escaped (CommonMark lets any ASCII punctuation be escaped), control characters
/// made visible, cut to `max` characters.
pub fn cell(text: &str, max: usize) -> String {
    let flat = summary::escape_text(text, false);
    let mut out = String::with_capacity(flat.len());
    for (n, c) in flat.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The report as Markdown, ending in a newline.
pub fn render(report: &Report) -> String {
    let t = Totals::count(&report.scenarios);
    let mut out = String::new();
    out.push_str(&format!(
        "### {} conformance: {} — {}\n\n",
        cell(&report.tool, 80),
        cell(&report.target.name, 120),
        verdict(&t)
    ));
    out.push_str(&format!(
        "Issuer {} · {} scenarios · {} · started {}{}\n\n",
        cell(&report.target.issuer, 200),
        t.scenarios,
        summary::seconds(report.duration_ms),
        cell(&report.started_at, 40),
        if report.strict {
            " · strict (SHOULD violations fail)"
        } else {
            ""
        }
    ));
    out.push_str(&format!(
        "| {} passed | {} failed | {} warned | {} skipped | {} errors |\n|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} |\n\n",
        icon(Outcome::Pass),
        icon(Outcome::Fail),
        icon(Outcome::Warn),
        icon(Outcome::Skipped),
        icon(Outcome::Error),
        t.passed,
        t.failed,
        t.warned,
        t.skipped,
        t.errors
    ));

    out.push_str("<details><summary>By RFC section</summary>\n\n");
    out.push_str("| section | feature | pass | fail | warn | skip | error |\n");
    out.push_str("|---|---|---:|---:|---:|---:|---:|\n");
    for group in by_section(report) {
        let owned: Vec<_> = group.scenarios.iter().map(|s| (*s).clone()).collect();
        let g = Totals::count(&owned);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            cell(group.section, 60),
            cell(group.feature, 120),
            g.passed,
            g.failed,
            g.warned,
            g.skipped,
            g.errors
        ));
    }
    out.push_str("\n</details>\n\n");

    let not_passing: Vec<_> = by_section(report)
        .into_iter()
        .flat_map(|g| g.scenarios)
        .filter(|s| s.outcome != Outcome::Pass)
        // Failures and errors first: they decide the exit code.
        .collect::<Vec<_>>();
    let mut ordered: Vec<_> = not_passing
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Fail | Outcome::Error))
        .chain(
            not_passing
                .iter()
                .filter(|s| matches!(s.outcome, Outcome::Warn | Outcome::Skipped)),
        )
        .copied()
        .collect();
    if !ordered.is_empty() {
        out.push_str("| | section | scenario | requirements | why |\n|---|---|---|---|---|\n");
        let omitted = ordered.len().saturating_sub(MAX_ROWS);
        ordered.truncate(MAX_ROWS);
        for s in ordered {
            out.push_str(&format!(
                "| {} {} | {} | {} | {} | {} |\n",
                icon(s.outcome),
                summary::status_word(s.outcome),
                cell(&s.section, 60),
                cell(&s.name, 120),
                cell(&requirement_labels(s), 120),
                cell(summary::headline(s).unwrap_or(""), MESSAGE_CHARS)
            ));
        }
        if omitted > 0 {
            out.push_str(&format!(
                "\n…and {omitted} more not shown; the HTML or JSON report has them all.\n"
            ));
        }
        out.push('\n');
    }
    let failed = failed_requirements(report);
    if !failed.is_empty() {
        let list = failed
            .iter()
            .map(|(id, level)| format!("`{}` {}", id.replace('`', "'"), level.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("**Failed requirements:** {list}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report()));
    }

    #[test]
    fn lists_only_scenarios_that_did_not_pass_failures_first() {
        let text = render(&sample_report());
        let fail = text.find("❌ FAIL |").expect("fail row");
        let error = text.find("💥 ERROR |").expect("error row");
        let warn = text.find("⚠️ WARN |").expect("warn row");
        let skip = text.find("⏭️ SKIP |").expect("skip row");
        assert!(fail < warn && error < warn && warn.min(skip) > fail.max(error));
        assert!(!text.contains("✅ PASS |"), "passes are only counted");
        assert!(text.contains("FAILED"));
    }

    #[test]
    fn hostile_text_cannot_add_markup_or_columns() {
        let mut report = sample_report();
        report.scenarios[2].findings[0].message =
            "<img src=x onerror=alert(1)> | extra | [link](https://evil.example) `code`\nnext"
                .into();
        let text = render(&report);
        assert!(
            text.match_indices("<img")
                .all(|(at, _)| text[..at].ends_with('\\')),
            "every < is escaped: {text}"
        );
        assert!(
            text.contains(
                "\\<img src=x onerror=alert(1)\\> \\| extra \\| \\[link\\](https://evil.example)"
            ),
            "{text}"
        );
        assert!(!text.contains("`code`"));
        let row = text
            .lines()
            .find(|l| l.contains("onerror"))
            .expect("the row");
        assert_eq!(
            row.matches(" | ").count() + 1,
            5,
            "still five cells (escaped pipes are not separators): {row}"
        );
    }

    #[test]
    fn long_lists_are_cut_and_counted() {
        let mut report = sample_report();
        let failing = report.scenarios[2].clone();
        report.scenarios = (0..MAX_ROWS + 7)
            .map(|n| {
                let mut s = failing.clone();
                s.line = n;
                s
            })
            .collect();
        let text = render(&report);
        assert_eq!(text.matches("❌ FAIL |").count(), MAX_ROWS);
        assert!(text.contains("…and 7 more not shown"));
    }
}
