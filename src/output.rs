//! Writing files so that a crash never leaves a half-written one: temp file + rename.
//!
//! A writer holds an OS lock on its temporary file until the rename, so a temporary file that
//! nobody holds belongs to a process that was killed; later writes into the same folder remove
//! such leftovers ([`remove_stale_temps`]). A batch stopped with Ctrl-C removes its own at once
//! ([`remove_unfinished_on_interrupt`]).

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Temporary files written and not yet renamed or removed: what an interrupted batch deletes.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Deletes the temporary files of outputs not yet renamed into place (under `root`, or all);
/// returns how many there were. The files already in place are whole, and stay.
pub fn remove_unfinished(root: Option<&Path>) -> usize {
    let mut list = UNFINISHED.lock().unwrap_or_else(|e| e.into_inner());
    let (mine, others): (Vec<PathBuf>, Vec<PathBuf>) =
        list.drain(..).partition(|p| root.is_none_or(|r| p.starts_with(r)));
    *list = others;
    mine.iter().filter(|p| std::fs::remove_file(p).is_ok()).count()
}

/// For a batch (`build`, `pack`): on Ctrl-C (or a `kill`, or the terminal closing), deletes
/// the unfinished outputs' temporary files, says so, and exits with 130, rather than leave
/// them hidden in the output folders until a later write clears them.
pub fn remove_unfinished_on_interrupt() {
    let installed = ctrlc::set_handler(|| {
        let n = remove_unfinished(None);
        eprintln!(
            "interrupted: {n} unfinished file{} removed; the files already in place are whole",
            if n == 1 { "" } else { "s" }
        );
        std::process::exit(130);
    });
    if let Err(e) = installed {
        tracing::debug!("no Ctrl-C handler: {e}");
    }
}

fn forget_unfinished(tmp: &Path) {
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()).retain(|p| p != tmp);
}

/// Prefix of the temporary files [`write_atomic`] creates: `.outreach-` + six
/// random letters and digits + [`TEMP_SUFFIX`]. Only a name of exactly that shape is ever
/// removed as a killed writer's leftover, and no output may take one.
pub const TEMP_PREFIX: &str = ".outreach-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".partial";
/// How many random letters and digits a temporary file's name holds ([`TEMP_PREFIX`]).
const TEMP_RANDOM: usize = 6;

/// Whether `name` is the name of one of [`write_atomic`]'s temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX).and_then(|rest| rest.strip_suffix(TEMP_SUFFIX)).is_some_and(|random| {
        random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

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
    commit(vec![stage(path, bytes)]).pop().unwrap_or(Ok(()))
}

/// Where a symbolic link points, relative targets taken from the link's folder; `None` if it
/// cannot be read.
fn link_target(link: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(link).ok()?;
    Some(match link.parent() {
        Some(dir) if target.is_relative() => dir.join(target),
        _ => target,
    })
}

/// Renames staged files into place ([`stage`]), after one flush to disk per file system (or
/// one per file where that is not possible, and for a lone file: cheaper than flushing its
/// whole file system). Then clears the leftovers of killed writers, once per folder.
///
/// One flush for a batch instead of one per file: a `build` of hundreds of handouts no longer
/// waits for the disk hundreds of times. A crash before the renames leaves the old files;
/// after the flush, every renamed file is whole. Returns each file's outcome, in order.
#[tracing::instrument(level = "debug", name = "flush and rename", skip_all)]
pub fn commit(staged: Vec<Result<Option<Staged>>>) -> Vec<Result<()>> {
    let ready: Vec<&Staged> =
        staged.iter().filter_map(|s| s.as_ref().ok().and_then(Option::as_ref)).collect();
    // A lone file is flushed on its own: cheaper than flushing its whole file system.
    let flushed = ready.len() > 1 && sync_file_systems(&ready).is_ok();
    let mut clean: Vec<PathBuf> = Vec::new();
    let results = staged
        .into_iter()
        .map(|staged| {
            let Some(Staged { tmp, path, dir, locked }) = staged? else { return Ok(()) };
            let tmp_path = tmp.path().to_path_buf();
            if !flushed {
                tmp.as_file().sync_all().with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            // (On a failure the temporary file is dropped, and removed, with its entry left
            // behind: removing a file that is gone does nothing.)
            tmp.persist(&path).with_context(|| format!("cannot write `{}`", path.display()))?;
            forget_unfinished(&tmp_path);
            if locked && !clean.contains(&dir) {
                clean.push(dir);
            }
            Ok(())
        })
        .collect();
    for dir in clean {
        remove_stale_temps(&dir);
    }
    results
}

/// A file written under a temporary name beside its destination, not yet flushed or renamed:
/// [`commit`] finishes it.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    dir: PathBuf,
    /// The temporary file holds an OS lock (see [`remove_stale_temps`]).
    locked: bool,
}

