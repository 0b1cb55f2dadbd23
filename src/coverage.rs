//! How much of the yardstick (`features/requirements.tsv`) the scenarios cover: a black-box
//! requirement is covered when at least one scenario carries its ID as a tag (inherited Feature
//! → Rule → Scenario). Pure functions over (requirements, features); `oauth2spec coverage` only
//! formats the result. The JSON shape is described in `docs/coverage.md`.

use std::collections::{BTreeMap, BTreeSet};

use gherkin::Feature;
use serde::{Deserialize, Serialize};

use crate::features::{relative_path, requirement_ids, tags_of, Selection};
use crate::report::model::Level;
use crate::requirements::{self, Requirement};

/// The reasons for uncovered rows shipped with the binary (`features/uncovered.tsv`).
pub const EMBEDDED_REASONS: &str = include_str!("../features/uncovered.tsv");

/// The reason given for an uncovered row that `uncovered.tsv` says nothing about.
pub const NO_SCENARIO_YET: &str = "no scenario yet";

/// Covered and total black-box rows of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub covered: usize,
    pub total: usize,
    /// `covered / total` in percent, one decimal; `None` when the group is empty.
    pub percent: Option<f64>,
}

impl Count {
    fn add(&mut self, covered: bool) {
        self.total += 1;
        if covered {
            self.covered += 1;
        }
        self.percent = Some((self.covered as f64 * 1000.0 / self.total as f64).round() / 10.0);
    }
}

/// Counts per level group: MUST (MUST, MUST NOT, REQUIRED, SHALL), SHOULD (SHOULD, SHOULD NOT,
/// RECOMMENDED) and MAY (MAY-but-testable), and all three together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct LevelCounts {
    #[serde(rename = "MUST")]
    pub must: Count,
    #[serde(rename = "SHOULD")]
    pub should: Count,
    #[serde(rename = "MAY")]
    pub may: Count,
    pub all: Count,
}

impl LevelCounts {
    fn add(&mut self, level: Level, covered: bool) {
        match level {
            Level::Must => self.must.add(covered),
            Level::Should => self.should.add(covered),
            Level::May => self.may.add(covered),
        }
        self.all.add(covered);
    }

    pub fn get(&self, level: Level) -> Count {
        match level {
            Level::Must => self.must,
            Level::Should => self.should,
            Level::May => self.may,
        }
    }
}

/// One RFC's line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RfcCoverage {
    /// As in the `rfc` column: `6749`, `9700`, `draft-ietf-oauth-v2-1-15`.
    pub rfc: String,
    /// For people: `RFC 6749`, `OAuth 2.1 draft`.
    pub name: String,
    pub levels: LevelCounts,
}

/// A black-box requirement no scenario names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncovered {
    pub id: String,
    pub rfc: String,
    pub section: String,
    /// The level group: `MUST`, `SHOULD` or `MAY`.
    pub level: String,
    /// The keyword as written in the yardstick, e.g. `MUST NOT`, `MAY-but-testable`.
    pub keyword: String,
    pub summary: String,
    /// From `uncovered.tsv`, or "no scenario yet".
    pub reason: String,
}

/// A tag that looks like a requirement ID but is not in the yardstick.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UnknownTag {
    pub file: String,
    /// Line of the Feature, Rule or Scenario that carries the tag.
    pub line: usize,
    pub tag: String,
}

/// The whole count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub rfcs: Vec<RfcCoverage>,
    pub totals: LevelCounts,
    pub uncovered: Vec<Uncovered>,
    /// Rows marked not black-box in the yardstick: not counted anywhere above.
    pub not_black_box: usize,
    /// Requirement-ID tags not in the yardstick (an error: `coverage` exits 2).
    pub unknown_tags: Vec<UnknownTag>,
    /// IDs that `uncovered.tsv` gives a reason for although a scenario covers them, or that are
    /// not in the yardstick: the reason is stale.
    pub stale_reasons: Vec<String>,
}

/// `RFC 6749` for `6749`, `OAuth 2.1 draft` for `draft-ietf-oauth-v2-1-…`.
pub fn rfc_name(rfc: &str) -> String {
    if rfc.chars().all(|c| c.is_ascii_digit()) {
        format!("RFC {rfc}")
    } else if rfc.starts_with("draft-ietf-oauth-v2-1") {
        "OAuth 2.1 draft".into()
    } else {
        rfc.to_string()
    }
}

