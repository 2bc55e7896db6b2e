//! The Epoch Times URL grammar (mirror-format.md §2, §5).
//!
//! | original (`http` or `https`, with or without `www.`, any case in the host) | mirror path |
//! |---|---|
//! | `epochtimes.com/{gb,b5}/Y/M/D/nID.htm` (article) | `{gb,b5}/Y/M/D/nID.md` |
//! | `epochtimes.com/{gb,b5}/NAME.htm` (section, topic, paging `nsc413_2`) | `{gb,b5}/NAME.md` |
//! | `epochtimes.com/{gb,b5}/tag/TAG.html` (tag page) | `{gb,b5}/tag/TAG.md` |
//!
//! * **Numbers are normalised.** Article paths use the year minus 2000 and month and day without
//!   zero padding (`/gb/1/1/1/n28504.htm` is 2001-01-01); a padded link such as `/gb/25/08/20/…`
//!   reaches the same page and is mapped to the same unpadded mirror file (`gb/25/8/20/…`). The
//!   date must be a real date.
//! * **Tags are percent-encoded UTF-8 with upper-case hex.** A tag given unencoded (`法轮功`) or
//!   with lower-case hex comes out as `%E6%B3%95%E8%BD%AE%E5%8A%9F`; every byte except the
//!   unreserved ASCII characters (`A–Z a–z 0–9 - . _ ~`) is encoded. A tag that is not UTF-8
//!   once decoded (e.g. a GBK-encoded link) or is empty is not mapped.
//! * **The site root is not a page.** `https://www.epochtimes.com/`, `/gb/`, `/b5/` stay original
//!   URLs. The mirror's "大纪元首页" link (`gb/nf1351518.md#1`) is a fixed string of the header
//!   template, a topic page and not a copy of the home page.
//! * **Hosts.** `epochtimes.com` and `www.epochtimes.com` on the default port and without user
//!   info. The legacy hosts `www1.epochtimes.com`, `dajiyuan.com`, `www.dajiyuan.com` (links in
//!   bodies of the 2000s) name a page only where they name an article (`/gb/Y/M/D/nID.htm`);
//!   their other paths (`/news/…`, `.asp?ID=…`) carry no date, so no mirror path can be derived.
//!   Not `i.epochtimes.com` (images are never rewritten), not `theepochtimes.com`.

use chrono::NaiveDate;
use url::Url;

use crate::model::Edition;
use crate::sites::url_parts::{edition, file_id, normalise_tag, number, segments, web_host};
use crate::sites::{PageKind, PageUrl, UrlGrammar};

/// The canonical origin.
const ORIGIN: &str = "https://www.epochtimes.com";

/// An Epoch Times article URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleUrl {
    /// `gb` or `b5`.
    pub edition: Edition,
    /// Full year (2001 for the `1` of `/gb/1/1/1/n28504.htm`).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// `n14577375`.
    pub id: String,
}

impl ArticleUrl {
    /// Parses `http(s)://(www.)epochtimes.com/{gb|b5}/Y/M/D/nID.htm`.
    ///
    /// Y is the year minus 2000 in one or two digits, M and D one or two digits (zero padding is
    /// accepted and dropped), and Y/M/D must be a real date; the id is `n` and ASCII digits.
    /// Query and fragment are ignored. `None` for anything else.
    pub fn parse(url: &Url) -> Option<ArticleUrl> {
        if host(url)? != Host::Current {
            return None;
        }
        article_from(&segments(url)?, ".htm")
    }

    /// The canonical original URL: `https://www.epochtimes.com/gb/25/8/20/n14577375.htm`.
    pub fn canonical(&self) -> String {
        format!("{ORIGIN}/{}", self.path(".htm"))
    }

    /// The mirror file path: `gb/25/8/20/n14577375.md`.
    pub fn mirror_path(&self) -> String {
        self.path(".md")
    }

