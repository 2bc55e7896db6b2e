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
//! * link and image destinations are vetted by the crate's one URL rule
//!   ([`crate::url_safety::safe_url`]): only absolute `http`/`https` (with a host) and `mailto`
//!   links and `http`/`https` images are written, as the URL parser serialises them; anything
//!   else (`javascript:`, `data:`, `vbscript:`, relative or unparsable) keeps its text and loses
//!   its link. Destinations are written bare with `( ) < > \ ` |` backslash-escaped, an
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
//!
//! # Layout
//!
//! One job per file: [`document`] lays out the blocks, [`normalize`] prepares inline content,
//! [`inline`] writes it, [`flanking`] decides where Markdown emphasis delimiters work,
//! [`escape`] writes text literally and [`dest`] vets and writes link destinations.

mod dest;
mod document;
mod escape;
mod flanking;
mod inline;
mod normalize;
#[cfg(test)]
mod tests;

use std::io;

use super::images::ImagePolicy;
use crate::linkmap::LinkMap;
use crate::model::Article;
#[cfg(doc)]
use crate::model::Inline;

pub(crate) fn write(
    article: &Article,
    links: &LinkMap,
    images: &ImagePolicy,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    out.write_all(document::render(article, links, images).as_bytes())
}
