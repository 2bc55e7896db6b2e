//! The block reader used on BOTH sides of a body comparison (the real mirror's body and ours),
//! and the comparison itself.
//!
//! A body fragment is first read back from the generator's documented damage
//! (mirror-format.md §4.2, §8: `<ahref`, `b=`, `<FONTCOLOR`, `data2-src`, video and twitter
//! blocks, `href=><a href=`, `.htm` → `.md#1`), then parsed (`scraper`, fragment mode) and cut
//! into blocks: a leaf block element (`p`, `h1`–`h6`, `li`, a `div`/`center` without block
//! children, …; `blockquote`, `figure`, `table` always count as one block) or a run of text and
//! inline elements outside any block. Each block keeps its normalised text (all whitespace,
//! NBSP included, removed; entities decoded by the parser), its link targets (normal form of
//! [`super::links::normalize`]) and its image sources.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node};

use super::links;
use super::mirror::{TWITTER_BLOCK, VIDEO_BLOCK};
use super::preview;

/// What a block is, as far as the comparison cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `h1`–`h6`.
    Heading(u8),
    /// `li`.
    Item,
    /// `blockquote class="twitter-tweet"`: a tweet as the page shows it.
    Tweet,
    /// A video block (`video == true`) or a twitter block: an embed the mirror cannot carry.
    Embed { video: bool },
    /// Everything else: paragraphs, runs, figures, tables, quotes, centred blocks …
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// The element it came from (`p`, `h2`, `run`, …), for messages only.
    pub tag: String,
    pub text: String,
    pub links: Vec<String>,
    pub images: Vec<String>,
}

const MARK: &str = "nm-embed";

/// The generator's damage to tags and attributes, read back: `href=><a href=`, `<ahref`,
/// `<FONTCOLOR`, `data2-src`, and `height=` turned `b=` (inside tags only). Idempotent on
/// undamaged HTML.
pub fn undo_tag_damage(html: &str) -> String {
    // S3: `height=` became `b=`.
    static S3: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(<[A-Za-z][^<>]*?\s)b=(["'0-9])"#).unwrap());
    let mut s = html
        .replace("href=><a href=", "href=")
        .replace("<ahref", "<a href")
        .replace("<FONTCOLOR", "<FONT COLOR")
        .replace("data2-src", "data-src");
    loop {
        let next = S3.replace_all(&s, "${1}height=${2}").into_owned();
        if next == s {
            break;
        }
        s = next;
    }
    s
}

/// The generator's documented textual damage, read back. Idempotent on undamaged HTML.
pub fn undo_defects(html: &str) -> String {
    // S7: `pic.twitter.com/` became `</a>` TWITTER_BLOCK `<a href="`.
    static S7: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!("</a>(?:{})<a href=\"", TWITTER_BLOCK.as_str())).unwrap()
    });
    // S6: a YouTube/Ganjing URL prefix became `"></a>` VIDEO_BLOCK `<a src="` + the prefix.
    static S6: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!("\"></a>(?:{})<a src=\"", VIDEO_BLOCK.as_str())).unwrap()
    });
    let s = S7.replace_all(html, "pic.twitter.com/");
    let s = S6.replace_all(
        &s,
        format!("\"></a><{MARK} kind=\"video\"></{MARK}><a src=\"").as_str(),
    );
    let s = VIDEO_BLOCK.replace_all(&s, format!("<{MARK} kind=\"video\"></{MARK}>").as_str());
    let s = TWITTER_BLOCK.replace_all(&s, format!("<{MARK} kind=\"tweet\"></{MARK}>").as_str());
    undo_tag_damage(&s)
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "table"
            | "center"
            | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "address"
            | "pre"
            | "form"
            | "details"
            | "summary"
            | "hr"
            | "iframe"
            | MARK
    )
}

fn always_leaf(name: &str) -> bool {
    matches!(
        name,
        "blockquote" | "figure" | "table" | "pre" | "iframe" | MARK
    )
}

fn ignored(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "link" | "meta"
    )
}

fn has_block_descendant(node: ElementRef<'_>) -> bool {
    node.descendants()
        .skip(1)
        .any(|d| matches!(d.value(), Node::Element(e) if is_block(e.name())))
}

#[derive(Default)]
struct Acc {
    text: String,
    links: Vec<String>,
    images: Vec<String>,
    embed: Option<bool>,
}

impl Acc {
    fn collect_text(&mut self, t: &str) {
        self.text.push_str(t);
    }

