//! The generic extractor, for pages no layout of the site profile matches: archived pages of the
//! 2000s in their table layouts, and pages of other sites.
//!
//! The story is the block that holds the most running text. "Text" is counted the CJK way:
//! characters, not words (a Latin word counts as one), and full-width sentence punctuation
//! (`，。！？；：`) is a strong sign of prose. Link text counts against a block, chrome
//! (navigation, sidebars, comments, footers) is skipped, and a block that opens with a
//! `【…讯】` dateline is the story almost by definition. One pass over the tree's edges, no
//! recursion.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use super::profile::PAGE;
use super::text::{collapse_whitespace, is_cjk};

/// Elements whose text is never the story.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "select", "button", "iframe", "svg", "head", "title", "textarea", "option",
];
/// Elements that hold a block of the story (the unit that is scored).
const CONTAINERS: &[&str] = &[
    "body",
    "div",
    "td",
    "article",
    "section",
    "main",
    "center",
    "blockquote",
    "dd",
    "li",
];
/// Less than this much text (weighted characters) is not an article.
const MIN_TEXT: usize = 120;
/// Fewer sentence marks than this is not running text.
const MIN_SENTENCES: usize = 3;
/// More than this share of link text is a list of links, not a story.
const MAX_LINK_DENSITY: f64 = 0.5;

static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)comment|footer|sidebar|side-bar|\bnav|menu|banner|breadcrumb|share|social|related|recommend|widget|advert|\bads?\b|sponsor|copyright|login|popup|hot_?news|toolbar",
    )
    .expect("static regex")
});

static DATELINE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*【[^【】]{1,16}?(?:讯|訊|报导|報導)】").expect("static regex")
});

#[derive(Default, Clone, Copy)]
struct Score {
    text: usize,
    links: usize,
    sentences: usize,
    dateline: bool,
}

impl Score {
    fn value(&self) -> f64 {
        let total = (self.text + self.links).max(1) as f64;
        let density = self.text as f64 / total;
        let base = self.text as f64 + 10.0 * self.sentences as f64;
        (base + if self.dateline { 5_000.0 } else { 0.0 }) * density
    }

    fn is_story(&self) -> bool {
        let total = (self.text + self.links).max(1) as f64;
        self.text >= MIN_TEXT
            && self.sentences >= MIN_SENTENCES
            && (self.links as f64 / total) <= MAX_LINK_DENSITY
    }
}

/// Whether an element is chrome by its name, class or id.
pub(crate) fn is_chrome(el: ElementRef<'_>) -> bool {
    let v = el.value();
    SKIP.contains(&v.name())
        || v.attr("class").is_some_and(|c| CHROME.is_match(c))
        || v.attr("id").is_some_and(|i| CHROME.is_match(i))
}

/// The element holding the most running text, if any holds enough to be a story.
pub(crate) fn main_block(html: &Html) -> Option<ElementRef<'_>> {
    let body = html
        .select(&PAGE.body)
        .next()
        .unwrap_or_else(|| html.root_element());
    let mut scores: HashMap<NodeId, Score> = HashMap::new();
    let mut containers: Vec<NodeId> = Vec::new();
    let mut skip: Option<NodeId> = None;
    let mut link_depth = 0usize;
    for edge in body.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) => {
                        let el = ElementRef::wrap(node).expect("an element");
                        if node.id() != body.id() && is_chrome(el) {
                            skip = Some(node.id());
                            continue;
                        }
                        if e.name() == "a" {
                            link_depth += 1;
                        }
                        if CONTAINERS.contains(&e.name()) {
                            containers.push(node.id());
                        }
                    }
                    Node::Text(t) => {
                        let Some(&owner) = containers.last() else {
                            continue;
                        };
                        let (weight, sentences) = weigh(t);
                        let s = scores.entry(owner).or_default();
                        if link_depth > 0 {
                            s.links += weight;
                        } else {
                            s.text += weight;
                            s.sentences += sentences;
                            // A dateline near the start of the block (after a headline, say).
                            if !s.dateline && s.text - weight < 60 && DATELINE_START.is_match(t) {
                                s.dateline = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if containers.last() == Some(&node.id()) {
                        containers.pop();
                    }
                }
            }
        }
    }
    // Of blocks that score the same, the first made (in document order, but for what the tree
    // builder moves): the map's order is random, and ties made the output differ from run to
    // run (found by the `prune` fuzz target, as a difference with and without the pre-pass).
    let (best, _) = scores.iter().filter(|(_, s)| s.is_story()).max_by(|a, b| {
        a.1.value()
            .total_cmp(&b.1.value())
            .then_with(|| b.0.cmp(a.0))
    })?;
    html.tree.get(*best).and_then(ElementRef::wrap)
}

