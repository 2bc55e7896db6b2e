//! A site's list pages (sections and their later pages, the latest list, rankings, tag lists,
//! portals, the home page) and its mirror's list files, as data: a [`ListProfile`] on the
//! [`SiteProfile`](super::SiteProfile) ([`SiteProfile::with_lists`](super::SiteProfile::with_lists)).
//! The list reader (`listing`) and the list renderer only interpret it; a site without one has no
//! list pages (its pages that are not articles are refused, as for every site before).

use serde::{Deserialize, Serialize};
use url::Url;

use super::{PageUrl, TemplateSet};
use crate::model::Edition;

/// Kinds of list page, by the name of the list (list-pages-format.md §1, §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ListKind {
    /// A section or category list: `nsc<N>`, `ncid<N>`, `news<N>` and other names.
    Section,
    /// The 24-hour list, `n24hr`.
    Latest,
    /// A ranking list, `nscrw<N>`.
    Ranking,
    /// A topic page, `nf<N>`.
    Topic,
    /// A tag list, `tag/<TAG>.html`.
    Tag,
    /// A portal page (`ncyule`, `nsc1002`): headings and title links.
    Portal,
    /// The home page (`nf1351518`, the site root).
    Home,
}

/// A list page as a site's [`ListGrammar`] reads its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListPage {
    /// Its script edition.
    pub edition: Edition,
    /// The list's name without the page number (`nsc413`); a tag list's tag, percent-encoded.
    pub name: String,
    /// The page number, 1 for the first page.
    pub page: u32,
    /// Which kind of list.
    pub kind: ListKind,
    /// The URL named the site root (`/`, `/gb/`) rather than a list file.
    pub root: bool,
    /// The edition came from the URL (not defaulted, as for a bare root `/`); when it did not,
    /// the page's [`ListProfile::encoding_marker`] may name it.
    pub edition_known: bool,
}

impl ListPage {
    /// Page `page` of the list `name`, its edition given by the URL.
    pub fn new(edition: Edition, name: impl Into<String>, page: u32, kind: ListKind) -> ListPage {
        ListPage {
            edition,
            name: name.into(),
            page,
            kind,
            root: false,
            edition_known: true,
        }
    }

    /// The same page, named by the site root; `edition_known`: the root's URL gave the edition.
    pub fn at_root(mut self, edition_known: bool) -> ListPage {
        self.root = true;
        self.edition_known = edition_known;
        self
    }
}

/// A site's list URLs: which URLs name list pages, and each page's canonical URL and mirror
/// file. Must agree with the site's [`UrlGrammar`](super::UrlGrammar) on the pages both name.
pub trait ListGrammar: Send + Sync {
    /// The list page an absolute URL names (query and fragment play no part); `None` for
    /// articles, other sites and other paths.
    fn list_page(&self, url: &Url) -> Option<ListPage>;

    /// Page `page` of `list` (whose own page number plays no part): its canonical original URL
    /// and its mirror file; `None` when the mirror holds no such page.
    fn page_url(&self, list: &ListPage, page: u32) -> Option<PageUrl>;

    /// The page a list item's article link names in the mirror, given the article's page: the
    /// page itself unless the site's lists link another file of it (the Epoch Times' lists in
    /// either script link the simplified-script file, list-pages-format.md §1).
    fn item_page(&self, article: PageUrl) -> PageUrl {
        article
    }
}

/// One template of the main list of a list page (list-pages-format.md §10.1, §10.3), as
/// selector strings.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListTable {
    /// Short name, used in the provenance.
    pub name: &'static str,
    /// The element that holds the main list (never a sidebar's).
    pub container: &'static str,
    /// One item inside it.
    pub item: &'static str,
    /// The item's article link, tried in order.
    pub link: &'static [&'static str],
    /// The item's excerpt block, tried in order.
    pub excerpt: &'static [&'static str],
    /// The item's date element, tried in order.
    pub date: &'static [&'static str],
    /// The class of the featured item.
    pub featured_class: &'static str,
}

impl ListTable {
    /// A list template: `container` › `item`, the item's link tried by `link`; no excerpt, no
    /// date, no featured class.
    pub const fn new(
        name: &'static str,
        container: &'static str,
        item: &'static str,
        link: &'static [&'static str],
    ) -> ListTable {
        ListTable {
            name,
            container,
            item,
            link,
            excerpt: &[],
            date: &[],
            featured_class: "",
        }
    }

    /// With the excerpt and date selectors.
    pub const fn with_fields(
        mut self,
        excerpt: &'static [&'static str],
        date: &'static [&'static str],
    ) -> ListTable {
        self.excerpt = excerpt;
        self.date = date;
        self
    }

    /// With [`ListTable::featured_class`].
    pub const fn with_featured_class(mut self, class: &'static str) -> ListTable {
        self.featured_class = class;
        self
    }
}

