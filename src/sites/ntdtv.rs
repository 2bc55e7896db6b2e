//! 新唐人, NTDTV (`www.ntdtv.com`), and its mirror `1992513/ntdtv` (ntdtv-mirror-format.md of the
//! shared material): the URL grammar, the page layouts, the chrome the pre-pass may cut, and the
//! mirror's template set (`templates/ntdtv/`, the right column shared with `templates/djy/`).
//!
//! | original (`http` or `https`, with or without `www.`) | mirror path |
//! |---|---|
//! | `ntdtv.com/{gb,b5}/YYYY/MM/DD/aID.html`, also `ntdtv.com/xtr/{gb,b5}/…` (2018 CMS) | `{gb,b5}/YYYY/MM/DD/aID.md` |
//!
//! The mirror keeps the zero-padded `YYYY/MM/DD` of the URL, so an unpadded link is padded.

use chrono::NaiveDate;
use url::Url;

use crate::model::Edition;
use crate::sites::url_parts::{edition, file_id, number, segments, web_host};
use crate::sites::{
    Chrome, HotList, Layout, Mirror, PageKind, PageUrl, Pages, SiteProfile, TemplateSet,
    UrlGrammar,
};

/// The site's id in the model.
pub const ID: &str = "ntdtv";

/// NTDTV.
pub static PROFILE: SiteProfile = SiteProfile::new(ID, "NTDTV", "https://www.ntdtv.com/", &Grammar)
    .with_hosts(&["ntdtv.com"])
    .with_image_hosts(&["i.ntdtv.com"])
    .with_pages(&PAGES)
    .with_mirror(&MIRROR);

/// Boilerplate that can sit inside the body element (§6.5, §6.7): share and ad boxes, the related
/// block should a page nest it in the body, scripts the old generator renamed.
const DROP: &[&str] = &[
    "div.post_related",
    "div.related_posts",
    "div.share_box",
    "div.social_share",
    ".adsbygoogle",
    "[id^=div-gpt-ad]",
    "div.post_tags",
];

/// The layouts of the site's article pages (ntdtv-mirror-format.md §6.3–§6.8).
const LAYOUTS: &[Layout] = &[
    // The WordPress site (December 2018 – today): `div.article_title h1`, the time in
    // `div.article_info .time`, the story in `div.post_content[itemprop=articleBody]`.
    Layout::new(
        "wordpress",
        &[
            "div.post_content[itemprop=articleBody]",
            "div.article_content div.post_content",
            "div.post_content",
        ],
        &["div.article_title h1", "div.article_title", "h1"],
    )
    .with_time(&["div.article_info time[datetime]", "time[datetime]"])
    .with_featured(
        &["div.featured_image", "div.article_featured", "figure.featured"],
        &["div.caption", "figcaption", ".caption"],
    )
    .with_breadcrumbs(&["div#breadcrumb a", "div.breadcrumb a"])
    .with_tags(&["div.post_tags a", "a[rel=tag]"])
    .with_drop(DROP),
    // The 2011–2012 template: `div.main_title`, the story as `div.article_content > p`.
    Layout::new("2011", &["div.article_content"], &["div.main_title h1", "div.main_title"])
        .with_time(&["time[datetime]"])
        .with_breadcrumbs(&["div#breadcrumb a"])
        .with_drop(DROP),
];

/// How the site's pages are read.
pub static PAGES: Pages = Pages::new(LAYOUTS)
    .with_list_headings(&["相关新闻", "相關新聞"], &["热门新闻", "熱門新聞", "热点新闻", "熱點新聞"])
    .with_inline_related_headings(&["相关链接", "相關鏈接", "相关新闻", "相關新聞"])
    .with_lazy_images(
        &["/blank.gif", "/loading.gif", "/placeholder.png", "/lazy.png"],
        &["data-src", "data-lazy-src", "data-original"],
    )
    .with_chrome(Chrome::new(
        // The story elements of the layouts above.
        &["post_content", "articlebody", "article_content"],
        // The chrome of the real 2018 home page (`div#header`, menus, the footer) and of the
        // WordPress pages as far as they are known: menus, sidebars, the footer.
        &[
            "nav",
            "footer",
            "div#header",
            "div#footer",
            "div#nav",
            "div.sidebar",
            "div#sidebar",
            "div.menu",
        ],
        // Read outside the story: the headline, the time, breadcrumbs, the featured media, tags,
        // and the page's URL and dates.
        &[
            "<h1",
            "<time",
            "article_title",
            "article_info",
            "main_title",
            "breadcrumb",
            "featured",
            "post_tags",
            "rel=tag",
            "rel=\"tag\"",
            "canonical",
            "og:",
            "article:",
            "ld+json",
        ],
    ));

