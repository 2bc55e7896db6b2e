//! `newsmirror mirror` and `newsmirror::batch` over a temporary crawl made of the fixtures.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output as ProcessOutput};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use newsmirror::batch::{
    self, BatchOptions, FailureKind, NoProgress, Outcome, Output, Progress, Summary, UrlList,
};
use newsmirror::render::{ImageMirror, ImagePolicy};
use newsmirror::{ExtractOptions, Format, LinkMap, RenderOptions};
use rayon::prelude::*;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsmirror"))
}

/// A page of the crawl and what is known about it.
struct Page {
    rel: PathBuf,
    /// The URL given in urls.txt, for legacy pages.
    given: Option<String>,
}

/// A crawl in a temporary directory:
///
/// * `epochtimes/`: every page of fixtures/epochtimes but `new-b5-cold-snap-2021.html`
///   (articles, the page without a canonical URL, a section and a tag page);
/// * `gz/new-b5-cold-snap-2021.html.gz`: that page, gzip-compressed;
/// * `legacy/`: fixtures/legacy with its urls.txt;
/// * `broken/empty.html` (empty), `broken/binary.htm` (not HTML), `broken/bad.html.gz` (not
///   gzip), and `notes.txt` (not a page).
struct Crawl {
    dir: tempfile::TempDir,
    pages: Vec<Page>,
}

const GZ_PAGE: &str = "new-b5-cold-snap-2021.html";

impl Crawl {
    fn new() -> Crawl {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        let mut pages = Vec::new();
        std::fs::create_dir_all(root.join("epochtimes")).unwrap();
        std::fs::create_dir_all(root.join("gz")).unwrap();
        for entry in std::fs::read_dir(manifest_dir().join("fixtures/epochtimes")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            if name == GZ_PAGE {
                let rel = PathBuf::from(format!("gz/{name}.gz"));
                let mut gz = flate2::write::GzEncoder::new(
                    std::fs::File::create(root.join(&rel)).unwrap(),
                    flate2::Compression::fast(),
                );
                gz.write_all(&std::fs::read(&path).unwrap()).unwrap();
                gz.finish().unwrap();
                pages.push(Page { rel, given: None });
            } else {
                let rel = PathBuf::from("epochtimes").join(&name);
                std::fs::copy(&path, root.join(&rel)).unwrap();
                pages.push(Page { rel, given: None });
            }
        }
        let legacy = manifest_dir().join("fixtures/legacy");
        std::fs::create_dir_all(root.join("legacy")).unwrap();
        let urls = std::fs::read_to_string(legacy.join("urls.txt")).unwrap();
        std::fs::copy(legacy.join("urls.txt"), root.join("legacy/urls.txt")).unwrap();
        for line in urls.lines().filter(|l| !l.is_empty()) {
            let (name, url) = line.split_once('\t').unwrap();
            let rel = PathBuf::from("legacy").join(name);
            std::fs::copy(legacy.join(name), root.join(&rel)).unwrap();
            pages.push(Page {
                rel,
                given: Some(url.to_string()),
            });
        }
        std::fs::create_dir_all(root.join("broken")).unwrap();
        std::fs::write(root.join("broken/empty.html"), "").unwrap();
        std::fs::write(
            root.join("broken/binary.htm"),
            [0u8, 159, 146, 150, 255, 0, 7],
        )
        .unwrap();
        std::fs::write(root.join("broken/bad.html.gz"), "not gzip at all").unwrap();
        std::fs::write(root.join("notes.txt"), "not a page").unwrap();
        for name in ["empty.html", "binary.htm", "bad.html.gz"] {
            pages.push(Page {
                rel: PathBuf::from("broken").join(name),
                given: None,
            });
        }
        pages.sort_by(|a, b| a.rel.cmp(&b.rel));
        Crawl { dir, pages }
    }

    fn input(&self) -> PathBuf {
        self.dir.path().join("in")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn options(&self) -> BatchOptions {
        let mut options = BatchOptions::default();
        options.urls = UrlList::read(&self.input().join("legacy/urls.txt")).unwrap();
        options.durable = false;
        options
    }

    /// The page's bytes as the extractor sees them (decompressed).
    fn page_bytes(&self, page: &Page) -> Vec<u8> {
        let raw = std::fs::read(self.input().join(&page.rel)).unwrap();
        if page.rel.extension().is_some_and(|e| e == "gz") {
            let mut out = Vec::new();
            // A page that does not decompress reads as empty (and fails to extract).
            match std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut out)
            {
                Ok(_) => out,
                Err(_) => Vec::new(),
            }
        } else {
            raw
        }
    }

    /// What `convert` makes of each page (article or list page) with `options`: mirror path
    /// stem → text per format, for the pages that convert.
    fn expected(
        &self,
        render: &RenderOptions,
        formats: &[Format],
    ) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for page in &self.pages {
            let bytes = self.page_bytes(page);
            let mut options = ExtractOptions::default();
            options.url = page.given.clone();
            let Ok(page) = newsmirror::extract_page(&bytes, &options) else {
                continue;
            };
            let stem = match &page {
                newsmirror::Page::Listing(l) => {
                    l.mirror_path().strip_suffix(".md").unwrap().to_string()
                }
                _ => match stem_of(page.url()) {
                    Some(stem) => stem,
                    None => continue,
                },
            };
            let texts = formats
                .iter()
                .map(|f| newsmirror::render::page_to_string(&page, *f, render).unwrap())
                .collect();
            out.insert(stem, texts);
        }
        out
    }
}

fn stem_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let article = newsmirror::linkmap::ArticleUrl::parse(&url)?;
    Some(article.mirror_path().strip_suffix(".md")?.to_string())
}

/// Every file under `root` (relative, `/`-separated), not following symbolic links.
fn files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// A run's temporary files are named `.newsmirror-XXXXXXXX.tmp` (the `batch` module docs): hidden,
/// so never a mirror path, and found by name by the next run.
const TEMP_PREFIX: &str = ".newsmirror-";
const TEMP_SUFFIX: &str = ".tmp";

fn temp_files(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap();
            name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .collect()
}

/// The mirror files (not the state directory).
fn mirror_files(root: &Path) -> Vec<String> {
    files(root)
        .into_iter()
        .filter(|f| !f.starts_with(".newsmirror/"))
        .collect()
}

/// Records what the library reports.
#[derive(Default)]
struct Recorder {
    started: Option<usize>,
    pages: Vec<(PathBuf, Outcome)>,
    stop_after: Option<(usize, Arc<AtomicBool>)>,
    /// Dies (panics, out of `batch::mirror`) when told of this many pages, as a killed run.
    die_after: Option<usize>,
}

impl Progress for Recorder {
    fn start(&mut self, pages: usize) {
        self.started = Some(pages);
    }

    fn page(&mut self, input: &Path, outcome: &Outcome) {
        self.pages.push((input.to_path_buf(), outcome.clone()));
        if let Some((n, stop)) = &self.stop_after {
            if self.pages.len() >= *n {
                stop.store(true, Ordering::Relaxed);
            }
        }
        if self.die_after == Some(self.pages.len()) {
            panic!("the run dies here");
        }
    }
}

