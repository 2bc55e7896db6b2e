//! Writing normalised inline content: text, line breaks, links, and emphasis as Markdown
//! delimiters where they work or as raw HTML where they might not.

use super::dest::push_dest;
use super::escape::push_escaped;
use super::flanking::delimiters_work;
use super::normalize::Node;
#[cfg(doc)]
use crate::model::Inline;

/// How [`Inline::Br`] is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BrMode {
    /// `\` + newline + the continuation prefix.
    Hard,
    /// A space (headings).
    Space,
    /// `<br>` (table cells).
    Html,
}

/// Which emphasis kinds enclose the content being written.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Within {
    strong: bool,
    em: bool,
}

/// Writes inline content.
pub(super) struct Inl<'a> {
    pub(super) br: BrMode,
    /// Written after a hard break.
    pub(super) prefix: &'a str,
}

impl Inl<'_> {
    /// Writes `nodes` onto `out`. `line_start`: nothing has been written on the current line
    /// yet (besides markers). `before`: the character before the content when `out` is empty
    /// (`None`: start of line); `after`: the character that will follow it (`None`: end of line).
    pub(super) fn seq(
        &self,
        nodes: &[Node],
        out: &mut String,
        line_start: &mut bool,
        before: Option<char>,
        after: Option<char>,
        within: Within,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(text) => push_escaped(out, text, line_start),
                Node::Br => match self.br {
                    BrMode::Hard => {
                        out.push_str("\\\n");
                        out.push_str(self.prefix);
                        *line_start = true;
                    }
                    BrMode::Space => out.push(' '),
                    BrMode::Html => out.push_str("<br>"),
                },
                Node::Link(dest, content) => {
                    out.push('[');
                    self.seq(content, out, &mut false, Some('['), Some(']'), within);
                    out.push_str("](");
                    push_dest(out, dest);
                    out.push(')');
                    *line_start = false;
                }
                Node::Strong(content) | Node::Em(content) => {
                    let strong = matches!(node, Node::Strong(_));
                    let nested = if strong { within.strong } else { within.em };
                    let inner_within = Within {
                        strong: within.strong || strong,
                        em: within.em || !strong,
                    };
                    // Written as if between Markdown delimiters: emphasis at the edges of the
                    // content then sees `*` and falls back to HTML, which is correct whichever
                    // form this one takes.
                    let mut inner = String::new();
                    self.seq(
                        content,
                        &mut inner,
                        &mut false,
                        Some('*'),
                        Some('*'),
                        inner_within,
                    );
                    let prev = out.chars().next_back().or(before);
                    let next = match nodes.get(index + 1) {
                        Some(next) => Some(self.first_char(next)),
                        None => after,
                    };
                    let markdown = !nested && delimiters_work(prev, &inner, next);
                    let (open, close) = match (strong, markdown) {
                        (true, true) => ("**", "**"),
                        (false, true) => ("*", "*"),
                        (true, false) => ("<strong>", "</strong>"),
                        (false, false) => ("<em>", "</em>"),
                    };
                    out.push_str(open);
                    out.push_str(&inner);
                    out.push_str(close);
                    *line_start = false;
                }
            }
        }
    }

    /// The first character `node` will be written with, in the middle of a line. For emphasis
    /// it is `<`: emphasis after Markdown-delimited emphasis sees `*` before it and is HTML.
    fn first_char(&self, node: &Node) -> char {
        match node {
            Node::Text(text) => {
                let mut out = String::new();
                push_escaped(&mut out, text, &mut false);
                out.chars().next().unwrap_or(' ')
            }
            Node::Link(..) => '[',
            Node::Strong(_) | Node::Em(_) => '<',
            Node::Br => match self.br {
                BrMode::Hard => '\\',
                BrMode::Space => ' ',
                BrMode::Html => '<',
            },
        }
    }
}
