//! List pages (issue 19) against the real list files of the mirror.
//!
//! For each real list file of `../shared/list-samples/` (read at test time, never committed;
//! skipped with one line when the corpus is absent, a failure when `CI=true`), a list page is
//! rebuilt around what the file lists, in both reconstructed templates of list-pages-format.md
//! §10.3 (with a sidebar list in the item markup, a script holding `one_post` markup and a digest
//! of article links, none of which may reach the file), put through `extract_page` → mirror, and
//! the real file is required back, byte for byte, but for §12: the random parts masked (the 25
//! video entries must share one host), the heading compared as text, and the accepted repairs (a
//! `?` the old generator wrote for a lost character matches any character; entities may be
//! characters; a copied `class=`, time.gif attributes and trailing tabs may go; whitespace inside
//! title and excerpt folded). The portal file is compared row by row (its broken `<h4>` nesting
//! repaired); exact home-page bytes are not specified, so the home file and the real 2018 home
//! page are checked for their frame, their ending and every article link with its title.

#[path = "support/list_pages.rs"]
mod list_pages;
#[allow(dead_code)] // the golden tests' helpers; these tests use corpus_dir and read
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use list_pages::{
    Item, ListSpec, Template, build, decode_entities, fold, lossy_eq, mask, read_ab, repaired_row,
    split_heading, video_hosts,
};
use newsmirror::{
    ExtractOptions, Format, LinkMap, ListLayout, Listing, Page, RenderOptions, extract_page, render,
};

fn samples() -> Option<PathBuf> {
    support::corpus_dir().map(|d| d.join("list-samples"))
}

fn original_of(gh: &str) -> String {
    LinkMap::default()
        .original_url(gh)
        .unwrap_or_else(|| panic!("{gh} is a mirror URL"))
}

fn listing(page: &str, url: Option<&str>) -> Listing {
    let mut options = ExtractOptions::default();
    options.url = url.map(str::to_string);
    match extract_page(page.as_bytes(), &options) {
        Ok(Page::Listing(l)) => l,
        Ok(Page::Article(a)) => panic!("read as an article: {}", a.url),
        Ok(other) => panic!("read as {}", other.kind_name()),
        Err(e) => panic!("refused: {e}"),
    }
}

fn mirror(l: &Listing) -> String {
    render::listing_to_string(l, Format::Mirror, &RenderOptions::default()).unwrap()
}

