//! Site knowledge as data: one table per page layout, one profile per site.
//!
//! Everything the extractor knows about where a field lives on a page is a CSS selector (or a
//! literal) in these tables; the code in the sibling modules only interprets them. Selectors are
//! tried in order, the first that matches wins. See `docs/source-pages.md` of the shared material
//! for the evidence behind each entry.

use std::sync::LazyLock;

use scraper::Selector;

/// One page layout, as selector strings.
pub(crate) struct LayoutTable {
    /// Short name, used in diagnostics.
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

/// A site: its layouts and the words it uses.
pub(crate) struct SiteTable {
    /// Layouts, most specific first.
    pub layouts: &'static [LayoutTable],
    /// Comment texts that delimit the story inside the body element.
    pub content_begin: &'static str,
    pub content_end: &'static str,
    /// Heading texts of the related-news list (either script).
    pub related_headings: &'static [&'static str],
    /// Heading texts of the hot-news list.
    pub hot_headings: &'static [&'static str],
    /// Heading texts of related-article blocks inside the story (old pages).
    pub inline_related_headings: &'static [&'static str],
    /// Image URLs that are lazy-load placeholders, by suffix.
    pub placeholder_suffixes: &'static [&'static str],
    /// Attributes that hold the real image URL of a lazy image, most specific first.
    pub lazy_src_attrs: &'static [&'static str],
    /// What is cut before parsing.
    pub chrome: ChromeTable,
}

/// The chrome cut before parsing (see `crate::prune`): elements that hold nothing the extractor
/// reads, on pages of the site's own layouts.
pub(crate) struct ChromeTable {
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

pub(crate) static EPOCHTIMES: SiteTable = SiteTable {
    layouts: &[
        // The Foundation "djy" WordPress theme (c. 2013 – today).
        LayoutTable {
            name: "djy",
            body: &["div#artbody"],
            title: &[
                "div.arttop h1",
                "h1.title",
                "h1[class*=title]",
                // The 2009–2012 table template.
                "td.art_title h1",
                "div.art-head h1",
            ],
            time: &[
                "div#artbody time[datetime]",
                "div.mbottom10 time[datetime]",
                "time[datetime]",
            ],
            featured: &["div.featured_image", "div.arttop img"],
            caption: &[".caption", "figcaption"],
            breadcrumbs: &["a.breadcrumbs", "div#breadcrumb a"],
            tags: &["div.mbottom10 a[href*='/tag/']", "div#artbody a[rel=tag]"],
            drop: COMMON_DROP,
        },
        // The newer layout (seen 2021–2025).
        LayoutTable {
            name: "main_content",
            body: &[
                "div.main_content div.post_content",
                "div.post_content",
                "div[itemprop=articleBody]",
            ],
            title: &["div.titles h1", "div.main_content h1", "h1.title"],
            time: &[
                "div.info time[datetime]",
                "div.main_content time[datetime]",
                "time[datetime]",
            ],
            featured: &["div.featured_image"],
            caption: &["figcaption", ".caption"],
            breadcrumbs: &["a.breadcrumbs", "div#breadcrumb a"],
            tags: &["div.post_tags a", "div.tags a[href*='/tag/']", "a[rel=tag]"],
            drop: COMMON_DROP,
        },
    ],
    content_begin: "article content begin",
    content_end: "article content end",
    related_headings: &["相关新闻", "相關新聞"],
    hot_headings: &["热门新闻", "熱門新聞"],
    inline_related_headings: &[
        "相关文章",
        "相關文章",
        "相关新闻",
        "相關新聞",
        "相关报导",
        "相關報導",
        "相关报道",
        "相關報道",
    ],
    placeholder_suffixes: &[
        "/white.png",
        "/blank.gif",
        "/loading.gif",
        "/placeholder.png",
    ],
    lazy_src_attrs: &["data-src", "data-original", "data-lazy-src"],
    chrome: ChromeTable {
        // The story elements of the layouts above.
        markers: &["artbody", "post_content", "articlebody"],
        // The chrome of the real 2018 home page and of the article pages modelled on it
        // (fixtures/README.md): menus, the off-canvas menu, the slider, the ticker, sidebar
        // boxes, the "you may like" grid, comments, the section digest, the video strip, the
        // footer. The hot-news box is a `div.box` too; its heading keeps it.
        cut: &[
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
        keep: &[
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
    },
};

/// The Epoch Times chrome rules, compiled once.
pub(crate) static EPOCHTIMES_CHROME: LazyLock<crate::prune::Chrome> =
    LazyLock::new(|| crate::prune::Chrome::new(&EPOCHTIMES));

/// A layout with its selectors compiled.
pub(crate) struct Layout {
    pub table: &'static LayoutTable,
    pub body: Vec<Selector>,
    pub title: Vec<Selector>,
    pub time: Vec<Selector>,
    pub featured: Vec<Selector>,
    pub caption: Vec<Selector>,
    pub breadcrumbs: Vec<Selector>,
    pub tags: Vec<Selector>,
    pub drop: Vec<Selector>,
}

fn compile(list: &[&str]) -> Vec<Selector> {
    // The tables are constants of this crate: a selector that does not parse is a bug caught by
    // the `tables_compile` test, not a runtime condition.
    list.iter()
        .map(|s| Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e}")))
        .collect()
}

/// The Epoch Times layouts, compiled once.
pub(crate) static EPOCHTIMES_LAYOUTS: LazyLock<Vec<Layout>> = LazyLock::new(|| {
    EPOCHTIMES
        .layouts
        .iter()
        .map(|t| Layout {
            table: t,
            body: compile(t.body),
            title: compile(t.title),
            time: compile(t.time),
            featured: compile(t.featured),
            caption: compile(t.caption),
            breadcrumbs: compile(t.breadcrumbs),
            tags: compile(t.tags),
            drop: compile(t.drop),
        })
        .collect()
});

/// Page-level selectors that do not depend on the layout.
pub(crate) struct PageSelectors {
    pub canonical: Selector,
    pub og_url: Selector,
    pub og_title: Selector,
    pub title: Selector,
    pub keywords: Selector,
    pub published_time: Selector,
    pub modified_time: Selector,
    pub links: Selector,
    pub img: Selector,
    pub body: Selector,
    pub h1_h2: Selector,
    pub headings: Selector,
}

pub(crate) static PAGE: LazyLock<PageSelectors> = LazyLock::new(|| {
    let one = |s: &str| compile(&[s]).remove(0);
    PageSelectors {
        canonical: one("link[rel=canonical]"),
        og_url: one("meta[property='og:url']"),
        og_title: one("meta[property='og:title']"),
        title: one("head title"),
        keywords: one("meta[name=keywords]"),
        published_time: one("meta[property='article:published_time']"),
        modified_time: one("meta[property='article:modified_time']"),
        links: one("a[href]"),
        img: one("img"),
        body: one("body"),
        h1_h2: one("h1, h2"),
        headings: one("h1, h2, h3, b, strong, font"),
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_compile() {
        assert_eq!(EPOCHTIMES_LAYOUTS.len(), EPOCHTIMES.layouts.len());
        let _ = &PAGE.canonical;
        let _ = &*EPOCHTIMES_CHROME;
    }
}