    fn collect(&mut self, node: ElementRef<'_>) {
        let e = node.value();
        let name = e.name();
        if ignored(name) {
            return;
        }
        if name == MARK {
            self.embed = Some(e.attr("kind") != Some("tweet"));
            return;
        }
        if name == "iframe" {
            // only on a page (the generator renames iframes): an embedded player
            self.embed = Some(true);
            return;
        }
        if let Some(video) = embed_image(node) {
            // a video/twitter block's picture (with the link around it): the embed, not content
            self.embed = Some(video);
            return;
        }
        if name == "a" {
            if let Some(h) = e.attr("href").filter(|h| !h.trim().is_empty()) {
                self.links.push(links::normalize(h));
            }
        }
        if name == "img" {
            let src = e.attr("src").unwrap_or("");
            let src = match e.attr("data-src") {
                Some(d) if src.is_empty() || src.ends_with("white.png") => d,
                _ => src,
            };
            if !src.trim().is_empty() {
                self.images.push(src.trim().to_string());
            }
        }
        for c in node.children() {
            if let Some(t) = c.value().as_text() {
                self.collect_text(t);
            } else if let Some(ce) = ElementRef::wrap(c) {
                self.collect(ce);
            }
        }
    }

    fn flush(&mut self, kind: Kind, tag: &str, out: &mut Vec<Block>) {
        let acc = std::mem::take(self);
        let text = normalize_text(&acc.text);
        if EMBED_NOTICES.contains(&text.as_str()) {
            // the caption line of a video/twitter block
            return;
        }
        let embed = acc.embed.map(|video| Block {
            kind: Kind::Embed { video },
            tag: tag.to_string(),
            text: String::new(),
            links: Vec::new(),
            images: Vec::new(),
        });
        if text.is_empty() && acc.links.is_empty() && acc.images.is_empty() {
            out.extend(embed);
            return;
        }
        // content and an embed in one element: the content, then the embed
        out.push(Block {
            kind,
            tag: tag.to_string(),
            text,
            links: acc.links,
            images: acc.images,
        });
        out.extend(embed);
    }
}

/// The normalised text of the line under a video block and under a twitter block (§4.2).
const EMBED_NOTICES: [&str; 2] = [
    "(视频.国内建议下载翻墙软件进入原文观看)",
    "(twitter视频或图片.国内建议下载翻墙软件进入原文观看)",
];

/// `Some(video)` when `node` is the picture of a video (`…/gb/300/djtsp.jpg`, NTDTV's
/// `…/t/ntdtv/ntdtv600.jpg`) or twitter
/// (`…/t/ntdtv/twitter.jpg`) block, or a link around one.
fn embed_image(node: ElementRef<'_>) -> Option<bool> {
    let kind = |src: &str| {
        if src.ends_with("/gb/300/djtsp.jpg") || src.ends_with("/t/ntdtv/ntdtv600.jpg") {
            Some(true)
        } else if src.ends_with("/t/ntdtv/twitter.jpg") {
            Some(false)
        } else {
            None
        }
    };
    match node.value().name() {
        "img" => kind(node.value().attr("src")?),
        "a" => node
            .descendent_elements()
            .filter(|d| d.value().name() == "img")
            .find_map(|d| kind(d.value().attr("src")?)),
        _ => None,
    }
}

/// All whitespace (NBSP and U+3000 included) removed; the generator's `.htm` → `.md#1` damage in
/// text read back.
pub fn normalize_text(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    s.replace(".md#1l", ".html").replace(".md#1", ".htm")
}

