//! The old generator's damage (mirror-format.md §4.2, §8): what it is, how often a file has it,
//! and how the body HTML is read back from it.
//!
//! Every repair is a textual inverse of one documented substitution, applied to the body HTML
//! before it is parsed, so the body walker sees the page's markup again. Each repair counts what
//! it undid; a repair that finds nothing changes nothing, so the repairs are idempotent and leave
//! the current renderer's output as it is.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

#[cfg(doc)]
use crate::sites::{History, Mirror};
use crate::sites::{PerSite, SiteProfile};

/// One kind of damage an old mirror file can have. [`Defects`] counts them per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Defect {
    /// The file uses an older layout (Gen B, B′ or C: blank lines, extra `<hr>`, the Gen C header
    /// and right column). Counted once per file.
    OldLayout,
    /// Links and images under a former GitHub account of the mirror (`19920513`, `920513`,
    /// `tui590285`, `tsiac2612`); counted per occurrence.
    OldAccount,
    /// The QR code is drawn by the dead Google Charts service. Counted once per file.
    GoogleChartsQr,
    /// `<a href` written as `<ahref` (S1): a dead link.
    DeadLink,
    /// A link whose URL was cut off by the text substitution (`href=><a href="…"`, S8b).
    BrokenHref,
    /// `<FONT COLOR` written as `<FONTCOLOR` (S2).
    FontColor,
    /// `height=` written as `b=` (S3); counted per attribute.
    ImageHeight,
    /// `data-src` written as `data2-src` (S5).
    LazySrc,
    /// An `<iframe>` (a video player) renamed to `<a>` (S4).
    IframeAsLink,
    /// A `<script>` renamed to `<a>` (S4; the tweet widget loader): dropped.
    ScriptAsLink,
    /// A video block: the textual YouTube/Ganjing substitution (S6), which also broke the links
    /// and text it hit, or a block linking to a short-lived CDN address (§7).
    VideoBlock,
    /// A twitter block put in place of `pic.twitter.com/` (S7).
    TwitterBlock,
    /// `.htm` written as `.md#1` (and `.html` as `.md#1l`) in text and in links outside the
    /// mirror (S9).
    HtmRewrite,
    /// The `///image2=` template placeholder leaked into the lead (§3).
    Image2Leak,
    /// The caption repeated as a ```` ```diff ```` block after the lead image (§3).
    DiffCaptionLeak,
    /// A video block stood in the lead image's place; it now opens the body, the caption after it.
    LeadVideo,
    /// A caption without a lead image; it now opens the body as a paragraph.
    CaptionWithoutImage,
    /// A figure whose `<img>` the generator lost, leaving the empty link to the image file
    /// (Gen B, §9): the image is shown again from that link.
    LostFigureImage,
    /// The stale related list of the wrong account `920513` (§6.1), reused across unrelated
    /// articles: dropped. Counted once per file.
    StaleRelated,
}

