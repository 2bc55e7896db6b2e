//! Upgrading existing mirror files (issue 11): the reader of every generation, the upgrade, the
//! `newsmirror upgrade` command.
//!
//! The project's own mirror files (`fixtures/mirror/`, invented text, one per generation and
//! defect of mirror-format.md §9) are upgraded and snapshotted; the project's page fixtures go
//! page → mirror → model; and every real mirror file of the shared corpus (read at test time from
//! `../shared` or `$NEWSMIRROR_CORPUS`, never committed; skipped with one line when absent unless
//! `CI=true`) must read, upgrade, read back to the same model, keep its body text, and upgrade
//! idempotently.

#[path = "support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)] // the golden tests' helpers; the upgrade checks use some of them
mod support;
#[allow(dead_code)] // shared with tests/corpus.rs, which runs the real-corpus part
#[path = "support/upgrade_corpus.rs"]
mod upgrade_corpus;

use std::path::{Path, PathBuf};
use std::process::Command;

use newsmirror::read::{Defect, Generation};
use newsmirror::upgrade::upgrade;
use newsmirror::{
    Article, Block, EmbedKind, Error, Format, Inline, LinkMap, MirrorFile, RenderOptions,
    plain_text,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mirror")
}

fn fixture(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The mirror articles among the fixtures, with what their upgrade must find.
struct Case {
    file: &'static str,
    generation: Generation,
    defects: &'static [(Defect, usize)],
    lost_chars: usize,
}

const CASES: &[Case] = &[
    Case {
        file: "gen-a-news-2025.md",
        generation: Generation::A,
        defects: &[(Defect::DeadLink, 2), (Defect::ImageHeight, 1)],
        lost_chars: 2,
    },
    Case {
        file: "gen-a-video-2025.md",
        generation: Generation::A,
        defects: &[
            (Defect::ImageHeight, 2),
            (Defect::LazySrc, 2),
            (Defect::IframeAsLink, 2),
            (Defect::VideoBlock, 6),
            (Defect::Image2Leak, 1),
        ],
        lost_chars: 0,
    },
    Case {
        file: "gen-a-twitter-2024.md",
        generation: Generation::A,
        defects: &[
            (Defect::OldAccount, 3),
            (Defect::DeadLink, 3),
            (Defect::BrokenHref, 2),
            (Defect::ScriptAsLink, 1),
            (Defect::TwitterBlock, 1),
            (Defect::HtmRewrite, 4),
            (Defect::Image2Leak, 1),
            (Defect::DiffCaptionLeak, 1),
            (Defect::StaleRelated, 1),
        ],
        lost_chars: 0,
    },
    Case {
        file: "gen-a-legacy-2001.md",
        generation: Generation::A,
        defects: &[
            (Defect::DeadLink, 1),
            (Defect::FontColor, 1),
            (Defect::HtmRewrite, 1),
        ],
        lost_chars: 1,
    },
    Case {
        file: "gen-b-2022.md",
        generation: Generation::B,
        defects: &[
            (Defect::OldLayout, 1),
            (Defect::OldAccount, 107),
            (Defect::GoogleChartsQr, 1),
            (Defect::DeadLink, 2),
            (Defect::LostFigureImage, 1),
        ],
        lost_chars: 0,
    },
    Case {
        file: "gen-b-lead-video-2019.md",
        generation: Generation::B,
        defects: &[
            (Defect::OldLayout, 1),
            (Defect::OldAccount, 111),
            (Defect::GoogleChartsQr, 1),
            (Defect::DeadLink, 2),
            (Defect::ImageHeight, 1),
            (Defect::IframeAsLink, 1),
            (Defect::VideoBlock, 1),
            (Defect::TwitterBlock, 1),
            (Defect::LeadVideo, 1),
        ],
        lost_chars: 0,
    },
    Case {
        file: "gen-b-prime-2016.md",
        generation: Generation::BPrime,
        defects: &[
            (Defect::OldLayout, 1),
            (Defect::OldAccount, 107),
            (Defect::GoogleChartsQr, 1),
            (Defect::DeadLink, 1),
        ],
        lost_chars: 0,
    },
    Case {
        file: "gen-c-2008.md",
        generation: Generation::C,
        defects: &[
            (Defect::OldLayout, 1),
            (Defect::OldAccount, 37),
            (Defect::GoogleChartsQr, 1),
            (Defect::DeadLink, 1),
        ],
        lost_chars: 0,
    },
];

/// The upgraded file without the fixed header and right column (checked byte for byte apart).
fn main_part(output: &str) -> &str {
    let header = upgrade_corpus::template("header.html");
    let right = upgrade_corpus::template("right-column.html");
    &output[header.len()..output.len() - right.len()]
}

#[test]
fn fixtures_upgrade_with_their_defects_repaired() {
    let options = RenderOptions::default();
    for case in CASES {
        let text = fixture(case.file);
        let up = upgrade(&text, &options).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        assert!(up.changed, "{}", case.file);
        assert_eq!(up.generation, case.generation, "{}", case.file);
        let found: Vec<(Defect, usize)> = up.defects.iter().collect();
        assert_eq!(found, case.defects, "{}", case.file);
        assert_eq!(up.lost_chars, case.lost_chars, "{}", case.file);
        let problems = upgrade_corpus::current_format_problems(&up.output);
        assert!(problems.is_empty(), "{}: {problems:#?}", case.file);
        let again = upgrade(&up.output, &options).unwrap();
        assert!(!again.changed, "{}: a second upgrade changes it", case.file);
        assert_eq!(again.output, up.output);
        assert!(
            again.defects.is_empty(),
            "{}: {:?}",
            case.file,
            again.defects
        );
        assert_eq!(again.generation, Generation::A);
        let report = format!(
            "generation: {}\ndefects: {}\nlost_chars: {}\n--- the upgraded file between the current header and right column ---\n{}",
            up.generation,
            serde_json::to_string(&up.defects).unwrap(),
            up.lost_chars,
            main_part(&up.output)
        );
        insta::assert_snapshot!(case.file.trim_end_matches(".md"), report);
    }
}

#[test]
fn fixtures_pass_the_corpus_checks() {
    // The same checks as the real files get: model round trip, body text kept, lists kept.
    let failures: Vec<String> = CASES
        .iter()
        .flat_map(|c| upgrade_corpus::check(c.file, &fixture(c.file)))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

fn links_of(content: &[Inline]) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![content];
    while let Some(c) = stack.pop() {
        for i in c.iter().rev() {
            match i {
                Inline::Link { href, content } => {
                    out.push(href.clone());
                    stack.push(content);
                }
                Inline::Strong { content } | Inline::Em { content } => stack.push(content),
                _ => {}
            }
        }
    }
    out.reverse();
    out
}

fn body_links(a: &Article) -> Vec<String> {
    a.body
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => links_of(content),
            Block::List { items, .. } => items.iter().flat_map(|i| links_of(i)).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn body_text(a: &Article) -> String {
    a.body
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_modern_gen_a_file_reads_into_the_model() {
    let file = MirrorFile::parse(&fixture("gen-a-news-2025.md")).unwrap();
    let a = &file.article;
    assert_eq!(a.url, "https://www.epochtimes.com/gb/25/3/12/n90000001.htm");
    assert_eq!(a.id, "n90000001");
    assert_eq!(a.title, "山城社区菜园迎来春耕 \u{2013} 邻里共享收成");
    let lead = a.lead_image.as_ref().unwrap();
    assert!(lead.src.ends_with("id90000010-garden-600x400.jpg"));
    assert_eq!(lead.caption, "居民在社区菜园翻土备耕。（钱晓／大纪元）");
    assert_eq!(
        a.dateline.as_ref().unwrap().text,
        "【大纪元2025年03月12日讯】"
    );
    assert_eq!(a.editor.as_deref(), Some("周明"));
    assert_eq!(a.published.unwrap().to_string(), "2025-03-12");
    // dead links are links again, mirror links are original URLs in the model
    assert_eq!(
        body_links(a),
        [
            "https://www.epochtimes.com/gb/25/2/28/n90000002.htm",
            "https://www.example.org/garden-report"
        ]
    );
    let figure = a
        .body
        .iter()
        .find_map(|b| match b {
            Block::Figure {
                src,
                alt,
                caption,
                link,
            } => Some((src, alt, plain_text(caption), link)),
            _ => None,
        })
        .unwrap();
    assert!(figure.0.ends_with("id90000011-seeds-600x400.jpg"));
    assert_eq!(figure.1, "居民交换种子");
    assert_eq!(figure.2, "居民在摊位前交换种子。（钱晓／大纪元）");
    assert!(
        figure
            .3
            .as_deref()
            .unwrap()
            .ends_with("id90000011-seeds.jpg")
    );
    // lost characters stay as they are
    assert!(body_text(a).contains("Fran?ois带来了rare?earth番茄"));
    assert_eq!(file.lost_chars, 2);
    assert_eq!(a.related.len(), 4);
    assert_eq!(
        a.related[0].url,
        "https://www.epochtimes.com/gb/25/3/2/n90000101.htm"
    );
    assert_eq!(a.hot.len(), 5);
    assert_eq!(file.picks.len(), 3);
    assert_eq!(
        file.picks[0].url,
        "https://github.com/1992513/djy/blob/master/gb/14/6/9/n4173977.md?dfh#1"
    );
    assert_eq!(file.picks[2].title, "山谷里的小型音乐会");
    // Article::from_mirror is the article of MirrorFile::parse
    assert_eq!(
        Article::from_mirror(&fixture("gen-a-news-2025.md")).unwrap(),
        file.article
    );
}

#[test]
fn video_substitutions_are_undone() {
    let file = MirrorFile::parse(&fixture("gen-a-video-2025.md")).unwrap();
    let a = &file.article;
    assert!(a.lead_image.is_none(), "///image2= is a leak, not a lead");
    let embeds: Vec<(EmbedKind, &str)> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Embed { kind, url } => Some((*kind, url.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        embeds,
        [
            (
                EmbedKind::Video,
                "https://www.youtube.com/embed/AbCdEfGh123?si=xyz"
            ),
            (
                EmbedKind::Video,
                "https://www.ganjingworld.com/zh-TW/embed/1demo2video3"
            ),
        ]
    );
    // the channel links the substitution cut through, whole again
    assert!(body_links(a).contains(&"https://www.youtube.com/@shishixiaoping".to_string()));
    assert!(
        body_text(a)
            .contains("请订阅我们的干净世界频道：https://www.ganjing.com/channel/xp0demo1channel")
    );
    assert!(!body_text(a).contains("\">"));
}

#[test]
fn tweets_broken_links_and_stale_lists() {
    let file = MirrorFile::parse(&fixture("gen-a-twitter-2024.md")).unwrap();
    let a = &file.article;
    let quote = a
        .body
        .iter()
        .position(|b| matches!(b, Block::Quote { .. }))
        .unwrap();
    assert!(
        a.body[quote]
            .plain_text()
            .contains("船舱宽敞多了！ pic.twitter.com/Dm9Xq2")
    );
    assert_eq!(
        a.body[quote + 1],
        Block::Embed {
            kind: EmbedKind::Tweet,
            url: "https://twitter.com/hebianrenjia/status/1843000000000000001".into()
        }
    );
    // the widget script is gone, not an embed
    assert_eq!(
        a.body
            .iter()
            .filter(|b| matches!(b, Block::Embed { .. }))
            .count(),
        1
    );
    let links = body_links(a);
    assert!(links.contains(&"https://www.epochtimes.com/gb/24/9/30/n90000032.htm".to_string()));
    assert!(links.contains(&"https://www.example.org/ferry/history.html".to_string()));
    assert!(body_text(a).contains("https://www.example.gov/ferry/notice.htm "));
    assert!(a.related.is_empty(), "the stale 920513 list is dropped");
    let lead = a.lead_image.as_ref().unwrap();
    assert_eq!(lead.caption, "新渡船在河面试航。（网络截图）");
}

#[test]
fn legacy_markup_reads_back() {
    let file = MirrorFile::parse(&fixture("gen-a-legacy-2001.md")).unwrap();
    let a = &file.article;
    assert!(a.lead_image.is_none());
    assert_eq!(a.dateline.as_ref().unwrap().date.to_string(), "2001-01-05");
    assert_eq!(
        body_links(a),
        [
            "http://www1.epochtimes.com/news/epochnews/news/event.asp?Event_ID=57",
            "https://www.epochtimes.com/gb/0/12/20/n90000042.htm"
        ]
    );
    // <br><br> paragraphs, <FONTCOLOR> read as the font it was
    assert!(a.body.len() >= 4, "{:#?}", a.body);
    assert!(body_text(a).contains("相关文章\n一位参观者说，六?四那年"));
    // the white-on-white site stamp is hidden text, reported
    assert!(!body_text(a).contains("dajiyuan.com"));
    assert!(
        a.diagnostics
            .iter()
            .any(|d| d.message.contains("(http://www.dajiyuan.com)"))
    );
}

#[test]
fn older_generations_move_to_the_current_account() {
    let b = MirrorFile::parse(&fixture("gen-b-2022.md")).unwrap();
    assert_eq!(b.generation, Generation::B);
    assert_eq!(
        body_links(&b.article),
        ["https://www.epochtimes.com/gb/tag/%E8%8C%B6%E6%96%87%E5%8C%96.html"]
    );
    assert_eq!(
        b.picks.iter().map(|p| p.url.as_str()).collect::<Vec<_>>(),
        [
            "https://github.com/1992513/djy/blob/master/gb/18/5/10/n10381511.md?dfh#1",
            "https://github.com/1992513/djy/blob/master/gb/18/10/3/n90000501.md#1",
            "https://github.com/1992513/djy/blob/master/gb/18/11/9/n90000502.md#1",
        ]
    );
    assert!(b.article.body.iter().any(|block| matches!(
        block,
        Block::Figure { src, caption, .. }
            if src == "https://i.epochtimes.com/assets/uploads/2022/12/id90000052-teaware.jpg"
                && plain_text(caption) == "宋代点茶用的茶盏与茶筅。（示意图）"
    )));
    assert_eq!(
        b.article.hot[0].url,
        "https://www.epochtimes.com/gb/22/12/20/n90000211.htm"
    );

    let v = MirrorFile::parse(&fixture("gen-b-lead-video-2019.md")).unwrap();
    let a = &v.article;
    assert!(a.lead_image.is_none());
    assert_eq!(
        a.body[0],
        Block::Embed {
            kind: EmbedKind::Video,
            url: a.url.clone()
        }
    );
    assert_eq!(a.body[1].plain_text(), "新灯塔在夜色中亮起。（港务处提供）");
    assert!(
        a.dateline.is_some(),
        "the dateline follows the moved caption"
    );
    assert!(a.body.iter().any(|b| matches!(
        b,
        Block::Embed { kind: EmbedKind::Video, url } if url == "https://www.youtube.com/embed/Lh0use1demo"
    )));

    let p = MirrorFile::parse(&fixture("gen-b-prime-2016.md")).unwrap();
    assert_eq!(p.generation, Generation::BPrime);
    let c = MirrorFile::parse(&fixture("gen-c-2008.md")).unwrap();
    assert_eq!(c.generation, Generation::C);
    assert_eq!(c.picks.len(), 3);
    assert!(
        c.picks
            .iter()
            .all(|p| p.url.starts_with("https://github.com/1992513/djy/"))
    );
    assert_eq!(
        body_links(&c.article),
        ["https://www.epochtimes.com/gb/8/5/1/n90000082.htm"]
    );
    assert_eq!(c.article.editor.as_deref(), Some("白桦"));
}

#[test]
fn what_is_not_a_mirror_article_is_a_typed_error() {
    assert!(matches!(
        MirrorFile::parse(&fixture("not-a-mirror.md")),
        Err(Error::NotAMirrorFile { .. })
    ));
    assert!(matches!(
        MirrorFile::parse(&fixture("gen-c-section-page.md")),
        Err(Error::NotAnArticle { .. })
    ));
    assert!(matches!(MirrorFile::parse(" \n"), Err(Error::Empty)));
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/epochtimes/djy-gb-news.html"),
    )
    .unwrap();
    assert!(matches!(
        Article::from_mirror(&page),
        Err(Error::NotAMirrorFile { .. })
    ));
    // a mirror file of something that is not an Epoch Times article
    let ntd = fixture("gen-a-news-2025.md").replace(
        "https://www.epochtimes.com/gb/25/3/12/n90000001.htm",
        "https://www.example.org/a\n.htm",
    );
    let ntd = ntd.replace("/gb/25/3/12/n90000001.md%231", "/x.md%231");
    let e = MirrorFile::parse(&ntd).unwrap_err();
    assert!(matches!(e, Error::NotAMirrorFile { .. }), "{e}");
    assert!(!e.to_string().contains('\n'), "{e}");
    // the footer lost: the QR code still names the file
    let text = fixture("gen-a-news-2025.md");
    let start = text.find("<strong>本文转自").unwrap();
    let end = text.find("<strong>手机上长按").unwrap();
    let no_footer = format!("{}{}", &text[..start], &text[end..]);
    let f = MirrorFile::parse(&no_footer).unwrap();
    assert_eq!(
        f.article.url,
        "https://www.epochtimes.com/gb/25/3/12/n90000001.htm"
    );
    assert_eq!(f.article.provenance["url"], "mirror: QR code");
    // errors are one line and Send + Sync + 'static
    let e = MirrorFile::parse("<p>x</p>").unwrap_err();
    assert!(!e.to_string().contains('\n'));
    fn bounds<T: Send + Sync + 'static>(_: &T) {}
    bounds(&e);
}

#[test]
fn cut_and_mangled_files_never_panic_and_what_reads_upgrades_idempotently() {
    let options = RenderOptions::default();
    let mut read = 0;
    for case in CASES {
        let text = fixture(case.file);
        let cuts: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(211)
            .chain([text.len()])
            .collect();
        for &cut in &cuts {
            for variant in [&text[..cut], &text[cut..]] {
                if let Ok(up) = upgrade(variant, &options) {
                    read += 1;
                    let again = upgrade(&up.output, &options).unwrap();
                    assert!(
                        !again.changed,
                        "{} cut at {cut}: a second upgrade changes it",
                        case.file
                    );
                }
            }
        }
        // markers doubled, swapped and dropped
        for (from, to) in [
            ("<h6>", "<h6><h6>"),
            ("</h2>", ""),
            ("<strong>相关新闻：</strong>", "<strong>热门新闻：</strong>"),
            (
                "<strong>本文转自",
                "<strong>相关新闻：</strong><strong>本文转自",
            ),
            (
                "<p>",
                "<p><ahref=\"javascript:alert(1)\">x</a><iframe src=\"data:text/html,x\">",
            ),
            ("href=\"", "href=\"\"><a href=\""),
        ] {
            if let Ok(up) = upgrade(&text.replace(from, to), &options) {
                let again = upgrade(&up.output, &options).unwrap();
                assert!(!again.changed, "{}: {from} → {to}", case.file);
                assert!(!up.output.contains("javascript:"), "{}", case.file);
                assert!(!up.output.contains("data:text"), "{}", case.file);
            }
        }
    }
    assert!(read > 0);
}

#[test]
fn deep_nesting_in_a_body_is_walked_without_recursion() {
    let text = fixture("gen-a-news-2025.md");
    let deep = format!("{}x{}", "<span>".repeat(100_000), "</span>".repeat(100_000));
    let text = text.replacen("<p>责任编辑", &format!("<p>{deep}</p><p>责任编辑"), 1);
    let up = upgrade(&text, &RenderOptions::default()).unwrap();
    assert!(
        !upgrade(&up.output, &RenderOptions::default())
            .unwrap()
            .changed
    );
}

#[test]
fn line_ends_charset_references_and_many_attributes() {
    let options = RenderOptions::default();
    // a CRLF checkout reads as the LF file (the format has LF only)
    let text = fixture("gen-b-2022.md");
    let lf = upgrade(&text, &options).unwrap();
    let crlf = upgrade(&text.replace('\n', "\r\n"), &options).unwrap();
    assert_eq!(crlf.generation, Generation::B);
    assert_eq!(crlf.output, lf.output);

    // --charset-safe gbk output (references for what GBK lacks) reads back to the same model
    let mut gbk = RenderOptions::default();
    gbk.charset_safe = Some(newsmirror::render::CharsetSafe::Gbk);
    let text = fixture("gen-a-news-2025.md").replace("番茄的种子", "番茄\u{1F345}的种子");
    let up = upgrade(&text, &gbk).unwrap();
    assert!(
        up.output.contains("番茄&#x1F345;的种子"),
        "{}",
        main_part(&up.output)
    );
    assert!(!upgrade(&up.output, &gbk).unwrap().changed);
    assert_eq!(
        MirrorFile::parse(&up.output).unwrap().article,
        MirrorFile::parse(&upgrade(&text, &options).unwrap().output)
            .unwrap()
            .article
    );

    // one tag with very many old `b=` attributes: repaired in one pass
    let many = format!(
        "<p><img src=\"https://i.epochtimes.com/a.jpg\"{}>x</p>",
        " b=\"1\"".repeat(50_000)
    );
    let text =
        fixture("gen-a-news-2025.md").replacen("<p>责任编辑", &format!("{many}<p>责任编辑"), 1);
    let started = std::time::Instant::now();
    let up = upgrade(&text, &options).unwrap();
    assert_eq!(up.defects.count(Defect::ImageHeight), 50_001);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Everything of an extracted article the mirror file carries, made comparable with what the
/// reader gives back.
fn as_mirrored(mut a: Article, links: &LinkMap) -> Article {
    a.updated = None;
    a.tags.clear();
    a.category = None;
    a.provenance.clear();
    a.decoding = None;
    a.extraction = newsmirror::Extraction::Layout;
    if let Some(l) = a.lead_image.as_mut() {
        l.alt.clear();
    }
    // links go through the mirror: query and fragment of mirrored pages dropped, hosts canonical
    let through = |href: &str| {
        let mirrored = links
            .rewrite(href, None)
            .unwrap_or_else(|| href.to_string());
        links.original_url(&mirrored).unwrap_or(mirrored)
    };
    for item in a.related.iter_mut().chain(a.hot.iter_mut()) {
        item.url = through(&item.url);
    }
    let mut stack: Vec<&mut Vec<Inline>> = Vec::new();
    for b in a.body.iter_mut() {
        match b {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::Quote { content } => stack.push(content),
            Block::Figure { caption, link, .. } => {
                if let Some(l) = link {
                    *l = through(l);
                }
                stack.push(caption);
            }
            Block::List { items, .. } => stack.extend(items.iter_mut()),
            Block::Table { rows, .. } => rows.iter_mut().for_each(|r| stack.extend(r.iter_mut())),
            Block::Embed { .. } => {}
            other => unreachable!("{other:?}: a block this test does not know"),
        }
    }
    while let Some(c) = stack.pop() {
        for i in c {
            match i {
                Inline::Link { href, content } => {
                    *href = through(href);
                    stack.push(content);
                }
                Inline::Strong { content } | Inline::Em { content } => stack.push(content),
                _ => {}
            }
        }
    }
    upgrade_corpus::comparable(a)
}

#[test]
fn pages_round_trip_through_their_mirror_file() {
    let options = RenderOptions::default();
    let pages = fixtures::html_pages("fixtures/epochtimes");
    let mut checked = 0;
    for page in pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&page).unwrap();
        let url = (name == "djy-gb-no-canonical.html")
            .then(|| "https://www.epochtimes.com/gb/18/3/20/n10230001.htm".to_string());
        let mut extract_options = newsmirror::ExtractOptions::default();
        extract_options.url = url;
        let Ok(article) = newsmirror::extract(&bytes, &extract_options) else {
            continue;
        };
        let mirror = newsmirror::render::to_string(&article, Format::Mirror, &options).unwrap();
        let file = MirrorFile::parse(&mirror).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(file.generation, Generation::A, "{name}");
        assert!(file.defects.is_empty(), "{name}: {:?}", file.defects);
        let expected = as_mirrored(article.clone(), &options.links);
        let mut got = upgrade_corpus::comparable(file.article.clone());
        got.provenance.clear();
        assert_eq!(got.title, expected.title, "{name}");
        assert_eq!(got.lead_image, expected.lead_image, "{name}");
        for (i, (g, e)) in got.body.iter().zip(&expected.body).enumerate() {
            assert_eq!(g, e, "{name}: block {i}");
        }
        assert_eq!(got, expected, "{name}");
        // the mirror file is already current: nothing to upgrade
        let up = upgrade(&mirror, &options).unwrap();
        assert!(!up.changed, "{name}");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} pages");
}

// The real mirror files of the shared corpus are upgraded and checked by `tests/corpus.rs`
// (`real_mirror_files_upgrade`), with the same checks (`support/upgrade_corpus.rs`).

// ---------------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------------

fn newsmirror(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newsmirror"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn copy_fixtures(to: &Path) {
    let nested = to.join("gb/sub");
    std::fs::create_dir_all(&nested).unwrap();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().unwrap();
            let target = if name.to_string_lossy().starts_with("gen-b") {
                nested.join(name)
            } else {
                to.join(name)
            };
            std::fs::copy(&path, target).unwrap();
        }
    }
    // hidden directories are not the mirror's
    std::fs::create_dir_all(to.join(".git")).unwrap();
    std::fs::copy(
        fixtures().join("gen-a-news-2025.md"),
        to.join(".git/stale.md"),
    )
    .unwrap();
}

fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn cli_upgrades_a_directory_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("mirror");
    copy_fixtures(&root);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = root.join("gen-a-news-2025.md");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let before = snapshot_dir(&root);

    // --dry-run: nothing written, every change listed
    let out = newsmirror(&["upgrade".as_ref(), root.as_os_str(), "--dry-run".as_ref()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(snapshot_dir(&root), before, "--dry-run wrote something");
    assert_eq!(stdout.matches("would rewrite ").count(), 8, "{stdout}");
    assert!(
        stdout.contains("would rewrite gb/sub/gen-b-2022.md: Gen B, old_layout 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("10 file(s): 8 would be rewritten, 0 unchanged, 2 skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("generations: A 4, B 2, B' 1, C 1"),
        "{stdout}"
    );
    assert!(stdout.contains("dead_link"), "{stdout}");

    // the upgrade, with a report
    let report = tmp.path().join("report.jsonl");
    let out = newsmirror(&[
        "upgrade".as_ref(),
        root.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("10 file(s): 8 rewritten, 0 unchanged, 2 skipped"),
        "{stdout}"
    );
    for case in CASES {
        let path = if case.file.starts_with("gen-b") {
            root.join("gb/sub").join(case.file)
        } else {
            root.join(case.file)
        };
        let expected = upgrade(&fixture(case.file), &RenderOptions::default())
            .unwrap()
            .output;
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            expected,
            "{}",
            case.file
        );
    }
    assert_eq!(
        std::fs::read(root.join("not-a-mirror.md")).unwrap(),
        std::fs::read(fixtures().join("not-a-mirror.md")).unwrap()
    );
    assert_eq!(
        std::fs::read(root.join(".git/stale.md")).unwrap(),
        std::fs::read(fixtures().join("gen-a-news-2025.md")).unwrap(),
        "hidden directories are left alone"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(root.join("gen-a-news-2025.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "permissions kept");
    }
    let leftovers: Vec<_> = snapshot_dir(&root)
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 11);
    let twitter = lines
        .iter()
        .find(|l| l["path"] == "gen-a-twitter-2024.md")
        .unwrap();
    assert_eq!(twitter["status"], "rewritten");
    assert_eq!(twitter["generation"], "A");
    assert_eq!(twitter["defects"]["stale_related"], 1);
    assert_eq!(twitter["lost_chars"], 0);
    let section = lines
        .iter()
        .find(|l| l["path"] == "gen-c-section-page.md")
        .unwrap();
    assert_eq!(section["status"], "skipped");
    assert!(
        section["error"]
            .as_str()
            .unwrap()
            .starts_with("not an article")
    );
    let summary = &lines[10]["summary"];
    assert_eq!(summary["files"]["rewritten"], 8);
    assert_eq!(summary["generations"]["B'"], 1);
    assert_eq!(summary["lost_chars"], 3);

    // a second run has nothing to do
    let after = snapshot_dir(&root);
    let out = newsmirror(&["upgrade".as_ref(), root.as_os_str()]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("10 file(s): 0 rewritten, 8 unchanged, 2 skipped"),
        "{stdout}"
    );
    assert!(stdout.contains("generations: A 8"), "{stdout}");
    assert!(!stdout.contains("repaired"), "{stdout}");
    assert_eq!(snapshot_dir(&root), after);
}

#[test]
fn cli_single_files_and_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("n90000071.md");
    std::fs::copy(fixtures().join("gen-b-prime-2016.md"), &file).unwrap();
    let out = newsmirror(&["upgrade".as_ref(), file.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("1 file(s): 1 rewritten")
    );
    assert!(
        upgrade_corpus::current_format_problems(&std::fs::read_to_string(&file).unwrap())
            .is_empty()
    );

    // one file that is not a mirror article: an error, the file untouched
    let other = tmp.path().join("notes.md");
    std::fs::copy(fixtures().join("not-a-mirror.md"), &other).unwrap();
    let out = newsmirror(&["upgrade".as_ref(), other.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a mirror file"), "{stderr}");
    assert_eq!(
        std::fs::read(&other).unwrap(),
        std::fs::read(fixtures().join("not-a-mirror.md")).unwrap()
    );

    // a missing path
    let out = newsmirror(&["upgrade".as_ref(), tmp.path().join("nope").as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("nope"));
}

#[test]
fn a_directory_upgrades_through_the_library_in_path_order() {
    use newsmirror::upgrade::{FileStatus, UpgradeOptions, upgrade_dir, upgrade_dir_with};

    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("mirror");
    copy_fixtures(&root);
    let before = snapshot_dir(&root);

    let mut options = UpgradeOptions::default();
    options.dry_run = true;
    options.jobs = Some(2);
    let mut seen = Vec::new();
    let summary = upgrade_dir_with(&root, &options, |file| {
        seen.push((file.path.clone(), file.status));
        Ok(())
    })
    .unwrap();
    assert_eq!(snapshot_dir(&root), before, "a dry run wrote something");
    // Every `*.md` outside the hidden directory, in path order, each reported once.
    let paths: Vec<&Path> = seen.iter().map(|(p, _)| p.as_path()).collect();
    assert_eq!(paths.len(), 10);
    assert!(paths.is_sorted());
    assert!(paths.iter().all(|p| !p.starts_with(root.join(".git"))));
    assert_eq!(summary.total(), 10);
    assert_eq!(summary.count(FileStatus::WouldRewrite), 8);
    assert_eq!(summary.count(FileStatus::Skipped), 2);
    assert!(summary.is_success());
    for case in CASES {
        let status = seen
            .iter()
            .find(|(p, _)| p.ends_with(case.file))
            .map(|(_, s)| *s);
        assert_eq!(status, Some(FileStatus::WouldRewrite), "{}", case.file);
    }

    // The upgrade: each file as `upgrade` gives it, then nothing left to do.
    options.dry_run = false;
    let summary = upgrade_dir(&root, &options).unwrap();
    assert_eq!(summary.count(FileStatus::Rewritten), 8);
    assert_eq!(summary.lost_chars, 3);
    for case in CASES {
        let path = if case.file.starts_with("gen-b") {
            root.join("gb/sub").join(case.file)
        } else {
            root.join(case.file)
        };
        let expected = upgrade(&fixture(case.file), &RenderOptions::default())
            .unwrap()
            .output;
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            expected,
            "{}",
            case.file
        );
    }
    let again = upgrade_dir(&root, &options).unwrap();
    assert_eq!(
        (
            again.count(FileStatus::Unchanged),
            again.count(FileStatus::Rewritten)
        ),
        (8, 0)
    );

    // A callback's error stops the run and is its error.
    let err = upgrade_dir_with(&root, &options, |_| Err(Error::Config("stop".into()))).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err}");
    // A missing directory is the run's error.
    assert!(matches!(
        upgrade_dir(&tmp.path().join("nope"), &options),
        Err(Error::Io { .. })
    ));
}
