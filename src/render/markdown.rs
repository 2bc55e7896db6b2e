//! The CommonMark renderer (`--format markdown`).
//!
//! # Output shape
//!
//! Blocks are separated by one blank line; the document ends with a newline.
//!
//! ```text
//! # {title}
//!
//! 更新时间：2025-08-20 10:00 +08:00        (or 发布日期：2025-08-20; omitted when neither is known)
//!
//! ![{caption or title}]({lead image src})
//!
//! *{lead caption}*                          (only when there is a caption)
//!
//! {body blocks, in page order}
//!
//! ## 相关新闻                                (相關新聞 for b5; omitted when empty)
//!
//! - [{title}]({rewritten url})
//!
//! ## 热门新闻                                (熱門新聞 for b5; omitted when empty)
//!
//! - [{title}]({rewritten url})
//!
//! 原文：[{title}]({article url})
//! ```
//!
//! Body blocks:
//!
//! * paragraph → its inline text;
//! * heading of level n → `#` × n, at least `##` (the title is the only `#`), at most `######`;
//!   line breaks inside a heading become spaces;
//! * figure → `![alt](src)`, wrapped as `[![alt](src)](link)` when it links somewhere, then the
//!   caption as an emphasised paragraph; the alt text falls back to the caption's text;
//! * list → `- ` items (`1. `, `2. `, … when ordered); a line break inside an item continues on
//!   a line indented to the item's content. Two lists in a row alternate their markers (`-`/`+`,
//!   `.`/`)`) so that CommonMark does not merge them into one list;
//! * quote → `> ` lines; a line break starts a new `> ` line (a hard break);
//! * table → a GFM pipe table, the first row as the header row, rows padded to the widest row,
//!   `|` escaped, line breaks inside a cell written as `<br>`. (Pipe tables are an extension, but
//!   GitHub renders them and plain CommonMark still shows readable, correctly escaped text; an
//!   HTML table would need a second, HTML-escaping renderer for the cells and vanishes entirely
//!   in renderers that drop raw HTML.)
//! * embed → a paragraph `[视频：{url}]({url})` (`推文` for tweets, `嵌入内容` otherwise; `視頻`,
//!   `嵌入內容` for b5).
//!
//! Every link target inside the article (body links, figure links, embeds, related and hot lists)
//! goes through [`LinkMap::rewrite`]; when that gives nothing the original href is used. The
//! final `原文` link is not rewritten; image sources are written as the image policy
//! ([`super::ImagePolicy`]) says.
//!
//! # Escaping
//!
//! All text comes out literally:
//!
//! * ``\ ` * _ [ ] < > # | ~ $`` are always backslash-escaped (`$` because GitHub renders
//!   `$…$` as math); `!` when it ends a text run (a link may follow); `&` when it starts
//!   something that looks like an entity reference (`&amp;`, `&#123;`);
//! * at the start of a line (block start, list item start, after a hard break) leading spaces
//!   are dropped and `-`, `+`, `=` and the `.`/`)` of a leading `1.`/`1)` are escaped, so no text
//!   can open a list, a setext underline or a thematic break;
//! * whitespace (any Unicode whitespace, `　` included) at the edges of a block is dropped;
//! * control characters (there are no raw newlines in the model's text) become spaces; the only
//!   line breaks are [`Inline::Br`], written as a hard break `\` + newline followed by the
//!   block's continuation prefix (`> `, list indentation);
//! * link and image destinations are parsed with [`url::Url`]; only absolute `http`/`https`
//!   (with a host) and `mailto` links and `http`/`https` images are written, anything else
//!   (`javascript:`, `data:`, `vbscript:`, relative or unparsable) keeps its text and loses its
//!   link. Destinations are written bare with `( ) < > \ ` |` backslash-escaped, an
//!   entity-like `&` written as `&amp;` (cmark decodes entities in destinations before
//!   backslash escapes) and whitespace percent-encoded.
//!
//! # Emphasis
//!
//! CommonMark's flanking rules make `**` fail next to punctuation (`**“引号”**中文` is not
//! strong). Each [`Inline::Strong`] / [`Inline::Em`] is written as `**…**` / `*…*` only when
//! both delimiters are certainly flanking given the characters actually written around them,
//! classifying characters conservatively (letters and digits, surely whitespace, surely
//! punctuation under every CommonMark version, anything else unknown); otherwise, and for
//! emphasis nested in emphasis of the same kind or touching another delimiter, it is written as
//! raw inline HTML `<strong>…</strong>` / `<em>…</em>`, whose content is still Markdown. So plain
//! CJK text gets Markdown emphasis and everything else still renders as emphasis. Whitespace and
//! line breaks at the edges of emphasis and link text are moved outside; emphasis or links
//! without visible content render nothing (links without text are dropped entirely).

use std::fmt::Write as _;
use std::io;

use url::Url;

use super::images::ImagePolicy;
use crate::linkmap::LinkMap;
use crate::model::{Article, Block, Edition, EmbedKind, Inline, plain_text};

