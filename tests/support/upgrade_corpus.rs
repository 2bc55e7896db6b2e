//! The upgrade tests' checks (issue 11), used on the project's own mirror fixtures and on every
//! real mirror file of the shared corpus (`mirror-samples/*.md`, `pairs/*/mirror.md`), which is
//! read at test time and never committed.
//!
//! Needs `mod support;` next to it (the golden tests' readers: `support::mirror` cuts a file into
//! its parts, `support::blocks` reads a body fragment's text with the generator's damage read
//! back), so it can be included by `tests/upgrade.rs` or `tests/corpus.rs`.

use std::path::{Path, PathBuf};

use newsmirror::read::Defect;
use newsmirror::upgrade::upgrade;
use newsmirror::{Article, Block, MirrorFile, RenderOptions};

use crate::support::blocks;
use crate::support::mirror::{Lead, MirrorFile as Parts, VIDEO_BLOCK};
use crate::support::preview;

/// The real mirror files of the corpus, sorted.
pub fn files(corpus: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join("mirror-samples"))
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("SOURCES.md"))
        .collect();
    for dir in std::fs::read_dir(corpus.join("pairs"))
        .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
    {
        let p = dir.join("mirror.md");
        if p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    files
}

/// A fixed part of the current templates (its text after the `{# … #}` line).
pub fn template(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates/djy")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match text.find("#}\n") {
        Some(i) if text.starts_with("{#") => text[i + 3..].to_string(),
        _ => text,
    }
}

/// What is wrong with `output` as a current (Gen A) mirror file, repaired: the fixed parts of the
/// current templates byte for byte, the current account and QR service, no damage of the old
/// generator, no blank line.
pub fn current_format_problems(output: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if !output.starts_with(&template("header.html")) {
        problems.push("the header is not the current one".to_string());
    }
    if !output.ends_with(&template("right-column.html")) {
        problems.push("the right column is not the current one".to_string());
    }
    let forbidden = [
        ("<ahref", "a dead link"),
        ("<FONTCOLOR", "<FONTCOLOR"),
        (" b=\"", "a b= attribute"),
        ("data2-src", "data2-src"),
        ("///image2=", "the ///image2= leak"),
        ("```diff", "the ```diff leak"),
        ("href=><a href=", "a broken href"),
        ("cloudfront.net", "a CDN link"),
        ("chart.apis.google.com", "the Google Charts QR"),
        ("github.com/19920513/", "the account 19920513"),
        ("github.com/920513/", "the account 920513"),
        ("github.com/tui590285/", "the account tui590285"),
        ("github.com/tsiac2612/", "the account tsiac2612"),
        ("githubusercontent.com/19920513/", "the account 19920513"),
        ("\n\n", "a blank line"),
        ("<a src=", "an iframe renamed to <a>"),
    ];
    for (needle, what) in forbidden {
        if let Some(i) = output.find(needle) {
            let context: String = output[i..].chars().take(80).collect();
            problems.push(format!("{what} remains: {}", preview(&context, 80)));
        }
    }
    if !output.contains("<img src=\"https://quickchart.io/qr?size=256&text=https://github.com/1992513/djy/blob/master/") {
        problems.push("no quickchart.io QR code of the current account".to_string());
    }
    problems
}

/// The article with what a mirror file cannot carry through a round trip made equal: embeds
/// written by the current renderer name only the article (the player's URL, where an old file
/// kept it, is not in the rendered block), and the walker's diagnostics are about the input.
pub fn comparable(mut article: Article) -> Article {
    article.diagnostics.clear();
    let url = article.url.clone();
    for block in &mut article.body {
        if let Block::Embed { url: u, .. } = block {
            *u = url.clone();
        }
    }
    article
}

/// The text (whitespace removed) of a mirror file's body, read with the golden tests' block
/// reader; the S6 substitution (§4.2) read back completely (that reader keeps a marker there),
/// and the notice line of an "other embed" block of the current renderer left out as the reader
/// leaves out those of video and twitter blocks.
pub fn body_text(body: &str) -> String {
    let s6 = regex::Regex::new(&format!("\"></a>(?:{})<a src=\"", VIDEO_BLOCK.as_str())).unwrap();
    let body = s6.replace_all(body, "");
    let text: String = blocks::read(&body)
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    text.replace("(嵌入内容.国内建议下载翻墙软件进入原文观看)", "")
        .replace("(嵌入內容.國內建議下載翻牆軟件進入原文觀看)", "")
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where two texts first differ, for messages.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let i = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let window = |v: &[char]| -> String {
        v[i.saturating_sub(30)..(i + 50).min(v.len())]
            .iter()
            .collect()
    };
    format!("at char {i}: old «{}» new «{}»", window(&a), window(&b))
}

