//! The project's own fixture pages, for the test crates that go over them (included with
//! `#[path]`, as `regressions/oracle.rs` is, so that each crate takes only this file).

use std::path::{Path, PathBuf};

/// The `.html` pages of a fixture directory (relative to the crate root), sorted by path.
pub fn html_pages(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}