/// The mirror's template set (`templates/ntdtv/`): the fixed header, page and hot list, footer
/// and QR of the real mirror; the right column is the Epoch Times mirror's, byte-identical
/// (ntdtv-mirror-format.md §2.10), read from the same data file.
pub static TEMPLATES: TemplateSet = TemplateSet::new(&[
    ("header.html", include_str!("../../templates/ntdtv/header.html")),
    (
        "right-column.html",
        include_str!("../../templates/djy/right-column.html"),
    ),
    ("page.html", include_str!("../../templates/ntdtv/page.html")),
    ("lead.html", include_str!("../../templates/ntdtv/lead.html")),
    ("item.html", include_str!("../../templates/ntdtv/item.html")),
    ("pick.html", include_str!("../../templates/ntdtv/pick.html")),
    ("footer.html", include_str!("../../templates/ntdtv/footer.html")),
    ("qr.html", include_str!("../../templates/ntdtv/qr.html")),
    (
        "embed-video.html",
        include_str!("../../templates/ntdtv/embed-video.html"),
    ),
    (
        "embed-tweet.html",
        include_str!("../../templates/ntdtv/embed-tweet.html"),
    ),
    (
        "embed-other.html",
        include_str!("../../templates/ntdtv/embed-other.html"),
    ),
]);

/// The mirror `github.com/1992513/ntdtv`: four editor picks, the fixed hot list of its
/// templates. Its URLs are read back under the same accounts as the Epoch Times mirror's.
pub static MIRROR: Mirror = Mirror::new("ntdtv", "https://github.com/1992513/ntdtv/blob/master/")
    .with_accounts(&["1992513", "19920513", "920513", "tui590285", "tsiac2612"])
    .with_templates(&TEMPLATES)
    .with_picks(4)
    .with_hot(HotList::Template);

/// An NTDTV article URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NtdtvArticleUrl {
    /// `gb` or `b5`.
    pub edition: Edition,
    /// Full year, four digits in the URL.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// `a102898210`.
    pub id: String,
}

impl NtdtvArticleUrl {
    /// Parses `http(s)://(www.)ntdtv.com/{gb|b5}/YYYY/MM/DD/aID.html` and the 2018 CMS form
    /// `…/xtr/{gb|b5}/YYYY/MM/DD/aID.html`. Month and day may lack their zero padding; the date
    /// must be real; the id is `a` and ASCII digits. `None` for anything else.
    pub fn parse(url: &Url) -> Option<NtdtvArticleUrl> {
        if !matches!(web_host(url)?, "ntdtv.com" | "www.ntdtv.com") {
            return None;
        }
        let segs = segments(url)?;
        let segs = match segs.as_slice() {
            ["xtr", rest @ ..] => rest,
            all => all,
        };
        article_from(segs, ".html")
    }

    /// The canonical original URL: `https://www.ntdtv.com/gb/2020/07/20/a102898210.html`.
    pub fn canonical(&self) -> String {
        format!("https://www.ntdtv.com/{}", self.path(".html"))
    }

    /// The mirror file path, zero-padded like the original: `gb/2020/07/20/a102898210.md`.
    pub fn mirror_path(&self) -> String {
        self.path(".md")
    }

    /// The page it names.
    pub fn page(&self) -> PageUrl {
        let page = PageUrl::new(
            PageKind::Article,
            self.edition,
            self.id.clone(),
            self.canonical(),
            self.mirror_path(),
        );
        match NaiveDate::from_ymd_opt(self.year, self.month, self.day) {
            Some(d) => page.with_date(d),
            None => page,
        }
    }

    fn path(&self, ext: &str) -> String {
        format!(
            "{}/{:04}/{:02}/{:02}/{}{ext}",
            self.edition.as_str(),
            self.year,
            self.month,
            self.day,
            self.id
        )
    }
}

struct Grammar;

impl UrlGrammar for Grammar {
    fn classify(&self, url: &Url) -> Option<PageUrl> {
        NtdtvArticleUrl::parse(url).map(|a| a.page())
    }

    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
        article_from(path, ".md").map(|a| a.page())
    }
}

/// `[ed, YYYY, MM, DD, aID{ext}]`.
fn article_from(segs: &[&str], ext: &str) -> Option<NtdtvArticleUrl> {
    let [ed, y, m, d, file] = segs else {
        return None;
    };
    let url = NtdtvArticleUrl {
        edition: edition(ed)?,
        year: i32::try_from(number(y, 4, 4)?).ok()?,
        month: number(m, 1, 2)?,
        day: number(d, 1, 2)?,
        id: file_id(file, 'a', ext)?,
    };
    NaiveDate::from_ymd_opt(url.year, url.month, url.day).map(|_| url)
}
