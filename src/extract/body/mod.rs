//! The article body: a walk over the story's DOM that emits [`Block`]s.
//!
//! The walk is one pass over `ego_tree`'s open/close edges (an iterator, no recursion), so a page
//! nested 200,000 deep costs time linear in its size and no stack. Block elements open and close
//! contexts on an explicit stack; inline elements open and close frames of an [`InlineBuilder`].
//!
//! One job per file: `walker` dispatches elements, `context` turns block contexts into
//! blocks, `inline` builds inline content, `media` handles images and embedded media.

mod context;
mod inline;
mod media;
mod walker;

use std::collections::HashSet;

use ego_tree::NodeId;
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::Node;
use url::Url;

pub(crate) use media::image_src;
use walker::Walker;

use crate::model::{Block, Diagnostic};
use crate::sites::Pages;

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
    site: &'static Pages,
) -> Body {
    let mut w = Walker::new(base, site, dropped);
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

pub(crate) fn snippet(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}
