//! Chrome decisions: a site's chrome rules compiled, and which of the elements they name the scan
//! may cut once it knows where the list headings' boxes are.

use aho_corasick::AhoCorasick;

use super::classes::Class;
use super::lexer::{Attrs, is_space};
use super::scan::{Scan, starts_within};

/// A site's chrome rules as the extractor gives them: plain data, nothing of the site beyond it.
pub(crate) struct ChromeRules<'a> {
    /// Byte strings (ASCII case-insensitive) that only the site's article layouts carry; a page
    /// without one is parsed whole. An element whose start tag holds one is the story: nothing
    /// inside it is cut.
    pub markers: &'a [&'a str],
    /// Elements cut whole, as `tag`, `tag.class` or `tag#id`.
    pub cut: &'a [&'a str],
    /// The list headings (related and hot news): the box a heading's links are read from is kept.
    pub headings: &'a [&'a str],
    /// An element that contains one of these (ASCII case-insensitive) is kept: what the extractor
    /// reads outside the story.
    pub keep: &'a [&'a str],
    /// What the extractor's selectors read, by a string the start tag of what they select, or of
    /// one of its ancestors, must carry: an element that holds one is kept (as with `keep`), and
    /// so is everything inside an element whose start tag holds one.
    pub read: &'a [&'a str],
    /// Whether every plain container outside the story that holds no needle, and sits in no
    /// element whose start tag holds one of `read`, is chrome too (not only what `cut` names).
    /// Only sound when `read` stands for every selector the extractor reads the page with
    /// outside the story, and `keep` for everything else it reads there.
    pub outside: bool,
    /// How far up from a list heading the list reader looks for the box that holds its links.
    pub climb: usize,
    /// Whether an `href` (as written on the page, character references and all decoded by the
    /// caller's rules) names an article, as the list reader classifies links.
    pub is_article_link: Box<dyn Fn(&str) -> bool + Send + Sync>,
}

/// A site's chrome rules, compiled.
pub(crate) struct Chrome {
    cut: Vec<Rule>,
    /// The keep needles: the layout markers first, then the list headings, then the rest, the
    /// needles of `read` last.
    pub(super) keep: AhoCorasick,
    /// How many of them are layout markers.
    pub(super) markers: usize,
    /// How many are list headings (after the markers).
    pub(super) headings: usize,
    /// How far up from a heading its box may be.
    pub(super) climb: usize,
    /// [`ChromeRules::outside`].
    pub(super) outside: bool,
    /// Where the needles of [`ChromeRules::read`] begin.
    pub(super) read_from: usize,
    /// The characters past ASCII of every needle, sorted: what a character reference may hide.
    chars: Vec<char>,
    article_link: Box<dyn Fn(&str) -> bool + Send + Sync>,
}

/// The rules of one tag name: `tag` (any), `tag.class` (one of `classes`), `tag#id` (one of
/// `ids`).
struct Rule {
    tag: String,
    any: bool,
    classes: Vec<String>,
    ids: Vec<String>,
}

