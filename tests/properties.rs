//! Properties over generated article pages (issue 12, part 5b).
//!
//! `proptest` generates pages in the site's real structure — the djy layout (`link rel=canonical`
//! with a `/gb/` or `/b5/` article URL, `div.arttop h1.title`, `div#artbody` with the
//! `article content begin/end` markers) or the newer layout (`div.titles h1`,
//! `div.post_content`) — with a lead image and caption, a related list, and a body of
//! paragraphs, subheadings and figures whose text mixes CJK, ASCII, the markup-significant
//! characters `< > & " '` and entity-like text (`&amp;`), inside nested emphasis, links (to
//! articles, other sites, relative, `javascript:`) and line breaks. For every page:
//!
//! 1. extraction does not panic, and finds the article (title, every block with text);
//! 2. the mirror file parses (html5ever) into the file the mirror expects: the fixed header and
//!    right column byte for byte as in `templates/djy/`, the title in `h2[align=center]`, no
//!    blank line anywhere;
//! 3. the text of the parsed mirror file holds every generated paragraph's, heading's and
//!    caption's text, in page order (whitespace removed on both sides: the page's whitespace is
//!    collapsed as a browser does); so does the Markdown, rendered by comrak;
//! 4. Markdown and JSON render, and the JSON reads back (`serde_json::from_str::<Article>`) into
//!    an equal article.

use std::fmt::Write as _;

use newsmirror::{Article, Block, ExtractOptions, Format, RenderOptions, extract, render};
use proptest::prelude::*;
use scraper::{Html, Selector};

// ------------------------------------------------------------------------------------------------
// The generated page
// ------------------------------------------------------------------------------------------------

/// Common characters; none of the words the extractor reacts to (`相关`, `责任编辑`, `讯`, `【`,
/// `您的位置`) can be formed from them.
const CJK: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间";

const PUNCT: &[&str] = &[
    "，", "。", "、", "！", "？", "「", "」", "：", "；", "“", "”", "—", "…", "·",
];

/// Characters and strings that mean something to HTML or Markdown, shown as text.
const MARKUP: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "&amp;",
    "&lt;p&gt;",
    "</p>",
    "<br>",
    "<!--",
    "-->",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "`",
    "#",
    "|",
    "\\",
    "~",
    "$",
    "!",
    "&#38;",
    "&nbsp",
];

fn piece() -> impl Strategy<Value = String> {
    let cjk: Vec<char> = CJK.chars().collect();
    prop_oneof![
        4 => proptest::collection::vec(proptest::sample::select(cjk), 1..12)
            .prop_map(|v| v.into_iter().collect::<String>()),
        2 => "[A-Za-z0-9]{1,8}",
        1 => Just(" ".to_string()),
        1 => proptest::sample::select(PUNCT).prop_map(str::to_string),
        2 => proptest::sample::select(MARKUP).prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 1..6).prop_map(|v| v.concat())
}

/// Link targets as a page writes them (HTML-escaped when written).
const HREFS: &[&str] = &[
    "https://www.epochtimes.com/gb/24/3/6/n14200002.htm",
    "https://www.epochtimes.com/b5/23/12/1/n14100000.htm",
    "/gb/24/3/7/n14200003.htm",
    "https://example.com/a?b=1&c=2",
    "mailto:editor@example.com",
    "javascript:alert(1)",
];

#[derive(Debug, Clone)]
enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    Link(&'static str, Vec<Inline>),
    Br,
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        6 => text().prop_map(Inline::Text),
        1 => Just(Inline::Br),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Inline::Strong),
            proptest::collection::vec(inner.clone(), 1..4).prop_map(Inline::Em),
            (
                proptest::sample::select(HREFS),
                proptest::collection::vec(inner, 1..4)
            )
                .prop_map(|(h, c)| Inline::Link(h, c)),
        ]
    })
}

#[derive(Debug, Clone)]
enum GenBlock {
    Paragraph(Vec<Inline>),
    Heading(u8, String),
    Figure {
        id: u32,
        alt: String,
        caption: Vec<Inline>,
    },
}

