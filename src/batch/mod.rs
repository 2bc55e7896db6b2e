//! Mirroring a whole crawl: every page under an input directory into its place in the mirror,
//! in parallel, atomically and incrementally. `newsmirror mirror` is this module plus a progress
//! bar.
//!
//! ```no_run
//! use newsmirror::batch::{self, BatchOptions, NoProgress};
//!
//! let summary = batch::mirror(
//!     "crawl/".as_ref(),
//!     "djy/".as_ref(),
//!     &BatchOptions::default(),
//!     &mut NoProgress,
//! )?;
//! println!("{} converted, {} unchanged", summary.converted, summary.unchanged);
//! assert!(summary.is_success(), "{}", summary.report_json());
//! # Ok::<(), newsmirror::Error>(())
//! ```
//!
//! # What a run does
//!
//! 1. Takes the lock `OUT_DIR/.newsmirror/lock` (a second run on the same directory fails
//!    within half a second with [`Error::Locked`]); if the last run did not end (the marker
//!    `.newsmirror/running` is still there) or `force` is set, removes the temporary files it
//!    left ([`TEMP_PREFIX`]`…`[`TEMP_SUFFIX`]).
//! 2. Walks the input directory with an explicit stack, in sorted path order: `.htm` and
//!    `.html` files, `.htm.gz` / `.html.gz` with [`BatchOptions::gzip`], and web archives
//!    (`.warc`, `.warc.gz`), whose page records are pages of the run (`archive.rs` says how:
//!    records that are not pages are counted in [`Summary::skipped_records`], and of several
//!    captures of one article only the latest is mirrored). The input may also be one file. **Symbolic links
//!    are not followed**, neither to files nor to directories: a crawl is files the crawler
//!    wrote, and a link could make the run read anything on the machine. They are listed in
//!    [`Summary::ignored_symlinks`]. The output directory's `.newsmirror/` and an output
//!    directory inside the input directory are not walked. The walk runs once to count the
//!    pages (for [`Progress::start`]), then lazily as the workers take the pages.
//! 3. Converts the pages on `jobs` worker threads. A page whose bytes (BLAKE3), given URL and
//!    options are those recorded in the manifest, and whose outputs are all still there, is
//!    skipped ([`Outcome::Unchanged`]); `force` converts everything.
//! 4. Each output goes to the path derived from the article's canonical URL
//!    ([`ArticleUrl::mirror_path`](crate::linkmap::ArticleUrl::mirror_path):
//!    `gb/25/8/20/n14577375.md`, the extension per [`Output`]), checked component by component
//!    ([`safe_relative_path`]); its directories are created without following symbolic links.
//!    It is written to a temporary file in its directory (flushed to disk with
//!    [`BatchOptions::durable`]) and renamed into place: a reader, a crash or `kill -9` sees the
//!    old file or the new one, never a part of one. A file that already holds exactly the new
//!    bytes is left as it is, so a forced run rewrites only what changed (no churn in backups
//!    or in the mirror's repository, no inodes freed and allocated for nothing).
//! 5. Two inputs of the same article: the first in path order is mirrored, the others fail as
//!    [`FailureKind::Duplicate`]. The workers take pages in path order and the calling thread
//!    settles them (claims, renames, progress) strictly in path order while the workers go on,
//!    so the result does not depend on which thread finishes first.
//! 6. Records the manifest (`.newsmirror/manifest.jsonl`, see the format in the source of
//!    `manifest.rs`): the last one is read as a stream merged with the walk, the new one is
//!    written as pages are settled to a journal (`manifest.jsonl.next`, flushed every few
//!    seconds) that replaces it at the end. A killed run's journal is recovered by the next run,
//!    so the pages it finished are not converted again. With an image mirror
//!    ([`ImagePolicy::Mirror`](crate::render::ImagePolicy)) writes `.newsmirror/images.tsv`
//!    (`original URL<TAB>path in the image mirror`, one image a line, sorted, for a downloader).
//!
//! # Memory
//!
//! A run's memory does not grow with the number of pages. At most `64 × jobs` converted pages
//! wait to be settled; everything a run must remember of every page is on disk: the manifest
//! (streamed in and out), the output stems claimed so far (a hash table in an anonymous
//! temporary file), the linked articles and the images (sorted in a few MiB, spilling to
//! temporary files). What remains is the listing of the directories on the walk's current path,
//! the output directories already checked, and what the [`Summary`] reports (failures, missing
//! links).
//!
//! One bad page never stops the run: it becomes a [`Failure`] in the [`Summary`]. Errors of the
//! run itself (an unreadable input directory, an invalid option, the lock) are the `Err` of
//! [`mirror`]. The library never prints: it reports each page to a [`Progress`].
//!
//! Nothing is ever deleted from the mirror: an input that disappears, or now names another URL,
//! leaves its old output in place (the manifest forgets it).

