//! `outreach pack`: course packs from spec files, in parallel.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, PackArgs};

pub fn run(cli: &Cli, args: &PackArgs) -> Result<ExitCode> {
    outreach::output::remove_unfinished_on_interrupt();
    let (corpus, engine, _) = super::open_corpus(cli)?;
    let created = super::creation_time();
    // A spec named twice (`pack a.toml a.toml`, or a shell glob and its file) is built once.
    let mut seen = std::collections::HashSet::new();
    let jobs = args
        .specs
        .iter()
        .filter(|spec| seen.insert(std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf())))
        .map(|spec| super::jobs::pack(&corpus, &engine, spec.clone(), &args.out, created))
        .collect();
    let failed = super::jobs::run(jobs, args.jobs)?;
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
