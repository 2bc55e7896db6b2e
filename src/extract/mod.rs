//! DOM → [`Article`]: finds the site layout, reads each field, walks the body.
//!
//! Which selectors find which field is data (the site's [`Pages`](crate::sites::Pages), compiled
//! in [`profile`]); this module only interprets the tables. The site is found from the page's
//! URL ([`ExtractOptions::sites`], then [`crate::sites::ALL`]); a page of a site no profile names
//! is read with the default site's tables ([`crate::sites::DEFAULT`]) and the generic fallback.

pub(crate) mod body;
mod fallback;
mod fields;
mod json_ld;
pub(crate) mod lists;
pub(crate) mod profile;
mod story;
pub(crate) mod text;

use std::collections::BTreeMap;

use scraper::{ElementRef, Html};
use url::Url;

use chrono::Datelike;

use crate::decode;
use crate::error::{Error, Result};
use crate::model::{
    Article, Block, Decoding, Diagnostic, DiagnosticKind, EmbedKind, Extraction, LeadVideo, Site,
};
use crate::sites::{self, SiteProfile, Target};
use crate::{parse, prune};
use profile::{Compiled, Layout, PAGE};
pub(crate) use story::visible_text;
use story::{dropped_nodes, story_nodes};

/// Options for [`crate::extract()`]. More options may be added: start from
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
    /// Sites to read besides the registered ones ([`crate::sites::ALL`]), tried before them: a
    /// page whose URL one of them classifies as an article is read with its page tables (see
    /// [`crate::sites`] for how to define one).
    pub sites: Vec<&'static SiteProfile>,
}