mod archive;
mod atomic;
mod claims;
mod manifest;
mod pipeline;
mod report;
mod spill;
mod walk;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tempfile::TempPath;
use url::Url;

pub use archive::SUPERSEDED;
pub use atomic::{TEMP_PREFIX, TEMP_SUFFIX, safe_relative_path, write_atomic};
pub use report::{Failure, FailureKind, MissingLink};
pub use walk::UrlList;

use crate::error::{Error, Result};
use crate::linkmap::ArticleUrl;
use crate::render::{self, Format, ImagePolicy, RenderOptions};
use crate::{Article, Block, ExtractOptions};
use claims::Claims;
use manifest::{Entry, Journal, Loaded, Reader};
use spill::Spill;
use walk::{Found, Input, Walk};

/// The directory under the output directory where newsmirror keeps its state (manifest, lock,
/// images list).
pub const STATE_DIR: &str = ".newsmirror";

/// Pages a worker may convert ahead of the oldest page not yet settled, per worker: enough that
/// a slow page does not stall the others, few enough that the pages waiting to be settled (their
/// links, their temporary files) stay a small, fixed number.
const WINDOW_PER_JOB: usize = 64;

/// One output file per page: a format and the extension its files get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The format.
    pub format: Format,
    /// The extension, without the dot: `md` gives `gb/25/8/20/n14577375.md`.
    pub extension: String,
}

impl Output {
    /// `format` with its default extension ([`Output::default_extension`]).
    pub fn new(format: Format) -> Output {
        Output {
            format,
            extension: Output::default_extension(format).into(),
        }
    }

    /// `md` for the mirror file (the mirror's own paths), `markdown` for CommonMark (so that it
    /// does not collide with the mirror file), `json` for JSON.
    pub fn default_extension(format: Format) -> &'static str {
        match format {
            Format::Mirror => "md",
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }
}

/// Options of a run. `BatchOptions::default()` writes the mirror file exactly as
/// `newsmirror convert` does, on all cores.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// How pages are rendered (link map, templates, picks, image policy).
    pub render: RenderOptions,
    /// The files written per page; the first one's extension is also the one looked for when
    /// deciding whether a linked article is missing from the mirror.
    pub outputs: Vec<Output>,
    /// Worker threads; `None` uses one per core.
    pub jobs: Option<usize>,
    /// Convert every page, whatever the manifest says.
    pub force: bool,
    /// Also read gzip-compressed pages (`.htm.gz`, `.html.gz`).
    pub gzip: bool,
    /// URLs for pages that do not name theirs.
    pub urls: UrlList,
    /// Flush every file (outputs, manifest) to disk before renaming it into place: the tree
    /// then survives a power cut, not only a kill. On by default.
    pub durable: bool,
    /// Pages larger than this (after decompression) fail as [`FailureKind::TooLarge`].
    pub max_page_bytes: u64,
    /// Set it to stop the run: pages in progress are finished, no new one is started, the
    /// manifest is written and [`Summary::interrupted`] is set.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            render: RenderOptions::default(),
            outputs: vec![Output::new(Format::Mirror)],
            jobs: None,
            force: false,
            gzip: true,
            urls: UrlList::new(),
            durable: true,
            max_page_bytes: 64 << 20,
            stop: None,
        }
    }
}

/// What became of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Converted and written.
    Converted {
        /// The article's canonical URL.
        url: String,
        /// The files written, relative to the output directory.
        outputs: Vec<PathBuf>,
    },
    /// The same bytes as last time, outputs in place: skipped.
    Unchanged,
    /// Not mirrored.
    Failed(Failure),
}

/// Receives a run's progress, on the thread that called [`mirror`]. Every method has an empty
/// default.
pub trait Progress {
    /// The walk is done: `pages` pages will be reported.
    fn start(&mut self, pages: usize) {
        let _ = pages;
    }

