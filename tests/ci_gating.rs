//! How the flags of `run` change outcomes and exit codes, against the reference server and its
//! quirks: baseline, fail-fast, tags and section, concurrency, quiet, verbose, color.

mod common;

use common::{oauth2spec, text};
use oauth2spec::exit_code::{CHECK_FAILED, SUCCESS, USAGE};

fn code(o: &std::process::Output) -> Option<i32> {
    o.status.code()
}

fn want(code: u8) -> Option<i32> {
    Some(i32::from(code))
}

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

/// Runs with `code_reuse_allowed` (6749-4.1.2-d fails) and writes that failure as a baseline.
fn write_baseline_with_code_reuse(known: &str) -> std::process::Output {
    oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--quiet",
        "--write-baseline",
        known,
    ])
}

#[test]
fn a_baseline_gates_only_on_new_failures_and_reports_fixed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let known = path(&dir, "known-failures.toml");

    // Write the baseline from a run where one requirement fails.
    let out = write_baseline_with_code_reuse(&known);
    assert_eq!(code(&out), want(CHECK_FAILED), "{}", text(&out));
    assert!(
        text(&out).contains("known failure") && text(&out).contains("written to"),
        "{}",
        text(&out)
    );
    let written = std::fs::read_to_string(&known).unwrap();
    assert!(
        written.contains("requirement = \"6749-4.1.2-d\"") && written.contains("reason = "),
        "{written}"
    );

    // The same failure again: tolerated.
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--quiet",
        "--baseline",
        &known,
    ]);
    let t = text(&out);
    assert_eq!(code(&out), want(SUCCESS), "{t}");
    assert!(
        t.contains("0 new failures") && t.contains("known still failing, 0 fixed"),
        "{t}"
    );

    // A regression on another requirement: fails, naming it.
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--quirk",
        "token_response_cacheable",
        "--quiet",
        "--baseline",
        &known,
    ]);
    let t = text(&out);
    assert_eq!(code(&out), want(CHECK_FAILED), "{t}");
    assert!(
        t.contains("new (not in the baseline): 6749-5.1-e"),
        "names the regression: {t}"
    );
    assert!(
        !t.contains("new (not in the baseline): 6749-4.1.2-d"),
        "{t}"
    );

    // The known failure fixed: passes, says to remove it; under --baseline-strict it fails.
    let out = oauth2spec(&["run", "--quiet", "--baseline", &known]);
    let t = text(&out);
    assert_eq!(code(&out), want(SUCCESS), "{t}");
    assert!(
        t.contains("fixed: remove from baseline: 6749-4.1.2-d"),
        "{t}"
    );
    let out = oauth2spec(&["run", "--quiet", "--baseline", &known, "--baseline-strict"]);
    let t = text(&out);
    assert_eq!(code(&out), want(CHECK_FAILED), "{t}");
    assert!(t.contains("--baseline-strict: the baseline lists checks that now pass"));

    // A filtered run that does not reach the listed scenario neither fixes nor fails it.
    let out = oauth2spec(&[
        "run",
        "--quiet",
        "--section",
        "rfc7636",
        "--baseline",
        &known,
        "--baseline-strict",
    ]);
    let t = text(&out);
    assert_eq!(code(&out), want(SUCCESS), "{t}");
    assert!(t.contains("0 fixed") && !t.contains(" 0 not run"), "{t}");
}

#[test]
fn a_broken_or_missing_baseline_is_a_usage_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = path(&dir, "bad.toml");
    std::fs::write(
        &bad,
        "version = 1\n[[known]]\nrequirment = \"6749-4.1.2-d\"\n",
    )
    .unwrap();
    let out = oauth2spec(&["run", "--baseline", &bad]);
    let t = text(&out);
    assert_eq!(code(&out), want(USAGE), "{t}");
    assert!(t.contains("bad.toml") && t.contains("requirment"), "{t}");
    let out = oauth2spec(&["run", "--baseline", &path(&dir, "missing.toml")]);
    assert_eq!(code(&out), want(USAGE));
    assert!(text(&out).contains("missing.toml"));
    let out = oauth2spec(&["run", "--baseline-strict"]);
    assert_eq!(
        code(&out),
        want(USAGE),
        "--baseline-strict needs --baseline"
    );
}

