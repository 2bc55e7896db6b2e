//! Escaping for HTML text and attribute values. (Which URLs may be written at all is the crate's
//! one URL rule, `crate::url_safety`.)

use std::io::{self, Write};

/// Writes `s` as HTML text: `&`, `<`, `>` become entities.
pub(crate) fn text<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    escape(out, s, false)
}

/// Writes `s` as a double-quoted HTML attribute value: also `"` and `'` become entities.
pub(crate) fn attr<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    escape(out, s, true)
}

fn escape<W: Write + ?Sized>(out: &mut W, s: &str, quotes: bool) -> io::Result<()> {
    let bytes = s.as_bytes();
    let mut last = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' if quotes => b"&quot;",
            b'\'' if quotes => b"&#39;",
            // Line breaks as references: a blank line in the output would end GitHub's HTML
            // block and turn the rest of the file into Markdown.
            b'\n' => b"&#10;",
            b'\r' => b"&#13;",
            _ => continue,
        };
        out.write_all(&bytes[last..i])?;
        out.write_all(rep)?;
        last = i + 1;
    }
    out.write_all(&bytes[last..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str, quotes: bool) -> String {
        let mut v = Vec::new();
        escape(&mut v, s, quotes).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("</h2><script>a&b</script>", false),
            "&lt;/h2&gt;&lt;script&gt;a&amp;b&lt;/script&gt;"
        );
        assert_eq!(
            esc(r#"x" onerror='y'"#, true),
            "x&quot; onerror=&#39;y&#39;"
        );
        assert_eq!(esc("中文 rare\u{a0}earth", true), "中文 rare\u{a0}earth");
    }

    #[test]
    fn line_breaks_never_reach_the_output() {
        assert_eq!(esc("a\n\nb\r\n", false), "a&#10;&#10;b&#13;&#10;");
        assert_eq!(esc("a\nb", true), "a&#10;b");
    }
}
