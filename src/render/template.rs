//! Template files: fixed text with `{{name}}` placeholders, loaded from data files.
//!
//! A template file starts with one `{# … #}` comment line saying where it comes from; the
//! loader strips it and keeps the rest byte for byte.

use std::path::Path;

use crate::error::{Error, Result};

/// A parsed template: literal text and placeholders, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Slot(String),
}

impl Template {
    /// Parses template text; `allowed` lists the placeholder names it may use.
    pub(crate) fn parse(name: &str, source: &str, allowed: &[&str]) -> Result<Template> {
        let body = strip_comment(source);
        let mut segments = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start + 2..].find("}}") else {
                return Err(Error::Config(format!("template {name}: unclosed {{{{")));
            };
            let slot = &rest[start + 2..start + 2 + len];
            if !allowed.contains(&slot) {
                return Err(Error::Config(format!(
                    "template {name}: unknown placeholder {{{{{slot}}}}} (allowed: {})",
                    allowed.join(", ")
                )));
            }
            if start > 0 {
                segments.push(Segment::Literal(rest[..start].to_string()));
            }
            segments.push(Segment::Slot(slot.to_string()));
            rest = &rest[start + 2 + len + 2..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest.to_string()));
        }
        Ok(Template { segments })
    }

    /// Writes the template, asking `fill` to write each placeholder.
    pub(crate) fn write<W: std::io::Write + ?Sized>(
        &self,
        out: &mut W,
        mut fill: impl FnMut(&str, &mut W) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        for s in &self.segments {
            match s {
                Segment::Literal(text) => out.write_all(text.as_bytes())?,
                Segment::Slot(name) => fill(name, out)?,
            }
        }
        Ok(())
    }

    /// Whether the template writes nothing at all (a part a template set does not give).
    pub(crate) fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The literal text of a template without placeholders.
    pub(crate) fn literal(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(t) => t.as_str(),
                Segment::Slot(_) => "",
            })
            .collect()
    }
}

fn strip_comment(source: &str) -> &str {
    if source.starts_with("{#") {
        if let Some(end) = source.find("#}\n") {
            return &source[end + 3..];
        }
    }
    source
}

/// Reads a template file from a directory (for user-supplied template sets).
pub(crate) fn read(dir: &Path, file: &str) -> Result<String> {
    let path = dir.join(file);
    std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(t: &Template, value: &str) -> String {
        use std::io::Write;
        let mut out = Vec::new();
        t.write(&mut out, |_, w| w.write_all(value.as_bytes()))
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn comment_line_is_stripped_and_text_kept_verbatim() {
        let t = Template::parse(
            "t",
            "{# where it comes from #}\n<a href=\"{{url}}\">x</a>\n",
            &["url"],
        )
        .unwrap();
        assert_eq!(render(&t, "U"), "<a href=\"U\">x</a>\n");
        let t = Template::parse("t", "no comment {{url}}", &["url"]).unwrap();
        assert_eq!(render(&t, "V"), "no comment V");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_errors() {
        assert!(matches!(
            Template::parse("t", "{{nope}}", &["url"]),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            Template::parse("t", "{{url", &["url"]),
            Err(Error::Config(_))
        ));
    }
}
