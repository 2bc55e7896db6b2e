//! Original-page skeletons the extractor recognises, filled with an article's parts.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

/// The two page layouts of the site (source-pages.md §4.1, §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Foundation "djy" theme: `div.arttop h1`, `div#artbody`, comment markers.
    Djy,
    /// Newer layout: `div.main_content`, `div.titles h1`, `div.post_content`.
    New,
}

impl Layout {
    pub const ALL: [Layout; 2] = [Layout::Djy, Layout::New];

    pub fn name(self) -> &'static str {
        match self {
            Layout::Djy => "djy",
            Layout::New => "new",
        }
    }
}

/// What goes into a page. Titles and captions are HTML text (entities kept); URLs are original.
#[derive(Debug, Clone)]
pub struct PageSpec {
    pub url: String,
    pub title: String,
    /// Lead image `src` and caption.
    pub lead: Option<(String, String)>,
    /// The body HTML, inserted verbatim after a newline.
    pub body: String,
    pub related: Vec<(String, String)>,
    pub hot: Vec<(String, String)>,
}

/// `s` as HTML text: entities and text kept, only what would break the markup escaped (a bare
/// `&` that starts no entity, `<`, `>`, `"`).
pub fn html_text(s: &str) -> String {
    static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);").unwrap()
    });
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            '&' if !ENTITY.is_match(&s[i..]) => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn list(items: &[(String, String)]) -> String {
    let mut s = String::new();
    for (url, title) in items {
        write!(
            s,
            "<li><a href=\"{}\">{}</a></li>",
            html_text(url),
            html_text(title)
        )
        .unwrap();
    }
    s
}

/// The whole page in `layout`.
pub fn build(spec: &PageSpec, layout: Layout) -> String {
    let (y, m, d, _) = super::legacy::url_parts(&spec.url);
    let title = html_text(&spec.title);
    let url = html_text(&spec.url);
    let sidebar = format!(
        "<div class=\"large-4 medium-4 small-12 column right\"><div class=\"box\"><div class=\"block-wrap\"><div class=\"box_header boxTitle\">热门新闻</div><ul>{}</ul></div></div></div>\n",
        list(&spec.hot)
    );
    let mut p = format!(
        "<!DOCTYPE html><html lang=\"zh_CN\"><head><meta charset=\"UTF-8\"><title>{title} | 大纪元</title>\n<link rel=\"canonical\" href=\"{url}\" /></head><body>\n"
    );
    match layout {
        Layout::Djy => {
            p.push_str("<div class=\"large-8 medium-8 small-12 bgcolor column left\">\n");
            writeln!(
                p,
                " <div class=\"arttop arttop2\"><h1 class=\"blue18 title\">{title}</h1></div>"
            )
            .unwrap();
            p.push_str(" <div id=\"artbody\" class=\"column\">\n");
            writeln!(
                p,
                "  <div class=\"mbottom10 large-12 medium-12 small-12 columns\"><time datetime=\"{y:04}-{m:02}-{d:02}T08:00:00-04:00\">更新: {y:04}-{m:02}-{d:02} 8:00 AM</time></div>"
            )
            .unwrap();
            if let Some((src, caption)) = &spec.lead {
                let src = html_text(src);
                writeln!(
                    p,
                    "  <div class=\"featured_image\"><a href=\"{src}\"><img class=\"lazy\" src=\"/assets/themes/djy/images/white.png\" data-src=\"{src}\" alt=\"\"><noscript><img src=\"{src}\"></noscript></a><div class=\"red16 caption\">{}</div></div>",
                    html_text(caption)
                )
                .unwrap();
            }
            p.push_str("  <!-- article content begin -->\n");
            p.push_str(&spec.body);
            p.push_str("\n  <!-- article content end -->\n");
            writeln!(
                p,
                "  <div id=\"recommend_post\"><div class=\"title\">相关新闻</div><ul>{}</ul></div>",
                list(&spec.related)
            )
            .unwrap();
            p.push_str(" </div></div>\n");
        }
        Layout::New => {
            write!(
                p,
                "<div class=\"main_content\"><div class=\"titles\"><h1>{title}</h1></div><div class=\"info\"><time datetime=\"{y:04}-{m:02}-{d:02}T08:00:00-04:00\">{y:04}-{m:02}-{d:02} 8:00 AM 更新</time></div>"
            )
            .unwrap();
            if let Some((src, caption)) = &spec.lead {
                write!(
                    p,
                    "<div class=\"featured_image\"><figure><img src=\"/assets/themes/djy/images/white.png\" data-src=\"{}\"><figcaption>{}</figcaption></figure></div>",
                    html_text(src),
                    html_text(caption)
                )
                .unwrap();
            }
            write!(
                p,
                "<div class=\"post_content\" itemprop=\"articleBody\">\n{}</div>",
                spec.body
            )
            .unwrap();
            writeln!(
                p,
                "<div class=\"post_related\"><h3>相关新闻</h3><ul>{}</ul></div></div>",
                list(&spec.related)
            )
            .unwrap();
        }
    }
    p.push_str(&sidebar);
    p.push_str("</body></html>\n");
    p
}
