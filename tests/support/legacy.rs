//! Legacy (table-era, 2001–2008) pages rebuilt around the bodies of the real OLD mirror files,
//! and the rules that compare our output with those files (issue 9, part 3).
//!
//! The page skeletons follow the STRUCTURE of our own legacy fixtures
//! (`fixtures/tools/make_legacy_fixtures.py`, templates `t2001` and `t2003`): an upper-case
//! `<HTML><HEAD>` with a `Content-Type` `<META>` (or none), `<TITLE>` = the headline, Dreamweaver
//! and menu scripts, banner / nav / search tables, a `<TABLE WIDTH=760>` whose `<TD WIDTH=560>`
//! holds the breadcrumb, the headline cell, the tools row and the story cell
//! (`<TD CLASS=content ID=content>`), a 今日要闻 list and a section grid, and a right cell
//! (`<TD WIDTH=199>`) with 相关新闻 and 热门新闻 boxes, then the footer table. No canonical link:
//! old pages never name their URL. All chrome text here is the project's own (invented); every
//! real string (headline, story, list titles and URLs) is read from the corpus at test time.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use scraper::Html;

use super::blocks::{self, Block, Kind};
use super::links;
use super::page::html_text;

/// The character a lost character (`?` of the old generator) is put back as: KATAKANA MIDDLE
/// DOT, which GBK lacks (the generator lost it between the parts of foreign names, §0). Written
/// into the page, it makes the GBK encoder emit a numeric character reference, as an old page
/// had to for such a character.
pub const LOST: char = '\u{30FB}';

/// A private-use character the comparison inserts into the REAL body where the page's markup
/// starts a new paragraph inside one block (`<br>` + U+3000 indent, `<br><br>`): the block reader
/// keeps it in the block's text (it is not whitespace), so a real block can be cut there.
pub const PARA: char = '\u{E000}';

/// The two table templates of the 2000s (fixtures/README.md "Legacy pages: what they look like").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// 2001–2002: `www.dajiyuan.com` links, a counter image.
    T2001,
    /// 2003–2008: `www.epochtimes.com` links, `urchin.js` from 2005.
    T2003,
}

impl Template {
    pub fn for_year(year: u32) -> Template {
        if year <= 2002 {
            Template::T2001
        } else {
            Template::T2003
        }
    }

    fn base(self) -> &'static str {
        match self {
            Template::T2001 => "http://www.dajiyuan.com",
            Template::T2003 => "http://www.epochtimes.com",
        }
    }

    /// The hosts the list links of the page use, in turn ("" = a relative `/gb/…` link).
    fn list_hosts(self) -> &'static [&'static str] {
        match self {
            Template::T2001 => &["http://www.dajiyuan.com", "", "http://epochtimes.com"],
            Template::T2003 => &[
                "http://www.epochtimes.com",
                "http://www.dajiyuan.com",
                "http://www1.epochtimes.com",
            ],
        }
    }
}

/// What goes into a legacy page. Titles are HTML text (entities kept); list URLs are original
/// URLs (`https://www.epochtimes.com/gb/…`), which the page writes on the old hosts.
#[derive(Debug, Clone)]
pub struct LegacySpec {
    /// The article's URL (only its date is used: old pages do not name their URL).
    pub url: String,
    pub title: String,
    /// The story cell's HTML.
    pub story: String,
    pub related: Vec<(String, String)>,
    pub hot: Vec<(String, String)>,
    pub template: Template,
    /// The charset the `<META HTTP-EQUIV>` declares; `None`: no declaration at all.
    pub declare: Option<&'static str>,
}

/// `(year, month, day, id)` of an article URL `…/gb/Y/M/D/nID.htm`.
pub fn url_parts(url: &str) -> (u32, u32, u32, u64) {
    static DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"/(?:gb|b5)/(\d+)/(\d+)/(\d+)/n(\d+)\.htm$").unwrap());
    let c = DATE
        .captures(url)
        .unwrap_or_else(|| panic!("not an article URL: {url}"));
    let y: u32 = c[1].parse().unwrap();
    (
        if y < 100 { 2000 + y } else { y },
        c[2].parse().unwrap(),
        c[3].parse().unwrap(),
        c[4].parse().unwrap(),
    )
}

