//! Original-site URLs → mirror URLs (mirror-format.md §5).
//!
//! SKELETON: the public signatures below are fixed; the bodies are being filled in.

use url::Url;

use crate::model::Edition;

/// Where the mirrors live. The defaults reproduce the current mirror (account `1992513`); the
/// account has changed over time (`19920513` → `1992513`), so the bases are configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkMap {
    /// Base of the Epoch Times mirror, ending in `/`: `https://github.com/1992513/djy/blob/master/`.
    pub djy_base: String,
    /// Base of the NTDTV mirror, ending in `/`: `https://github.com/1992513/ntdtv/blob/master/`.
    pub ntdtv_base: String,
    /// Appended to every mirror URL: `#1` (the anchor every mirror file defines).
    pub anchor: String,
}

impl Default for LinkMap {
    fn default() -> Self {
        LinkMap {
            djy_base: "https://github.com/1992513/djy/blob/master/".into(),
            ntdtv_base: "https://github.com/1992513/ntdtv/blob/master/".into(),
            anchor: "#1".into(),
        }
    }
}

/// An Epoch Times article URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleUrl {
    /// `gb` or `b5`.
    pub edition: Edition,
    /// Full year (2001 for the `1` of `/gb/1/1/1/n28504.htm`).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// `n14577375`.
    pub id: String,
}

impl ArticleUrl {
    /// Parses `http(s)://(www.)epochtimes.com/{gb|b5}/Y/M/D/nID.htm`.
    pub fn parse(url: &Url) -> Option<ArticleUrl> {
        let _ = url;
        None
    }

    /// The canonical original URL: `https://www.epochtimes.com/gb/25/8/20/n14577375.htm`.
    pub fn canonical(&self) -> String {
        String::new()
    }

    /// The mirror file path: `gb/25/8/20/n14577375.md`.
    pub fn mirror_path(&self) -> String {
        String::new()
    }
}

impl LinkMap {
    /// The mirror URL of an original-site page, or `None` when the mirror does not hold such pages.
    pub fn mirror_url(&self, original: &Url) -> Option<String> {
        let _ = original;
        None
    }

    /// Rewrites an `href` found on a page: resolved against `base`, mapped into the mirror when the
    /// mirror holds the page, otherwise returned absolute and unchanged. `None` when it cannot be
    /// resolved.
    pub fn rewrite(&self, href: &str, base: Option<&Url>) -> Option<String> {
        let _ = (href, base);
        None
    }

    /// The original URL of a mirror URL (the inverse of [`LinkMap::mirror_url`]).
    pub fn original_url(&self, mirror: &str) -> Option<String> {
        let _ = mirror;
        None
    }
}
