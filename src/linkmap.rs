//! Original-site URLs → mirror URLs (mirror-format.md §2, §5), and back.
//!
//! # What is mapped
//!
//! | original (`http` or `https`, with or without `www.`, any case in the host) | mirror (relative to the base) |
//! |---|---|
//! | `epochtimes.com/{gb,b5}/Y/M/D/nID.htm` (article) | `{djy_base}{gb,b5}/Y/M/D/nID.md{anchor}` |
//! | `epochtimes.com/{gb,b5}/NAME.htm` (section, topic, paging `nsc413_2`) | `{djy_base}{gb,b5}/NAME.md{anchor}` |
//! | `epochtimes.com/{gb,b5}/tag/TAG.html` (tag page) | `{djy_base}{gb,b5}/tag/TAG.md{anchor}` |
//! | `ntdtv.com/{gb,b5}/YYYY/MM/DD/aID.html`, also `ntdtv.com/xtr/{gb,b5}/…` (2018 CMS) | `{ntdtv_base}{gb,b5}/YYYY/MM/DD/aID.md{anchor}` |
//!
//! Everything else is left alone: [`LinkMap::rewrite`] returns it as an absolute URL.
//!
//! # Decisions
//!
//! * **Numbers are normalised.** Epoch Times article paths use the year minus 2000 and month and
//!   day without zero padding (`/gb/1/1/1/n28504.htm` is 2001-01-01); a padded link such as
//!   `/gb/25/08/20/…` reaches the same page and is mapped to the same unpadded mirror file
//!   (`gb/25/8/20/…`). The date must be a real date. NTDTV paths are the other way round: the
//!   mirror keeps the zero-padded `YYYY/MM/DD`, so an unpadded NTDTV link is padded.
//! * **Tags are percent-encoded UTF-8 with upper-case hex.** A tag given unencoded (`法轮功`) or
//!   with lower-case hex comes out as `%E6%B3%95%E8%BD%AE%E5%8A%9F`; every byte except the
//!   unreserved ASCII characters (`A–Z a–z 0–9 - . _ ~`) is encoded. A tag that is not UTF-8
//!   once decoded (e.g. a GBK-encoded link) or is empty is not mapped.
//! * **Query and fragment of a mapped page are dropped.** The mirror holds one file per page and
//!   every file has its own `#1` anchor, so the original fragment (`#comments`, `#4`) points
//!   nowhere in the mirror. The site selects pages by path, not by query (list paging is
//!   `nsc413_2.htm`, not `?p=2`): a query on these path shapes is tracking (`?utm_…`) or
//!   leftover, and even if it selected other content the mirror holds only the one file, which
//!   is still the best target for a reader who cannot reach the original. A fragment-only href
//!   (`#nsc413`) therefore resolves to the mirror of the page it is found on.
//! * **Unmapped URLs keep their query and fragment**: they are returned absolute, in the WHATWG
//!   serialisation of the `url` crate (what a browser follows: lower-case host, default port
//!   removed, non-ASCII percent-encoded, `http://host` gets its `/`).
//! * **The site root is not mapped.** `https://www.epochtimes.com/`, `/gb/`, `/b5/` and the NTDTV
//!   root stay original URLs. The mirror's "大纪元首页" link (`gb/nf1351518.md#1`) is a fixed
//!   string of the header template, a topic page and not a copy of the home page; mapping the
//!   root to it would point a reader to different content.
//! * **Hosts.** `epochtimes.com` and `www.epochtimes.com` (and `ntdtv.com`, `www.ntdtv.com`) on
//!   the default port and without user info. The legacy hosts `www1.epochtimes.com`,
//!   `dajiyuan.com`, `www.dajiyuan.com` (links in bodies of the 2000s) are mapped only where
//!   they name an article (`/gb/Y/M/D/nID.htm`); their other paths (`/news/…`, `.asp?ID=…`)
//!   carry no date, so no mirror path can be derived, and they stay as they are. Not
//!   `i.epochtimes.com` (images are never rewritten), not `theepochtimes.com`.
//! * **Safety is not judged here**, but only `http`/`https` URLs are ever mapped: `javascript:`,
//!   `data:`, `mailto:` and the like come back unchanged for the sanitiser to reject or keep.
//! * **Relative hrefs need a base.** Without one, a relative href (including `//host/…`) cannot
//!   be resolved and [`LinkMap::rewrite`] returns `None`.
//! * **Inverse.** [`LinkMap::original_url`] accepts mirror URLs on the configured bases and on
//!   `github.com` under every account the mirror has used ([`KNOWN_ACCOUNTS`]), over `http` or
//!   `https`, with no query or the promo queries `?dfh` / `?zsrh`, and any fragment. It returns
//!   the canonical original URL (`https://www.epochtimes.com/…`, `https://www.ntdtv.com/…`).

use chrono::NaiveDate;
use url::Url;

use crate::model::Edition;
use crate::url_safety::resolve_href;

/// GitHub accounts that have hosted the mirrors (`github.com/{account}/djy`, `…/ntdtv`), newest
/// first: `1992513` (current), `19920513` (Gen B), `920513` (stale related lists), `tui590285`
/// (Gen C), `tsiac2612` (editor-pick pool). [`LinkMap::original_url`] accepts all of them.
pub const KNOWN_ACCOUNTS: &[&str] = &["1992513", "19920513", "920513", "tui590285", "tsiac2612"];

/// Where the mirrors live. The defaults reproduce the current mirror (account `1992513`); the
/// account has changed over time (`19920513` → `1992513`), so the bases are configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkMap {
    /// Base of the Epoch Times mirror, ending in `/`: `https://github.com/1992513/djy/blob/master/`.
    pub djy_base: String,
    /// Base of the NTDTV mirror, ending in `/`: `https://github.com/1992513/ntdtv/blob/master/`.
    pub ntdtv_base: String,
    /// Appended to every mirror URL: `#1` (the anchor every mirror file defines).
    pub anchor: String,
}

