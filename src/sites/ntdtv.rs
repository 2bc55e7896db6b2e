//! 新唐人, NTDTV (`www.ntdtv.com`), and its mirror `1992513/ntdtv` (ntdtv-mirror-format.md of the
//! shared material): the URL grammar, the page layouts, the chrome the pre-pass may cut, and the
//! mirror's template set (`templates/ntdtv/`, the right column shared with `templates/djy/`).
//!
//! | original (`http` or `https`, with or without `www.`) | mirror path |
//! |---|---|
//! | `ntdtv.com/{gb,b5}/YYYY/MM/DD/aID.html`, also `ntdtv.com/xtr/{gb,b5}/…` (2018 CMS) | `{gb,b5}/YYYY/MM/DD/aID.md` |
//! | `ntdtv.com/{gb,b5}/focus/TAG` (tag page; TAG percent-encoded UTF-8) | `{gb,b5}/focus/TAG.md` (§5 #3) |
//! | `ntdtv.com/{gb,b5}/NAME`, `…/NAME/N` (program pages `prog204`, `headline-news`) | `{gb,b5}/NAME_1.md`, `{gb,b5}/NAME_N.md` (§1.2, §5 #4) |
//!
//! The mirror keeps the zero-padded `YYYY/MM/DD` of the URL, so an unpadded link is padded.

use chrono::NaiveDate;
use url::Url;

use crate::model::Edition;
use crate::sites::url_parts::{edition, file_id, normalise_tag, number, segments, web_host};
use crate::sites::{
    Chrome, Clock, History, HotList, Layout, Mirror, PageKind, PageUrl, Pages, SiteProfile,
    TemplateSet, UrlGrammar,
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
    .with_time_text(&["div.article_info .time", "div.article_info"])
    .with_featured(
        &[
            "div.featured_image",
            "div.article_featured",
            "figure.featured",
        ],
        &["div.caption", "figcaption", ".caption"],
    )
    .with_breadcrumbs(&["div#breadcrumb a", "div.breadcrumb a"])
    // Tags are links to `/gb/focus/TAG` inside the story (§1.3, §6.5).
    .with_tags(&[
        "div.post_tags a",
        "a[rel=tag]",
        "div.post_content a[href*='/focus/']",
    ])
    .with_drop(DROP),
    // The 2011–2012 template: `div.main_title`, the story as `div.article_content > p`.
    Layout::new(
        "2011",
        &["div.article_content"],
        &["div.main_title h1", "div.main_title"],
    )
    .with_time(&["time[datetime]"])
    .with_time_text(&["div.article_info .time", "div.time", "span.time"])
    .with_breadcrumbs(&["div#breadcrumb a"])
    .with_drop(DROP),
];

/// How the site's pages are read.
pub static PAGES: Pages = Pages::new(LAYOUTS)
    // Beijing time (§6.2, §6.3): the page prints `北京时间：YYYY-MM-DD HH:MM` (`更新时间：` for an
    // update, preferred), and its machine-readable times carry a `Z` but are Beijing time.
    .with_clock(
        Clock::new(
            8 * 3600,
            &["更新时间：", "更新時間：", "北京时间：", "北京時間："],
        )
        .with_z_as_local(),
    )
    // The head's JSON-LD `NewsArticle` (§6.2): its times, `Z` but Beijing time, where the page
    // prints none.
    .with_json_ld()
    .with_list_headings(
        &["相关新闻", "相關新聞"],
        &["热门新闻", "熱門新聞", "热点新闻", "熱點新聞"],
    )
    .with_inline_related_headings(&["相关链接", "相關鏈接", "相关新闻", "相關新聞"])
    .with_lazy_images(
        &[
            "/blank.gif",
            "/loading.gif",
            "/placeholder.png",
            "/lazy.png",
        ],
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
    (
        "header.html",
        include_str!("../../templates/ntdtv/header.html"),
    ),
    (
        "right-column.html",
        include_str!("../../templates/djy/right-column.html"),
    ),
    ("page.html", include_str!("../../templates/ntdtv/page.html")),
    ("lead.html", include_str!("../../templates/ntdtv/lead.html")),
    (
        "lead-video.html",
        include_str!("../../templates/ntdtv/lead-video.html"),
    ),
    ("item.html", include_str!("../../templates/ntdtv/item.html")),
    ("pick.html", include_str!("../../templates/ntdtv/pick.html")),
    (
        "footer.html",
        include_str!("../../templates/ntdtv/footer.html"),
    ),
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
    .with_hot(HotList::Template)
    .with_history(&HISTORY);

/// What the old generator did to the mirror's files (ntdtv-mirror-format.md §4, §2.3, §2.4): the
/// Gen B account `19920513`, the NTDTV video and twitter pictures of its blocks. (No stale
/// related list was seen in this mirror; the account is the generator's.)
pub static HISTORY: History = History::new(
    "19920513",
    "920513",
    "www/master/t/ntdtv/ntdtv600.jpg",
    "www/master/t/ntdtv/twitter.jpg",
);

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
        if let Some(a) = NtdtvArticleUrl::parse(url) {
            return Some(a.page());
        }
        if !matches!(web_host(url)?, "ntdtv.com" | "www.ntdtv.com") {
            return None;
        }
        let segs = segments(url)?;
        // A trailing slash leaves an empty last segment.
        let segs = match segs.as_slice() {
            [rest @ .., ""] => rest,
            all => all,
        };
        match segs {
            [ed, "focus", tag] => tag_page(ed, tag),
            [ed, name] => section_page(ed, name, 1),
            [ed, name, n] => section_page(ed, name, number(n, 1, 4)?),
            _ => None,
        }
    }

    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
        match path {
            // The old generator's tag links had no `.md` (§5 #3): the same tag page.
            [ed, "focus", file] => tag_page(ed, file.strip_suffix(".md").unwrap_or(file)),
            [ed, file] => match file.strip_suffix(".md") {
                Some(stem) => {
                    let (name, n) = stem.rsplit_once('_')?;
                    section_page(ed, name, number(n, 1, 4)?)
                }
                // The old generator's program links `gb/progN` (§5 #4): page 1.
                None if file.starts_with("prog") => section_page(ed, file, 1),
                None => None,
            },
            _ => article_from(path, ".md").map(|a| a.page()),
        }
    }
}

