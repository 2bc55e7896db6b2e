//! The article body inside a `begood0513/goodnews` (or `banned-news`) copy, with that
//! generator's changes undone (pairs/SOURCES.md).
//!
//! That generator embeds the page's body as prettified by BeautifulSoup (every tag and every
//! stripped text node on its own line, indented by one space per level) and renames `a` → `ok`
//! (the `banned-news` flavour: `a` → `span`; those copies have no other `span`) and `h2` → `h4`.
//! It also drops iframes, scripts and tweet widgets (the test restores iframes per pair).

use std::sync::LazyLock;

use regex::Regex;

/// The image and caption the copy shows above the body, if any (for pairs whose mirror lost
/// its lead image to a video block).
#[derive(Debug, Clone)]
pub struct GoodnewsLead {
    pub src: String,
}

/// The body HTML of a goodnews copy, still prettified.
pub fn raw_body(copy: &str) -> &str {
    let end = copy
        .rfind("<hr/>\n手机上长按")
        .expect("goodnews: no end-of-body <hr/>");
    let head = &copy[..end];
    let start = match head.find("<hr/>") {
        // lead image + caption, then <hr/>, then the body (maybe after Markdown promo lines)
        Some(i) => i + "<hr/>".len(),
        // no lead image: the body follows the navigation line
        None => {
            let nav = head
                .find("#### [首页]")
                .expect("goodnews: no navigation line");
            nav + head[nav..]
                .find('\n')
                .expect("goodnews: navigation line without end")
        }
    };
    let mut body = &head[start..];
    // Markdown promo lines and blank lines between the <hr/> and the HTML
    loop {
        let line_end = body.find('\n').map_or(body.len(), |i| i + 1);
        let line = &body[..line_end];
        if line.trim().is_empty() || line.trim_start().starts_with("####") {
            body = &body[line_end..];
        } else {
            break;
        }
    }
    body
}

/// The body with the prettify whitespace removed (`\n` plus indentation), `ok` → `a`,
/// `span href` → `a href`, `h4` → `h2`.
pub fn unprettify(raw: &str) -> String {
    static PRETTY_WS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n *").unwrap());
    let s = PRETTY_WS.replace_all(raw, "");
    let spans = s.matches("<span").count();
    assert_eq!(
        spans,
        s.matches("<span href=").count(),
        "goodnews copy with spans that are not renamed links"
    );
    s.replace("<ok", "<a")
        .replace("</ok>", "</a>")
        .replace("<span href=", "<a href=")
        .replace("</span>", "</a>")
        .replace("<h4", "<h2")
        .replace("</h4>", "</h2>")
}

/// The lead image of the copy (`<img … src="…">` before the first `<hr/>`), if any.
pub fn lead(copy: &str) -> Option<GoodnewsLead> {
    static IMG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"<img [^>]*src="([^"]*)"[^>]*/>"#).unwrap());
    let end = copy.find("<hr/>")?;
    let c = IMG.captures(&copy[..end])?;
    Some(GoodnewsLead {
        src: c[1].to_string(),
    })
}
