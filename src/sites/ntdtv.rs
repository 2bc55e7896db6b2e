//! 新唐人, NTDTV (`www.ntdtv.com`), and its mirror `1992513/ntdtv`: for now only the URL grammar
//! and the mirror's place, so that links to its articles are rewritten into its mirror
//! (ntdtv-mirror-format.md §1). Its page layouts and templates are to come (issue 20); until
//! then its pages are refused as articles newsmirror cannot read yet.
//!
//! | original (`http` or `https`, with or without `www.`) | mirror path |
//! |---|---|
//! | `ntdtv.com/{gb,b5}/YYYY/MM/DD/aID.html`, also `ntdtv.com/xtr/{gb,b5}/…` (2018 CMS) | `{gb,b5}/YYYY/MM/DD/aID.md` |
//!
//! The mirror keeps the zero-padded `YYYY/MM/DD` of the URL, so an unpadded link is padded.

use chrono::NaiveDate;
use url::Url;

use crate::model::Edition;
use crate::sites::url_parts::{edition, file_id, number, segments, web_host};
use crate::sites::{HotList, Mirror, PageKind, PageUrl, SiteProfile, UrlGrammar};

/// The site's id in the model.
pub const ID: &str = "ntdtv";

/// NTDTV.
pub static PROFILE: SiteProfile = SiteProfile::new(ID, "NTDTV", "https://www.ntdtv.com/", &Grammar)
    .with_hosts(&["ntdtv.com"])
    .with_image_hosts(&["i.ntdtv.com"])
    .with_mirror(&MIRROR);

/// The mirror `github.com/1992513/ntdtv` (no templates yet): four editor picks, a fixed hot list.
/// Its URLs are read back under the same accounts as the Epoch Times mirror's.
pub static MIRROR: Mirror = Mirror::new("ntdtv", "https://github.com/1992513/ntdtv/blob/master/")
    .with_accounts(&["1992513", "19920513", "920513", "tui590285", "tsiac2612"])
    .with_picks(4)
    .with_hot(HotList::Template);

/// An NTDTV article URL, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NtdtvArticleUrl {
    /// `gb` or `b5`.
    pub edition: Edition,
    /// Full year, four digits in the URL.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// `a102898210`.
    pub id: String,
}

impl NtdtvArticleUrl {
    /// Parses `http(s)://(www.)ntdtv.com/{gb|b5}/YYYY/MM/DD/aID.html` and the 2018 CMS form
    /// `…/xtr/{gb|b5}/YYYY/MM/DD/aID.html`. Month and day may lack their zero padding; the date
    /// must be real; the id is `a` and ASCII digits. `None` for anything else.
    pub fn parse(url: &Url) -> Option<NtdtvArticleUrl> {
        if !matches!(web_host(url)?, "ntdtv.com" | "www.ntdtv.com") {
            return None;
        }
        let segs = segments(url)?;
        let segs = match segs.as_slice() {
            ["xtr", rest @ ..] => rest,
            all => all,
        };
        article_from(segs, ".html")
    }

    /// The canonical original URL: `https://www.ntdtv.com/gb/2020/07/20/a102898210.html`.
    pub fn canonical(&self) -> String {
        format!("https://www.ntdtv.com/{}", self.path(".html"))
    }

    /// The mirror file path, zero-padded like the original: `gb/2020/07/20/a102898210.md`.
    pub fn mirror_path(&self) -> String {
        self.path(".md")
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
        match NaiveDate::from_ymd_opt(self.year, self.month, self.day) {
            Some(d) => page.with_date(d),
            None => page,
        }
    }

    fn path(&self, ext: &str) -> String {
        format!(
            "{}/{:04}/{:02}/{:02}/{}{ext}",
            self.edition.as_str(),
            self.year,
            self.month,
            self.day,
            self.id
        )
    }
}

struct Grammar;

impl UrlGrammar for Grammar {
    fn classify(&self, url: &Url) -> Option<PageUrl> {
        NtdtvArticleUrl::parse(url).map(|a| a.page())
    }

    fn mirror_page(&self, path: &[&str]) -> Option<PageUrl> {
        article_from(path, ".md").map(|a| a.page())
    }
}

/// `[ed, YYYY, MM, DD, aID{ext}]`.
fn article_from(segs: &[&str], ext: &str) -> Option<NtdtvArticleUrl> {
    let [ed, y, m, d, file] = segs else {
        return None;
    };
    let url = NtdtvArticleUrl {
        edition: edition(ed)?,
        year: i32::try_from(number(y, 4, 4)?).ok()?,
        month: number(m, 1, 2)?,
        day: number(d, 1, 2)?,
        id: file_id(file, 'a', ext)?,
    };
    NaiveDate::from_ymd_opt(url.year, url.month, url.day).map(|_| url)
}
