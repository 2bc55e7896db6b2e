//! The fields read outside the story: the headline, the script, the lead image, times, tags,
//! the category, an editor line outside the story, and what is reported of the rest.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::NodeId;
use regex::Regex;
use scraper::{ElementRef, Node, Selector};
use url::Url;

use super::profile::{Layout, PAGE};
use super::story::visible_text;
use super::text::{self, collapse_whitespace};
use super::{Page, body, fallback};
use crate::error::{Error, Result};
use crate::model::{Diagnostic, DiagnosticKind, Edition, LeadImage};
use crate::sites::{Clock, Pages};

/// How the old templates' breadcrumb starts (read wherever it is on the page).
pub(super) const YOU_ARE_HERE: &[&str] = &["您的位置", "您現在的位置", "您现在的位置"];

impl<'h> Page<'h> {
    pub(super) fn layout_title(&self, layout: &Layout) -> Result<(String, String)> {
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

    /// A player (`iframe`, `video`, `embed`) in the featured block, where a lead image would be
    /// (a video lead).
    pub(super) fn featured_player(&self, layout: &Layout) -> Option<ElementRef<'h>> {
        let featured = first(self.html.root_element(), &layout.featured)?;
        featured
            .descendent_elements()
            .find(|e| matches!(e.value().name(), "iframe" | "video" | "embed"))
    }

    /// The caption of the featured block (a lead video's), whitespace collapsed; empty for none.
    pub(super) fn featured_caption(&self, layout: &Layout) -> String {
        first(self.html.root_element(), &layout.featured)
            .and_then(|f| first(f, &layout.caption))
            .map(element_text)
            .unwrap_or_default()
    }

    /// `b5` when the page says it is in traditional script (`lang="zh-TW"`, `zh-Hant`, `zh_HK`).
    pub(super) fn script_edition(&self) -> Edition {
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

    pub(super) fn lead_image(
        &mut self,
        layout: &Layout,
        base: &Url,
        pages: &Pages,
    ) -> Option<LeadImage> {
        let (featured, from) = first_named(
            self.html.root_element(),
            &layout.featured,
            layout.table.featured,
        )?;
        let img = if featured.value().name() == "img" {
            Some(featured)
        } else {
            featured.select(&PAGE.img).next()
        };
        let src = img.and_then(|i| body::image_src(i, Some(base), pages));
        let alt = img
            .and_then(|i| i.value().attr("alt"))
            .map(|a| collapse_whitespace(a).trim().to_string())
            .unwrap_or_default();
        let caption = first(featured, &layout.caption)
            .map(element_text)
            .unwrap_or_default();
        match src {
            Some(src) => {
                self.note("lead_image", format!("selector {from}"));
                Some(LeadImage { src, caption, alt })
            }
            None => {
                // A player's caption is the lead video's (see `extract`).
                if !caption.is_empty() && self.featured_player(layout).is_none() {
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

    pub(super) fn updated(
        &mut self,
        layout: &Layout,
        fallback: bool,
        clock: Option<&Clock>,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let Some(el) = first(self.html.root_element(), &layout.time) else {
            return self.text_time(layout, clock?);
        };
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
                Some(local_z(raw, t, clock))
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

    /// A time printed as text after one of the clock's labels (`北京时间：2025-01-20 10:35`), in
    /// the clock's offset; the labels are tried in order over every [`Layout::time_text`] element.
    fn text_time(
        &mut self,
        layout: &Layout,
        clock: &Clock,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        static TIME: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")
                .expect("valid regex")
        });
        let offset = chrono::FixedOffset::east_opt(clock.utc_offset)?;
        let texts: Vec<String> = layout
            .time_text
            .iter()
            .flat_map(|s| self.html.root_element().select(s))
            .map(element_text)
            .collect();
        for label in clock.labels {
            for text in &texts {
                let Some(at) = text.find(label) else {
                    continue;
                };
                let rest = &text[at + label.len()..];
                let Some(c) = TIME.captures(rest) else {
                    self.diagnostics.push(Diagnostic {
                        kind: DiagnosticKind::Unparsed,
                        message: format!("time after {label:?} is not YYYY-MM-DD HH:MM: {rest:?}"),
                    });
                    continue;
                };
                let n = |i: usize| c.get(i).map_or(Some(0), |m| m.as_str().parse::<u32>().ok());
                let date =
                    chrono::NaiveDate::from_ymd_opt(i32::try_from(n(1)?).ok()?, n(2)?, n(3)?)?;
                let Some(time) = date.and_hms_opt(n(4)?, n(5)?, n(6)?) else {
                    continue;
                };
                if let Some(t) = time.and_local_timezone(offset).single() {
                    self.note("updated", format!("page text after {label}"));
                    return Some(t);
                }
            }
        }
        None
    }

    /// The old templates' breadcrumb (it starts with one of [`YOU_ARE_HERE`]),
    /// `您的位置：首页 > 大陆新闻`: its last link names the section.
    pub(super) fn you_are_here(&mut self) -> Option<String> {
        let found = self.html.root_element().descendants().find_map(|node| {
            let t = node.value().as_text()?;
            let t = t.trim_start();
            if !YOU_ARE_HERE.iter().any(|h| t.starts_with(h)) {
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
    pub(super) fn meta_time(
        &mut self,
        clock: Option<&Clock>,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
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
            let raw = raw.map(str::trim);
            if let Some((r, t)) =
                raw.and_then(|r| Some((r, chrono::DateTime::parse_from_rfc3339(r).ok()?)))
            {
                self.note("updated", name);
                return Some(local_z(r, t, clock));
            }
        }
        None
    }

    pub(super) fn meta_published(&self) -> Option<chrono::NaiveDate> {
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
    pub(super) fn editor_outside(&mut self, story: ElementRef<'_>) -> Option<String> {
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

    pub(super) fn tags(&mut self, layout: Option<&Layout>) -> Vec<String> {
        let root = self.html.root_element();
        let mut seen = HashSet::new();
        let from_links: Vec<String> = layout
            .into_iter()
            .flat_map(|l| &l.tags)
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

    pub(super) fn category(&mut self, layout: &Layout) -> Option<String> {
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
    pub(super) fn report_outside(
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

    pub(super) fn unplaced(&mut self, message: String) {
        self.diagnostics.push(Diagnostic {
            kind: DiagnosticKind::Unplaced,
            message,
        });
    }
}

/// Like [`first`], with the text of the selector that matched.
pub(super) fn first_named<'a>(
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
/// A time written with a `Z` by a site whose `Z` means its local clock, read in that clock.
pub(super) fn local_z(
    raw: &str,
    t: chrono::DateTime<chrono::FixedOffset>,
    clock: Option<&Clock>,
) -> chrono::DateTime<chrono::FixedOffset> {
    let Some(clock) = clock.filter(|c| c.z_is_local && raw.ends_with(['Z', 'z'])) else {
        return t;
    };
    chrono::FixedOffset::east_opt(clock.utc_offset)
        .and_then(|o| t.naive_utc().and_local_timezone(o).single())
        .unwrap_or(t)
}

pub(super) fn first<'a>(root: ElementRef<'a>, selectors: &[Selector]) -> Option<ElementRef<'a>> {
    selectors.iter().find_map(|s| root.select(s).next())
}

/// An element's text, whitespace collapsed and trimmed.
pub(super) fn element_text(el: ElementRef<'_>) -> String {
    let raw: String = el.text().collect();
    collapse_whitespace(&raw).trim().to_string()
}
