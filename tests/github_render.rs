//! "Reads right on GitHub" (issue part 12): the mirror file, rendered the way GitHub renders it,
//! shows the article — every link works, every image shows, every block's text is there, no
//! markup leaks as text, nothing executable survives, and the Markdown layer adds nothing.
//!
//! # The pipeline this test stands in for
//!
//! GitHub renders a `.md` file with cmark-gfm (GFM extensions, raw HTML kept) and then an
//! allow-list sanitizer. The public reference for the sanitizer is html-pipeline's
//! `SanitizationFilter` (`gjtorikian/html-pipeline`: `lib/html/pipeline/sanitization_filter.rb`
//! for 2.x, `lib/html_pipeline/sanitization_filter.rb` for 3.x). Here:
//!
//! 1. [`comrak`] 0.59 with `table`, `strikethrough`, `autolink`, `tasklist` and `render.unsafe`.
//!    comrak removed the `tagfilter` extension in 0.56, so [`tagfilter`] re-implements it on
//!    comrak's output (GFM spec §6.11: `<` of a `title`, `textarea`, `style`, `xmp`, `iframe`,
//!    `noembed`, `noframes`, `script`, `plaintext` tag becomes `&lt;`). comrak escapes every `<`
//!    of text, so filtering the whole output equals cmark-gfm's filtering of raw-HTML nodes.
//! 2. [`ammonia`] configured by [`github_sanitizer`] after html-pipeline's allow-list:
//!    * elements: the 3.x `DEFAULT_CONFIG` list (the 2.x list plus `caption`, `figure`,
//!      `figcaption`, `abbr`, `bdo`, `cite`, `dfn`, `mark`, `small`, `span`, `time`, `wbr`; the
//!      2.x pseudo-elements `h7`/`h8` are dropped as in 3.x). Anything else is unwrapped (its
//!      children kept), as Sanitize does; `script` is removed with its content
//!      (`remove_contents`).
//!    * attributes: the 3.x `:all` list on every element (`align`, `alt`, `border`, `height`,
//!      `id`, `name`, `title`, `width`, `aria-*` …; no `class`, no `style`, no `on*`), plus
//!      `a[href]`, `img[src, longdesc]`, `div[itemscope, itemtype]`,
//!      `blockquote|del|ins|q[cite]`.
//!    * protocols: `a[href]` http, https, mailto, github-windows, github-mac and relative
//!      (2.x `ANCHOR_SCHEMES`); `img[src]`, `img[longdesc]` and every `cite` http, https and
//!      relative. ammonia checks one scheme list for every `href`/`src` and never looks at
//!      `cite`/`longdesc`, so an `attribute_filter` narrows those per element.
//!    * comments are stripped (Sanitize's default); no `rel` is added (ammonia's `link_rel` off).
//! 3. html-pipeline's two transformers, which ammonia does not have, are applied by
//!    [`transformers`] on the sanitized DOM: an `li` with no `ul`/`ol` ancestor and a
//!    `tr`/`td`/`th`/`thead`/`tbody`/`tfoot` with no `table` ancestor are replaced by their
//!    children. (The HTML parser already ignores most stray table tags; the `li` rule matters for
//!    the mirror's related/hot lists, whose `<li>` have no `<ul>`.)
//!
//! Gaps left: ammonia drops an `href`/`src` that `url::Url` cannot parse (an invalid host, say)
//! where Sanitize would keep it; html-pipeline 3.x delegates `a[href]` schemes to Selma's
//! `VALID_PROTOCOLS`, the 2.x list is used instead; GitHub's own (non-public) sanitizer differs in
//! details (it prefixes `id`/`name` with `user-content-`, allows a few more elements such as
//! `picture`, proxies images through camo). None of that changes which links, images and text
//! survive in a mirror file.
//!
//! # The checks ([`check_mirror`])
//!
//! For every article page of `fixtures/epochtimes/` (section and tag pages must be refused with
//! `Error::NotAnArticle`, `djy-gb-no-canonical.html` with `Error::NoUrl` unless a URL is given),
//! for a hand-built hostile [`Article`], and for one with blank lines in each text field:
//!
//! 1. every `Inline::Link` of the body is an `<a href>` on GitHub, in order, with the target
//!    `LinkMap::default().rewrite` gives (http/https/mailto only) and the same text; unusable
//!    links are not links; no body `<a>` lacks an `href`; the body has as many links on GitHub as
//!    `<a href` in the file;
//! 2. the lead image and every figure are an `<img src>` (a figure's link wraps its image);
//! 3. each block's plain text (whitespace-normalised) is in the body text, in order; the title
//!    and the caption are in the page text;
//! 4. nothing that reads like markup (`<p`, `</`, `<!`, `&amp;` …) is in the page text unless the
//!    model's text has it;
//! 5. no `script`/`iframe`/`object`/`embed`/`style`/… element, `on*` attribute or
//!    `javascript:`/`data:`/`vbscript:` URL, both in comrak's output (what the renderer wrote)
//!    and after the sanitizer;
//! 6. comrak's HTML has exactly the mirror file's tags (`pre`, `code`, `em`, `strong`, `h1`,
//!    `ol`, `li`, `a href` …): the file is one HTML block, Markdown adds nothing (one `<p>`
//!    around the first line, which is no HTML block start, is expected).
//!
//! [`the_checks_catch_broken_mirror_files`] breaks a clean mirror file in each of these ways and
//! expects the matching check to fail.
//!
//! # What the real mirror files score
//!
//! [`real_mirror_files_score`] runs the real mirror files of `../shared/mirror-samples/` (read at
//! test time; `NEWSMIRROR_CORPUS` points elsewhere; skipped with one line when absent, failing
//! when `CI=true`) through the same pipeline and prints how many of their body links are still
//! links on GitHub. A body link is an
//! `<a` with an `href` in the file's body in any spelling (`<ahref`, `<a href`, `<a target=… href`,
//! `<A HREF`); it works when GitHub shows an `<a>` with a non-empty `href`. The 25 samples score
//! **62 of 98**: all 29 written `<ahref` (the old generator's `<a href` → `<ahref` substitution)
//! are dead, and so are the `href=""` / `<a src=…>` leftovers of its video substitution; the
//! issue's count over its own sample is 79 of 211. That score is printed, not asserted; what is
//! asserted is that every `<ahref` is dead (the stand-in reads the damage as GitHub does) and that
//! each file, upgraded, passes every check above with all its body links working. For our renderer
//! the same number is asserted to be "all of them" (check 1).

