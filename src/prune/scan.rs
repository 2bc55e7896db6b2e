//! The scan: one pass over the text that keeps a model of the open elements, as the tree builder
//! will see them, and notes what may be cut and where the model is unsure.

use memchr::memchr;

use super::Chrome;
use super::classes::Class;
use super::lexer::{
    Raw, bogus_comment_end, comment_end, end_tag_end, find, is_space, join_safe, raw_end, raw_kind,
    read_attributes, script_end, tag_name_end,
};
use crate::html::MAX_DEPTH;

/// An element the scan believes open.
pub(super) struct Open<'a> {
    pub(super) name: &'a [u8],
    /// The classes of its name.
    pub(super) class: Class,
    pub(super) start: usize,
    pub(super) candidate: bool,
    /// Its start tag holds a needle of what the selectors read (or a character reference the
    /// needles cannot see):
    /// what it contains may be what the extractor reads, nothing inside is cut by
    /// [`Chrome::outside`].
    pub(super) protected: bool,
    /// Its start tag carries a layout marker: the story, or what holds it.
    pub(super) story: bool,
    /// Its slot in `watched`, when it is around a list heading.
    pub(super) watch: Option<usize>,
}

/// The scan's state.
pub(super) struct Scan<'a, 'c> {
    pub(super) b: &'a [u8],
    pub(super) chrome: Option<&'c Chrome>,
    /// The rules as given (`chrome` is dropped when the model gives up; the list boxes are still
    /// found with these).
    pub(super) rules: Option<&'c Chrome>,
    /// Where a keep needle starts, ascending.
    pub(super) keep: Vec<usize>,
    /// Where a layout marker starts, ascending.
    pub(super) story: Vec<usize>,
    /// Open elements whose start tag carries a layout marker.
    pub(super) story_open: usize,
    /// Open tables.
    pub(super) tables: usize,
    /// Where a needle of what the extractor's selectors read starts, ascending.
    pub(super) read: Vec<usize>,
    /// Open elements whose start tag holds one of those (or is unsure).
    pub(super) protected_open: usize,
    /// Where the needles may not see what the tree builder will, ascending (nothing around them
    /// is cut): start tags with a character reference other than `&amp;` in an attribute
    /// value…
    pub(super) unsure: Vec<usize>,
    /// …and numeric character references (`&#…`) anywhere (a heading's text may hide in them).
    pub(super) refs: Vec<usize>,
    /// Where a list heading's text starts, ascending, and the next one not yet passed.
    pub(super) headings: Vec<usize>,
    pub(super) next_heading: usize,
    /// For each heading passed: `watched` slots of the open elements around it, innermost first.
    pub(super) heading_chains: Vec<Vec<usize>>,
    /// Ranges of elements around list headings (`usize::MAX` while open).
    pub(super) watched: Vec<(usize, usize)>,
    /// `<a>` start tags: position and `href`.
    pub(super) links: Vec<(usize, &'a [u8])>,
    /// Chrome elements that may be cut, once the list boxes are known.
    pub(super) proposals: Vec<(usize, usize)>,
    /// Formatting elements closed implicitly, still on the list of active formatting elements.
    pub(super) stale: Vec<&'a [u8]>,
    /// Every place `trouble` was noted, ascending.
    pub(super) troubles: Vec<usize>,
    /// The model has lost track of what is open: nothing more is proposed, and list headings
    /// protect everything.
    pub(super) lost: bool,
    /// Byte ranges to cut, ascending and disjoint.
    pub(super) cuts: Vec<(usize, usize)>,
    pub(super) open: Vec<Open<'a>>,
    /// Start tags past `MAX_DEPTH` not modelled.
    pub(super) excess: usize,
    /// Open elements that are not plain containers.
    pub(super) non_container: usize,
    /// Inside `<svg>` or `<math>`.
    pub(super) foreign: usize,
    /// End of the last tag kept (comments, scripts and cut elements are transparent).
    pub(super) last_tag_end: usize,
    /// Whether that tag was block-level (or the start of the text).
    pub(super) last_tag_block: bool,
    /// A chrome element closed cleanly, waiting for the tag after it to be block-level.
    pub(super) pending: Option<(usize, usize)>,
    /// Keep the scripts that may be `application/ld+json` (the parser keeps them).
    pub(super) json_ld: bool,
}

impl<'a> Scan<'a, '_> {
    pub(super) fn run(&mut self) {
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
        let class = Class::of(name);
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
            if matches!(kind, Raw::Script) || class.has(Class::STYLE) {
                // Dropped whole by the token filter (a self-closing one is kept, as the filter
                // keeps it): transparent to the tree, its neighbours meet.
                let kept =
                    self.json_ld && matches!(kind, Raw::Script) && may_be_json_ld(&b[lt..end]);
                if !self_closing && !kept && join_safe(b, lt) {
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

        let block = class.has(Class::BLOCK);
        self.resolve_pending(gap_is_space && block);
        if let Some((from, to)) = attr_cut {
            self.cut(from, to);
        }
        let left_is_block = gap_is_space && self.last_tag_block;
        self.note_tag(end, block);
        if class.has(Class::FOREIGN) && !self_closing {
            self.foreign += 1;
        }
        if class.has(Class::VOID) || (self_closing && self.foreign > 0) {
            return end;
        }
        // Start tags the tree builder ignores in the body: table parts outside a table, a
        // second `<html>`, `<head>` or `<body>` (whose attributes it merges).
        let ignored = if class.has(Class::TABLE_PART) {
            self.tables == 0
        } else {
            class.has(Class::DOCUMENT) && self.open.iter().any(|o| o.class.has(Class::HTML))
        };
        if ignored {
            return end;
        }
        // Implicit ends: a list item, cell, row or paragraph closes the open one of its kind,
        // a block closes an open paragraph.
        if let Some(top) = self.open.last() {
            let closes_top = if class.has(Class::IMPLICITLY_CLOSED) {
                top.name.eq_ignore_ascii_case(name)
                    || (class.has(Class::CELL_OR_ROW) && top.class.has(Class::CELL_OR_ROW))
            } else {
                class.has(Class::CLOSES_P) && top.class.has(Class::P)
            };
            if closes_top {
                self.pop();
            }
        }
        // Start tags the tree builder treats by what is open: a form in a form is ignored, a link
        // in a link or a paragraph in a paragraph closes the outer one, a heading closes an open
        // heading. The model nests them; where they nest, it is unsure.
        if class.has(Class::NESTS_SPECIALLY)
            && self.open.iter().any(|o| {
                o.name.eq_ignore_ascii_case(name)
                    || (class.has(Class::HEADING) && o.class.has(Class::HEADING))
                    || (class.has(Class::LIST_ITEM) && o.class.has(Class::LIST_ITEM))
            })
        {
            self.trouble(lt);
        }
        // A new link runs the adoption agency on a stale one, which takes it off the list.
        if class.has(Class::A) {
            self.stale.retain(|n| !n.eq_ignore_ascii_case(b"a"));
        }
        if self.open.len() >= MAX_DEPTH || self.excess > 0 {
            self.excess += 1;
            self.trouble(lt);
            self.lost = true;
            return end;
        }
        let story = self.chrome.is_some() && starts_within(&self.story, lt, end);
        let outside = self.chrome.is_some_and(|c| c.outside);
        let unsure = self.chrome.is_some() && self.tag_unsure(lt, end);
        let protected = outside && (unsure || starts_within(&self.read, lt, end));
        let plain = !self.lost
            && self.non_container == 0
            && self.stale.is_empty()
            && self.story_open == 0
            && !story
            && self.foreign == 0
            && left_is_block;
        let named = plain && self.chrome.is_some_and(|c| c.rule_for(name, &attrs));
        let unnamed = !named
            && plain
            && outside
            && self.protected_open == 0
            && !protected
            && class.has(Class::CONTAINER)
            && !class.has(Class::HTML_OR_BODY);
        let candidate = named || unnamed;
        self.protected_open += usize::from(protected);
        if !class.has(Class::CONTAINER) {
            self.non_container += 1;
        }
        self.story_open += usize::from(story);
        self.tables += usize::from(class.has(Class::TABLE));
        if self.chrome.is_some() && class.has(Class::A) {
            if let Some(href) = attrs.href {
                self.links.push((lt, href));
            }
        }
        self.open.push(Open {
            name,
            class,
            start: lt,
            candidate,
            protected,
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
        let class = Class::of(name);
        let end = end_tag_end(b, lt);
        let gap_is_space = self.text_between(self.last_tag_end, lt);
        let block = class.has(Class::BLOCK);
        self.resolve_pending(gap_is_space && block);
        if class.has(Class::FOREIGN) {
            self.foreign = self.foreign.saturating_sub(1);
        }
        self.note_tag(end, block);
        // `</body>` and `</html>` pop nothing: what follows still goes into the body.
        if class.has(Class::VOID | Class::HTML_OR_BODY) {
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
        if class.has(Class::FORMATTING) && pos + 1 != self.open.len() {
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
            .any(|o| !o.class.has(Class::IMPLICITLY_CLOSED))
        {
            self.trouble(lt);
            self.lost = true;
        }
        while self.open.len() > pos + 1 {
            let o = self.pop();
            if o.class.has(Class::FORMATTING) {
                self.go_stale(o.name);
            }
        }
        let o = self.pop();
        if o.candidate
            && self.troubles.last().is_none_or(|&t| t < o.start)
            && !self.keeps(o.start, end)
            && !starts_within(&self.unsure, o.start, end)
            && !starts_within(&self.refs, o.start, end)
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

    /// Whether the start tag at `lt..end` has a character reference other than `&amp;` (in an
    /// attribute value: a name the needles look for may hide in it); notes it in `unsure`.
    fn tag_unsure(&mut self, lt: usize, end: usize) -> bool {
        let tag = &self.b[lt..end];
        let unsure = memchr::memchr_iter(b'&', tag).any(|i| !tag[i..].starts_with(b"&amp;"));
        if unsure && self.unsure.last().is_none_or(|&u| u < lt) {
            self.unsure.push(lt);
        }
        unsure
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
        if !o.class.has(Class::CONTAINER) {
            self.non_container -= 1;
        }
        self.story_open -= usize::from(o.story);
        self.protected_open -= usize::from(o.protected);
        self.tables -= usize::from(o.class.has(Class::TABLE));
        if let Some(slot) = o.watch {
            self.watched[slot].1 = self.last_tag_end;
        }
    }

    fn note_tag(&mut self, end: usize, block: bool) {
        self.last_tag_end = end;
        self.last_tag_block = block;
    }

    /// Records a cut. Cuts are nested or disjoint; [`super::prune`] sorts them and drops the
    /// nested.
    fn cut(&mut self, from: usize, to: usize) {
        self.cuts.push((from, to));
    }
}

/// Stale formatting elements followed at most.
pub(super) const MAX_STALE: usize = 64;

/// Whether one of the ascending `positions` lies in `from..to`.
pub(super) fn starts_within(positions: &[usize], from: usize, to: usize) -> bool {
    let i = positions.partition_point(|&p| p < from);
    positions.get(i).is_some_and(|&p| p < to)
}

/// Whether a script's start tag may be `type="application/ld+json"` as the tree builder reads it:
/// it says `ld+json` (any case), or holds a character reference that may spell it.
fn may_be_json_ld(tag: &[u8]) -> bool {
    tag.contains(&b'&') || tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}
