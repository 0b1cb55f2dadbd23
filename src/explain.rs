//! `oauth2spec explain <ID>`: what a requirement says, which scenarios check it, and how to
//! reproduce them by hand — the scenarios are run and the exchanges their findings rest on are
//! printed as `curl` commands.

use std::fmt::Write as _;
use std::sync::Arc;

use gherkin::tagexpr::TagOperation;
use gherkin::{Feature, Rule, Scenario, Step};

use crate::features::{relative_path, requirement_ids, tags_of, Selection};
use crate::report::curl;
use crate::report::model::{Evidence, Report, ScenarioResult};
use crate::requirements::Requirement;
use crate::runner::{self, RunError, RunOptions};
use crate::world::RunContext;

/// How many close IDs an unknown ID's error message suggests at most.
const MAX_SUGGESTIONS: usize = 12;

/// `6749-4.1.2` for `6749-4.1.2-d`; an ID without its letter stays as it is.
fn head_of(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((head, letter))
            if head.contains('-')
                && !letter.is_empty()
                && letter.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            head
        }
        _ => id,
    }
}

/// IDs near an unknown one: the same RFC and section (`6749-4.1.2-*`); failing that, the
/// nearest enclosing section (`6749-4.1.*`, then `6749-4.*`).
pub fn close_ids<'a>(requirements: &'a [Requirement], id: &str) -> Vec<&'a str> {
    let id = id.trim().trim_start_matches('@');
    let mut prefix = head_of(id).to_string();
    let same: Vec<&str> = requirements
        .iter()
        .map(|r| r.id.as_str())
        .filter(|rid| head_of(rid) == prefix)
        .take(MAX_SUGGESTIONS)
        .collect();
    if !same.is_empty() {
        return same;
    }
    loop {
        let found: Vec<&str> = requirements
            .iter()
            .map(|r| r.id.as_str())
            .filter(|rid| {
                let head = head_of(rid);
                head == prefix
                    || head
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .take(MAX_SUGGESTIONS)
            .collect();
        if !found.is_empty() {
            return found;
        }
        // `6749-4.1.2` → `6749-4.1` → `6749-4`, and no further: a bare RFC is not "close".
        let Some((rfc, section)) = prefix.split_once('-') else {
            return found;
        };
        let Some((shorter, _)) = section.rsplit_once('.') else {
            return found;
        };
        prefix = format!("{rfc}-{shorter}");
    }
}

/// The message for an ID not in the yardstick.
pub fn unknown_id_message(requirements: &[Requirement], id: &str) -> String {
    let close = close_ids(requirements, id);
    if close.is_empty() {
        format!("unknown requirement ID {id:?}; `oauth2spec coverage` lists the uncovered ones, features/requirements.tsv all of them")
    } else {
        format!(
            "unknown requirement ID {id:?}; close IDs: {}",
            close.join(" ")
        )
    }
}

/// Scenarios whose tags (inherited ones included) name `id`, in file order.
pub fn scenarios_for<'a>(
    features: &'a [Feature],
    id: &str,
) -> Vec<(&'a Feature, Option<&'a Rule>, &'a Scenario)> {
    Selection::default()
        .scenarios(features)
        .into_iter()
        .filter(|(f, r, s)| requirement_ids(&tags_of(f, *r, s)).iter().any(|t| t == id))
        .collect()
}

/// The selection that runs exactly the scenarios tagged `@<id>`.
pub fn selection_for(id: &str) -> Selection {
    Selection {
        tags: Some(TagOperation::Tag(format!("@{id}"))),
        ..Selection::default()
    }
}

fn write_step(out: &mut String, step: &Step) {
    let _ = writeln!(out, "      {} {}", step.keyword.trim(), step.value);
    if let Some(doc) = &step.docstring {
        let _ = writeln!(out, "        \"\"\"");
        for line in doc.lines() {
            let _ = writeln!(out, "        {line}");
        }
        let _ = writeln!(out, "        \"\"\"");
    }
    if let Some(table) = &step.table {
        for row in &table.rows {
            let _ = writeln!(out, "        | {} |", row.join(" | "));
        }
    }
}

