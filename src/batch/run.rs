//! A run: the lock, the walk merged with the last manifest, the workers, and what is written
//! at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::archive;
use super::claims::Claims;
use super::group::{Group, Sink};
use super::ledger::{Ledger, SPILL_BUDGET, write_images};
use super::manifest::{self, Entry, Journal, Loaded, Reader};
use super::outdir::{Dirs, RealDisk};
use super::page::{Context, guarded};
use super::spill::Spill;
use super::walk::{self, Found, Input, Walk};
use super::{
    BatchOptions, Failure, FailureKind, MissingLink, Progress, STATE_DIR, Summary, atomic,
    check_outputs, fingerprint, pipeline, safe_relative_path,
};
use crate::error::{Error, Result};
use crate::render::ImagePolicy;

/// Pages a worker may convert ahead of the oldest page not yet settled, per worker: enough that
/// a slow page does not stall the others, few enough that the pages waiting to be settled (their
/// links, their temporary files) stay a small, fixed number.
const WINDOW_PER_JOB: usize = 64;

/// The pages to convert, each with the last run's entry: the walk merged with the last
/// manifest (both in walk order), pulled lazily by the workers.
struct Pages {
    walk: Walk,
    /// The web archive whose records are being taken.
    archive: Option<archive::Cursor>,
    /// The latest capture of each article in the archives.
    captures: archive::Captures,
    in_dir: PathBuf,
    max_page_bytes: u64,
    skipped: BTreeMap<&'static str, usize>,
    old: Option<Reader>,
    /// Pages taken.
    taken: usize,
    /// The walk has ended.
    exhausted: bool,
    symlinks: Vec<PathBuf>,
    unreadable: Vec<Failure>,
}

impl Iterator for Pages {
    /// A page, its manifest key, and its last entry.
    type Item = (Input, String, Option<Entry>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cursor) = &mut self.archive {
                match cursor.next(&self.captures, &mut self.skipped) {
                    Some(Ok((input, key))) => {
                        self.taken += 1;
                        let old = self.old.as_mut().and_then(|m| m.take(&key));
                        return Some((input, key, old));
                    }
                    Some(Err(failure)) => self.unreadable.push(failure),
                    None => {}
                }
                self.archive = None;
            }
            match self.walk.next() {
                None => {
                    self.exhausted = true;
                    return None;
                }
                Some(Found::Page(input)) if input.archive => {
                    let file_key = key(&input.rel);
                    match archive::Cursor::open(&self.in_dir, &input, file_key, self.max_page_bytes)
                    {
                        Ok(cursor) => self.archive = Some(cursor),
                        Err(failure) => self.unreadable.push(failure),
                    }
                }
                Some(Found::Page(input)) => {
                    self.taken += 1;
                    let key = key(&input.rel);
                    let old = self.old.as_mut().and_then(|m| m.take(&key));
                    return Some((input, key, old));
                }
                Some(Found::Symlink(path)) => self.symlinks.push(path),
                Some(Found::Unreadable(path, e)) => self.unreadable.push(Failure {
                    message: format!("{}: {e}", path.display()),
                    input: path,
                    reason: FailureKind::Read,
                }),
            }
        }
    }
}

