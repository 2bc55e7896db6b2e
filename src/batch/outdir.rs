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

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::atomic::{TEMP_PREFIX, TEMP_SUFFIX};
use crate::error::{Error, Result};

/// The output directory (the root), opened once.
#[derive(Debug)]
struct Root {
    path: PathBuf,
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
    /// The directories (relative to the root) in which a directory was created and which no
    /// commit has flushed since: the new entry must reach the disk before a file under it is
    /// claimed. A directory is added *before* its subdirectory is created, so a file staged in
    /// a directory some other thread just created is always covered by the next commit.
    unsynced: Mutex<BTreeSet<PathBuf>>,
}

impl Root {
    fn unsynced(&self) -> std::sync::MutexGuard<'_, BTreeSet<PathBuf>> {
        // A set of paths: consistent after any panic.
        self.unsynced.lock().unwrap_or_else(|p| p.into_inner())
    }
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
                unsynced: Mutex::new(BTreeSet::new()),
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
    /// and time: the caller leaves it (and a durable commit flushes it, since a run without
    /// flushing may have written it). Any error reading it answers no, and the caller writes
    /// the file as usual.
    pub(crate) fn holds(&self, name: &OsStr, bytes: &[u8]) -> bool {
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
        read.is_ok() && old == bytes
    }

    /// The output `name` of this directory with the content `bytes`, ready to be committed with
    /// the others of its group ([`commit`]): written to a temporary file beside it, or nothing
    /// written when the file already [`holds`](OutDir::holds) exactly these bytes.
    pub(crate) fn prepare(&self, name: &OsStr, bytes: &[u8]) -> Result<Ready> {
        let temp = if self.holds(name, bytes) {
            None
        } else {
            Some(self.stage(bytes)?)
        };
        Ok(Ready {
            root: Arc::clone(&self.root),
            dir: self.rel.clone(),
            name: name.to_os_string(),
            temp,
        })
    }

    /// Writes `bytes` to a new temporary file (`.newsmirror-XXXXXXXX.tmp`) in this directory,
    /// not flushed: [`commit`] flushes a group's files together.
    pub(crate) fn stage(&self, bytes: &[u8]) -> Result<Staged> {
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
    /// (A run commits its files by groups: [`commit`].)
    #[cfg(test)]
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

/// An output of a page, ready to be committed with the others of its group ([`commit`]): its
/// new bytes in a temporary file beside it, or (no temporary file) already in place.
#[derive(Debug)]
pub(crate) struct Ready {
    root: Arc<Root>,
    /// Its directory, relative to the root.
    dir: PathBuf,
    /// Its name in that directory.
    name: OsString,
    temp: Option<Staged>,
}

impl Ready {
    /// The output's path (for messages).
    pub(crate) fn path(&self) -> PathBuf {
        self.root.path.join(&self.dir).join(&self.name)
    }
}

/// What a commit does to the disk. [`RealDisk`] makes the calls; the tests put a layer in
/// between that records the order of the calls or makes some fail.
pub(crate) trait Disk: Sync {
    /// Flushes the file `name` of `dir` (its data and size) to disk.
    fn sync_file(&self, dir: &OutDir, name: &OsStr) -> std::io::Result<()>;
    /// Renames `from` over `to`, both in `dir`.
    fn rename(&self, dir: &OutDir, from: &OsStr, to: &OsStr) -> std::io::Result<()>;
    /// Flushes the entries of `dir` (the renames in it) to disk.
    fn sync_dir(&self, dir: &OutDir) -> std::io::Result<()>;
    /// Told that the manifest line of the input `input` was written, which happens only after
    /// its files were committed.
    fn recorded(&self, _input: &str) {}
}

/// The disk itself.
pub(crate) struct RealDisk;

impl Disk for RealDisk {
    fn sync_file(&self, dir: &OutDir, name: &OsStr) -> std::io::Result<()> {
        dir.open_to_sync(name)?.sync_all()
    }

    fn rename(&self, dir: &OutDir, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
        dir.rename(from, to)
    }

    fn sync_dir(&self, dir: &OutDir) -> std::io::Result<()> {
        dir.sync()
    }
}

/// Threads that flush a group's files at once. A flush is mostly a wait for the disk, and the
/// file system (ext4's journal, XFS's log) commits the flushes that wait together in one
/// journal write: eight files flushed at once cost about what one costs alone (benches/README.md).
const FLUSH_THREADS: usize = 8;

/// Runs `f` on every item of `items` from up to [`FLUSH_THREADS`] threads; returns the results
/// in the order of the items.
fn on_threads<T: Sync>(
    items: &[T],
    f: &(dyn Fn(&T) -> std::io::Result<()> + Sync),
) -> Vec<std::io::Result<()>> {
    let threads = items.len().min(FLUSH_THREADS);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, std::io::Result<()>)> = std::thread::scope(|scope| {
        let work = || {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else {
                    return done;
                };
                done.push((i, f(item)));
            }
        };
        let spawned: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .name("newsmirror-flush".into())
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        // This thread works too (and alone, if no thread could be started).
        let mut all = work();
        for handle in spawned {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// An error of a directory's flush that only says the file system cannot flush directories
/// (the renames are then as durable as it makes them).
fn cannot_sync_dirs(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::Unsupported
    )
}

/// Commits a group of outputs together, paying for the flushes once per group rather than once
/// per file: with `durable`, flushes every file (from a few threads at once), then renames each
/// new one into place, then flushes each directory touched (and each directory in which a
/// directory was created since the last commit) once. Without `durable`, only renames. Returns,
/// per output in order, why it failed, if it did; a failed output's temporary file is removed
/// before this returns, so a commit leaves none. When this returns, every output that did not
/// fail is in place with its new bytes (and, with `durable`, on disk, the renames too): only
/// then may the manifest claim it.
pub(crate) fn commit(files: &mut [Ready], durable: bool, disk: &dyn Disk) -> Vec<Option<String>> {
    let mut errors: Vec<Option<String>> = files.iter().map(|_| None).collect();
    if !durable {
        // Nothing is flushed: the directories created need no flush either.
        if let Some(file) = files.first() {
            file.root.unsynced().clear();
        }
    }
    // Each directory opened once, again from the root, following no link.
    let mut index: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut dirs: Vec<Result<OutDir>> = Vec::new();
    let mut dir_of = Vec::with_capacity(files.len());
    for file in files.iter() {
        let at = *index.entry(file.dir.clone()).or_insert_with(|| {
            dirs.push(open(&file.root, &file.dir, false));
            dirs.len() - 1
        });
        dir_of.push(at);
    }
    for (i, file) in files.iter().enumerate() {
        if let Err(e) = &dirs[dir_of[i]] {
            errors[i] = Some(format!("{}: {e}", file.path().display()));
        }
    }
    let opened = |i: usize| dirs[dir_of[i]].as_ref().ok();

    // 1. Every file's data on disk, new or held (a run without flushing may have left it).
    if durable {
        let todo: Vec<usize> = (0..files.len()).filter(|&i| errors[i].is_none()).collect();
        let flushed = on_threads(&todo, &|&i| {
            let file = &files[i];
            let name = file.temp.as_ref().map_or(&file.name, |t| &t.name);
            match opened(i) {
                Some(dir) => disk.sync_file(dir, name),
                None => Ok(()),
            }
        });
        for (&i, result) in todo.iter().zip(flushed) {
            if let Err(e) = result {
                errors[i] = Some(format!(
                    "{}: not flushed to disk: {e}",
                    files[i].path().display()
                ));
            }
        }
    }

    // 2. The new files renamed into place.
    for (i, file) in files.iter_mut().enumerate() {
        if errors[i].is_some() {
            continue;
        }
        let (Some(dir), Some(temp)) = (opened(i), file.temp.as_mut()) else {
            continue;
        };
        match disk.rename(dir, &temp.name, &file.name) {
            Ok(()) => temp.done = true,
            Err(e) => errors[i] = Some(format!("{}: {e}", file.path().display())),
        }
    }

    // 3. The directories' entries on disk: each directory holding an output, and each one in
    // which a directory was created.
    if durable {
        let mut touched: BTreeSet<usize> = BTreeSet::new();
        for i in 0..files.len() {
            if errors[i].is_none() {
                touched.insert(dir_of[i]);
            }
        }
        let parents: Vec<PathBuf> = match files.first() {
            Some(file) => std::mem::take(&mut *file.root.unsynced())
                .into_iter()
                .collect(),
            None => Vec::new(),
        };
        // (index into `dirs`, or a parent directory opened for the purpose)
        let mut extra: Vec<(PathBuf, Result<OutDir>)> = Vec::new();
        for parent in parents {
            match index.get(&parent) {
                Some(&at) => {
                    touched.insert(at);
                }
                None => {
                    let root = &files[0].root;
                    extra.push((parent.clone(), open(root, &parent, false)));
                }
            }
        }
        let mut jobs: Vec<(PathBuf, &OutDir)> = Vec::new();
        for &at in &touched {
            if let Ok(dir) = &dirs[at] {
                jobs.push((dir.rel.clone(), dir));
            }
        }
        let mut failed: Vec<(PathBuf, String)> = Vec::new();
        for (rel, dir) in &extra {
            match dir {
                Ok(dir) => jobs.push((rel.clone(), dir)),
                // Gone since: nothing under it is claimed by this group.
                Err(e) => failed.push((rel.clone(), e.to_string())),
            }
        }
        let synced = on_threads(&jobs, &|(_, dir)| match disk.sync_dir(dir) {
            Err(e) if cannot_sync_dirs(&e) => Ok(()),
            other => other,
        });
        for ((rel, _), result) in jobs.iter().zip(synced) {
            if let Err(e) = result {
                failed.push((rel.clone(), e.to_string()));
            }
        }
        // A directory not flushed: the outputs under it fail (their renames may not survive a
        // power cut), and a directory created in it is flushed again by the next commit.
        for (rel, why) in failed {
            for (i, file) in files.iter().enumerate() {
                if errors[i].is_none() && file.dir.starts_with(&rel) {
                    errors[i] = Some(format!(
                        "{}: directory {} not flushed to disk: {why}",
                        file.path().display(),
                        file.root.path.join(&rel).display()
                    ));
                }
            }
            if let Some(file) = files.first() {
                file.root.unsynced().insert(rel);
            }
        }
    }

    // No temporary file outlives a failed output.
    for (file, error) in files.iter_mut().zip(&errors) {
        if error.is_some() {
            drop(file.temp.take());
        }
    }
    errors
}

/// A [`Disk`] for tests: does what [`RealDisk`] does, records each call (`sync_file DIR/NAME`,
/// `rename DIR/FROM DIR/TO`, `sync_dir DIR`, `recorded INPUT`), and fails the calls on the
/// directories it is told to.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Traced {
    pub(crate) calls: Mutex<Vec<String>>,
    /// Flushing a file in this directory fails (as a disk error would).
    pub(crate) fail_file_in: Option<PathBuf>,
    /// Flushing this directory fails.
    pub(crate) fail_dir: Option<PathBuf>,
}

#[cfg(test)]
impl Traced {
    fn note(&self, call: String) {
        self.calls.lock().unwrap().push(call);
    }

    pub(crate) fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// The position of the first call that is `call`.
    pub(crate) fn at(&self, call: &str) -> usize {
        let calls = self.calls();
        calls
            .iter()
            .position(|c| c == call)
            .unwrap_or_else(|| panic!("no call {call:?} in {calls:#?}"))
    }
}

#[cfg(test)]
impl Disk for Traced {
    fn sync_file(&self, dir: &OutDir, name: &OsStr) -> std::io::Result<()> {
        self.note(format!("sync_file {}", dir.rel.join(name).display()));
        if self.fail_file_in.as_deref() == Some(&dir.rel) {
            return Err(std::io::Error::other("injected: input/output error"));
        }
        RealDisk.sync_file(dir, name)
    }

    fn rename(&self, dir: &OutDir, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
        self.note(format!(
            "rename {} {}",
            dir.rel.join(from).display(),
            dir.rel.join(to).display()
        ));
        RealDisk.rename(dir, from, to)
    }

    fn sync_dir(&self, dir: &OutDir) -> std::io::Result<()> {
        self.note(format!("sync_dir {}", dir.rel.display()));
        if self.fail_dir.as_deref() == Some(&dir.rel) {
            return Err(std::io::Error::other("injected: input/output error"));
        }
        RealDisk.sync_dir(dir)
    }

    fn recorded(&self, input: &str) {
        self.note(format!("recorded {input}"));
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
    use std::path::{Path, PathBuf};
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
                root.unsynced().insert(
                    current
                        .parent()
                        .and_then(|p| p.strip_prefix(&root.path).ok())
                        .map_or_else(PathBuf::new, Path::to_path_buf),
                );
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

        /// Opens the file `name` of this directory to flush it, not through a link.
        pub(super) fn open_to_sync(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
            self.open_file(name)
        }

        /// Flushes this directory's entries to disk.
        pub(super) fn sync(&self) -> std::io::Result<()> {
            Ok(rustix::fs::fsync(&self.fd)?)
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
            if create && !current.exists() {
                let parent = current
                    .parent()
                    .and_then(|p| p.strip_prefix(&root.path).ok());
                root.unsynced()
                    .insert(parent.map_or_else(std::path::PathBuf::new, Path::to_path_buf));
            }
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

        pub(super) fn open_to_sync(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
            let path = self.path().join(name);
            if std::fs::symlink_metadata(&path)?.file_type().is_symlink() {
                return Err(std::io::ErrorKind::InvalidInput.into());
            }
            // (Windows flushes only a file opened to write.)
            std::fs::OpenOptions::new().write(true).open(path)
        }

        /// Directories cannot be opened, hence not flushed, through the standard library here.
        pub(super) fn sync(&self) -> std::io::Result<()> {
            Ok(())
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
        assert!(!dir.holds(OsStr::new("n1.md"), b"page"));

        let staged = dir.stage(b"page").unwrap();
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
        assert!(dir.holds(OsStr::new("n1.md"), b"page"));
        assert!(!dir.holds(OsStr::new("n1.md"), b"pages"));
        assert!(!dir.holds(OsStr::new("n1.md"), b"Page"));

        // Not persisted: removed.
        drop(dir.stage(b"other").unwrap());
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
        assert!(!dir.holds(OsStr::new("n1.md"), b"page"));
        // Renamed over, the link itself is replaced; its target is untouched.
        dir.stage(b"new")
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

        assert!(!dir.holds(OsStr::new("n1.md"), b"page"));
        let staged = dir.stage(b"page").unwrap();
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

    /// All files under `root`, relative, sorted.
    fn tree(root: &Path) -> Vec<String> {
        let mut all: Vec<String> = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap();
                rel.to_string_lossy().into_owned()
            })
            .collect();
        all.sort();
        all
    }

    /// The temporary file name of a staged output (from the trace of its rename).
    fn renamed_from(calls: &[String], target: &str) -> String {
        calls
            .iter()
            .find_map(|c| {
                let rest = c.strip_prefix("rename ")?;
                let (from, to) = rest.split_once(' ')?;
                (to == target).then(|| from.to_string())
            })
            .unwrap_or_else(|| panic!("{target} not renamed: {calls:#?}"))
    }

    #[test]
    fn a_group_is_flushed_then_renamed_then_its_directories_flushed() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        // Two files in a new directory, one in another; one output already holds its bytes.
        let a = dirs.ensure(Path::new("gb/25/8")).unwrap();
        let b = dirs.ensure(Path::new("b5/1")).unwrap();
        std::fs::write(root.path().join("b5/1/held.md"), "same").unwrap();
        let mut files = vec![
            a.prepare(OsStr::new("n1.md"), b"one").unwrap(),
            a.prepare(OsStr::new("n2.md"), b"two").unwrap(),
            b.prepare(OsStr::new("held.md"), b"same").unwrap(),
            b.prepare(OsStr::new("n3.md"), b"three").unwrap(),
        ];
        assert!(files[2].temp.is_none(), "holds its bytes: nothing written");
        let disk = Traced::default();
        let errors = commit(&mut files, true, &disk);
        assert!(errors.iter().all(Option::is_none), "{errors:?}");
        let calls = disk.calls();
        for target in ["gb/25/8/n1.md", "gb/25/8/n2.md", "b5/1/n3.md"] {
            let temp = renamed_from(&calls, target);
            let rename = disk.at(&format!("rename {temp} {target}"));
            let dir = Path::new(target).parent().unwrap().display().to_string();
            // Flushed under its temporary name before the rename, its directory after.
            assert!(disk.at(&format!("sync_file {temp}")) < rename, "{calls:#?}");
            assert!(rename < disk.at(&format!("sync_dir {dir}")), "{calls:#?}");
            // Every flush of a file comes before any rename: they are flushed together.
            let last_flush = calls.iter().rposition(|c| c.starts_with("sync_file"));
            assert!(last_flush.unwrap() < rename, "{calls:#?}");
        }
        // The file that held its bytes is flushed (a run without flushing may have written it),
        // not renamed, and its directory flushed after.
        assert!(disk.at("sync_file b5/1/held.md") < disk.at("sync_dir b5/1"));
        assert!(
            !calls
                .iter()
                .any(|c| c.ends_with(" b5/1/held.md") && c.starts_with("rename"))
        );
        // Each directory once; and the directories in which directories were created (the root,
        // gb, gb/25, b5), so that the new directories survive too.
        for dir in ["gb/25/8", "b5/1", "", "gb", "gb/25", "b5"] {
            let n = calls
                .iter()
                .filter(|c| **c == format!("sync_dir {dir}"))
                .count();
            assert_eq!(n, 1, "{dir}: {calls:#?}");
        }
        assert_eq!(
            tree(root.path()),
            [
                "b5/1/held.md",
                "b5/1/n3.md",
                "gb/25/8/n1.md",
                "gb/25/8/n2.md"
            ]
        );
        assert_eq!(
            std::fs::read(root.path().join("gb/25/8/n2.md")).unwrap(),
            b"two"
        );

        // The next group in the same directories flushes no directory it did not touch.
        let mut again = vec![a.prepare(OsStr::new("n4.md"), b"four").unwrap()];
        let disk = Traced::default();
        assert!(commit(&mut again, true, &disk)[0].is_none());
        let dirs_synced: Vec<String> = disk
            .calls()
            .into_iter()
            .filter(|c| c.starts_with("sync_dir"))
            .collect();
        assert_eq!(dirs_synced, ["sync_dir gb/25/8"]);
    }

    #[test]
    fn without_durable_nothing_is_flushed() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let a = dirs.ensure(Path::new("gb")).unwrap();
        let mut files = vec![a.prepare(OsStr::new("n1.md"), b"one").unwrap()];
        let disk = Traced::default();
        assert!(commit(&mut files, false, &disk)[0].is_none());
        let calls = disk.calls();
        assert_eq!(calls.len(), 1, "{calls:#?}");
        assert!(calls[0].starts_with("rename gb/.newsmirror-"), "{calls:#?}");
        assert_eq!(tree(root.path()), ["gb/n1.md"]);
    }

    #[test]
    fn a_file_that_cannot_be_flushed_fails_alone_and_leaves_no_temporary_file() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let a = dirs.ensure(Path::new("a")).unwrap();
        let b = dirs.ensure(Path::new("b")).unwrap();
        std::fs::write(root.path().join("b/n2.md"), "old").unwrap();
        let mut files = vec![
            a.prepare(OsStr::new("n1.md"), b"one").unwrap(),
            b.prepare(OsStr::new("n2.md"), b"two").unwrap(),
            a.prepare(OsStr::new("n3.md"), b"three").unwrap(),
        ];
        let disk = Traced {
            fail_file_in: Some("b".into()),
            ..Traced::default()
        };
        let errors = commit(&mut files, true, &disk);
        assert!(errors[0].is_none() && errors[2].is_none(), "{errors:?}");
        let why = errors[1].as_deref().unwrap();
        assert!(
            why.contains("b/n2.md: not flushed to disk: injected"),
            "{why}"
        );
        // Not renamed: the old file stands, and its temporary file is gone.
        assert!(!disk.calls().iter().any(|c| c.starts_with("rename b/")));
        assert_eq!(std::fs::read(root.path().join("b/n2.md")).unwrap(), b"old");
        assert_eq!(tree(root.path()), ["a/n1.md", "a/n3.md", "b/n2.md"]);
        drop(files);
        assert_eq!(tree(root.path()), ["a/n1.md", "a/n3.md", "b/n2.md"]);
    }

    #[test]
    fn a_directory_that_cannot_be_flushed_fails_the_files_in_it() {
        let root = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let a = dirs.ensure(Path::new("a")).unwrap();
        let b = dirs.ensure(Path::new("b")).unwrap();
        let mut files = vec![
            a.prepare(OsStr::new("n1.md"), b"one").unwrap(),
            b.prepare(OsStr::new("n2.md"), b"two").unwrap(),
        ];
        let disk = Traced {
            fail_dir: Some("b".into()),
            ..Traced::default()
        };
        let errors = commit(&mut files, true, &disk);
        assert!(errors[0].is_none(), "{errors:?}");
        let why = errors[1].as_deref().unwrap();
        assert!(why.contains("not flushed to disk: injected"), "{why}");
        // Renamed (the file is whole), but failed: the manifest will not claim it.
        assert_eq!(tree(root.path()), ["a/n1.md", "b/n2.md"]);
    }

    /// The time-of-check/time-of-use case for a group: a directory swapped for a link after its
    /// files were staged; the commit opens the path again and refuses the link.
    #[cfg(unix)]
    #[test]
    fn a_group_commit_does_not_rename_through_a_link_swapped_in() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dirs = Dirs::new(root.path().to_path_buf()).unwrap();
        let dir = dirs.ensure(Path::new("gb")).unwrap();
        let mut files = vec![dir.prepare(OsStr::new("n1.md"), b"page").unwrap()];
        std::fs::rename(root.path().join("gb"), root.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("gb")).unwrap();
        let errors = commit(&mut files, true, &RealDisk);
        let why = errors[0].as_deref().unwrap();
        assert!(why.contains("symbolic link"), "{why}");
        assert!(names(outside.path()).is_empty());
        drop(files);
        // Its temporary file stays where it was written (the path to it is a link now): the
        // next run, finding the `running` marker, sweeps it.
        assert_eq!(names(&root.path().join("moved")).len(), 1);
    }
}
