//! List pages: section and category lists and their later pages, the 24-hour list, rankings,
//! tag lists, portals and the home page → [`Listing`], beside the article path.
//!
//! [`extract_page`] reads any page of the site: an article when the article extractor finds
//! one, otherwise a list page when the page is one; a page that is neither keeps the article
//! extractor's error ([`crate::Error::NotAnArticle`], [`crate::Error::NoUrl`]). What is specific
//! to the Epoch Times is data in `sites::epochtimes::lists`; the rules are
//! `list-pages-format.md` §10.3.

mod extract;
pub(crate) mod model;

use url::Url;

use crate::error::{Error, Result};
use crate::extract::ExtractOptions;
use crate::model::Edition;
use crate::sites::epochtimes::{self as site, lists as epochtimes};
use crate::sites::{PageKind, Target};
use model::{ListKind, Listing, Page};

/// Reads any page of the site (raw bytes, any charset): an article, or a list page.
///
/// The article extractor runs first, so every article reads exactly as [`crate::extract`]
/// reads it. A page it refuses (as not an article, or for want of an article URL) is read as a
/// list page when it is one: a main list (`div.post_list.left_col`, the 2015 `div#artlist`),
/// the home page, or a portal's headed sections, under a list URL (`/gb/<name>.htm`,
/// `/gb/<name>_<k>.htm`, `/gb/tag/<tag>.html`, the site root). [`ExtractOptions::url`] wins
/// over the page's canonical link, which may name page 1 on page *k*. A page that is neither
/// gets the article extractor's error.
pub fn extract_page(input: &[u8], options: &ExtractOptions) -> Result<Page> {
    let refusal = match crate::extract::extract(input, options) {
        Ok(article) => return Ok(Page::Article(article)),
        Err(e @ (Error::NotAnArticle { .. } | Error::NoUrl { .. })) => e,
        Err(e) => return Err(e),
    };
    match extract::extract(input, options)? {
        Some(listing) => Ok(Page::Listing(listing)),
        None => Err(refusal),
    }
}

/// Whether `url` names a list page of the site (a section, a later page, a tag list, the home
/// page), not an article.
#[cfg(feature = "batch")]
pub(crate) fn is_list_url(url: &str) -> bool {
    Url::parse(url)
        .ok()
        .as_ref()
        .and_then(ListUrl::parse)
        .is_some()
}

/// A list page's URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListUrl {
    pub edition: Edition,
    /// The name without the page number (`nsc413`); a tag list's tag, percent-encoded.
    pub name: String,
    pub page: u32,
    pub kind: ListKind,
    /// The URL named the site root (`/`, `/gb/`, `/b5/`) rather than a list file.
    pub root: bool,
    /// The edition came from the path (not defaulted, as for the bare root `/`).
    pub edition_known: bool,
}

impl ListUrl {
    /// Parses a list URL of the site; `None` for articles, other sites and other paths.
    pub(crate) fn parse(url: &Url) -> Option<ListUrl> {
        let Some(target) = crate::sites::classify(url) else {
            return root_of(url);
        };
        if target.site.id != site::ID {
            return None;
        }
        let page = target.page;
        let (base, number) = split_page(&page.id);
        if base.is_empty() {
            return None;
        }
        let kind = match page.kind {
            PageKind::Section => kind_of(base),
            PageKind::Tag => ListKind::Tag,
            _ => return None,
        };
        Some(ListUrl {
            edition: page.edition,
            name: base.to_string(),
            page: number,
            kind,
            root: false,
            edition_known: true,
        })
    }

    /// The canonical original URL of page `page` of this list.
    pub(crate) fn canonical(&self, page: u32) -> String {
        let ed = self.edition.as_str();
        let suffix = if page > 1 {
            format!("_{page}")
        } else {
            String::new()
        };
        match self.kind {
            ListKind::Tag => format!(
                "https://www.epochtimes.com/{ed}/tag/{}{suffix}.html",
                self.name
            ),
            _ => format!("https://www.epochtimes.com/{ed}/{}{suffix}.htm", self.name),
        }
    }
}

/// The mirror target of page `page` of a listing (for the pager and the ending), by the site's
/// URL grammar.
pub(crate) fn target_of(listing: &Listing, page: u32) -> Option<Target> {
    let file = if page > 1 {
        format!("{}_{page}.md", listing.name)
    } else {
        format!("{}.md", listing.name)
    };
    let ed = listing.edition.as_str();
    let path: Vec<&str> = match listing.kind {
        ListKind::Tag => vec![ed, "tag", &file],
        _ => vec![ed, &file],
    };
    let page = site::PROFILE.urls.mirror_page(&path)?;
    Some(Target {
        site: &site::PROFILE,
        page,
    })
}