/// Writes `bytes` under a temporary name beside `path`, or straight into a device or pipe
/// (then `None`: nothing to rename). [`commit`] flushes and renames it.
#[tracing::instrument(level = "debug", name = "write under a temporary name", skip_all)]
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Option<Staged>> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    // A link whose file does not exist yet (dangling) still names where to write: it was
    // replaced by a file.
    let resolved =
        if is_link { std::fs::canonicalize(path).ok().or_else(|| link_target(path)) } else { None };
    // A dangling link writes its file where it points, but makes no folders there: a link to a
    // folder that does not exist is a mistake to name, not a tree to create.
    if let Some(target) = &resolved
        && let Some(folder) = target.parent().filter(|f| !f.as_os_str().is_empty() && !f.is_dir())
    {
        bail!(
            "`{}` is a link to `{}`, whose folder `{}` does not exist: fix the link, or write to another name",
            path.display(),
            target.display(),
            folder.display()
        );
    }
    let path = resolved.as_deref().unwrap_or(path);
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        out.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
        return Ok(None);
    }
    // A name of the temporary files' shape would be removed later as a killed writer's.
    if path.file_name().is_some_and(|n| is_temp_name(&n.to_string_lossy())) {
        bail!(
            "`{}` has the name of an unfinished temporary file (`{TEMP_PREFIX}…{TEMP_SUFFIX}`), which outreach removes: choose another name",
            path.display()
        );
    }
    // A folder where the file should go (`-o output/`): say so before writing anything, rather
    // than fail at the rename with the system's "Is a directory" twice over.
    if path.is_dir() {
        bail!(
            "`{}` is a folder: name the file to write in it, such as `{}`, or move the folder out of the way",
            path.display(),
            path.join("handout.pdf").display()
        );
    }
    // A file made read-only was protected on purpose (a signed copy): it is not replaced behind
    // its owner's back, as the rename would.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        bail!(
            "`{}` is read-only: make it writable to replace it (chmod u+w), or write to another name",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // A file where a folder of the path should be (`-o notes.txt/x.pdf`, `--out notes.txt`):
    // named as such, not as the system's "File exists" or "Not a directory".
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        bail!(
            "`{}` is a file, not a folder: `{}` cannot be written under it; choose another folder",
            file.display(),
            path.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner()).push(tmp.path().to_path_buf());
    // Held until the rename: marks the file as in use for `remove_stale_temps`. A file system
    // without locks just means leftovers there are not recognized as such.
    let locked = tmp.as_file().lock().is_ok();
    tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    // Temporary files are private (0600); the output is an ordinary file for everyone to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
    }
    Ok(Some(Staged { tmp, path: path.to_path_buf(), dir: dir.to_path_buf(), locked }))
}

