//! The two URL rules every part of the crate shares, each in one place:
//!
//! * [`resolve_href`]: how an `href` (or `src`) found on a page or held by the model becomes an
//!   absolute URL — padding trimmed, empty hrefs refused, relative hrefs joined to the page's
//!   URL (and [`is_in_page`], by the same trimming: whether it names only a place in the page);
//! * [`safe_url`]: which URLs may be written as a link or image target — an absolute `http` or
//!   `https` URL with a host, and `mailto` for links; never `javascript:`, `data:`, `vbscript:`
//!   or anything else.
//!
//! The extractor applies them to what it reads, the renderers again to what they write (a model
//! may be built by hand), and every renderer writes the URL these rules return, never the string
//! it was given. This module imports nothing of the crate, so the extractor and the renderers
//! can both use it without an import circle.

use url::Url;

/// The schemes a URL may have where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allowed {
    /// Something loaded or listed: images, embedded media, lists of pages — `http`, `https`.
    Web,
    /// A link a reader follows: `http`, `https` and `mailto`.
    WebAndMail,
}

/// `href` without the padding pages put around links: leading and trailing white space (any
/// Unicode white space: pages pad links with `&nbsp;` and ideographic spaces as well as with
/// ASCII ones) and control characters. White space inside is the URL parser's to encode (and
/// tabs and line breaks inside its to drop), not ours.
pub(crate) fn trim_href(href: &str) -> &str {
    href.trim_matches(|c: char| c.is_whitespace() || c.is_control())
}

/// Whether `href` names no other page: empty once trimmed, or only a fragment (`#top`).
pub(crate) fn is_in_page(href: &str) -> bool {
    let href = trim_href(href);
    href.is_empty() || href.starts_with('#')
}

/// An `href` (or `src`) as found on a page, resolved against `base`: the one rule for every link
/// the extractor reads and every link a renderer rewrites.
///
/// The padding [`trim_href`] removes is ignored. An empty href gives `None` (it is not taken as
/// a link to the page itself); a fragment-only one resolves to that place in `base` (the
/// extractor drops such links by [`is_in_page`], the link map maps them to the page's mirror).
/// A relative href without a `base` gives `None`, as does anything the URL parser refuses.
pub(crate) fn resolve_href(href: &str, base: Option<&Url>) -> Option<Url> {
    let href = trim_href(href);
    if href.is_empty() {
        return None;
    }
    match base {
        Some(base) => base.join(href).ok(),
        None => Url::parse(href).ok(),
    }
}

/// Whether an absolute URL may be written where `allowed` says: `http`/`https` with a
/// non-empty host, or `mailto` where links are allowed.
pub(crate) fn is_safe(url: &Url, allowed: Allowed) -> bool {
    match url.scheme() {
        "http" | "https" => url.host_str().is_some_and(|h| !h.is_empty()),
        "mailto" => allowed == Allowed::WebAndMail,
        _ => false,
    }
}

