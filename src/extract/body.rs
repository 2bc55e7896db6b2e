//! The article body: a walk over the story's DOM that emits [`Block`]s.
//!
//! The walk is one pass over `ego_tree`'s open/close edges (an iterator, no recursion), so a page
//! nested 200,000 deep costs time linear in its size and no stack. Block elements open and close
//! contexts on an explicit stack; inline elements open and close frames of an [`InlineBuilder`].

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Node};
use url::Url;

use super::text::{collapse_whitespace, is_blank};
use crate::model::{
    Block, Diagnostic, DiagnosticKind, EmbedKind, Inline, MAX_INLINE_DEPTH, plain_text,
};
use crate::sites::Pages as SiteTable;

/// Elements whose whole subtree is never article content.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "link", "meta", "title", "head", "svg", "math",
    "canvas", "map", "button", "input", "select", "textarea", "form", "ins", "object", "param",
    "source", "track", "dialog",
];
/// Of [`SKIP`], those whose text, if any, is worth reporting (the others never carry article text).
const SKIP_REPORTED: &[&str] = &["button", "select", "textarea", "form", "math", "dialog"];
/// Embedded media, turned into [`Block::Embed`].
const EMBEDS: &[&str] = &[
    "iframe",
    "embed",
    "video",
    "audio",
    "twitter-widget",
    "frame",
];
/// Elements that only separate blocks.
const CONTAINERS: &[&str] = &[
    "p", "div", "section", "article", "main", "center", "address", "dl", "dt", "dd", "details",
    "summary", "pre", "header", "footer", "hgroup", "body", "html", "caption", "fieldset",
    "legend", "picture",
];

/// What the walker is inside of.
enum Ctx {
    Heading {
        node: NodeId,
        level: u8,
    },
    List {
        node: NodeId,
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
    /// A list nested inside another: its items join the outer list.
    NestedList {
        node: NodeId,
    },
    Item {
        node: NodeId,
    },
    Quote {
        node: NodeId,
        content: Vec<Inline>,
        /// The status URL when the quote is an embedded tweet's fallback text.
        tweet: Option<String>,
    },
    Table {
        node: NodeId,
        rows: Vec<Vec<Vec<Inline>>>,
        header: bool,
    },
    Row {
        node: NodeId,
        cells: Vec<Vec<Inline>>,
        /// The row sits in `<thead>`.
        thead: bool,
        /// Every cell so far is a `<th>`.
        all_th: bool,
    },
    Cell {
        node: NodeId,
        th: bool,
    },
    Figure {
        node: NodeId,
        src: Option<String>,
        alt: String,
        link: Option<String>,
        caption: Vec<Inline>,
    },
    Caption {
        node: NodeId,
    },
}

impl Ctx {
    fn node(&self) -> NodeId {
        match self {
            Ctx::Heading { node, .. }
            | Ctx::List { node, .. }
            | Ctx::NestedList { node }
            | Ctx::Item { node }
            | Ctx::Quote { node, .. }
            | Ctx::Table { node, .. }
            | Ctx::Row { node, .. }
            | Ctx::Cell { node, .. }
            | Ctx::Figure { node, .. }
            | Ctx::Caption { node } => *node,
        }
    }
}

/// What the body walk produced.
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks the story. `nodes` are the top-level nodes of the story region, in order; `dropped` are
/// boilerplate elements to skip silently.
pub(crate) fn walk<'a>(
    nodes: impl IntoIterator<Item = NodeRef<'a, Node>>,
    dropped: &HashSet<NodeId>,
    base: Option<&Url>,
    site: &'static SiteTable,
) -> Body {
    let mut w = Walker {
        base,
        site,
        dropped,
        blocks: Vec::new(),
        diagnostics: Vec::new(),
        ctx: Vec::new(),
        inline: InlineBuilder::default(),
        skip: None,
    };
    for top in nodes {
        for edge in top.traverse() {
            match edge {
                Edge::Open(node) => w.open(node),
                Edge::Close(node) => w.close(node),
            }
        }
    }
    w.finish()
}

