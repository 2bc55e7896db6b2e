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
//!   hot list comes from, and what its old generator damaged ([`History`]).
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
pub mod ntdtv;
mod url_parts;

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

/// The page a URL names on one of the registered sites, if any.
pub fn classify(url: &Url) -> Option<Target> {
    classify_in(ALL.iter().copied(), url)
}

/// The page a URL names on one of `sites`, trying them in order.
pub(crate) fn classify_in(
    sites: impl IntoIterator<Item = &'static SiteProfile>,
    url: &Url,
) -> Option<Target> {
    sites.into_iter().find_map(|site| {
        site.classify(url).map(|page| Target { site, page })
    })
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

/// How a site's pages are read: its layouts and the words it uses.
#[derive(Debug)]
#[non_exhaustive]
pub struct Pages {
    /// Layouts, most specific first. The first one's time, tag, breadcrumb and boilerplate
    /// selectors are also tried on pages no layout matches.
    pub layouts: &'static [Layout],
    /// The comments that delimit the story inside the body element (`article content begin`,
    /// `article content end`); content outside them is reported.
    pub story_comments: Option<(&'static str, &'static str)>,
    /// Heading texts of the related-news list (either script).
    pub related_headings: &'static [&'static str],
    /// Heading texts of the hot-news list.
    pub hot_headings: &'static [&'static str],
    /// Heading texts of related-article blocks inside the story (old pages).
    pub inline_related_headings: &'static [&'static str],
    /// Image URLs that are lazy-load placeholders, by suffix.
    pub placeholder_suffixes: &'static [&'static str],
    /// Attributes that hold the real image URL of a lazy image, most specific first. The parser
    /// keeps only the attributes it knows ([`SiteProfile::check`] says when one is missing).
    pub lazy_src_attrs: &'static [&'static str],
    /// What the pre-pass may cut before parsing; `None`: the page is parsed whole.
    pub chrome: Option<Chrome>,
}

impl Pages {
    /// Page tables with these layouts and nothing else.
    pub const fn new(layouts: &'static [Layout]) -> Pages {
        Pages {
            layouts,
            story_comments: None,
            related_headings: &[],
            hot_headings: &[],
            inline_related_headings: &[],
            placeholder_suffixes: &[],
            lazy_src_attrs: &[],
            chrome: None,
        }
    }

    /// With [`Pages::story_comments`].
    pub const fn with_story_comments(mut self, begin: &'static str, end: &'static str) -> Pages {
        self.story_comments = Some((begin, end));
        self
    }

    /// With the related and hot lists' headings.
    pub const fn with_list_headings(
        mut self,
        related: &'static [&'static str],
        hot: &'static [&'static str],
    ) -> Pages {
        self.related_headings = related;
        self.hot_headings = hot;
        self
    }

    /// With [`Pages::inline_related_headings`].
    pub const fn with_inline_related_headings(mut self, headings: &'static [&'static str]) -> Pages {
        self.inline_related_headings = headings;
        self
    }

    /// With lazy images: placeholder suffixes and the attributes holding the real URL.
    pub const fn with_lazy_images(
        mut self,
        placeholder_suffixes: &'static [&'static str],
        src_attrs: &'static [&'static str],
    ) -> Pages {
        self.placeholder_suffixes = placeholder_suffixes;
        self.lazy_src_attrs = src_attrs;
        self
    }

    /// With chrome rules for the pre-pass.
    pub const fn with_chrome(mut self, chrome: Chrome) -> Pages {
        self.chrome = Some(chrome);
        self
    }
}

/// One page layout, as CSS selector strings, each list tried in order (the first that matches
/// wins).
#[derive(Debug)]
#[non_exhaustive]
pub struct Layout {
    /// Short name, used in provenance and diagnostics.
    pub name: &'static str,
    /// The element that holds the story.
    pub body: &'static [&'static str],
    /// The headline.
    pub title: &'static [&'static str],
    /// The update time (`time[datetime]`).
    pub time: &'static [&'static str],
    /// The featured-image block.
    pub featured: &'static [&'static str],
    /// The caption inside the featured-image block.
    pub caption: &'static [&'static str],
    /// Breadcrumb links; the last one names the category.
    pub breadcrumbs: &'static [&'static str],
    /// Tag links.
    pub tags: &'static [&'static str],
    /// Boilerplate inside the body element that is not article content.
    pub drop: &'static [&'static str],
}