/// CJK-aware weight of a text: CJK characters one each, a run of Latin letters or digits one,
/// and the number of sentence marks.
fn weigh(text: &str) -> (usize, usize) {
    let mut weight = 0;
    let mut sentences = 0;
    let mut in_word = false;
    for c in text.chars() {
        if matches!(c, '，' | '。' | '！' | '？' | '；' | '：') {
            sentences += 1;
            weight += 1;
            in_word = false;
        } else if is_cjk(c) {
            weight += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                weight += 1;
            }
            in_word = true;
        } else {
            if matches!(c, '.' | '!' | '?') {
                sentences += 1;
            }
            in_word = false;
        }
    }
    (weight, sentences)
}

/// Separators between a headline and the site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", "｜", " - ", " – ", " — ", "——", "－", "_", "|"];

/// The headline of a page without a layout, and where it came from: `og:title`; else the part of
/// `<title>` that a heading on the page repeats, or its longest part; else the first `h1`/`h2`.
pub(crate) fn title(html: &Html) -> Option<(String, &'static str)> {
    let root = html.root_element();
    let clean = |s: &str| collapse_whitespace(s).trim().to_string();
    if let Some(t) = root
        .select(&PAGE.og_title)
        .next()
        .and_then(|e| e.value().attr("content"))
        .map(clean)
        .filter(|t| !t.is_empty())
    {
        return Some((strip_site(&t, html), "meta og:title"));
    }
    if let Some(t) = root
        .select(&PAGE.title)
        .next()
        .map(|e| clean(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
    {
        return Some((strip_site(&t, html), "<title>"));
    }
    root.select(&PAGE.h1_h2)
        .map(|e| clean(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
        .map(|t| (t, "first h1/h2"))
}

/// `标题 - 某某新闻网` → `标题`: the part a heading of the page repeats, else the longest part.
fn strip_site(title: &str, html: &Html) -> String {
    let mut parts = vec![title.to_string()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect();
    }
    if parts.len() <= 1 {
        return title.to_string();
    }
    let on_page: Vec<String> = html
        .select(&PAGE.headings)
        .map(|e| {
            collapse_whitespace(&e.text().collect::<String>())
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    // A headline that itself holds a separator (`山城——夏夜的故事`) and that a heading repeats
    // whole is the headline, not a headline and a site name.
    if on_page.iter().any(|h| h == title) {
        return title.to_string();
    }
    if let Some(p) = parts.iter().find(|p| on_page.iter().any(|h| h == *p)) {
        return p.clone();
    }
    parts
        .into_iter()
        .max_by_key(|p| p.chars().count())
        .unwrap_or_else(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_counts_cjk_characters_and_latin_words() {
        assert_eq!(weigh("中文字，English words here。"), (8, 2));
        assert_eq!(weigh("   "), (0, 0));
    }

    #[test]
    fn the_densest_prose_wins_over_link_lists_and_chrome() {
        let story = "这是正文的一句话，讲述了一件事情。".repeat(12);
        let links = "<a href=x>很长很长的链接文字很长很长的链接文字</a>".repeat(30);
        let page = format!(
            r#"<html><body><div class="nav">{links}</div><table><tr><td id="l">{links}</td>
            <td id="story"><font size=5><b>标题</b></font><br><br>【大纪元5月1日讯】{story}<br><br>　　{story}</td></tr></table>
            <div class="footer">版权所有，违者必究。版权所有，违者必究。版权所有，违者必究。</div></body></html>"#
        );
        let html = Html::parse_document(&page);
        let block = main_block(&html).expect("a story");
        assert_eq!(block.value().attr("id"), Some("story"));
    }

    #[test]
    fn a_page_of_links_has_no_story() {
        let links = "<li><a href=x>一条新闻的标题文字，很长。</a></li>".repeat(50);
        let html = Html::parse_document(&format!("<html><body><ul>{links}</ul></body></html>"));
        assert!(main_block(&html).is_none());
    }

    #[test]
    fn titles_lose_the_site_name() {
        let html = Html::parse_document(
            "<html><head><title>山城的夏夜 - 某某新闻网</title></head><body><h2>山城的夏夜</h2></body></html>",
        );
        assert_eq!(title(&html), Some(("山城的夏夜".to_string(), "<title>")));
        let html = Html::parse_document(
            "<html><head><title>某网 | 一个比较长的新闻标题</title></head><body></body></html>",
        );
        assert_eq!(title(&html).unwrap().0, "一个比较长的新闻标题");
        // the separator is part of the headline the page shows
        let html = Html::parse_document(
            "<html><head><title>山城——夏夜的故事</title></head><body><font size=5><b>山城——夏夜的故事</b></font></body></html>",
        );
        assert_eq!(title(&html).unwrap().0, "山城——夏夜的故事");
    }
}
