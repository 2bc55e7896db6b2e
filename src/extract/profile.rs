//! A site's page tables compiled: its selectors parsed, its chrome rules made into the
//! pre-pass's, once per profile. The tables themselves are data in [`crate::sites`].

use std::sync::LazyLock;

use scraper::Selector;
use url::Url;

use super::lists::MAX_CLIMB;
use crate::error::{Error, Result};
use crate::prune::{self, ChromeRules};
use crate::sites::{self, PerSite, SiteProfile};

/// A layout with its selectors compiled.
pub(crate) struct Layout {
    pub table: &'static sites::Layout,
    pub body: Vec<Selector>,
    pub title: Vec<Selector>,
    pub time: Vec<Selector>,
    pub time_text: Vec<Selector>,
    pub featured: Vec<Selector>,
    pub caption: Vec<Selector>,
    pub breadcrumbs: Vec<Selector>,
    pub tags: Vec<Selector>,
    pub drop: Vec<Selector>,
}

/// A site's page tables, compiled.
pub(crate) struct Compiled {
    pub layouts: Vec<Layout>,
    /// The pre-pass rules, when the site has chrome rules.
    pub chrome: Option<prune::Chrome>,
}

/// Page tables with no layout: what a site without page tables is read with.
static NO_PAGES: sites::Pages = sites::Pages::new(&[]);