/// An original article URL written as the old page wrote it: on host number `k` of the
/// template's hosts (or relative). Other URLs are returned unchanged.
pub fn on_old_host(url: &str, template: Template, k: usize) -> String {
    match url.strip_prefix("https://www.epochtimes.com") {
        Some(path) if path.starts_with("/gb/") || path.starts_with("/b5/") => {
            let hosts = template.list_hosts();
            format!("{}{path}", hosts[k % hosts.len()])
        }
        _ => url.to_string(),
    }
}

/// Section names and pages of the nav bar (invented ids).
const NAV: &[(&str, &str)] = &[
    ("首页", ""),
    ("大陆", "nsc413.htm"),
    ("国际", "nsc418.htm"),
    ("港澳", "nsc419.htm"),
    ("台湾", "nsc420.htm"),
    ("评论", "nsc422.htm"),
    ("文化", "nsc426.htm"),
    ("生活", "nsc427.htm"),
    ("科技", "nsc430.htm"),
];

/// Headlines of the page's own lists (今日要闻, the section grid): the project's own text.
const HEADS: &[&str] = &[
    "社区图书馆周末延长开放",
    "市区新增两条夜间公交线路",
    "山区小学迎来新校舍",
    "秋季农产品展销会开幕",
    "老街修缮工程进入尾声",
    "城郊湿地公园对外开放",
    "冬季供暖准备工作启动",
    "青年志愿者清扫河岸",
];

fn item_line(url: &str, title: &str) -> String {
    format!("&middot;<A HREF={url} TARGET=_blank>{title}</A><BR>")
}

fn side_box(title: &str, items: &[(String, String)], template: Template) -> String {
    let mut lines = String::new();
    for (k, (url, t)) in items.iter().enumerate() {
        lines.push_str(&item_line(&html_text(&on_old_host(url, template, k)), t));
        lines.push('\n');
    }
    format!(
        "<TABLE WIDTH=100% BORDER=0 CELLPADDING=4 CELLSPACING=0>\n<TR><TD CLASS=boxtitle BGCOLOR=#003399><FONT COLOR=#FFFFFF SIZE=2><B>{title}</B></FONT></TD></TR>\n<TR><TD CLASS=side>\n{lines}</TD></TR>\n</TABLE>\n<IMG SRC=/images/spacer.gif WIDTH=1 HEIGHT=6><BR>"
    )
}

/// Invented older article links of the page's own lists.
fn own_items(spec: &LegacySpec, n: usize, salt: u64) -> Vec<(String, String)> {
    let (y, m, d, id) = url_parts(&spec.url);
    (0..n)
        .map(|k| {
            let nid = id.saturating_sub(37 * (k as u64 + 1) + salt);
            let url = format!(
                "{}/gb/{}/{m}/{d}/n{nid}.htm",
                spec.template.list_hosts()[k % spec.template.list_hosts().len()],
                y % 100
            );
            (url, HEADS[(k + salt as usize) % HEADS.len()].to_string())
        })
        .collect()
}