fn run_lib(crawl: &Crawl, options: &BatchOptions) -> (Summary, Recorder) {
    let mut recorder = Recorder::default();
    let summary = batch::mirror(&crawl.input(), &crawl.out(), options, &mut recorder).unwrap();
    (summary, recorder)
}

fn reasons(summary: &Summary) -> BTreeMap<String, FailureKind> {
    summary
        .failures
        .iter()
        .map(|f| (f.input.to_string_lossy().into_owned(), f.reason))
        .collect()
}

#[test]
fn tree_layout_equals_convert_and_failures_are_typed() {
    let crawl = Crawl::new();
    let (summary, recorder) = run_lib(&crawl, &crawl.options());
    let expected = crawl.expected(&RenderOptions::default(), &[Format::Mirror]);

    // 21 epochtimes articles (one of them gzipped), 11 legacy pages and 2 list pages (a
    // section and a tag list).
    assert_eq!(expected.len(), 34);
    assert_eq!(summary.pages, crawl.pages.len());
    assert_eq!(summary.converted, 34);
    assert_eq!(summary.converted_lists, 2);
    assert_eq!(summary.unchanged, 0);
    assert!(!summary.interrupted);
    assert!(!summary.is_success());
    let want: BTreeMap<String, FailureKind> = [
        ("broken/bad.html.gz", FailureKind::Gzip),
        ("broken/binary.htm", FailureKind::NotAnArticle),
        ("broken/empty.html", FailureKind::Empty),
        ("epochtimes/djy-gb-no-canonical.html", FailureKind::NoUrl),
    ]
    .into_iter()
    .map(|(p, k)| (p.to_string(), k))
    .collect();
    assert_eq!(reasons(&summary), want);
    for f in &summary.failures {
        assert!(!f.message.is_empty() && !f.message.contains('\n'), "{f:?}");
    }

    // The tree is exactly the mirror files convert writes, at their mirror paths.
    let out = crawl.out();
    let want_files: Vec<String> = expected.keys().map(|s| format!("{s}.md")).collect();
    assert_eq!(mirror_files(&out), want_files);
    for (stem, texts) in &expected {
        let got = std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap();
        assert!(got == texts[0], "{stem}.md differs from convert");
    }
    assert!(want_files.contains(&"gb/1/6/8/n86001.md".to_string()));
    assert!(
        want_files.contains(&"b5/21/1/23/n12705001.md".to_string()),
        "the .gz page"
    );
    // The list pages' files, beside the articles.
    assert!(want_files.contains(&"gb/nsc413.md".to_string()));
    assert!(want_files.contains(&"gb/tag/%E7%A8%80%E5%9C%9F.md".to_string()));
    assert!(temp_files(crawl.dir.path()).is_empty());

    // The state: manifest, lock; no run marker, no images list (images kept).
    let state: Vec<String> = files(&out.join(".newsmirror"));
    assert_eq!(state, ["lock", "manifest.jsonl"]);
    // JSON Lines: a header, then a line per page in path order.
    let text = std::fs::read_to_string(out.join(".newsmirror/manifest.jsonl")).unwrap();
    let mut lines = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
    let header = lines.next().unwrap();
    assert_eq!(header["version"], 2);
    assert_eq!(header["fingerprint"].as_str().unwrap().len(), 64);
    let entries: BTreeMap<String, serde_json::Value> = lines
        .map(|e| (e["input"].as_str().unwrap().to_string(), e))
        .collect();
    let inputs: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split('"').nth(3).unwrap())
        .collect();
    let walked: Vec<String> = crawl
        .pages
        .iter()
        .map(|p| p.rel.to_str().unwrap().replace('\\', "/"))
        .filter(|rel| !want.contains_key(rel))
        .collect();
    assert_eq!(inputs, walked, "one line per mirrored page, in path order");
    assert_eq!(entries.len(), 34);
    let section = &entries["epochtimes/section-gb-nsc413.html"];
    assert_eq!(section["url"], "https://www.epochtimes.com/gb/nsc413.htm");
    assert_eq!(section["outputs"], serde_json::json!(["gb/nsc413.md"]));
    let legacy = &entries["legacy/legacy-gb-gb2312-2001-fishing-ban-subsidy.html"];
    assert_eq!(legacy["stem"], "gb/1/6/8/n86001");
    assert_eq!(legacy["outputs"], serde_json::json!(["gb/1/6/8/n86001.md"]));
    assert_eq!(
        legacy["given_url"],
        "https://www.epochtimes.com/gb/1/6/8/n86001.htm"
    );
    assert_eq!(legacy["hash"].as_str().unwrap().len(), 64);

    // Progress: told the count, then every page once, in path order.
    assert_eq!(recorder.started, Some(crawl.pages.len()));
    let reported: Vec<&Path> = recorder.pages.iter().map(|(p, _)| p.as_path()).collect();
    let all: Vec<&Path> = crawl.pages.iter().map(|p| p.rel.as_path()).collect();
    assert_eq!(reported, all);
}

#[test]
fn the_binary_writes_what_convert_prints() {
    let crawl = Crawl::new();
    let out = bin()
        .args(["mirror", "--no-fsync", "--jobs", "2"])
        .arg(crawl.input())
        .arg(crawl.out())
        .arg("--urls")
        .arg(crawl.input().join("legacy/urls.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "pages failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("38 pages: 34 converted, 0 unchanged, 4 failed"),
        "{err}"
    );
    assert!(
        err.contains("in the mirror: 32 articles, 2 list pages"),
        "{err}"
    );
    for page in [
        "fixtures/epochtimes/djy-gb-news.html",
        "fixtures/epochtimes/new-b5-cold-snap-2021.html",
        "fixtures/epochtimes/section-gb-nsc413.html",
    ] {
        let converted = bin()
            .arg("convert")
            .arg(manifest_dir().join(page))
            .output()
            .unwrap();
        assert!(converted.status.success());
        let text = String::from_utf8(converted.stdout).unwrap();
        let bytes = std::fs::read(manifest_dir().join(page)).unwrap();
        let stem = match newsmirror::extract_page(&bytes, &ExtractOptions::default()).unwrap() {
            newsmirror::Page::Listing(l) => {
                l.mirror_path().strip_suffix(".md").unwrap().to_string()
            }
            other => stem_of(other.url()).unwrap(),
        };
        assert_eq!(
            std::fs::read_to_string(crawl.out().join(format!("{stem}.md"))).unwrap(),
            text,
            "{page}"
        );
    }
}

#[test]
fn unchanged_pages_are_skipped_changed_ones_redone_and_force_redoes_all() {
    let crawl = Crawl::new();
    let options = crawl.options();
    let (first, _) = run_lib(&crawl, &options);
    assert_eq!(first.converted, 34);

    let (second, recorder) = run_lib(&crawl, &options);
    assert_eq!((second.converted, second.unchanged), (0, 34));
    assert_eq!(second.unchanged_lists, 2, "list pages are counted apart");
    assert_eq!(second.failures.len(), 4, "failed pages are tried again");
    assert!(
        recorder
            .pages
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Unchanged | Outcome::Failed(_)))
    );

    // A changed page, a deleted output, a page whose given URL changed.
    let news = crawl.input().join("epochtimes/djy-gb-news.html");
    let mut bytes = std::fs::read(&news).unwrap();
    bytes.extend_from_slice(b"\n<!-- re-crawled -->\n");
    std::fs::write(&news, bytes).unwrap();
    std::fs::remove_file(crawl.out().join("gb/25/8/19/n14576801.md")).unwrap();
    let (third, recorder) = run_lib(&crawl, &options);
    assert_eq!((third.converted, third.unchanged), (2, 32));
    let converted: Vec<String> = recorder
        .pages
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Converted { .. }))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        converted,
        [
            "epochtimes/djy-gb-news.html",
            "epochtimes/djy-gb-rare-earth-exports.html"
        ]
    );
    assert!(crawl.out().join("gb/25/8/19/n14576801.md").is_file());

    let mut moved = options.clone();
    moved.urls = UrlList::new();
    let (fourth, _) = run_lib(&crawl, &moved);
    assert_eq!(fourth.unchanged, 23, "legacy pages lost their URLs");
    assert_eq!(fourth.failures.len(), 4 + 11);

    let mut forced = options.clone();
    forced.force = true;
    let (fifth, _) = run_lib(&crawl, &forced);
    assert_eq!((fifth.converted, fifth.unchanged), (34, 0));

    // Other options: every page again, and a note says why.
    let mut other = options.clone();
    other.render.links = LinkMap::for_account("19920513");
    let (sixth, _) = run_lib(&crawl, &other);
    assert_eq!(sixth.converted, 34);
    assert_eq!(sixth.notes.len(), 1, "{:?}", sixth.notes);
    let text = std::fs::read_to_string(crawl.out().join("gb/25/8/20/n14577001.md")).unwrap();
    assert!(
        text.contains("https://github.com/19920513/djy/blob/master/gb/25/8/20/n14577001.md%231")
    );

    // A manifest that is not one: every page again, not an error.
    std::fs::write(crawl.out().join(".newsmirror/manifest.jsonl"), "garbage").unwrap();
    let (seventh, _) = run_lib(&crawl, &other);
    assert_eq!(seventh.converted, 34);
    assert!(
        seventh.notes[0].contains("not a manifest"),
        "{:?}",
        seventh.notes
    );
}