/// The real file's `原文地址` URL.
fn original_url(real: &str) -> String {
    static U: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"原文地址： <a href="([^"]+)">"#).unwrap());
    U.captures(real).expect("原文地址")[1].to_string()
}

/// The frame checks of §12.1–3: masked frame equal, heading equal as text, one video host.
fn check_frame(name: &str, real_frame: &str, ours_frame: &str, failures: &mut Vec<String>) {
    let (rb, rh, ra) = split_heading(real_frame);
    let (ob, oh, oa) = split_heading(ours_frame);
    if let Some(d) = lossy_eq(&mask(&rb), &mask(&ob)) {
        failures.push(format!("{name}: frame before the heading differs {d}"));
    }
    if let Some(d) = lossy_eq(&rh, &oh) {
        failures.push(format!("{name}: heading differs {d}"));
    }
    if mask(&ra) != mask(&oa) {
        failures.push(format!(
            "{name}: right column differs {}",
            lossy_eq(&mask(&ra), &mask(&oa)).unwrap_or_default()
        ));
    }
    let hosts: BTreeSet<String> = video_hosts(ours_frame).into_iter().collect();
    if video_hosts(ours_frame).len() != 25 || hosts.len() != 1 {
        failures.push(format!(
            "{name}: the 25 video entries must share one host: {hosts:?}"
        ));
    }
}

#[test]
fn layouts_a_and_b_give_the_real_files_back() {
    let Some(dir) = samples() else {
        return;
    };
    let mut failures = Vec::new();
    for (file, b) in [
        ("gb-news2007.md", false),
        ("gb-nsc413.md", true),
        ("gb-nsc413_2.md", true),
    ] {
        let real_text = support::read(&dir.join(file));
        let real = read_ab(&real_text, b);
        assert!(real.rows.len() >= 30, "{file}: {} rows", real.rows.len());
        let url = original_url(&real_text);
        let page1 = url.rsplit_once('_').map(|(b, _)| format!("{b}.htm"));
        let items: Vec<Item> = real
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| Item {
                url: original_of(&r.gh),
                title: r.title.clone(),
                thumb: r.thumb.clone(),
                excerpt: r.excerpt.clone(),
                date: r.date.clone(),
                featured: i == 0,
            })
            .collect();
        let current = if page1.is_some() { 2 } else { 1 };
        for template in [Template::Djy, Template::New] {
            let name = format!("{file} [{template:?}]");
            // The older template names itself by a canonical link (page 1 on page 2, as the
            // site may); the newer one names nothing and gets --url.
            let (canonical, given) = match template {
                Template::Djy => (Some(page1.as_deref().unwrap_or(&url)), None),
                Template::New => (None, Some(url.as_str())),
            };
            let spec = ListSpec {
                url: &url,
                canonical,
                heading: &real.heading,
                title: Some("某栏目"),
                items: items
                    .iter()
                    .map(|i| Item {
                        url: i.url.clone(),
                        title: i.title.clone(),
                        thumb: i.thumb.clone(),
                        excerpt: i.excerpt.clone(),
                        date: i.date.clone(),
                        featured: i.featured,
                    })
                    .collect(),
                pager: real.pager.as_ref().map(|_| (current, 1234)),
                b,
                edition: "gb",
            };
            let page = build(&spec, template);
            let l = listing(&page, given);
            assert_eq!(l.url, url, "{name}");
            assert_eq!(
                l.layout,
                if b { ListLayout::B } else { ListLayout::A },
                "{name}"
            );
            assert_eq!(l.items.len(), real.rows.len(), "{name}: the main list only");
            let ours = mirror(&l);
            assert!(
                ours.ends_with("</div>\n") && !ours.ends_with("\n\n"),
                "{name}"
            );
            assert!(
                !ours.contains("\n\n"),
                "{name}: a blank line ends GitHub's HTML block"
            );
            let (ours_frame, ours_rest) = ours.split_once('\n').unwrap();
            check_frame(&name, &real.frame, ours_frame, &mut failures);
            let ours_list = read_ab(&ours, b);
            if ours_list.rows.len() != real.rows.len() {
                failures.push(format!(
                    "{name}: {} rows, the real file has {}",
                    ours_list.rows.len(),
                    real.rows.len()
                ));
            }
            for (n, (r, o)) in real.rows.iter().zip(&ours_list.rows).enumerate() {
                if let Some(d) = lossy_eq(&repaired_row(&r.text), &fold(&decode_entities(&o.text)))
                {
                    failures.push(format!("{name}: row {} differs {d}", n + 1));
                }
            }
            if ours_list.pager != real.pager {
                failures.push(format!(
                    "{name}: pager differs:\n  real {:?}\n  ours {:?}",
                    real.pager, ours_list.pager
                ));
            }
            if ours_list.ending != real.ending {
                failures.push(format!("{name}: ending differs: {}", ours_list.ending));
            }
            assert!(ours_rest.ends_with(&real.ending));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The portal file (layout P): rows compared one by one once the old generator's broken
/// `<h4>` nesting and the headline image's copied attributes are repaired.
#[test]
fn the_portal_file_comes_back_row_by_row() {
    let Some(dir) = samples() else {
        return;
    };
    let real = support::read(&dir.join("gb-ncyule.md"));
    let url = original_url(&real);
    let (frame, rest) = real.split_once('\n').unwrap();
    let (_, heading, _) = split_heading(frame);
    let end = rest.find("</table><div align=\"center\">").unwrap();
    let (body, ending) = rest.split_at(end);
    static HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^<tr><td><h3><a href="([^"]+)" target="_blank">(.*)</a><br></h3><a href="[^"]+" target="_blank"><img width="600" src="([^"]+)"[^>]*></a></td></tr>$"#).unwrap()
    });
    static HEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:</h4></td></tr>)?<tr><td><h3><p><strong>(.*)</strong></p></h3></td></tr>(?:<tr><td><h4>)?$").unwrap()
    });
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^<tr><td><h4><a href="([^"]+)" target="_blank">(.*)</a></h4></td></tr>$"#)
            .unwrap()
    });
    let mut expected = Vec::new();
    let mut html = String::new();
    let mut open = false;
    let mut pager = None;
    for line in body.lines() {
        if let Some(c) = HEADLINE.captures(line) {
            let u = original_of(&c[1]);
            html.push_str(&format!(
                "<div class=\"headline\"><a href=\"{u}\"><img src=\"{}\"></a><h2><a href=\"{u}\">{}</a></h2></div>\n",
                &c[3], &c[2]
            ));
            expected.push(format!(
                "<tr><td><h3><a href=\"{0}\" target=\"_blank\">{1}</a><br></h3><a href=\"{0}\" target=\"_blank\"><img width=\"600\" src=\"{2}\"></a></td></tr>",
                &c[1], &c[2], &c[3]
            ));
        } else if let Some(c) = HEADING.captures(line) {
            if open {
                html.push_str("</ul></div>\n");
            }
            open = true;
            html.push_str(&format!(
                "<div class=\"block\"><div class=\"block_title\">{}</div><ul>\n",
                &c[1]
            ));
            expected.push(format!(
                "<tr><td><h3><p><strong>{}</strong></p></h3></td></tr>",
                &c[1]
            ));
        } else if let Some(c) = ITEM.captures(line) {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                original_of(&c[1]),
                &c[2]
            ));
            expected.push(line.to_string());
        } else if line.starts_with("<tr><td><h3><a href=") {
            pager = Some(format!("{line}\n"));
        } else {
            panic!("unknown P row: {line}");
        }
    }
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>娱乐</title><link rel=\"canonical\" href=\"{url}\"></head><body>\n<div class=\"large-8 column left\">\n<div class=\"cat_title\">{heading}</div>\n{html}{}\n<div class=\"pagination\"><span class=\"page-numbers current\">1</span> <a class=\"page-numbers\" href=\"{}\">2</a></div>\n</div>\n<div class=\"large-4 column right\"><div class=\"box\"><div class=\"box_header\">侧栏</div><a href=\"https://www.epochtimes.com/gb/20/1/2/n11790002.htm\">侧栏里的一条</a></div></div>\n</body></html>",
        if open { "</ul></div>" } else { "" },
        url.replace(".htm", "_2.htm")
    );
    let l = listing(&page, None);
    assert_eq!(l.layout, ListLayout::P);
    let ours = mirror(&l);
    let mut failures = Vec::new();
    let (ours_frame, ours_rest) = ours.split_once('\n').unwrap();
    check_frame("gb-ncyule.md", frame, ours_frame, &mut failures);
    let end = ours_rest.find("</table><div align=\"center\">").unwrap();
    let (ours_body, ours_ending) = ours_rest.split_at(end);
    let mut ours_lines: Vec<&str> = ours_body.lines().collect();
    let ours_pager = ours_lines.pop().map(|p| format!("{p}\n"));
    assert_eq!(ours_lines.len(), expected.len(), "P rows");
    for (n, (e, o)) in expected.iter().zip(&ours_lines).enumerate() {
        if let Some(d) = lossy_eq(&fold(&decode_entities(e)), &fold(&decode_entities(o))) {
            failures.push(format!("gb-ncyule.md: row {} differs {d}", n + 1));
        }
    }
    assert_eq!(ours_pager, pager, "pager");
    assert_eq!(ours_ending, ending, "ending");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Article links of a list file or page, with their titles: mirror URL → titles.
