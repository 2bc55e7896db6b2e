//! List pages: section and category lists and their later pages, the 24-hour list, rankings,
//! tag lists, portals and the home page → [`Listing`], beside the article path.
//!
//! [`extract_page`] reads any page of the site: an article when the article extractor finds
//! one, otherwise a list page when the page is one; a page that is neither keeps the article
//! extractor's error ([`crate::Error::NotAnArticle`], [`crate::Error::NoUrl`]). What is specific
//! to a site is data in its [`ListProfile`] (its list URLs, list templates, headings, date
//! shapes, the mirror's list files); the rules are `list-pages-format.md` §10.3.

mod extract;
pub(crate) mod model;
mod profile;

pub(crate) use profile::check;

use url::Url;

use crate::error::{Error, Result};
use crate::extract::ExtractOptions;
use crate::sites::{ListPage, ListProfile, SiteProfile, Target};
use model::{Listing, Page};

/// Reads any page of the site (raw bytes, any charset): an article, or a list page.
///
/// The article extractor runs first, so every article reads exactly as [`crate::extract`]
/// reads it. A page it refuses (as not an article, or for want of an article URL) is read as a
/// list page when it is one of a site with a list profile ([`SiteProfile::lists`]): a main list
/// by one of the profile's list templates, the home page, or a portal's headed sections, under a
/// list URL of the site. [`ExtractOptions::url`] wins over the page's canonical link, which may
/// name page 1 on page *k*. A page that is neither gets the article extractor's error.
///
/// When [`ExtractOptions::url`] names a list page (a crawl knows the URL it fetched), the list
/// reader runs first and the page is parsed once; the article extractor, which refuses every
/// list URL, runs only if the list reader finds no list, so the result is the same.
pub fn extract_page(input: &[u8], options: &ExtractOptions) -> Result<Page> {
    if given_list_url(options) {
        if let Ok(Some(listing)) = extract::extract(input, options) {
            return Ok(Page::Listing(listing));
        }
    }
    article_first(input, options)
}

/// The article extractor, then the list reader on its refusal (the order of `extract_page`
/// when no list URL is given).
fn article_first(input: &[u8], options: &ExtractOptions) -> Result<Page> {
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

/// Whether the given URL ([`ExtractOptions::url`]) names a list page of a site the options know.
fn given_list_url(options: &ExtractOptions) -> bool {
    let Some(url) = options
        .url
        .as_deref()
        .and_then(|u| Url::parse(u.trim()).ok())
    else {
        return false;
    };
    ListUrl::find(options.sites.iter().chain(crate::sites::ALL).copied(), &url).is_some()
}

/// Whether `url` names a list page of a registered site (a section, a later page, a tag list,
/// the home page), not an article.
#[cfg(feature = "batch")]
pub(crate) fn is_list_url(url: &str) -> bool {
    Url::parse(url)
        .ok()
        .and_then(|u| ListUrl::find(crate::sites::ALL.iter().copied(), &u))
        .is_some()
}

/// A list page's URL, taken apart by its site's list grammar.
#[derive(Debug, Clone)]
pub(crate) struct ListUrl {
    pub site: &'static SiteProfile,
    pub lists: &'static ListProfile,
    pub page: ListPage,
}

impl ListUrl {
    /// The list page `url` names on the first of `sites` with list pages whose grammar reads it;
    /// `None` for articles, other sites and other paths.
    pub(crate) fn find(
        sites: impl IntoIterator<Item = &'static SiteProfile>,
        url: &Url,
    ) -> Option<ListUrl> {
        sites.into_iter().find_map(|site| {
            let lists = site.lists?;
            let page = lists.urls.list_page(url)?;
            Some(ListUrl { site, lists, page })
        })
    }
}

/// The list page of a listing, as its site's list grammar names it.
fn list_page(listing: &Listing) -> ListPage {
    ListPage::new(
        listing.edition,
        listing.name.clone(),
        listing.page,
        listing.kind,
    )
}

/// The mirror target of page `page` of a listing of `site` (for the pager and the ending), by
/// the site's list grammar.
pub(crate) fn target_of(
    site: &'static SiteProfile,
    listing: &Listing,
    page: u32,
) -> Option<Target> {
    let page = site.lists?.urls.page_url(&list_page(listing), page)?;
    Some(Target { site, page })
}

/// The page a list item's article link names in the mirror: the article's own page, as its
/// site's list profile links it ([`crate::sites::ListGrammar::item_page`]).
pub(crate) fn item_target(article: Target) -> Target {
    match article.site.lists {
        Some(lists) => Target {
            site: article.site,
            page: lists.urls.item_page(article.page),
        },
        None => article,
    }
}

/// The mirror path of a listing of a registered site with list pages; `None` otherwise.
pub(crate) fn mirror_path(listing: &Listing) -> Option<String> {
    let site = listing.site.profile()?;
    Some(target_of(site, listing, listing.page)?.page.mirror_path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::{self, ListKind};

    #[test]
    fn a_given_list_url_reads_every_page_as_the_article_first_order_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut pages: Vec<_> = std::fs::read_dir(root.join("lists"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        pages.sort();
        pages.extend(
            ["section-gb-nsc413", "tag-gb-example", "djy-gb-news"]
                .map(|n| root.join("epochtimes").join(format!("{n}.html"))),
        );
        assert!(pages.len() > 10, "the list fixtures were not found");
        let mut read = 0;
        for page in &pages {
            let bytes = std::fs::read(page).unwrap();
            let own = match extract_page(&bytes, &ExtractOptions::default()) {
                Ok(Page::Listing(l)) => l.url,
                _ => "https://www.epochtimes.com/gb/nsc413.htm".to_string(),
            };
            for url in [own.as_str(), "https://www.epochtimes.com/gb/nsc413_3.htm"] {
                let options = ExtractOptions {
                    url: Some(url.to_string()),
                    ..ExtractOptions::default()
                };
                assert!(given_list_url(&options), "{url}");
                let (new, old) = (
                    extract_page(&bytes, &options),
                    article_first(&bytes, &options),
                );
                match (new, old) {
                    (Ok(Page::Listing(a)), Ok(Page::Listing(b))) => {
                        assert_eq!(a, b, "{}", page.display());
                        read += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => panic!("{}: {a:?} / {b:?}", page.display()),
                }
            }
        }
        assert!(read > 10, "too few lists read: {read}");
    }

    #[test]
    fn list_urls_are_found_on_the_sites_with_list_pages() {
        let find = |u: &str| ListUrl::find(sites::ALL.iter().copied(), &Url::parse(u).unwrap());
        let l = find("https://www.epochtimes.com/gb/nsc413_2.htm").unwrap();
        assert_eq!(l.site, sites::DEFAULT);
        assert_eq!((l.page.name.as_str(), l.page.page), ("nsc413", 2));
        assert_eq!(l.page.kind, ListKind::Section);
        // NTDTV has no list profile: its section pages are no list pages.
        assert!(find("https://www.ntdtv.com/gb/prog204").is_none());
        assert!(find("https://www.epochtimes.com/gb/25/8/20/n14577375.htm").is_none());
    }
}