    /// One page is done (pages are reported in path order).
    fn page(&mut self, input: &Path, outcome: &Outcome) {
        let _ = (input, outcome);
    }
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}

/// The result of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Pages found.
    pub pages: usize,
    /// Pages converted and written.
    pub converted: usize,
    /// Pages skipped as unchanged.
    pub unchanged: usize,
    /// Pages not mirrored (and unreadable directories of the input), in path order.
    pub failures: Vec<Failure>,
    /// Symbolic links found in the input, not followed (relative to the input directory).
    pub ignored_symlinks: Vec<PathBuf>,
    /// Records of web archives that are not pages, by kind ([`crate::warc::Skip::as_str`]),
    /// and captures replaced by a later capture of the same article ([`SUPERSEDED`]).
    pub skipped_records: BTreeMap<&'static str, usize>,
    /// Linked Epoch Times articles (from the pages converted in this run) whose mirror files are
    /// not in the output directory, by URL.
    pub missing: Vec<MissingLink>,
    /// Images in the images list (`.newsmirror/images.tsv`), with an image mirror.
    pub images: usize,
    /// Temporary files of an earlier, killed run that were removed.
    pub removed_temp_files: usize,
    /// The run was stopped ([`BatchOptions::stop`]) before every page was done. The walk
    /// stopped there too: symbolic links and unreadable directories past that point are not
    /// listed.
    pub interrupted: bool,
    /// Things worth telling about the run as a whole (a manifest that could not be used).
    pub notes: Vec<String>,
}

impl Summary {
    /// Every page was mirrored (converted or unchanged) and the run was not stopped.
    pub fn is_success(&self) -> bool {
        self.failures.is_empty() && !self.interrupted
    }

    /// Failures counted by reason.
    pub fn failed_by_reason(&self) -> BTreeMap<FailureKind, usize> {
        let mut counts = BTreeMap::new();
        for f in &self.failures {
            *counts.entry(f.reason).or_insert(0) += 1;
        }
        counts
    }

    /// The JSON report: counts, `failed_by_reason`, and one entry per failure
    /// (`{"input", "reason", "message"}`).
    pub fn report_json(&self) -> String {
        let report = report::Report {
            pages: self.pages,
            converted: self.converted,
            unchanged: self.unchanged,
            failed: self.failures.len(),
            failed_by_reason: self.failed_by_reason(),
            interrupted: self.interrupted,
            ignored_symlinks: &self.ignored_symlinks,
            skipped_records: &self.skipped_records,
            missing_links: self.missing.len(),
            failures: &self.failures,
        };
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The missing links as `URL<TAB>mirror path<TAB>referring pages` lines, sorted by URL.
    pub fn missing_tsv(&self) -> String {
        report::missing_tsv(&self.missing)
    }
}

/// What a worker made of a page.
enum Work {
    /// The last run's entry stands.
    Unchanged(Entry),
    Converted {
        entry: Entry,
        /// Per output, in order: its temporary file (none when the target already holds
        /// exactly these bytes) and its target.
        temps: Vec<(Option<TempPath>, PathBuf)>,
        links: BTreeMap<String, String>,
    },
    Failed(FailureKind, String),
}

/// Everything a worker needs, shared.
struct Context<'a> {
    options: &'a BatchOptions,
    out_dir: &'a Path,
    /// The input directory.
    in_dir: &'a Path,
    dirs: atomic::Dirs,
}

/// What the settling thread keeps on disk, or in a bounded amount of memory, as pages are
/// settled: nothing of it grows in memory with the number of pages.
struct Ledger {
    /// The new manifest.
    journal: Journal,
    /// Output stem → the offset of its owner's line in the journal.
    claims: Claims,
    /// Linked article URL → its mirror path, with the number of pages that link to it.
    links: Spill,
    /// Image URL → its path in the image mirror (with an image mirror).
    images: Option<Spill>,
}

/// Memory for the links (and for the images) gathered before they are spilled to disk.
const SPILL_BUDGET: usize = 4 << 20;

impl Ledger {
    /// Records a page that stands (converted or unchanged): its manifest line, its claim, its
    /// images.
    fn record(&mut self, entry: &Entry) -> Result<()> {
        let offset = self.journal.append(entry)?;
        self.claims.insert(&entry.stem, offset)?;
        self.keep_images(entry)
    }