#[path = "support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)] // the golden tests' helpers; only the corpus rule is used here
mod support;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use newsmirror::{
    Article, Block, Edition, EmbedKind, Error, ExtractOptions, Format, Inline, LeadImage, LinkItem,
    LinkMap, RenderOptions, Site, plain_text,
};
use regex::Regex;
use scraper::{ElementRef, Html, Node};

// ------------------------------------------------------------------------------------------------
// GitHub's pipeline
// ------------------------------------------------------------------------------------------------

/// cmark-gfm as GitHub runs it: GFM extensions, raw HTML kept (tagfilter: [`tagfilter`]).
fn comrak_gfm(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(md, &options)
}

static TAGFILTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<(/?(?:title|textarea|style|xmp|iframe|noembed|noframes|script|plaintext)(?:[\t\n\x0C\r ]|/?>))",
    )
    .expect("static regex")
});

/// The GFM "disallowed raw HTML" extension (removed from comrak in 0.56).
fn tagfilter(html: &str) -> String {
    TAGFILTER.replace_all(html, "&lt;$1").into_owned()
}

/// html-pipeline 3.x `DEFAULT_CONFIG[:elements]`.
const ELEMENTS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "b",
    "i",
    "strong",
    "em",
    "a",
    "pre",
    "code",
    "img",
    "tt",
    "div",
    "ins",
    "del",
    "sup",
    "sub",
    "p",
    "ol",
    "ul",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "kbd",
    "q",
    "samp",
    "var",
    "hr",
    "ruby",
    "rt",
    "rp",
    "li",
    "tr",
    "td",
    "th",
    "s",
    "strike",
    "summary",
    "details",
    "caption",
    "figure",
    "figcaption",
    "abbr",
    "bdo",
    "cite",
    "dfn",
    "mark",
    "small",
    "span",
    "time",
    "wbr",
];

/// html-pipeline 3.x `DEFAULT_CONFIG[:attributes][:all]`.
const ALL_ATTRIBUTES: &[&str] = &[
    "abbr",
    "accept",
    "accept-charset",
    "accesskey",
    "action",
    "align",
    "alt",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "axis",
    "border",
    "cellpadding",
    "cellspacing",
    "char",
    "charoff",
    "charset",
    "checked",
    "clear",
    "cols",
    "colspan",
    "color",
    "compact",
    "coords",
    "datetime",
    "dir",
    "disabled",
    "enctype",
    "for",
    "frame",
    "headers",
    "height",
    "hreflang",
    "hspace",
    "id",
    "ismap",
    "label",
    "lang",
    "maxlength",
    "media",
    "method",
    "multiple",
    "name",
    "nohref",
    "noshade",
    "nowrap",
    "open",
    "progress",
    "prompt",
    "readonly",
    "rel",
    "rev",
    "role",
    "rows",
    "rowspan",
    "rules",
    "scope",
    "selected",
    "shape",
    "size",
    "span",
    "start",
    "summary",
    "tabindex",
    "title",
    "type",
    "usemap",
    "valign",
    "value",
    "width",
    "itemprop",
];

/// html-pipeline 2.x `ANCHOR_SCHEMES` without `:relative` (ammonia passes relative URLs through).
const ANCHOR_SCHEMES: &[&str] = &["http", "https", "mailto", "github-windows", "github-mac"];

/// The scheme of an attribute value the way Sanitize sees it: the text before the first `:` when
/// no `/`, `?` or `#` comes first; `None` for a relative URL.
fn scheme_of(value: &str) -> Option<String> {
    let v = value.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let end = v.find([':', '/', '?', '#'])?;
    (v.as_bytes()[end] == b':').then(|| v[..end].to_ascii_lowercase())
}

/// ammonia configured after html-pipeline's `SanitizationFilter` (see the module docs).
fn github_sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::empty();
    b.tags(ELEMENTS.iter().copied().collect())
        .clean_content_tags(HashSet::from(["script"]))
        .generic_attributes(ALL_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "longdesc"])),
            ("div", HashSet::from(["itemscope", "itemtype"])),
            ("blockquote", HashSet::from(["cite"])),
            ("del", HashSet::from(["cite"])),
            ("ins", HashSet::from(["cite"])),
            ("q", HashSet::from(["cite"])),
        ]))
        .url_schemes(ANCHOR_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            // Per-element protocols: only `a[href]` may use mailto and the github-* schemes.
            let url_attr = matches!(
                (element, attribute),
                ("img", "src" | "longdesc") | (_, "cite")
            );
            if url_attr {
                match scheme_of(value).as_deref() {
                    None | Some("http" | "https") => Some(Cow::Borrowed(value)),
                    Some(_) => None,
                }
            } else {
                Some(Cow::Borrowed(value))
            }
        });
    b
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(github_sanitizer);

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// html-pipeline's transformers: a stray `li` (no `ul`/`ol` ancestor) and stray table parts (no
/// `table` ancestor) are replaced by their children. Reads sanitized HTML, writes HTML.
fn transformers(html: &str) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len());
    for child in doc.root_element().children() {
        serialize(child, &mut out);
    }
    out
}