/// Numbered RFCs in ascending order, then drafts in the order they appear.
fn rfc_order(rfcs: &mut [String]) {
    rfcs.sort_by_key(|r| match r.parse::<u32>() {
        Ok(n) => (0, n),
        Err(_) => (1, 0),
    });
}

/// Every requirement ID some scenario carries (inherited tags included).
pub fn covered_ids(features: &[Feature]) -> BTreeSet<String> {
    Selection::default()
        .scenarios(features)
        .into_iter()
        .flat_map(|(f, r, s)| requirement_ids(&tags_of(f, r, s)))
        .collect()
}

/// Reads `uncovered.tsv`: `id<TAB>reason`, a header line, `#` comments and blank lines
/// ignored. Returns the reasons and, as errors, the lines that do not parse.
pub fn parse_reasons(tsv: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut reasons = BTreeMap::new();
    let mut errors = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') || (n == 0 && line.starts_with("id\t")) {
            continue;
        }
        match line.split_once('\t') {
            Some((id, reason)) if !id.trim().is_empty() && !reason.trim().is_empty() => {
                reasons.insert(id.trim().to_string(), reason.trim().to_string());
            }
            _ => errors.push(format!(
                "uncovered.tsv:{}: expected `id<TAB>reason`, got {line:?}",
                n + 1
            )),
        }
    }
    (reasons, errors)
}

/// Requirement-ID tags of the features that name no row of `requirements`, where they are
/// written (a Feature or Rule tag is reported once, at the Feature or Rule).
pub fn unknown_tags_in(requirements: &[Requirement], features: &[Feature]) -> Vec<UnknownTag> {
    let known: BTreeSet<&str> = requirements.iter().map(|r| r.id.as_str()).collect();
    let mut out = BTreeSet::new();
    for f in features {
        let file = relative_path(f);
        let mut check = |tags: &[String], line: usize| {
            for t in tags {
                let t = t.trim_start_matches('@');
                if requirements::is_requirement_tag(t) && !known.contains(t) {
                    out.insert(UnknownTag {
                        file: file.clone(),
                        line,
                        tag: t.to_string(),
                    });
                }
            }
        };
        check(&f.tags, f.position.line);
        for s in &f.scenarios {
            check(&s.tags, s.position.line);
        }
        for r in &f.rules {
            check(&r.tags, r.position.line);
            for s in &r.scenarios {
                check(&s.tags, s.position.line);
            }
        }
    }
    out.into_iter().collect()
}

/// [`unknown_tags_in`] against the embedded yardstick, as `(file, line, tag)`.
pub fn unknown_tags(features: &[Feature]) -> Vec<(String, usize, String)> {
    unknown_tags_in(requirements::all(), features)
        .into_iter()
        .map(|u| (u.file, u.line, u.tag))
        .collect()
}

/// Counts the black-box rows of `requirements` against the scenario tags of `features`.
pub fn compute(
    requirements: &[Requirement],
    features: &[Feature],
    reasons: &BTreeMap<String, String>,
) -> Coverage {
    let covered = covered_ids(features);
    let mut rfc_names: Vec<String> = Vec::new();
    for r in requirements.iter().filter(|r| r.black_box) {
        if !rfc_names.contains(&r.rfc) {
            rfc_names.push(r.rfc.clone());
        }
    }
    rfc_order(&mut rfc_names);
    let mut rfcs: Vec<RfcCoverage> = rfc_names
        .iter()
        .map(|rfc| RfcCoverage {
            rfc: rfc.clone(),
            name: rfc_name(rfc),
            levels: LevelCounts::default(),
        })
        .collect();
    let mut totals = LevelCounts::default();
    let mut uncovered = Vec::new();
    let mut not_black_box = 0;
    for r in requirements {
        if !r.black_box {
            not_black_box += 1;
            continue;
        }
        let is_covered = covered.contains(&r.id);
        let level = r.level();
        totals.add(level, is_covered);
        if let Some(line) = rfcs.iter_mut().find(|l| l.rfc == r.rfc) {
            line.levels.add(level, is_covered);
        }
        if !is_covered {
            uncovered.push(Uncovered {
                id: r.id.clone(),
                rfc: r.rfc.clone(),
                section: r.section.clone(),
                level: level.as_str().to_string(),
                keyword: r.keyword.clone(),
                summary: r.summary.clone(),
                reason: reasons
                    .get(&r.id)
                    .cloned()
                    .unwrap_or_else(|| NO_SCENARIO_YET.to_string()),
            });
        }
    }
    // The same order as the table: by RFC, then as in the yardstick.
    uncovered.sort_by_key(|u| rfc_names.iter().position(|r| *r == u.rfc));
    let stale_reasons = reasons
        .keys()
        .filter(|id| {
            covered.contains(*id) || !requirements.iter().any(|r| &r.id == *id && r.black_box)
        })
        .cloned()
        .collect();
    Coverage {
        rfcs,
        totals,
        uncovered,
        not_black_box,
        unknown_tags: unknown_tags_in(requirements, features),
        stale_reasons,
    }
}

