//! Extraction on small pages written here: one behaviour per test.

use newsmirror::{
    Block, DiagnosticKind, EmbedKind, Error, ExtractOptions, Inline, extract, plain_text,
};

const URL: &str = "https://www.epochtimes.com/gb/24/3/5/n14200001.htm";

/// A djy-layout page around `body` (the story), with the chrome the real pages have.
fn djy(body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="zh_CN"><head><meta charset="UTF-8"><title>河边的新桥通车了 | 大纪元</title>
<link rel="canonical" href="{URL}" /><script>var s = '<p>脚本里的段落</p>';</script></head><body>
<div id="breadcrumb"><a href="/gb/">首页</a> &gt; <a class="breadcrumbs" href="/gb/nsc1.htm">新闻</a> &gt; <a class="breadcrumbs" href="/gb/nsc413.htm">大陆新闻</a></div>
<div class="large-8 medium-8 small-12 bgcolor column left">
<div class="arttop arttop2"><h1 class="blue18 title">河边的新桥通车了</h1></div>
<div id="artbody" class="column">
<header><div class="share">分享到</div></header>
<div class="mbottom10 large-12 medium-12 small-12 columns"><time datetime="2024-03-05T09:30:00+08:00">更新: 2024-03-05 9:30 AM</time>
<a href="https://www.epochtimes.com/gb/tag/%E6%A1%A5.html">桥</a> <a href="/gb/tag/%E4%BA%A4%E9%80%9A.html">交通</a></div>
<div class="featured_image"><a href="https://i.epochtimes.com/assets/uploads/2024/03/bridge.jpg"><img class="lazy" src="/assets/themes/djy/images/white.png" data-src="https://i.epochtimes.com/assets/uploads/2024/03/bridge-600x400.jpg" alt=""><noscript><img src="https://i.epochtimes.com/assets/uploads/2024/03/bridge-600x400.jpg"></noscript></a>
<div class="red16 caption">新桥在晨雾中。（示意图）
</div></div>
<!-- article content begin -->
{body}
<!-- article content end -->
<div id="below_article_ad"><p>广告位</p></div>
<div id="recommend_post"><div class="title">相关新闻</div><ul>
<li><a href="https://www.epochtimes.com/gb/24/2/1/n14190001.htm">旧桥将被拆除</a></li>
<li><a href="/gb/24/2/9/n14190002.htm">两岸居民期待通车</a></li></ul></div>
</div></div>
<div class="large-4 medium-4 small-12 column right"><div class="box"><div class="block-wrap"><div class="box_header boxTitle">热门新闻</div>
<div class="imagepost"><a href="https://www.epochtimes.com/gb/24/3/4/n14199001.htm" title="春季花展开幕"><img src="x.jpg"></a><a href="https://www.epochtimes.com/gb/24/3/4/n14199001.htm">春季花展开幕</a></div>
<div class="imagepost"><a href="https://www.epochtimes.com/gb/24/3/3/n14198001.htm" title="山区小学的新图书馆"><img src="y.jpg"></a></div>
</div></div></div></body></html>"#
    )
}

fn article(body: &str) -> newsmirror::Article {
    extract(djy(body).as_bytes(), &ExtractOptions::default()).expect("an article")
}

fn texts(a: &newsmirror::Article) -> Vec<String> {
    a.body.iter().map(Block::plain_text).collect()
}

