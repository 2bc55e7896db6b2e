//! The mirror-file reader: a mirror file of any generation → the [`Article`] it shows, its editor
//! picks, its generation and the old generator's damage it had.
//!
//! The reader undoes what the old generator did (mirror-format.md §4.2, §8) instead of copying it:
//! the body HTML is repaired textually (`<ahref` → `<a href`, `b=` → `height=`, `data2-src`,
//! iframes and scripts renamed to `<a>`, the video and twitter substitutions, `href=><a href=`,
//! `.htm` → `.md#1`; see [`Defect`]) and then walked by the same body walker the page extractor
//! uses, so the same block model comes out. Links into the mirror (any account the mirror has
//! used) become the original URLs again, as the model keeps them; links and images under a former
//! account move to the current one.
//!
//! # What the model keeps and loses
//!
//! * **Kept**: title, lead image and caption, the body block by block (links, emphasis, figures
//!   with their link and caption, lists, quotes, tables, embeds), the related and hot lists, the
//!   original URL (from the footer, else the QR code), the editor picks (in [`MirrorFile`], not
//!   in the article), and the dateline and editor line as the extractor types them.
//! * **Not in a mirror file**: the update time, tags, category, the lead image's alternative
//!   text, provenance of the page.
//! * **Lost by the model**: image dimensions (width, and the height the old generator wrote as
//!   `b=`): the model keeps an image's `src`, `alt`, caption and link only, and the current
//!   renderer writes images without dimensions. Inline styles, classes, `<font>` and comments of
//!   the copied page markup are dropped (as the page extractor drops them).
//! * **Embeds**: the mirror carries no embedded player. Where the old generator left the
//!   player's URL recoverable (its iframes renamed to `<a>`), the [`crate::Block::Embed`] has it;
//!   a bare video or twitter block (and every embed block the current renderer writes) names
//!   only the article, so its embed's URL is the article's URL.
//! * **Lost characters** (`?` for every character outside GBK) cannot be recovered: they stay
//!   as they are, and [`MirrorFile::lost_chars`] estimates how many there are.

mod defects;
mod generations;

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use scraper::Selector;
use url::Url;

pub use defects::{Defect, Defects, lost_chars};
pub use generations::Generation;

use chrono::Datelike;

use crate::error::{Error, Result};
use crate::extract::text::{self, collapse_whitespace};
use crate::extract::{self, body};
use crate::linkmap::{LinkMap, Target};
use crate::model::{Article, Block, EmbedKind, Extraction, Inline, LeadImage, LeadVideo, LinkItem};
use crate::render::{self, Pick};
use crate::sites::SiteProfile;
use crate::url_safety::{Allowed, resolve_href, safe_url};
use defects::{EMBED_SENTINEL, SiteRules};

/// A mirror file read back: the article it shows and what else the file holds. Made by
/// [`MirrorFile::parse`]; more fields may be added.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct MirrorFile {
    /// The article, repaired (see the module documentation for what it keeps).
    pub article: Article,
    /// The editor picks (`编辑推荐`) as the file lists them, usually three; links into the mirror
    /// are moved to the current account and keep their `?dfh` query.
    pub picks: Vec<Pick>,
    /// The generation of the file's layout.
    pub generation: Generation,
    /// The old generator's damage found in the file (and undone in [`MirrorFile::article`]).
    pub defects: Defects,
    /// Characters the old generator lost to `?` (an estimate, see [`lost_chars`]), in the title,
    /// caption, body, lists and picks. They cannot be recovered.
    pub lost_chars: usize,
}

impl MirrorFile {
    /// Reads a mirror file of any generation, with the current mirrors' link map.
    ///
    /// The file's original URL says whose mirror it is: an article of a site whose mirror
    /// newsmirror writes (one with templates, [`crate::sites::Mirror::templates`]).
    ///
    /// Fails with [`Error::Empty`] on empty input, [`Error::NotAMirrorFile`] when the text is
    /// not a mirror file (or not one of such an article), and [`Error::NotAnArticle`] for
    /// a mirror page that holds no article (a list page, a page with an empty body).
    pub fn parse(text: &str) -> Result<MirrorFile> {
        MirrorFile::parse_with(text, &LinkMap::default())
    }

