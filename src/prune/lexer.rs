//! The byte lexer: where tags, comments and raw text begin and end, as html5ever's tokenizer
//! reads them (memchr for `<`, tag names, quoted values, the script-data escape states). Nothing
//! here knows about elements or sites; every function is linear in what it reads.

use memchr::memchr;

use super::classes::name_in;
use crate::html::MAX_ATTRIBUTES;

/// The `id`, `class` and `href` of a start tag (the first of each, as the tokenizer keeps).
#[derive(Default)]
pub(super) struct Attrs<'a> {
    pub(super) id: Option<&'a [u8]>,
    pub(super) class: Option<&'a [u8]>,
    pub(super) href: Option<&'a [u8]>,
}

/// Whether removing what starts at `at` can join the text before it with what follows into a
/// tag or a character reference that was not there (`<` + `div>`, `&am` + `p;`).
pub(super) fn join_safe(b: &[u8], at: usize) -> bool {
    let mut i = at;
    let floor = at.saturating_sub(40);
    while i > floor && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'#') {
        i -= 1;
    }
    !(i > 0 && matches!(b[i - 1], b'&' | b'<'))
}

pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

pub(super) enum Raw {
    /// `<script>`: script data, with its escape states.
    Script,
    /// RAWTEXT and RCDATA elements.
    Text,
    /// `<plaintext>`: the rest of the text.
    Plaintext,
}

/// Elements whose content the tokenizer reads as text (scripting on, as html5ever's default).
pub(super) fn raw_kind(name: &[u8]) -> Option<Raw> {
    if name.eq_ignore_ascii_case(b"script") {
        Some(Raw::Script)
    } else if name.eq_ignore_ascii_case(b"plaintext") {
        Some(Raw::Plaintext)
    } else if name_in(
        name,
        &[
            "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea",
        ],
    ) {
        Some(Raw::Text)
    } else {
        None
    }
}

/// The end of a tag name: whitespace, `/` or `>`.
pub(super) fn tag_name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .map_or(b.len(), |p| from + p)
}

/// Reads a tag's attributes from the end of its name: returns the position after its `>` (or
/// the end of the text), whether it is self-closing, its `id` and `class` (when `want_attrs`),
/// and the range of its attributes past [`MAX_ATTRIBUTES`].
pub(super) fn read_attributes(
    b: &[u8],
    mut j: usize,
    want_attrs: bool,
) -> (usize, bool, Attrs<'_>, Option<(usize, usize)>) {
    let mut attrs = Attrs::default();
    let mut count = 0;
    let mut cut_from = None;
    let mut last_attr_end = j;
    let mut self_closing = false;
    loop {
        while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
            self_closing = b[j] == b'/';
            j += 1;
        }
        if j >= b.len() {
            break;
        }
        if b[j] == b'>' {
            j += 1;
            break;
        }
        self_closing = false;
        count += 1;
        if count == MAX_ATTRIBUTES + 1 {
            cut_from = Some(j);
        }
        // The name (a leading `=` belongs to it), then an optional value.
        let name_start = j;
        j += 1;
        while j < b.len() && !(is_space(b[j]) || matches!(b[j], b'/' | b'>' | b'=')) {
            j += 1;
        }
        let name = &b[name_start..j];
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value: &[u8] = b"";
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr(q, &b[j + 1..]).map_or(b.len(), |p| j + 1 + p);
                    value = &b[(j + 1).min(b.len())..close];
                    j = (close + 1).min(b.len());
                }
                Some(b'>') => {}
                _ => {
                    let start = j;
                    while j < b.len() && !(is_space(b[j]) || b[j] == b'>') {
                        j += 1;
                    }
                    value = &b[start..j];
                }
            }
        }
        last_attr_end = j;
        if want_attrs {
            if attrs.id.is_none() && name.eq_ignore_ascii_case(b"id") {
                attrs.id = Some(value);
            } else if attrs.class.is_none() && name.eq_ignore_ascii_case(b"class") {
                attrs.class = Some(value);
            } else if attrs.href.is_none() && name.eq_ignore_ascii_case(b"href") {
                attrs.href = Some(value);
            }
        }
    }
    let cut = cut_from.map(|from| (from, last_attr_end));
    (j, self_closing, attrs, cut)
}

/// The position after the `>` of the end tag at `lt` (attributes and all), or the text's end.
pub(super) fn end_tag_end(b: &[u8], lt: usize) -> usize {
    let name_end = tag_name_end(b, lt + 2);
    read_attributes(b, name_end, false).0
}

/// Whether an end tag named `name` starts at `at` (`</name` + whitespace, `/` or `>`).
pub(super) fn is_end_tag_named(b: &[u8], at: usize, name: &[u8]) -> bool {
    b[at..].starts_with(b"</") && is_named(b, at + 2, name)
}

pub(super) fn is_named(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    end < b.len()
        && b[at..end].eq_ignore_ascii_case(name)
        && (is_space(b[end]) || matches!(b[end], b'/' | b'>'))
}

/// Where the end tag of raw text (RAWTEXT, RCDATA) begins.
pub(super) fn raw_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        if is_end_tag_named(b, lt, name) {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

/// Where a script's end tag begins, following the tokenizer's script-data states: inside
/// `<!--`, a `<script>` starts a "double-escaped" stretch whose `</script>` does not end it.
pub(super) fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let lt = i + memchr(b'<', &b[i..])?;
        if is_end_tag_named(b, lt, b"script") {
            return Some(lt);
        }
        if !b[lt..].starts_with(b"<!--") {
            i = lt + 1;
            continue;
        }
        // Escaped; `<!--` leaves two dashes pending, so `<!-->` ends it at once.
        let mut j = lt + 4;
        let mut dashes = 2;
        let mut double = false;
        loop {
            match *b.get(j)? {
                b'-' => {
                    dashes += 1;
                    j += 1;
                }
                b'>' if dashes >= 2 => {
                    j += 1;
                    break;
                }
                b'<' => {
                    dashes = 0;
                    if is_end_tag_named(b, j, b"script") {
                        if !double {
                            return Some(j);
                        }
                        double = false;
                        j += 8;
                    } else if !double && is_named(b, j + 1, b"script") {
                        double = true;
                        j += 7;
                    } else {
                        j += 1;
                    }
                }
                _ => {
                    dashes = 0;
                    j += 1;
                }
            }
        }
        i = j;
    }
}

/// The end of a comment whose text starts at `from`: `-->`, `--!>`, or the abrupt `<!-->` and
/// `<!--->`.
pub(super) fn comment_end(b: &[u8], from: usize) -> usize {
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b[from.min(b.len())..].starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(off) = memchr(b'>', b.get(i..).unwrap_or_default()) {
        let gt = i + off;
        if (gt >= from + 2 && &b[gt - 2..gt] == b"--")
            || (gt >= from + 3 && &b[gt - 3..gt] == b"--!")
        {
            return gt + 1;
        }
        i = gt + 1;
    }
    b.len()
}

pub(super) fn bogus_comment_end(b: &[u8], from: usize) -> usize {
    memchr(b'>', b.get(from..).unwrap_or_default()).map_or(b.len(), |p| from + p + 1)
}

pub(super) fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}
