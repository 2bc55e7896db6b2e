//! The Epoch Times' list pages (sections, later pages, the 24-hour list, rankings, tag lists,
//! portals, the home page) and the mirror's list files, as plain tables: the list names, the
//! selectors of the list templates, the words and shapes of headings and dates, and the list
//! template files of the mirror `1992513/djy`. The code in `crate::listing` and in
//! `render::list_mirror` only interprets them. See `list-pages-format.md` of the shared material
//! (§ numbers below) for the evidence.

use crate::listing::model::ListKind;

/// The home page's list name: `https://www.epochtimes.com/gb/nf1351518.htm` → `gb/nf1351518.md`
/// (§1). The site root (`/`, `/gb/`, `/b5/`) is the same page.
pub(crate) const HOME_NAME: &str = "nf1351518";

/// List kinds by name, first match wins: `(prefix, exact, kind)`; an exact entry matches the
/// whole name only (§1, §4.4).
pub(crate) const KINDS: &[(&str, bool, ListKind)] = &[
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
pub(crate) const B_PREFIXES: &[&str] = &["nsc", "ncid"];
/// Prefixes that are not B although a [`B_PREFIXES`] entry starts them.
pub(crate) const NOT_B_PREFIXES: &[&str] = &["nscrw"];

/// One template of the main list of a list page (§10.1, §10.3), as selector strings.
pub(crate) struct ListTable {
    /// Short name, used in the provenance.
    pub name: &'static str,
    /// The element that holds the main list (never a sidebar's `right_col`).
    pub container: &'static str,
    /// One item inside it.
    pub item: &'static str,
    /// The item's article link, tried in order.
    pub link: &'static [&'static str],
    /// The item's excerpt block.
    pub excerpt: &'static [&'static str],
    /// The item's date element.
    pub date: &'static [&'static str],
    /// The class of the featured item.
    pub featured_class: &'static str,
}

/// The list templates, most specific first: both reconstructed templates of §10.3 (the older
/// "djy" theme and the newer layout share the list markup), the 2015-style list and the 2015
/// b5 24-hour list (§10.1).
pub(crate) const LIST_TABLES: &[ListTable] = &[
    ListTable {
        name: "post_list",
        container: "div.post_list.left_col",
        item: "div.one_post",
        link: &["div.text > div.title > a[href]", "div.title > a[href]"],
        excerpt: &["div.excerpt", "div.content"],
        date: &["div.time", "div.date", "span.date"],
        featured_class: "featured",
    },
    ListTable {
        name: "artlist (2015)",
        container: "div#artlist",
        item: "div.posts",
        link: &["div.arttitle > a[href]", "div.arttitle a[href]"],
        excerpt: &["div.summary", "div.excerpt"],
        date: &["div.post-date"],
        featured_class: "featured",
    },
    ListTable {
        name: "topbox (2015 b5 24-hour list)",
        container: "div.topbox",
        item: "div.arttitle",
        link: &["a[href]"],
        excerpt: &["div.summary"],
        date: &["div.post-date", "span.date"],
        featured_class: "featured",
    },
];

/// The list heading: the nearest of these before the list (§10.3 rule 7; `h1.cat_name` in the
/// project's fixtures, `h2.tag_name` on the 2015 tag list).
pub(crate) const HEADINGS: &[&str] = &[
    "div.cat_title",
    "div.block_title",
    "h1.cat_name",
    "h2.tag_name",
];

/// The main column around a portal's heading; its boxes are the portal's sections.
pub(crate) const MAIN_COLUMNS: &[&str] = &[
    "main.main_content",
    "div.main_content",
    "div.left",
    "div.large-8",
];

/// Box headings of portal and home pages: an element matching one of these, outside any
/// article link and holding none, starts a new box (the real 2018 home page's `focus_left_head`,
/// `focus_leftnavi_top`, `block_head`, `special-title`, `box_header` and `div.title` blocks, the
/// reconstructed templates' `block_title`, plain headings).
pub(crate) const BOX_HEADINGS: &[&str] = &[
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
pub(crate) const MAX_BOX_HEADING_CHARS: usize = 40;

/// Pager links and the current page's marker (§5, §10.3 rule 9).
pub(crate) const PAGER_LINKS: &str = "a.page-numbers";
pub(crate) const PAGER_NUMBERS: &str = ".page-numbers";
pub(crate) const PAGER_CURRENT: &str = ".page-numbers.current";

/// Suffixes of the `<title>` (site name), cut when the title stands in for a missing heading.
pub(crate) const TITLE_SUFFIXES: &[&str] = &[
    "| 大纪元",
    "| 大紀元",
    "- 大纪元",
    "- 大紀元",
    "|大纪元",
    "|大紀元",
];

/// The home page names itself in a script global (§8): `djy_cat_names = 'Home'`.
pub(crate) const HOME_MARKER: &str = r#"djy_cat_names\s*=\s*['"]Home['"]"#;
/// The page's edition in a script global: `var encoding = "gb"`.
pub(crate) const ENCODING_MARKER: &str = r#"var\s+encoding\s*=\s*['"](gb|b5)['"]"#;

/// A ranking link's trailing popularity count, which is not part of the title (§8).
pub(crate) const POPULARITY_SUFFIX: &str = r"\s*人[气氣]\s*[:：]?\s*[\d,]+\s*$";

/// The date shapes (§4.2, §4.3): A `2026年01月28日 11:13 AM`, B `11月05日`; a plain ISO date
/// (older lists) is typed too.
pub(crate) const DATE_A: &str =
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2}):(\d{2})\s*([AaPp][Mm])$";
pub(crate) const DATE_B: &str = r"^(\d{1,2})月(\d{1,2})日$";
pub(crate) const DATE_ISO: &str = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$";

