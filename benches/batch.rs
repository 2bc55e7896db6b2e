//! Batch throughput: `batch::mirror` over the fixture articles copied under new ids, in pages/s,
//! at 1 and 2 worker threads; every page converted (`force`), and a re-run where every page is
//! unchanged, next to the same pages converted in memory on one thread. See benches/README.md
//! for the numbers.
//!
//! `cargo bench --bench batch`

use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsmirror::batch::{self, BatchOptions, NoProgress};
use newsmirror::{ExtractOptions, Format};

/// The 20 fixture articles, each `copies` times with its id rewritten: a crawl of distinct pages.
fn crawl(copies: usize) -> (tempfile::TempDir, usize) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes");
    let mut pages = 0;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(article) = newsmirror::extract(text.as_bytes(), &ExtractOptions::default()) else {
            continue;
        };
        let old = format!("/{}.htm", article.id);
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        std::fs::create_dir_all(input.join(&name)).unwrap();
        for copy in 0..copies {
            let page = text.replace(&old, &format!("/{}{copy:03}.htm", article.id));
            std::fs::write(input.join(&name).join(format!("{copy:03}.html")), page).unwrap();
            pages += 1;
        }
    }
    (dir, pages)
}

fn throughput(c: &mut Criterion) {
    let (dir, pages) = crawl(5);
    let input = dir.path().join("in");
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(pages as u64));
    g.sample_size(10);
    // The yardstick, in the same run: the same pages converted in memory on one thread (read
    // beforehand, no hashing, no files written).
    let bytes: Vec<Vec<u8>> = walk_pages(&input)
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    g.bench_function("in-memory/1", |b| {
        b.iter(|| {
            for page in &bytes {
                let article = newsmirror::extract(page, &ExtractOptions::default()).unwrap();
                std::hint::black_box(
                    newsmirror::render::to_string(&article, Format::Mirror, &Default::default())
                        .unwrap(),
                );
            }
        })
    });
    for jobs in [1, 2] {
        let out = dir.path().join(format!("out-{jobs}"));
        let options = BatchOptions {
            jobs: Some(jobs),
            durable: false,
            ..BatchOptions::default()
        };
        let forced = BatchOptions {
            force: true,
            ..options.clone()
        };
        g.bench_with_input(BenchmarkId::new("convert-all", jobs), &jobs, |b, _| {
            b.iter(|| {
                let s = batch::mirror(&input, &out, &forced, &mut NoProgress).unwrap();
                assert_eq!(s.converted, pages);
            })
        });
        g.bench_with_input(BenchmarkId::new("unchanged", jobs), &jobs, |b, _| {
            b.iter(|| {
                let s = batch::mirror(&input, &out, &options, &mut NoProgress).unwrap();
                assert_eq!(s.unchanged, pages);
            })
        });
    }
    // Each file flushed to disk before its rename (the default).
    let out = dir.path().join("out-durable");
    let durable = BatchOptions {
        jobs: Some(2),
        force: true,
        ..BatchOptions::default()
    };
    g.bench_with_input(BenchmarkId::new("convert-all-durable", 2), &2, |b, _| {
        b.iter(|| batch::mirror(&input, &out, &durable, &mut NoProgress).unwrap())
    });
    g.finish();
}

fn walk_pages(input: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for dir in std::fs::read_dir(input).unwrap() {
        for page in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            pages.push(page.unwrap().path());
        }
    }
    pages.sort();
    pages
}

criterion_group!(benches, throughput);
criterion_main!(benches);
