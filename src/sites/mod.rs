//! One home per site: everything newsmirror knows of one news site, as data.
//!
//! A [`SiteProfile`] holds what is true of one site and not of HTML or of mirrors in general:
//!
//! * its **URL grammar** ([`UrlGrammar`]): which of its URLs name pages a mirror holds (articles,
//!   sections, tags), their canonical form and their path in the mirror, and back;
//! * its **page layouts** ([`Pages`]): the selector tables that find each field, the chrome the
//!   pre-pass may cut, the list headings, the story's comment markers, lazy-image attributes;
//! * its **mirror** ([`Mirror`]): where the mirror lives (base URL, GitHub repository and the
//!   accounts that have hosted it), its template set, how many editor picks it shows, where its
//!   hot list comes from, and what its old generator damaged ([`History`]);
//! * its **list pages**, when they are read ([`ListProfile`], [`SiteProfile::with_lists`]): list
//!   URLs ↔ list files ([`ListGrammar`]), the main list's templates, headings, date shapes, the
//!   pager, and the mirror's list-file templates ([`ListMirror`]).
//!
//! The pipeline (`extract`, `prune`, `parse`, `render`, `read`, `batch`, the link map, the
//! configuration, the command line) receives a `&'static SiteProfile` and never names a site.
//! [`ALL`] lists the sites newsmirror knows; a user adds another by defining a `static` profile
//! (every type here has `const` constructors) and giving it to
//! [`ExtractOptions::sites`](crate::ExtractOptions::sites) and to the link map
//! ([`LinkMap::with_site`](crate::LinkMap::with_site)):
//!
//! ```
//! use newsmirror::Edition;
//! use newsmirror::sites::{
//!     Layout, Mirror, PageKind, PageUrl, Pages, SiteProfile, TemplateSet, Url, UrlGrammar,
//! };
//!
//! /// `https://news.example/story/ID.html` ↔ `story/ID.md`.
//! struct Grammar;
//!
//! impl UrlGrammar for Grammar {
//!     fn classify(&self, url: &Url) -> Option<PageUrl> {
//!         if url.host_str()? != "news.example" {
//!             return None;
//!         }
//!         let id = url.path().strip_prefix("/story/")?.strip_suffix(".html")?;
//!         self.mirror_page(&["story", &format!("{id}.md")])
//!     }
//!     fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
//!         let ["story", file] = path else { return None };
//!         let id = file.strip_suffix(".md")?;
//!         (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| {
//!             PageUrl::new(
//!                 PageKind::Article,
//!                 Edition::Gb,
//!                 id,
//!                 format!("https://news.example/story/{id}.html"),
//!                 format!("story/{id}.md"),
//!             )
//!         })
//!     }
//! }
//!
//! static PAGES: Pages = Pages::new(&[Layout::new("story", &["div.story"], &["h1"])]);
//! static TEMPLATES: TemplateSet =
//!     TemplateSet::new(&[("page.html", "<h1>{{title}}</h1>\n{{body}}\n")]);
//! static MIRROR: Mirror =
//!     Mirror::new("example", "https://mirror.example/").with_templates(&TEMPLATES);
//! static EXAMPLE: SiteProfile = SiteProfile::new("example", "Example News", "https://news.example/", &Grammar)
//!     .with_hosts(&["news.example"])
//!     .with_pages(&PAGES)
//!     .with_mirror(&MIRROR);
//!
//! assert!(EXAMPLE.check().is_ok());
//! let url = Url::parse("https://news.example/story/7.html")?;
//! assert_eq!(EXAMPLE.classify(&url).unwrap().mirror_path, "story/7.md");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod epochtimes;
mod lists;
mod mirror;
pub mod ntdtv;
mod pages;
mod url_parts;

pub use lists::{
    BoxRules, DateShapes, HomeRules, LayoutNames, ListGrammar, ListKind, ListMirror, ListPage,
    ListProfile, ListTable, PagerSelectors,
};
pub use mirror::{History, HotList, Mirror, TemplateSet};
pub use pages::{Chrome, Clock, Layout, Pages};

use std::fmt;
use std::sync::RwLock;

use chrono::NaiveDate;
/// The URL type the grammars read (the `url` crate's).
pub use url::Url;

use crate::model::{Edition, Site};

/// Every site newsmirror knows, in the order a URL is tried.
pub static ALL: &[&SiteProfile] = &[&epochtimes::PROFILE, &ntdtv::PROFILE];