    /// The date in the URL (the date of first publication), `None` if the fields do not make a
    /// date (possible only for a hand-built value: [`ArticleUrl::parse`] checks it).
    pub fn date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, self.day)
    }

    /// The page it names.
    pub fn page(&self) -> PageUrl {
        let page = PageUrl::new(
            PageKind::Article,
            self.edition,
            self.id.clone(),
            self.canonical(),
            self.mirror_path(),
        );
        match self.date() {
            Some(d) => page.with_date(d),
            None => page,
        }
    }

    fn path(&self, ext: &str) -> String {
        format!(
            "{}/{}/{}/{}/{}{ext}",
            self.edition.as_str(),
            self.year - 2000,
            self.month,
            self.day,
            self.id
        )
    }
}

/// The grammar of [`super::PROFILE`].
pub(super) struct Grammar;

impl UrlGrammar for Grammar {
    fn classify(&self, url: &Url) -> Option<PageUrl> {
        let segs = segments(url)?;
        match (host(url)?, segs.as_slice()) {
            (_, [_, _, _, _, _]) => article_from(&segs, ".htm").map(|a| a.page()),
            (Host::Current, [ed, file]) => section_from(ed, file, ".htm"),
            (Host::Current, [ed, "tag", file]) => tag_from(ed, file, ".html"),
            _ => None,
        }
    }

    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
        match path {
            [_, _, _, _, _] => article_from(path, ".md").map(|a| a.page()),
            [ed, file] => section_from(ed, file, ".md"),
            [ed, "tag", file] => tag_from(ed, file, ".md"),
            _ => None,
        }
    }
}

/// The site's hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Host {
    Current,
    /// `www1.epochtimes.com`, `dajiyuan.com`: the hosts of the 2000s, on links in old bodies.
    Legacy,
}

fn host(url: &Url) -> Option<Host> {
    match web_host(url)? {
        "epochtimes.com" | "www.epochtimes.com" => Some(Host::Current),
        "www1.epochtimes.com" | "dajiyuan.com" | "www.dajiyuan.com" | "www1.dajiyuan.com" => {
            Some(Host::Legacy)
        }
        _ => None,
    }
}

/// `[ed, Y, M, D, nID{ext}]`.
fn article_from(segs: &[&str], ext: &str) -> Option<ArticleUrl> {
    let [ed, y, m, d, file] = segs else {
        return None;
    };
    let url = ArticleUrl {
        edition: edition(ed)?,
        year: 2000 + i32::try_from(number(y, 1, 2)?).ok()?,
        month: number(m, 1, 2)?,
        day: number(d, 1, 2)?,
        id: file_id(file, 'n', ext)?,
    };
    url.date().map(|_| url)
}

/// `ed/NAME{ext}`: any single name of ASCII letters, digits, `_` and `-`, starting with a letter
/// or digit.
fn section_from(ed: &str, file: &str, ext: &str) -> Option<PageUrl> {
    let edition = edition(ed)?;
    let name = file.strip_suffix(ext)?;
    let mut bytes = name.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then(|| {
        PageUrl::new(
            PageKind::Section,
            edition,
            name,
            format!("{ORIGIN}/{ed}/{name}.htm"),
            format!("{ed}/{name}.md"),
        )
    })
}

/// `ed/tag/TAG{ext}`.
fn tag_from(ed: &str, file: &str, ext: &str) -> Option<PageUrl> {
    let edition = edition(ed)?;
    let tag = normalise_tag(file.strip_suffix(ext)?)?;
    Some(PageUrl::new(
        PageKind::Tag,
        edition,
        tag.clone(),
        format!("{ORIGIN}/{ed}/tag/{tag}.html"),
        format!("{ed}/tag/{tag}.md"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalised_by_the_percent_codec() {
        for (raw, want) in [
            ("法轮功", Some("%E6%B3%95%E8%BD%AE%E5%8A%9F")),
            ("%e6%b3%95%E8%BD%AE功", Some("%E6%B3%95%E8%BD%AE%E5%8A%9F")),
            ("G%32%30", Some("G20")),
            ("a b", Some("a%20b")),
            ("100%", Some("100%25")),
            ("%zz", Some("%25zz")),
            ("%e", Some("%25e")),
            ("a-b.c_d~e", Some("a-b.c_d~e")),
            ("%B7%A8", None),
            ("%FF", None),
            ("", None),
        ] {
            assert_eq!(normalise_tag(raw).as_deref(), want, "{raw:?}");
        }
    }
}
