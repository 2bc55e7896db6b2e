//! Original-site URLs → mirror URLs, and back: the one rule for every mirrored site.
//!
//! A [`LinkMap`] holds the mirrors links may point into: for each site, its profile (whose URL
//! grammar says which URLs name pages the mirror holds, and their paths: see [`crate::sites`] and
//! each site's module for what is mapped) and the base URL of its mirror. A mapped URL becomes
//! `{base}{mirror path}{anchor}`; everything else is left alone: [`LinkMap::rewrite`] returns it
//! as an absolute URL.
//!
//! # Decisions
//!
//! * **Query and fragment of a mapped page are dropped.** The mirror holds one file per page and
//!   every file has its own `#1` anchor, so the original fragment (`#comments`, `#4`) points
//!   nowhere in the mirror. The sites select pages by path, not by query (list paging is
//!   `nsc413_2.htm`, not `?p=2`): a query on these path shapes is tracking (`?utm_…`) or
//!   leftover, and even if it selected other content the mirror holds only the one file, which
//!   is still the best target for a reader who cannot reach the original. A fragment-only href
//!   (`#nsc413`) therefore resolves to the mirror of the page it is found on.
//! * **Unmapped URLs keep their query and fragment**: they are returned absolute, in the WHATWG
//!   serialisation of the `url` crate (what a browser follows: lower-case host, default port
//!   removed, non-ASCII percent-encoded, `http://host` gets its `/`).
//! * **Safety is not judged here**, but only `http`/`https` URLs are ever mapped: `javascript:`,
//!   `data:`, `mailto:` and the like come back unchanged for the sanitiser to reject or keep.
//! * **Relative hrefs need a base.** Without one, a relative href (including `//host/…`) cannot
//!   be resolved and [`LinkMap::rewrite`] returns `None`.
//! * **Inverse.** [`LinkMap::original_url`] accepts mirror URLs on the configured bases and on
//!   `github.com` under every account each mirror has used ([`Mirror::accounts`]), over `http` or
//!   `https`, with no query or the promo queries `?dfh` / `?zsrh`, and any fragment. It returns
//!   the canonical original URL.

use std::fmt;

use url::Url;

use crate::model::Site;
use crate::sites::{self, Mirror, SiteProfile};
use crate::url_safety::resolve_href;

/// The Epoch Times article URL, now at home in its site's module (kept here for existing users).
pub use crate::sites::epochtimes::ArticleUrl;
pub use crate::sites::{PageKind, PageUrl, Target};

/// Where the mirrors live: each mirrored site's profile and the base of its mirror. The default
/// reproduces the current mirrors (every registered site with a mirror, at its own base, anchor
/// `#1`); the account has changed over time, so the bases are configuration.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkMap {
    /// `(site, base)`, in the order URLs are tried.
    mirrors: Vec<(&'static SiteProfile, String)>,
    /// Appended to every mirror URL: `#1` (the anchor every mirror file defines).
    pub anchor: String,
}

impl Default for LinkMap {
    fn default() -> Self {
        LinkMap {
            mirrors: mirrored(sites::ALL)
                .map(|(site, mirror)| (site, mirror.base.to_string()))
                .collect(),
            anchor: "#1".into(),
        }
    }
}

impl fmt::Debug for LinkMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("LinkMap");
        for (site, base) in &self.mirrors {
            d.field(site.id, base);
        }
        d.field("anchor", &self.anchor).finish()
    }
}

/// The sites of `list` that have a mirror.
fn mirrored(
    list: &'static [&'static SiteProfile],
) -> impl Iterator<Item = (&'static SiteProfile, &'static Mirror)> {
    list.iter().filter_map(|s| Some((*s, s.mirror?)))
}

impl LinkMap {
    /// The mirrors of a GitHub account: every registered mirror on GitHub at
    /// `https://github.com/{account}/{name}/blob/master/`, anchor `#1`. `LinkMap::default()` is
    /// the current account's; Gen B files need `for_account("19920513")`.
    pub fn for_account(account: &str) -> LinkMap {
        LinkMap {
            mirrors: mirrored(sites::ALL)
                .map(|(site, mirror)| {
                    let base = if mirror.accounts.is_empty() {
                        mirror.base.to_string()
                    } else {
                        mirror.github_base(account)
                    };
                    (site, base)
                })
                .collect(),
            anchor: "#1".into(),
        }
    }

