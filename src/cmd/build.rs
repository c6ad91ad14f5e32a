//! `outreach build`: the main job. Refresh the index, then write the standard handouts in
//! parallel.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::process::ExitCode;

use crate::cli::{BuildArgs, Cli};
use crate::corpus::Corpus;
use crate::handout::{self, Selection};
use crate::output;

/// The handouts every clinic gets, one per topic.
pub const STANDARD_TOPICS: [&str; 3] = ["detox", "signs", "treatment"];

/// A handout file written: path, pages, bytes.
type Written = (std::path::PathBuf, usize, usize);

pub fn run(cli: &Cli, args: &BuildArgs) -> Result<ExitCode> {
    let (idx, fresh) = super::open_index(&cli.corpus, &cli.index, false)?;
    println!(
        "index: {} sections ({})",
        idx.reader.searcher().num_docs(),
        if fresh == crate::index::Freshness::Rebuilt { "rebuilt" } else { "up to date" }
    );
    let corpus = Corpus::load(&cli.corpus)?;
    let settings = super::handout::settings(&args.print);
    let dir = args.out.join("handouts");
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let results: Vec<(String, Result<Written>)> = pool.install(|| {
        STANDARD_TOPICS
            .par_iter()
            .map(|topic| {
                let result = (|| {
                    let topics = vec![topic.to_string()];
                    let selection = Selection { topics: topics.clone(), ..Selection::default() };
                    let sections = handout::select(&corpus, Some(&idx), &selection)?;
                    let built = handout::build(&corpus, &sections, &topics, &settings)?;
                    let path = dir.join(format!("{topic}.pdf"));
                    output::write_atomic(&path, &built.bytes)?;
                    Ok((path, built.pages, built.bytes.len()))
                })();
                (topic.to_string(), result)
            })
            .collect()
    });
    let mut failed = 0;
    for (topic, result) in results {
        match result {
            Ok((path, pages, size)) => println!(
                "wrote {} ({pages} page{}, {})",
                path.display(),
                if pages == 1 { "" } else { "s" },
                super::human_size(size)
            ),
            Err(e) => {
                failed += 1;
                eprintln!("error: {topic}: {e:#}");
            }
        }
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