impl Layout {
    /// A layout that finds the story and the headline, and nothing else.
    pub const fn new(
        name: &'static str,
        body: &'static [&'static str],
        title: &'static [&'static str],
    ) -> Layout {
        Layout {
            name,
            body,
            title,
            time: &[],
            featured: &[],
            caption: &[],
            breadcrumbs: &[],
            tags: &[],
            drop: &[],
        }
    }

    /// With [`Layout::time`].
    pub const fn with_time(mut self, time: &'static [&'static str]) -> Layout {
        self.time = time;
        self
    }

    /// With the featured-image block and its caption.
    pub const fn with_featured(
        mut self,
        featured: &'static [&'static str],
        caption: &'static [&'static str],
    ) -> Layout {
        self.featured = featured;
        self.caption = caption;
        self
    }

    /// With [`Layout::breadcrumbs`].
    pub const fn with_breadcrumbs(mut self, breadcrumbs: &'static [&'static str]) -> Layout {
        self.breadcrumbs = breadcrumbs;
        self
    }

    /// With [`Layout::tags`].
    pub const fn with_tags(mut self, tags: &'static [&'static str]) -> Layout {
        self.tags = tags;
        self
    }

    /// With [`Layout::drop`].
    pub const fn with_drop(mut self, drop: &'static [&'static str]) -> Layout {
        self.drop = drop;
        self
    }
}

/// The chrome the pre-pass cuts before parsing: elements that hold nothing the extractor reads,
/// on pages of the site's own layouts.
#[derive(Debug)]
#[non_exhaustive]
pub struct Chrome {
    /// Byte strings (ASCII case-insensitive) that only the site's article layouts carry; a page
    /// without one is parsed whole. An element whose start tag holds one is the story: nothing
    /// inside it is cut.
    pub markers: &'static [&'static str],
    /// Elements cut whole, as `tag`, `tag.class` or `tag#id`.
    pub cut: &'static [&'static str],
    /// An element that contains one of these (ASCII case-insensitive) is kept: what the extractor
    /// reads outside the story. The site's list headings and story comments are added to them.
    pub keep: &'static [&'static str],
}

impl Chrome {
    /// Chrome rules: the layout markers, the elements cut, the keep needles.
    pub const fn new(
        markers: &'static [&'static str],
        cut: &'static [&'static str],
        keep: &'static [&'static str],
    ) -> Chrome {
        Chrome { markers, cut, keep }
    }
}

/// A site's mirror: where it lives and how its files look.
#[derive(Debug)]
#[non_exhaustive]
pub struct Mirror {
    /// Short name: the repository's name on GitHub (`djy`). The configuration file sets the
    /// base as `{name}_base`.
    pub name: &'static str,
    /// The base of mirror URLs, ending in `/` (`https://github.com/1992513/djy/blob/master/`).
    pub base: &'static str,
    /// GitHub accounts that have hosted the mirror as `github.com/{account}/{name}/blob/master/`,
    /// the current one first; the link map reads mirror URLs under all of them back.
    pub accounts: &'static [&'static str],
    /// The built-in template set; `None`: the mirror's files cannot be rendered (yet).
    pub templates: Option<&'static TemplateSet>,
    /// How many editor picks a file shows.
    pub picks: usize,
    /// Where the hot list comes from.
    pub hot: HotList,
    /// Base of the image mirror ([`ImageMirror`](crate::render::ImageMirror)), if there is one.
    pub images: Option<&'static str>,
    /// What the old generator did to this mirror's files, for the reader.
    pub history: Option<&'static History>,
}