/// Every check of one mirror file (its text); the failures, each one line.
pub fn check(name: &str, text: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |what: String| failures.push(format!("{name}: {what}"));
    let options = RenderOptions::default();
    let before = match MirrorFile::parse(text) {
        Ok(f) => f,
        Err(e) => {
            fail(format!("does not read: {e}"));
            return failures;
        }
    };
    let up = match upgrade(text, &options) {
        Ok(u) => u,
        Err(e) => {
            fail(format!("does not upgrade: {e}"));
            return failures;
        }
    };
    for p in current_format_problems(&up.output) {
        fail(p);
    }
    // Idempotent, byte for byte.
    match upgrade(&up.output, &options) {
        Ok(again) if again.changed => fail(format!(
            "a second upgrade changes the file: {}",
            first_difference(&up.output, &again.output)
        )),
        Ok(again) => {
            if !again.defects.is_empty() {
                fail(format!(
                    "the upgraded file still has defects: {:?}",
                    again.defects
                ));
            }
            if again.lost_chars != up.lost_chars {
                fail(format!(
                    "lost characters counted {} before, {} after",
                    up.lost_chars, again.lost_chars
                ));
            }
        }
        Err(e) => fail(format!("the upgraded file does not upgrade: {e}")),
    }
    // parse → render → parse gives the same model.
    match MirrorFile::parse(&up.output) {
        Ok(after) => {
            if after.picks != before.picks {
                fail(format!(
                    "picks differ: {:?} vs {:?}",
                    before.picks, after.picks
                ));
            }
            let (a, b) = (
                comparable(before.article.clone()),
                comparable(after.article),
            );
            if a != b {
                let blocks = a.body.iter().zip(&b.body).position(|(x, y)| x != y);
                fail(format!(
                    "the model changes through render → read (first differing block {blocks:?}): {}",
                    first_difference(&format!("{a:?}"), &format!("{b:?}"))
                ));
            }
        }
        Err(e) => fail(format!("the upgraded file does not read: {e}")),
    }
    // The body text, character for character, apart from the documented repairs.
    // (the part reader knows the right column of Gen A and B; Gen C's cell has a rowspan)
    let old_text = text.replace("<td VALIGN=TOP rowspan=50>", "<td VALIGN=TOP>");
    let (old, new) = match (Parts::parse(&old_text), Parts::parse(&up.output)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            fail(format!(
                "the test's part reader fails: {:?} / {:?}",
                o.err(),
                n.err()
            ));
            return failures;
        }
    };
    let mut expected = body_text(&old.body);
    // A video block or nothing in the lead: the caption now opens the body.
    let caption_moved = before.article.lead_image.is_none()
        && (matches!(old.lead, Lead::Video) || !old.caption.trim().is_empty());
    if caption_moved {
        expected = blocks::normalize_text(&old.caption) + &expected;
    }
    // Text the page hid (white-on-white stamps, display:none) is dropped, as the extractor drops
    // it; the reader reports each.
    for d in &before.article.diagnostics {
        if let Some(hidden) = d.message.strip_prefix("hidden text skipped: ") {
            let hidden = strip_ws(hidden.trim_end_matches('…'));
            if let Some(i) = expected.find(&hidden) {
                expected.replace_range(i..i + hidden.len(), "");
            }
        }
    }
    let got = body_text(&new.body);
    if expected.is_empty() {
        fail("no body text".into());
    }
    if expected != got {
        fail(format!(
            "body text changed {}",
            first_difference(&expected, &got)
        ));
    }
    // The lists keep their titles (a stale related list is dropped on purpose).
    let titles = |items: &[crate::support::mirror::Item]| -> Vec<String> {
        items
            .iter()
            .map(|i| blocks::normalize_text(&i.title))
            .collect()
    };
    if up.defects.count(Defect::StaleRelated) == 0 && titles(&old.related) != titles(&new.related) {
        fail("related titles changed".into());
    }
    if titles(&old.hot) != titles(&new.hot) {
        fail("hot titles changed".into());
    }
    if titles(&old.picks) != titles(&new.picks) {
        fail("pick titles changed".into());
    }
    if new.original_url != before.article.url {
        fail(format!(
            "footer URL {} is not {}",
            new.original_url, before.article.url
        ));
    }
    failures
}

/// [`check`] over every real mirror file; the failures.
pub fn check_all(corpus: &Path) -> Vec<String> {
    let files = files(corpus);
    assert!(!files.is_empty(), "no mirror files in {}", corpus.display());
    files
        .iter()
        .flat_map(|f| {
            let text = crate::support::read(f);
            let name = f.strip_prefix(corpus).unwrap_or(f).display().to_string();
            check(&name, &text)
        })
        .collect()
}
