//! Text conventions of the story: whitespace, the dateline, the credit, the editor line.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::model::{Block, Dateline, plain_text};

/// Collapses runs of HTML whitespace (space, tab, LF, FF, CR) to one space, as a browser lays out
/// text. A run that contains a line break between two CJK characters disappears entirely (the
/// line break only wrapped the source). NO-BREAK SPACE and ideographic space are content and kept.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_html_space(c) {
            let mut newline = c == '\n' || c == '\r';
            while let Some(&n) = chars.peek() {
                if !is_html_space(n) {
                    break;
                }
                newline |= n == '\n' || n == '\r';
                chars.next();
            }
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            let next_cjk = chars.peek().copied().is_some_and(is_cjk);
            if !(newline && prev_cjk && next_cjk) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub(crate) fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Wide East Asian characters and full-width punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31BF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Trims HTML whitespace and the spaces a page uses as empty content.
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace())
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(【\s*([^【】0-9]{1,16}?)\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:讯|訊|报导|報導|电|電)\s*】)")
        .expect("static regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*([（(][^（）()]{0,60}?(?:记者|記者|报导|報導|报道|報道|编译|編譯|采访|採訪|综合|綜合|撰稿|特稿)[^（）()]{0,60}?[）)])",
    )
    .expect("static regex")
});

/// Reads the dateline (and the credit right after it) at the start of a paragraph's text. Old
/// datelines give no year (`【大纪元5月14日讯】`): `year` (from the URL) completes them.
pub(crate) fn dateline(text: &str, year: Option<i32>) -> Option<Dateline> {
    let caps = DATELINE.captures(text)?;
    let year: i32 = match caps.get(3) {
        Some(y) => y.as_str().parse().ok()?,
        None => year?,
    };
    let month: u32 = caps[4].parse().ok()?;
    let day: u32 = caps[5].parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    let whole = caps.get(1)?;
    let rest = &text[whole.end()..];
    let credit = CREDIT.captures(rest).map(|c| c[1].to_string());
    Some(Dateline {
        text: whole.as_str().to_string(),
        source: caps[2].trim().to_string(),
        date,
        credit,
    })
}

static EDITOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:责任编辑|責任編輯)\s*[：:]\s*([^#@（）()，,。;；\s]+(?:\s[A-Za-z][^#@（）()，,。;；\s]*)*)")
        .expect("static regex")
});