#[test]
fn fields_of_a_djy_page() {
    let a = article(
        "\n\t<p>【大纪元2024年03月05日讯】（大纪元记者林远报导）河边的新桥今天通车。</p>\n<h2>通车首日</h2>\n<p>市民排队过桥。</p>\n<p>责任编辑：周青#</p>",
    );
    assert_eq!(a.url, URL);
    assert_eq!(a.id, "n14200001");
    assert_eq!(a.edition.as_str(), "gb");
    assert_eq!(a.title, "河边的新桥通车了");
    let d = a.dateline.as_ref().expect("dateline");
    assert_eq!(d.text, "【大纪元2024年03月05日讯】");
    assert_eq!(d.date.to_string(), "2024-03-05");
    assert_eq!(d.credit.as_deref(), Some("（大纪元记者林远报导）"));
    assert_eq!(a.published.unwrap().to_string(), "2024-03-05");
    assert_eq!(a.updated.unwrap().to_rfc3339(), "2024-03-05T09:30:00+08:00");
    let lead = a.lead_image.as_ref().unwrap();
    assert_eq!(
        lead.src,
        "https://i.epochtimes.com/assets/uploads/2024/03/bridge-600x400.jpg"
    );
    assert_eq!(lead.caption, "新桥在晨雾中。（示意图）");
    assert_eq!(a.editor.as_deref(), Some("周青"));
    assert_eq!(a.tags, ["桥", "交通"]);
    assert_eq!(a.category.as_deref(), Some("大陆新闻"));
    assert_eq!(
        texts(&a),
        [
            "【大纪元2024年03月05日讯】（大纪元记者林远报导）河边的新桥今天通车。",
            "通车首日",
            "市民排队过桥。",
            "责任编辑：周青#"
        ]
    );
    assert!(matches!(a.body[1], Block::Heading { level: 2, .. }));
    assert_eq!(a.related.len(), 2);
    assert_eq!(
        a.related[1].url,
        "https://www.epochtimes.com/gb/24/2/9/n14190002.htm"
    );
    assert_eq!(a.related[1].title, "两岸居民期待通车");
    let hot: Vec<_> = a.hot.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(hot, ["春季花展开幕", "山区小学的新图书馆"]);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

/// A story may open with a summary, a photo and a video before the dateline paragraph: the
/// dateline is still typed (and stays in the body where the page has it).
#[test]
fn a_summary_and_media_before_the_dateline() {
    let a = article(
        r#"<p><strong>【导读】</strong>新桥今天通车，沿河两岸的交通将大为改善。</p>
<figure class="wp-caption"><img src="https://i.epochtimes.com/assets/uploads/2024/03/river.jpg" alt=""><figcaption>河面。</figcaption></figure>
<p><iframe loading="lazy" data-src="https://www.youtube.com/embed/Bq4xY7mLp2W"></iframe></p>
<p>【大纪元2024年03月05日讯】（大纪元记者林远报导）河边的新桥今天通车。</p>
<p>市民排队过桥。</p>"#,
    );
    let kinds: Vec<&str> = a
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "p",
            Block::Figure { .. } => "figure",
            Block::Embed { .. } => "embed",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["p", "figure", "embed", "p", "p"]);
    let d = a.dateline.as_ref().expect("the dateline after the summary");
    assert_eq!(d.text, "【大纪元2024年03月05日讯】");
    assert_eq!(d.credit.as_deref(), Some("（大纪元记者林远报导）"));
    assert_eq!(a.provenance["dateline"], "body: paragraph 2");
    assert!(texts(&a)[3].starts_with("【大纪元2024年03月05日讯】"));
}

#[test]
fn inline_links_and_emphasis_keep_their_order() {
    let a = article(
        r#"<p>据<a href="/gb/24/1/2/n14180001.htm">早前报导</a>，<strong>大桥</strong>长<em>八百米</em>。<br />全文完</p>"#,
    );
    let Block::Paragraph { content } = &a.body[0] else {
        panic!("{:?}", a.body)
    };
    assert_eq!(
        content,
        &vec![
            Inline::text("据"),
            Inline::Link {
                href: "https://www.epochtimes.com/gb/24/1/2/n14180001.htm".into(),
                content: vec![Inline::text("早前报导")]
            },
            Inline::text("，"),
            Inline::Strong {
                content: vec![Inline::text("大桥")]
            },
            Inline::text("长"),
            Inline::Em {
                content: vec![Inline::text("八百米")]
            },
            Inline::text("。"),
            Inline::Br,
            Inline::text("全文完"),
        ]
    );
}