struct Walker<'a, 'd> {
    base: Option<&'a Url>,
    site: &'static SiteTable,
    dropped: &'d HashSet<NodeId>,
    blocks: Vec<Block>,
    diagnostics: Vec<Diagnostic>,
    ctx: Vec<Ctx>,
    inline: InlineBuilder,
    /// The subtree being skipped, until its close edge.
    skip: Option<NodeId>,
}

impl<'a> Walker<'a, '_> {
    fn open(&mut self, node: NodeRef<'_, Node>) {
        if self.skip.is_some() {
            return;
        }
        match node.value() {
            Node::Text(t) => {
                // …and indent each paragraph with ideographic spaces: a line that starts with
                // U+3000 after a break is a new paragraph.
                if self.ctx.is_empty()
                    && t.trim_start_matches(super::text::is_html_space)
                        .starts_with('\u{3000}')
                    && self.inline.pop_trailing_break()
                {
                    self.boundary();
                }
                self.inline.text(t)
            }
            Node::Element(_) => {
                let Some(el) = ElementRef::wrap(node) else {
                    return;
                };
                self.open_element(el);
            }
            _ => {}
        }
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        if let Some(id) = self.skip {
            if id == node.id() {
                self.skip = None;
            }
            return;
        }
        if let Some(el) = ElementRef::wrap(node) {
            self.close_element(el);
        }
    }

    fn skip_subtree(&mut self, el: ElementRef<'_>) {
        self.skip = Some(el.id());
    }

    /// Skips an element's subtree, reporting its text (if it has any) as unplaced.
    fn skip_reporting(&mut self, el: ElementRef<'_>, what: &str) {
        let text = collapse_whitespace(&el.text().collect::<String>());
        if !is_blank(&text) {
            self.diag(
                DiagnosticKind::Unplaced,
                format!("{what}: {}", snippet(&text)),
            );
        }
        self.skip_subtree(el);
    }

    fn diag(&mut self, kind: DiagnosticKind, message: String) {
        self.diagnostics.push(Diagnostic { kind, message });
    }

    fn open_element(&mut self, el: ElementRef<'_>) {
        let name = el.value().name();
        if self.dropped.contains(&el.id()) {
            self.skip_subtree(el);
            return;
        }
        if is_hidden(el) {
            self.skip_reporting(el, "hidden text skipped");
            return;
        }
        if SKIP.contains(&name) {
            if SKIP_REPORTED.contains(&name) {
                self.skip_reporting(el, &format!("<{name}> in the body skipped"));
            } else {
                self.skip_subtree(el);
            }
            return;
        }
        if EMBEDS.contains(&name) {
            self.boundary();
            self.embed(el);
            self.skip_subtree(el);
            return;
        }
        match name {
            "br" => {
                // Pages of the 2000s separate paragraphs with <br><br>: outside any list, quote
                // or table, a second break in a row ends the paragraph.
                if self.ctx.is_empty() && self.inline.pop_trailing_break() {
                    self.boundary();
                } else {
                    self.inline.br();
                }
            }
            "hr" => self.boundary(),
            "strong" | "b" => self.inline.open(el.id(), FrameKind::Strong),
            "em" | "i" => self.inline.open(el.id(), FrameKind::Em),
            "a" => self.open_link(el),
            "img" => self.image(el),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.boundary();
                let level = name.as_bytes()[1] - b'0';
                self.ctx.push(Ctx::Heading {
                    node: el.id(),
                    level,
                });
            }
            "ul" | "ol" => {
                if self.in_list() {
                    self.finish_item();
                    self.ctx.push(Ctx::NestedList { node: el.id() });
                } else {
                    self.boundary();
                    self.ctx.push(Ctx::List {
                        node: el.id(),
                        ordered: name == "ol",
                        items: Vec::new(),
                    });
                }
            }
            "li" => {
                if self.in_list() {
                    self.finish_item();
                    self.ctx.push(Ctx::Item { node: el.id() });
                } else {
                    self.boundary();
                }
            }
            "blockquote" => {
                // An embedded tweet's blockquote holds the tweet's text: kept as a quote, followed
                // by the embed that stands for the live widget.
                let tweet = if is_tweet(el) {
                    tweet_url(el, self.base)
                } else {
                    None
                };
                self.boundary();
                if self.in_quote() {
                    return;
                }
                self.ctx.push(Ctx::Quote {
                    node: el.id(),
                    content: Vec::new(),
                    tweet,
                });
            }
            "table" => {
                self.boundary();
                if !self.in_table() {
                    self.ctx.push(Ctx::Table {
                        node: el.id(),
                        rows: Vec::new(),
                        header: false,
                    });
                }
            }
            "tr" => {
                if matches!(self.ctx.last(), Some(Ctx::Table { .. })) {
                    let in_thead = el
                        .parent()
                        .and_then(ElementRef::wrap)
                        .is_some_and(|p| p.value().name() == "thead");
                    self.ctx.push(Ctx::Row {
                        node: el.id(),
                        cells: Vec::new(),
                        thead: in_thead,
                        all_th: true,
                    });
                } else {
                    self.boundary();
                }
            }
            "td" | "th" => {
                if matches!(self.ctx.last(), Some(Ctx::Row { .. })) {
                    self.ctx.push(Ctx::Cell {
                        node: el.id(),
                        th: name == "th",
                    });
                } else {
                    self.boundary();
                }
            }
            "figure" => self.open_figure(el),
            "div"
                if el
                    .value()
                    .has_class("wp-caption", scraper::CaseSensitivity::CaseSensitive) =>
            {
                self.open_figure(el)
            }
            "figcaption" => self.open_caption(el),
            "p" if el
                .value()
                .has_class("wp-caption-text", scraper::CaseSensitivity::CaseSensitive) =>
            {
                self.open_caption(el)
            }
            _ if CONTAINERS.contains(&name) => self.boundary(),
            // span, font, sup, sub, u, small, mark, q, time, label, code, and unknown elements:
            // transparent, their text flows into the current block.
            _ => {}
        }
    }

    fn close_element(&mut self, el: ElementRef<'_>) {
        let id = el.id();
        // Inline frames first: they close inside their block.
        if self.inline.close(id) {
            return;
        }
        let top_is_this = self.ctx.last().is_some_and(|c| c.node() == id);
        if !top_is_this {
            if CONTAINERS.contains(&el.value().name())
                || matches!(el.value().name(), "li" | "blockquote" | "tr")
            {
                self.boundary();
            }
            return;
        }
        if let Some(ctx) = self.ctx.pop() {
            self.close_context(ctx);
        }
    }

    /// The end of a context: its content becomes a block (or part of the enclosing context).
    fn close_context(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Heading { level, .. } => {
                let content = self.inline.take();
                if !content.is_empty() {
                    self.push_block(Block::Heading { level, content });
                }
            }
            Ctx::Item { .. } | Ctx::NestedList { .. } => {
                let item = self.inline.take();
                self.push_item(item);
            }
            Ctx::List {
                ordered, mut items, ..
            } => {
                let rest = self.inline.take();
                if !rest.is_empty() {
                    items.push(rest);
                }
                if !items.is_empty() {
                    self.push_block(Block::List { ordered, items });
                }
            }
            Ctx::Quote {
                mut content, tweet, ..
            } => {
                let rest = self.inline.take();
                append_with_break(&mut content, rest);
                if !content.is_empty() {
                    self.push_block(Block::Quote { content });
                }
                if let Some(url) = tweet {
                    self.push_block(Block::Embed {
                        kind: EmbedKind::Tweet,
                        url,
                    });
                }
            }
            Ctx::Cell { th, .. } => {
                let cell = self.inline.take();
                if let Some(Ctx::Row { cells, all_th, .. }) = self.ctx.last_mut() {
                    *all_th &= th;
                    cells.push(cell);
                }
            }
            Ctx::Row {
                cells,
                thead,
                all_th,
                ..
            } => {
                if let Some(Ctx::Table { rows, header, .. }) = self.ctx.last_mut() {
                    if !cells.is_empty() {
                        if rows.is_empty() {
                            // A header row sits in <thead> or has only <th> cells.
                            *header = thead || all_th;
                        }
                        rows.push(cells);
                    }
                }
            }
            Ctx::Table { rows, header, .. } => {
                if rows.iter().flatten().any(|c| !c.is_empty()) {
                    self.push_block(Block::Table { rows, header });
                }
            }
            Ctx::Caption { .. } => {
                let caption = self.inline.take();
                if let Some(Ctx::Figure { caption: c, .. }) = self.ctx.last_mut() {
                    append_with_break(c, caption);
                }
            }
            Ctx::Figure {
                src,
                alt,
                link,
                mut caption,
                ..
            } => {
                let stray = self.inline.take();
                append_with_break(&mut caption, stray);
                match src {
                    Some(src) => self.push_block(Block::Figure {
                        src,
                        alt,
                        caption,
                        link,
                    }),
                    None if !caption.is_empty() => {
                        self.diag(
                            DiagnosticKind::Unplaced,
                            format!(
                                "figure without an image; its caption kept as a paragraph: {}",
                                snippet(&plain_text(&caption))
                            ),
                        );
                        self.push_block(Block::Paragraph { content: caption });
                    }
                    None => {}
                }
            }
        }
    }

    fn in_list(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::List { .. }))
    }

    fn in_quote(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::Quote { .. }))
    }

    fn in_table(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::Table { .. }))
    }

    /// Ends the current list item (if it has content) inside the enclosing list.
    fn finish_item(&mut self) {
        let item = self.inline.take();
        self.push_item(item);
    }

    fn push_item(&mut self, item: Vec<Inline>) {
        if item.is_empty() {
            return;
        }
        if let Some(Ctx::List { items, .. }) = self
            .ctx
            .iter_mut()
            .rev()
            .find(|c| matches!(c, Ctx::List { .. }))
        {
            items.push(item);
        }
    }

    /// A block boundary: what the inline builder holds becomes a block, or a line break inside
    /// the enclosing multi-line context.
    fn boundary(&mut self) {
        match self.ctx.last() {
            None => {
                let content = self.inline.take();
                if !content.is_empty() {
                    self.push_block(Block::Paragraph { content });
                }
            }
            Some(Ctx::Heading { .. }) => {}
            Some(
                Ctx::Item { .. } | Ctx::Cell { .. } | Ctx::Caption { .. } | Ctx::Figure { .. },
            ) => self.inline.break_if_content(),
            Some(Ctx::Quote { .. }) => {
                let part = self.inline.take();
                if let Some(Ctx::Quote { content, .. }) = self.ctx.last_mut() {
                    append_with_break(content, part);
                }
            }
            Some(Ctx::List { .. } | Ctx::NestedList { .. }) => self.finish_item(),
            Some(Ctx::Table { .. } | Ctx::Row { .. }) => {
                // Text directly in a table or row (the parser foster-parents most of it out).
                self.inline.break_if_content()
            }
        }
    }

    /// Blocks produced inside a multi-line context (a figure inside a list item, say) cannot
    /// nest in the model: they are emitted after the context's content so far.
    fn push_block(&mut self, block: Block) {
        self.blocks.push(block);
    }

    fn open_link(&mut self, el: ElementRef<'_>) {
        let href = el
            .value()
            .attr("href")
            .map(str::trim)
            .filter(|h| !h.is_empty() && !h.starts_with('#'));
        match href {
            None => self.inline.open(el.id(), FrameKind::Plain),
            Some(h) => match safe_url(h, self.base, &["http", "https", "mailto"]) {
                Some(url) => self.inline.open(el.id(), FrameKind::Link(url)),
                None => {
                    self.diag(
                        DiagnosticKind::UnsafeUrl,
                        format!("link target dropped, text kept: {}", snippet(h)),
                    );
                    self.inline.open(el.id(), FrameKind::Plain)
                }
            },
        }
    }

    fn open_figure(&mut self, el: ElementRef<'_>) {
        self.boundary();
        if self.ctx.iter().any(|c| matches!(c, Ctx::Figure { .. })) {
            return;
        }
        self.ctx.push(Ctx::Figure {
            node: el.id(),
            src: None,
            alt: String::new(),
            link: None,
            caption: Vec::new(),
        });
    }

    fn open_caption(&mut self, el: ElementRef<'_>) {
        if matches!(self.ctx.last(), Some(Ctx::Figure { .. })) {
            // Text before the caption inside the figure (rare) is part of the caption too.
            let stray = self.inline.take();
            if let Some(Ctx::Figure { caption, .. }) = self.ctx.last_mut() {
                append_with_break(caption, stray);
            }
            self.ctx.push(Ctx::Caption { node: el.id() });
        } else {
            self.boundary();
        }
    }

    fn image(&mut self, el: ElementRef<'_>) {
        let Some(src) = image_src(el, self.base, self.site) else {
            let raw = el.value().attr("src").unwrap_or("");
            if !raw.is_empty() && !is_placeholder(raw, self.site) {
                self.diag(
                    DiagnosticKind::UnsafeUrl,
                    format!("image dropped, unusable URL: {}", snippet(raw)),
                );
            }
            return;
        };
        let alt = collapse_whitespace(el.value().attr("alt").unwrap_or(""))
            .trim()
            .to_string();
        let link = self.inline.innermost_link();
        if let Some(Ctx::Figure {
            src: s,
            alt: a,
            link: l,
            ..
        }) = self.ctx.last_mut()
        {
            if s.is_none() {
                *s = Some(src);
                *a = alt;
                *l = link;
                return;
            }
        }
        // An image in running text (or a second image in a figure): a figure of its own, and
        // the text around it splits into the blocks before and after.
        self.boundary_for_image();
        self.push_block(Block::Figure {
            src,
            alt,
            caption: Vec::new(),
            link,
        });
    }

    fn boundary_for_image(&mut self) {
        match self.ctx.last() {
            None | Some(Ctx::Quote { .. }) => self.boundary(),
            _ => {}
        }
    }

    fn embed(&mut self, el: ElementRef<'_>) {
        let v = el.value();
        let raw = match v.name() {
            "twitter-widget" => v
                .attr("data-tweet-id")
                .map(|id| format!("https://twitter.com/i/status/{id}")),
            "object" => v.attr("data").map(str::to_string),
            _ => self
                .site
                .lazy_src_attrs
                .iter()
                .chain(["src"].iter())
                .filter_map(|a| v.attr(a))
                .map(str::trim)
                .find(|s| !s.is_empty() && !s.starts_with("about:"))
                .map(str::to_string)
                .or_else(|| {
                    el.children()
                        .filter_map(ElementRef::wrap)
                        .find(|c| c.value().name() == "source")
                        .and_then(|c| c.value().attr("src").map(str::to_string))
                }),
        };
        let url = match raw
            .as_deref()
            .map(|r| (r, safe_url(r, self.base, &["http", "https"])))
        {
            Some((_, Some(url))) => url,
            Some((r, None)) => {
                self.diag(
                    DiagnosticKind::UnsafeUrl,
                    format!(
                        "<{}> embed with an unusable URL skipped: {}",
                        v.name(),
                        snippet(r)
                    ),
                );
                return;
            }
            None => {
                self.diag(
                    DiagnosticKind::Unplaced,
                    format!("<{}> embed without a URL skipped", v.name()),
                );
                return;
            }
        };
        // <twitter-widget> is the rendered form of the tweet blockquote just before it.
        if let (
            Some(id),
            Some(Block::Embed {
                kind: EmbedKind::Tweet,
                url: last,
            }),
        ) = (v.attr("data-tweet-id"), self.blocks.last())
        {
            if last.ends_with(&format!("/status/{id}")) {
                return;
            }
        }
        let kind = embed_kind(v.name(), &url);
        self.blocks.push(Block::Embed { kind, url });
    }

    fn finish(mut self) -> Body {
        // A region cut at a comment marker can end inside an open context: close what is open
        // as if its elements ended here.
        while let Some(ctx) = self.ctx.pop() {
            self.close_context(ctx);
        }
        self.boundary();
        Body {
            blocks: self.blocks,
            diagnostics: self.diagnostics,
        }
    }
}

