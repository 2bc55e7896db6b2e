//! List pages of the project's own text (`fixtures/lists/`, `fixtures/epochtimes/section-*`,
//! `tag-*`; fixtures/README.md says what each exercises): reviewed snapshots of the model (JSON),
//! the Markdown and the mirror file's body, and the behaviour each fixture is there for.

#[path = "support/fixtures.rs"]
mod fixtures;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use newsmirror::render::{self, CharsetSafe};
use newsmirror::{
    DiagnosticKind, Error, ExtractOptions, Format, ListKind, ListLayout, Listing, Page,
    RenderOptions, extract, extract_page,
};

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read_page(rel: &str, url: Option<&str>) -> Listing {
    let bytes = std::fs::read(path(rel)).unwrap();
    let mut options = ExtractOptions::default();
    options.url = url.map(str::to_string);
    match extract_page(&bytes, &options) {
        Ok(Page::Listing(l)) => l,
        Ok(Page::Article(a)) => panic!("{rel}: read as the article {}", a.url),
        Ok(other) => panic!("{rel}: read as {}", other.kind_name()),
        Err(e) => panic!("{rel}: {e}"),
    }
}

fn out(l: &Listing, format: Format) -> String {
    render::listing_to_string(l, format, &RenderOptions::default()).unwrap()
}

/// Every list fixture with the URL it needs (none: the page names itself).
fn pages() -> Vec<(PathBuf, String)> {
    let mut pages: Vec<(PathBuf, String)> = fixtures::html_pages("fixtures/lists")
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (p, name)
        })
        .collect();
    for name in ["section-gb-nsc413", "tag-gb-example"] {
        pages.push((
            path(&format!("fixtures/epochtimes/{name}.html")),
            name.to_string(),
        ));
    }
    pages
}

/// The mirror file without its first line (the fixed frame, which `tests/lists.rs` checks
/// against the real files), with the first line's heading cell kept.
fn mirror_body(mirror: &str) -> String {
    let (first, rest) = mirror.split_once('\n').unwrap();
    let title = first
        .find("<tr><td width=")
        .map(|i| {
            &first[i..first[i..]
                .find("rowspan=")
                .map_or(first.len(), |e| i + e + 11)]
        })
        .unwrap_or("(home: no title row)");
    format!("{title}\n…\n{rest}")
}

#[test]
fn snapshots_of_every_list_fixture() {
    let pages = pages();
    assert_eq!(
        pages.len(),
        10,
        "fixtures/README.md lists every list fixture"
    );
    for (page, name) in pages {
        let rel = page.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let l = read_page(rel.to_str().unwrap().trim_start_matches('/'), None);
        insta::assert_snapshot!(format!("{name}.json"), out(&l, Format::Json));
        insta::assert_snapshot!(format!("{name}.md"), out(&l, Format::Markdown));
        insta::assert_snapshot!(
            format!("{name}.mirror"),
            mirror_body(&out(&l, Format::Mirror))
        );
    }
}

#[test]
fn every_list_file_is_one_html_block_with_the_frame_and_ending() {
    for (page, name) in pages() {
        let rel = page.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let l = read_page(rel.to_str().unwrap().trim_start_matches('/'), None);
        let m = out(&l, Format::Mirror);
        assert!(
            m.starts_with("<a name=\"1\" id=\"1\" target=\"_blank\">&nbsp;</a> <span id=\"1\">&nbsp;</span><table align=center border=\"0\"><tr><td colspan="),
            "{name}"
        );
        assert!(!m.contains("\n\n"), "{name}: no blank line");
        assert!(m.ends_with("才能访问）</div>\n"), "{name}");
        assert!(
            m.contains(&format!("原文地址： <a href=\"{0}\">{0}</a>", l.url)),
            "{name}"
        );
        let path = l.mirror_path();
        assert!(
            m.contains(&format!(
                "https://github.com/1992513/djy/blob/master/{path}#1<br>"
            )),
            "{name}: the share block names {path}"
        );
        // Nothing but 原文地址 points at the site.
        let on_site = m.matches("href=\"https://www.epochtimes.com/").count()
            + m.matches("href=\"http://www.epochtimes.com/").count();
        assert_eq!(on_site, 1, "{name}");
    }
}

