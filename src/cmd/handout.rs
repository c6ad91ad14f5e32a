//! `outreach handout`: one PDF from the sections selected.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{Cli, HandoutArgs, PrintArgs};
use crate::corpus::Corpus;
use crate::handout::{self, Selection, Settings};
use crate::output;

/// Settings from the print flags.
pub fn settings(print: &PrintArgs) -> Settings {
    Settings {
        paper: print.paper,
        large_print: print.large_print,
        justify: print.justify,
        created: super::creation_time(),
        ..Settings::default()
    }
}

pub fn run(cli: &Cli, args: &HandoutArgs) -> Result<ExitCode> {
    let (idx, _) = super::open_index(&cli.corpus, &cli.index, false)?;
    let corpus = Corpus::load(&cli.corpus)?;
    let selection =
        Selection { topics: args.topics.clone(), sections: args.sections.clone(), query: args.query.clone() };
    let sections = handout::select(&corpus, Some(&idx), &selection)?;
    let mut settings = settings(&args.print);
    settings.title = args.title.clone();
    let built = handout::build(&corpus, &sections, &args.topics, &settings)?;
    let path = args.output.clone().unwrap_or_else(|| {
        let name = if args.topics.is_empty() { "handout".to_string() } else { args.topics.join("-") };
        std::path::Path::new("output/handouts").join(format!("{name}.pdf"))
    });
    output::write_atomic(&path, &built.bytes)?;
    println!(
        "wrote {} ({} page{}, {}, {} sections)",
        path.display(),
        built.pages,
        if built.pages == 1 { "" } else { "s" },
        super::human_size(built.bytes.len()),
        built.sections.len()
    );
    Ok(ExitCode::SUCCESS)
}
