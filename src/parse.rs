//! Text → DOM. The one place that knows which HTML parser the crate uses.
//!
//! html5ever's tokenizer and tree builder, with a token filter between them:
//!
//! * **Scripts and styles never reach the tree.** Their start tag switches the tokenizer to raw
//!   text (as the tree builder would), and their text and end tag are dropped. Nothing in an
//!   article lives there, and pages carry a lot of it. The one exception, when the caller asks
//!   ([`prepared_with_json_ld`]): `<script type="application/ld+json">`, the page's structured
//!   data (a site's times), kept with its text and its `type`.
//! * **Only attributes the extractor reads are kept** ([`KEPT_ATTRIBUTES`]); layout and event
//!   attributes (`width`, `style`…`onclick`, `srcset`, `aria-*`) would only take memory.
//! * **Depth is bounded.** The tree builder's scope checks walk its stack of open elements, so a
//!   page nesting 200,000 `<div>`s costs quadratic time. Start tags beyond [`MAX_DEPTH`] open
//!   elements are dropped (with their end tags); their text still flows into the deepest kept
//!   element, so nothing of what the page says is lost, only the excess nesting.
//!
//! `scraper` stores the tree in an arena, so neither building nor dropping it recurses.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult, local_name};
use scraper::{Html, HtmlTreeSink};

use crate::html::MAX_DEPTH;

/// Parses text whose tags carry at most [`MAX_ATTRIBUTES`](crate::html::MAX_ATTRIBUTES)
/// attributes each (the pre-pass, `crate::prune`, cuts the rest: this parser does not call it).
pub(crate) fn prepared(text: &str) -> Html {
    prepared_with_json_ld(text, false)
}

/// [`prepared`], keeping the `application/ld+json` scripts when `json_ld` is set (every other
/// script is still dropped).
pub(crate) fn prepared_with_json_ld(text: &str, json_ld: bool) -> Html {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let mut filter = Filter::new(builder);
    filter.json_ld = json_ld;
    let tokenizer = Tokenizer::new(filter, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// The attributes anything downstream reads: selectors of the site profiles, lazy-image and
/// embed sources, links, metadata, and the signs of hidden text. Every other attribute is dropped
/// before it reaches the tree.
pub(crate) const KEPT_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "href",
    "src",
    "alt",
    "title",
    "content",
    "property",
    "name",
    "rel",
    "datetime",
    "lang",
    "color",
    "style",
    "hidden",
    "itemprop",
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-tweet-id",
    "data",
    "charset",
    "http-equiv",
];

fn keep_attribute(name: &LocalName) -> bool {
    KEPT_ATTRIBUTES.contains(&&**name)
}

/// `<script type="application/ld+json">` (the type's value trimmed, ASCII case-insensitive).
pub(crate) fn is_json_ld(tag: &Tag) -> bool {
    tag.name == local_name!("script")
        && tag.attrs.iter().any(|a| {
            a.name.local == local_name!("type")
                && a.value.trim().eq_ignore_ascii_case("application/ld+json")
        })
}

/// Elements whose content is raw text the article never needs.
fn dropped_raw(name: &LocalName) -> Option<RawKind> {
    match *name {
        local_name!("script") => Some(RawKind::ScriptData),
        local_name!("style") => Some(RawKind::Rawtext),
        _ => None,
    }
}

/// Elements that never have an end tag: [`crate::html::VOID_ELEMENTS`], matched as atoms on
/// the filter's per-tag path (a test checks that the two agree).
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("keygen")
            | local_name!("frame")
            | local_name!("basefont")
            | local_name!("bgsound")
    )
}

/// Elements the tree builder closes by itself when a sibling starts (`<p>a<p>b`); counting them
/// as open would make the depth estimate drift on old pages that never close them.
/// [`crate::html::IMPLICITLY_CLOSED`], matched as atoms.
fn closes_implicitly(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("li")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("option")
            | local_name!("optgroup")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("rb")
            | local_name!("rt")
            | local_name!("rp")
            | local_name!("rtc")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("html")
            | local_name!("head")
            | local_name!("body")
            | local_name!("colgroup")
            | local_name!("caption")
    )
}

