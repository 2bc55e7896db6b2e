//! A mirror file taken apart into the parts of mirror-format.md §1. The same parser reads the
//! real files (all generations) and our output, so parts are compared like for like.

use std::sync::LazyLock;

use regex::Regex;

/// One `<li><a href="URL">TITLE</a></li>` of a list. `title` is HTML text, as in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub url: String,
    pub title: String,
}

/// What stands between the title and the caption (§3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lead {
    /// Nothing (Gen A) or an empty line (Gen B).
    None,
    /// `<img width="600" src="SRC" />`; `image2` when the `///image2=` (+ ```diff caption) leak
    /// follows it.
    Image { src: String, image2: bool },
    /// A video block (lead video) or a bare `///image2=` line.
    Video,
    /// Anything else, verbatim.
    Other(String),
}

/// The parts of a mirror file, each verbatim.
#[derive(Debug, Clone)]
pub struct MirrorFile {
    pub raw: String,
    /// Everything before `<h2 align=center>`.
    pub header: String,
    pub title: String,
    /// The text between `</h2>\n` and `<h6>`.
    pub lead_raw: String,
    pub lead: Lead,
    /// The text between `<h6>` and `</h6>\n`.
    pub caption: String,
    /// From after the `<hr>\n` that follows the caption to the `\n` before `<strong>相关新闻`.
    pub body: String,
    pub related: Vec<Item>,
    pub picks: Vec<Item>,
    pub hot: Vec<Item>,
    /// From `<strong>本文转自` up to `<strong>手机上长按`.
    pub footer: String,
    /// From `<strong>手机上长按` up to the right column.
    pub qr: String,
    /// From `</td><td VALIGN=TOP>` to the end.
    pub right: String,
    /// The ORIGINAL_URL of the footer.
    pub original_url: String,
}

/// Fixed lengths of the Gen A header and right column (§1).
pub const HEADER_CHARS: usize = 4596;
pub const RIGHT_CHARS: usize = 5332;

const RELATED: &str = "<strong>相关新闻：</strong>\n";
const PICKS: &str = "<strong>编辑推荐：</strong>\n";
const HOT: &str = "<strong>热门新闻：</strong>\n";
const FOOTER: &str = "<strong>本文转自";
const QR: &str = "<strong>手机上长按";
const RIGHT: &str = "</td><td VALIGN=TOP>";

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<li><a href="([^"]*)"(?: target="_blank")?>(.*?)</a>\s*</li>"#).unwrap()
});
static LEAD_IMG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^<img width="600" src="([^"]*)" />(///image2=(?s:.*))?\n$"#).unwrap()
});
static FOOTER_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"浏览原文：<a href="([^"]*)">"#).unwrap());

/// A video block (§4.2), any link, any account, the djy picture or the NTDTV mirror's
/// (`t/ntdtv/ntdtv600.jpg`, ntdtv-mirror-format.md §2.3); also matches our own embed blocks.
pub static VIDEO_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"<a href="[^"]*"><img width="600" src="https://raw\.githubusercontent\.com/[^/"]+/(?:djy/master/gb/300/djtsp|www/master/t/ntdtv/ntdtv600)\.jpg" title="进入原文观看"  alt="进入原文观看"></a>"#,
        r#"<h3 align=center>\(视频\.国内建议下载<a href="[^"]*">翻墙软件</a>进入原文观看\)</h3>"#
    ))
    .unwrap()
});

/// A twitter block (§4.2), any link, any account, with its trailing `<hr>`.
pub static TWITTER_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"<a href="[^"]*"><img width="600" src="https://raw\.githubusercontent\.com/[^/"]+/www/master/t/ntdtv/twitter\.jpg" title="进入原文观看"  alt="进入原文观看"></a>"#,
        r#"<h3 align=center>\(twitter视频或图片\.国内建议下载<a href="[^"]*">翻墙软件</a>进入原文观看\)</h3><hr>"#
    ))
    .unwrap()
});

fn cut<'a>(s: &'a str, start: &str, end: &str, what: &str) -> Result<&'a str, String> {
    let a = s
        .find(start)
        .ok_or_else(|| format!("no {start:?} ({what})"))?
        + start.len();
    let b = a + s[a..]
        .find(end)
        .ok_or_else(|| format!("no {end:?} after {start:?} ({what})"))?;
    Ok(&s[a..b])
}

