//! 大纪元, the Epoch Times (`www.epochtimes.com`), simplified (`/gb/`) and traditional (`/b5/`),
//! and its mirror `1992513/djy`.
//!
//! Everything the extractor knows about where a field lives on a page is a CSS selector (or a
//! literal) in these tables; the pipeline only interprets them. Selectors are tried in order, the
//! first that matches wins. See `docs/source-pages.md` of the shared material for the evidence
//! behind each entry, and `docs/mirror-format.md` for the mirror. Its list pages (sections,
//! rankings, tag lists, portals, the home page) and the mirror's list files are the `lists` profile
//! (`docs/list-pages-format.md`).

mod lists;
mod urls;

pub use urls::ArticleUrl;

use crate::model::Site;
use crate::sites::{Chrome, History, HotList, Layout, Mirror, Pages, SiteProfile, TemplateSet};

/// The site's id in the model.
pub const ID: &str = "epochtimes";

/// The Epoch Times.
pub static PROFILE: SiteProfile = SiteProfile::new(
    ID,
    "Epoch Times",
    "https://www.epochtimes.com/",
    &urls::Grammar,
)
.with_hosts(&["epochtimes.com", "dajiyuan.com"])
.with_image_hosts(&["i.epochtimes.com"])
.with_pages(&PAGES)
.with_mirror(&MIRROR)
.with_lists(&lists::LISTS);

impl Site {
    /// 大纪元, `www.epochtimes.com` ([`PROFILE`]). (Named as when `Site` was an enum.)
    #[allow(non_upper_case_globals)]
    pub const Epochtimes: Site = Site::from_static(ID);
}

/// Boilerplate that can sit inside any body element.
const COMMON_DROP: &[&str] = &[
    "header",
    "aside",
    "nav",
    "div#below_article_ad",
    "div#recommend_post",
    "div.featured_image",
    "div.mbottom10",
    ".share",
    ".share_box",
    ".share_widget",
    ".social-share",
    ".sharing",
    ".social",
    ".sharethis",
    ".ad",
    ".ads",
    ".adsbygoogle",
    "[id^=div-gpt-ad]",
    ".post_related",
    ".related_posts",
];

/// The layouts of the site's article pages.
const LAYOUTS: &[Layout] = &[
    // The Foundation "djy" WordPress theme (c. 2013 – today).
    Layout::new(
        "djy",
        &["div#artbody"],
        &[
            "div.arttop h1",
            "h1.title",
            "h1[class*=title]",
            // The 2009–2012 table template.
            "td.art_title h1",
            "div.art-head h1",
        ],
    )
    .with_time(&[
        "div#artbody time[datetime]",
        "div.mbottom10 time[datetime]",
        "time[datetime]",
    ])
    .with_featured(
        &["div.featured_image", "div.arttop img"],
        &[".caption", "figcaption"],
    )
    .with_breadcrumbs(&["a.breadcrumbs", "div#breadcrumb a"])
    .with_tags(&["div.mbottom10 a[href*='/tag/']", "div#artbody a[rel=tag]"])
    .with_drop(COMMON_DROP),
    // The newer layout (seen 2021–2025).
    Layout::new(
        "main_content",
        &[
            "div.main_content div.post_content",
            "div.post_content",
            "div[itemprop=articleBody]",
        ],
        &["div.titles h1", "div.main_content h1", "h1.title"],
    )
    .with_time(&[
        "div.info time[datetime]",
        "div.main_content time[datetime]",
        "time[datetime]",
    ])
    .with_featured(&["div.featured_image"], &["figcaption", ".caption"])
    .with_breadcrumbs(&["a.breadcrumbs", "div#breadcrumb a"])
    .with_tags(&["div.post_tags a", "div.tags a[href*='/tag/']", "a[rel=tag]"])
    .with_drop(COMMON_DROP),
];

