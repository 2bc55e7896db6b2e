//! Upgrading a whole mirror directory in place: every `*.md` file below it, in parallel, each
//! rewritten atomically and keeping its permissions. `newsmirror upgrade` is this module plus
//! its printing.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tempfile::TempPath;

use super::{Upgrade, upgrade};
use crate::batch::atomic;
use crate::error::{Error, Result};
use crate::read::{Defect, Defects, Generation};
use crate::render::RenderOptions;

/// Mirror files are about 20 KB; anything far larger is not one.
const MAX_FILE_BYTES: u64 = 16 << 20;

/// Files upgraded at a time per worker thread: results are reported in path order, a chunk at
/// a time, and the walk is pulled only as far as the chunk in progress.
const CHUNK_PER_JOB: usize = 32;

/// Options of [`upgrade_dir`]. `UpgradeOptions::default()` upgrades to the current default
/// mirror, on all cores, flushing every rewritten file to disk.
///
/// The type will grow: build it from [`UpgradeOptions::default`] and set the fields.
///
/// ```
/// let mut options = newsmirror::upgrade::UpgradeOptions::default();
/// options.dry_run = true;
/// options.jobs = Some(2);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UpgradeOptions {
    /// The current mirror's options (link map, templates, image policy, charset), as for
    /// [`upgrade`]: the editor picks are always each file's own.
    pub render: RenderOptions,
    /// Write nothing; report what would change ([`FileStatus::WouldRewrite`]).
    pub dry_run: bool,
    /// Worker threads; `None` (or `Some(0)`) uses one per core. Each rewrite waits for its
    /// file to reach the disk (with `durable`), so more threads than cores can help on a slow
    /// disk.
    pub jobs: Option<usize>,
    /// Flush every rewritten file, and its directory, to disk (on by default): the rewrite then
    /// survives a power cut, not only a kill.
    pub durable: bool,
}

impl Default for UpgradeOptions {
    fn default() -> Self {
        UpgradeOptions {
            render: RenderOptions::default(),
            dry_run: false,
            jobs: None,
            durable: true,
        }
    }
}

/// What happened to one file; the stable names are those of `newsmirror upgrade --report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum FileStatus {
    /// Upgraded and written.
    Rewritten,
    /// Would be upgraded (in a dry run).
    WouldRewrite,
    /// Already in the current format.
    Unchanged,
    /// Not a mirror article (a list page, another Markdown file), in a directory: left alone.
    Skipped,
    /// Could not be read, upgraded or written (or, given alone, is not a mirror article).
    Failed,
}

impl FileStatus {
    /// The name in the report (`would_rewrite`).
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Rewritten => "rewritten",
            FileStatus::WouldRewrite => "would_rewrite",
            FileStatus::Unchanged => "unchanged",
            FileStatus::Skipped => "skipped",
            FileStatus::Failed => "failed",
        }
    }
}

/// One file of an [`upgrade_dir`] run, as it is reported.
#[derive(Debug)]
#[non_exhaustive]
pub struct FileReport {
    /// The file (the directory joined to its relative path), or a directory that could not
    /// be read.
    pub path: PathBuf,
    /// What happened to it.
    pub status: FileStatus,
    /// What the upgrade found, when the file was read as a mirror file: its generation, the
    /// defects repaired, the characters lost to `?` by the old generator.
    pub found: Option<Findings>,
    /// Why the file was skipped or failed.
    pub error: Option<Error>,
}

/// What upgrading a file found in it (an [`Upgrade`] without its output).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Findings {
    /// The generation the file was written in.
    pub generation: Generation,
    /// The damage found and repaired.
    pub defects: Defects,
    /// Characters the old generator lost to `?` (they stay).
    pub lost_chars: usize,
}

/// The counts of an [`upgrade_dir`] run.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UpgradeSummary {
    /// Files by status.
    pub files: BTreeMap<FileStatus, usize>,
    /// Files read as mirror files, by generation.
    pub generations: BTreeMap<Generation, usize>,
    /// Every defect repaired (or found, in a dry run), with its occurrences.
    pub defects: Defects,
    /// Files each defect was found in.
    pub files_with: BTreeMap<Defect, usize>,
    /// Characters the old generator lost to `?`, in all files.
    pub lost_chars: usize,
    /// Files with characters lost to `?`.
    pub files_with_lost: usize,
}

impl UpgradeSummary {
    /// Files with status `status`.
    pub fn count(&self, status: FileStatus) -> usize {
        self.files.get(&status).copied().unwrap_or(0)
    }

