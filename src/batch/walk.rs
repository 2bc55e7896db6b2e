//! Finding the pages of a crawl, reading them, and the URLs given for pages that name none.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use url::Url;

use super::FailureKind;
use crate::error::{Error, Result};

/// A page found under the input directory.
#[derive(Debug, Clone)]
pub(crate) struct Input {
    /// Relative to the input directory (joined to it when read: a path less to keep per page).
    pub rel: PathBuf,
    /// A gzip-compressed page (`.htm.gz`, `.html.gz`).
    pub gz: bool,
    /// A web archive (`.warc`, `.warc.gz`): its records are the pages.
    pub archive: bool,
    /// A page record of a web archive (`rel` is the archive).
    pub record: Option<Box<super::archive::Record>>,
}

impl Input {
    fn file(rel: PathBuf, kind: PageKind) -> Input {
        Input {
            rel,
            gz: kind == PageKind::Gz,
            archive: kind == PageKind::Archive,
            record: None,
        }
    }
}

/// What kind of input a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageKind {
    Html,
    Gz,
    Archive,
}

/// One thing the walk found.
#[derive(Debug)]
pub(crate) enum Found {
    /// A page.
    Page(Input),
    /// A symbolic link, not followed (relative path).
    Symlink(PathBuf),
    /// A directory (or an entry of it) that could not be read: relative path, error.
    Unreadable(PathBuf, std::io::Error),
}

/// Is `name` a page: `.htm`/`.html`, with `gzip` also `.htm.gz`/`.html.gz`, or a web archive
/// (`.warc`, `.warc.gz`; any case)?
pub(crate) fn page_kind(name: &OsStr, gzip: bool) -> Option<PageKind> {
    if super::archive::is_archive(name) {
        return Some(PageKind::Archive);
    }
    let name = name.to_str()?.to_ascii_lowercase();
    if name.ends_with(".htm") || name.ends_with(".html") {
        return Some(PageKind::Html);
    }
    if gzip && (name.ends_with(".htm.gz") || name.ends_with(".html.gz")) {
        return Some(PageKind::Gz);
    }
    None
}

/// The pages under a directory, found lazily in sorted order (component by component, as
/// [`Path`]'s order, which is also [`walk_order`] of their keys), never following symbolic
/// links.
///
/// A [`walkdir`] walk: each directory is listed (and sorted) when the walk enters it, so the
/// walk holds the listings of the directories on its current path, never the whole crawl.
/// (walkdir keeps each listed entry's whole path, some tens of bytes more per entry than a
/// name: more per directory, still nothing per page of the crawl.)
/// Hidden entries are walked like any other (a crawl's files are the crawler's names); only the
/// directories in `skip` are not.
pub(crate) struct Walk {
    root: PathBuf,
    gzip: bool,
    /// Canonical paths of directories that must not be read (the output directory's state).
    skip: Vec<PathBuf>,
    entries: walkdir::IntoIter,
    /// The first entry, taken by [`Walk::new`] to find out whether the root can be listed.
    first: Option<walkdir::Result<walkdir::DirEntry>>,
    /// The directory entered last (relative). An error walkdir gives without a path is of its
    /// listing: a sorted listing puts its errors first, before the directory's entries.
    current: PathBuf,
    /// The one input of a walk of one file ([`Walk::file`]).
    single: Option<Input>,
}

impl Walk {
    /// Starts a walk of `root`; fails when `root` itself cannot be listed.
    pub(crate) fn new(root: &Path, gzip: bool, skip: &[PathBuf]) -> Result<Walk> {
        let mut entries = walkdir::WalkDir::new(root)
            .min_depth(1)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter();
        let first = match entries.next() {
            Some(Err(e)) if e.depth() == 0 => {
                return Err(Error::Io {
                    path: root.to_path_buf(),
                    source: io_error(e),
                });
            }
            first => first,
        };
        Ok(Walk {
            root: root.to_path_buf(),
            gzip,
            skip: skip.to_vec(),
            entries,
            first,
            current: PathBuf::new(),
            single: None,
        })
    }

