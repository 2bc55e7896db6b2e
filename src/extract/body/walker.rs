//! The block walker: one pass over the story's open/close edges, dispatching each element to
//! the block context, inline frame or media handler it opens.

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::NodeRef;
use scraper::{ElementRef, Node};
use url::Url;

use super::Body;
use super::context::{Ctx, append_with_break};
use super::inline::{FrameKind, InlineBuilder};
use super::media::{is_tweet, tweet_url};
use super::snippet;
use crate::extract::text::{collapse_whitespace, is_blank};
use crate::model::{Block, Diagnostic, DiagnosticKind};
use crate::sites::Pages;
use crate::url_safety::{Allowed, is_in_page, safe_url};

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

pub(super) struct Walker<'a, 'd> {
    pub(super) base: Option<&'a Url>,
    pub(super) site: &'static Pages,
    pub(super) dropped: &'d HashSet<NodeId>,
    pub(super) blocks: Vec<Block>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) ctx: Vec<Ctx>,
    pub(super) inline: InlineBuilder,
    /// The subtree being skipped, until its close edge.
    pub(super) skip: Option<NodeId>,
}

impl<'a, 'd> Walker<'a, 'd> {
    pub(super) fn new(
        base: Option<&'a Url>,
        site: &'static Pages,
        dropped: &'d HashSet<NodeId>,
    ) -> Self {
        Walker {
            base,
            site,
            dropped,
            blocks: Vec::new(),
            diagnostics: Vec::new(),
            ctx: Vec::new(),
            inline: InlineBuilder::default(),
            skip: None,
        }
    }
}

impl<'a> Walker<'a, '_> {
    pub(super) fn open(&mut self, node: NodeRef<'_, Node>) {
        if self.skip.is_some() {
            return;
        }
        match node.value() {
            Node::Text(t) => {
                // …and indent each paragraph with ideographic spaces: a line that starts with
                // U+3000 after a break is a new paragraph.
                if self.ctx.is_empty()
                    && t.trim_start_matches(crate::extract::text::is_html_space)
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

    pub(super) fn close(&mut self, node: NodeRef<'_, Node>) {
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

    pub(super) fn diag(&mut self, kind: DiagnosticKind, message: String) {
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

    /// A block boundary: what the inline builder holds becomes a block, or a line break inside
    /// the enclosing multi-line context.
    pub(super) fn boundary(&mut self) {
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
    pub(super) fn push_block(&mut self, block: Block) {
        self.blocks.push(block);
    }

    fn open_link(&mut self, el: ElementRef<'_>) {
        let href = el.value().attr("href").filter(|h| !is_in_page(h));
        match href {
            None => self.inline.open(el.id(), FrameKind::Plain),
            Some(h) => match safe_url(h, self.base, Allowed::WebAndMail) {
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

    pub(super) fn finish(mut self) -> Body {
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
