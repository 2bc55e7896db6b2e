//! DOM → [`Article`]: finds the site layout, reads each field, walks the body.
//!
//! Which selectors find which field is data ([`profile`]); this module only interprets the tables.

pub(crate) mod body;
mod fallback;
pub(crate) mod lists;
pub(crate) mod profile;
pub(crate) mod text;

use std::collections::{BTreeMap, HashSet};

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

use crate::decode;
use crate::error::{Error, Result};
use crate::linkmap::ArticleUrl;
use crate::model::{
    Article, Decoding, Diagnostic, DiagnosticKind, Edition, Extraction, LeadImage, Site,
};
use crate::{parse, prune};
use profile::{EPOCHTIMES, EPOCHTIMES_CHROME, EPOCHTIMES_LAYOUTS, Layout, PAGE};
use text::collapse_whitespace;

/// Options for [`crate::extract`]. More options may be added: start from
/// [`ExtractOptions::default`] and set what you need.
///
/// ```
/// let options = newsmirror::ExtractOptions::default()
///     .with_url("https://www.epochtimes.com/gb/18/3/20/n10230001.htm");
/// let page = std::fs::read("fixtures/epochtimes/djy-gb-no-canonical.html")?;
/// assert_eq!(newsmirror::extract(&page, &options)?.id, "n10230001");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ExtractOptions {
    /// The page's original URL, when the caller knows it better than the page
    /// (overrides `<link rel=canonical>` and `og:url`).
    pub url: Option<String>,
    /// Parse the whole page. By default the site's known chrome (menus, sidebar boxes, digests,
    /// the footer) is cut out before parsing, where cutting it provably leaves what the
    /// extractor reads alone; the article is the same either way, only faster. Set this to
    /// compare, or for pages whose chrome hides what the rules cannot know about.
    pub whole_page: bool,
    /// The charset label of the HTTP `Content-Type` header the page was served with (`GB2312`),
    /// as a web archive keeps it: a decoding hint in the browser's order (a byte-order mark,
    /// then this, then `<meta>`); bytes that are valid UTF-8 still decode as UTF-8. See
    /// [`crate::decode::decode_with_http_charset`].
    pub http_charset: Option<String>,
    /// The URL the page was fetched from (a WARC record's `WARC-Target-URI`): the page's URL
    /// only where the page names none (`<link rel=canonical>`, `og:url`) and [`Self::url`]
    /// gives none.
    pub fallback_url: Option<String>,
}

impl ExtractOptions {
    /// These options with the page's original URL given ([`ExtractOptions::url`]).
    pub fn with_url(mut self, url: impl Into<String>) -> ExtractOptions {
        self.url = Some(url.into());
        self
    }

    /// These options with [`ExtractOptions::whole_page`] set.
    pub fn with_whole_page(mut self, whole_page: bool) -> ExtractOptions {
        self.whole_page = whole_page;
        self
    }

    /// These options with the HTTP charset hint given ([`ExtractOptions::http_charset`]).
    pub fn with_http_charset(mut self, label: impl Into<String>) -> ExtractOptions {
        self.http_charset = Some(label.into());
        self
    }

    /// These options with the URL the page was fetched from ([`ExtractOptions::fallback_url`]).
    pub fn with_fallback_url(mut self, url: impl Into<String>) -> ExtractOptions {
        self.fallback_url = Some(url.into());
        self
    }
}

