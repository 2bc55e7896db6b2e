//! One page, on a worker thread: read, hashed, and (unless unchanged) converted into temporary
//! files beside its outputs, ready to be settled.

use std::collections::BTreeMap;
use std::path::Path;

use url::Url;

use super::archive;
use super::manifest::{self, Entry};
use super::outdir::{Dirs, Ready};
use super::walk::{self, Input};
use super::{BatchOptions, FailureKind, report, safe_relative_path};
use crate::error::Error;
use crate::listing::model::{Listing, Page};
use crate::render::{self, ImagePolicy};
use crate::{Article, Block, ExtractOptions};

/// What a worker made of a page.
pub(super) enum Work {
    /// The last run's entry stands.
    Unchanged(Entry),
    Converted {
        entry: Entry,
        /// Per output, in order: its new bytes in a temporary file beside it (or, when the
        /// target already holds exactly these bytes, nothing written), to be committed with
        /// the others of its group.
        files: Vec<Ready>,
        links: BTreeMap<String, String>,
    },
    Failed(FailureKind, String),
}

/// Everything a worker needs, shared.
pub(super) struct Context<'a> {
    pub(super) options: &'a BatchOptions,
    pub(super) out_dir: &'a Path,
    /// The input directory.
    pub(super) in_dir: &'a Path,
    pub(super) dirs: Dirs,
}

impl Context<'_> {
    /// Reads, hashes and (unless unchanged) converts one page into temporary files; `key` is
    /// its manifest key, `old` the last run's entry of the page.
    pub(super) fn work(&self, input: &Input, key: String, old: Option<Entry>) -> Work {
        let options = self.options;
        let path = self.in_dir.join(&input.rel);
        let walk::Page { raw, inflated } =
            match walk::read_page(&path, input, options.max_page_bytes) {
                Ok(page) => page,
                Err((kind, e)) => return Work::Failed(kind, e.to_string()),
            };
        let hash = manifest::hash(&raw);
        let given = options.urls.get(&path).map(str::to_string);
        if let Some(old) = old.filter(|old| self.unchanged(old, &hash, &given)) {
            return Work::Unchanged(old);
        }
        let page = inflated.as_deref().unwrap_or(&raw);
        let extract = ExtractOptions {
            url: given.clone(),
            ..Default::default()
        };
        match self.convert(key, page, hash, given, &extract) {
            Ok(work) => work,
            Err((kind, e)) => Work::Failed(kind, e.to_string()),
        }
    }

    /// [`Context::work`] for a page record of a web archive: its failures name the record.
    pub(super) fn work_record(
        &self,
        record: archive::Record,
        key: String,
        old: Option<Entry>,
    ) -> Work {
        let page = match &record.page {
            Ok(page) => page,
            Err((kind, message)) => {
                return Work::Failed(*kind, format!("{}: {message}", record.locator()));
            }
        };
        let hash = archive::hash(page);
        if let Some(old) = old.filter(|old| self.unchanged(old, &hash, &None)) {
            return Work::Unchanged(old);
        }
        match self.convert(key, &page.body, hash, None, &page.extract_options()) {
            Ok(work) => work,
            Err((kind, e)) => Work::Failed(kind, format!("{}: {e}", record.locator())),
        }
    }

    /// Does the last run's entry stand: the same input bytes and given URL, every output still
    /// there (and no `force`)?
    fn unchanged(&self, old: &Entry, hash: &str, given: &Option<String>) -> bool {
        !self.options.force
            && old.hash == hash
            && old.given_url == *given
            && old.outputs.iter().all(|o| {
                safe_relative_path(o).is_ok_and(|rel| {
                    std::fs::symlink_metadata(self.out_dir.join(rel)).is_ok_and(|m| m.is_file())
                })
            })
    }

    fn convert(
        &self,
        input: String,
        page: &[u8],
        hash: String,
        given: Option<String>,
        extract: &ExtractOptions,
    ) -> std::result::Result<Work, walk::Failed> {
        let options = self.options;
        // Any page of the site: an article, or a list page (its list file goes beside the
        // articles, at the list's own path: `gb/nsc413.md`, `gb/nsc413_2.md`).
        let page =
            crate::extract_page(page, extract).map_err(|e| (FailureKind::of_extract(&e), e))?;
        let (url, mirror_path, links, images) = match &page {
            Page::Article(article) => {
                let not_mirrorable = || {
                    (
                        FailureKind::NotMirrorable,
                        Error::NotMirrorable {
                            url: article.url.clone(),
                        },
                    )
                };
                // The path the article's site's URL grammar gives it.
                let mirror_path = Url::parse(&article.url)
                    .ok()
                    .and_then(|u| options.render.links.classify(&u))
                    .filter(|t| t.page.is_article())
                    .ok_or_else(not_mirrorable)?
                    .page
                    .mirror_path;
                (
                    article.url.clone(),
                    mirror_path,
                    // Rooted already: each link in its own site's tree.
                    report::article_links(article, |s| options.root_of(s)),
                    images_of(article, &options.render.images),
                )
            }
            Page::Listing(listing) => (
                listing.url.clone(),
                listing.mirror_path(),
                // A list links its own site's articles: rooted below, in the list's own tree.
                report::listing_links(listing),
                thumbnails_of(listing, &options.render.images),
            ),
        };
        // Each site's files go into its own tree ([`BatchOptions::root_of`]).
        let root = Url::parse(&url)
            .ok()
            .and_then(|u| options.render.links.classify(&u))
            .map_or_else(String::new, |t| options.root_of(t.site));
        let in_root = |path: &str| match root.as_str() {
            "" => path.to_string(),
            r => format!("{r}/{path}"),
        };
        // An article's links are rooted already, each in its own site's tree.
        let links = match &page {
            Page::Listing(_) => links
                .into_iter()
                .map(|(url, path)| (url, in_root(&path)))
                .collect(),
            _ => links,
        };
        let stem = in_root(mirror_path.strip_suffix(".md").ok_or_else(|| {
            (
                FailureKind::NotMirrorable,
                Error::NotMirrorable { url: url.clone() },
            )
        })?);
        let unsafe_path = |e| (FailureKind::UnsafePath, e);
        let mut outputs = Vec::with_capacity(options.outputs.len());
        let mut files = Vec::with_capacity(options.outputs.len());
        for output in &options.outputs {
            let rel_name = format!("{stem}.{}", output.extension);
            let rel = safe_relative_path(&rel_name).map_err(unsafe_path)?;
            let mut bytes = Vec::with_capacity(64 << 10);
            render::render_page(&page, output.format, &options.render, &mut bytes)
                .map_err(|e| (FailureKind::Render, e))?;
            let dir = self
                .dirs
                .ensure(rel.parent().unwrap_or(Path::new("")))
                .map_err(|e| match e {
                    e @ Error::UnsafePath { .. } => (FailureKind::UnsafePath, e),
                    e => (FailureKind::Write, e),
                })?;
            let name = rel.file_name().unwrap_or_default();
            let ready = dir
                .prepare(name, &bytes)
                .map_err(|e| (FailureKind::Write, e))?;
            files.push(ready);
            outputs.push(rel_name);
        }
        Ok(Work::Converted {
            links,
            entry: Entry {
                input,
                hash,
                url,
                given_url: given,
                stem,
                outputs,
                images,
            },
            files,
        })
    }
}

