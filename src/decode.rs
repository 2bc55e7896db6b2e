//! Bytes → text. The first stage of the pipeline, and the only one that sees raw bytes.
//!
//! The order follows what a browser does: a byte-order mark wins; then the charset of the HTTP
//! `Content-Type` header, when the caller has one ([`decode_with_http_charset`]: a web archive
//! keeps it); then a charset declared in the
//! first 1,024 bytes (`<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`);
//! then UTF-8 if the bytes are valid UTF-8; then the edition's legacy default (GB18030 for `/gb/`,
//! Big5 for `/b5/`). A declared charset that contradicts bytes which are valid UTF-8 (an archived
//! copy re-saved as UTF-8 that still says `gb2312`) is overruled: such bytes decode as UTF-8.
//! windows-1252 is never guessed. Malformed sequences become U+FFFD and are counted, never hidden.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};
use std::borrow::Cow;

use crate::model::Edition;

/// How [`decode`] chose the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// A `<meta>` declaration in the first 1,024 bytes.
    Meta,
    /// The charset of the HTTP `Content-Type` header (given by the caller).
    Http,
    /// No usable declaration, but the bytes are valid UTF-8.
    Utf8Validity,
    /// A declaration was overruled because the bytes are valid UTF-8 and not ASCII.
    Utf8OverDeclared,
    /// Nothing else applied: the edition's legacy default.
    EditionDefault,
}

impl CharsetSource {
    /// A short stable name: `bom`, `http`, `meta`, `utf8`, `utf8-over-declared`,
    /// `edition-default`.
    pub fn as_str(self) -> &'static str {
        match self {
            CharsetSource::Bom => "bom",
            CharsetSource::Http => "http",
            CharsetSource::Meta => "meta",
            CharsetSource::Utf8Validity => "utf8",
            CharsetSource::Utf8OverDeclared => "utf8-over-declared",
            CharsetSource::EditionDefault => "edition-default",
        }
    }
}

/// Decoded text and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    /// The text (borrowed when the input was already UTF-8 without a BOM).
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: CharsetSource,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: usize,
}

/// Decodes page bytes. `edition` (from the URL, when known) picks the legacy default.
pub fn decode(bytes: &[u8], edition: Option<Edition>) -> Decoded<'_> {
    decode_with_http_charset(bytes, edition, None)
}

/// [`decode`] with the charset label of the HTTP `Content-Type` header the page was served with
/// (`GB2312` of `text/html; charset=GB2312`). As in a browser, it comes after a byte-order mark
/// and before any `<meta>` declaration; a label the Encoding Standard does not know is ignored.
/// Like a declaration, it is overruled by bytes that are valid UTF-8 and not ASCII (a page
/// re-saved as UTF-8 behind a stale header).
pub fn decode_with_http_charset<'a>(
    bytes: &'a [u8],
    edition: Option<Edition>,
    http_charset: Option<&str>,
) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(enc, &bytes[bom_len..], CharsetSource::Bom);
    }
    let http = http_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .map(|enc| {
            // A transport label of UTF-16 without a BOM is not believed (the prescan's rule).
            if enc == encoding_rs::UTF_16BE || enc == encoding_rs::UTF_16LE {
                UTF_8
            } else {
                enc
            }
        });
    let (declared, declared_source) = match http {
        Some(enc) => (Some(enc), CharsetSource::Http),
        None => (
            prescan(&bytes[..bytes.len().min(1024)]),
            CharsetSource::Meta,
        ),
    };
    // Validated once: valid input is then borrowed as it is.
    let valid = std::str::from_utf8(bytes).ok();
    let utf8_ok = valid.is_some();
    if let Some(text) = valid {
        let source = match declared {
            Some(enc) if enc == UTF_8 => Some(declared_source),
            Some(_) if !bytes.is_ascii() => Some(CharsetSource::Utf8OverDeclared),
            Some(_) => None,
            None => Some(CharsetSource::Utf8Validity),
        };
        if let Some(source) = source {
            return Decoded {
                text: Cow::Borrowed(text),
                encoding: UTF_8,
                source,
                replacements: 0,
            };
        }
    }
    match declared {
        Some(enc) if enc == UTF_8 => finish(UTF_8, bytes, declared_source),
        Some(_) if utf8_ok && !bytes.is_ascii() => {
            finish(UTF_8, bytes, CharsetSource::Utf8OverDeclared)
        }
        Some(enc) => finish(enc, bytes, declared_source),
        None if utf8_ok => finish(UTF_8, bytes, CharsetSource::Utf8Validity),
        None => {
            let enc = match edition {
                Some(Edition::B5) => BIG5,
                _ => GB18030,
            };
            finish(enc, bytes, CharsetSource::EditionDefault)
        }
    }
}

