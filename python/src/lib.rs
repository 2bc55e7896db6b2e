//! `newsmirror._native`: the Rust side of the Python package `newsmirror`.
//!
//! Only the core's public API is used. Every conversion copies its input out of the Python
//! object and runs with the GIL released ([`Python::detach`]), so Python threads convert in
//! parallel. The Python-facing API (`extract`, `bare_extraction`, `convert`, …) is in
//! `newsmirror/__init__.py`; the types are in `newsmirror/_native.pyi`.

use std::fs::File;
use std::io::BufReader;
use std::sync::Mutex;

use newsmirror::render::CharsetSafe;
use newsmirror::warc::{Capture, PageFailureKind, WarcReader};
use newsmirror::{Error, ExtractOptions, Format, Page, Pick, RenderOptions};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

create_exception!(
    newsmirror,
    NewsmirrorError,
    PyException,
    "Base class of every error newsmirror raises for a page."
);
create_exception!(
    newsmirror,
    NotAnArticle,
    NewsmirrorError,
    "The page is not an article page (a home, section or tag page, or no article body)."
);
create_exception!(
    newsmirror,
    EmptyPage,
    NotAnArticle,
    "The page is empty (or only whitespace)."
);
create_exception!(
    newsmirror,
    NoArticleUrl,
    NewsmirrorError,
    "The page names no article URL (<link rel=canonical>, og:url) and none was given, or the one found is not an article URL."
);
create_exception!(
    newsmirror,
    InvalidUrl,
    NewsmirrorError,
    "A URL given by the caller does not parse."
);
create_exception!(
    newsmirror,
    NotMirrorable,
    NewsmirrorError,
    "The mirror has no place for the article (an article of another site)."
);

/// The Python exception for a core error: the typed ones by kind, the rest as the base class.
fn to_py(e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::Empty => EmptyPage::new_err(message),
        Error::NotAnArticle { .. } => NotAnArticle::new_err(message),
        Error::NoUrl { .. } => NoArticleUrl::new_err(message),
        Error::InvalidUrl { .. } => InvalidUrl::new_err(message),
        Error::NotMirrorable { .. } => NotMirrorable::new_err(message),
        _ => NewsmirrorError::new_err(message),
    }
}

/// The page's bytes: `bytes`/`bytearray`/`memoryview` as they are (any charset, as the command
/// line reads a file), `str` as UTF-8.
fn page_bytes(html: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(s) = html.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = html.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    // bytearray, memoryview and other buffers.
    html.extract::<Vec<u8>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "html must be bytes or str, not {}",
            html.get_type()
                .name()
                .map_or_else(|_| "?".to_string(), |n| n.to_string())
        ))
    })
}

fn format_of(name: &str) -> PyResult<Format> {
    match name {
        "mirror" => Ok(Format::Mirror),
        "markdown" => Ok(Format::Markdown),
        "json" => Ok(Format::Json),
        other => Err(PyValueError::new_err(format!(
            "output_format must be \"mirror\", \"markdown\" or \"json\", not {other:?}"
        ))),
    }
}

fn charset_of(name: Option<&str>) -> PyResult<Option<CharsetSafe>> {
    match name {
        None => Ok(None),
        Some("gbk") => Ok(Some(CharsetSafe::Gbk)),
        Some(other) => Err(PyValueError::new_err(format!(
            "charset_safe must be \"gbk\" or None, not {other:?}"
        ))),
    }
}