/// The whole page, as text (encode it with [`encode`]).
pub fn build(spec: &LegacySpec) -> String {
    let t = spec.template;
    let base = t.base();
    let (y, _, _, _) = url_parts(&spec.url);
    let mut p = String::new();
    p.push_str("<HTML>\n<HEAD>\n");
    if let Some(cs) = spec.declare {
        writeln!(
            p,
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset={cs}\">"
        )
        .unwrap();
    }
    writeln!(p, "<TITLE>{}</TITLE>", spec.title).unwrap();
    p.push_str(concat!(
        "<META NAME=\"keywords\" CONTENT=\"大纪元,大纪元时报,新闻\">\n",
        "<LINK REL=\"stylesheet\" HREF=\"/gb/css/epoch.css\" TYPE=\"text/css\">\n",
        "<STYLE TYPE=\"text/css\">\n<!--\nA:link { color: #0033CC; text-decoration: none }\n",
        "TD { font-size: 10pt }\n.content { font-size: 11pt; line-height: 170% }\n",
        ".boxtitle { font-size: 10pt; font-weight: bold; color: #FFFFFF }\n.side { font-size: 9pt }\n-->\n</STYLE>\n",
        "<SCRIPT LANGUAGE=\"JavaScript\">\n<!--\nfunction MM_swapImgRestore() { //v3.0\n",
        "  var i,x,a=document.MM_sr; for(i=0;a&&i<a.length&&(x=a[i])&&x.oSrc;i++) x.src=x.oSrc;\n}\n",
        "function openWin(url) {\n  window.open(url, \"mail\", \"toolbar=no,width=420,height=360\");\n}\n//-->\n</SCRIPT>\n",
    ));
    p.push_str("<SCRIPT LANGUAGE=\"JavaScript\">\n<!--\nHM_PG_MenuWidth = 120;\n");
    for (k, (name, page)) in NAV.iter().enumerate().skip(1) {
        writeln!(
            p,
            "HM_Array{k} = [\n [120,\"mouse_x_position\",\"mouse_y_position\"],\n [\"{name}\",\"{base}/gb/{page}\",1,0,0]\n];"
        )
        .unwrap();
    }
    p.push_str("//-->\n</SCRIPT>\n</HEAD>\n");
    // banner, nav, editions + search
    write!(
        p,
        concat!(
            "<BODY BGCOLOR=#FFFFFF TEXT=#000000 LEFTMARGIN=0 TOPMARGIN=0 onLoad=\"MM_swapImgRestore()\">\n<A NAME=top></A>\n",
            "<TABLE WIDTH=760 BORDER=0 CELLPADDING=0 CELLSPACING=0 ALIGN=center>\n<TR>\n",
            "<TD WIDTH=200 ROWSPAN=2><A HREF={base}/gb/><IMG SRC=/gb/images/logo.gif WIDTH=200 HEIGHT=70 BORDER=0 ALT=\"大纪元\"></A></TD>\n",
            "<TD WIDTH=560 ALIGN=right VALIGN=top><FONT SIZE=2><SCRIPT LANGUAGE=\"JavaScript\">\n<!--\nvar today = new Date();\n",
            "document.write(today.getFullYear() + \"年\" + (today.getMonth() + 1) + \"月\" + today.getDate() + \"日\");\n//-->\n</SCRIPT>",
            " | <A HREF=/b5/>正体版</A> | <A HREF={base}/gb/ncsubscribe.htm>订阅</A></FONT></TD>\n</TR>\n",
            "<TR><TD ALIGN=right><A HREF={base}/ad/click.asp?id=117 TARGET=_blank><IMG SRC=/ad/banner468x60_117.gif WIDTH=468 HEIGHT=60 BORDER=0 ALT=\"\"></A></TD></TR>\n</TABLE>\n",
            "<TABLE WIDTH=760 BORDER=0 CELLPADDING=3 CELLSPACING=0 ALIGN=center BGCOLOR=#003399>\n<TR><TD ALIGN=center><FONT SIZE=2 COLOR=#FFFFFF>",
        ),
        base = base
    )
    .unwrap();
    let nav: Vec<String> = NAV
        .iter()
        .map(|(name, page)| format!("<A CLASS=nav HREF={base}/gb/{page}>{name}</A>"))
        .collect();
    p.push_str(&nav.join(" | "));
    write!(
        p,
        concat!(
            "</FONT></TD></TR>\n</TABLE>\n",
            "<TABLE WIDTH=760 BORDER=0 CELLPADDING=2 CELLSPACING=0 ALIGN=center BGCOLOR=#E6ECF7>\n",
            "<TR><TD><FONT SIZE=2>各地大纪元：<A HREF=http://www.dajiyuan.com/gb/nsc300.htm>美国</A> | <A HREF=http://www.dajiyuan.com/gb/nsc301.htm>加拿大</A> | <A HREF=http://www.dajiyuan.com/gb/nsc302.htm>澳洲</A></FONT></TD>\n",
            "<TD ALIGN=right><FORM ACTION=http://search.dajiyuan.com/cgi-bin/search.cgi METHOD=get TARGET=_blank STYLE=\"margin:0\"><FONT SIZE=2>搜索：</FONT><INPUT TYPE=text NAME=q SIZE=14><INPUT TYPE=hidden NAME=ed VALUE=gb></FORM></TD></TR>\n</TABLE>\n",
        )
    )
    .unwrap();
    // the main table: content cell (breadcrumb, headline, tools, story), lists, right cell
    let section = NAV[1];
    write!(
        p,
        concat!(
            "<TABLE WIDTH=760 BORDER=0 CELLPADDING=0 CELLSPACING=0 ALIGN=center>\n<TR>\n<TD WIDTH=560 VALIGN=top>\n",
            "<TABLE WIDTH=100% BORDER=0 CELLPADDING=6 CELLSPACING=0>\n",
            "<TR><TD><FONT SIZE=2>您的位置：<A HREF={base}/gb/>首页</A> &gt; <A HREF={base}/gb/{sp}>{sn}</A></FONT></TD></TR>\n",
            "<TR><TD ALIGN=center><FONT SIZE=5><B>{title}</B></FONT></TD></TR>\n",
            "<TR><TD ALIGN=right><FONT SIZE=2>【<A HREF=\"javascript:window.print()\">打印本文</A>】【<A HREF=\"javascript:openWin('/gb/mail.asp')\">推荐给朋友</A>】【<A HREF=\"javascript:window.close()\">关闭窗口</A>】</FONT></TD></TR>\n",
            "<TR><TD><HR SIZE=1 NOSHADE COLOR=#CCCCCC></TD></TR>\n",
            "<TR><TD CLASS=content ID=content>\n{story}\n</TD></TR>\n",
            "<TR><TD ALIGN=right><FONT SIZE=2><A HREF=#top>回到顶部</A></FONT></TD></TR>\n</TABLE>\n",
            "<TABLE WIDTH=100% BORDER=0 CELLPADDING=4 CELLSPACING=0>\n<TR><TD BGCOLOR=#E6ECF7><FONT SIZE=2><B>今日要闻</B></FONT></TD></TR>\n<TR><TD CLASS=side>\n",
        ),
        base = base,
        sp = section.1,
        sn = section.0,
        title = spec.title,
        story = spec.story,
    )
    .unwrap();
    for (url, title) in own_items(spec, 6, 0) {
        writeln!(p, "{}", item_line(&url, &title)).unwrap();
    }
    p.push_str("</TD></TR>\n</TABLE>\n<TABLE WIDTH=100% BORDER=0 CELLPADDING=4 CELLSPACING=0 CLASS=side>\n");
    for (row, pair) in NAV[2..6].chunks(2).enumerate() {
        p.push_str("<TR>");
        for (col, (name, page)) in pair.iter().enumerate() {
            write!(
                p,
                "<TD WIDTH=50% VALIGN=top><B><A HREF={base}/gb/{page}>{name}</A></B><BR>"
            )
            .unwrap();
            for (url, title) in own_items(spec, 3, 7 + 2 * row as u64 + col as u64) {
                write!(p, "&middot;<A HREF={url}>{title}</A><BR>").unwrap();
            }
            p.push_str("</TD>");
        }
        p.push_str("</TR>\n");
    }
    p.push_str(concat!(
        "</TABLE>\n</TD>\n<TD WIDTH=1 BGCOLOR=#CCCCCC><IMG SRC=/images/spacer.gif WIDTH=1 HEIGHT=1></TD>\n",
        "<TD WIDTH=199 VALIGN=top BGCOLOR=#F3F6FB>\n",
    ));
    if !spec.related.is_empty() {
        p.push_str(&side_box("相关新闻", &spec.related, t));
        p.push('\n');
    }
    p.push_str(&side_box("热门新闻", &spec.hot, t));
    p.push_str(concat!(
        "\n<CENTER><SCRIPT LANGUAGE=\"JavaScript\">\n<!--\nvar ads = new Array(\n",
        " \"<A HREF=/ad/click.asp?id=201 TARGET=_blank><IMG SRC=/ad/side_201.gif WIDTH=160 HEIGHT=120 BORDER=0></A>\",\n",
        " \"<A HREF=/ad/click.asp?id=233 TARGET=_blank><IMG SRC=/ad/side_233.gif WIDTH=160 HEIGHT=120 BORDER=0></A>\"\n);\n",
        "document.write(ads[Math.floor(Math.random() * ads.length)]);\n//-->\n</SCRIPT></CENTER>\n",
        "</TD>\n</TR>\n</TABLE>\n",
    ));
    // footer
    write!(
        p,
        concat!(
            "<TABLE WIDTH=760 BORDER=0 CELLPADDING=0 CELLSPACING=0 ALIGN=center>\n",
            "<TR><TD BGCOLOR=#003399 HEIGHT=2><IMG SRC=/images/spacer.gif WIDTH=1 HEIGHT=2></TD></TR>\n",
            "<TR><TD ALIGN=center><BR><FONT SIZE=2><A HREF=/gb/about.htm>关于我们</A> | <A HREF=/gb/contact.htm>联系我们</A> | <A HREF=/gb/ads.htm>广告服务</A><BR>\n",
            "Copyright &copy; 2000-{y} The Epoch Times. All rights reserved.</FONT><BR><BR></TD></TR>\n</TABLE>\n",
        ),
        y = y
    )
    .unwrap();
    if y >= 2005 {
        p.push_str("<SCRIPT SRC=\"http://www.google-analytics.com/urchin.js\" TYPE=\"text/javascript\"></SCRIPT>\n<SCRIPT TYPE=\"text/javascript\">\n_uacct = \"UA-123456-1\";\nurchinTracker();\n</SCRIPT>\n");
    } else {
        p.push_str("<IMG SRC=\"http://counter.dajiyuan.com/cgi-bin/count.cgi?df=gb_news_12.dat&amp;dd=C\" WIDTH=1 HEIGHT=1 BORDER=0 ALT=\"\">\n");
    }
    p.push_str("</BODY>\n</HTML>\n");
    p
}

