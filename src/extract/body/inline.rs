//! Inline content: frames for emphasis and links, whitespace collapsed across text nodes.

use ego_tree::NodeId;

use crate::extract::text::collapse_whitespace;
use crate::model::{Inline, MAX_INLINE_DEPTH, plain_text};

#[derive(Clone)]
pub(super) enum FrameKind {
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
pub(super) struct InlineBuilder {
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
    pub(super) fn open(&mut self, node: NodeId, kind: FrameKind) {
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
    pub(super) fn close(&mut self, node: NodeId) -> bool {
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

    pub(super) fn innermost_link(&self) -> Option<String> {
        self.frames.iter().rev().find_map(|f| match &f.kind {
            FrameKind::Link(h) => Some(h.clone()),
            _ => None,
        })
    }

    pub(super) fn text(&mut self, raw: &str) {
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

    pub(super) fn br(&mut self) {
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
    pub(super) fn pop_trailing_break(&mut self) -> bool {
        let top = &mut self.frames.last_mut().expect("root frame").children;
        if matches!(top.last(), Some(Inline::Br)) {
            top.pop();
            true
        } else {
            false
        }
    }

    /// A line break unless nothing has been written yet (or the last thing was a break).
    pub(super) fn break_if_content(&mut self) {
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
    pub(super) fn take(&mut self) -> Vec<Inline> {
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