/// Runs a page's work; if it panics (a bug: nothing a page holds should make newsmirror panic),
/// the page fails as [`FailureKind::Internal`] and the run goes on.
pub(super) fn guarded(work: impl FnOnce() -> Work) -> Work {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("a panic");
        Work::Failed(
            FailureKind::Internal,
            format!("newsmirror failed on this page ({what}); please report it"),
        )
    })
}

/// (original, mirror path) of the article's mirrored images: lead image and figures.
fn images_of(article: &Article, policy: &ImagePolicy) -> Vec<(String, String)> {
    let lead = article.lead_image.iter().map(|l| l.src.as_str());
    let figures = article.body.iter().filter_map(|b| match b {
        Block::Figure { src, .. } => Some(src.as_str()),
        _ => None,
    });
    let mut images: Vec<(String, String)> = Vec::new();
    for src in lead.chain(figures) {
        if let Some(path) = policy.mirror_path(src) {
            if !images.iter().any(|(s, _)| s == src) {
                images.push((src.to_string(), path));
            }
        }
    }
    images
}

/// (original, mirror path) of a list page's mirrored thumbnails.
fn thumbnails_of(listing: &Listing, policy: &ImagePolicy) -> Vec<(String, String)> {
    let mut images: Vec<(String, String)> = Vec::new();
    for src in listing.all_items().filter_map(|i| i.thumbnail.as_deref()) {
        if let Some(path) = policy.mirror_path(src) {
            if !images.iter().any(|(s, _)| s == src) {
                images.push((src.to_string(), path));
            }
        }
    }
    images
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_page_fails_as_internal() {
        let work = guarded(|| panic!("index out of bounds"));
        let Work::Failed(kind, message) = work else {
            panic!("not a failure");
        };
        assert_eq!(kind, FailureKind::Internal);
        assert!(message.contains("index out of bounds"), "{message}");
        assert!(matches!(
            guarded(|| Work::Failed(FailureKind::Read, String::new())),
            Work::Failed(FailureKind::Read, _)
        ));
    }
}