#[test]
fn fail_fast_stops_after_the_first_failure_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let json = path(&dir, "report.json");
    let junit = path(&dir, "junit.xml");
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--fail-fast",
        "--concurrency",
        "1",
        "--quiet",
        "--json",
        &json,
        "--junit",
        &junit,
    ]);
    let t = text(&out);
    assert_eq!(code(&out), want(CHECK_FAILED), "{t}");
    assert!(
        t.contains("--fail-fast stopped the run after fail 6749-4.1.2-d"),
        "a clear line: {t}"
    );
    let report = oauth2spec::report::json::parse(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let not_run = oauth2spec::gating::not_run_by_fail_fast(&report);
    assert!(not_run > 10, "later scenarios are not run: {not_run}");
    assert!(t.contains(&format!("; {not_run} scenarios not run")), "{t}");
    assert_eq!(report.totals.failed, 1);
    // In JUnit the scenarios not run are skipped, with the reason.
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<failure").count(), 1);
    assert!(
        xml.contains("<skipped message=\"not run: --fail-fast stopped the run"),
        "{xml}"
    );

    // Without --fail-fast every scenario runs.
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--concurrency",
        "1",
        "--quiet",
    ]);
    let t = text(&out);
    assert!(t.contains("0 skipped") && !t.contains("--fail-fast"), "{t}");

    // With a baseline listing the failure, fail-fast does not stop on it.
    let known = path(&dir, "known.toml");
    let _ = write_baseline_with_code_reuse(&known);
    let out = oauth2spec(&[
        "run",
        "--quirk",
        "code_reuse_allowed",
        "--fail-fast",
        "--quiet",
        "--baseline",
        &known,
    ]);
    let t = text(&out);
    assert_eq!(code(&out), want(SUCCESS), "{t}");
    assert!(!t.contains("--fail-fast stopped"), "{t}");
}

#[test]
fn tags_and_section_decide_which_failures_count() {
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "--quirk", "code_reuse_allowed", "--quiet"];
        args.extend_from_slice(extra);
        oauth2spec(&args)
    };
    let out = run(&["--tags", "@6749-4.1.2-d"]);
    assert_eq!(code(&out), want(CHECK_FAILED), "{}", text(&out));
    let out = run(&["--tags", "not @6749-4.1.2-d"]);
    assert_eq!(code(&out), want(SUCCESS), "{}", text(&out));
    let out = run(&["--section", "rfc6749/4.1.2"]);
    assert_eq!(code(&out), want(CHECK_FAILED), "{}", text(&out));
    let out = run(&["--section", "rfc7636"]);
    assert_eq!(code(&out), want(SUCCESS), "{}", text(&out));
    let out = run(&["--tags", "@MUST and ("]);
    assert_eq!(code(&out), want(USAGE), "{}", text(&out));
    assert!(text(&out).contains("invalid tag expression"));
    let out = run(&["--section", "rfc6749/99"]);
    assert_eq!(code(&out), want(USAGE), "a filter that matches nothing");
}

#[test]
fn concurrency_changes_speed_not_outcomes() {
    let totals = |n: &str| {
        let out = oauth2spec(&[
            "run",
            "--quirk",
            "code_reuse_allowed",
            "--quirk",
            "expires_in_missing",
            "--concurrency",
            n,
            "--quiet",
        ]);
        let t = text(&out);
        let line = t.lines().next().unwrap_or_default().to_string();
        // Drop the duration in parentheses.
        (
            code(&out),
            line.split(" (").next().unwrap_or_default().to_string(),
        )
    };
    let one = totals("1");
    let eight = totals("8");
    assert_eq!(one, eight);
    assert_eq!(one.0, want(CHECK_FAILED));
    assert!(
        !one.1.contains(" 0 failed") && !one.1.contains(" 0 warned"),
        "{}",
        one.1
    );
    let out = oauth2spec(&["run", "--concurrency", "0"]);
    assert_eq!(code(&out), want(USAGE));
}

