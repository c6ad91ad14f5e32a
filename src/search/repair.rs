//! A damaged index heals itself: when one of its files fails its checksum, it is rebuilt from
//! the corpus. Long commands (a build, a server) check every file when they open the index;
//! quick ones (a search) do so for a small index, and for a large one only after reading it
//! failed (an error, or a panic inside Tantivy, which trusts its own files), then run once
//! more, so a healthy large index costs them nothing.

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};

use super::Engine;
use super::index::{self, Freshness, SearchIndex};
use crate::corpus::Corpus;

/// Runs `work` on an engine over a fresh index of the corpus in `corpus_dir` (`loaded` when
/// the caller has parsed it already). A damaged index is rebuilt, with a warning naming the
/// damaged files, and `work` runs once more; any other failure is `work`'s own.
pub fn with_engine<T>(
    corpus_dir: &Path,
    index_dir: &Path,
    loaded: Option<&Corpus>,
    work: impl Fn(&Engine) -> Result<T>,
) -> Result<(T, Freshness)> {
    let (idx, fresh) = index::open_with(corpus_dir, index_dir, false, loaded)?;
    // Small enough to check whole at once: damage that this command's reads would miss is
    // found too.
    let (idx, fresh) = if size_of(&idx) <= CHECK_ON_OPEN_BYTES {
        checked(idx, fresh, corpus_dir, index_dir, loaded)?
    } else {
        (idx, fresh)
    };
    let engine = Engine::new(idx);
    let failure = match catching(|| work(&engine)) {
        Ok(Ok(value)) => return Ok((value, fresh)),
        Ok(Err(e)) => Failure::Error(e),
        Err(message) => Failure::Panic(message),
    };
    let damaged = damaged_files(&engine.index);
    if damaged.is_empty() {
        return Err(failure.into_error(&engine.index.dir));
    }
    drop(engine);
    let engine = Engine::new(rebuild(corpus_dir, index_dir, loaded, &damaged)?);
    Ok((work(&engine)?, Freshness::Rebuilt))
}

/// Opens a fresh index of the corpus in `corpus_dir` (`loaded` when parsed already), checking
/// every file's checksum first and rebuilding a damaged index, with a warning.
pub fn open_checked(
    corpus_dir: &Path,
    index_dir: &Path,
    loaded: Option<&Corpus>,
) -> Result<(SearchIndex, Freshness)> {
    let (idx, fresh) = index::open_with(corpus_dir, index_dir, false, loaded)?;
    checked(idx, fresh, corpus_dir, index_dir, loaded)
}

/// `idx`, opened as `fresh`, with every file's checksum checked: rebuilt if one fails.
fn checked(
    idx: SearchIndex,
    fresh: Freshness,
    corpus_dir: &Path,
    index_dir: &Path,
    loaded: Option<&Corpus>,
) -> Result<(SearchIndex, Freshness)> {
    let damaged = damaged_files(&idx);
    if damaged.is_empty() {
        return Ok((idx, fresh));
    }
    drop(idx);
    Ok((rebuild(corpus_dir, index_dir, loaded, &damaged)?, Freshness::Rebuilt))
}

/// Rebuilds the index after `damaged` files were found, saying so.
fn rebuild(
    corpus_dir: &Path,
    index_dir: &Path,
    loaded: Option<&Corpus>,
    damaged: &[PathBuf],
) -> Result<SearchIndex> {
    let names: Vec<String> = damaged.iter().map(|p| p.display().to_string()).collect();
    tracing::warn!(
        "the index in `{}` is damaged ({} failed its checksum): rebuilding it from the corpus",
        index_dir.display(),
        names.join(", ")
    );
    let rebuilt = index::open_with(corpus_dir, index_dir, true, loaded);
    Ok(rebuilt
        .with_context(|| {
            format!(
                "the index in `{}` is damaged and could not be rebuilt; run `outreach index` where it can be \
                 written, or give another folder with --index",
                index_dir.display()
            )
        })?
        .0)
}

/// An index up to this size is checked whole when quick commands open it: a fraction of a
/// millisecond (the shipped corpus's is about 50 KB); a larger one only after a failed read.
const CHECK_ON_OPEN_BYTES: u64 = 4 << 20;

/// Bytes of the files in the index's generation folder.
fn size_of(idx: &SearchIndex) -> u64 {
    let files = std::fs::read_dir(&idx.dir).into_iter().flatten().flatten();
    files.filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
}

/// What went wrong on the first try.
enum Failure {
    Error(anyhow::Error),
    /// A panic, with its message.
    Panic(String),
}

impl Failure {
    /// The failure as an error to report: a panic was a bug, not the user's doing.
    fn into_error(self, dir: &Path) -> anyhow::Error {
        match self {
            Failure::Error(e) => e,
            Failure::Panic(message) => anyhow::anyhow!(
                "reading the index in `{}` failed ({message}); its files pass their checksums, \
                 so this is a bug: please report it. `outreach index` rebuilds the index",
                dir.display()
            ),
        }
    }
}

/// The index files whose checksums do not match their contents (none if they cannot be read).
fn damaged_files(idx: &SearchIndex) -> Vec<PathBuf> {
    let mut damaged: Vec<PathBuf> = idx.index.validate_checksum().unwrap_or_default().into_iter().collect();
    damaged.sort();
    damaged
}

/// Runs `f`, catching a panic and returning its message instead; the panic is not printed.
fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let message = Arc::new(Mutex::new(String::new()));
    let seen = Arc::clone(&message);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if let Ok(mut m) = seen.lock() {
            *m = info.to_string();
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    result.map_err(|_| message.lock().map(|m| m.clone()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_message_and_not_printed() {
        let caught = catching(|| -> u8 { panic!("fast field out of range") });
        assert!(caught.unwrap_err().contains("fast field out of range"));
        assert_eq!(catching(|| 7), Ok(7));
    }
}