/// Mirrors every page under `in_dir` into `out_dir` (created if needed). See the module docs.
pub fn mirror(
    in_dir: &Path,
    out_dir: &Path,
    options: &BatchOptions,
    progress: &mut dyn Progress,
) -> Result<Summary> {
    check_outputs(&options.outputs)?;
    if options.jobs == Some(0) {
        return Err(Error::Config("jobs must be at least 1".into()));
    }
    if options.commit_pages == 0 {
        return Err(Error::Config("commit_pages must be at least 1".into()));
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let input = in_dir.canonicalize().map_err(io(in_dir))?;
    // One file as the input (a web archive, or a page): the walk is of it alone, paths are
    // relative to its directory.
    let single = match std::fs::metadata(&input) {
        Ok(m) if m.is_file() => {
            let name = input.file_name().map(std::ffi::OsStr::to_os_string);
            let kind = name
                .as_deref()
                .and_then(|n| walk::page_kind(n, options.gzip));
            match name.zip(kind) {
                Some(single) => Some(single),
                None => {
                    return Err(Error::Config(format!(
                        "{}: not a directory, a web archive (.warc, .warc.gz) or a page",
                        input.display()
                    )));
                }
            }
        }
        _ => None,
    };
    let in_dir = match &single {
        Some(_) => input
            .parent()
            .map_or_else(|| input.clone(), Path::to_path_buf),
        None => input,
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let out_dir = out_dir.canonicalize().map_err(io(out_dir))?;
    let state = out_dir.join(STATE_DIR);
    match std::fs::create_dir(&state) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(io(&state)(e)),
        _ => {}
    }
    if !std::fs::symlink_metadata(&state)
        .map_err(io(&state))?
        .is_dir()
    {
        return Err(Error::UnsafePath {
            path: STATE_DIR.into(),
            reason: "not a directory".into(),
        });
    }
    let _lock = atomic::Lock::take(&state.join("lock"))?;

    let mut summary = Summary::default();
    let running = state.join("running");
    if running.exists() || options.force {
        summary.removed_temp_files = atomic::sweep(&out_dir)?;
    }
    // A manifest of format 1, a killed run's journal: into the manifest first.
    for note in [
        manifest::migrate(&state, options.durable)?,
        manifest::recover(&state, options.durable)?,
    ] {
        summary.notes.extend(note);
    }
    atomic::write_file(
        &running,
        b"a newsmirror run is in progress or was killed\n",
        options.durable,
    )?;

    let fingerprint = fingerprint(options);
    let manifest_path = state.join(manifest::FILE);
    let old = match Reader::open(&manifest_path, &fingerprint) {
        Loaded::Used(reader) => Some(*reader),
        Loaded::None => None,
        Loaded::Discarded(why) => {
            summary.notes.push(format!(
                "{}: {why}; converting every page",
                manifest_path.display()
            ));
            None
        }
    };

    let mut skip = vec![state.clone()];
    if out_dir != in_dir && out_dir.starts_with(&in_dir) {
        skip.push(out_dir.clone());
    }
    // The walk runs twice: once to count the pages (for the progress) and to find the latest
    // capture of each article in web archives, once lazily as the workers take them.
    let walk = || match &single {
        Some((name, kind)) => Ok(Walk::file(&in_dir, name, *kind)),
        None => Walk::new(&in_dir, options.gzip, &skip),
    };
    let (counted, captures) = archive::survey(
        walk()?,
        &in_dir,
        options.max_page_bytes,
        &options.render.links,
        key,
    );
    progress.start(counted);
    let mut pages = Pages {
        walk: walk()?,
        archive: None,
        captures,
        in_dir: in_dir.clone(),
        max_page_bytes: options.max_page_bytes,
        skipped: BTreeMap::new(),
        old,
        taken: 0,
        exhausted: false,
        symlinks: Vec::new(),
        unreadable: Vec::new(),
    };
    let mut ledger = Ledger {
        journal: Journal::create(&state, &fingerprint, options.durable)?,
        claims: Claims::new(&state, counted)?,
        links: Spill::new(&state, SPILL_BUDGET),
        images: match options.render.images {
            ImagePolicy::Keep => None,
            _ => Some(Spill::new(&state, SPILL_BUDGET)),
        },
    };
    let ctx = Context {
        options,
        in_dir: &in_dir,
        out_dir: &out_dir,
        dirs: Dirs::new(out_dir.clone())?,
    };
    let jobs = options.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let stopped = || {
        options
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let mut last_checkpoint = Instant::now();
    let mut checkpoint_cost = Duration::ZERO;
    let window = jobs * WINDOW_PER_JOB;
    // A group never holds more pages than may wait to be settled.
    let mut group = Group::new(
        options.commit_pages.min(window),
        options.commit_wait,
        options.durable,
    );
    // The workers convert; this thread settles each page in path order (claims, a group commit
    // of the files, manifest, links, progress) while they go on.
    pipeline::ordered(
        &mut pages,
        jobs,
        window,
        |(mut input, key, old): (Input, String, Option<Entry>)| {
            let record = input.record.take();
            let work = guarded(|| match record {
                Some(record) => ctx.work_record(*record, key, old),
                None => ctx.work(&input, key, old),
            });
            (input, work)
        },
        &stopped,
        &mut |_, (input, work)| {
            let mut sink = Sink {
                ledger: &mut ledger,
                summary: &mut summary,
                progress: &mut *progress,
                disk: &RealDisk,
            };
            group.add(input, work, &mut sink)?;
            if group.due(stopped()) {
                group.commit(&mut sink)?;
            }
            let due = (checkpoint_cost * 10).max(Duration::from_secs(5));
            if last_checkpoint.elapsed() >= due {
                let started = Instant::now();
                ledger.journal.checkpoint()?;
                checkpoint_cost = started.elapsed();
                last_checkpoint = Instant::now();
            }
            Ok(())
        },
    )?;
    if group.len() > 0 {
        let mut sink = Sink {
            ledger: &mut ledger,
            summary: &mut summary,
            progress: &mut *progress,
            disk: &RealDisk,
        };
        group.commit(&mut sink)?;
    }

    // Stopped before the walk's end: the pages not reached keep their last entries (and
    // images). After a whole walk, the entries left are of inputs that are gone: forgotten.
    let not_reached = if pages.exhausted { None } else { pages.next() };
    summary.interrupted = not_reached.is_some();
    summary.pages = if summary.interrupted {
        counted.max(pages.taken)
    } else {
        pages.taken
    };
    if let Some((_, _, entry)) = not_reached {
        let rest = entry.into_iter();
        let rest = rest.chain(pages.old.iter_mut().flat_map(|m| m.rest()));
        for entry in rest {
            ledger.journal.append(&entry)?;
            ledger.keep_images(&entry)?;
        }
    }
    if let Some(why) = pages.old.as_ref().and_then(Reader::broken) {
        summary.notes.push(format!(
            "{}: {why}; the pages listed after it count as new",
            manifest_path.display()
        ));
    }
    summary.ignored_symlinks = pages.symlinks;
    summary.skipped_records = pages.skipped;
    summary.failures.append(&mut pages.unreadable);
    let Ledger {
        journal,
        links,
        images,
        ..
    } = ledger;
    journal.finish()?;
    summary.images = write_images(&state, images, options.durable)?;
    let extension = &options.outputs[0].extension;
    for link in links.into_sorted()? {
        let (url, mirror_path, referrers) = link?;
        let stem = mirror_path.strip_suffix(".md").unwrap_or(&mirror_path);
        let present = safe_relative_path(&format!("{stem}.{extension}"))
            .is_ok_and(|rel| out_dir.join(rel).exists());
        if !present {
            summary.missing.push(MissingLink {
                url,
                mirror_path,
                referrers: usize::try_from(referrers).unwrap_or(usize::MAX),
            });
        }
    }
    summary.failures.sort_by(|a, b| a.input.cmp(&b.input));
    std::fs::remove_file(&running).map_err(io(&running))?;
    Ok(summary)
}

/// The manifest key of an input: its relative path, `/`-separated.
fn key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_slash_separated() {
        assert_eq!(key(Path::new("a/b/c.html")), "a/b/c.html");
    }
}
