//! What must hold for ANY input bytes: the checks the `convert` fuzz target runs on every input
//! (`fuzz/fuzz_targets/convert.rs` includes this file) and the regression suite runs on every case
//! the fuzzer found (`tests/regressions.rs`). One file, so a case replays exactly what failed.
//!
//! For the page bytes, `extract` runs without and with a caller's URL; for every article it
//! gives, every renderer runs with the default options and with `charset_safe: Gbk`, and:
//!
//! * the mirror renderer refuses only with `Error::NotMirrorable`; Markdown and JSON never refuse;
//! * the mirror file has no blank line (it would end GitHub's HTML block);
//! * the JSON reads back into the same `Article`;
//! * `extract` gives the same article (or error) with the chrome pre-pass as without it
//!   (`ExtractOptions::whole_page`);
//! * with `charset_safe: Gbk` every character of every format is one GBK holds;
//! * parsed as HTML (the mirror file; the Markdown after comrak with raw HTML kept), no output
//!   has an executable element, an `on*` attribute, a comment, or a URL attribute that is not
//!   `http`/`https`/`mailto` ([`executable`]).
//!
//! Panics (with the reason) when one does not hold.

use newsmirror::render::CharsetSafe;
use newsmirror::{Article, Error, ExtractOptions, Format, RenderOptions, extract, render};
use scraper::{Html, Node};

/// Caller URLs: a simplified and a traditional article, a legacy host, another site. One is
/// picked by the input's length, so every input is also tried with some `--url`.
pub const URLS: [&str; 4] = [
    "https://www.epochtimes.com/gb/24/3/5/n14200001.htm",
    "https://www.epochtimes.com/b5/19/12/31/n11760000.htm",
    "http://www.dajiyuan.com/gb/5/7/1/n971234.htm",
    "https://example.com/news/2024/story-1.html",
];

/// Elements that execute, embed or restyle: none may be in an output.
pub const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "style",
    "svg",
    "math",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "title",
    "audio",
    "video",
    "source",
    "portal",
];

/// Attributes holding a URL.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "xlink:href",
    "ping",
    "lowsrc",
    "dynsrc",
];

/// Runs the whole pipeline on `data` and checks every output. Returns how many articles were
/// extracted (0, 1 or 2).
pub fn convert(data: &[u8]) -> usize {
    let with_url = ExtractOptions::default().with_url(URLS[data.len() % URLS.len()]);
    let mut articles = 0;
    for options in [ExtractOptions::default(), with_url] {
        let result = extract(data, &options);
        same_as_whole_page(data, &options, &result);
        let Ok(article) = result else {
            continue;
        };
        articles += 1;
        check(&article, &RenderOptions::default());
        let mut gbk = RenderOptions::default();
        gbk.charset_safe = Some(CharsetSafe::Gbk);
        check(&article, &gbk);
    }
    articles
}

/// The pre-pass is invisible: `extract` gives the same article (or the same error) without
/// it ([`ExtractOptions::whole_page`]) as `result`, what it gave with `options`.
pub fn same_as_whole_page(
    data: &[u8],
    options: &ExtractOptions,
    result: &newsmirror::Result<Article>,
) {
    let whole = extract(data, &options.clone().with_whole_page(true));
    match (result, &whole) {
        (Ok(pruned), Ok(whole)) => assert!(
            pruned == whole,
            "the pre-pass changed the article\n--- pruned\n{pruned:#?}\n--- whole\n{whole:#?}"
        ),
        (Err(pruned), Err(whole)) => assert_eq!(
            pruned.to_string(),
            whole.to_string(),
            "the pre-pass changed the error"
        ),
        _ => panic!("the pre-pass changed the outcome: {result:?}, whole page: {whole:?}"),
    }
}