/// The date icon inside an A item's date element: never the thumbnail (§10.3 rule 4).
pub(crate) const TIME_ICON_SUFFIX: &str = "/time.gif";

/// The mirror's pager always names pages 1 to this (§5).
pub(crate) const PAGER_PAGES: u32 = 10;
/// One page of the pager: the current page, page 1's (with its space), a linked page.
pub(crate) const PAGER_CURRENT_FIRST: &str = "1 &nbsp;&nbsp;";
pub(crate) const PAGER_SEPARATOR: &str = "&nbsp;&nbsp;";

/// The mirror's list templates (`templates/djy/list/`): `(file, source, placeholders)`.
pub(crate) mod templates {
    /// A template file of the list mirror.
    pub(crate) type Entry = (&'static str, &'static str, &'static [&'static str]);

    macro_rules! entry {
        ($file:literal, $slots:expr) => {
            (
                $file,
                include_str!(concat!("../../../templates/djy/list/", $file)),
                $slots,
            )
        };
    }

    pub(crate) const ANCHOR_NAV: Entry = entry!("anchor-nav.html", &[]);
    pub(crate) const TEXT_BAR: Entry = entry!("text-bar.html", &["host", "q"]);
    pub(crate) const TITLE_ROW: Entry = entry!("title-row.html", &["heading"]);
    pub(crate) const COLUMN_130: Entry = entry!("column-130.html", &["host"]);
    pub(crate) const ROW_A: Entry =
        entry!("row-a.html", &["url", "title", "thumb", "excerpt", "date"]);
    pub(crate) const THUMB_A: Entry = entry!("thumb-a.html", &["url", "src"]);
    pub(crate) const ROW_B: Entry =
        entry!("row-b.html", &["url", "title", "thumb", "excerpt", "date"]);
    pub(crate) const THUMB_B: Entry = entry!("thumb-b.html", &["url", "src"]);
    pub(crate) const PAGER: Entry = entry!("pager.html", &["prev", "pages", "next"]);
    pub(crate) const ENDING: Entry =
        entry!("ending.html", &["mirror_url", "qr_url", "original_url"]);
    pub(crate) const P_ANCHOR_NAV: Entry = entry!("p/anchor-nav.html", &[]);
    pub(crate) const P_TEXT_BAR: Entry = entry!("p/text-bar.html", &["host", "q"]);
    pub(crate) const P_TITLE_ROW: Entry = entry!("p/title-row.html", &["heading"]);
    pub(crate) const P_COLUMN_300: Entry = entry!("p/column-300.html", &["host"]);
    pub(crate) const P_HEADLINE: Entry = entry!("p/headline.html", &["url", "title", "src"]);
    pub(crate) const P_HEADING: Entry = entry!("p/heading.html", &["heading"]);
    pub(crate) const P_ITEM: Entry = entry!("p/item.html", &["url", "title"]);
    pub(crate) const H_ANCHOR_NAV: Entry = entry!("h/anchor-nav.html", &[]);
    pub(crate) const H_TEXT_BAR: Entry = entry!("h/text-bar.html", &["host", "q"]);
    pub(crate) const H_TOP: Entry = entry!("h/top.html", &["left", "right", "rows", "column"]);
    pub(crate) const H_ROW: Entry = entry!("h/row.html", &["left", "right"]);
    pub(crate) const H_HEADING: Entry = entry!("h/heading.html", &["heading"]);
    pub(crate) const H_HEADLINE: Entry = entry!("h/headline.html", &["url", "title", "src"]);
    pub(crate) const H_ITEM: Entry = entry!("h/item.html", &["url", "title"]);
    pub(crate) const H_MORE: Entry = entry!("h/more.html", &["url"]);

    /// The CloudFront hosts the random parts are drawn from: one per line after the comment.
    pub(crate) const HOSTS: &str = include_str!("../../../templates/djy/list/hosts.txt");
}
