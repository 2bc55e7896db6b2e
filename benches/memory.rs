//! Peak heap per page, as a multiple of the page's size: a criterion bench whose measurement is
//! bytes, not time.
//!
//! A counting global allocator tracks live and peak heap bytes. Each sample converts one page
//! `iters` times; the peak of one conversion is what is reported (criterion divides a sample's
//! value by its iterations, so the sample reports `peak × iters`). Live bytes at the start of a
//! conversion (the page itself, criterion's state) are not counted. The "thrpt" line prints the
//! peak as a multiple of the page size (`× page`); the target is at most 6×.
//!
//! `batch-peak-heap/first/{500,2000,8000}` is the peak heap of a whole `batch::mirror` run on
//! two worker threads into an empty mirror, over crawls of 1×, 4× and 16× as many pages (the
//! fixture articles copied under new ids, 100 a directory); `batch-peak-heap/rerun/…` is that
//! of a run over the same mirror again (every page unchanged, the last manifest read). The
//! target is that neither grows with the number of pages: a run keeps what it must remember of
//! each page on disk (see `src/batch/mod.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsmirror::batch::{self, BatchOptions, NoProgress};
use newsmirror::{ExtractOptions, Format, RenderOptions, extract, render};

#[path = "support/crawl.rs"]
mod crawl;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Heap bytes above the level at the start of a conversion.
struct PeakHeap;

struct Bytes;

impl ValueFormatter for Bytes {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical >= 1024.0 * 1024.0 {
            (1024.0 * 1024.0, "MiB")
        } else {
            (1024.0, "KiB")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        if let Throughput::Bytes(page) = throughput {
            values.iter_mut().for_each(|v| *v /= *page as f64);
        }
        "x page"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "bytes"
    }
}

impl Measurement for PeakHeap {
    type Intermediate = usize;
    type Value = u64;
    fn start(&self) -> usize {
        let live = LIVE.load(Ordering::Relaxed);
        PEAK.store(live, Ordering::Relaxed);
        live
    }
    fn end(&self, base: usize) -> u64 {
        (PEAK.load(Ordering::Relaxed) - base) as u64
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Bytes
    }
}

fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            (n.starts_with("djy-") || n.starts_with("new-")) && !n.contains("no-canonical")
        })
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read(p).unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

fn peak_per_page(c: &mut Criterion<PeakHeap>) {
    let options = RenderOptions::default();
    let mut g = c.benchmark_group("peak-heap");
    g.sample_size(10);
    for (name, page) in pages() {
        g.throughput(Throughput::Bytes(page.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &page, |b, page| {
            b.iter_custom(|iters| {
                // Every conversion of the page peaks the same; run them all so that criterion's
                // timing of the warm-up sees real work, and report the peak once per iteration.
                let m = PeakHeap;
                let mut peak = 0;
                for _ in 0..iters {
                    let base = m.start();
                    let a = extract(page, &ExtractOptions::default()).unwrap();
                    let out = render::to_string(&a, Format::Mirror, &options).unwrap();
                    drop((a, out));
                    peak = peak.max(m.end(base));
                }
                peak * iters
            })
        });
    }
    g.finish();
}

fn batch_peak(c: &mut Criterion<PeakHeap>) {
    let mut g = c.benchmark_group("batch-peak-heap");
    g.sample_size(10);
    // Criterion warms up by wall-clock time, doubling `iters` at each call: a short run (a
    // rerun of 500 unchanged pages takes 30 ms) would be called until `peak × iters`
    // overflows. One call is warm-up enough for a measure that does not depend on it.
    g.warm_up_time(std::time::Duration::from_millis(1));
    g.sampling_mode(criterion::SamplingMode::Flat);
    for pages in [500, 2000, 8000] {
        let dir = tempfile::tempdir().unwrap();
        let (input, pages) = crawl::write(dir.path(), pages);
        let mut options = BatchOptions::default();
        options.jobs = Some(2);
        options.durable = false;
        let mut run = 0;
        // One run of seconds per sample, whatever `iters` criterion asks for (it derives
        // `iters` from bytes as if they were nanoseconds): a run's peak does not depend on how
        // often it is repeated.
        let peak = |out: &Path, iters: u64, converted: usize, unchanged: usize| {
            let m = PeakHeap;
            let base = m.start();
            let s = batch::mirror(&input, out, &options, &mut NoProgress).unwrap();
            assert_eq!((s.converted, s.unchanged), (converted, unchanged));
            drop(s);
            m.end(base) * iters
        };
        g.bench_with_input(BenchmarkId::new("first", pages), &pages, |b, &pages| {
            b.iter_custom(|iters| {
                run += 1;
                peak(&dir.path().join(format!("out-{run}")), iters, pages, 0)
            })
        });
        // Runs over a mirror made by a run before: every page unchanged, the last manifest read.
        let out = dir.path().join("rerun");
        batch::mirror(&input, &out, &options, &mut NoProgress).unwrap();
        g.bench_with_input(BenchmarkId::new("rerun", pages), &pages, |b, &pages| {
            b.iter_custom(|iters| peak(&out, iters, 0, pages))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    // Every sample is the same number of bytes: nothing to plot (and the plotter rejects
    // samples without variance).
    config = Criterion::default().with_measurement(PeakHeap).without_plots();
    targets = peak_per_page, batch_peak
}
criterion_main!(benches);