impl Defect {
    /// The JSON name (`dead_link`).
    pub fn as_str(self) -> &'static str {
        match self {
            Defect::OldLayout => "old_layout",
            Defect::OldAccount => "old_account",
            Defect::GoogleChartsQr => "google_charts_qr",
            Defect::DeadLink => "dead_link",
            Defect::BrokenHref => "broken_href",
            Defect::FontColor => "font_color",
            Defect::ImageHeight => "image_height",
            Defect::LazySrc => "lazy_src",
            Defect::IframeAsLink => "iframe_as_link",
            Defect::ScriptAsLink => "script_as_link",
            Defect::VideoBlock => "video_block",
            Defect::TwitterBlock => "twitter_block",
            Defect::HtmRewrite => "htm_rewrite",
            Defect::Image2Leak => "image2_leak",
            Defect::DiffCaptionLeak => "diff_caption_leak",
            Defect::LeadVideo => "lead_video",
            Defect::CaptionWithoutImage => "caption_without_image",
            Defect::LostFigureImage => "lost_figure_image",
            Defect::StaleRelated => "stale_related",
        }
    }

    /// One line saying what was wrong, for reports.
    pub fn description(self) -> &'static str {
        match self {
            Defect::OldLayout => "older layout (Gen B, B′, C)",
            Defect::OldAccount => "former GitHub account in a link",
            Defect::GoogleChartsQr => "QR code by the dead Google Charts service",
            Defect::DeadLink => "dead link (<ahref)",
            Defect::BrokenHref => "broken link (href=><a href=)",
            Defect::FontColor => "<FONTCOLOR",
            Defect::ImageHeight => "image height written b=",
            Defect::LazySrc => "data2-src",
            Defect::IframeAsLink => "video player turned into <a>",
            Defect::ScriptAsLink => "script turned into <a>",
            Defect::VideoBlock => "mangled video block",
            Defect::TwitterBlock => "twitter block in the tweet's text",
            Defect::HtmRewrite => ".htm rewritten to .md#1 in text or an outside link",
            Defect::Image2Leak => "///image2= leak",
            Defect::DiffCaptionLeak => "```diff caption leak",
            Defect::LeadVideo => "video block in place of the lead image",
            Defect::CaptionWithoutImage => "caption without a lead image",
            Defect::LostFigureImage => "figure image lost, its link kept",
            Defect::StaleRelated => "stale related list of a former account",
        }
    }
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often each [`Defect`] occurs (only those that occur), serialised as a JSON object
/// `{"dead_link": 3, …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Defects(BTreeMap<Defect, usize>);

impl Defects {
    /// How often `defect` occurs (0 when it does not).
    pub fn count(&self, defect: Defect) -> usize {
        self.0.get(&defect).copied().unwrap_or(0)
    }