impl Default for LinkMap {
    fn default() -> Self {
        LinkMap::for_account("1992513")
    }
}

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
        if origin(url)? != Origin::Epochtimes {
            return None;
        }
        article_from(&segments(url)?, ".htm")
    }

    /// The canonical original URL: `https://www.epochtimes.com/gb/25/8/20/n14577375.htm`.
    pub fn canonical(&self) -> String {
        format!("https://www.epochtimes.com/{}", self.path(".htm"))
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
        if origin(url)? != Origin::Ntdtv {
            return None;
        }
        let segs = segments(url)?;
        let segs = match segs.as_slice() {
            ["xtr", rest @ ..] => rest,
            all => all,
        };
        ntdtv_from(segs, ".html")
    }

    /// The canonical original URL: `https://www.ntdtv.com/gb/2020/07/20/a102898210.html`.
    pub fn canonical(&self) -> String {
        format!("https://www.ntdtv.com/{}", self.path(".html"))
    }

    /// The mirror file path, zero-padded like the original: `gb/2020/07/20/a102898210.md`.
    pub fn mirror_path(&self) -> String {
        self.path(".md")
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

/// What an original-site URL points to, as far as the mirrors are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// An Epoch Times article.
    Article(ArticleUrl),
    /// An Epoch Times list page: section (`nsc413`), topic (`nf4514`), `n24hr`, a later page of
    /// a list (`nsc413_2`): any single `NAME.htm` under `/gb/` or `/b5/`.
    Section {
        /// `gb` or `b5`.
        edition: Edition,
        /// The file name without `.htm`: ASCII letters, digits, `_` and `-`, starting with a
        /// letter or digit.
        name: String,
    },
    /// An Epoch Times tag page, `/gb/tag/TAG.html`.
    Tag {
        /// `gb` or `b5`.
        edition: Edition,
        /// The tag as percent-encoded UTF-8 with upper-case hex (`%E6%B3%95…`).
        tag: String,
    },
    /// An NTDTV article.
    NtdtvArticle(NtdtvArticleUrl),
    /// Anything the mirrors do not hold: other hosts and paths, the site roots, non-HTTP schemes.
    Other,
}

impl Target {
    /// Classifies an absolute original-site URL. Query and fragment play no part.
    pub fn classify(url: &Url) -> Target {
        Target::try_classify(url).unwrap_or(Target::Other)
    }

    fn try_classify(url: &Url) -> Option<Target> {
        match origin(url)? {
            Origin::Epochtimes => {
                let segs = segments(url)?;
                match segs.as_slice() {
                    [_, _, _, _, _] => article_from(&segs, ".htm").map(Target::Article),
                    [ed, file] => section_from(ed, file, ".htm"),
                    [ed, "tag", file] => tag_from(ed, file, ".html"),
                    _ => None,
                }
            }
            // Old hosts of the same site: only their article links name a page the mirror holds.
            Origin::EpochtimesLegacy => {
                let segs = segments(url)?;
                match segs.as_slice() {
                    [_, _, _, _, _] => article_from(&segs, ".htm").map(Target::Article),
                    _ => None,
                }
            }
            Origin::Ntdtv => NtdtvArticleUrl::parse(url).map(Target::NtdtvArticle),
        }
    }

    /// The path of the mirror file, relative to the mirror's base (`gb/nsc413.md`); `None` for
    /// [`Target::Other`].
    pub fn mirror_path(&self) -> Option<String> {
        match self {
            Target::Article(a) => Some(a.mirror_path()),
            Target::Section { edition, name } => Some(format!("{}/{name}.md", edition.as_str())),
            Target::Tag { edition, tag } => Some(format!("{}/tag/{tag}.md", edition.as_str())),
            Target::NtdtvArticle(a) => Some(a.mirror_path()),
            Target::Other => None,
        }
    }

    /// The canonical original URL (`https://www.epochtimes.com/gb/nsc413.htm`); `None` for
    /// [`Target::Other`].
    pub fn canonical(&self) -> Option<String> {
        match self {
            Target::Article(a) => Some(a.canonical()),
            Target::Section { edition, name } => Some(format!(
                "https://www.epochtimes.com/{}/{name}.htm",
                edition.as_str()
            )),
            Target::Tag { edition, tag } => Some(format!(
                "https://www.epochtimes.com/{}/tag/{tag}.html",
                edition.as_str()
            )),
            Target::NtdtvArticle(a) => Some(a.canonical()),
            Target::Other => None,
        }
    }
}

impl LinkMap {
    /// The bases of the mirrors of a GitHub account: `https://github.com/{account}/djy/blob/master/`
    /// and `…/ntdtv/blob/master/`, anchor `#1`. `LinkMap::default()` is
    /// `LinkMap::for_account("1992513")`; Gen B files need `for_account("19920513")`.
    pub fn for_account(account: &str) -> LinkMap {
        LinkMap {
            djy_base: format!("https://github.com/{account}/djy/blob/master/"),
            ntdtv_base: format!("https://github.com/{account}/ntdtv/blob/master/"),
            anchor: "#1".into(),
        }
    }

    /// The mirror URL of an original-site page, or `None` when the mirror does not hold such pages.
    ///
    /// `original` must be absolute; its query and fragment are dropped (see the module docs).
    pub fn mirror_url(&self, original: &Url) -> Option<String> {
        self.mirror_url_of(&Target::classify(original))
    }

    /// The mirror URL of a classified target (base + [`Target::mirror_path`] + anchor); `None`
    /// for [`Target::Other`].
    pub fn mirror_url_of(&self, target: &Target) -> Option<String> {
        let base = match target {
            Target::NtdtvArticle(_) => &self.ntdtv_base,
            _ => &self.djy_base,
        };
        let path = target.mirror_path()?;
        let slash = if base.ends_with('/') { "" } else { "/" };
        Some(format!("{base}{slash}{path}{}", self.anchor))
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
    /// Accepts the configured bases and the `github.com` mirrors of every [`KNOWN_ACCOUNTS`]
    /// account, `http` or `https`, no query or `?dfh` / `?zsrh`, any fragment:
    /// `https://github.com/19920513/djy/blob/master/gb/25/8/20/n14577375.md?dfh#1` →
    /// `https://www.epochtimes.com/gb/25/8/20/n14577375.htm`. `None` for anything else.
    pub fn original_url(&self, mirror: &str) -> Option<String> {
        self.mirror_target(mirror)?.canonical()
    }

    /// Classifies a mirror URL (see [`LinkMap::original_url`] for what is accepted). Never
    /// returns [`Target::Other`]: what is not a mirror file of a known kind is `None`.
    pub fn mirror_target(&self, mirror: &str) -> Option<Target> {
        let url = Url::parse(mirror.trim_matches(|c: char| c <= ' ')).ok()?;
        if !matches!(url.query(), None | Some("" | "dfh" | "zsrh")) {
            return None;
        }
        let known = KNOWN_ACCOUNTS.iter().flat_map(|account| {
            let bases = LinkMap::for_account(account);
            [(bases.djy_base, Repo::Djy), (bases.ntdtv_base, Repo::Ntdtv)]
        });
        [
            (self.djy_base.clone(), Repo::Djy),
            (self.ntdtv_base.clone(), Repo::Ntdtv),
        ]
        .into_iter()
        .chain(known)
        .find_map(|(base, repo)| {
            let rest = strip_base(&url, &base)?;
            match repo {
                Repo::Djy => djy_mirror_target(&rest),
                Repo::Ntdtv => ntdtv_from(&rest, ".md").map(Target::NtdtvArticle),
            }
        })
    }
}

/// The sites whose pages the mirrors hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Epochtimes,
    /// `www1.epochtimes.com`, `dajiyuan.com`: the hosts of the 2000s, on links in old bodies.
    EpochtimesLegacy,
    Ntdtv,
}

