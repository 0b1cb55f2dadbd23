//! Read-only helpers over the report model that more than one writer needs: natural section
//! order, grouping by section, the reason or first failure of a scenario, and a plain-text
//! rendering of findings and their evidence with control characters escaped.

use std::cmp::Ordering;

use super::model::{Evidence, Finding, Level, Outcome, Report, ScenarioResult};

/// Compares two section names such as `rfc6749/4.1.2.1` in natural order: digit runs compare as
/// numbers, so `2.3.1 < 3.1 < 3.1.2.3 < 4.1.2 < 4.1.2.1 < 4.1.3 < 10.1`, and `rfc6749` comes
/// before `rfc6750` and `rfc7636`. A section comes before the sections it is a prefix of.
pub fn compare_sections(a: &str, b: &str) -> Ordering {
    let mut left = NaturalTokens { rest: a };
    let mut right = NaturalTokens { rest: b };
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => match compare_tokens(&x, &y) {
                Ordering::Equal => continue,
                unequal => return unequal,
            },
        }
    }
}

/// A run of digits or a run of anything else.
enum Token<'a> {
    Number(&'a str),
    Text(&'a str),
}

fn compare_tokens(a: &Token<'_>, b: &Token<'_>) -> Ordering {
    match (a, b) {
        (Token::Number(x), Token::Number(y)) => {
            // Compared as digit strings so that no run of digits can overflow.
            let x = x.trim_start_matches('0');
            let y = y.trim_start_matches('0');
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        }
        // Numbered sections before lettered ones (appendices).
        (Token::Number(_), Token::Text(_)) => Ordering::Less,
        (Token::Text(_), Token::Number(_)) => Ordering::Greater,
        (Token::Text(x), Token::Text(y)) => x.cmp(y),
    }
}

struct NaturalTokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for NaturalTokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let first = self.rest.chars().next()?;
        let digits = first.is_ascii_digit();
        let end = self
            .rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(self.rest.len());
        let (token, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(if digits {
            Token::Number(token)
        } else {
            Token::Text(token)
        })
    }
}

/// The scenarios of one section, in the order a reader expects them.
#[derive(Debug, Clone)]
pub struct SectionGroup<'a> {
    /// e.g. `rfc6749/4.1.2.1`
    pub section: &'a str,
    /// The feature title of the first scenario in the section.
    pub feature: &'a str,
    pub scenarios: Vec<&'a ScenarioResult>,
}

/// Groups the scenarios by section, sections in natural order ([`compare_sections`]), and
/// within a section by feature file and line, so the output does not depend on the order in
/// which a concurrent runner finished them.
pub fn by_section(report: &Report) -> Vec<SectionGroup<'_>> {
    let mut sorted: Vec<&ScenarioResult> = report.scenarios.iter().collect();
    sorted.sort_by(|a, b| {
        compare_sections(&a.section, &b.section)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.line.cmp(&b.line))
    });
    let mut groups: Vec<SectionGroup<'_>> = Vec::new();
    for scenario in sorted {
        match groups.last_mut() {
            Some(group) if group.section == scenario.section => group.scenarios.push(scenario),
            _ => groups.push(SectionGroup {
                section: &scenario.section,
                feature: &scenario.feature,
                scenarios: vec![scenario],
            }),
        }
    }
    groups
}

/// The first finding of a scenario with the given outcome.
pub fn first_finding(scenario: &ScenarioResult, outcome: Outcome) -> Option<&Finding> {
    scenario.findings.iter().find(|f| f.outcome == outcome)
}

/// Why a skipped scenario was skipped: its message, or else the first skipped finding's.
pub fn skip_reason(scenario: &ScenarioResult) -> Option<&str> {
    scenario
        .message
        .as_deref()
        .or_else(|| first_finding(scenario, Outcome::Skipped).map(|f| f.message.as_str()))
}

/// The one line that explains a non-passing scenario: the message of its first finding with the
/// scenario's own outcome, or else the scenario's message, or else the first non-pass finding's.
pub fn headline(scenario: &ScenarioResult) -> Option<&str> {
    if scenario.outcome == Outcome::Skipped {
        return skip_reason(scenario);
    }
    first_finding(scenario, scenario.outcome)
        .map(|f| f.message.as_str())
        .or(scenario.message.as_deref())
        .or_else(|| {
            scenario
                .findings
                .iter()
                .find(|f| f.outcome != Outcome::Pass)
                .map(|f| f.message.as_str())
        })
}

