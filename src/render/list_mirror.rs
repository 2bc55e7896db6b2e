//! The mirror renderer of list pages (`list-pages-format.md`): the list frame (anchor,
//! navigation row, text bar, title row, right column), the rows of layouts A and B byte for
//! byte, the portal (P) and home (H) bodies, the pager and the ending.
//!
//! The fixed text comes from the list templates of the listing's site
//! ([`ListMirror`](crate::sites::ListMirror) of its [`ListProfile`](crate::sites::ListProfile),
//! for the Epoch Times the files of `templates/djy/list/`); the random parts of the frame (the text bar's CloudFront hosts and query letters, the video host of
//! the right column) are drawn from a seed, by default the list's URL, so a conversion is
//! reproducible. Every item link is rewritten into the mirror (a traditional-script list's
//! articles to their `gb` files, §1); every text is escaped; nothing points at the site but the
//! ending's 原文地址, as in every list file. The output has no blank line, so GitHub reads it as one
//! HTML block.

use std::io::{self, Write};

use url::Url;

use super::escape;
use super::images::ImagePolicy;
use super::template::Template;
use crate::error::{Error, Result};
use crate::linkmap::LinkMap;
use crate::listing::model::{ListBox, ListItem, ListLayout, Listing};
use crate::listing::{item_target, target_of};
use crate::sites::{ListMirror, PerSite, SiteProfile};
use crate::url_safety::{Allowed, safe_url};

/// The list template files the renderer knows, with the placeholders each may use. A site's
/// [`ListMirror::templates`] names some of them; a part it does not give is empty.
const FILES: [(&str, &[&str]); 25] = [
    ("anchor-nav.html", &[]),
    ("text-bar.html", &["host", "q"]),
    ("title-row.html", &["heading"]),
    ("column-130.html", &["host"]),
    ("row-a.html", &["url", "title", "thumb", "excerpt", "date"]),
    ("thumb-a.html", &["url", "src"]),
    ("row-b.html", &["url", "title", "thumb", "excerpt", "date"]),
    ("thumb-b.html", &["url", "src"]),
    ("pager.html", &["prev", "pages", "next"]),
    ("ending.html", &["mirror_url", "qr_url", "original_url"]),
    ("p/anchor-nav.html", &[]),
    ("p/text-bar.html", &["host", "q"]),
    ("p/title-row.html", &["heading"]),
    ("p/column-300.html", &["host"]),
    ("p/headline.html", &["url", "title", "src"]),
    ("p/heading.html", &["heading"]),
    ("p/item.html", &["url", "title"]),
    ("h/anchor-nav.html", &[]),
    ("h/text-bar.html", &["host", "q"]),
    ("h/top.html", &["left", "right", "rows", "column"]),
    ("h/row.html", &["left", "right"]),
    ("h/heading.html", &["heading"]),
    ("h/headline.html", &["url", "title", "src"]),
    ("h/item.html", &["url", "title"]),
    ("h/more.html", &["url"]),
];

/// A site's parsed list templates and host pool.
struct Set {
    mirror: &'static ListMirror,
    anchor_nav: Template,
    text_bar: Template,
    title_row: Template,
    column_130: Template,
    row_a: Template,
    thumb_a: Template,
    row_b: Template,
    thumb_b: Template,
    pager: Template,
    ending: Template,
    p_anchor_nav: Template,
    p_text_bar: Template,
    p_title_row: Template,
    p_column_300: Template,
    p_headline: Template,
    p_heading: Template,
    p_item: Template,
    h_anchor_nav: Template,
    h_text_bar: Template,
    h_top: Template,
    h_row: Template,
    h_heading: Template,
    h_headline: Template,
    h_item: Template,
    h_more: Template,
    hosts: Vec<String>,
}