pub(crate) fn write(
    article: &Article,
    links: &LinkMap,
    images: &ImagePolicy,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    out.write_all(render(article, links, images).as_bytes())
}

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
fn render(article: &Article, links: &LinkMap, images: &ImagePolicy) -> String {
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
    match safe_url(&article.url, LINK_SCHEMES) {
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
    let src = safe_url(src, IMAGE_SCHEMES)?;
    let mut out = String::from("![");
    push_escaped(&mut out, &clean_text(alt), &mut false);
    out.push_str("](");
    push_dest(&mut out, &src);
    out.push(')');
    Some(out)
}

/// A paragraph of inline content.
fn paragraph(nodes: &[Node]) -> String {
    inline_block(nodes, "", "", BrMode::Hard)
}

/// Inline content as a block: `first` before the first line, `prefix` before every line after a
/// hard break.
fn inline_block(nodes: &[Node], first: &str, prefix: &str, br: BrMode) -> String {
    let mut out = String::from(first);
    Inl { br, prefix }.seq(nodes, &mut out, &mut true, None, None, Within::default());
    out
}

// ---------------------------------------------------------------------------------------------
// URLs

const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
const IMAGE_SCHEMES: &[&str] = &["http", "https"];

/// The destination of a link in the article: rewritten into the mirror when the map knows the
/// page, vetted either way.
fn link_dest(links: &LinkMap, href: &str) -> Option<String> {
    let rewritten = links.rewrite(href, None);
    safe_url(rewritten.as_deref().unwrap_or(href), LINK_SCHEMES)
}

/// `url` as a normalised absolute URL, when it parses and its scheme is one of `schemes` (and,
/// for http(s), it has a host).
fn safe_url(url: &str, schemes: &[&str]) -> Option<String> {
    let url = Url::parse(url).ok()?;
    if !schemes.contains(&url.scheme()) {
        return None;
    }
    if url.scheme() != "mailto" && url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(url.into())
}

/// Writes a vetted URL as a bare link destination.
fn push_dest(out: &mut String, url: &str) {
    for (index, c) in url.char_indices() {
        match c {
            '(' | ')' | '<' | '>' | '\\' | '`' | '|' => {
                out.push('\\');
                out.push(c);
            }
            // cmark decodes entities in destinations before backslash escapes, so `\&` would
            // not protect `&amp;`; writing the `&` itself as an entity does.
            '&' if is_entity_like(&url[index + 1..]) => out.push_str("&amp;"),
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inline content

/// Inline content prepared for writing: text merged and free of control characters, unusable
/// links dissolved into their text, whitespace and line breaks moved out of the edges of
/// emphasis and links, and emphasis and links without visible content dropped.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Strong(Vec<Node>),
    Em(Vec<Node>),
    /// A vetted absolute destination (not yet Markdown-escaped) and non-empty link text.
    Link(String, Vec<Node>),
    Br,
}

/// The block-level inline content: normalised, with whitespace and breaks at its edges dropped.
fn normalized(content: &[Inline], links: &LinkMap) -> Vec<Node> {
    let mut nodes = Vec::new();
    normalize(content, links, false, &mut nodes);
    split_edges(nodes).1
}

fn clean_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn push_node(out: &mut Vec<Node>, node: Node) {
    match node {
        Node::Text(text) if text.is_empty() => {}
        Node::Text(text) => match out.last_mut() {
            Some(Node::Text(last)) => last.push_str(&text),
            _ => out.push(Node::Text(text)),
        },
        node => out.push(node),
    }
}

fn normalize(content: &[Inline], links: &LinkMap, in_link: bool, out: &mut Vec<Node>) {
    for inline in content {
        match inline {
            Inline::Text { text } => push_node(out, Node::Text(clean_text(text))),
            Inline::Br => out.push(Node::Br),
            Inline::Strong { content } => {
                let mut inner = Vec::new();
                normalize(content, links, in_link, &mut inner);
                wrap(out, inner, Node::Strong);
            }
            Inline::Em { content } => {
                let mut inner = Vec::new();
                normalize(content, links, in_link, &mut inner);
                wrap(out, inner, Node::Em);
            }
            Inline::Link { href, content } => {
                // Links cannot nest in CommonMark; an inner link keeps only its text.
                match if in_link {
                    None
                } else {
                    link_dest(links, href)
                } {
                    None => normalize(content, links, in_link, out),
                    Some(dest) => {
                        let mut inner = Vec::new();
                        normalize(content, links, true, &mut inner);
                        wrap(out, inner, |core| Node::Link(dest, core));
                    }
                }
            }
        }
    }
}

/// Pushes `inner` wrapped by `make`, its edge whitespace and breaks outside; only the edges when
/// nothing visible remains.
fn wrap(out: &mut Vec<Node>, inner: Vec<Node>, make: impl FnOnce(Vec<Node>) -> Node) {
    let (lead, core, trail) = split_edges(inner);
    for node in lead {
        push_node(out, node);
    }
    if !core.is_empty() {
        push_node(out, make(core));
    }
    for node in trail {
        push_node(out, node);
    }
}

/// Splits off leading and trailing whitespace and line breaks: `(leading, core, trailing)`.
fn split_edges(nodes: Vec<Node>) -> (Vec<Node>, Vec<Node>, Vec<Node>) {
    let mut lead = Vec::new();
    let mut core = Vec::new();
    let mut nodes = nodes.into_iter();
    for node in nodes.by_ref() {
        match node {
            Node::Br => lead.push(Node::Br),
            Node::Text(text) => {
                let trimmed = text.trim_start();
                if trimmed.is_empty() {
                    lead.push(Node::Text(text));
                } else {
                    let (space, rest) = text.split_at(text.len() - trimmed.len());
                    if !space.is_empty() {
                        lead.push(Node::Text(space.to_string()));
                    }
                    core.push(Node::Text(rest.to_string()));
                    break;
                }
            }
            node => {
                core.push(node);
                break;
            }
        }
    }
    core.extend(nodes);
    let mut trail = Vec::new();
    while let Some(node) = core.pop() {
        match node {
            Node::Br => trail.push(Node::Br),
            Node::Text(mut text) => {
                let kept = text.trim_end().len();
                if kept == 0 {
                    trail.push(Node::Text(text));
                } else {
                    if kept < text.len() {
                        trail.push(Node::Text(text.split_off(kept)));
                    }
                    core.push(Node::Text(text));
                    break;
                }
            }
            node => {
                core.push(node);
                break;
            }
        }
    }
    trail.reverse();
    (lead, core, trail)
}

/// How [`Inline::Br`] is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BrMode {
    /// `\` + newline + the continuation prefix.
    Hard,
    /// A space (headings).
    Space,
    /// `<br>` (table cells).
    Html,
}

/// Which emphasis kinds enclose the content being written.
#[derive(Debug, Clone, Copy, Default)]
struct Within {
    strong: bool,
    em: bool,
}

/// Writes inline content.
struct Inl<'a> {
    br: BrMode,
    /// Written after a hard break.
    prefix: &'a str,
}

impl Inl<'_> {
    /// Writes `nodes` onto `out`. `line_start`: nothing has been written on the current line
    /// yet (besides markers). `before`: the character before the content when `out` is empty
    /// (`None`: start of line); `after`: the character that will follow it (`None`: end of line).
    fn seq(
        &self,
        nodes: &[Node],
        out: &mut String,
        line_start: &mut bool,
        before: Option<char>,
        after: Option<char>,
        within: Within,
    ) {
        for (index, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(text) => push_escaped(out, text, line_start),
                Node::Br => match self.br {
                    BrMode::Hard => {
                        out.push_str("\\\n");
                        out.push_str(self.prefix);
                        *line_start = true;
                    }
                    BrMode::Space => out.push(' '),
                    BrMode::Html => out.push_str("<br>"),
                },
                Node::Link(dest, content) => {
                    out.push('[');
                    self.seq(content, out, &mut false, Some('['), Some(']'), within);
                    out.push_str("](");
                    push_dest(out, dest);
                    out.push(')');
                    *line_start = false;
                }
                Node::Strong(content) | Node::Em(content) => {
                    let strong = matches!(node, Node::Strong(_));
                    let nested = if strong { within.strong } else { within.em };
                    let inner_within = Within {
                        strong: within.strong || strong,
                        em: within.em || !strong,
                    };
                    // Written as if between Markdown delimiters: emphasis at the edges of the
                    // content then sees `*` and falls back to HTML, which is correct whichever
                    // form this one takes.
                    let mut inner = String::new();
                    self.seq(
                        content,
                        &mut inner,
                        &mut false,
                        Some('*'),
                        Some('*'),
                        inner_within,
                    );
                    let prev = out.chars().next_back().or(before);
                    let next = match nodes.get(index + 1) {
                        Some(next) => Some(self.first_char(next)),
                        None => after,
                    };
                    let markdown = !nested && delimiters_work(prev, &inner, next);
                    let (open, close) = match (strong, markdown) {
                        (true, true) => ("**", "**"),
                        (false, true) => ("*", "*"),
                        (true, false) => ("<strong>", "</strong>"),
                        (false, false) => ("<em>", "</em>"),
                    };
                    out.push_str(open);
                    out.push_str(&inner);
                    out.push_str(close);
                    *line_start = false;
                }
            }
        }
    }

    /// The first character `node` will be written with, in the middle of a line. For emphasis
    /// it is `<`: emphasis after Markdown-delimited emphasis sees `*` before it and is HTML.
    fn first_char(&self, node: &Node) -> char {
        match node {
            Node::Text(text) => {
                let mut out = String::new();
                push_escaped(&mut out, text, &mut false);
                out.chars().next().unwrap_or(' ')
            }
            Node::Link(..) => '[',
            Node::Strong(_) | Node::Em(_) => '<',
            Node::Br => match self.br {
                BrMode::Hard => '\\',
                BrMode::Space => ' ',
                BrMode::Html => '<',
            },
        }
    }
}