    /// `true` when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The defects found and their counts, in the order [`Defect`] declares them.
    pub fn iter(&self) -> impl Iterator<Item = (Defect, usize)> + '_ {
        self.0.iter().map(|(d, n)| (*d, *n))
    }

    /// Adds `n` occurrences of `defect` (nothing when `n` is 0).
    pub fn add(&mut self, defect: Defect, n: usize) {
        if n > 0 {
            *self.0.entry(defect).or_insert(0) += n;
        }
    }

    /// Adds every count of `other` (for totals over many files).
    pub fn merge(&mut self, other: &Defects) {
        for (d, n) in other.iter() {
            self.add(d, n);
        }
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// What the generator did to one site's mirror, as patterns: built from the site's profile
/// ([`Mirror::accounts`], [`History`], its home page, its templates), once per site.
pub(crate) struct SiteRules {
    /// The site's home page: where the links S8b cut off pointed.
    home: &'static str,
    /// S8b: any `"{home}` not after `<a href=` became
    /// `><a href="https://github.com/{account}/{mirror}/blob/master/`.
    s8b: Regex,
    /// The old generator's video and twitter blocks and their textual substitutions S6 and S7;
    /// `None` without a [`History`].
    blocks: Option<OldBlocks>,
    /// The current renderer's embed blocks (the site's `embed-*.html` templates, both
    /// editions), as exact patterns with any URL in the placeholders, and the embed kind each
    /// stands for.
    pub(crate) current_blocks: Vec<(Regex, &'static str)>,
    /// `(https://github.com/|https://raw.githubusercontent.com/)` + a former account + `/`.
    pub(crate) old_account_prefix: Option<Regex>,
    old_account: Option<Regex>,
    /// `github.com/{account}/` of the stale related lists.
    pub(crate) stale_related: Option<String>,
    /// The file names of the old blocks' images (`djtsp.jpg`, `twitter.jpg`): never a lead image.
    pub(crate) block_images: Vec<&'static str>,
}

struct OldBlocks {
    video: Regex,
    twitter: Regex,
    s6: Regex,
    s7: Regex,
}

impl SiteRules {
    /// The rules of `site`'s mirror.
    pub(crate) fn of(site: &'static SiteProfile) -> &'static SiteRules {
        static RULES: PerSite<SiteRules> = PerSite::new();
        RULES.get(site, SiteRules::new)
    }

    fn new(site: &'static SiteProfile) -> SiteRules {
        let mirror = site.mirror;
        let name = mirror.map_or(site.id, |m| m.name);
        let former: Vec<String> = mirror
            .map_or(&[][..], |m| m.accounts.get(1..).unwrap_or_default())
            .iter()
            .map(|a| regex::escape(a))
            .collect();
        let former = (!former.is_empty()).then(|| former.join("|"));
        let history = mirror.and_then(|m| m.history);
        let blocks = history.map(|h| {
            // A video block of the old generator (§4.2 VIDEO_BLOCK): any link, any account.
            let video = format!(
                r#"<a href="[^"]*"><img width="600" src="https://raw\.githubusercontent\.com/[^/"]+/{}" title="进入原文观看" +alt="进入原文观看"></a><h3 align=center>\(视频\.国内建议下载<a href="[^"]*">翻墙软件</a>进入原文观看\)</h3>"#,
                regex::escape(h.video_image)
            );
            // A twitter block of the old generator (§4.2 TWITTER_BLOCK), with its `<hr>`.
            let twitter = format!(
                r#"<a href="[^"]*"><img width="600" src="https://raw\.githubusercontent\.com/[^/"]+/{}" title="进入原文观看" +alt="进入原文观看"></a><h3 align=center>\(twitter视频或图片\.国内建议下载<a href="[^"]*">翻墙软件</a>进入原文观看\)</h3>(?:<hr>)?"#,
                regex::escape(h.twitter_image)
            );
            OldBlocks {
                // S6: a YouTube/Ganjing URL prefix became `"></a>` VIDEO_BLOCK `<a src="` + the
                // prefix.
                s6: regex(&format!(r#""></a>{video}<a src=""#)),
                // S7: `pic.twitter.com/` became `</a>` TWITTER_BLOCK `<a href="`.
                s7: regex(&format!(r#"</a>{twitter}<a href=""#)),
                video: regex(&video),
                twitter: regex(&twitter),
            }
        });
        let embeds = |list: &'static [(&'static str, &'static str)]| {
            list.iter().filter_map(|(file, text)| {
                let kind = file.strip_prefix("embed-")?.strip_suffix(".html")?;
                let kind = match kind {
                    "video" => "video",
                    "tweet" => "tweet",
                    _ => "other",
                };
                Some((regex(&template_pattern(text)), kind))
            })
        };
        let current_blocks = match mirror.and_then(|m| m.templates) {
            Some(set) => embeds(set.files).chain(embeds(set.b5)).collect(),
            None => Vec::new(),
        };
        let file_name = |path: &'static str| path.rsplit('/').next().unwrap_or(path);
        SiteRules {
            home: site.home,
            s8b: regex(&format!(
                r#"=><a href="https://github\.com/[0-9A-Za-z_-]+/{}/blob/master/"#,
                regex::escape(name)
            )),
            blocks,
            current_blocks,
            old_account_prefix: former.as_ref().map(|f| {
                regex(&format!(
                    r"^(https?://(?:github\.com|raw\.githubusercontent\.com)/)(?:{f})/"
                ))
            }),
            old_account: former.as_ref().map(|f| {
                regex(&format!(
                    r"(?:github\.com|raw\.githubusercontent\.com)/(?:{f})/"
                ))
            }),
            stale_related: history.map(|h| format!("github.com/{}/", h.stale_related_account)),
            block_images: history
                .map(|h| vec![file_name(h.video_image), file_name(h.twitter_image)])
                .unwrap_or_default(),
        }
    }

    /// Whether `text` holds an old video block.
    pub(crate) fn is_old_video_block(&self, text: &str) -> bool {
        self.blocks.as_ref().is_some_and(|b| b.video.is_match(text))
    }
}

/// A template's text (without its `{# … #}` comment line) as a regex, placeholders matching any
/// attribute value.
pub(crate) fn template_pattern(source: &str) -> String {
    let text = if source.starts_with("{#") {
        source.find("#}\n").map_or(source, |e| &source[e + 3..])
    } else {
        source
    };
    regex::escape(text)
        .replace(r"\{\{original_url\}\}", r#"[^"<>]*"#)
        .replace(r"\{\{embed_url\}\}", r#"[^"<>]*"#)
}
/// A start tag, for S3.
static TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"<[A-Za-z][^<>]*>"));
/// S3: `height=` became `b=` (an attribute inside a tag).
static S3: LazyLock<Regex> = LazyLock::new(|| regex(r#"(\s)b=(["'0-9])"#));
/// S4: an `<a>` without `href` but with a source and nothing inside: a renamed iframe or script.
static S4: LazyLock<Regex> = LazyLock::new(|| regex(r#"<a(\s[^<>]*)>(\s*)</a>"#));
static SRC_ATTR: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?i)(?:^|\s)(?:data-)?src\s*=\s*["']?([^"'\s>]*)"#));
static HREF_ATTR: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?:^|\s)href\s*="));
static SCRIPT_ATTR: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?:^|\s)(?:async|charset)\b"));
/// An empty link to an image file inside a figure: the Gen B figure variant whose `<img>` was lost.
static LOST_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(<figure\b[^>]*>\s*<a href="\s*(https?://[^"\s<>]+\.(?:jpe?g|png|gif|webp))"[^<>]*>)(\s*</a>)"#,
    )
});
/// URLs on GitHub: the mirror's own links, where `.md#1` is right.
static GITHUB_URL: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"https?://(?:github\.com|raw\.githubusercontent\.com)/[^\s"'<>]*"#));
static MD1: LazyLock<Regex> = LazyLock::new(|| regex(r"\.md#1(l?)"));

/// Where the body walker finds an embed the mirror stood in for with a block: an `<iframe>` with
/// this URL and the kind as its last path segment (`…/video`, `…/tweet`, `…/other`). The reader
/// turns it into an [`crate::Block::Embed`] that links to the article.
pub(crate) const EMBED_SENTINEL: &str = "https://embed.newsmirror.invalid/";

fn sentinel(kind: &str) -> String {
    format!(r#"<iframe src="{EMBED_SENTINEL}{kind}"></iframe>"#)
}

/// Counts occurrences of the mirror's former accounts in `text`.
pub(crate) fn old_accounts(text: &str, rules: &SiteRules) -> usize {
    rules
        .old_account
        .as_ref()
        .map_or(0, |re| re.find_iter(text).count())
}

/// Replaces every match of `re` in `s` by `rep`, counting.
fn replace_counting(s: &str, re: &Regex, rep: &str, n: &mut usize) -> String {
    let mut count = 0;
    let out = re.replace_all(s, |_: &Captures<'_>| {
        count += 1;
        rep.to_string()
    });
    *n += count;
    out.into_owned()
}

fn replace_literal(s: &str, from: &str, to: &str, defects: &mut Defects, defect: Defect) -> String {
    let n = s.matches(from).count();
    defects.add(defect, n);
    if n == 0 {
        s.to_string()
    } else {
        s.replace(from, to)
    }
}

/// The body HTML with the generator's damage read back, and what was found. The current
/// renderer's embed blocks (exact patterns) and the old generator's video/twitter blocks become
/// embed sentinels.
pub(crate) fn repair_body(html: &str, rules: &SiteRules) -> (String, Defects) {
    let mut d = Defects::default();
    let mut n = 0;
    let mut s = html.to_string();
    if let Some(b) = &rules.blocks {
        // S7 and S6 first: they cut through the links that the later repairs restore.
        s = replace_counting(&s, &b.s7, "pic.twitter.com/", &mut n);
        d.add(Defect::TwitterBlock, std::mem::take(&mut n));
        s = replace_counting(&s, &b.s6, "", &mut n);
        d.add(Defect::VideoBlock, std::mem::take(&mut n));
        s = replace_counting(&s, &b.video, &sentinel("video"), &mut n);
        d.add(Defect::VideoBlock, std::mem::take(&mut n));
        s = replace_counting(&s, &b.twitter, &sentinel("tweet"), &mut n);
        d.add(Defect::TwitterBlock, std::mem::take(&mut n));
    }
    for (re, kind) in &rules.current_blocks {
        s = replace_counting(&s, re, &sentinel(kind), &mut n);
    }
    n = 0;
    // S8b: the cut-off URL goes back to the site it pointed to (S9 is undone below).
    let s = replace_counting(&s, &rules.s8b, &format!("=\"{}", rules.home), &mut n);
    d.add(Defect::BrokenHref, std::mem::take(&mut n));
    let s = replace_literal(&s, "<ahref", "<a href", &mut d, Defect::DeadLink);
    let s = replace_literal(&s, "<FONTCOLOR", "<FONT COLOR", &mut d, Defect::FontColor);
    let s = replace_literal(&s, "data2-src", "data-src", &mut d, Defect::LazySrc);
    // S3, inside start tags only (text may say `b=`); one tag may hold several.
    let s = TAG
        .replace_all(&s, |tag: &Captures<'_>| {
            S3.replace_all(&tag[0], |c: &Captures<'_>| {
                n += 1;
                format!("{}height={}", &c[1], &c[2])
            })
            .into_owned()
        })
        .into_owned();
    d.add(Defect::ImageHeight, std::mem::take(&mut n));
    // The figure whose image was lost: the image again, from its link.
    let s = LOST_IMAGE
        .replace_all(&s, |c: &Captures<'_>| {
            n += 1;
            format!("{}<img src=\"{}\">{}", &c[1], &c[2], &c[3])
        })
        .into_owned();
    d.add(Defect::LostFigureImage, std::mem::take(&mut n));
    // S4: renamed iframes and scripts.
    let (mut iframes, mut scripts) = (0, 0);
    let s = S4
        .replace_all(&s, |c: &Captures<'_>| {
            let attrs = &c[1];
            let Some(src) = SRC_ATTR.captures(attrs) else {
                return c[0].to_string();
            };
            if HREF_ATTR.is_match(attrs) {
                return c[0].to_string();
            }
            let path = src[1].split(['?', '#']).next().unwrap_or("");
            if path.to_ascii_lowercase().ends_with(".js") || SCRIPT_ATTR.is_match(attrs) {
                scripts += 1;
                String::new()
            } else {
                iframes += 1;
                format!("<iframe{attrs}>{}</iframe>", &c[2])
            }
        })
        .into_owned();
    d.add(Defect::IframeAsLink, iframes);
    d.add(Defect::ScriptAsLink, scripts);
    // S9, outside the mirror's own URLs.
    let s = undo_md1(&s, &mut n);
    d.add(Defect::HtmRewrite, n);
    (s, d)
}