#[test]
fn hrefs_padded_with_white_space_resolve_as_bare_and_are_mirrored() {
    // No-break and ideographic spaces, a tab and a control character around the href: the
    // extractor and the renderer's link map trim the same characters.
    let a = article(
        "<p><a href=\"&nbsp;/gb/24/1/2/n14180001.htm&#12288;\">甲</a>和<a href=\"\t\u{1}https://www.epochtimes.com/gb/24/1/3/n14180002.htm&#xa0;\">乙</a></p>",
    );
    let Block::Paragraph { content } = &a.body[0] else {
        panic!("{:?}", a.body)
    };
    let hrefs: Vec<&str> = content
        .iter()
        .filter_map(|i| match i {
            Inline::Link { href, .. } => Some(href.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://www.epochtimes.com/gb/24/1/2/n14180001.htm",
            "https://www.epochtimes.com/gb/24/1/3/n14180002.htm"
        ]
    );
    let mirror =
        newsmirror::render::to_string(&a, newsmirror::Format::Mirror, &Default::default()).unwrap();
    for path in ["gb/24/1/2/n14180001.md", "gb/24/1/3/n14180002.md"] {
        assert!(mirror.contains(path), "{path} not mirrored");
    }
}

#[test]
fn figures_inside_paragraphs_and_lazy_images() {
    let a = article(
        r#"<p>桥头<img class="lazy" src="/assets/themes/djy/images/white.png" data-src="https://i.epochtimes.com/a.jpg" alt="桥头"><noscript><img src="https://i.epochtimes.com/a.jpg"></noscript>有一座雕像。</p>
<figure class="wp-caption"><a href="https://i.epochtimes.com/b-full.jpg"><img src="/assets/themes/djy/images/white.png" alt=""><noscript><img src="https://i.epochtimes.com/b.jpg"></noscript></a><figcaption>夜景。（<a href="https://example.com/p">摄影</a>）</figcaption></figure>"#,
    );
    assert_eq!(texts(&a), ["桥头", "", "有一座雕像。", "夜景。（摄影）"]);
    assert!(
        matches!(&a.body[1], Block::Figure { src, alt, .. } if src == "https://i.epochtimes.com/a.jpg" && alt == "桥头")
    );
    let Block::Figure {
        src, link, caption, ..
    } = &a.body[3]
    else {
        panic!()
    };
    assert_eq!(src, "https://i.epochtimes.com/b.jpg");
    assert_eq!(link.as_deref(), Some("https://i.epochtimes.com/b-full.jpg"));
    assert!(
        caption
            .iter()
            .any(|c| matches!(c, Inline::Link { href, .. } if href == "https://example.com/p"))
    );
}

#[test]
fn lists_quotes_tables_and_embeds() {
    let a = article(
        r#"<ul><li>第一项</li><li>第二<b>项</b></li></ul><ol><li>甲</li></ol>
<blockquote><p>一段引文。</p><p>第二段。</p></blockquote>
<table><tr><th>年份</th><th>数量</th></tr><tr><td>2023</td><td>12</td></tr></table>
<iframe width="560" height="315" loading="lazy" data-src="https://www.youtube.com/embed/abc123" allowfullscreen></iframe>
<blockquote class="twitter-tweet"><p>推文内容</p>— 某人 (@someone) <a href="https://twitter.com/someone/status/1234567890?ref_src=twsrc%5Etfw">2024年3月5日</a></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script>
<twitter-widget class="twitter-tweet-rendered" data-tweet-id="1234567890"></twitter-widget>
<p>结尾。</p>"#,
    );
    assert!(matches!(&a.body[0], Block::List { ordered: false, items } if items.len() == 2));
    assert!(matches!(&a.body[1], Block::List { ordered: true, items } if items.len() == 1));
    let Block::Quote { content } = &a.body[2] else {
        panic!("{:?}", a.body[2])
    };
    assert_eq!(plain_text(content), "一段引文。\n第二段。");
    let Block::Table { rows, header } = &a.body[3] else {
        panic!()
    };
    assert!(header, "a first row of <th> cells is a header row");
    assert_eq!(rows.len(), 2);
    assert_eq!(plain_text(&rows[1][1]), "12");
    assert_eq!(
        a.body[4],
        Block::Embed {
            kind: EmbedKind::Video,
            url: "https://www.youtube.com/embed/abc123".into()
        }
    );
    // The tweet's text stays (as a quote, its link kept), then one embed for the widget: the
    // rendered <twitter-widget> of the same tweet is not a second one, the tracking query goes.
    assert_eq!(
        a.body[5].plain_text(),
        "推文内容\n— 某人 (@someone) 2024年3月5日"
    );
    assert_eq!(
        a.body[6],
        Block::Embed {
            kind: EmbedKind::Tweet,
            url: "https://twitter.com/someone/status/1234567890".into()
        }
    );
    assert_eq!(a.body[7].plain_text(), "结尾。");
    assert_eq!(a.body.len(), 8);
}

#[test]
fn spaces_sit_outside_links_and_not_after_breaks() {
    let a = article(
        "<p>分享到：<a href=\"https://example.com/a\">脸书</a> <a href=\"https://example.com/b\">推特</a><br>\n  第二行</p>",
    );
    let Block::Paragraph { content } = &a.body[0] else {
        panic!()
    };
    assert_eq!(
        content[2],
        Inline::text(" "),
        "the space between two links is outside both: {content:?}"
    );
    assert!(
        matches!(&content[3], Inline::Link { content, .. } if content == &vec![Inline::text("推特")])
    );
    assert_eq!(content[5], Inline::text("第二行"));
}

#[test]
fn old_pages_split_paragraphs_on_double_breaks_and_indents() {
    let a = article(
        "【大纪元5月4日讯】第一段。<BR><BR>　　第二段，<B>加粗</B>。<BR>　　第三段。<br>\n同一段的第二行。<br><br>",
    );
    assert_eq!(
        texts(&a),
        [
            "【大纪元5月4日讯】第一段。",
            "第二段，加粗。",
            "第三段。\n同一段的第二行。"
        ]
    );
    assert_eq!(a.dateline.as_ref().unwrap().date.to_string(), "2024-05-04");
}

#[test]
fn an_unreadable_update_time_is_reported_and_credited_to_nothing() {
    let page = djy("<p>正文。</p>").replace("2024-03-05T09:30:00+08:00", "昨天上午");
    let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(a.updated, None);
    assert!(!a.provenance.contains_key("updated"), "{:?}", a.provenance);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::Unparsed)
    );
}

