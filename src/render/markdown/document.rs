//! The document: title, dates, lead image, body blocks, related and hot lists, the `原文` line.

use super::dest::{link_dest, push_dest};
use super::escape::push_escaped;
use super::inline::{BrMode, Inl, Within};
use super::normalize::{Node, clean_text, normalized};
use crate::linkmap::LinkMap;
use crate::model::{Article, Block, Edition, EmbedKind, Inline, plain_text};
use crate::render::images::ImagePolicy;
use crate::url_safety::{Allowed, safe_url};

/// Edition-specific words.
struct Labels {
    related: &'static str,
    hot: &'static str,
    original: &'static str,
    updated: &'static str,
    published: &'static str,
    video: &'static str,
    tweet: &'static str,
    embed: &'static str,
}

impl Labels {
    fn of(edition: Edition) -> &'static Labels {
        match edition {
            Edition::Gb => &Labels {
                related: "相关新闻",
                hot: "热门新闻",
                original: "原文：",
                updated: "更新时间：",
                published: "发布日期：",
                video: "视频",
                tweet: "推文",
                embed: "嵌入内容",
            },
            Edition::B5 => &Labels {
                related: "相關新聞",
                hot: "熱門新聞",
                original: "原文：",
                updated: "更新時間：",
                published: "發布日期：",
                video: "視頻",
                tweet: "推文",
                embed: "嵌入內容",
            },
        }
    }
}

/// The whole document.
pub(super) fn render(article: &Article, links: &LinkMap, images: &ImagePolicy) -> String {
    let labels = Labels::of(article.edition);
    let title = if article.title.trim().is_empty() {
        article.id.as_str()
    } else {
        article.title.as_str()
    };
    let mut blocks: Vec<String> = Vec::new();

    let mut heading = String::from("# ");
    push_escaped(&mut heading, &clean_text(title), &mut false);
    blocks.push(heading);

    let meta = if let Some(updated) = article.updated {
        Some(format!(
            "{}{}",
            labels.updated,
            updated.format("%Y-%m-%d %H:%M %:z")
        ))
    } else {
        article
            .published
            .map(|date| format!("{}{}", labels.published, date.format("%Y-%m-%d")))
    };
    if let Some(meta) = meta {
        blocks.push(paragraph(&[Node::Text(meta)]));
    }

    if let Some(lead) = &article.lead_image {
        let alt = if !lead.alt.trim().is_empty() {
            lead.alt.as_str()
        } else if !lead.caption.trim().is_empty() {
            lead.caption.as_str()
        } else {
            title
        };
        if let Some(image) = image(&images.src(&lead.src), alt) {
            blocks.push(image);
        }
        let caption = normalized(
            &[Inline::Em {
                content: vec![Inline::text(lead.caption.as_str())],
            }],
            links,
        );
        if !caption.is_empty() {
            blocks.push(paragraph(&caption));
        }
    }

    let mut previous_list: Option<(bool, bool)> = None;
    if let (None, Some(video)) = (&article.lead_image, &article.lead_video) {
        // The lead video where the lead image would be, written as the body writes a video.
        previous_list = body_block(
            &video.as_block(),
            links,
            images,
            labels,
            previous_list,
            &mut blocks,
        );
        let caption = normalized(
            &[Inline::Em {
                content: vec![Inline::text(video.caption.as_str())],
            }],
            links,
        );
        if !caption.is_empty() {
            blocks.push(paragraph(&caption));
            previous_list = None;
        }
    }
    for block in &article.body {
        previous_list = body_block(block, links, images, labels, previous_list, &mut blocks);
    }

    for (heading, items) in [
        (labels.related, &article.related),
        (labels.hot, &article.hot),
    ] {
        let items: Vec<Vec<Inline>> = items
            .iter()
            .map(|item| {
                let text = if item.title.trim().is_empty() {
                    &item.url
                } else {
                    &item.title
                };
                vec![Inline::Link {
                    href: item.url.clone(),
                    content: vec![Inline::text(text.as_str())],
                }]
            })
            .collect();
        if let Some(list) = list(&items, links, false, false) {
            blocks.push(format!("## {heading}"));
            blocks.push(list);
        }
    }

    let mut original = vec![Node::Text(labels.original.into())];
    let text = Node::Text(clean_text(title));
    match safe_url(&article.url, None, Allowed::WebAndMail) {
        Some(dest) => original.push(Node::Link(dest, vec![text])),
        None => original.push(text),
    }
    blocks.push(paragraph(&original));

    let mut doc = blocks.join("\n\n");
    doc.push('\n');
    doc
}