fn items(section: &str) -> Vec<Item> {
    ITEM.captures_iter(section)
        .map(|c| Item {
            url: c[1].to_string(),
            title: c[2].to_string(),
        })
        .collect()
}

impl MirrorFile {
    /// Takes a mirror file (real or ours) apart; the error names the missing piece when it does
    /// not have the structure of §1.
    pub fn parse(raw: &str) -> Result<MirrorFile, String> {
        let h2 = raw
            .find("<h2 align=center>")
            .ok_or("no <h2 align=center> title")?;
        let header = raw[..h2].to_string();
        let rest = &raw[h2..];
        let title = cut(rest, "<h2 align=center>", "</h2>\n", "title")?.to_string();
        let lead_raw = cut(rest, "</h2>\n", "<h6>", "lead")?.to_string();
        let caption = cut(rest, "<h6>", "</h6>\n", "caption")?.to_string();
        let after_caption = &rest[rest.find("</h6>\n").unwrap() + "</h6>\n".len()..];
        let after_caption = after_caption
            .strip_prefix("<hr>\n")
            .unwrap_or(after_caption);
        let body_end = after_caption
            .find(&format!("\n{RELATED}"))
            .ok_or("no 相关新闻 list after the body")?;
        let body = after_caption[..body_end].to_string();
        let related = items(cut(rest, RELATED, PICKS, "related")?);
        let picks = items(cut(rest, PICKS, HOT, "picks")?);
        let hot = items(cut(rest, HOT, FOOTER, "hot")?);
        let f = rest.find(FOOTER).ok_or("no footer")?;
        let q = rest.find(QR).ok_or("no QR")?;
        let r = rest.find(RIGHT).ok_or("no right column")?;
        if !(f < q && q < r) {
            return Err("footer, QR and right column out of order".into());
        }
        let footer = rest[f..q].to_string();
        let qr = rest[q..r].to_string();
        let right = rest[r..].to_string();
        let original_url = FOOTER_URL
            .captures(&footer)
            .map(|c| c[1].to_string())
            .ok_or("no original URL in the footer")?;
        let lead = if lead_raw.trim().is_empty() {
            Lead::None
        } else if let Some(c) = LEAD_IMG.captures(&lead_raw) {
            Lead::Image {
                src: c[1].to_string(),
                image2: c.get(2).is_some(),
            }
        } else if lead_raw == "///image2=\n"
            || VIDEO_BLOCK
                .find(&lead_raw)
                .is_some_and(|m| m.start() == 0 && m.end() + 1 == lead_raw.len())
        {
            Lead::Video
        } else {
            Lead::Other(lead_raw.clone())
        };
        Ok(MirrorFile {
            raw: raw.to_string(),
            header,
            title,
            lead_raw,
            lead,
            caption,
            body,
            related,
            picks,
            hot,
            footer,
            qr,
            right,
            original_url,
        })
    }

    /// The current generation: fixed-size header and right column of account `1992513`, QR by
    /// quickchart.
    pub fn is_gen_a(&self) -> bool {
        self.header.chars().count() == HEADER_CHARS
            && self.right.chars().count() == RIGHT_CHARS
            && self.qr.contains("https://quickchart.io/qr?")
    }

    /// The lead line as the current generator writes it for an image lead, without the
    /// `///image2=` leak: what our renderer is expected to write.
    pub fn lead_without_leak(&self) -> String {
        match &self.lead {
            Lead::Image { src, image2: true } => format!("<img width=\"600\" src=\"{src}\" />\n"),
            _ => self.lead_raw.clone(),
        }
    }

    /// The mirror URL the QR code encodes (`…/gb/Y/M/D/nID.md%231`), any account.
    pub fn qr_target(&self) -> Option<String> {
        let i = self.qr.find("https://github.com/")?;
        let rest = &self.qr[i..];
        let end = rest.find('"')?;
        Some(account_neutral(&rest[..end]))
    }
}

/// Replaces the mirror's GitHub account names (`19920513`, `920513`, `1992513`, …) by `ACCOUNT`,
/// for comparing older generations with ours.
pub fn account_neutral(s: &str) -> String {
    static ACCOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(https://(?:github\.com|raw\.githubusercontent\.com)/)(?:1992513|19920513|920513)/",
        )
        .unwrap()
    });
    ACCOUNT.replace_all(s, "${1}ACCOUNT/").into_owned()
}