    /// Files reported, whatever their status.
    pub fn total(&self) -> usize {
        self.files.values().sum()
    }

    /// No file failed.
    pub fn is_success(&self) -> bool {
        self.count(FileStatus::Failed) == 0
    }

    fn add(&mut self, report: &FileReport) {
        *self.files.entry(report.status).or_insert(0) += 1;
        if let Some(found) = &report.found {
            *self.generations.entry(found.generation).or_insert(0) += 1;
            self.defects.merge(&found.defects);
            for (d, _) in found.defects.iter() {
                *self.files_with.entry(d).or_insert(0) += 1;
            }
            self.lost_chars += found.lost_chars;
            self.files_with_lost += usize::from(found.lost_chars > 0);
        }
    }
}

/// Upgrades every mirror file below `path` in place ([`upgrade`] on each), or the one file
/// `path` names. See [`upgrade_dir_with`], which also reports each file.
///
/// ```no_run
/// use newsmirror::upgrade::{FileStatus, UpgradeOptions, upgrade_dir};
///
/// let summary = upgrade_dir("djy/".as_ref(), &UpgradeOptions::default())?;
/// let failed = summary.count(FileStatus::Failed);
/// println!("{} files, {failed} failed", summary.total());
/// # Ok::<(), newsmirror::Error>(())
/// ```
pub fn upgrade_dir(path: &Path, options: &UpgradeOptions) -> Result<UpgradeSummary> {
    upgrade_dir_with(path, options, |_| Ok(()))
}

/// [`upgrade_dir`], giving each file's [`FileReport`] to `each`, in path order, as the files
/// are done.
///
/// - The files are every `*.md` below the directory `path`, in sorted path order; hidden
///   entries (`.git`, temporary files) and symbolic links are skipped, the walk follows none.
///   When `path` is a file, it is the only one.
/// - Each is read (at most 16 MiB, UTF-8), upgraded, and, when that changed it and this is not
///   a dry run, replaced atomically: a temporary file beside it, given the file's permissions,
///   flushed to disk (with [`UpgradeOptions::durable`]), renamed over it. A reader or a kill
///   sees the old file or the new one, never a part of one, and never the new one with other
///   permissions.
/// - In a directory, a file that is not a mirror article is [`FileStatus::Skipped`]; given
///   alone, it is [`FileStatus::Failed`]. A file or directory that cannot be read or written
///   fails and the run goes on.
///
/// The `Err` is the run's: `path` cannot be read, the worker threads cannot start, or `each`
/// returned an error (which stops the run there).
pub fn upgrade_dir_with(
    path: &Path,
    options: &UpgradeOptions,
    mut each: impl FnMut(&FileReport) -> Result<()>,
) -> Result<UpgradeSummary> {
    let meta = fs::metadata(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    let single = !meta.is_dir();
    let mut files: Box<dyn Iterator<Item = Result<PathBuf>>> = if single {
        Box::new(std::iter::once(Ok(path.to_path_buf())))
    } else {
        Box::new(mirror_files(path))
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .thread_name(|i| format!("newsmirror-upgrade-{i}"))
        .build()
        .map_err(|e| Error::Config(format!("cannot start worker threads: {e}")))?;
    let chunk = pool.current_num_threads().max(1) * CHUNK_PER_JOB;
    let mut summary = UpgradeSummary::default();
    loop {
        let batch: Vec<Result<PathBuf>> = files.by_ref().take(chunk).collect();
        if batch.is_empty() {
            break;
        }
        let reports: Vec<FileReport> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|file| match file {
                    Ok(file) => report(file, options, single),
                    Err(e) => FileReport {
                        path: match &e {
                            Error::Io { path, .. } => path.clone(),
                            _ => path.to_path_buf(),
                        },
                        status: FileStatus::Failed,
                        found: None,
                        error: Some(e),
                    },
                })
                .collect()
        });
        for report in &reports {
            summary.add(report);
            each(report)?;
        }
    }
    Ok(summary)
}

/// Upgrades one file and says what became of it.
fn report(file: PathBuf, options: &UpgradeOptions, single: bool) -> FileReport {
    match process(&file, options) {
        Ok((status, up)) => FileReport {
            path: file,
            status,
            found: Some(Findings {
                generation: up.generation,
                defects: up.defects,
                lost_chars: up.lost_chars,
            }),
            error: None,
        },
        Err(e) => {
            let not_mirror = matches!(
                e,
                Error::NotAMirrorFile { .. } | Error::NotAnArticle { .. } | Error::Empty
            );
            FileReport {
                path: file,
                status: if not_mirror && !single {
                    FileStatus::Skipped
                } else {
                    FileStatus::Failed
                },
                found: None,
                error: Some(e),
            }
        }
    }
}