/// Three editor picks, each a mapping with `title` and `url` (as `convert --picks`).
fn picks_of(picks: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<Pick>>> {
    let Some(picks) = picks else {
        return Ok(None);
    };
    if picks.is_none() {
        return Ok(None);
    }
    let list = picks
        .cast::<PyList>()
        .map_err(|_| PyValueError::new_err("picks must be a list of three {title, url} dicts"))?;
    let mut out = Vec::with_capacity(3);
    for item in list.iter() {
        let dict = item
            .cast::<PyDict>()
            .map_err(|_| PyValueError::new_err("each pick must be a dict with title and url"))?;
        let field = |key: &str| -> PyResult<String> {
            dict.get_item(key)?
                .ok_or_else(|| PyValueError::new_err(format!("a pick without {key:?}")))?
                .extract::<String>()
                .map_err(|_| PyValueError::new_err(format!("a pick's {key:?} must be a str")))
        };
        out.push(Pick {
            title: field("title")?,
            url: field("url")?,
        });
    }
    if out.len() != 3 {
        return Err(PyValueError::new_err(format!(
            "{} picks given, the mirror shows 3",
            out.len()
        )));
    }
    Ok(Some(out))
}

/// Converts one page, with the GIL released. Raises a `NewsmirrorError` subclass when the page
/// cannot be converted.
#[pyfunction]
#[pyo3(signature = (html, *, url=None, output_format="mirror", picks=None, charset_safe=None))]
fn convert(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    output_format: &str,
    picks: Option<&Bound<'_, PyAny>>,
    charset_safe: Option<&str>,
) -> PyResult<String> {
    let bytes = page_bytes(html)?;
    let format = format_of(output_format)?;
    let mut render = RenderOptions::default();
    render.mirror.picks = picks_of(picks)?;
    render.charset_safe = charset_of(charset_safe)?;
    py.detach(move || {
        let mut options = ExtractOptions::default();
        options.url = url;
        // Any page of the site, as `newsmirror convert` takes it: an article or a list page.
        let page = newsmirror::extract_page(&bytes, &options)?;
        newsmirror::render::page_to_string(&page, format, &render)
    })
    .map_err(to_py)
}

/// Where the mirror keeps the article at `url` (`gb/25/8/20/n14577375.md`), or `None` when the
/// URL is not an article URL of a mirrored site (the mirror holds no file for it).
#[pyfunction]
fn mirror_path(url: &str) -> Option<String> {
    article_path(url.trim())
}

/// One record of a web archive and what became of it (`newsmirror.WarcResult`).
#[pyclass(frozen, get_all, module = "newsmirror")]
#[derive(Debug, Clone)]
struct WarcResult {
    /// The archive, as given.
    path: String,
    /// Where the record starts in the file (for a `.warc.gz`, its gzip member).
    offset: u64,
    /// `WARC-Type`, lower-cased.
    record_type: String,
    /// `WARC-Target-URI`, without wget's angle brackets.
    uri: Option<String>,
    /// `WARC-Date` in UTC, fixed width (`2025-03-01T00:00:00.000000Z`): sorts as it is.
    date: Option<String>,
    /// `converted`, `failed` or `skipped`.
    status: &'static str,
    /// Why it was skipped or failed: the names of `newsmirror mirror`'s summary
    /// (`request`, `revisit`, `not-html`, `not-200`, …; `truncated`, `not-an-article`, …).
    reason: Option<String>,
    /// A failure's message, naming the record: `record at offset N (URI): …`.
    message: Option<String>,
    /// For a whole page: the mirror path of the article its target URI names (what the
    /// latest-capture rule groups by); `None` otherwise.
    capture_of: Option<String>,
    /// The article's canonical URL.
    url: Option<String>,
    /// The article's title.
    title: Option<String>,
    /// Where the mirror keeps the article (`gb/25/8/20/n14577375.md`).
    mirror_path: Option<String>,
    /// The rendered article in the requested format.
    output: Option<String>,
}

#[pymethods]
impl WarcResult {
    fn __repr__(&self) -> String {
        format!(
            "WarcResult(path={:?}, offset={}, status={:?}, reason={:?}, uri={:?}, mirror_path={:?})",
            self.path, self.offset, self.status, self.reason, self.uri, self.mirror_path
        )
    }
}

/// The name `newsmirror mirror` gives a failed extraction.
fn reason_of(e: &Error) -> &'static str {
    match e {
        Error::Empty => "empty",
        Error::NotAnArticle { .. } => "not-an-article",
        Error::NoUrl { .. } | Error::InvalidUrl { .. } => "no-url",
        Error::NotMirrorable { .. } => "not-mirrorable",
        Error::TooLarge { .. } => "too-large",
        _ => "render",
    }
}

/// The article stem of a URL's mirror path (`gb/25/8/20/n1.md`), if it is an article URL.
fn article_path(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    newsmirror::LinkMap::default()
        .classify(&url)
        .filter(|t| t.page.is_article())
        .map(|t| t.page.mirror_path)
}

/// Iterates over the records of a web archive, converting its pages
/// (`newsmirror.iter_warc`).
#[pyclass(module = "newsmirror")]
struct WarcIterator {
    path: String,
    reader: Mutex<Option<WarcReader<BufReader<File>>>>,
    format: Format,
    render: RenderOptions,
}

