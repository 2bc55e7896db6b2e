//! The vocabulary of list pages: what a section, 24-hour, ranking, tag, portal or home page
//! *is*, beside [`crate::Article`]. The same conventions as the article model: the JSON renderer
//! is this serialisation, empty optional fields are left out, and the types that will grow are
//! `#[non_exhaustive]` — the structs are built with their constructors ([`Listing::new`],
//! [`ListItem::new`], [`ListBox::new`], [`ShownDate::new`], [`Pager::new`]) and their public
//! fields set afterwards; a `match` on the enums needs a wildcard arm.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::model::{Article, Decoding, Diagnostic, Edition, Site};
/// The kinds of list page are site vocabulary ([`crate::sites`]), named here too.
pub use crate::sites::ListKind;

/// One list page of the site: a section or category list and its later pages, the 24-hour list,
/// a ranking, a tag list, a portal or the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Listing {
    /// Canonical original URL of this page, page number included
    /// (`https://www.epochtimes.com/gb/nsc413_2.htm`; the home page is
    /// `https://www.epochtimes.com/gb/nf1351518.htm` whatever address served it).
    pub url: String,
    /// The site the page belongs to.
    pub site: Site,
    /// Simplified (`gb`) or traditional (`b5`) edition of the page.
    pub edition: Edition,
    /// The list's name without its page number: `nsc413`, `n24hr`, `nscrw413`; for a tag list,
    /// the tag as percent-encoded UTF-8 (`%E7%A8%80%E5%9C%9F`).
    pub name: String,
    /// Which kind of list, from its name.
    pub kind: ListKind,
    /// The page number, 1 for the first page (`_2` in the URL is page 2).
    pub page: u32,
    /// The list heading the page shows above its items (not the `<title>`, which may differ:
    /// page 2 of a section can show a ranking heading).
    pub heading: String,
    /// The page's `<title>`, whitespace collapsed, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_title: Option<String>,
    /// Which body layout the mirror file has, decided from the page.
    pub layout: ListLayout,
    /// The rows of the main list, in page order (layouts A and B). Empty for P and H, whose
    /// links are in [`Listing::boxes`].
    #[serde(default)]
    pub items: Vec<ListItem>,
    /// Headed groups of links, in page order (layouts P and H): a portal's headline and
    /// sections, a home page's boxes. The first box may have an empty heading (the headline).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<ListBox>,
    /// The page's pager, when it has one (ranking pages and the 24-hour list have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pager: Option<Pager>,
    /// Everything the extractor noticed but could not place, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Where each field came from: field name → source.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub provenance: BTreeMap<String, String>,
    /// How the page's bytes were decoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decoding: Option<Decoding>,
}

/// The body layout of a list file (list-pages-format.md §0, §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ListLayout {
    /// "Post list": title, 150-px thumbnail, excerpt, full date and time.
    A,
    /// "Section": 250-px thumbnail, title, excerpt, `MM月DD日`.
    B,
    /// "Portal": a headline, section headings and bare title links.
    P,
    /// The home page: columns of boxes.
    H,
}

/// One item of a list: an article link and what the list shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListItem {
    /// The title as the list shows it, whitespace collapsed.
    pub title: String,
    /// Absolute original article URL (a traditional-script list links `/b5/` articles; the
    /// mirror renders them as their `gb` files).
    pub url: String,
    /// Absolute thumbnail URL (never a lazy-load placeholder), when the item shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    /// The excerpt as the page shows it, trimmed, line breaks kept, with any `...` the site
    /// appended.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub excerpt: String,
    /// The displayed date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<ShownDate>,
    /// The page's featured item (first on page 1, with a larger image).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

/// A date as a list shows it, and typed where it parses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ShownDate {
    /// The text, trimmed: `2026年01月28日 11:13 AM`, `11月05日`.
    pub text: String,
    /// The calendar date. A date shown without a year (`11月05日`) takes the first year at or
    /// after the item's URL date, since a list shows an article on or after its publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The time of day, when the text has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<NaiveTime>,
}

