//! One self-contained HTML file for people: results by RFC section, a filter by outcome, and
//! under every scenario (a `<details>` that expands) its findings with the requirement text,
//! expected vs observed, and every HTTP exchange, redacted as the model already is.
//!
//! Self-contained and offline: CSS and JS are inline, nothing is fetched, and a
//! Content-Security-Policy allows only that one style sheet and that one script (by their
//! SHA-256), so even markup that slipped through escaping could neither load nor run anything.
//! Every piece of text is escaped by [`esc`]; the script is a constant into which no report data
//! is ever interpolated. Without JavaScript the page still shows everything; the script only
//! hides and shows.
//!
//! The requirement text comes from the embedded yardstick (`features/requirements.tsv`, via
//! [`crate::requirements::lookup`]), which is part of the build, not of the run.

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::model::{Evidence, Finding, Outcome, Report, ScenarioResult, Totals};
use super::summary::{self, by_section, failed_requirements, requirement_labels};

const STYLE: &str = r#"
:root { --pass:#1a7f37; --fail:#cf222e; --warn:#9a6700; --skipped:#0969da; --error:#8250df;
  --bg:#fff; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --code:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { padding:1rem 1.5rem; border-bottom:1px solid var(--line); position:sticky; top:0; background:var(--bg); z-index:1; }
h1 { font-size:1.3rem; margin:0 0 .25rem; }
h2 { font-size:1.05rem; margin:1.5rem 0 .5rem; }
h3 { font-size:.95rem; margin:.25rem 0; font-weight:600; }
main { padding:0 1.5rem 3rem; max-width:75rem; }
.meta { margin:.25rem 0; color:var(--muted); font-size:.9rem; }
.meta span + span::before { content:" · "; }
.verdict { font-weight:700; }
.verdict.fail { color:var(--fail); } .verdict.error { color:var(--error); } .verdict.pass { color:var(--pass); }
#filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:center; margin:.5rem 0 0; border:0; padding:0; }
#filters label { border:1px solid var(--line); border-radius:1rem; padding:.1rem .7rem; cursor:pointer; user-select:none; }
#filters button { font:inherit; border:1px solid var(--line); background:var(--code); border-radius:.4rem; padding:.1rem .6rem; cursor:pointer; }
#shown { color:var(--muted); margin-left:.5rem; }
.badge { display:inline-block; min-width:3.6rem; text-align:center; font:700 .75rem/1.6 ui-monospace,monospace; color:#fff; border-radius:.3rem; padding:0 .3rem; }
.o-pass { background:var(--pass); } .o-fail { background:var(--fail); } .o-warn { background:var(--warn); }
.o-skipped { background:var(--skipped); } .o-error { background:var(--error); }
.t-pass { color:var(--pass); } .t-fail { color:var(--fail); } .t-warn { color:var(--warn); }
.t-skipped { color:var(--skipped); } .t-error { color:var(--error); }
details.scenario { border:1px solid var(--line); border-radius:.4rem; margin:.35rem 0; }
details.scenario > summary { padding:.35rem .6rem; cursor:pointer; list-style-position:inside; }
details.scenario[open] > summary { border-bottom:1px solid var(--line); }
.reqs { color:var(--muted); font:.8rem ui-monospace,monospace; margin-left:.4rem; }
.headline { display:block; margin-left:4.6rem; color:var(--muted); font-size:.9rem; }
.body { padding:.5rem .9rem .8rem; }
.where { color:var(--muted); font-size:.85rem; margin:0 0 .5rem; }
.finding { border-left:4px solid var(--line); padding:.1rem 0 .1rem .7rem; margin:.6rem 0; }
.finding.f-fail { border-color:var(--fail); } .finding.f-warn { border-color:var(--warn); }
.finding.f-error { border-color:var(--error); } .finding.f-skipped { border-color:var(--skipped); }
.finding.f-pass { border-color:var(--pass); }
blockquote.requirement { margin:.3rem 0; padding:.3rem .6rem; background:var(--code); border-radius:.3rem; font-size:.9rem; }
dl.expect { display:grid; grid-template-columns:max-content 1fr; gap:.1rem .8rem; margin:.4rem 0; }
dl.expect dt { font-weight:600; } dl.expect dd { margin:0; font-family:ui-monospace,monospace; white-space:pre-wrap; overflow-wrap:anywhere; }
.exchange { margin:.4rem 0; }
.exchange pre { margin:0; padding:.4rem .6rem; background:var(--code); border:1px solid var(--line); font:.8rem/1.45 ui-monospace,monospace; white-space:pre-wrap; overflow-wrap:anywhere; max-height:30rem; overflow:auto; }
.exchange pre.request { border-radius:.3rem .3rem 0 0; } .exchange pre.response { border-radius:0 0 .3rem .3rem; border-top:0; }
nav#toc { columns:18rem; font-size:.9rem; margin-top:1rem; }
nav#toc .count { color:var(--muted); }
.failed-reqs code { margin-right:.4rem; }
[hidden] { display:none !important; }
"#;

const SCRIPT: &str = r#"
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[name=outcome]'));
  var scenarios = Array.prototype.slice.call(document.querySelectorAll('details.scenario'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.rfc-section'));
  var shown = document.getElementById('shown');
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    var count = 0;
    scenarios.forEach(function (s) {
      var visible = on[s.getAttribute('data-outcome')] === true;
      s.hidden = !visible;
      if (visible) { count += 1; }
    });
    sections.forEach(function (sec) {
      sec.hidden = sec.querySelector('details.scenario:not([hidden])') === null;
    });
    shown.textContent = count + ' of ' + scenarios.length + ' scenarios shown';
    document.body.setAttribute('data-shown', String(count));
  }
  // An address ending in #only=fail,error opens the page filtered (a link to the failures).
  var wanted = /(?:^#|&)only=([a-z,]+)/.exec(location.hash);
  if (wanted) {
    var list = wanted[1].split(',');
    boxes.forEach(function (b) { b.checked = list.indexOf(b.value) >= 0; });
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  function openAll(open) {
    scenarios.forEach(function (s) { if (!s.hidden) { s.open = open; } });
  }
  document.getElementById('expand-all').addEventListener('click', function () { openAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { openAll(false); });
  apply();
})();
"#;

/// Escapes text for HTML element content and quoted attribute values, after making control
/// characters and bidirectional overrides visible ([`summary::escape_text`]).
pub fn esc(text: &str) -> String {
    let visible = summary::escape_text(text, true);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `'sha256-…'` for a Content-Security-Policy source list.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// An id usable in a fragment: letters, digits, `-`, `.`, `_`; everything else becomes `-`.
fn anchor(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

const OUTCOMES: [Outcome; 5] = [
    Outcome::Fail,
    Outcome::Error,
    Outcome::Warn,
    Outcome::Skipped,
    Outcome::Pass,
];

fn count(t: &Totals, outcome: Outcome) -> usize {
    match outcome {
        Outcome::Pass => t.passed,
        Outcome::Warn => t.warned,
        Outcome::Skipped => t.skipped,
        Outcome::Fail => t.failed,
        Outcome::Error => t.errors,
    }
}

fn badge(outcome: Outcome) -> String {
    format!(
        "<span class=\"badge o-{}\">{}</span>",
        outcome.as_str(),
        summary::status_word(outcome)
    )
}

/// The report as one HTML document.
pub fn render(report: &Report) -> String {
    let t = Totals::count(&report.scenarios);
    let (verdict_class, verdict) = if t.failed > 0 {
        (
            "fail",
            format!("FAILED: {} of {} scenarios", t.failed, t.scenarios),
        )
    } else if t.errors > 0 {
        ("error", format!("NO VERDICT: {} harness errors", t.errors))
    } else {
        ("pass", format!("PASSED: {} scenarios", t.scenarios))
    };
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\n",
        csp_hash(STYLE),
        csp_hash(SCRIPT)
    ));
    h.push_str(&format!(
        "<title>{} — {} — {}</title>\n",
        esc(&report.tool),
        esc(&report.target.name),
        esc(&verdict)
    ));
    h.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));

    // Header: who, what, verdict, filter.
    h.push_str("<header>\n");
    h.push_str(&format!(
        "<h1>{} conformance report: {}</h1>\n",
        esc(&report.tool),
        esc(&report.target.name)
    ));
    h.push_str(&format!(
        "<p class=\"meta\"><span class=\"verdict {verdict_class}\">{}</span><span>issuer <code>{}</code></span><span>started {}</span><span>{}</span><span>{} {}</span>{}</p>\n",
        esc(&verdict),
        esc(&report.target.issuer),
        esc(&report.started_at),
        summary::seconds(report.duration_ms),
        esc(&report.tool),
        esc(&report.tool_version),
        if report.strict {
            "<span>strict: SHOULD violations fail</span>"
        } else {
            ""
        }
    ));
    h.push_str("<form id=\"filters\" aria-label=\"Show scenarios by outcome\">\n");
    for outcome in OUTCOMES {
        h.push_str(&format!(
            "<label class=\"t-{o}\"><input type=\"checkbox\" name=\"outcome\" value=\"{o}\" checked> {o} <b>{n}</b></label>\n",
            o = outcome.as_str(),
            n = count(&t, outcome)
        ));
    }
    h.push_str("<button type=\"button\" id=\"expand-all\">expand all</button>\n<button type=\"button\" id=\"collapse-all\">collapse all</button>\n");
    h.push_str(&format!(
        "<span id=\"shown\" role=\"status\">{0} of {0} scenarios shown</span>\n</form>\n</header>\n<main>\n",
        t.scenarios
    ));

    let failed = failed_requirements(report);
    if !failed.is_empty() {
        h.push_str("<p class=\"failed-reqs\"><b class=\"t-fail\">Failed requirements:</b> ");
        for (id, level) in &failed {
            h.push_str(&format!("<code>{}</code>{} ", esc(id), level.as_str()));
        }
        h.push_str("</p>\n");
    }

    let groups = by_section(report);
    h.push_str("<nav id=\"toc\" aria-label=\"Sections\">\n");
    for group in &groups {
        let owned: Vec<ScenarioResult> = group.scenarios.iter().map(|s| (*s).clone()).collect();
        let g = Totals::count(&owned);
        let worst = group
            .scenarios
            .iter()
            .map(|s| s.outcome)
            .max()
            .unwrap_or(Outcome::Pass);
        h.push_str(&format!(
            "<div><a href=\"#sec-{}\" class=\"t-{}\">{}</a> {} <span class=\"count\">({} of {} passed)</span></div>\n",
            anchor(group.section),
            worst.as_str(),
            esc(group.section),
            esc(group.feature),
            g.passed,
            g.scenarios
        ));
    }
    h.push_str("</nav>\n");

    for group in &groups {
        h.push_str(&format!(
            "<section class=\"rfc-section\" id=\"sec-{}\" data-section=\"{}\">\n<h2>{} <span class=\"reqs\">{}</span></h2>\n",
            anchor(group.section),
            esc(group.section),
            esc(group.feature),
            esc(group.section)
        ));
        for scenario in &group.scenarios {
            push_scenario(&mut h, scenario);
        }
        h.push_str("</section>\n");
    }
    h.push_str(&format!(
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    ));
    h
}

fn push_scenario(h: &mut String, s: &ScenarioResult) {
    h.push_str(&format!(
        "<details class=\"scenario\" data-outcome=\"{}\" id=\"{}\">\n<summary>{} <span class=\"name\">{}</span><span class=\"reqs\">{}</span>",
        s.outcome.as_str(),
        anchor(&format!("s-{}-{}", s.file, s.line)),
        badge(s.outcome),
        esc(&s.name),
        esc(&requirement_labels(s))
    ));
    if s.outcome != Outcome::Pass {
        if let Some(line) = summary::headline(s) {
            h.push_str(&format!("<span class=\"headline\">{}</span>", esc(line)));
        }
    }
    h.push_str("</summary>\n<div class=\"body\">\n");
    h.push_str(&format!(
        "<p class=\"where\">{}:{}{} · {} ms</p>\n",
        esc(&s.file),
        s.line,
        s.rule
            .as_ref()
            .map(|r| format!(" · rule: {}", esc(r)))
            .unwrap_or_default(),
        s.duration_ms
    ));
    if let Some(message) = &s.message {
        if !s.findings.iter().any(|f| f.message == *message) {
            h.push_str(&format!("<p class=\"message\">{}</p>\n", esc(message)));
        }
    }
    if s.findings.is_empty() {
        h.push_str(
            "<p class=\"message\">No finding was recorded: the scenario checked nothing.</p>\n",
        );
    }
    // Not-passing findings first: they are why the reader opened this.
    let mut findings: Vec<&Finding> = s.findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(f.outcome));
    for f in findings {
        push_finding(h, f);
    }
    h.push_str("</div>\n</details>\n");
}

fn push_finding(h: &mut String, f: &Finding) {
    h.push_str(&format!(
        "<article class=\"finding f-{}\">\n<h3>{} <code>{}</code> {} — {}</h3>\n",
        f.outcome.as_str(),
        badge(f.outcome),
        esc(&f.requirement),
        f.level.as_str(),
        esc(&f.message)
    ));
    if let Some(req) = crate::requirements::lookup(&f.requirement) {
        h.push_str(&format!(
            "<blockquote class=\"requirement\"><b>RFC {} §{} {}</b>: {}</blockquote>\n",
            esc(&req.rfc),
            esc(&req.section),
            esc(&req.keyword),
            esc(&req.summary)
        ));
    }
    if f.expected.is_some() || f.observed.is_some() {
        h.push_str("<dl class=\"expect\">");
        if let Some(e) = &f.expected {
            h.push_str(&format!("<dt>expected</dt><dd>{}</dd>", esc(e)));
        }
        if let Some(o) = &f.observed {
            h.push_str(&format!("<dt>observed</dt><dd>{}</dd>", esc(o)));
        }
        h.push_str("</dl>\n");
    }
    for (n, e) in f.evidence.iter().enumerate() {
        push_exchange(h, n + 1, f.evidence.len(), e);
    }
    h.push_str("</article>\n");
}

fn headers_and_body(text: &mut String, headers: &[(String, String)], body: Option<&str>) {
    for (name, value) in headers {
        text.push_str(&format!("\n{name}: {value}"));
    }
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        text.push_str("\n\n");
        text.push_str(body.trim_end_matches('\n'));
    }
}

