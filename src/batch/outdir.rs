//! The output directories, opened without following a symbolic link, and the output files
//! written through them: the directory checked is the directory written in.
//!
//! A path is looked up again at each use. Checking that `gb/25/8/20` is made of real
//! directories and then writing `gb/25/8/20/.newsmirror-….tmp` by its path would leave a window
//! (between the check and the write, or the rename a moment later) in which `gb` could become a
//! symbolic link to anywhere, and the write would follow it. So, on Unix, each component is
//! opened relative to its parent's handle with `O_NOFOLLOW | O_DIRECTORY`: the open is the check,
//! there is no separate one. The temporary file is created, and an existing output compared,
//! relative to the last handle; the rename into place opens the path again the same way and
//! renames within that handle, so a directory swapped in between makes the rename fail (the
//! temporary file is not in it), never follow a link. Nothing is cached: every output opens its
//! directory again (a few `openat` calls, next to the conversion's milliseconds).
//!
//! Elsewhere (no `openat` in the standard library), each component is created and checked by
//! path, and the files are written by path: links present before the run are refused, one swapped
//! in during it is not.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::atomic::{TEMP_PREFIX, TEMP_SUFFIX};
use crate::error::{Error, Result};

/// The output directory (the root), opened once.
#[derive(Debug)]
struct Root {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// Opens directories under a root without ever following a symbolic link: an existing component
/// that is a link or a file is an error ([`Error::UnsafePath`]).
#[derive(Debug)]
pub(crate) struct Dirs {
    root: Arc<Root>,
}

/// A directory under the root, opened (checked) by [`Dirs::ensure`].
#[derive(Debug)]
pub(crate) struct OutDir {
    root: Arc<Root>,
    /// Relative to the root.
    rel: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// A temporary file with an output's new content, in the output's directory, to be renamed into
/// place with [`Staged::persist`]; dropped, it is removed.
#[derive(Debug)]
pub(crate) struct Staged {
    root: Arc<Root>,
    /// Its directory, relative to the root.
    dir: PathBuf,
    /// Its name in that directory.
    name: OsString,
    /// Renamed into place (or given up): nothing to remove.
    done: bool,
}

impl Dirs {
    /// Opens the root, `root` (canonical: no link on its way).
    pub(crate) fn new(root: PathBuf) -> Result<Dirs> {
        #[cfg(unix)]
        let fd = std::fs::File::open(&root)
            .map(std::os::fd::OwnedFd::from)
            .map_err(|source| Error::Io {
                path: root.clone(),
                source,
            })?;
        Ok(Dirs {
            root: Arc::new(Root {
                path: root,
                #[cfg(unix)]
                fd,
            }),
        })
    }

    /// Opens `rel` (already checked by [`super::safe_relative_path`]) under the root, creating
    /// the directories that are missing, following no symbolic link.
    pub(crate) fn ensure(&self, rel: &Path) -> Result<OutDir> {
        open(&self.root, rel, true)
    }
}

impl OutDir {
    /// The directory's path (for messages).
    fn path(&self) -> PathBuf {
        self.root.path.join(&self.rel)
    }

    /// Does the file `name` in this directory already hold exactly `bytes`, as a regular file
    /// (a symbolic link never counts)? Then writing it again would change nothing but its inode
    /// and time: the caller leaves it. With `durable`, the file is also flushed to disk (a run
    /// without flushing may have written it). Any error reading it answers no, and the caller
    /// writes the file as usual.
    pub(crate) fn holds(&self, name: &OsStr, bytes: &[u8], durable: bool) -> bool {
        let Ok(mut file) = self.open_file(name) else {
            return false;
        };
        let same_size = file
            .metadata()
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
        if !same_size {
            return false;
        }
        let mut old = Vec::with_capacity(bytes.len() + 1);
        let read = (&mut file)
            .take(bytes.len() as u64 + 1)
            .read_to_end(&mut old);
        read.is_ok() && old == bytes && (!durable || file.sync_all().is_ok())
    }