#[cfg(unix)]
#[test]
fn a_forced_run_rewrites_only_the_files_whose_bytes_change() {
    use std::os::unix::fs::MetadataExt;
    let crawl = Crawl::new();
    let out = crawl.out();
    let mut options = crawl.options();
    run_lib(&crawl, &options);
    let files = mirror_files(&out);
    let inode = |f: &str| std::fs::symlink_metadata(out.join(f)).unwrap().ino();
    let before: BTreeMap<&str, (u64, Vec<u8>)> = files
        .iter()
        .map(|f| (f.as_str(), (inode(f), std::fs::read(out.join(f)).unwrap())))
        .collect();

    // One file damaged in place (same length), one grown, one replaced by a symbolic link to
    // a file outside the mirror that holds exactly the right bytes.
    let (damaged, grown, linked) = (&files[0], &files[1], &files[2]);
    let mut bytes = before[damaged.as_str()].1.clone();
    bytes[10] ^= 1;
    std::fs::write(out.join(damaged), bytes).unwrap();
    let mut bytes = before[grown.as_str()].1.clone();
    bytes.extend_from_slice(b"<!-- edited -->");
    std::fs::write(out.join(grown), bytes).unwrap();
    let outside = crawl.dir.path().join("outside.md");
    std::fs::write(&outside, &before[linked.as_str()].1).unwrap();
    std::fs::remove_file(out.join(linked)).unwrap();
    std::os::unix::fs::symlink(&outside, out.join(linked)).unwrap();

    options.force = true;
    let (forced, _) = run_lib(&crawl, &options);
    assert_eq!(forced.converted, 34);
    assert_eq!(mirror_files(&out), files);
    for (file, (ino, bytes)) in &before {
        let meta = std::fs::symlink_metadata(out.join(file)).unwrap();
        assert!(meta.is_file(), "{file} is a regular file");
        assert_eq!(&std::fs::read(out.join(file)).unwrap(), bytes, "{file}");
        let rewritten = [damaged, grown, linked].iter().any(|f| f.as_str() == *file);
        assert_eq!(
            meta.ino() != *ino,
            rewritten,
            "{file}: rewritten only if it changed"
        );
    }
    assert_eq!(std::fs::read(&outside).unwrap(), before[linked.as_str()].1);
}

#[test]
fn duplicates_resolve_to_the_first_in_path_order() {
    let crawl = Crawl::new();
    let original = crawl.input().join("epochtimes/djy-gb-news.html");
    let text = std::fs::read_to_string(&original).unwrap();
    let title = newsmirror::extract(text.as_bytes(), &ExtractOptions::default())
        .unwrap()
        .title;
    // Same article (same canonical URL), another title, saved under names after and before it.
    let changed = text.replace(&title, &format!("{title}（副本）"));
    assert_ne!(changed, text);
    std::fs::write(crawl.input().join("epochtimes/zz-copy.html"), &changed).unwrap();
    for jobs in [1, 2] {
        let mut options = crawl.options();
        options.jobs = Some(jobs);
        options.force = true;
        let (summary, _) = run_lib(&crawl, &options);
        let dup: Vec<_> = summary
            .failures
            .iter()
            .filter(|f| f.reason == FailureKind::Duplicate)
            .collect();
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].input, Path::new("epochtimes/zz-copy.html"));
        assert!(dup[0].message.contains("epochtimes/djy-gb-news.html"));
    }
    // Now a copy that sorts first wins, and the page that was mirrored becomes the duplicate,
    // although it is unchanged.
    std::fs::rename(
        crawl.input().join("epochtimes/zz-copy.html"),
        crawl.input().join("epochtimes/aa-copy.html"),
    )
    .unwrap();
    let (summary, _) = run_lib(&crawl, &crawl.options());
    let dup: Vec<_> = summary
        .failures
        .iter()
        .filter(|f| f.reason == FailureKind::Duplicate)
        .map(|f| f.input.to_string_lossy().into_owned())
        .collect();
    assert_eq!(dup, ["epochtimes/djy-gb-news.html"]);
    let manifest = std::fs::read_to_string(crawl.out().join(".newsmirror/manifest.jsonl")).unwrap();
    assert!(manifest.contains("epochtimes/aa-copy.html"));
    assert!(!manifest.contains("epochtimes/djy-gb-news.html"));
    let mirrored = std::fs::read_to_string(crawl.out().join("gb/25/8/20/n14577001.md")).unwrap();
    assert!(
        mirrored.contains(&format!("{title}（副本）")),
        "the copy that comes first"
    );
}

