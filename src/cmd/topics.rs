//! `outreach topics`: each topic with its section count.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, TopicsArgs};

pub fn run(cli: &Cli, args: &TopicsArgs) -> Result<ExitCode> {
    let topics = super::with_engine(cli, None, |engine| engine.index.topics())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let list: Vec<_> = topics
            .iter()
            .map(|(name, ids)| serde_json::json!({"topic": name, "sections": ids.len(), "ids": ids}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else {
        for (name, ids) in &topics {
            writeln!(out, "{name:<16} {:>3} section{}", ids.len(), if ids.len() == 1 { "" } else { "s" })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
