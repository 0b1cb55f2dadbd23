//! `oauth2spec explain <ID>`: the requirement, its scenarios, and their exchanges as curl.

mod common;

use common::{oauth2spec, text};

#[test]
fn explain_shows_the_requirement_its_scenario_and_curl_commands() {
    let out = oauth2spec(&["explain", "6749-4.1.2-d"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    let req = oauth2spec::requirements::lookup("6749-4.1.2-d").unwrap();
    assert!(t.contains(&req.summary), "{t}");
    assert!(
        t.contains("a code redeemed twice is refused the second time with invalid_grant"),
        "{t}"
    );
    assert!(
        t.lines()
            .any(|l| l.starts_with("curl ") && l.contains("/token")),
        "{t}"
    );
    assert!(t.contains("# => 400"), "{t}");
    assert!(
        !t.contains("conf-client-secret"),
        "secrets are redacted: {t}"
    );
    assert!(t.contains("[redacted]"), "{t}");
}

#[test]
fn reveal_secrets_shows_them() {
    let out = oauth2spec(&["explain", "6749-4.1.2-d", "--reveal-secrets"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("conf-client-secret"), "{t}");
}

#[test]
fn an_unknown_id_exits_2_suggesting_close_ones() {
    let out = oauth2spec(&["explain", "6749-4.1.2-zz"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(2), "{t}");
    assert!(t.contains("unknown requirement ID"), "{t}");
    assert!(t.contains("6749-4.1.2-d"), "{t}");
}

#[test]
fn a_requirement_without_scenarios_gives_its_reason_and_runs_nothing() {
    let out = oauth2spec(&["explain", "6750-5.2-b"]);
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(t.contains("No scenario checks it: cipher suites"), "{t}");
    assert!(!t.contains("curl "), "{t}");
}