#[test]
fn layout_a_keeps_every_character_and_escapes_markup() {
    let l = read_page("fixtures/lists/list-a-gb-news2007-djy.html", None);
    assert_eq!(
        (l.layout, l.kind, l.page),
        (ListLayout::A, ListKind::Section, 1)
    );
    assert_eq!(l.items.len(), 24, "the main list's items only");
    assert!(l.items[0].featured && !l.items[1].featured);
    assert!(
        l.items[0]
            .thumbnail
            .as_deref()
            .unwrap()
            .ends_with("-320x200.jpg")
    );
    assert!(
        l.items[1]
            .thumbnail
            .as_deref()
            .unwrap()
            .ends_with("-150x120.jpg")
    );
    assert_eq!(
        l.pager.unwrap().last,
        Some(1234),
        "a pager number with a comma"
    );
    let titles: Vec<&str> = l.items.iter().map(|i| i.title.as_str()).collect();
    for t in [
        "东京小巷里的咖啡馆・一杯手冲的坚持",
        "茶与书‧慢生活的十个片段",
        "春季养生 – 从一碗粥开始",
        "手作面包店开张 🥐 排队的人绕了街角",
        "<b>标签</b> 在标题里只是文字",
    ] {
        assert!(titles.contains(&t), "{t} in {titles:?}");
    }
    let m = out(&l, Format::Mirror);
    assert!(m.contains("・一杯手冲") && m.contains("‧慢生活") && m.contains("🥐"));
    assert!(m.contains("&lt;b&gt;标签&lt;/b&gt;") && !m.contains("<b>标签"));
    assert!(!m.contains("咖啡馆?"));
    // A line break of an excerpt stays a line break of the row.
    let multi = l
        .items
        .iter()
        .find(|i| i.excerpt.contains('\n'))
        .expect("a two-line excerpt");
    let (first, second) = multi.excerpt.split_once('\n').unwrap();
    assert!(m.contains(&format!("{first}\n{second}......<br>")));
    // The date icon's width/height are the page's, not the mirror's.
    assert!(!m.contains("time.gif\" width"));
    // GBK-safe output loses nothing either.
    let mut gbk_options = RenderOptions::default();
    gbk_options.charset_safe = Some(CharsetSafe::Gbk);
    let gbk = render::listing_to_string(&l, Format::Mirror, &gbk_options).unwrap();
    assert!(gbk.contains("&#x1F950;") && gbk.contains("&#x30FB;"));
    let (_, _, lossy) = encoding_rs::GBK.encode(&gbk);
    assert!(!lossy);
}

#[test]
fn sidebars_scripts_and_digests_never_give_items() {
    for (page, name) in pages() {
        let rel = page.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let l = read_page(rel.to_str().unwrap().trim_start_matches('/'), None);
        if l.layout == ListLayout::H {
            continue; // a home page lists every article link it has
        }
        let text = std::fs::read_to_string(&page).unwrap();
        let urls: BTreeSet<&str> = l.all_items().map(|i| i.url.as_str()).collect();
        // The script's template item.
        assert!(
            !urls.iter().any(|u| u.ends_with("/n14560001.htm")),
            "{name}"
        );
        // The digest at the bottom (section_digest) and the sidebar boxes: their links are
        // after the main list in the page; none of them is an item.
        let digest = &text[text.find("id=\"section_digest\"").unwrap()..];
        for u in &urls {
            let path = u.trim_start_matches("https://www.epochtimes.com");
            assert!(!digest.contains(path), "{name}: {u} is a digest link");
        }
    }
}

#[test]
fn a_later_page_is_named_by_its_url_not_its_canonical_link() {
    let rel = "fixtures/lists/list-b-gb-nsc418_3-djy.html";
    // The canonical link names page 1; the pager marks page 3.
    let l = read_page(rel, None);
    assert_eq!(
        (l.page, l.url.as_str()),
        (3, "https://www.epochtimes.com/gb/nsc418_3.htm")
    );
    assert!(
        l.diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::Inconsistent)
    );
    let given = read_page(rel, Some("https://www.epochtimes.com/gb/nsc418_3.htm"));
    assert_eq!(given.page, 3);
    assert!(given.diagnostics.is_empty(), "{:?}", given.diagnostics);
    assert_eq!(given.mirror_path(), "gb/nsc418_3.md");
    // Its heading is the ranking heading, not the <title>.
    assert_eq!(given.heading, "国际新闻排行");
    assert_eq!(given.page_title.as_deref(), Some("国际新闻 | 大纪元"));
    let m = out(&given, Format::Mirror);
    assert!(m.contains("<strong>国际新闻排行</strong>"));
    assert!(m.contains("<a href=\"https://github.com/1992513/djy/blob/master/gb/nsc418_2.md#1\">上一页</a>&nbsp;&nbsp;<a href=\"https://github.com/1992513/djy/blob/master/gb/nsc418.md#1\">1</a>&nbsp;&nbsp;<a href=\"https://github.com/1992513/djy/blob/master/gb/nsc418_2.md#1\">2</a>&nbsp;&nbsp;3&nbsp;&nbsp;<a "));
    // The repeated featured item keeps its place; its copied class= does not reach the file.
    assert_eq!(given.items[0].url, given.items[2].url);
    assert!(!m.contains("class=\"lazy"));
}

