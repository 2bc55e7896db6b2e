//! The vocabulary: what an article *is*, independent of where it came from or how it is written out.
//!
//! Every type here serialises with serde under the JSON names documented on it; the JSON renderer
//! is nothing but this serialisation.
//!
//! The types that will grow are `#[non_exhaustive]`: the structs are built with their
//! constructors ([`Article::new`], [`LeadImage::new`], [`LeadVideo::new`], [`LinkItem::new`], [`Dateline::new`],
//! [`Diagnostic::new`]) and their public fields set afterwards; a `match` on the enums
//! ([`Block`], [`Inline`], [`EmbedKind`], [`DiagnosticKind`], [`Extraction`]) needs a wildcard
//! arm. A new field or kind is then not a breaking change. Inline content is a small tree whose depth the extractor
//! bounds (see [`MAX_INLINE_DEPTH`]), so code that walks it recursively is safe.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The deepest nesting of [`Inline`] containers the extractor produces. Deeper markup on the page is
/// flattened into the container at this depth (its text is kept; only the extra emphasis is lost,
/// and a [`Diagnostic`] says so).
pub const MAX_INLINE_DEPTH: usize = 8;

/// A news article extracted from one original page.
///
/// Built by [`crate::extract`] or [`Article::from_mirror`], or by hand with [`Article::new`]:
///
/// ```
/// use newsmirror::{Article, Block, Edition, Inline, Site};
///
/// let mut article = Article::new(
///     "https://www.epochtimes.com/gb/24/3/5/n14200001.htm",
///     Site::Epochtimes,
///     Edition::Gb,
///     "n14200001",
///     "标题",
/// );
/// article.body.push(Block::Paragraph { content: vec![Inline::text("正文。")] });
/// let json = newsmirror::render::to_string(&article, newsmirror::Format::Json, &Default::default())?;
/// assert!(json.contains("\"title\": \"标题\""));
/// # Ok::<(), newsmirror::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Article {
    /// Canonical original URL (`https://www.epochtimes.com/gb/25/8/20/n14577375.htm`).
    pub url: String,
    /// The site the page belongs to.
    pub site: Site,
    /// Simplified (`gb`) or traditional (`b5`) edition. For other sites: the script of the page,
    /// from its `lang` (`zh-TW`, `zh-Hant`, `zh_TW` → `b5`).
    pub edition: Edition,
    /// The article id as it appears in the URL (`n14577375`). For other sites: the last path
    /// segment of the URL without its extension.
    pub id: String,
    /// How the article was found: with a known page layout, or by the generic fallback.
    #[serde(default)]
    pub extraction: Extraction,
    /// The headline, whitespace collapsed.
    pub title: String,
    /// The `【大纪元2025年08月20日讯】` dateline at the start of the body, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<Dateline>,
    /// Date of first publication, from the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    /// Last update, from `time[datetime]`, with the offset the page gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<FixedOffset>>,
    /// The featured image above the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_image: Option<LeadImage>,
    /// The featured video above the body, where a page shows a player instead of a lead image
    /// (a page has one or the other; the mirror of a site whose file has a lead-video form writes
    /// it there, any other mirror as the first block of the body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_video: Option<LeadVideo>,
    /// The body, block by block, in page order. The dateline paragraph and the editor line stay
    /// here as the page shows them (they are also typed in [`Article::dateline`] and
    /// [`Article::editor`]).
    pub body: Vec<Block>,
    /// The name on the `责任编辑：` / `責任編輯：` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editor: Option<String>,
    /// Tag names, in page order, without duplicates.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The article's section, from the breadcrumb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The page's related-news list (`相关新闻`), original URLs.
    #[serde(default)]
    pub related: Vec<LinkItem>,
    /// The page's hot-news list (`热门新闻`), original URLs.
    #[serde(default)]
    pub hot: Vec<LinkItem>,
    /// Everything the extractor noticed but could not place, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Where each field came from: field name → source (`selector div.arttop h1`,
    /// `meta og:title`, `url`, `fallback: …`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, String>,
    /// How the page's bytes were decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoding: Option<Decoding>,
}