impl Chrome {
    /// Compiles chrome rules; fails only on needles the matcher cannot hold (too many, too long).
    pub(crate) fn new(rules: ChromeRules<'_>) -> Result<Chrome, String> {
        // The rules grouped by tag name, so that a start tag is compared with each name once.
        let mut cut: Vec<Rule> = Vec::new();
        for s in rules.cut {
            let (tag, class, id) = if let Some((tag, class)) = s.split_once('.') {
                (tag, Some(class), None)
            } else if let Some((tag, id)) = s.split_once('#') {
                (tag, None, Some(id))
            } else {
                (*s, None, None)
            };
            let i = match cut.iter().position(|r| r.tag.eq_ignore_ascii_case(tag)) {
                Some(i) => i,
                None => {
                    cut.push(Rule {
                        tag: tag.to_string(),
                        any: false,
                        classes: Vec::new(),
                        ids: Vec::new(),
                    });
                    cut.len() - 1
                }
            };
            let r = &mut cut[i];
            match (class, id) {
                (Some(c), _) => r.classes.push(c.to_string()),
                (None, Some(i)) => r.ids.push(i.to_string()),
                (None, None) => r.any = true,
            }
        }
        let keep: Vec<&str> = rules
            .markers
            .iter()
            .chain(rules.headings)
            .chain(rules.keep)
            .chain(rules.read)
            .copied()
            .collect();
        let mut chars: Vec<char> = keep
            .iter()
            .flat_map(|n| n.chars())
            .filter(|c| !c.is_ascii())
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let keep = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keep)
            .map_err(|e| format!("chrome needles {keep:?}: {e}"))?;
        Ok(Chrome {
            cut,
            keep,
            markers: rules.markers.len(),
            headings: rules.headings.len(),
            climb: rules.climb,
            outside: rules.outside,
            read_from: rules.markers.len() + rules.headings.len() + rules.keep.len(),
            chars,
            article_link: rules.is_article_link,
        })
    }

    /// Whether a rule names the element of this start tag.
    pub(super) fn rule_for(&self, name: &[u8], attrs: &Attrs<'_>) -> bool {
        let Some(r) = self
            .cut
            .iter()
            .find(|r| name.eq_ignore_ascii_case(r.tag.as_bytes()))
        else {
            return false;
        };
        r.any
            || attrs
                .id
                .is_some_and(|id| r.ids.iter().any(|i| id == i.as_bytes()))
            || (!r.classes.is_empty()
                && attrs.class.is_some_and(|v| {
                    v.split(|b| is_space(*b))
                        .any(|token| r.classes.iter().any(|c| token == c.as_bytes()))
                }))
    }

    /// Whether `c`, written as a character reference, may hide a needle.
    pub(super) fn hides(&self, c: char) -> bool {
        self.chars.binary_search(&c).is_ok()
    }

    /// Whether a link's `href` names an article, as the list reader classifies it.
    fn is_article_link(&self, href: &[u8]) -> bool {
        let Ok(href) = std::str::from_utf8(href) else {
            return true;
        };
        // Character references in the value: let the lists decide, keep the box.
        if href.contains('&') {
            return true;
        }
        // A link relative to the page itself (`#`, `?…`, `n1.htm`, `../…`, empty) resolves
        // against the page's own URL, which the list reader may count as an article (the page
        // is one; the `prune` fuzz target found a `<a href="#">` the lists read as the page):
        // keep the box. Only links with a scheme and root-relative ones (`/…`, `//…`) are
        // classified as the caller's rule does.
        let href = href.trim_matches(|c: char| c <= ' ');
        if !href.starts_with('/') && !has_scheme(href) {
            return true;
        }
        (self.article_link)(href)
    }
}

/// Whether `href` starts with a URL scheme and its colon (`https:`, `mailto:`).
fn has_scheme(href: &str) -> bool {
    let b = href.as_bytes();
    let len = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    len > 0 && b[0].is_ascii_alphabetic() && b.get(len) == Some(&b':')
}

impl Scan<'_, '_> {
    /// Whether a keep needle starts inside `from..to`.
    pub(super) fn keeps(&self, from: usize, to: usize) -> bool {
        starts_within(&self.keep, from, to)
    }

    /// Decides a pending chrome cut once the next tag is known.
    pub(super) fn resolve_pending(&mut self, next_is_block: bool) {
        let Some((start, end)) = self.pending.take() else {
            return;
        };
        if next_is_block {
            self.proposals.push((start, end));
        }
    }

    /// Notes the list headings whose text lies before `at`, with the elements open around them.
    pub(super) fn pass_headings(&mut self, at: usize) {
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
            let climb = self.rules.map_or(0, |c| c.climb);
            let from = self.open.len().saturating_sub(climb + 2);
            let mut chain = Vec::new();
            for o in self.open[from..].iter_mut().rev() {
                let slot = *o.watch.get_or_insert_with(|| {
                    self.watched.push((o.start, usize::MAX));
                    self.watched.len() - 1
                });
                chain.push(slot);
            }
            // Where the climb reaches past the outermost element the model knows and that is no
            // `<html>`, the tree builder's implied `html` and `body` are within the list reader's
            // reach, and they hold everything (the `prune` fuzz target found a page without
            // those tags whose hot-news box was the implied body).
            if from == 0
                && self.open.len() < climb + 2
                && !self.open.first().is_some_and(|o| o.class.has(Class::HTML))
            {
                self.watched.push((0, usize::MAX));
                chain.push(self.watched.len() - 1);
            }
            self.heading_chains.push(chain);
        }
    }

    /// Cuts the proposed chrome elements that lie outside every list box; returns how many.
    pub(super) fn decide(&mut self) -> usize {
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
    pub(super) fn has_article_link(&self, from: usize, to: usize, except: (usize, usize)) -> bool {
        let first = self.links.partition_point(|l| l.0 < from);
        self.links[first..]
            .iter()
            .take_while(|l| l.0 < to)
            .filter(|l| !(except.0 <= l.0 && l.0 < except.1))
            .any(|(_, href)| self.rules.is_some_and(|c| c.is_article_link(href)))
    }
}
