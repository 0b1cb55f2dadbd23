//! `oauth2spec fuzz` end to end: silent on the clean reference server, finds the quirks built
//! for it, and its reproducers replay; the same seed draws the same cases.
//!
//! The `client_secret_prefix_accepted` quirk is one the suite's scenarios cannot see (they send
//! a wrong secret that is longer than the real one); this test is what proves it is caught (see
//! `FUZZER_ONLY` in tests/quirk_matrix.rs).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use reference_server::{Quirk, RunningServer, ServerConfig};

/// A reference server with `quirks`, in this process, and a target config file for it.
async fn server_with(quirks: &[Quirk], dir: &Path) -> (RunningServer, String) {
    let server = reference_server::start(ServerConfig {
        quirks: quirks.iter().copied().collect(),
        ..Default::default()
    })
    .await
    .expect("reference server starts");
    let config = dir.join("target.toml");
    std::fs::write(
        &config,
        reference_server::target_config_toml(&server.base_url()),
    )
    .expect("write config");
    (server, config.display().to_string())
}

/// Runs the binary off the async runtime, so the in-process server keeps answering.
async fn fuzz(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut all = vec!["fuzz"];
        all.extend(args);
        common::oauth2spec(&all)
    })
    .await
    .expect("join")
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn reproducer(out: &Path, oracle: &str) -> std::path::PathBuf {
    std::fs::read_dir(out)
        .expect("out dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("finding-") && n.ends_with(&format!("{oracle}.sh")))
        })
        .unwrap_or_else(|| panic!("no reproducer for {oracle} in {}", out.display()))
}

async fn replay(script: &Path) -> String {
    let script = script.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let o = Command::new("sh").arg(&script).output().expect("sh runs");
        common::text(&o)
    })
    .await
    .expect("join")
}

#[test]
fn the_clean_server_gives_no_finding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let o = common::oauth2spec(&[
        "fuzz",
        "--requests",
        "300",
        "--seed",
        "7",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]);
    let text = common::text(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("300 cases in"), "{text}");
    assert!(text.contains("0 finding(s)"), "{text}");
    let cases = std::fs::read_to_string(out.join("cases.tsv")).expect("cases.tsv");
    assert_eq!(cases.lines().count(), 301, "{cases}");
    // Every seed flow was fuzzed, so silence means something.
    for seed in [
        "authorization_request",
        "code_redemption",
        "refresh",
        "client_credentials",
        "introspection",
    ] {
        assert!(cases.contains(&format!("\t{seed}\t")), "{seed} never drawn");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_500_on_a_duplicated_parameter_is_found_minimized_and_replayable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, config) = server_with(&[Quirk::TokenDuplicateParam500], dir.path()).await;
    let out = dir.path().join("out");
    let o = fuzz(args(&[
        "--config",
        &config,
        "--requests",
        "300",
        "--seed",
        "7",
        "--reveal-secrets",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]))
    .await;
    let text = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("finding 1: server_error"), "{text}");
    assert!(text.contains("minimized to: duplicate_param("), "{text}");
    assert!(text.contains("curl -sS -i"), "{text}");
    let script = reproducer(&out, "server_error");
    let replayed = replay(&script).await;
    assert!(replayed.contains("HTTP/1.1 500"), "{replayed}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_for_a_truncated_secret_is_found_and_the_reproducer_redacts_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (server, config) = server_with(&[Quirk::ClientSecretPrefixAccepted], dir.path()).await;

    let revealed = dir.path().join("revealed");
    let o = fuzz(args(&[
        "--config",
        &config,
        "--requests",
        "300",
        "--seed",
        "7",
        "--reveal-secrets",
        "--out",
        revealed.to_str().expect("utf-8 path"),
    ]))
    .await;
    let text = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(
        text.contains("issued_for_rejected_request on client_credentials"),
        "{text}"
    );
    assert!(text.contains("minimized to: truncated_secret("), "{text}");
    let replayed = replay(&reproducer(&revealed, "issued_for_rejected_request")).await;
    assert!(replayed.contains("HTTP/1.1 200"), "{replayed}");
    assert!(replayed.contains("access_token"), "{replayed}");

    // Without --reveal-secrets nothing secret is written or printed.
    let redacted = dir.path().join("redacted");
    let o = fuzz(args(&[
        "--config",
        &config,
        "--requests",
        "300",
        "--seed",
        "7",
        "--out",
        redacted.to_str().expect("utf-8 path"),
    ]))
    .await;
    let text = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let script = std::fs::read_to_string(reproducer(&redacted, "issued_for_rejected_request"))
        .expect("reproducer");
    assert!(script.contains("[redacted]"), "{script}");
    let toml = std::fs::read_to_string(&config).expect("config");
    for line in toml
        .lines()
        .filter(|l| l.trim_start().starts_with("secret") || l.trim_start().starts_with("password"))
    {
        let value = line.split('"').nth(1).unwrap_or_default();
        if value.len() >= 4 {
            assert!(!script.contains(value), "secret {value:?} in {script}");
            assert!(!text.contains(value), "secret {value:?} printed: {text}");
        }
    }
    server.shutdown().await;
}

#[test]
fn the_same_seed_draws_the_same_cases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        let o = common::oauth2spec(&[
            "fuzz",
            "--requests",
            "60",
            "--seed",
            seed,
            "--out",
            out.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", common::text(&o));
        let cases = std::fs::read_to_string(out.join("cases.tsv")).expect("cases.tsv");
        // case, seed flow, mutations: everything but the answer.
        cases
            .lines()
            .map(|l| {
                l.rsplit_once('\t')
                    .map(|(a, _)| a.to_string())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
    };
    let a = run("a", "11");
    let b = run("b", "11");
    assert_eq!(a, b);
    assert_ne!(a, run("c", "12"));
}

#[test]
fn an_unreachable_target_exits_3_and_bad_flags_exit_2() {
    let o = common::oauth2spec(&[
        "fuzz",
        "--target",
        "http://127.0.0.1:9",
        "--client-id",
        "c",
        "--client-secret",
        "s",
        "--redirect-uri",
        "http://127.0.0.1:9/cb",
        "--requests",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", common::text(&o));
    let o = common::oauth2spec(&["fuzz", "--rate", "0", "--requests", "5"]);
    assert_eq!(o.status.code(), Some(2), "{}", common::text(&o));
    assert!(common::text(&o).contains("--rate"));
    let o = common::oauth2spec(&["fuzz", "--quirk", "no_such_quirk"]);
    assert_eq!(o.status.code(), Some(2), "{}", common::text(&o));
}
