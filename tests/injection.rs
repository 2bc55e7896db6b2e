//! No injection (issue 12, part 6): whatever a page puts in any place the extractor reads — the
//! title, the caption, the body text, link text and targets, image sources and alt text, the
//! related and hot lists, the tags, the editor line — no output format carries executable markup
//! or an unsafe URL, and the text still reads as the page meant it.
//!
//! Every check PARSES the output, as a browser (or GitHub) would:
//!
//! * **mirror**: `scraper` (html5ever) parses the file; every element is walked
//!   (`oracle::executable`, shared with the fuzzer): no `script`, `iframe`, `object`, `embed`,
//!   `style`, `svg`, `math`, `frame`, `textarea`, … element, no `on*`, `srcdoc` or `style`
//!   attribute, no comment node, and every URL-valued attribute (`href`, `src`, `action`, `data`,
//!   `poster`, …) parses with the WHATWG URL parser (`url::Url`, which strips tabs and newlines as
//!   browsers do; the HTML parser already decoded the entities) to an `http`, `https` or `mailto`
//!   URL.
//! * **markdown**: rendered with `comrak` (CommonMark, raw HTML *kept*: `render.unsafe`), then the
//!   same walk.
//! * **json**: valid JSON that reads back into an `Article` whose fields hold the hostile text as
//!   text (what a consumer does with it is the consumer's business).
//!
//! And in the mirror and in the Markdown the parsed *text* (entities decoded, whitespace
//! collapsed) contains every hostile text the page showed as text, literally.

use std::collections::BTreeSet;

use ego_tree::NodeRef;
use newsmirror::{Article, ExtractOptions, Format, RenderOptions, extract, render};
use scraper::{Html, Node};

#[path = "regressions/oracle.rs"]
mod oracle;
use oracle::{executable, markdown_to_html};

const URL: &str = "https://www.epochtimes.com/gb/24/3/5/n14200001.htm";

/// Text that looks like markup, as the page shows it (the page escapes it; the reader sees these
/// characters).
const HOSTILE_TEXT: &[&str] = &[
    "</h2><script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "\"><svg onload=alert(3)>",
    "'><iframe srcdoc=\"<script>alert(4)</script>\"></iframe>",
    "<!-- 注释 --> 以及 <!--",
    "</textarea><script>alert(5)</script>",
    "</title></style></noscript></h6><script>alert(6)</script>",
    "javascript:alert(7)",
    "a=\"b\" onclick='c' > d",
    "&lt;script&gt; &amp;amp; &#106; &quot;",
    "*强调* _下划线_ [链接](javascript:alert(8)) `代码` | 管道 $x$ ~~删~~ \\ # 标题",
    "<a href=\"javascript:alert(9)\">点我</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)>",
];

/// Link and image targets as written in the page's attribute (already valid inside `"…"`;
/// the HTML parser decodes their entities before anyone sees them).
const HOSTILE_URLS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "&#106;avascript:alert(3)",
    "&#x6A;avascript&#x3A;alert(4)",
    "&#0000106&#0000097vascript:alert(5)",
    "java\tscript:alert(6)",
    "java&#9;script:alert(7)",
    "java\nscript:alert(8)",
    "java&#x0A;script:alert(9)",
    " \u{1}javascript:alert(10)",
    "\u{C}javascript:alert(11)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=",
    "DaTa:image/svg+xml,&lt;svg onload=alert(13)&gt;",
    "vbscript:msgbox(14)",
    "https://example.com/&quot;onmouseover=&quot;alert(15)",
    "https://example.com/'><script>alert(16)</script>",
    "https://example.com/&quot;&gt;&lt;script&gt;alert(17)&lt;/script&gt;",
    "//evil.example/x",
];

// ------------------------------------------------------------------------------------------------
// The page
// ------------------------------------------------------------------------------------------------

/// HTML text: what must be escaped so the page shows `s` literally.
fn text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Clone, Copy, Debug)]
enum Layout {
    Djy,
    New,
}

/// What goes where. Text fields are shown as text (escaped); `body_html` and the URLs are inserted
/// as they are.
#[derive(Default)]
struct Spec {
    title: String,
    caption: String,
    lead_src: String,
    lead_alt: String,
    body_html: String,
    related: Vec<(String, String)>,
    hot: Vec<(String, String)>,
    tags: Vec<String>,
    editor: String,
}