/// Renders one body block onto `blocks` (nothing for blocks without content). `previous_list`
/// is `(ordered, alternate markers)` of the list just before, if the previous block was a list;
/// the return value is the same for this block.
fn body_block(
    block: &Block,
    links: &LinkMap,
    images: &ImagePolicy,
    labels: &Labels,
    previous_list: Option<(bool, bool)>,
    blocks: &mut Vec<String>,
) -> Option<(bool, bool)> {
    match block {
        Block::Paragraph { content } => {
            let nodes = normalized(content, links);
            if !nodes.is_empty() {
                blocks.push(paragraph(&nodes));
            }
        }
        Block::Heading { level, content } => {
            let nodes = normalized(content, links);
            if !nodes.is_empty() {
                let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                blocks.push(inline_block(
                    &nodes,
                    &format!("{hashes} "),
                    "",
                    BrMode::Space,
                ));
            }
        }
        Block::Figure {
            src,
            alt,
            caption,
            link,
        } => {
            let alt = if alt.trim().is_empty() {
                plain_text(caption)
            } else {
                alt.clone()
            };
            if let Some(image) = image(&images.src(src), &alt) {
                match link.as_deref().and_then(|href| link_dest(links, href)) {
                    Some(dest) => {
                        let mut linked = format!("[{image}](");
                        push_dest(&mut linked, &dest);
                        linked.push(')');
                        blocks.push(linked);
                    }
                    None => blocks.push(image),
                }
            }
            let caption = normalized(
                &[Inline::Em {
                    content: caption.clone(),
                }],
                links,
            );
            if !caption.is_empty() {
                blocks.push(paragraph(&caption));
            }
        }
        Block::List { ordered, items } => {
            let alternate = match previous_list {
                Some((previous_ordered, previous_alternate)) if previous_ordered == *ordered => {
                    !previous_alternate
                }
                _ => false,
            };
            if let Some(list) = list(items, links, *ordered, alternate) {
                blocks.push(list);
                return Some((*ordered, alternate));
            }
            // An empty list writes nothing, so the list before it stays the previous block.
            return previous_list;
        }
        Block::Quote { content } => {
            let nodes = normalized(content, links);
            if !nodes.is_empty() {
                blocks.push(inline_block(&nodes, "> ", "> ", BrMode::Hard));
            }
        }
        Block::Table { rows, header } => {
            if let Some(table) = table(rows, *header, links) {
                blocks.push(table);
            }
        }
        Block::Embed { kind, url } => {
            let label = match kind {
                EmbedKind::Video => labels.video,
                EmbedKind::Tweet => labels.tweet,
                EmbedKind::Other => labels.embed,
            };
            let content = vec![Inline::text(format!("{label}：{url}"))];
            let nodes = normalized(
                &[Inline::Link {
                    href: url.clone(),
                    content,
                }],
                links,
            );
            blocks.push(paragraph(&nodes));
        }
    }
    None
}

/// A list; `None` when no item has content.
fn list(items: &[Vec<Inline>], links: &LinkMap, ordered: bool, alternate: bool) -> Option<String> {
    let mut lines = Vec::new();
    for item in items {
        let nodes = normalized(item, links);
        if nodes.is_empty() {
            continue;
        }
        let marker = match (ordered, alternate) {
            (false, false) => "- ".to_string(),
            (false, true) => "+ ".to_string(),
            (true, false) => format!("{}. ", lines.len() + 1),
            (true, true) => format!("{}) ", lines.len() + 1),
        };
        let indent = " ".repeat(marker.len());
        lines.push(inline_block(&nodes, &marker, &indent, BrMode::Hard));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A GFM pipe table; `None` when it has no cells.
/// A GFM pipe table. GFM tables need a header row: a table without one gets an empty header.
fn table(rows: &[Vec<Vec<Inline>>], header: bool, links: &LinkMap) -> Option<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return None;
    }
    let mut lines = Vec::new();
    if !header {
        lines.push(format!("|{}", "  |".repeat(columns)));
        lines.push(format!("|{}", " --- |".repeat(columns)));
    }
    let renderer = Inl {
        br: BrMode::Html,
        prefix: "",
    };
    for (index, row) in rows.iter().enumerate() {
        let mut line = String::from("|");
        for column in 0..columns {
            let mut cell = String::new();
            if let Some(content) = row.get(column) {
                let nodes = normalized(content, links);
                renderer.seq(
                    &nodes,
                    &mut cell,
                    &mut false,
                    Some(' '),
                    Some(' '),
                    Within::default(),
                );
            }
            line.push(' ');
            line.push_str(&cell);
            line.push_str(" |");
        }
        lines.push(line);
        if index == 0 && header {
            lines.push(format!("|{}", " --- |".repeat(columns)));
        }
    }
    Some(lines.join("\n"))
}

/// `![alt](src)`, or `None` when `src` is not a usable image URL.
fn image(src: &str, alt: &str) -> Option<String> {
    let src = safe_url(src, None, Allowed::Web)?;
    let mut out = String::from("![");
    push_escaped(&mut out, &clean_text(alt), &mut false);
    out.push_str("](");
    push_dest(&mut out, &src);
    out.push(')');
    Some(out)
}

/// A paragraph of inline content.
pub(super) fn paragraph(nodes: &[Node]) -> String {
    inline_block(nodes, "", "", BrMode::Hard)
}

/// Inline content as a block: `first` before the first line, `prefix` before every line after a
/// hard break.
fn inline_block(nodes: &[Node], first: &str, prefix: &str, br: BrMode) -> String {
    let mut out = String::from(first);
    Inl { br, prefix }.seq(nodes, &mut out, &mut true, None, None, Within::default());
    out
}