impl Set {
    /// Parses a site's list templates: every part it names must be one of [`FILES`].
    fn parse(mirror: &'static ListMirror) -> Result<Set> {
        let set = mirror.templates;
        if let Some((file, _)) = set
            .files
            .iter()
            .find(|(f, _)| !FILES.iter().any(|(known, _)| known == f))
        {
            return Err(Error::Config(format!(
                "list template {file:?} is none of the list renderer's parts"
            )));
        }
        let part = |file: &str| -> Result<Template> {
            let slots = FILES
                .iter()
                .find(|(f, _)| *f == file)
                .map_or(&[][..], |(_, s)| *s);
            let source = set
                .files
                .iter()
                .find(|(f, _)| *f == file)
                .map_or("", |(_, s)| *s);
            Template::parse(file, source, slots)
        };
        Ok(Set {
            mirror,
            anchor_nav: part("anchor-nav.html")?,
            text_bar: part("text-bar.html")?,
            title_row: part("title-row.html")?,
            column_130: part("column-130.html")?,
            row_a: part("row-a.html")?,
            thumb_a: part("thumb-a.html")?,
            row_b: part("row-b.html")?,
            thumb_b: part("thumb-b.html")?,
            pager: part("pager.html")?,
            ending: part("ending.html")?,
            p_anchor_nav: part("p/anchor-nav.html")?,
            p_text_bar: part("p/text-bar.html")?,
            p_title_row: part("p/title-row.html")?,
            p_column_300: part("p/column-300.html")?,
            p_headline: part("p/headline.html")?,
            p_heading: part("p/heading.html")?,
            p_item: part("p/item.html")?,
            h_anchor_nav: part("h/anchor-nav.html")?,
            h_text_bar: part("h/text-bar.html")?,
            h_top: part("h/top.html")?,
            h_row: part("h/row.html")?,
            h_heading: part("h/heading.html")?,
            h_headline: part("h/headline.html")?,
            h_item: part("h/item.html")?,
            h_more: part("h/more.html")?,
            hosts: mirror
                .hosts
                .lines()
                .filter(|l| !l.starts_with("{#") && !l.trim().is_empty())
                .map(|l| l.trim().to_string())
                .collect(),
        })
    }
}

/// The parsed list templates of `site`'s mirror, made once; `None` when the site's list pages
/// are not mirrored.
fn set_of(site: &'static SiteProfile) -> Option<Result<&'static Set>> {
    static SETS: PerSite<std::result::Result<Set, String>> = PerSite::new();
    let mirror = site.lists?.mirror?;
    Some(
        SETS.get(site, |_| Set::parse(mirror).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Config(format!("site profile {:?}: {e}", site.id))),
    )
}

impl SiteProfile {
    /// Checks the profile's list pages ([`SiteProfile::lists`]): every list selector and regular
    /// expression compiles, every attribute a list selector reads is one the parser keeps, and
    /// the mirror's list templates parse. A profile without list pages passes.
    pub fn check_lists(&'static self) -> Result<()> {
        crate::listing::check(self)?;
        match set_of(self) {
            Some(set) => set.map(|_| ()),
            None => Ok(()),
        }
    }
}

/// A deterministic stream of draws (SplitMix64) keyed by the FNV-1a hash of the seed (no
/// cryptography needed: the draws only have to be the same for the same seed).
pub(crate) struct Draw {
    state: u64,
}

impl Draw {
    pub(crate) fn new(seed: &str) -> Draw {
        let state = seed.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        });
        Draw { state }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A host of the pool; nothing from an empty pool.
    pub(crate) fn host<'p>(&mut self, pool: &'p [String]) -> &'p str {
        if pool.is_empty() {
            return "";
        }
        &pool[self.below(pool.len())]
    }

    /// 5 to 9 lower-case letters (§3.3).
    pub(crate) fn query(&mut self) -> String {
        let len = 5 + self.below(5);
        (0..len)
            .map(|_| char::from(b'a' + self.below(26) as u8))
            .collect()
    }
}

/// The mirror URL of a list item's article, as its site's lists link it (the Epoch Times: the
/// `gb` file for either script, §1); another site's article goes to its own mirror.
pub(crate) fn item_href(links: &LinkMap, url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    let target = links.classify(&parsed).filter(|t| t.page.is_article())?;
    let href = links.mirror_url_of(&item_target(target))?;
    safe_url(&href, None, Allowed::Web)
}

/// The link text of an item: its title, or the article's id when the page gave it none.
fn item_title(item: &ListItem) -> &str {
    if item.title.is_empty() {
        item.url
            .rsplit('/')
            .next()
            .and_then(|f| f.split('.').next())
            .unwrap_or("")
    } else {
        &item.title
    }
}