    /// A walk of one file, `name` in the directory `root` (a page or a web archive).
    pub(crate) fn file(root: &Path, name: &OsStr, kind: PageKind) -> Walk {
        Walk {
            root: root.to_path_buf(),
            gzip: false,
            skip: Vec::new(),
            // Lists nothing (below a file, there is nothing): the walk is of `single` alone.
            entries: walkdir::WalkDir::new(root.join(name))
                .min_depth(1)
                .follow_links(false)
                .into_iter(),
            first: None,
            current: PathBuf::new(),
            single: Some(Input::file(PathBuf::from(name), kind)),
        }
    }

    /// `path` relative to the root.
    fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// The I/O error of a walk error (a walk that follows no link has no other kind).
fn io_error(e: walkdir::Error) -> std::io::Error {
    let what = e.to_string();
    e.into_io_error()
        .unwrap_or_else(|| std::io::Error::other(what))
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        if let Some(input) = self.single.take() {
            return Some(Found::Page(input));
        }
        loop {
            let entry = match self.first.take().or_else(|| self.entries.next())? {
                Ok(entry) => entry,
                Err(e) => {
                    let rel = e
                        .path()
                        .map_or_else(|| self.current.clone(), |p| self.rel(p));
                    return Some(Found::Unreadable(rel, io_error(e)));
                }
            };
            let kind = entry.file_type();
            if kind.is_symlink() {
                return Some(Found::Symlink(self.rel(entry.path())));
            }
            if kind.is_dir() {
                if self.skip.iter().any(|s| s == entry.path()) {
                    self.entries.skip_current_dir();
                } else {
                    self.current = self.rel(entry.path());
                }
            } else if kind.is_file() {
                if let Some(kind) = page_kind(entry.file_name(), self.gzip) {
                    let rel = self.rel(entry.path());
                    return Some(Found::Page(Input::file(rel, kind)));
                }
            }
        }
    }
}

/// The order of the walk, on manifest keys (`/`-separated relative paths): component by
/// component, each compared as bytes. (Not plain string order: `a/b` comes before `a-c`.)
pub(crate) fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// A page as read: the file's bytes, and the decompressed page for a `.gz` file.
pub(crate) struct Page {
    pub raw: Vec<u8>,
    pub inflated: Option<Vec<u8>>,
}

/// Why a page failed, and the error.
pub(crate) type Failed = (FailureKind, Error);

/// Reads a page, at most `limit` bytes (after decompression for `.gz` pages). Returns the
/// file's bytes (for the content hash) and, for a `.gz` page, the page's bytes. A failure comes
/// with its kind (`read`, `too-large`, `gzip`).
/// `path` is the input's file (the input directory joined to `input.rel`, which names the page
/// in errors).
pub(crate) fn read_page(
    path: &Path,
    input: &Input,
    limit: u64,
) -> std::result::Result<Page, Failed> {
    let io = |kind| {
        move |source| {
            (
                kind,
                Error::Io {
                    path: input.rel.clone(),
                    source,
                },
            )
        }
    };
    let too_large = || (FailureKind::TooLarge, Error::TooLarge { limit });
    let file = std::fs::File::open(path).map_err(io(FailureKind::Read))?;
    // Sized from the file's length when it is known: through `take`, `read_to_end` would
    // otherwise start small and grow the buffer a dozen times for a page.
    let size = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut raw = Vec::with_capacity(usize::try_from(size).map_or(0, |n| n.saturating_add(1)));
    file.take(limit + 1)
        .read_to_end(&mut raw)
        .map_err(io(FailureKind::Read))?;
    if raw.len() as u64 > limit {
        return Err(too_large());
    }
    if !input.gz {
        return Ok(Page {
            raw,
            inflated: None,
        });
    }
    let mut page = Vec::new();
    flate2::read::MultiGzDecoder::new(raw.as_slice())
        .take(limit + 1)
        .read_to_end(&mut page)
        .map_err(io(FailureKind::Gzip))?;
    if page.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(Page {
        raw,
        inflated: Some(page),
    })
}

/// Original URLs for pages that do not name theirs: `PATH<TAB>URL` lines, as in
/// `fixtures/legacy/urls.txt`.
///
/// Each `PATH` is relative to the directory of the file that lists it (a list beside the pages
/// names them by file name); empty lines and lines starting with `#` are skipped. The URL is
/// given to the extractor like `convert --url`: it overrides what the page says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlList {
    /// Absolute, lexically normalised page path → URL.
    urls: HashMap<PathBuf, String>,
}

impl UrlList {
    /// An empty list.
    pub fn new() -> UrlList {
        UrlList::default()
    }

