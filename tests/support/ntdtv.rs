//! NTDTV (新唐人) original pages rebuilt from the parts of a mirror file, in the page structure
//! ntdtv-mirror-format.md §6 describes (the WordPress template: `div.article_title h1`, the
//! `北京时间：` time in `div.article_info`, the featured image, `div.post_content[itemprop=articleBody]`
//! inside `div.article_content`, the related block `div.post_related`), and the old generator's
//! damage to a body read back (§2.4 N1–N9), so that the page holds what the page held.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::undo_tag_damage;
use super::mirror::{TWITTER_BLOCK, VIDEO_BLOCK};
use super::page::html_text;

/// What goes into a page. Titles and captions are HTML text (entities kept); URLs are original.
#[derive(Debug, Clone)]
pub struct NtdtvPage {
    pub url: String,
    pub title: String,
    /// `北京时间：…` text of the time element, if any.
    pub time: Option<String>,
    /// Lead image `src` and caption.
    pub lead: Option<(String, String)>,
    /// A lead video: the player's URL (an `iframe` in the featured block).
    pub lead_video: Option<String>,
    /// The body HTML, inserted verbatim.
    pub body: String,
    pub related: Vec<(String, String)>,
}

/// The whole page.
pub fn build(p: &NtdtvPage) -> String {
    let title = html_text(&p.title);
    let url = html_text(&p.url);
    let mut s = String::new();
    write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\"><head><meta charset=\"UTF-8\">\n<title>{title} | 新唐人电视台</title>\n<link rel=\"canonical\" href=\"{url}\">\n</head><body>\n<div id=\"header\"><nav><a href=\"https://www.ntdtv.com/gb/prog204\">大陆</a><a href=\"https://www.ntdtv.com/gb/prog202\">国际</a></nav></div>\n<div id=\"breadcrumb\"><a href=\"https://www.ntdtv.com/gb/\">首页</a><a href=\"https://www.ntdtv.com/gb/prog204\">大陆新闻</a></div>\n<div class=\"article_title\"><h1>{title}</h1></div>\n"
    )
    .unwrap();
    if let Some(t) = &p.time {
        writeln!(
            s,
            "<div class=\"article_info\"><span class=\"time\">{}</span></div>",
            html_text(t)
        )
        .unwrap();
    }
    if let Some((src, caption)) = &p.lead {
        writeln!(
            s,
            "<div class=\"featured_image\"><figure><img src=\"{}\" alt=\"\"><figcaption class=\"caption\">{}</figcaption></figure></div>",
            html_text(src),
            html_text(caption)
        )
        .unwrap();
    }
    if let Some(player) = &p.lead_video {
        writeln!(
            s,
            "<div class=\"featured_image\"><div class=\"video_fit_container\"><iframe class=\"video_frame\" src=\"{}\" width=\"764\" height=\"430\"></iframe></div></div>",
            html_text(player)
        )
        .unwrap();
    }
    write!(
        s,
        "<div class=\"article_content\"><div class=\"post_content\" itemprop=\"articleBody\">\n{}</div></div>\n<div class=\"post_related\"><h3 class=\"block_title\">相关新闻</h3><ul>",
        p.body
    )
    .unwrap();
    for (u, t) in &p.related {
        write!(
            s,
            "<li><div class=\"title\"><a href=\"{}\">{}</a></div></li>",
            html_text(u),
            html_text(t)
        )
        .unwrap();
    }
    s.push_str("</ul></div>\n<div id=\"footer\"><p>© 新唐人电视台</p></div>\n</body></html>\n");
    s
}

/// The body of a real NTDTV mirror file read back into the page's HTML (§2.4): mirror links to
/// original links (`<ahref=><a href="BASE …md#1"` N3, tag links N2/N2′, program links N4,
/// `http://www.ntdtv.com/…md#1` N5), `<ahref` (N1), `b=` (N6), iframes and scripts renamed to
/// `<a>` with a video block inside (N7, N8), tweet media links (N9).
pub fn undo_body(body: &str) -> String {
    static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r##"<ahref=><a href="https://github\.com/[0-9a-z]+/ntdtv/blob/master/([^"#?]+)\.md#1""##).unwrap()
    });
    static MIRROR_LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r##"href="https://github\.com/[0-9a-z]+/ntdtv/blob/master/([^"#?]+?)(?:\.md#1)?""##,
        )
        .unwrap()
    });
    static SITE_MD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"href="(https?://www\.ntdtv\.com/[^"]*?)\.md#1""#).unwrap());
    static IFRAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r#"<a ([^<>]*?)src=""></a>(?:{})<a src="([^"]*)"([^<>]*)></a>"#,
            VIDEO_BLOCK.as_str()
        ))
        .unwrap()
    });
    static SCRIPT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<a ((?:[^<>]*\s)?src="[^"]*\.js"[^<>]*)></a>"#).unwrap());
    static TWEET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r#"</a>(?:{})<a href=""#, TWITTER_BLOCK.as_str())).unwrap()
    });
    let s = ARTICLE.replace_all(body, r#"<a href="https://www.ntdtv.com/$1.html""#);
    let s = MIRROR_LINK.replace_all(&s, |c: &regex::Captures<'_>| {
        let path = &c[1];
        let md = c[0].ends_with(".md#1\"");
        // articles (and B1/B0 tag links `gb/TAG.md#1`, N2′, the site's old tag form) had
        // `.html`; tag (`gb/focus/TAG`) and program links (`gb/progN`) had no suffix
        if md && !path.contains("/focus/") && !path.contains("prog") {
            format!("href=\"https://www.ntdtv.com/{path}.html\"")
        } else {
            format!("href=\"https://www.ntdtv.com/{path}\"")
        }
    });
    let s = SITE_MD.replace_all(&s, r#"href="$1.html""#);
    let s = IFRAME.replace_all(&s, r#"<iframe ${1}src="${2}"${3}></iframe>"#);
    let s = SCRIPT.replace_all(&s, "<script $1></script>");
    let s = TWEET.replace_all(&s, "pic.twitter.com/");
    undo_tag_damage(&s)
}