fn list(items: &[(String, String)]) -> String {
    items
        .iter()
        .map(|(url, title)| format!("<li><a href=\"{url}\">{}</a></li>", text(title)))
        .collect()
}

fn page(spec: &Spec, layout: Layout) -> String {
    let title = text(&spec.title);
    let lead = format!(
        "<div class=\"featured_image\"><a href=\"{src}\"><img class=\"lazy\" src=\"/assets/themes/djy/images/white.png\" data-src=\"{src}\" alt=\"{alt}\"></a><div class=\"caption\">{caption}</div></div>",
        src = spec.lead_src,
        alt = text(&spec.lead_alt),
        caption = text(&spec.caption)
    );
    let tags: String = spec
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "<a href=\"https://www.epochtimes.com/gb/tag/t{i}.html\" rel=\"tag\">{}</a>",
                text(t)
            )
        })
        .collect();
    let editor = format!("<p>（责任编辑：{}）</p>", text(&spec.editor));
    let hot = format!(
        "<div class=\"box\"><div class=\"block-wrap\"><div class=\"box_header boxTitle\">热门新闻</div><ul>{}</ul></div></div>",
        list(&spec.hot)
    );
    let head = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} | 大纪元</title><link rel=\"canonical\" href=\"{URL}\"></head><body>"
    );
    match layout {
        Layout::Djy => format!(
            "{head}<div class=\"arttop\"><h1 class=\"title\">{title}</h1></div><div id=\"artbody\"><div class=\"mbottom10\"><time datetime=\"2024-03-05T08:00:00-05:00\">更新</time>{tags}</div>{lead}<!-- article content begin -->\n{body}\n{editor}\n<!-- article content end --><div id=\"recommend_post\"><div class=\"title\">相关新闻</div><ul>{related}</ul></div></div>{hot}</body></html>",
            body = spec.body_html,
            related = list(&spec.related),
        ),
        Layout::New => format!(
            "{head}<div class=\"main_content\"><div class=\"titles\"><h1>{title}</h1></div><div class=\"info\"><time datetime=\"2024-03-05T08:00:00-05:00\">更新</time></div>{lead}<div class=\"post_content\" itemprop=\"articleBody\">\n{body}\n{editor}\n</div><div class=\"post_tags\">{tags}</div><div class=\"post_related\"><h3>相关新闻</h3><ul>{related}</ul></div></div>{hot}</body></html>",
            body = spec.body_html,
            related = list(&spec.related),
        ),
    }
}

/// A page with `hostile` as text in every place that shows text, and `url` as the target of every
/// link and image.
fn everywhere(hostile: &str, url: &str) -> Spec {
    let t = text(hostile);
    Spec {
        title: format!("标题{hostile}"),
        caption: format!("图说{hostile}"),
        lead_src: url.to_string(),
        lead_alt: format!("替代{hostile}"),
        body_html: format!(
            "<p>正文{t}</p>\n<p>链接：<a href=\"{url}\">链接文字{t}</a>，<a href=\"https://www.epochtimes.com/gb/24/3/4/n14200000.htm\" title=\"{t}\">好链接{t}</a></p>\n<h2>小标题{t}</h2>\n<figure><a href=\"{url}\"><img src=\"{url}\" alt=\"{t}\"></a><figcaption>图片说明{t}</figcaption></figure>\n<figure><img src=\"https://i.epochtimes.com/assets/uploads/2024/03/a.jpg\" alt=\"替代文字{t}\"><figcaption>第二图{t}</figcaption></figure>\n<ul><li>列表{t}</li></ul>\n<blockquote>引文{t}</blockquote>\n<table><tr><th>表头{t}</th></tr><tr><td>表格{t}</td></tr></table>\n<iframe src=\"{url}\"></iframe>"
        ),
        related: vec![
            (url.to_string(), format!("相关{hostile}")),
            (
                "https://www.epochtimes.com/gb/24/3/1/n14199990.htm".to_string(),
                format!("相关二{hostile}"),
            ),
        ],
        hot: vec![
            (url.to_string(), format!("热门{hostile}")),
            (
                "https://www.epochtimes.com/gb/24/3/2/n14199991.htm".to_string(),
                format!("热门二{hostile}"),
            ),
        ],
        tags: vec![format!("标签{hostile}")],
        editor: format!("王小明{hostile}"),
    }
}

