//! The Epoch Times URL grammar through the link map, and the site's tables and templates (the
//! NTDTV article URLs, which Epoch Times pages link to, are here too).

use chrono::NaiveDate;
use url::Url;

use super::*;
use crate::linkmap::LinkMap;
use crate::model::Edition;
use crate::sites::{PageKind, classify};
use crate::url_safety::resolve_href;

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
    // Program pages and tags of the NTDTV mirror (issue 20): page N of `gb/progN` is `gb/progN_N.md`.
    (ntd!("gb/prog447_1.md"), Some("https://www.ntdtv.com/gb/prog447")),
    (ntd!("gb/prog447_2.md"), Some("https://www.ntdtv.com/gb/prog447/2")),
    (ntd!("gb/focus/%E5%AD%A6%E7%94%9F.md"), Some("https://www.ntdtv.com/gb/focus/%E5%AD%A6%E7%94%9F")),
    // The old generator's suffix-less tag and program links (ntdtv-mirror-format.md §5 #3, #4).
    (ntd!("gb/focus/学生"), Some("https://www.ntdtv.com/gb/focus/%E5%AD%A6%E7%94%9F")),
    (ntd!("gb/prog447"), Some("https://www.ntdtv.com/gb/prog447")),
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
        let Some(mirror) = expected.filter(|e| e.starts_with("https://github.com/1992513/")) else {
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
    for map in [LinkMap::default(), LinkMap::for_account("19920513"), {
        let mut map = LinkMap::default()
            .with_site(&PROFILE, "https://gitlab.com/mirror/djy/-/blob/master")
            .with_site(
                &crate::sites::ntdtv::PROFILE,
                "https://gitlab.com/mirror/ntdtv/-/blob/master/",
            );
        map.anchor = String::new();
        map
    }] {
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
        Some("https://github.com/19920513/djy/blob/master/gb/tag/%E6%B3%95%E8%BD%AE%E5%8A%9F.md#1")
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
    let mut map = LinkMap::default()
        .with_site(&PROFILE, "https://example.org/m/djy")
        .with_site(
            &crate::sites::ntdtv::PROFILE,
            "https://example.org/m/ntdtv/",
        );
    map.anchor = "#top".into();
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
fn classify_pages() {
    let t = |s: &str| classify(&Url::parse(s).unwrap());
    let article = t("https://www.epochtimes.com/gb/25/8/20/n14577375.htm").unwrap();
    assert_eq!(article.site, &PROFILE);
    assert_eq!(article.page.kind, PageKind::Article);
    assert_eq!(
        article.page.date,
        NaiveDate::from_ymd_opt(2025, 8, 20),
        "the URL dates the article"
    );
    let section = t("https://www.epochtimes.com/gb/nsc413_2.htm")
        .unwrap()
        .page;
    assert_eq!(
        (section.kind, section.edition, section.id.as_str()),
        (PageKind::Section, Edition::Gb, "nsc413_2")
    );
    let tag = t("https://www.epochtimes.com/b5/tag/法輪功.html")
        .unwrap()
        .page;
    assert_eq!(
        (tag.kind, tag.edition, tag.id.as_str()),
        (PageKind::Tag, Edition::B5, "%E6%B3%95%E8%BC%AA%E5%8A%9F")
    );
    let ntd = t("http://www.ntdtv.com/xtr/gb/2018/03/19/a1367541.html").unwrap();
    assert_eq!(ntd.site, &crate::sites::ntdtv::PROFILE);
    assert_eq!(
        ntd.page.canonical,
        "https://www.ntdtv.com/gb/2018/03/19/a1367541.html"
    );
    assert_eq!(ntd.page.mirror_path, "gb/2018/03/19/a1367541.md");
    for other in [
        "https://www.epochtimes.com/",
        "https://www.epochtimes.com/gb/",
        "https://i.epochtimes.com/assets/a.jpg",
        "http://www1.epochtimes.com/gb/nsc413.htm",
        "mailto:a@epochtimes.com",
    ] {
        assert_eq!(t(other), None, "{other}");
        assert_eq!(
            LinkMap::default().mirror_url(&Url::parse(other).unwrap()),
            None
        );
    }
    // A page of the site's hosts that names no page is still the site's.
    assert!(PROFILE.owns(&Url::parse("http://www.dajiyuan.com/news/x.asp?ID=1").unwrap()));
    assert!(!PROFILE.owns(&Url::parse("http://www1.epochtimes.com/gb/nsc413.htm").unwrap()));
    assert!(PROFILE.owns(&Url::parse("http://www1.epochtimes.com/gb/1/1/1/n1.htm").unwrap()));
}

#[test]
fn builtin_templates_parse_and_pool_has_the_right_column() {
    let t = crate::render::Templates::for_site(&PROFILE).unwrap();
    assert_eq!(t.pool().len(), 24);
    assert!(
        t.pool()
            .iter()
            .all(|p| p.url.starts_with("https://github.com/1992513/"))
    );
    let header = TEMPLATES
        .files
        .iter()
        .find(|f| f.0 == "header.html")
        .unwrap()
        .1;
    let right = TEMPLATES
        .files
        .iter()
        .find(|f| f.0 == "right-column.html")
        .unwrap()
        .1;
    // The template files' comment line aside, the fixed parts are the real mirror's.
    let strip = |s: &'static str| &s[s.find("#}\n").map_or(0, |e| e + 3)..];
    assert_eq!(strip(header).chars().count(), 4596);
    assert_eq!(strip(right).chars().count(), 5332);
    assert!(strip(right).ends_with("</table>\n"));
    let b5 = |name: &str| TEMPLATES.b5.iter().find(|f| f.0 == name).unwrap().1;
    assert!(b5("page.html").contains("相關新聞："));
    assert!(b5("footer.html").contains("瀏覽原文"));
    assert!(
        TEMPLATES
            .b5
            .iter()
            .all(|(f, _)| *f != "header.html" && *f != "right-column.html")
    );
}

#[test]
fn fixture_pages_lose_most_of_their_chrome() {
    let chrome = crate::extract::profile::chrome_for(&PROFILE)
        .unwrap()
        .unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/epochtimes");
    let (mut total, mut kept) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let pruned = crate::prune::prune(&text, Some(chrome));
        assert!(pruned.elements >= 8, "{} elements cut", pruned.elements);
        total += text.len();
        kept += pruned.text.len();
    }
    assert!(kept * 100 < total * 30, "kept {kept} of {total} bytes");
}

#[path = "../../../tests/support/renamed.rs"]
mod renamed;

/// With the chrome renamed so that no rule names it, the pre-pass still cuts it: by what the
/// extractor needs, not by what the rules name.
#[test]
fn fixture_pages_lose_their_chrome_under_any_name() {
    let chrome = crate::extract::profile::chrome_for(&PROFILE)
        .unwrap()
        .unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/epochtimes");
    let (mut total, mut kept) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let text = renamed::rename_chrome(&text);
        let pruned = crate::prune::prune(&text, Some(chrome));
        assert!(pruned.elements >= 4, "{} elements cut", pruned.elements);
        total += text.len();
        kept += pruned.text.len();
    }
    assert!(kept * 100 < total * 30, "kept {kept} of {total} bytes");
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
