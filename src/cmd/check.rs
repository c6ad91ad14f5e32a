//! `outreach check`: the corpus lint for editors, one `file:line: message` per finding.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{CheckArgs, Cli};
use crate::corpus::Corpus;

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    let specs = super::build::pack_specs(&args.packs)?;
    let findings = crate::check::check(&corpus, Some(&idx), &specs)?;
    for f in &findings {
        println!("{f}");
    }
    println!("{} finding{}", findings.len(), if findings.len() == 1 { "" } else { "s" });
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
