//! `outreach build`: the main job. Refresh the index, then write the catalogue (the standard
//! handouts and the course packs of `packs/`) in parallel.

use anyhow::Result;
use std::process::ExitCode;

use crate::cli::{BuildArgs, Cli};
use outreach::print::catalog::{self, STANDARD_TOPICS};
use outreach::print::handout::{self, Selection};
use outreach::search::index::Freshness;

pub fn run(cli: &Cli, args: &BuildArgs) -> Result<ExitCode> {
    let packs = super::packs_folder(&args.packs)?;
    // Said once, rather than for every file of the batch.
    if args.out.is_file() {
        anyhow::bail!("--out `{}` is a file, not a folder: name a folder to write into", args.out.display());
    }
    outreach::output::remove_unfinished_on_interrupt();
    let (corpus, engine, fresh) = super::open_corpus(cli)?;
    super::say(format_args!(
        "index: {} sections ({})",
        engine.index.reader.searcher().num_docs(),
        match fresh {
            Freshness::Rebuilt => "rebuilt",
            Freshness::Fresh => "up to date",
            Freshness::Stale => "out of date: it could not be rebuilt, see the warning",
        }
    ))?;
    let settings = super::handout::settings(&args.print)?;
    let mut jobs = Vec::new();
    for topic in STANDARD_TOPICS {
        let (corpus, engine, settings) = (&corpus, &engine, &settings);
        jobs.push(super::jobs::Job {
            name: format!("{topic} handout"),
            path: catalog::handout_path(&args.out, topic),
            build: Box::new(move || {
                let topics = vec![topic.to_string()];
                let selection = Selection { topics: topics.clone(), ..Selection::default() };
                let sections = handout::select(corpus, Some(engine), &selection)?.sections;
                handout::build(corpus, &sections, &topics, settings)
            }),
        });
    }
    let specs = catalog::pack_specs(packs)?;
    for spec in &specs {
        jobs.push(super::jobs::pack(&corpus, &engine, spec.clone(), &args.out, settings.created));
    }
    let total = jobs.len();
    let failed = super::jobs::run(jobs, args.jobs)?;
    let clinics = catalog::clinic_files(packs)?;
    let mut findings = outreach::print::check::check(&corpus, Some(&engine), &specs, &clinics)?;
    // What is wrong with a pack that was built (a section printed twice, by two modules) is
    // said here, as `pack` says it: a trainer had seen only a count. A spec that failed was
    // reported as an error already; the corpus's own findings are counted below.
    for f in
        findings.iter().filter(|f| specs.contains(&f.path) && !failed.contains(&f.path.display().to_string()))
    {
        eprintln!("warning: {f}");
    }
    // A spec filed in a folder of its own ("packs/2025/") gets no booklet: said now, not only
    // counted among the findings.
    for nested in catalog::specs_in_subfolders(packs) {
        let finding = outreach::print::check::spec_in_subfolder(&nested, packs);
        eprintln!("warning: {finding}");
        findings.push(finding);
    }
    if !findings.is_empty() {
        // The command that lists these same findings: with the packs folder this build read.
        let check = if args.packs == std::path::Path::new("packs") {
            "outreach check".to_string()
        } else {
            let folder = args.packs.display().to_string();
            let quoted = if folder.contains(char::is_whitespace) { format!("'{folder}'") } else { folder };
            format!("outreach check --packs {quoted}")
        };
        super::say(format_args!(
            "check: {} finding{} in the corpus and packs; run `{check}` to see them",
            findings.len(),
            if findings.len() == 1 { "" } else { "s" }
        ))?;
    }
    super::jobs::say_failures(&failed, total);
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