    /// [`MirrorFile::parse`] with the link map the file's links are read back with (its bases
    /// are recognised besides every account of [`crate::sites::Mirror::accounts`]; links under
    /// a former account move to the account of the map's base of the file's site).
    pub fn parse_with(text: &str, links: &LinkMap) -> Result<MirrorFile> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // A checkout with CRLF line ends: the format has LF only.
        let lf;
        let text = if text.contains("\r\n") {
            lf = text.replace("\r\n", "\n");
            lf.as_str()
        } else {
            text
        };
        if text.trim().is_empty() {
            return Err(Error::Empty);
        }
        let parts = generations::split(text)?;
        let mut defects = Defects::default();
        let mut provenance = BTreeMap::new();

        let (raw_url, url_from) =
            original_url(&parts, links).ok_or_else(|| Error::NotAMirrorFile {
                reason: "no original URL in the footer or the QR code".into(),
            })?;
        let Target { site, page } = Url::parse(&raw_url)
            .ok()
            .and_then(|u| links.classify(&u))
            .filter(|t| t.page.is_article() && t.site.mirror.is_some_and(|m| m.templates.is_some()))
            .ok_or_else(|| Error::NotAMirrorFile {
                reason: format!(
                    "the original URL {raw_url:?} is not an article of a mirror newsmirror writes"
                ),
            })?;
        let rules = SiteRules::of(site);
        let url = page.canonical.clone();
        let base = Url::parse(&url).map_err(|e| Error::InvalidUrl {
            url: url.clone(),
            reason: e.to_string(),
        })?;
        provenance.insert("url".to_string(), format!("mirror: {url_from}"));

        let title = html_text(parts.title);
        provenance.insert("title".to_string(), "mirror: <h2 align=center>".to_string());

        // The lead: an image line, possibly with the generator's leaks, or a video block.
        let lead = read_lead(parts.lead, &base, rules, &mut defects);
        let caption = html_text(parts.caption);

        // The body: repaired, then walked like a page's story.
        let (html, found) = defects::repair_body(parts.body, rules);
        defects.merge(&found);
        let doc = extract::document(&html);
        let walked = body::walk(
            [*doc.root_element()],
            &HashSet::new(),
            Some(&base),
            extract::profile::pages(site),
        );
        let mut blocks = walked.blocks;
        let map_href = |href: &mut String| *href = link_target(href, links, site, rules);
        for block in &mut blocks {
            if let Block::Embed { kind, url: embed } = block {
                if let Some(k) = embed.strip_prefix(EMBED_SENTINEL) {
                    *kind = match k {
                        "video" => EmbedKind::Video,
                        "tweet" => EmbedKind::Tweet,
                        _ => EmbedKind::Other,
                    };
                    *embed = url.clone();
                }
            }
        }
        for_each_link(&mut blocks, map_href);
        let mut opening = Vec::new();
        let mut lead_video = None;
        if lead.video {
            if lead.src.is_none() && render::mirror::has_lead_video_form(site) {
                // The mirror's own lead-video form (NTDTV, ntdtv-mirror-format.md §2.3): no damage.
                // The video the block stands for is not named: the article's own URL.
                provenance.insert(
                    "lead_video".to_string(),
                    "mirror: lead video block".to_string(),
                );
                lead_video = Some(LeadVideo::new(url.clone(), caption.clone()));
            } else {
                defects.add(Defect::LeadVideo, 1);
                opening.push(Block::Embed {
                    kind: EmbedKind::Video,
                    url: url.clone(),
                });
            }
        }
        let lead_image = match lead.src {
            Some(src) => {
                provenance.insert("lead_image".to_string(), "mirror: lead line".to_string());
                Some(LeadImage {
                    src,
                    caption: caption.clone(),
                    alt: String::new(),
                })
            }
            None => {
                if !caption.is_empty() && lead_video.is_none() {
                    if !lead.video {
                        defects.add(Defect::CaptionWithoutImage, 1);
                    }
                    opening.push(Block::Paragraph {
                        content: vec![Inline::text(caption.clone())],
                    });
                }
                None
            }
        };
        if !opening.is_empty() {
            blocks.splice(0..0, opening);
        }
        if blocks.is_empty() {
            return Err(Error::NotAnArticle {
                reason: "the mirror file's body is empty".into(),
            });
        }
        provenance.insert("body".to_string(), "mirror: body".to_string());