/// `href` resolved against `base` ([`resolve_href`]) and, when it is safe to write where
/// `allowed` says ([`is_safe`]), serialised: the URL to write. `None` otherwise.
///
/// The scheme is the one a browser reads: tabs and line breaks inside are dropped and case is
/// ignored (`JaVa\tScRiPt:` is `javascript:`), so no spelling of a refused scheme passes.
/// Strings that only start like an `http` URL but are none (`https://w>w.example/`) are
/// refused. A percent-encoded or entity-spelled scheme (`%6Aavascript:`, `jav&#x61;script:`) is
/// no scheme at all: the string is a relative path, refused without a base and, with one, a
/// harmless path on the base's host.
pub(crate) fn safe_url(href: &str, base: Option<&Url>, allowed: Allowed) -> Option<String> {
    let url = resolve_href(href, base)?;
    is_safe(&url, allowed).then(|| url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://www.epochtimes.com/gb/25/8/20/n14577375.htm";

    fn page() -> Url {
        Url::parse(PAGE).unwrap()
    }

    /// Every hard case: the input, then what a link (http, https, mailto) and what an image
    /// (http, https) may be written as, without a base and with the article page as base.
    #[test]
    fn safe_url_table() {
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            // (href, no base, with the article page as base); images agree except for mailto.
            ("https://www.epochtimes.com/gb/x.htm",
                Some("https://www.epochtimes.com/gb/x.htm"), Some("https://www.epochtimes.com/gb/x.htm")),
            ("HTTP://Example.COM", Some("http://example.com/"), Some("http://example.com/")),
            // Padding of any kind is ignored; white space inside is encoded, tabs and line
            // breaks inside are dropped, as a browser does.
            (" https://example.com/a ", Some("https://example.com/a"), Some("https://example.com/a")),
            ("\u{a0}https://example.com/a\u{3000}", Some("https://example.com/a"), Some("https://example.com/a")),
            ("\t\r\nhttps://example.com/a\u{1}\u{85}", Some("https://example.com/a"), Some("https://example.com/a")),
            ("https://exa\tmple.com/a\nb", Some("https://example.com/ab"), Some("https://example.com/ab")),
            ("https://example.com/a b", Some("https://example.com/a%20b"), Some("https://example.com/a%20b")),
            // Quotes and angle brackets cannot leave an attribute or open a tag.
            ("https://example.com/\"onmouseover=\"alert(1)",
                Some("https://example.com/%22onmouseover=%22alert(1)"),
                Some("https://example.com/%22onmouseover=%22alert(1)")),
            ("https://example.com/'><script>alert(1)</script>",
                Some("https://example.com/'%3E%3Cscript%3Ealert(1)%3C/script%3E"),
                Some("https://example.com/'%3E%3Cscript%3Ealert(1)%3C/script%3E")),
            // javascript: in every spelling a browser still reads as the scheme.
            ("javascript:alert(1)", None, None),
            ("JaVaScRiPt:alert(1)", None, None),
            (" JAVASCRIPT:alert(1)", None, None),
            ("java\tscript:alert(1)", None, None),
            ("java\nscript:alert(1)", None, None),
            ("java\rscript:alert(1)", None, None),
            ("\u{1}javascript:alert(1)", None, None),
            ("\u{c}\u{0}javascript:alert(1)", None, None),
            ("\u{a0}javascript:alert(1)", None, None),
            ("\u{3000}javascript:alert(1)\u{3000}", None, None),
            ("\u{2028}javascript:alert(1)", None, None),
            // Spellings a browser does not read as a scheme: relative paths, harmless on the
            // base's host and refused without one.
            ("\u{feff}javascript:alert(1)",
                None, Some("https://www.epochtimes.com/gb/25/8/20/%EF%BB%BFjavascript:alert(1)")),
            ("jav&#x61;script:alert(1)",
                None, Some("https://www.epochtimes.com/gb/25/8/20/jav&#x61;script:alert(1)")),
            ("%6Aavascript:alert(1)",
                None, Some("https://www.epochtimes.com/gb/25/8/20/%6Aavascript:alert(1)")),
            ("javascript%3Aalert(1)",
                None, Some("https://www.epochtimes.com/gb/25/8/20/javascript%3Aalert(1)")),
            // Other schemes.
            ("data:text/html,<script>alert(1)</script>", None, None),
            ("DATA:image/png;base64,AAAA", None, None),
            (" data:text/html,x", None, None),
            ("vbscript:msgbox(1)", None, None),
            ("file:///etc/passwd", None, None),
            ("ftp://example.com/a", None, None),
            ("about:blank", None, None),
            ("blob:https://example.com/1", None, None),
            ("ws://example.com/", None, None),
            // Protocol-relative and backslashed: another host, but an https URL.
            ("//evil.example/x", None, Some("https://evil.example/x")),
            ("\\\\evil.example\\x", None, Some("https://evil.example/x")),
            // Relative, in-page, empty.
            ("/gb/relative.htm", None, Some("https://www.epochtimes.com/gb/relative.htm")),
            ("n1.htm", None, Some("https://www.epochtimes.com/gb/25/8/20/n1.htm")),
            ("#top", None, Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm#top")),
            ("\u{a0}#top", None, Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm#top")),
            ("", None, None),
            ("\u{a0} \u{3000}\t", None, None),
            // Only http(s) URLs a browser reads as such, with a host.
            ("http://", None, None),
            ("https:", None, Some(PAGE)),
            ("https://w>w.example/", None, None),
            ("https://ww<script>w.epochtimes.com/x.htm", None, None),
        ];
        let base = page();
        for &(href, bare, based) in cases {
            for allowed in [Allowed::WebAndMail, Allowed::Web] {
                assert_eq!(
                    safe_url(href, None, allowed).as_deref(),
                    bare,
                    "{href:?} {allowed:?}"
                );
                assert_eq!(
                    safe_url(href, Some(&base), allowed).as_deref(),
                    based,
                    "{href:?} {allowed:?} with base"
                );
            }
        }
    }

    #[test]
    fn mailto_is_a_link_never_an_image() {
        let base = page();
        for base in [None, Some(&base)] {
            assert_eq!(
                safe_url(" mailto:a@example.com", base, Allowed::WebAndMail).as_deref(),
                Some("mailto:a@example.com")
            );
            assert_eq!(safe_url("mailto:a@example.com", base, Allowed::Web), None);
            assert_eq!(safe_url("MAILTO:a@example.com", base, Allowed::Web), None);
        }
    }

    /// Every hard case of resolving: `(href, with the article page as base, without a base)`.
    #[test]
    fn resolve_href_table() {
        const N1: &str = "https://www.epochtimes.com/gb/25/8/20/n1.htm";
        #[rustfmt::skip]
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("n1.htm", Some(N1), None),
            // Padding: ASCII space and tab, C0 and C1 controls, DEL, no-break space, ideographic
            // space, line separator, next line.
            (" n1.htm\t", Some(N1), None),
            ("\u{1}n1.htm\u{7f}", Some(N1), None),
            ("\u{a0}n1.htm\u{a0}", Some(N1), None),
            ("\u{3000}\u{3000}n1.htm\u{3000}", Some(N1), None),
            ("\u{2028}n1.htm\u{85}", Some(N1), None),
            (" \u{a0}https://www.epochtimes.com/gb/25/8/20/n1.htm\u{3000}", Some(N1), Some(N1)),
            // Inside: tabs and line breaks dropped, spaces encoded.
            ("n1\t.htm", Some(N1), None),
            ("n\r\n1.htm", Some(N1), None),
            ("n1 2.htm", Some("https://www.epochtimes.com/gb/25/8/20/n1%202.htm"), None),
            ("n1\u{a0}2.htm", Some("https://www.epochtimes.com/gb/25/8/20/n1%C2%A02.htm"), None),
            // Protocol-relative: the base's scheme.
            ("//www.epochtimes.com/gb/x.htm", Some("https://www.epochtimes.com/gb/x.htm"), None),
            // Fragment-only: a place in the base; empty: nothing.
            ("#", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm#"), None),
            ("\u{a0}#top\t", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm#top"), None),
            ("", None, None),
            (" \u{3000}\u{1}", None, None),
            // Query-only and dot segments: other pages.
            ("?page=2", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm?page=2"), None),
            ("../n2.htm", Some("https://www.epochtimes.com/gb/25/8/n2.htm"), None),
            // Absolute hrefs ignore the base; other schemes resolve (safe_url judges them).
            ("HTTPS://WWW.EPOCHTIMES.COM/gb/x.htm", Some("https://www.epochtimes.com/gb/x.htm"),
                Some("https://www.epochtimes.com/gb/x.htm")),
            ("mailto:a@example.com", Some("mailto:a@example.com"), Some("mailto:a@example.com")),
            ("javascript:alert(1)", Some("javascript:alert(1)"), Some("javascript:alert(1)")),
            ("http://", None, None),
        ];
        let base = page();
        for &(href, based, bare) in cases {
            assert_eq!(
                resolve_href(href, Some(&base)).map(String::from).as_deref(),
                based,
                "{href:?} with base"
            );
            assert_eq!(
                resolve_href(href, None).map(String::from).as_deref(),
                bare,
                "{href:?} without base"
            );
        }
    }

    #[test]
    fn in_page_hrefs() {
        for href in [
            "",
            "#",
            "#top",
            " #top",
            "\u{a0}#top\u{3000}",
            "\u{1}#",
            " \t\u{3000}",
        ] {
            assert!(is_in_page(href), "{href:?}");
        }
        for href in [
            "?page=2",
            "n1.htm",
            "a#top",
            "//host/#top",
            "https://example.com/#top",
        ] {
            assert!(!is_in_page(href), "{href:?}");
        }
    }
}
