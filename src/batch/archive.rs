//! Web archives as input: the records of the `.warc` / `.warc.gz` files the walk finds, each page
//! record a page of the run ([`crate::warc`] reads them).
//!
//! * A record's manifest key is its file's key and its offset, `crawl.warc.gz/@000000012345`
//!   (zero-padded: keys must sort in walk order), so re-runs and the manifest work as for files:
//!   an unchanged record (same bytes, same target URI and HTTP charset) is skipped.
//! * Records that are not pages are counted by kind ([`crate::warc::Skip`]), never converted.
//! * **The same article captured more than once** (records whose `WARC-Target-URI` names the
//!   same article) is mirrored once, from the latest capture by `WARC-Date`; on equal dates (or
//!   none) from the last one in walk order. The others are counted as `superseded`. Finding the
//!   latest needs one look at every record before the run converts anything: the counting pass
//!   reads the archives' headers and keeps, per captured article, its latest date and record —
//!   the one thing of a run that grows with the input (some 100 bytes per article in archives).
//! * A failure names the archive (as the input), the record's offset and its target URI.
//! * The records are read (and inflated) one at a time by the worker that takes the next page,
//!   under the pipeline's source lock, as the walk is; the conversions run in parallel. Reading
//!   a record costs little next to converting it.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use url::Url;

use super::walk::{Found, Input, Walk};
use super::{Failure, FailureKind};
use crate::error::Error;
use crate::linkmap::LinkMap;
use crate::warc::{Capture, Page, PageFailureKind, WarcReader};

/// The name counted for a capture that a later one of the same article replaces.
pub const SUPERSEDED: &str = "superseded";

/// A page record taken from an archive, for a worker.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// Where the record starts in its file.
    pub offset: u64,
    /// Its `WARC-Target-URI`.
    pub uri: Option<String>,
    /// The page, or why it cannot be converted.
    pub page: Result<Page, (FailureKind, String)>,
}

impl Record {
    /// `record at offset 12345 (https://…)`: what a failure message starts with.
    pub(crate) fn locator(&self) -> String {
        match &self.uri {
            Some(uri) => format!("record at offset {} ({uri})", self.offset),
            None => format!("record at offset {}", self.offset),
        }
    }
}

/// The content hash of a page record: what decides whether it changed since the last run.
pub(crate) fn hash(page: &Page) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in [&page.target_uri, &page.http_charset] {
        hasher.update(part.as_deref().unwrap_or("").as_bytes());
        hasher.update(b"\0");
    }
    hasher.update(&page.body);
    hasher.finalize().to_hex().to_string()
}

/// Is `rel` a web archive (`.warc`, `.warc.gz`, any case)?
pub(crate) fn is_archive(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".warc") || n.ends_with(".warc.gz")
    })
}

/// The manifest key of the record at `offset` of the archive whose key is `file_key`.
pub(crate) fn record_key(file_key: &str, offset: u64) -> String {
    format!("{file_key}/@{offset:012}")
}

/// The article a target URI names (on a site of the link map), as its mirror stem
/// (`gb/25/8/20/n14577375`).
fn article_stem(links: &LinkMap, uri: Option<&str>) -> Option<String> {
    let url = Url::parse(uri?).ok()?;
    let target = links.classify(&url).filter(|t| t.page.is_article())?;
    target
        .page
        .mirror_path
        .strip_suffix(".md")
        .map(str::to_string)
}

/// The latest capture of each article found in the archives.
#[derive(Debug)]
pub(crate) struct Captures {
    /// The sites whose articles the run mirrors.
    links: LinkMap,
    /// Mirror stem → (date, record key) of the capture that is mirrored.
    latest: HashMap<String, (Option<DateTime<Utc>>, String)>,
}

impl Captures {
    fn add(&mut self, stem: String, date: Option<DateTime<Utc>>, key: String) {
        match self.latest.get_mut(&stem) {
            // Later in walk order: it wins on an equal date (or none).
            Some(held) if held.0 > date => {}
            Some(held) => *held = (date, key),
            None => {
                self.latest.insert(stem, (date, key));
            }
        }
    }

    /// Is the capture `key` of this page replaced by a later capture of its article?
    fn superseded(&self, page: &Page, key: &str) -> bool {
        article_stem(&self.links, page.target_uri.as_deref())
            .and_then(|stem| self.latest.get(&stem))
            .is_some_and(|(_, latest)| latest != key)
    }
}