pub(crate) fn extract(input: &[u8], options: &ExtractOptions) -> Result<Article> {
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty);
    }
    let given = match &options.url {
        Some(u) => Some(Url::parse(u.trim()).map_err(|e| Error::InvalidUrl {
            url: u.clone(),
            reason: e.to_string(),
        })?),
        None => None,
    };
    // The URL the page was fetched from, when it parses (one that does not is no URL).
    let fallback = options
        .fallback_url
        .as_deref()
        .and_then(|u| Url::parse(u.trim()).ok());
    let hint = given
        .as_ref()
        .or(fallback.as_ref())
        .and_then(ArticleUrl::parse)
        .map(|a| a.edition);
    let decoded = decode::decode_with_http_charset(input, hint, options.http_charset.as_deref());
    let mut diagnostics = Vec::new();
    if decoded.replacements > 0 {
        diagnostics.push(Diagnostic {
            kind: DiagnosticKind::Unparsed,
            message: format!(
                "{} malformed byte sequence(s) in {} input replaced by U+FFFD",
                decoded.replacements,
                decoded.encoding.name()
            ),
        });
    }
    let decoding = Decoding {
        encoding: decoded.encoding.name().to_string(),
        from: decoded.source.as_str().to_string(),
        replacements: decoded.replacements,
    };
    let run = |text: &str| {
        let html = parse::prepared(text);
        Page {
            html: &html,
            diagnostics: diagnostics.clone(),
            provenance: BTreeMap::new(),
        }
        .extract(given.clone(), fallback.clone())
    };
    let chrome = (!options.whole_page).then(|| &*EPOCHTIMES_CHROME);
    let pruned = prune::prune(&decoded.text, chrome);
    let mut result = run(&pruned.text);
    // The chrome rules know the site's layouts; a pruned page that is read by none of them (or
    // not read at all) is read again whole, so that pruning never changes what is found.
    if pruned.elements > 0
        && result
            .as_ref()
            .map_or(true, |a| a.extraction == Extraction::Fallback)
    {
        result = run(&prune::prune(&decoded.text, None).text);
    }
    let mut article = result?;
    article.decoding = Some(decoding);
    Ok(article)
}

struct Page<'h> {
    html: &'h Html,
    diagnostics: Vec<Diagnostic>,
    provenance: BTreeMap<String, String>,
}

/// Where the story was found.
enum Located<'h> {
    Layout {
        layout: &'static Layout,
        root: ElementRef<'h>,
    },
    Fallback {
        root: ElementRef<'h>,
    },
}

impl<'h> Page<'h> {
    fn note(&mut self, field: &str, source: impl Into<String>) {
        self.provenance.insert(field.to_string(), source.into());
    }