fn has_ancestor(node: NodeRef<'_, Node>, names: &[&str]) -> bool {
    node.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| names.contains(&e.name()))
    })
}

fn serialize(root: NodeRef<'_, Node>, out: &mut String) {
    for edge in root.traverse() {
        let (node, open) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        match node.value() {
            Node::Text(t) if open => escape_into(out, t, false),
            Node::Comment(c) if open => {
                let _ = write!(out, "<!--{}-->", &**c);
            }
            Node::Element(e) => {
                let name = e.name();
                let stray = (name == "li" && !has_ancestor(node, &["ul", "ol"]))
                    || (matches!(name, "tr" | "td" | "th" | "thead" | "tbody" | "tfoot")
                        && !has_ancestor(node, &["table"]));
                if stray {
                    continue;
                }
                if open {
                    out.push('<');
                    out.push_str(name);
                    for (k, v) in e.attrs() {
                        let _ = write!(out, " {k}=\"");
                        escape_into(out, v, true);
                        out.push('"');
                    }
                    out.push('>');
                } else if !VOID.contains(&name) {
                    let _ = write!(out, "</{name}>");
                }
            }
            _ => {}
        }
    }
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '<' if !attr => out.push_str("&lt;"),
            '>' if !attr => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// One Markdown file through GitHub's pipeline.
struct OnGitHub {
    /// comrak's HTML, before the tagfilter and the sanitizer.
    comrak: String,
    /// What the reader gets: tagfilter, ammonia, transformers.
    html: String,
}

fn on_github(md: &str) -> OnGitHub {
    let comrak = comrak_gfm(md);
    let sanitized = SANITIZER.clean(&tagfilter(&comrak)).to_string();
    let html = transformers(&sanitized);
    OnGitHub { comrak, html }
}

// ------------------------------------------------------------------------------------------------
// Reading the rendered page
// ------------------------------------------------------------------------------------------------

/// A link of the rendered page.
#[derive(Debug)]
struct SeenLink {
    href: Option<String>,
    text: String,
}

/// What a reader sees in the rendered page, split at the article body.
///
/// The body starts after the caption (`</h6>`) and ends at the `<strong>相关新闻：</strong>`
/// (`相關新聞` in traditional-script files) that
/// opens the related list (mirror-format.md §1).
#[derive(Debug, Default)]
struct Seen {
    /// All text, with a space at every block boundary and `<br>` (like `innerText`).
    text: String,
    /// The body's text, the same way.
    body_text: String,
    body_links: Vec<SeenLink>,
    /// `img[src]` of the whole page.
    images: Vec<String>,
    /// `a[href]` of the body that contain an image: (href, img src).
    body_image_links: Vec<(String, String)>,
    /// Whether the body was found.
    body_found: bool,
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

fn read_page(html: &str) -> Seen {
    #[derive(PartialEq)]
    enum Region {
        Before,
        Body,
        After,
    }
    let doc = Html::parse_fragment(html);
    let mut seen = Seen::default();
    let mut region = Region::Before;
    for edge in doc.root_element().traverse() {
        let (node, open) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        match node.value() {
            Node::Text(t) if open => {
                seen.text.push_str(t);
                if region == Region::Body {
                    seen.body_text.push_str(t);
                }
            }
            Node::Element(e) => {
                let el = ElementRef::wrap(node).expect("element");
                if open && region == Region::Body && e.name() == "strong" {
                    let t: String = el.text().collect();
                    if matches!(t.trim(), "相关新闻：" | "相關新聞：") {
                        region = Region::After;
                    }
                }
                if BLOCKS.contains(&e.name()) {
                    seen.text.push(' ');
                    if region == Region::Body {
                        seen.body_text.push(' ');
                    }
                }
                if !open {
                    if e.name() == "h6" && region == Region::Before {
                        region = Region::Body;
                        seen.body_found = true;
                    }
                    continue;
                }
                match e.name() {
                    "img" => {
                        if let Some(src) = e.attr("src") {
                            seen.images.push(src.to_string());
                        }
                    }
                    "a" if region == Region::Body => {
                        let href = e.attr("href").map(str::to_string);
                        if let Some(h) = &href {
                            for img in el.descendants().filter_map(ElementRef::wrap) {
                                if let ("img", Some(src)) = (img.value().name(), img.attr("src")) {
                                    seen.body_image_links.push((h.clone(), src.to_string()));
                                }
                            }
                        }
                        seen.body_links.push(SeenLink {
                            href,
                            text: el.text().collect(),
                        });
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    seen
}

/// Whitespace runs → one space, trimmed.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------------------------------------------------------
// The model side
// ------------------------------------------------------------------------------------------------

/// Every `Inline::Link` of the body, in order: (href, link text).
fn model_links(article: &Article) -> Vec<(String, String)> {
    fn walk(content: &[Inline], out: &mut Vec<(String, String)>) {
        for i in content {
            match i {
                Inline::Link { href, content } => {
                    out.push((href.clone(), plain_text(content)));
                    walk(content, out);
                }
                Inline::Strong { content } | Inline::Em { content } => walk(content, out),
                Inline::Text { .. } | Inline::Br => {}
                other => unreachable!("{other:?}: an inline this check does not know"),
            }
        }
    }
    let mut out = Vec::new();
    for block in &article.body {
        match block {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => walk(content, &mut out),
            Block::Figure { caption, .. } => walk(caption, &mut out),
            Block::List { items, .. } => items.iter().for_each(|i| walk(i, &mut out)),
            Block::Table { rows, .. } => rows.iter().flatten().for_each(|c| walk(c, &mut out)),
            Block::Embed { .. } => {}
            other => unreachable!("{other:?}: a block this check does not know"),
        }
    }
    out
}

/// The renderer's URL policy as the issue states it: absolute http(s), and mailto for links.
fn safe_url(url: &str, link: bool) -> bool {
    matches!(scheme_of(url).as_deref(), Some("http" | "https"))
        || (link && scheme_of(url).as_deref() == Some("mailto"))
}

/// Where a body link must point on GitHub: the mirror URL for original-site pages, other
/// http(s) URLs unchanged; `None` when the link cannot be a link.
fn expected_href(href: &str) -> Option<String> {
    LinkMap::default()
        .rewrite(href, None)
        .filter(|u| safe_url(u, true))
}

/// All text the model holds (what may legitimately read like markup).
fn model_text(article: &Article) -> String {
    let mut s = String::new();
    s.push_str(&article.title);
    s.push('\n');
    if let Some(lead) = &article.lead_image {
        s.push_str(&lead.caption);
        s.push('\n');
    }
    for b in &article.body {
        s.push_str(&b.plain_text());
        s.push('\n');
    }
    for item in article.related.iter().chain(&article.hot) {
        s.push_str(&item.title);
        s.push('\n');
    }
    s
}

// ------------------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------------------

static TAGLIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*|<!|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
        .expect("static regex")
});

const EXECUTABLE_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base", "form",
    "meta", "link", "svg", "math", "template", "noscript",
];

/// Anything executable in `html`: dangerous elements, `on*` attributes, script URLs.
fn executable(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.root_element().descendants() {
        let Some(e) = node.value().as_element() else {
            continue;
        };
        if EXECUTABLE_ELEMENTS.contains(&e.name()) {
            found.push(format!("<{}> element", e.name()));
        }
        for (k, v) in e.attrs() {
            if k.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{k}= attribute on <{}>", e.name()));
            }
            let compact: String = v
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .trim_start_matches(|c: char| c <= ' ')
                .to_ascii_lowercase();
            for scheme in ["javascript:", "data:", "vbscript:"] {
                if compact.starts_with(scheme) {
                    found.push(format!("{k}={v:?} on <{}>", e.name()));
                }
            }
        }
    }
    found
}

/// Counts `<tag` (followed by whitespace, `>` or `/`) per tag, case-insensitively.
fn tag_counts(html: &str) -> BTreeMap<&'static str, usize> {
    static TAGS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
        [
            "a",
            "blockquote",
            "br",
            "code",
            "del",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "img",
            "input",
            "li",
            "ol",
            "p",
            "pre",
            "s",
            "strong",
            "table",
            "ul",
        ]
        .into_iter()
        .map(|t| {
            (
                t,
                Regex::new(&format!(r"(?i)<{t}[\s>/]")).expect("tag regex"),
            )
        })
        .collect()
    });
    static HREF: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<a\s[^>]*?href\s*=").expect("static regex"));
    let mut counts: BTreeMap<&'static str, usize> = TAGS
        .iter()
        .map(|(t, re)| (*t, re.find_iter(html).count()))
        .collect();
    counts.insert("a href", HREF.find_iter(html).count());
    counts
}

