//! Advisory OS file locks (`flock` on Unix, `LockFileEx` on Windows) that serialize the
//! commands sharing a folder. The kernel releases a lock when its process ends, however it
//! ends, so a crash or `kill -9` never leaves a folder locked.
//!
//! The index folder holds [`INDEX_LOCK`]: whoever rebuilds, swaps or cleans the index holds it
//! exclusively; readers never take it.

use anyhow::{Context, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Name of the lock file in an index folder.
pub const INDEX_LOCK: &str = "index.lock";

/// An exclusive lock on a folder, held until dropped.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

fn lock_file(dir: &Path) -> Result<File> {
    let path = dir.join(INDEX_LOCK);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create the lock file `{}`", path.display()))
}

impl DirLock {
    /// Waits until this process holds the folder's lock (creating the folder and its lock file
    /// if needed).
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        if dir.is_file() {
            anyhow::bail!(
                "`{}` is a file, not a folder: the index needs a folder there (or --index DIR)",
                dir.display()
            );
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder `{}`", dir.display()))?;
        let file = lock_file(dir)?;
        match file.lock() {
            Ok(()) => {}
            // A file system without locks (some network shares): work as before locks, alone.
            Err(e) if e.kind() == std::io::ErrorKind::Unsupported => {
                tracing::warn!(
                    "`{}` cannot be locked ({e}); do not run two outreach commands on it at once",
                    dir.display()
                );
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", dir.join(INDEX_LOCK).display()));
            }
        }
        Ok(DirLock { _file: file })
    }

    /// The lock if nobody else holds it right now; `None` when it is busy or cannot be taken
    /// (a read-only folder).
    pub fn try_acquire(dir: &Path) -> Option<DirLock> {
        let file = lock_file(dir).ok()?;
        file.try_lock().ok()?;
        Some(DirLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let held = DirLock::acquire(dir.path()).unwrap();
        assert!(DirLock::try_acquire(dir.path()).is_none(), "busy while held");
        drop(held);
        assert!(DirLock::try_acquire(dir.path()).is_some(), "free once released");
    }
}
