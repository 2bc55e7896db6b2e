//! Batch throughput: `batch::mirror` over a crawl of 10,000 distinct pages (the fixture articles
//! copied under new ids; `NEWSMIRROR_BENCH_PAGES` sets another size), in pages/s, at 1 and 2
//! worker threads, next to the same conversions in memory on one thread. See benches/README.md
//! for the numbers.
//!
//! `cargo bench --bench batch`

use std::path::{Path, PathBuf};

use criterion::{BatchSize, Bencher, BenchmarkId, Criterion, SamplingMode, Throughput};
use criterion::{criterion_group, criterion_main};
use newsmirror::batch::{self, BatchOptions, NoProgress};
use newsmirror::{ExtractOptions, Format};

#[path = "support/crawl.rs"]
mod crawl;

/// A new, empty output directory under `dir` for each run: a run that converts into an empty
/// mirror, as a first run over a crawl does. One per bench, shared by all of criterion's calls
/// of it. The directories are removed only with `dir`, at the end: deleting ten thousand files
/// just before a run makes ext4 search past the recently deleted inodes for every file the
/// run creates, which would time the file system, not the converter.
fn fresh_out(dir: &Path, name: &str) -> impl FnMut() -> PathBuf + use<> {
    let (dir, name) = (dir.to_path_buf(), name.to_string());
    let mut n = 0;
    move || {
        n += 1;
        dir.join(format!("{name}-{n}"))
    }
}

/// Times runs that convert every page of `input` into a new, empty mirror each.
fn convert_all(
    b: &mut Bencher<'_>,
    input: &Path,
    next_out: &mut impl FnMut() -> PathBuf,
    options: &BatchOptions,
    pages: usize,
) {
    b.iter_batched(
        next_out,
        |out| {
            let s = batch::mirror(input, &out, options, &mut NoProgress).unwrap();
            assert_eq!(s.converted, pages, "{}", s.report_json());
            out
        },
        BatchSize::PerIteration,
    )
}

fn throughput(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (input, pages) = crawl::write(dir.path(), size(10_000));
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(pages as u64));
    // Runs of seconds each: ten samples of one run.
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    g.measurement_time(std::time::Duration::from_secs(30));

    // The yardstick, in the same run: as many conversions of the fixture articles, in memory on
    // one thread (no reading, hashing or writing).
    let articles = crawl::articles();
    let rounds = pages / articles.len();
    g.bench_function("in-memory/1", |b| {
        b.iter(|| {
            for _ in 0..rounds {
                for (_, page, _) in &articles {
                    let article = newsmirror::extract(page, &ExtractOptions::default()).unwrap();
                    std::hint::black_box(
                        newsmirror::render::to_string(
                            &article,
                            Format::Mirror,
                            &Default::default(),
                        )
                        .unwrap(),
                    );
                }
            }
        })
    });
    for jobs in [1, 2] {
        let mut options = BatchOptions::default();
        options.jobs = Some(jobs);
        options.durable = false;
        let mut next_out = fresh_out(dir.path(), &format!("out-{jobs}"));
        g.bench_with_input(BenchmarkId::new("convert-all", jobs), &jobs, |b, _| {
            convert_all(b, &input, &mut next_out, &options, pages)
        });
        // A re-run over the mirror just written, where every page is unchanged.
        let out = dir.path().join(format!("unchanged-{jobs}"));
        batch::mirror(&input, &out, &options, &mut NoProgress).unwrap();
        g.bench_with_input(BenchmarkId::new("unchanged", jobs), &jobs, |b, _| {
            b.iter(|| {
                let s = batch::mirror(&input, &out, &options, &mut NoProgress).unwrap();
                assert_eq!(s.unchanged, pages, "{}", s.report_json());
            })
        });
    }
    // Every file and directory flushed to disk (the default: a group of pages flushed together
    // before their renames, their directories after, then their manifest lines), at 1 and 2
    // threads: next to `convert-all` (`--no-fsync`) at the same thread count, what durability
    // costs.
    for jobs in [1, 2] {
        let mut durable = BatchOptions::default();
        durable.jobs = Some(jobs);
        let mut next_out = fresh_out(dir.path(), &format!("out-durable-{jobs}"));
        g.bench_with_input(
            BenchmarkId::new("convert-all-durable", jobs),
            &jobs,
            |b, _| convert_all(b, &input, &mut next_out, &durable, pages),
        );
    }
    g.finish();
}

/// The number of pages this bench runs over: `NEWSMIRROR_BENCH_PAGES`, or `default`.
fn size(default: usize) -> usize {
    std::env::var("NEWSMIRROR_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(default)
}

criterion_group!(benches, throughput);
criterion_main!(benches);