        let year = page.date.map(|d| d.year());
        let dateline = text::body_dateline(&blocks, year).map(|(_, d)| d);
        let editor = text::body_editor(&blocks);

        // The lists.
        let related_raw = parts.related.map(list_items).unwrap_or_default();
        let stale = !related_raw.is_empty()
            && rules
                .stale_related
                .as_ref()
                .is_some_and(|stale| related_raw.iter().all(|(u, _)| u.contains(stale.as_str())));
        let related = if stale {
            defects.add(Defect::StaleRelated, 1);
            Vec::new()
        } else {
            link_items(related_raw, links, site, rules)
        };
        let hot = link_items(
            parts.hot.map(list_items).unwrap_or_default(),
            links,
            site,
            rules,
        );
        let picks: Vec<Pick> = parts
            .picks
            .map(list_items)
            .unwrap_or_default()
            .into_iter()
            .map(|(u, title)| Pick {
                url: retarget_pick(&u, links, site, rules),
                title,
            })
            .collect();

        defects.add(Defect::OldAccount, defects::old_accounts(text, rules));
        if generations::is_google_qr(parts.qr) {
            defects.add(Defect::GoogleChartsQr, 1);
        }
        if parts.generation != Generation::A {
            defects.add(Defect::OldLayout, 1);
        }

        let mut lost = lost_chars(&title);
        if let Some(l) = &lead_image {
            lost += lost_chars(&l.caption);
        }
        if let Some(v) = &lead_video {
            lost += lost_chars(&v.caption);
        }
        lost += blocks
            .iter()
            .map(|b| lost_chars(&b.plain_text()))
            .sum::<usize>();
        lost += related
            .iter()
            .chain(&hot)
            .map(|i| lost_chars(&i.title))
            .sum::<usize>();
        lost += picks.iter().map(|p| lost_chars(&p.title)).sum::<usize>();

        let article = Article {
            url,
            site: site.site(),
            edition: page.edition,
            id: page.id.clone(),
            extraction: Extraction::Layout,
            title,
            dateline,
            published: page.date,
            updated: None,
            lead_image,
            lead_video,
            body: blocks,
            editor,
            tags: Vec::new(),
            category: None,
            related,
            hot,
            diagnostics: walked.diagnostics,
            provenance,
            decoding: None,
        };
        Ok(MirrorFile {
            article,
            picks,
            generation: parts.generation,
            defects,
            lost_chars: lost,
        })
    }
}

impl Article {
    /// Reads a mirror file of any generation into the article it shows (see [`MirrorFile`] for
    /// the picks, the generation and the damage found, and the [`crate::read`] module for what
    /// the model keeps).
    ///
    /// ```
    /// let page = std::fs::read("fixtures/epochtimes/djy-gb-news.html")?;
    /// let article = newsmirror::extract(&page, &Default::default())?;
    /// let mirror = newsmirror::render::to_string(&article, Default::default(), &Default::default())?;
    /// let back = newsmirror::Article::from_mirror(&mirror)?;
    /// assert_eq!(back.title, article.title);
    /// assert_eq!(back.body.len(), article.body.len());
    /// assert!(matches!(
    ///     newsmirror::Article::from_mirror("<p>hello</p>"),
    ///     Err(newsmirror::Error::NotAMirrorFile { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_mirror(text: &str) -> Result<Article> {
        MirrorFile::parse(text).map(|m| m.article)
    }
}

static FOOTER_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:浏览原文|瀏覽原文)：<a href="([^"]*)""#).expect("static regex")
});
static FOOTER_ANY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"href="(https?://[^"]*)""#).expect("static regex"));
static QR_TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:[?&;]text=|[?&;]chl=)(https?://[^"&\s<>]+)"#).expect("static regex")
});
static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img[src]").expect("selector"));
static LINK: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("selector"));
/// The article's original URL and where it was found: the footer's link, else the QR code's
/// mirror URL mapped back, else any link of the footer to an article of a mirrored site.
fn original_url(parts: &generations::Parts<'_>, links: &LinkMap) -> Option<(String, &'static str)> {
    if let Some(c) = FOOTER_URL.captures(parts.footer) {
        return Some((unescape_attr(&c[1]), "footer"));
    }
    if let Some(c) = QR_TARGET.captures(parts.qr) {
        let mirror = unescape_attr(&c[1]).replace("%23", "#");
        if let Some(original) = links.original_url(&mirror) {
            return Some((original, "QR code"));
        }
    }
    FOOTER_ANY
        .captures_iter(parts.footer)
        .map(|c| unescape_attr(&c[1]))
        .find(|u| {
            Url::parse(u)
                .ok()
                .and_then(|u| links.classify(&u))
                .is_some_and(|t| t.page.is_article())
        })
        .map(|u| (u, "footer"))
}