fn kind_of(node: ElementRef<'_>, name: &str) -> Kind {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading(name.as_bytes()[1] - b'0'),
        "li" => Kind::Item,
        "blockquote" => {
            let class = node.value().attr("class").unwrap_or("");
            if class.split_whitespace().any(|c| c == "twitter-tweet") {
                Kind::Tweet
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    }
}

fn walk(node: ElementRef<'_>, out: &mut Vec<Block>) {
    let mut run = Acc::default();
    for c in node.children() {
        match c.value() {
            Node::Text(t) => run.collect_text(t),
            Node::Element(e) => {
                let child = ElementRef::wrap(c).expect("an element");
                let name = e.name();
                if ignored(name) {
                    continue;
                }
                if is_block(name) {
                    run.flush(Kind::Other, "run", out);
                    if name == "hr" {
                        continue;
                    }
                    if always_leaf(name) || !has_block_descendant(child) {
                        let mut leaf = Acc::default();
                        leaf.collect(child);
                        leaf.flush(kind_of(child, name), name, out);
                    } else {
                        walk(child, out);
                    }
                } else if has_block_descendant(child) {
                    // an inline element holding blocks (`<a><div>…</div></a>`): read as a container
                    run.flush(Kind::Other, "run", out);
                    walk(child, out);
                } else {
                    run.collect(child);
                }
            }
            _ => {}
        }
    }
    run.flush(Kind::Other, "run", out);
}

/// The blocks of a body fragment (damage read back first).
///
/// A tweet is its quote (text and links), which the real file keeps: the twitter block the
/// generator put inside it is read back to the `pic.twitter.com/` text it replaced, and a twitter
/// block right after a quote (how we write it) is dropped as well. Either way the twitter block
/// only points to the original page.
pub fn read(html: &str) -> Vec<Block> {
    let fragment = Html::parse_fragment(&undo_defects(html));
    let mut out = Vec::new();
    walk(fragment.root_element(), &mut out);
    let mut kept: Vec<Block> = Vec::with_capacity(out.len());
    for b in out {
        let after_quote = kept.last().is_some_and(|q| q.tag == "blockquote");
        if !(after_quote && b.kind == (Kind::Embed { video: false })) {
            kept.push(b);
        }
    }
    kept
}

/// `expected` with each `?` (one character the generator lost) matching one character or none
/// (the page may have had whitespace there, which normalisation removes, or BeautifulSoup's
/// strip removed it), against `got`.
pub fn text_matches(expected: &str, got: &str) -> bool {
    if expected == got {
        return true;
    }
    let p: Vec<char> = expected.chars().collect();
    let t: Vec<char> = got.chars().collect();
    let wild = p.iter().filter(|&&c| c == '?').count();
    if wild == 0 || t.len() > p.len() || t.len() + wild < p.len() {
        return false;
    }
    // dp[j]: p[..i] matches t[..j]
    let mut dp = vec![false; t.len() + 1];
    dp[0] = true;
    for &pc in &p {
        let mut next = vec![false; t.len() + 1];
        for j in 0..=t.len() {
            if pc == '?' {
                next[j] = dp[j] || (j > 0 && dp[j - 1]);
            } else {
                next[j] = j > 0 && dp[j - 1] && t[j - 1] == pc;
            }
        }
        dp = next;
    }
    dp[t.len()]
}

/// Whether our block `got` renders the real block `expected`.
pub fn same(expected: &Block, got: &Block) -> bool {
    match (expected.kind, got.kind) {
        // an embed the mirror cannot carry: any video/twitter block stands for it
        (Kind::Embed { video: a }, Kind::Embed { video: b }) => return a == b,
        // a tweet: its text, in a quote of any class
        (Kind::Tweet, Kind::Tweet | Kind::Other) => {}
        (a, b) if a == b => {}
        _ => return false,
    }
    text_matches(&expected.text, &got.text)
        && expected.links == got.links
        && expected.images == got.images
}

/// One line describing a block, for failure messages.
pub fn describe(b: &Block) -> String {
    let mut s = format!("<{}> {:?} \"{}\"", b.tag, b.kind, preview(&b.text, 160));
    if !b.links.is_empty() {
        write!(s, " links={:?}", b.links).unwrap();
    }
    if !b.images.is_empty() {
        write!(s, " images={:?}", b.images).unwrap();
    }
    s
}

/// Where two block lists differ, after alignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Same(usize, usize),
    /// Expected block `.0` has no counterpart in ours.
    Missing(usize),
    /// Our block `.0` has no counterpart in the real file.
    Extra(usize),
}