/// `.md#1l` → `.html`, `.md#1` → `.htm`, except inside GitHub URLs; `n` counts.
fn undo_md1(s: &str, n: &mut usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut plain = |part: &str, out: &mut String| {
        let mut count = 0;
        let fixed = MD1.replace_all(part, |c: &Captures<'_>| {
            count += 1;
            if c[1].is_empty() { ".htm" } else { ".html" }
        });
        *n += count;
        out.push_str(&fixed);
    };
    for m in GITHUB_URL.find_iter(s) {
        plain(&s[last..m.start()], &mut out);
        out.push_str(m.as_str());
        last = m.end();
    }
    plain(&s[last..], &mut out);
    out
}

/// Estimates how many characters the old generator lost to `?` in `text` (it wrote every
/// character GBK lacks as `?`: NO-BREAK SPACE, `ç`, `ö`, `・`, emoji …).
///
/// A run of `?` counts as lost characters (one per `?`) when it touches a non-ASCII character
/// that is not whitespace (`菲力普?潘`, `稀土磁铁??项目`, `沁园春?贺`), or stands between two
/// ASCII letters or digits (`rare?earth`, `Fran?ois`) unless it starts a URL query
/// (`watch?v=1`). A question mark ending an English sentence (`Why? He…`) does not count. The
/// count is a heuristic: a real `?` between two CJK characters would count too, but the site
/// writes the full-width `？` there.
pub fn lost_chars(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut total = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '?' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '?' {
            i += 1;
        }
        let run = i - start;
        let prev = start.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i).copied();
        let wide = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace());
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        let query = || {
            let rest: String = chars[i..].iter().take(40).collect();
            QUERY.is_match(&rest)
        };
        if wide(prev) || wide(next) || (alnum(prev) && alnum(next) && !query()) {
            total += run;
        }
    }
    total
}

