//! The command line: `run`, `serve`, `list`, `coverage`, `explain`, `fuzz`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{self, ClientSettings, ClientType, TargetFile, UserSettings};
use crate::exit_code;
use crate::features::{self, Selection};
use crate::report::model::Report;
use crate::runner::{self, RunError, RunOptions};
use crate::session::{self, SessionError};
use crate::world::RunContext;

/// `print!` to standard output; when the reader has gone (`oauth2spec list | head`), exits
/// quietly with 141, as a program killed by SIGPIPE would, instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

/// `println!` with the same handling of a closed standard output as `out!`.
macro_rules! outln {
    () => { write_stdout(format_args!("\n")) };
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(i32::from(exit_code::OUTPUT_CLOSED));
        }
        eprintln!("error: cannot write to standard output: {e}");
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "oauth2spec",
    version,
    about = "Conformance harness for OAuth 2.0 authorization servers (RFC 6749, 7636, 6750 and friends)",
    long_about = "Runs Gherkin scenarios encoding the normative requirements of RFC 6749, RFC 7636 and the RFCs \
around them against an authorization server, and says per requirement: pass, fail, warn or skipped, with \
the HTTP evidence.\n\nWith no target, `run` checks the embedded reference server.",
    after_help = exit_code::HELP
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the conformance suite against a server (default: the embedded reference server).
    #[command(after_help = exit_code::HELP)]
    Run(Box<RunArgs>),
    /// Start the reference server on 127.0.0.1 (optionally with quirks that break requirements).
    Serve(ServeArgs),
    /// List the scenarios with their requirement IDs.
    List(ListArgs),
    /// Count the requirements (features/requirements.tsv) the scenarios cover, per RFC and level.
    Coverage(CoverageArgs),
    /// Show a requirement, the scenarios that check it, and their HTTP exchanges as curl commands.
    Explain(Box<ExplainArgs>),
    /// Merge JSON reports of several servers into one Markdown conformance matrix.
    Matrix(MatrixArgs),
    /// Fuzz the server live: mutate valid requests with protocol knowledge and report answers
    /// that break a rule whatever was sent (5xx, tokens for invalid requests, …).
    #[command(after_help = FUZZ_EXIT_HELP)]
    Fuzz(Box<FuzzArgs>),
}

/// Exit codes of `fuzz`.
pub const FUZZ_EXIT_HELP: &str = "Exit codes:
  0  nothing found
  1  at least one finding (reproducers saved under --out)
  2  usage or configuration error
  3  target unreachable, or no seed request could be recorded from it";

#[derive(Debug, Args)]
pub struct FuzzArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// Seed of the random choices: the same seed draws the same cases.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Stop after this long, e.g. 30s, 5m (default: 30s unless --requests is given).
    #[arg(long, value_parser = humantime::parse_duration, value_name = "DURATION")]
    pub duration: Option<std::time::Duration>,
    /// Stop after this many fuzz cases (one mutated request each).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub requests: Option<u64>,
    /// At most this many cases per second (default: as fast as the target answers).
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<f64>,
    /// Cases in flight at once.
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Directory for the reproducers (finding-NN-<oracle>.sh) and cases.tsv.
    #[arg(long, default_value = "oauth2spec-fuzz", value_name = "DIR")]
    pub out: PathBuf,
    /// An answer slower than this is a finding.
    #[arg(long, default_value = "5s", value_parser = humantime::parse_duration, value_name = "DURATION")]
    pub slow: std::time::Duration,
    /// Show secrets, codes and tokens in the reproducers instead of [redacted].
    #[arg(long)]
    pub reveal_secrets: bool,
}