    /// Writes `bytes` to a new temporary file (`.newsmirror-XXXXXXXX.tmp`) in this directory,
    /// flushed to disk when `durable`.
    pub(crate) fn stage(&self, bytes: &[u8], durable: bool) -> Result<Staged> {
        let io = |source| Error::Io {
            path: self.path(),
            source,
        };
        let (name, mut file) = self.create_temp().map_err(io)?;
        let staged = Staged {
            root: Arc::clone(&self.root),
            dir: self.rel.clone(),
            name,
            done: false,
        };
        file.write_all(bytes).map_err(io)?;
        if durable {
            file.sync_all().map_err(io)?;
        }
        Ok(staged)
    }

    /// A new file with a random temporary name, created (never opened through a link).
    fn create_temp(&self) -> std::io::Result<(OsString, std::fs::File)> {
        loop {
            let random: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(8)
                .collect();
            let name = OsString::from(format!("{TEMP_PREFIX}{random}{TEMP_SUFFIX}"));
            match self.create_new(&name) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                created => return created.map(|file| (name, file)),
            }
        }
    }
}

impl Staged {
    /// Renames the file over `target` (a file of the directory it was written in). The
    /// directory is opened again from the root, creating nothing and following no link: if its
    /// path no longer leads to the directory the file was written in, the rename fails.
    pub(crate) fn persist(mut self, target: &Path) -> Result<()> {
        let io = |source| Error::Io {
            path: target.into(),
            source,
        };
        let name = target
            .file_name()
            .ok_or_else(|| io(std::io::ErrorKind::InvalidInput.into()))?;
        let dir = open(&self.root, &self.dir, false)?;
        dir.rename(&self.name, name).map_err(io)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            // Best effort: a directory that cannot be opened again keeps the file, which the
            // next run that finds its `running` marker removes.
            if let Ok(dir) = open(&self.root, &self.dir, false) {
                let _ = dir.remove(&self.name);
            }
        }
    }
}

/// The error for the component `current` of `rel` that is not a real directory.
fn not_a_directory(root: &Path, rel: &Path, current: &Path, link: bool) -> Error {
    let what = if link {
        "is a symbolic link"
    } else {
        "is not a directory"
    };
    Error::UnsafePath {
        path: rel.display().to_string(),
        reason: format!(
            "{} {what}",
            current.strip_prefix(root).unwrap_or(current).display()
        ),
    }
}

#[cfg(unix)]
mod sys {
    //! `openat` and friends, relative to directory handles.

    use std::ffi::{OsStr, OsString};
    use std::os::fd::{AsFd, OwnedFd};
    use std::path::Path;
    use std::sync::Arc;

    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::{OutDir, Root, not_a_directory};
    use crate::error::{Error, Result};

    const DIR: OFlags = OFlags::RDONLY
        .union(OFlags::DIRECTORY)
        .union(OFlags::NOFOLLOW)
        .union(OFlags::CLOEXEC);

