//! The Epoch Times' list pages (sections, later pages, the 24-hour list, rankings, tag lists,
//! portals, the home page) and the mirror's list files, as plain tables: the list names, the
//! selectors of the list templates, the words and shapes of headings and dates, and the list
//! template files of the mirror `1992513/djy`. The code in `crate::listing` and in
//! `render::list_mirror` only interprets them. See `list-pages-format.md` of the shared material
//! (§ numbers below) for the evidence.

use url::Url;

use super::ArticleUrl;
use super::urls::Grammar;
use crate::model::Edition;
use crate::sites::{
    BoxRules, DateShapes, HomeRules, ListGrammar, ListKind, ListMirror, ListPage, ListProfile,
    ListTable, PageKind, PageUrl, PagerSelectors, TemplateSet, UrlGrammar,
};

/// The site's list pages and the mirror's list files.
pub(crate) static LISTS: ListProfile = ListProfile::new(&Lists, LIST_TABLES)
    .with_headings(HEADINGS, TITLE_SUFFIXES)
    .with_layout_names(B_PREFIXES, NOT_B_PREFIXES)
    .with_boxes(BoxRules::new(
        MAIN_COLUMNS,
        BOX_HEADINGS,
        MAX_BOX_HEADING_CHARS,
    ))
    .with_home(HomeRules::new(HOME_NAME, Some(HOME_MARKER)))
    .with_encoding_marker(ENCODING_MARKER)
    .with_title_noise(POPULARITY_SUFFIX)
    .with_pager(PagerSelectors::new(
        PAGER_LINKS,
        PAGER_NUMBERS,
        PAGER_CURRENT,
    ))
    .with_dates(
        DateShapes::new()
            .with_full(DATE_A)
            .with_month_day(DATE_B)
            .with_iso(DATE_ISO),
    )
    .with_date_icon(TIME_ICON_SUFFIX)
    .with_mirror(&MIRROR);

/// The mirror's list files (`templates/djy/list/`).
static MIRROR: ListMirror = ListMirror::new(&templates::SET)
    .with_hosts(templates::HOSTS)
    .with_pager(PAGER_PAGES, PAGER_CURRENT_FIRST, PAGER_SEPARATOR);

/// The home page's list name: `https://www.epochtimes.com/gb/nf1351518.htm` → `gb/nf1351518.md`
/// (§1). The site root (`/`, `/gb/`, `/b5/`) is the same page.
const HOME_NAME: &str = "nf1351518";

/// List kinds by name, first match wins: `(prefix, exact, kind)`; an exact entry matches the
/// whole name only (§1, §4.4).
const KINDS: &[(&str, bool, ListKind)] = &[
    (HOME_NAME, true, ListKind::Home),
    ("ncyule", true, ListKind::Portal),
    ("nsc1002", true, ListKind::Portal),
    ("n24hr", true, ListKind::Latest),
    ("nscrw", false, ListKind::Ranking),
    ("nf", false, ListKind::Topic),
];

/// Names whose lists the mirror shows in layout B (sections `nsc<N>`, categories `ncid<N>`);
/// every other list with items is A (§4.4). Only a cross-check and a fallback: the layout is
/// decided from the page's dates. `nscrw` (rankings) is A although it starts with `nsc`.
const B_PREFIXES: &[&str] = &["nsc", "ncid"];
/// Prefixes that are not B although a [`B_PREFIXES`] entry starts them.
const NOT_B_PREFIXES: &[&str] = &["nscrw"];

/// The list templates, most specific first: both reconstructed templates of §10.3 (the older
/// "djy" theme and the newer layout share the list markup), the 2015-style list and the 2015
/// b5 24-hour list (§10.1).
const LIST_TABLES: &[ListTable] = &[
    ListTable::new(
        "post_list",
        "div.post_list.left_col",
        "div.one_post",
        &["div.text > div.title > a[href]", "div.title > a[href]"],
    )
    .with_fields(
        &["div.excerpt", "div.content"],
        &["div.time", "div.date", "span.date"],
    )
    .with_featured_class("featured"),
    ListTable::new(
        "artlist (2015)",
        "div#artlist",
        "div.posts",
        &["div.arttitle > a[href]", "div.arttitle a[href]"],
    )
    .with_fields(&["div.summary", "div.excerpt"], &["div.post-date"])
    .with_featured_class("featured"),
    ListTable::new(
        "topbox (2015 b5 24-hour list)",
        "div.topbox",
        "div.arttitle",
        &["a[href]"],
    )
    .with_fields(&["div.summary"], &["div.post-date", "span.date"])
    .with_featured_class("featured"),
];

