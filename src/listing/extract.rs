//! DOM → [`Listing`]: the main list of a list page, or the boxes of a portal or the home page.
//!
//! The same pipeline as articles (decode → prune → parse), then the rules of
//! `list-pages-format.md` §10.3: items are the main list's own (`div.post_list.left_col`, never a
//! sidebar's list; markup inside scripts never reaches the tree), links resolved against the
//! page URL and kept only when they name an article, the thumbnail is the item's first real
//! image, the layout follows the dates. Every walk over the tree is an iterator, never recursion.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

use super::ListUrl;
use super::model::{ListBox, ListItem, ListKind, ListLayout, Listing, Pager, ShownDate};
use super::profile::{Compiled, CompiledTable, compiled};
use crate::decode;
use crate::error::{Error, Result};
use crate::extract::ExtractOptions;
use crate::extract::body::{image_src, snippet};
use crate::extract::profile::{PAGE, pages};
use crate::extract::text::collapse_whitespace;
use crate::model::{Decoding, Diagnostic, DiagnosticKind, Edition};
use crate::sites::{self, ListProfile, PageKind, Pages, SiteProfile};
use crate::url_safety::resolve_href;
use crate::{parse, prune};

mod boxes;
mod items;

use items::{article_url, attr_text, element_text, excerpt_text, link_item, shown_date, thumbnail};

static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img").expect("a selector"));
static A: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("a selector"));

fn is_match(re: Option<&Regex>, text: &str) -> bool {
    re.is_some_and(|re| re.is_match(text))
}

/// Reads a list page; `Ok(None)` when the page is not one.
pub(super) fn extract(input: &[u8], options: &ExtractOptions) -> Result<Option<Listing>> {
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
    let known: Vec<&'static SiteProfile> =
        options.sites.iter().chain(sites::ALL).copied().collect();
    let given_list = given
        .as_ref()
        .and_then(|u| ListUrl::find(known.iter().copied(), u));
    if given.is_some() && given_list.is_none() {
        // The caller named a page that is no list page of the site.
        return Ok(None);
    }
    let decoded = decode::decode(input, given_list.as_ref().map(|l| l.page.edition));
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
    let text = &decoded.text;
    // Scripts never reach the tree: what they hold (`one_post` markup in strings) is not read.
    let html = parse::prepared(&prune::prune(text, None).text);
    let mut reader = Reader {
        html: &html,
        known: &known,
        diagnostics,
        provenance: BTreeMap::new(),
    };
    let Some(mut listing) = reader.read(given.map(|u| (u, GIVEN)), text)? else {
        return Ok(None);
    };
    listing.decoding = Some(decoding);
    Ok(Some(listing))
}

const GIVEN: &str = "option --url";

struct Reader<'h> {
    html: &'h Html,
    /// The sites whose pages may be read, in the order a URL is tried.
    known: &'h [&'static SiteProfile],
    diagnostics: Vec<Diagnostic>,
    provenance: BTreeMap<String, String>,
}

/// What the page holds.
enum Body<'h> {
    /// A main list, by one of the list templates.
    List {
        table: &'static CompiledTable,
        container: ElementRef<'h>,
    },
    /// No main list: the boxes of this region.
    Boxes { region: ElementRef<'h> },
}

impl<'h> Reader<'h> {
    fn note(&mut self, field: &str, source: impl Into<String>) {
        self.provenance.insert(field.to_string(), source.into());
    }

    fn diag(&mut self, kind: DiagnosticKind, message: String) {
        self.diagnostics.push(Diagnostic { kind, message });
    }

