//! `outreach export DIR`: write the offline copy of the search page as a static site.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, ExportArgs};
use crate::corpus::Corpus;
use crate::web::export::{self, Mode, Options};

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<ExitCode> {
    let base = export::normalize_base(&args.base)?;
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    let options = Options { base: base.clone(), packs: args.packs.clone(), created: super::creation_time() };
    let copy = export::build(&idx, &corpus, &options, Mode::Static)?;
    let mut out = std::io::stdout().lock();
    write!(out, "{}", copy.report())?;
    export::check_size(copy.total(), args.allow_large)?;
    export::write(&copy, &args.dir)?;
    writeln!(
        out,
        "wrote {} (base {base}); publish it on an HTTPS host (the service worker needs HTTPS or localhost)",
        args.dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