#[test]
fn quiet_verbose_and_color_change_only_the_terminal() {
    let quiet = oauth2spec(&["run", "--quirk", "code_reuse_allowed", "--quiet"]);
    let stdout = String::from_utf8_lossy(&quiet.stdout).into_owned();
    assert_eq!(stdout.lines().count(), 1, "only the totals line: {stdout}");
    assert_eq!(code(&quiet), want(CHECK_FAILED));

    let default = oauth2spec(&["run", "--section", "rfc6749/4.4"]);
    let verbose = oauth2spec(&["run", "--section", "rfc6749/4.4", "--verbose"]);
    assert_eq!(code(&default), code(&verbose));
    assert!(
        !text(&default).contains("→ POST"),
        "passes show no evidence"
    );
    assert!(
        text(&verbose).contains("→ POST") && text(&verbose).contains("client_secret=[redacted]"),
        "{}",
        text(&verbose)
    );
    let out = oauth2spec(&["run", "--quiet", "--verbose"]);
    assert_eq!(code(&out), want(USAGE), "--quiet and --verbose conflict");

    let always = oauth2spec(&["run", "--section", "rfc6749/4.4", "--color", "always"]);
    assert!(String::from_utf8_lossy(&always.stdout).contains("\x1b[32mPASS\x1b[0m"));
    for args in [
        &["run", "--section", "rfc6749/4.4", "--color", "never"][..],
        // auto, with stdout a pipe: no colour, and no progress bar on a non-terminal stderr.
        &["run", "--section", "rfc6749/4.4"][..],
    ] {
        let out = oauth2spec(args);
        let all = text(&out);
        assert!(!all.contains('\x1b') && !all.contains('\r'), "{all:?}");
        assert_eq!(code(&out), want(SUCCESS));
    }
    let out = oauth2spec(&["run", "--color", "sometimes"]);
    assert_eq!(code(&out), want(USAGE));
}

#[test]
fn exit_codes_are_documented_in_help_and_readme() {
    use oauth2spec::exit_code::{HARNESS_ERROR, HELP};
    let help = text(&oauth2spec(&["run", "--help"]));
    assert!(help.contains(HELP), "{help}");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md"))
        .expect("docs/ci.md");
    for code in [SUCCESS, CHECK_FAILED, USAGE, HARNESS_ERROR] {
        assert!(
            readme.contains(&format!("\n| {code} | ")),
            "README lacks {code}"
        );
        assert!(
            ci.contains(&format!("\n| {code} | `")),
            "docs/ci.md lacks {code}"
        );
        assert!(
            help.contains(&format!("\n  {code}  ")),
            "--help lacks {code}"
        );
    }
}

#[test]
fn the_progress_bar_shows_on_a_terminal_only() {
    // util-linux `script` gives the binary a pseudo-terminal; without it, skip with the reason.
    let Some(script) = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("script"))
        .find(|p| p.is_file())
    else {
        eprintln!(
            "skipped: progress bar test: no `script` (util-linux) on PATH to make a terminal"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tty.log");
    let command = format!(
        "'{}' run --concurrency 1 --color never",
        env!("CARGO_BIN_EXE_oauth2spec")
    );
    let out = std::process::Command::new(script)
        .args(["-q", "-f", "-e", "-c", &command])
        .arg(&log)
        .env("NO_COLOR", "1")
        .output()
        .expect("script runs");
    let seen = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(code(&out), want(SUCCESS), "{seen}");
    let bar = regex::Regex::new(r"\[\d+s\] \S+ \d+/\d+").unwrap();
    assert!(
        bar.is_match(&seen),
        "a progress bar on the terminal: {seen:?}"
    );
    assert!(seen.contains("0 failed"), "then the results");
    // The same run with output to pipes has no bar (quiet_verbose_and_color_change_only_the_terminal).
}