fn process(file: &Path, options: &UpgradeOptions) -> Result<(FileStatus, Upgrade)> {
    let io_err = |source| Error::Io {
        path: file.into(),
        source,
    };
    let meta = fs::metadata(file).map_err(io_err)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::NotAMirrorFile {
            reason: format!("{} bytes, far more than a mirror file", meta.len()),
        });
    }
    let bytes = fs::read(file).map_err(io_err)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::NotAMirrorFile {
        reason: "not UTF-8".into(),
    })?;
    let up = upgrade(&text, &options.render)?;
    let status = match (up.changed, options.dry_run) {
        (false, _) => FileStatus::Unchanged,
        (true, true) => FileStatus::WouldRewrite,
        (true, false) => {
            rewrite(
                file,
                up.output.as_bytes(),
                &meta.permissions(),
                options.durable,
            )?;
            FileStatus::Rewritten
        }
    };
    Ok((status, up))
}

/// Replaces `file` with `bytes` atomically, keeping its permissions (see [`staged`]).
fn rewrite(file: &Path, bytes: &[u8], permissions: &fs::Permissions, durable: bool) -> Result<()> {
    let temp = staged(file, bytes, permissions, durable)?;
    atomic::persist(temp, file)?;
    if durable {
        atomic::sync_dir(file.parent().unwrap_or(Path::new(".")));
    }
    Ok(())
}

/// The new content of `file`, in a temporary file beside it, ready to be renamed over it: the
/// content written, the permissions set (a temporary file is created private, `0600`), flushed
/// to disk with `durable`. The permissions are set before the rename, so that the file is never
/// seen with other permissions than its own.
fn staged(
    file: &Path,
    bytes: &[u8],
    permissions: &fs::Permissions,
    durable: bool,
) -> Result<TempPath> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    atomic::temp_file_with(dir, durable, |temp| {
        temp.write_all(bytes)?;
        temp.set_permissions(permissions.clone())
    })
}

/// Every `*.md` file below `root`, lazily, in sorted path order (each directory listed and
/// sorted when the walk enters it, which gives the order of the whole paths); hidden entries
/// (`.git`, temporary files) and symbolic links are skipped, none is followed. An entry or a
/// directory that cannot be read is an `Err` in its place.
fn mirror_files(root: &Path) -> impl Iterator<Item = Result<PathBuf>> + use<> {
    let root = root.to_path_buf();
    walkdir::WalkDir::new(&root)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |entry| match entry {
            Ok(e) => (e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
                .then(|| Ok(e.into_path())),
            Err(e) => {
                let path = e.path().unwrap_or(&root).to_path_buf();
                let what = e.to_string();
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other(what));
                Some(Err(Error::Io { path, source }))
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirror_files_are_sorted_by_path_and_skip_hidden_entries_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.md",
            "a-c.md",
            "a/z.md",
            "a/b/c.md",
            "a/notes.txt",
            "a/.draft.md",
            ".git/x.md",
            "gb/.hidden/y.md",
            "gb/25/n1.md",
        ] {
            fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            fs::write(root.join(file), "x").unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("gb"), root.join("link")).unwrap();
            std::os::unix::fs::symlink(root.join("b.md"), root.join("gb/l.md")).unwrap();
        }
        let files: Vec<PathBuf> = mirror_files(root)
            .map(|f| f.unwrap().strip_prefix(root).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            files,
            ["a/b/c.md", "a/z.md", "a-c.md", "b.md", "gb/25/n1.md"].map(PathBuf::from)
        );
        assert!(files.is_sorted());
    }

    #[cfg(unix)]
    #[test]
    fn a_rewritten_file_has_its_permissions_before_it_is_renamed_into_place() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("n1.md");
        fs::write(&file, "old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let permissions = fs::metadata(&file).unwrap().permissions();

        let temp = staged(&file, b"new", &permissions, false).unwrap();
        // The file about to be renamed over the old one already has the old one's mode.
        let mode = fs::metadata(&temp).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o644);
        assert_eq!(fs::read(&temp).unwrap(), b"new");
        assert_eq!(fs::read(&file).unwrap(), b"old", "not renamed yet");
        drop(temp);

        rewrite(&file, b"new", &permissions, true).unwrap();
        assert_eq!(fs::read(&file).unwrap(), b"new");
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o644);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["n1.md"], "no temporary file left");
    }
}
