use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate};

use super::document::paragraph;
use super::normalize::{Node, normalized};
use super::write;
use crate::linkmap::LinkMap;
use crate::model::{Article, Block, Edition, EmbedKind, Inline, LeadImage, LinkItem, Site};
use crate::render::images::ImagePolicy;

const URL: &str = "https://www.epochtimes.com/gb/25/8/20/n14577375.htm";

fn article(body: Vec<Block>) -> Article {
    Article {
        url: URL.into(),
        site: Site::Epochtimes,
        edition: Edition::Gb,
        id: "n14577375".into(),
        extraction: Default::default(),
        title: "标题".into(),
        dateline: None,
        published: None,
        updated: None,
        lead_image: None,
        lead_video: None,
        body,
        editor: None,
        tags: vec![],
        category: None,
        related: vec![],
        hot: vec![],
        diagnostics: vec![],
        provenance: Default::default(),
        decoding: None,
    }
}

fn md(article: &Article) -> String {
    let mut out = Vec::new();
    write(article, &LinkMap::default(), &ImagePolicy::Keep, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Markdown → HTML as GitHub would see it: tables on, raw HTML kept (so that escaping is
/// really tested, and the `<strong>`/`<em>` fallback renders).
fn html(md: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.render.r#unsafe = true;
    comrak::markdown_to_html(md, &options)
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(s: &str) -> Inline {
    Inline::text(s)
}

fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph { content }
}

fn strong(content: Vec<Inline>) -> Inline {
    Inline::Strong { content }
}

fn em(content: Vec<Inline>) -> Inline {
    Inline::Em { content }
}

fn link(href: &str, content: Vec<Inline>) -> Inline {
    Inline::Link {
        href: href.into(),
        content,
    }
}

/// The Markdown of the body blocks only (between the title and the `原文` line).
fn body_md(body: Vec<Block>) -> String {
    let doc = md(&article(body));
    let start = doc.find("\n\n").unwrap() + 2;
    let end = doc.rfind("\n\n原文：").unwrap();
    doc[start..end].to_string()
}

/// The HTML of the body blocks only.
fn body_html(body: Vec<Block>) -> String {
    let out = html(&md(&article(body)));
    let start = out.find("</h1>\n").unwrap() + 6;
    let end = out.rfind("<p>原文：").unwrap();
    out[start..end].to_string()
}

const TRICKY: &[&str] = &[
    "*not emphasis*",
    "**not strong**",
    "_not emphasis_",
    "1. not a list",
    "1) not a list",
    "2024. not a list",
    "- not a list",
    "+ not a list",
    "* not a list",
    "# not a heading",
    "###### not a heading",
    "> not a quote",
    "<script>alert(1)</script>",
    "<div>not html</div>",
    "[x](javascript:alert(1))",
    "![x](https://example.com/x.png)",
    "[x]: https://example.com",
    "&amp; &copy; &#65; &#x41; AT&T &",
    "`not code`",
    "```",
    "~~not struck~~",
    "a | b | c",
    "---",
    "===",
    "***",
    "___",
    "    not code",
    "<https://example.com>",
    "back\\slash \\* \\",
    "trailing bang!",
    "价格 $5 到 $10",
    "a\\",
    "　　全角空格开头",
    "“引号”和（括号）",
    "3.5% 增长",
];

#[test]
fn document_shape() {
    let mut a = article(vec![
        para(vec![text("【大纪元2025年08月20日讯】正文。")]),
        Block::Heading {
            level: 1,
            content: vec![text("小标题")],
        },
        Block::Heading {
            level: 3,
            content: vec![text("三级")],
        },
        Block::List {
            ordered: true,
            items: vec![vec![text("一")], vec![text("二")]],
        },
        Block::Quote {
            content: vec![text("引文"), Inline::Br, text("第二行")],
        },
        Block::Embed {
            kind: EmbedKind::Video,
            url: "https://www.youtube.com/embed/abc".into(),
        },
        Block::Embed {
            kind: EmbedKind::Tweet,
            url: "https://twitter.com/x/status/1".into(),
        },
        Block::Embed {
            kind: EmbedKind::Other,
            url: "https://example.com/frame".into(),
        },
    ]);
    a.updated = Some(DateTime::parse_from_rfc3339("2025-08-20T10:05:00+08:00").unwrap());
    a.lead_image = Some(LeadImage {
        alt: String::new(),
        src: "https://i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg".into(),
        caption: "图说。（Getty Images）".into(),
    });
    a.related = vec![LinkItem {
        title: "相关一".into(),
        url: "https://www.epochtimes.com/gb/25/8/19/n1.htm".into(),
    }];
    a.hot = vec![LinkItem {
        title: "热门一".into(),
        url: "https://www.epochtimes.com/gb/25/8/18/n2.htm".into(),
    }];
    let links = LinkMap::default();
    let r1 = links.rewrite("https://www.epochtimes.com/gb/25/8/19/n1.htm", None);
    let r1 = r1
        .as_deref()
        .unwrap_or("https://www.epochtimes.com/gb/25/8/19/n1.htm");
    let r2 = links.rewrite("https://www.epochtimes.com/gb/25/8/18/n2.htm", None);
    let r2 = r2
        .as_deref()
        .unwrap_or("https://www.epochtimes.com/gb/25/8/18/n2.htm");
    let expected = format!(
        "# 标题

更新时间：2025-08-20 10:05 +08:00

![图说。（Getty Images）](https://i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg)

*图说。（Getty Images）*

【大纪元2025年08月20日讯】正文。

## 小标题

### 三级

1. 一
2. 二

> 引文\\
> 第二行

[视频：https://www.youtube.com/embed/abc](https://www.youtube.com/embed/abc)

[推文：https://twitter.com/x/status/1](https://twitter.com/x/status/1)

[嵌入内容：https://example.com/frame](https://example.com/frame)

## 相关新闻

- [相关一]({r1})

## 热门新闻

- [热门一]({r2})

原文：[标题]({URL})
"
    );
    assert_eq!(md(&a), expected);

    let out = html(&expected);
    assert!(out.contains("<h1>标题</h1>"), "{out}");
    assert!(out.contains("<h2>小标题</h2>"), "{out}");
    assert!(out.contains("<h3>三级</h3>"), "{out}");
    assert!(
        out.contains("<p><em>图说。（Getty Images）</em></p>"),
        "{out}"
    );
    assert!(
        out.contains("<ol>\n<li>一</li>\n<li>二</li>\n</ol>"),
        "{out}"
    );
    assert!(
        out.contains("<blockquote>\n<p>引文<br />\n第二行</p>\n</blockquote>"),
        "{out}"
    );
    assert!(
        out.contains(&format!("<p>原文：<a href=\"{URL}\">标题</a></p>")),
        "{out}"
    );
    assert!(
        out.contains(&format!("<li><a href=\"{r1}\">相关一</a></li>")),
        "{out}"
    );
}

#[test]
fn b5_labels() {
    let mut a = article(vec![Block::Embed {
        kind: EmbedKind::Other,
        url: "https://example.com/f".into(),
    }]);
    a.edition = Edition::B5;
    a.published = NaiveDate::from_ymd_opt(2025, 8, 20);
    a.related = vec![LinkItem {
        title: "相關".into(),
        url: "https://example.com/1".into(),
    }];
    a.hot = vec![LinkItem {
        title: "熱門".into(),
        url: "https://example.com/2".into(),
    }];
    let out = md(&a);
    assert!(out.contains("\n\n發布日期：2025-08-20\n\n"), "{out}");
    assert!(
        out.contains("\n\n## 相關新聞\n\n- [相關](https://example.com/1)\n\n"),
        "{out}"
    );
    assert!(
        out.contains("\n\n## 熱門新聞\n\n- [熱門](https://example.com/2)\n\n"),
        "{out}"
    );
    assert!(
        out.contains("[嵌入內容：https://example.com/f](https://example.com/f)"),
        "{out}"
    );
    let out = html(&out);
    assert!(
        out.contains("<h2>相關新聞</h2>") && out.contains("<h2>熱門新聞</h2>"),
        "{out}"
    );
}

#[test]
fn empty_sections_are_left_out() {
    let a = article(vec![
        para(vec![]),
        para(vec![text("  "), Inline::Br]),
        Block::Table {
            header: true,
            rows: vec![],
        },
    ]);
    assert_eq!(md(&a), format!("# 标题\n\n原文：[标题]({URL})\n"));
}

#[test]
fn text_is_literal_everywhere() {
    for &s in TRICKY {
        // Whitespace at the edges of a block is dropped; after a line break, spaces are.
        let literal = esc(s.trim_start());
        let line = esc(s.trim_start_matches(' '));
        // Paragraph, at its start and in the middle.
        let out = body_html(vec![para(vec![text(s)])]);
        assert_eq!(out, format!("<p>{literal}</p>\n"), "{s:?}");
        let out = body_html(vec![para(vec![
            text("前"),
            Inline::Br,
            text(s),
            Inline::Br,
            text("后"),
        ])]);
        assert_eq!(out, format!("<p>前<br />\n{line}<br />\n后</p>\n"), "{s:?}");
        // Heading.
        let out = body_html(vec![Block::Heading {
            level: 2,
            content: vec![text(s)],
        }]);
        assert_eq!(out, format!("<h2>{literal}</h2>\n"), "{s:?}");
        // List item, with a second line.
        let out = body_html(vec![Block::List {
            ordered: false,
            items: vec![vec![text(s), Inline::Br, text(s)]],
        }]);
        assert_eq!(
            out,
            format!("<ul>\n<li>{literal}<br />\n{line}</li>\n</ul>\n"),
            "{s:?}"
        );
        let out = body_html(vec![Block::List {
            ordered: true,
            items: vec![vec![text(s)]],
        }]);
        assert_eq!(out, format!("<ol>\n<li>{literal}</li>\n</ol>\n"), "{s:?}");
        // Quote, with a second line.
        let out = body_html(vec![Block::Quote {
            content: vec![text(s), Inline::Br, text(s)],
        }]);
        assert_eq!(
            out,
            format!("<blockquote>\n<p>{literal}<br />\n{line}</p>\n</blockquote>\n"),
            "{s:?}"
        );
        // Link text and emphasis.
        let out = body_html(vec![para(vec![
            text("看"),
            link("https://example.com/", vec![text(s)]),
        ])]);
        let lead = &s[..s.len() - s.trim_start().len()];
        assert_eq!(
            out,
            format!("<p>看{lead}<a href=\"https://example.com/\">{literal}</a></p>\n"),
            "{s:?}"
        );
        for kind in ["strong", "em"] {
            let wrapped = if kind == "strong" {
                strong(vec![text(s)])
            } else {
                em(vec![text(s)])
            };
            let out = body_html(vec![para(vec![text("看"), wrapped, text("吧")])]);
            assert_eq!(
                out,
                format!("<p>看{lead}<{kind}>{literal}</{kind}>吧</p>\n"),
                "{s:?}"
            );
        }
        // Table cell.
        let out = body_html(vec![Block::Table {
            header: true,
            rows: vec![vec![vec![text("h")]], vec![vec![text(s)]]],
        }]);
        let cell = esc(s.trim());
        assert!(out.contains(&format!("<td>{cell}</td>")), "{s:?}: {out}");
    }
}

#[test]
fn escaping_in_markdown() {
    assert_eq!(
        body_md(vec![para(vec![text("*not emphasis*")])]),
        "\\*not emphasis\\*"
    );
    assert_eq!(
        body_md(vec![para(vec![text("1. not a list")])]),
        "1\\. not a list"
    );
    assert_eq!(
        body_md(vec![para(vec![text("# not a heading")])]),
        "\\# not a heading"
    );
    assert_eq!(body_md(vec![para(vec![text("- a-b")])]), "\\- a-b");
    assert_eq!(
        body_md(vec![para(vec![text("&amp; AT&T")])]),
        "\\&amp; AT&T"
    );
    assert_eq!(body_md(vec![para(vec![text("3.5")])]), "3.5");
    assert_eq!(
        body_md(vec![para(vec![text("<script>alert(1)</script>")])]),
        "\\<script\\>alert(1)\\</script\\>"
    );
    assert_eq!(
        body_md(vec![para(vec![text("[x](javascript:alert(1))")])]),
        "\\[x\\](javascript:alert(1))"
    );
    // Control characters never become line breaks.
    assert_eq!(body_md(vec![para(vec![text("a\n# b\r\nc")])]), "a \\# b  c");
    // `!` before a link would make it an image.
    let out = body_md(vec![para(vec![
        text("看!"),
        link("https://example.com/", vec![text("这")]),
    ])]);
    assert_eq!(out, "看\\![这](https://example.com/)");
    assert!(!html(&out).contains("<img"));
}

#[test]
fn cjk_emphasis() {
    // Plain CJK text keeps Markdown delimiters.
    let out = body_md(vec![para(vec![
        text("中文"),
        strong(vec![text("强调")]),
        text("中文"),
    ])]);
    assert_eq!(out, "中文**强调**中文");
    // The classic failure: `**“引号”**中文`.
    let out = body_md(vec![para(vec![strong(vec![text("“引号”")]), text("中文")])]);
    assert_eq!(out, "<strong>“引号”</strong>中文");
    assert_eq!(html(&out), "<p><strong>“引号”</strong>中文</p>\n");
    let out = body_md(vec![para(vec![
        text("他说"),
        em(vec![text("（注）")]),
        text("。"),
    ])]);
    assert_eq!(out, "他说<em>（注）</em>。");
    // Punctuation inside next to punctuation outside works with delimiters.
    let out = body_md(vec![para(vec![
        text("，"),
        strong(vec![text("“引号”")]),
        text("。"),
    ])]);
    assert_eq!(out, "，**“引号”**。");
}

#[test]
fn emphasis_renders_in_every_context() {
    let sides = [
        "", "中", "a", "1", " ", "“", "”", "，", "。", "（", "）", "*", "_", "\\", "!", "★", "😀",
        "é", "\u{3000}",
    ];
    let inners = [
        "强调",
        "“引号”",
        "（括号）",
        "a",
        "x!",
        "!x",
        "*",
        "*x*",
        "_y_",
        "\\",
        "1.",
        "★星",
        "星★",
        "😀",
        "é",
        "&amp;",
        "<b>",
        "#",
    ];
    for kind in ["strong", "em"] {
        for before in sides {
            for inner in inners {
                for after in sides {
                    let wrapped = if kind == "strong" {
                        strong(vec![text(inner)])
                    } else {
                        em(vec![text(inner)])
                    };
                    let content = vec![text(before), wrapped, text(after)];
                    let out = body_html(vec![para(content)]);
                    let before = before.trim_start();
                    let after = after.trim_end();
                    let expected = format!(
                        "<p>{}<{kind}>{}</{kind}>{}</p>\n",
                        esc(before),
                        esc(inner),
                        esc(after)
                    );
                    assert_eq!(out, expected, "{before:?} {inner:?} {after:?}");
                }
            }
        }
    }
}

#[test]
fn nested_and_adjacent_emphasis() {
    let cases: Vec<(Vec<Inline>, &str)> = vec![
        (
            vec![strong(vec![text("a"), em(vec![text("b")]), text("c")])],
            "<strong>a<em>b</em>c</strong>",
        ),
        (
            vec![em(vec![text("a"), strong(vec![text("b")]), text("c")])],
            "<em>a<strong>b</strong>c</em>",
        ),
        (
            vec![em(vec![text("a"), em(vec![text("b")]), text("c")])],
            "<em>a<em>b</em>c</em>",
        ),
        (
            vec![strong(vec![text("a"), strong(vec![text("b")]), text("c")])],
            "<strong>a<strong>b</strong>c</strong>",
        ),
        (
            vec![strong(vec![em(vec![text("x")])])],
            "<strong><em>x</em></strong>",
        ),
        (
            vec![em(vec![strong(vec![text("x")])])],
            "<em><strong>x</strong></em>",
        ),
        (
            vec![strong(vec![text("a")]), strong(vec![text("b")])],
            "<strong>a</strong><strong>b</strong>",
        ),
        (
            vec![
                em(vec![text("a")]),
                strong(vec![text("b")]),
                em(vec![text("c")]),
            ],
            "<em>a</em><strong>b</strong><em>c</em>",
        ),
        (
            vec![strong(vec![
                text("一"),
                em(vec![text("二"), strong(vec![text("三")]), text("四")]),
                text("五"),
            ])],
            "<strong>一<em>二<strong>三</strong>四</em>五</strong>",
        ),
        (
            vec![strong(vec![text("a"), Inline::Br, text("- b")])],
            "<strong>a<br />\n- b</strong>",
        ),
        (
            vec![
                text("看"),
                link("https://example.com/", vec![strong(vec![text("“链接”")])]),
                text("吧"),
            ],
            "看<a href=\"https://example.com/\"><strong>“链接”</strong></a>吧",
        ),
        (
            vec![
                text("看"),
                strong(vec![link("https://example.com/", vec![text("链接")])]),
                text("吧"),
            ],
            "看<strong><a href=\"https://example.com/\">链接</a></strong>吧",
        ),
        // Whitespace at the edges moves outside.
        (
            vec![text("a"), strong(vec![text(" b ")]), text("c")],
            "a <strong>b</strong> c",
        ),
    ];
    for (content, expected) in cases {
        let out = body_html(vec![para(content.clone())]);
        assert_eq!(out, format!("<p>{expected}</p>\n"), "{content:?}");
    }
}

#[test]
fn empty_emphasis_renders_nothing() {
    let out = body_md(vec![para(vec![
        text("a"),
        strong(vec![]),
        em(vec![strong(vec![])]),
        strong(vec![text(" ")]),
        text("b"),
    ])]);
    assert_eq!(out, "a b");
    let out = body_md(vec![para(vec![
        text("a"),
        link("https://example.com/", vec![]),
        text("b"),
    ])]);
    assert_eq!(out, "ab");
}

#[test]
fn links_are_rewritten_and_vetted() {
    let links = LinkMap::default();
    let href = "https://www.epochtimes.com/gb/25/8/19/n14576000.htm";
    let expected = links
        .rewrite(href, None)
        .unwrap_or_else(|| href.to_string());
    let out = body_md(vec![para(vec![link(href, vec![text("另一篇")])])]);
    assert_eq!(out, format!("[另一篇]({expected})"));
    assert!(html(&out).contains(&format!("<a href=\"{}\">另一篇</a>", esc(&expected))));

    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/gb/25/8/19/n1.htm",
        "http://",
    ] {
        let out = body_md(vec![para(vec![
            text("点"),
            link(bad, vec![text("这里")]),
            text("看"),
        ])]);
        assert_eq!(out, "点这里看", "{bad:?}");
        let out = body_md(vec![Block::Figure {
            src: bad.into(),
            alt: "图".into(),
            caption: vec![text("说明")],
            link: Some(bad.into()),
        }]);
        assert_eq!(out, "*说明*", "{bad:?}");
    }

    // Destinations with characters that would end or break them.
    let out = body_md(vec![para(vec![link(
        "https://example.com/a_(b) c?x=1&amp;y=|`<",
        vec![text("t")],
    )])]);
    assert_eq!(
        out,
        "[t](https://example.com/a_\\(b\\)%20c?x=1&amp;amp;y=\\|\\`%3C)"
    );
    assert_eq!(
        html(&out),
        "<p><a href=\"https://example.com/a_(b)%20c?x=1&amp;amp;y=%7C%60%3C\">t</a></p>\n"
    );
    let out = body_md(vec![para(vec![link(
        "mailto:a@example.com",
        vec![text("信")],
    )])]);
    assert_eq!(out, "[信](mailto:a@example.com)");
    // A link inside a link keeps only its text.
    let out = body_md(vec![para(vec![link(
        "https://example.com/1",
        vec![text("外"), link("https://example.com/2", vec![text("内")])],
    )])]);
    assert_eq!(out, "[外内](https://example.com/1)");
}

#[test]
fn figures() {
    let out = body_md(vec![Block::Figure {
        src: "https://i.epochtimes.com/a.jpg".into(),
        alt: String::new(),
        caption: vec![
            text("说明 "),
            link("https://example.com/", vec![text("来源")]),
        ],
        link: Some("https://i.epochtimes.com/a-full.jpg".into()),
    }]);
    assert_eq!(
        out,
        "[![说明 来源](https://i.epochtimes.com/a.jpg)](https://i.epochtimes.com/a-full.jpg)\n\n\
         *说明 [来源](https://example.com/)*"
    );
    let out = html(&out);
    assert!(
        out.contains(
            "<a href=\"https://i.epochtimes.com/a-full.jpg\"><img src=\"https://i.epochtimes.com/a.jpg\" alt=\"说明 来源\" /></a>"
        ),
        "{out}"
    );
    assert!(
        out.contains("<em>说明 <a href=\"https://example.com/\">来源</a></em>"),
        "{out}"
    );

    let out = body_md(vec![Block::Figure {
        src: "https://i.epochtimes.com/a.jpg".into(),
        alt: "[图] *星*".into(),
        caption: vec![],
        link: None,
    }]);
    assert_eq!(out, "![\\[图\\] \\*星\\*](https://i.epochtimes.com/a.jpg)");
    assert!(html(&out).contains("alt=\"[图] *星*\""));
}

#[test]
fn lead_image_without_caption_uses_title() {
    let mut a = article(vec![]);
    a.lead_image = Some(LeadImage {
        alt: String::new(),
        src: "https://i.epochtimes.com/a.jpg".into(),
        caption: String::new(),
    });
    assert_eq!(
        md(&a),
        format!("# 标题\n\n![标题](https://i.epochtimes.com/a.jpg)\n\n原文：[标题]({URL})\n")
    );
}

#[test]
fn lists() {
    let out = body_md(vec![
        Block::List {
            ordered: false,
            items: vec![
                vec![text("一"), Inline::Br, text("- 续")],
                vec![],
                vec![strong(vec![text("二")])],
            ],
        },
        Block::List {
            ordered: false,
            items: vec![vec![text("三")]],
        },
        Block::List {
            ordered: true,
            items: (1..=10).map(|i| vec![text(&format!("第{i}"))]).collect(),
        },
        Block::List {
            ordered: true,
            items: vec![vec![text("再")]],
        },
    ]);
    assert!(
        out.starts_with("- 一\\\n  \\- 续\n- **二**\n\n+ 三\n\n1. 第1\n"),
        "{out}"
    );
    assert!(out.contains("\n10. 第10\n\n1) 再"), "{out}");
    let out = html(&out);
    assert_eq!(out.matches("<ul>").count(), 2, "{out}");
    assert_eq!(out.matches("<ol>").count(), 2, "{out}");
    assert!(
        out.contains("<li>一<br />\n- 续</li>\n<li><strong>二</strong></li>"),
        "{out}"
    );
}

#[test]
fn tables() {
    let out = body_md(vec![Block::Table {
        header: true,
        rows: vec![
            vec![vec![text("项目")], vec![strong(vec![text("数值")])]],
            vec![
                vec![text("a|b")],
                vec![text("1"), Inline::Br, text("2")],
                vec![text("多")],
            ],
            vec![vec![link("https://example.com/?q=a|b", vec![text("链接")])]],
        ],
    }]);
    assert_eq!(
        out,
        "| 项目 | **数值** |  |\n| --- | --- | --- |\n| a\\|b | 1<br>2 | 多 |\n| [链接](https://example.com/?q=a\\|b) |  |  |"
    );
    let out = html(&out);
    assert!(
        out.contains("<th>项目</th>\n<th><strong>数值</strong></th>"),
        "{out}"
    );
    assert!(
        out.contains("<td>a|b</td>\n<td>1<br>2</td>\n<td>多</td>"),
        "{out}"
    );
    assert!(
        out.contains("<td><a href=\"https://example.com/?q=a%7Cb\">链接</a></td>"),
        "{out}"
    );
}

#[test]
fn heading_levels_and_breaks() {
    let out = body_md(vec![
        Block::Heading {
            level: 1,
            content: vec![text("一")],
        },
        Block::Heading {
            level: 4,
            content: vec![text("四"), Inline::Br, text("续 #")],
        },
        Block::Heading {
            level: 9,
            content: vec![text("九")],
        },
    ]);
    assert_eq!(out, "## 一\n\n#### 四 续 \\#\n\n###### 九");
    assert_eq!(html(&out), "<h2>一</h2>\n<h4>四 续 #</h4>\n<h6>九</h6>\n");
}

/// The HTML comrak should produce for normalised inline content.
fn expected_html(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(&esc(text)),
            Node::Br => out.push_str("<br />\n"),
            Node::Strong(content) => {
                out.push_str("<strong>");
                expected_html(content, out);
                out.push_str("</strong>");
            }
            Node::Em(content) => {
                out.push_str("<em>");
                expected_html(content, out);
                out.push_str("</em>");
            }
            Node::Link(dest, content) => {
                let _ = write!(out, "<a href=\"{dest}\">");
                expected_html(content, out);
                out.push_str("</a>");
            }
        }
    }
}

#[test]
fn random_inline_trees_render_exactly() {
    const PIECES: &[&str] = &[
        "中文",
        "“引号”",
        "（括号）",
        "a",
        "*",
        "_",
        "。",
        "!",
        "x!",
        "1.",
        "#",
        "\\",
        "&amp;",
        "<b>",
        "★",
        "😀",
        "，",
        "-",
        "》",
        "`",
        "é",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n as u64) as usize
    };
    fn tree(depth: usize, next: &mut dyn FnMut(usize) -> usize) -> Vec<Inline> {
        let len = 1 + next(4);
        (0..len)
            .map(|_| match if depth == 0 { 0 } else { next(6) } {
                0 | 1 => text(PIECES[next(PIECES.len())]),
                2 => strong(tree(depth - 1, next)),
                3 => em(tree(depth - 1, next)),
                4 => link(
                    &format!("https://example.com/{}", next(100)),
                    tree(depth - 1, next),
                ),
                _ => Inline::Br,
            })
            .collect()
    }
    let links = LinkMap::default();
    for _ in 0..3000 {
        let content = tree(3, &mut next);
        let nodes = normalized(&content, &links);
        if nodes.is_empty() {
            continue;
        }
        let mut expected = String::from("<p>");
        expected_html(&nodes, &mut expected);
        expected.push_str("</p>\n");
        let markdown = paragraph(&nodes);
        assert_eq!(html(&markdown), expected, "{markdown}\n{content:?}");
    }
}

#[test]
fn title_is_escaped() {
    let mut a = article(vec![]);
    a.title = "<b>标题</b> #1 *星*".into();
    let out = md(&a);
    assert!(
        out.starts_with("# \\<b\\>标题\\</b\\> \\#1 \\*星\\*\n"),
        "{out}"
    );
    assert!(html(&out).starts_with("<h1>&lt;b&gt;标题&lt;/b&gt; #1 *星*</h1>"));
}
