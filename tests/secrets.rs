//! Secrets stay out of every report and log unless `--reveal-secrets`.
//!
//! The test starts reference servers, points the binary at them through a target config (as a
//! user would), runs the suite (clean, and with quirks so that failures print their evidence)
//! and `explain`, then greps the terminal output (`--verbose`) and every report file for every
//! secret of the run: the client secrets and the password from the config, the `Authorization:
//! Basic` values built from them, and every code, token, session cookie, CSRF token and PKCE
//! verifier the server minted or received (the server keeps that list, so the test does not
//! rely on the harness to know its own secrets).
//!
//! A new report writer is one line in [`REPORT_FLAGS`].

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use reference_server::{Quirk, RunningServer, ServerConfig};

/// The flags that write a report file; each gets its own file.
const REPORT_FLAGS: &[&str] = &["--junit", "--json"];

/// Quirks whose failures print token responses, codes and client authentication as evidence.
const QUIRKS: &[Quirk] = &[Quirk::CodeReuseAllowed, Quirk::TokenResponseCacheable];

/// One thing the harness produced: a name for messages and its text.
struct Artifact {
    name: String,
    text: String,
    /// From the run with quirks: it has failures, so it shows evidence.
    with_evidence: bool,
}

async fn server(quirks: &[Quirk]) -> RunningServer {
    reference_server::start(ServerConfig {
        quirks: quirks.iter().copied().collect(),
        ..ServerConfig::default()
    })
    .await
    .expect("the reference server starts")
}

/// The server's target config, as `oauth2spec serve --print-config` prints it, in `dir`.
fn write_config(dir: &Path, server: &RunningServer) -> PathBuf {
    let path = dir.join("target.toml");
    std::fs::write(
        &path,
        reference_server::target_config_toml(&server.base_url()),
    )
    .expect("config written");
    path
}

/// Runs the binary on a blocking thread (the servers live in this process).
async fn oauth2spec(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_oauth2spec"))
            .args(&args)
            .env("NO_COLOR", "1")
            .output()
            .expect("the binary runs")
    })
    .await
    .expect("joined")
}

/// `run --verbose` with every report file, then `explain`; returns everything they produced.
async fn run_everything(
    dir: &Path,
    config: &Path,
    reveal: bool,
    with_evidence: bool,
) -> Vec<Artifact> {
    let config = config.display().to_string();
    let mut args: Vec<String> = vec!["run".into(), "--config".into(), config.clone()];
    args.extend(["--verbose".into(), "--color".into(), "never".into()]);
    let mut files = Vec::new();
    for flag in REPORT_FLAGS {
        let file = dir.join(format!("report{flag}"));
        args.extend([flag.to_string(), file.display().to_string()]);
        files.push((flag, file));
    }
    if reveal {
        args.push("--reveal-secrets".into());
    }
    let out = oauth2spec(args).await;
    let terminal = common::text(&out);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "the run reached a verdict:\n{terminal}"
    );
    let mut artifacts = vec![Artifact {
        name: "terminal (run --verbose)".into(),
        text: terminal,
        with_evidence,
    }];
    for (flag, file) in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{flag} wrote no file {}: {e}", file.display()));
        artifacts.push(Artifact {
            name: format!("{flag} report"),
            text,
            with_evidence,
        });
    }
    let mut args: Vec<String> = vec![
        "explain".into(),
        "6749-4.1.2-d".into(),
        "--config".into(),
        config,
    ];
    if reveal {
        args.push("--reveal-secrets".into());
    }
    let out = oauth2spec(args).await;
    assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
    artifacts.push(Artifact {
        name: "explain".into(),
        text: common::text(&out),
        // explain prints every exchange of the scenario, passing or not.
        with_evidence: true,
    });
    artifacts
}

/// The secrets of the config: client secrets, the password, and the Basic credentials built
/// from them (RFC 6749 §2.3.1: form-urlencoded, then base64).
fn config_secrets(config: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(config).expect("config");
    let file: toml::Value = toml::from_str(&text).expect("config parses");
    let mut secrets = Vec::new();
    let clients = file
        .get("clients")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default();
    for client in clients {
        let id = client
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        if let Some(secret) = client.get("secret").and_then(|v| v.as_str()) {
            secrets.push(secret.to_string());
            let encode =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            secrets.push(STANDARD.encode(format!("{}:{}", encode(id), encode(secret))));
        }
    }
    if let Some(password) = file
        .get("user")
        .and_then(|u| u.get("password"))
        .and_then(|v| v.as_str())
    {
        secrets.push(password.to_string());
    }
    secrets
}

/// A run against the clean server and one against a quirky one (failures print evidence).
async fn runs(reveal: bool) -> (Vec<Artifact>, Vec<String>) {
    let mut artifacts = Vec::new();
    let mut secrets = Vec::new();
    for quirks in [&[][..], QUIRKS] {
        let dir = tempfile::tempdir().expect("temp dir");
        let server = server(quirks).await;
        let config = write_config(dir.path(), &server);
        let with_evidence = !quirks.is_empty();
        artifacts.extend(run_everything(dir.path(), &config, reveal, with_evidence).await);
        secrets.extend(config_secrets(&config));
        secrets.extend(server.secrets_seen());
        server.shutdown().await;
    }
    secrets.sort();
    secrets.dedup();
    (artifacts, secrets)
}

/// The text around byte `at`, for a leak's message.
fn around(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(80)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(200).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_report_or_log_shows_a_secret() {
    let (artifacts, secrets) = runs(false).await;
    // Enough seen to make the test mean something: several flows' codes, tokens and cookies.
    assert!(secrets.len() > 50, "only {} secrets seen", secrets.len());
    let mut leaks = Vec::new();
    for a in &artifacts {
        for s in &secrets {
            if let Some(at) = a.text.find(s.as_str()) {
                leaks.push(format!(
                    "{} shows {s:?} in …{}…",
                    a.name,
                    around(&a.text, at)
                ));
            }
        }
    }
    assert!(leaks.is_empty(), "secrets leaked:\n{}", leaks.join("\n"));
    for a in &artifacts {
        assert!(
            !a.with_evidence || a.text.contains("[redacted]"),
            "{} shows no redaction at all, so it shows no evidence to test:\n{}",
            a.name,
            a.text
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reveal_secrets_shows_them() {
    let (artifacts, secrets) = runs(true).await;
    for a in &artifacts {
        let shown = secrets
            .iter()
            .filter(|s| a.text.contains(s.as_str()))
            .count();
        assert!(
            !a.with_evidence || shown > 0,
            "{} shows none of the run's secrets with --reveal-secrets",
            a.name
        );
        assert!(
            !a.text.contains("[redacted]"),
            "{} still redacts with --reveal-secrets",
            a.name
        );
    }
}
