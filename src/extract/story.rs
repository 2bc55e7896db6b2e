//! The story region: what lies between the site's story comments, the boilerplate dropped
//! inside it, and the visible text of an element.

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Node, Selector};

use super::text::collapse_whitespace;
use crate::sites::Pages;

/// Text of an element without scripts, styles and dropped boilerplate (iteratively).
pub(crate) fn visible_text(el: ElementRef<'_>, dropped: &HashSet<NodeId>) -> String {
    let mut out = String::new();
    let mut skip: Option<NodeId> = None;
    for edge in el.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e)
                        if dropped.contains(&n.id())
                            || matches!(e.name(), "script" | "style" | "noscript" | "template") =>
                    {
                        skip = Some(n.id())
                    }
                    Node::Text(t) => out.push_str(t),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                }
            }
        }
    }
    collapse_whitespace(&out)
}

pub(super) fn dropped_nodes(root: ElementRef<'_>, drop: &[Selector]) -> HashSet<NodeId> {
    drop.iter()
        .flat_map(|s| root.select(s))
        .map(|e| e.id())
        .collect()
}

/// The story region of the body element: the nodes between the site's story comments
/// ([`Pages::story_comments`]) when the page has them, else all children.
pub(super) struct Story<'a> {
    pub(super) inside: Vec<ego_tree::NodeRef<'a, Node>>,
    pub(super) outside: Vec<ego_tree::NodeRef<'a, Node>>,
}

pub(super) fn story_nodes<'a>(root: ElementRef<'a>, pages: &Pages) -> Story<'a> {
    let is_marker = |n: &ego_tree::NodeRef<'_, Node>, text: &str| {
        n.value().as_comment().is_some_and(|c| c.trim() == text)
    };
    let (content_begin, content_end) = pages.story_comments.unwrap_or_default();
    let begin = pages
        .story_comments
        .and_then(|_| root.descendants().find(|n| is_marker(n, content_begin)));
    let Some(begin) = begin else {
        return Story {
            inside: root.children().collect(),
            outside: Vec::new(),
        };
    };
    // The children of the marker's parent: before the begin marker and after the end marker is
    // outside; in between is the story.
    let parent = begin
        .parent()
        .expect("a comment inside the body element has a parent");
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    let mut state = 0; // 0 before begin, 1 inside, 2 after end
    for child in parent.children() {
        if child.id() == begin.id() {
            state = 1;
            continue;
        }
        if state == 1 && is_marker(&child, content_end) {
            state = 2;
            continue;
        }
        if state == 1 {
            inside.push(child)
        } else {
            outside.push(child)
        }
    }
    // Siblings of the marker's ancestors up to the body element are outside too.
    let mut anc = parent;
    while anc.id() != root.id() {
        let Some(up) = anc.parent() else { break };
        outside.extend(up.children().filter(|c| c.id() != anc.id()));
        anc = up;
    }
    Story { inside, outside }
}
