//! A finished index generation as a read-only Tantivy [`Directory`].
//!
//! A generation's files never change once it is live, so reading it needs none of Tantivy's
//! lock files (which it would otherwise create on every reader load). Opening through this
//! wrapper creates nothing, so an index on a read-only mount, a USB stick or in another user's
//! folder can be searched; any attempt to write is refused with an error.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// A generation folder opened for reading only.
#[derive(Clone, Debug)]
pub struct GenerationDir {
    inner: MmapDirectory,
}

impl GenerationDir {
    /// Opens `path` (which must exist) for reading.
    pub fn open(path: &Path) -> Result<GenerationDir, OpenDirectoryError> {
        Ok(GenerationDir { inner: MmapDirectory::open(path)? })
    }
}

fn read_only(path: &Path) -> Arc<io::Error> {
    Arc::new(io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("index generations are read-only (`{}`)", path.display()),
    ))
}

impl Directory for GenerationDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError { io_error: read_only(path), filepath: PathBuf::from(path) })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError { io_error: read_only(path), filepath: PathBuf::from(path) })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::PermissionDenied, read_only(path).to_string()))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing can change a live generation, so readers need no lock: a token that holds none.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
