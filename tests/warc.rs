//! Web archives as input: `newsmirror mirror` over the WARC fixtures (fixtures/warc, written by
//! fixtures/tools/make_warc_fixtures.py from our own pages) writes the same tree as over a
//! folder of the same pages; cut records fail with the reason; re-runs skip what is unchanged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use newsmirror::batch::{self, BatchOptions, FailureKind, NoProgress, Summary, UrlList};
use newsmirror::warc::{Capture, Skip, WarcReader};
use newsmirror::{ExtractOptions, Format, RenderOptions};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn warc(name: &str) -> PathBuf {
    root().join("fixtures/warc").join(name)
}

/// The pages of each archive, as fixtures/tools/make_warc_fixtures.py lists them.
const CRAWL_PAGES: [&str; 8] = [
    "djy-gb-news.html",
    "djy-gb-rare-earth-exports.html",
    "djy-gb-hospital-fees-2019.html",
    "new-gb-autumn-health.html",
    "new-gb-pension-delays.html",
    "djy-b5-taipei-new-year-2014.html",
    "new-b5-hk-school-closures.html",
    "section-gb-nsc413.html",
];
const WGET_PAGES: [&str; 4] = [
    "new-b5-cold-snap-2021.html",
    "djy-b5-typhoon-hualien-2020.html",
    "new-gb-flood-photos-2022.html",
    "djy-gb-news.html",
];
const LEGACY_PAGES: [&str; 4] = [
    "legacy-gb-gb2312-2001-fishing-ban-subsidy.html",
    "legacy-gb-gbk-undeclared-2005-village-school-roof.html",
    "legacy-b5-big5-undeclared-2008-hong-kong-typhoon.html",
    "legacy-b5-big5-2011-taichung-pear-harvest.html",
];
/// The whole pages of cut.warc.gz (its third is marked WARC-Truncated, its fourth is cut).
const CUT_WHOLE_PAGES: [&str; 2] = [
    "djy-gb-song-tea-culture-2013.html",
    "new-gb-tweet-embed.html",
];

fn options() -> BatchOptions {
    let mut options = BatchOptions::default();
    options.durable = false;
    options.jobs = Some(2);
    options
}

fn with_urls(urls: UrlList) -> BatchOptions {
    let mut options = options();
    options.urls = urls;
    options
}

/// A folder crawl of fixture pages (epochtimes/NAME and legacy/NAME with the legacy URL list).
fn folder(dir: &Path, epochtimes: &[&str], legacy: &[&str]) -> UrlList {
    std::fs::create_dir_all(dir.join("legacy")).unwrap();
    for name in epochtimes {
        std::fs::copy(
            root().join("fixtures/epochtimes").join(name),
            dir.join(name),
        )
        .unwrap();
    }
    let urls = std::fs::read_to_string(root().join("fixtures/legacy/urls.txt")).unwrap();
    let mut list = String::new();
    for name in legacy {
        std::fs::copy(
            root().join("fixtures/legacy").join(name),
            dir.join("legacy").join(name),
        )
        .unwrap();
        let line = urls.lines().find(|l| l.starts_with(name)).unwrap();
        list.push_str(line);
        list.push('\n');
    }
    UrlList::parse(&list, &dir.join("legacy"), "urls.txt").unwrap()
}

