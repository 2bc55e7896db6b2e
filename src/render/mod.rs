//! [`Article`] → text: the mirror file, Markdown, or JSON. Renderers write to any
//! [`std::io::Write`] sink and never fail on content, only on the sink.

mod charset;
mod escape;
mod images;
mod list_markdown;
mod list_mirror;
mod markdown;
pub(crate) mod mirror;
mod template;

pub use charset::CharsetSafe;
pub use images::{ImageMirror, ImagePolicy};
pub use mirror::Templates;

use std::io;

use crate::error::Result;
use crate::linkmap::LinkMap;
use crate::listing::model::{Listing, Page};
use crate::model::Article;

/// Output formats. More may be added: a `match` needs a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// The mirror file (HTML inside Markdown, for GitHub).
    #[default]
    Mirror,
    /// CommonMark.
    Markdown,
    /// The model as JSON: the [`Article`], or the [`Listing`] of a list page.
    Json,
}

/// An editor pick: a title and a URL used as-is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Pick {
    /// Link text.
    pub title: String,
    /// Link target, used as given.
    pub url: String,
}

/// Options of the mirror renderer. What a mirror file looks like is the article's site's (its
/// [`Mirror`](crate::sites::Mirror), found through [`RenderOptions::links`]); these options
/// override parts of it. More options may be added: start from [`MirrorOptions::default`] and
/// set what you need.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct MirrorOptions {
    /// The editor picks, used as given; `None` draws as many as the site's mirror shows from the
    /// pool, seeded by the article id.
    pub picks: Option<Vec<Pick>>,
    /// The template set; `None` is the built-in set of the article's site's mirror.
    pub templates: Option<Templates>,
    /// The seed of a list file's random parts (the text bar's hosts and query letters, the
    /// right column's video host); `None` uses the list's URL, so a conversion is reproducible.
    pub seed: Option<String>,
}

/// Options for all renderers. More options may be added: start from [`RenderOptions::default`]
/// and set what you need.
///
/// ```
/// use newsmirror::render::CharsetSafe;
/// use newsmirror::{LinkMap, RenderOptions};
///
/// let mut options = RenderOptions::default();
/// options.links = LinkMap::for_account("19920513");
/// options.charset_safe = Some(CharsetSafe::Gbk);
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RenderOptions {
    /// How links into the original sites become mirror links; also which sites have a mirror
    /// (an article is rendered as a mirror file of its site's mirror in this map).
    pub links: LinkMap,
    /// Mirror-format options.
    pub mirror: MirrorOptions,
    /// Write characters outside this charset as references (`&#x…;` in the mirror and in
    /// Markdown, `\u…` in JSON), for pipelines that store text in it. `None`: plain UTF-8.
    pub charset_safe: Option<CharsetSafe>,
    /// Which URL the mirror and Markdown renderers write for images (lead image, figures);
    /// the default keeps the page's URLs.
    pub images: ImagePolicy,
}

/// Writes `article` in `format` to `out`.
pub fn render(
    article: &Article,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> Result<()> {
    charset_safe(format, options, out, |w| {
        render_utf8(article, format, options, w)
    })
}

/// Runs `write` on `out`, through [`RenderOptions::charset_safe`]'s writer when one is set: the
/// one place both the article and the list renderers apply it.
fn charset_safe(
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
    write: impl FnOnce(&mut dyn io::Write) -> Result<()>,
) -> Result<()> {
    let Some(charset) = options.charset_safe else {
        return write(out);
    };
    let reference = match format {
        Format::Json => charset::Reference::Json,
        Format::Mirror | Format::Markdown => charset::Reference::Html,
    };
    let mut safe = charset::SafeWriter::new(out, charset, reference);
    write(&mut safe)?;
    safe.finish()?;
    Ok(())
}

fn render_utf8(
    article: &Article,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, article)?;
            out.write_all(b"\n")?;
        }
        Format::Markdown => markdown::write(article, &options.links, &options.images, out)?,
        Format::Mirror => mirror::write(
            article,
            &options.links,
            &options.mirror,
            &options.images,
            out,
        )?,
    }
    Ok(())
}

/// [`render`] into a `String`.
pub fn to_string(article: &Article, format: Format, options: &RenderOptions) -> Result<String> {
    let mut buf = Vec::new();
    render(article, format, options, &mut buf)?;
    Ok(String::from_utf8(buf).expect("renderers write UTF-8"))
}

/// Writes a list page in `format` to `out`: its mirror list file, Markdown, or the
/// [`Listing`] as JSON.
pub fn render_listing(
    listing: &Listing,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> Result<()> {
    charset_safe(format, options, out, |w| {
        listing_utf8(listing, format, options, w)
    })
}

fn listing_utf8(
    listing: &Listing,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, listing)?;
            out.write_all(b"\n")?;
        }
        Format::Markdown => list_markdown::write(listing, &options.links, out)?,
        Format::Mirror => list_mirror::write(
            listing,
            &options.links,
            options.mirror.seed.as_deref(),
            &options.images,
            out,
        )?,
    }
    Ok(())
}

/// Writes any page ([`Page`]) in `format` to `out`.
pub fn render_page(
    page: &Page,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn io::Write,
) -> Result<()> {
    match page {
        Page::Article(a) => render(a, format, options, out),
        Page::Listing(l) => render_listing(l, format, options, out),
    }
}

/// [`render_page`] into a `String`.
pub fn page_to_string(page: &Page, format: Format, options: &RenderOptions) -> Result<String> {
    let mut buf = Vec::new();
    render_page(page, format, options, &mut buf)?;
    Ok(String::from_utf8(buf).expect("renderers write UTF-8"))
}

/// [`render_listing`] into a `String`.
pub fn listing_to_string(
    listing: &Listing,
    format: Format,
    options: &RenderOptions,
) -> Result<String> {
    let mut buf = Vec::new();
    render_listing(listing, format, options, &mut buf)?;
    Ok(String::from_utf8(buf).expect("renderers write UTF-8"))
}
