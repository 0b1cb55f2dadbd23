//! The report files of `run` (`--html`, `--markdown`, `--cucumber-json`, beside `--junit` and
//! `--json`) from a real run against the reference server with a quirk on: their structure, and
//! the HTML in a real browser engine when one is installed.
//!
//! The browser test uses headless Chromium (`chromium` on Debian: `apt-get install chromium`;
//! or the binary named by `OAUTH2SPEC_CHROMIUM`). Without one it is skipped with a printed reason;
//! the parser-level checks here and in `src/report/html.rs` always run.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{oauth2spec, text};
use oauth2spec::exit_code::CHECK_FAILED;
use oauth2spec::report::model::Report;
use scraper::{Html, Selector};

struct Files {
    _dir: tempfile::TempDir,
    html: PathBuf,
    markdown: PathBuf,
    cucumber: PathBuf,
    json: PathBuf,
}

/// Runs the suite with `code_reuse_allowed` (one MUST fails) and writes every report file.
fn failing_run() -> Files {
    let dir = tempfile::tempdir().unwrap();
    let files = Files {
        html: dir.path().join("report.html"),
        markdown: dir.path().join("summary.md"),
        cucumber: dir.path().join("cucumber.json"),
        json: dir.path().join("report.json"),
        _dir: dir,
    };
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--quiet",
        "--html",
        files.html.to_str().unwrap(),
        "--markdown",
        files.markdown.to_str().unwrap(),
        "--cucumber-json",
        files.cucumber.to_str().unwrap(),
        "--json",
        files.json.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(i32::from(CHECK_FAILED)),
        "{}",
        text(&out)
    );
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn report(files: &Files) -> Report {
    oauth2spec::report::json::parse(&read(&files.json)).expect("the JSON report parses")
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).expect("selector"))
        .collect()
}

#[test]
fn every_report_file_tells_the_same_story() {
    let files = failing_run();
    let report = report(&files);
    let sections: std::collections::BTreeSet<&str> = report
        .scenarios
        .iter()
        .map(|s| s.section.as_str())
        .collect();

    let doc = Html::parse_document(&read(&files.html));
    assert_eq!(select(&doc, "section.rfc-section").len(), sections.len());
    assert_eq!(
        select(&doc, "details.scenario").len(),
        report.scenarios.len()
    );
    let failed = select(&doc, "details.scenario[data-outcome=fail]");
    assert_eq!(failed.len(), report.totals.failed);
    let failure: String = failed[0].text().collect();
    assert!(failure.contains("6749-4.1.2-d"), "{failure}");
    assert!(
        failure.contains("A code may be exchanged only once"),
        "the requirement text: {failure}"
    );
    assert!(failure.contains("expected") && failure.contains("observed"));
    assert!(
        failure.contains("→ POST https://127.0.0.1:"),
        "the exchange"
    );
    assert!(failure.contains("client_secret=[redacted]"), "redacted");
    assert!(select(&doc, "script[src], link, img").is_empty(), "offline");

    let md = read(&files.markdown);
    assert!(md.contains("FAILED"), "{md}");
    assert!(md.contains("| ❌ FAIL | rfc6749/4.1.2 |"), "{md}");
    assert!(md.contains(&format!("{} scenarios", report.scenarios.len())));

    let cucumber: serde_json::Value = serde_json::from_str(&read(&files.cucumber)).unwrap();
    let elements: Vec<&serde_json::Value> = cucumber
        .as_array()
        .expect("array of features")
        .iter()
        .flat_map(|f| f["elements"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(elements.len(), report.scenarios.len());
    let failed_steps = elements
        .iter()
        .flat_map(|e| e["steps"].as_array().into_iter().flatten())
        .filter(|s| s["result"]["status"] == "failed")
        .count();
    assert!(failed_steps >= report.totals.failed);

    for secret in ["conf-client-secret", "alice-pass-123"] {
        for path in [&files.html, &files.markdown, &files.cucumber] {
            assert!(
                !read(path).contains(secret),
                "{secret} in {}",
                path.display()
            );
        }
    }
}

#[test]
fn an_unwritable_report_path_is_a_usage_error_naming_it() {
    let out = oauth2spec(&[
        "run",
        "--section",
        "rfc7636",
        "--html",
        "/nonexistent-dir/report.html",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("/nonexistent-dir/report.html"));
}

/// A Chromium binary, or why there is none.
fn chromium() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("OAUTH2SPEC_CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err("no chromium, chromium-browser or google-chrome on PATH and OAUTH2SPEC_CHROMIUM unset (Debian: apt-get install chromium)".into())
}

/// The DOM of `file` (with `fragment`) after its script ran, as headless Chromium serializes it.
fn dump_dom(browser: &Path, file: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", file.display());
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Read while it runs: a DOM larger than the pipe buffer would otherwise block it.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut dom);
        dom
    });
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("reader thread")
}

