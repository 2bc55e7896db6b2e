//! A site's list profile ([`ListProfile`]), compiled once per site: its selectors and regular
//! expressions, and the check that they compile and read only attributes the parser keeps.

use regex::Regex;
use scraper::Selector;

use crate::error::{Error, Result};
use crate::parse;
use crate::sites::{ListProfile, ListTable, PerSite, SiteProfile};

/// A site's list profile, compiled: its selectors and regular expressions.
pub(super) struct Compiled {
    pub(super) tables: Vec<CompiledTable>,
    pub(super) headings: Vec<Selector>,
    pub(super) main_columns: Vec<Selector>,
    pub(super) box_headings: Vec<Selector>,
    pub(super) pager: Option<PagerSelectors>,
    pub(super) home_marker: Option<Regex>,
    pub(super) encoding_marker: Option<Regex>,
    pub(super) title_noise: Option<Regex>,
    pub(super) date_full: Option<Regex>,
    pub(super) date_month_day: Option<Regex>,
    pub(super) date_iso: Option<Regex>,
}

pub(super) struct PagerSelectors {
    pub(super) links: Selector,
    pub(super) numbers: Selector,
    pub(super) current: Selector,
}

pub(super) struct CompiledTable {
    pub(super) table: &'static ListTable,
    pub(super) container: Selector,
    pub(super) item: Selector,
    pub(super) link: Vec<Selector>,
    pub(super) excerpt: Vec<Selector>,
    pub(super) date: Vec<Selector>,
}

type Made<T> = std::result::Result<T, String>;

fn compile(s: &str) -> Made<Selector> {
    Selector::parse(s).map_err(|e| format!("bad list selector {s:?}: {e}"))
}

fn compile_all(list: &[&str]) -> Made<Vec<Selector>> {
    list.iter().map(|s| compile(s)).collect()
}

fn regex(r: Option<&str>) -> Made<Option<Regex>> {
    r.map(|r| Regex::new(r).map_err(|e| format!("bad list regular expression {r:?}: {e}")))
        .transpose()
}

fn compile_lists(lists: &ListProfile) -> Made<Compiled> {
    let boxes = lists.boxes;
    Ok(Compiled {
        tables: lists
            .tables
            .iter()
            .map(|t| {
                Ok(CompiledTable {
                    table: t,
                    container: compile(t.container)?,
                    item: compile(t.item)?,
                    link: compile_all(t.link)?,
                    excerpt: compile_all(t.excerpt)?,
                    date: compile_all(t.date)?,
                })
            })
            .collect::<Made<_>>()?,
        headings: compile_all(lists.headings)?,
        main_columns: compile_all(boxes.map_or(&[][..], |b| b.main_columns))?,
        box_headings: compile_all(boxes.map_or(&[][..], |b| b.headings))?,
        pager: match lists.pager {
            Some(p) => Some(PagerSelectors {
                links: compile(p.links)?,
                numbers: compile(p.numbers)?,
                current: compile(p.current)?,
            }),
            None => None,
        },
        home_marker: regex(lists.home.and_then(|h| h.marker))?,
        encoding_marker: regex(lists.encoding_marker)?,
        title_noise: regex(lists.title_noise)?,
        date_full: regex(lists.dates.full)?,
        date_month_day: regex(lists.dates.month_day)?,
        date_iso: regex(lists.dates.iso)?,
    })
}

/// The compiled list profile of `site`, which has one; a profile whose selectors or regular
/// expressions do not compile is a configuration error (the registered ones are tested).
pub(super) fn compiled(
    site: &'static SiteProfile,
    lists: &'static ListProfile,
) -> Result<&'static Compiled> {
    static COMPILED: PerSite<Made<Compiled>> = PerSite::new();
    COMPILED
        .get(site, |_| compile_lists(lists))
        .as_ref()
        .map_err(|e| Error::Config(format!("site profile {:?}: {e}", site.id)))
}

/// Checks a site's list profile: every selector and regular expression compiles, and every
/// attribute a selector reads is one the parser keeps.
pub(crate) fn check(site: &'static SiteProfile) -> Result<()> {
    let Some(lists) = site.lists else {
        return Ok(());
    };
    compiled(site, lists)?;
    let boxes = lists.boxes;
    let pager = lists.pager.map(|p| [p.links, p.numbers, p.current]);
    let selectors = lists
        .tables
        .iter()
        .flat_map(|t| {
            [t.container, t.item]
                .into_iter()
                .chain(t.link.iter().chain(t.excerpt).chain(t.date).copied())
        })
        .chain(lists.headings.iter().copied())
        .chain(
            boxes
                .iter()
                .flat_map(|b| b.main_columns.iter().chain(b.headings).copied()),
        )
        .chain(pager.into_iter().flatten());
    for selector in selectors {
        for attr in crate::extract::profile::selector_attributes(selector) {
            if !parse::KEPT_ATTRIBUTES.contains(&attr.as_str()) {
                return Err(Error::Config(format!(
                    "site profile {:?}: list selector {selector:?} reads the attribute {attr:?}, \
                     which the parser drops",
                    site.id
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sites;

    #[test]
    fn every_registered_list_profile_compiles_and_checks() {
        for site in sites::ALL {
            check(site).unwrap();
            if let Some(lists) = site.lists {
                let c = compiled(site, lists).unwrap();
                assert_eq!(c.tables.len(), lists.tables.len());
            }
        }
        let c = compiled(sites::DEFAULT, sites::DEFAULT.lists.unwrap()).unwrap();
        assert!(c.home_marker.is_some() && c.pager.is_some() && c.date_full.is_some());
    }

    #[test]
    fn a_bad_selector_or_regex_or_dropped_attribute_is_a_config_error() {
        struct NoLists;
        impl sites::ListGrammar for NoLists {
            fn list_page(&self, _: &url::Url) -> Option<sites::ListPage> {
                None
            }
            fn page_url(&self, _: &sites::ListPage, _: u32) -> Option<sites::PageUrl> {
                None
            }
        }
        static BAD_SELECTOR: &[ListTable] = &[ListTable::new("x", "div[", "li", &["a"])];
        static DROPPED: &[ListTable] = &[ListTable::new("x", "div[data-x]", "li", &["a"])];
        static L1: ListProfile = ListProfile::new(&NoLists, BAD_SELECTOR);
        static L2: ListProfile = ListProfile::new(&NoLists, DROPPED);
        static L3: ListProfile = ListProfile::new(&NoLists, &[]).with_title_noise("(");
        static S1: SiteProfile =
            SiteProfile::new("s1", "S1", "https://s1.example/", &NoGrammar).with_lists(&L1);
        static S2: SiteProfile =
            SiteProfile::new("s2", "S2", "https://s2.example/", &NoGrammar).with_lists(&L2);
        static S3: SiteProfile =
            SiteProfile::new("s3", "S3", "https://s3.example/", &NoGrammar).with_lists(&L3);
        struct NoGrammar;
        impl sites::UrlGrammar for NoGrammar {
            fn classify(&self, _: &url::Url) -> Option<sites::PageUrl> {
                None
            }
            fn mirror_page(&self, _: &[&str]) -> Option<sites::PageUrl> {
                None
            }
        }
        for (site, want) in [
            (&S1, "bad list selector"),
            (&S2, "data-x"),
            (&S3, "regular"),
        ] {
            match check(site) {
                Err(Error::Config(m)) => assert!(m.contains(want), "{m}"),
                other => panic!("{other:?}"),
            }
        }
    }
}
