//! `outreach export DIR`: write the offline copy of the search page as a static site.

use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, ExportArgs};
use outreach::web::export::{self, Mode, Options};

pub fn run(cli: &Cli, args: &ExportArgs) -> Result<ExitCode> {
    let base = export::normalize_base(&args.base)?;
    // A folder that must not be replaced is refused before any work.
    export::check_target(&args.dir)?;
    let packs = super::packs_folder(&args.packs)?.to_path_buf();
    let (corpus, engine, _) = super::open_corpus(cli)?;
    // Dated by its sources, not the clock: exporting unchanged sources again changes no byte.
    let created = super::sources_time(&[&cli.corpus, &packs]);
    let options = Options { base: base.clone(), packs, created };
    let copy = export::build(&engine, &corpus, &options, Mode::Static)?;
    let report = copy.report();
    if let Err(too_large) = export::check_size(copy.total(), args.allow_large) {
        // What takes the room, to decide what to split off; nothing was written.
        eprint!("{report}");
        return Err(too_large);
    }
    let written = export::write(&copy, &args.dir)?;
    // Said once the copy is in place, so that it never reads as a success before a failure.
    let mut out = std::io::stdout().lock();
    write!(out, "{report}")?;
    let kept = written.kept;
    if !kept.is_empty() {
        let shown: Vec<&str> = kept.iter().take(5).map(String::as_str).collect();
        let more = if kept.len() > 5 { format!(" and {} more", kept.len() - 5) } else { String::new() };
        writeln!(
            out,
            "kept {} file{} the export did not write: {}{more}",
            kept.len(),
            if kept.len() == 1 { "" } else { "s" },
            shown.join(", ")
        )?;
    }
    writeln!(
        out,
        "wrote {} (base {base}); publish it on an HTTPS host (the service worker needs HTTPS or localhost)",
        args.dir.display()
    )?;
    if let Some(left) = written.left_behind {
        eprintln!("warning: {left}");
    }
    Ok(ExitCode::SUCCESS)
}