pub(crate) fn write(
    listing: &Listing,
    links: &LinkMap,
    seed: Option<&str>,
    images: &ImagePolicy,
    out: &mut dyn Write,
) -> Result<()> {
    let not_mirrorable = || Error::NotMirrorable {
        url: listing.url.clone(),
    };
    // The listing's site, as the link map holds it (a site defined by the user included).
    let site = links.site(&listing.site).ok_or_else(not_mirrorable)?;
    let set = set_of(site).ok_or_else(not_mirrorable)??;
    let mirror_url = target_of(site, listing, listing.page)
        .and_then(|t| links.mirror_url_of(&t))
        .ok_or_else(not_mirrorable)?;
    let mut draw = Draw::new(seed.unwrap_or(&listing.url));
    let r = Rows {
        site,
        links,
        images,
        listing,
    };
    let (anchor_nav, text_bar) = match listing.layout {
        ListLayout::A | ListLayout::B => (&set.anchor_nav, &set.text_bar),
        ListLayout::P => (&set.p_anchor_nav, &set.p_text_bar),
        ListLayout::H => (&set.h_anchor_nav, &set.h_text_bar),
    };
    anchor_nav.write(out, |_, _| Ok(()))?;
    text_bar.write(out, |slot, w| match slot {
        "host" => w.write_all(draw.host(&set.hosts).as_bytes()),
        _ => w.write_all(draw.query().as_bytes()),
    })?;
    let video_host = draw.host(&set.hosts).to_string();
    let column =
        |t: &Template, w: &mut dyn Write| t.write(w, |_, w| w.write_all(video_host.as_bytes()));
    match listing.layout {
        ListLayout::A | ListLayout::B => {
            set.title_row
                .write(out, |_, w| escape::text(w, &listing.heading))?;
            column(&set.column_130, out)?;
            out.write_all(b"\n")?;
            for item in &listing.items {
                r.row(set, item, out)?;
            }
        }
        ListLayout::P => {
            set.p_title_row
                .write(out, |_, w| escape::text(w, &listing.heading))?;
            column(&set.p_column_300, out)?;
            out.write_all(b"\n")?;
            r.portal(set, out)?;
        }
        ListLayout::H => {
            r.home(set, &|w| column(&set.column_130, w), out)?;
        }
    }
    if listing.pager.is_some() {
        r.pager(set, out)?;
    }
    set.ending.write(out, |slot, w| match slot {
        "qr_url" => escape::attr(w, &mirror_url.replace('#', "%23")),
        "original_url" => escape::attr(w, &listing.url),
        _ => escape::attr(w, &mirror_url),
    })?;
    Ok(())
}

struct Rows<'a> {
    site: &'static SiteProfile,
    links: &'a LinkMap,
    images: &'a ImagePolicy,
    listing: &'a Listing,
}