/// Whether `*`-delimiters around `inner` are certainly a left-flanking opener and a
/// right-flanking closer, with `prev` / `next` the characters around them (`None`: line edge).
fn delimiters_work(prev: Option<char>, inner: &str, next: Option<char>) -> bool {
    let (Some(first), Some(last)) = (inner.chars().next(), inner.chars().next_back()) else {
        return false;
    };
    if [prev, Some(first), Some(last), next].contains(&Some('*')) {
        return false;
    }
    if first.is_whitespace() || last.is_whitespace() {
        return false;
    }
    let boundary =
        |c: Option<char>| c.is_none_or(|c| surely_whitespace(c) || surely_punctuation(c));
    (first.is_alphanumeric() || boundary(prev)) && (last.is_alphanumeric() || boundary(next))
}

/// Whitespace for every CommonMark implementation (Zs, tab, line feed, form feed, carriage
/// return).
fn surely_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{0c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Punctuation for every CommonMark version: ASCII punctuation and characters of the Unicode
/// P categories common in Chinese and Western text (older versions do not count symbols).
fn surely_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
                | '\u{2010}'..='\u{2027}'
                | '\u{2030}'..='\u{2043}'
                | '\u{2045}'..='\u{2051}'
                | '\u{2053}'..='\u{205e}'
                | '\u{3001}'..='\u{3003}'
                | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301f}'
                | '\u{3030}'
                | '\u{303d}'
                | '\u{30fb}'
                | '\u{fe10}'..='\u{fe19}'
                | '\u{fe30}'..='\u{fe52}'
                | '\u{fe54}'..='\u{fe61}'
                | '\u{fe63}'
                | '\u{fe68}'
                | '\u{fe6a}'
                | '\u{fe6b}'
                | '\u{ff01}'..='\u{ff03}'
                | '\u{ff05}'..='\u{ff0a}'
                | '\u{ff0c}'..='\u{ff0f}'
                | '\u{ff1a}'
                | '\u{ff1b}'
                | '\u{ff1f}'
                | '\u{ff20}'
                | '\u{ff3b}'..='\u{ff3d}'
                | '\u{ff3f}'
                | '\u{ff5b}'
                | '\u{ff5d}'
                | '\u{ff5f}'..='\u{ff65}'
        )
}