    fn read(&mut self, given: Option<(Url, &'static str)>, text: &str) -> Result<Option<Listing>> {
        let root = self.html.root_element();
        let page_url = match given {
            Some(g) => Some(g),
            None => self.named_url()?,
        };
        let Some((url, url_from)) = page_url else {
            // Without a URL the site is not known: the page needs one when any site's list
            // templates or home marker find it a list page.
            for site in self.known {
                let Some(lists) = site.lists else { continue };
                let sel = compiled(site, lists)?;
                let found = sel
                    .tables
                    .iter()
                    .any(|t| root.select(&t.container).next().is_some());
                if found || is_match(sel.home_marker.as_ref(), text) {
                    return Err(Error::NoUrl {
                        reason:
                            "the list page has no <link rel=canonical> or og:url; give the URL (--url)"
                                .into(),
                    });
                }
            }
            return Ok(None);
        };
        let Some(mut list_url) = ListUrl::find(self.known.iter().copied(), &url) else {
            return Ok(None);
        };
        let site = list_url.site;
        let lists = list_url.lists;
        let sel = compiled(site, lists)?;
        let container = sel
            .tables
            .iter()
            .find_map(|t| root.select(&t.container).next().map(|c| (t, c)));
        let home_marker = is_match(sel.home_marker.as_ref(), text);
        if list_url.page.root && !list_url.page.edition_known {
            if let Some(ed) = sel
                .encoding_marker
                .as_ref()
                .and_then(|re| re.captures(text))
            {
                list_url.page.edition = if ed.get(1).is_some_and(|m| m.as_str() == "b5") {
                    Edition::B5
                } else {
                    Edition::Gb
                };
                self.note("edition", "page: var encoding");
            }
        }
        let home = list_url.page.kind == ListKind::Home || home_marker;
        let body = match container {
            Some((table, container)) if !home => Body::List { table, container },
            // Boxes (a home page, a portal) only where the site's lists have them.
            _ if lists.boxes.is_none() => return Ok(None),
            _ if home => match root.select(&PAGE.body).next() {
                Some(body) => Body::Boxes { region: body },
                None => return Ok(None),
            },
            _ => match self.portal_region(sel) {
                Some(region) => Body::Boxes { region },
                None => return Ok(None),
            },
        };
        self.note("url", url_from);
        let base = url.clone();
        let page_title = root
            .select(&PAGE.title)
            .next()
            .map(element_text)
            .filter(|t| !t.is_empty());

        let (layout, items, boxes, heading_before) = match body {
            Body::List { table, container } => {
                self.note(
                    "items",
                    format!(
                        "list {}: {} › {}",
                        table.table.name, table.table.container, table.table.item
                    ),
                );
                let items = self.items(sel, site, table, container, &base);
                let layout = self.layout(sel, lists, &items, &list_url);
                (layout, items, Vec::new(), Some(container.id()))
            }
            Body::Boxes { region } => {
                let layout = if home { ListLayout::H } else { ListLayout::P };
                let boxes = self.boxes(sel, site, lists, region, &base, layout);
                if boxes.iter().all(|b| b.items.is_empty()) {
                    return Ok(None);
                }
                self.note(
                    "boxes",
                    if home {
                        "home page: every article link of the page, by box heading"
                    } else {
                        "portal: the headed sections of the main column"
                    },
                );
                (layout, Vec::new(), boxes, None)
            }
        };
        if home && list_url.page.kind != ListKind::Home {
            if let Some(h) = lists.home {
                list_url.page.name = h.name.to_string();
            }
            list_url.page.page = 1;
            list_url.page.kind = ListKind::Home;
        }
        let kind = if layout == ListLayout::P {
            ListKind::Portal
        } else {
            list_url.page.kind
        };
        let heading = self.heading(sel, lists, heading_before, page_title.as_deref(), &list_url);
        let pager = self.pager(sel, lists, &mut list_url, url_from == GIVEN);
        let Some(this) = lists.urls.page_url(&list_url.page, list_url.page.page) else {
            return Ok(None);
        };
        Ok(Some(Listing {
            url: this.canonical,
            site: site.site(),
            edition: list_url.page.edition,
            name: list_url.page.name.clone(),
            kind,
            page: list_url.page.page,
            heading,
            page_title,
            layout,
            items,
            boxes,
            pager,
            diagnostics: std::mem::take(&mut self.diagnostics),
            provenance: std::mem::take(&mut self.provenance),
            decoding: None,
        }))
    }

    /// The URL the page names: its canonical link, else `og:url`.
    fn named_url(&self) -> Result<Option<(Url, &'static str)>> {
        crate::extract::named_url(self.html)
    }

    /// A portal's main column: around its heading block.
    fn portal_region(&self, sel: &Compiled) -> Option<ElementRef<'h>> {
        let root = self.html.root_element();
        let heading = sel.headings.iter().find_map(|s| root.select(s).next())?;
        let column = heading
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| sel.main_columns.iter().any(|s| s.matches(a)));
        column.or_else(|| heading.parent().and_then(ElementRef::wrap))
    }

    fn items(
        &mut self,
        sel: &Compiled,
        site: &'static SiteProfile,
        table: &CompiledTable,
        container: ElementRef<'h>,
        base: &Url,
    ) -> Vec<ListItem> {
        let mut items = Vec::new();
        let mut item_ids: Vec<NodeId> = Vec::new();
        for (n, el) in container.select(&table.item).enumerate() {
            // An item inside another item (a nested list) is part of that item.
            if el
                .ancestors()
                .take_while(|a| a.id() != container.id())
                .any(|a| item_ids.contains(&a.id()))
            {
                continue;
            }
            item_ids.push(el.id());
            let Some(link) = table.link.iter().find_map(|s| el.select(s).next()) else {
                let text = element_text(el);
                if !text.is_empty() {
                    self.diag(
                        DiagnosticKind::Unplaced,
                        format!("list item {} has no title link: {}", n + 1, snippet(&text)),
                    );
                }
                continue;
            };
            let href = link.value().attr("href").unwrap_or("");
            let Some(url) = article_url(self.known, href, base) else {
                self.diag(
                    DiagnosticKind::Unplaced,
                    format!(
                        "list item {} links to {}, not an article; left out: {}",
                        n + 1,
                        snippet(href),
                        snippet(&element_text(link))
                    ),
                );
                continue;
            };
            let mut title = element_text(link);
            if title.is_empty() {
                title = attr_text(link, "title");
            }
            if title.is_empty() {
                self.diag(
                    DiagnosticKind::Unplaced,
                    format!("list item {} ({url}) has no title", n + 1),
                );
            }
            let thumbnail = thumbnail(el, base, pages(site), site.lists);
            let excerpt = table
                .excerpt
                .iter()
                .find_map(|s| el.select(s).next())
                .map(|e| excerpt_text(&e.text().collect::<String>()))
                .unwrap_or_default();
            let date = table
                .date
                .iter()
                .find_map(|s| el.select(s).next())
                .map(element_text)
                .filter(|d| !d.is_empty())
                .map(|d| {
                    let shown = shown_date(sel, self.known, &d, &url);
                    if shown.date.is_none() {
                        self.diag(
                            DiagnosticKind::Unparsed,
                            format!("list item {}: date {d:?} has no known shape", n + 1),
                        );
                    }
                    shown
                });
            let featured = el
                .value()
                .classes()
                .any(|c| c == table.table.featured_class);
            items.push(ListItem {
                title,
                url,
                thumbnail,
                excerpt,
                date,
                featured,
            });
        }
        items
    }

    /// A from full dates and times, B from month and day (§4.4, §10.3 rule 8); the list's name
    /// decides when no date has either shape, and is a cross-check otherwise.
    fn layout(
        &mut self,
        sel: &Compiled,
        lists: &ListProfile,
        items: &[ListItem],
        list_url: &ListUrl,
    ) -> ListLayout {
        let names = lists.layout_names;
        let list_url = &list_url.page;
        let (mut a, mut b) = (0usize, 0usize);
        for it in items {
            match it.date.as_ref().map(|d| d.text.as_str()) {
                Some(t) if is_match(sel.date_full.as_ref(), t) => a += 1,
                Some(t) if is_match(sel.date_month_day.as_ref(), t) => b += 1,
                _ => {}
            }
        }
        let by_name = if names.b.iter().any(|p| list_url.name.starts_with(p))
            && !names.not_b.iter().any(|p| list_url.name.starts_with(p))
        {
            ListLayout::B
        } else {
            ListLayout::A
        };
        if a > 0 && b > 0 {
            self.diag(
                DiagnosticKind::Inconsistent,
                format!("the list mixes date shapes ({a} full dates, {b} month-day dates)"),
            );
        }
        let layout = if a == 0 && b == 0 {
            self.note(
                "layout",
                format!("list name {} (no date of a known shape)", list_url.name),
            );
            return by_name;
        } else if a >= b {
            ListLayout::A
        } else {
            ListLayout::B
        };
        self.note("layout", "the items' date shape");
        if layout != by_name {
            self.diag(
                DiagnosticKind::Inconsistent,
                format!(
                    "the dates make this a layout {layout:?} list, its name {} a layout {by_name:?} one",
                    list_url.name
                ),
            );
        }
        layout
    }

    /// The nearest heading block before the list (before `before`), else the first anywhere,
    /// else the `<title>` without the site name, else the list's name.
    fn heading(
        &mut self,
        sel: &Compiled,
        lists: &ListProfile,
        before: Option<NodeId>,
        page_title: Option<&str>,
        list_url: &ListUrl,
    ) -> String {
        let root = self.html.root_element();
        let mut nearest: Option<(ElementRef<'h>, usize)> = None;
        if let Some(before) = before {
            for node in root.descendants() {
                if node.id() == before {
                    break;
                }
                let Some(el) = ElementRef::wrap(node) else {
                    continue;
                };
                if let Some(i) = sel.headings.iter().position(|s| s.matches(&el)) {
                    if !element_text(el).is_empty() {
                        nearest = Some((el, i));
                    }
                }
            }
        }
        // No list to be near (a portal, the home page), or nothing before it: the first.
        let first = || {
            root.descendants()
                .filter_map(ElementRef::wrap)
                .find_map(|el| {
                    sel.headings
                        .iter()
                        .position(|s| s.matches(&el))
                        .filter(|_| !element_text(el).is_empty())
                        .map(|i| (el, i))
                })
        };
        if let Some((el, i)) = nearest.or_else(first) {
            self.note("heading", format!("selector {}", lists.headings[i]));
            return element_text(el);
        }
        if let Some(t) = page_title {
            let mut t = t.trim();
            for suffix in lists.title_suffixes {
                if let Some(s) = t.strip_suffix(suffix) {
                    t = s.trim_end();
                    break;
                }
            }
            if !t.is_empty() {
                self.note("heading", "the page's <title> (no heading block)");
                return t.to_string();
            }
        }
        self.note("heading", "the list's name (no heading block, no <title>)");
        list_url.page.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_lists() -> &'static Compiled {
        compiled(sites::DEFAULT, sites::DEFAULT.lists.unwrap()).unwrap()
    }

    fn shown_date(text: &str, article: &str) -> ShownDate {
        super::shown_date(default_lists(), sites::ALL, text, article)
    }

    #[test]
    fn dates_are_typed() {
        let a = shown_date(
            "2026年01月28日 11:13 AM",
            "https://www.epochtimes.com/gb/25/12/26/n1.htm",
        );
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2026, 1, 28));
        assert_eq!(a.time, NaiveTime::from_hms_opt(11, 13, 0));
        let pm = shown_date("2026年01月24日 12:12 AM", "x");
        assert_eq!(pm.time, NaiveTime::from_hms_opt(0, 12, 0));
        let pm = shown_date("2026年01月28日 3:37 PM", "x");
        assert_eq!(pm.time, NaiveTime::from_hms_opt(15, 37, 0));
        // Month and day only: the first such day on or after the URL date.
        let b = shown_date(
            "11月05日",
            "https://www.epochtimes.com/gb/24/11/4/n14363821.htm",
        );
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2024, 11, 5));
        let b = shown_date("01月24日", "https://www.epochtimes.com/gb/25/12/30/n1.htm");
        assert_eq!(b.date, NaiveDate::from_ymd_opt(2026, 1, 24));
        assert_eq!(shown_date("11月05日", "not a url").date, None);
        assert_eq!(
            shown_date("2025-08-19", "x").date,
            NaiveDate::from_ymd_opt(2025, 8, 19)
        );
        assert_eq!(shown_date("昨天", "x").date, None);
        assert_eq!(shown_date("2026年02月30日 1:00 PM", "x").date, None);
    }

    #[test]
    fn excerpts_keep_lines_and_lose_blank_ones() {
        assert_eq!(
            excerpt_text("\n  甲乙\r\n丙丁 \n\n \n戊...\n"),
            "甲乙\n丙丁 \n戊..."
        );
        assert_eq!(excerpt_text(" \t"), "");
    }
}