/// The entities the renderers write in attribute values.
fn unescape_attr(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
        .replace("&amp;", "&")
}

/// The text of an HTML fragment, whitespace collapsed and trimmed (entities decoded by the parser).
fn html_text(fragment: &str) -> String {
    if !fragment.contains(['<', '&']) {
        return collapse_whitespace(fragment).trim().to_string();
    }
    let doc = extract::document(fragment);
    let raw: String = doc.root_element().text().collect();
    collapse_whitespace(&raw).trim().to_string()
}

/// What stands between the title and the caption.
struct Lead {
    src: Option<String>,
    video: bool,
}

fn read_lead(lead: &str, base: &Url, rules: &SiteRules, defects: &mut Defects) -> Lead {
    if lead.contains("///image2=") {
        defects.add(Defect::Image2Leak, 1);
    }
    if lead.contains("```diff") {
        defects.add(Defect::DiffCaptionLeak, 1);
    }
    let video = rules.is_old_video_block(lead)
        || rules
            .current_blocks
            .iter()
            .any(|(re, kind)| *kind == "video" && re.is_match(lead));
    let src = if lead.contains("<img") {
        let doc = extract::document(lead);
        // The old blocks' images stand for a video or a tweet, not for a lead image.
        let block_image = |s: &str| {
            rules
                .block_images
                .iter()
                .any(|name| s.rsplit('/').next() == Some(*name))
        };
        doc.select(&IMG)
            .filter_map(|img| img.value().attr("src"))
            .find(|s| !block_image(s))
            .and_then(|s| safe_url(s, Some(base), Allowed::Web))
    } else {
        None
    };
    Lead { src, video }
}

/// The `(href, text)` of every link in a list section, in order.
fn list_items(section: &str) -> Vec<(String, String)> {
    let doc = extract::document(section);
    doc.select(&LINK)
        .filter_map(|a| {
            let href = a.value().attr("href")?.trim().to_string();
            let raw: String = a.text().collect();
            Some((href, collapse_whitespace(&raw).trim().to_string()))
        })
        .collect()
}

fn link_items(
    items: Vec<(String, String)>,
    links: &LinkMap,
    site: &'static SiteProfile,
    rules: &SiteRules,
) -> Vec<LinkItem> {
    items
        .into_iter()
        .map(|(href, title)| LinkItem {
            url: link_target(&href, links, site, rules),
            title,
        })
        .collect()
}

/// A link as the model keeps it: a page the mirror holds is its canonical original URL (whether
/// the file links the mirror's copy, under any account, or the original: a rendered file links
/// the copy, so reading it back gives the canonical URL either way); another URL under a former
/// account of the mirror moves to the current one; anything else stays as it is.
fn link_target(
    href: &str,
    links: &LinkMap,
    site: &'static SiteProfile,
    rules: &SiteRules,
) -> String {
    if let Some(original) = links.original_url(href) {
        return original;
    }
    let mirrored = resolve_href(href, None)
        .and_then(|u| links.mirror_url(&u))
        .and_then(|m| links.original_url(&m));
    mirrored.unwrap_or_else(|| retarget_account(href, links, site, rules))
}

/// The GitHub account of the link map's mirror of `site` (`1992513`), if it is on GitHub.
fn current_account<'l>(links: &'l LinkMap, site: &SiteProfile) -> Option<&'l str> {
    links
        .base(&site.site())?
        .strip_prefix("https://github.com/")?
        .split('/')
        .next()
        .filter(|a| !a.is_empty())
}

/// A URL under a former account of the site's mirror, moved to the current one; others
/// unchanged.
pub(crate) fn retarget_account(
    url: &str,
    links: &LinkMap,
    site: &SiteProfile,
    rules: &SiteRules,
) -> String {
    let (Some(account), Some(prefix)) = (current_account(links, site), &rules.old_account_prefix)
    else {
        return url.to_string();
    };
    prefix
        .replace(url, |c: &regex::Captures<'_>| {
            format!("{}{account}/", &c[1])
        })
        .into_owned()
}