/// The list heading: the nearest of these before the list (§10.3 rule 7; `h1.cat_name` in the
/// project's fixtures, `h2.tag_name` on the 2015 tag list).
const HEADINGS: &[&str] = &[
    "div.cat_title",
    "div.block_title",
    "h1.cat_name",
    "h2.tag_name",
];

/// The main column around a portal's heading; its boxes are the portal's sections.
const MAIN_COLUMNS: &[&str] = &[
    "main.main_content",
    "div.main_content",
    "div.left",
    "div.large-8",
];

/// Box headings of portal and home pages: an element matching one of these, outside any
/// article link and holding none, starts a new box (the real 2018 home page's `focus_left_head`,
/// `focus_leftnavi_top`, `block_head`, `special-title`, `box_header` and `div.title` blocks, the
/// reconstructed templates' `block_title`, plain headings).
const BOX_HEADINGS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "div.box_header",
    "div.boxTitle",
    "div.block_title",
    "div.block_head",
    "div.title",
    "div.special-title",
    "#focus_left_head",
    "div.focus_leftnavi_top",
    "div#global_hot_navi_name",
];

/// A box heading is short; longer text in a heading element is not one.
const MAX_BOX_HEADING_CHARS: usize = 40;

/// Pager links and the current page's marker (§5, §10.3 rule 9).
const PAGER_LINKS: &str = "a.page-numbers";
const PAGER_NUMBERS: &str = ".page-numbers";
const PAGER_CURRENT: &str = ".page-numbers.current";

/// Suffixes of the `<title>` (site name), cut when the title stands in for a missing heading.
const TITLE_SUFFIXES: &[&str] = &[
    "| 大纪元",
    "| 大紀元",
    "- 大纪元",
    "- 大紀元",
    "|大纪元",
    "|大紀元",
];

/// The home page names itself in a script global (§8): `djy_cat_names = 'Home'`.
const HOME_MARKER: &str = r#"djy_cat_names\s*=\s*['"]Home['"]"#;
/// The page's edition in a script global: `var encoding = "gb"`.
const ENCODING_MARKER: &str = r#"var\s+encoding\s*=\s*['"](gb|b5)['"]"#;

/// A ranking link's trailing popularity count, which is not part of the title (§8).
const POPULARITY_SUFFIX: &str = r"\s*人[气氣]\s*[:：]?\s*[\d,]+\s*$";

/// The date shapes (§4.2, §4.3): A `2026年01月28日 11:13 AM`, B `11月05日`; a plain ISO date
/// (older lists) is typed too.
const DATE_A: &str = r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d{2})\s*([AaPp][Mm])$";
const DATE_B: &str = r"^(\d{1,2})月(\d{1,2})日$";
const DATE_ISO: &str = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$";

/// The date icon inside an A item's date element: never the thumbnail (§10.3 rule 4).
const TIME_ICON_SUFFIX: &str = "/time.gif";

/// The mirror's pager always names pages 1 to this (§5).
const PAGER_PAGES: u32 = 10;
/// One page of the pager: the current page, page 1's (with its space), a linked page.
const PAGER_CURRENT_FIRST: &str = "1 &nbsp;&nbsp;";
const PAGER_SEPARATOR: &str = "&nbsp;&nbsp;";

/// The mirror's list templates (`templates/djy/list/`): `(file, source, placeholders)`.
mod templates {
    use super::TemplateSet;

    macro_rules! entry {
        ($file:literal) => {
            (
                $file,
                include_str!(concat!("../../../templates/djy/list/", $file)),
            )
        };
    }

