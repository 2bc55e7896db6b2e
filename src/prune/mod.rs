//! Text → less text: what the parser need not read, cut out before it reads a byte.
//!
//! html5ever's tokenizer is most of the cost of a conversion and reads every byte it is given, and
//! most of a news page is chrome: menus, sidebars, digests, the footer. This pass is one linear
//! scan that knows what the tokenizer knows about where tags, comments and raw text begin and end
//! (memchr for `<`, tag names, quoted values, the script-data escape states), keeps a model of the
//! open elements, and cuts three things:
//!
//! * **Scripts and styles**, whole. The token filter of `parse` would drop them anyway (but
//!   for the `application/ld+json` scripts a caller asks to keep, [`prune_with_json_ld`]).
//! * **Attributes past [`MAX_ATTRIBUTES`](crate::html::MAX_ATTRIBUTES)** on one tag: the tokenizer checks each new attribute
//!   against the tag's others, so 100,000 of them cost quadratic time.
//! * With a site's [`Chrome`] rules, on a page that carries one of the site's layout markers:
//!   **the elements the rules name** (navigation, sidebar boxes, digests, the footer) and, when
//!   the rules say so ([`ChromeRules::outside`]), **any plain container outside the story that
//!   holds nothing the extractor needs**, whatever its name: the extractor's needs are needles
//!   derived from the site's page tables (one string per selector that the start tag of what it
//!   selects, or of an ancestor, must carry: `<h1`, `breadcrumb`, `post_tags`…), the list
//!   headings, the story comments, and the table's own keep needles. Each element is cut only
//!   when cutting it cannot change the rest of the tree or what the extractor reads:
//!   - it contains none of the keep needles, and (unnamed) sits in no element whose start tag
//!     holds a needle of a selector;
//!   - it contains no numeric character reference to a character of a needle (such a reference
//!     also counts as a list heading where it is) and no start tag with a character reference
//!     other than `&amp;` in an attribute value: what the needles cannot see, the scan keeps;
//!   - it lies outside the box a list heading's links are read from (the heading's nearest
//!     ancestor, at most [`ChromeRules::climb`] up, that holds an article link, as the caller's
//!     predicate classifies links: the extractor passes its list reader's bound and rule);
//!   - everything opened inside it is closed inside it, in order (nothing misnested, no formatting
//!     element left open to be reconstructed after it);
//!   - its ancestors are plain containers (`div`, `section`, `body`…), so its start tag closes no
//!     open `<p>` and no list item or cell;
//!   - only whitespace, comments and block-level tags touch it on either side, so no text or inline
//!     markup on its two sides runs together once it is gone.
//!
//! Whatever the scan is unsure of, it keeps; the tree builder then sees the page as it is. The
//! extractor parses the whole page again when the pruned one yields no layout (see `extract`).
//! Nothing here recurses, and every step is linear in the text: the model of open elements is
//! bounded by [`MAX_DEPTH`](crate::html::MAX_DEPTH), as the token filter bounds the tree.
//!
//! The files, one job each: `lexer` (where tags, comments and raw text end, byte by byte),
//! `classes` (what the tree builder does with a tag by its name), `scan` (the model of open
//! elements), `chrome` (the rules, and which proposed cuts are made). The pass depends on
//! nothing but [`crate::html`] and the plain data it is given, so it is tested and fuzzed alone.

mod chrome;
mod classes;
mod lexer;
mod scan;

use std::borrow::Cow;

pub(crate) use chrome::{Chrome, ChromeRules};
use scan::Scan;

/// The text the parser gets, and what was cut from it.
pub(crate) struct Pruned<'a> {
    pub text: Cow<'a, str>,
    /// Chrome elements cut.
    pub elements: usize,
}

/// Cuts scripts, styles, excess attributes and (with `chrome`) the chrome elements out of `text`.
/// Text with nothing to cut is returned as it is, without a copy.
pub(crate) fn prune<'a>(text: &'a str, chrome: Option<&Chrome>) -> Pruned<'a> {
    prune_with_json_ld(text, chrome, false)
}