fn block() -> impl Strategy<Value = GenBlock> {
    prop_oneof![
        6 => proptest::collection::vec(inline(), 1..6).prop_map(GenBlock::Paragraph),
        1 => (2u8..5, text()).prop_map(|(l, t)| GenBlock::Heading(l, t)),
        1 => (1u32..1000, text(), proptest::collection::vec(inline(), 0..3))
            .prop_map(|(id, alt, caption)| GenBlock::Figure { id, alt, caption }),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Djy,
    New,
}

#[derive(Debug, Clone)]
struct GenPage {
    layout: Layout,
    b5: bool,
    id: u32,
    title: String,
    lead: Option<String>,
    body: Vec<GenBlock>,
    related: Vec<String>,
}

fn gen_page() -> impl Strategy<Value = GenPage> {
    (
        prop_oneof![Just(Layout::Djy), Just(Layout::New)],
        any::<bool>(),
        10_000_000u32..20_000_000,
        // A headline has something to read (an empty one falls back to the page's <title>).
        ("[的一是不了人]", text()).prop_map(|(a, b)| a + &b),
        proptest::option::of(text()),
        proptest::collection::vec(block(), 1..8),
        proptest::collection::vec(text(), 0..4),
    )
        .prop_map(|(layout, b5, id, title, lead, body, related)| GenPage {
            layout,
            b5,
            id,
            title,
            lead,
            body,
            related,
        })
}

/// `s` as HTML text (and attribute value).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_inline(out: &mut String, content: &[Inline], depth: usize) {
    for i in content {
        match i {
            Inline::Text(t) => out.push_str(&esc(t)),
            Inline::Br => out.push_str("<br>"),
            Inline::Strong(c) => {
                let tag = if depth % 2 == 0 { "strong" } else { "b" };
                write!(out, "<{tag}>").unwrap();
                write_inline(out, c, depth + 1);
                write!(out, "</{tag}>").unwrap();
            }
            Inline::Em(c) => {
                let tag = if depth % 2 == 0 { "em" } else { "i" };
                write!(out, "<{tag}>").unwrap();
                write_inline(out, c, depth + 1);
                write!(out, "</{tag}>").unwrap();
            }
            Inline::Link(href, c) => {
                write!(out, "<a href=\"{}\">", esc(href)).unwrap();
                write_inline(out, c, depth + 1);
                out.push_str("</a>");
            }
        }
    }
}

fn plain(content: &[Inline], out: &mut String) {
    for i in content {
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Br => {}
            Inline::Strong(c) | Inline::Em(c) | Inline::Link(_, c) => plain(c, out),
        }
    }
}

impl GenPage {
    fn url(&self) -> String {
        let ed = if self.b5 { "b5" } else { "gb" };
        format!("https://www.epochtimes.com/{ed}/24/3/5/n{}.htm", self.id)
    }

    fn lead_src(&self) -> String {
        format!(
            "https://i.epochtimes.com/assets/uploads/2024/03/id{}-lead.jpg",
            self.id
        )
    }

    /// The text a reader sees in each block, in order, whitespace removed.
    fn expected_texts(&self) -> Vec<String> {
        self.body
            .iter()
            .map(|b| {
                let mut s = String::new();
                match b {
                    GenBlock::Paragraph(c) => plain(c, &mut s),
                    GenBlock::Heading(_, t) => s.push_str(t),
                    GenBlock::Figure { caption, .. } => plain(caption, &mut s),
                }
                squeeze(&s)
            })
            .collect()
    }

