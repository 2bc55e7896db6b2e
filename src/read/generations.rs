//! The generations of the mirror file (mirror-format.md §1, §9) and how a file of any of them is
//! cut into its parts.
//!
//! Every generation writes the same parts in the same order, marked by the same fixed strings:
//! `<h2 align=center>` title, lead, `<h6>` caption, body, `相关新闻：`, `编辑推荐：`, `热门新闻：`,
//! `本文转自` footer, `手机上长按` QR code (the traditional-script wording of the current
//! renderer's `b5` files as well). The parts are found by these markers, not by position, so the
//! header and right column of any generation, blank lines and extra `<hr>`s do not matter. The
//! list headings and the footer are searched from the end of the file: a body (copied verbatim
//! from the page by the old generator) may contain the same words, the lists never do.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A generation of the mirror file. More may be added (a future layout, another site's mirror):
/// a `match` needs a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Generation {
    /// The current layout (account `1992513`, QR by quickchart.io): what the current renderer
    /// writes, and what the old generator wrote last (with its defects).
    #[serde(rename = "A")]
    A,
    /// Files of around the end of 2022: account `19920513`, QR by Google Charts, a blank line in
    /// place of a missing lead image, `\n<hr>\n\n\n` before the related list.
    #[serde(rename = "B")]
    B,
    /// Account `19920513` and Google Charts QR like Gen B, in the compact layout of Gen A.
    #[serde(rename = "B'")]
    BPrime,
    /// The oldest template: `&nbsp;` anchors on the first line, 11 navigation images, a text
    /// navigation row of short links, a right column of 130-pixel images in a
    /// `<td VALIGN=TOP rowspan=50>`.
    #[serde(rename = "C")]
    C,
}

impl Generation {
    /// `"A"`, `"B"`, `"B'"`, `"C"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::A => "A",
            Generation::B => "B",
            Generation::BPrime => "B'",
            Generation::C => "C",
        }
    }
}

impl std::fmt::Display for Generation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `#1` anchor every generation opens with.
pub(crate) const ANCHOR: &str = "<a name=\"1\" id=\"1\"";
/// Gen C's first line.
const GEN_C_ANCHOR: &str =
    "<a name=\"1\" id=\"1\" target=\"_blank\">&nbsp;</a> <span id=\"1\">&nbsp;</span>";

const TITLE: &str = "<h2 align=center>";
const RELATED: [&str; 2] = ["<strong>相关新闻：</strong>", "<strong>相關新聞：</strong>"];
const PICKS: [&str; 2] = ["<strong>编辑推荐：</strong>", "<strong>編輯推薦：</strong>"];
const HOT: [&str; 2] = ["<strong>热门新闻：</strong>", "<strong>熱門新聞：</strong>"];
const FOOTER: [&str; 2] = ["<strong>本文转自", "<strong>本文轉自"];
const QR: [&str; 2] = ["<strong>手机上长按", "<strong>手機上長按"];
/// Where the right column begins (Gen A, B: `</td><td VALIGN=TOP>`; Gen C has its own).
const CELL_END: &str = "</td>";

/// A mirror file cut into its parts (each a slice of the file, verbatim).
#[derive(Debug, Clone)]
pub(crate) struct Parts<'a> {
    /// The title's HTML.
    pub title: &'a str,
    /// Between the title line and `<h6>`.
    pub lead: &'a str,
    /// The caption's HTML.
    pub caption: &'a str,
    /// The body HTML, up to the first list heading (or the footer).
    pub body: &'a str,
    /// The sections after each list heading, up to the next part; `None` without the heading.
    pub related: Option<&'a str>,
    /// The editor picks' section.
    pub picks: Option<&'a str>,
    /// The hot list's section.
    pub hot: Option<&'a str>,
    /// From the footer's `<strong>` to the QR code (empty without a footer).
    pub footer: &'a str,
    /// From the QR code's `<strong>` to the end of the main cell (empty without one).
    pub qr: &'a str,
    /// The generation, from the header, the QR code and the layout.
    pub generation: Generation,
}