#[derive(Debug, Args)]
pub struct MatrixArgs {
    /// JSON reports (`run --json`), one per server, in column order.
    #[arg(required = true, value_name = "REPORT.json")]
    pub reports: Vec<PathBuf>,
    /// Heading of the page.
    #[arg(long, default_value = "Conformance matrix")]
    pub title: String,
    /// A Markdown file whose text goes between the heading and the matrix.
    #[arg(long, value_name = "FILE")]
    pub preamble: Option<PathBuf>,
    /// Write the Markdown here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverageFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Output format (JSON shape: docs/coverage.md).
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    pub format: CoverageFormat,
    /// Read feature files (and uncovered.tsv) from this directory instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub features_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Requirement ID, e.g. 6749-4.1.2-d.
    pub id: String,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Show secrets (client secrets, passwords, codes, tokens) in the curl commands.
    #[arg(long)]
    pub reveal_secrets: bool,
    /// Read feature files from this directory instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub features_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Run only scenarios matching this tag expression, e.g. "@MUST and not @slow", "@6749-4.1.2-d".
    #[arg(long, value_name = "EXPR")]
    pub tags: Option<String>,
    /// Run only this RFC section and its subsections, e.g. rfc6749/4.1.2.1 or rfc7636 (repeatable).
    #[arg(long, value_name = "SECTION")]
    pub section: Vec<String>,
    /// Read feature files from this directory instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub features_dir: Option<PathBuf>,
    /// The rulebook: oauth2.1 (RFC 9700 and OAuth 2.1: no implicit or password grant, PKCE
    /// everywhere, S256) or rfc6749 (what RFC 6749 alone allows). Scenarios tagged
    /// @profile-oauth2.1 or @profile-rfc6749 run only under that profile.
    #[arg(long, value_name = "PROFILE", default_value = "oauth2.1", value_parser = parse_profile)]
    pub profile: features::Profile,
}

fn parse_profile(s: &str) -> Result<features::Profile, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Target config file (TOML) describing the server, its clients, user and login pages.
    #[arg(long, short = 'c', value_name = "FILE", conflicts_with = "target")]
    pub config: Option<PathBuf>,
    /// Issuer URL of the server: endpoints come from RFC 8414 discovery, clients from the flags below.
    #[arg(long, value_name = "ISSUER_URL")]
    pub target: Option<String>,
    /// With --target: a confidential client's id.
    #[arg(long, env = "OAUTH2SPEC_CLIENT_ID", requires = "target")]
    pub client_id: Option<String>,
    /// With --target: that client's secret.
    #[arg(
        long,
        env = "OAUTH2SPEC_CLIENT_SECRET",
        hide_env_values = true,
        requires = "target"
    )]
    pub client_secret: Option<String>,
    /// With --target: a second confidential client's id (for client-binding checks).
    #[arg(long, env = "OAUTH2SPEC_CLIENT2_ID", requires = "target")]
    pub client2_id: Option<String>,
    /// With --target: the second client's secret.
    #[arg(
        long,
        env = "OAUTH2SPEC_CLIENT2_SECRET",
        hide_env_values = true,
        requires = "target"
    )]
    pub client2_secret: Option<String>,
    /// With --target: a public client's id (PKCE checks).
    #[arg(long, env = "OAUTH2SPEC_PUBLIC_CLIENT_ID", requires = "target")]
    pub public_client_id: Option<String>,
    /// With --target: a redirect URI registered for these clients (repeatable; the first is used).
    #[arg(
        long,
        env = "OAUTH2SPEC_REDIRECT_URI",
        value_delimiter = ',',
        requires = "target"
    )]
    pub redirect_uri: Vec<String>,
    /// With --target: a protected resource (RFC 6750) that accepts the server's access tokens.
    #[arg(long, value_name = "URL", requires = "target")]
    pub resource: Option<String>,
    /// With --target: the test user's name.
    #[arg(long, env = "OAUTH2SPEC_USERNAME", requires = "target")]
    pub username: Option<String>,
    /// With --target: the test user's password.
    #[arg(
        long,
        env = "OAUTH2SPEC_PASSWORD",
        hide_env_values = true,
        requires = "target"
    )]
    pub password: Option<String>,
    /// With --target: the scope to ask for in ordinary flows.
    #[arg(long, requires = "target")]
    pub scope: Option<String>,
    /// Embedded reference server only: switch on a quirk that breaks one requirement (repeatable;
    /// `oauth2spec serve --list-quirks` lists them).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["config", "target"])]
    pub quirk: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Treat SHOULD-level violations as failures (exit 1) instead of warnings.
    #[arg(long)]
    pub strict: bool,
    /// Write a JUnit XML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the JSON report (docs/report-format.md) to FILE.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// How many scenarios run at once.
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Show secrets (client secrets, passwords, codes, tokens) in reports instead of [redacted].
    #[arg(long)]
    pub reveal_secrets: bool,
    /// Color the terminal output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Show the evidence of passing checks too.
    #[arg(long, short = 'v', conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only the totals line (and write the report files).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub files: crate::gating::ReportFileArgs,
    #[command(flatten)]
    pub gate: crate::gating::GateArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Switch on a quirk (repeatable).
    #[arg(long, value_name = "NAME")]
    pub quirk: Vec<String>,
    /// List the quirks: name, requirement ID, what it breaks.
    #[arg(long)]
    pub list_quirks: bool,
    /// Print the target config that points the harness at the server, and exit.
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub select: SelectArgs,
}

