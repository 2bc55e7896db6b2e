//! The configuration file of `newsmirror mirror` (`--config FILE`, TOML).
//!
//! Every key is optional; an empty file (or no file) is [`Config::default()`], which reproduces
//! the current mirror exactly: what `newsmirror convert` writes. Unknown keys are an error that
//! names the key, the file, the line and the column. Relative paths are relative to the
//! directory of the configuration file.
//!
//! ```toml
//! # The defaults, written out.
//! [links]                      # where links into the news sites point (the link map):
//! djy_base = "https://github.com/1992513/djy/blob/master/"      # `{name}_base` for the mirror
//! ntdtv_base = "https://github.com/1992513/ntdtv/blob/master/"  # of each site (crate::sites)
//! anchor = "#1"
//!
//! [templates]
//! # dir = "templates/djy"     # a template set like templates/djy/ (b5/ overrides); default: built in
//!
//! [picks]
//! # pool = "picks.json"       # JSON array of {"title", "url"} the three editor picks are drawn
//!                              # from; default: the right column's 24 promo entries
//!
//! [output]
//! formats = ["mirror"]         # any of "mirror", "markdown", "json": one file per format and page
//! # charset_safe = "gbk"      # characters GBK lacks as references (like convert --charset-safe)
//!
//! [output.roots]               # each site's mirror tree below OUT_DIR, by site id; default:
//! # epochtimes = ""            # the Epoch Times at the top (as a one-site crawl always wrote),
//! # ntdtv = "ntdtv"            # another site in a directory named after its mirror
//!
//! [output.extensions]
//! mirror = "md"
//! markdown = "markdown"
//! json = "json"
//!
//! [images]
//! policy = "keep"              # "keep": image URLs as on the page; "mirror": see below
//! base = "https://raw.githubusercontent.com/1992513/djy-images/master/"
//! hosts = ["i.epochtimes.com", "i.ntdtv.com"]
//! ```
//!
//! With `policy = "mirror"`, images on `hosts` are written as `base` + host + path
//! ([`ImagePolicy`]), and the run lists them for a downloader.

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::batch::Output;
use crate::error::{Error, Result};
use crate::linkmap::LinkMap;
use crate::render::{
    CharsetSafe, Format, ImageMirror, ImagePolicy, MirrorOptions, Pick, RenderOptions, Templates,
};
use crate::sites;

/// The whole configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `[links]`: the mirror bases.
    pub links: LinksConfig,
    /// `[templates]`: the template set.
    pub templates: TemplatesConfig,
    /// `[picks]`: the editor-picks pool.
    pub picks: PicksConfig,
    /// `[output]`: formats and extensions.
    pub output: OutputConfig,
    /// `[images]`: the image policy.
    pub images: ImagesConfig,
}

/// `[links]`: where links into the news sites point ([`LinkMap`]): the base of each registered
/// site's mirror under the key `{name}_base` ([`Mirror::config_key`](crate::sites::Mirror::config_key):
/// `djy_base`, `ntdtv_base`), and `anchor`. Unknown keys are errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinksConfig {
    /// Base of each site's mirror (`http`/`https`), by configuration key (`djy_base`).
    pub bases: BTreeMap<String, String>,
    /// Appended to every mirror URL.
    pub anchor: String,
}

/// `(configuration key, site)` of every registered site with a mirror.
fn mirror_keys() -> impl Iterator<Item = (String, &'static sites::SiteProfile)> {
    sites::ALL
        .iter()
        .filter_map(|s| Some((s.mirror?.config_key(), *s)))
}

impl Default for LinksConfig {
    /// [`LinkMap::default()`]: the current mirror account.
    fn default() -> Self {
        let map = LinkMap::default();
        LinksConfig {
            bases: mirror_keys()
                .filter_map(|(key, site)| Some((key, map.base(&site.site())?.to_string())))
                .collect(),
            anchor: map.anchor,
        }
    }
}

impl Serialize for LinksConfig {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.bases.len() + 1))?;
        for (key, base) in &self.bases {
            map.serialize_entry(key, base)?;
        }
        map.serialize_entry("anchor", &self.anchor)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for LinksConfig {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_map(LinksVisitor)
    }
}

struct LinksVisitor;

