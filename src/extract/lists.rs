//! The related-news and hot-news lists, found by their heading text wherever they sit.
//!
//! Their markup is not known for sure (source-pages.md §4.5), so the rule is structural: an
//! element whose own text is the heading (`相关新闻`, `热门新闻`, optionally with a colon) names the
//! list; the list is the article links of the nearest enclosing box that has links besides the
//! heading (links to section pages, such as a box's "更多" link, are not items).

use std::collections::HashSet;

use scraper::{ElementRef, Node};
use url::Url;

use super::profile::PAGE;
use super::text::collapse_whitespace;
use crate::model::{Block, Inline, LinkItem, plain_text};
use crate::sites::{Pages, SiteProfile, classify_in};
use crate::url_safety::{Allowed, safe_url};

/// How far up from the heading to look for the box that holds the list. (The pre-pass is told,
/// so that it never cuts inside such a box.)
pub(crate) const MAX_CLIMB: usize = 4;
/// Headings are short; an element with more text than this is not a heading.
const MAX_HEADING_CHARS: usize = 16;

pub(crate) struct Lists {
    pub related: Vec<LinkItem>,
    pub hot: Vec<LinkItem>,
    /// The heading texts the lists were found under.
    pub related_heading: Option<String>,
    pub hot_heading: Option<String>,
}

/// The lists of a page, by the site's headings; article links of any of `known` are items.
pub(crate) fn find(
    html: &scraper::Html,
    site: &Pages,
    base: &Url,
    known: &[&'static SiteProfile],
) -> Lists {
    let mut related = None;
    let mut hot = None;
    // One pass over the elements in document order; the first heading of each kind wins.
    for node in html.root_element().descendants() {
        if related.is_some() && hot.is_some() {
            break;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if matches!(el.value().name(), "script" | "style" | "noscript" | "a") {
            continue;
        }
        // Cheap test first: does any text of the element (or of one inline child) contain a
        // heading at all? Only then is its label worth building.
        if !mentions(el, site.related_headings) && !mentions(el, site.hot_headings) {
            continue;
        }
        let Some(label) = heading_label(el) else {
            continue;
        };
        if related.is_none() && site.related_headings.contains(&label.as_str()) {
            related = Some((list_for(el, base, known), label));
        } else if hot.is_none() && site.hot_headings.contains(&label.as_str()) {
            hot = Some((list_for(el, base, known), label));
        }
    }
    let (related, related_heading) = related.map_or((Vec::new(), None), |(l, h)| (l, Some(h)));
    let (hot, hot_heading) = hot.map_or((Vec::new(), None), |(l, h)| (l, Some(h)));
    Lists {
        related,
        hot,
        related_heading,
        hot_heading,
    }
}

fn mentions(el: ElementRef<'_>, headings: &[&str]) -> bool {
    el.children().any(|child| match child.value() {
        Node::Text(t) => headings.iter().any(|h| t.contains(h)),
        Node::Element(e) if matches!(e.name(), "span" | "strong" | "b" | "font" | "em") => child
            .children()
            .filter_map(|c| c.value().as_text())
            .any(|t| headings.iter().any(|h| t.contains(h))),
        _ => false,
    })
}

/// The element's own text (its text children, plus the text of a single inline child such as
/// `<h3><span>相关新闻</span></h3>`), when it is short enough to be a heading.
fn heading_label(el: ElementRef<'_>) -> Option<String> {
    let mut own = String::new();
    for child in el.children() {
        match child.value() {
            Node::Text(t) => own.push_str(t),
            Node::Element(e) if matches!(e.name(), "span" | "strong" | "b" | "font" | "em") => {
                let inner = ElementRef::wrap(child)?;
                if inner.children().any(|c| c.value().is_element()) {
                    return None;
                }
                own.extend(inner.text());
            }
            Node::Element(_) => return None,
            _ => {}
        }
    }
    let t = collapse_whitespace(&own);
    let t = t.trim().trim_end_matches(['：', ':']).trim();
    (!t.is_empty() && t.chars().count() <= MAX_HEADING_CHARS).then(|| t.to_string())
}

fn list_for(heading: ElementRef<'_>, base: &Url, known: &[&'static SiteProfile]) -> Vec<LinkItem> {
    let mut scope = heading;
    for _ in 0..MAX_CLIMB {
        let Some(parent) = scope.parent().and_then(ElementRef::wrap) else {
            break;
        };
        scope = parent;
        let items = links_in(scope, heading, base, known);
        if !items.is_empty() {
            return items;
        }
    }
    Vec::new()
}

fn links_in(
    scope: ElementRef<'_>,
    heading: ElementRef<'_>,
    base: &Url,
    known: &[&'static SiteProfile],
) -> Vec<LinkItem> {
    // A thumbnail link and a title link to the same article stand next to each other; one item.
    // The same article listed twice further apart is listed twice, as the page shows it.
    let mut last: Option<String> = None;
    scope
        .select(&PAGE.links)
        .filter(|a| !a.ancestors().any(|x| x.id() == heading.id()))
        .filter_map(|a| {
            let url = safe_url(a.value().attr("href")?, Some(base), Allowed::Web)?;
            // A news list lists articles; its "more" link to a section page is not an item.
            let parsed = Url::parse(&url).ok()?;
            if !classify_in(known.iter().copied(), &parsed).is_some_and(|t| t.page.is_article()) {
                return None;
            }
            // A `title` attribute names the article cleanly; the link's text may also hold a
            // thumbnail's <noscript> fallback and a popularity count (`人气: 4517`).
            let attr = collapse_whitespace(a.value().attr("title").unwrap_or(""))
                .trim()
                .to_string();
            let title = if attr.is_empty() {
                super::visible_text(a, &HashSet::new()).trim().to_string()
            } else {
                attr
            };
            if title.is_empty() || last.as_deref() == Some(url.as_str()) {
                return None;
            }
            last = Some(url.clone());
            Some(LinkItem { title, url })
        })
        .collect()
}

/// Related-article blocks inside the story, as old pages have them at the end of the body:
/// a heading (`相关文章`) and, in the same paragraph after a break or in the blocks that follow,
/// rows of links with at most a date beside them. They are removed from the body and returned as
/// list items (they are the page's related list, not its text).
pub(crate) fn take_inline_related(body: &mut Vec<Block>, headings: &[&str]) -> Vec<LinkItem> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < body.len() {
        match related_run(&body[i..], headings) {
            Some((found, consumed)) => {
                body.drain(i..i + consumed);
                items.extend(found);
            }
            None => i += 1,
        }
    }
    items
}

/// `(items, number of blocks)` when `blocks` starts with a related heading and its link rows.
fn related_run(blocks: &[Block], headings: &[&str]) -> Option<(Vec<LinkItem>, usize)> {
    let (Block::Paragraph { content } | Block::Heading { content, .. }) = blocks.first()? else {
        return None;
    };
    // The heading is the text before the first break.
    let split = content
        .iter()
        .position(|c| matches!(c, Inline::Br))
        .unwrap_or(content.len());
    let label = plain_text(&content[..split]);
    let label = label
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':'))
        .to_string();
    if !headings.contains(&label.as_str()) {
        return None;
    }
    let mut items = Vec::new();
    let rest = &content[split..];
    // Only breaks and spaces after the heading (`相关文章<br>&nbsp;&nbsp;`): the rows follow.
    if !plain_text(rest).chars().all(char::is_whitespace) {
        if !is_link_row(rest) {
            return None;
        }
        collect_links(rest, &mut items);
    }
    let mut consumed = 1;
    for block in &blocks[1..] {
        let rows: Vec<&[Inline]> = match block {
            Block::Paragraph { content } => vec![content.as_slice()],
            Block::List { items, .. } => items.iter().map(Vec::as_slice).collect(),
            _ => break,
        };
        if rows.is_empty() || !rows.iter().all(|r| is_link_row(r)) {
            break;
        }
        for r in rows {
            collect_links(r, &mut items);
        }
        consumed += 1;
    }
    (!items.is_empty()).then_some((items, consumed))
}

