//! Reviewed snapshots of every fixture page: its JSON model and its mirror file.
//!
//! The mirror snapshot holds the article part of the file; the fixed header and right column are
//! checked byte for byte against the template data instead of being repeated in every snapshot.

use std::path::{Path, PathBuf};

use newsmirror::{Error, ExtractOptions, Format, RenderOptions, extract, render};

fn fixtures() -> Vec<PathBuf> {
    ["fixtures/epochtimes", "fixtures/legacy", "fixtures/other"]
        .into_iter()
        .flat_map(fixtures::html_pages)
        .collect()
}

#[path = "support/fixtures.rs"]
mod fixtures;

fn name(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The URL to give pages that do not name their own (old pages never do: `fixtures/legacy/urls.txt`).
fn given_url(name: &str) -> Option<String> {
    if name == "djy-gb-no-canonical" {
        return Some("https://www.epochtimes.com/gb/18/3/20/n10230001.htm".to_string());
    }
    let urls = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legacy/urls.txt"),
    )
    .expect("fixtures/legacy/urls.txt");
    urls.lines().find_map(|l| {
        let (file, url) = l.split_once('\t')?;
        (file.strip_suffix(".html") == Some(name)).then(|| url.trim().to_string())
    })
}

fn template(file: &str) -> String {
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("templates/djy")
            .join(file),
    )
    .unwrap();
    raw.split_once("#}\n")
        .expect("provenance line")
        .1
        .to_string()
}

#[test]
fn every_fixture() {
    let header = template("header.html");
    let right = template("right-column.html");
    let pages = fixtures();
    assert!(
        pages.len() >= 36,
        "expected at least 36 fixture pages, found {}",
        pages.len()
    );
    for page in pages {
        let name = name(&page);
        let bytes = std::fs::read(&page).unwrap();
        let mut options = ExtractOptions::default();
        options.url = given_url(&name);
        let result = extract(&bytes, &options);
        if name.starts_with("section-") || name.starts_with("tag-") {
            assert!(
                matches!(result, Err(Error::NotAnArticle { .. })),
                "{name}: {result:?}"
            );
            continue;
        }
        let article = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let options = RenderOptions::default();
        let json = render::to_string(&article, Format::Json, &options).unwrap();
        insta::assert_snapshot!(format!("{name}.json"), json);
        if article.site != newsmirror::Site::Epochtimes {
            // Another site's article has no place in the mirror.
            assert!(matches!(
                render::to_string(&article, Format::Mirror, &options),
                Err(Error::NotMirrorable { .. })
            ));
            let markdown = render::to_string(&article, Format::Markdown, &options).unwrap();
            insta::assert_snapshot!(format!("{name}.md"), markdown);
            continue;
        }
        let mirror = render::to_string(&article, Format::Mirror, &options).unwrap();
        assert!(mirror.starts_with(&header), "{name}: header differs");
        assert!(mirror.ends_with(&right), "{name}: right column differs");
        assert!(
            !mirror.contains("\n\n"),
            "{name}: a blank line would end GitHub's HTML block"
        );
        let part = &mirror[header.len()..mirror.len() - right.len()];
        insta::assert_snapshot!(format!("{name}.mirror"), part);
        let markdown = render::to_string(&article, Format::Markdown, &options).unwrap();
        insta::assert_snapshot!(format!("{name}.md"), markdown);
    }
}

#[test]
fn a_page_without_a_url_needs_one() {
    let page =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes/djy-gb-no-canonical.html");
    let bytes = std::fs::read(page).unwrap();
    assert!(matches!(
        extract(&bytes, &ExtractOptions::default()),
        Err(Error::NoUrl { .. })
    ));
}