impl<'de> Visitor<'de> for LinksVisitor {
    type Value = LinksConfig;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a table of mirror bases and an anchor")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<LinksConfig, A::Error> {
        let mut links = LinksConfig::default();
        while let Some(key) = map.next_key_seed(LinksKey)? {
            let value: String = map.next_value()?;
            if key == "anchor" {
                links.anchor = value;
            } else {
                links.bases.insert(key, value);
            }
        }
        Ok(links)
    }
}

/// A key of `[links]`, checked as it is read (so that an error points at it).
struct LinksKey;

impl<'de> DeserializeSeed<'de> for LinksKey {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<String, D::Error> {
        let key = String::deserialize(d)?;
        if key == "anchor" || mirror_keys().any(|(k, _)| k == key) {
            return Ok(key);
        }
        let expected: Vec<String> = mirror_keys()
            .map(|(k, _)| format!("`{k}`"))
            .chain(["`anchor`".to_string()])
            .collect();
        Err(de::Error::custom(format_args!(
            "unknown field `{key}`, expected one of {}",
            expected.join(", ")
        )))
    }
}

/// `[templates]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TemplatesConfig {
    /// A template directory ([`Templates::from_dir`]); `None`: the built-in current mirror.
    pub dir: Option<PathBuf>,
}

/// `[picks]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PicksConfig {
    /// A JSON array of `{"title", "url"}` to draw the three editor picks from (deterministically
    /// per article); `None`: the right column's promo entries.
    pub pool: Option<PathBuf>,
}

/// A format, as named in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FormatName {
    /// The mirror file.
    Mirror,
    /// CommonMark.
    Markdown,
    /// JSON.
    Json,
}

impl From<FormatName> for Format {
    fn from(f: FormatName) -> Format {
        match f {
            FormatName::Mirror => Format::Mirror,
            FormatName::Markdown => Format::Markdown,
            FormatName::Json => Format::Json,
        }
    }
}

/// A charset, as named in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CharsetName {
    /// GBK.
    Gbk,
}

/// `[output]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// The formats written for each page, in order (at least one, no repeats).
    pub formats: Vec<FormatName>,
    /// The extension of each format's files.
    pub extensions: Extensions,
    /// Write characters this charset cannot hold as references.
    pub charset_safe: Option<CharsetName>,
    /// The directory of each site's mirror tree below the output directory, by site id
    /// ([`BatchOptions::roots`](crate::batch::BatchOptions::roots); default: the Epoch Times at
    /// the top, another site in a directory named after its mirror, `ntdtv/`).
    pub roots: BTreeMap<String, String>,
}

impl Default for OutputConfig {
    /// The mirror file only, as UTF-8.
    fn default() -> Self {
        OutputConfig {
            formats: vec![FormatName::Mirror],
            extensions: Extensions::default(),
            charset_safe: None,
            roots: BTreeMap::new(),
        }
    }
}

/// `[output.extensions]`: file extension per format, without the dot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extensions {
    /// Default `md`.
    pub mirror: String,
    /// Default `markdown`.
    pub markdown: String,
    /// Default `json`.
    pub json: String,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            mirror: Output::default_extension(Format::Mirror).into(),
            markdown: Output::default_extension(Format::Markdown).into(),
            json: Output::default_extension(Format::Json).into(),
        }
    }
}

/// The image policy, as named in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImagePolicyName {
    /// Image URLs as the page gives them.
    #[default]
    Keep,
    /// Images on the news sites' hosts from the image mirror.
    Mirror,
}

/// `[images]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// `keep` (default) or `mirror`.
    pub policy: ImagePolicyName,
    /// Base URL of the image mirror (`http`/`https`).
    pub base: String,
    /// The hosts whose images the mirror holds.
    pub hosts: Vec<String>,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            policy: ImagePolicyName::Keep,
            base: ImageMirror::default().base,
            hosts: ImageMirror::default().hosts,
        }
    }
}

