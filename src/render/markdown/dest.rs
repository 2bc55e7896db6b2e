//! Link and image destinations: vetted, then written bare.

use std::fmt::Write as _;

use super::escape::is_entity_like;
use crate::linkmap::LinkMap;
use crate::url_safety::{Allowed, safe_url};

/// The destination of a link in the article: rewritten into the mirror when the map knows the
/// page, vetted either way (by the crate's one rule, [`safe_url`]).
pub(super) fn link_dest(links: &LinkMap, href: &str) -> Option<String> {
    // `rewrite` resolves by the same rule `safe_url` does: what it cannot resolve, `safe_url`
    // would refuse.
    let rewritten = links.rewrite(href, None)?;
    safe_url(&rewritten, None, Allowed::WebAndMail)
}

/// Writes a vetted URL as a bare link destination.
pub(super) fn push_dest(out: &mut String, url: &str) {
    for (index, c) in url.char_indices() {
        match c {
            '(' | ')' | '<' | '>' | '\\' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // cmark decodes entities in destinations before backslash escapes, so `\&` would
            // not protect `&amp;`; writing the `&` itself as an entity does.
            '&' if is_entity_like(&url[index + 1..]) => out.push_str("&amp;"),
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
            c => out.push(c),
        }
    }
}
