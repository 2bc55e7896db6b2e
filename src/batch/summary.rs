//! What a run reports: each page's outcome as it is settled ([`Progress`]) and the whole run's
//! [`Summary`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::atomic;
use super::report::{self, Failure, FailureKind, MissingLink};
use crate::error::Result;

/// What became of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Converted and written.
    Converted {
        /// The page's canonical URL (an article's, or a list page's).
        url: String,
        /// The files written, relative to the output directory.
        outputs: Vec<PathBuf>,
    },
    /// The same bytes as last time, outputs in place: skipped.
    Unchanged,
    /// Not mirrored.
    Failed(Failure),
}

/// Receives a run's progress, on the thread that called [`mirror`](super::mirror). Every
/// method has an empty default.
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
#[non_exhaustive]
pub struct Summary {
    /// Pages found.
    pub pages: usize,
    /// Pages converted and written.
    pub converted: usize,
    /// Pages skipped as unchanged.
    pub unchanged: usize,
    /// Of the pages converted, the list pages (sections, later pages, rankings, tag lists,
    /// portals, the home page); the others are articles.
    pub converted_lists: usize,
    /// Of the pages skipped as unchanged, the list pages.
    pub unchanged_lists: usize,
    /// Pages not mirrored (and unreadable directories of the input), in path order.
    pub failures: Vec<Failure>,
    /// Symbolic links found in the input, not followed (relative to the input directory).
    pub ignored_symlinks: Vec<PathBuf>,
    /// Linked Epoch Times articles (from the pages converted in this run: articles' links and
    /// list pages' items) whose mirror files are not in the output directory, by URL.
    pub missing: Vec<MissingLink>,
    /// Images in the images list (`.newsmirror/images.tsv`), with an image mirror.
    pub images: usize,
    /// Temporary files of an earlier, killed run that were removed.
    pub removed_temp_files: usize,
    /// The run was stopped ([`BatchOptions::stop`](super::BatchOptions::stop)) before every
    /// page was done. The walk stopped there too: symbolic links and unreadable directories
    /// past that point are not listed.
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

    /// The JSON report: counts (`converted_lists` and `unchanged_lists` of them list pages),
    /// `failed_by_reason`, and one entry per failure (`{"input", "reason", "message"}`).
    pub fn report_json(&self) -> String {
        let report = report::Report {
            pages: self.pages,
            converted: self.converted,
            unchanged: self.unchanged,
            converted_lists: self.converted_lists,
            unchanged_lists: self.unchanged_lists,
            failed: self.failures.len(),
            failed_by_reason: self.failed_by_reason(),
            interrupted: self.interrupted,
            ignored_symlinks: &self.ignored_symlinks,
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

    /// Writes [`Summary::report_json`] to `path`, atomically: a temporary file beside it,
    /// flushed to disk, renamed over it. A reader sees the old report or the new one.
    pub fn write_report(&self, path: &Path) -> Result<()> {
        atomic::write_atomic(path, self.report_json().as_bytes())
    }

    /// Writes [`Summary::missing_tsv`] to `path`, atomically (as [`Summary::write_report`]).
    pub fn write_missing(&self, path: &Path) -> Result<()> {
        atomic::write_atomic(path, self.missing_tsv().as_bytes())
    }
}
