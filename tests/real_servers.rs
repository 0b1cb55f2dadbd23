//! The published reports of real servers still hold: `reports/regenerate.sh --out` installs each
//! server, starts it on loopback and runs the suite into a scratch folder; every scenario's outcome
//! is then compared with the committed `reports/<server>/report.json`.
//!
//! Opt-in (it installs from npm, PyPI, Maven Central and the Go module proxy and takes many
//! minutes):
//!
//! ```sh
//! cargo test --release --test real_servers -- --ignored --nocapture
//! # only some servers:
//! OAUTH2SPEC_REAL_SERVERS="keycloak hydra" cargo test --release --test real_servers -- --ignored
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use oauth2spec::report::json;
use oauth2spec::report::model::{Outcome, Report};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The servers with a committed report, or those `OAUTH2SPEC_REAL_SERVERS` names.
fn servers() -> Vec<String> {
    if let Ok(list) = std::env::var("OAUTH2SPEC_REAL_SERVERS") {
        return list.split_whitespace().map(str::to_owned).collect();
    }
    let mut all: Vec<String> = std::fs::read_dir(root().join("reports"))
        .expect("reports/")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("report.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

fn read_report(path: &Path) -> Report {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn outcomes(report: &Report) -> BTreeMap<String, Outcome> {
    report
        .scenarios
        .iter()
        .map(|s| (format!("{}: {}", s.section, s.name), s.outcome))
        .collect()
}

#[test]
#[ignore = "installs real servers from npm, PyPI, Maven Central and Go; run with --ignored"]
fn real_servers_match_their_committed_reports() {
    let servers = servers();
    let out = tempfile::tempdir().expect("tempdir");
    let status = Command::new(root().join("reports/regenerate.sh"))
        .arg("--out")
        .arg(out.path())
        .args(&servers)
        .status()
        .expect("reports/regenerate.sh runs");
    assert!(status.success(), "reports/regenerate.sh failed: {status}");

    let mut differences = Vec::new();
    for server in &servers {
        let committed = outcomes(&read_report(
            &root().join("reports").join(server).join("report.json"),
        ));
        let fresh = outcomes(&read_report(&out.path().join(server).join("report.json")));
        for (scenario, was) in &committed {
            match fresh.get(scenario) {
                Some(now) if now == was => {}
                now => differences.push(format!("{server}: {scenario}: was {was:?}, now {now:?}")),
            }
        }
        for scenario in fresh.keys().filter(|s| !committed.contains_key(*s)) {
            differences.push(format!(
                "{server}: {scenario}: new, not in the committed report"
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "the servers no longer match reports/ (regenerate with reports/regenerate.sh and review):\n{}",
        differences.join("\n")
    );
}