/// Renders `article` as a mirror file, runs it through GitHub's pipeline and returns every way it
/// does not read right (empty when it does).
fn check_article(name: &str, article: &Article) -> Vec<String> {
    let md = newsmirror::render::to_string(article, Format::Mirror, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{name}: mirror render failed: {e}"));
    check_mirror(name, article, &md)
}

fn check_mirror(name: &str, article: &Article, md: &str) -> Vec<String> {
    let mut fails = Vec::new();
    let mut fail = |what: &str, detail: String| {
        let mut detail = detail;
        if let Some((cut, _)) = detail.char_indices().nth(600) {
            detail.truncate(cut);
            detail.push('…');
        }
        fails.push(format!("{name}: {what}: {detail}"));
    };
    let gh = on_github(md);
    let seen = read_page(&gh.html);
    if !seen.body_found {
        fail(
            "page",
            "no </h6> caption line: the body cannot be located".into(),
        );
    }

    // 1. Every body link works, in order, with its text.
    let mut cursor = 0;
    for (href, text) in model_links(article) {
        match expected_href(&href) {
            Some(expected) => {
                let found = seen.body_links[cursor.min(seen.body_links.len())..]
                    .iter()
                    .position(|l| {
                        l.href.as_deref() == Some(expected.as_str()) && norm(&l.text) == norm(&text)
                    });
                match found {
                    Some(i) => cursor += i + 1,
                    None => fail(
                        "1 link lost",
                        format!(
                            "model link {href:?} with text {text:?}: expected <a href={expected:?}> \
                             with that text after body link #{cursor}; body links on GitHub: {:?}",
                            seen.body_links
                                .iter()
                                .map(|l| (l.href.as_deref().unwrap_or("<none>"), norm(&l.text)))
                                .collect::<Vec<_>>()
                        ),
                    ),
                }
            }
            None => {
                if let Some(l) = seen
                    .body_links
                    .iter()
                    .find(|l| l.href.as_deref().map(str::trim) == Some(href.trim()))
                {
                    fail(
                        "1 unusable link kept",
                        format!("model link {href:?} (text {text:?}) is a link on GitHub: {l:?}"),
                    );
                }
            }
        }
    }
    for l in &seen.body_links {
        if l.href.as_deref().is_none_or(|h| h.trim().is_empty()) {
            fail(
                "1 dead <a>",
                format!("an <a> without a usable href in the body: {l:?}"),
            );
        }
    }
    let md_body_hrefs = mirror_body(md).map_or(0, |b| tag_counts(b)["a href"]);
    let gh_body_hrefs = seen.body_links.iter().filter(|l| l.href.is_some()).count();
    if md_body_hrefs != gh_body_hrefs {
        fail(
            "1 link count",
            format!(
                "the mirror body has {md_body_hrefs} <a href>, GitHub shows {gh_body_hrefs} links"
            ),
        );
    }

    // 2. Every image shows (and a figure's link, when it has one, wraps it).
    if let Some(LeadImage { src, .. }) = &article.lead_image {
        if safe_url(src, false) && !seen.images.contains(src) {
            fail(
                "2 lead image lost",
                format!("no <img src={src:?}>; images: {:?}", seen.images),
            );
        }
    }
    for block in &article.body {
        if let Block::Figure { src, link, .. } = block {
            if !safe_url(src, false) {
                continue;
            }
            if !seen.images.contains(src) {
                fail(
                    "2 figure image lost",
                    format!("no <img src={src:?}>; images: {:?}", seen.images),
                );
            }
            if let Some(expected) = link.as_deref().and_then(expected_href) {
                if !seen
                    .body_image_links
                    .iter()
                    .any(|(h, s)| *h == expected && s == src)
                {
                    fail(
                        "2 figure link lost",
                        format!("no <a href={expected:?}> around <img src={src:?}>"),
                    );
                }
            }
        }
    }

    // 3. Every block's text is there, in order; the title and the caption too.
    let body_text = norm(&seen.body_text);
    let mut at = 0;
    for (i, block) in article.body.iter().enumerate() {
        let want = norm(&block.plain_text());
        if want.is_empty() {
            continue;
        }
        match body_text[at..].find(&want) {
            Some(p) => at += p + want.len(),
            None => {
                let anywhere = body_text.contains(&want);
                fail(
                    "3 text lost",
                    format!(
                        "block #{i} text {want:?} {} in the body text on GitHub; after the \
                         previous block it reads {:?}",
                        if anywhere {
                            "is out of order"
                        } else {
                            "is not"
                        },
                        body_text[at..].chars().take(200).collect::<String>()
                    ),
                );
            }
        }
    }
    let all_text = norm(&seen.text);
    let title = norm(&article.title);
    if !title.is_empty() && !all_text.contains(&title) {
        fail("3 title lost", format!("{title:?} is not in the page text"));
    }
    if let Some(lead) = &article.lead_image {
        let caption = norm(&lead.caption);
        if !caption.is_empty() && !all_text.contains(&caption) {
            fail(
                "3 caption lost",
                format!("{caption:?} is not in the page text"),
            );
        }
    }

    // 4. No markup shows as text.
    let model = model_text(article);
    let allowed: BTreeSet<&str> = TAGLIKE.find_iter(&model).map(|m| m.as_str()).collect();
    let leaked: BTreeSet<&str> = TAGLIKE
        .find_iter(&seen.text)
        .map(|m| m.as_str())
        .filter(|m| !allowed.contains(m))
        .collect();
    if !leaked.is_empty() {
        let first = TAGLIKE
            .find_iter(&seen.text)
            .find(|m| leaked.contains(m.as_str()))
            .map(|m| {
                let start = seen.text[..m.start()]
                    .char_indices()
                    .rev()
                    .nth(40)
                    .map_or(0, |(i, _)| i);
                seen.text[start..].chars().take(100).collect::<String>()
            })
            .unwrap_or_default();
        fail(
            "4 markup as text",
            format!("{leaked:?} read as text on GitHub, not in the model's text; e.g. {first:?}"),
        );
    }

    // 5. Nothing executable: not in the renderer's HTML, not after the sanitizer.
    for (stage, html) in [("comrak output", &gh.comrak), ("sanitized", &gh.html)] {
        let found = executable(html);
        if !found.is_empty() {
            fail("5 executable", format!("{stage}: {found:?}"));
        }
    }

    // 6. The Markdown layer adds nothing: comrak's tags are the mirror file's tags. The one
    // exception is the `<p>` comrak wraps around the first line (the `#1` anchor line), which is
    // not an HTML block start.
    let md_counts = tag_counts(md);
    let html_counts = tag_counts(&gh.comrak);
    let first_line_p = usize::from(gh.comrak.starts_with("<p>") && !md.starts_with("<p"));
    for (tag, &n) in &md_counts {
        let allowance = if *tag == "p" { first_line_p } else { 0 };
        let got = html_counts[tag];
        if got != n + allowance {
            fail(
                "6 Markdown added markup",
                format!("<{tag}>: mirror file has {n}, comrak's HTML has {got}"),
            );
        }
    }
    fails
}

/// The body of a mirror file: after the `<hr>\n` that follows the caption line up to the `\n`
/// before `<strong>相关新闻：</strong>`.
fn mirror_body(md: &str) -> Option<&str> {
    let caption_end = md.find("</h6>\n")? + "</h6>\n".len();
    let rest = &md[caption_end..];
    let rest = rest.strip_prefix("<hr>\n").unwrap_or(rest);
    let end = rest
        .find("\n<strong>相关新闻：</strong>")
        .or_else(|| rest.find("\n<strong>相關新聞：</strong>"))?;
    Some(&rest[..end])
}

// ------------------------------------------------------------------------------------------------
// The fixtures
// ------------------------------------------------------------------------------------------------

/// The article URL given for `djy-gb-no-canonical.html` (the CLI's `--url`).
/// (`fixtures/tools/fixture_text.py` names it.)
const NO_CANONICAL_URL: &str = "https://www.epochtimes.com/gb/18/3/20/n10230001.htm";

#[test]
fn fixture_articles_read_right_on_github() {
    let pages = fixtures::html_pages("fixtures/epochtimes");
    let mut fails = Vec::new();
    let (mut articles, mut links, mut blocks, mut figures) = (0, 0, 0, 0);
    for path in &pages {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let result = newsmirror::extract(&bytes, &ExtractOptions::default());
        if name.starts_with("section-") || name.starts_with("tag-") {
            match result {
                Err(Error::NotAnArticle { .. }) => {}
                other => fails.push(format!(
                    "{name}: expected Error::NotAnArticle, got {:?}",
                    other.map(|a| a.url)
                )),
            }
            continue;
        }
        let article = if name == "djy-gb-no-canonical.html" {
            match result {
                Err(Error::NoUrl { .. }) => {}
                other => fails.push(format!(
                    "{name}: expected Error::NoUrl without a URL, got {:?}",
                    other.map(|a| a.url)
                )),
            }
            let options = ExtractOptions::default().with_url(NO_CANONICAL_URL);
            match newsmirror::extract(&bytes, &options) {
                Ok(a) if a.url == NO_CANONICAL_URL => a,
                Ok(a) => {
                    fails.push(format!(
                        "{name}: with url {NO_CANONICAL_URL}: article.url is {:?}",
                        a.url
                    ));
                    a
                }
                Err(e) => {
                    fails.push(format!("{name}: with url {NO_CANONICAL_URL}: {e}"));
                    continue;
                }
            }
        } else {
            match result {
                Ok(a) => a,
                Err(e) => {
                    fails.push(format!("{name}: extract failed: {e}"));
                    continue;
                }
            }
        };
        articles += 1;
        links += model_links(&article).len();
        blocks += article.body.len();
        figures += article
            .body
            .iter()
            .filter(|b| matches!(b, Block::Figure { .. }))
            .count();
        fails.extend(check_article(&name, &article));
    }
    eprintln!(
        "github_render: {} page(s), {articles} article(s): {blocks} blocks, {links} links, \
         {figures} figures checked",
        pages.len()
    );
    assert!(
        fails.is_empty(),
        "{} problem(s) reading the mirror files on GitHub:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

// ------------------------------------------------------------------------------------------------
// A hostile article
// ------------------------------------------------------------------------------------------------

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph { content }
}

fn link(href: &str, text: &str) -> Inline {
    Inline::Link {
        href: href.into(),
        content: vec![t(text)],
    }
}

fn hostile_article() -> Article {
    let mut article = Article::new(
        "https://www.epochtimes.com/gb/25/8/20/n14577375.htm",
        Site::Epochtimes,
        Edition::Gb,
        "n14577375",
        r#"标题 "引号" <b>粗</b> & </h2><script>alert(1)</script> *星* [x](y)"#,
    );
    let mut lead = LeadImage::new(
        "https://i.epochtimes.com/assets/uploads/2025/08/20/lead-600x400.jpg?a=1&b=2",
        r#"图说 </h6><img src=x onerror=alert(1)> "q" 'a' &amp;"#,
    );
    lead.alt = "hostile \"alt\" <b>".into();
    article.lead_image = Some(lead);
    article.body = vec![
        p(vec![t("</h2><script>alert(1)</script>正文")]),
        p(vec![t(
            "*emphasis* _under_ **strong** __strong__ ~~del~~ ~del~ `code` ``co`de`` \\* \\<",
        )]),
        p(vec![t(
            "line one\n    indented code\n1. numbered\n# heading\n> quote\n- bullet\n- [x] task\n| a | b |\n|---|---|",
        )]),
        p(vec![t(
            "[x](y) ![img](https://example.com/i.png) <https://autolink.example.com> \
                 www.example.com https://bare.example.com/x mail@example.com [ref]: https://r.example",
        )]),
        p(vec![t(
            "<!-- not a comment --> <![CDATA[x]]> <?php echo 1; ?> <!DOCTYPE html> &amp; &lt;p&gt; &#60;a&#62; \u{a0}",
        )]),
        p(vec![
            link("javascript:alert(1)", "js link"),
            t(" "),
            link(" JaVaScRiPt:alert(2)", "js link 2"),
            t(" "),
            link("java\tscript:alert(3)", "js link 3"),
            t(" "),
            link("vbscript:msgbox(1)", "vb link"),
            t(" "),
            link("data:text/html,<script>alert(1)</script>", "data link"),
            t(" "),
            link("mailto:someone@example.com", "mail"),
            t(" "),
            link(r#"https://example.com/a?b=1&c="2"<x>"#, "ok <link> & \"q\""),
            t(" "),
            link(
                "https://www.epochtimes.com/gb/25/8/19/n14576514.htm",
                "站内链接",
            ),
            t(" "),
            Inline::Strong {
                content: vec![link(
                    "https://www.ntdtv.com/gb/2020/07/20/a102898210.html",
                    "新唐人",
                )],
            },
        ]),
        Block::Figure {
            src: "data:image/png;base64,iVBORw0KGgo=".into(),
            alt: r#"" onerror="alert(1)"#.into(),
            caption: vec![t("<figcaption>data 图</figcaption>")],
            link: Some("javascript:alert(1)".into()),
        },
        Block::Figure {
            src: "https://i.epochtimes.com/assets/uploads/2025/08/20/fig.jpg".into(),
            alt: r#"a"b<c>"#.into(),
            caption: vec![
                t("图说 "),
                link("https://example.com/credit", "credit"),
                t(" </figure>"),
            ],
            link: Some("https://i.epochtimes.com/assets/uploads/2025/08/20/fig-full.jpg".into()),
        },
        Block::Heading {
            level: 2,
            content: vec![t("</h2># not a heading <h1>")],
        },
        Block::List {
            ordered: false,
            items: vec![vec![t("1. item")], vec![t("* star</li><li>")]],
        },
        Block::Quote {
            content: vec![t("> quote"), Inline::Br, t("</blockquote>after")],
        },
        Block::Table {
            header: true,
            rows: vec![vec![vec![t("| a |")], vec![t("<td>x</td>")]]],
        },
        Block::Embed {
            kind: EmbedKind::Video,
            url: "javascript:alert(1)".into(),
        },
        Block::Embed {
            kind: EmbedKind::Other,
            url: "https://www.youtube.com/embed/x\"><script>alert(1)</script>".into(),
        },
    ];
    article.related = vec![
        LinkItem::new("<script>alert(1)</script>", "javascript:alert(1)"),
        LinkItem::new(
            "相关 <b>",
            "https://www.epochtimes.com/gb/25/8/19/n14576514.htm",
        ),
    ];
    article.hot = vec![LinkItem::new(
        "热门 *x*",
        "https://www.epochtimes.com/gb/25/8/19/n14576708.htm",
    )];
    article
}

#[test]
fn hostile_article_reads_literally_on_github() {
    let article = hostile_article();
    let fails = check_article("hostile", &article);
    assert!(
        fails.is_empty(),
        "{} problem(s) reading the hostile article on GitHub:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

/// Text with a blank line in it (`\n\n`, CRLF, lone CR, a line of spaces): the mirror file must
/// stay one HTML block, or everything after the blank line becomes Markdown (indented code,
/// headings, lists, emphasis). One field at a time, so a failure names the field.
#[test]
fn blank_lines_in_text_stay_text() {
    const BLANK: &str = "前\n\n    indented code\r\n\r\n# heading\r\r1. item\n \t \n*em* _u_";
    type Edit = fn(&mut Article);
    let cases: [(&str, Edit); 7] = [
        ("body text", |a| a.body.insert(0, p(vec![t(BLANK)]))),
        ("link text", |a| {
            a.body
                .insert(0, p(vec![link("https://example.com/x", BLANK)]))
        }),
        ("figure caption", |a| {
            a.body.insert(
                0,
                Block::Figure {
                    src: "https://i.epochtimes.com/assets/uploads/2025/08/20/f.jpg".into(),
                    alt: String::new(),
                    caption: vec![t(BLANK)],
                    link: None,
                },
            )
        }),
        ("figure alt", |a| {
            a.body.insert(
                0,
                Block::Figure {
                    src: "https://i.epochtimes.com/assets/uploads/2025/08/20/f.jpg".into(),
                    alt: BLANK.into(),
                    caption: vec![t("图说")],
                    link: None,
                },
            )
        }),
        ("title", |a| a.title = format!("标题{BLANK}")),
        ("lead caption", |a| {
            if let Some(l) = a.lead_image.as_mut() {
                l.caption = BLANK.into();
            }
        }),
        ("related title", |a| a.related[1].title = BLANK.into()),
    ];
    let mut fails = Vec::new();
    for (field, edit) in cases {
        let mut article = hostile_article();
        edit(&mut article);
        fails.extend(check_article(&format!("blank line in {field}"), &article));
    }
    assert!(
        fails.is_empty(),
        "{} problem(s) with blank lines in text on GitHub:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

/// The checks themselves: a clean article passes, and each way of breaking its mirror file is
/// caught by the check meant for it.
#[test]
fn the_checks_catch_broken_mirror_files() {
    let mut article = hostile_article();
    article.body = vec![
        p(vec![
            t("正文 "),
            link(
                "https://www.epochtimes.com/gb/25/8/19/n14576514.htm",
                "站内",
            ),
            t(" 尾"),
        ]),
        Block::Figure {
            src: "https://i.epochtimes.com/assets/uploads/2025/08/20/fig.jpg".into(),
            alt: String::new(),
            caption: vec![t("图说")],
            link: None,
        },
        p(vec![t("第二段")]),
    ];
    article.related = vec![];
    article.hot = vec![];
    let md = newsmirror::render::to_string(&article, Format::Mirror, &RenderOptions::default())
        .expect("render");
    assert_eq!(check_mirror("clean", &article, &md), Vec::<String>::new());
    let body = mirror_body(&md).expect("body");
    let broken = |from: &str, to: &str| {
        assert!(body.contains(from), "{from:?} not in the body");
        md.replacen(body, &body.replacen(from, to, 1), 1)
    };
    let cases = [
        ("<a href=", "<ahref=", "1 link lost"),
        ("<img src=", "<img data-src=", "2 figure image lost"),
        ("第二段", "", "3 text lost"),
        ("正文", "&amp;lt;b&amp;gt;正文", "4 markup as text"),
        ("正文", "<script>alert(1)</script>正文", "5 executable"),
        (
            "href=\"https://github.com/",
            "href=\"javascript:alert(1)//",
            "5 executable",
        ),
        (
            "</p>",
            "</p>\n\n    code\n\n*em*",
            "6 Markdown added markup",
        ),
        (
            "</p>",
            "</p>\n\nhttps://example.com\n",
            "6 Markdown added markup",
        ),
    ];
    for (from, to, check) in cases {
        let fails = check_mirror("broken", &article, &broken(from, to));
        assert!(
            fails.iter().any(|f| f.contains(&format!(": {check}:"))),
            "{from:?} → {to:?} should fail check {check:?}; got {fails:#?}"
        );
    }
}

// ------------------------------------------------------------------------------------------------
// The pipeline itself
// ------------------------------------------------------------------------------------------------

#[test]
fn the_pipeline_behaves_like_github() {
    // Raw HTML passes comrak; Markdown outside HTML blocks is Markdown.
    let gh = on_github("<p>a *b*</p>\n\n*c* www.example.com\n");
    assert_eq!(
        gh.html,
        "<p>a *b*</p>\n<p><em>c</em> <a href=\"http://www.example.com\">www.example.com</a></p>\n"
    );
    // tagfilter, script content removed, unknown elements unwrapped, attributes filtered.
    let gh = on_github(
        "<div class=\"x\" style=\"y\" onclick=\"z\" align=\"center\"><script>alert(1)</script>\
         <xmp>k</xmp><font color=red>f</font><figure><img src=\"https://a/b.png\" width=\"600\">\
         <figcaption>c</figcaption></figure></div>\n",
    );
    assert_eq!(
        gh.html,
        "<div align=\"center\">&lt;script&gt;alert(1)&lt;/script&gt;&lt;xmp&gt;k&lt;/xmp&gt;f\
         <figure><img src=\"https://a/b.png\" width=\"600\"><figcaption>c</figcaption></figure>\
         </div>\n"
    );
    // Without the tagfilter, the sanitizer drops script content.
    assert_eq!(
        SANITIZER
            .clean("<p>a<script>alert(1)</script>b</p>")
            .to_string(),
        "<p>ab</p>"
    );
    // URL schemes, per element.
    let gh = on_github(
        "<div><a href=\"javascript:alert(1)\">j</a><a href=\"mailto:a@b\">m</a>\
         <a href=\"/rel\">r</a><a href=\"github-mac://x\">g</a><img src=\"mailto:a@b\">\
         <img src=\"data:image/png;base64,AA\"><img src=\"/r.png\"><img src=\"http://h/i.png\">\
         <blockquote cite=\"javascript:x\">q</blockquote><q cite=\"https://c\">c</q></div>\n",
    );
    assert_eq!(
        gh.html,
        "<div><a>j</a><a href=\"mailto:a@b\">m</a><a href=\"/rel\">r</a>\
         <a href=\"github-mac://x\">g</a><img><img><img src=\"/r.png\"><img src=\"http://h/i.png\">\
         <blockquote>q</blockquote><q cite=\"https://c\">c</q></div>\n"
    );
    // The transformers: stray li and table parts are unwrapped.
    let gh = on_github("<div><li><a href=\"https://x\">x</a></li><ul><li>y</li></ul></div>\n");
    assert_eq!(
        gh.html,
        "<div><a href=\"https://x\">x</a><ul><li>y</li></ul></div>\n"
    );
    // The checks catch what they are for.
    assert!(!executable("<a href=\" java\tscript:x\">a</a>").is_empty());
    assert!(!executable("<img src=x onerror=y>").is_empty());
    assert!(executable("<a href=\"https://x\">a</a>").is_empty());
    assert_eq!(scheme_of(" JavaScript:x"), Some("javascript".into()));
    assert_eq!(scheme_of("/a:b"), None);
    assert_eq!(scheme_of("a?b:c"), None);
}

// ------------------------------------------------------------------------------------------------
// The real mirror files (informational)
// ------------------------------------------------------------------------------------------------

static BODY_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<a(?:href|\s[^>]*?href)").expect("static regex"));

/// The real mirror files of the corpus on GitHub. As they are, how many of their body links still
/// work is printed (the old generator's damage), and every link written `<ahref` must be dead
/// (the stand-in pipeline reads the damage as GitHub does). Upgraded, each must read right: the
/// checks of [`check_mirror`] against the model read back from the upgraded file, and every body
/// link of the upgraded file a working link. Skipped with one line without the corpus (failing
/// when `CI=true`).
#[test]
fn real_mirror_files_score() {
    let Some(corpus) = support::corpus_dir() else {
        return;
    };
    let dir = corpus.join("mirror-samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let (mut scored, mut total, mut working, mut ahref, mut a_href) = (0, 0, 0, 0, 0);
    let (mut upgraded_links, mut fails) = (0, Vec::new());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let md = support::read(path);
        let Some(body) = mirror_body(&md) else {
            continue; // not a mirror file (SOURCES.md)
        };
        scored += 1;
        let in_source = BODY_LINK.find_iter(body).count();
        let written_ahref = body.matches("<ahref").count();
        ahref += written_ahref;
        a_href += body.matches("<a href").count();
        let works = working_body_links(&md);
        eprintln!("  {name}: {works} of {in_source} body links work");
        if in_source - works < written_ahref {
            fails.push(format!(
                "{name}: {written_ahref} links written `<ahref` but only {} dead on GitHub",
                in_source - works
            ));
        }
        total += in_source;
        working += works;

        let up = newsmirror::upgrade::upgrade(&md, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{name}: upgrade failed: {e}"));
        let article = Article::from_mirror(&up.output)
            .unwrap_or_else(|e| panic!("{name}: the upgraded file does not read back: {e}"));
        fails.extend(check_mirror(
            &format!("{name} upgraded"),
            &article,
            &up.output,
        ));
        let up_body = mirror_body(&up.output).unwrap_or_default();
        let (links, works) = (
            BODY_LINK.find_iter(up_body).count(),
            working_body_links(&up.output),
        );
        if works != links {
            fails.push(format!(
                "{name} upgraded: {works} of {links} body links work on GitHub"
            ));
        }
        upgraded_links += links;
    }
    eprintln!(
        "real mirror files ({scored} in {}): {working} of {total} body links work on GitHub \
         (of the {total}: {ahref} written `<ahref`, never a link; {a_href} `<a href`; the rest \
         `<a … href` / `<A HREF`); upgraded, all {upgraded_links} work",
        dir.display()
    );
    assert!(scored > 0, "no mirror file in {}", dir.display());
    assert!(
        fails.is_empty(),
        "{} problem(s) with the real mirror files on GitHub:\n{}",
        fails.len(),
        fails.join("\n")
    );
}

/// How many body links of mirror file `md` are links with a non-empty `href` on GitHub.
fn working_body_links(md: &str) -> usize {
    read_page(&on_github(md).html)
        .body_links
        .iter()
        .filter(|l| l.href.as_deref().is_some_and(|h| !h.trim().is_empty()))
        .count()
}
