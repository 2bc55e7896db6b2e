#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]
//!
//! # The pipeline
//!
//! bytes → [`decode`] → parse (`scraper`) → extract (site profiles) → [`Article`] → [`render`]
//! (mirror, Markdown, JSON) with a [`LinkMap`].

pub mod batch;
pub mod config;
pub mod decode;
mod error;
mod extract;
pub mod linkmap;
mod model;
mod parse;
pub mod read;
pub mod render;
pub mod upgrade;

pub use error::{Error, Result};
pub use extract::ExtractOptions;
pub use linkmap::LinkMap;
pub use model::*;
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
