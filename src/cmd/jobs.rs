//! Running many document builds in parallel: a rayon pool sized by `--jobs`, a progress bar
//! on a terminal (plain lines when piped), every failure reported with its name while the
//! others still build.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;

use crate::handout::Handout;
use crate::output;
use crate::readability::TARGET_GRADE;

/// One document to build: a name for messages, where it goes, and how to make it.
pub struct Job<'a> {
    /// Shown in progress and errors.
    pub name: String,
    /// Output file.
    pub path: PathBuf,
    /// Builds the document.
    pub build: Box<dyn Fn() -> Result<Handout> + Send + Sync + 'a>,
}

/// Builds every job, writes each file atomically, prints one line per file, and returns how
/// many failed.
pub fn run(jobs: Vec<Job>, threads: Option<usize>) -> Result<usize> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
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
    let results: Vec<(String, Result<(PathBuf, Handout)>)> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let result = (job.build)().and_then(|built| {
                    output::write_atomic(&job.path, &built.bytes)?;
                    Ok((job.path.clone(), built))
                });
                bar.set_message(job.name.clone());
                bar.inc(1);
                (job.name.clone(), result)
            })
            .collect()
    });
    bar.finish_and_clear();
    let mut failed = 0;
    for (name, result) in results {
        match result {
            Ok((path, built)) => {
                let grade = built.grade.map(|g| format!(", grade {g:.1}")).unwrap_or_default();
                println!(
                    "wrote {} ({} page{}, {}{grade}, edition {})",
                    path.display(),
                    built.pages,
                    if built.pages == 1 { "" } else { "s" },
                    super::human_size(built.bytes.len()),
                    built.edition
                );
                for w in &built.warnings {
                    eprintln!("warning: {name}: {w}");
                }
                if let Some(g) = built.grade.filter(|g| *g > TARGET_GRADE) {
                    eprintln!(
                        "warning: {name}: reading grade {g:.1} is above {TARGET_GRADE} (health-literacy guidance targets 6–8)"
                    );
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {name}: {e:#}");
            }
        }
    }
    Ok(failed)
}
