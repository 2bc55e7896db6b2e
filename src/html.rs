//! The HTML vocabulary the parser and the pre-pass share: which elements never have an end tag,
//! which close by themselves, and the bounds both keep on a hostile page.
//!
//! The token filter (`parse`) matches these names as html5ever atoms on its per-tag path and the
//! pre-pass (`prune`) as bytes; a test in `parse` checks that the two agree with the lists here.

/// Open elements kept at most; deeper start tags are dropped by the token filter, and the
/// pre-pass stops modelling (and cutting) past them.
pub(crate) const MAX_DEPTH: usize = 512;

/// Attributes kept at most on one tag: the pre-pass cuts the rest before the tokenizer sees them
/// (it checks each new attribute against the tag's others, so 100,000 of them cost quadratic
/// time).
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// Elements that never have an end tag (the HTML standard's void elements, with the obsolete
/// ones old pages still use).
pub(crate) const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements a sibling start tag or a parent's end tag closes without trouble (`<p>a<p>b`).
pub(crate) const IMPLICITLY_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "rtc",
    "tbody", "thead", "tfoot", "html", "head", "body", "colgroup", "caption",
];