/// The site of an absolute URL, `None` for every other URL.
///
/// Each host has an `Origin` arm here and its path rules in `Target::try_classify`.
fn origin(url: &Url) -> Option<Origin> {
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
        || url.port().is_some()
    {
        return None;
    }
    // The parser has lower-cased the host of http(s) URLs already.
    match url.host_str()? {
        "epochtimes.com" | "www.epochtimes.com" => Some(Origin::Epochtimes),
        "www1.epochtimes.com" | "dajiyuan.com" | "www.dajiyuan.com" | "www1.dajiyuan.com" => {
            Some(Origin::EpochtimesLegacy)
        }
        "ntdtv.com" | "www.ntdtv.com" => Some(Origin::Ntdtv),
        _ => None,
    }
}

/// The two mirror repositories.
#[derive(Debug, Clone, Copy)]
enum Repo {
    Djy,
    Ntdtv,
}

/// The path segments of a URL, still percent-encoded.
fn segments(url: &Url) -> Option<Vec<&str>> {
    Some(url.path_segments()?.collect())
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

fn edition(seg: &str) -> Option<Edition> {
    match seg {
        "gb" => Some(Edition::Gb),
        "b5" => Some(Edition::B5),
        _ => None,
    }
}

/// ASCII digits, `min..=max` of them.
fn number(seg: &str, min: usize, max: usize) -> Option<u32> {
    if (min..=max).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_digit()) {
        seg.parse().ok()
    } else {
        None
    }
}

/// `{prefix}` followed by one or more ASCII digits, from a file name ending in `ext`.
fn file_id(file: &str, prefix: char, ext: &str) -> Option<String> {
    let stem = file.strip_suffix(ext)?;
    let digits = stem.strip_prefix(prefix)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| stem.to_owned())
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

