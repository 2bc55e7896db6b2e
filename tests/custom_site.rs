//! A site is data plus one module: a made-up site (its own URL grammar, a title and a body
//! selector, chrome rules, a one-line mirror template, and a small list profile with its own list
//! URLs, list template and list-file templates) is defined here, and a page of it and a list page
//! of it are converted end to end — extracted, rendered as mirror files, as Markdown and as
//! JSON — with nothing changed outside this file.

use newsmirror::render::{self, Format, RenderOptions};
use newsmirror::sites::{
    Chrome, DateShapes, Layout, ListGrammar, ListKind, ListMirror, ListPage, ListProfile,
    ListTable, Mirror, PageKind, PageUrl, PagerSelectors, Pages, SiteProfile, TemplateSet, Url,
    UrlGrammar,
};
use newsmirror::{
    DiagnosticKind, Edition, Error, ExtractOptions, Extraction, LinkMap, ListLayout, Page, Site,
    extract, extract_page,
};

/// 指南日报 (made up): articles at `https://news.example.org/story/YYYY/MMDD/ID.html`, mirrored
/// at `story/YYYY/MMDD/ID.md`.
struct Grammar;

impl UrlGrammar for Grammar {
    fn classify(&self, url: &Url) -> Option<PageUrl> {
        if !matches!(url.scheme(), "http" | "https") || url.host_str()? != "news.example.org" {
            return None;
        }
        let path: Vec<&str> = url.path_segments()?.collect();
        let ["story", year, day, file] = path.as_slice() else {
            return None;
        };
        let md = format!("{}.md", file.strip_suffix(".html")?);
        self.mirror_page(&["story", year, day, &md])
    }

    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
        let ["story", year, day, file] = path else {
            return None;
        };
        let id = file.strip_suffix(".md")?;
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(year, 4) && digits(day, 4) && !id.is_empty() && digits(id, id.len())) {
            return None;
        }
        let date = chrono::NaiveDate::from_ymd_opt(
            year.parse().ok()?,
            day[..2].parse().ok()?,
            day[2..].parse().ok()?,
        )?;
        Some(
            PageUrl::new(
                PageKind::Article,
                Edition::Gb,
                id,
                format!("https://news.example.org/story/{year}/{day}/{id}.html"),
                format!("story/{year}/{day}/{id}.md"),
            )
            .with_date(date),
        )
    }
}

static LAYOUTS: &[Layout] = &[Layout::new("story", &["section.story"], &["div.headline"])];

static PAGES: Pages = Pages::new(LAYOUTS).with_chrome(Chrome::new(
    &["class=\"story\""],
    &["nav", "div.ads"],
    &["headline"],
));

static TEMPLATES: TemplateSet = TemplateSet::new(&[(
    "page.html",
    "{# made up for this test #}\n<article><h1>{{title}}</h1>{{body}}</article>\n",
)]);

static MIRROR: Mirror =
    Mirror::new("zhinan", "https://mirror.example.org/zn/").with_templates(&TEMPLATES);

/// Its lists: `https://news.example.org/list/NAME.html`, later pages `list/NAME/K.html`, mirrored
/// at `list/NAME.md` and `list/NAME/K.md`.
struct Lists;

impl ListGrammar for Lists {
    fn list_page(&self, url: &Url) -> Option<ListPage> {
        if url.host_str()? != "news.example.org" {
            return None;
        }
        let path: Vec<&str> = url.path_segments()?.collect();
        let (name, page) = match path.as_slice() {
            ["list", file] => (file.strip_suffix(".html")?, 1),
            ["list", name, file] => (*name, file.strip_suffix(".html")?.parse().ok()?),
            _ => return None,
        };
        let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase());
        (plain && page >= 1).then(|| ListPage::new(Edition::Gb, name, page, ListKind::Section))
    }

    fn page_url(&self, list: &ListPage, page: u32) -> Option<PageUrl> {
        let path = match page {
            1 => list.name.clone(),
            k => format!("{}/{k}", list.name),
        };
        Some(PageUrl::new(
            PageKind::Section,
            Edition::Gb,
            path.replace('/', "_"),
            format!("https://news.example.org/list/{path}.html"),
            format!("list/{path}.md"),
        ))
    }
}

static LIST_TABLES: &[ListTable] =
    &[
        ListTable::new("stories", "ul.stories", "li", &["a.headline[href]"])
            .with_fields(&["p.summary"], &["time"]),
    ];

