//! What a run tells afterwards: failures, the links whose mirror files are missing, the report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use crate::error::Error;
use crate::listing::model::Listing;
use crate::model::{Article, Block, Inline};
use crate::url_safety::resolve_href;

/// Why a page failed; the stable names are those of the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum FailureKind {
    /// The file (or a directory of the input) could not be read.
    Read,
    /// Larger than the limit ([`super::BatchOptions::max_page_bytes`]).
    TooLarge,
    /// A `.gz` page that does not decompress.
    Gzip,
    /// The page is empty.
    Empty,
    /// Not an article page (a section, tag or home page, or no body).
    NotAnArticle,
    /// No usable article URL: the page names none and no `--urls` entry gives one.
    NoUrl,
    /// An article the mirror has no file for (another site's).
    NotMirrorable,
    /// The output path is not a plain path inside the output directory, or goes through a
    /// symbolic link there.
    UnsafePath,
    /// Another input of the same article comes first (in path order) and is the one mirrored.
    Duplicate,
    /// Rendering failed.
    Render,
    /// Writing the output failed.
    Write,
    /// A page record of a web archive that was not kept whole (`WARC-Truncated`, fewer bytes
    /// than its `Content-Length`, a file cut inside it).
    Truncated,
    /// A web archive that cannot be read on (not WARC, a broken gzip member), or a page
    /// record whose HTTP message cannot be read.
    Warc,
    /// The conversion panicked: a bug in newsmirror, reported as this page's failure so that
    /// the run goes on. Please report the page.
    Internal,
}

impl FailureKind {
    /// The name used in the report and the summary (`not-an-article`).
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Read => "read",
            FailureKind::TooLarge => "too-large",
            FailureKind::Gzip => "gzip",
            FailureKind::Empty => "empty",
            FailureKind::NotAnArticle => "not-an-article",
            FailureKind::NoUrl => "no-url",
            FailureKind::NotMirrorable => "not-mirrorable",
            FailureKind::UnsafePath => "unsafe-path",
            FailureKind::Duplicate => "duplicate",
            FailureKind::Render => "render",
            FailureKind::Write => "write",
            FailureKind::Truncated => "truncated",
            FailureKind::Warc => "warc",
            FailureKind::Internal => "internal",
        }
    }

    /// The kind of an extraction error.
    pub(crate) fn of_extract(e: &Error) -> FailureKind {
        match e {
            Error::Empty => FailureKind::Empty,
            Error::NotAnArticle { .. } => FailureKind::NotAnArticle,
            Error::NoUrl { .. } | Error::InvalidUrl { .. } => FailureKind::NoUrl,
            Error::NotMirrorable { .. } => FailureKind::NotMirrorable,
            Error::UnsafePath { .. } => FailureKind::UnsafePath,
            Error::TooLarge { .. } => FailureKind::TooLarge,
            _ => FailureKind::Render,
        }
    }
}

impl std::fmt::Display for FailureKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One page that was not mirrored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Failure {
    /// The input, relative to the input directory.
    pub input: PathBuf,
    /// Why, as a stable name.
    pub reason: FailureKind,
    /// The error message (one line).
    pub message: String,
}

/// An article (of any site newsmirror converts) linked from a converted page whose mirror file
/// is neither in the output directory nor written by this run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct MissingLink {
    /// The canonical original URL: what to fetch.
    pub url: String,
    /// Where its mirror file would go, relative to the output directory: in its own site's tree
    /// ([`BatchOptions::root_of`](super::BatchOptions::root_of)).
    pub mirror_path: String,
    /// How many converted pages link to it.
    pub referrers: usize,
}

/// The article links of an article to the sites newsmirror converts (its own and the others:
/// an Epoch Times page links NTDTV articles and back): body links (paragraphs, headings, lists,
/// quotes, tables, figure captions and links), related and hot lists. Canonical URL → mirror
/// path (with `.md`) below the output directory, in the linked site's tree (`root_of`, as
/// [`BatchOptions::root_of`](super::BatchOptions::root_of)), without the article itself.
pub(crate) fn article_links(
    article: &Article,
    root_of: impl Fn(&crate::sites::SiteProfile) -> String,
) -> BTreeMap<String, String> {
    let mut hrefs: Vec<&str> = Vec::new();
    let mut stack: Vec<std::slice::Iter<'_, Inline>> = Vec::new();
    for block in &article.body {
        match block {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => stack.push(content.iter()),
            Block::Figure { caption, link, .. } => {
                stack.push(caption.iter());
                hrefs.extend(link.as_deref());
            }
            Block::List { items, .. } => stack.extend(items.iter().map(|i| i.iter())),
            Block::Table { rows, .. } => {
                stack.extend(rows.iter().flatten().map(|c| c.iter()));
            }
            Block::Embed { .. } => {}
        }
    }
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Inline::Link { href, content }) => {
                hrefs.push(href);
                stack.push(content.iter());
            }
            Some(Inline::Strong { content } | Inline::Em { content }) => {
                stack.push(content.iter());
            }
            Some(Inline::Text { .. } | Inline::Br) => {}
        }
    }
    hrefs.extend(article.related.iter().map(|l| l.url.as_str()));
    hrefs.extend(article.hot.iter().map(|l| l.url.as_str()));

    let mut out = BTreeMap::new();
    for href in hrefs {
        let Some(url) = resolve_href(href, None) else {
            continue;
        };
        // Articles of any site whose pages can be converted, each in its own site's tree.
        let Some(target) = crate::sites::classify(&url) else {
            continue;
        };
        if target.page.is_article() && target.site.pages.is_some() {
            let page = target.page;
            if page.canonical != article.url {
                let path = match root_of(target.site) {
                    root if root.is_empty() => page.mirror_path,
                    root => format!("{root}/{}", page.mirror_path),
                };
                out.insert(page.canonical, path);
            }
        }
    }
    out
}