fn not_mirror(reason: impl Into<String>) -> Error {
    Error::NotAMirrorFile {
        reason: reason.into(),
    }
}

/// The last occurrence of any of `needles` in `s[from..to]`, as an absolute position.
fn rfind_any(s: &str, needles: &[&str], from: usize, to: usize) -> Option<(usize, usize)> {
    let hay = s.get(from..to)?;
    needles
        .iter()
        .filter_map(|n| hay.rfind(n).map(|i| (from + i, n.len())))
        .max_by_key(|(i, _)| *i)
}

fn find_any(s: &str, needles: &[&str], from: usize) -> Option<(usize, usize)> {
    let hay = s.get(from..)?;
    needles
        .iter()
        .filter_map(|n| hay.find(n).map(|i| (from + i, n.len())))
        .min_by_key(|(i, _)| *i)
}

/// Cuts `text` into its parts. Fails with [`Error::NotAMirrorFile`] when the fixed markers are
/// missing, and with [`Error::NotAnArticle`] for a mirror page without an article title (a list
/// page, the empty `gb/.md`).
pub(crate) fn split(text: &str) -> Result<Parts<'_>> {
    let Some(h2) = text.find(TITLE) else {
        let start = text.trim_start();
        if start.starts_with(ANCHOR) {
            return Err(Error::NotAnArticle {
                reason: "a mirror page without an article title (a list page or an empty page)"
                    .into(),
            });
        }
        return Err(not_mirror("no <h2 align=center> title"));
    };
    let title_start = h2 + TITLE.len();
    let title_end = text[title_start..]
        .find("</h2>")
        .map(|i| title_start + i)
        .ok_or_else(|| not_mirror("the title has no </h2>"))?;
    let after_title = title_end + "</h2>".len();
    let h6 = text[after_title..]
        .find("<h6>")
        .map(|i| after_title + i)
        .ok_or_else(|| not_mirror("no <h6> caption after the title"))?;
    let caption_start = h6 + "<h6>".len();
    let caption_end = text[caption_start..]
        .find("</h6>")
        .map(|i| caption_start + i)
        .ok_or_else(|| not_mirror("the caption has no </h6>"))?;
    let mut body_start = caption_end + "</h6>".len();
    body_start += usize::from(text[body_start..].starts_with('\n'));
    if text[body_start..].starts_with("<hr>") {
        body_start += "<hr>".len();
        body_start += usize::from(text[body_start..].starts_with('\n'));
    }

    let footer = rfind_any(text, &FOOTER, body_start, text.len());
    let qr = find_any(text, &QR, footer.map_or(body_start, |(i, _)| i));
    let lists_end = footer.or(qr).map_or(text.len(), |(i, _)| i);
    let hot = rfind_any(text, &HOT, body_start, lists_end);
    let picks = rfind_any(text, &PICKS, body_start, hot.map_or(lists_end, |(i, _)| i));
    let related = rfind_any(
        text,
        &RELATED,
        body_start,
        picks.or(hot).map_or(lists_end, |(i, _)| i),
    );
    if footer.is_none() && related.is_none() && picks.is_none() && hot.is_none() {
        return Err(not_mirror("no lists and no footer after the body"));
    }
    let body_end = related
        .or(picks)
        .or(hot)
        .or(footer)
        .map_or(lists_end, |(i, _)| i);
    let section = |head: Option<(usize, usize)>, next: &[Option<(usize, usize)>]| {
        head.map(|(i, len)| {
            let end = next
                .iter()
                .flatten()
                .map(|(j, _)| *j)
                .next()
                .unwrap_or(lists_end);
            &text[i + len..end]
        })
    };
    let related_s = section(related, &[picks, hot]);
    let picks_s = section(picks, &[hot]);
    let hot_s = section(hot, &[]);
    let footer_s = match footer {
        Some((i, _)) => &text[i..qr.map_or(text.len(), |(q, _)| q)],
        None => "",
    };
    let qr_s = match qr {
        Some((q, _)) => {
            let end = text[q..].find(CELL_END).map_or(text.len(), |e| q + e);
            &text[q..end]
        }
        None => "",
    };
    let header = &text[..h2];
    let lead = &text[after_title..h6];
    let generation = generation(text, header, qr_s);
    Ok(Parts {
        title: &text[title_start..title_end],
        lead: lead.strip_prefix('\n').unwrap_or(lead),
        caption: &text[caption_start..caption_end],
        body: &text[body_start..body_end],
        related: related_s,
        picks: picks_s,
        hot: hot_s,
        footer: footer_s,
        qr: qr_s,
        generation,
    })
}