/// Flushes the file systems the staged files are on, once each (`syncfs`); an error means the
/// caller must flush each file itself.
#[cfg(target_os = "linux")]
fn sync_file_systems(staged: &[&Staged]) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let mut done = std::collections::BTreeSet::new();
    for s in staged {
        let file = s.tmp.as_file();
        if done.insert(file.metadata()?.dev()) {
            rustix::fs::syncfs(file)?;
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn sync_file_systems(_: &[&Staged]) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Whether `path` names this process's standard output (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`), where nothing but the document may be written.
pub fn is_standard_output(path: &Path) -> bool {
    ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].iter().any(|p| path == Path::new(p))
}

/// Whether `path` is a file with something in it that is not known to be a PDF: one no PDF
/// output may be written over. A device, an empty file or a missing one is fine; a file that
/// cannot be read (no permission) is not, since nothing says it is a PDF.
pub fn not_a_pdf(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    meta.is_file() && meta.len() > 0 && !starts_as_pdf(std::fs::File::open(path))
}

/// Whether an opened file's first bytes are a PDF's header; false when it could not be opened
/// or read.
fn starts_as_pdf(file: std::io::Result<std::fs::File>) -> bool {
    use std::io::Read;
    let mut head = [0u8; 5];
    file.and_then(|mut f| f.read_exact(&mut head)).is_ok_and(|()| &head == b"%PDF-")
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
        if !is_temp_name(&entry.file_name().to_string_lossy())
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
    fn a_file_that_cannot_be_read_is_not_taken_for_a_pdf() {
        // Written over as a user who could not read it: "cannot open" counted as "a PDF".
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert!(!super::starts_as_pdf(Err(denied)));
        let dir = tempfile::tempdir().unwrap();
        let (pdf, text, short) =
            (dir.path().join("a.pdf"), dir.path().join("b.pdf"), dir.path().join("c.pdf"));
        std::fs::write(&pdf, b"%PDF-1.7 ...").unwrap();
        std::fs::write(&text, b"patient list").unwrap();
        std::fs::write(&short, b"%P").unwrap();
        assert!(!super::not_a_pdf(&pdf));
        assert!(super::not_a_pdf(&text));
        assert!(super::not_a_pdf(&short));
        assert!(!super::not_a_pdf(&dir.path().join("missing.pdf")));
    }

    #[test]
    fn an_interrupted_batch_removes_its_unfinished_files_and_keeps_the_whole_ones() {
        let dir = tempfile::tempdir().unwrap();
        super::write_atomic(&dir.path().join("done.pdf"), b"%PDF-1.7 done").unwrap();
        let staged = super::stage(&dir.path().join("half.pdf"), b"%PDF-1.7 half").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "a temporary file beside it");
        assert_eq!(super::remove_unfinished(Some(dir.path())), 1);
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into())
            .collect();
        assert_eq!(left, ["done.pdf"]);
        drop(staged);
    }

    #[test]
    fn a_file_where_a_folder_should_be_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), b"notes").unwrap();
        let path = dir.path().join("notes.txt/handouts/x.pdf");
        let err = super::write_atomic(&path, b"%PDF-1.7").unwrap_err().to_string();
        assert!(err.contains("notes.txt` is a file, not a folder"), "{err}");
        assert_eq!(std::fs::read(dir.path().join("notes.txt")).unwrap(), b"notes");
    }

    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signed.pdf");
        std::fs::write(&path, b"%PDF-1.7 signed").unwrap();
        let mut perms = std::fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&path, perms).unwrap();
        let err = super::write_atomic(&path, b"%PDF-1.7 new").unwrap_err().to_string();
        assert!(err.contains("is read-only: make it writable"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 signed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing else was written");
    }

    #[test]
    fn a_folder_is_not_written_over() {
        // `-o output/` failed at the rename with "Is a directory" twice over.
        let dir = tempfile::tempdir().unwrap();
        let err = super::write_atomic(dir.path(), b"%PDF-1.7").unwrap_err().to_string();
        assert!(err.contains("is a folder: name the file to write in it"), "{err}");
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "something was written");
    }

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
        // A link to a file not written yet: the file is made where it points, the link kept.
        let dangling = dir.path().join("dangling.pdf");
        std::os::unix::fs::symlink("later.pdf", &dangling).unwrap();
        super::write_atomic(&dangling, b"made").unwrap();
        assert!(std::fs::symlink_metadata(&dangling).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(dir.path().join("later.pdf")).unwrap(), b"made");
        // The null device is written to, not replaced.
        super::write_atomic(std::path::Path::new("/dev/null"), b"x").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[test]
    fn a_batch_is_written_whole_and_one_failure_spares_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, b"a file where a folder should be").unwrap();
        let paths = [
            dir.path().join("a/1.pdf"),
            dir.path().join("b/2.pdf"),
            blocker.join("3.pdf"),
            dir.path().join("a/4.pdf"),
        ];
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(&paths[3], b"old").unwrap();
        let files: Vec<(&std::path::Path, &[u8])> = paths
            .iter()
            .zip([&b"one"[..], b"two", b"three", b"four"])
            .map(|(p, b)| (p.as_path(), b))
            .collect();
        let results = super::commit(files.iter().map(|(p, b)| super::stage(p, b)).collect());
        assert!(results[0].is_ok() && results[1].is_ok() && results[3].is_ok(), "{results:?}");
        assert!(results[2].as_ref().unwrap_err().to_string().contains("not-a-folder"), "{results:?}");
        assert_eq!(std::fs::read(&paths[0]).unwrap(), b"one");
        assert_eq!(std::fs::read(&paths[1]).unwrap(), b"two");
        assert_eq!(std::fs::read(&paths[3]).unwrap(), b"four");
        // Nothing but the outputs is left behind.
        let names = |d: &str| -> Vec<String> {
            let mut n: Vec<String> = std::fs::read_dir(dir.path().join(d))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        assert_eq!(names("a"), ["1.pdf", "4.pdf"]);
        assert_eq!(names("b"), ["2.pdf"]);
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

    #[cfg(unix)]
    #[test]
    fn a_link_into_a_missing_folder_is_named_not_followed_by_new_folders() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("out.pdf");
        let target = dir.path().join("missing/deeper/x.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = super::write_atomic(&link, b"%PDF-").unwrap_err();
        assert!(format!("{err:#}").contains("whose folder"), "{err:#}");
        assert!(!dir.path().join("missing").exists(), "folders were made for the link");
        // A dangling link into a folder that exists still gets its file.
        let here = dir.path().join("here.pdf");
        std::os::unix::fs::symlink(dir.path().join("made.pdf"), &here).unwrap();
        super::write_atomic(&here, b"%PDF-").unwrap();
        assert_eq!(std::fs::read(dir.path().join("made.pdf")).unwrap(), b"%PDF-");
    }

    #[test]
    fn removes_only_temp_files_nobody_holds() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
        let leftover = dir.path().join(".outreach-dead01.partial");
        std::fs::write(&leftover, b"half").unwrap();
        let busy = dir.path().join(".outreach-busy01.partial");
        std::fs::write(&busy, b"half").unwrap();
        let held = std::fs::File::open(&busy).unwrap();
        held.lock().unwrap();
        let fresh = dir.path().join(".outreach-new001.partial");
        std::fs::write(&fresh, b"just created").unwrap();
        // A user's file that only starts like one: never touched.
        let mine = dir.path().join(".outreach-mine.pdf");
        std::fs::write(&mine, b"%PDF-").unwrap();
        for p in [&leftover, &busy, &mine] {
            std::fs::File::options().write(true).open(p).unwrap().set_modified(old).unwrap();
        }
        super::write_atomic(&dir.path().join("out.pdf"), b"pdf").unwrap();
        assert!(!leftover.exists(), "a dead writer's file is removed");
        assert!(busy.exists(), "a file another writer holds is kept");
        assert!(fresh.exists(), "a file created a moment ago is kept");
        assert!(mine.exists(), "a file of another shape is kept");
        drop(held);
        // No output takes the temporary files' shape, and the writer's own have it.
        let taken = super::write_atomic(&dir.path().join(".outreach-abc123.partial"), b"x").unwrap_err();
        assert!(format!("{taken:#}").contains("unfinished temporary file"), "{taken:#}");
        let staged = super::stage(&dir.path().join("b.pdf"), b"pdf").unwrap().unwrap();
        assert!(super::is_temp_name(&staged.tmp.path().file_name().unwrap().to_string_lossy()));
        assert!(
            !super::is_temp_name(".outreach-abc12.partial") && !super::is_temp_name(".outreach-mine.pdf")
        );
    }
}