/// How the site's pages are read.
pub static PAGES: Pages = Pages::new(LAYOUTS)
    .with_story_comments("article content begin", "article content end")
    .with_list_headings(&["相关新闻", "相關新聞"], &["热门新闻", "熱門新聞"])
    .with_inline_related_headings(&[
        "相关文章",
        "相關文章",
        "相关新闻",
        "相關新聞",
        "相关报导",
        "相關報導",
        "相关报道",
        "相關報道",
    ])
    .with_lazy_images(
        &[
            "/white.png",
            "/blank.gif",
            "/loading.gif",
            "/placeholder.png",
        ],
        &["data-src", "data-original", "data-lazy-src"],
    )
    .with_chrome(Chrome::new(
        // The story elements of the layouts above.
        &["artbody", "post_content", "articlebody"],
        // The chrome of the real 2018 home page and of the article pages modelled on it
        // (fixtures/README.md): menus, the off-canvas menu, the slider, the ticker, sidebar
        // boxes, the "you may like" grid, comments, the section digest, the video strip, the
        // footer. The hot-news box is a `div.box` too; its heading keeps it.
        &[
            "nav",
            "footer",
            "header.site_header",
            "aside.left-off-canvas-menu",
            "div#head",
            "div#breaking_news",
            "div#focus_are",
            "div.box",
            "div.tabs_box",
            "div#more_news",
            "div#comments",
            "div#section_digest",
            "div#frontpage_news_video",
            "div#frontpage_recommend_video",
        ],
        // Read outside the story: the headline, the update time, breadcrumbs, the featured
        // image, tag links, and the page's URL and dates should a page carry them in the body.
        &[
            "<h1",
            "<time",
            "breadcrumb",
            "featured_image",
            "arttop",
            "tags",
            "rel=tag",
            "rel=\"tag\"",
            "rel='tag'",
            "canonical",
            "og:",
            "article:",
        ],
    ));

/// The current mirror (`templates/djy/`): the fixed header and right column are byte-exact copies
/// of the real mirror's; the `b5/` parts hold the traditional wording.
pub static TEMPLATES: TemplateSet = TemplateSet::new(&[
    (
        "header.html",
        include_str!("../../../templates/djy/header.html"),
    ),
    (
        "right-column.html",
        include_str!("../../../templates/djy/right-column.html"),
    ),
    (
        "page.html",
        include_str!("../../../templates/djy/page.html"),
    ),
    (
        "lead.html",
        include_str!("../../../templates/djy/lead.html"),
    ),
    (
        "item.html",
        include_str!("../../../templates/djy/item.html"),
    ),
    (
        "pick.html",
        include_str!("../../../templates/djy/pick.html"),
    ),
    (
        "footer.html",
        include_str!("../../../templates/djy/footer.html"),
    ),
    ("qr.html", include_str!("../../../templates/djy/qr.html")),
    (
        "embed-video.html",
        include_str!("../../../templates/djy/embed-video.html"),
    ),
    (
        "embed-tweet.html",
        include_str!("../../../templates/djy/embed-tweet.html"),
    ),
    (
        "embed-other.html",
        include_str!("../../../templates/djy/embed-other.html"),
    ),
])
.with_b5(&[
    (
        "page.html",
        include_str!("../../../templates/djy/b5/page.html"),
    ),
    (
        "footer.html",
        include_str!("../../../templates/djy/b5/footer.html"),
    ),
    ("qr.html", include_str!("../../../templates/djy/b5/qr.html")),
    (
        "embed-video.html",
        include_str!("../../../templates/djy/b5/embed-video.html"),
    ),
    (
        "embed-tweet.html",
        include_str!("../../../templates/djy/b5/embed-tweet.html"),
    ),
    (
        "embed-other.html",
        include_str!("../../../templates/djy/b5/embed-other.html"),
    ),
]);

/// The mirror `github.com/1992513/djy`: three editor picks, the page's hot list, the image
/// mirror `djy-images`, and the accounts it has had (`1992513` current, `19920513` Gen B,
/// `920513` stale related lists, `tui590285` Gen C, `tsiac2612` editor-pick pool).
pub static MIRROR: Mirror = Mirror::new("djy", "https://github.com/1992513/djy/blob/master/")
    .with_accounts(&["1992513", "19920513", "920513", "tui590285", "tsiac2612"])
    .with_templates(&TEMPLATES)
    .with_picks(3)
    .with_hot(HotList::Page)
    .with_images("https://raw.githubusercontent.com/1992513/djy-images/master/")
    .with_history(&HISTORY);

/// What the old generator did to the mirror's files (mirror-format.md §4.2, §6.1, §8).
pub static HISTORY: History = History::new(
    "19920513",
    "920513",
    "djy/master/gb/300/djtsp.jpg",
    "www/master/t/ntdtv/twitter.jpg",
);

#[cfg(test)]
mod tests;
