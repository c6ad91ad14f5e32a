//! `outreach show`: one section in full.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, ShowArgs};
use outreach::search::Hit;

pub fn run(cli: &Cli, args: &ShowArgs) -> Result<ExitCode> {
    let hit =
        super::with_engine(cli, None, |engine| Ok(Hit::from_record(engine.index.section(&args.id)?, 0.0)))?;
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
