//! DOM → [`Article`]: finds the site layout, reads each field, walks the body.
//!
//! Which selectors find which field is data ([`profile`]); this module only interprets the tables.

mod body;
mod lists;
mod profile;
mod text;

use std::collections::HashSet;

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

use crate::decode;
use crate::error::{Error, Result};
use crate::linkmap::ArticleUrl;
use crate::model::{Article, Block, Diagnostic, DiagnosticKind, LeadImage, Site, plain_text};
use crate::parse;
use profile::{EPOCHTIMES, EPOCHTIMES_LAYOUTS, Layout, PAGE};
use text::collapse_whitespace;

/// Options for [`crate::extract`].
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The page's original URL, when the caller knows it better than the page
    /// (overrides `<link rel=canonical>` and `og:url`).
    pub url: Option<String>,
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
    let hint = given
        .as_ref()
        .and_then(ArticleUrl::parse)
        .map(|a| a.edition);
    let decoded = decode::decode(input, hint);
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
    let html = parse::document(&decoded.text);
    Page {
        html: &html,
        diagnostics,
    }
    .extract(given)
}

struct Page<'h> {
    html: &'h Html,
    diagnostics: Vec<Diagnostic>,
}

impl<'h> Page<'h> {
    fn extract(mut self, given: Option<Url>) -> Result<Article> {
        let (layout, root) = EPOCHTIMES_LAYOUTS
            .iter()
            .find_map(|l| first(self.html.root_element(), &l.body).map(|root| (l, root)))
            .ok_or_else(|| Error::NotAnArticle {
                reason: "no article body on the page (looked for div#artbody, div.post_content)"
                    .into(),
            })?;

        let (url, article_url) = self.article_url(given)?;
        let title = self.title(layout)?;

        let lead_image = self.lead_image(layout, &url);
        let dropped = dropped_nodes(root, layout);
        let story = story_nodes(root);
        if !story.outside.is_empty() {
            self.report_outside(&story.outside, &dropped);
        }
        let walked = body::walk(story.inside, &dropped, Some(&url), &EPOCHTIMES);
        self.diagnostics.extend(walked.diagnostics);
        let body = walked.blocks;
        if body.is_empty() {
            return Err(Error::NotAnArticle {
                reason: format!("the article body ({} layout) is empty", layout.table.name),
            });
        }

        let dateline = body.iter().take(3).find_map(|b| match b {
            Block::Paragraph { content } => {
                text::dateline(&plain_text(content), Some(article_url.year))
            }
            _ => None,
        });
        let editor = body.iter().rev().take(6).find_map(|b| match b {
            Block::Paragraph { .. } | Block::Heading { .. } => text::editor(&b.plain_text()),
            _ => None,
        });
        let updated = self.updated(layout);
        let published =
            chrono::NaiveDate::from_ymd_opt(article_url.year, article_url.month, article_url.day);
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
        let lists = lists::find(self.html, &EPOCHTIMES, &url);

        Ok(Article {
            url: article_url.canonical(),
            site: Site::Epochtimes,
            edition: article_url.edition,
            id: article_url.id.clone(),
            title,
            dateline,
            published,
            updated,
            lead_image,
            body,
            editor,
            tags: self.tags(layout),
            category: self.category(layout),
            related: lists.related,
            hot: lists.hot,
            diagnostics: self.diagnostics,
        })
    }

    /// The article URL: the caller's, else the page's canonical link, else `og:url`.
    fn article_url(&self, given: Option<Url>) -> Result<(Url, ArticleUrl)> {
        if let Some(url) = given {
            let parsed = ArticleUrl::parse(&url).ok_or_else(|| Error::NoUrl {
                reason: format!("{url} is not an Epoch Times article URL"),
            })?;
            return Ok((url, parsed));
        }
        let root = self.html.root_element();
        let found = [(&PAGE.canonical, "href"), (&PAGE.og_url, "content")]
            .into_iter()
            .filter_map(|(sel, attr)| root.select(sel).next().and_then(|e| e.value().attr(attr)))
            .map(str::trim)
            .find(|u| !u.is_empty());
        let Some(raw) = found else {
            return Err(Error::NoUrl {
                reason: "the page has no <link rel=canonical> or og:url; give the URL (--url)"
                    .into(),
            });
        };
        let url = Url::parse(raw).map_err(|e| Error::NoUrl {
            reason: format!("canonical URL {raw:?}: {e}"),
        })?;
        match ArticleUrl::parse(&url) {
            Some(a) => Ok((url, a)),
            None => Err(Error::NotAnArticle {
                reason: format!("its canonical URL {url} is not an article URL"),
            }),
        }
    }

    fn title(&self, layout: &Layout) -> Result<String> {
        let root = self.html.root_element();
        if let Some(el) = first(root, &layout.title) {
            let t = element_text(el);
            if !t.is_empty() {
                return Ok(t);
            }
        }
        let meta = root
            .select(&PAGE.og_title)
            .next()
            .and_then(|e| e.value().attr("content"))
            .map(collapse_whitespace);
        let from_title = || {
            root.select(&PAGE.title).next().map(|e| {
                let t = element_text(e);
                EPOCHTIMES
                    .title_suffixes
                    .iter()
                    .find_map(|s| t.strip_suffix(s))
                    .map_or(t.clone(), str::to_string)
            })
        };
        meta.map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .or_else(from_title)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::NotAnArticle {
                reason: "the page has no headline".into(),
            })
    }

    fn lead_image(&mut self, layout: &Layout, base: &Url) -> Option<LeadImage> {
        let featured = first(self.html.root_element(), &layout.featured)?;
        let img_sel = Selector::parse("img").expect("static selector");
        let img = if featured.value().name() == "img" {
            Some(featured)
        } else {
            featured.select(&img_sel).next()
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

    fn updated(&mut self, layout: &Layout) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let el = first(self.html.root_element(), &layout.time)?;
        let raw = el.value().attr("datetime")?.trim();
        match chrono::DateTime::parse_from_rfc3339(raw)
            .or_else(|_| chrono::DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z"))
        {
            Ok(t) => Some(t),
            Err(e) => {
                self.diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::Unparsed,
                    message: format!("update time {raw:?} is not RFC 3339 with an offset: {e}"),
                });
                None
            }
        }
    }

    fn tags(&self, layout: &Layout) -> Vec<String> {
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
            return from_links;
        }
        root.select(&PAGE.keywords)
            .next()
            .and_then(|e| e.value().attr("content"))
            .map(|k| {
                k.split([',', '，'])
                    .map(|t| collapse_whitespace(t).trim().to_string())
                    .filter(|t| !t.is_empty() && seen.insert(t.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn category(&self, layout: &Layout) -> Option<String> {
        let root = self.html.root_element();
        layout.breadcrumbs.iter().find_map(|s| {
            root.select(s)
                .map(element_text)
                .filter(|t| !t.is_empty())
                .last()
        })
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

fn dropped_nodes(root: ElementRef<'_>, layout: &Layout) -> HashSet<NodeId> {
    layout
        .drop
        .iter()
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
