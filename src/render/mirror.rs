//! The mirror renderer: the current ("Gen A") mirror file, with the old generator's defects fixed.
//!
//! The fixed text comes from the template files ([`Templates`]); this module only decides what
//! goes into each placeholder. The body is rendered from the model as clean HTML, one block per
//! line, the first after a tab (as the reference file shows it). The output never contains a blank
//! line, so GitHub reads the whole file as one HTML block and no text can turn into Markdown.

use std::io::{self, Write};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::escape;
use super::images::ImagePolicy;
use super::template::{self, Template};
use super::{MirrorOptions, Pick};
use crate::error::{Error, Result};
use crate::linkmap::LinkMap;
use crate::model::{Article, Block, Edition, EmbedKind, Inline};
use crate::sites::{self, HotList, PerSite, SiteProfile, TemplateSet};
use crate::url_safety::{Allowed, safe_url};

/// A complete set of mirror templates: one set per edition (the traditional `b5` set overrides
/// the parts whose text is in the script of the edition, and falls back to the `gb` part
/// elsewhere: the fixed header and right column are the same in both).
#[derive(Debug, Clone)]
pub struct Templates {
    gb: Set,
    b5: Set,
    /// Editor picks drawn when none are given: the right column's promo entries.
    pool: Vec<Pick>,
}

#[derive(Debug, Clone)]
struct Set([Template; PARTS]);

/// The parts of the mirror file, in the order of [`FILES`].
#[derive(Clone, Copy)]
enum Part {
    Header,
    RightColumn,
    Page,
    Lead,
    Item,
    Pick,
    Footer,
    Qr,
    EmbedVideo,
    EmbedTweet,
    EmbedOther,
    LeadVideo,
}

impl Set {
    fn get(&self, part: Part) -> &Template {
        &self.0[part as usize]
    }
}

const PARTS: usize = 12;

/// (file, placeholders) of every template.
const FILES: [(&str, &[&str]); PARTS] = [
    ("header.html", &[]),
    ("right-column.html", &[]),
    (
        "page.html",
        &[
            "header",
            "title",
            "lead",
            "caption",
            "body",
            "related",
            "picks",
            "hot",
            "footer",
            "qr",
            "right_column",
        ],
    ),
    ("lead.html", &["src"]),
    ("item.html", &["url", "title"]),
    ("pick.html", &["url", "title"]),
    ("footer.html", &["original_url", "title"]),
    ("qr.html", &["mirror_url"]),
    ("embed-video.html", &["original_url", "embed_url"]),
    ("embed-tweet.html", &["original_url", "embed_url"]),
    ("embed-other.html", &["original_url", "embed_url"]),
    // Optional: a mirror without a lead-video form writes the lead video first in the body.
    ("lead-video.html", &["original_url", "embed_url"]),
];

/// The parts a template directory may leave out (an empty part).
const OPTIONAL: &[&str] = &["lead-video.html"];

/// Whether a site's mirror file has a form for a lead video at the lead position (its built-in
/// template set gives `lead-video.html`); without one, a lead video opens the body.
pub(crate) fn has_lead_video_form(site: &SiteProfile) -> bool {
    site.mirror.and_then(|m| m.templates).is_some_and(|set| {
        set.files
            .iter()
            .any(|(f, t)| *f == "lead-video.html" && !t.is_empty())
    })
}

