//! Cutting the chrome before parsing changes no article: every fixture page gives the same
//! `Article` (and so the same mirror file) with and without it.

#[path = "support/fixtures.rs"]
mod fixtures;
#[path = "support/renamed.rs"]
mod renamed;

use newsmirror::{ExtractOptions, extract};

fn both(bytes: &[u8], url: Option<String>) -> (String, String) {
    let mut pruned = ExtractOptions::default();
    pruned.url = url;
    let whole = pruned.clone().with_whole_page(true);
    let show = |r: newsmirror::Result<newsmirror::Article>| match r {
        Ok(a) => serde_json::to_string_pretty(&a).expect("an article serializes"),
        Err(e) => format!("error: {e}"),
    };
    (show(extract(bytes, &pruned)), show(extract(bytes, &whole)))
}

#[test]
fn every_fixture_page_reads_the_same_pruned_and_whole() {
    let mut checked = 0;
    for dir in ["fixtures/epochtimes", "fixtures/legacy", "fixtures/other"] {
        for page in fixtures::html_pages(dir) {
            let bytes = std::fs::read(&page).expect("a fixture page");
            let (pruned, whole) = both(&bytes, None);
            assert!(
                pruned == whole,
                "{}: pruning changed the article\n--- pruned\n{pruned}\n--- whole\n{whole}",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fixture pages");
}

/// With their chrome under names the site's rules do not know, the pages are pruned by what the
/// extractor needs, and still read the same.
#[test]
fn fixture_pages_with_unnamed_chrome_read_the_same_pruned_and_whole() {
    let mut checked = 0;
    for dir in ["fixtures/epochtimes", "fixtures/legacy", "fixtures/other"] {
        for page in fixtures::html_pages(dir) {
            let bytes = std::fs::read(&page).expect("a fixture page");
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            let renamed = renamed::rename_chrome(text);
            let (pruned, whole) = both(renamed.as_bytes(), None);
            assert!(
                pruned == whole,
                "{} renamed: pruning changed the article\n--- pruned\n{pruned}\n--- whole\n{whole}",
                page.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} fixture pages");
}

// ------------------------------------------------------------------------------------------------
// Generated pages: chrome of every shape, anywhere
// ------------------------------------------------------------------------------------------------

use proptest::prelude::*;

const URL: &str = "https://www.epochtimes.com/gb/24/3/5/n14200001.htm";

/// Markup found in chrome, well-formed or not. Some of it holds what the extractor reads (a list
/// heading, a time, a headline), some of it leaks out of its box in a full parse (unclosed or
/// misnested elements, stray end tags), some of it only looks like tags (scripts, comments, raw
/// text).
const INNER: &[&str] = &[
    "文字",
    "<ul><li><a href=\"https://www.epochtimes.com/gb/24/1/2/n14190002.htm\">菜园新闻</a></li><li>丙</ul>",
    "<p>段落<b>粗</b>",
    "<b>未闭合",
    "</div>",
    "<div>",
    "</b>",
    "</p>",
    "<p>",
    "<li>",
    "</li>",
    "<td>",
    "</td>",
    "</body>",
    "<table><tr><td>格<td>子</table>",
    "<script>document.write('<div class=\"box\">')</script>",
    "<script><!-- x = '<script>'; y = '</script>'; --></script>",
    "<!-- </div> -->",
    "<!-->",
    "<div class=\"box_header\">热门新闻</div><a href=\"/gb/24/3/4/n14199001.htm\" title=\"春季花展\">春季花展</a>",
    "<div class=\"title\">相关新闻</div><a href=\"/gb/24/2/1/n14190001.htm\">旧桥</a>",
    "<time datetime=\"2024-03-05T09:30:00+08:00\">更新</time>",
    "<h1 class=\"title\">另一个标题</h1>",
    "<span>内联</span>",
    "<a href=\"/gb/24/1/1/n14190003.htm\">未闭合链接",
    "<textarea></div><div class=box></textarea>",
    "<svg><div class=\"box\"></div></svg>",
    "<div class=\"box\"><a href=\"/gb/24/1/3/n14190004.htm\">嵌套</a></div>",
    "<nav>",
    "</nav>",
    "<footer>",
    "<form><input name=q></form>",
    "<form>",
    "<select><option>一<option>二</select>",
    "<!-- article content begin -->",
    "<div class=\"breadcrumb\"><a href=\"/gb/nsc413.htm\">大陆</a></div>",
    "<div id=\"breadcrumb\"><div><a href=\"/gb/nsc418.htm\">国际</a></div></div>",
    "<div><a class=\"breadcrumbs\" href=\"/gb/nsc1000.htm\">要闻</a></div>",
    "<div class=\"mbottom10\"><a href=\"/gb/tag/桥.html\">桥</a></div>",
    "<div><a rel=\"t&#97;g\" href=\"/gb/tag/河.html\">河</a></div>",
    "<div>您的位置：<a href=\"/\">首页</a> &gt; <a href=\"/gb/nsc413.htm\">大陆新闻</a></div>",
    "<div class=\"box_header\">&#28909;门新闻</div><a href=\"/gb/24/3/4/n14199002.htm\">夜市</a>",
    "<div class=\"featured_image\"><img src=\"https://i.epochtimes.com/a.jpg\"><div class=\"caption\">图</div></div>",
    "<meta property=\"article:published_time\" content=\"2024-03-01T00:00:00+08:00\">",
    "&am",
    "<",
];

/// Chrome elements of the rules.
const BOXES: &[(&str, &str)] = &[
    ("<div class=\"box\">", "</div>"),
    ("<nav class=\"top-bar\">", "</nav>"),
    ("<footer>", "</footer>"),
    ("<div id=\"more_news\" class=\"column\">", "</div>"),
    ("<DIV CLASS=\"box\">", "</DIV>"),
    // Chrome no rule names: cut (or kept) by what it holds.
    ("<div class=\"widget\">", "</div>"),
    ("<aside class=\"rail\">", "</aside>"),
    ("<section id=\"more_widgets\">", "</section>"),
    ("<div class=\"tags\">", "</div>"),
    ("<div class=\"&#97;rttop\">", "</div>"),
];

/// What sits between the parts of the page.
const GLUE: &[&str] = &[
    "\n",
    "",
    " ",
    "文字",
    "<b>粗</b>",
    "<span>x</span>",
    "<p>段落</p>",
    "<br>",
    "<!-- 注释 -->",
    "<script>var a = 1;</script>",
    "p;",
    "div>",
];

fn chrome() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(BOXES),
        proptest::collection::vec(proptest::sample::select(INNER), 0..6),
    )
        .prop_map(|((open, close), inner)| format!("{open}{}{close}", inner.concat()))
}

/// Chrome (or nothing), with glue on both sides.
fn slot() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(GLUE),
        proptest::option::weighted(0.8, chrome()),
        proptest::sample::select(GLUE),
    )
        .prop_map(|(a, c, b)| format!("{a}{}{b}", c.unwrap_or_default()))
}

fn page() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(slot(), 7),
        proptest::collection::vec("[的一是不了人我在有他这中大来上国个到说们为]{2,12}", 1..5),
    )
        .prop_map(|(s, paragraphs)| {
            let story: String = paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let between = if i == 0 { &s[3] } else { "\n" };
                    format!("{between}<p>{p}</p>")
                })
                .collect();
            format!(
                r#"<!DOCTYPE html><html><head><meta charset="UTF-8"><title>河边的新桥 | 大纪元</title>
<link rel="canonical" href="{URL}"></head><body>{}
<div class="large-8 medium-8 small-12 column left">{}<div class="arttop"><h1 class="title">河边的新桥</h1></div>
<div id="artbody" class="column">
<div class="mbottom10"><time datetime="2024-03-05T09:30:00+08:00">更新</time></div>
<!-- article content begin -->{story}{}
<!-- article content end -->
</div>{}</div>
<div class="large-4 medium-4 small-12 column right">{}</div>{}</body></html>"#,
                s[0], s[1], s[2], s[4], s[5], s[6]
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn chrome_of_any_shape_changes_no_article(page in page()) {
        let (pruned, whole) = both(page.as_bytes(), None);
        prop_assert!(pruned == whole, "pruning changed the article of\n{page}\n--- pruned\n{pruned}\n--- whole\n{whole}");
    }
}