    fn extract(mut self, given: Option<Url>, fallback: Option<Url>) -> Result<Article> {
        let page_url = self.page_url(given, fallback)?;
        let article_url = page_url.as_ref().and_then(|(u, _)| ArticleUrl::parse(u));
        // A page of the mirrored sites that is not an article (home, section, tag page).
        if let (Some((url, from)), None) = (&page_url, &article_url) {
            // An NTDTV article: the mirror links to them, but there is no profile of their pages
            // yet; refuse it for what it is rather than as a non-article.
            if matches!(
                crate::linkmap::Target::classify(url),
                crate::linkmap::Target::NtdtvArticle(_)
            ) {
                return Err(Error::NotAnArticle {
                    reason: format!(
                        "{url} is an NTDTV article; NTDTV pages have no site profile yet"
                    ),
                });
            }
            if is_site_host(url) {
                return Err(if *from == GIVEN {
                    Error::NoUrl {
                        reason: format!("{url} is not an article URL of the site"),
                    }
                } else {
                    Error::NotAnArticle {
                        reason: format!("its URL {url} ({from}) is not an article URL"),
                    }
                });
            }
        }
        let located = self.locate()?;
        let Some((url, url_from)) = page_url else {
            return Err(Error::NoUrl {
                reason: "the page has no <link rel=canonical> or og:url; give the URL (--url)"
                    .into(),
            });
        };
        self.note("url", url_from);

        let (title, title_from) = match &located {
            Located::Layout { layout, .. } => self.layout_title(layout)?,
            Located::Fallback { .. } => fallback::title(self.html)
                .map(|(t, from)| (t, format!("fallback: {from}")))
                .ok_or_else(|| Error::NotAnArticle {
                    reason: "the page has no headline".into(),
                })?,
        };
        self.note("title", title_from);

        let (root, layout) = match located {
            Located::Layout { layout, root } => (root, Some(layout)),
            Located::Fallback { root } => (root, None),
        };
        let lead_image = match layout {
            Some(l) => self.lead_image(l, &url),
            None => None,
        };
        let (story, dropped) = match layout {
            Some(l) => {
                let dropped = dropped_nodes(root, &l.drop);
                let story = story_nodes(root);
                if !story.outside.is_empty() {
                    self.report_outside(&story.outside, &dropped);
                }
                (story.inside, dropped)
            }
            None => {
                let mut dropped = dropped_nodes(root, &EPOCHTIMES_LAYOUTS[0].drop);
                dropped.extend(
                    root.descendants()
                        .filter_map(ElementRef::wrap)
                        .filter(|e| e.id() != root.id() && fallback::is_chrome(*e))
                        .map(|e| e.id()),
                );
                (root.children().collect(), dropped)
            }
        };
        let walked = body::walk(story, &dropped, Some(&url), &EPOCHTIMES);
        self.diagnostics.extend(walked.diagnostics);
        let mut body = walked.blocks;
        // A table layout keeps the headline in the story's cell: it is the title, not the body.
        if layout.is_none()
            && body
                .first()
                .is_some_and(|b| b.plain_text().trim() == title.as_str())
        {
            body.remove(0);
        }
        let inline_related =
            lists::take_inline_related(&mut body, EPOCHTIMES.inline_related_headings);
        if body.is_empty() {
            return Err(Error::NotAnArticle {
                reason: "the article body is empty".into(),
            });
        }

        let year = article_url.as_ref().map(|a| a.year);
        let dateline = text::body_dateline(&body, year).map(|(at, dateline)| {
            match at {
                0 => self.note("dateline", "body: first paragraph"),
                n => self.note("dateline", format!("body: paragraph {}", n + 1)),
            }
            dateline
        });
        let mut editor = text::body_editor(&body);
        if editor.is_some() {
            self.note("editor", "body: editor line");
        } else if layout.is_none() {
            // Another site may put the editor line outside the story (a byline box, the footer).
            editor = self.editor_outside(root);
        }
        let time_selectors = layout.unwrap_or(&EPOCHTIMES_LAYOUTS[0]);
        let mut updated = self.updated(time_selectors, layout.is_none());
        if updated.is_none() {
            updated = self.meta_time();
        }
        let mut published = article_url
            .as_ref()
            .and_then(|a| chrono::NaiveDate::from_ymd_opt(a.year, a.month, a.day));
        if published.is_some() {
            self.note("published", "url");
        } else if let Some(p) = self.meta_published() {
            published = Some(p);
            self.note("published", "meta article:published_time");
        }
        // The URL dates the first publication; a dateline before it means the page and its URL
        // do not belong together (a page saved under another article's URL, a wrong --url).
        if let (Some(d), Some(p)) = (&dateline, published) {
            if d.date < p {
                self.diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::Inconsistent,
                    message: format!(
                        "dateline {} is earlier than the URL's publication date {p}",
                        d.date
                    ),
                });
            }
        }
        let mut lists = lists::find(self.html, &EPOCHTIMES, &url);
        if !inline_related.is_empty() {
            self.note(
                "related",
                "body: related-article block at the end of the story",
            );
            for item in inline_related {
                if !lists.related.iter().any(|r| r.url == item.url) {
                    lists.related.push(item);
                }
            }
            lists.related_heading = None;
        }
        if let (false, Some(h)) = (lists.related.is_empty(), &lists.related_heading) {
            self.note("related", format!("links under the heading {h}"));
        }
        if let (false, Some(h)) = (lists.hot.is_empty(), &lists.hot_heading) {
            self.note("hot", format!("links under the heading {h}"));
        }
        let tags = self.tags(time_selectors);
        let mut category = self.category(time_selectors);
        if category.is_none() && layout.is_none() {
            category = self.you_are_here();
        }

        let (site, edition, id, canonical) = match &article_url {
            Some(a) => (Site::Epochtimes, a.edition, a.id.clone(), a.canonical()),
            None => (
                Site::Other,
                self.script_edition(),
                last_segment(&url),
                url.to_string(),
            ),
        };
        if article_url.is_none() {
            self.note("edition", "the page's lang attribute");
            self.note("id", "url: last path segment");
        }
        Ok(Article {
            url: canonical,
            site,
            edition,
            id,
            extraction: if layout.is_some() {
                Extraction::Layout
            } else {
                Extraction::Fallback
            },
            title,
            dateline,
            published,
            updated,
            lead_image,
            body,
            editor,
            tags,
            category,
            related: lists.related,
            hot: lists.hot,
            diagnostics: self.diagnostics,
            provenance: self.provenance,
            decoding: None,
        })
    }

    /// Finds the story: the first layout whose body selector matches, else the fallback.
    fn locate(&mut self) -> Result<Located<'h>> {
        let root = self.html.root_element();
        for layout in EPOCHTIMES_LAYOUTS.iter() {
            for (sel, text) in layout.body.iter().zip(layout.table.body) {
                if let Some(found) = root.select(sel).next() {
                    self.note(
                        "body",
                        format!("layout {}: selector {text}", layout.table.name),
                    );
                    return Ok(Located::Layout {
                        layout,
                        root: found,
                    });
                }
            }
        }
        match fallback::main_block(self.html) {
            Some(found) => {
                let name = found.value().name();
                let id = found
                    .value()
                    .attr("id")
                    .map(|i| format!("#{i}"))
                    .unwrap_or_default();
                self.note(
                    "body",
                    format!("fallback: densest block of running text {name}{id}"),
                );
                Ok(Located::Fallback { root: found })
            }
            None => Err(Error::NotAnArticle {
                reason: "no known layout and no block of running text on the page".into(),
            }),
        }
    }

    /// The page URL and where it came from: the caller's, else the canonical link, else `og:url`,
    /// else the URL it was fetched from.
    fn page_url(
        &self,
        given: Option<Url>,
        fallback: Option<Url>,
    ) -> Result<Option<(Url, &'static str)>> {
        if let Some(url) = given {
            return Ok(Some((url, GIVEN)));
        }
        let root = self.html.root_element();
        for (sel, attr, from) in [
            (&PAGE.canonical, "href", "link[rel=canonical]"),
            (&PAGE.og_url, "content", "meta og:url"),
        ] {
            let Some(raw) = root
                .select(sel)
                .next()
                .and_then(|e| e.value().attr(attr))
                .map(str::trim)
                .filter(|u| !u.is_empty())
            else {
                continue;
            };
            let url = Url::parse(raw).map_err(|e| Error::NoUrl {
                reason: format!("{from} {raw:?}: {e}"),
            })?;
            return Ok(Some((url, from)));
        }
        Ok(fallback.map(|url| (url, FETCHED)))
    }

    fn layout_title(&self, layout: &Layout) -> Result<(String, String)> {
        let root = self.html.root_element();
        for (sel, text) in layout.title.iter().zip(layout.table.title) {
            if let Some(el) = root.select(sel).next() {
                let t = element_text(el);
                if !t.is_empty() {
                    return Ok((t, format!("selector {text}")));
                }
            }
        }
        fallback::title(self.html)
            .map(|(t, from)| (t, from.to_string()))
            .ok_or_else(|| Error::NotAnArticle {
                reason: "the page has no headline".into(),
            })
    }

    /// `b5` when the page says it is in traditional script (`lang="zh-TW"`, `zh-Hant`, `zh_HK`).
    fn script_edition(&self) -> Edition {
        let lang = self
            .html
            .root_element()
            .value()
            .attr("lang")
            .unwrap_or("")
            .to_ascii_lowercase()
            .replace('_', "-");
        if ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
            .iter()
            .any(|l| lang.starts_with(l))
        {
            Edition::B5
        } else {
            Edition::Gb
        }
    }

    fn lead_image(&mut self, layout: &Layout, base: &Url) -> Option<LeadImage> {
        let (featured, from) = first_named(
            self.html.root_element(),
            &layout.featured,
            layout.table.featured,
        )?;
        self.note("lead_image", format!("selector {from}"));
        let img = if featured.value().name() == "img" {
            Some(featured)
        } else {
            featured.select(&PAGE.img).next()
        };
        let src = img.and_then(|i| body::image_src(i, Some(base), &EPOCHTIMES));
        let alt = img
            .and_then(|i| i.value().attr("alt"))
            .map(|a| collapse_whitespace(a).trim().to_string())
            .unwrap_or_default();
        let caption = first(featured, &layout.caption)
            .map(element_text)
            .unwrap_or_default();
        match src {
            Some(src) => Some(LeadImage { src, caption, alt }),
            None => {
                if !caption.is_empty() {
                    self.diagnostics.push(Diagnostic {
                        kind: DiagnosticKind::Unplaced,
                        message: format!(
                            "featured-image caption without an image: {}",
                            body::snippet(&caption)
                        ),
                    });
                }
                None
            }
        }
    }

    fn updated(
        &mut self,
        layout: &Layout,
        fallback: bool,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let el = first(self.html.root_element(), &layout.time)?;
        let raw = el.value().attr("datetime")?.trim();
        match chrono::DateTime::parse_from_rfc3339(raw)
            .or_else(|_| chrono::DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z"))
        {
            Ok(t) => {
                // Only a value that was read is credited to its source.
                self.note(
                    "updated",
                    if fallback {
                        "fallback: the page's time[datetime]"
                    } else {
                        "selector time[datetime]"
                    },
                );
                Some(t)
            }
            Err(e) => {
                self.diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::Unparsed,
                    message: format!("update time {raw:?} is not RFC 3339 with an offset: {e}"),
                });
                None
            }
        }
    }

    /// The old templates' breadcrumb, `您的位置：首页 > 大陆新闻`: its last link names the section.
    fn you_are_here(&mut self) -> Option<String> {
        let found = self.html.root_element().descendants().find_map(|node| {
            let t = node.value().as_text()?;
            let t = t.trim_start();
            if !(t.starts_with("您的位置")
                || t.starts_with("您現在的位置")
                || t.starts_with("您现在的位置"))
            {
                return None;
            }
            let parent = node.parent().and_then(ElementRef::wrap)?;
            parent
                .select(&PAGE.links)
                .map(element_text)
                .filter(|t| !t.is_empty())
                .last()
        });
        if found.is_some() {
            self.note("category", "page: last link of the 您的位置 breadcrumb");
        }
        found
    }

    /// `article:modified_time`, else `article:published_time` (pages of other sites).
    fn meta_time(&mut self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        for (sel, name) in [
            (&PAGE.modified_time, "meta article:modified_time"),
            (&PAGE.published_time, "meta article:published_time"),
        ] {
            let raw = self
                .html
                .root_element()
                .select(sel)
                .next()
                .and_then(|e| e.value().attr("content"));
            if let Some(t) = raw.and_then(|r| chrono::DateTime::parse_from_rfc3339(r.trim()).ok()) {
                self.note("updated", name);
                return Some(t);
            }
        }
        None
    }

    fn meta_published(&self) -> Option<chrono::NaiveDate> {
        let raw = self
            .html
            .root_element()
            .select(&PAGE.published_time)
            .next()?
            .value()
            .attr("content")?;
        chrono::DateTime::parse_from_rfc3339(raw.trim())
            .ok()
            .map(|t| t.date_naive())
    }

    /// An editor line after the story, outside it (first one in page order after the story's
    /// start that is short enough to be a line, not a paragraph mentioning an editor).
    fn editor_outside(&mut self, story: ElementRef<'_>) -> Option<String> {
        let mut after = false;
        for node in self.html.root_element().descendants() {
            if node.id() == story.id() {
                after = true;
            }
            if !after {
                continue;
            }
            let Some(t) = node.value().as_text() else {
                continue;
            };
            if node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| matches!(a.value().name(), "script" | "style" | "noscript"))
            {
                continue;
            }
            let line = collapse_whitespace(t);
            if line.chars().count() <= 40 {
                if let Some(name) = text::editor(&line) {
                    self.note("editor", "page: editor line outside the story");
                    return Some(name);
                }
            }
        }
        None
    }

    fn tags(&mut self, layout: &Layout) -> Vec<String> {
        let root = self.html.root_element();
        let mut seen = HashSet::new();
        let from_links: Vec<String> = layout
            .tags
            .iter()
            .flat_map(|s| root.select(s))
            .map(element_text)
            .filter(|t| !t.is_empty() && seen.insert(t.clone()))
            .collect();
        if !from_links.is_empty() {
            self.note("tags", "tag links");
            return from_links;
        }
        let keywords: Vec<String> = root
            .select(&PAGE.keywords)
            .next()
            .and_then(|e| e.value().attr("content"))
            .map(|k| {
                k.split([',', '，'])
                    .map(|t| collapse_whitespace(t).trim().to_string())
                    .filter(|t| !t.is_empty() && seen.insert(t.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if !keywords.is_empty() {
            self.note("tags", "meta keywords");
        }
        keywords
    }

    fn category(&mut self, layout: &Layout) -> Option<String> {
        let root = self.html.root_element();
        let found = layout
            .breadcrumbs
            .iter()
            .zip(layout.table.breadcrumbs)
            .find_map(|(s, text)| {
                root.select(s)
                    .map(element_text)
                    .filter(|t| !t.is_empty())
                    .last()
                    .map(|t| (t, text))
            });
        let (category, from) = found?;
        self.note("category", format!("selector {from} (last)"));
        Some(category)
    }

    /// Content inside the body element but outside the story markers, that no boilerplate rule
    /// removes: reported, so that nothing the page says vanishes unnoticed.
    fn report_outside(
        &mut self,
        outside: &[ego_tree::NodeRef<'h, Node>],
        dropped: &HashSet<NodeId>,
    ) {
        for node in outside {
            if dropped.contains(&node.id()) {
                continue;
            }
            let Some(el) = ElementRef::wrap(*node) else {
                if let Some(t) = node.value().as_text() {
                    let t = collapse_whitespace(t);
                    if !t.trim().is_empty() {
                        self.unplaced(format!(
                            "text outside the article markers: {}",
                            body::snippet(&t)
                        ));
                    }
                }
                continue;
            };
            if matches!(
                el.value().name(),
                "script" | "style" | "noscript" | "template" | "link" | "meta"
            ) {
                continue;
            }
            let text = visible_text(el, dropped);
            if !text.trim().is_empty() {
                let name = el.value().name();
                self.unplaced(format!(
                    "<{name}> outside the article markers: {}",
                    body::snippet(&text)
                ));
            }
        }
    }

    fn unplaced(&mut self, message: String) {
        self.diagnostics.push(Diagnostic {
            kind: DiagnosticKind::Unplaced,
            message,
        });
    }
}

/// What `page_url` says of a URL the caller gave.
const GIVEN: &str = "option --url";
/// Where a URL came from when it is [`ExtractOptions::fallback_url`].
const FETCHED: &str = "the URL it was fetched from (WARC-Target-URI)";

/// Whether a URL is on a host of the mirrored sites (whose non-article pages are refused).
fn is_site_host(url: &Url) -> bool {
    !matches!(
        crate::linkmap::Target::classify(url),
        crate::linkmap::Target::Other
    ) || url.host_str().is_some_and(|h| {
        let h = h.strip_prefix("www.").unwrap_or(h);
        matches!(h, "epochtimes.com" | "ntdtv.com" | "dajiyuan.com")
    })
}

/// The last path segment of a URL without its extension (`/2024/05/03/12345.html` → `12345`).
fn last_segment(url: &Url) -> String {
    url.path_segments()
        .and_then(|mut s| s.rfind(|p| !p.is_empty()))
        .map(|p| p.split('.').next().unwrap_or(p).to_string())
        .unwrap_or_default()
}

/// Like [`first`], with the text of the selector that matched.
fn first_named<'a>(
    root: ElementRef<'a>,
    selectors: &[Selector],
    texts: &'static [&'static str],
) -> Option<(ElementRef<'a>, &'static str)> {
    selectors
        .iter()
        .zip(texts)
        .find_map(|(s, t)| root.select(s).next().map(|e| (e, *t)))
}

/// The first element under `root` that matches any selector, trying selectors in order.
fn first<'a>(root: ElementRef<'a>, selectors: &[Selector]) -> Option<ElementRef<'a>> {
    selectors.iter().find_map(|s| root.select(s).next())
}

