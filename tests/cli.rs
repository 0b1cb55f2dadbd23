//! The command line as a user meets it: exit codes, output, report files, clear errors.

mod common;

use common::{oauth2spec, text};
use std::process::Command;

#[test]
fn run_against_the_embedded_server_passes_and_writes_reports() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let json = dir.path().join("report.json");
    let out = oauth2spec(&[
        "run",
        "--junit",
        junit.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.matches("PASS").count() >= 30, "{t}");
    assert!(t.contains("6749-4.1.2-d"), "requirement IDs are shown: {t}");
    let report = oauth2spec::report::json::parse(&std::fs::read_to_string(&json).unwrap())
        .expect("JSON report parses");
    assert!(report.totals.passed >= 30);
    assert_eq!(report.totals.failed, 0);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("<testcase"),
        "{xml}"
    );
    assert!(!xml.contains("<failure"));
}

#[test]
fn a_quirk_makes_run_exit_1_naming_the_broken_requirement() {
    let out = oauth2spec(&["run", "--quirk", "code_reuse_allowed", "--color", "never"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(t.contains("FAIL") && t.contains("6749-4.1.2-d"), "{t}");
}

#[test]
fn secrets_stay_out_of_reports_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--verbose",
        "--json",
        json.to_str().unwrap(),
    ]);
    let all = text(&out) + &std::fs::read_to_string(&json).unwrap();
    for secret in ["conf-client-secret", "alice-pass-123", "cc-client-secret"] {
        assert!(!all.contains(secret), "{secret} leaked");
    }
    assert!(all.contains("[redacted]"));
}

#[test]
fn an_unknown_quirk_is_a_usage_error_listing_the_valid_ones() {
    let out = oauth2spec(&["run", "--quirk", "no_such_quirk"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("code_reuse_allowed"), "{}", text(&out));
}

#[test]
fn a_filter_that_selects_nothing_is_a_usage_error() {
    let out = oauth2spec(&["run", "--tags", "@no-such-tag"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no scenario matches"));
    let out = oauth2spec(&["run", "--section", "rfc9999"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn section_and_tag_filters_narrow_the_run() {
    let out = oauth2spec(&[
        "run",
        "--section",
        "rfc7636",
        "--json",
        "/dev/stdout",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json_end = stdout.rfind('}').unwrap();
    let report = oauth2spec::report::json::parse(&stdout[..=json_end]).expect("json");
    assert!(!report.scenarios.is_empty());
    assert!(report
        .scenarios
        .iter()
        .all(|s| s.section.starts_with("rfc7636/")));
}

#[test]
fn a_broken_config_names_the_file_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "issuer = \"http://127.0.0.1:1\"\n[[clients]]\nid = \"c\"\ntype = \"confidential\"\nsecert = \"x\"\n").unwrap();
    let out = oauth2spec(&["run", "--config", path.to_str().unwrap()]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("bad.toml") && t.contains("secert"), "{t}");
    let out = oauth2spec(&[
        "run",
        "--config",
        dir.path().join("missing.toml").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("missing.toml"));
}

#[test]
fn an_unreachable_target_is_exit_3_naming_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let issuer = format!("http://127.0.0.1:{port}");
    let out = oauth2spec(&[
        "run",
        "--target",
        &issuer,
        "--client-id",
        "c",
        "--client-secret",
        "s",
        "--redirect-uri",
        "http://127.0.0.1:9999/cb",
    ]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(3), "{t}");
    assert!(t.contains(&format!("127.0.0.1:{port}")), "{t}");
}

#[test]
fn target_without_clients_is_a_usage_error() {
    let out = oauth2spec(&["run", "--target", "http://127.0.0.1:1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--client-id"));
}

#[test]
fn serve_lists_quirks_and_prints_a_config() {
    let out = oauth2spec(&["serve", "--list-quirks"]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out);
    let first = t.lines().next().unwrap_or_default();
    assert!(
        first
            .split_whitespace()
            .nth(1)
            .is_some_and(|id| id.contains('-')),
        "name then requirement ID: {first}"
    );
    assert!(t.contains("code_reuse_allowed") && t.contains("6749-4.1.2-d"));
    let out = oauth2spec(&["serve", "--print-config"]);
    assert_eq!(out.status.code(), Some(0));
    let cfg = String::from_utf8_lossy(&out.stdout);
    assert!(
        cfg.contains("[[clients]]") && cfg.contains("issuer = \"http://127.0.0.1:"),
        "{cfg}"
    );
}

#[test]
fn list_shows_scenarios_with_requirement_ids() {
    let out = oauth2spec(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out);
    assert!(
        t.contains("rfc6749/4.1.2.1") && t.contains("6749-4.1.2.1-e"),
        "{t}"
    );
}

#[test]
fn help_documents_exit_codes() {
    let out = oauth2spec(&["run", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("Exit codes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_one_line_target_mode_discovers_and_runs() {
    let server = reference_server::start(reference_server::ServerConfig::default())
        .await
        .unwrap();
    let base = server.base_url();
    let resource = format!("{base}/resource");
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_oauth2spec"))
            .args([
                "run",
                "--target",
                &base,
                "--client-id",
                "conf-client",
                "--public-client-id",
                "public-client",
            ])
            .args([
                "--redirect-uri",
                "http://127.0.0.1:9999/cb,http://127.0.0.1:9999/cb2",
                "--resource",
                &resource,
                "--quiet",
            ])
            .env("OAUTH2SPEC_CLIENT_SECRET", "conf-client-secret")
            .env("OAUTH2SPEC_USERNAME", "alice")
            .env("OAUTH2SPEC_PASSWORD", "alice-pass-123")
            .output()
            .expect("runs")
    })
    .await
    .unwrap();
    server.shutdown().await;
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("0 failed") && t.contains("0 errors"), "{t}");
}

#[test]
fn a_should_violation_warns_and_fails_only_under_strict() {
    let out = oauth2spec(&["run", "--quirk", "expires_in_missing", "--color", "never"]);
    let t = text(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a SHOULD violation is a warning: {t}"
    );
    assert!(t.contains("WARN") && t.contains("6749-5.1-c"), "{t}");
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "expires_in_missing",
        "--strict",
        "--color",
        "never",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn junit_reports_a_failure_as_failure() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "token_response_cacheable",
        "--quiet",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<failure").count(), 1, "{xml}");
    assert!(xml.contains("6749-5.1-e"), "{xml}");
}

/// `oauth2spec list | head -1`: the reader goes away after one line; the command stops quietly
/// with SIGPIPE's shell code instead of panicking.
#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    use std::process::Stdio;
    for args in [&["list"][..], &["serve", "--list-quirks"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_oauth2spec"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("it ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
    }
}