struct Filter<S> {
    inner: S,
    /// Inside a dropped script or style: its name, until its end tag.
    raw: RefCell<Option<LocalName>>,
    /// Inside `<svg>` or `<math>`: foreign content, where `<script>` is an ordinary element.
    foreign: Cell<usize>,
    /// An estimate of the tree builder's open elements (those that nest).
    open: RefCell<Vec<LocalName>>,
    /// Start tags dropped for depth, innermost last, awaiting their end tags.
    excess: RefCell<Vec<LocalName>>,
    /// Keep `application/ld+json` scripts.
    json_ld: bool,
    /// A kept JSON-LD script's start tag is being passed on.
    json_ld_start: Cell<bool>,
}

impl<S> Filter<S> {
    fn new(inner: S) -> Self {
        Filter {
            inner,
            raw: RefCell::new(None),
            foreign: Cell::new(0),
            open: RefCell::new(Vec::new()),
            excess: RefCell::new(Vec::new()),
            json_ld: false,
            json_ld_start: Cell::new(false),
        }
    }

    /// Decides what happens to a tag: `Some(result)` answers the tokenizer without passing the
    /// tag on; `None` passes it on.
    fn tag<H>(&self, tag: &Tag) -> Option<TokenSinkResult<H>> {
        let name = &tag.name;
        match tag.kind {
            TagKind::StartTag => {
                if self.foreign.get() == 0 && !tag.self_closing {
                    // A JSON-LD script the caller wants, where the tree can take it: passed on
                    // (the tree builder switches the tokenizer to script data itself).
                    if self.json_ld
                        && is_json_ld(tag)
                        && self.excess.borrow().is_empty()
                        && self.open.borrow().len() < MAX_DEPTH
                    {
                        self.open.borrow_mut().push(name.clone());
                        self.json_ld_start.set(true);
                        return None;
                    }
                    if let Some(kind) = dropped_raw(name) {
                        *self.raw.borrow_mut() = Some(name.clone());
                        return Some(TokenSinkResult::RawData(kind));
                    }
                }
                if matches!(*name, local_name!("svg") | local_name!("math")) && !tag.self_closing {
                    self.foreign.set(self.foreign.get() + 1);
                }
                if tag.self_closing || is_void(name) || closes_implicitly(name) {
                    return None;
                }
                let mut excess = self.excess.borrow_mut();
                if !excess.is_empty() || self.open.borrow().len() >= MAX_DEPTH {
                    excess.push(name.clone());
                    return Some(TokenSinkResult::Continue);
                }
                self.open.borrow_mut().push(name.clone());
                None
            }
            TagKind::EndTag => {
                if matches!(*name, local_name!("svg") | local_name!("math")) {
                    self.foreign.set(self.foreign.get().saturating_sub(1));
                }
                let mut excess = self.excess.borrow_mut();
                if let Some(pos) = excess.iter().rposition(|n| n == name) {
                    // The end of a dropped element (and of dropped ones it implicitly closes).
                    excess.truncate(pos);
                    return Some(TokenSinkResult::Continue);
                }
                let mut open = self.open.borrow_mut();
                if let Some(pos) = open.iter().rposition(|n| n == name) {
                    // Closing a kept element closes everything dropped inside it.
                    open.truncate(pos);
                    excess.clear();
                }
                None
            }
        }
    }
}

