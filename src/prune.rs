//! Text → less text: what the parser need not read, cut out before it reads a byte.
//!
//! html5ever's tokenizer is most of the cost of a conversion and reads every byte it is given, and
//! most of a news page is chrome: menus, sidebars, digests, the footer. This pass is one linear
//! scan that knows what the tokenizer knows about where tags, comments and raw text begin and end
//! (memchr for `<`, tag names, quoted values, the script-data escape states), keeps a model of the
//! open elements, and cuts three things:
//!
//! * **Scripts and styles**, whole. The token filter of `parse` would drop them anyway.
//! * **Attributes past [`MAX_ATTRIBUTES`]** on one tag: the tokenizer checks each new attribute
//!   against the tag's others, so 100,000 of them cost quadratic time.
//! * With a site's [`Chrome`] rules, on a page that carries one of the site's layout markers:
//!   **the elements the rules name** (navigation, sidebar boxes, digests, the footer), each only
//!   when cutting it cannot change the rest of the tree or what the extractor reads:
//!   - it contains none of the keep needles (what the extractor reads outside the story: list
//!     headings, `<h1`, `<time`, the story's own markers…);
//!   - it lies outside the box a list heading's links are read from (the heading's nearest
//!     ancestor, at most `MAX_CLIMB` up, that holds an article link: see `extract::lists`);
//!   - everything opened inside it is closed inside it, in order (nothing misnested, no formatting
//!     element left open to be reconstructed after it);
//!   - its ancestors are plain containers (`div`, `section`, `body`…), so its start tag closes no
//!     open `<p>` and no list item or cell;
//!   - only whitespace, comments and block-level tags touch it on either side, so no text or inline
//!     markup on its two sides runs together once it is gone.
//!
//! Whatever the scan is unsure of, it keeps; the tree builder then sees the page as it is. The
//! extractor parses the whole page again when the pruned one yields no layout (see `extract`).
//! Nothing here recurses, and every step is linear in the text: the model of open elements is
//! bounded by [`MAX_DEPTH`], as the token filter bounds the tree.

use std::borrow::Cow;

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use memchr::memchr;
use url::Url;

use crate::extract::lists::MAX_CLIMB;
use crate::extract::profile::{ChromeTable, SiteTable};
use crate::linkmap::Target;
use crate::parse::{MAX_ATTRIBUTES, MAX_DEPTH};

/// A site's chrome rules, compiled.
pub(crate) struct Chrome {
    cut: Vec<Rule>,
    /// The keep needles: the layout markers first, then the list headings, then the rest.
    keep: AhoCorasick,
    /// How many of them are layout markers.
    markers: usize,
    /// How many are list headings (after the markers).
    headings: usize,
}

/// `tag`, `tag.class` or `tag#id`.
struct Rule {
    tag: &'static str,
    class: Option<&'static str>,
    id: Option<&'static str>,
}

impl Chrome {
    /// Compiles a site's chrome table. Its keep needles are the table's own plus the site's list
    /// headings and story markers, which the extractor reads wherever they are.
    pub(crate) fn new(site: &SiteTable) -> Chrome {
        let table: &ChromeTable = &site.chrome;
        let cut = table
            .cut
            .iter()
            .map(|s| {
                if let Some((tag, class)) = s.split_once('.') {
                    Rule {
                        tag,
                        class: Some(class),
                        id: None,
                    }
                } else if let Some((tag, id)) = s.split_once('#') {
                    Rule {
                        tag,
                        class: None,
                        id: Some(id),
                    }
                } else {
                    Rule {
                        tag: s,
                        class: None,
                        id: None,
                    }
                }
            })
            .collect();
        let headings = site.related_headings.len() + site.hot_headings.len();
        let keep: Vec<&str> = table
            .markers
            .iter()
            .chain(site.related_headings)
            .chain(site.hot_headings)
            .chain(table.keep)
            .chain(site.inline_related_headings)
            .chain([&site.content_begin, &site.content_end])
            .copied()
            .collect();
        let keep = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keep)
            // The tables are constants of this crate; the `chrome_compiles` test builds them.
            .unwrap_or_else(|e| panic!("bad chrome needles {keep:?}: {e}"));
        Chrome {
            cut,
            keep,
            markers: table.markers.len(),
            headings,
        }
    }

    fn rule_for(&self, name: &[u8], attrs: &Attrs<'_>) -> bool {
        self.cut.iter().any(|r| {
            name.eq_ignore_ascii_case(r.tag.as_bytes())
                && r.class.is_none_or(|c| {
                    attrs.class.is_some_and(|v| {
                        v.split(|b| is_space(*b)).any(|token| token == c.as_bytes())
                    })
                })
                && r.id.is_none_or(|i| attrs.id == Some(i.as_bytes()))
        })
    }
}

