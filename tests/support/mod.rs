//! Helpers of the golden corpus test (`tests/corpus.rs`), and only of it.
//!
//! Nothing here holds real text: every real string is read from the shared corpus at test time.

pub mod blocks;
pub mod goodnews;
pub mod legacy;
pub mod links;
pub mod mirror;
#[allow(dead_code)] // used by tests/ntdtv_corpus.rs only
pub mod ntdtv;
pub mod page;

use std::path::{Path, PathBuf};

/// Where the real material lives: `$NEWSMIRROR_CORPUS`, else `../shared` next to the crate.
/// `None` (after printing one line) when it is absent; a panic instead when `CI=true`.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("NEWSMIRROR_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    let present = dir.join(REFERENCE_MIRROR).is_file() && dir.join("pairs").is_dir();
    if present {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "real corpus not found at {} (CI=true: the golden corpus is required; set NEWSMIRROR_CORPUS)",
            dir.display()
        );
    }
    eprintln!(
        "skipping corpus test: real corpus not found at {} (set NEWSMIRROR_CORPUS to run it)",
        dir.display()
    );
    None
}

/// The reference article's real mirror file, relative to the corpus root.
pub const REFERENCE_MIRROR: &str = "mirror-samples/gb-25-8-20-n14577375.md";

/// Reads a corpus file as UTF-8, naming the file on failure.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `true` when `c` has no GBK code (the mirror generator writes such characters as `?`).
pub fn outside_gbk(c: char) -> bool {
    let mut buf = [0u8; 4];
    let s = c.encode_utf8(&mut buf);
    let (_, _, unmappable) = encoding_rs::GBK.encode(s);
    unmappable
}

/// At most `n` characters of `s`, with an ellipsis when cut, on one line.
pub fn preview(s: &str, n: usize) -> String {
    let one_line = s.replace('\n', "\\n").replace('\t', "\\t");
    let mut out: String = one_line.chars().take(n).collect();
    if one_line.chars().count() > n {
        out.push('…');
    }
    out
}