/// Parses the command line, runs, and returns the exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit_code::USAGE
            } else {
                exit_code::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return exit_code::HARNESS_ERROR;
        }
    };
    runtime.block_on(async {
        match cli.command {
            Command::Run(args) => run(*args).await,
            Command::Serve(args) => serve(args).await,
            Command::List(args) => list(args),
            Command::Coverage(args) => coverage(args),
            Command::Explain(args) => explain(*args).await,
            Command::Matrix(args) => matrix(args),
            Command::Fuzz(args) => fuzz(*args).await,
        }
    })
}

/// An error with the exit code it maps to.
struct Failure(u8, String);

fn usage(msg: impl Into<String>) -> Failure {
    Failure(exit_code::USAGE, msg.into())
}

fn selection(args: &SelectArgs) -> Result<Selection, Failure> {
    let mut sel = Selection {
        sections: args.section.clone(),
        profile: Some(args.profile),
        ..Selection::default()
    };
    if let Some(t) = &args.tags {
        sel = sel.with_tags(t).map_err(usage)?;
    }
    Ok(sel)
}

fn load_features(args: &SelectArgs) -> Result<Vec<gherkin::Feature>, Failure> {
    features::load(args.features_dir.as_deref()).map_err(|e| usage(e.to_string()))
}

fn parse_quirks(
    names: &[String],
) -> Result<std::collections::BTreeSet<reference_server::Quirk>, Failure> {
    names
        .iter()
        .map(|n| reference_server::Quirk::from_str(n).map_err(|e| usage(e.to_string())))
        .collect()
}

/// A target file built from `--target` and the client flags.
fn file_from_flags(t: &TargetArgs, issuer: &str) -> TargetFile {
    let mut clients = Vec::new();
    let redirect_uris = t.redirect_uri.clone();
    let confidential = |id: &Option<String>, secret: &Option<String>| {
        id.as_ref().map(|id| ClientSettings {
            id: id.clone(),
            secret: secret.clone(),
            client_type: ClientType::Confidential,
            auth_methods: vec![],
            redirect_uris: redirect_uris.clone(),
            grant_types: vec![],
            scopes: vec![],
            pkce: None,
            name: None,
            native: false,
        })
    };
    clients.extend(confidential(&t.client_id, &t.client_secret));
    clients.extend(confidential(&t.client2_id, &t.client2_secret));
    if let Some(id) = &t.public_client_id {
        clients.push(ClientSettings {
            id: id.clone(),
            secret: None,
            client_type: ClientType::Public,
            auth_methods: vec!["none".into()],
            redirect_uris: redirect_uris.clone(),
            grant_types: vec![],
            scopes: vec![],
            pkce: None,
            name: None,
            native: false,
        });
    }
    TargetFile {
        issuer: Some(issuer.to_string()),
        clients,
        user: match (&t.username, &t.password) {
            (Some(u), Some(p)) => Some(UserSettings {
                username: u.clone(),
                password: p.clone(),
            }),
            _ => None,
        },
        offers: config::Offers {
            scope: t.scope.clone(),
            ..Default::default()
        },
        endpoints: config::Endpoints {
            resource: t.resource.clone(),
            ..Default::default()
        },
        ..TargetFile::default()
    }
}

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Self {
        match e {
            SessionError::Usage(m) => usage(m),
            SessionError::Harness(m) => Failure(exit_code::HARNESS_ERROR, m),
        }
    }
}

