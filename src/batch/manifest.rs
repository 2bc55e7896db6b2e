//! The manifest: what each input was when it was converted, and what it produced.
//!
//! `OUT_DIR/.newsmirror/manifest.json`, written atomically (during a run every few seconds, and
//! at its end):
//!
//! ```json
//! {
//!   "version": 1,
//!   "generator": "newsmirror 0.1.0",
//!   "fingerprint": "…64 hex digits…",
//!   "pages": {
//!     "legacy/a.html": {
//!       "hash": "…64 hex digits: BLAKE3 of the input file's bytes…",
//!       "url": "https://www.epochtimes.com/gb/1/6/8/n86001.htm",
//!       "given_url": "https://www.epochtimes.com/gb/1/6/8/n86001.htm",
//!       "stem": "gb/1/6/8/n86001",
//!       "outputs": ["gb/1/6/8/n86001.md"],
//!       "images": [["https://i.epochtimes.com/a.jpg", "i.epochtimes.com/a.jpg"]]
//!     }
//!   }
//! }
//! ```
//!
//! Keys are input paths relative to the input directory, `/`-separated. The fingerprint is a
//! hash of the newsmirror version and of everything that shapes the output (rendering options,
//! templates, picks pool, formats and extensions): when it changes, every page is converted
//! again. Failed pages have no entry, so they are tried again on every run.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// The manifest format this version writes and reads.
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub version: u32,
    pub generator: String,
    pub fingerprint: String,
    pub pages: BTreeMap<String, Entry>,
}

/// What one input produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// BLAKE3 of the input file's bytes (as stored: compressed for `.gz`), hex.
    pub hash: String,
    /// The article's canonical URL.
    pub url: String,
    /// The URL given for the page (`--urls`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_url: Option<String>,
    /// The output path without extension, relative to the output directory: what two inputs
    /// conflict on.
    pub stem: String,
    /// The files written, relative to the output directory.
    pub outputs: Vec<String>,
    /// (original URL, image-mirror path) of every mirrored image.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<(String, String)>,
}

/// Why an existing manifest was not used.
pub(crate) enum Loaded {
    Used(Manifest),
    /// No manifest (first run).
    None,
    /// Unreadable or of another version or fingerprint: the reason.
    Discarded(String),
}

pub(crate) fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

impl Manifest {
    #[cfg(test)]
    pub(crate) fn new(fingerprint: String) -> Manifest {
        Manifest {
            version: VERSION,
            generator: format!("newsmirror {}", env!("CARGO_PKG_VERSION")),
            fingerprint,
            pages: BTreeMap::new(),
        }
    }

    /// Reads the manifest at `path`, usable only when it has this version and `fingerprint`.
    pub(crate) fn load(path: &Path, fingerprint: &str) -> Loaded {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::None,
            Err(e) => return Loaded::Discarded(format!("unreadable ({e})")),
        };
        let manifest: Manifest = match serde_json::from_slice(&bytes) {
            Ok(m) => m,
            Err(e) => return Loaded::Discarded(format!("not a manifest ({e})")),
        };
        if manifest.version != VERSION {
            return Loaded::Discarded(format!("format version {}", manifest.version));
        }
        if manifest.fingerprint != fingerprint {
            return Loaded::Discarded(
                "written with other options or another newsmirror version".into(),
            );
        }
        Loaded::Used(manifest)
    }
}

/// Writes a manifest of `pages` (input key, entry; each key once) to `path` atomically (flushed
/// to disk when `durable`). The JSON is streamed to the file from the entries where they are:
/// neither a copy of them nor the text is ever held in memory whole.
pub(crate) fn save<'a, K, I>(path: &Path, fingerprint: &str, pages: I, durable: bool) -> Result<()>
where
    K: Serialize,
    I: Iterator<Item = (K, &'a Entry)> + Clone,
{
    let manifest = Written {
        version: VERSION,
        generator: format!("newsmirror {}", env!("CARGO_PKG_VERSION")),
        fingerprint,
        pages: Pages(pages),
    };
    super::atomic::write_file_with(path, durable, |file| {
        let mut out = std::io::BufWriter::with_capacity(64 << 10, file);
        serde_json::to_writer_pretty(&mut out, &manifest)?;
        out.write_all(b"\n")?;
        out.flush()
    })
}

/// The manifest as written: [`Manifest`]'s fields, the pages borrowed.
#[derive(Serialize)]
struct Written<'a, P> {
    version: u32,
    generator: String,
    fingerprint: &'a str,
    pages: P,
}

/// Pages serialized as a JSON object straight from an iterator.
struct Pages<I>(I);

impl<'a, K, I> Serialize for Pages<I>
where
    K: Serialize,
    I: Iterator<Item = (K, &'a Entry)> + Clone,
{
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        assert!(matches!(Manifest::load(&path, "f"), Loaded::None));
        let mut m = Manifest::new("f".into());
        m.pages.insert(
            "a.html".into(),
            Entry {
                hash: hash(b"page"),
                url: "https://www.epochtimes.com/gb/1/6/8/n86001.htm".into(),
                given_url: None,
                stem: "gb/1/6/8/n86001".into(),
                outputs: vec!["gb/1/6/8/n86001.md".into()],
                images: vec![],
            },
        );
        let pages = m.pages.iter().map(|(k, e)| (k.as_str(), e));
        save(&path, "f", pages, true).unwrap();
        let Loaded::Used(back) = Manifest::load(&path, "f") else {
            panic!("manifest not used");
        };
        assert_eq!(back.pages, m.pages);
        assert!(matches!(Manifest::load(&path, "g"), Loaded::Discarded(_)));
        std::fs::write(&path, "{").unwrap();
        assert!(matches!(Manifest::load(&path, "f"), Loaded::Discarded(_)));
        assert_eq!(hash(b"page").len(), 64);
    }
}
