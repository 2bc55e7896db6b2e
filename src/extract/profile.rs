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
                climb: MAX_CLIMB,
                is_article_link: Box::new(is_article_link),
            })?)
        }
    };
    Ok(Compiled { layouts, chrome })
}

/// `site` (first, when it is not registered) and the registered sites.
fn known(site: &'static SiteProfile) -> impl Iterator<Item = &'static SiteProfile> {
    let own = (!sites::ALL.contains(&site)).then_some(site);
    own.into_iter().chain(sites::ALL.iter().copied())
}

/// The attributes a selector reads: `[name…]` conditions, `class` for `.c`, `id` for `#i`.
fn selector_attributes(selector: &str) -> Vec<String> {
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