#[test]
fn cli_report_missing_links_and_exit_status() {
    let crawl = Crawl::new();
    let report = crawl.dir.path().join("report.json");
    let missing = crawl.dir.path().join("missing.tsv");
    let run = |input: &Path, extra: &[&str]| -> ProcessOutput {
        bin()
            .args(["mirror", "--no-fsync"])
            .arg(input)
            .arg(crawl.out())
            .arg("--urls")
            .arg(crawl.input().join("legacy/urls.txt"))
            .arg("--report")
            .arg(&report)
            .arg("--missing")
            .arg(&missing)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&crawl.input(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("4 failed (gzip 1, empty 1, not-an-article 1, no-url 1)"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["converted"], 34);
    assert_eq!(json["converted_lists"], 2);
    assert_eq!(json["failed"], 4);
    assert_eq!(json["failed_by_reason"]["not-an-article"], 1);
    let failures = json["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 4, "one entry per failure");
    assert_eq!(failures[0]["input"], "broken/bad.html.gz");
    assert_eq!(failures[0]["reason"], "gzip");
    assert!(
        failures[0]["message"]
            .as_str()
            .unwrap()
            .contains("bad.html.gz")
    );

    // Missing links: linked articles without a mirror file, each once, with its referrers.
    let tsv = std::fs::read_to_string(&missing).unwrap();
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert!(lines.len() > 100, "{}", lines.len());
    for line in &lines {
        assert_eq!(line.len(), 3);
        // Epoch Times articles in the top tree, NTDTV articles (linked from Epoch Times pages)
        // in the NTDTV tree.
        if line[0].starts_with("https://www.ntdtv.com/") {
            let url = newsmirror::sites::Url::parse(line[0]).unwrap();
            let page = newsmirror::sites::classify(&url).unwrap().page;
            assert_eq!(format!("ntdtv/{}", page.mirror_path), line[1]);
        } else {
            assert!(
                line[0].starts_with("https://www.epochtimes.com/"),
                "{line:?}"
            );
            assert_eq!(stem_of(line[0]).unwrap() + ".md", line[1]);
        }
        assert!(!crawl.out().join(line[1]).exists());
        assert!(line[2].parse::<usize>().unwrap() >= 1);
    }
    let mut urls: Vec<&str> = lines.iter().map(|l| l[0]).collect();
    urls.dedup();
    assert_eq!(urls.len(), lines.len());
    // The rare-earth page's link to an NTDTV article, in the NTDTV tree.
    assert!(
        tsv.contains(
            "https://www.ntdtv.com/gb/2024/05/03/a103870001.html\tntdtv/gb/2024/05/03/a103870001.md\t"
        ),
        "{tsv}"
    );
    // The in-body link of the news page (to another article) is among them.
    assert!(
        tsv.contains("https://www.epochtimes.com/gb/24/3/1/n14200001.htm\t"),
        "rare-earth page's relative link"
    );
    // The section page's items are links whose articles are not mirrored either.
    let section = std::fs::read(crawl.input().join("epochtimes/section-gb-nsc413.html")).unwrap();
    let newsmirror::Page::Listing(list) =
        newsmirror::extract_page(&section, &ExtractOptions::default()).unwrap()
    else {
        panic!("a list page");
    };
    for item in &list.items {
        assert!(
            tsv.contains(&format!("{}\t", item.url)),
            "{} not listed",
            item.url
        );
    }

    // Fetch one missing article (a copy of a page under its URL): no longer missing.
    let first = lines
        .iter()
        .find(|l| l[0].starts_with("https://www.epochtimes.com/gb/"))
        .unwrap();
    let (first_url, first_path) = (first[0].to_string(), first[1].to_string());
    let page = std::fs::read_to_string(crawl.input().join("epochtimes/djy-gb-news.html")).unwrap();
    let fetched = page.replace(
        "https://www.epochtimes.com/gb/25/8/20/n14577001.htm",
        &first_url,
    );
    std::fs::create_dir_all(crawl.input().join("fetched")).unwrap();
    std::fs::write(crawl.input().join("fetched/next.html"), fetched).unwrap();
    let out = run(&crawl.input(), &["--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(crawl.out().join(&first_path).is_file());
    let tsv = std::fs::read_to_string(&missing).unwrap();
    assert!(!tsv.contains(&format!("{first_url}\t")));

    // Only good pages: exit 0, an empty failure list.
    let good = crawl.dir.path().join("good");
    std::fs::create_dir_all(good.join("x")).unwrap();
    std::fs::copy(
        crawl.input().join("epochtimes/djy-gb-news.html"),
        good.join("x/news.html"),
    )
    .unwrap();
    let out = run(&good, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["failures"], serde_json::json!([]));
    assert_eq!(
        json["unchanged"], 0,
        "another input directory, another manifest key"
    );

    // Not a terminal: plain progress lines (here after every page), no bar.
    let out = run(&good, &["--log-every", "0"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("newsmirror: 1 pages under "), "{stderr}");
    assert!(
        stderr.contains("newsmirror: 1/1 pages, ") && stderr.contains("/s, 0 failed, ETA 0s\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "{stderr}"
    );

    // Errors of the run itself: exit 2, one line.
    let out = run(&crawl.dir.path().join("nowhere"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn nothing_escapes_the_output_directory() {
    let crawl = Crawl::new();
    let outside = tempfile::tempdir().unwrap();
    let news = std::fs::read_to_string(manifest_dir().join("fixtures/epochtimes/djy-gb-news.html"))
        .unwrap();
    let canonical = "https://www.epochtimes.com/gb/25/8/20/n14577001.htm";
    let escape = crawl.input().join("escape");
    std::fs::create_dir_all(&escape).unwrap();
    // Canonical URLs crafted to climb out of the tree.
    let crafted = [
        "https://www.epochtimes.com/gb/../../../../../../tmp/x/n1.htm",
        "https://www.epochtimes.com/gb/25/8/20/..%2F..%2F..%2Fn1.htm",
        "https://www.epochtimes.com/%2e%2e/%2e%2e/25/8/20/n1.htm",
        "https://www.epochtimes.com/gb/25/8/20/n1.htm/../../../../../../etc/n2.htm",
        "file:///etc/gb/25/8/20/n1.htm",
        "https://www.epochtimes.com/gb/25/8/20/n1\\..\\..\\x.htm",
    ];
    for (i, url) in crafted.iter().enumerate() {
        std::fs::write(
            escape.join(format!("e{i}.html")),
            news.replace(canonical, url),
        )
        .unwrap();
    }
    // Symbolic links in the input pointing outside it: not followed.
    let elsewhere = outside.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("secret.html"),
        news.replace(canonical, "https://www.epochtimes.com/gb/25/8/21/n99.htm"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&elsewhere, crawl.input().join("linked-dir")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("secret.html"),
        crawl.input().join("linked.html"),
    )
    .unwrap();
    // A symbolic link in the output tree, where a page's directory goes.
    std::fs::create_dir_all(crawl.out().join("b5")).unwrap();
    std::os::unix::fs::symlink(outside.path(), crawl.out().join("b5/25")).unwrap();

    let (summary, _) = run_lib(&crawl, &crawl.options());
    let r = reasons(&summary);
    for i in 0..crafted.len() {
        let kind = r[&format!("escape/e{i}.html")];
        assert!(
            matches!(
                kind,
                FailureKind::NoUrl | FailureKind::NotAnArticle | FailureKind::NotMirrorable
            ),
            "{}: {kind}",
            crafted[i]
        );
    }
    // new-b5-hk-school-closures is b5/25/…: its directory is the link.
    let unsafe_pages: Vec<_> = summary
        .failures
        .iter()
        .filter(|f| f.reason == FailureKind::UnsafePath)
        .collect();
    assert!(!unsafe_pages.is_empty());
    assert!(
        unsafe_pages
            .iter()
            .all(|f| f.message.contains("symbolic link"))
    );
    assert_eq!(
        summary.ignored_symlinks,
        [PathBuf::from("linked-dir"), PathBuf::from("linked.html")]
    );
    assert!(!crawl.out().join("gb/25/8/21/n99.md").exists());
    // Outside: only what the test put there.
    assert_eq!(files(outside.path()), ["elsewhere/secret.html"]);
    assert!(!Path::new("/tmp/x/n1.md").exists());
    for f in mirror_files(&crawl.out()) {
        assert!(
            f.starts_with("gb/") || f.starts_with("b5/"),
            "{f} outside the mirror layout"
        );
    }
}

#[test]
fn image_policy_rewrites_srcs_and_lists_images() {
    let crawl = Crawl::new();
    let mut options = crawl.options();
    let policy = ImagePolicy::Mirror(ImageMirror::default());
    options.render.images = policy.clone();
    options.outputs = vec![
        Output::new(Format::Mirror),
        Output::new(Format::Markdown),
        Output::new(Format::Json),
    ];
    let (summary, _) = run_lib(&crawl, &options);
    assert_eq!(summary.converted, 34);
    let expected = crawl.expected(
        &options.render,
        &[Format::Mirror, Format::Markdown, Format::Json],
    );
    let mirror_base =
        "https://raw.githubusercontent.com/1992513/djy-images/master/i.epochtimes.com/";
    let mut with_images = 0;
    for (stem, texts) in &expected {
        for (text, ext) in texts.iter().zip(["md", "markdown", "json"]) {
            let got = std::fs::read_to_string(crawl.out().join(format!("{stem}.{ext}"))).unwrap();
            assert!(&got == text, "{stem}.{ext}");
        }
        let (mirror, markdown, json) = (&texts[0], &texts[1], &texts[2]);
        // A list file's thumbnails are mirrored too; its Markdown shows no images.
        let article = stem.matches('/').count() == 4;
        if mirror.contains(mirror_base) && article {
            with_images += 1;
            assert!(markdown.contains(&format!("]({mirror_base}")), "{stem}");
            // JSON is the model: original URLs.
            assert!(!json.contains("djy-images"), "{stem}");
        }
        assert!(
            !mirror.contains("src=\"https://i.epochtimes.com/"),
            "{stem}"
        );
    }
    assert!(with_images > 10, "{with_images}");

    // The images list: every mirrored image once, original URL → path in the image mirror.
    let list = std::fs::read_to_string(crawl.out().join(".newsmirror/images.tsv")).unwrap();
    assert_eq!(list.lines().count(), summary.images);
    assert!(summary.images > 10);
    for line in list.lines() {
        let (src, path) = line.split_once('\t').unwrap();
        assert_eq!(policy.mirror_path(src).as_deref(), Some(path));
        let stem = path.strip_prefix("i.epochtimes.com/").unwrap();
        assert!(src.ends_with(stem), "{line}");
        let expected_src = format!("{mirror_base}{stem}");
        assert!(
            expected.values().any(|t| t[0].contains(&expected_src)),
            "{line} not in any page"
        );
    }

    // Back to keeping images: page URLs again, no list.
    let mut keep = crawl.options();
    keep.render.images = ImagePolicy::Keep;
    run_lib(&crawl, &keep);
    assert!(!crawl.out().join(".newsmirror/images.tsv").exists());
    let news = std::fs::read_to_string(crawl.out().join("gb/25/8/20/n14577001.md")).unwrap();
    assert!(news.contains("src=\"https://i.epochtimes.com/assets/uploads/2025/08/"));
    assert!(!news.contains("djy-images"));

    // The command line: --images mirror.
    let out = bin()
        .args(["mirror", "--no-fsync", "--images", "mirror"])
        .arg(crawl.input().join("epochtimes"))
        .arg(crawl.dir.path().join("cli-out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let news =
        std::fs::read_to_string(crawl.dir.path().join("cli-out/gb/25/8/20/n14577001.md")).unwrap();
    assert!(news.contains(&format!("src=\"{mirror_base}assets/uploads/2025/08/")));
}

#[test]
fn config_file_defaults_reproduce_convert_and_unknown_keys_fail() {
    let crawl = Crawl::new();
    let config = crawl.dir.path().join("newsmirror.toml");
    let run = |out: &str, extra: &[&str]| -> ProcessOutput {
        bin()
            .args(["mirror", "--no-fsync"])
            .arg(crawl.input())
            .arg(crawl.dir.path().join(out))
            .arg("--urls")
            .arg(crawl.input().join("legacy/urls.txt"))
            .args(extra)
            .output()
            .unwrap()
    };
    let plain = run("plain", &[]);
    assert_eq!(plain.status.code(), Some(1));

    // The defaults, written out, and an empty file: the same tree as no configuration.
    let doc = include_str!("../src/config.rs");
    let start = doc.find("//! ```toml\n").unwrap() + "//! ```toml\n".len();
    let end = start + doc[start..].find("//! ```\n").unwrap();
    let defaults: String = doc[start..end]
        .lines()
        .map(|l| {
            l.strip_prefix("//! ")
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        newsmirror::config::Config::from_toml(&defaults, "doc").unwrap(),
        newsmirror::config::Config::default(),
        "the module docs' defaults are the defaults"
    );
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n[links]").unwrap() + "```toml\n".len();
    let end = start + readme[start..].find("```\n").unwrap();
    let documented = &readme[start..end];
    assert_eq!(
        newsmirror::config::Config::from_toml(documented, "README.md").unwrap(),
        newsmirror::config::Config::default(),
        "the README's defaults are the defaults"
    );
    for (name, text) in [("defaults", defaults.as_str()), ("empty", "")] {
        std::fs::write(&config, text).unwrap();
        let out = run(name, &["--config", config.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let a = crawl.dir.path().join("plain");
        let b = crawl.dir.path().join(name);
        assert_eq!(mirror_files(&a), mirror_files(&b), "{name}");
        for f in mirror_files(&a) {
            assert!(
                std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
                "{name}: {f}"
            );
        }
    }

    // Values: another account, JSON beside the mirror file, a picks pool of one.
    std::fs::write(
        crawl.dir.path().join("pool.json"),
        r#"[{"title": "只此一条", "url": "https://example.org/pick"}]"#,
    )
    .unwrap();
    std::fs::write(
        &config,
        "[links]\ndjy_base = \"https://github.com/19920513/djy/blob/master/\"\n\
         [picks]\npool = \"pool.json\"\n\
         [output]\nformats = [\"mirror\", \"json\"]\n",
    )
    .unwrap();
    let out = run("custom", &["--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let dir = crawl.dir.path().join("custom");
    let news = std::fs::read_to_string(dir.join("gb/25/8/20/n14577001.md")).unwrap();
    assert!(
        news.contains("https://github.com/19920513/djy/blob/master/gb/25/8/20/n14577001.md%231")
    );
    assert!(news.contains("<a href=\"https://example.org/pick\" target=\"_blank\">只此一条</a>"));
    assert!(dir.join("gb/25/8/20/n14577001.json").is_file());

    // An unknown key: exit 2, one line naming the file, the place and the key; nothing written.
    std::fs::write(
        &config,
        "[links]\ndjy_base = \"https://a.example/\"\nbases = 1\n",
    )
    .unwrap();
    let out = run("unknown", &["--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("newsmirror.toml:3:1: unknown field `bases`"),
        "{err}"
    );
    assert!(!crawl.dir.path().join("unknown").exists());
}

#[test]
fn stopping_finishes_cleanly_and_a_rerun_completes() {
    let crawl = Crawl::new();
    let stop = Arc::new(AtomicBool::new(false));
    let mut options = crawl.options();
    options.stop = Some(Arc::clone(&stop));
    options.jobs = Some(1);
    let mut recorder = Recorder {
        stop_after: Some((1, Arc::clone(&stop))),
        ..Recorder::default()
    };
    let summary = batch::mirror(&crawl.input(), &crawl.out(), &options, &mut recorder).unwrap();
    assert!(summary.interrupted);
    assert!(!summary.is_success());
    let done = summary.converted + summary.failures.len();
    assert!(done >= 1 && done < crawl.pages.len(), "{done}");
    assert!(temp_files(&crawl.out()).is_empty());
    assert!(!crawl.out().join(".newsmirror/running").exists());

    stop.store(false, Ordering::Relaxed);
    let (again, _) = run_lib(&crawl, &crawl.options());
    assert_eq!(again.unchanged, summary.converted);
    assert_eq!(again.converted + again.unchanged, 34);
}

/// Runs until the `n`th page is settled, then dies; returns the pages it converted.
fn die_after(crawl: &Crawl, options: &BatchOptions, n: usize) -> usize {
    let mut recorder = Recorder {
        die_after: Some(n),
        ..Recorder::default()
    };
    let died = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        batch::mirror(&crawl.input(), &crawl.out(), options, &mut recorder)
    }));
    assert!(died.is_err(), "the run died");
    let state = crawl.out().join(".newsmirror");
    assert!(state.join("running").exists());
    assert!(
        state.join("manifest.jsonl.next").exists(),
        "its journal is left"
    );
    recorder
        .pages
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Converted { .. }))
        .count()
}

#[test]
fn a_run_that_dies_resumes_from_its_journal() {
    let crawl = Crawl::new();
    // A first run dies after 12 pages: the pages it settled are in its journal, and the next
    // run takes them as unchanged.
    let converted = die_after(&crawl, &crawl.options(), 12);
    assert!(converted >= 5, "{converted}");
    assert!(!crawl.out().join(".newsmirror/manifest.jsonl").exists());
    let (again, _) = run_lib(&crawl, &crawl.options());
    assert!(
        again.notes.iter().any(|n| n.contains("recovered")),
        "{:?}",
        again.notes
    );
    assert_eq!(again.unchanged, converted);
    assert_eq!(again.converted, 34 - converted);
    assert!(!crawl.out().join(".newsmirror/manifest.jsonl.next").exists());

    // A forced run dies after 12 pages: its journal holds those, the manifest all the others.
    let mut forced = crawl.options();
    forced.force = true;
    assert_eq!(die_after(&crawl, &forced, 12), converted);
    let (third, _) = run_lib(&crawl, &crawl.options());
    assert_eq!((third.unchanged, third.converted), (34, 0));
    assert_eq!(third.notes.len(), 1, "{:?}", third.notes);
}

#[test]
fn a_second_run_on_the_same_directory_is_refused() {
    let crawl = Crawl::new();
    std::fs::create_dir_all(crawl.out().join(".newsmirror")).unwrap();
    let lock = std::fs::File::create(crawl.out().join(".newsmirror/lock")).unwrap();
    fs4::FileExt::try_lock(&lock).unwrap();
    let err = batch::mirror(
        &crawl.input(),
        &crawl.out(),
        &crawl.options(),
        &mut NoProgress,
    )
    .unwrap_err();
    assert!(matches!(err, newsmirror::Error::Locked { .. }), "{err}");
    assert!(mirror_files(&crawl.out()).is_empty());
}

/// Many article pages: each fixture article copied `copies` times under new ids (the canonical
/// URL's id rewritten).
fn big_crawl(copies: usize) -> (tempfile::TempDir, Vec<(PathBuf, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(manifest_dir().join("fixtures/epochtimes")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(article) = newsmirror::extract(text.as_bytes(), &ExtractOptions::default()) else {
            continue;
        };
        let old = format!("/{}.htm", article.id);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        std::fs::create_dir_all(input.join(&name)).unwrap();
        for copy in 0..copies {
            let id = format!("{}{copy:03}", article.id);
            let rel = PathBuf::from(&name).join(format!("{copy:03}.html"));
            let page = text.replace(&old, &format!("/{id}.htm"));
            std::fs::write(input.join(&rel), &page).unwrap();
            let url = article.url.replace(&old, &format!("/{id}.htm"));
            pages.push((rel, stem_of(&url).unwrap()));
        }
    }
    (dir, pages)
}

#[test]
fn a_killed_run_leaves_no_partial_file_and_a_rerun_completes() {
    let (dir, pages) = big_crawl(12);
    assert_eq!(pages.len(), 252);
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let render = RenderOptions::default();
    let expected: BTreeMap<String, String> = pages
        .par_iter()
        .map(|(rel, stem)| {
            let bytes = std::fs::read(input.join(rel)).unwrap();
            let article = newsmirror::extract(&bytes, &ExtractOptions::default()).unwrap();
            let text = newsmirror::render::to_string(&article, Format::Mirror, &render).unwrap();
            (format!("{stem}.md"), text)
        })
        .collect();
    assert_eq!(expected.len(), 252, "distinct ids");

    let mut child = bin()
        .args(["mirror", "--jobs", "2"])
        .arg(&input)
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let complete = |out: &Path| {
        mirror_files(out)
            .iter()
            .filter(|f| !f.rsplit('/').next().unwrap().starts_with(TEMP_PREFIX))
            .count()
    };
    // Killed once some pages are in the journal (the groups committed before them).
    let journal = out.join(".newsmirror/manifest.jsonl.next");
    let recorded = |journal: &Path| journal.exists() && !entries(journal).is_empty();
    while complete(&out) < 20 || !recorded(&journal) {
        assert!(Instant::now() < deadline, "no output appeared");
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // Every file at a mirror path is complete and what convert gives; the rest are temp files.
    let present = mirror_files(&out);
    let mut complete = 0;
    for f in &present {
        let name = f.rsplit('/').next().unwrap();
        if name.starts_with(TEMP_PREFIX) {
            continue;
        }
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.ends_with("</table>\n"), "{f} is partial");
        assert!(expected[f] == text, "{f} differs from convert");
        complete += 1;
    }
    assert!((20..252).contains(&complete), "killed mid-run: {complete}");
    assert!(out.join(".newsmirror/running").exists(), "the marker tells");
    // The journal of the killed run claims only files that are on disk, complete.
    let claimed = entries(&journal);
    assert!(!claimed.is_empty());
    assert_claimed_files_are_on_disk(&out, &claimed, &expected);

    // A stale temp file as a killed run leaves it, to be sure there is one.
    std::fs::create_dir_all(out.join("gb/25/8/20")).unwrap();
    std::fs::write(out.join("gb/25/8/20/.newsmirror-stale0001.tmp"), "<a name=").unwrap();
    let rerun = bin()
        .args(["mirror", "--jobs", "2"])
        .arg(&input)
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8(rerun.stderr).unwrap();
    assert_eq!(rerun.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("removed"), "{stderr}");
    assert!(temp_files(&out).is_empty(), "stale temp files are gone");
    let all = mirror_files(&out);
    assert_eq!(all, expected.keys().cloned().collect::<Vec<_>>());
    for f in &all {
        assert!(
            std::fs::read_to_string(out.join(f)).unwrap() == expected[f],
            "{f}"
        );
    }
    assert!(!out.join(".newsmirror/running").exists());
}

#[test]
fn a_url_given_in_code_reaches_a_page_without_one() {
    let crawl = Crawl::new();
    let page = crawl.input().join("epochtimes/djy-gb-no-canonical.html");
    let url = "https://www.epochtimes.com/gb/25/8/18/n14575001.htm";
    let mut options = crawl.options();
    // Through a path with `..` in it: the page is found all the same.
    options
        .urls
        .insert(
            &crawl
                .input()
                .join("legacy/../epochtimes/djy-gb-no-canonical.html"),
            url,
        )
        .unwrap();
    let (summary, _) = run_lib(&crawl, &options);
    assert_eq!(summary.converted, 35);
    assert!(!reasons(&summary).contains_key("epochtimes/djy-gb-no-canonical.html"));
    let bytes = std::fs::read(&page).unwrap();
    let article = newsmirror::extract(&bytes, &ExtractOptions::default().with_url(url)).unwrap();
    let want =
        newsmirror::render::to_string(&article, Format::Mirror, &Default::default()).unwrap();
    let got = std::fs::read_to_string(crawl.out().join("gb/25/8/18/n14575001.md")).unwrap();
    assert!(got == want);
}

/// A crawl of two sites (issue 20): each page's file goes into its own site's mirror tree —
/// by default the Epoch Times at the top and NTDTV in `ntdtv/`, or where `roots` says — and
/// never into the other's; each file is what `convert` prints.
#[test]
fn pages_of_two_sites_go_to_their_own_trees() {
    let input = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = [
        (
            "fixtures/epochtimes/djy-gb-news.html",
            "https://www.epochtimes.com/",
        ),
        (
            "fixtures/ntdtv/ntdtv-gb-park-opening-2025.html",
            "gb/2025/01/20/a100001001",
        ),
    ];
    for (page, _) in pages {
        std::fs::copy(
            root.join(page),
            input.path().join(Path::new(page).file_name().unwrap()),
        )
        .unwrap();
    }
    let convert = |page: &str| {
        let bytes = std::fs::read(root.join(page)).unwrap();
        let a = newsmirror::extract(&bytes, &ExtractOptions::default()).unwrap();
        (
            a.url.clone(),
            newsmirror::render::to_string(&a, Format::Mirror, &RenderOptions::default()).unwrap(),
        )
    };
    let (et_url, et_file) = convert(pages[0].0);
    let et_path = newsmirror::sites::classify(&newsmirror::sites::Url::parse(&et_url).unwrap())
        .unwrap()
        .page
        .mirror_path;
    let (_, ntd_file) = convert(pages[1].0);
    let ntd_path = "gb/2025/01/20/a100001001.md";
    for (options, et_root, ntd_root) in root_layouts() {
        let out = tempfile::tempdir().unwrap();
        let mut recorder = Recorder::default();
        let summary = batch::mirror(input.path(), out.path(), &options, &mut recorder).unwrap();
        assert_eq!(summary.converted, 2, "{:?}", summary.failures);
        let mut written = mirror_files(out.path());
        written.sort();
        let mut want = vec![
            format!("{et_root}{et_path}"),
            format!("{ntd_root}{ntd_path}"),
        ];
        want.sort();
        assert_eq!(written, want);
        let read = |p: &str| std::fs::read_to_string(out.path().join(p)).unwrap();
        assert_eq!(read(&format!("{et_root}{et_path}")), et_file);
        assert_eq!(read(&format!("{ntd_root}{ntd_path}")), ntd_file);
    }
}

/// The manifest lines (entries, not the header) of the file at `path`: the complete ones.
fn entries(path: &Path) -> Vec<serde_json::Value> {
    // (Read while a run writes it: the last line may be cut, even inside a character.)
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.split_inclusive('\n')
        .skip(1)
        .filter(|l| l.ends_with('\n'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every output the manifest lines name is on disk, with the bytes convert gives.
fn assert_claimed_files_are_on_disk(
    out: &Path,
    lines: &[serde_json::Value],
    expected: &BTreeMap<String, String>,
) {
    for line in lines {
        for output in line["outputs"].as_array().unwrap() {
            let output = output.as_str().unwrap();
            let text = std::fs::read_to_string(out.join(output))
                .unwrap_or_else(|e| panic!("{output} is claimed but not on disk: {e}"));
            assert!(expected[output] == text, "{output} is claimed but differs");
        }
    }
}

#[test]
fn a_durable_run_commits_in_groups_and_writes_what_a_run_without_flushing_writes() {
    let crawl = Crawl::new();
    let mut durable = crawl.options();
    durable.durable = true;
    durable.commit_pages = 5;
    let (summary, recorder) = run_lib(&crawl, &durable);
    let plain_out = crawl.dir.path().join("plain");
    let mut plain_recorder = Recorder::default();
    let plain = batch::mirror(
        &crawl.input(),
        &plain_out,
        &crawl.options(),
        &mut plain_recorder,
    )
    .unwrap();

    assert_eq!(summary.converted, 34);
    assert_eq!(
        (summary.pages, summary.converted, summary.unchanged),
        (plain.pages, plain.converted, plain.unchanged)
    );
    assert_eq!(reasons(&summary), reasons(&plain));
    // Every page reported once, in path order, as without groups.
    assert_eq!(recorder.pages, plain_recorder.pages);
    // The same files, bytes and manifest.
    let out = crawl.out();
    assert_eq!(mirror_files(&out), mirror_files(&plain_out));
    for f in mirror_files(&out) {
        assert!(std::fs::read(out.join(&f)).unwrap() == std::fs::read(plain_out.join(&f)).unwrap());
    }
    let manifest = |dir: &Path| std::fs::read_to_string(dir.join(".newsmirror/manifest.jsonl"));
    assert_eq!(manifest(&out).unwrap(), manifest(&plain_out).unwrap());
    assert!(temp_files(crawl.dir.path()).is_empty());

    // A forced durable run over it: every file already holds its bytes and is left in place
    // (flushed, not rewritten); every page converted again.
    let inode = |p: &Path| {
        #[cfg(unix)]
        return std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        #[cfg(not(unix))]
        return std::fs::read(p).unwrap().len() as u64;
    };
    let file = out.join("gb/1/6/8/n86001.md");
    let before = inode(&file);
    let mut forced = durable.clone();
    forced.force = true;
    let (again, _) = run_lib(&crawl, &forced);
    assert_eq!(again.converted, 34);
    assert_eq!(inode(&file), before, "left in place");
    assert!(temp_files(crawl.dir.path()).is_empty());
}

#[test]
fn a_durable_run_that_dies_claims_only_files_on_disk_and_resumes() {
    let crawl = Crawl::new();
    let mut options = crawl.options();
    options.durable = true;
    options.commit_pages = 4;
    let converted = die_after(&crawl, &options, 12);
    assert!(converted >= 5, "{converted}");
    // The pages not yet committed, the group's and those the workers had converted ahead:
    // their temporary files went with them.
    assert!(temp_files(&crawl.out()).is_empty());
    // The journal names exactly the pages reported converted, each with its files on disk.
    let expected: BTreeMap<String, String> = crawl
        .expected(&RenderOptions::default(), &[Format::Mirror])
        .into_iter()
        .map(|(stem, texts)| (format!("{stem}.md"), texts[0].clone()))
        .collect();
    let journal = entries(&crawl.out().join(".newsmirror/manifest.jsonl.next"));
    assert_eq!(journal.len(), converted);
    assert_claimed_files_are_on_disk(&crawl.out(), &journal, &expected);

    let (again, _) = run_lib(&crawl, &options);
    assert_eq!(again.unchanged, converted);
    assert_eq!(again.converted, 34 - converted);
    let manifest = entries(&crawl.out().join(".newsmirror/manifest.jsonl"));
    assert_eq!(manifest.len(), 34);
    assert_claimed_files_are_on_disk(&crawl.out(), &manifest, &expected);
}

#[test]
fn a_durable_run_fails_a_page_it_cannot_write_alone_and_leaves_no_temp_file() {
    let crawl = Crawl::new();
    let mut options = crawl.options();
    options.durable = true;
    // A directory where a page's file goes: its rename fails.
    std::fs::create_dir_all(crawl.out().join("gb/1/6/8/n86001.md")).unwrap();
    let (summary, recorder) = run_lib(&crawl, &options);
    assert_eq!(summary.converted, 33);
    let write: Vec<_> = summary
        .failures
        .iter()
        .filter(|f| f.reason == FailureKind::Write)
        .collect();
    assert_eq!(write.len(), 1, "{:?}", summary.failures);
    assert!(
        write[0].message.contains("n86001.md"),
        "{}",
        write[0].message
    );
    assert_eq!(
        summary.failures.len(),
        5,
        "the four broken pages and this one"
    );
    assert_eq!(recorder.pages.len(), crawl.pages.len());
    assert!(temp_files(crawl.dir.path()).is_empty());
    let manifest = entries(&crawl.out().join(".newsmirror/manifest.jsonl"));
    assert_eq!(manifest.len(), 33);
    let failed = write[0].input.to_string_lossy().into_owned();
    assert!(manifest.iter().all(|l| l["input"] != failed.as_str()));
}

#[test]
fn commit_pages_of_zero_is_refused() {
    let crawl = Crawl::new();
    let mut options = crawl.options();
    options.commit_pages = 0;
    let err = batch::mirror(&crawl.input(), &crawl.out(), &options, &mut NoProgress).unwrap_err();
    assert!(matches!(err, newsmirror::Error::Config(_)), "{err}");
}

/// `--missing` across sites (issue 20): an Epoch Times page's link to an NTDTV article whose page
/// is not in the crawl is listed under the NTDTV tree, an NTDTV page's link to an Epoch Times
/// article under the Epoch Times tree (both where `roots` puts them); a linked article of the
/// other site that the crawl holds is not missing.
#[test]
fn missing_links_cross_sites() {
    let input = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in [
        "fixtures/epochtimes/djy-gb-rare-earth-exports.html",
        "fixtures/ntdtv/ntdtv-gb-park-opening-2025.html",
    ] {
        std::fs::copy(
            root.join(page),
            input.path().join(Path::new(page).file_name().unwrap()),
        )
        .unwrap();
    }
    // The NTDTV article the park page links, fetched: a copy of another NTDTV page under its URL.
    let linked = "https://www.ntdtv.com/gb/2024/03/05/a100000305.html";
    let copy = std::fs::read_to_string(root.join("fixtures/ntdtv/ntdtv-gb-legacy-2011.html"))
        .unwrap()
        .replace(
            "https://www.ntdtv.com/gb/2011/06/08/a100001501.html",
            linked,
        );
    assert!(copy.contains(linked));
    std::fs::write(input.path().join("fetched.html"), copy).unwrap();

    for (options, et_root, ntd_root) in root_layouts() {
        let out = tempfile::tempdir().unwrap();
        let summary = batch::mirror(input.path(), out.path(), &options, &mut NoProgress).unwrap();
        assert_eq!(summary.converted, 3, "{:?}", summary.failures);
        assert!(
            out.path()
                .join(format!("{ntd_root}gb/2024/03/05/a100000305.md"))
                .is_file()
        );
        let missing: BTreeMap<&str, &str> = summary
            .missing
            .iter()
            .map(|m| (m.url.as_str(), m.mirror_path.as_str()))
            .collect();
        for (url, path) in [
            // Epoch Times → NTDTV (gb and b5)
            (
                "https://www.ntdtv.com/gb/2024/05/03/a103870001.html",
                format!("{ntd_root}gb/2024/05/03/a103870001.md"),
            ),
            // NTDTV → Epoch Times
            (
                "https://www.epochtimes.com/gb/25/1/18/n14400001.htm",
                format!("{et_root}gb/25/1/18/n14400001.md"),
            ),
            // NTDTV → NTDTV (its related list)
            (
                "https://www.ntdtv.com/gb/2025/01/08/a100000801.html",
                format!("{ntd_root}gb/2025/01/08/a100000801.md"),
            ),
            // Epoch Times → Epoch Times
            (
                "https://www.epochtimes.com/gb/24/3/1/n14200001.htm",
                format!("{et_root}gb/24/3/1/n14200001.md"),
            ),
        ] {
            assert_eq!(missing.get(url).copied(), Some(path.as_str()), "{url}");
        }
        // Fetched: not missing.
        assert!(!missing.contains_key(linked), "{missing:?}");
        // Every missing path lies in its own site's tree and has no file.
        for m in &summary.missing {
            let url = newsmirror::sites::Url::parse(&m.url).unwrap();
            let target = newsmirror::sites::classify(&url).unwrap();
            let tree = if target.site.id == "ntdtv" {
                ntd_root
            } else {
                et_root
            };
            assert_eq!(m.mirror_path, format!("{tree}{}", target.page.mirror_path));
            assert!(!out.path().join(&m.mirror_path).exists());
        }
    }
}

/// The two layouts of a two-site run: the default roots (Epoch Times at the top, NTDTV in
/// `ntdtv/`) and roots set by site id; each with the Epoch Times and NTDTV tree prefixes.
fn root_layouts() -> [(BatchOptions, &'static str, &'static str); 2] {
    let mut set = BatchOptions::default();
    set.roots = [("epochtimes", "djy"), ("ntdtv", "news/ntdtv")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    [
        (BatchOptions::default(), "", "ntdtv/"),
        (set, "djy/", "news/ntdtv/"),
    ]
}
