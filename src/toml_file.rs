//! TOML files of the project (front matter, synonyms, clinics, packs, judged queries) parsed
//! with errors that name the file and line, as `path:line: bad WHAT: message`.

use anyhow::{Result, anyhow};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `text`, read from `path`, whose first line is line `first_line` of the file.
pub fn parse_at<T: DeserializeOwned>(path: &Path, text: &str, first_line: usize, what: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count()).unwrap_or(0) + first_line;
        anyhow!("{}:{line}: bad {what}: {}", path.display(), e.message())
    })
}

/// Parses a whole TOML file's text.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str, what: &str) -> Result<T> {
    parse_at(path, text, 1, what)
}

/// Reads and parses a TOML file.
pub fn load<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    use anyhow::Context;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the {what} `{}`", path.display()))?;
    parse(path, &text, what)
}