/// The target file and, for the embedded reference server, the running server.
async fn target_file(
    t: &TargetArgs,
) -> Result<(TargetFile, Option<reference_server::RunningServer>), Failure> {
    if let Some(path) = &t.config {
        return Ok((config::load(path).map_err(|e| usage(e.to_string()))?, None));
    }
    if let Some(issuer) = &t.target {
        url::Url::parse(issuer)
            .map_err(|e| usage(format!("--target {issuer:?} is not an absolute URL: {e}")))?;
        let file = file_from_flags(t, issuer);
        if file.clients.is_empty() {
            return Err(usage(
                "--target needs at least one client: --client-id/--client-secret (or OAUTH2SPEC_CLIENT_ID/OAUTH2SPEC_CLIENT_SECRET), \
--public-client-id, and --redirect-uri; or describe the server in a --config file",
            ));
        }
        return Ok((file, None));
    }
    let (file, server) = session::start_reference(parse_quirks(&t.quirk)?).await?;
    Ok((file, Some(server)))
}

async fn prepare(
    t: &TargetArgs,
    reveal: bool,
    strict: bool,
) -> Result<(Arc<RunContext>, Option<reference_server::RunningServer>), Failure> {
    let (file, server) = target_file(t).await?;
    let ctx = session::context_for(file, reveal, strict).await?;
    print_notes(&ctx);
    Ok((ctx, server))
}

/// Notes on standard error before the suite sends anything (e.g. endpoints on other hosts).
fn print_notes(ctx: &RunContext) {
    for note in session::notes(&ctx.target) {
        eprintln!("note: {note}");
    }
}

/// What a report of a run that could not start needs from the target file.
struct NotRun {
    target: crate::report::model::TargetInfo,
    redactor: crate::client::Redactor,
}

impl NotRun {
    fn of(file: &TargetFile, reveal: bool) -> NotRun {
        let mut redactor = crate::client::Redactor::new(reveal);
        for client in &file.clients {
            if let Some(secret) = &client.secret {
                redactor.add_secret(secret);
            }
        }
        if let Some(user) = &file.user {
            redactor.add_secret(&user.password);
        }
        let issuer = file.issuer.clone().unwrap_or_default();
        NotRun {
            target: crate::report::model::TargetInfo {
                name: file.name.clone().unwrap_or_else(|| issuer.clone()),
                issuer,
            },
            redactor,
        }
    }
}

fn write_file(path: &Path, what: &str, text: Result<String, String>) -> Result<(), Failure> {
    let text = text.map_err(|e| {
        Failure(
            exit_code::HARNESS_ERROR,
            format!("cannot render the {what} report: {e}"),
        )
    })?;
    std::fs::write(path, text).map_err(|e| {
        usage(format!(
            "cannot write the {what} report to {}: {e}",
            path.display()
        ))
    })
}

fn write_reports(args: &RunArgs, report: &Report) -> Result<(), Failure> {
    if let Some(path) = &args.junit {
        write_file(
            path,
            "JUnit",
            crate::report::junit::render(report).map_err(|e| e.to_string()),
        )?;
    }
    if let Some(path) = &args.json {
        write_file(
            path,
            "JSON",
            crate::report::json::render(report).map_err(|e| e.to_string()),
        )?;
    }
    Ok(())
}