/// The selectors of a list page's pager (list-pages-format.md §5, §10.3 rule 9).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct PagerSelectors {
    /// A pager link; a page without one has no pager.
    pub links: &'static str,
    /// Every page number of the pager.
    pub numbers: &'static str,
    /// The current page's number.
    pub current: &'static str,
}

impl PagerSelectors {
    /// The pager's links, numbers and current number.
    pub const fn new(
        links: &'static str,
        numbers: &'static str,
        current: &'static str,
    ) -> PagerSelectors {
        PagerSelectors {
            links,
            numbers,
            current,
        }
    }
}

/// The shapes of the dates a list shows, as regular expressions, each optional.
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct DateShapes {
    /// A full date and 12-hour time (layout A): captures year, month, day, hour, minute and
    /// `AM`/`PM` (`2026年01月28日 11:13 AM`).
    pub full: Option<&'static str>,
    /// Month and day (layout B): captures month and day (`11月05日`); the year is the first at
    /// or after the item's URL date.
    pub month_day: Option<&'static str>,
    /// An ISO date with an optional time: captures year, month, day, and optionally hour and
    /// minute (`2025-08-19`).
    pub iso: Option<&'static str>,
}

impl DateShapes {
    /// No known date shape: dates are kept as text, untyped.
    pub const fn new() -> DateShapes {
        DateShapes {
            full: None,
            month_day: None,
            iso: None,
        }
    }

    /// With the full (layout A) shape.
    pub const fn with_full(mut self, re: &'static str) -> DateShapes {
        self.full = Some(re);
        self
    }

    /// With the month-and-day (layout B) shape.
    pub const fn with_month_day(mut self, re: &'static str) -> DateShapes {
        self.month_day = Some(re);
        self
    }

    /// With the ISO shape.
    pub const fn with_iso(mut self, re: &'static str) -> DateShapes {
        self.iso = Some(re);
        self
    }
}

/// How the boxes of portal and home pages are found (list-pages-format.md §7, §8).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct BoxRules {
    /// The main column around a portal's heading; its boxes are the portal's sections.
    pub main_columns: &'static [&'static str],
    /// Box headings: an element matching one of these, outside any article link and holding
    /// none, starts a new box.
    pub headings: &'static [&'static str],
    /// A box heading is at most this many characters; longer text is not one.
    pub max_heading_chars: usize,
}

impl BoxRules {
    /// Box rules: main columns, box headings and their longest length.
    pub const fn new(
        main_columns: &'static [&'static str],
        headings: &'static [&'static str],
        max_heading_chars: usize,
    ) -> BoxRules {
        BoxRules {
            main_columns,
            headings,
            max_heading_chars,
        }
    }
}

/// The home page: its list name and how the page names itself.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct HomeRules {
    /// The home page's list name (`nf1351518`): the site root is read as this list.
    pub name: &'static str,
    /// A regular expression matched against the page's text that marks it as the home page
    /// (`djy_cat_names = 'Home'`), whatever URL served it.
    pub marker: Option<&'static str>,
}

impl HomeRules {
    /// The home page is the list `name`; `marker`, when given, recognises it in the page text.
    pub const fn new(name: &'static str, marker: Option<&'static str>) -> HomeRules {
        HomeRules { name, marker }
    }
}

/// How list names decide the layout where the dates cannot (list-pages-format.md §4.4).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct LayoutNames {
    /// Lists whose name starts with one of these are shown in layout B; every other list with
    /// items in layout A. Only a cross-check and a fallback: the items' dates decide.
    pub b: &'static [&'static str],
    /// Names that are not B although a [`LayoutNames::b`] entry starts them.
    pub not_b: &'static [&'static str],
}

/// The mirror's list files: the templates and the data of their random and fixed parts.
#[derive(Debug)]
#[non_exhaustive]
pub struct ListMirror {
    /// The template parts, named as in `templates/djy/list/` (`title-row.html`, `row-a.html`,
    /// `p/item.html`, …; see the list renderer). A part not given is empty.
    pub templates: &'static TemplateSet,
    /// The hosts the random parts are drawn from, one a line; lines starting `{#` are comments.
    pub hosts: &'static str,
    /// The pager always names pages 1 to this.
    pub pager_pages: u32,
    /// The pager's current page when it is page 1.
    pub pager_current_first: &'static str,
    /// What follows each page of the pager.
    pub pager_separator: &'static str,
}

impl ListMirror {
    /// List files from these templates; no host pool, a pager of ten pages, plain separators.
    pub const fn new(templates: &'static TemplateSet) -> ListMirror {
        ListMirror {
            templates,
            hosts: "",
            pager_pages: 10,
            pager_current_first: "1 ",
            pager_separator: " ",
        }
    }