    fn keep_images(&mut self, entry: &Entry) -> Result<()> {
        if let Some(images) = &mut self.images {
            for (src, path) in &entry.images {
                images.add(src, path, 1)?;
            }
        }
        Ok(())
    }

    /// The input that claimed `entry`'s output stem earlier in this run, if one did.
    fn owner(&mut self, entry: &Entry) -> Result<Option<String>> {
        let mut owner = None;
        let journal = &mut self.journal;
        self.claims.owner(&entry.stem, |offset| {
            let claimed = journal.entry_at(offset)?;
            let same = claimed.stem == entry.stem;
            if same {
                owner = Some(claimed.input);
            }
            Ok(same)
        })?;
        Ok(owner)
    }
}

/// The pages to convert, each with the last run's entry: the walk merged with the last
/// manifest (both in walk order), pulled lazily by the workers.
struct Pages {
    walk: Walk,
    /// The web archive whose records are being taken, with its input.
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
            match name.filter(|n| walk::page_kind(n, options.gzip).is_some()) {
                Some(name) => Some(name),
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
        Some(name) => Ok(Walk::file(&in_dir, name, options.gzip)),
        None => Walk::new(&in_dir, options.gzip, &skip),
    };
    let (counted, captures) = archive::survey(walk()?, &in_dir, options.max_page_bytes, key);
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
        dirs: atomic::Dirs::new(out_dir.clone()),
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
    // The workers convert; this thread settles each page in path order (claims, renames, links,
    // progress, manifest) while they go on.
    pipeline::ordered(
        &mut pages,
        jobs,
        jobs * WINDOW_PER_JOB,
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
            let outcome = resolve(work, &input, &mut ledger)?;
            match &outcome {
                Outcome::Converted { .. } => summary.converted += 1,
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Failed(f) => summary.failures.push(f.clone()),
            }
            progress.page(&input.rel, &outcome);
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

/// Settles a page's work, in path order: finds whether an earlier input claimed its output
/// stem, renames its files into place, records it in the ledger. An `Err` is the run's (the
/// ledger could not be written); a page's own failure is its [`Outcome`].
fn resolve(work: Work, input: &Input, ledger: &mut Ledger) -> Result<Outcome> {
    let fail = |reason, message| {
        Outcome::Failed(Failure {
            input: input.rel.clone(),
            reason,
            message,
        })
    };
    let (entry, temps, links) = match work {
        Work::Failed(reason, message) => return Ok(fail(reason, message)),
        Work::Unchanged(entry) => (entry, Vec::new(), None),
        Work::Converted {
            entry,
            temps,
            links,
        } => (entry, temps, Some(links)),
    };
    if let Some(owner) = ledger.owner(&entry)? {
        return Ok(fail(
            FailureKind::Duplicate,
            format!(
                "the same article ({}) as {owner}, which comes first",
                entry.url
            ),
        ));
    }
    let mut outputs = Vec::with_capacity(temps.len());
    for ((temp, target), name) in temps.into_iter().zip(&entry.outputs) {
        if let Some(Err(e)) = temp.map(|temp| atomic::persist(temp, &target)) {
            return Ok(fail(FailureKind::Write, e.to_string()));
        }
        outputs.push(PathBuf::from(name));
    }
    ledger.record(&entry)?;
    let Some(links) = links else {
        return Ok(Outcome::Unchanged);
    };
    for (url, mirror_path) in &links {
        ledger.links.add(url, mirror_path, 1)?;
    }
    Ok(Outcome::Converted {
        url: entry.url,
        outputs,
    })
}

impl Context<'_> {
    /// Reads, hashes and (unless unchanged) converts one page into temporary files; `key` is
    /// its manifest key, `old` the last run's entry of the page.
    fn work(&self, input: &Input, key: String, old: Option<Entry>) -> Work {
        let options = self.options;
        let path = self.in_dir.join(&input.rel);
        let walk::Page { raw, inflated } =
            match walk::read_page(&path, input, options.max_page_bytes) {
                Ok(page) => page,
                Err((kind, e)) => return Work::Failed(kind, e.to_string()),
            };
        let hash = manifest::hash(&raw);
        let given = options.urls.get(&path).map(str::to_string);
        if let Some(old) = old.filter(|old| self.unchanged(old, &hash, &given)) {
            return Work::Unchanged(old);
        }
        let page = inflated.as_deref().unwrap_or(&raw);
        let extract = ExtractOptions {
            url: given.clone(),
            ..Default::default()
        };
        match self.convert(key, page, hash, given, &extract) {
            Ok(work) => work,
            Err((kind, e)) => Work::Failed(kind, e.to_string()),
        }
    }

    /// [`Context::work`] for a page record of a web archive: its failures name the record.
    fn work_record(&self, record: archive::Record, key: String, old: Option<Entry>) -> Work {
        let page = match &record.page {
            Ok(page) => page,
            Err((kind, message)) => {
                return Work::Failed(*kind, format!("{}: {message}", record.locator()));
            }
        };
        let hash = archive::hash(page);
        if let Some(old) = old.filter(|old| self.unchanged(old, &hash, &None)) {
            return Work::Unchanged(old);
        }
        match self.convert(key, &page.body, hash, None, &page.extract_options()) {
            Ok(work) => work,
            Err((kind, e)) => Work::Failed(kind, format!("{}: {e}", record.locator())),
        }
    }

    /// Does the last run's entry stand: the same input bytes and given URL, every output still
    /// there (and no `force`)?
    fn unchanged(&self, old: &Entry, hash: &str, given: &Option<String>) -> bool {
        !self.options.force
            && old.hash == hash
            && old.given_url == *given
            && old.outputs.iter().all(|o| {
                safe_relative_path(o).is_ok_and(|rel| {
                    std::fs::symlink_metadata(self.out_dir.join(rel)).is_ok_and(|m| m.is_file())
                })
            })
    }

    fn convert(
        &self,
        input: String,
        page: &[u8],
        hash: String,
        given: Option<String>,
        extract: &ExtractOptions,
    ) -> std::result::Result<Work, walk::Failed> {
        let options = self.options;
        let article =
            crate::extract(page, extract).map_err(|e| (FailureKind::of_extract(&e), e))?;
        let not_mirrorable = || {
            (
                FailureKind::NotMirrorable,
                Error::NotMirrorable {
                    url: article.url.clone(),
                },
            )
        };
        let article_url = Url::parse(&article.url)
            .ok()
            .and_then(|u| ArticleUrl::parse(&u))
            .ok_or_else(not_mirrorable)?;
        let mirror_path = article_url.mirror_path();
        let stem = mirror_path
            .strip_suffix(".md")
            .ok_or_else(not_mirrorable)?
            .to_string();
        let unsafe_path = |e| (FailureKind::UnsafePath, e);
        let mut outputs = Vec::with_capacity(options.outputs.len());
        let mut temps = Vec::with_capacity(options.outputs.len());
        for output in &options.outputs {
            let rel_name = format!("{stem}.{}", output.extension);
            let rel = safe_relative_path(&rel_name).map_err(unsafe_path)?;
            let mut bytes = Vec::with_capacity(64 << 10);
            render::render(&article, output.format, &options.render, &mut bytes)
                .map_err(|e| (FailureKind::Render, e))?;
            let dir = self
                .dirs
                .ensure(rel.parent().unwrap_or(Path::new("")))
                .map_err(|e| match e {
                    e @ Error::UnsafePath { .. } => (FailureKind::UnsafePath, e),
                    e => (FailureKind::Write, e),
                })?;
            let target = self.out_dir.join(&rel);
            let temp = if atomic::holds(&target, &bytes, options.durable) {
                None
            } else {
                let temp = atomic::temp_file(&dir, &bytes, options.durable)
                    .map_err(|e| (FailureKind::Write, e))?;
                Some(temp)
            };
            temps.push((temp, target));
            outputs.push(rel_name);
        }
        Ok(Work::Converted {
            links: report::article_links(&article),
            entry: Entry {
                input,
                hash,
                url: article.url.clone(),
                given_url: given,
                stem,
                outputs,
                images: images_of(&article, &options.render.images),
            },
            temps,
        })
    }
}

/// Runs a page's work; if it panics (a bug: nothing a page holds should make newsmirror panic),
/// the page fails as [`FailureKind::Internal`] and the run goes on.
fn guarded(work: impl FnOnce() -> Work) -> Work {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        Work::Failed(
            FailureKind::Internal,
            format!("newsmirror failed on this page ({what}); please report it"),
        )
    })
}