/// Real markup in the body (not text): what it says must not survive as markup.
const HOSTILE_MARKUP: &[&str] = &[
    "<p>前<script>alert(1)</script>后</p>",
    "<p>图<img src=x onerror=alert(2)>后</p>",
    "<p><img src=\"https://i.epochtimes.com/a.jpg\" onerror=\"alert(3)\" onload=alert(3)></p>",
    "<p>矢量<svg onload=alert(4)><circle r=1 /><script>alert(4)</script></svg>后</p>",
    "<p>框架<iframe srcdoc=\"&lt;script&gt;alert(5)&lt;/script&gt;\"></iframe>后</p>",
    "<p>对象<object data=\"javascript:alert(6)\"><embed src=\"javascript:alert(6)\"></object>后</p>",
    "<p>文本框<textarea></p><script>alert(7)</script></textarea>后</p>",
    "<p>样式<style>*{x:expression(alert(8))}</style><span style=\"background:url(javascript:alert(8))\">后</span></p>",
    "<p><a href=\"javascript:alert(9)\" onclick=\"alert(9)\">点我</a> <a href=\" JAVASCRIPT:alert(9)\">再点</a></p>",
    "<p><a href=\"https://example.com/x\" onmouseover=\"alert(10)\" style=\"position:fixed\">外链</a></p>",
    "<p>数学<math><mtext><table><mglyph><style><img src=x onerror=alert(11)></style></mglyph></table></mtext></math>后</p>",
    "<p>注释<!-- <script>alert(12)</script> -->后</p>",
    "<p>模板<template><script>alert(13)</script></template>后</p>",
    "<form action=\"javascript:alert(14)\"><button formaction=\"javascript:alert(14)\">按钮</button></form>",
    "<p><noscript><p title=\"</noscript><img src=x onerror=alert(15)>\"></noscript>后</p>",
    "<base href=\"javascript:alert(16)//\"><p><a href=\"/gb/24/3/4/n14200000.htm\">相对</a></p>",
    "<p><img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTcpPg==\" alt=\"数据\"></p>",
    "<p><a href=\"&#x6A;avascript:alert(18)\">实体</a><a href=\"java&#x09;script:alert(18)\">制表</a></p>",
    "<xmp><script>alert(19)</script></xmp><plaintext><script>alert(20)</script>",
];

// ------------------------------------------------------------------------------------------------
// The checks
// ------------------------------------------------------------------------------------------------

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All text of a parsed document, whitespace collapsed.
fn text_of(html: &Html) -> String {
    let mut s = String::new();
    collect_text(html.tree.root(), &mut s);
    collapse(&s)
}

fn collect_text(node: NodeRef<'_, Node>, out: &mut String) {
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
            out.push(' ');
        }
    }
}

struct Outputs {
    article: Article,
    mirror: Html,
    markdown: Html,
    json: String,
}

/// Converts `page` to every format, asserts that nothing executable survives in any of them, and
/// returns the parsed outputs.
fn convert_clean(page: &str, what: &str) -> Outputs {
    let article = extract(page.as_bytes(), &ExtractOptions::default())
        .unwrap_or_else(|e| panic!("{what}: not extracted: {e}"));
    let options = RenderOptions::default();
    let mirror = render::to_string(&article, Format::Mirror, &options).unwrap();
    let markdown = render::to_string(&article, Format::Markdown, &options).unwrap();
    let json = render::to_string(&article, Format::Json, &options).unwrap();

    let mirror_html = Html::parse_document(&mirror);
    let bad = executable(&mirror_html);
    assert!(bad.is_empty(), "{what}: mirror file has {bad:?}\n{mirror}");
    let markdown_html = Html::parse_document(&markdown_to_html(&markdown));
    let bad = executable(&markdown_html);
    assert!(
        bad.is_empty(),
        "{what}: markdown renders {bad:?}\n{markdown}"
    );
    // And what holds for any input (every format, also with `charset_safe: Gbk`).
    oracle::convert(page.as_bytes());
    serde_json::from_str::<serde_json::Value>(&json)
        .unwrap_or_else(|e| panic!("{what}: invalid JSON: {e}"));
    let back: Article = serde_json::from_str(&json).unwrap();
    assert_eq!(back, article, "{what}: JSON reads back");
    Outputs {
        article,
        mirror: mirror_html,
        markdown: markdown_html,
        json,
    }
}