fn push_exchange(h: &mut String, n: usize, of: usize, e: &Evidence) {
    let mut request = format!("{} {}", e.method, e.url);
    headers_and_body(&mut request, &e.request_headers, e.request_body.as_deref());
    let mut response = match e.status {
        Some(code) => format!("{code} ({} ms)", e.elapsed_ms),
        None => format!("no response ({} ms)", e.elapsed_ms),
    };
    headers_and_body(
        &mut response,
        &e.response_headers,
        e.response_body.as_deref(),
    );
    h.push_str(&format!(
        "<div class=\"exchange\" aria-label=\"exchange {n} of {of}\">\n<pre class=\"request\">→ {}</pre>\n<pre class=\"response\">← {}</pre>\n</div>\n",
        esc(&request),
        esc(&response)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata::sample_report;
    use scraper::{Html, Selector};

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        let selector = Selector::parse(css).expect("valid selector");
        doc.select(&selector).collect()
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&sample_report()));
    }

    #[test]
    fn structure_sections_scenarios_and_filters() {
        let doc = Html::parse_document(&render(&sample_report()));
        let sections: Vec<String> = select(&doc, "section.rfc-section")
            .iter()
            .filter_map(|s| s.value().attr("data-section").map(String::from))
            .collect();
        assert_eq!(sections, ["rfc6749/2.3.1", "rfc6749/4.1.2", "rfc7636/4.6"]);
        assert_eq!(select(&doc, "details.scenario").len(), 7);
        for (outcome, n) in [
            ("pass", 3),
            ("fail", 1),
            ("warn", 1),
            ("skipped", 1),
            ("error", 1),
        ] {
            assert_eq!(
                select(&doc, &format!("details.scenario[data-outcome={outcome}]")).len(),
                n,
                "{outcome}"
            );
            assert_eq!(
                select(&doc, &format!("#filters input[value={outcome}]")).len(),
                1
            );
        }
        // The failure carries the requirement text, expected vs observed, and all three exchanges.
        let failed = select(&doc, "details.scenario[data-outcome=fail]");
        let text: String = failed[0].text().collect();
        assert!(text.contains("A code may be exchanged only once"), "{text}");
        assert!(
            text.contains("expected400 with error=invalid_grant"),
            "{text}"
        );
        assert!(text.contains("observed200 with an access_token"));
        let first = select(&doc, "details.scenario[data-outcome=fail] article.finding")[0];
        let exchanges: Vec<_> = first
            .select(&Selector::parse(".exchange").expect("selector"))
            .collect();
        assert_eq!(exchanges.len(), 3);
        assert!(text.contains("Authorization: Basic [redacted]"));
        // Offline: no external resource of any kind.
        assert!(select(&doc, "script[src], link, img, iframe, object, embed").is_empty());
        assert_eq!(select(&doc, "script").len(), 1);
        assert_eq!(select(&doc, "style").len(), 1);
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let html = render(&sample_report());
        let doc = Html::parse_document(&html);
        let csp = select(&doc, "meta[http-equiv=Content-Security-Policy]")[0]
            .value()
            .attr("content")
            .expect("content")
            .to_string();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        let script: String = select(&doc, "script")[0].text().collect();
        let style: String = select(&doc, "style")[0].text().collect();
        assert!(csp.contains(&format!("script-src {}", csp_hash(&script))));
        assert!(csp.contains(&format!("style-src {}", csp_hash(&style))));
    }

    #[test]
    fn a_hostile_body_cannot_inject_markup() {
        let mut report = sample_report();
        let evil = "</pre><script>document.title='pwned'</script><img src=x onerror=alert(1)>\"'&amp;\x1b[2J";
        report.scenarios[2].name = evil.into();
        report.scenarios[2].findings[0].message = evil.into();
        report.scenarios[2].findings[0].evidence[2].response_body = Some(evil.into());
        report.scenarios[2].findings[0].evidence[2].response_headers =
            vec![("X-Evil\"><b>".into(), evil.into())];
        report.target.name = evil.into();
        let html = render(&report);
        let doc = Html::parse_document(&html);
        assert_eq!(select(&doc, "script").len(), 1, "only our own script");
        assert!(select(&doc, "img, b.evil").is_empty());
        assert!(!html.contains("<img"));
        assert!(!html.contains('\x1b'));
        let body: String = select(&doc, "details.scenario[data-outcome=fail] pre.response")[2]
            .text()
            .collect();
        assert!(
            body.contains("</pre><script>document.title='pwned'</script><img src=x onerror=alert(1)>\"'&amp;\\x1b[2J"),
            "the text is shown as text: {body}"
        );
    }
}
