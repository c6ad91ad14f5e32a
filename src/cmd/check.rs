//! `outreach check`: the corpus lint for editors, one `file:line: message` per finding.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{CheckArgs, Cli};
use outreach::print::{catalog, check};

pub fn run(cli: &Cli, args: &CheckArgs) -> Result<ExitCode> {
    let packs = super::packs_folder(&args.packs)?;
    let (corpus, engine, _) = super::open_corpus(cli)?;
    let specs = catalog::pack_specs(packs)?;
    let mut findings = check::check(&corpus, Some(&engine), &specs, &catalog::clinic_files(packs)?)?;
    findings.extend(catalog::specs_in_subfolders(packs).iter().map(|p| check::spec_in_subfolder(p, packs)));
    for f in &findings {
        super::say(f)?;
    }
    super::say(format_args!("{} finding{}", findings.len(), if findings.len() == 1 { "" } else { "s" }))?;
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
