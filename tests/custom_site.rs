//! A site is data plus one module: a made-up site (its own URL grammar, a title and a body
//! selector, chrome rules, a one-line mirror template) is defined here, and a page of it is
//! converted end to end — extracted, rendered as its mirror file, as Markdown and as JSON —
//! with nothing changed outside this file.

use newsmirror::render::{self, Format, RenderOptions};
use newsmirror::sites::{
    Chrome, Layout, Mirror, PageKind, PageUrl, Pages, SiteProfile, TemplateSet, Url, UrlGrammar,
};
use newsmirror::{Edition, Error, ExtractOptions, Extraction, LinkMap, Site, extract};

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

static ZHINAN: SiteProfile = SiteProfile::new(
    "zhinan",
    "Zhinan Daily",
    "https://news.example.org/",
    &Grammar,
)
.with_hosts(&["news.example.org"])
.with_pages(&PAGES)
.with_mirror(&MIRROR);

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
