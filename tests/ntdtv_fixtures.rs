//! NTDTV (新唐人) fixture pages (`fixtures/ntdtv/`, our own text, `fixtures/README.md`):
//! reviewed snapshots of the JSON model, the Markdown and the mirror file of each, the fixed
//! header and right column checked byte for byte against the template data, and the typed
//! fields the NTDTV page conventions give (site id, Beijing time, editor, tags).

use std::path::{Path, PathBuf};

use newsmirror::{Error, ExtractOptions, Extraction, Format, RenderOptions, extract, render};

#[path = "support/fixtures.rs"]
mod fixtures;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ntdtv")
}

/// The page's URL from `fixtures/ntdtv/urls.txt`.
fn url_of(name: &str) -> String {
    let urls = std::fs::read_to_string(dir().join("urls.txt")).expect("fixtures/ntdtv/urls.txt");
    urls.lines()
        .find_map(|l| {
            let (file, url) = l.split_once('\t')?;
            (file.strip_suffix(".html") == Some(name)).then(|| url.trim().to_string())
        })
        .unwrap_or_else(|| panic!("{name} not in urls.txt"))
}

fn template(set: &str, file: &str) -> String {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates")
            .join(set)
            .join(file),
    )
    .unwrap();
    raw.split_once("#}\n")
        .expect("provenance line")
        .1
        .to_string()
}