impl Article {
    /// An article with what every article has, and nothing else: no dateline, dates, lead image,
    /// editor, category or decoding, an empty body, no tags, lists, diagnostics or provenance,
    /// [`Extraction::Layout`]. Set the other fields afterwards.
    pub fn new(
        url: impl Into<String>,
        site: Site,
        edition: Edition,
        id: impl Into<String>,
        title: impl Into<String>,
    ) -> Article {
        Article {
            url: url.into(),
            site,
            edition,
            id: id.into(),
            extraction: Extraction::default(),
            title: title.into(),
            dateline: None,
            published: None,
            updated: None,
            lead_image: None,
            lead_video: None,
            body: Vec::new(),
            editor: None,
            tags: Vec::new(),
            category: None,
            related: Vec::new(),
            hot: Vec::new(),
            diagnostics: Vec::new(),
            provenance: BTreeMap::new(),
            decoding: None,
        }
    }
}

/// How an article was found on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Extraction {
    /// A layout of the site's profile matched (its name is in the provenance of `body`).
    #[default]
    Layout,
    /// No layout matched: the densest block of text was taken (CJK-aware).
    Fallback,
}

/// How the page's bytes became text (made by the extractor only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decoding {
    /// The encoding used (WHATWG name: `UTF-8`, `GBK`, `gb18030`, `Big5`).
    pub encoding: String,
    /// Why: `bom`, `meta`, `utf8` (valid UTF-8, nothing declared), `utf8-over-declared` (valid
    /// UTF-8 overruling a stale declaration), `edition-default`.
    pub from: String,
    /// Malformed byte sequences replaced by U+FFFD.
    pub replacements: usize,
}

/// The news site a page belongs to: the id of its [`SiteProfile`](crate::sites::SiteProfile)
/// (`"epochtimes"`), or `"other"` for a page of a site without one. Serialised as that string.
///
/// Each registered site names its constant in its own module (`Site::Epochtimes` in
/// [`crate::sites::epochtimes`]); a user's own site is `Site::from_static(ID)` or
/// [`SiteProfile::site`](crate::sites::SiteProfile::site). Its profile, when it is a registered
/// site: `Site::profile` (in [`crate::sites`], which knows them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Site(Cow<'static, str>);

impl Site {
    /// A site without a profile, read by the fallback extractor.
    #[allow(non_upper_case_globals)]
    pub const Other: Site = Site::from_static("other");

    /// The site with this id.
    pub const fn from_static(id: &'static str) -> Site {
        Site(Cow::Borrowed(id))
    }

    /// The site with this id.
    pub fn new(id: impl Into<String>) -> Site {
        Site(Cow::Owned(id.into()))
    }

    /// The id: `"epochtimes"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Site {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Site {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Site, D::Error> {
        String::deserialize(d).map(Site::new)
    }
}

/// The script edition of a page: the `/gb/` or `/b5/` path prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Edition {
    /// Simplified Chinese.
    Gb,
    /// Traditional Chinese.
    B5,
}

impl Edition {
    /// The path segment: `"gb"` or `"b5"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::Gb => "gb",
            Edition::B5 => "b5",
        }
    }
}

/// The dateline that opens a news body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dateline {
    /// The whole bracket, e.g. `【大纪元2025年08月20日讯】`.
    pub text: String,
    /// The outlet named in it, e.g. `大纪元`.
    pub source: String,
    /// The date it gives.
    pub date: NaiveDate,
    /// The credit that follows it, e.g. `（大纪元记者王君宜综合报导）`, brackets included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

impl Dateline {
    /// A dateline without a credit.
    pub fn new(text: impl Into<String>, source: impl Into<String>, date: NaiveDate) -> Dateline {
        Dateline {
            text: text.into(),
            source: source.into(),
            date,
            credit: None,
        }
    }
}

/// The featured image and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LeadImage {
    /// Absolute image URL (the real one, never a lazy-load placeholder).
    pub src: String,
    /// Caption text, whitespace collapsed; empty when the page has none.
    #[serde(default)]
    pub caption: String,
    /// The image's alternative text, when the page gives one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt: String,
}

impl LeadImage {
    /// A lead image with its caption (empty for none) and no alternative text.
    pub fn new(src: impl Into<String>, caption: impl Into<String>) -> LeadImage {
        LeadImage {
            src: src.into(),
            caption: caption.into(),
            alt: String::new(),
        }
    }
}

/// The featured video (a player where a lead image would be) and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LeadVideo {
    /// The player's URL (the embedded resource, as a video [`Block::Embed`] names it); the
    /// article's own URL when the player is not known (read back from a mirror file, whose video
    /// block does not name it).
    pub url: String,
    /// Caption text, whitespace collapsed; empty when the page has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
}

impl LeadVideo {
    /// A lead video with its caption (empty for none).
    pub fn new(url: impl Into<String>, caption: impl Into<String>) -> LeadVideo {
        LeadVideo {
            url: url.into(),
            caption: caption.into(),
        }
    }