/// Every mirror file under `out` (not the state directory): relative path → bytes.
fn tree(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel == batch::STATE_DIR {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn run(input: &Path, out: &Path, options: &BatchOptions) -> Summary {
    batch::mirror(input, out, options, &mut NoProgress).unwrap()
}

fn skipped(summary: &Summary) -> Vec<(&str, usize)> {
    summary
        .skipped_records
        .iter()
        .map(|(k, n)| (*k, *n))
        .collect()
}

#[test]
fn a_warcio_crawl_gives_the_tree_of_its_pages_and_the_latest_capture() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    let urls = folder(&pages, &CRAWL_PAGES, &[]);
    let from_folder = run(&pages, &dir.path().join("a"), &with_urls(urls));
    let summary = run(
        &warc("warcio-crawl.warc.gz"),
        &dir.path().join("b"),
        &options(),
    );
    let expected = tree(&dir.path().join("a"));
    // Seven articles and the section page's list file.
    assert_eq!(expected.len(), 8, "{:?}", expected.keys());
    assert!(expected.contains_key("gb/nsc413.md"));
    // The same files, byte for byte: djy-gb-news from its later capture (written first in
    // the archive), not from the earlier one after it.
    assert_eq!(tree(&dir.path().join("b")), expected);
    assert!(
        !String::from_utf8(expected["gb/25/8/20/n14577001.md"].clone())
            .unwrap()
            .contains("早期版本")
    );
    assert_eq!((summary.pages, summary.converted), (8, 8));
    assert_eq!(
        (summary.converted_lists, from_folder.converted_lists),
        (1, 1)
    );
    assert_eq!(from_folder.converted, 8);
    assert_eq!(
        skipped(&summary),
        [
            ("metadata", 1),
            ("not-200", 1),
            ("not-html", 1),
            ("request", 11),
            ("revisit", 1),
            ("superseded", 1),
            ("warcinfo", 1),
        ]
    );
    // The section page is a list page now, read from its record as from the folder.
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
}

/// The offset of the response record for `uri`, read independently of the batch.
fn record_offset(path: &Path, uri: &str) -> u64 {
    WarcReader::open(path, 1 << 30)
        .unwrap()
        .map(Result::unwrap)
        .find(|r| r.warc_type() == "response" && r.target_uri() == Some(uri))
        .unwrap()
        .offset
}

#[test]
fn the_cli_mirrors_a_wget_style_archive_as_the_folder_of_its_pages() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    folder(&pages, &WGET_PAGES, &[]);
    run(&pages, &dir.path().join("a"), &options());
    let out = Command::new(env!("CARGO_BIN_EXE_newsmirror"))
        .arg("mirror")
        .arg(warc("wget-crawl.warc.gz"))
        .arg(dir.path().join("b"))
        .arg("--no-fsync")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("4 pages: 4 converted"), "{stderr}");
    assert!(
        stderr.contains("skipped: metadata 1, request 4, warcinfo 1"),
        "{stderr}"
    );
    let expected = tree(&dir.path().join("a"));
    assert_eq!(expected.len(), 4);
    assert_eq!(tree(&dir.path().join("b")), expected);
}

#[test]
fn an_archive_wget_itself_wrote_gives_the_tree_of_its_pages() {
    // fixtures/tools/make_wget_warc.py: GNU Wget fetched these pages through a local proxy.
    let made = [
        "djy-gb-entities-blue-light-2016.html",
        "new-b5-military-drill-2024.html",
        "djy-gb-malformed-power-cuts-2021.html",
    ];
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    folder(&pages, &made, &[]);
    run(&pages, &dir.path().join("a"), &options());
    let summary = run(
        &root().join("fixtures/warc/wget/wget-made.warc.gz"),
        &dir.path().join("b"),
        &options(),
    );
    assert!(summary.is_success(), "{}", summary.report_json());
    assert_eq!(summary.converted, 3);
    // wget's arguments are a text/plain resource; its manifest a metadata record.
    assert_eq!(
        skipped(&summary),
        [
            ("metadata", 1),
            ("not-html", 1),
            ("request", 3),
            ("warcinfo", 1)
        ]
    );
    let expected = tree(&dir.path().join("a"));
    assert_eq!(expected.len(), 3);
    assert_eq!(tree(&dir.path().join("b")), expected);
}

#[test]
fn legacy_pages_take_their_url_from_the_record_and_their_charset_from_http() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    let urls = folder(&pages, &[], &LEGACY_PAGES);
    run(&pages, &dir.path().join("a"), &with_urls(urls));
    let summary = run(&warc("legacy.warc"), &dir.path().join("b"), &options());
    assert!(summary.is_success(), "{}", summary.report_json());
    assert_eq!(summary.converted, 4);
    let expected = tree(&dir.path().join("a"));
    assert_eq!(expected.len(), 4);
    assert_eq!(tree(&dir.path().join("b")), expected);
}