// ------------------------------------------------------------------------------------------------
// The tests
// ------------------------------------------------------------------------------------------------

/// Hostile text in every place, each hostile URL once: nothing executable, the text reads as the
/// page meant it.
#[test]
fn hostile_text_everywhere_stays_text() {
    for layout in [Layout::Djy, Layout::New] {
        for (i, hostile) in HOSTILE_TEXT.iter().enumerate() {
            let url = HOSTILE_URLS[i % HOSTILE_URLS.len()];
            let mut spec = everywhere(hostile, url);
            // A lead image without a usable source is no lead image, and its caption goes with
            // it (a diagnostic says so): the caption is tested with a good image.
            spec.lead_src = "https://i.epochtimes.com/assets/uploads/2024/03/lead.jpg".into();
            let what = format!("{layout:?} text #{i} {hostile:?} with url {url:?}");
            let out = convert_clean(&page(&spec, layout), &what);
            let h = collapse(hostile);

            // The model holds the text as text.
            let a = &out.article;
            assert_eq!(a.title, collapse(&spec.title), "{what}: title");
            assert_eq!(
                a.tags,
                [collapse(&spec.tags[0])],
                "{what}: tags (JSON only)"
            );
            // The editor's name ends where the editor-line pattern says (at a space or bracket);
            // what the model keeps is the start of what the line shows.
            let editor = a.editor.as_deref().unwrap_or_default();
            assert!(
                editor.starts_with("王小明") && collapse(&spec.editor).starts_with(editor),
                "{what}: editor {editor:?}"
            );
            // A list item whose URL is unusable may be dropped by the extractor; the others keep
            // their titles as text.
            for (list, spec_list, name) in [
                (&a.related, &spec.related, "related"),
                (&a.hot, &spec.hot, "hot"),
            ] {
                let titles: Vec<String> = spec_list.iter().map(|(_, t)| collapse(t)).collect();
                assert!(
                    list.iter().all(|r| titles.contains(&r.title)),
                    "{what}: {name} titles {list:?}"
                );
                assert!(
                    list.iter().any(|r| r.title == titles[1]),
                    "{what}: {name} list lacks its safe item"
                );
            }
            // The JSON holds it (as JSON string escapes of the same text).
            assert!(
                out.json
                    .contains(&serde_json::to_string(&a.title).unwrap()[1..]),
                "{what}: JSON title"
            );

            // Both rendered documents show every text literally.
            let mirror_text = text_of(&out.mirror);
            let md_text = text_of(&out.markdown);
            let expected = vec![
                format!("标题{h}"),
                format!("正文{h}"),
                format!("链接文字{h}"),
                format!("好链接{h}"),
                format!("小标题{h}"),
                format!("图片说明{h}"),
                format!("第二图{h}"),
                format!("列表{h}"),
                format!("引文{h}"),
                format!("表头{h}"),
                format!("表格{h}"),
                format!("（责任编辑：王小明{h}）"),
                format!("相关二{h}"),
                format!("热门二{h}"),
            ];
            for (doc, name) in [(&mirror_text, "mirror"), (&md_text, "markdown")] {
                for e in &expected {
                    assert!(
                        doc.contains(e.as_str()),
                        "{what}: the {name} text lacks {e:?}:\n{doc}"
                    );
                }
            }
            // The lead caption is in both.
            assert_eq!(
                a.lead_image.as_ref().map(|l| l.caption.as_str()),
                Some(collapse(&spec.caption).as_str()),
                "{what}: caption in the model"
            );
            assert!(mirror_text.contains(&format!("图说{h}")), "{what}: caption");
            assert!(md_text.contains(&format!("图说{h}")), "{what}: caption");
            // The second figure's alt text (a safe image) reaches the markdown's <img alt>.
            let alts: Vec<String> = out
                .markdown
                .select(&scraper::Selector::parse("img[alt]").unwrap())
                .map(|e| collapse(e.value().attr("alt").unwrap()))
                .collect();
            assert!(
                alts.iter().any(|a| a == &format!("替代文字{h}")),
                "{what}: figure alt in markdown: {alts:?}"
            );
            let alts: Vec<String> = out
                .mirror
                .select(&scraper::Selector::parse("img[alt]").unwrap())
                .map(|e| collapse(e.value().attr("alt").unwrap()))
                .collect();
            assert!(
                alts.iter().any(|a| a == &format!("替代文字{h}")),
                "{what}: figure alt in mirror: {alts:?}"
            );
        }
    }
}