/// Parses a whole document the way a browser would, less scripts, styles and excess depth: the
/// pre-pass without chrome rules, then the parser.
pub(crate) fn document(text: &str) -> Html {
    parse::prepared(&prune::prune(text, None).text)
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

    /// These options with `site` tried before the registered sites (and before the sites added
    /// earlier, [`ExtractOptions::sites`]).
    pub fn with_site(mut self, site: &'static SiteProfile) -> ExtractOptions {
        self.sites.insert(0, site);
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
    let known: Vec<&'static SiteProfile> =
        options.sites.iter().chain(sites::ALL).copied().collect();
    // The site and edition known before the page is read: of the given URL, else of the URL it
    // was fetched from.
    let given_page = given
        .as_ref()
        .or(fallback.as_ref())
        .and_then(|u| sites::classify_in(known.iter().copied(), u));
    let hint = given_page
        .as_ref()
        .filter(|t| t.page.is_article())
        .map(|t| t.page.edition);
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
    // JSON-LD scripts are kept for the site of the given URL when its tables read them; where
    // the site is not known before the page is read, when any known site's tables do.
    let json_ld = match &given_page {
        Some(t) => t.site.pages.is_some_and(|p| p.json_ld),
        None => known.iter().any(|s| s.pages.is_some_and(|p| p.json_ld)),
    };
    let run = |text: &str| {
        let html = parse::prepared_with_json_ld(text, json_ld);
        Page {
            html: &html,
            diagnostics: diagnostics.clone(),
            provenance: BTreeMap::new(),
        }
        .extract(given.clone(), fallback.clone(), &known)
    };
    // The chrome is cut before the page says which site it is of: by the rules of the site of
    // the given URL, else of the default site (whose rules cut nothing on a page without one of
    // its layout markers).
    let chrome_site = given_page
        .map(|t| t.site)
        .filter(|s| s.pages.is_some())
        .unwrap_or(sites::DEFAULT);
    let chrome = match options.whole_page {
        true => None,
        false => profile::chrome_for(chrome_site)?,
    };
    let pruned = prune::prune_with_json_ld(&decoded.text, chrome, json_ld);
    let mut result = run(&pruned.text);
    // The chrome rules know their site's layouts; a pruned page that is read by none of them (or
    // not read at all, or read as another site's) is read again whole, so that pruning never
    // changes what is found.
    if pruned.elements > 0
        && result.as_ref().map_or(true, |(a, reader)| {
            a.extraction == Extraction::Fallback || !std::ptr::eq(*reader, chrome_site)
        })
    {
        result = run(&prune::prune_with_json_ld(&decoded.text, None, json_ld).text);
    }
    let (mut article, _) = result?;
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

    /// Reads the article; returns it with the site profile whose tables read it.
    fn extract(
        mut self,
        given: Option<Url>,
        fallback: Option<Url>,
        known: &[&'static SiteProfile],
    ) -> Result<(Article, &'static SiteProfile)> {
        let page_url = self.page_url(given, fallback)?;
        let target = page_url
            .as_ref()
            .and_then(|(u, _)| sites::classify_in(known.iter().copied(), u));
        let article_url = target.clone().filter(|t| t.page.is_article());
        if let Some((url, from)) = &page_url {
            match &target {
                // An article of a site whose links the mirrors map but whose pages have no
                // tables yet: refuse it for what it is rather than as a non-article.
                Some(Target { site, page }) if page.is_article() && site.pages.is_none() => {
                    return Err(Error::NotAnArticle {
                        reason: format!(
                            "{url} is an {name} article; {name} pages have no page layouts yet",
                            name = site.name
                        ),
                    });
                }
                Some(t) if t.page.is_article() => {}
                // A page of a known site that is not an article (home, section, tag page).
                _ if target.is_some() || known.iter().any(|s| s.owns(url)) => {
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
                _ => {}
            }
        }
        // The site's tables read its articles; the default site's read every other page.
        let reader = article_url.as_ref().map_or(sites::DEFAULT, |t| t.site);
        let pages = profile::pages(reader);
        let compiled = profile::compiled(reader)?;
        let located = self.locate(compiled)?;
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
            Some(l) => self.lead_image(l, &url, pages),
            None => None,
        };
        let (story, dropped) = match layout {
            Some(l) => {
                let dropped = dropped_nodes(root, &l.drop);
                let story = story_nodes(root, pages);
                if !story.outside.is_empty() {
                    self.report_outside(&story.outside, &dropped);
                }
                (story.inside, dropped)
            }
            None => {
                let mut dropped = compiled
                    .layouts
                    .first()
                    .map(|l| dropped_nodes(root, &l.drop))
                    .unwrap_or_default();
                dropped.extend(
                    root.descendants()
                        .filter_map(ElementRef::wrap)
                        .filter(|e| e.id() != root.id() && fallback::is_chrome(*e))
                        .map(|e| e.id()),
                );
                (root.children().collect(), dropped)
            }
        };
        let walked = body::walk(story, &dropped, Some(&url), pages);
        self.diagnostics.extend(walked.diagnostics);
        let mut body = walked.blocks;
        // A video lead (a player in the featured block, no image): the lead video, with the
        // featured block's caption. A player the body walker does not read as a video (an
        // unknown iframe, a tweet) stays what it was: the body's first block.
        let mut lead_video = None;
        if let (Some(l), None) = (layout, &lead_image) {
            if let Some(player) = self.featured_player(l) {
                let lead = body::walk([*player], &dropped, Some(&url), pages);
                self.diagnostics.extend(lead.diagnostics);
                let caption = self.featured_caption(l);
                match lead.blocks.as_slice() {
                    [
                        Block::Embed {
                            kind: EmbedKind::Video,
                            url: video,
                        },
                    ] => {
                        self.note("lead_video", "featured player");
                        lead_video = Some(LeadVideo::new(video.clone(), caption));
                    }
                    blocks => {
                        if !caption.is_empty() {
                            let player = match blocks {
                                [] => "an empty player",
                                _ => "a player that is no video",
                            };
                            self.unplaced(format!(
                                "featured-media caption of {player}: {}",
                                body::snippet(&caption)
                            ));
                        }
                        if !blocks.is_empty() {
                            self.note("lead_video", "featured player, first in the body");
                            body.splice(0..0, blocks.to_vec());
                        }
                    }
                }
            }
        }
        // A table layout keeps the headline in the story's cell: it is the title, not the body.
        if layout.is_none()
            && body
                .first()
                .is_some_and(|b| b.plain_text().trim() == title.as_str())
        {
            body.remove(0);
        }
        let inline_related = lists::take_inline_related(&mut body, pages.inline_related_headings);
        if body.is_empty() {
            return Err(Error::NotAnArticle {
                reason: "the article body is empty".into(),
            });
        }

        let year = article_url
            .as_ref()
            .and_then(|t| t.page.date)
            .map(|d| d.year());
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
        // Where no layout matched, the first one's time, tag and breadcrumb selectors still apply.
        let tables = layout.or(compiled.layouts.first());
        let clock = pages.clock.as_ref();
        // The update time, best source first: the page's `time[datetime]` or its printed time,
        // then (a site whose tables read it) the JSON-LD, then the `article:*_time` metadata.
        let ld_times = if pages.json_ld { self.json_ld() } else { None };
        let mut updated = tables.and_then(|t| self.updated(t, layout.is_none(), clock));
        if let (None, Some(ld)) = (&updated, &ld_times) {
            updated = self.json_ld_time(ld, clock);
        }
        if updated.is_none() {
            updated = self.meta_time(clock);
        }
        let mut published = article_url.as_ref().and_then(|t| t.page.date);
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
        let mut lists = lists::find(self.html, pages, &url, known);
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
        let tags = self.tags(tables);
        let mut category = tables.and_then(|t| self.category(t));
        if category.is_none() && layout.is_none() {
            category = self.you_are_here();
        }

        let (site, edition, id, canonical) = match &article_url {
            Some(t) => (
                t.site.site(),
                t.page.edition,
                t.page.id.clone(),
                t.page.canonical.clone(),
            ),
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
        let article = Article {
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
            lead_video,
            body,
            editor,
            tags,
            category,
            related: lists.related,
            hot: lists.hot,
            diagnostics: self.diagnostics,
            provenance: self.provenance,
            decoding: None,
        };
        Ok((article, reader))
    }

    /// Finds the story: the first layout whose body selector matches, else the fallback.
    fn locate(&mut self, compiled: &'static Compiled) -> Result<Located<'h>> {
        let root = self.html.root_element();
        for layout in &compiled.layouts {
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
        if let Some(named) = named_url(self.html)? {
            return Ok(Some(named));
        }
        Ok(fallback.map(|url| (url, FETCHED)))
    }
}

/// What `page_url` says of a URL the caller gave.
const GIVEN: &str = "option --url";
/// What `page_url` says of [`ExtractOptions::fallback_url`].
const FETCHED: &str = "the URL it was fetched from (WARC-Target-URI)";

/// The last path segment of a URL without its extension (`/2024/05/03/12345.html` → `12345`).
fn last_segment(url: &Url) -> String {
    url.path_segments()
        .and_then(|mut s| s.rfind(|p| !p.is_empty()))
        .map(|p| p.split('.').next().unwrap_or(p).to_string())
        .unwrap_or_default()
}

/// The URL a page names for itself: its canonical link, else `og:url`, with where it came from.
/// A named URL that does not parse is an error, not a page without a URL.
pub(crate) fn named_url(html: &Html) -> Result<Option<(Url, &'static str)>> {
    let root = html.root_element();
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
    Ok(None)
}