/// `nsc413_2` → (`nsc413`, 2); `nsc413` → (`nsc413`, 1). `_1` and `_0` name page 1.
fn split_page(name: &str) -> (&str, u32) {
    if let Some((base, k)) = name.rsplit_once('_') {
        if !base.is_empty() && !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(k) = k.parse::<u32>() {
                return (base, k.max(1));
            }
        }
    }
    (name, 1)
}

fn kind_of(name: &str) -> ListKind {
    epochtimes::KINDS
        .iter()
        .find(|(p, exact, _)| {
            if *exact {
                name == *p
            } else {
                name.starts_with(p)
            }
        })
        .map_or(ListKind::Section, |(_, _, k)| *k)
}

/// The site root (`http://www.epochtimes.com`, `/gb/`, `/b5/`, `/gb/index.htm`): the home page.
fn root_of(url: &Url) -> Option<ListUrl> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?;
    if !matches!(host, "www.epochtimes.com" | "epochtimes.com") {
        return None;
    }
    let segs: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let (edition, known) = match segs.as_slice() {
        [] => (Edition::Gb, false),
        ["gb"] | ["gb", "index.htm" | "index.html"] => (Edition::Gb, true),
        ["b5"] | ["b5", "index.htm" | "index.html"] => (Edition::B5, true),
        _ => return None,
    };
    Some(ListUrl {
        edition,
        name: epochtimes::HOME_NAME.to_string(),
        page: 1,
        kind: ListKind::Home,
        root: true,
        edition_known: known,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(u: &str) -> Option<ListUrl> {
        ListUrl::parse(&Url::parse(u).unwrap())
    }

    #[test]
    fn list_urls_are_taken_apart() {
        let l = parse("https://www.epochtimes.com/gb/nsc413_2.htm").unwrap();
        assert_eq!(
            (l.name.as_str(), l.page, l.kind),
            ("nsc413", 2, ListKind::Section)
        );
        assert_eq!(l.canonical(2), "https://www.epochtimes.com/gb/nsc413_2.htm");
        assert_eq!(l.canonical(1), "https://www.epochtimes.com/gb/nsc413.htm");
        let l = parse("http://epochtimes.com/b5/nscrw413.htm").unwrap();
        assert_eq!(
            (l.edition, l.kind, l.page),
            (Edition::B5, ListKind::Ranking, 1)
        );
        assert_eq!(
            parse("https://www.epochtimes.com/gb/n24hr.htm")
                .unwrap()
                .kind,
            ListKind::Latest
        );
        assert_eq!(
            parse("https://www.epochtimes.com/gb/ncyule.htm")
                .unwrap()
                .kind,
            ListKind::Portal
        );
        assert_eq!(
            parse("https://www.epochtimes.com/gb/nf4389.htm")
                .unwrap()
                .kind,
            ListKind::Topic
        );
        let home = parse("https://www.epochtimes.com/gb/nf1351518.htm").unwrap();
        assert_eq!((home.kind, home.root), (ListKind::Home, false));
        let tag = parse("https://www.epochtimes.com/gb/tag/%E7%A8%80%E5%9C%9F_3.html").unwrap();
        assert_eq!(
            (tag.kind, tag.name.as_str(), tag.page),
            (ListKind::Tag, "%E7%A8%80%E5%9C%9F", 3)
        );
        assert_eq!(
            tag.canonical(3),
            "https://www.epochtimes.com/gb/tag/%E7%A8%80%E5%9C%9F_3.html"
        );
        for root in [
            "http://www.epochtimes.com",
            "https://www.epochtimes.com/gb/",
            "https://epochtimes.com/b5/",
        ] {
            let r = parse(root).unwrap();
            assert!(
                r.root && r.kind == ListKind::Home && r.name == "nf1351518",
                "{root}"
            );
        }
        assert_eq!(
            parse("https://epochtimes.com/b5/").unwrap().edition,
            Edition::B5
        );
        for not in [
            "https://www.epochtimes.com/gb/25/8/20/n14577375.htm",
            "https://www.ntdtv.com/gb/",
            "https://example.com/gb/nsc413.htm",
            "https://www.epochtimes.com/gb/a/b.htm",
            "https://www.epochtimes.com/gb/_2.htm",
        ] {
            assert!(parse(not).is_none(), "{not}");
        }
    }
}