impl Config {
    /// Parses configuration text; `name` names it in errors. Relative paths stay as written.
    pub fn from_toml(text: &str, name: &str) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(String::new(), |span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!(":{line}:{column}")
            });
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            Error::Config(format!("{name}{at}: {message}"))
        })?;
        config.check(name)?;
        Ok(config)
    }

    /// Reads a configuration file; its relative paths become relative to its directory.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        let mut config = Config::from_toml(&text, &path.display().to_string())?;
        let dir = path.parent().unwrap_or(Path::new(""));
        for p in [&mut config.templates.dir, &mut config.picks.pool]
            .into_iter()
            .flatten()
        {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        }
        Ok(config)
    }

    /// Checks what can be checked without reading other files.
    fn check(&self, name: &str) -> Result<()> {
        let bad = |what: String| Err(Error::Config(format!("{name}: {what}")));
        let bases = self
            .links
            .bases
            .iter()
            .map(|(k, v)| (format!("links.{k}"), v));
        for (key, url) in bases.chain([("images.base".to_string(), &self.images.base)]) {
            match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => return bad(format!("{key} = {url:?} is not an http(s) URL")),
            }
        }
        if self.images.hosts.iter().any(|h| h.trim().is_empty()) {
            return bad("images.hosts: empty host".into());
        }
        if let Err(Error::Config(e)) = crate::batch::check_outputs(&self.outputs()) {
            return bad(format!("output: {e}"));
        }
        let mut roots = std::collections::BTreeSet::new();
        for (id, root) in &self.output.roots {
            if sites::find(id).is_none() {
                return bad(format!("output.roots: no site {id:?}"));
            }
            let plain = root.trim_matches('/');
            let safe = plain
                .split('/')
                .all(|seg| !matches!(seg, "" | "." | "..") && !seg.contains(['\\', ':']));
            if !(plain.is_empty() || safe) {
                return bad(format!(
                    "output.roots.{id} = {root:?} is not a plain relative directory"
                ));
            }
            if !roots.insert(plain) {
                return bad(format!(
                    "output.roots.{id}: {root:?} is another site's root too"
                ));
            }
        }
        Ok(())
    }

    /// The link map.
    pub fn link_map(&self) -> LinkMap {
        let mut map = LinkMap::default();
        for (key, site) in mirror_keys() {
            if let Some(base) = self.links.bases.get(&key) {
                map.set_base(site, base.clone());
            }
        }
        map.anchor = self.links.anchor.clone();
        map
    }

    /// The image policy.
    pub fn image_policy(&self) -> ImagePolicy {
        match self.images.policy {
            ImagePolicyName::Keep => ImagePolicy::Keep,
            ImagePolicyName::Mirror => ImagePolicy::Mirror(ImageMirror {
                base: self.images.base.clone(),
                hosts: self.images.hosts.clone(),
            }),
        }
    }

    /// The outputs, in the order of `output.formats`.
    pub fn outputs(&self) -> Vec<Output> {
        self.output
            .formats
            .iter()
            .map(|&f| Output {
                format: f.into(),
                extension: match f {
                    FormatName::Mirror => &self.output.extensions.mirror,
                    FormatName::Markdown => &self.output.extensions.markdown,
                    FormatName::Json => &self.output.extensions.json,
                }
                .clone(),
            })
            .collect()
    }

    /// The rendering options: reads the template directory and the picks pool.
    pub fn render_options(&self) -> Result<RenderOptions> {
        let mut templates = match &self.templates.dir {
            Some(dir) => Some(Templates::from_dir(dir)?),
            None => None,
        };
        if let Some(path) = &self.picks.pool {
            let pool = read_pool(path)?;
            templates = Some(templates.unwrap_or_default().with_pool(pool));
        }
        Ok(RenderOptions {
            links: self.link_map(),
            mirror: MirrorOptions {
                picks: None,
                templates,
                seed: None,
            },
            charset_safe: self.output.charset_safe.map(|c| match c {
                CharsetName::Gbk => CharsetSafe::Gbk,
            }),
            images: self.image_policy(),
        })
    }
}