/// Every hostile URL in every link and image place: none is written, whatever its spelling; the
/// link text is kept; the safe links next to them still work.
#[test]
fn hostile_urls_never_become_targets() {
    for layout in [Layout::Djy, Layout::New] {
        for (i, url) in HOSTILE_URLS.iter().enumerate() {
            let spec = everywhere("文字", url);
            let what = format!("{layout:?} url #{i} {url:?}");
            let out = convert_clean(&page(&spec, layout), &what);
            let mirror_text = text_of(&out.mirror);
            let md_text = text_of(&out.markdown);
            for doc in [&mirror_text, &md_text] {
                assert!(doc.contains("链接文字文字"), "{what}: link text kept");
                assert!(doc.contains("相关二文字"), "{what}: related kept");
            }
            // The safe body link is still a link, rewritten into the mirror.
            let hrefs = |doc: &Html| -> BTreeSet<String> {
                doc.select(&scraper::Selector::parse("a[href]").unwrap())
                    .map(|e| e.value().attr("href").unwrap().to_string())
                    .collect()
            };
            for (doc, name) in [(&out.mirror, "mirror"), (&out.markdown, "markdown")] {
                assert!(
                    hrefs(doc)
                        .iter()
                        .any(|h| h.starts_with("https://github.com/") && h.contains("n14200000")),
                    "{what}: the safe body link is gone from the {name}"
                );
            }
        }
    }
}

/// Real hostile markup in the story: executable parts are gone, the text around them is kept.
#[test]
fn hostile_markup_in_the_body_is_neutralised() {
    for layout in [Layout::Djy, Layout::New] {
        for (i, markup) in HOSTILE_MARKUP.iter().enumerate() {
            let spec = Spec {
                title: "标题".into(),
                body_html: format!("<p>开头段落。</p>\n{markup}\n<p>结尾段落。</p>"),
                editor: "王小明".into(),
                lead_src: "https://i.epochtimes.com/assets/uploads/2024/03/lead.jpg".into(),
                ..Spec::default()
            };
            let what = format!("{layout:?} markup #{i} {markup:?}");
            let out = convert_clean(&page(&spec, layout), &what);
            for doc in [text_of(&out.mirror), text_of(&out.markdown)] {
                assert!(doc.contains("开头段落。"), "{what}: text before");
                // `<plaintext>` swallows the rest of the page: nothing after it is on the page.
                if !markup.contains("<plaintext>") {
                    assert!(doc.contains("结尾段落。"), "{what}: text after");
                }
                for word in ["前", "后", "点我", "外链", "相对"] {
                    if markup.contains(&format!(">{word}<"))
                        || markup.contains(&format!("{word}</"))
                    {
                        assert!(doc.contains(word), "{what}: {word} kept");
                    }
                }
            }
        }
    }
}

/// URLs as a hand-built model may hold them (decoded: what the page's entities and the extractor
/// would leave, and worse).
const MODEL_URLS: &[&str] = &[
    "javascript:alert(1)",
    " JAVASCRIPT:alert(2)",
    "\u{1}javascript:alert(3)",
    "\u{C}\u{0}javascript:alert(4)",
    "java\tscript:alert(5)",
    "java\nscript:alert(6)",
    "java\rscript:alert(7)",
    "jav&#x61;script:alert(8)",
    "data:text/html,<script>alert(9)</script>",
    "vbscript:msgbox(10)",
    "//evil.example/x",
    "/gb/relative.htm",
    "https://example.com/\"onmouseover=\"alert(11)",
    "https://example.com/'><script>alert(12)</script>",
    "https://example.com/ onerror=alert(13)",
    "\u{2028}javascript:alert(14)",
    "\u{FEFF}javascript:alert(15)",
];

