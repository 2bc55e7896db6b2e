//! The block contexts the walker is inside of (headings, lists, quotes, tables, figures) and
//! what each becomes when it closes.

use ego_tree::NodeId;
use scraper::ElementRef;

use super::snippet;
use super::walker::Walker;
use crate::model::{Block, DiagnosticKind, EmbedKind, Inline, plain_text};

/// What the walker is inside of.
pub(super) enum Ctx {
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
    pub(super) fn node(&self) -> NodeId {
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

impl Walker<'_, '_> {
    /// The end of a context: its content becomes a block (or part of the enclosing context).
    pub(super) fn close_context(&mut self, ctx: Ctx) {
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

    pub(super) fn in_list(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::List { .. }))
    }

    pub(super) fn in_quote(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::Quote { .. }))
    }

    pub(super) fn in_table(&self) -> bool {
        self.ctx.iter().any(|c| matches!(c, Ctx::Table { .. }))
    }

    /// Ends the current list item (if it has content) inside the enclosing list.
    pub(super) fn finish_item(&mut self) {
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

    pub(super) fn open_figure(&mut self, el: ElementRef<'_>) {
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

    pub(super) fn open_caption(&mut self, el: ElementRef<'_>) {
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
}

pub(super) fn append_with_break(into: &mut Vec<Inline>, part: Vec<Inline>) {
    if part.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push(Inline::Br);
    }
    into.extend(part);
}