/// The article links of a list page, as the list file links them: original URL → the mirror
/// path of the file its list links (a traditional-script Epoch Times list links its articles' gb
/// files, list-pages-format.md §1; [`crate::sites::ListGrammar::item_page`]).
pub(crate) fn listing_links(listing: &Listing) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in listing.all_items() {
        let Some(url) = resolve_href(&item.url, None) else {
            continue;
        };
        // An article of the list's own site, by the mirror file its list links.
        let Some(target) = crate::sites::classify(&url)
            .filter(|t| t.page.is_article() && t.site.id == listing.site.as_str())
        else {
            continue;
        };
        let canonical = target.page.canonical.clone();
        out.insert(
            canonical,
            crate::listing::item_target(target).page.mirror_path,
        );
    }
    out
}

/// The JSON report: counts and one entry per failure.
#[derive(Debug, Serialize)]
pub(crate) struct Report<'a> {
    pub pages: usize,
    pub converted: usize,
    pub unchanged: usize,
    /// Of the pages converted and unchanged, the list pages (the others are articles).
    pub converted_lists: usize,
    pub unchanged_lists: usize,
    pub failed: usize,
    pub failed_by_reason: BTreeMap<FailureKind, usize>,
    pub interrupted: bool,
    pub ignored_symlinks: &'a [PathBuf],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped_records: &'a BTreeMap<&'static str, usize>,
    pub missing_links: usize,
    pub failures: &'a [Failure],
}

/// `url<TAB>mirror_path<TAB>referrers` lines.
pub(crate) fn missing_tsv(missing: &[MissingLink]) -> String {
    let mut out = String::new();
    for m in missing {
        let _ = writeln!(out, "{}\t{}\t{}", m.url, m.mirror_path, m.referrers);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edition, Extraction, LinkItem, Site};

    #[test]
    fn links_of_every_kind_are_collected_without_recursion() {
        let link = |href: &str| Inline::Link {
            href: href.into(),
            content: vec![Inline::text("x")],
        };
        // Deeply nested emphasis around a link: walked with a stack.
        let mut deep = link("https://www.epochtimes.com/gb/24/1/2/n3.htm");
        for _ in 0..500 {
            deep = Inline::Em {
                content: vec![deep],
            };
        }
        let article = Article {
            url: "https://www.epochtimes.com/gb/25/8/20/n1.htm".into(),
            site: Site::Epochtimes,
            edition: Edition::Gb,
            id: "n1".into(),
            extraction: Extraction::Layout,
            title: "t".into(),
            dateline: None,
            published: None,
            updated: None,
            lead_image: None,
            lead_video: None,
            body: vec![
                Block::Paragraph {
                    content: vec![
                        link("http://epochtimes.com/gb/24/01/01/n2.htm?utm=x#c"),
                        link("https://www.epochtimes.com/gb/25/8/20/n1.htm"),
                        link("https://www.epochtimes.com/gb/nsc413.htm"),
                        link("https://www.ntdtv.com/gb/2024/05/03/a1.html"),
                        link("https://example.org/"),
                        link("not a url"),
                    ],
                },
                Block::Paragraph {
                    content: vec![deep],
                },
                Block::Table {
                    rows: vec![vec![vec![link(
                        "https://www.epochtimes.com/b5/24/1/4/n5.htm",
                    )]]],
                    header: false,
                },
                Block::Figure {
                    src: "https://i.epochtimes.com/a.jpg".into(),
                    alt: String::new(),
                    caption: vec![],
                    link: Some("https://www.epochtimes.com/gb/24/1/6/n7.htm".into()),
                },
            ],
            editor: None,
            tags: vec![],
            category: None,
            related: vec![LinkItem {
                title: "r".into(),
                url: "https://www.epochtimes.com/gb/24/1/8/n9.htm".into(),
            }],
            hot: vec![LinkItem {
                title: "h".into(),
                url: "https://www.epochtimes.com/gb/24/1/2/n3.htm".into(),
            }],
            diagnostics: vec![],
            provenance: Default::default(),
            decoding: None,
        };
        let links = article_links(&article, |s| {
            crate::batch::BatchOptions::default().root_of(s)
        });
        assert_eq!(
            links.keys().collect::<Vec<_>>(),
            [
                "https://www.epochtimes.com/b5/24/1/4/n5.htm",
                "https://www.epochtimes.com/gb/24/1/1/n2.htm",
                "https://www.epochtimes.com/gb/24/1/2/n3.htm",
                "https://www.epochtimes.com/gb/24/1/6/n7.htm",
                "https://www.epochtimes.com/gb/24/1/8/n9.htm",
                "https://www.ntdtv.com/gb/2024/05/03/a1.html",
            ]
        );
        assert_eq!(
            links["https://www.epochtimes.com/gb/24/1/1/n2.htm"],
            "gb/24/1/1/n2.md"
        );
        // Another site's article: in that site's tree.
        assert_eq!(
            links["https://www.ntdtv.com/gb/2024/05/03/a1.html"],
            "ntdtv/gb/2024/05/03/a1.md"
        );
    }
}
