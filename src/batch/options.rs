//! The options of a run: the outputs written per page, and everything else a run is told.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::{UrlList, manifest};
use crate::error::{Error, Result};
use crate::render::{Format, RenderOptions};

/// One output file per page: a format and the extension its files get.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Output {
    /// The format.
    pub format: Format,
    /// The extension, without the dot: `md` gives `gb/25/8/20/n14577375.md`.
    pub extension: String,
}

impl Output {
    /// `format` with its default extension ([`Output::default_extension`]).
    pub fn new(format: Format) -> Output {
        Output {
            format,
            extension: Output::default_extension(format).into(),
        }
    }

    /// `format` with the extension `extension` (without the dot; checked when a run starts:
    /// 1–16 lower-case letters, digits and inner dots, each output's its own).
    pub fn with_extension(format: Format, extension: impl Into<String>) -> Output {
        Output {
            format,
            extension: extension.into(),
        }
    }

    /// `md` for the mirror file (the mirror's own paths), `markdown` for CommonMark (so that it
    /// does not collide with the mirror file), `json` for JSON.
    pub fn default_extension(format: Format) -> &'static str {
        match format {
            Format::Mirror => "md",
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }
}

/// Options of a run. `BatchOptions::default()` writes the mirror file exactly as
/// `newsmirror convert` does, on all cores.
///
/// The type will grow: build it from [`BatchOptions::default`] and set the fields.
///
/// ```
/// use newsmirror::Format;
/// use newsmirror::batch::{BatchOptions, Output};
///
/// let mut options = BatchOptions::default();
/// options.jobs = Some(4);
/// options.outputs.push(Output::new(Format::Json));
/// options.outputs.push(Output::with_extension(Format::Markdown, "md.txt"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BatchOptions {
    /// How pages are rendered (link map, templates, picks, image policy).
    pub render: RenderOptions,
    /// The files written per page; the first one's extension is also the one looked for when
    /// deciding whether a linked article is missing from the mirror.
    pub outputs: Vec<Output>,
    /// Worker threads; `None` uses one per core.
    pub jobs: Option<usize>,
    /// Convert every page, whatever the manifest says.
    pub force: bool,
    /// Also read gzip-compressed pages (`.htm.gz`, `.html.gz`).
    pub gzip: bool,
    /// URLs for pages that do not name theirs.
    pub urls: UrlList,
    /// Flush every file (outputs, manifest) to disk before renaming it into place, and the
    /// directories after: the tree then survives a power cut, not only a kill. On by default.
    /// The outputs are flushed a group of pages at a time ([`commit_pages`]).
    ///
    /// [`commit_pages`]: BatchOptions::commit_pages
    pub durable: bool,
    /// With [`durable`], the most pages whose files are flushed to disk together (group
    /// commit): their files are flushed, renamed into place, their directories flushed, and
    /// only then are they recorded in the manifest and reported to the [`Progress`]. Larger
    /// groups share the flushes among more pages; a group holds the names of its pages'
    /// temporary files and their manifest entries, never their bytes. At least 1; default 32.
    ///
    /// [`durable`]: BatchOptions::durable
    /// [`Progress`]: super::Progress
    pub commit_pages: usize,
    /// With [`durable`], the longest a settled page waits for its group to fill before the
    /// group is committed anyway (looked at as pages are settled). Default 200 ms.
    ///
    /// [`durable`]: BatchOptions::durable
    pub commit_wait: std::time::Duration,
    /// Pages larger than this (after decompression) fail as
    /// [`FailureKind::TooLarge`](super::FailureKind::TooLarge).
    pub max_page_bytes: u64,
    /// Set it to stop the run: pages in progress are finished, no new one is started, the
    /// manifest is written and [`Summary::interrupted`](super::Summary::interrupted) is set.
    pub stop: Option<Arc<AtomicBool>>,
    /// The directory below the output directory that holds each site's mirror tree, by site id
    /// (`"ntdtv"` → `"ntdtv"`); see [`BatchOptions::root_of`] for a site not listed.
    pub roots: BTreeMap<String, String>,
}

impl BatchOptions {
    /// Where `site`'s mirror files go, relative to the output directory: the [`roots`] entry of
    /// its id; else the output directory itself for the default site
    /// ([`crate::sites::DEFAULT`], the Epoch Times: what a one-site crawl always wrote) and a
    /// directory named after its mirror (`ntdtv/`) for any other, so that one site's files never
    /// land in another's tree.
    ///
    /// [`roots`]: BatchOptions::roots
    pub fn root_of(&self, site: &crate::sites::SiteProfile) -> String {
        if let Some(root) = self.roots.get(site.id) {
            return root.trim_matches('/').to_string();
        }
        if site == crate::sites::DEFAULT {
            String::new()
        } else {
            site.mirror.map_or(site.id, |m| m.name).to_string()
        }
    }
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            render: RenderOptions::default(),
            outputs: vec![Output::new(Format::Mirror)],
            jobs: None,
            force: false,
            gzip: true,
            urls: UrlList::new(),
            durable: true,
            commit_pages: 32,
            commit_wait: std::time::Duration::from_millis(200),
            max_page_bytes: 64 << 20,
            stop: None,
            roots: BTreeMap::new(),
        }
    }
}

/// Everything that shapes the output, hashed with the version: a change redoes every page.
pub(crate) fn fingerprint(options: &BatchOptions) -> String {
    manifest::hash(
        format!(
            "newsmirror {}\n{:?}\n{:?}{}",
            env!("CARGO_PKG_VERSION"),
            options.render,
            options.outputs,
            // (only when set, so that a run without roots keeps its manifest)
            if options.roots.is_empty() {
                String::new()
            } else {
                format!("\n{:?}", options.roots)
            }
        )
        .as_bytes(),
    )
}

/// Checks the outputs of a run: at least one, each extension plain (no path in it) and used once.
pub(crate) fn check_outputs(outputs: &[Output]) -> Result<()> {
    if outputs.is_empty() {
        return Err(Error::Config("no output format".into()));
    }
    for (i, o) in outputs.iter().enumerate() {
        let ext = &o.extension;
        let plain = !ext.is_empty()
            && ext.len() <= 16
            && !ext.starts_with('.')
            && !ext.ends_with('.')
            && ext
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.');
        if !plain {
            return Err(Error::Config(format!(
                "extension {ext:?}: use 1–16 lower-case letters, digits and inner dots (md, json)"
            )));
        }
        if outputs[..i].iter().any(|p| p.extension == *ext) {
            return Err(Error::Config(format!(
                "two outputs with the extension {ext:?}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_extensions_are_checked() {
        assert!(check_outputs(&[Output::new(Format::Mirror)]).is_ok());
        assert!(
            check_outputs(&[
                Output::new(Format::Mirror),
                Output::new(Format::Markdown),
                Output::new(Format::Json)
            ])
            .is_ok()
        );
        for bad in [
            "",
            ".md",
            "md.",
            "../x",
            "a/b",
            "MD",
            "x y",
            "abcdefghijklmnopq",
        ] {
            let o = Output {
                format: Format::Mirror,
                extension: bad.into(),
            };
            assert!(check_outputs(&[o]).is_err(), "{bad:?}");
        }
        assert!(check_outputs(&[]).is_err());
        let twice = [
            Output::new(Format::Mirror),
            Output {
                format: Format::Json,
                extension: "md".into(),
            },
        ];
        assert!(check_outputs(&twice).is_err());
    }
}