    /// The video as a body block: what a mirror without a lead-video form writes first in the
    /// body.
    pub fn as_block(&self) -> Block {
        Block::Embed {
            kind: EmbedKind::Video,
            url: self.url.clone(),
        }
    }
}

/// A titled link in one of the page's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LinkItem {
    /// Link text as the list shows it.
    pub title: String,
    /// Absolute original URL.
    pub url: String,
}

impl LinkItem {
    /// A link item.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> LinkItem {
        LinkItem {
            title: title.into(),
            url: url.into(),
        }
    }
}

/// One block of the body. More kinds may be added: a `match` needs a wildcard arm.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Block {
    /// A paragraph of running text.
    Paragraph {
        /// Its inline content.
        content: Vec<Inline>,
    },
    /// A subheading.
    Heading {
        /// 1 to 6, as on the page.
        level: u8,
        /// Its inline content.
        content: Vec<Inline>,
    },
    /// An image with its caption.
    Figure {
        /// Absolute image URL.
        src: String,
        /// Alternative text.
        #[serde(default)]
        alt: String,
        /// Caption, possibly with links.
        #[serde(default)]
        caption: Vec<Inline>,
        /// Where the image links to (usually the full-size file).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        link: Option<String>,
    },
    /// A bulleted or numbered list.
    List {
        /// `true` for `<ol>`.
        ordered: bool,
        /// One inline run per item.
        items: Vec<Vec<Inline>>,
    },
    /// A block quotation; paragraphs inside it are separated by [`Inline::Br`].
    Quote {
        /// Its inline content.
        content: Vec<Inline>,
    },
    /// A table, row by row, cell by cell.
    Table {
        /// The rows.
        rows: Vec<Vec<Vec<Inline>>>,
        /// The first row is a header row (`<thead>` or all `<th>` cells).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        header: bool,
    },
    /// Embedded media the mirror cannot carry (video player, tweet, other iframe).
    Embed {
        /// What it is.
        kind: EmbedKind,
        /// The embedded resource's URL.
        url: String,
    },
}

/// Kinds of embedded media.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EmbedKind {
    /// A video player (YouTube, Ganjing, the site's own player).
    Video,
    /// A tweet.
    Tweet,
    /// Anything else in an iframe.
    Other,
}

/// Inline content of a block. More kinds may be added: a `match` needs a wildcard arm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text, whitespace collapsed.
        text: String,
    },
    /// Strong emphasis (`<strong>`, `<b>`).
    Strong {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// Emphasis (`<em>`, `<i>`).
    Em {
        /// Emphasised content.
        content: Vec<Inline>,
    },
    /// A hyperlink; `href` is absolute and points at the original site.
    Link {
        /// Absolute target URL.
        href: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A line break.
    Br,
}

impl Inline {
    /// A text node.
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// Something the extractor saw but did not turn into article content, or had to guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of finding.
    pub kind: DiagnosticKind,
    /// A human-readable explanation naming the element or value.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic.
    pub fn new(kind: DiagnosticKind, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            kind,
            message: message.into(),
        }
    }
}

/// Kinds of [`Diagnostic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// Content inside the article body that has no place in the model (kept as text where it had text).
    Unplaced,
    /// Two things the page says disagree (a dateline earlier than the URL's publication date).
    Inconsistent,
    /// A value on the page that could not be parsed (a date, a URL).
    Unparsed,
    /// Markup nested deeper than the model keeps; flattened.
    Flattened,
    /// A link or image with an unsafe or unusable URL; the text is kept, the URL dropped.
    UnsafeUrl,
}

/// Concatenated plain text of inline content (links and emphasis give their text, `Br` a newline).
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    let mut stack: Vec<std::slice::Iter<'_, Inline>> = vec![content.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Inline::Text { text }) => out.push_str(text),
            Some(Inline::Br) => out.push('\n'),
            Some(
                Inline::Strong { content } | Inline::Em { content } | Inline::Link { content, .. },
            ) => stack.push(content.iter()),
        }
    }
    out
}

impl Block {
    /// The block's text, for search, comparison and reporting.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => plain_text(content),
            Block::Figure { caption, .. } => plain_text(caption),
            Block::List { items, .. } => items
                .iter()
                .map(|i| plain_text(i))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Table { rows, .. } => rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| plain_text(c))
                        .collect::<Vec<_>>()
                        .join("\t")
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Embed { .. } => String::new(),
        }
    }
}
