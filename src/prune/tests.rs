//! The pre-pass alone, with chrome rules of a made-up site shaped like the real ones: the story is
//! `div#artbody`, the chrome `nav` and `div.box`, the list heading `热门新闻`, articles
//! `/gb/Y/M/D/nID.htm`. (The real sites' rules are tested on the fixture pages in `extract`.)

use std::sync::LazyLock;

use super::*;

static CHROME: LazyLock<Chrome> = LazyLock::new(|| {
    Chrome::new(ChromeRules {
        markers: &["artbody"],
        cut: &["nav", "div.box"],
        headings: &["相关新闻", "热门新闻"],
        keep: &["<h1", "<time"],
        read: &[],
        outside: false,
        climb: 4,
        is_article_link: Box::new(|href| {
            let parts: Vec<&str> = href.trim().split('/').collect();
            matches!(parts.as_slice(), ["", "gb", y, m, d, file]
                if [y, m, d].iter().all(|n| n.parse::<u32>().is_ok())
                    && file.starts_with('n') && file.ends_with(".htm"))
        }),
    })
    .unwrap()
});

/// A page with the story in `div#artbody` and `chrome` in the right column.
fn page(chrome: &str) -> String {
    format!(
        "<html><head><title>题</title></head><body>\n<div id=\"artbody\"><p>正文</p></div>\n<div class=\"right\">\n{chrome}\n</div>\n</body></html>"
    )
}

fn cut(text: &str) -> String {
    prune(text, Some(&CHROME)).text.into_owned()
}

#[test]
fn chrome_boxes_go_and_what_is_read_stays() {
    let boxes = "<div class=\"box\"><ul><li><a href=\"/gb/24/1/1/n1.htm\">甲</a></li></ul></div>\n<DIV CLASS=\"box\"><p>乙</p></DIV>\n<div class=\"box\"><div class=\"box_header\">热门新闻</div><a href=\"/gb/24/1/2/n2.htm\">丙</a></div>\n<div class=\"box\"><h1>丁</h1></div>";
    let out = cut(&page(boxes));
    assert!(!out.contains('甲') && !out.contains('乙'), "{out}");
    assert!(out.contains("丙") && out.contains("丁"), "{out}");
    assert!(out.contains("正文"));
}

#[test]
fn nothing_is_cut_where_the_tree_would_differ() {
    for chrome in [
        // Inside the story.
        "</div><div id=\"artbody\"><div class=\"box\">甲</div></div><div>",
        // Text or inline markup on either side would run together.
        "文字<div class=\"box\">甲</div>",
        "<div class=\"box\">甲</div>文字",
        "<b>粗</b><div class=\"box\">甲</div>",
        "<div class=\"box\">甲</div><span>x</span>",
        // An open paragraph the box's start tag would close.
        "<p>段<div class=\"box\">甲</div>",
        // A formatting element left open inside, or misnesting.
        "<div class=\"box\"><b>甲</div><p>x</p>",
        "<div class=\"box\"><span>甲</div></span>",
        // In the box a list heading reads its links from.
        "<div><div class=\"box\"><a href=\"/gb/24/1/1/n1.htm\">甲</a></div><div class=\"box_header\">热门新闻</div></div>",
    ] {
        let text = page(chrome);
        assert!(cut(&text).contains('甲'), "cut from {chrome}");
    }
}

#[test]
fn scripts_and_styles_go_by_the_tokenizer_rules() {
    let text = "<p>前<script>if (a < b) { s = '</div>'; }</script>中<style>p{}</style>后</p><script><!-- x = '<script>'; y = '</script>'; --></script><p>尾</p>";
    assert_eq!(
        prune(text, None).text,
        "<p>前中后</p><p>尾</p>",
        "the escaped script ends at its last end tag"
    );
    // A cut that would join `&am` + `p;` or `<` + `div>` is not made.
    for text in ["x&am<script></script>p;", "<<script></script>div>"] {
        assert_eq!(prune(text, None).text, text);
    }
    // Comments, raw text and attribute values are not tags.
    let text = "<!-- <script> --><textarea><script></textarea><a title='<script>'>x</a>";
    assert_eq!(prune(text, None).text, text);
    assert!(matches!(prune("<p>x</p>", None).text, Cow::Borrowed(_)));
}

#[test]
fn pages_without_a_layout_marker_keep_their_chrome() {
    let text = "<body><div class=\"box\">甲</div><nav>乙</nav></body>";
    assert_eq!(cut(text), text);
}

#[test]
fn hostile_nesting_is_linear_and_cuts_the_outermost() {
    let n = 100_000;
    let text = page(&format!(
        "{}甲{}",
        "<div class=\"box\">".repeat(n),
        "</div>".repeat(n)
    ));
    let out = cut(&text);
    // Past the depth bound the model is unsure: the boxes stay.
    assert!(out.contains('甲'));
    let text = page(&"<div class=\"box\"><a href=\"/gb/24/1/1/n1.htm\">甲</a></div>\n".repeat(n));
    assert!(!cut(&text).contains('甲'));
}