    /// The same map with `site`'s mirror at `base` (added after the others, or moved there).
    pub fn with_site(mut self, site: &'static SiteProfile, base: impl Into<String>) -> LinkMap {
        self.set_base(site, base);
        self
    }

    /// Sets the base of `site`'s mirror (adding the site when the map does not hold it).
    pub fn set_base(&mut self, site: &'static SiteProfile, base: impl Into<String>) {
        let base = base.into();
        match self.mirrors.iter_mut().find(|(s, _)| s.id == site.id) {
            Some(entry) => *entry = (site, base),
            None => self.mirrors.push((site, base)),
        }
    }

    /// The base of a site's mirror, `None` when the map holds no mirror of it.
    pub fn base(&self, site: &Site) -> Option<&str> {
        self.mirrors
            .iter()
            .find(|(s, _)| s.id == site.as_str())
            .map(|(_, b)| b.as_str())
    }

    /// The profile of a site the map holds.
    pub fn site(&self, site: &Site) -> Option<&'static SiteProfile> {
        self.sites().find(|s| s.id == site.as_str())
    }

    /// The sites whose mirrors the map holds, in order.
    pub fn sites(&self) -> impl Iterator<Item = &'static SiteProfile> + '_ {
        self.mirrors.iter().map(|(s, _)| *s)
    }

    /// The page an absolute original URL names on a site the map holds.
    pub fn classify(&self, url: &Url) -> Option<Target> {
        sites::classify_in(self.sites(), url)
    }

    /// The mirror URL of an original-site page, or `None` when no mirror holds such pages.
    ///
    /// `original` must be absolute; its query and fragment are dropped (see the module docs).
    pub fn mirror_url(&self, original: &Url) -> Option<String> {
        self.mirror_url_of(&self.classify(original)?)
    }

    /// The mirror URL of a classified page (base + [`PageUrl::mirror_path`] + anchor); `None`
    /// when the map holds no mirror of its site.
    pub fn mirror_url_of(&self, target: &Target) -> Option<String> {
        let base = self.base(&target.site.site())?;
        let slash = if base.ends_with('/') { "" } else { "/" };
        Some(format!(
            "{base}{slash}{}{}",
            target.page.mirror_path, self.anchor
        ))
    }

    /// Rewrites an `href` found on a page: resolved against `base`, mapped into the mirror when the
    /// mirror holds the page, otherwise returned absolute and unchanged. `None` when it cannot be
    /// resolved.
    ///
    /// Leading and trailing whitespace and control characters are ignored; an empty href gives
    /// `None` (it is not taken as a link to the page itself), as does a relative href without a
    /// `base`. Only `http`/`https` URLs are ever mapped; other schemes (`mailto:`,
    /// `javascript:` …) come back as they are, for the sanitiser to judge.
    pub fn rewrite(&self, href: &str, base: Option<&Url>) -> Option<String> {
        let url = resolve_href(href, base)?;
        Some(self.mirror_url(&url).unwrap_or_else(|| url.into()))
    }

    /// The original URL of a mirror URL (the inverse of [`LinkMap::mirror_url`]).
    ///
    /// Accepts the configured bases and the `github.com` mirrors of every account in the
    /// mirrors' [`Mirror::accounts`], `http` or `https`, no query or `?dfh` / `?zsrh`, any
    /// fragment: `https://github.com/19920513/djy/blob/master/gb/25/8/20/n14577375.md?dfh#1` →
    /// `https://www.epochtimes.com/gb/25/8/20/n14577375.htm`. `None` for anything else.
    pub fn original_url(&self, mirror: &str) -> Option<String> {
        Some(self.mirror_target(mirror)?.page.canonical)
    }

    /// Classifies a mirror URL (see [`LinkMap::original_url`] for what is accepted): `None` for
    /// what is not a mirror file of a known kind.
    pub fn mirror_target(&self, mirror: &str) -> Option<Target> {
        let url = Url::parse(mirror.trim_matches(|c: char| c <= ' ')).ok()?;
        if !matches!(url.query(), None | Some("" | "dfh" | "zsrh")) {
            return None;
        }
        let accounts = self
            .mirrors
            .iter()
            .flat_map(|(site, _)| site.mirror.map(|m| m.accounts.len()))
            .max()
            .unwrap_or(0);
        let known = (0..accounts).flat_map(|i| {
            self.mirrors.iter().filter_map(move |(site, _)| {
                let mirror = site.mirror?;
                Some((*site, mirror.github_base(mirror.accounts.get(i)?)))
            })
        });
        self.mirrors
            .iter()
            .map(|(site, base)| (*site, base.clone()))
            .chain(known)
            .find_map(|(site, base)| {
                let rest = strip_base(&url, &base)?;
                let page = site.urls.mirror_page(&rest)?;
                Some(Target { site, page })
            })
    }
}

