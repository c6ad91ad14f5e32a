//! The `outreach` binary: parse arguments, set up logging, run the command, report errors.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // Tantivy logs the damage it finds in an index as errors; outreach says what it does about
    // it (a rebuild) in its own words, so Tantivy's are for -vv.
    let level = match cli.verbose {
        0 => "warn,tantivy=off",
        1 => "info,tantivy=off",
        _ => "debug",
    };
    let log = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(cmd::use_color(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| level.into()),
        );
    if cli.verbose >= 2 {
        // Each stage also says how long it took (`close time.busy=…`): where a command's time
        // goes in a cold process, as `cargo bench --bench print` reports it.
        log.with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE).init();
    } else {
        log.without_time().init();
    }
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