    /// Opens `rel` under the root one component at a time, each relative to its parent and
    /// without following a link; with `create`, a missing component is created first.
    pub(super) fn open(root: &Arc<Root>, rel: &Path, create: bool) -> Result<OutDir> {
        let mut fd: Option<OwnedFd> = None;
        let mut current = root.path.clone();
        for component in rel.components() {
            let name = component.as_os_str();
            current.push(name);
            let parent = fd.as_ref().map_or(root.fd.as_fd(), AsFd::as_fd);
            let io = |e: Errno| Error::Io {
                path: current.clone(),
                source: e.into(),
            };
            let mut opened = rustix::fs::openat(parent, name, DIR, Mode::empty());
            if create && matches!(opened, Err(Errno::NOENT)) {
                match rustix::fs::mkdirat(parent, name, Mode::RWXU | Mode::RWXG | Mode::RWXO) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(e) => return Err(io(e)),
                }
                opened = rustix::fs::openat(parent, name, DIR, Mode::empty());
            }
            match opened {
                Ok(next) => fd = Some(next),
                Err(e) => {
                    // Why it would not open as a directory (the answer only names the error;
                    // nothing is opened on its account).
                    return Err(
                        match rustix::fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW) {
                            Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
                                FileType::Directory => io(e),
                                kind => not_a_directory(
                                    &root.path,
                                    rel,
                                    &current,
                                    kind == FileType::Symlink,
                                ),
                            },
                            Err(_) => io(e),
                        },
                    );
                }
            }
        }
        let fd = match fd {
            Some(fd) => fd,
            None => root.fd.try_clone().map_err(|source| Error::Io {
                path: root.path.clone(),
                source,
            })?,
        };
        Ok(OutDir {
            root: Arc::clone(root),
            rel: rel.to_path_buf(),
            fd,
        })
    }

    impl OutDir {
        /// Opens the file `name` of this directory to read, not through a link.
        pub(super) fn open_file(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&self.fd, name, flags, Mode::empty())?;
            Ok(fd.into())
        }

        /// Creates the file `name` in this directory, private (`0600`); fails if it exists.
        pub(super) fn create_new(&self, name: &OsString) -> std::io::Result<std::fs::File> {
            let flags =
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let fd = rustix::fs::openat(&self.fd, name, flags, Mode::RUSR | Mode::WUSR)?;
            Ok(fd.into())
        }

        pub(super) fn rename(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::renameat(&self.fd, from, &self.fd, to)?)
        }

        pub(super) fn remove(&self, name: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::unlinkat(&self.fd, name, AtFlags::empty())?)
        }
    }
}

#[cfg(not(unix))]
mod sys {
    //! By path: each component created, then checked.

    use std::ffi::{OsStr, OsString};
    use std::path::Path;
    use std::sync::Arc;

    use super::{OutDir, Root, not_a_directory};
    use crate::error::{Error, Result};

    pub(super) fn open(root: &Arc<Root>, rel: &Path, create: bool) -> Result<OutDir> {
        let mut current = root.path.clone();
        for component in rel.components() {
            current.push(component);
            if create {
                match std::fs::create_dir(&current) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                        return Err(Error::Io {
                            path: current,
                            source: e,
                        });
                    }
                    _ => {}
                }
            }
            let meta = std::fs::symlink_metadata(&current).map_err(|source| Error::Io {
                path: current.clone(),
                source,
            })?;
            if !meta.is_dir() {
                let link = meta.file_type().is_symlink();
                return Err(not_a_directory(&root.path, rel, &current, link));
            }
        }
        Ok(OutDir {
            root: Arc::clone(root),
            rel: rel.to_path_buf(),
        })
    }

    impl OutDir {
        pub(super) fn open_file(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
            let path = self.path().join(name);
            if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
                return Err(std::io::ErrorKind::InvalidInput.into());
            }
            std::fs::File::open(path)
        }

        pub(super) fn create_new(&self, name: &OsString) -> std::io::Result<std::fs::File> {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.path().join(name))
        }

        pub(super) fn rename(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            let dir = self.path();
            std::fs::rename(dir.join(from), dir.join(to))
        }

        pub(super) fn remove(&self, name: &OsStr) -> std::io::Result<()> {
            std::fs::remove_file(self.path().join(name))
        }
    }
}