/// The path segments of `url` below `base`, when `url` lies under `base` (same host, same
/// explicit port if any, `http` and `https` counting as one).
fn strip_base<'u>(url: &'u Url, base: &str) -> Option<Vec<&'u str>> {
    let base = Url::parse(base).ok()?;
    let web = |u: &Url| matches!(u.scheme(), "http" | "https");
    if !(web(url) && web(&base) || url.scheme() == base.scheme())
        || url.host_str() != base.host_str()
        || url.port() != base.port()
    {
        return None;
    }
    let prefix = base.path().trim_end_matches('/');
    let rest = url.path().strip_prefix(prefix)?.strip_prefix('/')?;
    Some(rest.split('/').collect())
}

#[cfg(test)]
mod tests {
    //! The link map with a made-up site; the real sites' grammars are tested in their modules.

    use super::*;
    use crate::model::Edition;
    use crate::sites::{PageKind, UrlGrammar};

    /// `https://news.example/a/ID.html` ↔ `a/ID.md`.
    struct Grammar;

    impl UrlGrammar for Grammar {
        fn classify(&self, url: &Url) -> Option<PageUrl> {
            if url.host_str()? != "news.example" {
                return None;
            }
            let path: Vec<&str> = url.path_segments()?.collect();
            let ["a", file] = path.as_slice() else {
                return None;
            };
            self.mirror_page(&["a", &format!("{}.md", file.strip_suffix(".html")?)])
        }

        fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
            let ["a", file] = path else { return None };
            let id = file.strip_suffix(".md")?;
            (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| {
                PageUrl::new(
                    PageKind::Article,
                    Edition::Gb,
                    id,
                    format!("https://news.example/a/{id}.html"),
                    format!("a/{id}.md"),
                )
            })
        }
    }

    static MIRROR: Mirror =
        Mirror::new("example", "https://mirror.example/ex/").with_accounts(&["current", "former"]);
    static EXAMPLE: SiteProfile =
        SiteProfile::new("example", "Example", "https://news.example/", &Grammar)
            .with_mirror(&MIRROR);

    #[test]
    fn a_site_of_its_own_is_mapped_both_ways() {
        let map = LinkMap::default().with_site(&EXAMPLE, "https://mirror.example/ex");
        let page = Url::parse("https://news.example/a/7.html").unwrap();
        assert_eq!(
            map.rewrite("7.html?x=1#y", Some(&page)).as_deref(),
            Some("https://mirror.example/ex/a/7.md#1")
        );
        assert_eq!(
            map.rewrite("/b/7.html", Some(&page)).as_deref(),
            Some("https://news.example/b/7.html")
        );
        assert_eq!(
            map.original_url("https://mirror.example/ex/a/7.md#1")
                .as_deref(),
            Some("https://news.example/a/7.html")
        );
        // Its former GitHub account is read back too, and the site's other mirrors still work.
        assert_eq!(
            map.original_url("https://github.com/former/example/blob/master/a/7.md?dfh")
                .as_deref(),
            Some("https://news.example/a/7.html")
        );
        assert_eq!(
            map.original_url("https://mirror.example/ex/a/7.md?q=1"),
            None
        );
        assert_eq!(map.base(&EXAMPLE.site()), Some("https://mirror.example/ex"));
        assert!(map.sites().count() > 1);
        // The default map does not know it.
        assert_eq!(LinkMap::default().mirror_url(&page), None);
        assert_eq!(
            LinkMap::for_account("x")
                .with_site(&EXAMPLE, "https://mirror.example/")
                .base(&EXAMPLE.site()),
            Some("https://mirror.example/")
        );
    }

    #[test]
    fn for_account_moves_every_github_mirror() {
        let map = LinkMap::for_account("someone");
        for site in map.sites() {
            let base = map.base(&site.site()).unwrap();
            assert!(base.starts_with("https://github.com/someone/"), "{base}");
        }
        assert_eq!(
            LinkMap::default(),
            LinkMap::for_account(sites::DEFAULT.mirror.unwrap().accounts[0])
        );
    }
}