    /// Reads a list file; its paths are relative to the file's directory.
    pub fn read(file: &Path) -> Result<UrlList> {
        let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
            path: file.into(),
            source,
        })?;
        let dir = file.parent().unwrap_or(Path::new("."));
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let dir = dir.canonicalize().map_err(|source| Error::Io {
            path: dir.into(),
            source,
        })?;
        let mut list = UrlList::new();
        list.parse_into(&text, &dir, &file.display().to_string())?;
        Ok(list)
    }

    /// Parses list text whose paths are relative to `dir`; `name` names the list in errors.
    pub fn parse(text: &str, dir: &Path, name: &str) -> Result<UrlList> {
        let mut list = UrlList::new();
        list.parse_into(text, &resolve(dir)?, name)?;
        Ok(list)
    }

    fn parse_into(&mut self, text: &str, dir: &Path, name: &str) -> Result<()> {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |what: String| Error::Config(format!("{name}:{}: {what}", i + 1));
            let Some((path, url)) = line.split_once('\t') else {
                return Err(bad("expected PATH<TAB>URL".into()));
            };
            let (path, url) = (path.trim(), url.trim());
            if path.is_empty() {
                return Err(bad("empty path".into()));
            }
            if let Err(e) = Url::parse(url) {
                return Err(bad(format!("invalid URL {url:?}: {e}")));
            }
            let key = normalize(&dir.join(path));
            if let Some(previous) = self.urls.get(&key) {
                if previous != url {
                    return Err(bad(format!("{path} given twice ({previous} and {url})")));
                }
            }
            self.urls.insert(key, url.to_string());
        }
        Ok(())
    }

    /// Gives `page` (a path to the page, relative to the current directory or absolute) the URL
    /// `url`.
    pub fn insert(&mut self, page: &Path, url: impl Into<String>) -> Result<()> {
        self.urls.insert(normalize(&resolve(page)?), url.into());
        Ok(())
    }

    /// Adds every entry of `other` (its entries win).
    pub fn extend(&mut self, other: UrlList) {
        self.urls.extend(other.urls);
    }

    /// The URL given for the page at `page` (absolute), if any.
    pub(crate) fn get(&self, page: &Path) -> Option<&str> {
        self.urls.get(&normalize(page)).map(String::as_str)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.urls.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }
}

/// The canonical path (as the walk sees the pages: the input directory is canonicalised), or
/// the absolute one for a path that does not exist.
fn resolve(path: &Path) -> Result<PathBuf> {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .map_err(|source| Error::Io {
            path: path.into(),
            source,
        })
}