/// The counting pass: the number of pages the run will take (files, and page records of
/// archives that no later capture replaces), and the latest capture of every article.
pub(crate) fn survey(
    walk: Walk,
    in_dir: &Path,
    limit: u64,
    links: &LinkMap,
    key: impl Fn(&Path) -> String,
) -> (usize, Captures) {
    let mut captures = Captures {
        links: links.clone(),
        latest: HashMap::new(),
    };
    let mut archived: Vec<(String, Option<String>)> = Vec::new();
    let mut files = 0;
    for found in walk {
        let Found::Page(input) = found else { continue };
        if !input.archive {
            files += 1;
            continue;
        }
        let Ok(reader) = WarcReader::open(&in_dir.join(&input.rel), limit) else {
            continue;
        };
        let file_key = key(&input.rel);
        for record in reader {
            let Ok(record) = record else { break };
            let key = record_key(&file_key, record.offset);
            match record.capture() {
                Capture::Page(page) => {
                    let stem = article_stem(links, page.target_uri.as_deref());
                    if let Some(stem) = &stem {
                        captures.add(stem.clone(), page.date, key.clone());
                    }
                    archived.push((key, stem));
                }
                Capture::Failed(_) => archived.push((key, None)),
                Capture::Skipped(_) => {}
            }
        }
    }
    let pages = archived
        .iter()
        .filter(|(key, stem)| {
            stem.as_ref()
                .and_then(|s| captures.latest.get(s))
                .is_none_or(|(_, latest)| latest == key)
        })
        .count();
    (files + pages, captures)
}

/// The records of one archive being read by the run.
pub(crate) struct Cursor {
    rel: PathBuf,
    file_key: String,
    reader: WarcReader<BufReader<File>>,
}

impl std::fmt::Debug for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor").field("rel", &self.rel).finish()
    }
}

impl Cursor {
    /// Opens the archive `input` (under `in_dir`); an archive that cannot be opened is a failure.
    pub(crate) fn open(
        in_dir: &Path,
        input: &Input,
        file_key: String,
        limit: u64,
    ) -> Result<Cursor, Failure> {
        match WarcReader::open(&in_dir.join(&input.rel), limit) {
            Ok(reader) => Ok(Cursor {
                rel: input.rel.clone(),
                file_key,
                reader,
            }),
            Err(e) => Err(Failure {
                input: input.rel.clone(),
                reason: FailureKind::Read,
                message: match e {
                    Error::Io { source, .. } => format!("{}: {source}", input.rel.display()),
                    e => e.to_string(),
                },
            }),
        }
    }

    /// The next page record (with its key), counting the records that are not pages in
    /// `skipped`; `Some(Err)` when the archive cannot be read on (the cursor is then done).
    pub(crate) fn next(
        &mut self,
        captures: &Captures,
        skipped: &mut BTreeMap<&'static str, usize>,
    ) -> Option<Result<(Input, String), Failure>> {
        loop {
            let record = match self.reader.next()? {
                Ok(record) => record,
                Err(e) => {
                    return Some(Err(Failure {
                        input: self.rel.clone(),
                        reason: FailureKind::Warc,
                        message: e.to_string(),
                    }));
                }
            };
            let offset = record.offset;
            let uri = record.target_uri().map(str::to_string);
            let key = record_key(&self.file_key, offset);
            let page = match record.capture() {
                Capture::Skipped(why) => {
                    *skipped.entry(why.as_str()).or_insert(0) += 1;
                    continue;
                }
                Capture::Page(page) if captures.superseded(&page, &key) => {
                    *skipped.entry(SUPERSEDED).or_insert(0) += 1;
                    continue;
                }
                Capture::Page(page) => Ok(page),
                Capture::Failed(failed) => Err((
                    match failed.kind {
                        PageFailureKind::Truncated => FailureKind::Truncated,
                        PageFailureKind::TooLarge => FailureKind::TooLarge,
                        _ => FailureKind::Warc,
                    },
                    failed.message,
                )),
            };
            let input = Input {
                rel: self.rel.clone(),
                gz: false,
                archive: false,
                record: Some(Box::new(Record { offset, uri, page })),
            };
            return Some(Ok((input, key)));
        }
    }
}
