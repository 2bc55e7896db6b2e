//! Helpers of the list-page golden tests (`tests/lists.rs`): a reader of real list files (rows,
//! frame, pager, ending) and a builder of list pages around what a real file lists, in the two
//! reconstructed templates of list-pages-format.md §10.3. Nothing here holds real text: the
//! real strings are read from the shared corpus at test time; the few words of the pages' own
//! chrome (sidebar, script, breadcrumb) are the project's.

use std::sync::LazyLock;

use regex::Regex;

/// A real list file of layout A or B, taken apart.
pub struct RealList {
    /// Line 1 (anchor, navigation, text bar, title row, right column), without its `\n`.
    pub frame: String,
    /// The heading of the title row, as text (tags dropped).
    pub heading: String,
    pub rows: Vec<Row>,
    /// The pager row with its `\n`, when the file has one.
    pub pager: Option<String>,
    /// The ending, from `</table>` to the end of the file.
    pub ending: String,
}

/// One row of layout A or B.
pub struct Row {
    /// The row as the file has it, without its final `\n`.
    pub text: String,
    /// The mirror URL of the article.
    pub gh: String,
    /// The title's inner HTML.
    pub title: String,
    pub thumb: Option<String>,
    /// The excerpt without the generator's dots.
    pub excerpt: String,
    pub date: String,
}

static ROW_A: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?s)^<tr><td width="742"><h3><a href="([^"]+)" target="_blank">(.*?)</a><br></h3>"#,
        r#"(?:<a href="[^"]+" target="_blank"><img width="150" src="([^"]+)" align ="left"></a>)?"#,
        r#"(.*)\.\.\.\.\.\.<br><img align="bottom" src="https://www\.epochtimes\.com/assets/themes/djy/images/time\.gif"[^>]*> "#,
        r#"(.*?)[ \t]*</td></tr>$"#
    ))
    .unwrap()
});

static ROW_B: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?s)^<tr><td width="742"><h3>(?:<a href="[^"]+" target="_blank"><img width="250" src="([^"]+)"(?: class="[^"]*")? align ="left"></a>)?"#,
        r#"<a href="([^"]+)" target="_blank">(.*?)</a><br></h3>(.*)\.\.\.<br>"#,
        r#"<img align="bottom" src="https://raw\.githubusercontent\.com/1992513/www/master/t/ntdtv/time\.gif">(.*)</td></tr>$"#
    ))
    .unwrap()
});

static TAGS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());

/// Reads a real A/B list file (`b` for layout B).
pub fn read_ab(text: &str, b: bool) -> RealList {
    let (frame, rest) = text.split_once('\n').expect("line 1 ends");
    let strong = frame.find("<p><strong>").expect("title row") + "<p><strong>".len();
    let end = frame[strong..]
        .find("</strong></p>")
        .expect("title row end")
        + strong;
    let heading = html_text(&frame[strong..end]);
    let end_at = rest.find("</table><div align=\"center\">").expect("ending");
    let ending = rest[end_at..].to_string();
    let mut body = &rest[..end_at];
    let mut pager = None;
    if let Some(p) = body.find("<tr><td><h3><a href=") {
        pager = Some(body[p..].to_string());
        body = &body[..p];
    }
    let mut rows = Vec::new();
    let starts: Vec<usize> = body
        .match_indices("<tr><td width=\"742\"><h3>")
        .map(|(i, _)| i)
        .collect();
    for (n, &s) in starts.iter().enumerate() {
        let e = starts.get(n + 1).copied().unwrap_or(body.len());
        let text = body[s..e].strip_suffix('\n').expect("a row ends its line");
        let row = if b {
            let c = ROW_B
                .captures(text)
                .unwrap_or_else(|| panic!("B row: {text}"));
            Row {
                text: text.to_string(),
                thumb: c.get(1).map(|m| m.as_str().to_string()),
                gh: c[2].to_string(),
                title: c[3].to_string(),
                excerpt: c[4].to_string(),
                date: c[5].to_string(),
            }
        } else {
            let c = ROW_A
                .captures(text)
                .unwrap_or_else(|| panic!("A row: {text}"));
            Row {
                text: text.to_string(),
                gh: c[1].to_string(),
                title: c[2].to_string(),
                thumb: c.get(3).map(|m| m.as_str().to_string()),
                excerpt: c[4].to_string(),
                date: c[5].to_string(),
            }
        };
        rows.push(row);
    }
    RealList {
        frame: frame.to_string(),
        heading,
        rows,
        pager,
        ending,
    }
}