fn append_with_break(into: &mut Vec<Inline>, part: Vec<Inline>) {
    if part.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push(Inline::Br);
    }
    into.extend(part);
}

/// Text a reader never sees: `display:none`, `visibility:hidden`, the `hidden` attribute, or
/// white-on-white `<font color=#ffffff>` (old pages stamped their address so).
fn is_hidden(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if v.attr("hidden").is_some() {
        return true;
    }
    if let Some(style) = v.attr("style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    v.name() == "font"
        && v.attr("color").is_some_and(|c| {
            matches!(
                c.trim().to_ascii_lowercase().as_str(),
                "#ffffff" | "#fff" | "white" | "ffffff"
            )
        })
}

fn is_tweet(el: ElementRef<'_>) -> bool {
    el.value()
        .classes()
        .any(|c| c == "twitter-tweet" || c == "twitter-video")
}

fn tweet_url(el: ElementRef<'_>, base: Option<&Url>) -> Option<String> {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("/status/"))
        .last()
        .and_then(|h| safe_url(h, base, &["http", "https"]))
        .map(|u| strip_query(&u))
}

/// A status URL without its tracking query (`?ref_src=twsrc%5Etfw`).
fn strip_query(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) => {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        }
        Err(_) => url.to_string(),
    }
}

fn embed_kind(tag: &str, url: &str) -> EmbedKind {
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if tag == "twitter-widget" || matches!(host, "twitter.com" | "x.com" | "platform.twitter.com") {
        EmbedKind::Tweet
    } else if tag == "video"
        || host.ends_with("youtube.com")
        || host == "youtu.be"
        || host.ends_with("youtube-nocookie.com")
        || host.contains("ganjing")
        || host.starts_with("vembed.")
        || host.contains("vimeo.com")
    {
        EmbedKind::Video
    } else {
        EmbedKind::Other
    }
}

