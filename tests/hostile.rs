//! Hostile input: every case returns `Ok` or a typed error, without a panic or a stack overflow,
//! within a generous time limit ([`LIMIT`]) that only a slide back to quadratic time can exceed.
//! (How the time grows with the size of such input is measured in `benches/`.)

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use newsmirror::{Error, ExtractOptions, Format, RenderOptions, extract, render};

const URL: &str = "https://www.epochtimes.com/gb/24/3/5/n14200001.htm";

/// The longest a case of up to 200,000 elements may take. Every case is linear in its input:
/// optimised, each takes well under a second (`benches/`); in a debug build on a 2-core machine
/// loaded with other builds (load average 10), at most 2 s (200,000 nested `<div>`s: 0.5 s).
/// Quadratic time takes minutes (200,000 nested `<div>`s: 100 s and more) and fails here, as
/// comrak's pathological tests fail a slow case.
const LIMIT: Duration = Duration::from_secs(60);

/// The same for the cases of a million paragraphs and of a 50 MB text node, which take up to
/// 15 s in that debug build on that loaded machine. Quadratic, they would take days.
const LIMIT_LARGE: Duration = Duration::from_secs(180);

/// Runs `case` on its own thread and returns its result, failing the test when it is not done
/// within `limit` (the thread is left to finish on its own) and passing its panic on.
fn within<T: Send + 'static>(
    name: &str,
    limit: Duration,
    case: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    let worker = thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            // The receiver is gone only after a timeout, which has failed the test already.
            let _ = tx.send(case());
        })
        .expect("a thread for the case");
    match rx.recv_timeout(limit) {
        Ok(value) => {
            eprintln!("{name}: {:.2} s", started.elapsed().as_secs_f64());
            worker.join().expect("the case returned");
            value
        }
        Err(RecvTimeoutError::Timeout) => {
            panic!("{name}: not done within {limit:?}: has the time stopped being linear?")
        }
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("{name}: the case neither returned nor panicked"),
        },
    }
}