#[test]
fn a_ranking_list_has_no_pager_and_rows_without_thumbnails() {
    let l = read_page("fixtures/lists/list-a-gb-nscrw413-new.html", None);
    assert_eq!((l.kind, l.layout), (ListKind::Ranking, ListLayout::A));
    assert!(l.pager.is_none());
    assert!(l.items.iter().all(|i| !i.featured));
    let bare = l.items.iter().filter(|i| i.thumbnail.is_none()).count();
    assert_eq!(bare, 5);
    let m = out(&l, Format::Mirror);
    assert!(!m.contains("上一页"));
    assert_eq!(
        m.matches("<img width=\"150\"").count(),
        l.items.len() - bare
    );
}

#[test]
fn a_traditional_list_links_the_gb_files() {
    let l = read_page("fixtures/lists/list-b-b5-nsc413-djy.html", None);
    assert_eq!(l.edition.as_str(), "b5");
    assert_eq!(l.mirror_path(), "b5/nsc413.md");
    assert!(l.items.iter().all(|i| i.url.contains("/b5/")));
    let m = out(&l, Format::Mirror);
    assert!(!m.contains("/master/b5/2"), "articles map to gb files");
    assert_eq!(
        m.matches("https://github.com/1992513/djy/blob/master/gb/25/")
            .count(),
        2 * l.items.len()
    );
    assert!(m.contains("原文地址： <a href=\"https://www.epochtimes.com/b5/nsc413.htm\">"));
    assert!(m.contains("blob/master/b5/nsc413_2.md#1\">下一页"));
}

#[test]
fn tag_lists_map_to_tag_files() {
    let l = read_page("fixtures/lists/list-tag-gb-new.html", None);
    assert_eq!((l.kind, l.layout), (ListKind::Tag, ListLayout::A));
    assert_eq!(l.mirror_path(), "gb/tag/%E8%8C%B6.md");
    let old = read_page("fixtures/epochtimes/tag-gb-example.html", None);
    assert_eq!(old.items.len(), 24, "the 2015-style artlist");
    assert_eq!(old.mirror_path(), "gb/tag/%E7%A8%80%E5%9C%9F.md");
    assert!(out(&old, Format::Mirror).contains("gb/tag/%E7%A8%80%E5%9C%9F_2.md#1\">2</a>"));
}

#[test]
fn the_portal_keeps_its_sections_even_empty_ones() {
    let l = read_page("fixtures/lists/list-p-gb-ncyule.html", None);
    assert_eq!((l.kind, l.layout), (ListKind::Portal, ListLayout::P));
    assert_eq!(l.boxes.len(), 5);
    assert!(l.boxes[0].heading.is_empty() && l.boxes[0].items.len() == 1);
    assert!(l.boxes[2].items.is_empty());
    let m = out(&l, Format::Mirror);
    assert!(m.contains("<img width=\"600\" src=\"https://i.epochtimes.com/"));
    assert_eq!(m.matches("<tr><td><h3><p><strong>").count(), 4);
}