static QUERY: LazyLock<Regex> = LazyLock::new(|| regex(r"^[A-Za-z0-9_.%-]+="));

#[cfg(test)]
mod tests {
    use super::*;

    const VIDEO: &str = r#"<a href="https://d1.cloudfront.net/X"><img width="600" src="https://raw.githubusercontent.com/19920513/djy/master/gb/300/djtsp.jpg" title="进入原文观看"  alt="进入原文观看"></a><h3 align=center>(视频.国内建议下载<a href="https://github.com/19920513/www/blob/master/README.md#8">翻墙软件</a>进入原文观看)</h3>"#;
    const TWITTER: &str = r#"<a href="https://d1.cloudfront.net/X"><img width="600" src="https://raw.githubusercontent.com/1992513/www/master/t/ntdtv/twitter.jpg" title="进入原文观看"  alt="进入原文观看"></a><h3 align=center>(twitter视频或图片.国内建议下载<a href="https://github.com/1992513/www/blob/master/README.md#8">翻墙软件</a>进入原文观看)</h3><hr>"#;

    fn repair(html: &str) -> (String, Defects) {
        repair_body(html, SiteRules::of(crate::sites::DEFAULT))
    }

    #[test]
    fn video_substitution_is_undone_inside_links_and_players() {
        let damaged = format!(
            r#"<p><a width="560" b="315" loading="lazy" data2-src=""></a>{VIDEO}<a src="https://www.youtube.com/embed/Z?si=q" title="p" allowfullscreen></a></p><p>订阅：<a style="c" href=""></a>{VIDEO}<a src="https://www.youtube.com/@chan">"></a>{VIDEO}<a src="https://www.youtube.com/@chan</a></p>"#
        );
        let (fixed, d) = repair(&damaged);
        assert_eq!(
            fixed,
            r#"<p><iframe width="560" height="315" loading="lazy" data-src="https://www.youtube.com/embed/Z?si=q" title="p" allowfullscreen></iframe></p><p>订阅：<a style="c" href="https://www.youtube.com/@chan">https://www.youtube.com/@chan</a></p>"#
        );
        assert_eq!(d.count(Defect::VideoBlock), 3);
        assert_eq!(d.count(Defect::ImageHeight), 1);
        assert_eq!(d.count(Defect::LazySrc), 1);
        assert_eq!(d.count(Defect::IframeAsLink), 1);
    }