/// An editor pick's URL on the current mirror: a mirror page's URL rebuilt with `links` (keeping
/// a `?dfh` / `?zsrh` query), another URL under a former account moved to the current one.
pub(crate) fn retarget_pick(
    url: &str,
    links: &LinkMap,
    site: &SiteProfile,
    rules: &SiteRules,
) -> String {
    let Some(mirror) = links
        .mirror_target(url)
        .and_then(|t| links.mirror_url_of(&t))
    else {
        return retarget_account(url, links, site, rules);
    };
    let query = resolve_href(url, None)
        .and_then(|u| u.query().filter(|q| !q.is_empty()).map(str::to_owned));
    match query {
        None => mirror,
        Some(q) => match mirror.strip_suffix(links.anchor.as_str()) {
            Some(stem) if !links.anchor.is_empty() => format!("{stem}?{q}{}", links.anchor),
            _ => format!("{mirror}?{q}"),
        },
    }
}

/// Calls `f` on every link target of `blocks` (inline links and figure links), iteratively.
fn for_each_link(blocks: &mut [Block], mut f: impl FnMut(&mut String)) {
    let mut stack: Vec<&mut Vec<Inline>> = Vec::new();
    for block in blocks.iter_mut() {
        match block {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => stack.push(content),
            Block::Figure { caption, link, .. } => {
                if let Some(l) = link {
                    f(l);
                }
                stack.push(caption);
            }
            Block::List { items, .. } => stack.extend(items.iter_mut()),
            Block::Table { rows, .. } => {
                for row in rows.iter_mut() {
                    stack.extend(row.iter_mut());
                }
            }
            Block::Embed { .. } => {}
        }
    }
    while let Some(content) = stack.pop() {
        for inline in content {
            match inline {
                Inline::Link { href, content } => {
                    f(href);
                    stack.push(content);
                }
                Inline::Strong { content } | Inline::Em { content } => stack.push(content),
                Inline::Text { .. } | Inline::Br => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites;
    use defects::template_pattern;

    fn rules() -> &'static SiteRules {
        SiteRules::of(sites::DEFAULT)
    }

    #[test]
    fn picks_and_links_move_to_the_current_account() {
        let links = LinkMap::default();
        assert_eq!(
            retarget_pick(
                "https://github.com/19920513/djy/blob/master/gb/18/12/09/n10900044.md?dfh#1",
                &links,
                sites::DEFAULT,
                rules()
            ),
            "https://github.com/1992513/djy/blob/master/gb/18/12/9/n10900044.md?dfh#1"
        );
        assert_eq!(
            retarget_pick(
                "https://github.com/tsiac2612/djy/blob/master/gb/18/10/21/n10798292.md#1",
                &links,
                sites::DEFAULT,
                rules()
            ),
            "https://github.com/1992513/djy/blob/master/gb/18/10/21/n10798292.md#1"
        );
        assert_eq!(
            retarget_pick(
                "https://github.com/19920513/www/blob/master/README.md?dfh#9",
                &links,
                sites::DEFAULT,
                rules()
            ),
            "https://github.com/1992513/www/blob/master/README.md?dfh#9"
        );
        assert_eq!(
            retarget_account(
                "https://example.org/19920513/x",
                &links,
                sites::DEFAULT,
                rules()
            ),
            "https://example.org/19920513/x"
        );
        let other = LinkMap::for_account("someone");
        assert_eq!(
            retarget_account(
                "https://raw.githubusercontent.com/920513/x.jpg",
                &other,
                sites::DEFAULT,
                rules()
            ),
            "https://raw.githubusercontent.com/someone/x.jpg"
        );
    }

    #[test]
    fn template_patterns_match_what_the_renderer_writes() {
        let (video, _) = &rules().current_blocks[0];
        let block = template_pattern("{# c #}\n<p><a href=\"{{original_url}}\">x</a></p>");
        assert_eq!(block, r#"<p><a href="[^"<>]*">x</a></p>"#);
        assert!(video.as_str().contains("djtsp"));
    }
}
