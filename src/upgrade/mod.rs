//! Upgrading existing mirror files: read a file of any generation ([`MirrorFile`]), render it
//! again with the current renderer, repaired.
//!
//! What the upgrade gives a file: the current header, right column, footer and QR service
//! (quickchart.io) under the current account; real `<a href>` links, rewritten into the mirror
//! where the link map knows the page; images without the broken `b=` (the model keeps no image
//! dimensions, see [`crate::read`]); each video or tweet as one block from the current template
//! that links to the original article; no `///image2=` or ```` ```diff ```` leaks, no stale
//! `920513` related list. The file's own editor picks are kept (moved to the current account).
//!
//! What it cannot give: characters the old generator wrote as `?` stay `?`
//! ([`Upgrade::lost_chars`] counts them), and nothing the old file did not hold comes back (an
//! embedded player's URL where the old block replaced it, image heights).
//!
//! An upgrade is idempotent: upgrading its output gives the same bytes ([`Upgrade::changed`] is
//! `false`), because reading the current renderer's output gives back the model it was rendered
//! from.
//!
//! [`upgrade_dir`] upgrades a whole mirror directory in place (with the default `batch`
//! feature): `newsmirror upgrade` is that function plus its printing.

#[cfg(feature = "batch")]
mod dir;

#[cfg(feature = "batch")]
pub use dir::{
    FileReport, FileStatus, Findings, UpgradeOptions, UpgradeSummary, upgrade_dir, upgrade_dir_with,
};

use crate::error::Result;
use crate::read::{Defects, Generation, MirrorFile};
use crate::render::{self, Format, RenderOptions};

/// The result of upgrading one mirror file.
#[derive(Debug, Clone, PartialEq)]
pub struct Upgrade {
    /// The file in the current format.
    pub output: String,
    /// `output` differs from the input.
    pub changed: bool,
    /// The generation the input was written in.
    pub generation: Generation,
    /// The damage found in the input and repaired.
    pub defects: Defects,
    /// Characters the old generator lost to `?` (they stay; an estimate, see
    /// [`crate::read::lost_chars`]).
    pub lost_chars: usize,
}

/// Upgrades one mirror file (its text) to the current format, repaired.
///
/// `options` are those of the current mirror (link map, templates, image policy, charset);
/// the editor picks are always the file's own (`options.mirror.picks` is not used), or drawn
/// from the pool when the file lists none. Errors are those of [`MirrorFile::parse_with`] and of
/// the renderer.
///
/// ```
/// use newsmirror::upgrade::upgrade;
///
/// let page = std::fs::read("fixtures/epochtimes/djy-gb-news.html")?;
/// let article = newsmirror::extract(&page, &Default::default())?;
/// let options = newsmirror::RenderOptions::default();
/// let current = newsmirror::render::to_string(&article, Default::default(), &options)?;
/// // The old generator's placeholder leak after the lead image:
/// let old = current.replacen("\" />\n<h6>", "\" />///image2=\n<h6>", 1);
/// assert_ne!(old, current);
///
/// let up = upgrade(&old, &options)?;
/// assert!(up.changed);
/// assert_eq!(up.defects.count(newsmirror::read::Defect::Image2Leak), 1);
/// assert_eq!(up.output, current);
/// assert!(!upgrade(&up.output, &options)?.changed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn upgrade(text: &str, options: &RenderOptions) -> Result<Upgrade> {
    let file = MirrorFile::parse_with(text, &options.links)?;
    let mut options = options.clone();
    options.mirror.picks = (!file.picks.is_empty()).then_some(file.picks);
    let output = render::to_string(&file.article, Format::Mirror, &options)?;
    Ok(Upgrade {
        changed: output != text,
        output,
        generation: file.generation,
        defects: file.defects,
        lost_chars: file.lost_chars,
    })
}