/// The requirement and the scenarios that check it, steps as written. `reason` is the
/// `uncovered.tsv` reason, shown when no scenario names the requirement.
pub fn describe(
    req: &Requirement,
    scenarios: &[(&Feature, Option<&Rule>, &Scenario)],
    reason: Option<&str>,
) -> String {
    let mut out = String::new();
    let rfc = crate::coverage::rfc_name(&req.rfc);
    let _ = writeln!(out, "{}  {}", req.id, req.summary);
    let _ = writeln!(out, "  source:    {rfc} §{}", req.section);
    let group = req.level().as_str();
    if req.keyword == group {
        let _ = writeln!(out, "  level:     {group}");
    } else {
        let _ = writeln!(out, "  level:     {} ({group} group)", req.keyword);
    }
    let _ = writeln!(
        out,
        "  black-box: {}",
        if req.black_box {
            "yes"
        } else {
            "no (not counted by `coverage`)"
        }
    );
    let _ = writeln!(out, "  subject:   {}", req.subject);
    let _ = writeln!(out, "  test idea: {}", req.test_idea);
    let _ = writeln!(out);
    if scenarios.is_empty() {
        let _ = writeln!(
            out,
            "No scenario checks it: {}.",
            reason.unwrap_or(crate::coverage::NO_SCENARIO_YET)
        );
        return out;
    }
    let _ = writeln!(out, "Scenarios that check it ({}):", scenarios.len());
    for (f, r, s) in scenarios {
        let _ = writeln!(
            out,
            "  {}:{}  {}",
            relative_path(f),
            s.position.line,
            s.name
        );
        if let Some(bg) = &f.background {
            for st in &bg.steps {
                write_step(&mut out, st);
            }
        }
        if let Some(bg) = r.and_then(|r| r.background.as_ref()) {
            for st in &bg.steps {
                write_step(&mut out, st);
            }
        }
        for st in &s.steps {
            write_step(&mut out, st);
        }
    }
    out
}

/// Every exchange of a scenario when the run kept them; else the evidence of its findings,
/// duplicates dropped, in order.
pub fn exchanges(result: &ScenarioResult) -> Vec<&Evidence> {
    if !result.exchanges.is_empty() {
        return result.exchanges.iter().collect();
    }
    let mut out: Vec<&Evidence> = Vec::new();
    for e in result.findings.iter().flat_map(|f| &f.evidence) {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// How the run went, scenario by scenario, with each exchange as a `curl` command.
pub fn render_run(report: &Report, revealed: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Reproduce by hand: the run against {} made these exchanges ({}).",
        if report.target.issuer.is_empty() {
            report.target.name.as_str()
        } else {
            report.target.issuer.as_str()
        },
        if revealed {
            "secrets shown"
        } else {
            "secrets [redacted]; --reveal-secrets shows them"
        }
    );
    for s in &report.scenarios {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "# {}:{}  {}: {}{}",
            s.file,
            s.line,
            s.name,
            s.outcome.as_str().to_ascii_uppercase(),
            s.message
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        );
        let evidence = exchanges(s);
        if evidence.is_empty() {
            let _ = writeln!(out, "# (no exchange recorded)");
        }
        for e in evidence {
            let _ = writeln!(out, "{}", curl::render(e));
        }
    }
    out
}