#[test]
fn browser_runs_the_filter_offline_and_hostile_text_stays_text() {
    let browser = match chromium() {
        Ok(b) => b,
        Err(reason) => {
            eprintln!("skipped: browser test: {reason}");
            return;
        }
    };
    let files = failing_run();
    let report = report(&files);
    let total = report.scenarios.len();

    // Unfiltered: the script ran (under the page's Content-Security-Policy) and shows all.
    let dom = Html::parse_document(&dump_dom(&browser, &files.html, ""));
    let shown: String = select(&dom, "#shown")[0].text().collect();
    assert_eq!(shown, format!("{total} of {total} scenarios shown"));
    assert!(select(&dom, "details.scenario[hidden]").is_empty());

    // #only=fail: the filter hides every scenario and section but the failing one.
    let dom = Html::parse_document(&dump_dom(&browser, &files.html, "#only=fail"));
    let failed = report.totals.failed;
    let body = select(&dom, "body")[0];
    assert_eq!(
        body.value().attr("data-shown"),
        Some(failed.to_string().as_str())
    );
    let visible = select(&dom, "details.scenario:not([hidden])");
    assert_eq!(visible.len(), failed);
    assert!(visible
        .iter()
        .all(|v| v.value().attr("data-outcome") == Some("fail")));
    assert_eq!(
        select(&dom, "details.scenario[hidden]").len(),
        total - failed,
        "the others are hidden"
    );
    let failing_sections: std::collections::BTreeSet<&str> = report
        .scenarios
        .iter()
        .filter(|s| s.outcome == oauth2spec::report::model::Outcome::Fail)
        .map(|s| s.section.as_str())
        .collect();
    let sections: std::collections::BTreeSet<&str> =
        select(&dom, "section.rfc-section:not([hidden])")
            .iter()
            .filter_map(|s| s.value().attr("data-section"))
            .collect();
    assert_eq!(sections, failing_sections);
    assert!(sections.contains("rfc6749/4.1.2"));
    let checked: Vec<&str> = select(&dom, "#filters input")
        .iter()
        .filter(|i| i.value().attr("checked").is_some())
        .filter_map(|i| i.value().attr("value"))
        .collect();
    // `checked` in the serialized DOM is the default state; the live state is in data-shown.
    assert_eq!(checked.len(), 5);

    // A hostile server's body, headers and messages in the same report: rendered as text; the
    // injected script does not run and no element is added.
    let mut hostile = report.clone();
    let evil = "</pre><script>document.body.setAttribute('data-pwned','yes')</script><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"><style>body{display:none}</style>";
    let failing = hostile
        .scenarios
        .iter_mut()
        .find(|s| s.outcome == oauth2spec::report::model::Outcome::Fail)
        .expect("a failing scenario");
    failing.name = evil.into();
    let finding = failing
        .findings
        .iter_mut()
        .find(|f| !f.evidence.is_empty())
        .expect("a finding with evidence");
    finding.message = evil.into();
    if let Some(ev) = finding.evidence.last_mut() {
        ev.response_body = Some(evil.into());
        ev.response_headers.push(("X-Evil".into(), evil.into()));
    }
    let path = files.html.with_file_name("hostile.html");
    std::fs::write(&path, oauth2spec::report::html::render(&hostile)).unwrap();
    let dom = Html::parse_document(&dump_dom(&browser, &path, "#only=fail"));
    let body = select(&dom, "body")[0];
    assert_eq!(body.value().attr("data-pwned"), None, "injected code ran");
    assert_eq!(
        body.value().attr("data-shown"),
        Some(failed.to_string().as_str()),
        "our script still ran"
    );
    assert!(select(&dom, "img").is_empty());
    assert_eq!(select(&dom, "script").len(), 1);
    assert_eq!(select(&dom, "style").len(), 1);
    let failure: String = select(&dom, "details.scenario[data-outcome=fail]")
        .iter()
        .flat_map(|d| d.text())
        .collect();
    assert!(
        failure.contains("<script>document.body.setAttribute('data-pwned','yes')</script>"),
        "shown as text"
    );
}

/// A server whose token endpoint answers an HTML error page: some scenarios fail, others cannot
/// reach a verdict. In JUnit a failure is a `<failure>`, a harness error an `<error>`, a skip a
/// `<skipped>`, counted as in the JSON report; a failure decides the exit code over an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junit_tells_failures_errors_and_skips_apart_on_a_broken_server() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let base = server.uri();
    let metadata = serde_json::json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "grant_types_supported": ["authorization_code", "client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
    });
    Mock::given(method("GET"))
        .and(path("/.well-known/oauth-authorization-server"))
        .respond_with(ResponseTemplate::new(200).set_body_json(metadata))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body><h1>Internal error</h1></body></html>"),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let html = dir.path().join("report.html");
    let json = dir.path().join("report.json");
    let args: Vec<String> = [
        "run",
        "--target",
        &base,
        "--client-id",
        "c",
        "--client-secret",
        "s",
        "--redirect-uri",
        "http://127.0.0.1:9/cb",
        "--quiet",
        "--junit",
        junit.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        oauth2spec(&args)
    })
    .await
    .unwrap();
    let t = text(&out);
    let report = oauth2spec::report::json::parse(&read(&json)).expect("JSON report");
    let totals = &report.totals;
    assert!(
        totals.failed > 0 && totals.errors > 0 && totals.skipped > 0,
        "{totals:?}"
    );
    assert_eq!(out.status.code(), Some(i32::from(CHECK_FAILED)), "{t}");
    let xml = read(&junit);
    assert_eq!(xml.matches("<failure ").count(), totals.failed);
    assert_eq!(xml.matches("<error ").count(), totals.errors);
    assert_eq!(xml.matches("<skipped").count(), totals.skipped);
    assert!(
        !xml.contains("<skipped/>"),
        "every skip carries its reason: {xml}"
    );
    let doc = Html::parse_document(&read(&html));
    assert_eq!(
        select(&doc, "details.scenario[data-outcome=error]").len(),
        totals.errors
    );
    assert!(
        !read(&html).contains("<h1>Internal error"),
        "the body is escaped"
    );
    assert!(read(&html).contains("&lt;h1&gt;Internal error"));
}