fn cell(c: Count) -> String {
    match c.percent {
        Some(p) => format!("{:>3}/{:<3} {:>5.1}%", c.covered, c.total, p),
        None => format!("{:>3}/{:<3} {:>6}", c.covered, c.total, "-"),
    }
}

/// The text `oauth2spec coverage` prints.
pub fn render_text(c: &Coverage) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Coverage of the yardstick (features/requirements.tsv): black-box requirements named by at least one scenario tag\n"
    );
    let width = c
        .rfcs
        .iter()
        .map(|r| r.name.len())
        .max()
        .unwrap_or(0)
        .max(6);
    let header = format!(
        "{:width$}  {:<15}  {:<15}  {:<15}  {}",
        "", "MUST", "SHOULD", "MAY", "all"
    );
    let _ = writeln!(out, "{}", header.trim_end());
    let row = |out: &mut String, name: &str, l: &LevelCounts| {
        let _ = writeln!(
            out,
            "{name:width$}  {}  {}  {}  {}",
            cell(l.must),
            cell(l.should),
            cell(l.may),
            cell(l.all)
        );
    };
    for r in &c.rfcs {
        row(&mut out, &r.name, &r.levels);
    }
    row(&mut out, "total", &c.totals);
    let _ = writeln!(out);
    for level in [Level::Must, Level::Should, Level::May] {
        let _ = writeln!(
            out,
            "total {:<6}  {}",
            level.as_str(),
            cell(c.totals.get(level))
        );
    }
    let _ = writeln!(out, "total all     {}", cell(c.totals.all));
    let _ = writeln!(out, "\nNot covered ({}):", c.uncovered.len());
    let id_width = c.uncovered.iter().map(|u| u.id.len()).max().unwrap_or(0);
    for u in &c.uncovered {
        let _ = writeln!(out, "  {:id_width$}  {:<6}  {}", u.id, u.level, u.reason);
    }
    let _ = writeln!(
        out,
        "\nNot black-box (not counted): {} requirements",
        c.not_black_box
    );
    if !c.stale_reasons.is_empty() {
        let _ = writeln!(
            out,
            "\nStale reasons in uncovered.tsv (covered, unknown or not black-box): {}",
            c.stale_reasons.join(" ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use gherkin::GherkinEnv;

    fn req(id: &str, rfc: &str, keyword: &str, black_box: bool) -> Requirement {
        let section = id.split('-').nth(1).unwrap_or("").to_string();
        Requirement {
            id: id.into(),
            rfc: rfc.into(),
            section,
            keyword: keyword.into(),
            subject: "general".into(),
            black_box,
            summary: format!("summary of {id}"),
            test_idea: String::new(),
        }
    }

    fn feature(path: &str, text: &str) -> Feature {
        let mut f = Feature::parse(text, GherkinEnv::default()).expect("feature parses");
        f.path = Some(path.into());
        f
    }

    fn yardstick() -> Vec<Requirement> {
        vec![
            req("6749-4.1-a", "6749", "MUST", true),
            req("6749-4.1-b", "6749", "MUST NOT", true),
            req("6749-4.1-c", "6749", "SHOULD", true),
            req("6749-4.1-d", "6749", "MAY-but-testable", true),
            req("6749-4.1-e", "6749", "REQUIRED", false),
            req("7636-4.6-a", "7636", "MUST", true),
            req(
                "oauth21-4.1-a",
                "draft-ietf-oauth-v2-1-15",
                "RECOMMENDED",
                true,
            ),
        ]
    }

    const FEATURE: &str = "@RFC6749 @6749-4.1-a
Feature: f

  Rule: r
    @6749-4.1-c @SHOULD
    Scenario: one
      Given a step

  Scenario: two
    Given a step
";

    #[test]
    fn counts_per_rfc_and_level_black_box_rows_only() {
        let features = vec![feature("rfc6749/4.1-x.feature", FEATURE)];
        let mut reasons = BTreeMap::new();
        reasons.insert("7636-4.6-a".to_string(), "TLS only".to_string());
        let c = compute(&yardstick(), &features, &reasons);
        assert_eq!(c.not_black_box, 1);
        let names: Vec<&str> = c.rfcs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["RFC 6749", "RFC 7636", "OAuth 2.1 draft"]);
        let l = &c.rfcs[0].levels;
        assert_eq!((l.must.covered, l.must.total), (1, 2));
        assert_eq!(l.must.percent, Some(50.0));
        assert_eq!((l.should.covered, l.should.total), (1, 1));
        assert_eq!((l.may.covered, l.may.total), (0, 1));
        assert_eq!((l.all.covered, l.all.total), (2, 4));
        assert_eq!(c.rfcs[1].levels.should.percent, None);
        assert_eq!((c.totals.should.covered, c.totals.should.total), (1, 2));
        assert_eq!((c.totals.all.covered, c.totals.all.total), (2, 6));
        let ids: Vec<&str> = c.uncovered.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(
            ids,
            ["6749-4.1-b", "6749-4.1-d", "7636-4.6-a", "oauth21-4.1-a"]
        );
        assert_eq!(c.uncovered[0].reason, NO_SCENARIO_YET);
        assert_eq!(c.uncovered[2].reason, "TLS only");
        assert_eq!(c.uncovered[1].level, "MAY");
        assert!(c.unknown_tags.is_empty());
        assert!(c.stale_reasons.is_empty());
        let text = render_text(&c);
        assert!(
            text.contains("RFC 6749") && text.contains("50.0%"),
            "{text}"
        );
        assert!(
            text.contains("7636-4.6-a") && text.contains("TLS only"),
            "{text}"
        );
    }

    #[test]
    fn a_tag_naming_an_id_not_in_the_yardstick_is_reported() {
        let features = vec![feature(
            "rfc6749/4.1-x.feature",
            "Feature: f\n\n  @6749-4.1-a @6749-9.9-z @MUST\n  Scenario: s\n    Given a step\n",
        )];
        let unknown = unknown_tags_in(&yardstick(), &features);
        assert_eq!(
            unknown,
            [UnknownTag {
                file: "rfc6749/4.1-x.feature".into(),
                line: 4,
                tag: "6749-9.9-z".into()
            }]
        );
        let c = compute(&yardstick(), &features, &BTreeMap::new());
        assert_eq!(c.unknown_tags, unknown);
        assert_eq!(c.totals.must.covered, 1);
    }

    #[test]
    fn the_embedded_features_name_only_known_ids() {
        let features = crate::features::load(None).expect("embedded features");
        assert_eq!(unknown_tags(&features), Vec::new());
        let (reasons, errors) = parse_reasons(EMBEDDED_REASONS);
        assert!(errors.is_empty(), "{errors:?}");
        let c = compute(requirements::all(), &features, &reasons);
        assert!(c.totals.all.covered > 0);
        assert_eq!(
            c.totals.all.total + c.not_black_box,
            requirements::all().len()
        );
    }

    #[test]
    fn reasons_parse_and_bad_lines_are_errors() {
        let (r, e) = parse_reasons("id\treason\n# note\n\n6749-3.1-c\tTLS only\nbroken line\n");
        assert_eq!(r.get("6749-3.1-c").map(String::as_str), Some("TLS only"));
        assert_eq!(r.len(), 1);
        assert_eq!(e.len(), 1);
        assert!(e[0].contains(":5:"), "{e:?}");
    }

    #[test]
    fn a_reason_for_a_covered_or_unknown_row_is_stale() {
        let features = vec![feature("rfc6749/4.1-x.feature", FEATURE)];
        let mut reasons = BTreeMap::new();
        reasons.insert("6749-4.1-a".to_string(), "x".to_string());
        reasons.insert("9999-1-a".to_string(), "x".to_string());
        let c = compute(&yardstick(), &features, &reasons);
        assert_eq!(c.stale_reasons, ["6749-4.1-a", "9999-1-a"]);
    }
}