/// The built-in template set of a site, parsed once.
fn builtin(site: &'static SiteProfile) -> Result<&'static Templates> {
    static BUILTIN: PerSite<std::result::Result<Templates, String>> = PerSite::new();
    let Some(set) = site.mirror.and_then(|m| m.templates) else {
        return Err(Error::Config(format!(
            "the {} mirror has no templates",
            site.name
        )));
    };
    BUILTIN
        .get(site, |_| {
            Templates::from_set(set).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("site profile {:?}: {e}", site.id)))
}

impl Default for Templates {
    /// The built-in templates of the default site's mirror ([`crate::sites::DEFAULT`]).
    fn default() -> Self {
        builtin(sites::DEFAULT)
            .expect("the default site's templates are valid (tested)")
            .clone()
    }
}

impl Templates {
    /// The built-in templates of a site's mirror ([`Mirror::templates`](crate::sites::Mirror::templates)).
    pub fn for_site(site: &'static SiteProfile) -> Result<Templates> {
        builtin(site).cloned()
    }

    /// Parses a template set given as data: every part it names must be one of the files of
    /// [`Templates::from_dir`]; a part it does not give is empty.
    pub fn from_set(set: &TemplateSet) -> Result<Templates> {
        for (file, _) in set.files.iter().chain(set.b5) {
            if !FILES.iter().any(|(f, _)| f == file) {
                return Err(Error::Config(format!(
                    "template {file}: not a part of a mirror file (parts: {})",
                    FILES.map(|(f, _)| f).join(", ")
                )));
            }
        }
        let part = |list: &[(&'static str, &'static str)], file: &str| {
            list.iter().find(|(f, _)| *f == file).map(|(_, text)| *text)
        };
        let gb: [&str; PARTS] = std::array::from_fn(|i| part(set.files, FILES[i].0).unwrap_or(""));
        let b5: [&str; PARTS] = std::array::from_fn(|i| part(set.b5, FILES[i].0).unwrap_or(gb[i]));
        Templates::from_sources(gb, b5)
    }

    /// Loads a template set from a directory holding the same files as the built-in set
    /// (`header.html`, `right-column.html`, `page.html`, `lead.html`, `item.html`, `pick.html`,
    /// `footer.html`, `qr.html`, `embed-video.html`, `embed-tweet.html`, `embed-other.html`,
    /// and optionally `lead-video.html`: the lead video at the lead position, where the mirror's
    /// file has such a form; without it a lead video is written as the body's first block);
    /// files in its `b5/` subdirectory override them for traditional-script articles.
    pub fn from_dir(dir: &Path) -> Result<Templates> {
        let mut gb = Vec::with_capacity(PARTS);
        let mut b5 = Vec::with_capacity(PARTS);
        for (file, _) in FILES {
            let source = if OPTIONAL.contains(&file) && !dir.join(file).exists() {
                String::new()
            } else {
                template::read(dir, file)?
            };
            let b5_path = dir.join("b5").join(file);
            b5.push(if b5_path.exists() {
                template::read(&dir.join("b5"), file)?
            } else {
                source.clone()
            });
            gb.push(source);
        }
        Templates::from_sources(
            std::array::from_fn(|i| gb[i].as_str()),
            std::array::from_fn(|i| b5[i].as_str()),
        )
    }

    fn from_sources(gb: [&str; PARTS], b5: [&str; PARTS]) -> Result<Templates> {
        let set = |src: [&str; PARTS]| -> Result<Set> {
            let mut parsed = Vec::with_capacity(PARTS);
            for (i, (file, slots)) in FILES.iter().enumerate() {
                parsed.push(Template::parse(file, src[i], slots)?);
            }
            Ok(Set(parsed.try_into().expect("PARTS templates")))
        };
        let gb = set(gb)?;
        let pool = promo_pool(&gb.get(Part::RightColumn).literal());
        Ok(Templates {
            gb,
            b5: set(b5)?,
            pool,
        })
    }

    /// The editor-pick pool: the right column's promo links and titles.
    pub fn pool(&self) -> &[Pick] {
        &self.pool
    }

    /// The same templates drawing editor picks from `pool` instead of the right column's promo
    /// entries (an empty pool gives no picks).
    pub fn with_pool(mut self, pool: Vec<Pick>) -> Templates {
        self.pool = pool;
        self
    }

    fn for_edition(&self, edition: Edition) -> &Set {
        match edition {
            Edition::Gb => &self.gb,
            Edition::B5 => &self.b5,
        }
    }
}

static PROMO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<a href="([^"]+)" target="_blank"><img [^>]*?title="([^"]+)""#)
        .expect("static regex")
});