impl Rows<'_> {
    fn thumb(&self, item: &ListItem) -> Option<String> {
        safe_url(
            &self.images.src(item.thumbnail.as_deref()?),
            None,
            Allowed::Web,
        )
    }

    /// One row of layout A or B (§4.2, §4.3).
    fn row(&self, set: &Set, item: &ListItem, w: &mut dyn Write) -> io::Result<()> {
        let Some(href) = item_href(self.links, &item.url) else {
            return Ok(());
        };
        let (row, thumb) = match self.listing.layout {
            ListLayout::B => (&set.row_b, &set.thumb_b),
            _ => (&set.row_a, &set.thumb_a),
        };
        let src = self.thumb(item);
        row.write(w, |slot, w| match slot {
            "url" => escape::attr(w, &href),
            "title" => escape::text(w, item_title(item)),
            "thumb" => match &src {
                Some(src) => thumb.write(w, |slot, w| match slot {
                    "url" => escape::attr(w, &href),
                    _ => escape::attr(w, src),
                }),
                None => Ok(()),
            },
            "excerpt" => excerpt(w, &item.excerpt),
            _ => escape::text(w, item.date.as_ref().map_or("", |d| d.text.as_str())),
        })
    }

    /// The portal body (§7): the headline with its image, then each section's heading and
    /// title links.
    fn portal(&self, set: &Set, w: &mut dyn Write) -> io::Result<()> {
        let mut headline_done = false;
        for b in &self.listing.boxes {
            if !b.heading.is_empty() {
                set.p_heading.write(w, |_, w| escape::text(w, &b.heading))?;
            }
            for item in &b.items {
                let Some(href) = item_href(self.links, &item.url) else {
                    continue;
                };
                let src = (!headline_done).then(|| self.thumb(item)).flatten();
                match src {
                    Some(src) => {
                        headline_done = true;
                        set.p_headline.write(w, |slot, w| match slot {
                            "url" => escape::attr(w, &href),
                            "src" => escape::attr(w, &src),
                            _ => escape::text(w, item_title(item)),
                        })?
                    }
                    None => set.p_item.write(w, |slot, w| match slot {
                        "url" => escape::attr(w, &href),
                        _ => escape::text(w, item_title(item)),
                    })?,
                }
            }
        }
        Ok(())
    }

    /// The home body (§8): the first two boxes beside the image column, then two boxes a row.
    fn home(
        &self,
        set: &Set,
        column: &dyn Fn(&mut dyn Write) -> io::Result<()>,
        w: &mut dyn Write,
    ) -> io::Result<()> {
        let boxes = &self.listing.boxes;
        let later = boxes.len().saturating_sub(2).div_ceil(2);
        let rows = (1 + later).to_string();
        let cell = |i: usize, w: &mut dyn Write| match boxes.get(i) {
            Some(b) => self.home_box(set, b, w),
            None => Ok(()),
        };
        set.h_top.write(w, |slot, w| match slot {
            "left" => cell(0, w),
            "right" => cell(1, w),
            "rows" => w.write_all(rows.as_bytes()),
            _ => column(w),
        })?;
        w.write_all(b"\n")?;
        let mut i = 2;
        while i < boxes.len() {
            set.h_row.write(w, |slot, w| match slot {
                "left" => cell(i, w),
                _ => cell(i + 1, w),
            })?;
            i += 2;
        }
        Ok(())
    }

    /// A box of the home page: its heading, its first item with an image as a headline (320-px
    /// image and centred title, as the real file's boxes have it), the others as title links,
    /// and its "more" link to the section's list file.
    fn home_box(&self, set: &Set, b: &ListBox, w: &mut dyn Write) -> io::Result<()> {
        if !b.heading.is_empty() {
            set.h_heading.write(w, |_, w| escape::text(w, &b.heading))?;
        }
        let mut headline = true;
        for item in &b.items {
            let Some(href) = item_href(self.links, &item.url) else {
                continue;
            };
            let src = headline.then(|| self.thumb(item)).flatten();
            match src {
                Some(src) => {
                    headline = false;
                    set.h_headline.write(w, |slot, w| match slot {
                        "url" => escape::attr(w, &href),
                        "src" => escape::attr(w, &src),
                        _ => escape::text(w, item_title(item)),
                    })?
                }
                None => set.h_item.write(w, |slot, w| match slot {
                    "url" => escape::attr(w, &href),
                    _ => escape::text(w, item_title(item)),
                })?,
            }
        }
        let more = b.more.as_deref().and_then(|m| {
            let url = Url::parse(m).ok()?;
            safe_url(&self.links.mirror_url(&url)?, None, Allowed::Web)
        });
        if let Some(href) = more {
            set.h_more.write(w, |_, w| escape::attr(w, &href))?;
        }
        Ok(())
    }

    /// The mirror's own pager (§5): pages 1 to 10 whatever the page's range.
    fn pager(&self, set: &Set, w: &mut dyn Write) -> io::Result<()> {
        let k = self.listing.page;
        let link = |n: u32| {
            target_of(self.site, self.listing, n)
                .and_then(|t| self.links.mirror_url_of(&t))
                .unwrap_or_default()
        };
        set.pager.write(w, |slot, w| match slot {
            "prev" => escape::attr(w, &link(k.saturating_sub(1).max(1))),
            "next" => escape::attr(w, &link(k + 1)),
            _ => {
                let m = set.mirror;
                for n in 1..=m.pager_pages {
                    if n == k && k == 1 {
                        w.write_all(m.pager_current_first.as_bytes())?;
                    } else if n == k {
                        write!(w, "{n}{}", m.pager_separator)?;
                    } else {
                        w.write_all(b"<a href=\"")?;
                        escape::attr(w, &link(n))?;
                        write!(w, "\">{n}</a>{}", m.pager_separator)?;
                    }
                }
                Ok(())
            }
        })
    }
}