/// Resolves `raw` against `base` and accepts it only with one of `schemes`.
/// ([`resolve_href`](crate::linkmap::resolve_href): the same rule as the renderers' rewriting.)
pub(crate) fn safe_url(raw: &str, base: Option<&Url>, schemes: &[&str]) -> Option<String> {
    let url = crate::linkmap::resolve_href(raw, base)?;
    schemes.contains(&url.scheme()).then(|| url.into())
}

pub(crate) fn is_placeholder(src: &str, site: &SiteTable) -> bool {
    let s = src.trim();
    s.is_empty()
        || s.starts_with("data:")
        || site.placeholder_suffixes.iter().any(|p| s.ends_with(p))
}

static NOSCRIPT_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)"#).expect("static regex")
});

/// The real URL of a possibly lazy image: a lazy attribute, then `src` unless it is a
/// placeholder, then the `<noscript>` fallback that follows the image.
pub(crate) fn image_src(
    el: ElementRef<'_>,
    base: Option<&Url>,
    site: &SiteTable,
) -> Option<String> {
    let v = el.value();
    let candidates = site
        .lazy_src_attrs
        .iter()
        .chain(["src"].iter())
        .filter_map(|a| v.attr(a));
    for c in candidates {
        if !is_placeholder(c, site) {
            return safe_url(c, base, &["http", "https"]);
        }
    }
    // <img …><noscript><img src=…></noscript>: scripting-enabled parsing keeps the noscript
    // content as text.
    let mut sib = el.next_sibling();
    while let Some(n) = sib {
        match n.value() {
            Node::Text(t) if is_blank(t) => sib = n.next_sibling(),
            Node::Element(e) if e.name() == "noscript" => {
                let text: String = n
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                    .collect();
                let m = NOSCRIPT_SRC.captures(&text)?;
                let src = html_unescape_attr(&m[1]);
                return (!is_placeholder(&src, site))
                    .then(|| safe_url(&src, base, &["http", "https"]))
                    .flatten();
            }
            _ => return None,
        }
    }
    None
}

