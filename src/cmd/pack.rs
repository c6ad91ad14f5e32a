//! `outreach pack`: course packs from spec files, in parallel.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, PackArgs};

pub fn run(cli: &Cli, args: &PackArgs) -> Result<ExitCode> {
    outreach::output::remove_unfinished_on_interrupt();
    let (corpus, engine, _) = super::open_corpus(cli)?;
    let created = super::creation_time();
    // A spec named twice (`pack a.toml a.toml`, or a shell glob and its file) is built once.
    let mut seen = std::collections::HashSet::new();
    let named: Vec<PathBuf> =
        args.specs.iter().filter(|spec| seen.insert(canonical(spec))).cloned().collect();
    // A clinic file kept beside the specs (`pack packs/*.toml`) is passed over, as `build`
    // passes it over; named alone, it is a mistake to explain.
    let (clinics, specs): (Vec<PathBuf>, Vec<PathBuf>) =
        named.into_iter().partition(|p| outreach::print::catalog::is_clinic_file(p));
    for clinic in &clinics {
        let note =
            format!("`{}` is a clinic file, not a pack spec: {}", clinic.display(), how_a_spec_names(clinic));
        if specs.is_empty() {
            anyhow::bail!("{note}");
        }
        // (A path is the user's text: a control character in it is shown, not obeyed.)
        eprintln!("note: {}; passed over", crate::log::printable(&note));
    }
    let jobs = specs
        .iter()
        .map(|spec| super::jobs::pack(&corpus, &engine, spec.clone(), &args.out, created))
        .collect();
    let failed = super::jobs::run(jobs, args.jobs)?;
    let total = specs.len();
    // What `outreach check` finds in these specs (a section printed twice, by two modules)
    // is said here, where the trainer is looking (the corpus's own findings are the editors'
    // business: `build` counts them).
    let findings = outreach::print::check::check(&corpus, Some(&engine), &specs, &[])?;
    // A spec that failed was reported as an error already.
    let built = |f: &&outreach::print::check::Finding| !failed.contains(&f.path.display().to_string());
    for f in findings.iter().filter(|f| seen.contains(&canonical(&f.path))).filter(built) {
        eprintln!("warning: {f}");
    }
    super::jobs::say_failures(&failed, total);
    Ok(if failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// How a spec names `clinic` (its `clinic =` path is relative to the spec): from a spec in
/// `packs/` where the clinic file is under it (`clinic = "clinics/example.toml"`), else by the
/// path from the spec's own folder.
fn how_a_spec_names(clinic: &Path) -> String {
    let packs = canonical(Path::new("packs"));
    match canonical(clinic).strip_prefix(&packs) {
        Ok(inside) => format!(
            "a spec in `packs/` names it with `clinic = \"{}\"` (the path is relative to the spec)",
            inside.display()
        ),
        Err(_) => format!(
            "a spec names it with `clinic = \"…\"` and its path from the spec's folder (for a spec beside it, `clinic = \"{}\"`)",
            clinic.file_name().unwrap_or_default().to_string_lossy()
        ),
    }
}

/// A spec's path as the file system names it, to tell one file named two ways.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
