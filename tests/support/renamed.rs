//! Fixture pages with their chrome under names no site table knows: the menus, sidebar boxes,
//! digests and footer that the Epoch Times chrome rules name (`nav`, `footer`, `div.box`,
//! `div#more_news`…) renamed to what a new theme might call them (`div`, `div.w-box`,
//! `div#w-more_news`…), as a theme change of the site would. Everything else, the story and what
//! the extractor reads outside it, keeps its names. (Included with `#[path]` by the test crates
//! and the benches that compare named and unnamed chrome.)

use regex::{Captures, Regex};

/// The classes of the chrome rules (`tag.class`).
const CLASSES: &[&str] = &["site_header", "left-off-canvas-menu", "box", "tabs_box"];
/// The ids of the chrome rules (`tag#id`).
const IDS: &[&str] = &[
    "head",
    "breaking_news",
    "focus_are",
    "more_news",
    "comments",
    "section_digest",
    "frontpage_news_video",
    "frontpage_recommend_video",
];

/// `page` with the chrome the Epoch Times rules name renamed: `<nav>` and `<footer>` become
/// `<div>`, the named classes and ids get a `w-` prefix.
pub fn rename_chrome(page: &str) -> String {
    let tags = Regex::new(r"(?i)<(/?)(nav|footer)\b").expect("a regex");
    let page = tags.replace_all(page, "<${1}div");
    let attrs = Regex::new(r#"(?i)\b(class|id)(\s*=\s*)"([^"]*)""#).expect("a regex");
    attrs
        .replace_all(&page, |c: &Captures<'_>| {
            let names = if c[1].eq_ignore_ascii_case("class") {
                CLASSES
            } else {
                IDS
            };
            let value: Vec<String> = c[3]
                .split(' ')
                .map(|t| {
                    if names.contains(&t) {
                        format!("w-{t}")
                    } else {
                        t.to_string()
                    }
                })
                .collect();
            format!("{}{}\"{}\"", &c[1], &c[2], value.join(" "))
        })
        .into_owned()
}
