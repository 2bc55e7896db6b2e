//! Element classes: what the tree builder does with a start or end tag, by its name alone.
//!
//! The lists below define the classes; [`Class::of`] looks a name up in all of them at once
//! (a table of the names they hold, by first letter, built from the lists), so that the scan asks
//! once per tag rather than list by list (most of the scan's time went there, by callgrind).

use std::sync::LazyLock;

use crate::html::{IMPLICITLY_CLOSED, VOID_ELEMENTS};

/// Every class a tag name is in, as bits: what the functions below say of the name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Class(u32);

impl Class {
    pub(super) const VOID: u32 = 1;
    pub(super) const IMPLICITLY_CLOSED: u32 = 1 << 1;
    pub(super) const CELL_OR_ROW: u32 = 1 << 2;
    pub(super) const CONTAINER: u32 = 1 << 3;
    pub(super) const BLOCK: u32 = 1 << 4;
    pub(super) const HEADING: u32 = 1 << 5;
    pub(super) const FORMATTING: u32 = 1 << 6;
    pub(super) const CLOSES_P: u32 = 1 << 7;
    /// [`NESTS_SPECIALLY`].
    pub(super) const NESTS_SPECIALLY: u32 = 1 << 8;
    /// `li`, `dd`, `dt`.
    pub(super) const LIST_ITEM: u32 = 1 << 9;
    /// `svg`, `math`.
    pub(super) const FOREIGN: u32 = 1 << 10;
    /// `html`, `body`.
    pub(super) const HTML_OR_BODY: u32 = 1 << 11;
    /// `html`, `head`, `body`.
    pub(super) const DOCUMENT: u32 = 1 << 12;
    /// [`TABLE_PARTS`].
    pub(super) const TABLE_PART: u32 = 1 << 13;
    pub(super) const TABLE: u32 = 1 << 14;
    pub(super) const P: u32 = 1 << 15;
    pub(super) const A: u32 = 1 << 16;
    pub(super) const HTML: u32 = 1 << 17;
    pub(super) const STYLE: u32 = 1 << 18;

    /// The classes of a tag name (ASCII case aside).
    pub(super) fn of(name: &[u8]) -> Class {
        let Some(first) = name.first().map(u8::to_ascii_lowercase) else {
            return Class(0);
        };
        let Some(bucket) = TABLE.get(usize::from(first.wrapping_sub(b'a'))) else {
            return Class(0);
        };
        let Some(key) = key(name) else {
            return Class(0);
        };
        bucket
            .iter()
            .find(|&&(k, _)| k == key)
            .map_or(Class(0), |&(_, c)| c)
    }

    /// Whether the name is in any of the classes of `bits`.
    pub(super) fn has(self, bits: u32) -> bool {
        self.0 & bits != 0
    }

    /// The classes by the lists (what [`Class::of`] looks up).
    fn by_lists(name: &[u8]) -> Class {
        let mut c = 0;
        for (yes, bit) in [
            (is_void(name), Class::VOID),
            (implicitly_closed(name), Class::IMPLICITLY_CLOSED),
            (is_cell_or_row(name), Class::CELL_OR_ROW),
            (is_container(name), Class::CONTAINER),
            (is_block(name), Class::BLOCK),
            (is_heading(name), Class::HEADING),
            (is_formatting(name), Class::FORMATTING),
            (closes_p(name), Class::CLOSES_P),
            (name_in(name, NESTS_SPECIALLY), Class::NESTS_SPECIALLY),
            (name_in(name, &["li", "dd", "dt"]), Class::LIST_ITEM),
            (name_in(name, &["svg", "math"]), Class::FOREIGN),
            (name_in(name, &["html", "body"]), Class::HTML_OR_BODY),
            (name_in(name, &["html", "head", "body"]), Class::DOCUMENT),
            (name_in(name, TABLE_PARTS), Class::TABLE_PART),
            (name.eq_ignore_ascii_case(b"table"), Class::TABLE),
            (name.eq_ignore_ascii_case(b"p"), Class::P),
            (name.eq_ignore_ascii_case(b"a"), Class::A),
            (name.eq_ignore_ascii_case(b"html"), Class::HTML),
            (name.eq_ignore_ascii_case(b"style"), Class::STYLE),
        ] {
            if yes {
                c |= bit;
            }
        }
        Class(c)
    }
}

