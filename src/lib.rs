#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
//!
//! # The pipeline
//!
//! bytes → [`decode`] → prune (the site's chrome cut at the byte level) → parse (html5ever
//! through a token filter) → extract (the site's selector tables, a fallback for unknown
//! layouts) → [`Article`] → [`render`] (mirror, Markdown, JSON) with a [`LinkMap`]. List pages
//! (sections, later pages, the 24-hour list, rankings, tag lists, portals, the home page) take
//! the same first steps into a [`Listing`] ([`extract_page`] reads either, as a [`Page`]) and
//! render as the mirror's list files ([`render::render_listing`]).
//!
//! What is true of one site is data in [`sites`]: a [`sites::SiteProfile`] per site (URL grammar,
//! page tables, chrome, mirror and templates, list pages as a [`sites::ListProfile`]), found from
//! a page's URL; the pipeline, list pages included, receives a `&'static` profile and names no
//! site. The pre-pass and the parser share only the HTML
//! vocabulary of `html`; the pre-pass (`prune/`: lexer, element classes, scan, chrome decisions)
//! is given its rules as plain data and depends on nothing else.
//!
//! Around it: [`read`] takes existing mirror files of every generation back into the model
//! ([`MirrorFile`], [`Article::from_mirror`]) and [`upgrade`] re-renders them; [`batch`] mirrors a
//! whole crawl with the options of a [`config`] file; [`warc`] reads the pages kept in web
//! archives.

#[cfg(feature = "batch")]
pub mod batch;
#[cfg(feature = "batch")]
pub mod config;
pub mod decode;
mod error;
mod extract;
mod html;
pub mod linkmap;
mod listing;
mod model;
mod parse;
mod prune;
pub mod read;
pub mod render;
pub mod sites;
pub mod upgrade;
mod url_safety;
#[cfg(feature = "warc")]
pub mod warc;

pub use error::{Error, Result};
pub use extract::ExtractOptions;
pub use linkmap::LinkMap;
pub use listing::model::{
    ListBox, ListItem, ListKind, ListLayout, Listing, Page, Pager, ShownDate,
};
pub use model::{
    Article, Block, Dateline, Decoding, Diagnostic, DiagnosticKind, Edition, EmbedKind, Extraction,
    Inline, LeadImage, LeadVideo, LinkItem, MAX_INLINE_DEPTH, Site, plain_text,
};
pub use read::MirrorFile;
pub use render::{Format, MirrorOptions, Pick, RenderOptions};

/// Reads an original article page (raw bytes, any charset) into an [`Article`].
///
/// Fails with [`Error::NotAnArticle`] for pages that are not articles (home, section and tag
/// pages, pages without a body) and with [`Error::NoUrl`] when the page names no article URL and
/// [`ExtractOptions::url`] gives none.
pub fn extract(input: &[u8], options: &ExtractOptions) -> Result<Article> {
    extract::extract(input, options)
}

/// Reads any page of the site (raw bytes, any charset) into a [`Page`]: an [`Article`], or a
/// [`Listing`] for a list page (section, later page, 24-hour, ranking, tag, portal, home).
///
/// Articles read exactly as [`extract`] reads them. A page that is neither an article nor a
/// list page gets [`extract`]'s error ([`Error::NotAnArticle`], [`Error::NoUrl`]).
pub fn extract_page(input: &[u8], options: &ExtractOptions) -> Result<Page> {
    listing::extract_page(input, options)
}