/// The text the parser gets, and what was cut from it.
pub(crate) struct Pruned<'a> {
    pub text: Cow<'a, str>,
    /// Chrome elements cut.
    pub elements: usize,
}

/// Cuts scripts, styles, excess attributes and (with `chrome`) the chrome elements out of `text`.
/// Text with nothing to cut is returned as it is, without a copy.
pub(crate) fn prune<'a>(text: &'a str, chrome: Option<&Chrome>) -> Pruned<'a> {
    // One pass finds the keep needles and tells whether the page has a layout marker at all.
    let (chrome, keep) = match chrome {
        Some(c) => {
            let mut story = Vec::new();
            let mut headings = Vec::new();
            let keep: Vec<usize> = c
                .keep
                .find_overlapping_iter(text)
                .map(|m| {
                    let p = m.pattern().as_usize();
                    if p < c.markers {
                        story.push(m.start());
                    } else if p < c.markers + c.headings {
                        headings.push(m.start());
                    }
                    m.start()
                })
                .collect();
            // A page naming list headings very many times is read whole rather than modelled.
            let modelled = !story.is_empty() && headings.len() <= MAX_HEADINGS;
            (Some(c).filter(|_| modelled), (keep, story, headings))
        }
        None => (None, (Vec::new(), Vec::new(), Vec::new())),
    };
    let (keep, story, headings) = keep;
    let mut scan = Scan {
        b: text.as_bytes(),
        chrome,
        keep,
        story,
        story_open: 0,
        tables: 0,
        headings,
        next_heading: 0,
        heading_chains: Vec::new(),
        watched: Vec::new(),
        links: Vec::new(),
        proposals: Vec::new(),
        stale: Vec::new(),
        troubles: Vec::new(),
        lost: false,
        cuts: Vec::new(),
        open: Vec::new(),
        excess: 0,
        non_container: 0,
        foreign: 0,
        last_tag_end: 0,
        last_tag_block: true,
        pending: None,
    };
    scan.run();
    let elements = scan.decide();
    let Scan { mut cuts, .. } = scan;
    cuts.sort_unstable();
    let mut reach = 0;
    cuts.retain(|&(from, to)| {
        let outer = from >= reach;
        if outer {
            reach = to;
        }
        outer
    });
    if cuts.is_empty() {
        return Pruned {
            text: Cow::Borrowed(text),
            elements,
        };
    }
    let cut_bytes: usize = cuts.iter().map(|(s, e)| e - s).sum();
    let mut out = String::with_capacity(text.len() - cut_bytes);
    let mut last = 0;
    for (from, to) in cuts {
        out.push_str(&text[last..from]);
        last = to;
    }
    out.push_str(&text[last..]);
    Pruned {
        text: Cow::Owned(out),
        elements,
    }
}

/// An element the scan believes open.
struct Open<'a> {
    name: &'a [u8],
    start: usize,
    candidate: bool,
    /// Its start tag carries a layout marker: the story, or what holds it.
    story: bool,
    /// Its slot in `watched`, when it is around a list heading.
    watch: Option<usize>,
}

/// The `id` and `class` of a start tag (the first of each, as the tokenizer keeps).
#[derive(Default)]
struct Attrs<'a> {
    id: Option<&'a [u8]>,
    class: Option<&'a [u8]>,
    href: Option<&'a [u8]>,
}

