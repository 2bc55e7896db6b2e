#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
//!
//! # The pipeline
//!
//! bytes → [`decode`] → prune (the site's chrome cut at the byte level) → parse (html5ever
//! through a token filter) → extract (site profiles as
//! selector tables, a fallback for unknown layouts) → [`Article`] → [`render`] (mirror, Markdown,
//! JSON) with a [`LinkMap`].
//!
//! Around it: [`read`] takes existing mirror files of every generation back into the model
//! ([`MirrorFile`], [`Article::from_mirror`]) and [`upgrade`] re-renders them; [`batch`] mirrors a
//! whole crawl with the options of a [`config`] file; [`warc`] reads the pages kept in web
//! archives.

pub mod batch;
pub mod config;
pub mod decode;
mod error;
mod extract;
pub mod linkmap;
mod model;
mod parse;
mod prune;
pub mod read;
pub mod render;
pub mod upgrade;
mod url_safety;
pub mod warc;

pub use error::{Error, Result};
pub use extract::ExtractOptions;
pub use linkmap::LinkMap;
pub use model::{
    Article, Block, Dateline, Decoding, Diagnostic, DiagnosticKind, Edition, EmbedKind, Extraction,
    Inline, LeadImage, LinkItem, MAX_INLINE_DEPTH, Site, plain_text,
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