/// An element's text, whitespace collapsed and trimmed.
fn element_text(el: ElementRef<'_>) -> String {
    let raw: String = el.text().collect();
    collapse_whitespace(&raw).trim().to_string()
}

/// Text of an element without scripts, styles and dropped boilerplate (iteratively).
pub(crate) fn visible_text(el: ElementRef<'_>, dropped: &HashSet<NodeId>) -> String {
    let mut out = String::new();
    let mut skip: Option<NodeId> = None;
    for edge in el.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Element(e)
                        if dropped.contains(&n.id())
                            || matches!(e.name(), "script" | "style" | "noscript" | "template") =>
                    {
                        skip = Some(n.id())
                    }
                    Node::Text(t) => out.push_str(t),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skip == Some(n.id()) {
                    skip = None;
                }
            }
        }
    }
    collapse_whitespace(&out)
}

fn dropped_nodes(root: ElementRef<'_>, drop: &[Selector]) -> HashSet<NodeId> {
    drop.iter()
        .flat_map(|s| root.select(s))
        .map(|e| e.id())
        .collect()
}

/// The story region of the body element: the nodes between the `article content begin/end`
/// comments when the page has them, else all children.
struct Story<'a> {
    inside: Vec<ego_tree::NodeRef<'a, Node>>,
    outside: Vec<ego_tree::NodeRef<'a, Node>>,
}

