//! Properties over generated list pages (issue 19): `proptest` builds list pages in both
//! reconstructed templates (tests/support/list_pages.rs) with items whose titles and excerpts mix
//! CJK, markup-significant characters and line breaks, whose links are article URLs (absolute
//! or root-relative), other sites or `javascript:`, whose thumbnails may be unsafe, and whose
//! dates have either list shape. For every page:
//!
//! 1. `extract_page` reads a list page whose items are exactly the items linking an article, in
//!    page order, with their titles (whitespace collapsed) and excerpts;
//! 2. the mirror file has no blank line, one row per item, and parses (html5ever) into links
//!    and images on the mirror's own hosts only (no script, no event attribute, no
//!    `javascript:`), its row titles the items' titles;
//! 3. the JSON reads back into an equal listing, and the Markdown renders.

#[path = "support/list_pages.rs"]
#[allow(dead_code)] // the golden tests' page builder; this test uses part of it
mod list_pages;

use list_pages::{Item, ListSpec, Template, build, fold};
use newsmirror::{ExtractOptions, Format, Listing, Page, RenderOptions, extract_page, render};
use proptest::prelude::*;
use scraper::{Html, Selector};

const CJK: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会着去之过家学对可里后小么";
const MARKUP: &[&str] = &[
    "<", ">", "&", "\"", "'", "&amp;", "</a>", "<script>", "*", "[", "]", "`", "#", "\n", "  ",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(CJK.chars().collect::<Vec<_>>()).prop_map(String::from),
        1 => proptest::sample::select(MARKUP).prop_map(String::from),
        1 => "[a-z0-9]{1,4}",
    ];
    // A CJK character first: a title is never only whitespace or markup.
    (
        proptest::sample::select(CJK.chars().collect::<Vec<_>>()),
        proptest::collection::vec(piece, 0..12),
    )
        .prop_map(|(c, v)| format!("{c}{}", v.concat()))
}

/// Whitespace removed: the page's whitespace is collapsed as a browser does (a line break
/// between two CJK characters disappears).
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Debug, Clone)]
struct GenItem {
    title: String,
    excerpt: String,
    link: u8,
    thumb: u8,
    day: u32,
}

fn item() -> impl Strategy<Value = GenItem> {
    (text(), text(), 0u8..6, 0u8..4, 1u32..28).prop_map(|(title, excerpt, link, thumb, day)| {
        GenItem {
            title,
            excerpt,
            link,
            thumb,
            day,
        }
    })
}

fn link_of(i: usize, g: &GenItem) -> (String, bool) {
    let id = 14_000_000 + i;
    match g.link {
        0 => ("javascript:alert(1)".to_string(), false),
        1 => (format!("https://news.example.org/2025/08/{id}.html"), false),
        2 => (format!("/gb/25/8/{}/n{id}.htm", g.day), true),
        _ => (
            format!("https://www.epochtimes.com/gb/25/8/{}/n{id}.htm", g.day),
            true,
        ),
    }
}

fn thumb_of(g: &GenItem) -> Option<String> {
    match g.thumb {
        0 => None,
        1 => Some("javascript:alert(1)".to_string()),
        _ => Some(format!(
            "https://i.epochtimes.com/assets/uploads/2025/08/id{}-320x200.jpg",
            g.day
        )),
    }
}