/// Gen C by its first line; Gen B and B′ by their account or QR service, B by its blank lines.
fn generation(text: &str, header: &str, qr: &str) -> Generation {
    if header.trim_start().starts_with(GEN_C_ANCHOR) || header.contains("rowspan=50") {
        return Generation::C;
    }
    // The account of the Gen B files of any mirror (the generator is the same).
    let old_account = crate::sites::ALL
        .iter()
        .filter_map(|s| s.mirror?.history)
        .any(|h| header.contains(&format!("github.com/{}/", h.gen_b_account)));
    let google_qr = is_google_qr(qr);
    if !(old_account || google_qr) {
        return Generation::A;
    }
    if text.contains("<hr>\n\n\n<strong>") || text.contains("</h2>\n\n<h6>") {
        Generation::B
    } else {
        Generation::BPrime
    }
}

/// The QR code is drawn by Google Charts (dead since 2019).
pub(crate) fn is_google_qr(qr: &str) -> bool {
    qr.contains("chart.apis.google.com") || qr.contains("chart.googleapis.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_found_by_their_markers() {
        let file = "<a name=\"1\" id=\"1\" target=\"_blank\"></a>HEAD<h2 align=center>T &amp; U</h2>\n<img width=\"600\" src=\"L\" />\n<h6>C</h6>\n<hr>\n\t<p>body <strong>相关新闻：</strong></p>\n<strong>相关新闻：</strong>\n<li>r</li>\n<strong>编辑推荐：</strong>\n<li>p</li>\n<strong>热门新闻：</strong>\n<li>h</li>\n<strong>本文转自 F</strong><strong>手机上长按 Q</strong></td><td VALIGN=TOP>R</td></tr></table>\n";
        let p = split(file).unwrap();
        assert_eq!(p.title, "T &amp; U");
        assert_eq!(p.lead, "<img width=\"600\" src=\"L\" />\n");
        assert_eq!(p.caption, "C");
        assert_eq!(p.body, "\t<p>body <strong>相关新闻：</strong></p>\n");
        assert_eq!(p.related, Some("\n<li>r</li>\n"));
        assert_eq!(p.picks, Some("\n<li>p</li>\n"));
        assert_eq!(p.hot, Some("\n<li>h</li>\n"));
        assert_eq!(p.footer, "<strong>本文转自 F</strong>");
        assert_eq!(p.qr, "<strong>手机上长按 Q</strong>");
        assert_eq!(p.generation, Generation::A);
    }

    #[test]
    fn what_is_not_a_mirror_article() {
        assert!(matches!(
            split("<html><body><p>x</p></body></html>"),
            Err(Error::NotAMirrorFile { .. })
        ));
        assert!(matches!(
            split(
                "<a name=\"1\" id=\"1\" target=\"_blank\">&nbsp;</a> <span id=\"1\">&nbsp;</span><table><tr><td width=\"742\"><h3>x</h3></td></tr></table>\n"
            ),
            Err(Error::NotAnArticle { .. })
        ));
        assert!(matches!(
            split("<h2 align=center>T</h2>\n<h6></h6>\n<p>no lists, no footer</p>"),
            Err(Error::NotAMirrorFile { .. })
        ));
        assert!(matches!(
            split("<h2 align=center>T"),
            Err(Error::NotAMirrorFile { .. })
        ));
    }
}