fn titled_links(
    html: &str,
    map: impl Fn(&str) -> Option<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    static POP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*人[气氣]\s*[:：]?\s*[\d,]+\s*$").unwrap());
    let doc = scraper::Html::parse_document(html);
    let a = scraper::Selector::parse("a[href]").unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for link in doc.select(&a) {
        let Some(key) = map(link.value().attr("href").unwrap()) else {
            continue;
        };
        let visible: String = link
            .descendants()
            .filter(|n| {
                !n.ancestors().any(|p| {
                    p.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "noscript" | "script"))
                })
            })
            .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
            .collect();
        let mut title = fold(&visible);
        if title.is_empty() {
            title = fold(link.value().attr("title").unwrap_or(""));
        }
        if title.is_empty() {
            title = link
                .select(&scraper::Selector::parse("img").unwrap())
                .next()
                .and_then(|i| i.value().attr("alt"))
                .map(fold)
                .unwrap_or_default();
        }
        let title = POP.replace(&title, "").trim().to_string();
        let titles = out.entry(key).or_default();
        if !title.is_empty() {
            titles.insert(title);
        }
    }
    out
}

/// Every distinct article link of `source` is in `ours` with one of its titles, and `ours`
/// links nowhere on the site but its 原文地址.
fn check_every_link(
    name: &str,
    source: &BTreeMap<String, BTreeSet<String>>,
    ours: &str,
    failures: &mut Vec<String>,
) {
    let ours_links = titled_links(ours, |h| {
        h.starts_with("https://github.com/1992513/djy/blob/master/gb/")
            .then(|| h.to_string())
    });
    for (gh, titles) in source {
        match ours_links.get(gh) {
            None => failures.push(format!("{name}: {gh} is missing")),
            Some(ours_titles) => {
                let ok = titles.is_empty()
                    || ours_titles
                        .iter()
                        .any(|o| titles.iter().any(|t| lossy_eq(t, o).is_none()));
                if !ok {
                    failures.push(format!(
                        "{name}: {gh} titled {ours_titles:?}, the page says {titles:?}"
                    ));
                }
            }
        }
    }
    let site_links: Vec<&str> = ours
        .match_indices("href=\"http")
        .map(|(i, _)| &ours[i + 6..])
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.contains("epochtimes.com/"))
        .collect();
    if site_links.len() != 1 {
        failures.push(format!(
            "{name}: links into the site besides 原文地址: {site_links:?}"
        ));
    }
}