struct Scan<'a, 'c> {
    b: &'a [u8],
    chrome: Option<&'c Chrome>,
    /// Where a keep needle starts, ascending.
    keep: Vec<usize>,
    /// Where a layout marker starts, ascending.
    story: Vec<usize>,
    /// Open elements whose start tag carries a layout marker.
    story_open: usize,
    /// Open tables.
    tables: usize,
    /// Where a list heading's text starts, ascending, and the next one not yet passed.
    headings: Vec<usize>,
    next_heading: usize,
    /// For each heading passed: `watched` slots of the open elements around it, innermost first.
    heading_chains: Vec<Vec<usize>>,
    /// Ranges of elements around list headings (`usize::MAX` while open).
    watched: Vec<(usize, usize)>,
    /// `<a>` start tags: position and `href`.
    links: Vec<(usize, &'a [u8])>,
    /// Chrome elements that may be cut, once the list boxes are known.
    proposals: Vec<(usize, usize)>,
    /// Formatting elements closed implicitly, still on the list of active formatting elements.
    stale: Vec<&'a [u8]>,
    /// Every place `trouble` was noted, ascending.
    troubles: Vec<usize>,
    /// The model has lost track of what is open: nothing more is proposed, and list headings
    /// protect everything.
    lost: bool,
    /// Byte ranges to cut, ascending and disjoint.
    cuts: Vec<(usize, usize)>,
    open: Vec<Open<'a>>,
    /// Start tags past `MAX_DEPTH` not modelled.
    excess: usize,
    /// Open elements that are not plain containers.
    non_container: usize,
    /// Inside `<svg>` or `<math>`.
    foreign: usize,
    /// End of the last tag kept (comments, scripts and cut elements are transparent).
    last_tag_end: usize,
    /// Whether that tag was block-level (or the start of the text).
    last_tag_block: bool,
    /// A chrome element closed cleanly, waiting for the tag after it to be block-level.
    pending: Option<(usize, usize)>,
}

impl<'a> Scan<'a, '_> {
    fn run(&mut self) {
        let b = self.b;
        let mut i = 0;
        while let Some(off) = memchr(b'<', &b[i..]) {
            let lt = i + off;
            let next = b.get(lt + 1).copied();
            i = match next {
                Some(b'!') => self.markup_declaration(lt),
                Some(b'?') => self.transparent(lt, bogus_comment_end(b, lt + 2)),
                Some(b'/') => match b.get(lt + 2) {
                    Some(c) if c.is_ascii_alphabetic() => self.end_tag(lt),
                    // `</>` is nothing; `</` + anything else a bogus comment.
                    Some(b'>') => self.transparent(lt, lt + 3),
                    Some(_) => self.transparent(lt, bogus_comment_end(b, lt + 2)),
                    None => b.len(),
                },
                Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt),
                _ => lt + 1,
            };
        }
        self.resolve_pending(true);
        self.pass_headings(b.len());
        // Elements never closed end with the text.
        for o in std::mem::take(&mut self.open) {
            if let Some(slot) = o.watch {
                self.watched[slot].1 = b.len();
            }
        }
    }

    /// `<!--…-->`, `<!DOCTYPE…>`, `<![CDATA[…]]>` (in foreign content), other `<!…>`.
    fn markup_declaration(&mut self, lt: usize) -> usize {
        let b = self.b;
        let end = if b[lt..].starts_with(b"<!--") {
            comment_end(b, lt + 4)
        } else if self.foreign > 0 && b[lt..].starts_with(b"<![CDATA[") {
            find(b, lt + 9, b"]]>").map_or(b.len(), |e| e + 3)
        } else {
            bogus_comment_end(b, lt + 2)
        };
        self.transparent(lt, end)
    }

    /// Markup that is no tag: the tags on its two sides stay neighbours.
    fn transparent(&mut self, lt: usize, end: usize) -> usize {
        if self.text_between(self.last_tag_end, lt) {
            self.last_tag_end = end;
        }
        end
    }

    /// Whether the text from `from` to `to` is whitespace only.
    fn text_between(&self, from: usize, to: usize) -> bool {
        from >= to || self.b[from..to].iter().all(|c| is_space(*c))
    }

    fn start_tag(&mut self, lt: usize) -> usize {
        self.pass_headings(lt);
        let b = self.b;
        let name_end = tag_name_end(b, lt + 1);
        let name = &b[lt + 1..name_end];
        let (end, self_closing, attrs, attr_cut) =
            read_attributes(b, name_end, self.chrome.is_some());
        let gap_is_space = self.text_between(self.last_tag_end, lt);

        if let Some(kind) = raw_kind(name).filter(|_| self.foreign == 0) {
            let close = match kind {
                Raw::Script => script_end(b, end),
                Raw::Text => raw_end(b, end, name),
                Raw::Plaintext => None,
            };
            let after = close.map_or(b.len(), |c| end_tag_end(b, c));
            if matches!(kind, Raw::Script) || name.eq_ignore_ascii_case(b"style") {
                // Dropped whole by the token filter (a self-closing one is kept, as the filter
                // keeps it): transparent to the tree, its neighbours meet.
                if !self_closing && join_safe(b, lt) {
                    self.cut(lt, after);
                } else if let Some((from, to)) = attr_cut {
                    self.cut(from, to);
                }
                return self.transparent(lt, after);
            }
            self.resolve_pending(false);
            if let Some((from, to)) = attr_cut {
                self.cut(from, to);
            }
            self.note_tag(after, false);
            if close.is_none() {
                // `<plaintext>`, or an unclosed `<title>`: the rest is its text.
                self.trouble(lt);
            }
            return after;
        }

        self.resolve_pending(gap_is_space && is_block(name));
        if let Some((from, to)) = attr_cut {
            self.cut(from, to);
        }
        let left_is_block = gap_is_space && self.last_tag_block;
        self.note_tag(end, is_block(name));
        if name_in(name, &["svg", "math"]) && !self_closing {
            self.foreign += 1;
        }
        if is_void(name) || (self_closing && self.foreign > 0) {
            return end;
        }
        // Start tags the tree builder ignores in the body: table parts outside a table, a
        // second `<html>`, `<head>` or `<body>` (whose attributes it merges).
        let ignored = if name_in(
            name,
            &[
                "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup",
            ],
        ) {
            self.tables == 0
        } else {
            name_in(name, &["html", "head", "body"])
                && self
                    .open
                    .iter()
                    .any(|o| o.name.eq_ignore_ascii_case(b"html"))
        };
        if ignored {
            return end;
        }
        // Implicit ends: a list item, cell, row or paragraph closes the open one of its kind,
        // a block closes an open paragraph.
        if let Some(top) = self.open.last() {
            let closes_top = if implicitly_closed(name) {
                top.name.eq_ignore_ascii_case(name)
                    || (is_cell_or_row(name) && is_cell_or_row(top.name))
            } else {
                closes_p(name) && top.name.eq_ignore_ascii_case(b"p")
            };
            if closes_top {
                self.pop();
            }
        }
        // Start tags the tree builder treats by what is open: a form in a form is ignored, a link
        // in a link or a paragraph in a paragraph closes the outer one, a heading closes an open
        // heading. The model nests them; where they nest, it is unsure.
        let nests_specially = name_in(
            name,
            &[
                "form", "a", "button", "nobr", "p", "li", "dd", "dt", "select", "option", "h1",
                "h2", "h3", "h4", "h5", "h6",
            ],
        );
        if nests_specially
            && self.open.iter().any(|o| {
                o.name.eq_ignore_ascii_case(name)
                    || (is_heading(name) && is_heading(o.name))
                    || (name_in(name, &["li", "dd", "dt"]) && name_in(o.name, &["li", "dd", "dt"]))
            })
        {
            self.trouble(lt);
        }
        // A new link runs the adoption agency on a stale one, which takes it off the list.
        if name.eq_ignore_ascii_case(b"a") {
            self.stale.retain(|n| !n.eq_ignore_ascii_case(b"a"));
        }
        if self.open.len() >= MAX_DEPTH || self.excess > 0 {
            self.excess += 1;
            self.trouble(lt);
            self.lost = true;
            return end;
        }
        let story = self.chrome.is_some() && starts_within(&self.story, lt, end);
        let candidate = !self.lost
            && self.non_container == 0
            && self.stale.is_empty()
            && self.story_open == 0
            && !story
            && self.foreign == 0
            && left_is_block
            && self.chrome.is_some_and(|c| c.rule_for(name, &attrs));
        if !is_container(name) {
            self.non_container += 1;
        }
        self.story_open += usize::from(story);
        self.tables += usize::from(name.eq_ignore_ascii_case(b"table"));
        if self.chrome.is_some() && name.eq_ignore_ascii_case(b"a") {
            if let Some(href) = attrs.href {
                self.links.push((lt, href));
            }
        }
        self.open.push(Open {
            name,
            start: lt,
            candidate,
            story,
            watch: None,
        });
        end
    }

    fn end_tag(&mut self, lt: usize) -> usize {
        self.pass_headings(lt);
        let b = self.b;
        let name_end = tag_name_end(b, lt + 2);
        let name = &b[lt + 2..name_end];
        let end = end_tag_end(b, lt);
        let gap_is_space = self.text_between(self.last_tag_end, lt);
        self.resolve_pending(gap_is_space && is_block(name));
        if name_in(name, &["svg", "math"]) {
            self.foreign = self.foreign.saturating_sub(1);
        }
        self.note_tag(end, is_block(name));
        // `</body>` and `</html>` pop nothing: what follows still goes into the body.
        if is_void(name) || name_in(name, &["body", "html"]) {
            return end;
        }
        if self.excess > 0 {
            // The end of an element past the depth bound (or so it is taken).
            self.excess -= 1;
            self.trouble(lt);
            return end;
        }
        let Some(pos) = self
            .open
            .iter()
            .rposition(|o| o.name.eq_ignore_ascii_case(name))
        else {
            // Ignored by the tree builder (or it makes an empty element of it: `</p>`, `</br>`);
            // the end tag of a formatting element no longer open takes it off the list of
            // active formatting elements.
            if let Some(i) = self
                .stale
                .iter()
                .rposition(|n| n.eq_ignore_ascii_case(name))
            {
                self.stale.remove(i);
            }
            return end;
        };
        if is_formatting(name) && pos + 1 != self.open.len() {
            // The adoption agency restructures around a misnested formatting element and may
            // leave a clone of it on the list; the model only drops it, and counts it stale.
            let o = self.open.remove(pos);
            self.forget(&o);
            self.go_stale(o.name);
            self.trouble(lt);
            return end;
        }
        // Closing over elements that do not end by themselves is misnesting: the tree builder
        // may well have ignored this end tag (`</td>` with no table open, `</div>` past a cell),
        // and the model no longer knows what is open. Nothing after it is cut.
        if self.open[pos + 1..]
            .iter()
            .any(|o| !implicitly_closed(o.name))
        {
            self.trouble(lt);
            self.lost = true;
        }
        while self.open.len() > pos + 1 {
            let o = self.pop();
            if is_formatting(o.name) {
                self.go_stale(o.name);
            }
        }
        let o = self.pop();
        if o.candidate
            && self.troubles.last().is_none_or(|&t| t < o.start)
            && !self.keeps(o.start, end)
        {
            self.pending = Some((o.start, end));
        }
        end
    }

    /// A formatting element closed by something else than its end tag stays on the tree
    /// builder's list of active formatting elements, to be reconstructed at the next text; until
    /// it is off the list, cutting anything would move where that happens.
    fn go_stale(&mut self, name: &'a [u8]) {
        if self.stale.len() < MAX_STALE {
            self.stale.push(name);
        } else {
            // Too many to follow: nothing more is cut.
            self.chrome = None;
        }
    }

    /// Notes where the model may part from the tree builder's.
    fn trouble(&mut self, at: usize) {
        self.troubles.push(at);
    }

    fn pop(&mut self) -> Open<'a> {
        let o = self
            .open
            .pop()
            .expect("pop on an element the caller found open");
        self.forget(&o);
        o
    }

    fn forget(&mut self, o: &Open<'_>) {
        if !is_container(o.name) {
            self.non_container -= 1;
        }
        self.story_open -= usize::from(o.story);
        self.tables -= usize::from(o.name.eq_ignore_ascii_case(b"table"));
        if let Some(slot) = o.watch {
            self.watched[slot].1 = self.last_tag_end;
        }
    }

    fn note_tag(&mut self, end: usize, block: bool) {
        self.last_tag_end = end;
        self.last_tag_block = block;
    }

    /// Whether a keep needle starts inside `from..to`.
    fn keeps(&self, from: usize, to: usize) -> bool {
        starts_within(&self.keep, from, to)
    }

    /// Decides a pending chrome cut once the next tag is known.
    fn resolve_pending(&mut self, next_is_block: bool) {
        let Some((start, end)) = self.pending.take() else {
            return;
        };
        if next_is_block {
            self.proposals.push((start, end));
        }
    }

    /// Notes the list headings whose text lies before `at`, with the elements open around them.
    fn pass_headings(&mut self, at: usize) {
        while self
            .headings
            .get(self.next_heading)
            .is_some_and(|&h| h < at)
        {
            self.next_heading += 1;
            if self.lost {
                self.heading_chains.push(Vec::new());
                continue;
            }
            let from = self.open.len().saturating_sub(MAX_CLIMB + 2);
            let mut chain = Vec::new();
            for o in self.open[from..].iter_mut().rev() {
                let slot = *o.watch.get_or_insert_with(|| {
                    self.watched.push((o.start, usize::MAX));
                    self.watched.len() - 1
                });
                chain.push(slot);
            }
            self.heading_chains.push(chain);
        }
    }

    /// Cuts the proposed chrome elements that lie outside every list box; returns how many.
    fn decide(&mut self) -> usize {
        let mut boxes = Vec::new();
        for chain in &self.heading_chains {
            let Some((&inner, ancestors)) = chain.split_first() else {
                // A heading outside every element, or where the model was lost: keep everything.
                boxes.push((0, usize::MAX));
                continue;
            };
            let heading = self.watched[inner];
            // The nearest ancestor with an article link outside the heading; the farthest when
            // there is none, or when the model was unsure of anything inside the one found.
            let farthest = ancestors.last().map_or(heading, |&slot| self.watched[slot]);
            let found = ancestors
                .iter()
                .map(|&slot| self.watched[slot])
                .find(|&(s, e)| self.has_article_link(s, e, heading))
                .filter(|&(s, e)| !starts_within(&self.troubles, s, e));
            boxes.push(found.unwrap_or(farthest));
        }
        let mut cut = 0;
        for &(s, e) in &self.proposals {
            if boxes.iter().all(|&(bs, be)| e <= bs || be <= s) {
                self.cuts.push((s, e));
                cut += 1;
            }
        }
        cut
    }

    /// Whether `from..to` holds a link to an article (as the lists read them) outside `except`.
    fn has_article_link(&self, from: usize, to: usize, except: (usize, usize)) -> bool {
        let first = self.links.partition_point(|l| l.0 < from);
        self.links[first..]
            .iter()
            .take_while(|l| l.0 < to)
            .filter(|l| !(except.0 <= l.0 && l.0 < except.1))
            .any(|(_, href)| is_article_link(href))
    }

    /// Records a cut. Cuts are nested or disjoint; [`prune`] sorts them and drops the nested.
    fn cut(&mut self, from: usize, to: usize) {
        self.cuts.push((from, to));
    }
}