/// The page's bytes in `codec` (`encoding_rs`: a character the codec lacks becomes a numeric
/// character reference, as it had to on an old page).
pub fn encode(page: &str, codec: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, used, _) = codec.encode(page);
    assert_eq!(
        used,
        codec,
        "encoding_rs encodes {} as itself",
        codec.name()
    );
    bytes.into_owned()
}

// ---------------------------------------------------------------------------------------------
// From the real mirror body to a plausible old page body
// ---------------------------------------------------------------------------------------------

/// `?` in text (between tags, not inside them) put back as [`LOST`]. A `?` inside a tag is part
/// of an attribute (`Focus.asp?Focus_ID=801`) and stays.
pub fn restore_lost(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => {}
        }
        out.push(if c == '?' && !in_tag { LOST } else { c });
    }
    out
}

/// The story of the page the real mirror body was made from: the generator's damage undone
/// (`<ahref`, `b=`, `<FONTCOLOR`, `data2-src`, `href=><a href=`), links it mapped into a mirror
/// put back to their original URLs, lost characters restored.
pub fn page_story(real_body: &str) -> String {
    // S8a/S9: `href="https://github.com/<account>/djy/blob/master/….md#1"`.
    static MIRRORED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"href="(https://github\.com/[^/"]+/(?:djy|ntdtv)/blob/master/[^"]*)""#)
            .unwrap()
    });
    let s = super::blocks::undo_tag_damage(real_body);
    let s = MIRRORED.replace_all(&s, |c: &regex::Captures<'_>| {
        match links::original_url(&c[1]) {
            Some(original) => format!("href=\"{original}\""),
            None => c[0].to_string(),
        }
    });
    restore_lost(&s)
}

