//! `outreach handout`: one PDF from the sections selected.

use anyhow::{Result, bail};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{Cli, HandoutArgs, PrintArgs};
use outreach::corpus::Corpus;
use outreach::print::catalog;
use outreach::print::clinic::Clinic;
use outreach::print::handout::{self, PrintProfile, Selection, Settings};
use outreach::print::pack::clinic_files_near;

/// Settings from the print flags (loads the clinic file).
pub fn settings(print: &PrintArgs) -> Result<Settings> {
    Ok(Settings {
        paper: print.paper.into(),
        print: if print.large_print { PrintProfile::Large } else { PrintProfile::Standard },
        justify: print.justify,
        clinic: print.clinic.as_deref().map(load_clinic).transpose()?,
        created: super::creation_time(),
        ..Settings::default()
    })
}

/// Loads `--clinic FILE`; one that is not there is named with the clinic files near where it
/// was looked for, or in `packs/clinics/`, where the shipped example lives.
fn load_clinic(path: &Path) -> Result<Clinic> {
    Clinic::load(path).map_err(|e| {
        // Only a clinic file that is not there is told of the ones there are (a logo the
        // file names that is not there is told of the pictures beside it).
        if e.root_cause().downcast_ref::<std::io::Error>().is_none() || path.exists() {
            return e;
        }
        let mut near = clinic_files_near(Path::new("."), path);
        if near.is_empty() {
            let name = path.file_name().map(Path::new).unwrap_or(path);
            near = clinic_files_near(Path::new("."), &Path::new("packs/clinics").join(name));
        }
        anyhow::anyhow!("{e:#}{near}")
    })
}

pub fn run(cli: &Cli, args: &HandoutArgs) -> Result<ExitCode> {
    let title = args.title.as_deref().map(outreach::corpus::markdown::normalize_space);
    if title.as_deref() == Some("") {
        bail!(
            "`--title` is empty: give the handout a title, or leave the option out to title it by its topics"
        );
    }
    // Said of the option, before any work: the title is printed in the heading's bold face.
    if let Some(c) = title.as_deref().and_then(|t| outreach::print::fonts::fonts().missing_in_either(t)) {
        bail!("`--title` {}; replace or remove it", outreach::print::fonts::Fonts::cannot_print(c));
    }
    let corpus = Corpus::load(&cli.corpus)?;
    // A topic named twice ("detox Detox") is one topic: it had been titled twice ("Detox and
    // withdrawal · Detox and withdrawal"), and its file named `detox-detox.pdf`.
    let mut topics: Vec<String> = Vec::new();
    for t in &args.topics {
        if !topics.iter().any(|seen| seen.eq_ignore_ascii_case(t)) {
            topics.push(t.clone());
        }
    }
    let topics = &topics;
    // Only a query needs the search index: topics and section ids are the corpus's own, so a
    // handout of them neither opens the index nor checks that it is fresh.
    let selection =
        Selection { topics: topics.clone(), sections: args.sections.clone(), query: args.query.clone() };
    let chosen = match &args.query {
        Some(_) => super::with_engine(cli, Some(&corpus), |engine| {
            handout::select(&corpus, Some(engine), &selection)
        })?,
        None => handout::select(&corpus, None, &selection)?,
    };
    let mut settings = settings(&args.print)?;
    settings.title = title;
    settings.emergency = chosen.emergency;
    // `-o -`, as other tools take it: standard output (`-o - | lpr`).
    let output = args.output.clone().map(|o| if o.as_os_str() == "-" { "/dev/stdout".into() } else { o });
    let path = output.unwrap_or_else(|| {
        // Sections by their ids, however named ("detox" alone is `kratom-addiction#detox`, not
        // the detox topic's handout).
        // A section named twice, by its id or its short name, once.
        let mut ids: Vec<String> = Vec::new();
        for s in args.sections.iter().filter_map(|s| corpus.require_section(s).ok()) {
            if !ids.contains(&s.id) {
                ids.push(s.id.clone());
            }
        }
        let name = catalog::HandoutName {
            topics,
            sections: &ids,
            query: args.query.as_deref(),
            title: settings.title.as_deref(),
            clinic: args.print.clinic.as_deref(),
            large_print: settings.print == PrintProfile::Large,
            justify: settings.justify,
            paper: settings.paper,
        }
        .file_stem();
        std::path::Path::new("output/handouts").join(format!("{name}.pdf"))
    });
    let job = super::jobs::Job {
        name: path.display().to_string(),
        path,
        build: Box::new(|| handout::build(&corpus, &chosen.sections, topics, &settings)),
    };
    let failed = super::jobs::run(vec![job], Some(1))?;
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
