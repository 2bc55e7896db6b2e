//! Bytes in: `extract` with the chrome pre-pass and without it (`ExtractOptions::whole_page`),
//! without and with a caller's URL, must give the same `Article` (or the same error). The pre-pass
//! decides what the tree builder never sees; this target looks for a page where that decision
//! shows. (The `convert` target runs the same check among its others; this one runs only it, so
//! it covers more inputs per second.) Cases found go to `tests/regressions/` as for `convert`.
#![no_main]

use libfuzzer_sys::fuzz_target;

// This target runs one of the oracle's checks; the others are the other targets'.
#[allow(dead_code)]
#[path = "../../tests/regressions/oracle.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    oracle::pre_pass_is_invisible(data);
});