/// Aligns `got` to `expected` (longest common subsequence under [`same`]).
pub fn align(expected: &[Block], got: &[Block]) -> Vec<Op> {
    let (n, m) = (expected.len(), got.len());
    let mut pre = 0;
    while pre < n && pre < m && same(&expected[pre], &got[pre]) {
        pre += 1;
    }
    let mut suf = 0;
    while suf < n - pre && suf < m - pre && same(&expected[n - 1 - suf], &got[m - 1 - suf]) {
        suf += 1;
    }
    let (e, g) = (&expected[pre..n - suf], &got[pre..m - suf]);
    let mut lcs = vec![vec![0u32; g.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..g.len()).rev() {
            lcs[i][j] = if same(&e[i], &g[j]) {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Same(i, i)).collect();
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < g.len() {
        if i < e.len() && j < g.len() && same(&e[i], &g[j]) && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            ops.push(Op::Same(pre + i, pre + j));
            i += 1;
            j += 1;
        } else if i < e.len() && (j == g.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(Op::Missing(pre + i));
            i += 1;
        } else {
            ops.push(Op::Extra(pre + j));
            j += 1;
        }
    }
    ops.extend((0..suf).map(|k| Op::Same(n - suf + k, m - suf + k)));
    ops
}

/// A readable report of the differences in `ops` (empty when there are none).
pub fn report(expected: &[Block], got: &[Block], ops: &[Op]) -> String {
    let mut s = String::new();
    for op in ops {
        match *op {
            Op::Same(..) => {}
            Op::Missing(i) => {
                writeln!(s, "    - real block {i}: {}", describe(&expected[i])).unwrap()
            }
            Op::Extra(j) => writeln!(s, "    + our block {j}: {}", describe(&got[j])).unwrap(),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIDEO: &str = r#"<a href="https://d1.cloudfront.net/X"><img width="600" src="https://raw.githubusercontent.com/19920513/djy/master/gb/300/djtsp.jpg" title="进入原文观看"  alt="进入原文观看"></a><h3 align=center>(视频.国内建议下载<a href="https://github.com/19920513/www/blob/master/README.md#8">翻墙软件</a>进入原文观看)</h3>"#;
    const TWITTER: &str = r#"<a href="https://d1.cloudfront.net/X"><img width="600" src="https://raw.githubusercontent.com/1992513/www/master/t/ntdtv/twitter.jpg" title="进入原文观看"  alt="进入原文观看"></a><h3 align=center>(twitter视频或图片.国内建议下载<a href="https://github.com/1992513/www/blob/master/README.md#8">翻墙软件</a>进入原文观看)</h3><hr>"#;

    #[test]
    fn damaged_links_read_as_the_page_links() {
        let real = read(
            r#"<p>one <ahref="https://github.com/19920513/djy/blob/master/gb/tag/%e6%b3%95.md#1">two</a> <a style="x" href=><a href="https://github.com/1992513/djy/blob/master/gb/1/2/3/n4.md#1">three</a> <ahref="https://example.org/a.md#1">four</a></p>"#,
        );
        let page = read(
            r#"<p>one <a href="https://www.epochtimes.com/gb/tag/%E6%B3%95.html">two</a> <a style="x" href="https://www.epochtimes.com/gb/1/2/3/n4.htm">three</a> <a href="https://example.org/a.html">four</a></p>"#,
        );
        assert_eq!(real.len(), 1);
        assert!(same(&real[0], &page[0]), "{real:?}\n{page:?}");
    }

    #[test]
    fn video_and_twitter_blocks_are_embeds() {
        let real = read(&format!(
            r#"<p>a</p><p><a src=""></a>{VIDEO}<a src="https://www.youtube.com/embed/Z" b="315"></a></p><blockquote class="twitter-tweet"><p>t <ahref="https://t.co/Q"></a>{TWITTER}<a href="Q</a></p><p>by <ahref="https://twitter.com/x">d</a></p></blockquote>"#
        ));
        let kinds: Vec<Kind> = real.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Other, Kind::Embed { video: true }, Kind::Tweet]
        );
        assert_eq!(real[2].text, "tpic.twitter.com/Qbyd");
        assert_eq!(real[2].links, ["https://t.co/Q", "https://twitter.com/x"]);
        // ours: an embed block linking to the original article for the player; the tweet's
        // quote followed by a twitter block
        let ours = read(
            r#"<p>a</p><p><a href="https://www.epochtimes.com/gb/1/2/3/n4.htm"><img src="https://raw.githubusercontent.com/1992513/djy/master/gb/300/djtsp.jpg"></a></p><h3 align=center>(视频.国内建议下载<a href="https://github.com/1992513/www/blob/master/README.md#8">翻墙软件</a>进入原文观看)</h3><blockquote><p>t <a href="https://t.co/Q">pic.twitter.com/Q</a></p><p>by <a href="https://twitter.com/x">d</a></p></blockquote><p><a href="https://www.epochtimes.com/gb/1/2/3/n4.htm"><img src="https://raw.githubusercontent.com/1992513/www/master/t/ntdtv/twitter.jpg"></a></p>"#,
        );
        assert_eq!(ours.len(), 3, "{ours:?}");
        assert!(
            real.iter().zip(&ours).all(|(r, o)| same(r, o)),
            "{real:?}\n{ours:?}"
        );
    }

    #[test]
    fn lost_characters_and_structure() {
        assert!(text_matches(
            "a?b",
            "a\u{2027}b".replace('\u{2027}', "x").as_str()
        ));
        assert!(text_matches("?ab", "ab"));
        assert!(!text_matches("a?b", "ab?c"));
        assert!(!text_matches("ab", "a b"));
        // a heading inside a paragraph, a figure inside a paragraph: the parser's structure on both sides
        let b = read(
            r#"<p><h2>h</h2><p>x</p></p><p>y<figure><img src="i.jpg"><figcaption>c</figcaption></figure></p>"#,
        );
        let kinds: Vec<(Kind, &str)> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Heading(2), "h"),
                (Kind::Other, "x"),
                (Kind::Other, "y"),
                (Kind::Other, "c")
            ]
        );
        assert_eq!(b[3].images, ["i.jpg"]);
    }
}
