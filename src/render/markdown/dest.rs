//! Link and image destinations: vetted, then written bare.

use std::fmt::Write as _;

use url::Url;

use super::escape::is_entity_like;
use crate::linkmap::LinkMap;

pub(super) const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
pub(super) const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// The destination of a link in the article: rewritten into the mirror when the map knows the
/// page, vetted either way.
pub(super) fn link_dest(links: &LinkMap, href: &str) -> Option<String> {
    let rewritten = links.rewrite(href, None);
    safe_url(rewritten.as_deref().unwrap_or(href), LINK_SCHEMES)
}

/// `url` as a normalised absolute URL, when it parses and its scheme is one of `schemes` (and,
/// for http(s), it has a host).
pub(super) fn safe_url(url: &str, schemes: &[&str]) -> Option<String> {
    let url = Url::parse(url).ok()?;
    if !schemes.contains(&url.scheme()) {
        return None;
    }
    if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(url.into())
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