#[test]
fn a_cut_archive_converts_every_whole_record_and_fails_the_cut_ones() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    folder(&pages, &CUT_WHOLE_PAGES, &[]);
    run(&pages, &dir.path().join("a"), &options());
    let summary = run(&warc("cut.warc.gz"), &dir.path().join("b"), &options());
    assert_eq!(tree(&dir.path().join("b")), tree(&dir.path().join("a")));
    assert_eq!((summary.pages, summary.converted), (4, 2));
    let failures: Vec<(FailureKind, &str)> = summary
        .failures
        .iter()
        .map(|f| (f.reason, f.message.as_str()))
        .collect();
    assert_eq!(failures.len(), 2, "{failures:?}");
    let marked = "https://www.epochtimes.com/gb/25/8/18/n14576301.htm";
    let cut = "https://www.epochtimes.com/gb/8/5/14/n2110001.htm";
    let file = warc("cut.warc.gz");
    assert_eq!(failures[0].0, FailureKind::Truncated);
    assert!(
        failures[0].1.starts_with(&format!(
            "record at offset {} ({marked}): truncated by the crawler (WARC-Truncated: length)",
            record_offset(&file, marked)
        )),
        "{}",
        failures[0].1
    );
    assert_eq!(failures[1].0, FailureKind::Truncated);
    assert!(
        failures[1].1.starts_with(&format!(
            "record at offset {} ({cut}): truncated record: the data breaks off inside it",
            record_offset(&file, cut)
        )),
        "{}",
        failures[1].1
    );
    // Nothing of the cut page was written.
    assert!(!dir.path().join("b/gb/8/5/14/n2110001.md").exists());
    assert!(!dir.path().join("b/gb/25/8/18/n14576301.md").exists());
}

#[test]
fn archives_in_a_folder_with_files_and_reruns_use_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    // All four archives, and beside them a page as a file.
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("archives")).unwrap();
    for name in [
        "cut.warc.gz",
        "legacy.warc",
        "warcio-crawl.warc.gz",
        "wget-crawl.warc.gz",
    ] {
        std::fs::copy(warc(name), input.join("archives").join(name)).unwrap();
    }
    let extra = "djy-gb-quake-relief-2008.html";
    std::fs::copy(
        root().join("fixtures/epochtimes").join(extra),
        input.join(extra),
    )
    .unwrap();
    let out = dir.path().join("out");
    let first = run(&input, &out, &options());
    // The union of the archives' whole pages, one file per article, and the page file; the
    // cut capture of the page given as a file does not hide it.
    let pages = dir.path().join("pages");
    let mut all: Vec<&str> = CRAWL_PAGES.to_vec();
    all.extend(WGET_PAGES.iter().filter(|p| !all_contains(&CRAWL_PAGES, p)));
    all.extend(CUT_WHOLE_PAGES);
    all.push(extra);
    let urls = folder(&pages, &all, &LEGACY_PAGES);
    run(&pages, &dir.path().join("a"), &with_urls(urls));
    assert_eq!(tree(&out), tree(&dir.path().join("a")));
    assert_eq!(first.converted, 7 + 1 + 3 + 2 + 4 + 1);
    assert_eq!(
        first.failed_by_reason().get(&FailureKind::Truncated),
        Some(&2)
    );
    assert_eq!(first.skipped_records["superseded"], 2);

    // Unchanged: nothing converted again.
    let again = run(&input, &out, &options());
    assert_eq!((again.converted, again.unchanged), (0, first.converted));
    assert_eq!(again.skipped_records, first.skipped_records);
    let manifest = std::fs::read_to_string(out.join(".newsmirror/manifest.jsonl")).unwrap();
    assert!(
        manifest.contains("\"input\":\"archives/wget-crawl.warc.gz/@000000000645\""),
        "{manifest}"
    );

    // A new archive with a later capture of an article: only that article is converted again.
    let later = std::fs::read(warc("wget-crawl.warc.gz")).unwrap();
    std::fs::write(
        input.join("archives/zz-later.warc.gz"),
        rewrite_dates(&later),
    )
    .unwrap();
    let third = run(&input, &out, &options());
    assert_eq!(third.converted, 4, "{}", third.report_json());
    assert_eq!(third.skipped_records["superseded"], 2 + 4);
    assert!(
        third
            .failures
            .iter()
            .all(|f| f.reason != FailureKind::Duplicate)
    );
}

fn all_contains(list: &[&str], item: &str) -> bool {
    list.contains(&item)
}