/// The page tables of `site` (empty ones for a site without).
pub(crate) fn pages(site: &'static SiteProfile) -> &'static sites::Pages {
    site.pages.unwrap_or(&NO_PAGES)
}

/// The compiled tables of `site`; a profile whose selectors or chrome needles do not compile is
/// a configuration error (the registered ones are checked by a test).
pub(crate) fn compiled(site: &'static SiteProfile) -> Result<&'static Compiled> {
    static COMPILED: PerSite<std::result::Result<Compiled, String>> = PerSite::new();
    COMPILED
        .get(site, compile_site)
        .as_ref()
        .map_err(|e| Error::Config(format!("site profile {:?}: {e}", site.id)))
}

/// The pre-pass rules of `site`, if it has chrome rules.
pub(crate) fn chrome_for(site: &'static SiteProfile) -> Result<Option<&'static prune::Chrome>> {
    Ok(compiled(site)?.chrome.as_ref())
}

fn compile(list: &[&str]) -> std::result::Result<Vec<Selector>, String> {
    list.iter()
        .map(|s| Selector::parse(s).map_err(|e| format!("bad selector {s:?}: {e}")))
        .collect()
}

fn compile_site(site: &'static SiteProfile) -> std::result::Result<Compiled, String> {
    let pages = pages(site);
    let layouts = pages
        .layouts
        .iter()
        .map(|t| {
            Ok(Layout {
                table: t,
                body: compile(t.body)?,
                title: compile(t.title)?,
                time: compile(t.time)?,
                time_text: compile(t.time_text)?,
                featured: compile(t.featured)?,
                caption: compile(t.caption)?,
                breadcrumbs: compile(t.breadcrumbs)?,
                tags: compile(t.tags)?,
                drop: compile(t.drop)?,
            })
        })
        .collect::<std::result::Result<_, String>>()?;
    let chrome = match &pages.chrome {
        None => None,
        Some(table) => {
            let headings: Vec<&str> = pages
                .related_headings
                .iter()
                .chain(pages.hot_headings)
                .copied()
                .collect();
            // What the extractor reads outside the story wherever it is: the table's needles,
            // the in-story related headings and the story's comments.
            let mut keep: Vec<&str> = table
                .keep
                .iter()
                .chain(pages.inline_related_headings)
                .copied()
                .collect();
            if let Some((begin, end)) = pages.story_comments {
                keep.extend([begin, end]);
            }
            // What the layouts' selectors and the page-wide ones read, by one name each that
            // the start tag of what they select (or of an ancestor) must carry: with a needle
            // for every one, any other element outside the story is chrome too.
            let read = pages
                .layouts
                .iter()
                .flat_map(|t| {
                    [
                        t.body,
                        t.title,
                        t.time,
                        t.featured,
                        t.caption,
                        t.breadcrumbs,
                        t.tags,
                    ]
                })
                .chain([PAGE_WIDE])
                .flat_map(|list| list.iter());
            let mut derived = Vec::new();
            let mut outside = true;
            for selector in read {
                match needles_of(selector) {
                    Some(n) => derived.extend(n),
                    None => outside = false,
                }
            }
            keep.extend(super::fields::YOU_ARE_HERE);
            let read: Vec<&str> = derived.iter().map(String::as_str).collect();
            // Relative links are resolved against the site's home; an article of any known
            // site counts, as the list reader counts it.
            let home = Url::parse(site.home).ok();
            let is_article_link = move |href: &str| {
                Url::options()
                    .base_url(home.as_ref())
                    .parse(href.trim())
                    .ok()
                    .and_then(|url| sites::classify_in(known(site), &url))
                    .is_some_and(|t| t.page.is_article())
            };
            Some(prune::Chrome::new(ChromeRules {
                markers: table.markers,
                cut: table.cut,
                headings: &headings,
                keep: &keep,
                read: &read,
                outside,
                climb: MAX_CLIMB,
                is_article_link: Box::new(is_article_link),
            })?)
        }
    };
    Ok(Compiled { layouts, chrome })
}

/// The page-wide selectors of [`PAGE`] that read a page outside the story whatever its layout
/// (the fallback's are not here: a pruned page read by the fallback is read again whole).
const PAGE_WIDE: &[&str] = &[
    "link[rel=canonical]",
    "meta[property='og:url']",
    "meta[property='og:title']",
    "head title",
    "meta[name=keywords]",
    "meta[property='article:published_time']",
    "meta[property='article:modified_time']",
];

/// For each complex selector of a selector list, one string its subject's start tag or an
/// ancestor's must hold (ASCII case aside) for it to match: an id, a tag name that is not
/// everywhere (`<time`), the longest class, an attribute's value or name. `None` when the
/// selector uses what this does not follow (sibling combinators, pseudo-classes): then the
/// needles cannot vouch for everything the selector reads.
fn needles_of(selector: &str) -> Option<Vec<String>> {
    const EVERYWHERE: &[&str] = &[
        "div", "span", "a", "p", "li", "ul", "img", "section", "meta", "link", "*",
    ];
    let mut out = Vec::new();
    for complex in split_outside(selector, |c| c == ',') {
        if complex.trim().is_empty() {
            return None;
        }
        // (rank, needle) of each compound; the best one names the selector.
        let mut best: Option<(u8, String)> = None;
        for compound in split_outside(complex, |c| c.is_whitespace() || c == '>') {
            if compound.is_empty() {
                continue;
            }
            let mut found: Vec<(u8, String)> = Vec::new();
            let mut rest = compound;
            let tag_end = rest
                .find(['.', '#', '[', ':', '+', '~'])
                .unwrap_or(rest.len());
            let tag = &rest[..tag_end];
            if !tag.is_empty() {
                let rank = if EVERYWHERE.contains(&tag) { 1 } else { 4 };
                found.push((rank, format!("<{tag}")));
            }
            rest = &rest[tag_end..];
            while let Some(c) = rest.chars().next() {
                match c {
                    '.' | '#' => {
                        let end = rest[1..]
                            .find(['.', '#', '[', ':', '+', '~'])
                            .map_or(rest.len(), |e| e + 1);
                        let name = &rest[1..end];
                        if name.is_empty() {
                            return None;
                        }
                        found.push((if c == '#' { 5 } else { 3 }, name.to_string()));
                        rest = &rest[end..];
                    }
                    '[' => {
                        let end = rest.find(']')?;
                        let inner = &rest[1..end];
                        let (name, value) = match inner.find('=') {
                            Some(eq) => (&inner[..eq], Some(&inner[eq + 1..])),
                            None => (inner, None),
                        };
                        let name = name.trim().trim_end_matches(['*', '^', '$', '~', '|']);
                        let value = value
                            .map(|v| v.trim().trim_matches(['\'', '"']))
                            .filter(|v| v.len() >= 3 && !v.contains(['\'', '"', '\\']));
                        match value {
                            Some(v) => found.push((3, v.to_string())),
                            None if !name.is_empty() => found.push((2, name.to_string())),
                            None => return None,
                        }
                        rest = &rest[end + 1..];
                    }
                    _ => return None,
                }
            }
            for f in found {
                let better = best
                    .as_ref()
                    .is_none_or(|b| (f.0, f.1.len()) > (b.0, b.1.len()));
                if better {
                    best = Some(f);
                }
            }
        }
        out.push(best?.1);
    }
    Some(out)
}

/// `s` split where `at` holds outside brackets and quotes.
fn split_outside(s: &str, at: impl Fn(char) -> bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut from) = (0usize, None, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']' | ')') => depth = depth.saturating_sub(1),
            (None, c) if depth == 0 && at(c) => {
                parts.push(&s[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[from..]);
    parts
}

/// `site` (first, when it is not registered) and the registered sites.
fn known(site: &'static SiteProfile) -> impl Iterator<Item = &'static SiteProfile> {
    let own = (!sites::ALL.contains(&site)).then_some(site);
    own.into_iter().chain(sites::ALL.iter().copied())
}

/// The attributes a selector reads: `[name…]` conditions, `class` for `.c`, `id` for `#i`.
pub(crate) fn selector_attributes(selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut quote = None;
    for (i, c) in selector.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '.') => out.push("class".to_string()),
            (None, '#') => out.push("id".to_string()),
            (None, '[') => {
                let rest = &selector[i + 1..];
                let name: String = rest
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
                    .collect();
                out.push(name.to_ascii_lowercase());
            }
            _ => {}
        }
    }
    out
}

impl SiteProfile {
    /// Checks the profile's page tables: every selector parses, the chrome rules compile, and
    /// every attribute a selector or the lazy-image rule reads is one the parser keeps (it drops
    /// all others before the tree is built, so such a selector could never match).
    pub fn check(&'static self) -> Result<()> {
        compiled(self)?;
        let pages = pages(self);
        let bad = |what: String| Err(Error::Config(format!("site profile {:?}: {what}", self.id)));
        let selectors = pages.layouts.iter().flat_map(|l| {
            [
                l.body,
                l.title,
                l.time,
                l.time_text,
                l.featured,
                l.caption,
                l.breadcrumbs,
                l.tags,
                l.drop,
            ]
            .into_iter()
            .flatten()
        });
        for selector in selectors {
            for attr in selector_attributes(selector) {
                if !crate::parse::KEPT_ATTRIBUTES.contains(&attr.as_str()) {
                    return bad(format!(
                        "selector {selector:?} reads the attribute {attr:?}, which the parser \
                         drops"
                    ));
                }
            }
        }
        for attr in pages.lazy_src_attrs {
            if !crate::parse::KEPT_ATTRIBUTES.contains(attr) {
                return bad(format!(
                    "lazy-image attribute {attr:?} is one the parser drops"
                ));
            }
        }
        // A site that reads its JSON-LD keeps, in the pre-pass, whatever element holds it.
        if let (true, Some(chrome)) = (pages.json_ld, &pages.chrome) {
            if !chrome
                .keep
                .iter()
                .any(|k| k.eq_ignore_ascii_case("ld+json"))
            {
                return bad(
                    "its pages read JSON-LD but its chrome rules do not keep \"ld+json\"".into(),
                );
            }
        }
        Ok(())
    }
}

/// Page-level selectors that do not depend on the site.
pub(crate) struct PageSelectors {
    pub canonical: Selector,
    pub og_url: Selector,
    pub og_title: Selector,
    pub title: Selector,
    pub keywords: Selector,
    pub published_time: Selector,
    pub modified_time: Selector,
    pub links: Selector,
    pub img: Selector,
    pub body: Selector,
    pub h1_h2: Selector,
    pub headings: Selector,
}

pub(crate) static PAGE: LazyLock<PageSelectors> = LazyLock::new(|| {
    // Constants of this crate: a selector that does not parse is a bug caught by the
    // `page_selectors_compile` test, not a runtime condition.
    let one = |s: &str| Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s:?}: {e}"));
    PageSelectors {
        canonical: one("link[rel=canonical]"),
        og_url: one("meta[property='og:url']"),
        og_title: one("meta[property='og:title']"),
        title: one("head title"),
        keywords: one("meta[name=keywords]"),
        published_time: one("meta[property='article:published_time']"),
        modified_time: one("meta[property='article:modified_time']"),
        links: one("a[href]"),
        img: one("img"),
        body: one("body"),
        h1_h2: one("h1, h2"),
        headings: one("h1, h2, h3, b, strong, font"),
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selector_names_what_its_match_carries() {
        let one = |s: &str| needles_of(s).map(|v| v.join(" "));
        assert_eq!(
            one("div#artbody time[datetime]").as_deref(),
            Some("artbody")
        );
        assert_eq!(one("div.arttop h1").as_deref(), Some("<h1"));
        assert_eq!(one("div.arttop img").as_deref(), Some("arttop"));
        assert_eq!(one("div#breadcrumb a").as_deref(), Some("breadcrumb"));
        assert_eq!(one("a[rel=tag]").as_deref(), Some("tag"));
        assert_eq!(one("a[href*='/tag/']").as_deref(), Some("/tag/"));
        assert_eq!(one("meta[property='og:url']").as_deref(), Some("og:url"));
        assert_eq!(one("h1, .caption").as_deref(), Some("<h1 caption"));
        assert_eq!(one("div > p").as_deref(), Some("<div"));
        for unsure in ["h1 + p", "p:first-child", "a ~ b", "", "[=x]"] {
            assert_eq!(one(unsure), None, "{unsure}");
        }
    }

    #[test]
    fn page_selectors_compile() {
        let _ = &PAGE.canonical;
    }

    #[test]
    fn the_attributes_a_selector_reads() {
        assert_eq!(
            selector_attributes("div.mbottom10 a[href*='/tag/']"),
            ["class", "href"]
        );
        assert_eq!(
            selector_attributes("div#artbody time[ datetime]"),
            ["id", "datetime"]
        );
        assert_eq!(selector_attributes("a[title='x.y#z']"), ["title"]);
        assert_eq!(selector_attributes("[id^=div-gpt-ad]"), ["id"]);
        assert_eq!(
            selector_attributes("div[itemprop=articleBody]"),
            ["itemprop"]
        );
    }

    /// The parser keeps every attribute a registered site's selectors read (see
    /// [`SiteProfile::check`]), and the check would notice one it drops.
    #[test]
    fn the_parsers_allow_list_covers_every_site() {
        for site in sites::ALL {
            site.check().unwrap_or_else(|e| panic!("{e}"));
        }
        static LAYOUTS: &[sites::Layout] =
            &[sites::Layout::new("x", &["div[data-story]"], &["h1"])];
        static PAGES: sites::Pages = sites::Pages::new(LAYOUTS);
        static GRAMMAR: NoUrls = NoUrls;
        static ODD: SiteProfile =
            SiteProfile::new("odd", "Odd", "https://odd.example/", &GRAMMAR).with_pages(&PAGES);
        let e = ODD.check().unwrap_err().to_string();
        assert!(e.contains("data-story"), "{e}");
        static BAD: &[sites::Layout] = &[sites::Layout::new("x", &["div[[["], &["h1"])];
        static BAD_PAGES: sites::Pages = sites::Pages::new(BAD);
        static BROKEN: SiteProfile =
            SiteProfile::new("broken", "Broken", "", &GRAMMAR).with_pages(&BAD_PAGES);
        assert!(matches!(BROKEN.check(), Err(Error::Config(_))));
        // JSON-LD read, but the chrome rules could cut the element that holds it.
        static LD_LAYOUTS: &[sites::Layout] = &[sites::Layout::new("x", &["div.story"], &["h1"])];
        static LD_PAGES: sites::Pages = sites::Pages::new(LD_LAYOUTS)
            .with_json_ld()
            .with_chrome(sites::Chrome::new(&["story"], &["nav"], &["<h1"]));
        static LD: SiteProfile =
            SiteProfile::new("ld", "Ld", "https://ld.example/", &GRAMMAR).with_pages(&LD_PAGES);
        let e = LD.check().unwrap_err().to_string();
        assert!(e.contains("ld+json"), "{e}");
    }

    struct NoUrls;

    impl sites::UrlGrammar for NoUrls {
        fn classify(&self, _: &Url) -> Option<sites::PageUrl> {
            None
        }
        fn mirror_page(&self, _: &[&str]) -> Option<sites::PageUrl> {
            None
        }
    }
}