use sys::open;

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<OsString> {
        let mut names: Vec<OsString> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    #[cfg(unix)]
    #[test]
    fn dirs_refuse_links_and_files_on_the_way() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("gb")).unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let err = dirs.ensure(Path::new("gb/25/8")).unwrap_err();
        assert!(matches!(err, Error::UnsafePath { .. }), "{err}");
        assert!(err.to_string().contains("gb is a symbolic link"), "{err}");
        assert!(names(outside.path()).is_empty());
        std::fs::write(root.path().join("b5"), "file").unwrap();
        let err = dirs.ensure(Path::new("b5/1")).unwrap_err();
        assert!(err.to_string().contains("b5 is not a directory"), "{err}");
        let made = dirs.ensure(Path::new("ok/1/2")).unwrap();
        assert!(root.path().join("ok/1/2").is_dir());
        assert_eq!(made.path(), root.path().join("ok/1/2"));
        assert!(dirs.ensure(Path::new("ok/1/2")).is_ok());
        assert!(dirs.ensure(Path::new("")).is_ok(), "the root itself");

        // Every call checks again: a directory replaced by a link since is refused.
        std::fs::remove_dir(root.path().join("ok/1/2")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("ok/1/2")).unwrap();
        assert!(dirs.ensure(Path::new("ok/1/2/3")).is_err());
        assert!(names(outside.path()).is_empty());
    }

    #[test]
    fn staged_files_are_renamed_into_place_or_removed() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let dir = dirs.ensure(Path::new("gb/25")).unwrap();
        let target = root.path().join("gb/25/n1.md");
        assert!(!dir.holds(OsStr::new("n1.md"), b"page", false));

        let staged = dir.stage(b"page", true).unwrap();
        let temp = names(&root.path().join("gb/25"));
        assert_eq!(temp.len(), 1);
        let temp = temp[0].to_str().unwrap().to_string();
        assert!(
            temp.starts_with(TEMP_PREFIX) && temp.ends_with(TEMP_SUFFIX),
            "{temp}"
        );
        assert_eq!(temp.len(), TEMP_PREFIX.len() + 8 + TEMP_SUFFIX.len());
        staged.persist(&target).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"page");
        assert_eq!(names(&root.path().join("gb/25")), ["n1.md"]);
        assert!(dir.holds(OsStr::new("n1.md"), b"page", true));
        assert!(!dir.holds(OsStr::new("n1.md"), b"pages", false));
        assert!(!dir.holds(OsStr::new("n1.md"), b"Page", false));

        // Not persisted: removed.
        drop(dir.stage(b"other", false).unwrap());
        assert_eq!(names(&root.path().join("gb/25")), ["n1.md"]);
        assert_eq!(std::fs::read(&target).unwrap(), b"page");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_output_that_is_a_link_is_never_read() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "page").unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let dir = dirs.ensure(Path::new("gb")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), root.path().join("gb/n1.md"))
            .unwrap();
        assert!(!dir.holds(OsStr::new("n1.md"), b"page", false));
        // Renamed over, the link itself is replaced; its target is untouched.
        dir.stage(b"new", false)
            .unwrap()
            .persist(&root.path().join("gb/n1.md"))
            .unwrap();
        assert_eq!(std::fs::read(root.path().join("gb/n1.md")).unwrap(), b"new");
        assert_eq!(
            std::fs::read(outside.path().join("secret")).unwrap(),
            b"page"
        );
    }

    /// The time-of-check/time-of-use case: `gb` is swapped for a link after the directory was
    /// checked. Checked by path and then written by path, the page would land outside; written
    /// through the opened directory, it lands in the directory that was checked, and the rename
    /// (which opens the path again) refuses the link.
    #[cfg(unix)]
    #[test]
    fn a_directory_swapped_for_a_link_after_its_check_is_not_written_through() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(outside.path().join("25")).unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let dir = dirs.ensure(Path::new("gb/25")).unwrap();

        std::fs::rename(root.path().join("gb"), root.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("gb")).unwrap();

        assert!(!dir.holds(OsStr::new("n1.md"), b"page", false));
        let staged = dir.stage(b"page", false).unwrap();
        assert!(
            names(&outside.path().join("25")).is_empty(),
            "written through the link"
        );
        assert_eq!(names(&root.path().join("moved/25")).len(), 1);
        let err = staged
            .persist(&root.path().join("gb/25/n1.md"))
            .unwrap_err();
        assert!(matches!(err, Error::UnsafePath { .. }), "{err}");
        assert!(
            names(&outside.path().join("25")).is_empty(),
            "renamed through the link"
        );
    }
}