/// Whether `rest` (what follows a `&`) would make it an entity or numeric character reference.
fn is_entity_like(rest: &str) -> bool {
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len());
    name > 0 && rest[name..].starts_with(';')
}

/// Writes text so that it renders literally. At the start of a line, leading spaces are dropped
/// and block markers escaped.
fn push_escaped(out: &mut String, text: &str, line_start: &mut bool) {
    let text = if *line_start {
        text.trim_start_matches([' ', '\t'])
    } else {
        text
    };
    if text.is_empty() {
        return;
    }
    let at_start = std::mem::replace(line_start, false);
    // Whether everything before the current character on this line is ASCII digits.
    let mut digits = at_start;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '$' => true,
            '!' => next.is_none(),
            '&' => is_entity_like(&text[index + 1..]),
            '-' | '+' | '=' => at_start && index == 0,
            '.' | ')' => digits && index > 0 && next.is_none_or(|n| n == ' ' || n == '\t'),
            _ => false,
        };
        digits = digits && c.is_ascii_digit();
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate};

    use super::*;
    use crate::model::{LeadImage, LinkItem, Site};

    const URL: &str = "https://www.epochtimes.com/gb/25/8/20/n14577375.htm";

    fn article(body: Vec<Block>) -> Article {
        Article {
            url: URL.into(),
            site: Site::Epochtimes,
            edition: Edition::Gb,
            id: "n14577375".into(),
            extraction: Default::default(),
            title: "标题".into(),
            dateline: None,
            published: None,
            updated: None,
            lead_image: None,
            body,
            editor: None,
            tags: vec![],
            category: None,
            related: vec![],
            hot: vec![],
            diagnostics: vec![],
            provenance: Default::default(),
            decoding: None,
        }
    }

    fn md(article: &Article) -> String {
        let mut out = Vec::new();
        write(article, &LinkMap::default(), &ImagePolicy::Keep, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Markdown → HTML as GitHub would see it: tables on, raw HTML kept (so that escaping is
    /// really tested, and the `<strong>`/`<em>` fallback renders).
    fn html(md: &str) -> String {
        let mut options = comrak::Options::default();
        options.extension.table = true;
        options.extension.strikethrough = true;
        options.render.r#unsafe = true;
        comrak::markdown_to_html(md, &options)
    }

    fn esc(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }

    fn text(s: &str) -> Inline {
        Inline::text(s)
    }

    fn para(content: Vec<Inline>) -> Block {
        Block::Paragraph { content }
    }

    fn strong(content: Vec<Inline>) -> Inline {
        Inline::Strong { content }
    }

    fn em(content: Vec<Inline>) -> Inline {
        Inline::Em { content }
    }

    fn link(href: &str, content: Vec<Inline>) -> Inline {
        Inline::Link {
            href: href.into(),
            content,
        }
    }

    /// The Markdown of the body blocks only (between the title and the `原文` line).
    fn body_md(body: Vec<Block>) -> String {
        let doc = md(&article(body));
        let start = doc.find("\n\n").unwrap() + 2;
        let end = doc.rfind("\n\n原文：").unwrap();
        doc[start..end].to_string()
    }

    /// The HTML of the body blocks only.
    fn body_html(body: Vec<Block>) -> String {
        let out = html(&md(&article(body)));
        let start = out.find("</h1>\n").unwrap() + 6;
        let end = out.rfind("<p>原文：").unwrap();
        out[start..end].to_string()
    }

    const TRICKY: &[&str] = &[
        "*not emphasis*",
        "**not strong**",
        "_not emphasis_",
        "1. not a list",
        "1) not a list",
        "2024. not a list",
        "- not a list",
        "+ not a list",
        "* not a list",
        "# not a heading",
        "###### not a heading",
        "> not a quote",
        "<script>alert(1)</script>",
        "<div>not html</div>",
        "[x](javascript:alert(1))",
        "![x](https://example.com/x.png)",
        "[x]: https://example.com",
        "&amp; &copy; &#65; &#x41; AT&T &",
        "`not code`",
        "```",
        "~~not struck~~",
        "a | b | c",
        "---",
        "===",
        "***",
        "___",
        "    not code",
        "<https://example.com>",
        "back\\slash \\* \\",
        "trailing bang!",
        "价格 $5 到 $10",
        "a\\",
        "　　全角空格开头",
        "“引号”和（括号）",
        "3.5% 增长",
    ];

    #[test]
    fn document_shape() {
        let mut a = article(vec![
            para(vec![text("【大纪元2025年08月20日讯】正文。")]),
            Block::Heading {
                level: 1,
                content: vec![text("小标题")],
            },
            Block::Heading {
                level: 3,
                content: vec![text("三级")],
            },
            Block::List {
                ordered: true,
                items: vec![vec![text("一")], vec![text("二")]],
            },
            Block::Quote {
                content: vec![text("引文"), Inline::Br, text("第二行")],
            },
            Block::Embed {
                kind: EmbedKind::Video,
                url: "https://www.youtube.com/embed/abc".into(),
            },
            Block::Embed {
                kind: EmbedKind::Tweet,
                url: "https://twitter.com/x/status/1".into(),
            },
            Block::Embed {
                kind: EmbedKind::Other,
                url: "https://example.com/frame".into(),
            },
        ]);
        a.updated = Some(DateTime::parse_from_rfc3339("2025-08-20T10:05:00+08:00").unwrap());
        a.lead_image = Some(LeadImage {
            alt: String::new(),
            src: "https://i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg".into(),
            caption: "图说。（Getty Images）".into(),
        });
        a.related = vec![LinkItem {
            title: "相关一".into(),
            url: "https://www.epochtimes.com/gb/25/8/19/n1.htm".into(),
        }];
        a.hot = vec![LinkItem {
            title: "热门一".into(),
            url: "https://www.epochtimes.com/gb/25/8/18/n2.htm".into(),
        }];
        let links = LinkMap::default();
        let r1 = links.rewrite("https://www.epochtimes.com/gb/25/8/19/n1.htm", None);
        let r1 = r1
            .as_deref()
            .unwrap_or("https://www.epochtimes.com/gb/25/8/19/n1.htm");
        let r2 = links.rewrite("https://www.epochtimes.com/gb/25/8/18/n2.htm", None);
        let r2 = r2
            .as_deref()
            .unwrap_or("https://www.epochtimes.com/gb/25/8/18/n2.htm");
        let expected = format!(
            "# 标题

更新时间：2025-08-20 10:05 +08:00

![图说。（Getty Images）](https://i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg)

*图说。（Getty Images）*

【大纪元2025年08月20日讯】正文。

## 小标题

### 三级

1. 一
2. 二

> 引文\\
> 第二行

[视频：https://www.youtube.com/embed/abc](https://www.youtube.com/embed/abc)

[推文：https://twitter.com/x/status/1](https://twitter.com/x/status/1)

[嵌入内容：https://example.com/frame](https://example.com/frame)

## 相关新闻

- [相关一]({r1})

## 热门新闻

- [热门一]({r2})

原文：[标题]({URL})
"
        );
        assert_eq!(md(&a), expected);

        let out = html(&expected);
        assert!(out.contains("<h1>标题</h1>"), "{out}");
        assert!(out.contains("<h2>小标题</h2>"), "{out}");
        assert!(out.contains("<h3>三级</h3>"), "{out}");
        assert!(
            out.contains("<p><em>图说。（Getty Images）</em></p>"),
            "{out}"
        );
        assert!(
            out.contains("<ol>\n<li>一</li>\n<li>二</li>\n</ol>"),
            "{out}"
        );
        assert!(
            out.contains("<blockquote>\n<p>引文<br />\n第二行</p>\n</blockquote>"),
            "{out}"
        );
        assert!(
            out.contains(&format!("<p>原文：<a href=\"{URL}\">标题</a></p>")),
            "{out}"
        );
        assert!(
            out.contains(&format!("<li><a href=\"{r1}\">相关一</a></li>")),
            "{out}"
        );
    }

    #[test]
    fn b5_labels() {
        let mut a = article(vec![Block::Embed {
            kind: EmbedKind::Other,
            url: "https://example.com/f".into(),
        }]);
        a.edition = Edition::B5;
        a.published = NaiveDate::from_ymd_opt(2025, 8, 20);
        a.related = vec![LinkItem {
            title: "相關".into(),
            url: "https://example.com/1".into(),
        }];
        a.hot = vec![LinkItem {
            title: "熱門".into(),
            url: "https://example.com/2".into(),
        }];
        let out = md(&a);
        assert!(out.contains("\n\n發布日期：2025-08-20\n\n"), "{out}");
        assert!(
            out.contains("\n\n## 相關新聞\n\n- [相關](https://example.com/1)\n\n"),
            "{out}"
        );
        assert!(
            out.contains("\n\n## 熱門新聞\n\n- [熱門](https://example.com/2)\n\n"),
            "{out}"
        );
        assert!(
            out.contains("[嵌入內容：https://example.com/f](https://example.com/f)"),
            "{out}"
        );
        let out = html(&out);
        assert!(
            out.contains("<h2>相關新聞</h2>") && out.contains("<h2>熱門新聞</h2>"),
            "{out}"
        );
    }

    #[test]
    fn empty_sections_are_left_out() {
        let a = article(vec![
            para(vec![]),
            para(vec![text("  "), Inline::Br]),
            Block::Table {
                header: true,
                rows: vec![],
            },
        ]);
        assert_eq!(md(&a), format!("# 标题\n\n原文：[标题]({URL})\n"));
    }

    #[test]
    fn text_is_literal_everywhere() {
        for &s in TRICKY {
            // Whitespace at the edges of a block is dropped; after a line break, spaces are.
            let literal = esc(s.trim_start());
            let line = esc(s.trim_start_matches(' '));
            // Paragraph, at its start and in the middle.
            let out = body_html(vec![para(vec![text(s)])]);
            assert_eq!(out, format!("<p>{literal}</p>\n"), "{s:?}");
            let out = body_html(vec![para(vec![
                text("前"),
                Inline::Br,
                text(s),
                Inline::Br,
                text("后"),
            ])]);
            assert_eq!(out, format!("<p>前<br />\n{line}<br />\n后</p>\n"), "{s:?}");
            // Heading.
            let out = body_html(vec![Block::Heading {
                level: 2,
                content: vec![text(s)],
            }]);
            assert_eq!(out, format!("<h2>{literal}</h2>\n"), "{s:?}");
            // List item, with a second line.
            let out = body_html(vec![Block::List {
                ordered: false,
                items: vec![vec![text(s), Inline::Br, text(s)]],
            }]);
            assert_eq!(
                out,
                format!("<ul>\n<li>{literal}<br />\n{line}</li>\n</ul>\n"),
                "{s:?}"
            );
            let out = body_html(vec![Block::List {
                ordered: true,
                items: vec![vec![text(s)]],
            }]);
            assert_eq!(out, format!("<ol>\n<li>{literal}</li>\n</ol>\n"), "{s:?}");
            // Quote, with a second line.
            let out = body_html(vec![Block::Quote {
                content: vec![text(s), Inline::Br, text(s)],
            }]);
            assert_eq!(
                out,
                format!("<blockquote>\n<p>{literal}<br />\n{line}</p>\n</blockquote>\n"),
                "{s:?}"
            );
            // Link text and emphasis.
            let out = body_html(vec![para(vec![
                text("看"),
                link("https://example.com/", vec![text(s)]),
            ])]);
            let lead = &s[..s.len() - s.trim_start().len()];
            assert_eq!(
                out,
                format!("<p>看{lead}<a href=\"https://example.com/\">{literal}</a></p>\n"),
                "{s:?}"
            );
            for kind in ["strong", "em"] {
                let wrapped = if kind == "strong" {
                    strong(vec![text(s)])
                } else {
                    em(vec![text(s)])
                };
                let out = body_html(vec![para(vec![text("看"), wrapped, text("吧")])]);
                assert_eq!(
                    out,
                    format!("<p>看{lead}<{kind}>{literal}</{kind}>吧</p>\n"),
                    "{s:?}"
                );
            }
            // Table cell.
            let out = body_html(vec![Block::Table {
                header: true,
                rows: vec![vec![vec![text("h")]], vec![vec![text(s)]]],
            }]);
            let cell = esc(s.trim());
            assert!(out.contains(&format!("<td>{cell}</td>")), "{s:?}: {out}");
        }
    }

    #[test]
    fn escaping_in_markdown() {
        assert_eq!(
            body_md(vec![para(vec![text("*not emphasis*")])]),
            "\\*not emphasis\\*"
        );
        assert_eq!(
            body_md(vec![para(vec![text("1. not a list")])]),
            "1\\. not a list"
        );
        assert_eq!(
            body_md(vec![para(vec![text("# not a heading")])]),
            "\\# not a heading"
        );
        assert_eq!(body_md(vec![para(vec![text("- a-b")])]), "\\- a-b");
        assert_eq!(
            body_md(vec![para(vec![text("&amp; AT&T")])]),
            "\\&amp; AT&T"
        );
        assert_eq!(body_md(vec![para(vec![text("3.5")])]), "3.5");
        assert_eq!(
            body_md(vec![para(vec![text("<script>alert(1)</script>")])]),
            "\\<script\\>alert(1)\\</script\\>"
        );
        assert_eq!(
            body_md(vec![para(vec![text("[x](javascript:alert(1))")])]),
            "\\[x\\](javascript:alert(1))"
        );
        // Control characters never become line breaks.
        assert_eq!(body_md(vec![para(vec![text("a\n# b\r\nc")])]), "a \\# b  c");
        // `!` before a link would make it an image.
        let out = body_md(vec![para(vec![
            text("看!"),
            link("https://example.com/", vec![text("这")]),
        ])]);
        assert_eq!(out, "看\\![这](https://example.com/)");
        assert!(!html(&out).contains("<img"));
    }

    #[test]
    fn cjk_emphasis() {
        // Plain CJK text keeps Markdown delimiters.
        let out = body_md(vec![para(vec![
            text("中文"),
            strong(vec![text("强调")]),
            text("中文"),
        ])]);
        assert_eq!(out, "中文**强调**中文");
        // The classic failure: `**“引号”**中文`.
        let out = body_md(vec![para(vec![strong(vec![text("“引号”")]), text("中文")])]);
        assert_eq!(out, "<strong>“引号”</strong>中文");
        assert_eq!(html(&out), "<p><strong>“引号”</strong>中文</p>\n");
        let out = body_md(vec![para(vec![
            text("他说"),
            em(vec![text("（注）")]),
            text("。"),
        ])]);
        assert_eq!(out, "他说<em>（注）</em>。");
        // Punctuation inside next to punctuation outside works with delimiters.
        let out = body_md(vec![para(vec![
            text("，"),
            strong(vec![text("“引号”")]),
            text("。"),
        ])]);
        assert_eq!(out, "，**“引号”**。");
    }

    #[test]
    fn emphasis_renders_in_every_context() {
        let sides = [
            "", "中", "a", "1", " ", "“", "”", "，", "。", "（", "）", "*", "_", "\\", "!", "★",
            "😀", "é", "\u{3000}",
        ];
        let inners = [
            "强调",
            "“引号”",
            "（括号）",
            "a",
            "x!",
            "!x",
            "*",
            "*x*",
            "_y_",
            "\\",
            "1.",
            "★星",
            "星★",
            "😀",
            "é",
            "&amp;",
            "<b>",
            "#",
        ];
        for kind in ["strong", "em"] {
            for before in sides {
                for inner in inners {
                    for after in sides {
                        let wrapped = if kind == "strong" {
                            strong(vec![text(inner)])
                        } else {
                            em(vec![text(inner)])
                        };
                        let content = vec![text(before), wrapped, text(after)];
                        let out = body_html(vec![para(content)]);
                        let before = before.trim_start();
                        let after = after.trim_end();
                        let expected = format!(
                            "<p>{}<{kind}>{}</{kind}>{}</p>\n",
                            esc(before),
                            esc(inner),
                            esc(after)
                        );
                        assert_eq!(out, expected, "{before:?} {inner:?} {after:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn nested_and_adjacent_emphasis() {
        let cases: Vec<(Vec<Inline>, &str)> = vec![
            (
                vec![strong(vec![text("a"), em(vec![text("b")]), text("c")])],
                "<strong>a<em>b</em>c</strong>",
            ),
            (
                vec![em(vec![text("a"), strong(vec![text("b")]), text("c")])],
                "<em>a<strong>b</strong>c</em>",
            ),
            (
                vec![em(vec![text("a"), em(vec![text("b")]), text("c")])],
                "<em>a<em>b</em>c</em>",
            ),
            (
                vec![strong(vec![text("a"), strong(vec![text("b")]), text("c")])],
                "<strong>a<strong>b</strong>c</strong>",
            ),
            (
                vec![strong(vec![em(vec![text("x")])])],
                "<strong><em>x</em></strong>",
            ),
            (
                vec![em(vec![strong(vec![text("x")])])],
                "<em><strong>x</strong></em>",
            ),
            (
                vec![strong(vec![text("a")]), strong(vec![text("b")])],
                "<strong>a</strong><strong>b</strong>",
            ),
            (
                vec![
                    em(vec![text("a")]),
                    strong(vec![text("b")]),
                    em(vec![text("c")]),
                ],
                "<em>a</em><strong>b</strong><em>c</em>",
            ),
            (
                vec![strong(vec![
                    text("一"),
                    em(vec![text("二"), strong(vec![text("三")]), text("四")]),
                    text("五"),
                ])],
                "<strong>一<em>二<strong>三</strong>四</em>五</strong>",
            ),
            (
                vec![strong(vec![text("a"), Inline::Br, text("- b")])],
                "<strong>a<br />\n- b</strong>",
            ),
            (
                vec![
                    text("看"),
                    link("https://example.com/", vec![strong(vec![text("“链接”")])]),
                    text("吧"),
                ],
                "看<a href=\"https://example.com/\"><strong>“链接”</strong></a>吧",
            ),
            (
                vec![
                    text("看"),
                    strong(vec![link("https://example.com/", vec![text("链接")])]),
                    text("吧"),
                ],
                "看<strong><a href=\"https://example.com/\">链接</a></strong>吧",
            ),
            // Whitespace at the edges moves outside.
            (
                vec![text("a"), strong(vec![text(" b ")]), text("c")],
                "a <strong>b</strong> c",
            ),
        ];
        for (content, expected) in cases {
            let out = body_html(vec![para(content.clone())]);
            assert_eq!(out, format!("<p>{expected}</p>\n"), "{content:?}");
        }
    }

    #[test]
    fn empty_emphasis_renders_nothing() {
        let out = body_md(vec![para(vec![
            text("a"),
            strong(vec![]),
            em(vec![strong(vec![])]),
            strong(vec![text(" ")]),
            text("b"),
        ])]);
        assert_eq!(out, "a b");
        let out = body_md(vec![para(vec![
            text("a"),
            link("https://example.com/", vec![]),
            text("b"),
        ])]);
        assert_eq!(out, "ab");
    }

    #[test]
    fn links_are_rewritten_and_vetted() {
        let links = LinkMap::default();
        let href = "https://www.epochtimes.com/gb/25/8/19/n14576000.htm";
        let expected = links
            .rewrite(href, None)
            .unwrap_or_else(|| href.to_string());
        let out = body_md(vec![para(vec![link(href, vec![text("另一篇")])])]);
        assert_eq!(out, format!("[另一篇]({expected})"));
        assert!(html(&out).contains(&format!("<a href=\"{}\">另一篇</a>", esc(&expected))));

        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "/gb/25/8/19/n1.htm",
            "http://",
        ] {
            let out = body_md(vec![para(vec![
                text("点"),
                link(bad, vec![text("这里")]),
                text("看"),
            ])]);
            assert_eq!(out, "点这里看", "{bad:?}");
            let out = body_md(vec![Block::Figure {
                src: bad.into(),
                alt: "图".into(),
                caption: vec![text("说明")],
                link: Some(bad.into()),
            }]);
            assert_eq!(out, "*说明*", "{bad:?}");
        }

        // Destinations with characters that would end or break them.
        let out = body_md(vec![para(vec![link(
            "https://example.com/a_(b) c?x=1&amp;y=|`<",
            vec![text("t")],
        )])]);
        assert_eq!(
            out,
            "[t](https://example.com/a_\\(b\\)%20c?x=1&amp;amp;y=\\|\\`%3C)"
        );
        assert_eq!(
            html(&out),
            "<p><a href=\"https://example.com/a_(b)%20c?x=1&amp;amp;y=%7C%60%3C\">t</a></p>\n"
        );
        let out = body_md(vec![para(vec![link(
            "mailto:a@example.com",
            vec![text("信")],
        )])]);
        assert_eq!(out, "[信](mailto:a@example.com)");
        // A link inside a link keeps only its text.
        let out = body_md(vec![para(vec![link(
            "https://example.com/1",
            vec![text("外"), link("https://example.com/2", vec![text("内")])],
        )])]);
        assert_eq!(out, "[外内](https://example.com/1)");
    }

    #[test]
    fn figures() {
        let out = body_md(vec![Block::Figure {
            src: "https://i.epochtimes.com/a.jpg".into(),
            alt: String::new(),
            caption: vec![
                text("说明 "),
                link("https://example.com/", vec![text("来源")]),
            ],
            link: Some("https://i.epochtimes.com/a-full.jpg".into()),
        }]);
        assert_eq!(
            out,
            "[![说明 来源](https://i.epochtimes.com/a.jpg)](https://i.epochtimes.com/a-full.jpg)\n\n\
             *说明 [来源](https://example.com/)*"
        );
        let out = html(&out);
        assert!(
            out.contains(
                "<a href=\"https://i.epochtimes.com/a-full.jpg\"><img src=\"https://i.epochtimes.com/a.jpg\" alt=\"说明 来源\" /></a>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<em>说明 <a href=\"https://example.com/\">来源</a></em>"),
            "{out}"
        );

        let out = body_md(vec![Block::Figure {
            src: "https://i.epochtimes.com/a.jpg".into(),
            alt: "[图] *星*".into(),
            caption: vec![],
            link: None,
        }]);
        assert_eq!(out, "![\\[图\\] \\*星\\*](https://i.epochtimes.com/a.jpg)");
        assert!(html(&out).contains("alt=\"[图] *星*\""));
    }

    #[test]
    fn lead_image_without_caption_uses_title() {
        let mut a = article(vec![]);
        a.lead_image = Some(LeadImage {
            alt: String::new(),
            src: "https://i.epochtimes.com/a.jpg".into(),
            caption: String::new(),
        });
        assert_eq!(
            md(&a),
            format!("# 标题\n\n![标题](https://i.epochtimes.com/a.jpg)\n\n原文：[标题]({URL})\n")
        );
    }

    #[test]
    fn lists() {
        let out = body_md(vec![
            Block::List {
                ordered: false,
                items: vec![
                    vec![text("一"), Inline::Br, text("- 续")],
                    vec![],
                    vec![strong(vec![text("二")])],
                ],
            },
            Block::List {
                ordered: false,
                items: vec![vec![text("三")]],
            },
            Block::List {
                ordered: true,
                items: (1..=10).map(|i| vec![text(&format!("第{i}"))]).collect(),
            },
            Block::List {
                ordered: true,
                items: vec![vec![text("再")]],
            },
        ]);
        assert!(
            out.starts_with("- 一\\\n  \\- 续\n- **二**\n\n+ 三\n\n1. 第1\n"),
            "{out}"
        );
        assert!(out.contains("\n10. 第10\n\n1) 再"), "{out}");
        let out = html(&out);
        assert_eq!(out.matches("<ul>").count(), 2, "{out}");
        assert_eq!(out.matches("<ol>").count(), 2, "{out}");
        assert!(
            out.contains("<li>一<br />\n- 续</li>\n<li><strong>二</strong></li>"),
            "{out}"
        );
    }

    #[test]
    fn tables() {
        let out = body_md(vec![Block::Table {
            header: true,
            rows: vec![
                vec![vec![text("项目")], vec![strong(vec![text("数值")])]],
                vec![
                    vec![text("a|b")],
                    vec![text("1"), Inline::Br, text("2")],
                    vec![text("多")],
                ],
                vec![vec![link("https://example.com/?q=a|b", vec![text("链接")])]],
            ],
        }]);
        assert_eq!(
            out,
            "| 项目 | **数值** |  |\n| --- | --- | --- |\n| a\\|b | 1<br>2 | 多 |\n| [链接](https://example.com/?q=a\\|b) |  |  |"
        );
        let out = html(&out);
        assert!(
            out.contains("<th>项目</th>\n<th><strong>数值</strong></th>"),
            "{out}"
        );
        assert!(
            out.contains("<td>a|b</td>\n<td>1<br>2</td>\n<td>多</td>"),
            "{out}"
        );
        assert!(
            out.contains("<td><a href=\"https://example.com/?q=a%7Cb\">链接</a></td>"),
            "{out}"
        );
    }

    #[test]
    fn heading_levels_and_breaks() {
        let out = body_md(vec![
            Block::Heading {
                level: 1,
                content: vec![text("一")],
            },
            Block::Heading {
                level: 4,
                content: vec![text("四"), Inline::Br, text("续 #")],
            },
            Block::Heading {
                level: 9,
                content: vec![text("九")],
            },
        ]);
        assert_eq!(out, "## 一\n\n#### 四 续 \\#\n\n###### 九");
        assert_eq!(html(&out), "<h2>一</h2>\n<h4>四 续 #</h4>\n<h6>九</h6>\n");
    }

    /// The HTML comrak should produce for normalised inline content.
    fn expected_html(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(text) => out.push_str(&esc(text)),
                Node::Br => out.push_str("<br />\n"),
                Node::Strong(content) => {
                    out.push_str("<strong>");
                    expected_html(content, out);
                    out.push_str("</strong>");
                }
                Node::Em(content) => {
                    out.push_str("<em>");
                    expected_html(content, out);
                    out.push_str("</em>");
                }
                Node::Link(dest, content) => {
                    let _ = write!(out, "<a href=\"{dest}\">");
                    expected_html(content, out);
                    out.push_str("</a>");
                }
            }
        }
    }

    #[test]
    fn random_inline_trees_render_exactly() {
        const PIECES: &[&str] = &[
            "中文",
            "“引号”",
            "（括号）",
            "a",
            "*",
            "_",
            "。",
            "!",
            "x!",
            "1.",
            "#",
            "\\",
            "&amp;",
            "<b>",
            "★",
            "😀",
            "，",
            "-",
            "》",
            "`",
            "é",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % n as u64) as usize
        };
        fn tree(depth: usize, next: &mut dyn FnMut(usize) -> usize) -> Vec<Inline> {
            let len = 1 + next(4);
            (0..len)
                .map(|_| match if depth == 0 { 0 } else { next(6) } {
                    0 | 1 => text(PIECES[next(PIECES.len())]),
                    2 => strong(tree(depth - 1, next)),
                    3 => em(tree(depth - 1, next)),
                    4 => link(
                        &format!("https://example.com/{}", next(100)),
                        tree(depth - 1, next),
                    ),
                    _ => Inline::Br,
                })
                .collect()
        }
        let links = LinkMap::default();
        for _ in 0..3000 {
            let content = tree(3, &mut next);
            let nodes = normalized(&content, &links);
            if nodes.is_empty() {
                continue;
            }
            let mut expected = String::from("<p>");
            expected_html(&nodes, &mut expected);
            expected.push_str("</p>\n");
            let markdown = paragraph(&nodes);
            assert_eq!(html(&markdown), expected, "{markdown}\n{content:?}");
        }
    }

    #[test]
    fn title_is_escaped() {
        let mut a = article(vec![]);
        a.title = "<b>标题</b> #1 *星*".into();
        let out = md(&a);
        assert!(
            out.starts_with("# \\<b\\>标题\\</b\\> \\#1 \\*星\\*\n"),
            "{out}"
        );
        assert!(html(&out).starts_with("<h1>&lt;b&gt;标题&lt;/b&gt; #1 *星*</h1>"));
    }
}
