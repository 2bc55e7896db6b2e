//! The fixture corpus of the `convert` bench: every Epoch Times article fixture (`djy-*`,
//! `new-*`) but the one without a canonical URL, in name order. Shared by `benches/convert.rs`
//! and `examples/profile.rs`, so the profile counts what the bench times.

use std::path::Path;

/// The corpus pages' bytes.
pub fn corpus() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes");
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .expect("the fixture directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".html") && (name.starts_with("djy-") || name.starts_with("new-"))
        })
        .filter(|p| !p.to_string_lossy().contains("no-canonical"))
        .collect();
    pages.sort();
    pages
        .into_iter()
        .map(|p| std::fs::read(p).expect("a fixture page"))
        .collect()
}