/// The level of one of a scenario's requirements: from a finding on that requirement, or else
/// the scenario's (strongest) level.
pub fn requirement_level(scenario: &ScenarioResult, requirement: &str) -> Level {
    scenario
        .findings
        .iter()
        .find(|f| f.requirement == requirement)
        .map_or(scenario.level, |f| f.level)
}

/// `6749-4.1.2-d MUST, 6749-5.2-g MUST`: the scenario's requirements with their levels.
pub fn requirement_labels(scenario: &ScenarioResult) -> String {
    scenario
        .requirements
        .iter()
        .map(|id| format!("{id} {}", requirement_level(scenario, id).as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The requirements that failed, each once, in section order: those of findings with outcome
/// fail, or, for a failed scenario without such a finding, the scenario's own requirements.
pub fn failed_requirements(report: &Report) -> Vec<(String, Level)> {
    let mut failed: Vec<(String, Level)> = Vec::new();
    let mut add = |id: &str, level: Level| {
        if !failed.iter().any(|(seen, _)| seen == id) {
            failed.push((id.to_string(), level));
        }
    };
    for group in by_section(report) {
        for scenario in group.scenarios {
            let mut any = false;
            for finding in scenario
                .findings
                .iter()
                .filter(|f| f.outcome == Outcome::Fail)
            {
                add(&finding.requirement, finding.level);
                any = true;
            }
            if !any && scenario.outcome == Outcome::Fail {
                for id in &scenario.requirements {
                    add(id, requirement_level(scenario, id));
                }
            }
        }
    }
    failed
}

/// `1.23 s`
pub fn seconds(ms: u64) -> String {
    format!("{}.{:02} s", ms / 1000, (ms % 1000) / 10)
}

/// The upper-case word for an outcome, as the terminal shows it.
pub fn status_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "PASS",
        Outcome::Warn => "WARN",
        Outcome::Skipped => "SKIP",
        Outcome::Fail => "FAIL",
        Outcome::Error => "ERROR",
    }
}

/// Makes target-controlled text safe to show: control characters (which could move the cursor
/// or recolour a terminal) and bidirectional overrides (which reorder what is seen) become
/// visible escapes such as `\x1b` and `\u{202e}`. Line feeds are kept only when `keep_newlines`.
pub fn escape_text(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// How much evidence a plain-text rendering shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EvidenceLimits {
    /// Show only the last this many exchanges of a finding.
    pub exchanges: Option<usize>,
    /// Cut bodies to this many characters.
    pub body_chars: Option<usize>,
}

impl EvidenceLimits {
    pub const ALL: EvidenceLimits = EvidenceLimits {
        exchanges: None,
        body_chars: None,
    };
}

/// Appends `indent` spaces and `text` as one line; an empty line gets no trailing spaces.
pub(crate) fn push_line(out: &mut String, indent: usize, text: &str) {
    if !text.is_empty() {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(text);
    }
    out.push('\n');
}

/// Appends possibly multi-line text, escaped, with every line at `indent`.
pub(crate) fn push_block(out: &mut String, indent: usize, text: &str) {
    for line in escape_text(text, true).split('\n') {
        push_line(out, indent, line);
    }
}

/// Appends `label` and possibly multi-line `text`, continuation lines aligned under the text.
pub(crate) fn push_labelled(out: &mut String, indent: usize, label: &str, text: &str) {
    let escaped = escape_text(text, true);
    let mut lines = escaped.split('\n');
    let first = lines.next().unwrap_or_default();
    push_line(out, indent, &format!("{label}{first}"));
    let width = indent + label.chars().count();
    for line in lines {
        push_line(out, width, line);
    }
}

/// Appends a finding: `ID (LEVEL) outcome: message`, then `expected:`, `observed:` and its
/// evidence exchanges, indented below it.
pub(crate) fn push_finding(
    out: &mut String,
    indent: usize,
    finding: &Finding,
    limits: EvidenceLimits,
) {
    let label = format!(
        "{} ({}) {}: ",
        escape_text(&finding.requirement, false),
        finding.level.as_str(),
        finding.outcome.as_str()
    );
    push_labelled(out, indent, &label, &finding.message);
    if let Some(expected) = &finding.expected {
        push_labelled(out, indent + 2, "expected: ", expected);
    }
    if let Some(observed) = &finding.observed {
        push_labelled(out, indent + 2, "observed: ", observed);
    }
    let shown = limits
        .exchanges
        .map_or(finding.evidence.len(), |n| n.min(finding.evidence.len()));
    let omitted = finding.evidence.len() - shown;
    if omitted > 0 {
        let noun = if omitted == 1 {
            "exchange"
        } else {
            "exchanges"
        };
        push_line(
            out,
            indent + 2,
            &format!("({omitted} earlier {noun} not shown)"),
        );
    }
    for evidence in &finding.evidence[omitted..] {
        push_evidence(out, indent + 2, evidence, limits.body_chars);
    }
}

/// Appends one exchange: `→ METHOD url`, request headers and body; `← status (ms)`, response
/// headers and body. Headers and bodies are indented two further.
pub(crate) fn push_evidence(
    out: &mut String,
    indent: usize,
    evidence: &Evidence,
    body_chars: Option<usize>,
) {
    push_line(
        out,
        indent,
        &format!(
            "→ {} {}",
            escape_text(&evidence.method, false),
            escape_text(&evidence.url, false)
        ),
    );
    push_headers_and_body(
        out,
        indent + 2,
        &evidence.request_headers,
        evidence.request_body.as_deref(),
        body_chars,
    );
    let status = match evidence.status {
        Some(code) => code.to_string(),
        None => "no response".to_string(),
    };
    push_line(
        out,
        indent,
        &format!("← {status} ({} ms)", evidence.elapsed_ms),
    );
    push_headers_and_body(
        out,
        indent + 2,
        &evidence.response_headers,
        evidence.response_body.as_deref(),
        body_chars,
    );
}

fn push_headers_and_body(
    out: &mut String,
    indent: usize,
    headers: &[(String, String)],
    body: Option<&str>,
    body_chars: Option<usize>,
) {
    for (name, value) in headers {
        push_line(
            out,
            indent,
            &format!(
                "{}: {}",
                escape_text(name, false),
                escape_text(value, false)
            ),
        );
    }
    // A final line break is the body's own; printed, it would only add a blank line.
    let Some(body) = body
        .map(|b| b.trim_end_matches('\n'))
        .filter(|b| !b.is_empty())
    else {
        return;
    };
    if !headers.is_empty() {
        push_line(out, indent, "");
    }
    match body_chars {
        Some(limit) if body.chars().nth(limit).is_some() => {
            let total = body.chars().count();
            let cut: String = body.chars().take(limit).collect();
            push_block(out, indent, &cut);
            push_line(
                out,
                indent,
                &format!("… ({total} characters, first {limit} shown)"),
            );
        }
        _ => push_block(out, indent, body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_sort_naturally() {
        let mut sections = vec![
            "rfc6749/10.12",
            "rfc7636/4.6",
            "rfc6749/4.1.3",
            "rfc6749/10.1",
            "rfc6749/4.1.2.1",
            "rfc6749/3.1.2.3",
            "rfc6750/2.1",
            "rfc6749/4.1.2",
            "rfc6749/3.1",
            "rfc6749/2.3.1",
        ];
        sections.sort_by(|a, b| compare_sections(a, b));
        assert_eq!(
            sections,
            vec![
                "rfc6749/2.3.1",
                "rfc6749/3.1",
                "rfc6749/3.1.2.3",
                "rfc6749/4.1.2",
                "rfc6749/4.1.2.1",
                "rfc6749/4.1.3",
                "rfc6749/10.1",
                "rfc6749/10.12",
                "rfc6750/2.1",
                "rfc7636/4.6",
            ]
        );
    }

    #[test]
    fn huge_digit_runs_do_not_overflow() {
        let long = format!("rfc6749/{}", "9".repeat(40));
        assert_eq!(compare_sections("rfc6749/10", &long), Ordering::Less);
        assert_eq!(compare_sections("rfc6749/04", "rfc6749/4"), Ordering::Less);
    }

    #[test]
    fn escapes_terminal_control_sequences() {
        assert_eq!(escape_text("a\x1b[2Jb\r\nc", true), "a\\x1b[2Jb\\r\nc");
        assert_eq!(escape_text("x\ny\u{202e}", false), "x\\ny\\u{202e}");
        assert_eq!(escape_text("état\tok", false), "état\tok");
    }

    #[test]
    fn cut_bodies_say_how_long_they_were() {
        let mut out = String::new();
        let ev = Evidence {
            method: "GET".into(),
            url: "https://as.example.test/x".into(),
            request_headers: vec![],
            request_body: None,
            status: None,
            response_headers: vec![],
            response_body: Some("é".repeat(10)),
            elapsed_ms: 5000,
        };
        push_evidence(&mut out, 0, &ev, Some(4));
        assert_eq!(
            out,
            "→ GET https://as.example.test/x\n← no response (5000 ms)\n  éééé\n  … (10 characters, first 4 shown)\n"
        );
    }
}