/// Text of an HTML fragment: tags dropped, numeric and the common named entities decoded.
pub fn html_text(html: &str) -> String {
    decode_entities(&TAGS.replace_all(html, ""))
}

/// Numeric references and `&amp; &lt; &gt; &quot; &#39; &nbsp;` decoded.
pub fn decode_entities(s: &str) -> String {
    static ENTITY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|nbsp);").unwrap());
    ENTITY
        .replace_all(s, |c: &regex::Captures<'_>| {
            let e = &c[1];
            let ch = match e {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "nbsp" => Some('\u{a0}'),
                _ if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                _ => e[1..].parse().ok().and_then(char::from_u32),
            };
            ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
        })
        .into_owned()
}

/// Runs of whitespace folded to one space, ends trimmed.
pub fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The real file's text after its accepted repairs (§12.6): entities as characters, a copied
/// `class=` and time.gif attributes and trailing whitespace dropped, whitespace folded.
pub fn repaired_row(real: &str) -> String {
    static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#" class="[^"]*""#).unwrap());
    static ICON: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(time\.gif")[^>]*>"#).unwrap());
    static TRAIL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t]+</td></tr>$").unwrap());
    let s = CLASS.replace_all(real, "");
    let s = ICON.replace_all(&s, "$1>");
    let s = TRAIL.replace_all(&s, "</td></tr>");
    fold(&decode_entities(&s))
}

/// `ours` equals `real` where the real file's `?` (a character the old generator lost) matches
/// any one character. `None` when equal, else the first difference.
pub fn lossy_eq(real: &str, ours: &str) -> Option<String> {
    let r: Vec<char> = real.chars().collect();
    let o: Vec<char> = ours.chars().collect();
    let mut i = 0;
    while i < r.len().min(o.len()) {
        // A `?` of the real file stands for any one non-ASCII character.
        let lost = r[i] == '?' && !o[i].is_ascii();
        if r[i] != o[i] && !lost {
            let from = i.saturating_sub(40);
            let show = |v: &[char]| v[from..(i + 40).min(v.len())].iter().collect::<String>();
            return Some(format!(
                "at char {i}:\n  real: {}\n  ours: {}",
                show(&r),
                show(&o)
            ));
        }
        i += 1;
    }
    (r.len() != o.len()).then(|| {
        format!(
            "lengths differ ({} real, {} ours) after the common {i} chars; tail real {:?} ours {:?}",
            r.len(),
            o.len(),
            r[i..].iter().take(80).collect::<String>(),
            o[i..].iter().take(80).collect::<String>()
        )
    })
}

/// The random parts of a list file's frame masked (§12.1, §12.3): CloudFront hosts and the
/// text bar's query letters.
pub fn mask(frame: &str) -> String {
    static HOST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"https://d[a-z0-9]+\.cloudfront\.net/").unwrap());
    static QUERY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\?[a-z]{5,9}(#1)?" target="_blank">"#).unwrap());
    let s = HOST.replace_all(frame, "https://{HOST}.cloudfront.net/");
    QUERY
        .replace_all(&s, "?{Q}$1\" target=\"_blank\">")
        .into_owned()
}

/// The video hosts of a frame's right column (`…/video/play/N.html`).
pub fn video_hosts(frame: &str) -> Vec<String> {
    static VIDEO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"https://(d[a-z0-9]+)\.cloudfront\.net/video/play/").unwrap());
    VIDEO
        .captures_iter(frame)
        .map(|c| c[1].to_string())
        .collect()
}

/// Splits a frame at its title row's heading: (before, heading text, after).
pub fn split_heading(frame: &str) -> (String, String, String) {
    let strong = frame.find("<p><strong>").expect("title row") + "<p><strong>".len();
    let end = frame[strong..]
        .find("</strong></p>")
        .expect("title row end")
        + strong;
    (
        frame[..strong].to_string(),
        fold(&html_text(&frame[strong..end])),
        frame[end..].to_string(),
    )
}

