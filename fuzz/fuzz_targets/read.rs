//! A mirror file in, as `newsmirror upgrade` reads one: `Article::from_mirror` on the input (as
//! UTF-8, malformed sequences replaced), then, for an article it gives, every renderer with the
//! default options and with `charset_safe: Gbk` under the checks of `tests/regressions/oracle.rs`
//! (a file read back must write out cleanly again).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmirror::render::CharsetSafe;
use newsmirror::{Article, RenderOptions};

#[allow(dead_code)] // `convert` is for page bytes (the convert target)
#[path = "../../tests/regressions/oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(article) = Article::from_mirror(&text) else {
        return;
    };
    oracle::check(&article, &RenderOptions::default());
    let mut gbk = RenderOptions::default();
    gbk.charset_safe = Some(CharsetSafe::Gbk);
    oracle::check(&article, &gbk);
});
