//! Bytes in, as `newsmirror convert` gets them: `extract` without and with a caller's URL, then
//! every renderer with the default options and with `charset_safe: Some(CharsetSafe::Gbk)`.
//!
//! Besides "no panic, no hang, no runaway memory", the checks of `tests/regressions/oracle.rs`
//! (shared with the regression suite, which replays every case found here): the mirror renderer
//! refuses only articles the mirror has no file for; the mirror file has no blank line; the JSON
//! reads back into the same article; `charset_safe: Gbk` output is all GBK; parsed as HTML, no
//! output (the Markdown rendered by comrak) has executable markup or a non-http(s)/mailto URL.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/regressions/oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    oracle::convert(data);
});