/// A name of at most 10 bytes, lower-cased, as one number (its length in the top byte).
fn key(name: &[u8]) -> Option<u128> {
    if name.len() > 10 {
        return None;
    }
    let mut k = [0u8; 16];
    k[..name.len()].copy_from_slice(name);
    k[..10].make_ascii_lowercase();
    k[15] = name.len() as u8;
    Some(u128::from_le_bytes(k))
}

/// Every name any list holds, with its classes and key, by first letter (`a` to `z`).
static TABLE: LazyLock<Vec<Vec<(u128, Class)>>> = LazyLock::new(|| {
    let lists: [&[&str]; 11] = [
        VOID_ELEMENTS,
        IMPLICITLY_CLOSED,
        CONTAINERS,
        BLOCKS,
        FORMATTING,
        NESTS_SPECIALLY,
        TABLE_PARTS,
        HEADINGS,
        &[
            "td",
            "th",
            "tr",
            "li",
            "dd",
            "dt",
            "plaintext",
            "xmp",
            "listing",
        ],
        &["svg", "math", "html", "head", "body"],
        &["table", "p", "a", "style"],
    ];
    let mut table: Vec<Vec<(u128, Class)>> = vec![Vec::new(); 26];
    for name in lists.iter().flat_map(|l| l.iter()) {
        let (Some(key), Some(first)) = (key(name.as_bytes()), name.bytes().next()) else {
            continue;
        };
        let class = Class::by_lists(name.as_bytes());
        let bucket = &mut table[usize::from(first - b'a')];
        if class.0 != 0 && !bucket.iter().any(|&(k, _)| k == key) {
            bucket.push((key, class));
        }
    }
    table
});

/// Start tags the tree builder treats by what is open (see the scan).
pub(super) const NESTS_SPECIALLY: &[&str] = &[
    "form", "a", "button", "nobr", "p", "li", "dd", "dt", "select", "option", "h1", "h2", "h3",
    "h4", "h5", "h6",
];

/// Table parts, ignored as start tags outside a table.
pub(super) const TABLE_PARTS: &[&str] = &[
    "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup",
];

const CONTAINERS: &[&str] = &[
    "html", "body", "div", "section", "main", "header", "footer", "nav", "aside", "article",
];

const BLOCKS: &[&str] = &[
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
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

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
    name_in(name, CONTAINERS)
}

/// Start tags that close an open `<p>`. (`<table>` does only in no-quirks mode; the model keeps
/// the paragraph open, which only makes it more careful.)
pub(super) fn closes_p(name: &[u8]) -> bool {
    (is_block(name) && !name.eq_ignore_ascii_case(b"table"))
        || name_in(name, &["li", "dd", "dt", "plaintext", "xmp", "listing"])
}

/// Block-level tags: no inline content runs across them.
pub(super) fn is_block(name: &[u8]) -> bool {
    is_container(name) || name_in(name, BLOCKS)
}

pub(super) fn is_heading(name: &[u8]) -> bool {
    name_in(name, HEADINGS)
}

pub(super) fn is_formatting(name: &[u8]) -> bool {
    name_in(name, FORMATTING)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lookup_says_what_the_lists_say() {
        let mut names: Vec<String> = TABLE_PARTS
            .iter()
            .chain(VOID_ELEMENTS)
            .chain(IMPLICITLY_CLOSED)
            .chain(CONTAINERS)
            .chain(BLOCKS)
            .chain(FORMATTING)
            .chain(NESTS_SPECIALLY)
            .chain(&[
                "svg",
                "math",
                "table",
                "style",
                "script",
                "span",
                "xmp",
                "listing",
                "plaintext",
                "",
                "x",
                "abbr",
                "blockquotes",
                "figcaptio",
                "h7",
                "dív",
                "divv",
                "a1",
            ])
            .map(|n| n.to_string())
            .collect();
        let upper: Vec<String> = names.iter().map(|n| n.to_ascii_uppercase()).collect();
        let mixed: Vec<String> = names
            .iter()
            .map(|n| {
                n.char_indices()
                    .map(|(i, c)| {
                        if i % 2 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        }
                    })
                    .collect()
            })
            .collect();
        names.extend(upper);
        names.extend(mixed);
        for n in &names {
            assert_eq!(
                Class::of(n.as_bytes()),
                Class::by_lists(n.as_bytes()),
                "{n}"
            );
        }
        assert!(Class::of(b"DIV").has(Class::CONTAINER | Class::BLOCK));
        assert!(!Class::of(b"span").has(Class::BLOCK));
    }
}