    /// The template files, by the names the list renderer knows.
    pub(super) static SET: TemplateSet = TemplateSet::new(&[
        entry!("anchor-nav.html"),
        entry!("text-bar.html"),
        entry!("title-row.html"),
        entry!("column-130.html"),
        entry!("row-a.html"),
        entry!("thumb-a.html"),
        entry!("row-b.html"),
        entry!("thumb-b.html"),
        entry!("pager.html"),
        entry!("ending.html"),
        entry!("p/anchor-nav.html"),
        entry!("p/text-bar.html"),
        entry!("p/title-row.html"),
        entry!("p/column-300.html"),
        entry!("p/headline.html"),
        entry!("p/heading.html"),
        entry!("p/item.html"),
        entry!("h/anchor-nav.html"),
        entry!("h/text-bar.html"),
        entry!("h/top.html"),
        entry!("h/row.html"),
        entry!("h/heading.html"),
        entry!("h/headline.html"),
        entry!("h/item.html"),
        entry!("h/more.html"),
    ]);

    /// The CloudFront hosts the random parts are drawn from: one per line after the comment.
    pub(super) const HOSTS: &str = include_str!("../../../templates/djy/list/hosts.txt");
}

/// The list URL grammar of the site (§1): `/{gb,b5}/<name>.htm` and its pages `<name>_<k>.htm`,
/// `/{gb,b5}/tag/<tag>.html` and `_<k>.html`, the site root as the home page.
struct Lists;

impl ListGrammar for Lists {
    fn list_page(&self, url: &Url) -> Option<ListPage> {
        let Some(page) = Grammar.classify(url) else {
            return root_of(url);
        };
        let (base, number) = split_page(&page.id);
        if base.is_empty() {
            return None;
        }
        let kind = match page.kind {
            PageKind::Section => kind_of(base),
            PageKind::Tag => ListKind::Tag,
            _ => return None,
        };
        Some(ListPage::new(page.edition, base, number, kind))
    }

    fn page_url(&self, list: &ListPage, page: u32) -> Option<PageUrl> {
        let file = if page > 1 {
            format!("{}_{page}.md", list.name)
        } else {
            format!("{}.md", list.name)
        };
        let ed = list.edition.as_str();
        match list.kind {
            ListKind::Tag => Grammar.mirror_page(&[ed, "tag", &file]),
            _ => Grammar.mirror_page(&[ed, &file]),
        }
    }

    /// A list in either script links the simplified-script (`gb`) file of each article (§1).
    fn item_page(&self, article: PageUrl) -> PageUrl {
        match Url::parse(&article.canonical)
            .ok()
            .as_ref()
            .and_then(ArticleUrl::parse)
        {
            Some(mut a) => {
                a.edition = Edition::Gb;
                a.page()
            }
            None => article,
        }
    }
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
    KINDS
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
fn root_of(url: &Url) -> Option<ListPage> {
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
    Some(ListPage::new(edition, HOME_NAME, 1, ListKind::Home).at_root(known))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(u: &str) -> Option<ListPage> {
        Lists.list_page(&Url::parse(u).unwrap())
    }

    fn canonical(l: &ListPage, page: u32) -> String {
        Lists.page_url(l, page).unwrap().canonical
    }

    #[test]
    fn list_urls_are_taken_apart() {
        let l = parse("https://www.epochtimes.com/gb/nsc413_2.htm").unwrap();
        assert_eq!(
            (l.name.as_str(), l.page, l.kind),
            ("nsc413", 2, ListKind::Section)
        );
        assert_eq!(
            canonical(&l, 2),
            "https://www.epochtimes.com/gb/nsc413_2.htm"
        );
        assert_eq!(canonical(&l, 1), "https://www.epochtimes.com/gb/nsc413.htm");
        assert_eq!(Lists.page_url(&l, 3).unwrap().mirror_path, "gb/nsc413_3.md");
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
            canonical(&tag, 3),
            "https://www.epochtimes.com/gb/tag/%E7%A8%80%E5%9C%9F_3.html"
        );
        assert_eq!(
            Lists.page_url(&tag, 1).unwrap().mirror_path,
            "gb/tag/%E7%A8%80%E5%9C%9F.md"
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
        assert!(!parse("http://www.epochtimes.com").unwrap().edition_known);
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

    #[test]
    fn items_link_the_simplified_script_file() {
        let b5 = Grammar
            .classify(&Url::parse("https://www.epochtimes.com/b5/24/11/4/n14363821.htm").unwrap())
            .unwrap();
        let page = Lists.item_page(b5);
        assert_eq!(page.mirror_path, "gb/24/11/4/n14363821.md");
        assert_eq!(page.edition, Edition::Gb);
    }
}