    fn html(&self) -> String {
        let title = esc(&self.title);
        let mut body = String::new();
        for b in &self.body {
            match b {
                GenBlock::Paragraph(c) => {
                    body.push_str("<p>");
                    write_inline(&mut body, c, 0);
                    body.push_str("</p>\n");
                }
                GenBlock::Heading(level, t) => {
                    writeln!(body, "<h{level}>{}</h{level}>", esc(t)).unwrap();
                }
                GenBlock::Figure { id, alt, caption } => {
                    write!(
                        body,
                        "<figure><img src=\"https://i.epochtimes.com/assets/uploads/2024/03/f{id}.jpg\" alt=\"{}\"><figcaption>",
                        esc(alt)
                    )
                    .unwrap();
                    write_inline(&mut body, caption, 0);
                    body.push_str("</figcaption></figure>\n");
                }
            }
        }
        let related: String = self
            .related
            .iter()
            .enumerate()
            .map(|(i, t)| {
                format!(
                    "<li><a href=\"https://www.epochtimes.com/gb/24/3/4/n{}.htm\">{}</a></li>",
                    14_100_000 + i,
                    esc(t)
                )
            })
            .collect();
        let (heading, related_heading) = if self.b5 {
            ("熱門新聞", "相關新聞")
        } else {
            ("热门新闻", "相关新闻")
        };
        let lead = self.lead.as_ref().map_or(String::new(), |caption| {
            format!(
                "<div class=\"featured_image\"><a href=\"{src}\"><img class=\"lazy\" src=\"/assets/themes/djy/images/white.png\" data-src=\"{src}\" alt=\"\"></a><div class=\"caption\">{}</div></div>",
                esc(caption),
                src = self.lead_src()
            )
        });
        let head = format!(
            "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{title} | 大纪元</title>\n<link rel=\"canonical\" href=\"{}\"></head><body>\n",
            self.url()
        );
        let hot = format!(
            "<div class=\"box\"><div class=\"block-wrap\"><div class=\"box_header boxTitle\">{heading}</div><ul><li><a href=\"https://www.epochtimes.com/gb/24/3/1/n14000000.htm\">热门</a></li></ul></div></div>"
        );
        match self.layout {
            Layout::Djy => format!(
                "{head}<div class=\"arttop arttop2\"><h1 class=\"blue18 title\">{title}</h1></div>\n<div id=\"artbody\" class=\"column\">\n<div class=\"mbottom10 large-12 columns\"><time datetime=\"2024-03-05T08:00:00-05:00\">更新</time></div>\n{lead}\n<!-- article content begin -->\n{body}<!-- article content end -->\n<div id=\"recommend_post\"><div class=\"title\">{related_heading}</div><ul>{related}</ul></div></div>\n{hot}\n</body></html>"
            ),
            Layout::New => format!(
                "{head}<div class=\"main_content\"><div class=\"titles\"><h1>{title}</h1></div><div class=\"info\"><time datetime=\"2024-03-05T08:00:00-05:00\">更新</time></div>{lead}<div class=\"post_content\" itemprop=\"articleBody\">\n{body}</div><div class=\"post_related\"><h3>{related_heading}</h3><ul>{related}</ul></div></div>\n{hot}\n</body></html>"
            ),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------------------

/// All whitespace removed (the page's whitespace is collapsed as a browser collapses it, and
/// between CJK characters a line break disappears entirely).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A template file as the renderer uses it: its `{# … #}` comment line stripped.
fn template(source: &'static str) -> &'static str {
    match source.find("#}\n") {
        Some(end) if source.starts_with("{#") => &source[end + 3..],
        _ => source,
    }
}

const HEADER: &str = include_str!("../templates/djy/header.html");
const RIGHT_COLUMN: &str = include_str!("../templates/djy/right-column.html");

/// `expected` occur in `text` in this order, without overlapping.
fn in_order(text: &str, expected: &[String]) -> Result<(), String> {
    let mut from = 0;
    for e in expected {
        match text[from..].find(e.as_str()) {
            Some(at) => from += at + e.len(),
            None => {
                return Err(format!(
                    "{e:?} not found (in order) in:\n{}",
                    &text[from.min(text.len())..]
                ));
            }
        }
    }
    Ok(())
}

fn all_text(html: &Html) -> String {
    squeeze(&html.root_element().text().collect::<String>())
}

fn markdown_to_html(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.render.r#unsafe = true;
    comrak::markdown_to_html(md, &options)
}

fn check(page: &GenPage) -> Result<(), TestCaseError> {
    let html = page.html();
    let expected = page.expected_texts();
    let expected: Vec<String> = expected.into_iter().filter(|t| !t.is_empty()).collect();
    let has_figure = page
        .body
        .iter()
        .any(|b| matches!(b, GenBlock::Figure { .. }));
    let extracted = extract(html.as_bytes(), &ExtractOptions::default());
    if expected.is_empty() && !has_figure {
        // Nothing to read: not an article.
        prop_assert!(
            matches!(extracted, Err(newsmirror::Error::NotAnArticle { .. })),
            "a page without body text: {:?}",
            extracted
        );
        return Ok(());
    }
    let article =
        extracted.map_err(|e| TestCaseError::fail(format!("not extracted: {e}\n{html}")))?;
    prop_assert_eq!(squeeze(&article.title), squeeze(&page.title));
    prop_assert_eq!(&article.url, &page.url());

    // The model holds every block's text, in order.
    let model_text: String = article
        .body
        .iter()
        .map(|b| squeeze(&b.plain_text()))
        .collect();
    in_order(&model_text, &expected).map_err(TestCaseError::fail)?;

    let options = RenderOptions::default();
    let mirror = render::to_string(&article, Format::Mirror, &options)
        .map_err(|e| TestCaseError::fail(format!("mirror: {e}")))?;
    prop_assert!(
        mirror.starts_with(template(HEADER)),
        "the mirror file does not start with the header"
    );
    prop_assert!(
        mirror.ends_with(template(RIGHT_COLUMN)),
        "the mirror file does not end with the right column"
    );
    prop_assert!(
        !mirror
            .lines()
            .any(|l| l.bytes().all(|b| b == b' ' || b == b'\t')),
        "blank line in the mirror file:\n{}",
        mirror
    );
    let parsed = Html::parse_document(&mirror);
    let h2 = Selector::parse("h2[align=center]").unwrap();
    let titles: Vec<String> = parsed
        .select(&h2)
        .map(|e| squeeze(&e.text().collect::<String>()))
        .collect();
    prop_assert_eq!(titles, vec![squeeze(&page.title)]);
    let text = all_text(&parsed);
    let title_at = text.find(&squeeze(&page.title)).unwrap_or(0);
    in_order(&text[title_at..], &expected)
        .map_err(|e| TestCaseError::fail(format!("mirror: {e}")))?;
    if let Some(caption) = &page.lead {
        prop_assert!(text.contains(&squeeze(caption)), "lead caption");
        prop_assert!(mirror.contains(&page.lead_src()), "lead image");
    }
    for r in &page.related {
        prop_assert!(text.contains(&squeeze(r)), "related title {:?}", r);
    }

    let markdown = render::to_string(&article, Format::Markdown, &options)
        .map_err(|e| TestCaseError::fail(format!("markdown: {e}")))?;
    let md_text = all_text(&Html::parse_document(&markdown_to_html(&markdown)));
    in_order(&md_text, &expected)
        .map_err(|e| TestCaseError::fail(format!("markdown: {e}\n{markdown}")))?;

    let json = render::to_string(&article, Format::Json, &options)
        .map_err(|e| TestCaseError::fail(format!("json: {e}")))?;
    let back: Article = serde_json::from_str(&json)
        .map_err(|e| TestCaseError::fail(format!("json does not read back: {e}")))?;
    prop_assert_eq!(&back, &article);

    // The figures are figures, with their images.
    let figures = page
        .body
        .iter()
        .filter(|b| matches!(b, GenBlock::Figure { .. }))
        .count();
    let model_figures = article
        .body
        .iter()
        .filter(|b| matches!(b, Block::Figure { .. }))
        .count();
    prop_assert_eq!(model_figures, figures);
    Ok(())
}

proptest! {
    // A failure prints its minimal page; it becomes a plain test here rather than a
    // `.proptest-regressions` file.
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_pages_convert_faithfully(page in gen_page()) {
        check(&page)?;
    }
}

/// The properties can fail: a page whose story lost a paragraph, and one whose title differs.
#[test]
fn the_check_fails_when_text_is_lost() {
    let page = GenPage {
        layout: Layout::Djy,
        b5: false,
        id: 14_200_001,
        title: "标题 <b>".into(),
        lead: Some("图说 & \"引号\"".into()),
        body: vec![
            GenBlock::Paragraph(vec![Inline::Text("第一段 a<b>&amp;".into())]),
            GenBlock::Paragraph(vec![Inline::Strong(vec![Inline::Link(
                HREFS[0],
                vec![Inline::Text("第二段".into()), Inline::Br],
            )])]),
        ],
        related: vec!["相邻".into()],
    };
    check(&page).expect("the page itself passes");
    let mut lost = page.clone();
    lost.body.push(GenBlock::Paragraph(vec![Inline::Text(
        "页面上没有的段落".into(),
    )]));
    // Build the page without the last paragraph, but expect it.
    let html = page.html();
    let article = extract(html.as_bytes(), &ExtractOptions::default()).unwrap();
    let mirror = render::to_string(&article, Format::Mirror, &RenderOptions::default()).unwrap();
    let text = all_text(&Html::parse_document(&mirror));
    assert!(in_order(&text, &lost.expected_texts()).is_err());
    // Order matters too.
    let mut swapped = page.expected_texts();
    swapped.reverse();
    assert!(in_order(&text, &swapped).is_err());
}
