//! The CommonMark renderer of list pages (`--format markdown` on a list page).
//!
//! ```text
//! # {heading}
//!
//! - [{title}]({mirror url of the article}) — {date as shown}
//!
//!   {excerpt, line by line}
//!
//! ## {box heading}                          (portal and home pages: one section per box)
//!
//! - [{title}]({mirror url})
//!
//! 原文：[{heading}]({list url})
//! ```
//!
//! Text is escaped (every ASCII punctuation character that Markdown could read as syntax gets a
//! backslash), links are the mirror's (`gb` files for either script, as in the mirror file), and
//! only `http`/`https` destinations are written.

use std::io::{self, Write};

use super::list_mirror::item_href;
use crate::linkmap::LinkMap;
use crate::listing::model::{ListItem, Listing};
use crate::url_safety::{Allowed, safe_url};

pub(crate) fn write(listing: &Listing, links: &LinkMap, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    s.push_str("# ");
    s.push_str(&escape(&listing.heading));
    s.push('\n');
    if !listing.items.is_empty() {
        s.push('\n');
        items(&mut s, &listing.items, links);
    }
    for b in &listing.boxes {
        s.push('\n');
        if !b.heading.is_empty() {
            s.push_str("## ");
            s.push_str(&escape(&b.heading));
            s.push_str("\n\n");
        }
        items(&mut s, &b.items, links);
    }
    s.push('\n');
    s.push_str("原文：");
    link(&mut s, &listing.heading, &listing.url);
    s.push('\n');
    out.write_all(s.as_bytes())
}

fn items(s: &mut String, items: &[ListItem], links: &LinkMap) {
    let loose = items.iter().any(|i| !i.excerpt.is_empty());
    for (n, it) in items.iter().enumerate() {
        if loose && n > 0 {
            s.push('\n');
        }
        s.push_str("- ");
        let title = if it.title.is_empty() {
            it.url.as_str()
        } else {
            it.title.as_str()
        };
        match item_href(links, &it.url) {
            Some(href) => link(s, title, &href),
            None => s.push_str(&escape(title)),
        }
        if let Some(d) = &it.date {
            s.push_str(" — ");
            s.push_str(&escape(&d.text));
        }
        s.push('\n');
        if !it.excerpt.is_empty() {
            s.push('\n');
            for line in it.excerpt.split(['\n', '\r']) {
                if line.trim().is_empty() {
                    continue;
                }
                s.push_str("  ");
                s.push_str(&escape(line.trim()));
                s.push('\n');
            }
        }
    }
}

fn link(s: &mut String, text: &str, url: &str) {
    let Some(url) = safe_url(url, None, Allowed::Web) else {
        s.push_str(&escape(text));
        return;
    };
    s.push('[');
    s.push_str(&escape(text));
    s.push_str("](<");
    for c in url.chars() {
        match c {
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            ' ' => s.push_str("%20"),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.push_str(">)");
}

/// Backslash before each ASCII punctuation character Markdown could read as syntax; line
/// breaks (there are none in titles) become spaces.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '<' | '>' | '#' | '+'
            | '-' | '.' | '!' | '|' | '~' | '&' | '"' | '\'' | ':' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            escape("<b>a</b> [x](javascript:y)"),
            "\\<b\\>a\\</b\\> \\[x\\]\\(javascript\\:y\\)"
        );
        assert_eq!(escape("1. 标题"), "1\\. 标题");
        let mut s = String::new();
        link(&mut s, "x", "javascript:alert(1)");
        assert_eq!(s, "x");
    }
}
