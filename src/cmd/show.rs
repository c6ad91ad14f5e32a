//! `outreach show`: one section in full.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, ShowArgs};

pub fn run(cli: &Cli, args: &ShowArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let hit = idx.section(&args.id)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &hit)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} › {}  [{}]", hit.title, hit.heading, hit.id)?;
        writeln!(out, "topics: {}\n", hit.topics.join(", "))?;
        writeln!(out, "{}", hit.text)?;
    }
    Ok(ExitCode::SUCCESS)
}