/// The name on an editor line (`责任编辑：李琳#`, `（責任編輯：林銳）`, `…，责任编辑：王安@*#`).
pub(crate) fn editor(text: &str) -> Option<String> {
    let caps = EDITOR.captures(text)?;
    let name = caps[1].trim_end_matches(['#', '@', '*']).trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// How many paragraphs at the top of a body may hold the dateline. It opens the first paragraph
/// of a news story, but a page may put a summary (`【导读】…`) or an editor's note of a paragraph
/// or two before it. Further down, a bracket like it is a quotation, not the story's dateline.
const DATELINE_PARAGRAPHS: usize = 3;

/// The dateline of a body, with the paragraph it opens (0 for the first): at the start of one of
/// its first [`DATELINE_PARAGRAPHS`] paragraphs. Only paragraphs count: images, videos,
/// subheadings and quotations before the dateline (a summary's photo and video) are passed over.
/// The page extractor and the mirror reader both read it so.
pub(crate) fn body_dateline(body: &[Block], year: Option<i32>) -> Option<(usize, Dateline)> {
    body.iter()
        .filter_map(|b| match b {
            Block::Paragraph { content } => Some(content),
            _ => None,
        })
        .take(DATELINE_PARAGRAPHS)
        .enumerate()
        .find_map(|(i, content)| dateline(&plain_text(content), year).map(|d| (i, d)))
}

/// The editor of a body: on one of its last six paragraphs or headings (related-article lines
/// may follow it).
pub(crate) fn body_editor(body: &[Block]) -> Option<String> {
    body.iter().rev().take(6).find_map(|b| match b {
        Block::Paragraph { .. } | Block::Heading { .. } => editor(&b.plain_text()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_like_a_browser() {
        assert_eq!(collapse_whitespace("a \n\t b"), "a b");
        assert_eq!(collapse_whitespace("中文\n  文字"), "中文文字");
        assert_eq!(collapse_whitespace("中文 文字"), "中文 文字");
        assert_eq!(collapse_whitespace("rare\u{A0}earth"), "rare\u{A0}earth");
        assert_eq!(collapse_whitespace("\n\t"), " ");
    }

    #[test]
    fn datelines_gb_and_b5() {
        let d = dateline(
            "【大纪元2025年08月20日讯】（大纪元记者王明综合报导）中国…",
            None,
        )
        .unwrap();
        assert_eq!(d.text, "【大纪元2025年08月20日讯】");
        assert_eq!(d.source, "大纪元");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2025, 8, 20).unwrap());
        assert_eq!(d.credit.as_deref(), Some("（大纪元记者王明综合报导）"));

        let d = dateline(" 【大紀元2014年1月1日訊】(大紀元記者陳明台北報導) 文", None).unwrap();
        assert_eq!(d.source, "大紀元");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2014, 1, 1).unwrap());
        assert_eq!(d.credit.as_deref(), Some("(大紀元記者陳明台北報導)"));

        let d = dateline("【大纪元2019年08月12日讯】", Some(2020)).unwrap();
        assert_eq!(d.credit, None);
        assert!(
            dateline("【大纪元2019年02月30日讯】", None).is_none(),
            "no such date"
        );
        assert!(
            dateline("正文【大纪元2019年08月12日讯】", None).is_none(),
            "only at the start"
        );
        let d = dateline(
            "【大纪元11月20日报导】（大纪元记者周青广州报导）",
            Some(2006),
        )
        .unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2006, 11, 20).unwrap());
        assert_eq!(d.text, "【大纪元11月20日报导】");
        let d = dateline("【新唐人2024年5月3日訊】", None).unwrap();
        assert_eq!(d.source, "新唐人");
        let d = dateline("【大纪元5月14日讯】(大纪元记者林海报导)", Some(2005)).unwrap();
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2005, 5, 14).unwrap());
        assert_eq!(d.credit.as_deref(), Some("(大纪元记者林海报导)"));
        assert!(
            dateline("【大纪元5月14日讯】", None).is_none(),
            "a year-less dateline needs the URL's year"
        );
    }

    #[test]
    fn the_dateline_may_follow_a_summary_and_media() {
        let p = |s: &str| Block::Paragraph {
            content: vec![crate::model::Inline::text(s)],
        };
        let figure = Block::Figure {
            src: "https://i.epochtimes.com/x.jpg".into(),
            alt: String::new(),
            caption: vec![],
            link: None,
        };
        let video = Block::Embed {
            kind: crate::model::EmbedKind::Video,
            url: "https://www.youtube.com/embed/x".into(),
        };
        let line = "【大纪元2025年08月21日讯】（大纪元记者王明报导）正文";
        // A summary paragraph, a photo and a video before the dateline paragraph.
        let body = [p("摘要。"), figure.clone(), video.clone(), p(line), p("二")];
        let (at, d) = body_dateline(&body, None).expect("the dateline after a summary and media");
        assert_eq!((at, d.text.as_str()), (1, "【大纪元2025年08月21日讯】"));
        // An editor's note of two paragraphs, a subheading, then the dateline.
        let heading = Block::Heading {
            level: 2,
            content: vec![crate::model::Inline::text("编者按")],
        };
        let body = [heading, p("按一。"), p("按二。"), figure, p(line)];
        assert_eq!(body_dateline(&body, None).map(|(at, _)| at), Some(2));
        // Bounded: a bracket quoted in the fourth paragraph is not the dateline.
        let body = [p("一"), p("二"), video, p("三"), p(line)];
        assert!(body_dateline(&body, None).is_none());
    }

    #[test]
    fn editor_lines() {
        assert_eq!(editor("责任编辑：李琳#").as_deref(), Some("李琳"));
        assert_eq!(editor("责任编辑：王安@*#").as_deref(), Some("王安"));
        assert_eq!(editor("（责任编辑：林锐）").as_deref(), Some("林锐"));
        assert_eq!(editor("(北美晚間責任編輯：陳海)").as_deref(), Some("陳海"));
        assert_eq!(
            editor("文字整理：张三，责任编辑：李四").as_deref(),
            Some("李四")
        );
        assert_eq!(editor("責任編輯: 周 ").as_deref(), Some("周"));
        assert_eq!(editor("责任编辑：Anna Li#").as_deref(), Some("Anna Li"));
        assert_eq!(editor("编辑部"), None);
    }
}