/// Every URL field of a model set to a hostile URL: no renderer writes it as a target.
#[test]
fn hostile_urls_in_a_hand_built_model_are_never_written() {
    use newsmirror::{Block, Inline};

    fn links(content: &mut [Inline], url: &str) {
        for i in content {
            match i {
                Inline::Link { href, content } => {
                    *href = url.to_string();
                    links(content, url);
                }
                Inline::Strong { content } | Inline::Em { content } => links(content, url),
                Inline::Text { .. } | Inline::Br => {}
                other => unreachable!("{other:?}: an inline this test does not know"),
            }
        }
    }

    let spec = everywhere("文字", "https://www.epochtimes.com/gb/24/3/3/n14199992.htm");
    let clean = extract(
        page(&spec, Layout::Djy).as_bytes(),
        &ExtractOptions::default(),
    )
    .unwrap();
    assert!(clean.lead_image.is_some() && clean.related.len() == 2 && clean.hot.len() == 2);
    assert!(clean.body.iter().any(|b| matches!(b, Block::Embed { .. })));
    for url in MODEL_URLS {
        for original_too in [false, true] {
            let mut a = clean.clone();
            if original_too {
                a.url = url.to_string();
            }
            a.lead_image.as_mut().unwrap().src = url.to_string();
            for item in a.related.iter_mut().chain(a.hot.iter_mut()) {
                item.url = url.to_string();
            }
            for block in &mut a.body {
                match block {
                    Block::Paragraph { content }
                    | Block::Heading { content, .. }
                    | Block::Quote { content } => links(content, url),
                    Block::Figure {
                        src, link, caption, ..
                    } => {
                        *src = url.to_string();
                        *link = Some(url.to_string());
                        links(caption, url);
                    }
                    Block::List { items, .. } => items.iter_mut().for_each(|i| links(i, url)),
                    Block::Table { rows, .. } => {
                        rows.iter_mut().flatten().for_each(|c| links(c, url))
                    }
                    Block::Embed { url: u, .. } => *u = url.to_string(),
                    other => unreachable!("{other:?}: a block this test does not know"),
                }
            }
            let what = format!("model url {url:?} (article url too: {original_too})");
            let options = RenderOptions::default();
            match render::to_string(&a, Format::Mirror, &options) {
                Ok(mirror) => {
                    let bad = executable(&Html::parse_document(&mirror));
                    assert!(bad.is_empty(), "{what}: mirror has {bad:?}");
                    assert!(text_of(&Html::parse_document(&mirror)).contains("链接文字文字"));
                }
                Err(newsmirror::Error::NotMirrorable { .. }) if original_too => {}
                Err(e) => panic!("{what}: mirror: {e}"),
            }
            let md = render::to_string(&a, Format::Markdown, &options).unwrap();
            let html = Html::parse_document(&markdown_to_html(&md));
            let bad = executable(&html);
            assert!(bad.is_empty(), "{what}: markdown renders {bad:?}\n{md}");
            assert!(
                text_of(&html).contains("链接文字文字"),
                "{what}: link text kept"
            );
        }
    }
}

/// The checker itself: each kind of executable output is caught (so the tests above can fail).
#[test]
fn the_checker_catches_executable_output() {
    let dirty = [
        "<p>x<script>alert(1)</script></p>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"java&#9;script:alert(1)\">x</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=\"  javascript:alert(1)\">x</a>",
        "<img src=\"data:image/png;base64,AA\">",
        "<a href=\"/relative\">x</a>",
        "<svg><circle/></svg>",
        "<iframe srcdoc=x></iframe>",
        "<p style=\"x\">y</p>",
        "<!-- c -->",
        "<form action=x></form>",
    ];
    for d in dirty {
        assert!(
            !executable(&Html::parse_document(d)).is_empty(),
            "not caught: {d}"
        );
    }
    let clean = "<p><a href=\"https://x.example/\">a</a><a href=\"mailto:a@b.example\">b</a><img src=\"http://i.example/x.jpg\" alt=\"&lt;script&gt;\"></p>";
    assert_eq!(
        executable(&Html::parse_document(clean)),
        Vec::<String>::new()
    );
    assert_eq!(
        text_of(&Html::parse_document("<p>&lt;script&gt;\n a</p>")),
        "<script> a"
    );
}