/// `[ed, YYYY, MM, DD, aID{ext}]`.
fn ntdtv_from(segs: &[&str], ext: &str) -> Option<NtdtvArticleUrl> {
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

/// `ed/NAME{ext}`.
fn section_from(ed: &str, file: &str, ext: &str) -> Option<Target> {
    let edition = edition(ed)?;
    let name = file.strip_suffix(ext)?;
    let mut bytes = name.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then(|| Target::Section {
        edition,
        name: name.to_owned(),
    })
}

/// `ed/tag/TAG{ext}`.
fn tag_from(ed: &str, file: &str, ext: &str) -> Option<Target> {
    Some(Target::Tag {
        edition: edition(ed)?,
        tag: normalise_tag(file.strip_suffix(ext)?)?,
    })
}

/// Percent-decodes `raw` and encodes it again as UTF-8 with upper-case hex, leaving only the
/// unreserved ASCII characters bare. `None` when it is empty or not UTF-8 once decoded.
fn normalise_tag(raw: &str) -> Option<String> {
    let bytes = percent_decode(raw);
    if bytes.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(&bytes).ok()?;
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    Some(out)
}

/// Decodes `%XX` (either case); a `%` not followed by two hex digits is kept as it is.
fn percent_decode(s: &str) -> Vec<u8> {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|v| u8::try_from(v).ok())
    };
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// The target of a path in the djy mirror.
fn djy_mirror_target(rest: &[&str]) -> Option<Target> {
    match rest {
        [_, _, _, _, _] => article_from(rest, ".md").map(Target::Article),
        [ed, file] => section_from(ed, file, ".md"),
        [ed, "tag", file] => tag_from(ed, file, ".md"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mirror URL in the default djy mirror.
    macro_rules! djy {
        ($path:literal) => {
            concat!("https://github.com/1992513/djy/blob/master/", $path, "#1")
        };
    }

    /// A mirror URL in the default ntdtv mirror.
    macro_rules! ntd {
        ($path:literal) => {
            concat!("https://github.com/1992513/ntdtv/blob/master/", $path, "#1")
        };
    }

    const ARTICLE: Option<&str> = Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm");
    const HTTP_ARTICLE: Option<&str> = Some("http://www.epochtimes.com/gb/25/8/20/n14577375.htm");
    const HOME: Option<&str> = Some("http://www.epochtimes.com/");
    const NTDTV_HOME_2018: Option<&str> = Some("http://www.ntdtv.com/xtr/gb/");

    /// `(href, base, LinkMap::default().rewrite(href, base))`.
    #[rustfmt::skip]
    const CASES: &[(&str, Option<&str>, Option<&str>)] = &[
        // Articles: http/https, www or not, any case in the host.
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("http://www.epochtimes.com/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("https://epochtimes.com/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("http://epochtimes.com/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("HTTPS://WWW.EpochTimes.COM/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("https://www.epochtimes.com:443/gb/25/8/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("  https://www.epochtimes.com/gb/25/8/20/n14577375.htm\n", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("http://www.epochtimes.com/b5/14/1/1/n4048433.htm", None, Some(djy!("b5/14/1/1/n4048433.md"))),
        ("https://www.epochtimes.com/gb/1/1/1/n28504.htm", None, Some(djy!("gb/1/1/1/n28504.md"))),
        ("https://www.epochtimes.com/gb/5/7/23/n995027.htm", None, Some(djy!("gb/5/7/23/n995027.md"))),
        // Zero padding is normalised away.
        ("https://www.epochtimes.com/gb/25/08/20/n14577375.htm", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("https://www.epochtimes.com/gb/05/07/03/n995027.htm", None, Some(djy!("gb/5/7/3/n995027.md"))),
        ("https://www.epochtimes.com/gb/01/01/01/n28504.htm", None, Some(djy!("gb/1/1/1/n28504.md"))),
        // Not articles: bad dates, bad ids, other extensions, other shapes (kept, absolute).
        ("https://www.epochtimes.com/gb/25/2/30/n1.htm", None, Some("https://www.epochtimes.com/gb/25/2/30/n1.htm")),
        ("https://www.epochtimes.com/gb/25/13/1/n1.htm", None, Some("https://www.epochtimes.com/gb/25/13/1/n1.htm")),
        ("https://www.epochtimes.com/gb/25/0/1/n1.htm", None, Some("https://www.epochtimes.com/gb/25/0/1/n1.htm")),
        ("https://www.epochtimes.com/gb/25/1/32/n1.htm", None, Some("https://www.epochtimes.com/gb/25/1/32/n1.htm")),
        ("https://www.epochtimes.com/gb/125/1/1/n1.htm", None, Some("https://www.epochtimes.com/gb/125/1/1/n1.htm")),
        ("https://www.epochtimes.com/gb/2025/8/20/n1.htm", None, Some("https://www.epochtimes.com/gb/2025/8/20/n1.htm")),
        ("https://www.epochtimes.com/gb/25/008/20/n1.htm", None, Some("https://www.epochtimes.com/gb/25/008/20/n1.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/14577375.htm", None, Some("https://www.epochtimes.com/gb/25/8/20/14577375.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/n.htm", None, Some("https://www.epochtimes.com/gb/25/8/20/n.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/nabc.htm", None, Some("https://www.epochtimes.com/gb/25/8/20/nabc.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375p.htm", None, Some("https://www.epochtimes.com/gb/25/8/20/n14577375p.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.html", None, Some("https://www.epochtimes.com/gb/25/8/20/n14577375.html")),
        ("https://www.epochtimes.com/gb/25/8/20/N14577375.HTM", None, Some("https://www.epochtimes.com/gb/25/8/20/N14577375.HTM")),
        ("https://www.epochtimes.com/GB/25/8/20/n14577375.htm", None, Some("https://www.epochtimes.com/GB/25/8/20/n14577375.htm")),
        ("https://www.epochtimes.com/en/25/8/20/n14577375.htm", None, Some("https://www.epochtimes.com/en/25/8/20/n14577375.htm")),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm/", None, Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm/")),
        ("https://www.epochtimes.com/gb/25/+8/20/n14577375.htm", None, Some("https://www.epochtimes.com/gb/25/+8/20/n14577375.htm")),
        ("https://www.epochtimes.com:8080/gb/25/8/20/n14577375.htm", None, Some("https://www.epochtimes.com:8080/gb/25/8/20/n14577375.htm")),
        ("https://user@www.epochtimes.com/gb/25/8/20/n14577375.htm", None, Some("https://user@www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        // Query and fragment of a mapped page are dropped.
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm?p=2", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm#comments", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm?utm_source=x&a=b#top", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("http://www.epochtimes.com/gb/nf4514.htm#4", None, Some(djy!("gb/nf4514.md"))),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm?", None, Some(djy!("gb/25/8/20/n14577375.md"))),
        // Relative hrefs.
        ("/gb/25/8/19/n14576514.htm", ARTICLE, Some(djy!("gb/25/8/19/n14576514.md"))),
        ("n14577339.htm", ARTICLE, Some(djy!("gb/25/8/20/n14577339.md"))),
        ("./n14577339.htm", ARTICLE, Some(djy!("gb/25/8/20/n14577339.md"))),
        ("../19/n14576514.htm", ARTICLE, Some(djy!("gb/25/8/19/n14576514.md"))),
        ("../../../../gb/1/1/1/n28504.htm", ARTICLE, Some(djy!("gb/1/1/1/n28504.md"))),
        ("../../../../../../../gb/1/1/1/n28504.htm", ARTICLE, Some(djy!("gb/1/1/1/n28504.md"))),
        ("//www.epochtimes.com/gb/25/8/20/n14577375.htm", ARTICLE, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("//www.epochtimes.com/gb/25/8/20/n14577375.htm", HTTP_ARTICLE, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("//epochtimes.com/gb/nsc413.htm", HOME, Some(djy!("gb/nsc413.md"))),
        ("/gb/25/8/20/n14577375.htm", HOME, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("gb/25/8/20/n14577375.htm", HOME, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("//i.epochtimes.com/assets/uploads/2025/08/a.jpg", ARTICLE, Some("https://i.epochtimes.com/assets/uploads/2025/08/a.jpg")),
        ("../../../../assets/x.js", ARTICLE, Some("https://www.epochtimes.com/assets/x.js")),
        // A fragment or query alone points to the page itself.
        ("#nsc413", ARTICLE, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("#", ARTICLE, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("?p=2", ARTICLE, Some(djy!("gb/25/8/20/n14577375.md"))),
        ("#nsc413", HOME, Some("http://www.epochtimes.com/#nsc413")),
        // Relative without a base, empty: cannot be resolved.
        ("/gb/nsc413.htm", None, None),
        ("n14577339.htm", None, None),
        ("//www.epochtimes.com/gb/25/8/20/n14577375.htm", None, None),
        ("#nsc413", None, None),
        ("", ARTICLE, None),
        ("   \t\n", ARTICLE, None),
        ("", None, None),
        // Section and list pages: any single NAME.htm under gb/ or b5/.
        ("https://www.epochtimes.com/gb/nsc413.htm", None, Some(djy!("gb/nsc413.md"))),
        ("/gb/n24hr.htm", HOME, Some(djy!("gb/n24hr.md"))),
        ("/gb/nf4514.htm", HOME, Some(djy!("gb/nf4514.md"))),
        ("/gb/ncid278.htm", HOME, Some(djy!("gb/ncid278.md"))),
        ("/gb/news392.htm", HOME, Some(djy!("gb/news392.md"))),
        ("/gb/ncid1184623.htm", HOME, Some(djy!("gb/ncid1184623.md"))),
        ("/gb/about-djy.htm", HOME, Some(djy!("gb/about-djy.md"))),
        ("/gb/nsc413_2.htm", HOME, Some(djy!("gb/nsc413_2.md"))),
        ("nsc413_3.htm", Some("https://www.epochtimes.com/gb/nsc413_2.htm"), Some(djy!("gb/nsc413_3.md"))),
        ("http://www.epochtimes.com/b5/nf4514.htm", None, Some(djy!("b5/nf4514.md"))),
        ("/gb/.htm", HOME, Some("http://www.epochtimes.com/gb/.htm")),
        ("/gb/_x.htm", HOME, Some("http://www.epochtimes.com/gb/_x.htm")),
        ("/gb/nsc413.html", HOME, Some("http://www.epochtimes.com/gb/nsc413.html")),
        ("/gb/nsc413", HOME, Some("http://www.epochtimes.com/gb/nsc413")),
        ("/gb/nsc413.htm.htm", HOME, Some("http://www.epochtimes.com/gb/nsc413.htm.htm")),
        ("/nsc413.htm", HOME, Some("http://www.epochtimes.com/nsc413.htm")),
        ("/gb/%E5%A4%A7.htm", HOME, Some("http://www.epochtimes.com/gb/%E5%A4%A7.htm")),
        ("/gb/nsc/413.htm", HOME, Some("http://www.epochtimes.com/gb/nsc/413.htm")),
        // Tag pages: upper-case percent-encoded UTF-8.
        ("http://www.epochtimes.com/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.html", None, Some(djy!("gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md"))),
        ("http://www.epochtimes.com/gb/tag/%e6%b3%95%e8%bd%ae%e5%8a%9f.html", None, Some(djy!("gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md"))),
        ("http://www.epochtimes.com/gb/tag/法轮功.html", None, Some(djy!("gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md"))),
        ("/gb/tag/法%e8%bd%ae功.html", ARTICLE, Some(djy!("gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md"))),
        ("/b5/tag/%E6%B3%95%E8%BC%AA%E5%8A%9F.html#x", ARTICLE, Some(djy!("b5/tag/%E6%B3%95%E8%BC%AA%E5%8A%9F.md"))),
        ("/gb/tag/AI.html", ARTICLE, Some(djy!("gb/tag/AI.md"))),
        ("/gb/tag/G%32%30.html", ARTICLE, Some(djy!("gb/tag/G20.md"))),
        ("/gb/tag/a b.html", ARTICLE, Some(djy!("gb/tag/a%20b.md"))),
        ("/gb/tag/100%.html", ARTICLE, Some(djy!("gb/tag/100%25.md"))),
        ("/gb/tag/%B7%A8%C2%D6%B9%A6.html", ARTICLE, Some("https://www.epochtimes.com/gb/tag/%B7%A8%C2%D6%B9%A6.html")),
        ("/gb/tag/.html", ARTICLE, Some("https://www.epochtimes.com/gb/tag/.html")),
        ("/gb/tag/AI.htm", ARTICLE, Some("https://www.epochtimes.com/gb/tag/AI.htm")),
        ("/gb/tag/AI", ARTICLE, Some("https://www.epochtimes.com/gb/tag/AI")),
        ("/tag/AI.html", ARTICLE, Some("https://www.epochtimes.com/tag/AI.html")),
        // NTDTV articles: the mirror keeps (and restores) the zero padding; /xtr/ is dropped.
        ("https://www.ntdtv.com/gb/2020/07/20/a102898210.html", None, Some(ntd!("gb/2020/07/20/a102898210.md"))),
        ("http://ntdtv.com/b5/2014/01/01/a1034872.html", None, Some(ntd!("b5/2014/01/01/a1034872.md"))),
        ("HTTPS://WWW.NTDTV.COM/gb/2020/07/20/a102898210.html?x=1#y", None, Some(ntd!("gb/2020/07/20/a102898210.md"))),
        ("https://www.ntdtv.com/gb/2020/7/2/a102898210.html", None, Some(ntd!("gb/2020/07/02/a102898210.md"))),
        ("/xtr/gb/2018/03/19/a1367541.html", NTDTV_HOME_2018, Some(ntd!("gb/2018/03/19/a1367541.md"))),
        ("/xtr/gb/2018/03/19/a1367541.html#disqus_thread", NTDTV_HOME_2018, Some(ntd!("gb/2018/03/19/a1367541.md"))),
        ("2018/03/19/a1367541.html", NTDTV_HOME_2018, Some(ntd!("gb/2018/03/19/a1367541.md"))),
        ("https://www.ntdtv.com/gb/20/07/20/a1.html", None, Some("https://www.ntdtv.com/gb/20/07/20/a1.html")),
        ("https://www.ntdtv.com/gb/2020/02/30/a1.html", None, Some("https://www.ntdtv.com/gb/2020/02/30/a1.html")),
        ("https://www.ntdtv.com/gb/2020/07/20/a1.htm", None, Some("https://www.ntdtv.com/gb/2020/07/20/a1.htm")),
        ("https://www.ntdtv.com/xtr/xtr/gb/2020/07/20/a1.html", None, Some("https://www.ntdtv.com/xtr/xtr/gb/2020/07/20/a1.html")),
        ("/xtr/gb/2018/03/19/atext1367541.html", NTDTV_HOME_2018, Some("http://www.ntdtv.com/xtr/gb/2018/03/19/atext1367541.html")),
        ("/xtr/gb/prog204.html", NTDTV_HOME_2018, Some("http://www.ntdtv.com/xtr/gb/prog204.html")),
        ("https://www.epochtimes.com/gb/2020/07/20/a102898210.html", None, Some("https://www.epochtimes.com/gb/2020/07/20/a102898210.html")),
        ("https://www.ntdtv.com/gb/25/8/20/n14577375.htm", None, Some("https://www.ntdtv.com/gb/25/8/20/n14577375.htm")),
        // Site roots are not mapped.
        ("https://www.epochtimes.com/", None, Some("https://www.epochtimes.com/")),
        ("https://www.epochtimes.com", None, Some("https://www.epochtimes.com/")),
        ("/", ARTICLE, Some("https://www.epochtimes.com/")),
        ("/gb/", ARTICLE, Some("https://www.epochtimes.com/gb/")),
        ("/b5/", ARTICLE, Some("https://www.epochtimes.com/b5/")),
        ("https://www.ntdtv.com/", None, Some("https://www.ntdtv.com/")),
        // Other hosts, kept with their query and fragment.
        ("https://i.epochtimes.com/assets/uploads/2025/08/id14577375-600x400.jpg", None, Some("https://i.epochtimes.com/assets/uploads/2025/08/id14577375-600x400.jpg")),
        ("https://www.theepochtimes.com/gb/25/8/20/n14577375.htm", None, Some("https://www.theepochtimes.com/gb/25/8/20/n14577375.htm")),
        ("https://theepochtimes.com/gb/nsc413.htm", None, Some("https://theepochtimes.com/gb/nsc413.htm")),
        // Legacy hosts: article links are mapped, other paths (no date, no mirror path) are not.
        ("http://www1.epochtimes.com/gb/4/7/15/n596869.htm", None, Some("https://github.com/1992513/djy/blob/master/gb/4/7/15/n596869.md#1")),
        ("http://www.dajiyuan.com/gb/2/12/18/n256976.htm", None, Some("https://github.com/1992513/djy/blob/master/gb/2/12/18/n256976.md#1")),
        ("http://dajiyuan.com/b5/3/5/2/n310001.htm?x=1", None, Some("https://github.com/1992513/djy/blob/master/b5/3/5/2/n310001.md#1")),
        ("http://www1.epochtimes.com/news/epochnews/news/Focus.asp?Focus_ID=801", None, Some("http://www1.epochtimes.com/news/epochnews/news/Focus.asp?Focus_ID=801")),
        ("http://epochtimes.com/news/epochnews/newscontent.asp?ID=32073", None, Some("http://epochtimes.com/news/epochnews/newscontent.asp?ID=32073")),
        ("http://www.dajiyuan.com/gb/nsc413.htm", None, Some("http://www.dajiyuan.com/gb/nsc413.htm")),
        ("http://epochtimes.com/news/1/1/1/n1.htm", None, Some("http://epochtimes.com/news/1/1/1/n1.htm")),
        ("https://epochtimes.com.example.org/gb/25/8/20/n14577375.htm", None, Some("https://epochtimes.com.example.org/gb/25/8/20/n14577375.htm")),
        ("https://www.epochtimes.com.example.org/gb/nsc413.htm", None, Some("https://www.epochtimes.com.example.org/gb/nsc413.htm")),
        ("http://tuidang.epochtimes.com", None, Some("http://tuidang.epochtimes.com/")),
        ("https://minghui.ca", None, Some("https://minghui.ca/")),
        ("http://www.rfa.org/service/index.html?service=man", None, Some("http://www.rfa.org/service/index.html?service=man")),
        ("https://www.youtube.com/watch?v=r1eAtzM8Jsc#t=3", ARTICLE, Some("https://www.youtube.com/watch?v=r1eAtzM8Jsc#t=3")),
        ("https://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1", ARTICLE, Some("https://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1")),
        ("https://github.com/1992513/www/blob/master/README.md?zsrh#1", None, Some("https://github.com/1992513/www/blob/master/README.md?zsrh#1")),
        // Non-HTTP schemes: never mapped, returned as they are.
        ("mailto:editor@epochtimes.com", None, Some("mailto:editor@epochtimes.com")),
        ("mailto:editor@epochtimes.com", ARTICLE, Some("mailto:editor@epochtimes.com")),
        ("javascript:alert(1)", None, Some("javascript:alert(1)")),
        ("javascript:void(0)", ARTICLE, Some("javascript:void(0)")),
        ("JavaScript:location='https://www.epochtimes.com/gb/25/8/20/n14577375.htm'", ARTICLE, Some("javascript:location='https://www.epochtimes.com/gb/25/8/20/n14577375.htm'")),
        ("data:text/html,<a href=https://www.epochtimes.com/gb/nsc413.htm>", None, Some("data:text/html,<a href=https://www.epochtimes.com/gb/nsc413.htm>")),
        ("ftp://www.epochtimes.com/gb/25/8/20/n14577375.htm", None, Some("ftp://www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        ("file:///gb/25/8/20/n14577375.htm", None, Some("file:///gb/25/8/20/n14577375.htm")),
        ("ws://www.epochtimes.com/gb/nsc413.htm", None, Some("ws://www.epochtimes.com/gb/nsc413.htm")),
        ("tel:+1-212-239-2808", None, Some("tel:+1-212-239-2808")),
        // Garbage: no panic, `None` when nothing can be resolved.
        ("http://", None, None),
        ("https://", ARTICLE, None),
        ("http://[::1", None, None),
        ("http://exa mple.com/", None, None),
        ("::::", None, None),
        ("%%%", None, None),
        ("\u{0}", None, None),
        ("no scheme here", None, None),
        ("n14577375.htm", Some("about:blank"), None),
        ("javascript:alert(1)", Some("mailto:x@y"), Some("javascript:alert(1)")),
        ("%%%", ARTICLE, Some("https://www.epochtimes.com/gb/25/8/20/%%%")),
    ];

    #[test]
    fn rewrite_cases() {
        let map = LinkMap::default();
        let mut failures = Vec::new();
        for &(href, base, expected) in CASES {
            let base_url = base.map(|b| Url::parse(b).expect("test base parses"));
            let got = map.rewrite(href, base_url.as_ref());
            if got.as_deref() != expected {
                failures.push(format!(
                    "{href:?} on {base:?}: got {got:?}, want {expected:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// `(mirror, LinkMap::default().original_url(mirror))`.
    #[rustfmt::skip]
    const INVERSE: &[(&str, Option<&str>)] = &[
        (djy!("gb/25/8/20/n14577375.md"), Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        ("http://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        ("https://GitHub.com/1992513/djy/blob/master/gb/1/1/1/n28504.md#1", Some("https://www.epochtimes.com/gb/1/1/1/n28504.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md?dfh#1", Some("https://www.epochtimes.com/gb/16/1/21/n4622075.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md?zsrh#1", Some("https://www.epochtimes.com/gb/16/1/21/n4622075.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md?dfh", Some("https://www.epochtimes.com/gb/16/1/21/n4622075.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md%231", None),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md?foo#1", None),
        ("https://github.com/1992513/djy/blob/master/gb/16/1/21/n4622075.md?dfh=1#1", None),
        ("https://github.com/1992513/djy/blob/master/b5/14/1/1/n4048433.md#1", Some("https://www.epochtimes.com/b5/14/1/1/n4048433.htm")),
        ("https://github.com/1992513/djy/blob/master/gb/25/08/20/n14577375.md#1", Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")),
        // Older accounts.
        ("https://github.com/19920513/djy/blob/master/gb/2/12/18/n256976.md#1", Some("https://www.epochtimes.com/gb/2/12/18/n256976.htm")),
        ("https://github.com/920513/djy/blob/master/gb/22/4/4/n13695331.md#1", Some("https://www.epochtimes.com/gb/22/4/4/n13695331.htm")),
        ("https://github.com/tui590285/djy/blob/master/gb/nsc413.md#1", Some("https://www.epochtimes.com/gb/nsc413.htm")),
        ("https://github.com/tsiac2612/djy/blob/master/gb/16/3/16/n4663449.md?dfh#1", Some("https://www.epochtimes.com/gb/16/3/16/n4663449.htm")),
        ("https://github.com/19920513/ntdtv/blob/master/gb/2025/01/02/a103944424.md#1", Some("https://www.ntdtv.com/gb/2025/01/02/a103944424.html")),
        ("https://github.com/someone/djy/blob/master/gb/25/8/20/n14577375.md#1", None),
        // Sections, paging, tags.
        (djy!("gb/nsc413.md"), Some("https://www.epochtimes.com/gb/nsc413.htm")),
        (djy!("gb/nsc413_2.md"), Some("https://www.epochtimes.com/gb/nsc413_2.htm")),
        (djy!("gb/nf1351518.md"), Some("https://www.epochtimes.com/gb/nf1351518.htm")),
        (djy!("gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md"), Some("https://www.epochtimes.com/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.html")),
        ("https://github.com/19920513/djy/blob/master/gb/tag/%e6%b3%95%e8%bd%ae%e5%8a%9f.md#1", Some("https://www.epochtimes.com/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.html")),
        ("https://github.com/19920513/djy/blob/master/gb/tag/法轮功.md#1", Some("https://www.epochtimes.com/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.html")),
        // NTDTV.
        (ntd!("gb/2020/07/20/a102898210.md"), Some("https://www.ntdtv.com/gb/2020/07/20/a102898210.html")),
        (ntd!("gb/prog447_1.md"), None),
        (ntd!("gb/25/8/20/n14577375.md"), None),
        (djy!("gb/2020/07/20/a102898210.md"), None),
        // Not mirror files.
        (djy!("gb/.md"), None),
        (djy!("gb/25/8/20/n14577375.htm"), None),
        (djy!("gb/25/2/30/n14577375.md"), None),
        (djy!("gb/25/8/20/n14577375.md/x"), None),
        ("https://github.com/1992513/djy/blob/master/", None),
        ("https://github.com/1992513/djy/blob/master", None),
        ("https://github.com/1992513/djy/blob/main/gb/25/8/20/n14577375.md#1", None),
        ("https://github.com/1992513/djy/tree/master/gb/nsc413.md", None),
        ("https://github.com/1992513/www/blob/master/README.md?zsrh#1", None),
        ("https://raw.githubusercontent.com/1992513/djy/master/gb/300/wei-f1.jpg", None),
        ("https://raw.githubusercontent.com/1992513/djy/master/gb/25/8/20/n14577375.md", None),
        ("https://gitlab.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1", None),
        ("https://github.com:8443/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1", None),
        ("ftp://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1", None),
        ("https://www.epochtimes.com/gb/25/8/20/n14577375.htm", None),
        ("gb/25/8/20/n14577375.md", None),
        ("javascript:alert(1)", None),
        ("", None),
        ("garbage", None),
        ("http://[::1", None),
    ];

    #[test]
    fn inverse_cases() {
        let map = LinkMap::default();
        let mut failures = Vec::new();
        for &(mirror, expected) in INVERSE {
            let got = map.original_url(mirror);
            if got.as_deref() != expected {
                failures.push(format!("{mirror:?}: got {got:?}, want {expected:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every mapped case maps back to an original that maps to the same mirror URL.
    #[test]
    fn round_trip_from_cases() {
        let map = LinkMap::default();
        let mut mapped = 0;
        for &(href, base, expected) in CASES {
            let Some(mirror) = expected.filter(|e| e.starts_with("https://github.com/1992513/"))
            else {
                continue;
            };
            if href.starts_with("https://github.com/") {
                continue;
            }
            let original = map
                .original_url(mirror)
                .unwrap_or_else(|| panic!("{href:?} on {base:?}: {mirror} has no original"));
            assert_eq!(
                map.rewrite(&original, None).as_deref(),
                Some(mirror),
                "{original}"
            );
            mapped += 1;
        }
        assert!(mapped > 50);
    }

    /// Canonical originals survive original → mirror → original unchanged.
    #[test]
    fn round_trip_canonical() {
        let originals = [
            "https://www.epochtimes.com/gb/25/8/20/n14577375.htm",
            "https://www.epochtimes.com/gb/1/1/1/n28504.htm",
            "https://www.epochtimes.com/b5/14/1/1/n4048433.htm",
            "https://www.epochtimes.com/gb/nsc413.htm",
            "https://www.epochtimes.com/gb/nsc413_2.htm",
            "https://www.epochtimes.com/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.html",
            "https://www.ntdtv.com/gb/2020/07/20/a102898210.html",
            "https://www.ntdtv.com/b5/2014/01/01/a1034872.html",
        ];
        for map in [
            LinkMap::default(),
            LinkMap::for_account("19920513"),
            LinkMap {
                djy_base: "https://gitlab.com/mirror/djy/-/blob/master".into(),
                ntdtv_base: "https://gitlab.com/mirror/ntdtv/-/blob/master/".into(),
                anchor: String::new(),
            },
        ] {
            for original in originals {
                let url = Url::parse(original).unwrap();
                let mirror = map.mirror_url(&url).expect(original);
                assert_eq!(
                    map.original_url(&mirror).as_deref(),
                    Some(original),
                    "{mirror}"
                );
                // The default map knows every account, so it inverts the others' URLs too
                // (not the custom gitlab base, which only its own map knows).
                if mirror.starts_with("https://github.com/") {
                    assert_eq!(
                        LinkMap::default().original_url(&mirror).as_deref(),
                        Some(original)
                    );
                }
            }
        }
    }

    #[test]
    fn custom_bases() {
        let map = LinkMap::for_account("19920513");
        let url = Url::parse("http://www.epochtimes.com/gb/2/12/18/n256976.htm").unwrap();
        assert_eq!(
            map.mirror_url(&url).as_deref(),
            Some("https://github.com/19920513/djy/blob/master/gb/2/12/18/n256976.md#1")
        );
        assert_eq!(
            map.rewrite("/gb/tag/法轮功.html", Some(&url)).as_deref(),
            Some(
                "https://github.com/19920513/djy/blob/master/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md#1"
            )
        );
        assert_eq!(
            map.rewrite("https://www.ntdtv.com/gb/2024/09/02/a103910162.html", None)
                .as_deref(),
            Some("https://github.com/19920513/ntdtv/blob/master/gb/2024/09/02/a103910162.md#1")
        );
        // The current account's URLs are still understood.
        assert_eq!(
            map.original_url(djy!("gb/25/8/20/n14577375.md")).as_deref(),
            Some("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")
        );

        // A base without its trailing slash, another anchor, an unknown host.
        let map = LinkMap {
            djy_base: "https://example.org/m/djy".into(),
            ntdtv_base: "https://example.org/m/ntdtv/".into(),
            anchor: "#top".into(),
        };
        assert_eq!(
            map.mirror_url(&Url::parse("https://epochtimes.com/gb/nsc413.htm").unwrap())
                .as_deref(),
            Some("https://example.org/m/djy/gb/nsc413.md#top")
        );
        assert_eq!(
            map.original_url("https://example.org/m/djy/gb/nsc413.md#top")
                .as_deref(),
            Some("https://www.epochtimes.com/gb/nsc413.htm")
        );
        assert_eq!(
            map.original_url("https://example.org/m/djyx/gb/nsc413.md"),
            None
        );
        assert_eq!(LinkMap::default(), LinkMap::for_account("1992513"));
    }

    #[test]
    fn article_url() {
        let url = Url::parse("http://EPOCHTIMES.com/gb/01/02/03/n28504.htm?x#y").unwrap();
        let article = ArticleUrl::parse(&url).unwrap();
        assert_eq!(
            article,
            ArticleUrl {
                edition: Edition::Gb,
                year: 2001,
                month: 2,
                day: 3,
                id: "n28504".into(),
            }
        );
        assert_eq!(
            article.canonical(),
            "https://www.epochtimes.com/gb/1/2/3/n28504.htm"
        );
        assert_eq!(article.mirror_path(), "gb/1/2/3/n28504.md");
        assert_eq!(article.date(), NaiveDate::from_ymd_opt(2001, 2, 3));

        let article = ArticleUrl {
            edition: Edition::B5,
            year: 2025,
            month: 8,
            day: 20,
            id: "n14577375".into(),
        };
        assert_eq!(
            article.canonical(),
            "https://www.epochtimes.com/b5/25/8/20/n14577375.htm"
        );
        assert_eq!(article.mirror_path(), "b5/25/8/20/n14577375.md");

        for bad in [
            "https://www.epochtimes.com/gb/24/2/30/n1.htm",
            "https://www.epochtimes.com/gb/23/2/29/n1.htm",
            "https://www.epochtimes.com/gb/nsc413.htm",
            "https://www.ntdtv.com/gb/25/8/20/n14577375.htm",
            "https://i.epochtimes.com/gb/25/8/20/n14577375.htm",
            "ftp://www.epochtimes.com/gb/25/8/20/n14577375.htm",
        ] {
            assert_eq!(ArticleUrl::parse(&Url::parse(bad).unwrap()), None, "{bad}");
        }
        let leap = Url::parse("https://www.epochtimes.com/gb/24/2/29/n1.htm").unwrap();
        assert!(ArticleUrl::parse(&leap).is_some());
    }

    #[test]
    fn classify() {
        let t = |s: &str| Target::classify(&Url::parse(s).unwrap());
        assert!(matches!(
            t("https://www.epochtimes.com/gb/25/8/20/n14577375.htm"),
            Target::Article(_)
        ));
        assert_eq!(
            t("https://www.epochtimes.com/gb/nsc413_2.htm"),
            Target::Section {
                edition: Edition::Gb,
                name: "nsc413_2".into()
            }
        );
        assert_eq!(
            t("https://www.epochtimes.com/b5/tag/法輪功.html"),
            Target::Tag {
                edition: Edition::B5,
                tag: "%E6%B3%95%E8%BC%AA%E5%8A%9F".into()
            }
        );
        let ntd = t("http://www.ntdtv.com/xtr/gb/2018/03/19/a1367541.html");
        assert_eq!(
            ntd.canonical().as_deref(),
            Some("https://www.ntdtv.com/gb/2018/03/19/a1367541.html")
        );
        assert_eq!(
            ntd.mirror_path().as_deref(),
            Some("gb/2018/03/19/a1367541.md")
        );
        for other in [
            "https://www.epochtimes.com/",
            "https://www.epochtimes.com/gb/",
            "https://i.epochtimes.com/assets/a.jpg",
            "http://www1.epochtimes.com/gb/nsc413.htm",
            "mailto:a@epochtimes.com",
        ] {
            assert_eq!(t(other), Target::Other, "{other}");
            assert_eq!(t(other).mirror_path(), None);
            assert_eq!(t(other).canonical(), None);
            assert_eq!(LinkMap::default().mirror_url_of(&t(other)), None);
        }
    }

    /// Odd input never panics, whatever the base.
    #[test]
    fn garbage_does_not_panic() {
        let map = LinkMap::default();
        let bases = [
            None,
            Some(Url::parse("https://www.epochtimes.com/gb/25/8/20/n14577375.htm").unwrap()),
            Some(Url::parse("data:text/plain,x").unwrap()),
        ];
        let inputs = [
            "%",
            "%e",
            "%zz",
            "/gb/tag/%.html",
            "/gb/tag/%F0%9F.html",
            "/gb/tag/%FF.html",
            "//",
            "///",
            "\\\\evil",
            "/gb/25/8/20/n99999999999999999999999999.htm",
            "/gb/99/99/99/n1.htm",
            "/gb/4294967295/1/1/n1.htm",
            "http://\u{202e}.com",
            "https://www.epochtimes.com/gb/25/8/20/n\u{0}.htm",
            "?",
            "#",
            "..",
            "../..",
            "https://github.com/1992513/djy/blob/master/gb/25/8/20/n1.md#1",
            "\u{feff}https://www.epochtimes.com/gb/nsc413.htm",
            "漢字",
            "http://漢字.com/",
        ];
        for base in &bases {
            for input in inputs {
                let _ = map.rewrite(input, base.as_ref());
                let _ = map.original_url(input);
                let _ = map.mirror_target(input);
            }
        }
        assert_eq!(
            map.rewrite("/gb/tag/%FF.html", bases[1].as_ref())
                .as_deref(),
            Some("https://www.epochtimes.com/gb/tag/%FF.html")
        );
    }

    #[test]
    fn hrefs_padded_with_any_white_space_or_control_resolve_as_bare() {
        let map = LinkMap::default();
        let base = Url::parse(ARTICLE.unwrap()).unwrap();
        let bare = "https://www.epochtimes.com/gb/25/8/19/n1.htm";
        let mirrored = Some(djy!("gb/25/8/19/n1.md").to_string());
        // ASCII space and tab, C0 and C1 controls, DEL, no-break space, ideographic space,
        // line separator, next line.
        for pad in [
            " ", "\t", "\u{1}", "\u{85}", "\u{7f}", "\u{a0}", "\u{3000}", "\u{2028}",
        ] {
            let padded = format!("{pad}{bare}{pad}");
            assert_eq!(map.rewrite(&padded, None), mirrored, "{pad:?}");
            assert_eq!(
                resolve_href(&format!("{pad}n1.htm{pad}"), Some(&base)).map(String::from),
                Some("https://www.epochtimes.com/gb/25/8/20/n1.htm".to_string()),
                "{pad:?}"
            );
            assert_eq!(resolve_href(&format!("{pad}{pad}"), Some(&base)), None);
        }
        // Inside the href, white space is the URL parser's to encode, not ours to drop.
        assert_eq!(
            resolve_href("n1 2.htm", Some(&base)).map(String::from),
            Some("https://www.epochtimes.com/gb/25/8/20/n1%202.htm".to_string())
        );
    }
}
