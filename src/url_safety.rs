//! The URL rules every part of the crate shares, each in one place.
//!
//! [`resolve_href`]: how an `href` (or `src`) found on a page or held by the model becomes an
//! absolute URL — padding trimmed ([`trim_href`]), empty hrefs refused, relative hrefs joined to
//! the page's URL; and [`is_in_page`], by the same trimming: whether it names only a place in
//! the page. This module imports nothing of the crate, so the extractor and the renderers can
//! both use it without an import circle.

use url::Url;

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

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://www.epochtimes.com/gb/25/8/20/n14577375.htm";

    fn page() -> Url {
        Url::parse(PAGE).unwrap()
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
