//! `--profile`: which profile-tagged scenarios run, what the report says, and the exit code.

mod common;

use common::{oauth2spec, text};

fn report_of(out: &std::process::Output) -> oauth2spec::report::model::Report {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let end = stdout.rfind('}').expect("a JSON report on stdout");
    oauth2spec::report::json::parse(&stdout[..=end]).expect("the JSON report parses")
}

#[test]
fn list_shows_oauth21_only_scenarios_by_default_and_hides_them_under_rfc6749() {
    let default = text(&oauth2spec(&["list"]));
    assert!(default.contains("9700-2.4-a"), "{default}");
    let explicit = text(&oauth2spec(&["list", "--profile", "oauth2.1"]));
    assert!(explicit.contains("9700-2.4-a"), "{explicit}");
    let rfc6749 = oauth2spec(&["list", "--profile", "rfc6749"]);
    assert_eq!(rfc6749.status.code(), Some(0), "{}", text(&rfc6749));
    let rfc6749 = text(&rfc6749);
    assert!(!rfc6749.contains("9700-2.4-a"), "{rfc6749}");
    // Untagged scenarios run under both profiles.
    assert!(rfc6749.contains("6749-4.1.2-d") && default.contains("6749-4.1.2-d"));
}

#[test]
fn the_profile_decides_whether_an_oauth21_violation_fails_the_run() {
    let run = |profile: &str| {
        oauth2spec(&[
            "run",
            "--quirk",
            "password_grant_allowed",
            "--tags",
            "@9700-2.4-a or @6749-4.1.2-a",
            "--profile",
            profile,
            "--json",
            "/dev/stdout",
            "--quiet",
        ])
    };
    let strict = run("oauth2.1");
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
    let report = report_of(&strict);
    assert_eq!(report.profile.as_deref(), Some("oauth2.1"));
    assert_eq!(report.scenarios.len(), 2);
    assert!(report
        .scenarios
        .iter()
        .any(|s| s.requirements.contains(&"9700-2.4-a".to_string())
            && s.outcome == oauth2spec::report::model::Outcome::Fail));

    let lenient = run("rfc6749");
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient));
    let report = report_of(&lenient);
    assert_eq!(report.profile.as_deref(), Some("rfc6749"));
    assert_eq!(report.scenarios.len(), 1);
    assert!(report.scenarios[0]
        .requirements
        .contains(&"6749-4.1.2-a".to_string()));
}

#[test]
fn the_default_profile_is_oauth21_and_shows_in_the_header() {
    let out = oauth2spec(&["run", "--tags", "@9700-2.4-a", "--color", "never"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let header = t.lines().next().unwrap_or_default();
    assert!(header.contains("profile: oauth2.1"), "{header}");
    assert!(t.contains("9700-2.4-a"), "{t}");
}

#[test]
fn an_rfc6749_only_scenario_runs_only_under_that_profile() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rfc6749")).unwrap();
    std::fs::write(
        dir.path().join("rfc6749/4.1.2-profiles.feature"),
        r#"@RFC6749 @section-4.1.2
Feature: Profiles

  Rule: The code is added to the query component
    @6749-4.1.2-a @MUST @profile-rfc6749
    Scenario: only under rfc6749
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then the client is redirected with an authorization code in the query

    @6749-4.1.2-a @MUST
    Scenario: under every profile
      Given an authorization request for the confidential client
      When the resource owner approves the request
      Then the client is redirected with an authorization code in the query
"#,
    )
    .unwrap();
    let features = dir.path().to_str().unwrap();
    let run = |profile: &str| {
        oauth2spec(&[
            "run",
            "--features-dir",
            features,
            "--profile",
            profile,
            "--json",
            "/dev/stdout",
            "--quiet",
        ])
    };
    let names = |out: &std::process::Output| -> Vec<String> {
        report_of(out)
            .scenarios
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    let rfc6749 = run("rfc6749");
    assert_eq!(rfc6749.status.code(), Some(0), "{}", text(&rfc6749));
    assert_eq!(
        names(&rfc6749),
        ["only under rfc6749", "under every profile"]
    );
    let oauth21 = run("oauth2.1");
    assert_eq!(oauth21.status.code(), Some(0), "{}", text(&oauth21));
    assert_eq!(names(&oauth21), ["under every profile"]);
    // A selection that the profile empties is the usual usage error.
    let nothing = oauth2spec(&[
        "run",
        "--features-dir",
        features,
        "--tags",
        "@profile-rfc6749",
    ]);
    assert_eq!(nothing.status.code(), Some(2), "{}", text(&nothing));
}

#[test]
fn an_unknown_profile_is_a_usage_error_naming_the_valid_ones() {
    let out = oauth2spec(&["run", "--profile", "oauth3"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("oauth3") && t.contains("rfc6749") && t.contains("oauth2.1"),
        "{t}"
    );
}
