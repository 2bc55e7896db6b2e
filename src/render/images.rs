//! The image policy: which URL the mirror and Markdown renderers write for an image.
//!
//! Readers behind the firewall can reach GitHub but not the news sites' image hosts, so a mirror
//! can serve the images itself. [`ImagePolicy::Mirror`] rewrites the `src` of the lead image and
//! of every figure whose URL is on one of the configured hosts to
//! `{base}{host}{path}`: `https://i.epochtimes.com/assets/uploads/2025/08/a.jpg` becomes
//! `https://raw.githubusercontent.com/1992513/djy-images/master/i.epochtimes.com/assets/uploads/2025/08/a.jpg`.
//! The host stays in the path, so images of different hosts never collide.
//!
//! # Decisions
//!
//! * Only image sources are rewritten. A figure's link (usually the full-size file) and every
//!   other link are left to the link map; the JSON renderer writes the model unchanged.
//! * `http` and `https`, default port, no user info. The query and fragment are dropped from the
//!   mirror path (a cache-busting `?v=2` names the same picture); the images list keeps the
//!   original URL with its query for the downloader.
//! * The path must be plain: every segment non-empty, not starting with `.`, at most 255 bytes,
//!   of ASCII letters, digits and `- _ . ~ + , = @` only (no percent-encoding, so the path in the
//!   URL is the path of the file in the image repository, byte for byte). An image whose URL
//!   does not meet this keeps its original URL, as do images on other hosts.

use std::borrow::Cow;

use crate::url_safety::resolve_href;

/// What the mirror and Markdown renderers write as an image's `src`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ImagePolicy {
    /// Image URLs exactly as the page gives them (the current mirror).
    #[default]
    Keep,
    /// Images on the news sites' hosts are served from an image mirror.
    Mirror(ImageMirror),
}

/// An image mirror: a base URL and the hosts whose images it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageMirror {
    /// Base URL of the image mirror (`http` or `https`); the host and path of the original are
    /// appended to it, after a `/` if it does not end in one.
    pub base: String,
    /// Hosts whose images the mirror holds, compared case-insensitively.
    pub hosts: Vec<String>,
}

impl Default for ImageMirror {
    /// The default site's image mirror ([`Mirror::images`](crate::sites::Mirror::images) of
    /// [`crate::sites::DEFAULT`]), holding the image hosts of every registered site
    /// ([`SiteProfile::image_hosts`](crate::sites::SiteProfile::image_hosts)).
    fn default() -> Self {
        ImageMirror {
            base: crate::sites::DEFAULT
                .mirror
                .and_then(|m| m.images)
                .unwrap_or_default()
                .into(),
            hosts: crate::sites::ALL
                .iter()
                .flat_map(|s| s.image_hosts)
                .map(|h| h.to_string())
                .collect(),
        }
    }
}

impl ImagePolicy {
    /// The path of the image inside the image mirror (`i.epochtimes.com/assets/uploads/a.jpg`),
    /// or `None` when the policy keeps this image's URL.
    pub fn mirror_path(&self, src: &str) -> Option<String> {
        let ImagePolicy::Mirror(mirror) = self else {
            return None;
        };
        let url = resolve_href(src, None)?;
        if !matches!(url.scheme(), "http" | "https")
            || url.port().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return None;
        }
        let host = url.host_str()?;
        if !mirror.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return None;
        }
        let mut path = host.to_ascii_lowercase();
        let mut segments = 0;
        for segment in url.path_segments()? {
            if !plain_segment(segment) {
                return None;
            }
            path.push('/');
            path.push_str(segment);
            segments += 1;
        }
        (segments > 0).then_some(path)
    }

    /// The URL to write for an image: the mirror URL when the policy mirrors it, else `src`
    /// unchanged.
    pub fn src<'a>(&self, src: &'a str) -> Cow<'a, str> {
        match (self, self.mirror_path(src)) {
            (ImagePolicy::Mirror(mirror), Some(path)) => {
                let slash = if mirror.base.ends_with('/') { "" } else { "/" };
                Cow::Owned(format!("{}{slash}{path}", mirror.base))
            }
            _ => Cow::Borrowed(src),
        }
    }
}

fn plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 255
        && !segment.starts_with('.')
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~+,=@".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_changes_nothing() {
        let p = ImagePolicy::Keep;
        let src = "https://i.epochtimes.com/assets/uploads/2025/08/a.jpg";
        assert_eq!(p.src(src), src);
        assert_eq!(p.mirror_path(src), None);
    }

    #[test]
    fn mirror_rewrites_the_image_hosts_only() {
        let p = ImagePolicy::Mirror(ImageMirror::default());
        assert_eq!(
            p.src("https://i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg"),
            "https://raw.githubusercontent.com/1992513/djy-images/master/i.epochtimes.com/assets/uploads/2025/08/id1-600x400.jpg"
        );
        assert_eq!(
            p.mirror_path("http://I.NTDTV.com/assets/uploads/2024/01/a.png?v=2#x")
                .as_deref(),
            Some("i.ntdtv.com/assets/uploads/2024/01/a.png")
        );
        for kept in [
            "https://www.epochtimes.com/assets/themes/djy/images/white.png",
            "https://example.org/a.jpg",
            "https://i.epochtimes.com:8443/a.jpg",
            "https://user@i.epochtimes.com/a.jpg",
            "ftp://i.epochtimes.com/a.jpg",
            "https://i.epochtimes.com/",
            "https://i.epochtimes.com/a//b.jpg",
            "https://i.epochtimes.com/%E4%B8%AD.jpg",
            "https://i.epochtimes.com/.hidden/a.jpg",
            "https://i.epochtimes.com/a%2F..%2Fb.jpg",
            "/assets/a.jpg",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(p.src(kept), kept, "{kept}");
            assert_eq!(p.mirror_path(kept), None, "{kept}");
        }
        // Dot segments are resolved by the URL parser before the path is taken.
        assert_eq!(
            p.mirror_path("https://i.epochtimes.com/a/../../../etc/passwd")
                .as_deref(),
            Some("i.epochtimes.com/etc/passwd")
        );
    }

    #[test]
    fn base_without_slash_and_custom_hosts() {
        let p = ImagePolicy::Mirror(ImageMirror {
            base: "https://example.org/img".into(),
            hosts: vec!["Pics.Example.com".into()],
        });
        assert_eq!(
            p.src("https://pics.example.com/x/y.gif"),
            "https://example.org/img/pics.example.com/x/y.gif"
        );
        assert_eq!(
            p.src("https://i.epochtimes.com/a.jpg"),
            "https://i.epochtimes.com/a.jpg"
        );
    }
}