/// [`prune`], keeping the scripts that may be `application/ld+json` when `json_ld` is set (for
/// a parser that keeps them: `parse::prepared_with_json_ld`).
pub(crate) fn prune_with_json_ld<'a>(
    text: &'a str,
    chrome: Option<&Chrome>,
    json_ld: bool,
) -> Pruned<'a> {
    // One pass finds the keep needles and tells whether the page has a layout marker at all.
    let (chrome, keep) = match chrome {
        Some(c) => {
            let mut story = Vec::new();
            let mut headings = Vec::new();
            let mut read = Vec::new();
            let keep: Vec<usize> = c
                .keep
                .find_overlapping_iter(text)
                .map(|m| {
                    let p = m.pattern().as_usize();
                    if p < c.markers {
                        story.push(m.start());
                    } else if p < c.markers + c.headings {
                        headings.push(m.start());
                    } else if p >= c.read_from {
                        read.push(m.start());
                    }
                    m.start()
                })
                .collect();
            // A numeric character reference to a character of a needle may hide a list heading
            // (or any text needle) from the matcher: it counts as a heading where it is, and
            // nothing around it is cut.
            let refs = hidden_refs(text.as_bytes(), c);
            if !refs.is_empty() {
                headings.extend(&refs);
                headings.sort_unstable();
            }
            // A page naming list headings very many times is read whole rather than modelled.
            let modelled = !story.is_empty() && headings.len() <= MAX_HEADINGS;
            (
                Some(c).filter(|_| modelled),
                (keep, story, headings, read, refs),
            )
        }
        None => (None, Default::default()),
    };
    let (keep, story, headings, read, refs) = keep;
    let mut scan = Scan {
        b: text.as_bytes(),
        chrome,
        rules: chrome,
        keep,
        story,
        story_open: 0,
        tables: 0,
        read,
        protected_open: 0,
        unsure: Vec::new(),
        refs,
        headings,
        next_heading: 0,
        heading_chains: Vec::new(),
        watched: Vec::new(),
        links: Vec::new(),
        proposals: Vec::new(),
        stale: Vec::new(),
        troubles: Vec::new(),
        lost: false,
        cuts: Vec::new(),
        open: Vec::new(),
        excess: 0,
        non_container: 0,
        foreign: 0,
        last_tag_end: 0,
        last_tag_block: true,
        pending: None,
        json_ld,
    };
    scan.run();
    let elements = scan.decide();
    let Scan { mut cuts, .. } = scan;
    cuts.sort_unstable();
    let mut reach = 0;
    cuts.retain(|&(from, to)| {
        let outer = from >= reach;
        if outer {
            reach = to;
        }
        outer
    });
    if cuts.is_empty() {
        return Pruned {
            text: Cow::Borrowed(text),
            elements,
        };
    }
    let cut_bytes: usize = cuts.iter().map(|(s, e)| e - s).sum();
    let mut out = String::with_capacity(text.len() - cut_bytes);
    let mut last = 0;
    for (from, to) in cuts {
        out.push_str(&text[last..from]);
        last = to;
    }
    out.push_str(&text[last..]);
    Pruned {
        text: Cow::Owned(out),
        elements,
    }
}

/// Where a numeric character reference (`&#…`) names a character of one of `chrome`'s text
/// needles, or one html5ever replaces by another (`&#128;`…`&#159;`), ascending.
fn hidden_refs(b: &[u8], chrome: &Chrome) -> Vec<usize> {
    memchr::memmem::find_iter(b, b"&#")
        .filter(|&at| {
            let rest = &b[at + 2..];
            let (hex, digits) = match rest.first() {
                Some(b'x' | b'X') => (true, &rest[1..]),
                _ => (false, rest),
            };
            let len = digits
                .iter()
                .take_while(|c| {
                    if hex {
                        c.is_ascii_hexdigit()
                    } else {
                        c.is_ascii_digit()
                    }
                })
                .count();
            let Ok(s) = std::str::from_utf8(&digits[..len.min(8)]) else {
                return true;
            };
            let Ok(n) = u32::from_str_radix(s, if hex { 16 } else { 10 }) else {
                // No digits, or too many: no character of a needle.
                return len > 8;
            };
            (0x80..=0x9F).contains(&n) || char::from_u32(n).is_some_and(|c| chrome.hides(c))
        })
        .collect()
}

/// List headings modelled at most on one page.
const MAX_HEADINGS: usize = 64;

#[cfg(test)]
mod tests;
