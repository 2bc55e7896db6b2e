//! Writing files so that no reader, and no kill, ever sees half of one; the paths an output may
//! take; the temporary files a killed run left; the run's lock. (The outputs themselves are
//! written through their opened directories: `outdir.rs`.)
//!
//! A file is written to a temporary file in its own directory, named
//! `.newsmirror-XXXXXXXX.tmp` (hidden, random, never a name the mirror uses), flushed to disk
//! when asked, and renamed over the target: the target is the old file or the new one, never a
//! mix. A killed run leaves only such temporary files behind, which the next run removes
//! ([`sweep`]).

use std::ffi::OsStr;
use std::io::ErrorKind::NotFound;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::TempPath;

use crate::error::{Error, Result};

/// Prefix of every temporary file newsmirror writes.
pub(crate) const TEMP_PREFIX: &str = ".newsmirror-";
/// Suffix of every temporary file newsmirror writes.
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// Writes a new temporary file in `dir` with the content written by `write` (flushed to disk
/// when `durable`), to be renamed into place with [`persist`]; dropping the `TempPath` removes
/// it.
pub(crate) fn temp_file_with(
    dir: &Path,
    durable: bool,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<TempPath> {
    let io = |source| Error::Io {
        path: dir.into(),
        source,
    };
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(8)
        .tempfile_in(dir)
        .map_err(io)?;
    write(file.as_file_mut()).map_err(io)?;
    if durable {
        file.as_file().sync_all().map_err(io)?;
    }
    Ok(file.into_temp_path())
}

/// Renames a temporary file over `target`.
pub(crate) fn persist(temp: TempPath, target: &Path) -> Result<()> {
    temp.persist(target).map_err(|e| Error::Io {
        path: target.into(),
        source: e.error,
    })
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, flushed to disk,
/// renamed over `path`, and the directory flushed so the rename itself is durable. Readers see
/// the old content or the new, never a part; a failure leaves the old file as it was.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, true)
}

/// [`write_atomic`], flushing to disk only when `durable` (without, still atomic against a
/// kill, not against a power cut).
pub(crate) fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<()> {
    write_file_with(path, durable, |file| file.write_all(bytes))
}

/// [`write_file`] with the content written by `write`: a file as large as the manifest of a
/// million pages is streamed, never held in memory whole.
pub(crate) fn write_file_with(
    path: &Path,
    durable: bool,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    persist(temp_file_with(dir, durable, write)?, path)?;
    if durable {
        sync_dir(dir);
    }
    Ok(())
}

/// Flushes a directory's entries (the renames in it) to disk, where the platform can.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        // Best effort: a file system that cannot sync a directory still has the file.
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Checks a relative path derived from a page (`gb/25/8/20/n14577375.md`) component by
/// component: at most 16 components, each 1–255 bytes of ASCII letters, digits, `-`, `_`, `.`
/// and `%`, not starting with `.` (so no `.`, `..` or hidden names), separated by `/`; nothing
/// absolute, no backslash, no drive. Returns it as a path to join onto the output directory.
pub(crate) fn safe_relative_path(path: &str) -> Result<PathBuf> {
    let unsafe_path = |reason: &str| Error::UnsafePath {
        path: path.into(),
        reason: reason.into(),
    };
    if path.is_empty() {
        return Err(unsafe_path("empty"));
    }
    if path.len() > 1024 {
        return Err(unsafe_path("longer than 1024 bytes"));
    }
    if path.starts_with('/') {
        return Err(unsafe_path("absolute"));
    }
    let mut out = PathBuf::new();
    for (i, segment) in path.split('/').enumerate() {
        if i >= 16 {
            return Err(unsafe_path("more than 16 components"));
        }
        if segment.is_empty() {
            return Err(unsafe_path("empty component"));
        }
        if segment == "." || segment == ".." {
            return Err(unsafe_path("`.` or `..` component"));
        }
        if segment.starts_with('.') {
            return Err(unsafe_path("hidden component"));
        }
        if segment.len() > 255 {
            return Err(unsafe_path("component longer than 255 bytes"));
        }
        if !segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.%".contains(&b))
        {
            return Err(unsafe_path("character outside [A-Za-z0-9._%-]"));
        }
        out.push(segment);
    }
    Ok(out)
}

/// Is `name` one of our temporary files?
pub(crate) fn is_temp_name(name: &OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}

/// Removes every temporary file (see [`TEMP_PREFIX`]) under `root`, hidden directories
/// included (the state directory has them too), never following symbolic links. Returns how
/// many it removed.
pub(crate) fn sweep(root: &Path) -> Result<usize> {
    let mut removed = 0;
    let walk = walkdir::WalkDir::new(root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            // Gone between the listing and its look: nothing to remove there.
            Err(e) if e.depth() > 0 && e.io_error().is_some_and(|e| e.kind() == NotFound) => {
                continue;
            }
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let what = e.to_string();
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other(what));
                return Err(Error::Io { path, source });
            }
        };
        if entry.file_type().is_file() && is_temp_name(entry.file_name()) {
            std::fs::remove_file(entry.path()).map_err(|source| Error::Io {
                path: entry.path().into(),
                source,
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// An exclusive lock on a file, held until dropped.
#[derive(Debug)]
pub(crate) struct Lock {
    _file: std::fs::File,
}

impl Lock {
    /// Takes the lock at `path` (creating the file), or fails with [`Error::Locked`] when it
    /// stays taken for [`LOCK_PATIENCE`].
    ///
    /// The lock is an `flock`, held by the open file: a process spawned by any thread of this
    /// process holds a copy of it from its fork to its exec, so a lock just released can look
    /// taken for a moment. Hence a short patience, not a single try.
    pub(crate) fn take(path: &Path) -> Result<Lock> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|source| Error::Io {
                path: path.into(),
                source,
            })?;
        let started = std::time::Instant::now();
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs4::TryLockError::WouldBlock) if started.elapsed() < LOCK_PATIENCE => {
                    std::thread::sleep(LOCK_PATIENCE / 20);
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(Error::Locked { path: path.into() });
                }
                Err(fs4::TryLockError::Error(source)) => {
                    return Err(Error::Io {
                        path: path.into(),
                        source,
                    });
                }
            }
        }
    }
}

