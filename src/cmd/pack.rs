//! `outreach pack`: course packs from spec files, in parallel.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, PackArgs};

pub fn run(cli: &Cli, args: &PackArgs) -> Result<ExitCode> {
    let (corpus, engine, _) = super::open_corpus(cli)?;
    let created = super::creation_time();
    let jobs = args
        .specs
        .iter()
        .map(|spec| super::jobs::pack(&corpus, &engine, spec.clone(), &args.out, created))
        .collect();
    let failed = super::jobs::run(jobs, args.jobs)?;
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
