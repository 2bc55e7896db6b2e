//! Inline content prepared for writing ([`Node`]): merged, cleaned, links vetted, edges moved
//! out of emphasis and links.

use super::dest::link_dest;
use crate::linkmap::LinkMap;
use crate::model::Inline;

/// Inline content prepared for writing: text merged and free of control characters, unusable
/// links dissolved into their text, whitespace and line breaks moved out of the edges of
/// emphasis and links, and emphasis and links without visible content dropped.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Text(String),
    Strong(Vec<Node>),
    Em(Vec<Node>),
    /// A vetted absolute destination (not yet Markdown-escaped) and non-empty link text.
    Link(String, Vec<Node>),
    Br,
}

/// The block-level inline content: normalised, with whitespace and breaks at its edges dropped.
pub(super) fn normalized(content: &[Inline], links: &LinkMap) -> Vec<Node> {
    let mut nodes = Vec::new();
    normalize(content, links, false, &mut nodes);
    split_edges(nodes).1
}

pub(super) fn clean_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn push_node(out: &mut Vec<Node>, node: Node) {
    match node {
        Node::Text(text) if text.is_empty() => {}
        Node::Text(text) => match out.last_mut() {
            Some(Node::Text(last)) => last.push_str(&text),
            _ => out.push(Node::Text(text)),
        },
        node => out.push(node),
    }
}

fn normalize(content: &[Inline], links: &LinkMap, in_link: bool, out: &mut Vec<Node>) {
    for inline in content {
        match inline {
            Inline::Text { text } => push_node(out, Node::Text(clean_text(text))),
            Inline::Br => out.push(Node::Br),
            Inline::Strong { content } => {
                let mut inner = Vec::new();
                normalize(content, links, in_link, &mut inner);
                wrap(out, inner, Node::Strong);
            }
            Inline::Em { content } => {
                let mut inner = Vec::new();
                normalize(content, links, in_link, &mut inner);
                wrap(out, inner, Node::Em);
            }
            Inline::Link { href, content } => {
                // Links cannot nest in CommonMark; an inner link keeps only its text.
                match if in_link {
                    None
                } else {
                    link_dest(links, href)
                } {
                    None => normalize(content, links, in_link, out),
                    Some(dest) => {
                        let mut inner = Vec::new();
                        normalize(content, links, true, &mut inner);
                        wrap(out, inner, |core| Node::Link(dest, core));
                    }
                }
            }
        }
    }
}

/// Pushes `inner` wrapped by `make`, its edge whitespace and breaks outside; only the edges when
/// nothing visible remains.
fn wrap(out: &mut Vec<Node>, inner: Vec<Node>, make: impl FnOnce(Vec<Node>) -> Node) {
    let (lead, core, trail) = split_edges(inner);
    for node in lead {
        push_node(out, node);
    }
    if !core.is_empty() {
        push_node(out, make(core));
    }
    for node in trail {
        push_node(out, node);
    }
}

/// Splits off leading and trailing whitespace and line breaks: `(leading, core, trailing)`.
fn split_edges(nodes: Vec<Node>) -> (Vec<Node>, Vec<Node>, Vec<Node>) {
    let mut lead = Vec::new();
    let mut core = Vec::new();
    let mut nodes = nodes.into_iter();
    for node in nodes.by_ref() {
        match node {
            Node::Br => lead.push(Node::Br),
            Node::Text(text) => {
                let trimmed = text.trim_start();
                if trimmed.is_empty() {
                    lead.push(Node::Text(text));
                } else {
                    let (space, rest) = text.split_at(text.len() - trimmed.len());
                    if !space.is_empty() {
                        lead.push(Node::Text(space.to_string()));
                    }
                    core.push(Node::Text(rest.to_string()));
                    break;
                }
            }
            node => {
                core.push(node);
                break;
            }
        }
    }
    core.extend(nodes);
    let mut trail = Vec::new();
    while let Some(node) = core.pop() {
        match node {
            Node::Br => trail.push(Node::Br),
            Node::Text(mut text) => {
                let kept = text.trim_end().len();
                if kept == 0 {
                    trail.push(Node::Text(text));
                } else {
                    if kept < text.len() {
                        trail.push(Node::Text(text.split_off(kept)));
                    }
                    core.push(Node::Text(text));
                    break;
                }
            }
            node => {
                core.push(node);
                break;
            }
        }
    }
    trail.reverse();
    (lead, core, trail)
}
