//! `newsmirror._native`: the Rust side of the Python package `newsmirror`.
//!
//! Only the core's public API is used. Every conversion copies its input out of the Python
//! object and runs with the GIL released ([`Python::detach`]), so Python threads convert in
//! parallel. The Python-facing API (`extract`, `bare_extraction`, `convert`, …) is in
//! `newsmirror/__init__.py`; the types are in `newsmirror/_native.pyi`.

use newsmirror::render::CharsetSafe;
use newsmirror::{Error, ExtractOptions, Format, MirrorOptions, Pick, RenderOptions};
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
    let render = RenderOptions {
        mirror: MirrorOptions {
            picks: picks_of(picks)?,
            ..MirrorOptions::default()
        },
        charset_safe: charset_of(charset_safe)?,
        ..RenderOptions::default()
    };
    py.detach(move || {
        let mut options = ExtractOptions::default();
        options.url = url;
        let article = newsmirror::extract(&bytes, &options)?;
        newsmirror::render::to_string(&article, format, &render)
    })
    .map_err(to_py)
}

/// Where the mirror keeps the article at `url` (`gb/25/8/20/n14577375.md`), or `None` when the
/// URL is not an Epoch Times article URL (the mirror holds no file for it).
#[pyfunction]
fn mirror_path(url: &str) -> Option<String> {
    let url = url::Url::parse(url.trim()).ok()?;
    newsmirror::linkmap::ArticleUrl::parse(&url).map(|a| a.mirror_path())
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
    Ok(())
}