/// A lead image as a 2008 table page shows one: a centred picture, its caption in small type
/// under it (the skeletons have no featured-image slot).
pub fn lead_html(src: &str, caption: &str) -> String {
    format!(
        "<P ALIGN=center><IMG SRC=\"{}\" BORDER=0></P>\n<P ALIGN=center><FONT SIZE=2 COLOR=#666666>{caption}</FONT></P>\n",
        html_text(src)
    )
}

// ---------------------------------------------------------------------------------------------
// Reading the real body for the comparison
// ---------------------------------------------------------------------------------------------

/// Text of an HTML fragment as a browser shows it: entities decoded, HTML whitespace collapsed.
pub fn html_to_text(html: &str) -> String {
    let text: String = Html::parse_fragment(html).root_element().text().collect();
    text.split([' ', '\t', '\n', '\r', '\x0C'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// White-on-white text (`<font color=#ffffff>…</font>`, any case and quoting) taken out of a
/// real body: `(body without it, the hidden texts)`.
pub fn take_hidden(html: &str) -> (String, Vec<String>) {
    static HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)<font\s+color\s*=\s*["']?(?:#?fff(?:fff)?|white)["']?\s*>(.*?)</font>"#)
            .unwrap()
    });
    let texts = HIDDEN
        .captures_iter(html)
        .map(|c| html_to_text(&c[1]))
        .collect();
    (HIDDEN.replace_all(html, "").into_owned(), texts)
}

/// A legacy related-article block at the end of a real body (`相关文章` and its rows of links,
/// mirror-format.md §4.3), taken out: `(body before it, the rows as (href, title))`. The block
/// starts at the element holding the heading and runs to the end of the body; `None` when the
/// body has no such heading. Panics when the block holds anything but link rows and dates, so
/// that no text of the story is ever taken for a related block.
pub fn take_related_block(
    html: &str,
    headings: &[&str],
) -> Option<(String, Vec<(String, String)>)> {
    static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?is)<a\s+href\s*=\s*["']?([^"'\s>]+)["']?[^>]*>(.*?)</a>"#).unwrap()
    });
    static DATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\(\d{1,2}/\d{1,2}/\d{4}\)$").unwrap());
    let at = headings.iter().filter_map(|h| html.find(h)).min()?;
    // the start of the element that holds the heading: the last `<p` (else `<li`, `<div`)
    let lower = html[..at].to_ascii_lowercase();
    let start = ["<p", "<div", "<li", "<table"]
        .iter()
        .filter_map(|t| lower.rfind(t))
        .max()
        .unwrap_or(at);
    let block = &html[start..];
    let rows: Vec<(String, String)> = ANCHOR
        .captures_iter(block)
        .map(|c| (c[1].to_string(), html_to_text(&c[2])))
        .collect();
    // nothing else but the heading and dates
    let rest = html_to_text(&ANCHOR.replace_all(block, " "));
    for word in rest.split(|c: char| c.is_whitespace()) {
        let word = word.trim_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
        assert!(
            word.is_empty() || headings.contains(&word) || DATE.is_match(word),
            "related block holds more than links and dates: {word:?}"
        );
    }
    Some((html[..start].to_string(), rows))
}

