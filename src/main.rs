//! The `outreach` binary: parse arguments, set up logging, run the command, report errors.

mod cli;
mod cmd;
mod log;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    log::init(cli.verbose, cmd::use_color(&std::io::stderr()));
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", log::printable(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}