#[test]
fn the_home_page_keeps_every_article_link_with_its_title() {
    let rel = "fixtures/lists/list-home-gb.html";
    let l = read_page(rel, None);
    assert_eq!((l.kind, l.layout), (ListKind::Home, ListLayout::H));
    assert_eq!(l.url, "https://www.epochtimes.com/gb/nf1351518.htm");
    let m = out(&l, Format::Mirror);
    // Every distinct article link of the page, by title.
    let page = std::fs::read_to_string(path(rel)).unwrap();
    // Links inside scripts are not links of the page.
    let page = regex::Regex::new(r"(?s)<script.*?</script>")
        .unwrap()
        .replace_all(&page, "")
        .into_owned();
    let re = regex::Regex::new(
        r#"href="((?:https://www\.epochtimes\.com)?/gb/(\d+)/(\d+)/(\d+)/(n\d+)\.htm)""#,
    )
    .unwrap();
    let mut ids = BTreeMap::new();
    for c in re.captures_iter(&page) {
        ids.insert(
            c[5].to_string(),
            format!("gb/{}/{}/{}/{}.md#1", &c[2], &c[3], &c[4], &c[5]),
        );
    }
    assert!(ids.len() > 100, "{}", ids.len());
    for (id, mirror_path) in &ids {
        assert!(m.contains(mirror_path), "{id} missing");
    }
    let popularity = regex::Regex::new(r"人气:? *\d").unwrap();
    for it in l.all_items() {
        assert!(!it.title.is_empty(), "{}", it.url);
        assert!(
            !popularity.is_match(&it.title),
            "popularity count cut: {}",
            it.title
        );
    }
    // A root-relative link is resolved.
    assert!(page.contains("href=\"/gb/25/"));
}

#[test]
fn the_seed_draws_the_random_parts_only() {
    let l = read_page("fixtures/epochtimes/section-gb-nsc413.html", None);
    let with = |seed: Option<&str>| {
        let mut options = RenderOptions::default();
        options.mirror.seed = seed.map(str::to_string);
        render::listing_to_string(&l, Format::Mirror, &options).unwrap()
    };
    let default = with(None);
    assert_eq!(default, with(None), "reproducible");
    assert_eq!(
        default,
        with(Some(&l.url)),
        "the default seed is the list URL"
    );
    let other = with(Some("another seed"));
    assert_ne!(default, other);
    let strip = |s: &str| {
        let s = regex::Regex::new(r"https://d[a-z0-9]+\.cloudfront\.net/")
            .unwrap()
            .replace_all(s, "H/")
            .into_owned();
        regex::Regex::new(r#"\?[a-z]{5,9}(#1)?" target"#)
            .unwrap()
            .replace_all(&s, "?Q$1\" target")
            .into_owned()
    };
    assert_eq!(strip(&default), strip(&other));
}

#[test]
fn pages_that_are_neither_keep_the_article_refusal() {
    let home = br#"<html><head><link rel="canonical" href="https://www.epochtimes.com/gb/nsc413.htm"></head><body><h1>Home</h1><p>x</p></body></html>"#;
    assert!(matches!(
        extract_page(home, &ExtractOptions::default()),
        Err(Error::NotAnArticle { .. })
    ));
    assert!(matches!(
        extract_page(
            b"<html><body><h1>Home</h1></body></html>",
            &ExtractOptions::default()
        ),
        Err(Error::NotAnArticle { .. })
    ));
    // A list without a URL anywhere needs one.
    let bytes = std::fs::read(path("fixtures/lists/list-a-gb-news2007-djy.html")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let cut = regex::Regex::new(r#"<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>"#)
        .unwrap()
        .replace_all(&text, "");
    assert!(matches!(
        extract_page(cut.as_bytes(), &ExtractOptions::default()),
        Err(Error::NoUrl { .. })
    ));
    // `extract` itself still reads articles only.
    assert!(matches!(
        extract(text.as_bytes(), &ExtractOptions::default()),
        Err(Error::NotAnArticle { .. })
    ));
    // Articles read as articles.
    let a = std::fs::read(path("fixtures/epochtimes/djy-gb-news.html")).unwrap();
    assert!(matches!(
        extract_page(&a, &ExtractOptions::default()),
        Ok(Page::Article(_))
    ));
}

/// A page under a list URL given by the caller that holds no list (the list reader runs first
/// then) still gets the article extractor's refusal.
#[test]
fn a_given_list_url_on_a_page_without_a_list_keeps_the_refusal() {
    let mut options = ExtractOptions::default();
    options.url = Some("https://www.epochtimes.com/gb/nsc413.htm".to_string());
    for page in [
        &b"<html><body><h1>Home</h1><p>x</p></body></html>"[..],
        &std::fs::read(path("fixtures/epochtimes/djy-gb-news.html")).unwrap(),
    ] {
        assert!(matches!(
            extract_page(page, &options),
            Err(Error::NoUrl { .. })
        ));
    }
}