fn read_pool(path: &Path) -> Result<Vec<Pick>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.into(),
        source,
    })?;
    let pool: Vec<Pick> = serde_json::from_str(&text).map_err(|e| {
        Error::Config(format!(
            "{}: not a JSON array of {{title, url}}: {e}",
            path.display()
        ))
    })?;
    if pool.is_empty() {
        return Err(Error::Config(format!(
            "{}: the picks pool is empty",
            path.display()
        )));
    }
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_roots_are_checked() {
        let c = Config::from_toml(
            "[output.roots]\nntdtv = \"news/ntdtv\"\nepochtimes = \"djy\"\n",
            "t",
        )
        .unwrap();
        assert_eq!(c.output.roots["ntdtv"], "news/ntdtv");
        for bad in [
            "nosuch = \"x\"",
            "ntdtv = \"../x\"",
            "ntdtv = \"a//b\"",
            "ntdtv = \"c:x\"",
            "ntdtv = \"x\"\nepochtimes = \"x/\"",
        ] {
            let e = Config::from_toml(&format!("[output.roots]\n{bad}\n"), "t").unwrap_err();
            assert!(matches!(e, Error::Config(_)), "{bad}: {e}");
        }
    }

    #[test]
    fn empty_is_default_and_default_is_the_current_mirror() {
        let c = Config::from_toml("", "c.toml").unwrap();
        assert_eq!(c, Config::default());
        assert_eq!(c.link_map(), LinkMap::default());
        assert_eq!(c.image_policy(), ImagePolicy::Keep);
        assert_eq!(c.outputs(), [Output::new(Format::Mirror)]);
        let r = c.render_options().unwrap();
        assert!(r.mirror.templates.is_none() && r.mirror.picks.is_none());
        assert!(r.charset_safe.is_none());
    }

    #[test]
    fn values_are_used() {
        let c = Config::from_toml(
            r#"
[links]
djy_base = "https://github.com/19920513/djy/blob/master/"
[output]
formats = ["mirror", "json"]
charset_safe = "gbk"
extensions = { json = "article.json" }
[images]
policy = "mirror"
hosts = ["i.epochtimes.com"]
"#,
            "c.toml",
        )
        .unwrap();
        let base = |id: &str| {
            c.link_map()
                .base(&crate::model::Site::new(id))
                .map(String::from)
        };
        assert_eq!(
            base("epochtimes").as_deref(),
            Some("https://github.com/19920513/djy/blob/master/")
        );
        assert_eq!(
            base("ntdtv").as_deref(),
            LinkMap::default().base(&crate::model::Site::new("ntdtv"))
        );
        assert_eq!(c.outputs()[1].extension, "article.json");
        assert!(
            matches!(c.image_policy(), ImagePolicy::Mirror(m) if m.hosts == ["i.epochtimes.com"] && m.base == ImageMirror::default().base)
        );
        assert_eq!(
            c.render_options().unwrap().charset_safe,
            Some(CharsetSafe::Gbk)
        );
    }

    #[test]
    fn errors_name_the_place_and_stay_on_one_line() {
        for (text, want) in [
            (
                "[links]\ndjy_bse = \"x\"\n",
                "c.toml:2:1: unknown field `djy_bse`",
            ),
            ("[imgs]\n", "c.toml:1:2: unknown field `imgs`"),
            (
                "[images]\npolicy = \"copy\"\n",
                "c.toml:2:10: unknown variant `copy`",
            ),
            (
                "[output]\nformats = []\n",
                "c.toml: output: no output format",
            ),
            (
                "[output]\nformats = [\"mirror\", \"json\"]\nextensions = { json = \"md\" }\n",
                "two outputs with the extension",
            ),
            (
                "[links]\ndjy_base = \"javascript:x\"\n",
                "links.djy_base = \"javascript:x\" is not an http(s) URL",
            ),
            ("x = [", "c.toml:1:6"),
        ] {
            let err = Config::from_toml(text, "c.toml").unwrap_err();
            let msg = err.to_string();
            assert!(matches!(err, Error::Config(_)), "{msg}");
            assert!(msg.contains(want), "{text:?}: {msg}");
            assert!(!msg.contains('\n'), "{msg}");
        }
    }

    #[test]
    fn load_resolves_paths_and_reads_the_pool() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("picks.json"),
            r#"[{"title": "甲", "url": "https://example.org/a"}]"#,
        )
        .unwrap();
        let file = dir.path().join("newsmirror.toml");
        std::fs::write(&file, "[picks]\npool = \"picks.json\"\n").unwrap();
        let c = Config::load(&file).unwrap();
        assert_eq!(
            c.picks.pool.as_deref(),
            Some(dir.path().join("picks.json").as_path())
        );
        let r = c.render_options().unwrap();
        assert_eq!(r.mirror.templates.unwrap().pool().len(), 1);

        std::fs::write(dir.path().join("picks.json"), "[]").unwrap();
        assert!(matches!(c.render_options(), Err(Error::Config(_))));
        std::fs::write(&file, "[templates]\ndir = \"nowhere\"\n").unwrap();
        assert!(matches!(
            Config::load(&file).unwrap().render_options(),
            Err(Error::Io { .. })
        ));
    }
}