/// Whether removing what starts at `at` can join the text before it with what follows into a
/// tag or a character reference that was not there (`<` + `div>`, `&am` + `p;`).
fn join_safe(b: &[u8], at: usize) -> bool {
    let mut i = at;
    let floor = at.saturating_sub(40);
    while i > floor && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'#') {
        i -= 1;
    }
    !(i > 0 && matches!(b[i - 1], b'&' | b'<'))
}

/// Stale formatting elements followed at most.
const MAX_STALE: usize = 64;

/// List headings modelled at most on one page.
const MAX_HEADINGS: usize = 64;

/// Whether a link's `href` names an article, as the list reader classifies it (relative links
/// against the site's home; a page elsewhere would only make the lists keep more).
fn is_article_link(href: &[u8]) -> bool {
    static BASE: LazyLock<Url> =
        LazyLock::new(|| Url::parse("https://www.epochtimes.com/").expect("a constant URL parses"));
    let Ok(href) = std::str::from_utf8(href) else {
        return true;
    };
    // Character references in the value: let the lists decide, keep the box.
    if href.contains('&') {
        return true;
    }
    match Url::options().base_url(Some(&BASE)).parse(href.trim()) {
        Ok(url) => matches!(
            Target::classify(&url),
            Target::Article(_) | Target::NtdtvArticle(_)
        ),
        Err(_) => false,
    }
}