/// The archive with every capture a year later (same length, so offsets and gzip members stay
/// valid: each member is re-compressed).
fn rewrite_dates(archive: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut out = Vec::new();
    let mut rest = archive;
    while !rest.is_empty() {
        let mut decoder = flate2::bufread::GzDecoder::new(rest);
        let mut member = Vec::new();
        decoder.read_to_end(&mut member).unwrap();
        rest = decoder.into_inner();
        let text = member
            .windows(16)
            .position(|w| w == b"WARC-Date: 2025-")
            .map(|at| {
                let mut m = member.clone();
                m[at + 13..at + 15].copy_from_slice(b"26");
                m
            })
            .unwrap_or(member);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&text).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

#[test]
fn the_http_charset_decodes_a_page_whose_meta_is_wrong() {
    // A GBK page whose <meta> says big5: a browser reads it right when the server says GBK.
    let page =
        std::fs::read(root().join("fixtures/legacy/legacy-gb-gbk-2003-shamshuipo-demolition.html"))
            .unwrap();
    let url = "https://www.epochtimes.com/gb/3/5/2/n336201.htm";
    let declared = b"charset=gb2312";
    let at = page
        .windows(declared.len())
        .position(|w| w.eq_ignore_ascii_case(declared))
        .expect("the page declares gb2312 (read as GBK)");
    let mut wrong = page[..at].to_vec();
    wrong.extend_from_slice(b"charset=big5");
    wrong.extend_from_slice(&page[at + declared.len()..]);
    let options = ExtractOptions::default().with_url(url);
    let right = newsmirror::extract(&page, &options).unwrap();
    // Read as Big5, the page is garbage: no article, or not this one.
    let garbled = newsmirror::extract(&wrong, &options);
    assert!(garbled.is_err() || garbled.unwrap().title != right.title);
    let hinted = newsmirror::extract(&wrong, &options.with_http_charset("GBK")).unwrap();
    assert_eq!(hinted.title, right.title);
    assert_eq!(hinted.body, right.body);
    assert_eq!(hinted.decoding.as_ref().unwrap().from, "http");
    let render = |a| newsmirror::render::to_string(a, Format::Mirror, &RenderOptions::default());
    assert_eq!(render(&hinted).unwrap(), render(&right).unwrap());
}

#[test]
fn the_target_uri_is_the_url_only_where_the_page_names_none() {
    let page = std::fs::read(root().join("fixtures/epochtimes/djy-gb-news.html")).unwrap();
    let options =
        ExtractOptions::default().with_fallback_url("https://www.epochtimes.com/gb/1/1/1/n1.htm");
    let article = newsmirror::extract(&page, &options).unwrap();
    assert_eq!(
        article.url,
        newsmirror::extract(&page, &ExtractOptions::default())
            .unwrap()
            .url
    );
    assert_ne!(article.url, "https://www.epochtimes.com/gb/1/1/1/n1.htm");

    let no_url =
        std::fs::read(root().join("fixtures/epochtimes/djy-gb-no-canonical.html")).unwrap();
    assert!(newsmirror::extract(&no_url, &ExtractOptions::default()).is_err());
    let article = newsmirror::extract(&no_url, &options).unwrap();
    assert_eq!(article.url, "https://www.epochtimes.com/gb/1/1/1/n1.htm");
    assert_eq!(
        article.provenance["url"],
        "the URL it was fetched from (WARC-Target-URI)"
    );
}

#[test]
fn the_fixture_archives_hold_what_fixtures_readme_says() {
    let kinds = |name: &str| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for record in WarcReader::open(&warc(name), 1 << 30).unwrap() {
            let record = record.unwrap();
            let what = match record.capture() {
                Capture::Page(_) => "page".to_string(),
                Capture::Skipped(Skip::Status(code)) => format!("status {code}"),
                Capture::Skipped(s) => s.as_str().to_string(),
                Capture::Failed(f) => format!("failed {:?}", f.kind),
            };
            *counts.entry(what).or_insert(0) += 1;
        }
        counts
    };
    let map = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    };
    assert_eq!(
        kinds("warcio-crawl.warc.gz"),
        map(&[
            ("metadata", 1),
            ("not-html", 1),
            ("page", 9),
            ("request", 11),
            ("revisit", 1),
            ("status 404", 1),
            ("warcinfo", 1)
        ])
    );
    assert_eq!(
        kinds("wget-crawl.warc.gz"),
        map(&[
            ("metadata", 1),
            ("page", 4),
            ("request", 4),
            ("warcinfo", 1)
        ])
    );
    assert_eq!(kinds("legacy.warc"), map(&[("page", 4), ("request", 4)]));
    assert_eq!(
        kinds("cut.warc.gz"),
        map(&[("failed Truncated", 2), ("page", 2), ("request", 4)])
    );
    // wget's angle brackets are gone from the target URIs.
    let first = WarcReader::open(&warc("wget-crawl.warc.gz"), 1 << 30)
        .unwrap()
        .map(Result::unwrap)
        .find(|r| r.warc_type() == "response")
        .unwrap();
    assert!(
        first
            .header("WARC-Target-URI")
            .unwrap()
            .starts_with("<https://")
    );
    assert!(first.target_uri().unwrap().starts_with("https://"));
}
