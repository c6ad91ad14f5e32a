//! Running many document builds in parallel: a rayon pool sized by `--jobs`, a progress bar
//! on a terminal (plain lines when piped), every failure reported with its name while the
//! others still build.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use outreach::corpus::Corpus;
use outreach::corpus::readability::TARGET_GRADE;
use outreach::output;
use outreach::print::catalog;
use outreach::print::handout::Handout;
use outreach::print::pack::{self, PackSpec};
use outreach::search::Engine;
use outreach::toml_file::Mistaken;

/// One document to build: a name for messages, where it goes, and how to make it.
pub struct Job<'a> {
    /// Shown in progress and errors.
    pub name: String,
    /// Output file.
    pub path: PathBuf,
    /// Builds the document.
    pub build: Box<dyn Fn() -> Result<Handout> + Send + Sync + 'a>,
}

/// A job building the pack of `spec` into its catalogue place under `out`.
pub fn pack<'a>(corpus: &'a Corpus, engine: &'a Engine, spec: PathBuf, out: &Path, created: i64) -> Job<'a> {
    Job {
        name: spec.display().to_string(),
        path: catalog::pack_path(out, &spec),
        build: Box::new(move || {
            let parsed = match PackSpec::load_with_rest(&spec) {
                Ok(parsed) => parsed,
                // The mistakes found in reading the spec (a refused value, `paper = "legal"`; a
                // module that selects nothing) are told with those in the rest of it (an
                // unknown section, a clinic file not found): a trainer had met them one run at
                // a time.
                Err(Mistaken { error, rest: Some(rest), .. }) => {
                    let mut told = vec![format!("{error:#}")];
                    if let Err(more) = pack::resolve(corpus, engine, &rest, &spec, created) {
                        told.push(format!("{more:#}"));
                    }
                    return Err(outreach::toml_file::in_file_order(&spec, &told));
                }
                Err(Mistaken { error, rest: None, .. }) => return Err(error),
            };
            pack::build(corpus, engine, &parsed, &spec, created)
        }),
    }
}

/// Why a job must not write its file, if it must not: a file there that is not a PDF (a clinic
/// file, a corpus document, notes: `-o` naming the wrong file must not destroy it), or a file
/// an earlier job of the batch writes (two specs of the same name in different folders).
fn refusals(jobs: &[Job]) -> Vec<Option<String>> {
    let mut seen: Vec<(PathBuf, &str)> = Vec::new();
    jobs.iter()
        .map(|job| {
            let at = std::path::absolute(&job.path).unwrap_or_else(|_| job.path.clone());
            if let Some((_, first)) = seen.iter().find(|(p, _)| *p == at) {
                return Some(format!(
                    "{}: {first} writes this file too; give one of them another name",
                    job.path.display()
                ));
            }
            seen.push((at, &job.name));
            if output::not_a_pdf(&job.path) {
                return Some(format!(
                    "{}: this file is not a PDF (or cannot be read to tell), so it is left as it is; write the PDF to another file",
                    job.path.display()
                ));
            }
            // A PDF named `x.md` or `x.toml` (a slip of `-o`) would land among documents and
            // specs and stop every later command that reads them.
            job.path.extension().filter(|e| !e.eq_ignore_ascii_case("pdf")).map(|ext| {
                format!(
                    "{}: a PDF named `.{}` would be taken for something else; name it `{}`",
                    job.path.display(),
                    ext.to_string_lossy(),
                    job.path.with_extension("pdf").display()
                )
            })
        })
        .collect()
}