/// Links with at most a little plain text between them (a date), no sentences.
fn is_link_row(content: &[Inline]) -> bool {
    let mut links = Vec::new();
    collect_links(content, &mut links);
    if links.is_empty() {
        return false;
    }
    let all = plain_text(content);
    let linked: usize = links.iter().map(|l| l.title.chars().count()).sum();
    let other = all
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
        .saturating_sub(linked);
    other <= 16 * links.len() && !all.contains(['，', '。', '！', '？', '；'])
}

/// The links of inline content (depth-bounded by the model), as list items.
fn collect_links(content: &[Inline], out: &mut Vec<LinkItem>) {
    for c in content {
        match c {
            Inline::Link { href, content } => {
                let title = collapse_whitespace(&plain_text(content)).trim().to_string();
                if !title.is_empty() {
                    out.push(LinkItem {
                        title,
                        url: href.clone(),
                    });
                }
            }
            Inline::Strong { content } | Inline::Em { content } => collect_links(content, out),
            Inline::Text { .. } | Inline::Br => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_followed_by_a_break_and_spaces_opens_a_related_block() {
        // `<p>&nbsp;<B>相关文章</B><br> &nbsp;</p><li><A HREF=…>…</a> (1/2/2001)` (gb/1/1/10/n32069)
        let link = Inline::Link {
            href: "http://epochtimes.com/news/newscontent.asp?ID=1".into(),
            content: vec![Inline::text("旧文章")],
        };
        let mut body = vec![
            Block::Paragraph {
                content: vec![Inline::text("正文。")],
            },
            Block::Paragraph {
                content: vec![
                    Inline::text("\u{a0}"),
                    Inline::Strong {
                        content: vec![Inline::text("相关文章")],
                    },
                    Inline::Br,
                    Inline::text("\u{a0}\u{a0}"),
                ],
            },
            Block::Paragraph {
                content: vec![link, Inline::text(" (1/2/2001)")],
            },
        ];
        let items = take_inline_related(&mut body, &["相关文章"]);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "旧文章");
        assert_eq!(body.len(), 1);
    }
}