/// Runs the scenarios tagged `@<id>` against the target in `ctx`.
pub async fn run(
    features: Vec<Feature>,
    id: &str,
    ctx: Arc<RunContext>,
) -> Result<Report, RunError> {
    runner::run(
        features,
        ctx,
        RunOptions {
            selection: selection_for(id),
            concurrency: 4,
            on_result: None,
            keep_exchanges: true,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{Finding, Level, Outcome};

    fn req(id: &str) -> Requirement {
        Requirement {
            id: id.into(),
            rfc: "6749".into(),
            section: head_of(id)
                .split_once('-')
                .map(|x| x.1)
                .unwrap_or("")
                .into(),
            keyword: "MUST".into(),
            subject: "token-endpoint".into(),
            black_box: true,
            summary: format!("summary of {id}"),
            test_idea: "try it".into(),
        }
    }

    #[test]
    fn close_ids_share_the_section_or_the_nearest_enclosing_one() {
        let all: Vec<Requirement> = [
            "6749-4.1.2-a",
            "6749-4.1.2-b",
            "6749-4.1.2.1-a",
            "6749-4.1.3-a",
            "6749-5.1-a",
            "7636-4.6-a",
        ]
        .iter()
        .map(|i| req(i))
        .collect();
        assert_eq!(
            close_ids(&all, "6749-4.1.2-z"),
            ["6749-4.1.2-a", "6749-4.1.2-b"]
        );
        assert_eq!(
            close_ids(&all, "@6749-4.1.2"),
            ["6749-4.1.2-a", "6749-4.1.2-b"]
        );
        assert_eq!(
            close_ids(&all, "6749-4.1.9-a"),
            [
                "6749-4.1.2-a",
                "6749-4.1.2-b",
                "6749-4.1.2.1-a",
                "6749-4.1.3-a"
            ]
        );
        assert!(close_ids(&all, "6749-9-a").is_empty());
        assert!(close_ids(&all, "nonsense").is_empty());
        assert_eq!(
            close_ids(&all, "6749-4.1-a"),
            [
                "6749-4.1.2-a",
                "6749-4.1.2-b",
                "6749-4.1.2.1-a",
                "6749-4.1.3-a"
            ]
        );
        assert!(unknown_id_message(&all, "6749-5.1-q").contains("6749-5.1-a"));
    }

    #[test]
    fn describe_lists_scenarios_with_their_steps() {
        let mut f = Feature::parse(
            "Feature: f\n\n  Rule: r\n    @6749-4.1.2-a @MUST\n    Scenario: the one\n      Given a thing\n      Then another\n        | a | b |\n",
            gherkin::GherkinEnv::default(),
        )
        .unwrap();
        f.path = Some("rfc6749/4.1.2-x.feature".into());
        let features = vec![f];
        let found = scenarios_for(&features, "6749-4.1.2-a");
        assert_eq!(found.len(), 1);
        assert!(scenarios_for(&features, "6749-4.1.2-b").is_empty());
        let text = describe(&req("6749-4.1.2-a"), &found, None);
        assert!(text.contains("summary of 6749-4.1.2-a"), "{text}");
        assert!(text.contains("RFC 6749 §4.1.2"), "{text}");
        assert!(
            text.contains("rfc6749/4.1.2-x.feature:5  the one"),
            "{text}"
        );
        assert!(text.contains("      Given a thing\n"), "{text}");
        assert!(text.contains("| a | b |"), "{text}");
        let none = describe(&req("6749-4.1.2-b"), &[], Some("TLS only"));
        assert!(none.contains("No scenario checks it: TLS only."), "{none}");
    }

    #[test]
    fn exchanges_are_deduplicated_in_order() {
        let ev = |url: &str| Evidence {
            method: "GET".into(),
            url: url.into(),
            request_headers: vec![],
            request_body: None,
            status: Some(200),
            response_headers: vec![],
            response_body: None,
            elapsed_ms: 0,
        };
        let finding = |evidence: Vec<Evidence>| Finding {
            requirement: "6749-4.1.2-a".into(),
            level: Level::Must,
            outcome: Outcome::Pass,
            message: String::new(),
            expected: None,
            observed: None,
            evidence,
        };
        let result = ScenarioResult {
            feature: "f".into(),
            file: "x.feature".into(),
            section: "rfc6749/4.1.2".into(),
            rule: None,
            name: "s".into(),
            line: 1,
            requirements: vec![],
            level: Level::Must,
            tags: vec![],
            outcome: Outcome::Pass,
            message: None,
            findings: vec![
                finding(vec![ev("http://a/1"), ev("http://a/2")]),
                finding(vec![ev("http://a/2"), ev("http://a/3")]),
            ],
            duration_ms: 0,
            exchanges: Vec::new(),
        };
        let urls: Vec<&str> = exchanges(&result).iter().map(|e| e.url.as_str()).collect();
        assert_eq!(urls, ["http://a/1", "http://a/2", "http://a/3"]);
    }
}