/// [`same_as_whole_page`] without and with a caller's URL (the `prune` fuzz target; the
/// regression suite replays its cases through [`convert`], which runs the same check).
#[allow(dead_code)]
pub fn pre_pass_is_invisible(data: &[u8]) {
    let with_url = ExtractOptions::default().with_url(URLS[data.len() % URLS.len()]);
    for options in [ExtractOptions::default(), with_url] {
        same_as_whole_page(data, &options, &extract(data, &options));
    }
}

/// Renders `article` in every format with `options` and checks the outputs.
pub fn check(article: &Article, options: &RenderOptions) {
    let gbk = options.charset_safe.is_some();
    match render::to_string(article, Format::Mirror, options) {
        Ok(mirror) => {
            if let Some(line) = mirror.lines().position(blank) {
                panic!("blank line {} in the mirror file", line + 1);
            }
            let bad = executable(&Html::parse_document(&mirror));
            assert!(bad.is_empty(), "the mirror file has {bad:?}");
            if gbk {
                assert_gbk(&mirror, "mirror");
            }
        }
        Err(Error::NotMirrorable { .. }) => {}
        Err(e) => panic!("mirror renderer failed: {e}"),
    }
    let markdown = render::to_string(article, Format::Markdown, options)
        .unwrap_or_else(|e| panic!("markdown renderer failed: {e}"));
    let bad = executable(&Html::parse_document(&markdown_to_html(&markdown)));
    assert!(bad.is_empty(), "the markdown renders {bad:?}");
    let json = render::to_string(article, Format::Json, options)
        .unwrap_or_else(|e| panic!("json renderer failed: {e}"));
    let back: Article = serde_json::from_str(&json).expect("the JSON reads back");
    assert!(&back == article, "JSON round trip changes the article");
    if gbk {
        assert_gbk(&markdown, "markdown");
        assert_gbk(&json, "json");
    }
}

/// A blank line as CommonMark defines it: nothing but spaces and tabs.
pub fn blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Panics unless GBK holds every character of `s` (the output of `format`).
pub fn assert_gbk(s: &str, format: &str) {
    if let Some(c) = s.chars().find(|c| {
        let mut buf = [0u8; 4];
        encoding_rs::GBK.encode(c.encode_utf8(&mut buf)).2
    }) {
        panic!(
            "charset_safe: Gbk wrote {c:?} (U+{:04X}), which GBK cannot hold, in the {format}",
            c as u32
        );
    }
}

/// comrak: CommonMark with raw HTML kept (what a Markdown consumer that does not sanitise shows).
pub fn markdown_to_html(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.render.r#unsafe = true;
    comrak::markdown_to_html(md, &options)
}

/// Whether a URL attribute value (as the HTML parser gives it, entities decoded) is an `http`,
/// `https` or `mailto` URL for a browser (the WHATWG URL parser strips what browsers strip).
pub fn safe_url(value: &str) -> bool {
    url::Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
}

/// Every executable thing in a parsed document, as messages; empty when clean. A `srcdoc` or
/// `style` attribute counts, so does a comment (a renderer that lets `<!--` through lets the page
/// hide the rest of the file).
pub fn executable(html: &Html) -> Vec<String> {
    let mut found = Vec::new();
    for node in html.tree.root().descendants() {
        match node.value() {
            Node::Element(el) => {
                let name = el.name();
                if FORBIDDEN_ELEMENTS.contains(&name) {
                    found.push(format!("<{name}> element"));
                }
                for (attr, value) in el.attrs() {
                    let attr = attr.to_ascii_lowercase();
                    if attr.starts_with("on") || attr == "srcdoc" || attr == "style" {
                        found.push(format!("{attr}= on <{name}>"));
                    }
                    if URL_ATTRIBUTES.contains(&attr.as_str()) && !safe_url(value) {
                        found.push(format!("{attr}={value:?} on <{name}>"));
                    }
                }
            }
            Node::Comment(c) => found.push(format!("comment <!--{}-->", &**c)),
            Node::ProcessingInstruction(_) => found.push("processing instruction".into()),
            _ => {}
        }
    }
    found
}
