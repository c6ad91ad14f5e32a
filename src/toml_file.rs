//! TOML files of the project (front matter, synonyms, clinics, packs, judged queries) parsed
//! with errors that name the file and line, as `path:line: bad WHAT: message`.

use anyhow::Result;
use serde::de::DeserializeOwned;
use std::path::Path;

use crate::source::{Lines, SourceError};

/// Parses `text`, read from `path`, whose first line is line `first_line` of the file.
pub fn parse_at<T: DeserializeOwned>(path: &Path, text: &str, first_line: usize, what: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| Lines::new(text, first_line).line_of(s.start)).unwrap_or(first_line);
        SourceError::new(path, line, format!("bad {what}: {}", e.message())).into()
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