#[test]
fn boilerplate_is_dropped_and_unknown_content_reported() {
    let a = article(
        r#"<p>正文。</p><script>document.write('<p>假段落</p>')</script><style>p{}</style><ins class="adsbygoogle"></ins>
<div class="ad"><p>广告</p></div><p>&nbsp;</p><p></p><form><button>投票</button></form>"#,
    );
    assert_eq!(texts(&a), ["正文。"]);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::Unplaced && d.message.contains("投票"))
    );
}

#[test]
fn unsafe_urls_keep_their_text_and_lose_the_target() {
    let a = article(
        r#"<p><a href="javascript:alert(1)">点这里</a><img src="data:image/png;base64,AAAA" onerror="alert(2)"></p>"#,
    );
    assert_eq!(texts(&a), ["点这里"]);
    let Block::Paragraph { content } = &a.body[0] else {
        panic!()
    };
    assert_eq!(content, &vec![Inline::text("点这里")]);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.kind == DiagnosticKind::UnsafeUrl)
    );
}

#[test]
fn text_outside_the_markers_is_reported_not_lost_silently() {
    let page = djy("<p>正文。</p>").replace(
        "<!-- article content end -->",
        "<!-- article content end -->\n<p>标记之外的一句话。</p>",
    );
    let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(texts(&a), ["正文。"]);
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("标记之外的一句话")),
        "{:?}",
        a.diagnostics
    );
}

