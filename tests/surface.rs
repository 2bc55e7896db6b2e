//! The public surface as a library user meets it, from outside the crate: every model type that
//! may grow is built with its constructor (struct literals are refused for `#[non_exhaustive]`
//! types), options start from `Default`, and an article built so renders in every format and
//! reads back from its JSON unchanged.

use chrono::NaiveDate;
use newsmirror::{
    Article, Block, Dateline, Diagnostic, DiagnosticKind, Edition, EmbedKind, ExtractOptions,
    Extraction, Format, Inline, LeadImage, LinkItem, RenderOptions, Site, render,
};

fn built_by_hand() -> Article {
    let mut article = Article::new(
        "https://www.epochtimes.com/gb/24/3/5/n14200001.htm",
        Site::Epochtimes,
        Edition::Gb,
        "n14200001",
        "河边的新桥通车了",
    );
    let mut dateline = Dateline::new(
        "【大纪元2024年03月05日讯】",
        "大纪元",
        NaiveDate::from_ymd_opt(2024, 3, 5).unwrap(),
    );
    dateline.credit = Some("（大纪元记者林远报导）".into());
    article.dateline = Some(dateline);
    article.published = NaiveDate::from_ymd_opt(2024, 3, 5);
    let mut lead = LeadImage::new(
        "https://i.epochtimes.com/assets/uploads/2024/03/bridge-600x400.jpg",
        "新桥在晨雾中。",
    );
    lead.alt = "新桥".into();
    article.lead_image = Some(lead);
    article.body = vec![
        Block::Paragraph {
            content: vec![Inline::text(
                "【大纪元2024年03月05日讯】（大纪元记者林远报导）河边的新桥今天通车。",
            )],
        },
        Block::Embed {
            kind: EmbedKind::Video,
            url: "https://www.youtube.com/embed/x".into(),
        },
        Block::Paragraph {
            content: vec![Inline::text("责任编辑：周青")],
        },
    ];
    article.editor = Some("周青".into());
    article.related = vec![LinkItem::new(
        "旧桥将被拆除",
        "https://www.epochtimes.com/gb/24/2/1/n14190001.htm",
    )];
    article.diagnostics = vec![Diagnostic::new(
        DiagnosticKind::Unplaced,
        "an <object> in the body",
    )];
    article
}

#[test]
fn a_hand_built_article_renders_and_reads_back() {
    let article = built_by_hand();
    assert_eq!(article.extraction, Extraction::Layout);
    assert!(article.tags.is_empty() && article.hot.is_empty() && article.provenance.is_empty());

    let options = RenderOptions::default();
    let json = render::to_string(&article, Format::Json, &options).unwrap();
    let back: Article = serde_json::from_str(&json).unwrap();
    assert_eq!(back, article);
    // What `Article::new` leaves empty is left out of the JSON, as for an extracted article.
    for absent in [
        "\"updated\"",
        "\"category\"",
        "\"provenance\"",
        "\"decoding\"",
    ] {
        assert!(!json.contains(absent), "{absent} in {json}");
    }
    assert!(json.contains("\"credit\": \"（大纪元记者林远报导）\""));

    let mirror = render::to_string(&article, Format::Mirror, &options).unwrap();
    assert!(mirror.contains("<h2 align=center>河边的新桥通车了</h2>"));
    assert!(mirror.contains("旧桥将被拆除"));
    let markdown = render::to_string(&article, Format::Markdown, &options).unwrap();
    assert!(markdown.starts_with("# 河边的新桥通车了\n"));
}

#[test]
fn options_start_from_their_defaults() {
    let options = ExtractOptions::default();
    assert_eq!((options.url.as_deref(), options.whole_page), (None, false));
    let options = ExtractOptions::default()
        .with_url("https://www.epochtimes.com/gb/24/3/5/n14200001.htm")
        .with_whole_page(true);
    assert_eq!(
        options.url.as_deref(),
        Some("https://www.epochtimes.com/gb/24/3/5/n14200001.htm")
    );
    assert!(options.whole_page);

    // The URL given wins over the page's own, as for `convert --url`.
    let page = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/epochtimes/djy-gb-no-canonical.html"),
    )
    .unwrap();
    let article = newsmirror::extract(&page, &options).unwrap();
    assert_eq!(article.id, "n14200001");
}

/// A `match` on a growing enum needs a wildcard arm; the known kinds are still told apart.
#[test]
fn matches_on_growing_enums_name_a_wildcard() {
    let kinds: Vec<&str> = built_by_hand()
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph { .. } => "paragraph",
            Block::Embed {
                kind: EmbedKind::Video,
                ..
            } => "video",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["paragraph", "video", "paragraph"]);
}