fn promo_pool(right_column: &str) -> Vec<Pick> {
    PROMO
        .captures_iter(right_column)
        .map(|c| Pick {
            url: c[1].to_string(),
            title: c[2].to_string(),
        })
        .collect()
}

/// `count` picks drawn from `pool`, the same for the same article id (SplitMix64 over the id's
/// digits), distinct.
pub(crate) fn draw_picks(pool: &[Pick], id: &str, count: usize) -> Vec<Pick> {
    let mut state: u64 = id.bytes().filter(u8::is_ascii_digit).fold(0u64, |acc, d| {
        acc.wrapping_mul(10).wrapping_add(u64::from(d - b'0'))
    });
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut indices: Vec<usize> = (0..pool.len()).collect();
    let take = pool.len().min(count);
    for i in 0..take {
        let j = i + (next() % (pool.len() - i) as u64) as usize;
        indices.swap(i, j);
    }
    indices[..take].iter().map(|&i| pool[i].clone()).collect()
}

pub(crate) fn write(
    article: &Article,
    links: &LinkMap,
    options: &MirrorOptions,
    images: &ImagePolicy,
    out: &mut dyn Write,
) -> Result<()> {
    let original = article.url.as_str();
    let not_mirrorable = || Error::NotMirrorable {
        url: original.to_string(),
    };
    // The article's site, as the link map knows it: its mirror and that mirror's file shape.
    let site = links.site(&article.site).ok_or_else(not_mirrorable)?;
    let mirror = site.mirror.ok_or_else(not_mirrorable)?;
    let mirror_url = Url::parse(original)
        .ok()
        .and_then(|u| links.classify(&u))
        .filter(|t| t.site == site)
        .and_then(|t| links.mirror_url_of(&t))
        .ok_or_else(not_mirrorable)?;
    let templates = match &options.templates {
        Some(t) => t,
        None => builtin(site)?,
    };
    let picks = match &options.picks {
        Some(p) => p.clone(),
        None => draw_picks(&templates.pool, &article.id, mirror.picks),
    };
    let t = templates.for_edition(article.edition);
    // Where the lead video goes: at the lead position when the mirror's file has a form for it.
    let lead_video_here = !t.get(Part::LeadVideo).is_empty();
    let r = Renderer {
        links,
        original,
        images,
    };
    t.get(Part::Page).write(out, |slot, w| match slot {
        "header" => t.get(Part::Header).write(w, |_, _| Ok(())),
        "right_column" => t.get(Part::RightColumn).write(w, |_, _| Ok(())),
        "title" => escape::text(w, &article.title),
        "lead" => match article
            .lead_image
            .as_ref()
            .and_then(|l| safe_url(&images.src(&l.src), None, Allowed::Web))
        {
            Some(src) => t.get(Part::Lead).write(w, |_, w| escape::attr(w, &src)),
            None => match (&article.lead_video, lead_video_here) {
                (Some(v), true) => r.embed(t.get(Part::LeadVideo), &v.url, w),
                _ => Ok(()),
            },
        },
        "caption" => escape::text(
            w,
            match (&article.lead_image, &article.lead_video) {
                (Some(l), _) => l.caption.as_str(),
                (None, Some(v)) if lead_video_here => v.caption.as_str(),
                _ => "",
            },
        ),
        "body" => {
            // A mirror without a lead-video form: the video (and its caption) open the body.
            let opening: Vec<Block> = match &article.lead_video {
                Some(v) if !lead_video_here && article.lead_image.is_none() => {
                    let mut o = vec![v.as_block()];
                    if !v.caption.is_empty() {
                        o.push(Block::Paragraph {
                            content: vec![Inline::text(v.caption.as_str())],
                        });
                    }
                    o
                }
                _ => Vec::new(),
            };
            if opening.is_empty() {
                r.body(t, &article.body, w)
            } else {
                let all: Vec<Block> = opening
                    .into_iter()
                    .chain(article.body.iter().cloned())
                    .collect();
                r.body(t, &all, w)
            }
        }
        "related" => r.items(t.get(Part::Item), &article.related, w),
        "hot" => match mirror.hot {
            HotList::Page => r.items(t.get(Part::Item), &article.hot, w),
            // The template's own text stands for the list.
            _ => Ok(()),
        },
        "picks" => {
            for p in &picks {
                t.get(Part::Pick).write(w, |slot, w| match slot {
                    "url" => {
                        escape::attr(w, &safe_url(&p.url, None, Allowed::Web).unwrap_or_default())
                    }
                    _ => escape::text(w, &p.title),
                })?;
            }
            Ok(())
        }
        "footer" => t.get(Part::Footer).write(w, |slot, w| match slot {
            "original_url" => escape::attr(w, original),
            _ => escape::text(w, &article.title),
        }),
        "qr" => t
            .get(Part::Qr)
            .write(w, |_, w| escape::attr(w, &mirror_url.replace('#', "%23"))),
        _ => Ok(()),
    })?;
    Ok(())
}