static LIST_TEMPLATES: TemplateSet = TemplateSet::new(&[
    ("title-row.html", "{# made up #}\n<h1>{{heading}}</h1>"),
    (
        "row-a.html",
        "<li><a href=\"{{url}}\">{{title}}</a> {{date}}<br>{{excerpt}}</li>\n",
    ),
    (
        "pager.html",
        "<p><a href=\"{{prev}}\">‹</a> {{pages}}<a href=\"{{next}}\">›</a></p>\n",
    ),
    (
        "ending.html",
        "<p><a href=\"{{original_url}}\">原文</a></p>\n",
    ),
]);

static LIST_MIRROR: ListMirror = ListMirror::new(&LIST_TEMPLATES).with_pager(3, "[1] ", " ");

static LISTS: ListProfile = ListProfile::new(&Lists, LIST_TABLES)
    .with_headings(&["h1.section-title"], &[" - 指南日报"])
    .with_pager(PagerSelectors::new(
        "nav.pages a.page",
        "nav.pages .page",
        "nav.pages .current",
    ))
    .with_dates(DateShapes::new().with_iso(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$"))
    .with_mirror(&LIST_MIRROR);

static ZHINAN: SiteProfile = SiteProfile::new(
    "zhinan",
    "Zhinan Daily",
    "https://news.example.org/",
    &Grammar,
)
.with_hosts(&["news.example.org"])
.with_pages(&PAGES)
.with_mirror(&MIRROR)
.with_lists(&LISTS);

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<link rel="canonical" href="https://news.example.org/story/2024/0503/1234.html">
<title>河边的新桥通车了 - 指南日报</title></head>
<body>
<nav><a href="/">首页</a> <a href="/story/">新闻</a></nav>
<div class="ads"><p>广告位招租</p></div>
<div class="headline">河边的新桥通车了</div>
<section class="story">
<p>新桥今天上午通车，<a href="/story/2024/0502/1233.html">昨天的报道</a>说过工期。</p>
<p>居民说，过河<b>只要五分钟</b>了。</p>
</section>
<div class="ads"><p>又一个广告</p></div>
</body></html>
"#;

fn options() -> ExtractOptions {
    ExtractOptions::default().with_site(&ZHINAN)
}

// Field by field: the options may grow (`#[non_exhaustive]`).
#[allow(clippy::field_reassign_with_default)]
fn render_options() -> RenderOptions {
    let mut options = RenderOptions::default();
    options.links = LinkMap::default().with_site(&ZHINAN, MIRROR.base);
    options
}

#[test]
fn the_profile_checks() {
    ZHINAN.check().unwrap();
    ZHINAN.check_lists().unwrap();
}

/// Page 2 of its city list: two stories, a link off the site, a pager, a sidebar list that is
/// not the main list.
const LIST_PAGE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<link rel="canonical" href="https://news.example.org/list/city.html">
<title>本市新闻 - 指南日报</title></head>
<body>
<nav><a href="/">首页</a></nav>
<h1 class="section-title">本市新闻</h1>
<ul class="stories">
<li><a class="headline" href="/story/2024/0503/1234.html">河边的新桥通车了</a>
<time>2024-05-03 09:30</time><p class="summary">过河只要五分钟。</p></li>
<li><a class="headline" href="../../story/2024/0502/1233.html">新桥<b>明天</b>通车 &lt;b&gt;</a>
<time>5月2日</time><p class="summary">工期三年 &amp; "终于"</p></li>
<li><a class="headline" href="https://elsewhere.example/x.html">外站的报道</a></li>
</ul>
<nav class="pages"><a class="page" href="/list/city.html">1</a>
<span class="page current">2</span><a class="page" href="/list/city/3.html">3</a></nav>
<div class="side"><ul class="stories"><li><a class="headline" href="/story/2024/0101/1.html">旧闻</a></li></ul></div>
</body></html>
"#;

#[test]
fn a_list_page_of_a_site_defined_here_converts_end_to_end() {
    // The canonical link names page 1; the URL given wins (as for the registered sites).
    let given = options().with_url("https://news.example.org/list/city/2.html");
    let Page::Listing(listing) = extract_page(LIST_PAGE.as_bytes(), &given).unwrap() else {
        panic!("not read as a list page");
    };
    assert_eq!(listing.site, ZHINAN.site());
    assert_eq!(listing.url, "https://news.example.org/list/city/2.html");
    assert_eq!(
        (listing.name.as_str(), listing.page, listing.kind),
        ("city", 2, ListKind::Section)
    );
    assert_eq!(listing.heading, "本市新闻");
    assert_eq!(listing.layout, ListLayout::A);
    let pager = listing.pager.unwrap();
    assert_eq!((pager.current, pager.last), (2, Some(3)));
    // Only the main list's own items, in page order; the link off the site is reported.
    let titles: Vec<&str> = listing.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["河边的新桥通车了", "新桥明天通车 <b>"]);
    assert_eq!(
        listing.items[1].url,
        "https://news.example.org/story/2024/0502/1233.html"
    );
    let first = listing.items[0].date.as_ref().unwrap();
    assert_eq!(first.date, chrono::NaiveDate::from_ymd_opt(2024, 5, 3));
    assert_eq!(first.time, chrono::NaiveTime::from_hms_opt(9, 30, 0));
    // A date of no shape the profile knows is kept as shown, untyped, and reported.
    let second = listing.items[1].date.as_ref().unwrap();
    assert_eq!((second.text.as_str(), second.date), ("5月2日", None));
    let reported = |kind: DiagnosticKind, what: &str| {
        listing
            .diagnostics
            .iter()
            .any(|d| d.kind == kind && d.message.contains(what))
    };
    assert!(
        reported(DiagnosticKind::Unplaced, "外站的报道"),
        "{:?}",
        listing.diagnostics
    );
    assert!(
        reported(DiagnosticKind::Unparsed, "5月2日"),
        "{:?}",
        listing.diagnostics
    );

    let page = Page::Listing(listing);
    let mirror = render::page_to_string(&page, Format::Mirror, &render_options()).unwrap();
    assert_eq!(
        mirror,
        "<h1>本市新闻</h1>\n\
         <li><a href=\"https://mirror.example.org/zn/story/2024/0503/1234.md#1\">河边的新桥通车了</a> \
         2024-05-03 09:30<br>过河只要五分钟。</li>\n\
         <li><a href=\"https://mirror.example.org/zn/story/2024/0502/1233.md#1\">新桥明天通车 &lt;b&gt;</a> \
         5月2日<br>工期三年 &amp; \"终于\"</li>\n\
         <p><a href=\"https://mirror.example.org/zn/list/city.md#1\">‹</a> \
         <a href=\"https://mirror.example.org/zn/list/city.md#1\">1</a> 2 \
         <a href=\"https://mirror.example.org/zn/list/city/3.md#1\">3</a> \
         <a href=\"https://mirror.example.org/zn/list/city/3.md#1\">›</a></p>\n\
         <p><a href=\"https://news.example.org/list/city/2.html\">原文</a></p>\n"
    );
    let markdown = render::page_to_string(&page, Format::Markdown, &render_options()).unwrap();
    assert_eq!(
        markdown,
        "# 本市新闻\n\n\
         - [河边的新桥通车了](<https://mirror.example.org/zn/story/2024/0503/1234.md#1>) — \
         2024\\-05\\-03 09\\:30\n\n  过河只要五分钟。\n\n\
         - [新桥明天通车 \\<b\\>](<https://mirror.example.org/zn/story/2024/0502/1233.md#1>) — \
         5月2日\n\n  工期三年 \\& \\\"终于\\\"\n\n\
         原文：[本市新闻](<https://news.example.org/list/city/2.html>)\n"
    );
    let json = render::page_to_string(&page, Format::Json, &render_options()).unwrap();
    assert!(json.contains("\"site\": \"zhinan\""), "{json}");
}

#[test]
fn without_a_list_profile_its_list_pages_are_refused() {
    // The same site without lists: its list page is not an article, as before list profiles.
    static ARTICLES_ONLY: SiteProfile = SiteProfile::new(
        "zhinan",
        "Zhinan Daily",
        "https://news.example.org/",
        &Grammar,
    )
    .with_hosts(&["news.example.org"])
    .with_pages(&PAGES)
    .with_mirror(&MIRROR);
    let options = ExtractOptions::default()
        .with_site(&ARTICLES_ONLY)
        .with_url("https://news.example.org/list/city/2.html");
    assert!(matches!(
        extract_page(LIST_PAGE.as_bytes(), &options),
        Err(Error::NotAnArticle { .. } | Error::NoUrl { .. })
    ));
    // With its lists, but rendered with a link map without its mirror: no list file.
    let Page::Listing(listing) = extract_page(
        LIST_PAGE.as_bytes(),
        &self::options().with_url("https://news.example.org/list/city.html"),
    )
    .unwrap() else {
        panic!("not read as a list page");
    };
    assert!(matches!(
        render::page_to_string(
            &Page::Listing(listing),
            Format::Mirror,
            &RenderOptions::default()
        ),
        Err(Error::NotMirrorable { .. })
    ));
}

#[test]
fn a_page_of_a_site_defined_here_converts_end_to_end() {
    let article = extract(PAGE.as_bytes(), &options()).unwrap();
    assert_eq!(article.site, ZHINAN.site());
    assert_eq!(article.site.as_str(), "zhinan");
    assert_eq!(article.extraction, Extraction::Layout);
    assert_eq!(
        article.url,
        "https://news.example.org/story/2024/0503/1234.html"
    );
    assert_eq!(article.id, "1234");
    assert_eq!(article.edition, Edition::Gb);
    assert_eq!(
        article.published,
        chrono::NaiveDate::from_ymd_opt(2024, 5, 3)
    );
    assert_eq!(article.title, "河边的新桥通车了");
    assert_eq!(
        article.provenance.get("body").map(String::as_str),
        Some("layout story: selector section.story")
    );
    // Nothing of the chrome reached the article; the chrome was cut before parsing, and reading
    // the whole page gives the same article.
    let json = render::to_string(&article, Format::Json, &RenderOptions::default()).unwrap();
    assert!(json.contains("\"site\": \"zhinan\""), "{json}");
    assert!(!json.contains("广告") && !json.contains("首页"), "{json}");
    let mut whole = options();
    whole.whole_page = true;
    assert_eq!(extract(PAGE.as_bytes(), &whole).unwrap(), article);

    let mirror = render::to_string(&article, Format::Mirror, &render_options()).unwrap();
    assert_eq!(
        mirror,
        "<article><h1>河边的新桥通车了</h1>\t\
         <p>新桥今天上午通车，<a href=\"https://mirror.example.org/zn/story/2024/0502/1233.md#1\">昨天的报道</a>说过工期。</p>\n\
         <p>居民说，过河<strong>只要五分钟</strong>了。</p></article>\n"
    );
    let markdown = render::to_string(&article, Format::Markdown, &render_options()).unwrap();
    assert!(
        markdown.contains("[昨天的报道](https://mirror.example.org/zn/story/2024/0502/1233.md#1)"),
        "{markdown}"
    );
}

#[test]
fn without_the_profile_the_page_is_not_read() {
    // A page of a site newsmirror does not know goes to the generic rules, which find no
    // layout and too little running text here.
    assert!(matches!(
        extract(PAGE.as_bytes(), &ExtractOptions::default()),
        Err(Error::NotAnArticle { .. })
    ));
    // With the profile but a link map without its mirror, the article has no mirror file.
    let article = extract(PAGE.as_bytes(), &options()).unwrap();
    assert!(matches!(
        render::to_string(&article, Format::Mirror, &RenderOptions::default()),
        Err(Error::NotMirrorable { .. })
    ));
    // Read as another site's article (the JSON of a page of a site newsmirror does not know),
    // it has no mirror even with the site's mirror in the link map.
    let mut other = article;
    other.site = Site::Other;
    assert!(matches!(
        render::to_string(&other, Format::Mirror, &render_options()),
        Err(Error::NotMirrorable { .. })
    ));
}

#[test]
fn its_other_pages_are_refused_and_its_links_map_both_ways() {
    let home = PAGE.replace("/story/2024/0503/1234.html", "/about.html");
    assert!(matches!(
        extract(home.as_bytes(), &options()),
        Err(Error::NotAnArticle { .. })
    ));
    let links = render_options().links;
    assert_eq!(
        links
            .original_url("https://mirror.example.org/zn/story/2024/0503/1234.md#1")
            .as_deref(),
        Some("https://news.example.org/story/2024/0503/1234.html")
    );
    assert_eq!(
        links
            .rewrite("https://news.example.org/story/2024/0230/1.html", None)
            .as_deref(),
        Some("https://news.example.org/story/2024/0230/1.html"),
        "not a real date: not a page of the grammar"
    );
}
