//! Images, embedded media and tweets, and the URL rules for what they load.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Node};
use url::Url;

use super::context::Ctx;
use super::snippet;
use super::walker::Walker;
use crate::extract::text::{collapse_whitespace, is_blank};
use crate::model::{Block, DiagnosticKind, EmbedKind};
use crate::sites::Pages;
use crate::url_safety::{Allowed, safe_url, trim_href};

impl Walker<'_, '_> {
    pub(super) fn image(&mut self, el: ElementRef<'_>) {
        let Some(src) = image_src(el, self.base, self.site) else {
            let raw = el.value().attr("src").unwrap_or("");
            if !raw.is_empty() && !is_placeholder(raw, self.site) {
                self.diag(
                    DiagnosticKind::UnsafeUrl,
                    format!("image dropped, unusable URL: {}", snippet(raw)),
                );
            }
            return;
        };
        let alt = collapse_whitespace(el.value().attr("alt").unwrap_or(""))
            .trim()
            .to_string();
        let link = self.inline.innermost_link();
        if let Some(Ctx::Figure {
            src: s,
            alt: a,
            link: l,
            ..
        }) = self.ctx.last_mut()
        {
            if s.is_none() {
                *s = Some(src);
                *a = alt;
                *l = link;
                return;
            }
        }
        // An image in running text (or a second image in a figure): a figure of its own, and
        // the text around it splits into the blocks before and after.
        self.boundary_for_image();
        self.push_block(Block::Figure {
            src,
            alt,
            caption: Vec::new(),
            link,
        });
    }

    fn boundary_for_image(&mut self) {
        match self.ctx.last() {
            None | Some(Ctx::Quote { .. }) => self.boundary(),
            _ => {}
        }
    }

    pub(super) fn embed(&mut self, el: ElementRef<'_>) {
        let v = el.value();
        let raw = match v.name() {
            "twitter-widget" => v
                .attr("data-tweet-id")
                .map(|id| format!("https://twitter.com/i/status/{id}")),
            "object" => v.attr("data").map(str::to_string),
            _ => self
                .site
                .lazy_src_attrs
                .iter()
                .chain(["src"].iter())
                .filter_map(|a| v.attr(a))
                .map(trim_href)
                .find(|s| !s.is_empty() && !s.starts_with("about:"))
                .map(str::to_string)
                .or_else(|| {
                    el.children()
                        .filter_map(ElementRef::wrap)
                        .find(|c| c.value().name() == "source")
                        .and_then(|c| c.value().attr("src").map(str::to_string))
                }),
        };
        let url = match raw
            .as_deref()
            .map(|r| (r, safe_url(r, self.base, Allowed::Web)))
        {
            Some((_, Some(url))) => url,
            Some((r, None)) => {
                self.diag(
                    DiagnosticKind::UnsafeUrl,
                    format!(
                        "<{}> embed with an unusable URL skipped: {}",
                        v.name(),
                        snippet(r)
                    ),
                );
                return;
            }
            None => {
                self.diag(
                    DiagnosticKind::Unplaced,
                    format!("<{}> embed without a URL skipped", v.name()),
                );
                return;
            }
        };
        // <twitter-widget> is the rendered form of the tweet blockquote just before it.
        if let (
            Some(id),
            Some(Block::Embed {
                kind: EmbedKind::Tweet,
                url: last,
            }),
        ) = (v.attr("data-tweet-id"), self.blocks.last())
        {
            if last.ends_with(&format!("/status/{id}")) {
                return;
            }
        }
        let kind = embed_kind(v.name(), &url);
        self.blocks.push(Block::Embed { kind, url });
    }
}

pub(super) fn is_tweet(el: ElementRef<'_>) -> bool {
    el.value()
        .classes()
        .any(|c| c == "twitter-tweet" || c == "twitter-video")
}

pub(super) fn tweet_url(el: ElementRef<'_>, base: Option<&Url>) -> Option<String> {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("/status/"))
        .last()
        .and_then(|h| safe_url(h, base, Allowed::Web))
        .map(|u| strip_query(&u))
}

/// A status URL without its tracking query (`?ref_src=twsrc%5Etfw`).
fn strip_query(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) => {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        }
        Err(_) => url.to_string(),
    }
}

fn embed_kind(tag: &str, url: &str) -> EmbedKind {
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if tag == "twitter-widget" || matches!(host, "twitter.com" | "x.com" | "platform.twitter.com") {
        EmbedKind::Tweet
    } else if tag == "video"
        || host.ends_with("youtube.com")
        || host == "youtu.be"
        || host.ends_with("youtube-nocookie.com")
        || host.contains("ganjing")
        || host.starts_with("vembed.")
        || host.contains("vimeo.com")
    {
        EmbedKind::Video
    } else {
        EmbedKind::Other
    }
}

fn is_placeholder(src: &str, site: &Pages) -> bool {
    let s = trim_href(src);
    s.is_empty()
        || s.starts_with("data:")
        || site.placeholder_suffixes.iter().any(|p| s.ends_with(p))
}

static NOSCRIPT_SRC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<img\b[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)"#).expect("static regex")
});

/// The real URL of a possibly lazy image: a lazy attribute, then `src` unless it is a
/// placeholder, then the `<noscript>` fallback that follows the image.
pub(crate) fn image_src(el: ElementRef<'_>, base: Option<&Url>, site: &Pages) -> Option<String> {
    let v = el.value();
    let candidates = site
        .lazy_src_attrs
        .iter()
        .chain(["src"].iter())
        .filter_map(|a| v.attr(a));
    for c in candidates {
        if !is_placeholder(c, site) {
            return safe_url(c, base, Allowed::Web);
        }
    }
    // <img …><noscript><img src=…></noscript>: scripting-enabled parsing keeps the noscript
    // content as text.
    let mut sib = el.next_sibling();
    while let Some(n) = sib {
        match n.value() {
            Node::Text(t) if is_blank(t) => sib = n.next_sibling(),
            Node::Element(e) if e.name() == "noscript" => {
                let text: String = n
                    .descendants()
                    .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                    .collect();
                let m = NOSCRIPT_SRC.captures(&text)?;
                let src = html_unescape_attr(&m[1]);
                return (!is_placeholder(&src, site))
                    .then(|| safe_url(&src, base, Allowed::Web))
                    .flatten();
            }
            _ => return None,
        }
    }
    None
}

/// The few entities that occur in URLs inside raw `<noscript>` text.
fn html_unescape_attr(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#038;", "&")
        .replace("&#38;", "&")
}