async fn run(args: RunArgs) -> u8 {
    match run_inner(&args).await {
        Ok(code) => code,
        Err(Failure(code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

async fn run_inner(args: &RunArgs) -> Result<u8, Failure> {
    let sel = selection(&args.select)?;
    let features = load_features(&args.select)?;
    let count = sel.scenarios(&features).len();
    if count == 0 {
        return Err(usage(RunError::NothingSelected.to_string()));
    }
    runner::check_steps(&features, &sel).map_err(|e| usage(e.to_string()))?;
    let baseline = crate::gating::load_baseline(&args.gate).map_err(|(c, m)| Failure(c, m))?;
    let stop = runner::Stop::default();
    let fail_fast = args
        .gate
        .fail_fast
        .then(|| crate::gating::fail_fast(stop.clone(), baseline.clone()));
    let (file, server) = target_file(&args.target).await?;
    let not_run = NotRun::of(&file, args.reveal_secrets);
    let ctx = match session::context_for(file, args.reveal_secrets, args.strict).await {
        Ok(ctx) => ctx,
        Err(SessionError::Harness(message)) => {
            // The target could not even be described (discovery failed): the report files
            // still say what was meant to run and why nothing did.
            let message = not_run.redactor.text(&message);
            let report = runner::not_run(&features, &sel, not_run.target, args.strict, &message);
            write_reports(args, &report)?;
            return Err(Failure(exit_code::HARNESS_ERROR, message));
        }
        Err(e) => return Err(e.into()),
    };
    print_notes(&ctx);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(count as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed}] {bar:30} {pos}/{len} {wide_msg}",
        ) {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let progress = bar.clone();
    let options = RunOptions {
        selection: sel,
        concurrency: args.concurrency as usize,
        on_result: Some(Arc::new(move |r| {
            progress.inc(1);
            progress.set_message(r.name.clone());
            if let Some(hook) = &fail_fast {
                hook(r);
            }
        })),
        keep_exchanges: false,
    };
    let result = runner::run_until(features, ctx, options, stop.clone()).await;
    bar.finish_and_clear();
    if let Some(server) = server {
        server.shutdown().await;
    }
    let report = result.map_err(|e| usage(e.to_string()))?;
    // Files first: whatever happens to the terminal, the reports are written.
    write_reports(args, &report)?;
    crate::gating::write_report_files(&args.files, &report).map_err(|(c, m)| Failure(c, m))?;
    let (code, gate_text) = crate::gating::finish(&args.gate, baseline.as_deref(), &report, &stop)
        .map_err(|(c, m)| Failure(c, m))?;
    let opts = crate::report::terminal::TerminalOptions {
        color,
        verbose: args.verbose,
    };
    if args.quiet {
        outln!("{}", crate::report::terminal::totals_line(&report, color));
    } else {
        out!("{}", crate::report::terminal::render(&report, &opts));
    }
    out!("{gate_text}");
    Ok(code)
}

async fn serve(args: ServeArgs) -> u8 {
    if args.list_quirks {
        let width = reference_server::Quirk::ALL
            .iter()
            .map(|q| q.name().len())
            .max()
            .unwrap_or(0);
        let id_width = reference_server::Quirk::ALL
            .iter()
            .map(|q| q.requirement().len())
            .max()
            .unwrap_or(0);
        for q in reference_server::Quirk::ALL {
            outln!(
                "{:width$}  {:id_width$}  {}",
                q.name(),
                q.requirement(),
                q.description()
            );
        }
        return exit_code::SUCCESS;
    }
    let quirks = match parse_quirks(&args.quirk) {
        Ok(q) => q,
        Err(Failure(code, m)) => {
            eprintln!("error: {m}");
            return code;
        }
    };
    let config = reference_server::ServerConfig {
        port: args.port,
        quirks: quirks.clone(),
        ..Default::default()
    };
    let server = match reference_server::start(config.clone()).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return exit_code::HARNESS_ERROR;
        }
    };
    if args.print_config {
        out!(
            "{}",
            reference_server::target_config_toml_for(&server.base_url(), &config)
        );
        server.shutdown().await;
        return exit_code::SUCCESS;
    }
    outln!("reference server listening on {}", server.base_url());
    for q in &quirks {
        outln!(
            "quirk on: {q} (breaks {}: {})",
            q.requirement(),
            q.description()
        );
    }
    outln!(
        "target config: oauth2spec serve --port {} --print-config > target.toml",
        server.addr().port()
    );
    outln!("press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    exit_code::SUCCESS
}

fn list(args: ListArgs) -> u8 {
    let result = selection(&args.select).and_then(|sel| Ok((sel, load_features(&args.select)?)));
    let (sel, features) = match result {
        Ok(x) => x,
        Err(Failure(code, m)) => {
            eprintln!("error: {m}");
            return code;
        }
    };
    let scenarios = sel.scenarios(&features);
    if scenarios.is_empty() {
        eprintln!("error: {}", RunError::NothingSelected);
        return exit_code::USAGE;
    }
    let mut last_section = String::new();
    for (f, r, s) in &scenarios {
        let section = features::section_of(f);
        if section != last_section {
            outln!("{section}  {}", f.name);
            last_section = section;
        }
        let tags = features::tags_of(f, *r, s);
        let ids = features::requirement_ids(&tags);
        let level = tags
            .iter()
            .find_map(|t| crate::report::model::Level::from_tag(t))
            .map(|l| l.as_str())
            .unwrap_or("");
        outln!("  {:<60} {} {}", s.name, ids.join(" "), level);
    }
    outln!("{} scenarios", scenarios.len());
    exit_code::SUCCESS
}

/// The reasons for uncovered rows: `DIR/uncovered.tsv` with `--features-dir` if it exists, else
/// the embedded file (the reasons belong to the yardstick, which is always the embedded one).
fn uncovered_reasons(
    dir: Option<&Path>,
) -> Result<std::collections::BTreeMap<String, String>, Failure> {
    let path = dir.map(|d| d.join("uncovered.tsv"));
    let text = match &path {
        Some(p) if p.exists() => std::fs::read_to_string(p)
            .map_err(|e| usage(format!("cannot read {}: {e}", p.display())))?,
        _ => crate::coverage::EMBEDDED_REASONS.to_string(),
    };
    let (reasons, errors) = crate::coverage::parse_reasons(&text);
    if errors.is_empty() {
        Ok(reasons)
    } else {
        Err(usage(errors.join("\n")))
    }
}

fn matrix(args: MatrixArgs) -> u8 {
    let mut reports = Vec::new();
    for path in &args.reports {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return exit_code::USAGE;
            }
        };
        match crate::report::json::parse(&text) {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!(
                    "error: {} is not an oauth2spec JSON report: {e}",
                    path.display()
                );
                return exit_code::USAGE;
            }
        }
    }
    let preamble = match &args.preamble {
        None => String::new(),
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return exit_code::USAGE;
            }
        },
    };
    let text = crate::report::matrix::render(&args.title, &preamble, &reports);
    match &args.output {
        None => out!("{text}"),
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return exit_code::HARNESS_ERROR;
            }
        }
    }
    exit_code::SUCCESS
}