/// Builds every job and writes its file atomically, with one flush to disk for the batch
/// ([`output::commit`]), prints one line per file, and returns the names of those that failed.
pub fn run(jobs: Vec<Job>, threads: Option<usize>) -> Result<Vec<String>> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let refused = refusals(&jobs);
    // Each worker writes its file under a temporary name as soon as it is built; the batch is
    // then flushed to disk once and renamed into place.
    let build = |(job, refused): (&Job, &Option<String>)| {
        let result = match refused {
            Some(why) => Err(anyhow::anyhow!("{why}")),
            None => (job.build)().and_then(|b| Ok((output::stage(&job.path, &b.bytes)?, b))),
        };
        bar.set_message(job.name.clone());
        bar.inc(1);
        result
    };
    // One job, or one worker, runs on this thread: starting a pool would only add a thread.
    let built: Vec<Result<(Option<output::Staged>, Handout)>> = if jobs.len() <= 1 || threads == Some(1) {
        jobs.iter().zip(&refused).map(build).collect()
    } else {
        // No more workers than documents, nor than eight per core: `-j 20000` aborted the
        // process trying to start twenty thousand threads for two packs.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = threads.map(|t| t.min(jobs.len()).min(8 * cores));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers.unwrap_or(0))
            .build()
            .context("cannot start worker threads")?;
        pool.install(|| jobs.par_iter().zip(&refused).map(build).collect())
    };
    bar.finish_and_clear();
    let mut handouts = Vec::new();
    let mut staged = Vec::new();
    for b in built {
        match b {
            Ok((s, h)) => {
                staged.push(Ok(s));
                handouts.push(Ok(h));
            }
            Err(e) => handouts.push(Err(e)),
        }
    }
    let mut written = output::commit(staged).into_iter();
    let results = jobs.iter().zip(handouts).map(|(job, b)| {
        let result = b.and_then(|b| written.next().unwrap_or(Ok(())).map(|()| (job.path.clone(), b)));
        (job.name.clone(), job.path.clone(), result)
    });
    let results: Vec<_> = results.collect();
    // A warning many documents share (a corpus section's, a clinic file's) is said once, with
    // how many more it applies to: a build of 216 packs had said the same one 108 times.
    let mut repeats: HashMap<String, usize> = HashMap::new();
    for (_, _, result) in &results {
        for w in result.iter().flat_map(|(_, built)| &built.warnings) {
            *repeats.entry(w.clone()).or_default() += 1;
        }
    }
    let mut failed = Vec::new();
    for (name, to, result) in results {
        match result {
            Ok((path, built)) => {
                let grade = built.grade.map(|g| format!(", grade {g:.1}")).unwrap_or_default();
                let line = format!(
                    "wrote {} ({} page{}, {}{grade}, edition {})",
                    path.display(),
                    built.pages,
                    if built.pages == 1 { "" } else { "s" },
                    super::human_size(built.bytes.len()),
                    built.edition
                );
                // A PDF written to standard output (`-o /dev/stdout | lpr`) must not be followed
                // by this line in the same stream: it goes to standard error then.
                if output::is_standard_output(&path) {
                    eprintln!("{line}");
                } else {
                    super::say(line)?;
                }
                // Each said where first met: taken from the count, it is not said again.
                for (w, n) in built.warnings.iter().filter_map(|w| repeats.remove(w).map(|n| (w, n))) {
                    let also = match n - 1 {
                        0 => String::new(),
                        1 => " (and in 1 more document of this run)".to_string(),
                        more => format!(" (and in {more} more documents of this run)"),
                    };
                    eprintln!("warning: {name}: {w}{also}");
                }
                if let Some(g) = built.grade.filter(|g| *g > TARGET_GRADE) {
                    eprintln!(
                        "warning: {name}: reading grade {g:.1} is above {TARGET_GRADE} (health-literacy guidance targets 6–8)"
                    );
                }
            }
            Err(e) => {
                failed.push(name.clone());
                // An error that names the file itself (`spec.toml:4: …`) is not prefixed twice.
                let message = format!("{e:#}");
                if message.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with(':')) {
                    eprintln!("error: {message}");
                } else {
                    eprintln!("error: {name}: {message}");
                }
                // Nothing is lost, but the file there is an earlier build's: said, so that a
                // folder printed as it is does not hand over last week's pack unawares.
                if to.is_file() && !output::is_standard_output(&to) && !message.contains("is not a PDF") {
                    eprintln!(
                        "note: {} is left as an earlier build wrote it, without this change",
                        to.display()
                    );
                }
            }
        }
    }
    Ok(failed)
}

/// The last word of a batch with failures (`build`, `pack` of several specs): how many of the
/// `total` failed and which, said after every warning and note, so that errors scattered among
/// them are not missed. Nothing when none failed, or when the batch was one document (its error
/// was the whole story).
pub fn say_failures(failed: &[String], total: usize) {
    if failed.is_empty() || total < 2 {
        return;
    }
    let written = match total - failed.len() {
        0 => "none was written".to_string(),
        1 => "the other one was written".to_string(),
        n => format!("the other {n} were written"),
    };
    eprintln!("error: {} of {total} documents failed ({}); {written}", failed.len(), failed.join(", "));
}