/// Resolves `.` and `..` lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names() {
        assert_eq!(page_kind(OsStr::new("a.htm"), true), Some(PageKind::Html));
        assert_eq!(page_kind(OsStr::new("a.HTML"), false), Some(PageKind::Html));
        assert_eq!(page_kind(OsStr::new("a.html.gz"), true), Some(PageKind::Gz));
        assert_eq!(
            page_kind(OsStr::new("a.warc"), false),
            Some(PageKind::Archive)
        );
        assert_eq!(
            page_kind(OsStr::new("a.WARC.gz"), false),
            Some(PageKind::Archive)
        );
        assert_eq!(page_kind(OsStr::new("a.warc.gz.tmp"), true), None);
        assert_eq!(page_kind(OsStr::new("a.html.gz"), false), None);
        assert_eq!(page_kind(OsStr::new("a.gz"), true), None);
        assert_eq!(page_kind(OsStr::new("a.md"), true), None);
        assert_eq!(page_kind(OsStr::new("urls.txt"), true), None);
    }

    #[test]
    fn the_walk_is_lazy_sorted_and_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.html",
            "a.html",
            "a-c.html",
            "a/z.htm",
            "a/b/c.html.gz",
            "a/notes.txt",
            "skip/x.html",
            "d/e/f/g.html",
        ] {
            std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
            std::fs::write(root.join(file), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("a/link")).unwrap();
        let skip = [root.join("skip")];
        let mut pages = Vec::new();
        let mut links = Vec::new();
        let mut walk = Walk::new(root, true, &skip).unwrap();
        // Lazy: a directory is listed when the walk enters it, so a page written into one the
        // walk has not reached yet is found (one written into the root, listed first, is not).
        let first = walk.next();
        std::fs::write(root.join("d/e/late.html"), "x").unwrap();
        std::fs::write(root.join("c.html"), "x").unwrap();
        for found in first.into_iter().chain(walk) {
            match found {
                Found::Page(input) => pages.push((input.rel, input.gz)),
                Found::Symlink(path) => links.push(path),
                Found::Unreadable(path, e) => panic!("{}: {e}", path.display()),
            }
        }
        let rels: Vec<&Path> = pages.iter().map(|(rel, _)| rel.as_path()).collect();
        // Path order (component by component): `a/…` before `a-c.html` and `a.html`.
        assert_eq!(
            rels,
            [
                "a/b/c.html.gz",
                "a/z.htm",
                "a-c.html",
                "a.html",
                "b.html",
                "d/e/f/g.html",
                "d/e/late.html"
            ]
            .map(Path::new)
        );
        assert!(rels.is_sorted());
        assert!(pages[0].1, "gzip");
        #[cfg(unix)]
        assert_eq!(links, [PathBuf::from("a/link")]);
        // The keys of the pages are in `walk_order` too, which is not string order.
        let keys: Vec<String> = rels
            .iter()
            .map(|r| r.to_str().unwrap().to_string())
            .collect();
        assert!(keys.is_sorted_by(|a, b| walk_order(a, b).is_le()));
        assert!(!keys.is_sorted());
        assert!(Walk::new(&root.join("missing"), true, &[]).is_err());
    }

    #[test]
    fn pages_are_read_within_the_limit() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let read = |name: &str, gz, limit| {
            let input = Input {
                rel: PathBuf::from(name),
                gz,
                archive: false,
                record: None,
            };
            read_page(&dir.path().join(name), &input, limit)
        };
        std::fs::write(dir.path().join("a.html"), "0123456789").unwrap();
        let page = read("a.html", false, 10).unwrap();
        assert_eq!((page.raw.len(), page.inflated), (10, None));
        let (kind, e) = read("a.html", false, 9).err().unwrap();
        assert_eq!(kind, FailureKind::TooLarge);
        assert!(matches!(e, Error::TooLarge { limit: 9 }));

        // A small file that inflates past the limit stops at the limit.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b'x'; 1 << 20]).unwrap();
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 10_000);
        std::fs::write(dir.path().join("b.html.gz"), &bomb).unwrap();
        let page = read("b.html.gz", true, 1 << 20).unwrap();
        assert_eq!(page.inflated.unwrap().len(), 1 << 20);
        let (kind, _) = read("b.html.gz", true, 1000).err().unwrap();
        assert_eq!(kind, FailureKind::TooLarge);

        std::fs::write(dir.path().join("c.html.gz"), "plain text").unwrap();
        let (kind, e) = read("c.html.gz", true, 1000).err().unwrap();
        assert_eq!(kind, FailureKind::Gzip);
        assert!(e.to_string().starts_with("c.html.gz: "), "{e}");
        let (kind, _) = read("missing.html", false, 1000).err().unwrap();
        assert_eq!(kind, FailureKind::Read);
    }

    #[test]
    fn url_list_lines() {
        let dir = Path::new("/crawl/legacy");
        let list = UrlList::parse(
            "# comment\n\na.html\thttps://www.epochtimes.com/gb/1/6/8/n86001.htm\r\nsub/../b.html\thttps://www.epochtimes.com/gb/2/3/21/n182501.htm\n",
            dir,
            "urls.txt",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            list.get(Path::new("/crawl/legacy/a.html")),
            Some("https://www.epochtimes.com/gb/1/6/8/n86001.htm")
        );
        assert_eq!(
            list.get(Path::new("/crawl/./legacy/b.html")),
            Some("https://www.epochtimes.com/gb/2/3/21/n182501.htm")
        );
        assert_eq!(list.get(Path::new("/crawl/a.html")), None);

        for (bad, what) in [
            ("a.html https://x/\n", "urls.txt:1: expected PATH<TAB>URL"),
            ("\nx\tnot a url\n", "urls.txt:2: invalid URL"),
            ("\thttps://x/\n", "urls.txt:1: empty path"),
            (
                "a\thttps://x/\na\thttps://y/\n",
                "urls.txt:2: a given twice",
            ),
        ] {
            let err = UrlList::parse(bad, dir, "urls.txt").unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err}");
            assert!(err.to_string().contains(what), "{err}");
        }
    }
}