/// Whether one of the ascending `positions` lies in `from..to`.
fn starts_within(positions: &[usize], from: usize, to: usize) -> bool {
    let i = positions.partition_point(|&p| p < from);
    positions.get(i).is_some_and(|&p| p < to)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// Compares a tag name against a lower-case list.
fn name_in(name: &[u8], list: &[&str]) -> bool {
    name.len() <= 10 && list.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// Elements that never have an end tag (the HTML standard's void elements, with the obsolete
/// ones old pages still use). The token filter (`parse.rs`) matches the same names as atoms; a
/// test there checks that the two agree.
pub(crate) const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements a sibling start tag or a parent's end tag closes without trouble. Shared with the
/// token filter like [`VOID_ELEMENTS`].
pub(crate) const IMPLICITLY_CLOSED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "rtc",
    "tbody", "thead", "tfoot", "html", "head", "body", "colgroup", "caption",
];

fn is_void(name: &[u8]) -> bool {
    name_in(name, VOID_ELEMENTS)
}

fn implicitly_closed(name: &[u8]) -> bool {
    name_in(name, IMPLICITLY_CLOSED)
}

fn is_cell_or_row(name: &[u8]) -> bool {
    name_in(name, &["td", "th", "tr"])
}

/// Plain containers: an element inside only these has no open paragraph, list item, cell or
/// formatting element around it.
fn is_container(name: &[u8]) -> bool {
    name_in(
        name,
        &[
            "html", "body", "div", "section", "main", "header", "footer", "nav", "aside", "article",
        ],
    )
}

/// Start tags that close an open `<p>`. (`<table>` does only in no-quirks mode; the model keeps
/// the paragraph open, which only makes it more careful.)
fn closes_p(name: &[u8]) -> bool {
    (is_block(name) && !name.eq_ignore_ascii_case(b"table"))
        || name_in(name, &["li", "dd", "dt", "plaintext", "xmp", "listing"])
}

/// Block-level tags: no inline content runs across them.
fn is_block(name: &[u8]) -> bool {
    is_container(name)
        || name_in(
            name,
            &[
                "head",
                "p",
                "ul",
                "ol",
                "dl",
                "table",
                "form",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "blockquote",
                "figure",
                "figcaption",
                "pre",
                "hr",
                "address",
                "fieldset",
                "details",
                "summary",
                "menu",
                "hgroup",
                "center",
                "dir",
                "search",
                "dialog",
            ],
        )
}

fn is_heading(name: &[u8]) -> bool {
    name_in(name, &["h1", "h2", "h3", "h4", "h5", "h6"])
}

fn is_formatting(name: &[u8]) -> bool {
    name_in(
        name,
        &[
            "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong",
            "tt", "u",
        ],
    )
}

enum Raw {
    Script,
    Text,
    Plaintext,
}

/// Elements whose content the tokenizer reads as text (scripting on, as html5ever's default).
fn raw_kind(name: &[u8]) -> Option<Raw> {
    if name.eq_ignore_ascii_case(b"script") {
        Some(Raw::Script)
    } else if name.eq_ignore_ascii_case(b"plaintext") {
        Some(Raw::Plaintext)
    } else if name_in(
        name,
        &[
            "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea",
        ],
    ) {
        Some(Raw::Text)
    } else {
        None
    }
}

/// The end of a tag name: whitespace, `/` or `>`.
fn tag_name_end(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| is_space(c) || c == b'/' || c == b'>')
        .map_or(b.len(), |p| from + p)
}