/// The real body with [`PARA`] inserted where the page's markup starts a new paragraph inside a
/// block: after a `<br>` followed by an indented line (U+3000), and between two `<br>`s.
pub fn mark_paragraph_breaks(html: &str) -> String {
    static INDENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("(?i)(<br\\s*/?>)(\\s*\u{3000})").unwrap());
    static DOUBLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)(<br\s*/?>)(\s*<br\s*/?>)").unwrap());
    let s = INDENT.replace_all(html, format!("${{1}}{PARA}${{2}}").as_str());
    DOUBLE
        .replace_all(&s, format!("${{1}}{PARA}${{2}}").as_str())
        .into_owned()
}

/// The normal form of a link target for the legacy comparison: [`links::normalize`], then an
/// article URL on any host of the site (`www.dajiyuan.com`, `www1.epochtimes.com`, `http://`…)
/// as its original `https://www.epochtimes.com/…` URL. Links with no article id stay as they are,
/// but for the `/` that the WHATWG serialisation gives a bare host (`https://example.org` →
/// `https://example.org/`, a keyword link of gb-1-1-1-n28504; the link map's documented output
/// form): the same address.
pub fn article_form(href: &str) -> String {
    static BARE_HOST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(https?://[^/?#\s]+)$").unwrap());
    static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^https?://(?:www\.|www1\.)?(?:epochtimes|dajiyuan)\.com(/(?:gb|b5)/\d+/\d+/\d+/n\d+\.htm)(?:[?#].*)?$",
        )
        .unwrap()
    });
    let n = links::normalize(href);
    match ARTICLE.captures(&n) {
        Some(c) => format!("https://www.epochtimes.com{}", &c[1]),
        None => BARE_HOST.replace(&n, "${1}/").into_owned(),
    }
}

