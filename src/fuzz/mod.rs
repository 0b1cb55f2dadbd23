//! `oauth2spec fuzz`: the live protocol fuzzer.
//!
//! Valid requests recorded from real flows ([`corpus`]) are mutated with protocol knowledge
//! ([`mutators`]), sent, and every answer is judged by [`oracles`] that hold whatever was sent:
//! no 5xx, no slow answer, well-formed errors, no token or code for a request that must be
//! rejected, no reflected secret. Each distinct finding is [`minimize`]d and saved as a curl
//! [`reproducer`]. Runs are seeded: the same seed draws the same cases.

pub mod case;
pub mod corpus;
pub mod minimize;
pub mod mutators;
pub mod oracles;
pub mod reproducer;
pub mod request;

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;

use crate::world::RunContext;

use case::{execute, plan, Plan};
use corpus::{Corpus, SeedKind};
use reproducer::Reproducer;
use request::Endpoint;

#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Stop after this many cases.
    pub requests: Option<u64>,
    /// Stop starting cases after this long.
    pub duration: Option<Duration>,
    /// At most this many cases per second.
    pub rate: Option<f64>,
    pub concurrency: usize,
    /// Reproducers and `cases.tsv` go here.
    pub out: PathBuf,
    /// An answer slower than this is a finding.
    pub slow: Duration,
    pub progress: bool,
}

/// How the run ended.
#[derive(Debug)]
pub struct Summary {
    pub cases: u64,
    /// Requests sent within the budget: the cases and the logins and code exchanges they needed.
    pub http_requests: u64,
    pub elapsed: Duration,
    pub findings: Vec<Reproducer>,
    /// Cases whose fresh material could not be obtained.
    pub setup_failures: u64,
    /// Requests sent after the budget, to minimize the findings (not in `http_requests`).
    pub minimization_requests: u64,
}

