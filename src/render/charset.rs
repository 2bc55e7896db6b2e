//! Output for pipelines that store text in a legacy charset: characters the charset cannot hold
//! are written as references instead of being lost (the old generator wrote `?`).

use std::io::{self, Write};
use std::sync::LazyLock;

/// Charsets an output can be made safe for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CharsetSafe {
    /// GBK (code page 936): what the old mirror pipeline held its text in.
    Gbk,
}

/// How a character that the charset cannot hold is written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reference {
    /// `&#x1F950;`: HTML and Markdown.
    Html,
    /// `\ud83e\udd50`: inside JSON strings (the only place non-ASCII appears in JSON).
    Json,
}

/// One bit per BMP code point: can GBK encode it? Characters above the BMP never can.
static GBK_BMP: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut out = [0u8; 8];
    for cp in 0..0x10000u32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        let (result, _, _) = encoder.encode_from_utf8_without_replacement(s, &mut out, false);
        if matches!(result, encoding_rs::EncoderResult::InputEmpty) {
            bits[cp as usize / 64] |= 1 << (cp % 64);
        }
    }
    bits
});

fn gbk_holds(c: char) -> bool {
    let cp = c as u32;
    cp < 0x80 || (cp < 0x10000 && GBK_BMP[cp as usize / 64] & (1 << (cp % 64)) != 0)
}

/// A writer that passes UTF-8 through, writing each character the charset cannot hold as a
/// reference. Sequences split across writes are held back until complete.
pub(crate) struct SafeWriter<'a> {
    inner: &'a mut dyn Write,
    reference: Reference,
    pending: Vec<u8>,
}

impl<'a> SafeWriter<'a> {
    pub(crate) fn new(
        inner: &'a mut dyn Write,
        _charset: CharsetSafe,
        reference: Reference,
    ) -> Self {
        SafeWriter {
            inner,
            reference,
            pending: Vec::new(),
        }
    }

    fn emit(&mut self, text: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if gbk_holds(c) {
                continue;
            }
            self.inner.write_all(&text.as_bytes()[start..i])?;
            match self.reference {
                Reference::Html => write!(self.inner, "&#x{:X};", c as u32)?,
                Reference::Json => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        write!(self.inner, "\\u{u:04x}")?;
                    }
                }
            }
            start = i + c.len_utf8();
        }
        self.inner.write_all(&text.as_bytes()[start..])
    }

    /// Writes what is still held back (an incomplete sequence at the very end is passed on).
    pub(crate) fn finish(mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.inner.write_all(&rest)
    }
}

impl Write for SafeWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut data = std::mem::take(&mut self.pending);
        data.extend_from_slice(buf);
        let mut rest: &[u8] = &data;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    self.emit(s)?;
                    break;
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    self.emit(std::str::from_utf8(valid).expect("valid prefix"))?;
                    match e.error_len() {
                        // Incomplete at the end: wait for the next write.
                        None => {
                            self.pending = after.to_vec();
                            break;
                        }
                        // Not UTF-8 at all (renderers never write this): pass it on.
                        Some(n) => {
                            self.inner.write_all(&after[..n])?;
                            rest = &after[n..];
                        }
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(s: &str, reference: Reference, chunk: usize) -> String {
        let mut out = Vec::new();
        let mut w = SafeWriter::new(&mut out, CharsetSafe::Gbk, reference);
        for part in s.as_bytes().chunks(chunk) {
            w.write_all(part).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn what_gbk_holds_passes_and_the_rest_becomes_references() {
        let s = "稀土rare\u{A0}earth é · ＠ ◇ ℃ 　 Fran\u{E7}ois 六\u{30FB}四 🥐";
        let out = safe(s, Reference::Html, 1000);
        assert_eq!(
            out,
            "稀土rare&#xA0;earth é · ＠ ◇ ℃ 　 Fran&#xE7;ois 六&#x30FB;四 &#x1F950;"
        );
        // Whatever GBK cannot hold is now ASCII: the output encodes to GBK without loss.
        let (_, _, lossy) = encoding_rs::GBK.encode(&out);
        assert!(!lossy);
    }

    #[test]
    fn sequences_split_across_writes_are_kept_whole() {
        let s = "🥐中\u{A0}文";
        for chunk in 1..6 {
            assert_eq!(
                safe(s, Reference::Html, chunk),
                "&#x1F950;中&#xA0;文",
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn json_gets_utf16_escapes() {
        assert_eq!(
            safe("\"🥐\u{A0}\"", Reference::Json, 3),
            "\"\\ud83e\\udd50\\u00a0\""
        );
        let v: String = serde_json::from_str(&safe("\"🥐\u{A0}\"", Reference::Json, 3)).unwrap();
        assert_eq!(v, "🥐\u{A0}");
    }
}
