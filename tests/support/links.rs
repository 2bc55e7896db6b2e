//! The test's own inverse of the mirror link map (mirror-format.md §2, §5) and the normal form
//! links are compared in.

use std::sync::LazyLock;

use regex::Regex;

static MIRROR_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^https?://github\.com/[^/]+/(djy|ntdtv)/blob/master/(.+?)\.md(?:\?[^#]*)?(?:#.*)?$",
    )
    .unwrap()
});

/// The original-site URL of a mirror URL, whatever the account (`1992513`, `19920513`,
/// `920513`, …) and whatever the query (`?dfh`) or anchor: article and section pages give `.htm`,
/// tag pages `.html`, NTDTV pages `.html`. `None` for anything that is not a mirror URL.
pub fn original_url(mirror: &str) -> Option<String> {
    let c = MIRROR_URL.captures(mirror.trim())?;
    let path = &c[2];
    Some(match &c[1] {
        "ntdtv" => format!("https://www.ntdtv.com/{path}.html"),
        _ if path.starts_with("gb/tag/") || path.starts_with("b5/tag/") => {
            format!("https://www.epochtimes.com/{path}.html")
        }
        _ => format!("https://www.epochtimes.com/{path}.htm"),
    })
}

/// The form a link target is compared in: mirror URLs mapped back to the original (account names
/// ignored); on other links the generator's `.htm` → `.md#1` damage, which also hits `.html`
/// (pairs/n12542027: `…_3574064.html` → `…_3574064.md#1`), read back as `.htm` — so `.html` and
/// `.htm` are one suffix here; percent-escapes decoded (the mirror and the page disagree on
/// their case).
pub fn normalize(href: &str) -> String {
    let href = href.trim();
    let url = match original_url(href) {
        Some(u) => u,
        None => href.replace(".md#1", ".htm"),
    };
    percent_decode(&url.replace(".html", ".htm"))
}

/// `%XX` escapes decoded where they form UTF-8; everything else kept as is.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(_) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse() {
        let a = "https://github.com/1992513/djy/blob/master/gb/25/8/20/n14577375.md#1";
        assert_eq!(
            original_url(a).unwrap(),
            "https://www.epochtimes.com/gb/25/8/20/n14577375.htm"
        );
        let b = "https://github.com/19920513/djy/blob/master/gb/19/1/5/n10955468.md?dfh#1";
        assert_eq!(
            original_url(b).unwrap(),
            "https://www.epochtimes.com/gb/19/1/5/n10955468.htm"
        );
        let t = "https://github.com/920513/djy/blob/master/gb/tag/%E6%B3%95.md#1";
        assert_eq!(
            original_url(t).unwrap(),
            "https://www.epochtimes.com/gb/tag/%E6%B3%95.html"
        );
        assert_eq!(
            normalize("https://x.example/a%e6%b3%95.md#1"),
            "https://x.example/a法.htm"
        );
    }
}
