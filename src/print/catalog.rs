//! The catalogue: what `outreach build` makes for every clinic — one handout per standard
//! topic, and a course pack per spec in the packs folder — and where each file goes.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The handouts every clinic gets, one per topic.
pub const STANDARD_TOPICS: [&str; 3] = ["detox", "signs", "treatment"];

/// Where the standard handout of `topic` is written under `out`.
pub fn handout_path(out: &Path, topic: &str) -> PathBuf {
    out.join("handouts").join(format!("{topic}.pdf"))
}

/// The file name (without `.pdf`) of a handout written with no output named: what it holds
/// and how it is printed, so that two different handouts never replace each other, nor the
/// standard ones `build` writes: `detox`, `detox-large-print-a4`, `kratom-addiction-relapse`,
/// `search-dope-sick` (at most about 100 characters).
pub fn handout_name(
    topics: &[String],
    sections: &[String],
    query: Option<&str>,
    large_print: bool,
    paper: crate::print::handout::Paper,
) -> String {
    use crate::corpus::slugify;
    use crate::print::handout::Paper;
    let mut parts: Vec<String> = topics.iter().chain(sections).map(|t| slugify(t)).collect();
    if let Some(q) = query {
        parts.push(format!("search-{}", slugify(q)));
    }
    parts.retain(|p| !p.is_empty());
    if parts.is_empty() {
        parts.push("handout".into());
    }
    let mut name = parts.join("-");
    if name.len() > 100 {
        let cut = name[..100].rfind('-').unwrap_or(100);
        name.truncate(cut);
    }
    if large_print {
        name.push_str("-large-print");
    }
    match paper {
        Paper::Letter => {}
        Paper::A4 => name.push_str("-a4"),
        Paper::Any => name.push_str("-any-paper"),
    }
    name
}

/// Where the pack of `spec` is written under `out`: `packs/<spec name>.pdf`.
pub fn pack_path(out: &Path, spec: &Path) -> PathBuf {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "pack".into());
    out.join("packs").join(format!("{stem}.pdf"))
}

/// Pack specs (`*.toml`) in `dir`, sorted; none when the folder does not exist. A clinic file
/// kept beside the specs (it has a `name` and no `title`: a spec names it with `clinic =`) is
/// not a spec.
pub fn pack_specs(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read `{}`", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !is_clinic_file(p))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Clinic files kept with the pack specs, in `dir` and its `clinics/` folder, sorted: what
/// `outreach check` loads to find their mistakes before a spec names them.
pub fn clinic_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("clinics")] {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        found.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && is_clinic_file(p)),
        );
    }
    found.sort();
    Ok(found)
}

/// Keys only a clinic file has: one with any of them and no `title` or `module` is a clinic
/// file, even with its `name` misspelt.
const CLINIC_KEYS: [&str; 8] =
    ["name", "phone", "address", "hours", "website", "logo", "resources", "corpus_resources"];

/// Whether the TOML file at `path` is a clinic file rather than a pack spec. One that cannot be
/// read or parsed is taken for a spec, so that loading it reports what is wrong.
pub fn is_clinic_file(path: &Path) -> bool {
    let Some(table) =
        crate::source::read_text(path, crate::source::MAX_CONFIG).map(|t| t.parse::<toml::Table>())
    else {
        return false;
    };
    table.is_ok_and(|t| {
        CLINIC_KEYS.iter().any(|k| t.contains_key(*k))
            && !t.contains_key("title")
            && !t.contains_key("module")
    })
}