impl WarcIterator {
    /// Reads and converts the next record (without the GIL).
    fn step(&self) -> Option<WarcResult> {
        let mut guard = self.reader.lock().unwrap_or_else(|p| p.into_inner());
        let reader = guard.as_mut()?;
        let record = match reader.next() {
            None => {
                *guard = None;
                return None;
            }
            Some(Err(e)) => {
                *guard = None;
                let offset = match &e {
                    Error::Warc { offset, .. } => *offset,
                    _ => 0,
                };
                return Some(self.result(offset, String::new(), None, None, |r| {
                    r.status = "failed";
                    r.reason = Some("warc".into());
                    r.message = Some(e.to_string());
                }));
            }
            Some(Ok(record)) => record,
        };
        drop(guard);
        let (offset, kind) = (record.offset, record.warc_type());
        let uri = record.target_uri().map(str::to_string);
        let date = record
            .date()
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string());
        let locator = match &uri {
            Some(u) => format!("record at offset {offset} ({u})"),
            None => format!("record at offset {offset}"),
        };
        let base = self.result(offset, kind, uri.clone(), date, |_| {});
        let fail = |reason: &str, message: String| WarcResult {
            status: "failed",
            reason: Some(reason.to_string()),
            message: Some(format!("{locator}: {message}")),
            ..base.clone()
        };
        let page = match record.capture() {
            Capture::Skipped(why) => {
                return Some(WarcResult {
                    status: "skipped",
                    reason: Some(why.as_str().to_string()),
                    ..base
                });
            }
            Capture::Failed(failed) => {
                let reason = match failed.kind {
                    PageFailureKind::Truncated => "truncated",
                    PageFailureKind::TooLarge => "too-large",
                    _ => "warc",
                };
                return Some(fail(reason, failed.message));
            }
            Capture::Page(page) => page,
        };
        let capture_of = uri.as_deref().and_then(article_path);
        let converted =
            newsmirror::extract_page(&page.body, &page.extract_options()).and_then(|p| {
                let text = newsmirror::render::page_to_string(&p, self.format, &self.render)?;
                Ok((p, text))
            });
        let (page, text) = match converted {
            Ok(done) => done,
            Err(e) => {
                return Some(WarcResult {
                    capture_of,
                    ..fail(reason_of(&e), e.to_string())
                });
            }
        };
        // Where `newsmirror mirror` writes the page: an article at its URL's path, a list page
        // at its list's own path (`gb/nsc413_2.md`).
        let (url, title, mirror_path) = match page {
            Page::Article(a) => {
                let path = article_path(&a.url);
                (a.url, a.title, path)
            }
            Page::Listing(l) => {
                let path = Some(l.mirror_path());
                (l.url, l.heading, path)
            }
            _ => {
                return Some(fail(
                    "render",
                    "a page of a kind this version does not know".into(),
                ));
            }
        };
        let mut result = WarcResult {
            capture_of,
            url: Some(url.clone()),
            title: Some(title),
            mirror_path: mirror_path.clone(),
            output: Some(text),
            status: "converted",
            ..base
        };
        if mirror_path.is_none() {
            let e = Error::NotMirrorable { url };
            result.status = "failed";
            result.reason = Some("not-mirrorable".into());
            result.message = Some(format!("{locator}: {e}"));
        }
        Some(result)
    }

    fn result(
        &self,
        offset: u64,
        record_type: String,
        uri: Option<String>,
        date: Option<String>,
        edit: impl FnOnce(&mut WarcResult),
    ) -> WarcResult {
        let mut r = WarcResult {
            path: self.path.clone(),
            offset,
            record_type,
            uri,
            date,
            status: "skipped",
            reason: None,
            message: None,
            capture_of: None,
            url: None,
            title: None,
            mirror_path: None,
            output: None,
        };
        edit(&mut r);
        r
    }
}

#[pymethods]
impl WarcIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> Option<WarcResult> {
        py.detach(|| self.step())
    }
}

/// The records of the web archive at `path` (`.warc` or `.warc.gz`), one result each, in
/// order, the pages converted (GIL released). Raises `OSError` when the file cannot be opened.
#[pyfunction]
#[pyo3(signature = (path, *, output_format="mirror", max_page_bytes=64 << 20))]
fn iter_warc(
    path: std::path::PathBuf,
    output_format: &str,
    max_page_bytes: u64,
) -> PyResult<WarcIterator> {
    let format = format_of(output_format)?;
    let file = File::open(&path).map_err(|e| {
        pyo3::exceptions::PyOSError::new_err((
            e.raw_os_error().unwrap_or(0),
            e.to_string(),
            path.display().to_string(),
        ))
    })?;
    let reader = WarcReader::new(BufReader::with_capacity(64 << 10, file), max_page_bytes)
        .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))?;
    Ok(WarcIterator {
        path: path.display().to_string(),
        reader: Mutex::new(Some(reader)),
        format,
        render: RenderOptions::default(),
    })
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NewsmirrorError", py.get_type::<NewsmirrorError>())?;
    m.add("NotAnArticle", py.get_type::<NotAnArticle>())?;
    m.add("EmptyPage", py.get_type::<EmptyPage>())?;
    m.add("NoArticleUrl", py.get_type::<NoArticleUrl>())?;
    m.add("InvalidUrl", py.get_type::<InvalidUrl>())?;
    m.add("NotMirrorable", py.get_type::<NotMirrorable>())?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(mirror_path, m)?)?;
    m.add_function(wrap_pyfunction!(iter_warc, m)?)?;
    m.add_class::<WarcResult>()?;
    m.add_class::<WarcIterator>()?;
    Ok(())
}