/// The default site: its page tables also read pages of sites no profile names (as
/// [`Site::Other`], with the generic fallback where no layout matches), its mirror is what
/// [`Templates::default`](crate::render::Templates::default) renders and what a mirror file is
/// read back as ([`MirrorFile::parse`](crate::MirrorFile::parse)).
pub static DEFAULT: &SiteProfile = &epochtimes::PROFILE;

/// The profile of a registered site, by its id (`"epochtimes"`).
pub fn find(id: &str) -> Option<&'static SiteProfile> {
    ALL.iter().copied().find(|s| s.id == id)
}

impl Site {
    /// The profile of a registered site with this id ([`ALL`]).
    pub fn profile(&self) -> Option<&'static SiteProfile> {
        find(self.as_str())
    }
}

/// The page a URL names on one of the registered sites, if any.
pub fn classify(url: &Url) -> Option<Target> {
    classify_in(ALL.iter().copied(), url)
}

/// The page a URL names on one of `sites`, trying them in order.
pub(crate) fn classify_in(
    sites: impl IntoIterator<Item = &'static SiteProfile>,
    url: &Url,
) -> Option<Target> {
    sites
        .into_iter()
        .find_map(|site| site.classify(url).map(|page| Target { site, page }))
}

/// Everything newsmirror knows of one news site. Build one with [`SiteProfile::new`] and the
/// `with_…` methods (all `const`, so a profile can be a `static`).
#[non_exhaustive]
pub struct SiteProfile {
    /// The id the model carries ([`Article::site`](crate::Article::site)): `"epochtimes"`.
    pub id: &'static str,
    /// The name in messages: `"Epoch Times"`.
    pub name: &'static str,
    /// The site's home page; the pre-pass resolves relative links against it.
    pub home: &'static str,
    /// Domains of the site (`www.` is dropped from a URL's host before comparing): a page on one
    /// of them that is not an article is refused rather than read by the generic fallback.
    pub hosts: &'static [&'static str],
    /// Hosts of the site's images, which an image mirror holds
    /// ([`ImageMirror::default`](crate::render::ImageMirror::default)).
    pub image_hosts: &'static [&'static str],
    /// Which URLs name pages the mirror holds, and their mirror paths.
    pub urls: &'static dyn UrlGrammar,
    /// How its pages are read; `None` for a site whose pages newsmirror cannot read yet (links
    /// to it are still rewritten into its mirror).
    pub pages: Option<&'static Pages>,
    /// Its mirror; `None` for a site that is not mirrored.
    pub mirror: Option<&'static Mirror>,
    /// Its list pages and the mirror's list files; `None` for a site whose list pages are not
    /// read (they are refused as not articles).
    pub lists: Option<&'static ListProfile>,
}

impl SiteProfile {
    /// A site with a URL grammar and nothing else: no hosts, no page tables, no mirror.
    pub const fn new(
        id: &'static str,
        name: &'static str,
        home: &'static str,
        urls: &'static dyn UrlGrammar,
    ) -> SiteProfile {
        SiteProfile {
            id,
            name,
            home,
            hosts: &[],
            image_hosts: &[],
            urls,
            pages: None,
            mirror: None,
            lists: None,
        }
    }

    /// The same profile with [`SiteProfile::hosts`].
    pub const fn with_hosts(mut self, hosts: &'static [&'static str]) -> SiteProfile {
        self.hosts = hosts;
        self
    }

    /// The same profile with [`SiteProfile::image_hosts`].
    pub const fn with_image_hosts(mut self, hosts: &'static [&'static str]) -> SiteProfile {
        self.image_hosts = hosts;
        self
    }

    /// The same profile with page tables.
    pub const fn with_pages(mut self, pages: &'static Pages) -> SiteProfile {
        self.pages = Some(pages);
        self
    }

    /// The same profile with a mirror.
    pub const fn with_mirror(mut self, mirror: &'static Mirror) -> SiteProfile {
        self.mirror = Some(mirror);
        self
    }

    /// The same profile with list pages.
    pub const fn with_lists(mut self, lists: &'static ListProfile) -> SiteProfile {
        self.lists = Some(lists);
        self
    }

    /// The id as the model carries it.
    pub fn site(&self) -> Site {
        Site::from_static(self.id)
    }

    /// The page `url` names on this site, when the mirror holds such pages.
    pub fn classify(&self, url: &Url) -> Option<PageUrl> {
        self.urls.classify(url)
    }

    /// Whether `url` is on this site: a page it classifies, or any URL on one of its
    /// [`SiteProfile::hosts`].
    pub fn owns(&self, url: &Url) -> bool {
        self.classify(url).is_some()
            || url.host_str().is_some_and(|h| {
                let h = h.strip_prefix("www.").unwrap_or(h);
                self.hosts.contains(&h)
            })
    }
}