/// One item of a rebuilt list page.
pub struct Item {
    pub url: String,
    /// Inner HTML of the title link.
    pub title: String,
    pub thumb: Option<String>,
    pub excerpt: String,
    pub date: String,
    pub featured: bool,
}

/// The two reconstructed templates of §10.3.
#[derive(Clone, Copy, Debug)]
pub enum Template {
    /// Older "djy" theme: `div.cat_title`, lazy images with `<noscript>`, `div.time`.
    Djy,
    /// Newer layout: `div.block_title`, title before the image, `div.content`, `div.date` /
    /// `span.date`, root-relative links, CRLF line ends.
    New,
}

pub struct ListSpec<'a> {
    pub url: &'a str,
    /// The canonical link the page carries (`None`: none).
    pub canonical: Option<&'a str>,
    pub heading: &'a str,
    /// The `<title>`, when it differs from the heading.
    pub title: Option<&'a str>,
    pub items: Vec<Item>,
    /// `(current, last)` of the page's pager.
    pub pager: Option<(u32, u32)>,
    /// Layout B's date element (`span.date`) in the newer template.
    pub b: bool,
    pub edition: &'a str,
}

const TIME_GIF: &str = "https://www.epochtimes.com/assets/themes/djy/images/time.gif";
const WHITE: &str = "https://www.epochtimes.com/assets/themes/djy/images/white.png";