fn coverage(args: CoverageArgs) -> u8 {
    match coverage_inner(&args) {
        Ok(code) => code,
        Err(Failure(code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

fn coverage_inner(args: &CoverageArgs) -> Result<u8, Failure> {
    let features =
        features::load(args.features_dir.as_deref()).map_err(|e| usage(e.to_string()))?;
    let reasons = uncovered_reasons(args.features_dir.as_deref())?;
    let report = crate::coverage::compute(crate::requirements::all(), &features, &reasons);
    match args.format {
        CoverageFormat::Text => out!("{}", crate::coverage::render_text(&report)),
        CoverageFormat::Json => {
            let text = serde_json::to_string_pretty(&report).map_err(|e| {
                Failure(
                    exit_code::HARNESS_ERROR,
                    format!("cannot render the coverage as JSON: {e}"),
                )
            })?;
            outln!("{text}");
        }
    }
    if report.unknown_tags.is_empty() {
        return Ok(exit_code::SUCCESS);
    }
    for u in &report.unknown_tags {
        eprintln!(
            "error: {}:{}: tag @{} names no requirement in features/requirements.tsv",
            u.file, u.line, u.tag
        );
    }
    Ok(exit_code::USAGE)
}

async fn explain(args: ExplainArgs) -> u8 {
    match explain_inner(&args).await {
        Ok(code) => code,
        Err(Failure(code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

async fn explain_inner(args: &ExplainArgs) -> Result<u8, Failure> {
    let all = crate::requirements::all();
    let id = args.id.trim().trim_start_matches('@');
    let Some(req) = crate::requirements::lookup(id) else {
        return Err(usage(crate::explain::unknown_id_message(all, id)));
    };
    let features =
        features::load(args.features_dir.as_deref()).map_err(|e| usage(e.to_string()))?;
    let scenarios = crate::explain::scenarios_for(&features, id);
    let reasons = uncovered_reasons(args.features_dir.as_deref())?;
    out!(
        "{}",
        crate::explain::describe(req, &scenarios, reasons.get(id).map(String::as_str))
    );
    if scenarios.is_empty() {
        return Ok(exit_code::SUCCESS);
    }
    let (ctx, server) = prepare(&args.target, args.reveal_secrets, false).await?;
    let result = crate::explain::run(features, id, ctx).await;
    let embedded = server.is_some();
    if let Some(server) = server {
        server.shutdown().await;
    }
    let report = result.map_err(|e| usage(e.to_string()))?;
    outln!();
    out!(
        "{}",
        crate::explain::render_run(&report, args.reveal_secrets)
    );
    if embedded {
        outln!(
            "\n# The embedded reference server has stopped; to replay, start one with `oauth2spec serve` \
and use its port (codes and tokens are single-use: get fresh ones first)."
        );
    }
    Ok(exit_code::SUCCESS)
}

async fn fuzz(args: FuzzArgs) -> u8 {
    match fuzz_inner(&args).await {
        Ok(code) => code,
        Err(Failure(code, message)) => {
            eprintln!("error: {message}");
            code
        }
    }
}

async fn fuzz_inner(args: &FuzzArgs) -> Result<u8, Failure> {
    if args.rate.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
        return Err(usage(
            "--rate must be a positive number of cases per second",
        ));
    }
    let (ctx, server) = prepare(&args.target, args.reveal_secrets, false).await?;
    let options = crate::fuzz::Options {
        seed: args.seed,
        requests: args.requests,
        duration: match (args.duration, args.requests) {
            (None, None) => Some(std::time::Duration::from_secs(30)),
            (d, _) => d,
        },
        rate: args.rate,
        concurrency: args.concurrency as usize,
        out: args.out.clone(),
        slow: args.slow,
        progress: std::io::stderr().is_terminal(),
    };
    let result = crate::fuzz::run(ctx, options).await;
    if let Some(server) = server {
        server.shutdown().await;
    }
    let summary = result.map_err(|e| match e {
        crate::fuzz::FuzzError::Output { .. } => usage(e.to_string()),
        _ => Failure(exit_code::HARNESS_ERROR, e.to_string()),
    })?;
    outln!(
        "\n{} cases in {:.1} s: {:.0} cases/s, {:.0} HTTP requests/s ({} requests, logins and code exchanges included); {} finding(s){}",
        summary.cases,
        summary.elapsed.as_secs_f64(),
        summary.cases_per_second(),
        summary.requests_per_second(),
        summary.http_requests,
        summary.findings.len(),
        if summary.setup_failures > 0 {
            format!("; {} case(s) could not get fresh codes or tokens", summary.setup_failures)
        } else {
            String::new()
        }
    );
    outln!("cases and reproducers: {}", args.out.display());
    Ok(if summary.findings.is_empty() {
        exit_code::SUCCESS
    } else {
        exit_code::CHECK_FAILED
    })
}
