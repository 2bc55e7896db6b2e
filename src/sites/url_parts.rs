//! Pieces the sites' URL grammars share: the plain web host of a URL, path segments, editions,
//! numbers and ids.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use url::Url;

use crate::model::Edition;

/// The host of an `http`/`https` URL on the default port without user info (lower-cased by the
/// URL parser); `None` for every other URL.
pub(crate) fn web_host(url: &Url) -> Option<&str> {
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
    {
        return None;
    }
    url.host_str()
}

/// The path segments of a URL, still percent-encoded.
pub(crate) fn segments(url: &Url) -> Option<Vec<&str>> {
    Some(url.path_segments()?.collect())
}

/// `gb` or `b5`.
pub(crate) fn edition(seg: &str) -> Option<Edition> {
    match seg {
        "gb" => Some(Edition::Gb),
        "b5" => Some(Edition::B5),
        _ => None,
    }
}

/// ASCII digits, `min..=max` of them.
pub(crate) fn number(seg: &str, min: usize, max: usize) -> Option<u32> {
    if (min..=max).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_digit()) {
        seg.parse().ok()
    } else {
        None
    }
}

/// `{prefix}` followed by one or more ASCII digits, from a file name ending in `ext`.
pub(crate) fn file_id(file: &str, prefix: char, ext: &str) -> Option<String> {
    let stem = file.strip_suffix(ext)?;
    let digits = stem.strip_prefix(prefix)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| stem.to_owned())
}

/// Every byte but the unreserved ASCII characters (`A–Z a–z 0–9 - . _ ~`, RFC 3986).
const TAG_ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-decodes `raw` (a `%` not followed by two hex digits stays as it is) and encodes it
/// again as UTF-8 with upper-case hex, leaving only the unreserved ASCII characters bare. `None`
/// when it is empty or not UTF-8 once decoded.
pub(crate) fn normalise_tag(raw: &str) -> Option<String> {
    let text = percent_decode_str(raw).decode_utf8().ok()?;
    (!text.is_empty()).then(|| utf8_percent_encode(&text, TAG_ENCODED).to_string())
}