/// Reads a tag's attributes from the end of its name: returns the position after its `>` (or
/// the end of the text), whether it is self-closing, its `id` and `class` (when `want_attrs`),
/// and the range of its attributes past [`MAX_ATTRIBUTES`].
fn read_attributes(
    b: &[u8],
    mut j: usize,
    want_attrs: bool,
) -> (usize, bool, Attrs<'_>, Option<(usize, usize)>) {
    let mut attrs = Attrs::default();
    let mut count = 0;
    let mut cut_from = None;
    let mut last_attr_end = j;
    let mut self_closing = false;
    loop {
        while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
            self_closing = b[j] == b'/';
            j += 1;
        }
        if j >= b.len() {
            break;
        }
        if b[j] == b'>' {
            j += 1;
            break;
        }
        self_closing = false;
        count += 1;
        if count == MAX_ATTRIBUTES + 1 {
            cut_from = Some(j);
        }
        // The name (a leading `=` belongs to it), then an optional value.
        let name_start = j;
        j += 1;
        while j < b.len() && !(is_space(b[j]) || matches!(b[j], b'/' | b'>' | b'=')) {
            j += 1;
        }
        let name = &b[name_start..j];
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value: &[u8] = b"";
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr(q, &b[j + 1..]).map_or(b.len(), |p| j + 1 + p);
                    value = &b[(j + 1).min(b.len())..close];
                    j = (close + 1).min(b.len());
                }
                Some(b'>') => {}
                _ => {
                    let start = j;
                    while j < b.len() && !(is_space(b[j]) || b[j] == b'>') {
                        j += 1;
                    }
                    value = &b[start..j];
                }
            }
        }
        last_attr_end = j;
        if want_attrs {
            if attrs.id.is_none() && name.eq_ignore_ascii_case(b"id") {
                attrs.id = Some(value);
            } else if attrs.class.is_none() && name.eq_ignore_ascii_case(b"class") {
                attrs.class = Some(value);
            } else if attrs.href.is_none() && name.eq_ignore_ascii_case(b"href") {
                attrs.href = Some(value);
            }
        }
    }
    let cut = cut_from.map(|from| (from, last_attr_end));
    (j, self_closing, attrs, cut)
}