/// A djy page around `story`.
fn page(story: &str) -> Vec<u8> {
    let mut p = String::with_capacity(story.len() + 512);
    p.push_str(r#"<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="canonical" href=""#);
    p.push_str(URL);
    p.push_str(
        r#""></head><body><div class="arttop"><h1 class="title">标题</h1></div><div id="artbody">"#,
    );
    p.push_str(story);
    p.push_str("</div></body></html>");
    p.into_bytes()
}

/// Converts to every format; the result must be Ok or a typed error, and an Ok article must
/// render in every format.
fn convert(bytes: &[u8]) -> Result<newsmirror::Article, Error> {
    let article = extract(bytes, &ExtractOptions::default())?;
    for format in [Format::Mirror, Format::Markdown, Format::Json] {
        render::to_string(&article, format, &RenderOptions::default())
            .unwrap_or_else(|e| panic!("{format:?} failed on an extracted article: {e}"));
    }
    Ok(article)
}

/// `n` nested `<tag>`s around a text, after a first paragraph; the text must be kept.
fn nested(tag: &'static str, n: usize) {
    within(&format!("<{tag}> × {n}"), LIMIT, move || {
        let story = format!(
            "<p>开头。</p>{}深处的文字{}",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        );
        let a = convert(&page(&story)).unwrap_or_else(|e| panic!("<{tag}>: {e}"));
        let text: String = a.body.iter().map(|b| b.plain_text()).collect();
        assert!(
            text.contains("深处的文字"),
            "<{tag}>: the text inside is kept"
        );
    });
}

#[test]
fn a_hundred_thousand_nested_elements() {
    for tag in [
        "div",
        "span",
        "b",
        "blockquote",
        "table",
        "ul",
        "li",
        "a",
        "font",
        "p",
        "td",
    ] {
        nested(tag, 100_000);
    }
    // Unclosed, and inline content nested in a link: the same.
    within("<em><a> × 100,000, unclosed", LIMIT, || {
        let a = convert(&page(&format!(
            "<p>{}文字",
            "<em><a href=/x>".repeat(100_000)
        )))
        .unwrap();
        assert!(a.body.iter().any(|b| b.plain_text().contains("文字")));
    });
}

#[test]
fn two_hundred_thousand_nested_divs() {
    nested("div", 200_000);
}

#[test]
fn a_million_paragraphs() {
    within("a million paragraphs", LIMIT_LARGE, || {
        let story = "<p>一段。</p>".repeat(1_000_000);
        let a = convert(&page(&story)).unwrap();
        assert_eq!(a.body.len(), 1_000_000);
    });
}

#[test]
fn a_fifty_megabyte_text_node() {
    within("a 50 MB text node", LIMIT_LARGE, || {
        let story = format!("<p>{}</p>", "文".repeat(50 * 1024 * 1024 / 3));
        let a = convert(&page(&story)).unwrap();
        assert_eq!(a.body.len(), 1);
        assert_eq!(a.body[0].plain_text().chars().count(), 50 * 1024 * 1024 / 3);
    });
}

#[test]
fn a_hundred_thousand_attributes() {
    within("100,000 attributes", LIMIT, || {
        let attrs: String = (0..100_000)
            .map(|i| format!(" data-a{i}=\"{i}\""))
            .collect();
        let story = format!(
            "<p{attrs}>有属性的段落。</p><img{attrs} src=\"https://i.epochtimes.com/x.jpg\">"
        );
        let a = convert(&page(&story)).unwrap();
        assert_eq!(a.body[0].plain_text(), "有属性的段落。");
    });
}

/// The limit itself: a case slower than its limit fails the test, a panicking case passes its
/// panic on, and a quick case gives its result back.
#[test]
fn a_slow_case_fails() {
    let slow = std::panic::catch_unwind(|| {
        within("slow", Duration::from_millis(50), || {
            thread::sleep(Duration::from_secs(2))
        })
    });
    let message = slow.expect_err("a case over its limit fails");
    let message = message
        .downcast_ref::<String>()
        .expect("a formatted message");
    assert!(message.contains("not done within"), "{message}");
    let panicked = std::panic::catch_unwind(|| within("panics", LIMIT, || panic!("inner")));
    assert_eq!(
        panicked.expect_err("passed on").downcast_ref::<&str>(),
        Some(&"inner")
    );
    assert_eq!(within("quick", LIMIT, || 7), 7);
}

#[test]
fn invalid_utf8_nul_bytes_and_truncation() {
    let mut bytes = page("<p>前\u{0}后MARK</p><p>第二段</p>");
    let at = bytes.windows(4).position(|w| w == b"MARK").unwrap();
    bytes.splice(at..at + 4, [0xFF, 0xFE, 0xC3]);
    let a = convert(&bytes).unwrap();
    assert!(
        a.body.iter().all(|b| !b.plain_text().contains('\u{0}')),
        "NUL is not text"
    );
    assert!(
        a.body[0].plain_text().contains('\u{FFFD}'),
        "bad bytes show as U+FFFD"
    );
    assert_eq!(a.decoding.as_ref().unwrap().replacements, 3);

    let whole = page(&"<p>一段完整的文字。</p>".repeat(100));
    for cut in [whole.len() / 2, whole.len() / 3, 150, 40, 1] {
        match convert(&whole[..cut]) {
            Ok(_) | Err(Error::NotAnArticle { .. } | Error::NoUrl { .. } | Error::Empty) => {}
            Err(e) => panic!("cut at {cut}: unexpected {e}"),
        }
    }
}

#[test]
fn garbage_and_empty_input() {
    assert!(matches!(convert(b""), Err(Error::Empty)));
    assert!(matches!(convert(b" \n\t "), Err(Error::Empty)));
    // Deterministic pseudo-random bytes.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let garbage: Vec<u8> = (0..1_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    assert!(matches!(
        convert(&garbage),
        Err(Error::NotAnArticle { .. } | Error::NoUrl { .. })
    ));
    for junk in [
        &b"<"[..],
        b"<<<<>>>>",
        b"<!--",
        b"<![CDATA[",
        b"<html",
        b"\xEF\xBB\xBF",
        b"\0\0\0",
    ] {
        assert!(convert(junk).is_err());
    }
}

#[test]
fn markup_in_text_and_attributes_cannot_escape() {
    let story = r#"<p>文字&lt;/h2&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--</p>
<p><a href="javascript:alert(1)">甲</a><a href=" JaVaScRiPt:alert(2)">乙</a><a href="data:text/html,x">丙</a><a href="https://example.com/&quot;onmouseover=&quot;x">丁</a></p>
<p><img src="x" onerror="alert(3)"><img src="data:image/png;base64,AA"></p>"#;
    let a = convert(&page(story)).unwrap();
    let mirror = render::to_string(&a, Format::Mirror, &RenderOptions::default()).unwrap();
    let lower = mirror.to_ascii_lowercase();
    for bad in [
        "<script",
        "javascript:",
        "data:",
        "onerror",
        "onmouseover=\"",
        "<!--",
    ] {
        assert!(!lower.contains(bad), "{bad} in the mirror output");
    }
    assert!(mirror.contains("文字&lt;/h2&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--"));
}
