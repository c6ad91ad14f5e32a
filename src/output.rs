//! Writing files so that a crash never leaves a half-written one: temp file + rename.
//!
//! A writer holds an OS lock on its temporary file until the rename, so a temporary file that
//! nobody holds belongs to a process that was killed; later writes into the same folder remove
//! such leftovers ([`remove_stale_temps`]).

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// Prefix of the temporary files [`write_atomic`] creates.
pub const TEMP_PREFIX: &str = ".outreach-";

/// A temporary file younger than this is left alone: its writer may have created it and not
/// yet locked it.
const TEMP_GRACE: Duration = Duration::from_secs(2);

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
/// then renamed over `path`. Creates the folder if needed.
///
/// A symbolic link stays a link: the file it points to is replaced. A device or a pipe
/// (`-o /dev/null`, `-o /dev/stdout` into a pipe, a FIFO) is written in place, since renaming
/// over it would put a regular file where the device was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = if is_link { std::fs::canonicalize(path).ok() } else { None };
    let path = resolved.as_deref().unwrap_or(path);
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        return out.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    // Held until this function returns: marks the file as in use for `remove_stale_temps`. A
    // file system without locks just means leftovers there are not recognized as such.
    let locked = tmp.as_file().lock().is_ok();
    tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.as_file().sync_all().with_context(|| format!("cannot write `{}`", path.display()))?;
    // Temporary files are private (0600); the output is an ordinary file for everyone to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    tmp.persist(path).with_context(|| format!("cannot write `{}`", path.display()))?;
    if locked {
        remove_stale_temps(dir);
    }
    Ok(())
}

/// A file size as people read it: `25.7 KB`, `1.2 MB`.
pub fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// Removes the temporary files of writers that died before renaming them (unlocked, and older
/// than a moment). Best effort: a file that cannot be checked or removed is left.
pub fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
            || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > TEMP_GRACE));
        let Ok(file) = std::fs::File::open(entry.path()) else { continue };
        if old && file.try_lock().is_ok() {
            tracing::debug!(file = %entry.path().display(), "removing a temporary file left by a killed writer");
            std::fs::remove_file(entry.path()).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn devices_pipes_and_links_stay_what_they_are() {
        use std::os::unix::fs::FileTypeExt;
        // A FIFO with a reader: the bytes go through it, and it is still a FIFO after.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        super::write_atomic(&fifo, b"%PDF-1.7").unwrap();
        assert_eq!(reader.join().unwrap(), b"%PDF-1.7");
        assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        // A link to a file: the file gets the bytes, the link stays a link.
        let target = dir.path().join("real.pdf");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        super::write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        // The null device is written to, not replaced.
        super::write_atomic(std::path::Path::new("/dev/null"), b"x").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[test]
    fn replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.txt");
        super::write_atomic(&p, b"one").unwrap();
        super::write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn removes_only_temp_files_nobody_holds() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let leftover = dir.path().join(".outreach-dead");
        std::fs::write(&leftover, b"half").unwrap();
        let busy = dir.path().join(".outreach-busy");
        std::fs::write(&busy, b"half").unwrap();
        let held = std::fs::File::open(&busy).unwrap();
        held.lock().unwrap();
        let fresh = dir.path().join(".outreach-new");
        std::fs::write(&fresh, b"just created").unwrap();
        for p in [&leftover, &busy] {
            std::fs::File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
        }
        super::write_atomic(&dir.path().join("out.pdf"), b"pdf").unwrap();
        assert!(!leftover.exists(), "a dead writer's file is removed");
        assert!(busy.exists(), "a file another writer holds is kept");
        assert!(fresh.exists(), "a file created a moment ago is kept");
        drop(held);
    }
}
