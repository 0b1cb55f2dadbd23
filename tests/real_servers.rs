//! The published reports of real servers still hold: for each server in `reports/`, install it,
//! start it on loopback, run the suite, and compare every scenario's outcome with the committed
//! `reports/<server>/report.json`.
//!
//! Opt-in (it installs from npm and PyPI and takes minutes):
//!
//! ```sh
//! cargo test --release --test real_servers -- --ignored --nocapture
//! ```

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use oauth2spec::report::json;
use oauth2spec::report::model::Outcome;

const SERVERS: &[&str] = &["oidc-provider", "django-oauth-toolkit"];

/// Stops the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn issuer(config: &Path) -> String {
    let text = std::fs::read_to_string(config).expect("target.toml");
    let value: toml::Table = toml::from_str(&text).expect("target.toml parses");
    value["issuer"].as_str().expect("issuer").to_owned()
}

fn answers(url: &str) -> bool {
    Command::new("curl")
        .args(["-fsS", "-o", "/dev/null", "--max-time", "2", url])
        .status()
        .is_ok_and(|s| s.success())
}

fn outcomes(report: &oauth2spec::report::model::Report) -> BTreeMap<String, Outcome> {
    report
        .scenarios
        .iter()
        .map(|s| (format!("{}: {}", s.section, s.name), s.outcome))
        .collect()
}

#[test]
#[ignore = "installs real servers from npm and PyPI; run with --ignored"]
fn real_servers_match_their_committed_reports() {
    let mut differences = Vec::new();
    for server in SERVERS {
        let dir = root().join("reports").join(server);
        let install = Command::new(dir.join("install.sh"))
            .status()
            .expect("install.sh runs");
        assert!(install.success(), "{server}: install.sh failed");
        let config = dir.join("target.toml");
        let metadata = format!("{}/.well-known/oauth-authorization-server", issuer(&config));
        assert!(
            !answers(&metadata),
            "{server}: something already answers at {metadata}"
        );
        let _running = Server(
            Command::new(dir.join("start.sh"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start.sh starts"),
        );
        let started = Instant::now();
        while !answers(&metadata) {
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "{server} did not answer at {metadata}"
            );
            std::thread::sleep(Duration::from_millis(500));
        }
        let out = tempfile::tempdir().expect("tempdir");
        let report_path = out.path().join("report.json");
        let config_arg = config.to_string_lossy().into_owned();
        let report_arg = report_path.to_string_lossy().into_owned();
        let output = common::oauth2spec(&[
            "run",
            "--quiet",
            "--config",
            &config_arg,
            "--json",
            &report_arg,
        ]);
        let code = output.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "{server}: exit {code}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let fresh = json::parse(&std::fs::read_to_string(&report_path).expect("report written"))
            .expect("report parses");
        let committed = json::parse(
            &std::fs::read_to_string(dir.join("report.json")).expect("committed report"),
        )
        .expect("committed report parses");
        let (fresh, committed) = (outcomes(&fresh), outcomes(&committed));
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