fn story_nodes(root: ElementRef<'_>) -> Story<'_> {
    let is_marker = |n: &ego_tree::NodeRef<'_, Node>, text: &str| {
        n.value().as_comment().is_some_and(|c| c.trim() == text)
    };
    let begin = root
        .descendants()
        .find(|n| is_marker(n, EPOCHTIMES.content_begin));
    let Some(begin) = begin else {
        return Story {
            inside: root.children().collect(),
            outside: Vec::new(),
        };
    };
    // The children of the marker's parent: before the begin marker and after the end marker is
    // outside; in between is the story.
    let parent = begin
        .parent()
        .expect("a comment inside the body element has a parent");
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    let mut state = 0; // 0 before begin, 1 inside, 2 after end
    for child in parent.children() {
        if child.id() == begin.id() {
            state = 1;
            continue;
        }
        if state == 1 && is_marker(&child, EPOCHTIMES.content_end) {
            state = 2;
            continue;
        }
        if state == 1 {
            inside.push(child)
        } else {
            outside.push(child)
        }
    }
    // Siblings of the marker's ancestors up to the body element are outside too.
    let mut anc = parent;
    while anc.id() != root.id() {
        let Some(up) = anc.parent() else { break };
        outside.extend(up.children().filter(|c| c.id() != anc.id()));
        anc = up;
    }
    Story { inside, outside }
}