/// How long [`Lock::take`] waits for a lock that is taken.
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        assert_eq!(
            safe_relative_path("gb/25/8/20/n14577375.md").unwrap(),
            Path::new("gb/25/8/20/n14577375.md")
        );
        assert!(safe_relative_path("gb/tag/%E6%B3%95.md").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "../x.md",
            "gb/../../x.md",
            "gb/./x.md",
            "gb//x.md",
            "gb/x.md/",
            "gb/.git/config",
            ".newsmirror/manifest.json",
            "gb\\..\\x.md",
            "C:/x.md",
            "gb/x y.md",
            "gb/x\0.md",
            "gb/漢.md",
            "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q",
        ] {
            let err = safe_relative_path(bad).unwrap_err();
            assert!(matches!(err, Error::UnsafePath { .. }), "{bad}: {err}");
        }
        assert!(safe_relative_path(&"a".repeat(256)).is_err());
        assert!(safe_relative_path(&format!("{}/x", "a".repeat(255))).is_ok());
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["f.txt"]);
        // Into a directory that does not exist: an error, nothing written.
        assert!(write_atomic(&dir.path().join("no/f.txt"), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn sweep_removes_temps_only_and_follows_no_link() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("gb")).unwrap();
        let made = root.path().join("ok/1/2");
        std::fs::create_dir_all(&made).unwrap();

        let temp = temp_file_with(&made, false, |f| f.write_all(b"partial")).unwrap();
        let keep = made.join("n1.md");
        std::fs::write(&keep, "done").unwrap();
        std::fs::write(outside.path().join(".newsmirror-x.tmp"), "theirs").unwrap();
        let temp_path = temp.to_path_buf();
        temp.keep().unwrap();
        assert!(temp_path.exists());
        // The state directory is hidden, and swept too.
        std::fs::create_dir(root.path().join(".newsmirror")).unwrap();
        let state_temp = root.path().join(".newsmirror/.newsmirror-y.tmp");
        std::fs::write(&state_temp, "journal").unwrap();
        assert_eq!(sweep(root.path()).unwrap(), 2);
        assert!(!temp_path.exists());
        assert!(!state_temp.exists());
        assert!(keep.exists());
        // The symlinked directory is not followed.
        assert!(outside.path().join(".newsmirror-x.tmp").exists());
    }

    #[test]
    fn lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let lock = Lock::take(&path).unwrap();
        assert!(matches!(Lock::take(&path), Err(Error::Locked { .. })));
        drop(lock);
        assert!(Lock::take(&path).is_ok());
    }

    #[test]
    fn a_lock_released_within_the_patience_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let lock = Lock::take(&path).unwrap();
        // As a spawned process's copy of the lock goes away at its exec.
        let release = std::thread::spawn(move || {
            std::thread::sleep(LOCK_PATIENCE / 5);
            drop(lock);
        });
        let started = std::time::Instant::now();
        assert!(Lock::take(&path).is_ok());
        assert!(started.elapsed() < LOCK_PATIENCE);
        release.join().unwrap();
    }
}