/// An excerpt as HTML text with its line breaks kept as line breaks (§4.1); the extractor
/// has closed up blank lines, and any left (a hand-built model) are closed up here, so that no
/// blank line ends the HTML block.
fn excerpt(w: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut first = true;
    for line in text.split(['\n', '\r']) {
        if line.trim().is_empty() {
            continue;
        }
        if !first {
            w.write_all(b"\n")?;
        }
        first = false;
        escape::text(w, line)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_set() -> &'static Set {
        set_of(crate::sites::DEFAULT).unwrap().unwrap()
    }

    #[test]
    fn registered_list_profiles_check() {
        for site in crate::sites::ALL {
            site.check_lists().unwrap();
        }
        assert!(crate::sites::DEFAULT.lists.is_some());
    }

    #[test]
    fn an_unknown_part_or_placeholder_is_refused() {
        use crate::sites::TemplateSet;
        static ODD: TemplateSet = TemplateSet::new(&[("rows.html", "x")]);
        static BAD: TemplateSet = TemplateSet::new(&[("row-a.html", "{{nope}}")]);
        static GOOD: TemplateSet = TemplateSet::new(&[("row-a.html", "<a href=\"{{url}}\">")]);
        static ODD_M: ListMirror = ListMirror::new(&ODD);
        static BAD_M: ListMirror = ListMirror::new(&BAD);
        static GOOD_M: ListMirror = ListMirror::new(&GOOD);
        assert!(matches!(Set::parse(&ODD_M), Err(Error::Config(_))));
        assert!(matches!(Set::parse(&BAD_M), Err(Error::Config(_))));
        let good = Set::parse(&GOOD_M).unwrap();
        assert!(good.hosts.is_empty() && good.ending.literal().is_empty());
        // An empty host pool draws nothing rather than failing.
        assert_eq!(Draw::new("x").host(&good.hosts), "");
    }

    #[test]
    fn builtin_list_templates_parse_with_their_sizes() {
        let set = default_set();
        let chars = |t: &Template| t.literal().chars().count();
        // ANCHOR + navigation row: 2,040 characters (§3.2); the text bar is 2,011 with its 51
        // placeholders written as {HOST}/{Q} (six characters each), 26 link queries, 25 hosts.
        assert_eq!(chars(&set.anchor_nav), 2040);
        assert_eq!(chars(&set.text_bar) + 25 * 6 + 26 * 3, 2011);
        assert_eq!(chars(&set.column_130) + 25 * 6, 10363);
        assert_eq!(chars(&set.p_column_300) + 25 * 6, 9846);
        assert_eq!(chars(&set.p_anchor_nav), 1872);
        assert!(set.column_130.literal().ends_with("<br></td></tr>"));
        assert_eq!(set.column_130.literal().matches("<br>").count(), 47);
        assert!(set.hosts.len() >= 100);
        assert!(set.hosts.iter().all(|h| {
            h.starts_with('d')
                && h.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        }));
    }

    #[test]
    fn draws_are_deterministic_and_well_formed() {
        let pool = &default_set().hosts;
        let mut a = Draw::new("https://www.epochtimes.com/gb/nsc413.htm");
        let mut b = Draw::new("https://www.epochtimes.com/gb/nsc413.htm");
        let mut c = Draw::new("https://www.epochtimes.com/gb/nsc413_2.htm");
        let xs: Vec<String> = (0..20).map(|_| a.query()).collect();
        let ys: Vec<String> = (0..20).map(|_| b.query()).collect();
        let zs: Vec<String> = (0..20).map(|_| c.query()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        assert!(
            xs.iter()
                .all(|q| (5..=9).contains(&q.len()) && q.bytes().all(|b| b.is_ascii_lowercase()))
        );
        assert_eq!(a.host(pool), b.host(pool));
    }
}