impl Mirror {
    /// A mirror at `base`, with no templates, no editor picks and the page's hot list.
    pub const fn new(name: &'static str, base: &'static str) -> Mirror {
        Mirror {
            name,
            base,
            accounts: &[],
            templates: None,
            picks: 0,
            hot: HotList::Page,
            images: None,
            history: None,
        }
    }

    /// With [`Mirror::accounts`].
    pub const fn with_accounts(mut self, accounts: &'static [&'static str]) -> Mirror {
        self.accounts = accounts;
        self
    }

    /// With a built-in template set.
    pub const fn with_templates(mut self, templates: &'static TemplateSet) -> Mirror {
        self.templates = Some(templates);
        self
    }

    /// With [`Mirror::picks`].
    pub const fn with_picks(mut self, picks: usize) -> Mirror {
        self.picks = picks;
        self
    }

    /// With [`Mirror::hot`].
    pub const fn with_hot(mut self, hot: HotList) -> Mirror {
        self.hot = hot;
        self
    }

    /// With an image mirror at `base`.
    pub const fn with_images(mut self, base: &'static str) -> Mirror {
        self.images = Some(base);
        self
    }

    /// With [`Mirror::history`].
    pub const fn with_history(mut self, history: &'static History) -> Mirror {
        self.history = Some(history);
        self
    }

    /// The configuration key of its base: `{name}_base`.
    pub fn config_key(&self) -> String {
        format!("{}_base", self.name)
    }

    /// The base under a GitHub account: `https://github.com/{account}/{name}/blob/master/`.
    pub fn github_base(&self, account: &str) -> String {
        format!("https://github.com/{account}/{}/blob/master/", self.name)
    }
}

/// Where a mirror file's hot list (`热门新闻`) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HotList {
    /// The page's own hot list.
    Page,
    /// Fixed text of the template set: the `{{hot}}` placeholder writes nothing.
    Template,
}

/// A template set, as data: `(file name, text)` of each part, named as in `templates/djy/`
/// (`page.html`, `header.html`, …, see [`Templates`](crate::render::Templates)). A part not
/// given is empty.
#[derive(Debug)]
#[non_exhaustive]
pub struct TemplateSet {
    /// The parts (simplified script, and every edition's default).
    pub files: &'static [(&'static str, &'static str)],
    /// Parts that differ in the traditional (`b5`) edition.
    pub b5: &'static [(&'static str, &'static str)],
}

impl TemplateSet {
    /// A set of these parts, the same in both editions.
    pub const fn new(files: &'static [(&'static str, &'static str)]) -> TemplateSet {
        TemplateSet { files, b5: &[] }
    }

    /// With parts for the traditional edition.
    pub const fn with_b5(mut self, b5: &'static [(&'static str, &'static str)]) -> TemplateSet {
        self.b5 = b5;
        self
    }
}

/// What a mirror's old generator did to its files (mirror-format.md §4.2, §8), as far as it
/// depends on the site: the reader undoes it.
#[derive(Debug)]
#[non_exhaustive]
pub struct History {
    /// The account of the Gen B files, named in their header (`19920513`).
    pub gen_b_account: &'static str,
    /// The account of the stale related list the generator reused across articles (`920513`).
    pub stale_related_account: &'static str,
    /// The image of the old video block, below `https://raw.githubusercontent.com/{account}/`
    /// (`djy/master/gb/300/djtsp.jpg`).
    pub video_image: &'static str,
    /// The image of the old twitter block, likewise.
    pub twitter_image: &'static str,
}

impl History {
    /// The generator's history: the Gen B and stale-list accounts, the video and twitter images.
    pub const fn new(
        gen_b_account: &'static str,
        stale_related_account: &'static str,
        video_image: &'static str,
        twitter_image: &'static str,
    ) -> History {
        History {
            gen_b_account,
            stale_related_account,
            video_image,
            twitter_image,
        }
    }
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
        let find = |made: &[(usize, &'static T)]| {
            made.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
        };
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
    fn registered_profiles_check() {
        for site in ALL {
            site.check().unwrap_or_else(|e| panic!("{}: {e}", site.id));
        }
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