/// The home file (layout H): exact bytes are not specified (§8); the frame and the ending are,
/// and every article link of the real file must come back with its title.
#[test]
fn the_home_file_keeps_its_frame_and_every_article_link() {
    let Some(dir) = samples() else {
        return;
    };
    let real = support::read(&dir.join("gb-nf1351518.md"));
    let url = original_url(&real);
    let map = LinkMap::default();
    // Article links, not the promo entries of the fixed image column (`?dfh`).
    let article = |h: &str| {
        (!h.contains('?') && map.mirror_target(h).is_some_and(|t| t.page.is_article()))
            .then(|| h.to_string())
    };
    // The real file's doubled quote (`title="…""`) is the old generator's; read its titles
    // with it repaired.
    let source = titled_links(&real.replace("\"\">", "\">"), article);
    assert!(source.len() > 150, "{} article links", source.len());
    // A home page: boxes under the real file's headings, its links as original URLs.
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<strong>([^<]+)</strong>|<a href="(https://github\.com/1992513/djy/blob/master/gb/[^"]+)"(?: title="([^"]*)")?[^>]*>([^<]*)"#).unwrap()
    });
    let mut html = String::from("<div class=\"box\">\n<ul>\n");
    for c in PIECE.captures_iter(&real) {
        if let Some(h) = c.get(1) {
            html.push_str(&format!(
                "</ul></div>\n<div class=\"box\"><div class=\"box_header\">{}</div>\n<ul>\n",
                h.as_str()
            ));
        } else if let Some(orig) = map.original_url(&c[2]).filter(|_| article(&c[2]).is_some()) {
            let title = c.get(3).map_or("", |m| m.as_str());
            let text = c.get(4).map_or("", |m| m.as_str());
            html.push_str(&format!(
                "<li><a href=\"{orig}\" title=\"{title}\">{text}</a></li>\n"
            ));
        }
    }
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>首页</title><link rel=\"canonical\" href=\"{url}\"><script>var djy_cat_names = 'Home';</script></head><body>\n{html}</ul></div>\n</body></html>"
    );
    let l = listing(&page, None);
    assert_eq!((l.layout, l.url.as_str()), (ListLayout::H, url.as_str()));
    let ours = mirror(&l);
    let mut failures = Vec::new();
    let cut = |s: &str| s[..s.find("<tr><td VALIGN=TOP width=\"370\"").unwrap()].to_string();
    if mask(&cut(&real)) != mask(&cut(&ours)) {
        failures.push("home frame differs".to_string());
    }
    let ending = |s: &str| s[s.find("</table><div align=\"center\">").unwrap()..].to_string();
    if ending(&real) != ending(&ours) {
        failures.push(format!("home ending differs: {}", ending(&ours)));
    }
    check_every_link("gb-nf1351518.md", &source, &ours, &mut failures);
    assert!(!ours.contains("\n\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The real 2018 home page converts into a home list file in which every distinct article
/// link of the page appears rewritten, with its title (§8: 244 links, 180 articles).
#[test]
fn the_real_2018_home_page_becomes_a_home_list_file() {
    let Some(corpus) = support::corpus_dir() else {
        return;
    };
    let bytes = std::fs::read(corpus.join("fixtures-real/epochtimes.com-home-2018.html")).unwrap();
    let page = String::from_utf8_lossy(&bytes).into_owned();
    let Ok(Page::Listing(l)) = extract_page(&bytes, &ExtractOptions::default()) else {
        panic!("the 2018 home page is a list page");
    };
    assert_eq!(l.layout, ListLayout::H);
    assert_eq!(l.url, "https://www.epochtimes.com/gb/nf1351518.htm");
    let map = LinkMap::default();
    let base = url::Url::parse("http://www.epochtimes.com/").unwrap();
    let source = titled_links(&page, |h| {
        let u = base.join(h.trim()).ok()?;
        map.classify(&u)
            .filter(|t| t.page.is_article())
            .and_then(|t| map.mirror_url_of(&t))
    });
    assert_eq!(source.len(), 180, "distinct article links of the page");
    let ours = mirror(&l);
    let mut failures = Vec::new();
    check_every_link(
        "epochtimes.com-home-2018.html",
        &source,
        &ours,
        &mut failures,
    );
    assert!(!ours.contains("\n\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