    #[test]
    fn twitter_blocks_links_and_scripts() {
        let damaged = format!(
            r#"<blockquote class="twitter-tweet"><p>t <ahref="https://t.co/Q"></a>{TWITTER}<a href="Q</a></p></blockquote><p><a async src="https://platform.twitter.com/widgets.js" charset="utf-8"></a></p><p><a style="x" href=><a href="https://github.com/1992513/djy/blob/master/gb/23/11/15/n14.md#1" target="_blank">r</a> <FONTCOLOR=red>c</FONT> see a.md#1l and b.md#1 <ahref="https://github.com/1992513/djy/blob/master/gb/1/2/3/n4.md#1">k</a></p>"#
        );
        let (fixed, d) = repair(&damaged);
        assert_eq!(
            fixed,
            r#"<blockquote class="twitter-tweet"><p>t <a href="https://t.co/Q">pic.twitter.com/Q</a></p></blockquote><p></p><p><a style="x" href="https://www.epochtimes.com/gb/23/11/15/n14.htm" target="_blank">r</a> <FONT COLOR=red>c</FONT> see a.html and b.htm <a href="https://github.com/1992513/djy/blob/master/gb/1/2/3/n4.md#1">k</a></p>"#
        );
        assert_eq!(d.count(Defect::TwitterBlock), 1);
        assert_eq!(d.count(Defect::DeadLink), 2);
        assert_eq!(d.count(Defect::BrokenHref), 1);
        assert_eq!(d.count(Defect::ScriptAsLink), 1);
        assert_eq!(d.count(Defect::FontColor), 1);
        assert_eq!(d.count(Defect::HtmRewrite), 3);
    }

