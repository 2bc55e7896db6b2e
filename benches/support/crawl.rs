//! A crawl for the batch benches: the fixture articles, each copied under new ids (the id in
//! every link to the article rewritten), so that every page is a distinct article of its own.
//! Shared by `benches/batch.rs` and `benches/memory.rs` (`#[path]`, not a bench target).

use std::path::{Path, PathBuf};

use newsmirror::ExtractOptions;

/// The fixture articles (pages that convert): file stem, bytes, article id.
pub fn articles() -> Vec<(String, Vec<u8>, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            let article = newsmirror::extract(&bytes, &ExtractOptions::default()).ok()?;
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            Some((stem, bytes, article.id))
        })
        .collect()
}

/// Pages per directory of the crawl, as a crawl saved by date has a directory per day (a
/// run holds the listing of the directory it walks: the size of a directory, not of the crawl).
const PER_DIR: usize = 100;

/// Writes at least `pages` pages (whole rounds of the fixture articles) under `dir/in`: a
/// directory per fixture, a subdirectory per [`PER_DIR`] copies; returns the input directory
/// and the number of pages.
pub fn write(dir: &Path, pages: usize) -> (PathBuf, usize) {
    let input = dir.join("in");
    let articles = articles();
    let copies = pages.div_ceil(articles.len());
    for (stem, bytes, id) in &articles {
        let text = std::str::from_utf8(bytes).expect("the fixture articles are UTF-8");
        let old = format!("/{id}.htm");
        for copy in 0..copies {
            let sub = input.join(stem).join(format!("{:03}", copy / PER_DIR));
            if copy % PER_DIR == 0 {
                std::fs::create_dir_all(&sub).unwrap();
            }
            let page = text.replace(&old, &format!("/{id}{copy:05}.htm"));
            std::fs::write(sub.join(format!("{copy:05}.html")), page).unwrap();
        }
    }
    (input, copies * articles.len())
}