/// The few entities that occur in URLs inside raw `<noscript>` text.
fn html_unescape_attr(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#038;", "&")
        .replace("&#38;", "&")
}

pub(crate) fn snippet(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
enum FrameKind {
    Root,
    Strong,
    Em,
    Link(String),
    /// An element that opens no container (a link without a usable target); tracked so that its
    /// close edge is recognised.
    Plain,
}

struct Frame {
    node: Option<NodeId>,
    kind: FrameKind,
    /// Beyond the depth the model keeps, or redundant (strong in strong): children join the parent.
    flatten: bool,
    children: Vec<Inline>,
}

/// Builds inline content with whitespace collapsed across text nodes.
pub(crate) struct InlineBuilder {
    frames: Vec<Frame>,
    /// A collapsible space is owed before the next text.
    pending_space: bool,
    /// Anything emitted since the last `take`.
    has_content: bool,
    /// Nothing but a line break since the last text: leading space is dropped.
    line_start: bool,
    /// Containers opened (not flattened), for the depth bound.
    depth: usize,
}

impl Default for InlineBuilder {
    fn default() -> Self {
        InlineBuilder {
            frames: vec![Frame {
                node: None,
                kind: FrameKind::Root,
                flatten: false,
                children: Vec::new(),
            }],
            pending_space: false,
            has_content: false,
            line_start: true,
            depth: 0,
        }
    }
}

impl InlineBuilder {
    fn open(&mut self, node: NodeId, kind: FrameKind) {
        // A space owed before the element belongs outside it: `文字 <a>链接</a>`, not `文字<a> 链接</a>`.
        if self.pending_space && self.has_content && !self.line_start {
            let top = &mut self.frames.last_mut().expect("root frame").children;
            push_merged(top, Inline::text(" "));
        }
        self.pending_space = false;
        let redundant = match &kind {
            FrameKind::Strong => self
                .frames
                .iter()
                .any(|f| matches!(f.kind, FrameKind::Strong)),
            FrameKind::Em => self.frames.iter().any(|f| matches!(f.kind, FrameKind::Em)),
            FrameKind::Link(_) => self
                .frames
                .iter()
                .any(|f| matches!(f.kind, FrameKind::Link(_))),
            FrameKind::Plain | FrameKind::Root => true,
        };
        let flatten = redundant || self.depth >= MAX_INLINE_DEPTH;
        if !flatten {
            self.depth += 1;
        }
        self.frames.push(Frame {
            node: Some(node),
            kind,
            flatten,
            children: Vec::new(),
        });
    }

    /// Closes the frame opened by `node`; `false` if `node` opened none.
    fn close(&mut self, node: NodeId) -> bool {
        if self.frames.len() < 2 || self.frames.last().and_then(|f| f.node) != Some(node) {
            return false;
        }
        let frame = self.frames.pop().expect("checked above");
        self.attach(frame);
        true
    }

    fn attach(&mut self, frame: Frame) {
        if !frame.flatten {
            self.depth -= 1;
        }
        let parent = &mut self.frames.last_mut().expect("root frame").children;
        if frame.flatten {
            for child in frame.children {
                push_merged(parent, child);
            }
            return;
        }
        if frame.children.is_empty()
            || plain_text(&frame.children).trim().is_empty() && !has_break(&frame.children)
        {
            // Empty emphasis or a link without text says nothing; a space inside it still separates.
            if frame
                .children
                .iter()
                .any(|c| matches!(c, Inline::Text { .. }))
            {
                push_merged(parent, Inline::text(" "));
            }
            return;
        }
        let wrapped = match frame.kind {
            FrameKind::Strong => Inline::Strong {
                content: frame.children,
            },
            FrameKind::Em => Inline::Em {
                content: frame.children,
            },
            FrameKind::Link(href) => Inline::Link {
                href,
                content: frame.children,
            },
            FrameKind::Plain | FrameKind::Root => {
                for child in frame.children {
                    push_merged(parent, child);
                }
                return;
            }
        };
        parent.push(wrapped);
    }

    fn innermost_link(&self) -> Option<String> {
        self.frames.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Link(h) => Some(h.clone()),
            _ => None,
        })
    }

    fn text(&mut self, raw: &str) {
        let mut collapsed = collapse_whitespace(raw);
        if self.line_start {
            // The indent of a paragraph (or of a line after a break) is layout, not text.
            let kept = collapsed.trim_start_matches([' ', '\u{3000}']);
            if kept.len() != collapsed.len() {
                collapsed = kept.to_string();
            }
        }
        let leading = collapsed.starts_with(' ');
        let trailing = collapsed.ends_with(' ');
        let core = collapsed.trim_matches(' ');
        if core.is_empty() {
            if !collapsed.is_empty() && self.has_content {
                self.pending_space = true;
            }
            return;
        }
        let mut s = String::with_capacity(core.len() + 1);
        if (leading || self.pending_space) && self.has_content && !self.line_start {
            s.push(' ');
        }
        s.push_str(core);
        self.pending_space = trailing;
        self.has_content = true;
        self.line_start = false;
        let top = &mut self.frames.last_mut().expect("root frame").children;
        push_merged(top, Inline::Text { text: s });
    }

    fn br(&mut self) {
        self.frames
            .last_mut()
            .expect("root frame")
            .children
            .push(Inline::Br);
        self.pending_space = false;
        self.has_content = true;
        self.line_start = true;
    }

    /// Removes a line break that ends the content so far (in the innermost frame); `true` if
    /// there was one.
    fn pop_trailing_break(&mut self) -> bool {
        let top = &mut self.frames.last_mut().expect("root frame").children;
        if matches!(top.last(), Some(Inline::Br)) {
            top.pop();
            true
        } else {
            false
        }
    }

    /// A line break unless nothing has been written yet (or the last thing was a break).
    fn break_if_content(&mut self) {
        let last_is_break = self
            .frames
            .last()
            .and_then(|f| f.children.last())
            .is_some_and(|c| matches!(c, Inline::Br));
        if self.has_content && !last_is_break {
            self.br();
        }
    }

    /// Takes what has been built as one block's content, closing the open frames there and
    /// reopening them (empty) for what follows: a block boundary inside `<a>` or `<strong>` splits
    /// the link or emphasis in two, as a browser shows it.
    fn take(&mut self) -> Vec<Inline> {
        let reopen: Vec<(Option<NodeId>, FrameKind, bool)> = self.frames[1..]
            .iter()
            .map(|f| (f.node, f.kind.clone(), f.flatten))
            .collect();
        while self.frames.len() > 1 {
            let f = self.frames.pop().expect("len > 1");
            self.attach(f);
        }
        let mut content = std::mem::take(&mut self.frames[0].children);
        for (node, kind, flatten) in reopen {
            if !flatten {
                self.depth += 1;
            }
            self.frames.push(Frame {
                node,
                kind,
                flatten,
                children: Vec::new(),
            });
        }
        self.pending_space = false;
        self.has_content = false;
        self.line_start = true;
        trim_end(&mut content);
        if plain_text(&content).chars().all(char::is_whitespace) {
            content.clear();
        }
        content
    }
}

fn has_break(content: &[Inline]) -> bool {
    content.iter().any(|c| matches!(c, Inline::Br))
}

/// Appends `item`, merging adjacent text.
fn push_merged(into: &mut Vec<Inline>, item: Inline) {
    if let Inline::Text { text } = &item {
        if let Some(Inline::Text { text: last }) = into.last_mut() {
            last.push_str(text);
            return;
        }
    }
    into.push(item);
}

/// Removes trailing breaks and trailing collapsible spaces at the end of a block.
fn trim_end(content: &mut Vec<Inline>) {
    loop {
        match content.last_mut() {
            Some(Inline::Br) => {
                content.pop();
            }
            Some(Inline::Text { text }) => {
                let t = text.trim_end_matches(' ').len();
                text.truncate(t);
                if text.is_empty() {
                    content.pop();
                } else {
                    return;
                }
            }
            _ => return,
        }
    }
}