impl fmt::Debug for SiteProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteProfile")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Profiles are told apart by their id.
impl PartialEq for SiteProfile {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for SiteProfile {}

/// A site's URL grammar: its URLs ↔ paths in its mirror, both directions.
///
/// `classify(url)` and `mirror_page(path)` must agree: the page `classify` finds has a
/// [`PageUrl::mirror_path`] that `mirror_page` maps back to the same page, and its
/// [`PageUrl::canonical`] classifies to it again.
pub trait UrlGrammar: Send + Sync {
    /// The page an absolute URL names, when the mirror holds such pages (query and fragment play
    /// no part); `None` for anything else.
    fn classify(&self, url: &Url) -> Option<PageUrl>;

    /// The page a path in the mirror names: `path` is the path below the mirror's base, split at
    /// `/`, still percent-encoded (`["gb", "25", "8", "20", "n14577375.md"]`).
    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl>;
}

/// What a page of a site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageKind {
    /// An article.
    Article,
    /// A list page: a section, a topic, a later page of a list.
    Section,
    /// A tag page.
    Tag,
}

/// A page of a site, as its URL grammar reads a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageUrl {
    /// What the page is.
    pub kind: PageKind,
    /// Its script edition.
    pub edition: Edition,
    /// The article id (`n14577375`), the section's name (`nsc413_2`) or the tag (percent-encoded).
    pub id: String,
    /// The date the URL gives (an article's first publication), when it gives one.
    pub date: Option<NaiveDate>,
    /// The canonical original URL.
    pub canonical: String,
    /// The path of the mirror file below the mirror's base (`gb/25/8/20/n14577375.md`).
    pub mirror_path: String,
}

impl PageUrl {
    /// A page without a date.
    pub fn new(
        kind: PageKind,
        edition: Edition,
        id: impl Into<String>,
        canonical: impl Into<String>,
        mirror_path: impl Into<String>,
    ) -> PageUrl {
        PageUrl {
            kind,
            edition,
            id: id.into(),
            date: None,
            canonical: canonical.into(),
            mirror_path: mirror_path.into(),
        }
    }

    /// The same page with the date its URL gives.
    pub fn with_date(mut self, date: NaiveDate) -> PageUrl {
        self.date = Some(date);
        self
    }

    /// Whether it is an article.
    pub fn is_article(&self) -> bool {
        self.kind == PageKind::Article
    }
}

/// A page of a known site: the site and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The site.
    pub site: &'static SiteProfile,
    /// The page.
    pub page: PageUrl,
}

/// Data made once per site profile and kept for the life of the program (compiled selectors,
/// template sets, regexes): a profile is `&'static`, so what is made from it may be too. Each
/// profile's data is made once and leaked; there are as many as there are profiles.
pub(crate) struct PerSite<T: 'static> {
    made: RwLock<Vec<(usize, &'static T)>>,
}

impl<T: Send + Sync + 'static> PerSite<T> {
    pub(crate) const fn new() -> PerSite<T> {
        PerSite {
            made: RwLock::new(Vec::new()),
        }
    }

    /// The data of `site`, made by `make` the first time.
    pub(crate) fn get(
        &self,
        site: &'static SiteProfile,
        make: impl FnOnce(&'static SiteProfile) -> T,
    ) -> &'static T {
        let key = std::ptr::from_ref(site) as usize;
        let find =
            |made: &[(usize, &'static T)]| made.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        if let Some(v) = find(&self.made.read().unwrap_or_else(|e| e.into_inner())) {
            return v;
        }
        let mut made = self.made.write().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = find(&made) {
            return v;
        }
        let v: &'static T = Box::leak(Box::new(make(site)));
        made.push((key, v));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_found() {
        for (i, site) in ALL.iter().enumerate() {
            assert!(ALL[..i].iter().all(|s| s.id != site.id), "{}", site.id);
            assert_eq!(find(site.id), Some(*site));
            assert_eq!(site.site().as_str(), site.id);
        }
        assert_eq!(find("other"), None);
        assert!(ALL.contains(&DEFAULT));
    }

    #[test]
    fn per_site_data_is_made_once() {
        static CACHE: PerSite<String> = PerSite::new();
        let mut made = 0;
        for _ in 0..3 {
            for site in ALL {
                let v = CACHE.get(site, |s| {
                    made += 1;
                    s.id.to_string()
                });
                assert_eq!(v, site.id);
            }
        }
        assert_eq!(made, ALL.len());
    }
}
