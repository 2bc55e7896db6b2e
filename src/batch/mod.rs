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
//!    within half a second with [`Error::Locked`](crate::Error::Locked)); if the last run did
//!    not end (the marker `.newsmirror/running` is still there) or `force` is set, removes the
//!    temporary files it left (named `.newsmirror-XXXXXXXX.tmp`: hidden, so never a mirror
//!    path).
//! 2. Walks the input directory ([`walkdir`], each directory listed when the walk enters it),
//!    in sorted path order: `.htm` and `.html` files, `.htm.gz` / `.html.gz` with
//!    [`BatchOptions::gzip`], and web archives (`.warc`, `.warc.gz`), whose page records are
//!    pages of the run (`archive.rs` says how: records that are not pages are counted in
//!    [`Summary::skipped_records`], and of several captures of one article only the latest
//!    is mirrored). The input may also be one such file. **Symbolic links
//!    are not followed**, neither to files nor to directories: a crawl is files the crawler
//!    wrote, and a link could make the run read anything on the machine. They are listed in
//!    [`Summary::ignored_symlinks`]. The output directory's `.newsmirror/` and an output
//!    directory inside the input directory are not walked. The walk runs once to count the
//!    pages (for [`Progress::start`]), then lazily as the workers take the pages.
//! 3. Converts the pages on `jobs` worker threads. A page whose bytes (BLAKE3), given URL and
//!    options are those recorded in the manifest, and whose outputs are all still there, is
//!    skipped ([`Outcome::Unchanged`]); `force` converts everything.
//! 4. Each output goes to the path derived from the page's canonical URL by its site's URL
//!    grammar ([`PageUrl::mirror_path`](crate::sites::PageUrl::mirror_path):
//!    `gb/25/8/20/n14577375.md`; a list page's [`Listing::mirror_path`](crate::Listing::mirror_path):
//!    `gb/nsc413_2.md`; the extension per [`Output`]), checked component by component
//!    (at most 16 components of `A–Z a–z 0–9 . _ - %`, none hidden, `.` or `..`); its
//!    directories are created and opened one by one without following symbolic links, and the
//!    file is written through the opened directory (on Unix), so the directory checked is the
//!    one written in, even if a link is swapped in meanwhile.
//!    It is written to a temporary file in its directory and renamed into place: a reader, a
//!    crash or `kill -9` sees the old file or the new one, never a part of one. With
//!    [`BatchOptions::durable`], the pages are committed in groups (`group.rs`): a group's
//!    files are flushed to disk together, renamed, their directories flushed once, and only
//!    then are the pages recorded in the manifest and reported, so that a power cut too leaves
//!    whole files and a manifest that names only files on disk. A file that already holds exactly the new
//!    bytes is left as it is, so a forced run rewrites only what changed (no churn in backups
//!    or in the mirror's repository, no inodes freed and allocated for nothing).
//! 5. Two inputs of the same page: the first in path order is mirrored, the others fail as
//!    [`FailureKind::Duplicate`]. The workers take pages in path order and the calling thread
//!    settles them (claims, renames, progress) strictly in path order while the workers go on,
//!    so the result does not depend on which thread finishes first.
//! 6. Records the manifest (`.newsmirror/manifest.jsonl`, see the format in the source of
//!    `manifest.rs`): the last one is read as a stream merged with the walk, the new one is
//!    written as pages are committed to a journal (`manifest.jsonl.next`, flushed after each
//!    group, or every few seconds without `durable`) that replaces it at the end. A killed run's journal is recovered by the next run,
//!    so the pages it finished are not converted again. With an image mirror
//!    ([`ImagePolicy::Mirror`](crate::render::ImagePolicy)) writes `.newsmirror/images.tsv`
//!    (`original URL<TAB>path in the image mirror`, one image a line, sorted, for a downloader).
//!
//! # Memory
//!
//! A run's memory does not grow with the number of pages. At most `64 × jobs` converted pages
//! wait to be settled, and at most [`BatchOptions::commit_pages`] settled ones wait for their
//! group to be committed (their entries and the names of their temporary files, not their
//! bytes); everything a run must remember of every page is on disk: the manifest
//! (streamed in and out), the output stems claimed so far (a hash table in an anonymous
//! temporary file), the linked articles and the images (sorted in a few MiB, spilling to
//! temporary files). What remains is the listing of the directories on the walk's current path
//! and what the [`Summary`] reports (failures, missing links).
//!
//! One bad page never stops the run: it becomes a [`Failure`] in the [`Summary`]. Errors of the
//! run itself (an unreadable input directory, an invalid option, the lock) are the `Err` of
//! [`mirror`]. The library never prints: it reports each page to a [`Progress`].
//!
//! Nothing is ever deleted from the mirror: an input that disappears, or now names another URL,
//! leaves its old output in place (the manifest forgets it).

mod archive;
pub(crate) mod atomic;
mod claims;
mod group;
mod ledger;
mod manifest;
mod options;
mod outdir;
mod page;
mod pipeline;
mod report;
mod run;
mod spill;
mod summary;
mod walk;

pub use archive::SUPERSEDED;
pub(crate) use atomic::safe_relative_path;
pub use options::{BatchOptions, Output};
pub(crate) use options::{check_outputs, fingerprint};
pub use report::{Failure, FailureKind, MissingLink};
pub use run::mirror;
pub use summary::{NoProgress, Outcome, Progress, Summary};
pub use walk::UrlList;

/// The directory under the output directory where newsmirror keeps its state (manifest, lock,
/// images list).
pub const STATE_DIR: &str = ".newsmirror";