/// The position after the `>` of the end tag at `lt` (attributes and all), or the text's end.
fn end_tag_end(b: &[u8], lt: usize) -> usize {
    let name_end = tag_name_end(b, lt + 2);
    read_attributes(b, name_end, false).0
}

/// Whether an end tag named `name` starts at `at` (`</name` + whitespace, `/` or `>`).
fn is_end_tag_named(b: &[u8], at: usize, name: &[u8]) -> bool {
    b[at..].starts_with(b"</") && is_named(b, at + 2, name)
}

fn is_named(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    end < b.len()
        && b[at..end].eq_ignore_ascii_case(name)
        && (is_space(b[end]) || matches!(b[end], b'/' | b'>'))
}

/// Where the end tag of raw text (RAWTEXT, RCDATA) begins.
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        if is_end_tag_named(b, lt, name) {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

/// Where a script's end tag begins, following the tokenizer's script-data states: inside
/// `<!--`, a `<script>` starts a "double-escaped" stretch whose `</script>` does not end it.
fn script_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let lt = i + memchr(b'<', &b[i..])?;
        if is_end_tag_named(b, lt, b"script") {
            return Some(lt);
        }
        if !b[lt..].starts_with(b"<!--") {
            i = lt + 1;
            continue;
        }
        // Escaped; `<!--` leaves two dashes pending, so `<!-->` ends it at once.
        let mut j = lt + 4;
        let mut dashes = 2;
        let mut double = false;
        loop {
            match *b.get(j)? {
                b'-' => {
                    dashes += 1;
                    j += 1;
                }
                b'>' if dashes >= 2 => {
                    j += 1;
                    break;
                }
                b'<' => {
                    dashes = 0;
                    if is_end_tag_named(b, j, b"script") {
                        if !double {
                            return Some(j);
                        }
                        double = false;
                        j += 8;
                    } else if !double && is_named(b, j + 1, b"script") {
                        double = true;
                        j += 7;
                    } else {
                        j += 1;
                    }
                }
                _ => {
                    dashes = 0;
                    j += 1;
                }
            }
        }
        i = j;
    }
}

/// The end of a comment whose text starts at `from`: `-->`, `--!>`, or the abrupt `<!-->` and
/// `<!--->`.
fn comment_end(b: &[u8], from: usize) -> usize {
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b[from.min(b.len())..].starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while let Some(off) = memchr(b'>', b.get(i..).unwrap_or_default()) {
        let gt = i + off;
        if (gt >= from + 2 && &b[gt - 2..gt] == b"--")
            || (gt >= from + 3 && &b[gt - 3..gt] == b"--!")
        {
            return gt + 1;
        }
        i = gt + 1;
    }
    b.len()
}

