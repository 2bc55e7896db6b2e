//! One pass of one stage over the fixture corpus of `benches/convert.rs`, for an instruction
//! counter (`valgrind --tool=callgrind`), which gives the same count on a busy machine as on a
//! quiet one where wall-clock benches do not:
//!
//! ```sh
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile STAGE [unnamed] [ROUNDS]
//! ```
//!
//! `STAGE` is `load` (reading the files only: subtract it), `bare-parse`, `extract`,
//! `extract-whole-page` or `end-to-end` (bytes → mirror text); `unnamed` runs it over the same
//! pages with their chrome renamed (`tests/support/renamed.rs`), as the `unnamed-chrome-bytes`
//! bench group does. See benches/README.md.

#[path = "../tests/support/renamed.rs"]
mod renamed;

#[path = "../benches/support/corpus.rs"]
mod corpus;
use corpus::corpus;

use newsmirror::{ExtractOptions, Format, RenderOptions, extract, render};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stage = args.first().map_or("end-to-end", String::as_str);
    let unnamed = args.iter().any(|a| a == "unnamed");
    let rounds: usize = args
        .iter()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(1);
    let mut pages = corpus();
    if unnamed {
        pages = pages
            .iter()
            .map(|p| {
                renamed::rename_chrome(std::str::from_utf8(p).expect("UTF-8 fixtures")).into_bytes()
            })
            .collect();
    }
    let whole = ExtractOptions::default().with_whole_page(true);
    let options = RenderOptions::default();
    let mut out = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            out += match stage {
                "load" => p.len(),
                "bare-parse" => {
                    let text = std::str::from_utf8(p).expect("UTF-8 fixtures");
                    scraper::Html::parse_document(text).tree.nodes().count()
                }
                "extract" => extract(p, &ExtractOptions::default())
                    .expect("an article")
                    .body
                    .len(),
                "extract-whole-page" => extract(p, &whole).expect("an article").body.len(),
                "end-to-end" => {
                    let a = extract(p, &ExtractOptions::default()).expect("an article");
                    render::to_string(&a, Format::Mirror, &options)
                        .expect("a mirror file")
                        .len()
                }
                other => panic!("unknown stage {other}"),
            };
        }
    }
    println!("{stage}: {} pages, {out}", pages.len());
}
