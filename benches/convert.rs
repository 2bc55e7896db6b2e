//! Throughput over the fixture corpus: the whole conversion next to a bare parse of the same
//! bytes, in the same run, so the ratio is meaningful on any machine.
//!
//! `cargo bench --bench convert` reports MB/s (bytes of page in) for each stage; the pages/s
//! figure is the group's element throughput. See benches/README.md for the numbers and the log of
//! experiments.

use std::path::Path;

#[path = "../tests/support/renamed.rs"]
mod renamed;

#[path = "support/corpus.rs"]
mod corpus;
use corpus::corpus;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newsmirror::{ExtractOptions, Format, RenderOptions, extract, render};

fn stages(c: &mut Criterion) {
    let pages = corpus();
    let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
    let options = RenderOptions::default();
    let articles: Vec<_> = pages
        .iter()
        .map(|p| extract(p, &ExtractOptions::default()).unwrap())
        .collect();

    let mut g = c.benchmark_group("corpus-bytes");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("bare-parse", |b| {
        b.iter(|| {
            for p in &pages {
                let text = std::str::from_utf8(p).unwrap();
                std::hint::black_box(scraper::Html::parse_document(text));
            }
        })
    });
    // The second yardstick: lol_html's streaming rewriter over the same bytes, reading every
    // element's start tag (no tree), as the pre-pass's lexer does.
    g.bench_function("lol-html-scan", |b| b.iter(|| lol_scan(&pages)));
    g.bench_function("decode", |b| {
        b.iter(|| {
            for p in &pages {
                std::hint::black_box(newsmirror::decode::decode(p, None));
            }
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            for p in &pages {
                std::hint::black_box(extract(p, &ExtractOptions::default()).unwrap());
            }
        })
    });
    // The same without the chrome pre-pass (`ExtractOptions::whole_page`): what it buys.
    let whole = ExtractOptions::default().with_whole_page(true);
    g.bench_function("extract-whole-page", |b| {
        b.iter(|| {
            for p in &pages {
                std::hint::black_box(extract(p, &whole).unwrap());
            }
        })
    });
    g.bench_function("end-to-end-mirror", |b| {
        b.iter(|| {
            for p in &pages {
                let a = extract(p, &ExtractOptions::default()).unwrap();
                std::hint::black_box(render::to_string(&a, Format::Mirror, &options).unwrap());
            }
        })
    });
    g.finish();

    // The same pages with their chrome under names no rule knows (issue 22): the pre-pass cuts
    // it by what the extractor needs. Next to a bare parse of the same (renamed) bytes.
    let unnamed: Vec<Vec<u8>> = pages
        .iter()
        .map(|p| renamed::rename_chrome(std::str::from_utf8(p).unwrap()).into_bytes())
        .collect();
    let unnamed_bytes: u64 = unnamed.iter().map(|p| p.len() as u64).sum();
    let mut g = c.benchmark_group("unnamed-chrome-bytes");
    g.throughput(Throughput::Bytes(unnamed_bytes));
    g.bench_function("bare-parse", |b| {
        b.iter(|| {
            for p in &unnamed {
                let text = std::str::from_utf8(p).unwrap();
                std::hint::black_box(scraper::Html::parse_document(text));
            }
        })
    });
    g.bench_function("lol-html-scan", |b| b.iter(|| lol_scan(&unnamed)));
    g.bench_function("extract", |b| {
        b.iter(|| {
            for p in &unnamed {
                std::hint::black_box(extract(p, &ExtractOptions::default()).unwrap());
            }
        })
    });
    g.bench_function("extract-whole-page", |b| {
        b.iter(|| {
            for p in &unnamed {
                std::hint::black_box(extract(p, &whole).unwrap());
            }
        })
    });
    g.bench_function("end-to-end-mirror", |b| {
        b.iter(|| {
            for p in &unnamed {
                let a = extract(p, &ExtractOptions::default()).unwrap();
                std::hint::black_box(render::to_string(&a, Format::Mirror, &options).unwrap());
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("render");
    g.throughput(Throughput::Elements(articles.len() as u64));
    for (name, format) in [
        ("mirror", Format::Mirror),
        ("markdown", Format::Markdown),
        ("json", Format::Json),
    ] {
        g.bench_with_input(BenchmarkId::from_parameter(name), &format, |b, &format| {
            b.iter(|| {
                for a in &articles {
                    std::hint::black_box(render::to_string(a, format, &options).unwrap());
                }
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("corpus-pages");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("end-to-end-mirror", |b| {
        b.iter(|| {
            for p in &pages {
                let a = extract(p, &ExtractOptions::default()).unwrap();
                std::hint::black_box(render::to_string(&a, Format::Mirror, &options).unwrap());
            }
        })
    });
    g.finish();
}

/// Runs every page through lol_html with a handler on every element that reads its `class`:
/// the cost of finding the tags without building a tree.
fn lol_scan(pages: &[Vec<u8>]) -> usize {
    let mut seen = 0usize;
    for p in pages {
        let settings = lol_html::Settings::new().append_element_content_handler(
            lol_html::element!("*", |el| {
                seen += el.get_attribute("class").map_or(0, |c| c.len());
                Ok(())
            }),
        );
        let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
        rewriter.write(p).unwrap();
        rewriter.end().unwrap();
    }
    std::hint::black_box(seen)
}

/// Builds a hostile story of a given size.
type Generator = fn(usize) -> String;

/// Linear growth: the same page with its story repeated 1×, 4× and 16×, and hostile pages of
/// growing size. Constant MB/s across a group means time linear in the size.
fn scaling(c: &mut Criterion) {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes/djy-gb-news.html"),
    )
    .unwrap();
    let begin = base.find("<!-- article content begin -->").unwrap();
    let end = base.find("<!-- article content end -->").unwrap();
    let story = &base[begin..end];
    let mut g = c.benchmark_group("scaling-page-size");
    g.sample_size(20);
    for k in [1usize, 4, 16] {
        let page = format!("{}{}{}", &base[..begin], story.repeat(k), &base[end..]);
        g.throughput(Throughput::Bytes(page.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{k}x")),
            &page,
            |b, page| b.iter(|| extract(page.as_bytes(), &ExtractOptions::default()).unwrap()),
        );
    }
    g.finish();

    let wrap = |story: &str| {
        format!(
            r#"<html><head><link rel="canonical" href="https://www.epochtimes.com/gb/24/3/5/n14200001.htm"></head><body><h1 class="title">题</h1><div id="artbody">{story}</div></body></html>"#
        )
    };
    let hostile: [(&str, Generator); 3] = [
        ("nested-div", |n| {
            format!("{}文字{}", "<div>".repeat(n), "</div>".repeat(n))
        }),
        ("paragraphs", |n| "<p>一段文字。</p>".repeat(n)),
        ("attributes", |n| {
            format!(
                "<p{}>文字</p>",
                (0..n)
                    .map(|i| format!(" data-a{i}=\"{i}\""))
                    .collect::<String>()
            )
        }),
    ];
    for (name, make) in hostile {
        let mut g = c.benchmark_group(format!("scaling-hostile-{name}"));
        g.sample_size(10);
        for n in [6_250usize, 25_000, 100_000] {
            let page = wrap(&make(n));
            g.throughput(Throughput::Bytes(page.len() as u64));
            g.bench_with_input(BenchmarkId::from_parameter(n), &page, |b, page| {
                b.iter(|| extract(page.as_bytes(), &ExtractOptions::default()))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, stages, scaling);
criterion_main!(benches);