fn bogus_comment_end(b: &[u8], from: usize) -> usize {
    memchr(b'>', b.get(from..).unwrap_or_default()).map_or(b.len(), |p| from + p + 1)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::profile::EPOCHTIMES_CHROME;

    /// A page of the djy layout with `chrome` in the right column.
    fn page(chrome: &str) -> String {
        format!(
            "<html><head><title>题</title></head><body>\n<div id=\"artbody\"><p>正文</p></div>\n<div class=\"right\">\n{chrome}\n</div>\n</body></html>"
        )
    }

    fn cut(text: &str) -> String {
        prune(text, Some(&EPOCHTIMES_CHROME)).text.into_owned()
    }

    #[test]
    fn fixture_pages_lose_most_of_their_chrome() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/epochtimes");
        let (mut total, mut kept) = (0, 0);
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let pruned = prune(&text, Some(&EPOCHTIMES_CHROME));
            assert!(pruned.elements >= 8, "{} elements cut", pruned.elements);
            total += text.len();
            kept += pruned.text.len();
        }
        assert!(kept * 100 < total * 30, "kept {kept} of {total} bytes");
    }

    #[test]
    fn chrome_boxes_go_and_what_is_read_stays() {
        let boxes = "<div class=\"box\"><ul><li><a href=\"/gb/24/1/1/n1.htm\">甲</a></li></ul></div>\n<DIV CLASS=\"box\"><p>乙</p></DIV>\n<div class=\"box\"><div class=\"box_header\">热门新闻</div><a href=\"/gb/24/1/2/n2.htm\">丙</a></div>\n<div class=\"box\"><h1>丁</h1></div>";
        let out = cut(&page(boxes));
        assert!(!out.contains('甲') && !out.contains('乙'), "{out}");
        assert!(out.contains("丙") && out.contains("丁"), "{out}");
        assert!(out.contains("正文"));
    }

    #[test]
    fn nothing_is_cut_where_the_tree_would_differ() {
        for chrome in [
            // Inside the story.
            "</div><div id=\"artbody\"><div class=\"box\">甲</div></div><div>",
            // Text or inline markup on either side would run together.
            "文字<div class=\"box\">甲</div>",
            "<div class=\"box\">甲</div>文字",
            "<b>粗</b><div class=\"box\">甲</div>",
            "<div class=\"box\">甲</div><span>x</span>",
            // An open paragraph the box's start tag would close.
            "<p>段<div class=\"box\">甲</div>",
            // A formatting element left open inside, or misnesting.
            "<div class=\"box\"><b>甲</div><p>x</p>",
            "<div class=\"box\"><span>甲</div></span>",
            // In the box a list heading reads its links from.
            "<div><div class=\"box\"><a href=\"/gb/24/1/1/n1.htm\">甲</a></div><div class=\"box_header\">热门新闻</div></div>",
        ] {
            let text = page(chrome);
            assert!(cut(&text).contains('甲'), "cut from {chrome}");
        }
    }

    #[test]
    fn scripts_and_styles_go_by_the_tokenizer_rules() {
        let text = "<p>前<script>if (a < b) { s = '</div>'; }</script>中<style>p{}</style>后</p><script><!-- x = '<script>'; y = '</script>'; --></script><p>尾</p>";
        assert_eq!(
            prune(text, None).text,
            "<p>前中后</p><p>尾</p>",
            "the escaped script ends at its last end tag"
        );
        // A cut that would join `&am` + `p;` or `<` + `div>` is not made.
        for text in ["x&am<script></script>p;", "<<script></script>div>"] {
            assert_eq!(prune(text, None).text, text);
        }
        // Comments, raw text and attribute values are not tags.
        let text = "<!-- <script> --><textarea><script></textarea><a title='<script>'>x</a>";
        assert_eq!(prune(text, None).text, text);
        assert!(matches!(prune("<p>x</p>", None).text, Cow::Borrowed(_)));
    }

    #[test]
    fn pages_without_a_layout_marker_keep_their_chrome() {
        let text = "<body><div class=\"box\">甲</div><nav>乙</nav></body>";
        assert_eq!(cut(text), text);
    }

    #[test]
    fn hostile_nesting_is_linear_and_cuts_the_outermost() {
        let n = 100_000;
        let text = page(&format!(
            "{}甲{}",
            "<div class=\"box\">".repeat(n),
            "</div>".repeat(n)
        ));
        let out = cut(&text);
        // Past the depth bound the model is unsure: the boxes stay.
        assert!(out.contains('甲'));
        let text =
            page(&"<div class=\"box\"><a href=\"/gb/24/1/1/n1.htm\">甲</a></div>\n".repeat(n));
        assert!(!cut(&text).contains('甲'));
    }
}