fn article(name: &str) -> newsmirror::Article {
    let bytes = std::fs::read(dir().join(format!("{name}.html"))).unwrap();
    let options = ExtractOptions::default().with_url(url_of(name));
    extract(&bytes, &options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_ntdtv_fixture() {
    let header = template("ntdtv", "header.html");
    let right = template("djy", "right-column.html");
    let pages = fixtures::html_pages("fixtures/ntdtv");
    assert!(pages.len() >= 10, "{} NTDTV fixture pages", pages.len());
    for page in pages {
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let article = article(&name);
        assert_eq!(article.site.as_str(), "ntdtv", "{name}");
        assert_eq!(article.url, url_of(&name), "{name}");
        let options = RenderOptions::default();
        let json = render::to_string(&article, Format::Json, &options).unwrap();
        insta::assert_snapshot!(format!("{name}.json"), json);
        let mirror = render::to_string(&article, Format::Mirror, &options).unwrap();
        assert_eq!(header.chars().count(), 4853);
        assert!(mirror.starts_with(&header), "{name}: header differs");
        assert!(mirror.ends_with(&right), "{name}: right column differs");
        assert!(!mirror.contains("\n\n"), "{name}: a blank line");
        let picks = mirror
            .split_once("<strong>编辑推荐：</strong>\n")
            .and_then(|(_, rest)| rest.lines().next())
            .unwrap();
        assert_eq!(
            picks.matches("<li>").count(),
            4,
            "{name}: four editor picks"
        );
        let part = &mirror[header.len()..mirror.len() - right.len()];
        insta::assert_snapshot!(format!("{name}.mirror"), part);
        let markdown = render::to_string(&article, Format::Markdown, &options).unwrap();
        insta::assert_snapshot!(format!("{name}.md"), markdown);
    }
}

#[test]
fn beijing_time_is_read_with_its_offset() {
    let a = article("ntdtv-gb-park-opening-2025");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2025-01-20T10:35:00+08:00");
    assert_eq!(a.editor.as_deref(), Some("周方"));
    assert_eq!(a.tags, ["湿地公园", "鸟"]);
    // 更新时间 wins over 北京时间; the page's Z times are Beijing time too.
    let a = article("ntdtv-gb-update-time-2025");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2025-01-02T08:15:00+08:00");
    // The Beijing date can be one day after the URL's (ntdtv-mirror-format.md §1.1): the URL
    // dates the publication, the dateline keeps its own date.
    let a = article("ntdtv-gb-figures-2024");
    assert_eq!(a.published.unwrap().to_string(), "2024-10-01");
    assert_eq!(a.dateline.unwrap().date.to_string(), "2024-10-02");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2024-10-02T09:30:00+08:00");
    let a = article("ntdtv-b5-tea-market-2024");
    assert_eq!(a.edition, newsmirror::Edition::B5);
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2024-06-01T14:45:00+08:00");
    assert_eq!(a.editor.as_deref(), Some("陳明"));
}

#[test]
fn layouts_and_fallback() {
    assert_eq!(
        article("ntdtv-gb-legacy-2011").provenance["body"],
        "layout 2011: selector div.article_content"
    );
    assert_eq!(
        article("ntdtv-gb-unknown-layout-2025").extraction,
        Extraction::Fallback
    );
    assert_eq!(
        article("ntdtv-gb-park-opening-2025").extraction,
        Extraction::Layout
    );
}

#[test]
fn links_cross_into_both_mirrors() {
    let a = article("ntdtv-gb-park-opening-2025");
    let mirror = render::to_string(&a, Format::Mirror, &RenderOptions::default()).unwrap();
    for want in [
        "https://github.com/1992513/ntdtv/blob/master/gb/2024/03/05/a100000305.md#1",
        "https://github.com/1992513/djy/blob/master/gb/25/1/18/n14400001.md#1",
        "https://github.com/1992513/ntdtv/blob/master/gb/focus/%E6%B9%BF%E5%9C%B0%E5%85%AC%E5%9B%AD.md#1",
        "<li><a href=\"https://github.com/1992513/ntdtv/blob/master/gb/2025/01/08/a100000801.md#1\">",
        "https://quickchart.io/qr?size=256&text=https://github.com/1992513/ntdtv/blob/master/gb/2025/01/20/a100001001.md%231",
    ] {
        assert!(mirror.contains(want), "{want}");
    }
    let a = article("ntdtv-gb-topics-list-2025");
    let mirror = render::to_string(&a, Format::Mirror, &RenderOptions::default()).unwrap();
    assert!(mirror.contains("https://github.com/1992513/ntdtv/blob/master/gb/prog560018_1.md#1"));
    assert!(!mirror.contains("<ahref"));
}

#[test]
fn a_page_without_a_url_needs_one() {
    let bytes = std::fs::read(dir().join("ntdtv-gb-no-canonical-2023.html")).unwrap();
    assert!(matches!(
        extract(&bytes, &ExtractOptions::default()),
        Err(Error::NoUrl { .. })
    ));
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(dir().join(format!("{name}.html"))).unwrap()
}

/// The JSON-LD times (ntdtv-mirror-format.md §6.2): `Z` but Beijing time, read where the page
/// prints no time; the printed time wins where there is one; the same with or without the
/// pre-pass, and without `--url` (the site is known only once the page is read).
#[test]
fn json_ld_times_are_beijing_time_where_nothing_is_printed() {
    let a = article("ntdtv-gb-json-ld-2026");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2026-10-03T11:05:00+08:00");
    assert_eq!(a.provenance["updated"], "JSON-LD dateModified");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let page = fixture_text("ntdtv-gb-json-ld-2026");
    let whole = extract(
        page.as_bytes(),
        &ExtractOptions::default()
            .with_url(url_of("ntdtv-gb-json-ld-2026"))
            .with_whole_page(true),
    )
    .unwrap();
    assert_eq!(whole, a);
    let named = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(named.updated, a.updated);
    // A printed time is the better source.
    let printed = page.replace(
        "<div class=\"article_info\">",
        "<div class=\"article_info\"><span class=\"time\">北京时间：2026-10-03 10:35</span>",
    );
    assert_ne!(printed, page);
    let p = extract(
        printed.as_bytes(),
        &ExtractOptions::default().with_url(url_of("ntdtv-gb-json-ld-2026")),
    )
    .unwrap();
    assert_eq!(p.updated.unwrap().to_rfc3339(), "2026-10-03T10:35:00+08:00");
    assert_eq!(p.provenance["updated"], "page text after 北京时间：");
}

/// Hostile JSON-LD never aborts a conversion: each broken script is one diagnostic, and the
/// first usable time is taken.
#[test]
fn hostile_json_ld_is_reported_not_fatal() {
    let a = article("ntdtv-gb-json-ld-hostile-2026");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2026-10-04T20:15:00+08:00");
    assert_eq!(a.provenance["updated"], "JSON-LD datePublished");
    let ld: Vec<&str> = a
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| m.starts_with("JSON-LD"))
        .collect();
    assert_eq!(ld.len(), 5, "{ld:#?}");
    assert!(ld[3].contains("recursion limit"), "{}", ld[3]);
    // Nothing of the ordinary script is read.
    assert!(!format!("{a:?}").contains("2001-01-01"));

    // Huge, and nested far deeper than any parser's stack: bounded time, a diagnostic each.
    let url = url_of("ntdtv-gb-json-ld-2026");
    let page = fixture_text("ntdtv-gb-json-ld-2026");
    for (script, want) in [
        (
            format!(
                "{{\"@type\":\"NewsArticle\",\"description\":\"{}\",\"dateModified\":\"2000-01-01T00:00:00Z\"}}",
                "长".repeat(1_000_000)
            ),
            "bytes (at most",
        ),
        (
            format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
            "recursion limit",
        ),
        (
            format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)),
            "recursion limit",
        ),
    ] {
        let hostile = page.replace(
            "</head>",
            &format!("<script type=\"application/ld+json\">{script}</script></head>"),
        );
        let started = std::time::Instant::now();
        let a = extract(
            hostile.as_bytes(),
            &ExtractOptions::default().with_url(&url),
        )
        .unwrap();
        assert!(
            started.elapsed().as_secs() < 20,
            "{want}: {:?}",
            started.elapsed()
        );
        assert!(
            a.diagnostics.iter().any(|d| d.message.contains(want)),
            "{want}: {:?}",
            a.diagnostics
        );
        // The page's own JSON-LD still gives the time.
        assert_eq!(a.updated.unwrap().to_rfc3339(), "2026-10-03T11:05:00+08:00");
    }
}

/// A site whose tables do not read JSON-LD (the Epoch Times) converts exactly as before when its
/// page carries some: the scripts are dropped, as every script is.
#[test]
fn json_ld_is_read_only_for_the_sites_that_ask() {
    let epoch = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/epochtimes/djy-gb-hospital-fees-2019.html");
    let page = std::fs::read_to_string(&epoch).unwrap();
    let with_ld = page.replacen(
        "</head>",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"dateModified\":\"2001-01-01T00:00:00Z\"} broken</script></head>",
        1,
    );
    assert_ne!(with_ld, page);
    let plain = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
    let ld = extract(with_ld.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(plain, ld);
}

/// The pre-pass never changes what is read, JSON-LD included: every fixture reads the same with
/// and without it.
#[test]
fn the_pre_pass_changes_nothing_on_ntdtv_pages() {
    for page in fixtures::html_pages("fixtures/ntdtv") {
        let name = page.file_stem().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&page).unwrap();
        let options = ExtractOptions::default().with_url(url_of(&name));
        let pruned = extract(&bytes, &options).unwrap();
        let whole = extract(&bytes, &options.clone().with_whole_page(true)).unwrap();
        assert_eq!(pruned, whole, "{name}");
    }
}