#[test]
fn the_newer_layout() {
    let page = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><meta property="og:url" content="https://www.epochtimes.com/b5/23/6/1/n14000001.htm"></head><body>
<div class="main_content"><div class="titles"><h1>山城的夏夜</h1></div>
<div class="info"><time datetime="2023-06-01T20:00:00+08:00">2023-06-01 20:00 更新</time></div>
<div class="featured_image"><figure><img src="/assets/themes/djy/images/white.png" data-src="https://i.epochtimes.com/c.jpg"><figcaption>夏夜的街道。</figcaption></figure></div>
<div class="post_content" itemprop="articleBody"><p>【大紀元2023年06月01日訊】（大紀元記者陳方台北報導）山城入夏。</p><p>責任編輯：高山</p></div>
<div class="post_related"><h3>相關新聞</h3><ul><li><a href="/b5/23/5/1/n13990001.htm">春天的山城</a></li></ul></div></div>
<aside><div class="box_header">熱門新聞</div><ul><li><a href="/b5/23/5/30/n13999001.htm">夜市開張</a></li></ul></aside></body></html>"#;
    let a = extract(page.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(a.edition.as_str(), "b5");
    assert_eq!(a.title, "山城的夏夜");
    assert_eq!(a.dateline.as_ref().unwrap().source, "大紀元");
    assert_eq!(a.editor.as_deref(), Some("高山"));
    assert_eq!(a.lead_image.as_ref().unwrap().caption, "夏夜的街道。");
    assert_eq!(
        a.related[0].url,
        "https://www.epochtimes.com/b5/23/5/1/n13990001.htm"
    );
    assert_eq!(a.hot[0].title, "夜市開張");
}

#[test]
fn refusals_are_typed() {
    assert!(matches!(
        extract(b"", &ExtractOptions::default()),
        Err(Error::Empty)
    ));
    assert!(matches!(
        extract(b"  \n", &ExtractOptions::default()),
        Err(Error::Empty)
    ));
    let home = br#"<html><head><link rel="canonical" href="https://www.epochtimes.com/"></head><body><h1>Home</h1></body></html>"#;
    assert!(matches!(
        extract(home, &ExtractOptions::default()),
        Err(Error::NotAnArticle { .. })
    ));
    // A page with a body region but the URL of a section page.
    let section = djy("<p>正文。</p>").replace(URL, "https://www.epochtimes.com/gb/nsc413.htm");
    let e = extract(section.as_bytes(), &ExtractOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NotAnArticle { .. }), "{e}");
    // No URL anywhere: the caller must give one.
    let nourl =
        djy("<p>正文。</p>").replace(&format!(r#"<link rel="canonical" href="{URL}" />"#), "");
    assert!(matches!(
        extract(nourl.as_bytes(), &ExtractOptions::default()),
        Err(Error::NoUrl { .. })
    ));
    let ok = extract(nourl.as_bytes(), &ExtractOptions::default().with_url(URL)).unwrap();
    assert_eq!(ok.id, "n14200001");
    assert!(matches!(
        extract(
            nourl.as_bytes(),
            &ExtractOptions::default().with_url("not a url")
        ),
        Err(Error::InvalidUrl { .. })
    ));
    // An NTDTV article is read with NTDTV's tables since issue 20 (this one, in an Epoch Times
    // layout NTDTV never used, by the generic fallback), as an NTDTV article.
    let ntd = djy(&"<p>这是一段足够长的正文，用来让通用读取器认出它是文章。</p>".repeat(6))
        .replace(URL, "https://www.ntdtv.com/gb/2024/05/03/a103870001.html");
    let a = extract(ntd.as_bytes(), &ExtractOptions::default()).unwrap();
    assert_eq!(a.site.as_str(), "ntdtv");
    assert_eq!(a.url, "https://www.ntdtv.com/gb/2024/05/03/a103870001.html");
    // An empty story.
    assert!(matches!(
        extract(djy("<p> </p>").as_bytes(), &ExtractOptions::default()),
        Err(Error::NotAnArticle { .. })
    ));
}

#[test]
fn legacy_bytes_decode() {
    let page = djy("<p>旧网页的正文。</p>").replace("charset=\"UTF-8\"", "charset=\"gb2312\"");
    let (gbk, _, _) = encoding_rs::GBK.encode(&page);
    let a = extract(&gbk, &ExtractOptions::default()).unwrap();
    assert_eq!(texts(&a), ["旧网页的正文。"]);
    assert_eq!(a.title, "河边的新桥通车了");
}