    #[test]
    fn standalone_blocks_become_sentinels_and_clean_html_is_untouched() {
        let (fixed, d) = repair(&format!("<p>a</p>{VIDEO}<p>b</p>"));
        assert_eq!(fixed, format!("<p>a</p>{}<p>b</p>", sentinel("video")));
        assert_eq!(d.count(Defect::VideoBlock), 1);
        let clean = r#"	<p>x <a href="https://github.com/1992513/djy/blob/master/gb/1/2/3/n4.md#1">y</a></p>
<figure><a href="https://i.epochtimes.com/a.jpg"><img src="https://i.epochtimes.com/a.jpg" alt="b=1"></a><figcaption>a b=2 c</figcaption></figure>"#;
        let (same, d) = repair(clean);
        assert_eq!(same, clean);
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_figure_whose_image_was_lost_gets_it_back_from_its_link() {
        let (fixed, d) = repair(
            r#"<figure id="a"><ahref=" https://i.epochtimes.com/x/a.jpg" target="_blank"></a><figcaption>c</figcaption></figure><p><ahref="https://i.epochtimes.com/b.jpg"></a></p>"#,
        );
        assert_eq!(
            fixed,
            r#"<figure id="a"><a href=" https://i.epochtimes.com/x/a.jpg" target="_blank"><img src="https://i.epochtimes.com/x/a.jpg"></a><figcaption>c</figcaption></figure><p><a href="https://i.epochtimes.com/b.jpg"></a></p>"#
        );
        assert_eq!(d.count(Defect::LostFigureImage), 1);
    }

    #[test]
    fn lost_characters_are_estimated() {
        assert_eq!(lost_chars("菲力普?潘与稀土磁铁??项目"), 3);
        assert_eq!(lost_chars("rare?earth Fran?ois"), 2);
        assert_eq!(lost_chars("Why? Because. https://x.org/watch?v=1 ok?"), 0);
        assert_eq!(lost_chars("无问题？"), 0);
        assert_eq!(lost_chars("结尾?"), 1);
    }

    #[test]
    fn defects_count_and_merge() {
        let mut a = Defects::default();
        a.add(Defect::DeadLink, 2);
        a.add(Defect::OldLayout, 0);
        let mut b = Defects::default();
        b.add(Defect::DeadLink, 1);
        b.add(Defect::OldAccount, 4);
        a.merge(&b);
        assert_eq!(a.count(Defect::DeadLink), 3);
        assert_eq!(a.count(Defect::OldLayout), 0);
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"old_account":4,"dead_link":3}"#
        );
        assert_eq!(
            old_accounts(
                "github.com/19920513/x github.com/1992513/y raw.githubusercontent.com/920513/z",
                SiteRules::of(crate::sites::DEFAULT)
            ),
            2
        );
    }
}
