//! Reproducers: a finding's request as a `curl` command (the same rendering `explain` uses),
//! secrets redacted unless `--reveal-secrets`, with a comment header saying what it shows.

use std::path::{Path, PathBuf};

use crate::client::Redactor;
use crate::report::curl;

use super::case::Executed;
use super::corpus::SeedKind;

/// Where a finding came from.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    pub kind: SeedKind,
    pub case_index: u64,
    pub run_seed: u64,
    /// The minimizer saw it again.
    pub reproduced: bool,
}

/// One distinct finding, minimized.
#[derive(Debug, Clone)]
pub struct Reproducer {
    pub number: usize,
    pub oracle: &'static str,
    pub kind: SeedKind,
    pub mutations: String,
    pub evidence: String,
    pub case_index: u64,
    pub reproduced: bool,
    /// The shell script: comments, then the curl command.
    pub script: String,
}

impl Reproducer {
    pub fn new(
        number: usize,
        oracle: &'static str,
        executed: &Executed,
        origin: Origin,
        base: &Redactor,
    ) -> Reproducer {
        let Origin {
            kind,
            case_index,
            run_seed,
            reproduced,
        } = origin;
        let mut redactor = base.clone();
        for v in executed.fresh.values.iter().chain(&executed.fresh.secrets) {
            redactor.add_secret(v);
        }
        let evidence = executed
            .violations
            .iter()
            .find(|v| v.oracle == oracle)
            .map(|v| redactor.text(&v.evidence))
            .unwrap_or_default();
        let mutations = redactor.text(&executed.mutation_names());
        let command = curl::command(&redactor.evidence(&executed.exchange));
        let mut script = format!(
            "#!/bin/sh\n# oauth2spec fuzz finding {number}: {oracle}\n# {evidence}\n\
# flow: {}; mutations: {mutations}\n# found by: oauth2spec fuzz --seed {run_seed} (case {case_index}){}\n",
            kind.name(),
            if reproduced { "" } else { "; NOT reproduced on a second try (flaky)" },
        );
        if kind.single_use() {
            script.push_str(
                "# The code or refresh token below was spent when this was recorded: replace it with a fresh one.\n",
            );
        }
        if !redactor.reveals() {
            script.push_str(
                "# Secrets, codes and tokens are [redacted]; run the fuzzer with --reveal-secrets for a command to paste.\n",
            );
        }
        script.push_str(&command);
        script.push('\n');
        Reproducer {
            number,
            oracle,
            kind,
            mutations,
            evidence,
            case_index,
            reproduced,
            script,
        }
    }

    pub fn file_name(&self) -> String {
        format!("finding-{:02}-{}.sh", self.number, self.oracle)
    }

    /// Writes the script under `dir`; returns its path.
    pub fn save(&self, dir: &Path) -> std::io::Result<PathBuf> {
        let path = dir.join(self.file_name());
        std::fs::write(&path, &self.script)?;
        Ok(path)
    }
}
