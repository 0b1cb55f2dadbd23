//! `reference-server`: run the oauth2spec reference authorization server from the command line.

use std::collections::BTreeSet;
use std::process::ExitCode;

use clap::Parser;
use reference_server::{start, target_config_toml_for, Quirk, ServerConfig};

/// A strict, in-memory OAuth 2.0 authorization server with switchable quirks, bound to
/// 127.0.0.1.
#[derive(Debug, Parser)]
#[command(name = "reference-server", version)]
struct Cli {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Switch on a quirk (repeatable); see --list-quirks.
    #[arg(long = "quirk", value_name = "NAME")]
    quirks: Vec<Quirk>,
    /// List the quirks: name, requirement ID, description.
    #[arg(long)]
    list_quirks: bool,
    /// Print the harness target configuration for --port and exit.
    #[arg(long)]
    print_config: bool,
    /// Offer the implicit grant (RFC 6749 §4.2, response_type=token), which OAuth 2.1 removes.
    #[arg(long)]
    implicit_grant: bool,
    /// Offer the password grant (RFC 6749 §4.3) to confidential clients; OAuth 2.1 removes it.
    #[arg(long)]
    password_grant: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.list_quirks {
        print!("{}", quirk_table());
        return ExitCode::SUCCESS;
    }
    let quirks: BTreeSet<Quirk> = cli.quirks.into_iter().collect();
    let config = ServerConfig {
        port: cli.port,
        quirks,
        implicit_grant: cli.implicit_grant,
        password_grant: cli.password_grant,
        ..ServerConfig::default()
    };
    if cli.print_config {
        if cli.port == 0 {
            eprintln!(
                "reference-server: --print-config needs the port the server will use (--port N)"
            );
            return ExitCode::from(2);
        }
        print!(
            "{}",
            target_config_toml_for(&format!("http://127.0.0.1:{}", cli.port), &config)
        );
        return ExitCode::SUCCESS;
    }

    let quirk_names: Vec<&str> = config.quirks.iter().map(|quirk| quirk.name()).collect();
    let server = match start(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!(
                "reference-server: cannot listen on 127.0.0.1:{}: {error}",
                cli.port
            );
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", server.base_url());
    if quirk_names.is_empty() {
        println!("quirks: none");
    } else {
        println!("quirks: {}", quirk_names.join(", "));
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("reference-server: cannot wait for Ctrl-C: {error}");
    }
    server.shutdown().await;
    ExitCode::SUCCESS
}

/// One quirk a line, columns aligned and separated by at least two spaces.
fn quirk_table() -> String {
    let name_width = Quirk::ALL.iter().map(|q| q.name().len()).max().unwrap_or(0);
    let requirement_width = Quirk::ALL
        .iter()
        .map(|q| q.requirement().len())
        .max()
        .unwrap_or(0);
    Quirk::ALL
        .iter()
        .map(|quirk| {
            format!(
                "{:name_width$}  {:requirement_width$}  {}\n",
                quirk.name(),
                quirk.requirement(),
                quirk.description()
            )
        })
        .collect()
}
