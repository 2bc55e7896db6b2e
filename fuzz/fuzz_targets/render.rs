//! A hand-built model in, as a library user may build one: the input is read as the JSON of an
//! `Article` (models the extractor would never produce: any nesting up to serde_json's limit, any
//! URL, any text, any heading level), then rendered in every format, with the default options and
//! with `charset_safe: Gbk`, under the checks of `tests/regressions/oracle.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmirror::render::CharsetSafe;
use newsmirror::{Article, RenderOptions};

#[allow(dead_code)] // `convert` is for page bytes (the convert target)
#[path = "../../tests/regressions/oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let Ok(article) = serde_json::from_slice::<Article>(data) else {
        return;
    };
    oracle::check(&article, &RenderOptions::default());
    let mut gbk = RenderOptions::default();
    gbk.charset_safe = Some(CharsetSafe::Gbk);
    oracle::check(&article, &gbk);
});