/// A list page around `spec`'s items, with the chrome an extractor must ignore: a sidebar list
/// in the item markup, a script holding `one_post` markup, a digest of article links.
pub fn build(spec: &ListSpec<'_>, template: Template) -> String {
    let site = "https://www.epochtimes.com";
    let rel = |u: &str| -> String {
        match template {
            Template::New => u.strip_prefix(site).unwrap_or(u).to_string(),
            Template::Djy => u.to_string(),
        }
    };
    let mut items = String::new();
    for it in &spec.items {
        let featured = if it.featured { " featured" } else { "" };
        let href = rel(&it.url);
        let img = |lazy: bool| -> String {
            match &it.thumb {
                Some(t) if lazy => format!(
                    r#"<div class="img"><a href="{href}"><img class="lazy" src="{WHITE}" data-src="{t}" alt=""><noscript><img src="{t}" alt=""></noscript></a></div>"#
                ),
                Some(t) => {
                    format!(r#"<div class="img"><a href="{href}"><img src="{t}" alt=""></a></div>"#)
                }
                None => String::new(),
            }
        };
        match template {
            Template::Djy => items.push_str(&format!(
                "    <div class=\"one_post{featured}\">\n      {}\n      <div class=\"text\">\n        <div class=\"title\"><a href=\"{href}\">{}</a></div>\n        <div class=\"excerpt\">{}</div>\n        <div class=\"time\"><img src=\"{TIME_GIF}\"> {}\t</div>\n      </div>\n    </div>\n",
                img(true),
                it.title,
                it.excerpt,
                it.date
            )),
            Template::New => {
                let date = if spec.b {
                    format!("<span class=\"date\">{}</span>", it.date)
                } else {
                    format!("<div class=\"date\"><img src=\"{TIME_GIF}\" width=\"16\" height=\"16\"> {}</div>", it.date)
                };
                items.push_str(&format!(
                    "    <div class=\"one_post{featured}\">\n      <div class=\"text\">\n        <div class=\"title\"><a href=\"{href}\" title=\"{}\">{}</a></div>\n        {}\n        <div class=\"content\">\n{}\n</div>\n        {date}\n      </div>\n    </div>\n",
                    html_text(&it.title).replace('"', "&quot;"),
                    it.title,
                    img(false),
                    it.excerpt
                ))
            }
        }
    }
    let pager = match spec.pager {
        None => String::new(),
        Some((current, last)) => {
            let base = spec.url.trim_end_matches(".htm");
            let base = base
                .rsplit_once('_')
                .filter(|(_, k)| k.parse::<u32>().is_ok())
                .map_or(base, |(b, _)| b);
            let mut p = String::new();
            for n in 1..=last.min(current + 3) {
                if n == current {
                    p.push_str(&format!(
                        "<span aria-current=\"page\" class=\"page-numbers current\">{n}</span> "
                    ));
                } else {
                    let u = if n == 1 {
                        format!("{base}.htm")
                    } else {
                        format!("{base}_{n}.htm")
                    };
                    p.push_str(&format!(
                        "<a class=\"page-numbers\" href=\"{}\">{n}</a> ",
                        rel(&u)
                    ));
                }
            }
            p.push_str(&format!("<span class=\"page-numbers dots\">&hellip;</span> <a class=\"page-numbers\" href=\"{}\">{}</a>", rel(&format!("{base}_{last}.htm")), format_thousands(last)));
            match template {
                Template::Djy => format!("  <div class=\"pagination\">{p}</div>\n"),
                Template::New => format!(
                    "  <nav class=\"navigation pagination\"><div class=\"nav-links\">{p}</div></nav>\n"
                ),
            }
        }
    };
    let ed = spec.edition;
    let canonical = spec
        .canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{c}\" />\n"))
        .unwrap_or_default();
    let title = spec.title.unwrap_or(spec.heading);
    let sidebar = format!(
        "<div class=\"box\"><div class=\"box_header boxTitle\">侧栏排行</div><div class=\"post_list right_col\"><div class=\"one_post\"><div class=\"text\"><div class=\"title\"><a href=\"{site}/{ed}/20/1/2/n11790002.htm\">侧栏里的一条</a></div><div class=\"date\">2020年01月02日 1:00 PM</div></div></div></div></div>"
    );
    let script = format!(
        "<script>var more = '<div class=\"post_list left_col\"><div class=\"one_post\"><div class=\"text\"><div class=\"title\"><a href=\"{site}/{ed}/20/1/1/n11790001.htm\">脚本里的一条<\\/a><\\/div><\\/div><\\/div><\\/div>';</script>"
    );
    let digest = format!(
        "<div id=\"section_digest\"><div class=\"newslist\"><a href=\"{site}/{ed}/20/1/3/n11790003.htm\">摘要里的一条</a></div></div>"
    );
    match template {
        Template::Djy => format!(
            "<!DOCTYPE html>\n<html lang=\"zh_CN\">\n<head>\n<meta charset=\"UTF-8\">\n<title>{title} | 大纪元</title>\n{canonical}{script}\n</head>\n<body class=\"archive {ed}\">\n<div id=\"main\" class=\"row\">\n<div class=\"large-8 medium-8 small-12 bgcolor column left\">\n  <div id=\"breadcrumb\"><a href=\"{site}/{ed}/\">首页</a> &gt; <a href=\"{}\">栏目</a></div>\n  <div class=\"cat_title\">{}</div>\n  <div class=\"sub_cats\"><a href=\"{site}/{ed}/nsc414.htm\">子栏目</a></div>\n  <div class=\"post_list left_col\">\n{items}  </div>\n{pager}</div>\n<div class=\"large-4 medium-4 small-12 column right\">{sidebar}</div>\n</div>\n{digest}\n</body>\n</html>\n",
            spec.url, spec.heading
        ),
        Template::New => format!(
            "<!DOCTYPE html>\r\n<html lang=\"zh-Hans\">\r\n<head>\r\n<meta charset=\"UTF-8\">\r\n<title>{title} | 大纪元</title>\r\n{canonical}{script}\r\n</head>\r\n<body>\r\n<main class=\"main_content\">\r\n  <div class=\"breadcrumb\"><a href=\"/{ed}/\">首页</a> / <a href=\"{}\">栏目</a></div>\r\n  <div class=\"block_title\"><h1>{}</h1></div>\r\n  <div class=\"sub_cats\"><a href=\"/{ed}/nsc414.htm\">子栏目</a></div>\r\n  <div class=\"list_wrap\">\r\n  <div class=\"post_list left_col\">\r\n{}  </div>\r\n  </div>\r\n{pager}</main>\r\n<aside class=\"sidebar\">{sidebar}</aside>\r\n{digest}\r\n</body>\r\n</html>\r\n",
            rel(spec.url),
            spec.heading,
            items.replace('\n', "\r\n")
        ),
    }
}

fn format_thousands(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
