//! Element classes: what the tree builder does with a start or end tag, by its name alone.

use crate::html::{IMPLICITLY_CLOSED, VOID_ELEMENTS};

/// Compares a tag name against a lower-case list.
pub(super) fn name_in(name: &[u8], list: &[&str]) -> bool {
    name.len() <= 10 && list.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

pub(super) fn is_void(name: &[u8]) -> bool {
    name_in(name, VOID_ELEMENTS)
}

pub(super) fn implicitly_closed(name: &[u8]) -> bool {
    name_in(name, IMPLICITLY_CLOSED)
}

pub(super) fn is_cell_or_row(name: &[u8]) -> bool {
    name_in(name, &["td", "th", "tr"])
}

/// Plain containers: an element inside only these has no open paragraph, list item, cell or
/// formatting element around it.
pub(super) fn is_container(name: &[u8]) -> bool {
    name_in(
        name,
        &[
            "html", "body", "div", "section", "main", "header", "footer", "nav", "aside", "article",
        ],
    )
}

/// Start tags that close an open `<p>`. (`<table>` does only in no-quirks mode; the model keeps
/// the paragraph open, which only makes it more careful.)
pub(super) fn closes_p(name: &[u8]) -> bool {
    (is_block(name) && !name.eq_ignore_ascii_case(b"table"))
        || name_in(name, &["li", "dd", "dt", "plaintext", "xmp", "listing"])
}

/// Block-level tags: no inline content runs across them.
pub(super) fn is_block(name: &[u8]) -> bool {
    is_container(name)
        || name_in(
            name,
            &[
                "head",
                "p",
                "ul",
                "ol",
                "dl",
                "table",
                "form",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "blockquote",
                "figure",
                "figcaption",
                "pre",
                "hr",
                "address",
                "fieldset",
                "details",
                "summary",
                "menu",
                "hgroup",
                "center",
                "dir",
                "search",
                "dialog",
            ],
        )
}

pub(super) fn is_heading(name: &[u8]) -> bool {
    name_in(name, &["h1", "h2", "h3", "h4", "h5", "h6"])
}

pub(super) fn is_formatting(name: &[u8]) -> bool {
    name_in(
        name,
        &[
            "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
            "tt", "u",
        ],
    )
}