/// (original, mirror path) of the article's mirrored images: lead image and figures.
fn images_of(article: &Article, policy: &ImagePolicy) -> Vec<(String, String)> {
    let lead = article.lead_image.iter().map(|l| l.src.as_str());
    let figures = article.body.iter().filter_map(|b| match b {
        Block::Figure { src, .. } => Some(src.as_str()),
        _ => None,
    });
    let mut images: Vec<(String, String)> = Vec::new();
    for src in lead.chain(figures) {
        if let Some(path) = policy.mirror_path(src) {
            if !images.iter().any(|(s, _)| s == src) {
                images.push((src.to_string(), path));
            }
        }
    }
    images
}

/// The manifest key of an input: its relative path, `/`-separated.
fn key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Everything that shapes the output, hashed with the version: a change redoes every page.
fn fingerprint(options: &BatchOptions) -> String {
    manifest::hash(
        format!(
            "newsmirror {}\n{:?}\n{:?}",
            env!("CARGO_PKG_VERSION"),
            options.render,
            options.outputs
        )
        .as_bytes(),
    )
}

pub(crate) fn check_outputs(outputs: &[Output]) -> Result<()> {
    if outputs.is_empty() {
        return Err(Error::Config("no output format".into()));
    }
    for (i, o) in outputs.iter().enumerate() {
        let ext = &o.extension;
        let plain = !ext.is_empty()
            && ext.len() <= 16
            && !ext.starts_with('.')
            && !ext.ends_with('.')
            && ext
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.');
        if !plain {
            return Err(Error::Config(format!(
                "extension {ext:?}: use 1–16 lower-case letters, digits and inner dots (md, json)"
            )));
        }
        if outputs[..i].iter().any(|p| p.extension == *ext) {
            return Err(Error::Config(format!(
                "two outputs with the extension {ext:?}"
            )));
        }
    }
    Ok(())
}