fn finish<'a>(enc: &'static Encoding, bytes: &'a [u8], source: CharsetSource) -> Decoded<'a> {
    let (text, replacements) = if enc == UTF_8 {
        match String::from_utf8_lossy(bytes) {
            Cow::Borrowed(s) => (Cow::Borrowed(s), 0),
            Cow::Owned(s) => {
                let n = count_replacements(&s) - count_replacements_in_valid_prefixes(bytes);
                (Cow::Owned(s), n)
            }
        }
    } else {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        let n = count_replacements(&text);
        (Cow::Owned(text.into_owned()), n)
    };
    Decoded {
        text,
        encoding: enc,
        source,
        replacements,
    }
}

fn count_replacements(s: &str) -> usize {
    s.chars().filter(|&c| c == '\u{FFFD}').count()
}

/// U+FFFD characters that were already in the input (encoded as valid UTF-8) are not replacements.
fn count_replacements_in_valid_prefixes(bytes: &[u8]) -> usize {
    bytes
        .windows(3)
        .filter(|w| *w == "\u{FFFD}".as_bytes())
        .count()
}

/// Finds a charset declaration in a `<meta>` tag of the given prefix (the HTML prescan, simplified:
/// attribute scanning on `<meta` tags, comments skipped).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut i = 0;
    while i < lower.len() {
        if lower[i..].starts_with(b"<!--") {
            i = find(&lower, i + 4, b"-->").map_or(lower.len(), |e| e + 3);
            continue;
        }
        if lower[i..].starts_with(b"<meta") {
            let end = find(&lower, i, b">").unwrap_or(lower.len());
            let tag = &lower[i..end];
            if let Some(enc) = charset_in(tag) {
                return Some(enc);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, 0, b"charset")?;
    let rest = &tag[at + b"charset".len()..];
    let rest = trim_start(rest);
    let rest = rest.strip_prefix(b"=")?;
    let rest = trim_start(rest);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'
            )
        })
        .unwrap_or(rest.len());
    let label = &rest[..end];
    let enc = Encoding::for_label(label)?;
    // A page cannot declare itself UTF-16 in a prescan that it can be read by (HTML spec).
    if enc == encoding_rs::UTF_16BE || enc == encoding_rs::UTF_16LE {
        return Some(UTF_8);
    }
    // A declared `x-user-defined` is treated as windows-1252 by browsers; we never guess 1252 for
    // CJK pages, but a declaration is not a guess.
    Some(enc)
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_meta() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<meta charset=gbk><p>中文</p>".as_bytes());
        let d = decode(&b, None);
        assert_eq!(d.source, CharsetSource::Bom);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("中文"));
        assert!(!d.text.starts_with('\u{FEFF}'));
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>大纪元</p>");
        let mut page =
            b"<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\">"
                .to_vec();
        page.extend_from_slice(&gbk);
        let d = decode(&page, None);
        assert_eq!(d.source, CharsetSource::Meta);
        assert_eq!(d.encoding, encoding_rs::GBK);
        assert!(d.text.contains("大纪元"));
        assert_eq!(d.replacements, 0);

        let d = decode(b"<meta charset='utf-8'><p>x</p>", None);
        assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::Meta));
    }

    #[test]
    fn declaration_inside_comment_is_ignored() {
        let d = decode("<!-- <meta charset=big5> --><p>中文</p>".as_bytes(), None);
        assert_eq!(d.source, CharsetSource::Utf8Validity);
    }

    #[test]
    fn valid_utf8_overrules_stale_declaration() {
        let d = decode(
            "<meta charset=gb2312><p>大纪元</p>".as_bytes(),
            Some(Edition::Gb),
        );
        assert_eq!(d.source, CharsetSource::Utf8OverDeclared);
        assert!(d.text.contains("大纪元"));
    }

    #[test]
    fn edition_default_for_undeclared_legacy_bytes() {
        let (big5, _, _) = BIG5.encode("<p>大紀元新聞</p>");
        let d = decode(&big5, Some(Edition::B5));
        assert_eq!(
            (d.encoding, d.source),
            (BIG5, CharsetSource::EditionDefault)
        );
        assert!(d.text.contains("大紀元新聞"));
        let (gb, _, _) = GB18030.encode("<p>大纪元新闻</p>");
        let d = decode(&gb, None);
        assert_eq!(d.encoding, GB18030);
        assert!(d.text.contains("大纪元新闻"));
    }

    #[test]
    fn http_charset_comes_after_the_bom_and_before_meta() {
        // GBK bytes behind a wrong <meta> (big5): the HTTP header names the right charset.
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>大纪元新闻</p>");
        let mut page = b"<meta charset=big5>".to_vec();
        page.extend_from_slice(&gbk);
        let d = decode_with_http_charset(&page, Some(Edition::B5), Some("GB2312"));
        assert_eq!(
            (d.encoding, d.source),
            (encoding_rs::GBK, CharsetSource::Http)
        );
        assert!(d.text.contains("大纪元新闻"), "{}", d.text);
        assert_eq!(d.replacements, 0);
        // Without it, the <meta> is believed (and the text is garbled).
        let d = decode(&page, Some(Edition::B5));
        assert_eq!((d.encoding, d.source), (BIG5, CharsetSource::Meta));
        assert!(!d.text.contains("大纪元新闻"));

        // A byte-order mark still wins.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<p>中文</p>".as_bytes());
        let d = decode_with_http_charset(&bom, None, Some("gb2312"));
        assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::Bom));

        // Valid UTF-8 still wins over a stale label; ASCII takes the label.
        let d = decode_with_http_charset("<p>大纪元</p>".as_bytes(), None, Some("gb2312"));
        assert_eq!(d.source, CharsetSource::Utf8OverDeclared);
        assert!(d.text.contains("大纪元"));
        let d = decode_with_http_charset(b"<p>ascii</p>", None, Some("gb2312"));
        assert_eq!(
            (d.encoding, d.source),
            (encoding_rs::GBK, CharsetSource::Http)
        );
        let d = decode_with_http_charset("<p>x</p>".as_bytes(), None, Some(" UTF-8 "));
        assert_eq!((d.encoding, d.source), (UTF_8, CharsetSource::Http));

        // An unknown label is ignored: the <meta> decides.
        let mut page = b"<meta charset=gbk>".to_vec();
        page.extend_from_slice(&gbk);
        let d = decode_with_http_charset(&page, None, Some("no-such-charset"));
        assert_eq!(
            (d.encoding, d.source),
            (encoding_rs::GBK, CharsetSource::Meta)
        );
    }

    #[test]
    fn replacements_are_counted() {
        let d = decode(b"<meta charset=utf-8><p>a\xFFb\xFE</p>", None);
        assert_eq!(d.replacements, 2);
        let d = decode("<p>\u{FFFD} already there</p>".as_bytes(), None);
        assert_eq!(d.replacements, 0);
    }
}