/// The tag page `ed/focus/TAG`, the tag percent-encoded UTF-8 as the Epoch Times tags are.
fn tag_page(ed: &str, raw: &str) -> Option<PageUrl> {
    let edition = edition(ed)?;
    let tag = normalise_tag(raw)?;
    Some(PageUrl::new(
        PageKind::Tag,
        edition,
        tag.clone(),
        format!("https://www.ntdtv.com/{ed}/focus/{tag}"),
        format!("{ed}/focus/{tag}.md"),
    ))
}

/// The program (section) page `ed/NAME` (page 1) or `ed/NAME/N`: NAME is ASCII letters, digits
/// and `-`, starting with a letter (`prog204`, `headline-news`); the mirror numbers every page
/// (`gb/prog204_1.md`).
fn section_page(ed: &str, name: &str, page: u32) -> Option<PageUrl> {
    let edition = edition(ed)?;
    let mut bytes = name.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && page >= 1;
    if !valid || name == "focus" {
        return None;
    }
    let canonical = match page {
        1 => format!("https://www.ntdtv.com/{ed}/{name}"),
        n => format!("https://www.ntdtv.com/{ed}/{name}/{n}"),
    };
    Some(PageUrl::new(
        PageKind::Section,
        edition,
        format!("{name}_{page}"),
        canonical,
        format!("{ed}/{name}_{page}.md"),
    ))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites::ALL;

    fn classify(url: &str) -> Option<(PageKind, String, String)> {
        let page = PROFILE.classify(&Url::parse(url).unwrap())?;
        Some((page.kind, page.canonical, page.mirror_path))
    }

    #[test]
    fn urls_map_to_mirror_paths_and_back() {
        for (url, kind, canonical, path) in [
            (
                "https://www.ntdtv.com/gb/2025/01/20/a103949865.html",
                PageKind::Article,
                "https://www.ntdtv.com/gb/2025/01/20/a103949865.html",
                "gb/2025/01/20/a103949865.md",
            ),
            // zero padding is added; the 2018 form, http, no www, query and fragment
            (
                "http://ntdtv.com/xtr/gb/2008/2/9/a239412.html?x=1#top",
                PageKind::Article,
                "https://www.ntdtv.com/gb/2008/02/09/a239412.html",
                "gb/2008/02/09/a239412.md",
            ),
            (
                "https://www.ntdtv.com/b5/2024/01/02/a103839518.html",
                PageKind::Article,
                "https://www.ntdtv.com/b5/2024/01/02/a103839518.html",
                "b5/2024/01/02/a103839518.md",
            ),
            (
                "https://www.ntdtv.com/gb/focus/学生",
                PageKind::Tag,
                "https://www.ntdtv.com/gb/focus/%E5%AD%A6%E7%94%9F",
                "gb/focus/%E5%AD%A6%E7%94%9F.md",
            ),
            (
                "https://www.ntdtv.com/gb/prog204",
                PageKind::Section,
                "https://www.ntdtv.com/gb/prog204",
                "gb/prog204_1.md",
            ),
            (
                "https://www.ntdtv.com/gb/prog204/3/",
                PageKind::Section,
                "https://www.ntdtv.com/gb/prog204/3",
                "gb/prog204_3.md",
            ),
            (
                "https://www.ntdtv.com/gb/headline-news",
                PageKind::Section,
                "https://www.ntdtv.com/gb/headline-news",
                "gb/headline-news_1.md",
            ),
        ] {
            let got = classify(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(
                got,
                (kind, canonical.to_string(), path.to_string()),
                "{url}"
            );
            let segs: Vec<&str> = path.split('/').collect();
            let back = PROFILE.urls.mirror_page(&segs).expect(path);
            assert_eq!(back.canonical, canonical, "{path}");
            assert_eq!(classify(canonical).unwrap().2, path);
        }
    }

    #[test]
    fn other_urls_are_not_pages() {
        for url in [
            "https://www.ntdtv.com/",
            "https://www.ntdtv.com/gb/2025/13/20/a103949865.html",
            "https://www.ntdtv.com/gb/2025/01/20/n103949865.html",
            "https://www.ntdtv.com/gb/index.html",
            "https://www.ntdtv.com/gb/focus",
            "https://www.ntdtv.com:8080/gb/prog204",
            "https://i.ntdtv.com/assets/uploads/2025/01/x.jpg",
            "https://www.ntdtv.com.evil.example/gb/prog204",
            "https://www.epochtimes.com/gb/prog204",
        ] {
            assert_eq!(classify(url), None, "{url}");
        }
        for path in [
            "gb/prog204_0.md",
            "gb/2025/01/20/a1.html",
            "gb/index",
            "gb/focus/",
        ] {
            let segs: Vec<&str> = path.split('/').collect();
            assert_eq!(PROFILE.urls.mirror_page(&segs), None, "{path}");
        }
        // The old generator's suffix-less tag and program links name the same pages.
        for (old, path) in [
            ("gb/focus/学生", "gb/focus/%E5%AD%A6%E7%94%9F.md"),
            ("gb/prog560018", "gb/prog560018_1.md"),
        ] {
            let segs: Vec<&str> = old.split('/').collect();
            let page = PROFILE.urls.mirror_page(&segs).expect(old);
            assert_eq!(page.mirror_path, path);
        }
    }

    #[test]
    fn profile_is_registered_and_valid() {
        assert!(ALL.contains(&&PROFILE));
        PROFILE.check().unwrap();
    }

    /// The link map as an NTDTV page uses it: links to both sites land in their mirrors, with
    /// the hard cases (padding, `/b5/` on one side only, query strings, fragments, relative
    /// links, other hosts).
    #[test]
    fn links_from_an_ntdtv_page_land_in_both_mirrors() {
        let map = crate::LinkMap::default();
        let page = Url::parse("https://www.ntdtv.com/gb/2025/01/20/a103949865.html").unwrap();
        const NTD: &str = "https://github.com/1992513/ntdtv/blob/master/";
        const DJY: &str = "https://github.com/1992513/djy/blob/master/";
        for (href, want) in [
            (
                "https://www.ntdtv.com/gb/2025/1/6/a103946381.html",
                format!("{NTD}gb/2025/01/06/a103946381.md#1"),
            ),
            (
                "/b5/2024/01/02/a103839518.html?utm_source=x#comments",
                format!("{NTD}b5/2024/01/02/a103839518.md#1"),
            ),
            (
                "2024/10/01/a103918409.html",
                // resolved against the page: a path no article has, left on the site
                "https://www.ntdtv.com/gb/2025/01/20/2024/10/01/a103918409.html".to_string(),
            ),
            (
                "https://www.epochtimes.com/gb/20/1/6/n11772347.htm",
                format!("{DJY}gb/20/1/6/n11772347.md#1"),
            ),
            (
                "http://epochtimes.com/b5/20/01/06/n11772347.htm?ref=ntd#p2",
                format!("{DJY}b5/20/1/6/n11772347.md#1"),
            ),
            (
                "https://www.ntdtv.com/gb/focus/学生?x=1",
                format!("{NTD}gb/focus/%E5%AD%A6%E7%94%9F.md#1"),
            ),
            ("/gb/prog204/2", format!("{NTD}gb/prog204_2.md#1")),
            (
                "https://i.ntdtv.com/assets/uploads/2025/01/x.jpg",
                "https://i.ntdtv.com/assets/uploads/2025/01/x.jpg".to_string(),
            ),
            (
                "https://www.ntdtv.com.example.org/gb/2025/01/06/a1.html",
                "https://www.ntdtv.com.example.org/gb/2025/01/06/a1.html".to_string(),
            ),
            (
                "https://www.youtube.com/watch?v=x",
                "https://www.youtube.com/watch?v=x".to_string(),
            ),
        ] {
            assert_eq!(
                map.rewrite(href, Some(&page)).as_deref(),
                Some(want.as_str()),
                "{href}"
            );
        }
    }
}