impl Summary {
    pub fn cases_per_second(&self) -> f64 {
        self.cases as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn requests_per_second(&self) -> f64 {
        self.http_requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FuzzError {
    /// No seed request could be recorded: the target cannot be fuzzed (exit 3).
    #[error("no seed request could be recorded from the target:\n{0}")]
    NoSeeds(String),
    /// Every case failed before sending its request (exit 3).
    #[error("no case could be run: {0}")]
    NoCases(String),
    #[error("cannot write to {path}: {detail}")]
    Output { path: String, detail: String },
}

/// Paces the start of cases to `--rate`.
struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl Pacer {
    async fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let at = (*next).max(Instant::now());
            *next = at + interval;
            at
        };
        tokio::time::sleep_until(at.into()).await;
    }
}

/// A distinct finding while fuzzing: oracle, seed flow, the kinds of mutation applied.
type FindingKey = (&'static str, SeedKind, Vec<&'static str>);

/// One line of `cases.tsv`.
struct CaseLine {
    index: u64,
    kind: SeedKind,
    mutations: String,
    outcome: String,
}

/// Runs the fuzzer. Prints the seeds, a progress bar (when asked) and each finding; returns
/// the summary.
pub async fn run(ctx: Arc<RunContext>, options: Options) -> Result<Summary, FuzzError> {
    std::fs::create_dir_all(&options.out).map_err(|e| FuzzError::Output {
        path: options.out.display().to_string(),
        detail: e.to_string(),
    })?;
    let started = Instant::now();
    let corpus = Corpus::record(ctx.clone()).await;
    for (kind, why) in &corpus.skipped {
        println!("seed {:<28} skipped: {why}", kind.name());
    }
    if corpus.seeds.is_empty() {
        let reasons = corpus
            .skipped
            .iter()
            .map(|(k, why)| format!("  {}: {why}", k.name()))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(FuzzError::NoSeeds(reasons));
    }
    println!(
        "seeds: {}",
        corpus
            .seeds
            .iter()
            .map(|(k, c)| format!("{} ({})", k.name(), c.id))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let max = options.requests.unwrap_or(u64::MAX);
    let deadline = options.duration.map(|d| Instant::now() + d);
    let bar = if options.progress {
        let bar = match options.requests {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed}] {bar:30} {pos} cases {per_sec} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let pacer = Pacer {
        interval: options
            .rate
            .filter(|r| *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r)),
        next: Mutex::new(Instant::now()),
    };
    let sent = AtomicU64::new(0);
    let setup_failures = AtomicU64::new(0);
    let first_setup_error: Mutex<Option<String>> = Mutex::new(None);
    // First case of each distinct finding: (oracle, seed, mutation kinds) → plan.
    let distinct: Mutex<BTreeMap<FindingKey, Plan>> = Mutex::new(BTreeMap::new());
    let fuzz_started = Instant::now();
    let setup_before = corpus.setup_requests.load(Ordering::Relaxed);

    let lines: Vec<CaseLine> = futures::stream::iter(0..max)
        .take_while(|_| {
            let go = deadline.is_none_or(|d| Instant::now() < d);
            async move { go }
        })
        .map(|index| {
            let corpus = &corpus;
            let ctx = &ctx;
            let options = &options;
            let pacer = &pacer;
            let sent = &sent;
            let setup_failures = &setup_failures;
            let first_setup_error = &first_setup_error;
            let distinct = &distinct;
            let bar = &bar;
            async move {
                let plan = plan(&corpus.seeds, options.seed, index)?;
                pacer.wait().await;
                let result = execute(corpus, &ctx.http, &plan, options.slow).await;
                bar.inc(1);
                let line = match result {
                    Err(why) => {
                        setup_failures.fetch_add(1, Ordering::Relaxed);
                        first_setup_error
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .get_or_insert_with(|| why.clone());
                        CaseLine {
                            index,
                            kind: plan.kind,
                            mutations: planned_names(&plan),
                            outcome: format!("setup failed: {}", ctx.redactor.text(&why)),
                        }
                    }
                    Ok(e) => {
                        sent.fetch_add(1, Ordering::Relaxed);
                        let kinds: Vec<&'static str> =
                            e.applied.iter().map(|a| a.kind.name()).collect();
                        let mut map = distinct.lock().unwrap_or_else(|e| e.into_inner());
                        for v in &e.violations {
                            let key = (v.oracle, plan.kind, kinds.clone());
                            if let Entry::Vacant(slot) = map.entry(key) {
                                bar.println(format!(
                                    "found {} on {} after {}",
                                    v.oracle,
                                    plan.kind.name(),
                                    e.mutation_names()
                                ));
                                slot.insert(plan.clone());
                            }
                        }
                        let status = match &e.exchange.response {
                            Ok(r) => format!("HTTP {}", r.status),
                            Err(_) => "no response".into(),
                        };
                        let oracles: Vec<&str> = e.violations.iter().map(|v| v.oracle).collect();
                        CaseLine {
                            index,
                            kind: plan.kind,
                            mutations: ctx.redactor.text(&e.mutation_names()),
                            outcome: if oracles.is_empty() {
                                status
                            } else {
                                format!("{status} {}", oracles.join(","))
                            },
                        }
                    }
                };
                Some(line)
            }
        })
        .buffer_unordered(options.concurrency.max(1))
        .filter_map(|l| async move { l })
        .collect()
        .await;
    let fuzz_elapsed = fuzz_started.elapsed();
    // Requests sent while fuzzing: the cases and the logins and exchanges that fed them.
    let http_requests =
        sent.load(Ordering::Relaxed) + corpus.setup_requests.load(Ordering::Relaxed) - setup_before;
    bar.finish_and_clear();

    let cases = lines.len() as u64;
    let setup_failures = setup_failures.load(Ordering::Relaxed);
    if cases > 0 && setup_failures == cases {
        let why = first_setup_error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .unwrap_or_default();
        return Err(FuzzError::NoCases(ctx.redactor.text(&why)));
    }
    write_cases(&options.out, lines)?;

    // Minimize each distinct finding and save its reproducer.
    let mut findings = Vec::new();
    let mut minimization_requests = 0;
    let mut candidates: Vec<_> = distinct
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .collect();
    candidates.sort_by_key(|((_, _, kinds), plan)| (kinds.len(), plan.index));
    // (oracle, endpoint, minimized mutation kinds) of the findings kept so far: one finding
    // covers every case at its endpoint whose mutations include its own.
    let mut kept: Vec<(&'static str, Endpoint, Vec<&'static str>)> = Vec::new();
    let covered = |kept: &[(&'static str, Endpoint, Vec<&'static str>)],
                   oracle: &str,
                   endpoint: Endpoint,
                   kinds: &[&'static str]| {
        kept.iter()
            .any(|(o, e, k)| *o == oracle && *e == endpoint && k.iter().all(|x| kinds.contains(x)))
    };
    for ((oracle, kind, kinds), plan) in candidates {
        if covered(&kept, oracle, kind.endpoint(), &kinds) {
            continue;
        }
        let minimized = minimize::minimize(&corpus, &ctx.http, &plan, oracle, options.slow).await;
        let (executed, reproduced) = match minimized {
            Some(m) => {
                minimization_requests += m.trials;
                (Some(m.executed), true)
            }
            None => {
                minimization_requests += 1;
                // Did not come back: show the original case once more for its evidence.
                (
                    execute(&corpus, &ctx.http, &plan, options.slow).await.ok(),
                    false,
                )
            }
        };
        let Some(executed) = executed else { continue };
        let minimized_kinds: Vec<&'static str> =
            executed.applied.iter().map(|a| a.kind.name()).collect();
        if covered(&kept, oracle, kind.endpoint(), &minimized_kinds) {
            continue;
        }
        kept.push((oracle, kind.endpoint(), minimized_kinds));
        let number = findings.len() + 1;
        let r = Reproducer::new(
            number,
            oracle,
            &executed,
            reproducer::Origin {
                kind,
                case_index: plan.index,
                run_seed: options.seed,
                reproduced,
            },
            &ctx.redactor,
        );
        let path = r.save(&options.out).map_err(|e| FuzzError::Output {
            path: options.out.display().to_string(),
            detail: e.to_string(),
        })?;
        println!(
            "\nfinding {number}: {oracle} on {} ({})\n  {}\n  minimized to: {}\n  reproducer: {}\n{}",
            kind.name(),
            if reproduced { "reproduced" } else { "did not reproduce" },
            r.evidence,
            r.mutations,
            path.display(),
            r.script.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n")
        );
        findings.push(r);
    }
    let _ = std::io::stdout().flush();
    Ok(Summary {
        cases,
        http_requests,
        elapsed: if cases > 0 {
            fuzz_elapsed
        } else {
            started.elapsed()
        },
        findings,
        setup_failures,
        minimization_requests,
    })
}

fn planned_names(plan: &Plan) -> String {
    plan.mutations
        .iter()
        .map(|(_, m)| m.name())
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_cases(dir: &std::path::Path, mut lines: Vec<CaseLine>) -> Result<(), FuzzError> {
    lines.sort_by_key(|l| l.index);
    let mut text = String::from("case\tseed\tmutations\toutcome\n");
    for l in lines {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            l.index,
            l.kind.name(),
            l.mutations,
            l.outcome
        ));
    }
    let path = dir.join("cases.tsv");
    std::fs::write(&path, text).map_err(|e| FuzzError::Output {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_pacer_spaces_cases_by_the_rate() {
        let pacer = Pacer {
            interval: Some(Duration::from_millis(20)),
            next: Mutex::new(Instant::now()),
        };
        let started = Instant::now();
        for _ in 0..6 {
            pacer.wait().await;
        }
        // The first goes at once, the next five 20 ms apart.
        assert!(started.elapsed() >= Duration::from_millis(100));
        let unpaced = Pacer {
            interval: None,
            next: Mutex::new(Instant::now()),
        };
        let started = Instant::now();
        for _ in 0..100 {
            unpaced.wait().await;
        }
        assert!(started.elapsed() < Duration::from_millis(100));
    }
}