    /// With [`ListMirror::hosts`].
    pub const fn with_hosts(mut self, hosts: &'static str) -> ListMirror {
        self.hosts = hosts;
        self
    }

    /// With the pager: pages shown, page 1 when current, the separator.
    pub const fn with_pager(
        mut self,
        pages: u32,
        current_first: &'static str,
        separator: &'static str,
    ) -> ListMirror {
        self.pager_pages = pages;
        self.pager_current_first = current_first;
        self.pager_separator = separator;
        self
    }
}

/// Everything newsmirror knows of one site's list pages and its mirror's list files. Build one
/// with [`ListProfile::new`] and the `with_…` methods (all `const`).
#[non_exhaustive]
pub struct ListProfile {
    /// Which URLs name list pages.
    pub urls: &'static dyn ListGrammar,
    /// The templates of the main list, most specific first.
    pub tables: &'static [ListTable],
    /// The list heading: the nearest of these before the list.
    pub headings: &'static [&'static str],
    /// Suffixes of the `<title>` (the site's name), cut when the title stands in for a missing
    /// heading.
    pub title_suffixes: &'static [&'static str],
    /// Layout by list name.
    pub layout_names: LayoutNames,
    /// The boxes of portals and the home page; `None`: a page without a main list is no list.
    pub boxes: Option<BoxRules>,
    /// The home page; `None`: the site's lists have none.
    pub home: Option<HomeRules>,
    /// A regular expression over the page's text whose first group is the edition (`gb`,
    /// `b5`), read when the URL did not give it.
    pub encoding_marker: Option<&'static str>,
    /// A regular expression of text trailing a box link's title that is not part of it (a
    /// ranking's popularity count).
    pub title_noise: Option<&'static str>,
    /// The pager's selectors; `None`: the site's lists have no pager.
    pub pager: Option<PagerSelectors>,
    /// The date shapes.
    pub dates: DateShapes,
    /// An image source ending in this is an item's date icon, never its thumbnail.
    pub date_icon_suffix: Option<&'static str>,
    /// The mirror's list files; `None`: list pages are read but not mirrored.
    pub mirror: Option<&'static ListMirror>,
}

impl ListProfile {
    /// Lists read by these URL rules and main-list templates, and nothing else.
    pub const fn new(urls: &'static dyn ListGrammar, tables: &'static [ListTable]) -> ListProfile {
        ListProfile {
            urls,
            tables,
            headings: &[],
            title_suffixes: &[],
            layout_names: LayoutNames { b: &[], not_b: &[] },
            boxes: None,
            home: None,
            encoding_marker: None,
            title_noise: None,
            pager: None,
            dates: DateShapes::new(),
            date_icon_suffix: None,
            mirror: None,
        }
    }

    /// With the list headings and the `<title>` suffixes.
    pub const fn with_headings(
        mut self,
        headings: &'static [&'static str],
        title_suffixes: &'static [&'static str],
    ) -> ListProfile {
        self.headings = headings;
        self.title_suffixes = title_suffixes;
        self
    }

    /// With the names of layout-B lists, and the exceptions.
    pub const fn with_layout_names(
        mut self,
        b: &'static [&'static str],
        not_b: &'static [&'static str],
    ) -> ListProfile {
        self.layout_names = LayoutNames { b, not_b };
        self
    }

    /// With [`ListProfile::boxes`].
    pub const fn with_boxes(mut self, boxes: BoxRules) -> ListProfile {
        self.boxes = Some(boxes);
        self
    }

    /// With [`ListProfile::home`].
    pub const fn with_home(mut self, home: HomeRules) -> ListProfile {
        self.home = Some(home);
        self
    }

    /// With [`ListProfile::encoding_marker`].
    pub const fn with_encoding_marker(mut self, re: &'static str) -> ListProfile {
        self.encoding_marker = Some(re);
        self
    }

    /// With [`ListProfile::title_noise`].
    pub const fn with_title_noise(mut self, re: &'static str) -> ListProfile {
        self.title_noise = Some(re);
        self
    }

    /// With [`ListProfile::pager`].
    pub const fn with_pager(mut self, pager: PagerSelectors) -> ListProfile {
        self.pager = Some(pager);
        self
    }

    /// With [`ListProfile::dates`].
    pub const fn with_dates(mut self, dates: DateShapes) -> ListProfile {
        self.dates = dates;
        self
    }

    /// With [`ListProfile::date_icon_suffix`].
    pub const fn with_date_icon(mut self, suffix: &'static str) -> ListProfile {
        self.date_icon_suffix = Some(suffix);
        self
    }

    /// With the mirror's list files.
    pub const fn with_mirror(mut self, mirror: &'static ListMirror) -> ListProfile {
        self.mirror = Some(mirror);
        self
    }
}

impl std::fmt::Debug for ListProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListProfile")
            .field("tables", &self.tables)
            .finish_non_exhaustive()
    }
}