/// Link targets of a block in [`article_form`], an empty link dropped: the page's doubly nested
/// keyword links (`<a X><font><a X>…</a></font></a>`, gb-1-1-10-n32069) leave an empty outer
/// anchor after HTML parsing, which the block reader counts and a reader cannot click; so the same
/// target twice in a row counts once, on both sides.
fn link_forms(b: &Block) -> Vec<String> {
    let mut l: Vec<String> = b.links.iter().map(|h| article_form(h)).collect();
    l.dedup();
    l
}

/// The paragraphs a real block stands for ([`PARA`] cuts), empty ones dropped.
fn pieces(b: &Block) -> Vec<String> {
    b.text
        .split(PARA)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Body comparison of a real old mirror body (read with the shared block reader after
/// [`mark_paragraph_breaks`]) and ours.
///
/// Paragraph rule: the old page splits paragraphs inside one element (`<p>A<br>　　B</p>`,
/// `A<BR><BR>B`); the real mirror keeps that element as one block, newsmirror writes one block per
/// paragraph. So a real block with k paragraph breaks stands for k+1 consecutive blocks of ours:
/// each of ours must carry the text of its piece (so the concatenated text of the k+1 blocks is
/// the real block's text, in order), the count of paragraphs is the real block count plus the
/// breaks, and links and images are compared over the k+1 blocks together. Every other real
/// block must match one block of ours under the shared reader's rules ([`blocks::same`]: `?`
/// wildcards, kinds, images), links in [`article_form`].
///
/// Returns the differences, each a readable line.
pub fn compare_body(real: &[Block], ours: &[Block]) -> Vec<String> {
    let mut f = Vec::new();
    let expected_paragraphs: usize = real.iter().map(|b| pieces(b).len().max(1)).sum();
    if expected_paragraphs != ours.len() {
        f.push(format!(
            "body: the real body stands for {expected_paragraphs} blocks ({} blocks + paragraph breaks), ours has {}",
            real.len(),
            ours.len()
        ));
    }
    let mut j = 0;
    let mut complete = true;
    for (i, r) in real.iter().enumerate() {
        let p = pieces(r);
        let n = p.len().max(1);
        let Some(group) = ours.get(j..j + n) else {
            f.push(format!(
                "body: real block {i} ({}) has no counterpart: ours ends at block {j}",
                blocks::describe(r)
            ));
            complete = false;
            break;
        };
        let ok = if n == 1 && !r.text.contains(PARA) {
            let mut rr = r.clone();
            rr.links = link_forms(r);
            let mut oo = group[0].clone();
            oo.links = link_forms(&group[0]);
            blocks::same(&rr, &oo)
        } else {
            let texts_ok = p
                .iter()
                .zip(group)
                .all(|(piece, o)| o.kind == Kind::Other && blocks::text_matches(piece, &o.text));
            let mut links: Vec<String> = group.iter().flat_map(link_forms).collect();
            links.dedup();
            let images: Vec<String> = group.iter().flat_map(|o| o.images.clone()).collect();
            texts_ok && links == link_forms(r) && images == r.images
        };
        if !ok {
            let mut msg = format!(
                "body: real block {i} differs from our block(s) {j}..{}:\n    real: {}",
                j + n,
                blocks::describe(r)
            );
            for (k, o) in group.iter().enumerate() {
                write!(msg, "\n    ours {}: {}", j + k, blocks::describe(o)).unwrap();
            }
            f.push(msg);
            // the rest would only repeat the shift
            complete = false;
            break;
        }
        j += n;
    }
    if complete && j < ours.len() {
        f.push(format!(
            "body: {} extra block(s) of ours from block {j}: {}",
            ours.len() - j,
            blocks::describe(&ours[j])
        ));
    }
    f
}