/// A headed group of links (portal sections, home-page boxes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ListBox {
    /// The heading text; empty for links before the first heading.
    pub heading: String,
    /// Where the heading links to (a section's list page), when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub more: Option<String>,
    /// The box's article links, in page order (a thumbnail and a title link to the same
    /// article next to each other are one item; the same article further apart is listed again).
    pub items: Vec<ListItem>,
}

/// A list page's pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pager {
    /// This page's number.
    pub current: u32,
    /// The last page number the pager names, when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<u32>,
}

/// Any page of the site, as [`crate::extract_page`] read it.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
#[non_exhaustive]
pub enum Page {
    /// An article page.
    Article(Article),
    /// A list page.
    Listing(Listing),
}

impl Page {
    /// `"article"` or `"list"`, for messages and reports.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Page::Article(_) => "article",
            Page::Listing(_) => "list",
        }
    }

    /// The page's canonical original URL.
    pub fn url(&self) -> &str {
        match self {
            Page::Article(a) => &a.url,
            Page::Listing(l) => &l.url,
        }
    }
}

impl Listing {
    /// Every item of the page, the main list's and the boxes', in page order.
    pub fn all_items(&self) -> impl Iterator<Item = &ListItem> {
        self.items
            .iter()
            .chain(self.boxes.iter().flat_map(|b| b.items.iter()))
    }

    /// The path of the list file in the mirror, relative to its base: `gb/nsc413_2.md`,
    /// `gb/tag/%E7%A8%80%E5%9C%9F.md`, by the list grammar of its site
    /// ([`SiteProfile::lists`](crate::sites::SiteProfile::lists)). A listing of a site that is
    /// not registered, or has no list pages, gets `{edition}/[tag/]{name}[_{page}].md`.
    pub fn mirror_path(&self) -> String {
        if let Some(path) = super::mirror_path(self) {
            return path;
        }
        let suffix = if self.page > 1 {
            format!("_{}", self.page)
        } else {
            String::new()
        };
        let dir = if self.kind == ListKind::Tag {
            "tag/"
        } else {
            ""
        };
        format!("{}/{dir}{}{suffix}.md", self.edition.as_str(), self.name)
    }
}

impl Listing {
    /// A listing with what every listing has: no page title, items, boxes, pager, diagnostics,
    /// provenance or decoding. Set the other fields afterwards.
    pub fn new(
        url: impl Into<String>,
        edition: Edition,
        name: impl Into<String>,
        kind: ListKind,
        page: u32,
        heading: impl Into<String>,
        layout: ListLayout,
    ) -> Listing {
        Listing {
            url: url.into(),
            site: Site::Epochtimes,
            edition,
            name: name.into(),
            kind,
            page,
            heading: heading.into(),
            page_title: None,
            layout,
            items: Vec::new(),
            boxes: Vec::new(),
            pager: None,
            diagnostics: Vec::new(),
            provenance: BTreeMap::new(),
            decoding: None,
        }
    }
}

impl ListItem {
    /// An item with a title and an article URL, and nothing else.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> ListItem {
        ListItem {
            title: title.into(),
            url: url.into(),
            thumbnail: None,
            excerpt: String::new(),
            date: None,
            featured: false,
        }
    }
}

impl ShownDate {
    /// A displayed date that is not typed.
    pub fn new(text: impl Into<String>) -> ShownDate {
        ShownDate {
            text: text.into(),
            date: None,
            time: None,
        }
    }
}

impl ListBox {
    /// An empty box under a heading.
    pub fn new(heading: impl Into<String>) -> ListBox {
        ListBox {
            heading: heading.into(),
            more: None,
            items: Vec::new(),
        }
    }
}

impl Pager {
    /// A pager on page `current`, naming no last page.
    pub fn new(current: u32) -> Pager {
        Pager {
            current,
            last: None,
        }
    }
}
