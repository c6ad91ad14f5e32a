//! `outreach pack`: course packs from spec files, in parallel.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, PackArgs};
use outreach::corpus::Corpus;

pub fn run(cli: &Cli, args: &PackArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    let created = super::creation_time();
    let jobs = args
        .specs
        .iter()
        .map(|spec| super::build::pack_job(&corpus, &idx, spec.clone(), &args.out, created))
        .collect();
    let failed = super::jobs::run(jobs, args.jobs)?;
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
