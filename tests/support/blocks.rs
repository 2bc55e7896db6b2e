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
    // S3: `height=` became `b=`.
    static S3: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"(<[A-Za-z][^<>]*?\s)b=(["'0-9])"#).unwrap());
    let s = S7.replace_all(html, "pic.twitter.com/");
    let s = S6.replace_all(
        &s,
        format!("\"></a><{MARK} kind=\"video\"></{MARK}><a src=\"").as_str(),
    );
    let s = VIDEO_BLOCK.replace_all(&s, format!("<{MARK} kind=\"video\"></{MARK}>").as_str());
    let s = TWITTER_BLOCK.replace_all(&s, format!("<{MARK} kind=\"tweet\"></{MARK}>").as_str());
    let mut s = s
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
        {
            {
                let e = node.value();
                let name = e.name();
                if ignored(name) {
                    return;
                }
                if name == MARK {
                    self.embed = Some(e.attr("kind") != Some("tweet"));
                }
                if name == "iframe" {
                    // only on a page (the generator renames iframes): an embedded player
                    self.embed = Some(true);
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
        }
    }

    fn flush(&mut self, kind: Kind, tag: &str, out: &mut Vec<Block>) {
        let acc = std::mem::take(self);
        let text = normalize_text(&acc.text);
        let kind = match acc.embed {
            Some(video) if text.is_empty() => Kind::Embed { video },
            _ => kind,
        };
        if text.is_empty()
            && acc.links.is_empty()
            && acc.images.is_empty()
            && !matches!(kind, Kind::Embed { .. })
        {
            return;
        }
        out.push(Block {
            kind,
            tag: tag.to_string(),
            text,
            links: acc.links,
            images: acc.images,
        });
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
pub fn read(html: &str) -> Vec<Block> {
    let fragment = Html::parse_fragment(&undo_defects(html));
    let mut out = Vec::new();
    walk(fragment.root_element(), &mut out);
    out
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
        // a tweet: our embed block for it, or the tweet's text
        (Kind::Tweet, Kind::Embed { video: false }) => return true,
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