/// Writes the images list `images.tsv` (or, without an image mirror, removes it); returns the
/// number of images.
fn write_images(state: &Path, images: Option<Spill>, durable: bool) -> Result<usize> {
    let path = state.join("images.tsv");
    let Some(images) = images else {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::Io { path, source: e })
            }
            _ => Ok(0),
        };
    };
    let mut count = 0;
    let mut failed = None;
    atomic::write_file_with(&path, durable, |file| {
        let mut out = std::io::BufWriter::with_capacity(64 << 10, file);
        for image in images.into_sorted().map_err(std::io::Error::other)? {
            let (src, mirror_path, _) = match image {
                Ok(image) => image,
                Err(e) => {
                    failed = Some(e);
                    return Err(std::io::Error::other("reading the images"));
                }
            };
            writeln!(out, "{src}\t{mirror_path}")?;
            count += 1;
        }
        out.flush()
    })
    .map_err(|e| failed.take().unwrap_or(e))?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_extensions_are_checked() {
        assert!(check_outputs(&[Output::new(Format::Mirror)]).is_ok());
        assert!(
            check_outputs(&[
                Output::new(Format::Mirror),
                Output::new(Format::Markdown),
                Output::new(Format::Json)
            ])
            .is_ok()
        );
        for bad in [
            "",
            ".md",
            "md.",
            "../x",
            "a/b",
            "MD",
            "x y",
            "abcdefghijklmnopq",
        ] {
            let o = Output {
                format: Format::Mirror,
                extension: bad.into(),
            };
            assert!(check_outputs(&[o]).is_err(), "{bad:?}");
        }
        assert!(check_outputs(&[]).is_err());
        let twice = [
            Output::new(Format::Mirror),
            Output {
                format: Format::Json,
                extension: "md".into(),
            },
        ];
        assert!(check_outputs(&twice).is_err());
    }

    #[test]
    fn a_panicking_page_fails_as_internal() {
        let work = guarded(|| panic!("index out of bounds"));
        let Work::Failed(kind, message) = work else {
            panic!("not a failure");
        };
        assert_eq!(kind, FailureKind::Internal);
        assert!(message.contains("index out of bounds"), "{message}");
        assert!(matches!(
            guarded(|| Work::Failed(FailureKind::Read, String::new())),
            Work::Failed(FailureKind::Read, _)
        ));
    }

    #[test]
    fn keys_are_slash_separated() {
        assert_eq!(key(Path::new("a/b/c.html")), "a/b/c.html");
    }
}