fn listing(page: &str) -> Listing {
    match extract_page(page.as_bytes(), &ExtractOptions::default()) {
        Ok(Page::Listing(l)) => l,
        other => panic!("not a listing: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_list_pages(items in proptest::collection::vec(item(), 1..14), b in any::<bool>(), new in any::<bool>()) {
        let url = if b { "https://www.epochtimes.com/gb/nsc413.htm" } else { "https://www.epochtimes.com/gb/news2007.htm" };
        let spec_items: Vec<Item> = items
            .iter()
            .enumerate()
            .map(|(i, g)| Item {
                url: link_of(i, g).0,
                title: escape(&g.title),
                thumb: thumb_of(g),
                excerpt: escape(&g.excerpt),
                date: if b { format!("08月{:02}日", g.day) } else { format!("2025年08月{:02}日 3:07 PM", g.day) },
                featured: i == 0,
            })
            .collect();
        let spec = ListSpec {
            url,
            canonical: Some(url),
            heading: "栏目 &amp; <b>标题</b>",
            title: None,
            items: spec_items,
            pager: None,
            b,
            edition: "gb",
        };
        let page = build(&spec, if new { Template::New } else { Template::Djy });
        let l = listing(&page);

        // 1. The items that link an article, in order, with their titles.
        let expected: Vec<&GenItem> = items.iter().enumerate().filter(|(i, g)| link_of(*i, g).1).map(|(_, g)| g).collect();
        prop_assert_eq!(l.items.len(), expected.len());
        for (got, want) in l.items.iter().zip(&expected) {
            prop_assert_eq!(squash(&got.title), squash(&want.title));
            prop_assert_eq!(squash(&got.excerpt), squash(&want.excerpt));
            prop_assert!(got.thumbnail.as_deref().is_none_or(|t| t.starts_with("https://i.epochtimes.com/")));
        }
        prop_assert_eq!(&l.heading, "栏目 & 标题");

        // 2. The mirror file.
        let m = render::listing_to_string(&l, Format::Mirror, &RenderOptions::default()).unwrap();
        prop_assert!(!m.contains("\n\n"));
        prop_assert!(m.ends_with("</div>\n"));
        let doc = Html::parse_document(&m);
        let all = Selector::parse("*").unwrap();
        for el in doc.select(&all) {
            prop_assert!(el.value().name() != "script");
            for (name, value) in el.value().attrs() {
                prop_assert!(!name.starts_with("on"), "event attribute {}", name);
                if matches!(name, "href" | "src") {
                    let ok = ["https://github.com/1992513/", "https://raw.githubusercontent.com/1992513/",
                        "https://quickchart.io/", "https://i.epochtimes.com/", "https://www.epochtimes.com/assets/"]
                        .iter()
                        .any(|p| value.starts_with(p))
                        || (value.starts_with("https://d") && value.contains(".cloudfront.net/"))
                        || value == url;
                    prop_assert!(ok, "{}={}", name, value);
                }
            }
        }
        let titles = Selector::parse("td[width=\"742\"] h3 > a[target]").unwrap();
        let shown: Vec<String> = doc.select(&titles).map(|a| fold(&a.text().collect::<String>())).filter(|t| !t.is_empty()).collect();
        let want: Vec<String> = l.items.iter().map(|i| fold(&i.title)).collect();
        prop_assert_eq!(shown, want);

        // 3. JSON reads back; Markdown renders.
        let json = render::listing_to_string(&l, Format::Json, &RenderOptions::default()).unwrap();
        let back: Listing = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, l.clone());
        let md = render::listing_to_string(&l, Format::Markdown, &RenderOptions::default()).unwrap();
        prop_assert!(md.starts_with("# "));
    }
}

/// A list page nesting 200,000 elements inside one item is read without recursion.
#[test]
fn deep_nesting_inside_an_item() {
    let deep = "<div>".repeat(200_000);
    let page = format!(
        "<html><head><link rel=\"canonical\" href=\"https://www.epochtimes.com/gb/nsc413.htm\"></head><body><div class=\"cat_title\">栏目</div><div class=\"post_list left_col\"><div class=\"one_post\"><div class=\"text\"><div class=\"title\"><a href=\"/gb/25/8/1/n14000001.htm\">标题</a></div><div class=\"excerpt\">{deep}摘要</div></div></div></div></body></html>"
    );
    let l = listing(&page);
    assert_eq!(l.items.len(), 1);
    assert!(l.items[0].excerpt.contains("摘要"));
    let m = render::listing_to_string(&l, Format::Mirror, &RenderOptions::default()).unwrap();
    assert!(m.contains("摘要"));
}