impl<S: TokenSink> TokenSink for Filter<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Self::Handle> {
        let in_raw = self.raw.borrow().clone();
        if let Some(raw) = in_raw {
            match &token {
                Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name,
                    ..
                }) if *name == raw => {
                    *self.raw.borrow_mut() = None;
                    return TokenSinkResult::Continue;
                }
                Token::EOFToken => {
                    *self.raw.borrow_mut() = None;
                }
                _ => return TokenSinkResult::Continue,
            }
        }
        let token = match token {
            Token::TagToken(mut tag) => {
                if let Some(result) = self.tag(&tag) {
                    return result;
                }
                // Foreign content (SVG, MathML) keeps its attributes: the tree builder adjusts
                // their names and the walker never reads them anyway.
                if self.json_ld_start.get() {
                    tag.attrs.retain(|a| a.name.local == local_name!("type"));
                } else if self.foreign.get() == 0 {
                    tag.attrs.retain(|a| keep_attribute(&a.name.local));
                }
                Token::TagToken(tag)
            }
            other => other,
        };
        let result = self.inner.process_token(token, line_number);
        if self.json_ld_start.replace(false) && !matches!(result, TokenSinkResult::RawData(_)) {
            // The tree builder ignored the script (a frameset page): its text is dropped as
            // any script's is, so that none of it is read as markup.
            self.open.borrow_mut().pop();
            *self.raw.borrow_mut() = Some(local_name!("script"));
            return TokenSinkResult::RawData(RawKind::ScriptData);
        }
        result
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::{IMPLICITLY_CLOSED, VOID_ELEMENTS};
    use scraper::Selector;

    /// A whole document, through the pre-pass as the pipeline gives it (scripts, styles and
    /// excess attributes cut).
    fn document(text: &str) -> Html {
        prepared(&crate::prune::prune(text, None).text)
    }

    #[test]
    fn the_filter_and_the_pre_pass_agree_on_void_and_implicitly_closed_elements() {
        let others = [
            "div",
            "span",
            "a",
            "b",
            "i",
            "em",
            "strong",
            "font",
            "center",
            "table",
            "thead",
            "ul",
            "ol",
            "dl",
            "h1",
            "h2",
            "h6",
            "section",
            "article",
            "nav",
            "form",
            "select",
            "script",
            "style",
            "svg",
            "math",
            "template",
            "iframe",
            "object",
            "noscript",
            "blockquote",
            "figure",
            "figcaption",
            "button",
            "textarea",
            "title",
            "col",
        ];
        let universe = VOID_ELEMENTS.iter().chain(IMPLICITLY_CLOSED).chain(&others);
        for &name in universe {
            let atom = LocalName::from(name);
            assert_eq!(is_void(&atom), VOID_ELEMENTS.contains(&name), "{name}");
            assert_eq!(
                closes_implicitly(&atom),
                IMPLICITLY_CLOSED.contains(&name),
                "{name}"
            );
        }
    }

    fn texts(html: &Html, sel: &str) -> Vec<String> {
        html.select(&Selector::parse(sel).unwrap())
            .map(|e| e.text().collect())
            .collect()
    }

    #[test]
    fn scripts_and_styles_are_gone_and_their_markup_stays_text() {
        let html = document(
            "<body><div id=a>前<script>var s = '</div><p>假</p>';</script>后<style>p{}</style></div><p>真</p></body>",
        );
        assert_eq!(texts(&html, "#a"), ["前后"]);
        assert_eq!(texts(&html, "p"), ["真"]);
        assert!(texts(&html, "script").is_empty());
    }

    #[test]
    fn the_same_tree_as_a_plain_parse_otherwise() {
        let page = "<html><head><title>题</title></head><body><div class=x><p>一<b>二<i>三</b>四</i><p>五<table><tr><td>六<td>七</table><ul><li>八<li>九</ul></div><svg><script>x</script></svg></body></html>";
        let ours = document(page);
        let plain = Html::parse_document(page);
        let strip = |h: &Html| h.root_element().html();
        // The page has only kept attributes, so the trees are the same.
        assert_eq!(strip(&ours), strip(&plain));
    }

    #[test]
    fn excess_depth_is_dropped_but_its_text_kept() {
        let n = 20_000;
        let page = format!(
            "<body><div id=top>{}深处{}</div><p id=after>之后</p></body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let html = document(&page);
        assert_eq!(texts(&html, "#top"), ["深处"]);
        assert_eq!(texts(&html, "#after"), ["之后"]);
        let divs = html.select(&Selector::parse("div").unwrap()).count();
        assert!(divs <= MAX_DEPTH + 1, "{divs} divs kept");
    }

    #[test]
    fn attributes_beyond_the_limit_are_dropped() {
        let attrs: String = (0..1000).map(|i| format!(" data-a{i}='v>{i}'")).collect();
        let page = format!("<body><p id=p{attrs} title=last>文字</p><!-- <b{attrs}> --></body>");
        let html = document(&page);
        let p = html.select(&Selector::parse("p").unwrap()).next().unwrap();
        assert_eq!(p.value().attr("id"), Some("p"));
        assert_eq!(
            p.value().attr("title"),
            None,
            "everything past the limit goes"
        );
        assert_eq!(texts(&html, "p"), ["文字"]);
    }

    #[test]
    fn unclosed_paragraphs_do_not_count_as_depth() {
        let page = format!("<body><div id=d>{}</div></body>", "<p>段".repeat(2_000));
        let html = document(&page);
        assert_eq!(texts(&html, "p").len(), 2_000);
    }

    /// JSON-LD scripts, when asked for: kept with their text and `type` through the pre-pass
    /// and the filter (which agree on where a script ends, escape states included); every other
    /// script still dropped; without the flag, dropped like any script.
    #[test]
    fn json_ld_scripts_are_kept_only_when_asked() {
        let page = concat!(
            "<html><head><script type=\"application/ld+json\" id=x>{\"a\":\"<p>不是标记</p>\"}</script>",
            "<script>var x = '<p>脚本</p>';</script>",
            "<script type=\" Application/LD+JSON \"><!--<script>{}</script>--></script>",
            "<script type=application/json>{\"b\":1}</script>",
            "</head><body><p>正文</p>",
            "<svg><script type=\"application/ld+json\">{}</script></svg></body></html>"
        );
        let keep = |text: &str| {
            prepared_with_json_ld(
                &crate::prune::prune_with_json_ld(text, None, true).text,
                true,
            )
        };
        let html = keep(page);
        let scripts: Vec<(Option<String>, Option<String>, String)> = html
            .select(&Selector::parse("script").unwrap())
            .map(|s| {
                (
                    s.value().attr("type").map(str::to_string),
                    s.value().attr("id").map(str::to_string),
                    s.text().collect(),
                )
            })
            .collect();
        assert_eq!(
            scripts[..2],
            [
                (
                    Some("application/ld+json".to_string()),
                    None,
                    "{\"a\":\"<p>不是标记</p>\"}".to_string()
                ),
                (
                    Some(" Application/LD+JSON ".to_string()),
                    None,
                    "<!--<script>{}</script>-->".to_string()
                ),
            ]
        );
        // The one in foreign content is SVG's own element, as before.
        assert_eq!(scripts.len(), 3, "{scripts:?}");
        assert_eq!(texts(&html, "p"), ["正文"]);
        // Without the flag: gone, as every script.
        let html = document(page);
        assert_eq!(
            html.select(&Selector::parse("head script").unwrap())
                .count(),
            0
        );
        // The pre-pass with the flag and the filter without it: the filter still drops them.
        let html = prepared(&crate::prune::prune_with_json_ld(page, None, true).text);
        assert_eq!(
            html.select(&Selector::parse("head script").unwrap())
                .count(),
            0
        );
        // A script the tree builder ignores (after a frameset) is dropped, its text with it.
        let html = keep(
            "<html><frameset><script type=\"application/ld+json\">{\"x\":\"<frame id=f>\"}</script></frameset></html>",
        );
        assert_eq!(html.select(&Selector::parse("frame").unwrap()).count(), 0);
        // Past the depth bound the script is dropped whole (its text never becomes markup).
        let deep = format!(
            "<body>{}<script type=\"application/ld+json\"><p id=no>x</p></script>{}</body>",
            "<div>".repeat(MAX_DEPTH + 5),
            "</div>".repeat(MAX_DEPTH + 5)
        );
        let html = keep(&deep);
        assert_eq!(html.select(&Selector::parse("#no").unwrap()).count(), 0);
    }
}
