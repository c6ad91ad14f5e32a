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

/// What names a handout written with no output named: what it holds, whose it is and how it
/// is printed.
#[derive(Debug, Default)]
pub struct HandoutName<'a> {
    /// The topics it prints (`handout detox`).
    pub topics: &'a [String],
    /// The sections it prints by id (`-s`).
    pub sections: &'a [String],
    /// The search whose sections it prints (`-q`).
    pub query: Option<&'a str>,
    /// A title of its own (`--title`).
    pub title: Option<&'a str>,
    /// The clinic file it is branded with.
    pub clinic: Option<&'a Path>,
    /// Large print.
    pub large_print: bool,
    /// Justified text.
    pub justify: bool,
    /// The paper it is set for.
    pub paper: crate::print::handout::Paper,
}

impl HandoutName<'_> {
    /// The file name (without `.pdf`): what the handout holds, its title, the clinic file's
    /// name, then how it is printed, so that two different handouts never replace each other,
    /// nor the standard ones a plain `build` writes: `detox`, `detox-large-print-a4`,
    /// `detox-example` (`--clinic clinics/example.toml`), `kratom-addiction-relapse`,
    /// `search-dope-sick` (what it holds at most about 100 characters).
    pub fn file_stem(&self) -> String {
        use crate::corpus::slugify;
        use crate::print::handout::Paper;
        let mut parts: Vec<String> = self.topics.iter().chain(self.sections).map(|t| slugify(t)).collect();
        if let Some(q) = self.query {
            parts.push(format!("search-{}", slugify(q)));
        }
        parts.retain(|p| !p.is_empty());
        if parts.is_empty() {
            parts.push("handout".into());
        }
        let mut name = parts.join("-");
        let cut_at_100 = |name: &mut String| {
            if name.len() > 100 {
                let cut = name[..100].rfind('-').unwrap_or(100);
                name.truncate(cut);
            }
        };
        cut_at_100(&mut name);
        let whose = [
            self.title.map(|t| {
                let mut t = slugify(t);
                cut_at_100(&mut t);
                t
            }),
            self.clinic.and_then(Path::file_stem).map(|s| slugify(&s.to_string_lossy())),
        ];
        for part in whose.into_iter().flatten().filter(|p| !p.is_empty()) {
            name = format!("{name}-{part}");
        }
        if self.large_print {
            name.push_str("-large-print");
        }
        if self.justify {
            name.push_str("-justified");
        }
        match self.paper {
            Paper::Letter => {}
            Paper::A4 => name.push_str("-a4"),
            Paper::Any => name.push_str("-any-paper"),
        }
        name
    }
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

/// Pack specs put in a folder inside `dir` (`packs/2025/induction.toml`), sorted: `build`
/// builds only the specs in `dir` itself, so these are told of rather than skipped without a
/// word. Clinic files (`packs/clinics/`) are not specs.
pub fn specs_in_subfolders(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for folder in entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()) {
        let Ok(inner) = std::fs::read_dir(&folder) else { continue };
        found.extend(
            inner
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml") && !is_clinic_file(p)),
        );
    }
    found.sort();
    found
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
