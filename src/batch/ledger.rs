//! What the settling thread keeps of every page, on disk: the new manifest, the claimed output
//! stems, the linked articles and the images.

use std::io::Write;
use std::path::Path;

use super::atomic;
use super::claims::Claims;
use super::manifest::{Entry, Journal};
use super::spill::Spill;
use crate::error::{Error, Result};

/// What the settling thread keeps on disk, or in a bounded amount of memory, as pages are
/// settled: nothing of it grows in memory with the number of pages.
pub(super) struct Ledger {
    /// The new manifest.
    pub(super) journal: Journal,
    /// Output stem → the offset of its owner's line in the journal.
    pub(super) claims: Claims,
    /// Linked article URL → its mirror path, with the number of pages that link to it.
    pub(super) links: Spill,
    /// Image URL → its path in the image mirror (with an image mirror).
    pub(super) images: Option<Spill>,
}

/// Memory for the links (and for the images) gathered before they are spilled to disk.
pub(super) const SPILL_BUDGET: usize = 4 << 20;

impl Ledger {
    /// Records a page that stands (converted or unchanged): its manifest line, its claim, its
    /// images.
    pub(super) fn record(&mut self, entry: &Entry) -> Result<()> {
        let offset = self.journal.append(entry)?;
        self.claims.insert(&entry.stem, offset)?;
        self.keep_images(entry)
    }

    pub(super) fn keep_images(&mut self, entry: &Entry) -> Result<()> {
        if let Some(images) = &mut self.images {
            for (src, path) in &entry.images {
                images.add(src, path, 1)?;
            }
        }
        Ok(())
    }

    /// The input that claimed `entry`'s output stem earlier in this run, if one did.
    pub(super) fn owner(&mut self, entry: &Entry) -> Result<Option<String>> {
        let mut owner = None;
        let journal = &mut self.journal;
        self.claims.owner(&entry.stem, |offset| {
            let claimed = journal.entry_at(offset)?;
            let same = claimed.stem == entry.stem;
            if same {
                owner = Some(claimed.input);
            }
            Ok(same)
        })?;
        Ok(owner)
    }
}

/// Writes the images list `images.tsv` (or, without an image mirror, removes it); returns the
/// number of images.
pub(super) fn write_images(state: &Path, images: Option<Spill>, durable: bool) -> Result<usize> {
    let path = state.join("images.tsv");
    let Some(images) = images else {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::Io { path, source: e })
            }
            _ => Ok(0),
        };
    };
    let mut count = 0;
    let mut failed = None;
    atomic::write_file_with(&path, durable, |file| {
        let mut out = std::io::BufWriter::with_capacity(64 << 10, file);
        for image in images.into_sorted().map_err(std::io::Error::other)? {
            let (src, mirror_path, _) = match image {
                Ok(image) => image,
                Err(e) => {
                    failed = Some(e);
                    return Err(std::io::Error::other("reading the images"));
                }
            };
            writeln!(out, "{src}\t{mirror_path}")?;
            count += 1;
        }
        out.flush()
    })
    .map_err(|e| failed.take().unwrap_or(e))?;
    Ok(count)
}
