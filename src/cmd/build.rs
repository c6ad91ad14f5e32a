//! `outreach build`: the main job. Refresh the index, then write the standard handouts and the
//! course packs of `packs/` in parallel.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{BuildArgs, Cli};
use crate::corpus::Corpus;
use crate::handout::{self, Selection};
use crate::pack::{self, PackSpec};

/// The handouts every clinic gets, one per topic.
pub const STANDARD_TOPICS: [&str; 3] = ["detox", "signs", "treatment"];

/// Pack specs in `dir`, sorted; none when the folder does not exist.
pub fn pack_specs(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read `{}`", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    specs.sort();
    Ok(specs)
}

pub fn run(cli: &Cli, args: &BuildArgs) -> Result<ExitCode> {
    let (idx, fresh) = super::open_index(&cli.corpus, &cli.index, false)?;
    println!(
        "index: {} sections ({})",
        idx.reader.searcher().num_docs(),
        if fresh == crate::index::Freshness::Rebuilt { "rebuilt" } else { "up to date" }
    );
    let corpus = Corpus::load(&cli.corpus)?;
    let settings = super::handout::settings(&args.print)?;
    let created = settings.created;
    let mut jobs = Vec::new();
    for topic in STANDARD_TOPICS {
        let (corpus, idx, settings) = (&corpus, &idx, &settings);
        jobs.push(super::jobs::Job {
            name: format!("{topic} handout"),
            path: args.out.join("handouts").join(format!("{topic}.pdf")),
            build: Box::new(move || {
                let topics = vec![topic.to_string()];
                let selection = Selection { topics: topics.clone(), ..Selection::default() };
                let sections = handout::select(corpus, Some(idx), &selection)?;
                handout::build(corpus, &sections, &topics, settings)
            }),
        });
    }
    for spec in pack_specs(&args.packs)? {
        jobs.push(pack_job(&corpus, &idx, spec, &args.out, created));
    }
    let specs = pack_specs(&args.packs)?;
    let failed = super::jobs::run(jobs, args.jobs)?;
    let findings = crate::check::check(&corpus, Some(&idx), &specs)?;
    if !findings.is_empty() {
        println!(
            "check: {} finding{} in the corpus and packs; run `outreach check` to see them",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        );
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// A job building the pack of `spec` into `out/packs/NAME.pdf`.
pub fn pack_job<'a>(
    corpus: &'a Corpus,
    idx: &'a crate::index::SearchIndex,
    spec: PathBuf,
    out: &std::path::Path,
    created: i64,
) -> super::jobs::Job<'a> {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "pack".into());
    super::jobs::Job {
        name: spec.display().to_string(),
        path: out.join("packs").join(format!("{stem}.pdf")),
        build: Box::new(move || {
            let parsed = PackSpec::load(&spec)?;
            pack::build(corpus, idx, &parsed, &spec, created)
        }),
    }
}