struct Renderer<'a> {
    links: &'a LinkMap,
    original: &'a str,
    images: &'a ImagePolicy,
}

impl Renderer<'_> {
    /// A link target: rewritten into the mirror when the map knows the page, vetted either way.
    /// (`rewrite` resolves by the same rule `safe_url` does: what it cannot resolve, `safe_url`
    /// would refuse.)
    fn href(&self, url: &str) -> Option<String> {
        let mapped = self.links.rewrite(url, None)?;
        safe_url(&mapped, None, Allowed::WebAndMail)
    }

    fn items(
        &self,
        item: &Template,
        list: &[crate::model::LinkItem],
        w: &mut dyn Write,
    ) -> io::Result<()> {
        for it in list {
            let Some(url) = self.href(&it.url) else {
                continue;
            };
            item.write(w, |slot, w| match slot {
                "url" => escape::attr(w, &url),
                _ => escape::text(w, &it.title),
            })?;
        }
        Ok(())
    }

    fn body(&self, t: &Set, blocks: &[Block], w: &mut dyn Write) -> io::Result<()> {
        w.write_all(b"\t")?;
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                w.write_all(b"\n")?;
            }
            self.block(t, block, w)?;
        }
        Ok(())
    }

    fn block(&self, t: &Set, block: &Block, w: &mut dyn Write) -> io::Result<()> {
        match block {
            Block::Paragraph { content } => self.wrapped(w, "p", content),
            Block::Heading { level, content } => {
                let tag =
                    ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from((*level).clamp(1, 6)) - 1];
                self.wrapped(w, tag, content)
            }
            Block::Figure {
                src,
                alt,
                caption,
                link,
            } => {
                w.write_all(b"<figure>")?;
                let link = link.as_deref().and_then(|l| self.href(l));
                if let Some(l) = &link {
                    w.write_all(b"<a href=\"")?;
                    escape::attr(w, l)?;
                    w.write_all(b"\">")?;
                }
                if let Some(src) = safe_url(&self.images.src(src), None, Allowed::Web) {
                    w.write_all(b"<img src=\"")?;
                    escape::attr(w, &src)?;
                    w.write_all(b"\" alt=\"")?;
                    escape::attr(w, alt)?;
                    w.write_all(b"\">")?;
                }
                if link.is_some() {
                    w.write_all(b"</a>")?;
                }
                if !caption.is_empty() {
                    self.wrapped(w, "figcaption", caption)?;
                }
                w.write_all(b"</figure>")
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                write!(w, "<{tag}>")?;
                for item in items {
                    self.wrapped(w, "li", item)?;
                }
                write!(w, "</{tag}>")
            }
            Block::Quote { content } => self.wrapped(w, "blockquote", content),
            Block::Table { rows, header } => {
                w.write_all(b"<table>")?;
                for (i, row) in rows.iter().enumerate() {
                    let tag = if i == 0 && *header { "th" } else { "td" };
                    w.write_all(b"<tr>")?;
                    for cell in row {
                        self.wrapped(w, tag, cell)?;
                    }
                    w.write_all(b"</tr>")?;
                }
                w.write_all(b"</table>")
            }
            Block::Embed { kind, url } => {
                let template = match kind {
                    EmbedKind::Video => t.get(Part::EmbedVideo),
                    EmbedKind::Tweet => t.get(Part::EmbedTweet),
                    EmbedKind::Other => t.get(Part::EmbedOther),
                };
                self.embed(template, url, w)
            }
        }
    }

    /// An embed template: the original article's URL and the embedded resource's, vetted.
    fn embed(&self, template: &Template, url: &str, w: &mut dyn Write) -> io::Result<()> {
        template.write(w, |slot, w| match slot {
            "original_url" => escape::attr(w, self.original),
            _ => escape::attr(w, &safe_url(url, None, Allowed::Web).unwrap_or_default()),
        })
    }

    fn wrapped(&self, w: &mut dyn Write, tag: &str, content: &[Inline]) -> io::Result<()> {
        write!(w, "<{tag}>")?;
        self.inline(w, content)?;
        write!(w, "</{tag}>")
    }

    /// Inline content, walked with an explicit stack (a hand-built model may nest deeper than
    /// the extractor ever does).
    fn inline(&self, w: &mut dyn Write, content: &[Inline]) -> io::Result<()> {
        let mut stack: Vec<(std::slice::Iter<'_, Inline>, &'static str)> =
            vec![(content.iter(), "")];
        while let Some((iter, _)) = stack.last_mut() {
            let Some(item) = iter.next() else {
                let (_, close) = stack.pop().expect("non-empty");
                w.write_all(close.as_bytes())?;
                continue;
            };
            match item {
                Inline::Text { text } => escape::text(w, text)?,
                Inline::Br => w.write_all(b"<br>")?,
                Inline::Strong { content } => {
                    w.write_all(b"<strong>")?;
                    stack.push((content.iter(), "</strong>"));
                }
                Inline::Em { content } => {
                    w.write_all(b"<em>")?;
                    stack.push((content.iter(), "</em>"));
                }
                Inline::Link { href, content } => match self.href(href) {
                    Some(h) => {
                        w.write_all(b"<a href=\"")?;
                        escape::attr(w, &h)?;
                        w.write_all(b"\">")?;
                        stack.push((content.iter(), "</a>"));
                    }
                    None => stack.push((content.iter(), "")),
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_templates_parse_and_b5_falls_back_to_gb() {
        let t = Templates::default();
        assert!(!t.pool().is_empty());
        // The b5 set shares the parts it does not override.
        assert_eq!(t.b5.get(Part::Header), t.gb.get(Part::Header));
        assert_eq!(t.b5.get(Part::RightColumn), t.gb.get(Part::RightColumn));
        assert_ne!(t.b5.get(Part::Page), t.gb.get(Part::Page));
    }

    #[test]
    fn a_set_given_as_data_is_checked_and_completed() {
        static ONE: TemplateSet = TemplateSet::new(&[("page.html", "<h1>{{title}}</h1>\n")]);
        let t = Templates::from_set(&ONE).unwrap();
        assert_eq!(t.gb.get(Part::Page).literal(), "<h1></h1>\n");
        assert_eq!(t.gb.get(Part::Header).literal(), "");
        assert!(t.pool().is_empty());
        static ODD: TemplateSet = TemplateSet::new(&[("pages.html", "x")]);
        assert!(matches!(Templates::from_set(&ODD), Err(Error::Config(_))));
        static BAD: TemplateSet = TemplateSet::new(&[("page.html", "{{nope}}")]);
        assert!(matches!(Templates::from_set(&BAD), Err(Error::Config(_))));
    }

    #[test]
    fn picks_are_deterministic_and_distinct() {
        let pool = Templates::default().pool().to_vec();
        let a = draw_picks(&pool, "n14577375", 3);
        assert_eq!(a, draw_picks(&pool, "n14577375", 3));
        assert_eq!(a.len(), 3);
        assert!(a[0] != a[1] && a[1] != a[2] && a[0] != a[2]);
        assert_ne!(a, draw_picks(&pool, "n14577376", 3));
        assert_eq!(draw_picks(&pool[..2], "n1", 3).len(), 2);
        assert_eq!(draw_picks(&pool, "n1", 4).len(), 4);
        assert_eq!(
            draw_picks(&pool, "n1", 4)[..3],
            draw_picks(&pool, "n1", 3)[..]
        );
        assert!(draw_picks(&[], "n1", 3).is_empty());
    }

    /// Both renderers write the URL the crate's one rule vetted (trimmed, serialised), never the
    /// string the model holds: a padded URL is written bare, a refused one not at all.
    #[test]
    fn urls_are_written_as_vetted() {
        use crate::model::{LeadImage, LinkItem, Site};
        use crate::render::{Format, RenderOptions, to_string};

        let link = |href: &str| Inline::Link {
            href: href.into(),
            content: vec![Inline::text("链接")],
        };
        let article = Article {
            url: "https://www.epochtimes.com/gb/25/8/20/n14577375.htm".into(),
            site: Site::Epochtimes,
            edition: Edition::Gb,
            id: "n14577375".into(),
            extraction: Default::default(),
            title: "标题".into(),
            dateline: None,
            published: None,
            updated: None,
            lead_image: Some(LeadImage {
                src: "\u{a0}https://i.epochtimes.com/a.jpg\u{3000}".into(),
                caption: String::new(),
                alt: String::new(),
            }),
            lead_video: None,
            body: vec![
                Block::Paragraph {
                    content: vec![
                        link(" https://example.com/a b\u{3000}"),
                        link("\u{a0}javascript:alert(1)"),
                    ],
                },
                Block::Figure {
                    src: "\u{1}https://i.epochtimes.com/b.jpg".into(),
                    alt: String::new(),
                    caption: vec![],
                    link: Some("\u{3000}https://example.com/full.jpg".into()),
                },
            ],
            editor: None,
            tags: vec![],
            category: None,
            related: vec![LinkItem {
                title: "相关".into(),
                url: "\u{a0}https://www.epochtimes.com/gb/25/8/19/n1.htm".into(),
            }],
            hot: vec![],
            diagnostics: vec![],
            provenance: Default::default(),
            decoding: None,
        };
        let mut options = RenderOptions::default();
        options.mirror.picks = Some(vec![Pick {
            title: "精选".into(),
            url: " https://github.com/1992513/djy/blob/master/gb/nsc413.md?dfh#1\u{a0}".into(),
        }]);
        let related = "https://github.com/1992513/djy/blob/master/gb/25/8/19/n1.md#1";

        let mirror = to_string(&article, Format::Mirror, &options).unwrap();
        for attr in [
            "src=\"https://i.epochtimes.com/a.jpg\"",
            "href=\"https://example.com/a%20b\"",
            "href=\"https://example.com/full.jpg\"",
            "src=\"https://i.epochtimes.com/b.jpg\"",
            &format!("href=\"{related}\""),
            "href=\"https://github.com/1992513/djy/blob/master/gb/nsc413.md?dfh#1\"",
        ] {
            assert!(mirror.contains(attr), "{attr}\n{mirror}");
        }
        assert!(!mirror.contains("javascript"), "{mirror}");

        let markdown = to_string(&article, Format::Markdown, &options).unwrap();
        for dest in [
            "(https://i.epochtimes.com/a.jpg)",
            "(https://example.com/a%20b)",
            "(https://example.com/full.jpg)",
            "(https://i.epochtimes.com/b.jpg)",
            &format!("({related})"),
        ] {
            assert!(markdown.contains(dest), "{dest}\n{markdown}");
        }
        assert!(!markdown.contains("javascript"), "{markdown}");
    }

    /// A lead video: at the lead position of a mirror whose file has that form (NTDTV, with its
    /// caption in `<h6>`), the first block of the body of one without (Epoch Times, caption
    /// after it, as before the model had a lead video); escaped either way; the Markdown puts it
    /// where a lead image goes, and the JSON keeps it (and reads back).
    #[test]
    fn a_lead_video_goes_where_the_mirror_puts_it() {
        use crate::model::{LeadVideo, Site};
        use crate::render::{Format, RenderOptions, to_string};

        let body = vec![Block::Paragraph {
            content: vec![Inline::text("正文。")],
        }];
        let mut ntd = Article::new(
            "https://www.ntdtv.com/gb/2024/09/02/a100001101.html",
            Site::new("ntdtv"),
            Edition::Gb,
            "a100001101",
            "标题",
        );
        ntd.lead_video = Some(LeadVideo::new(
            "https://www.ganjingworld.com/embed/x\"><script>",
            "说明<b>",
        ));
        ntd.body = body.clone();
        let options = RenderOptions::default();
        let mirror = to_string(&ntd, Format::Mirror, &options).unwrap();
        let original = "https://www.ntdtv.com/gb/2024/09/02/a100001101.html";
        let want = format!(
            "<h2 align=center>标题</h2>\n<a href=\"{original}\"><img width=\"600\" src=\"https://raw.githubusercontent.com/1992513/www/master/t/ntdtv/ntdtv600.jpg\" title=\"进入原文观看\"  alt=\"进入原文观看\"></a><h3 align=center>(视频.国内建议下载<a href=\"https://github.com/1992513/www/blob/master/README.md#8\">翻墙软件</a>进入原文观看)</h3>\n<h6>说明&lt;b&gt;</h6>\n<hr>\n\t<p>正文。</p>\n"
        );
        assert!(mirror.contains(&want), "{mirror}");
        assert!(!mirror.contains("<script>"), "{mirror}");

        let mut djy = Article::new(
            "https://www.epochtimes.com/gb/25/8/20/n14577375.htm",
            Site::Epochtimes,
            Edition::Gb,
            "n14577375",
            "标题",
        );
        djy.lead_video = Some(LeadVideo::new("https://www.youtube.com/embed/x", "说明"));
        djy.body = body.clone();
        let mirror = to_string(&djy, Format::Mirror, &options).unwrap();
        // The same file as with the video and the caption first in the body.
        let mut old = djy.clone();
        old.lead_video = None;
        old.body.splice(
            0..0,
            [
                Block::Embed {
                    kind: EmbedKind::Video,
                    url: "https://www.youtube.com/embed/x".into(),
                },
                Block::Paragraph {
                    content: vec![Inline::text("说明")],
                },
            ],
        );
        assert_eq!(mirror, to_string(&old, Format::Mirror, &options).unwrap());
        assert!(
            mirror.contains("</h2>\n<h6></h6>\n<hr>\n\t<p><a href="),
            "{mirror}"
        );

        let markdown = to_string(&ntd, Format::Markdown, &options).unwrap();
        assert_eq!(
            markdown,
            "# 标题\n\n[视频：https://www.ganjingworld.com/embed/x\"\\>\\<script\\>](https://www.ganjingworld.com/embed/x%22%3E%3Cscript%3E)\n\n*说明\\<b\\>*\n\n正文。\n\n原文：[标题](https://www.ntdtv.com/gb/2024/09/02/a100001101.html)\n"
        );

        let json = to_string(&ntd, Format::Json, &options).unwrap();
        assert!(json.contains("\"lead_video\": {"), "{json}");
        let back: Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back.lead_video, ntd.lead_video);
        // A JSON without the field (written before it existed) still reads.
        let old_json = json.replace("\"lead_video\"", "\"unknown_field\"");
        let back: Article = serde_json::from_str(&old_json).unwrap();
        assert_eq!(back.lead_video, None);
    }
}
