//! The manifest: what each input was when it was converted, and what it produced.
//!
//! `OUT_DIR/.newsmirror/manifest.jsonl`, JSON Lines: a header line, then one line per input,
//! in the order of the walk ([`walk_order`] of the `input` keys):
//!
//! ```text
//! {"version":2,"generator":"newsmirror 0.1.0","fingerprint":"…64 hex digits…"}
//! {"input":"legacy/a.html","hash":"…BLAKE3 of the input file's bytes…","url":"https://www.epochtimes.com/gb/1/6/8/n86001.htm","given_url":"https://www.epochtimes.com/gb/1/6/8/n86001.htm","stem":"gb/1/6/8/n86001","outputs":["gb/1/6/8/n86001.md"],"images":[["https://i.epochtimes.com/a.jpg","i.epochtimes.com/a.jpg"]]}
//! ```
//!
//! `input` is the input's path relative to the input directory, `/`-separated. The fingerprint
//! is a hash of the newsmirror version and of everything that shapes the output (rendering
//! options, templates, picks pool, formats and extensions): when it changes, every page is
//! converted again. Failed pages have no line, so they are tried again on every run.
//!
//! Nothing of it is ever held whole in memory: a run reads the last manifest as a stream,
//! merged with the walk (both are in walk order), and writes the new one as it settles pages,
//! to the journal `manifest.jsonl.next`, which replaces the manifest when the run ends. A
//! killed run leaves the journal behind; the next run first [`recover`]s it: the journal's
//! complete lines (the pages the killed run settled), then the old manifest's lines past the
//! journal's last input.
//!
//! Format 1 (`manifest.json`, one JSON object keyed by input) is converted once ([`migrate`]).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::walk::walk_order;
use crate::error::{Error, Result};

/// The manifest format this version writes and reads.
const VERSION: u32 = 2;
/// The manifest's file name in the state directory.
pub(crate) const FILE: &str = "manifest.jsonl";
/// The journal a run writes, renamed over [`FILE`] when it ends.
pub(crate) const JOURNAL: &str = "manifest.jsonl.next";
/// The file name of format 1.
const FILE_V1: &str = "manifest.json";

/// The first line.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    version: u32,
    generator: String,
    fingerprint: String,
}

impl Header {
    fn new(fingerprint: &str) -> Header {
        Header {
            version: VERSION,
            generator: format!("newsmirror {}", env!("CARGO_PKG_VERSION")),
            fingerprint: fingerprint.into(),
        }
    }
}

/// What one input produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// The input's path relative to the input directory, `/`-separated.
    #[serde(default)]
    pub input: String,
    /// BLAKE3 of the input file's bytes (as stored: compressed for `.gz`), hex.
    pub hash: String,
    /// The article's canonical URL.
    pub url: String,
    /// The URL given for the page (`--urls`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_url: Option<String>,
    /// The output path without extension, relative to the output directory: what two inputs
    /// conflict on.
    pub stem: String,
    /// The files written, relative to the output directory.
    pub outputs: Vec<String>,
    /// (original URL, image-mirror path) of every mirrored image.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<(String, String)>,
}

pub(crate) fn hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.into(),
        source,
    }
}

/// Writes `value` as one JSON line.
fn json_line(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Reads one line into `line` (cleared first): `Ok(false)` at the end, and also for a last line
/// without its newline (a torn write).
fn read_line(reader: &mut impl BufRead, line: &mut String) -> std::io::Result<bool> {
    line.clear();
    Ok(reader.read_line(line)? > 0 && line.ends_with('\n'))
}

/// Why an existing manifest was not used.
pub(crate) enum Loaded {
    Used(Box<Reader>),
    /// No manifest (first run).
    None,
    /// Unreadable or of another version or fingerprint: the reason.
    Discarded(String),
}

/// The last run's entries, read as a stream in walk order.
pub(crate) struct Reader {
    lines: BufReader<File>,
    line: String,
    /// Lines read, header included (for messages).
    number: usize,
    peeked: Option<Entry>,
    /// Why the rest of the file was not read, if it was not.
    broken: Option<String>,
    done: bool,
}

impl Reader {
    /// Opens the manifest at `path`, usable only when it has this version and `fingerprint`.
    pub(crate) fn open(path: &Path, fingerprint: &str) -> Loaded {
        let file = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::None,
            Err(e) => return Loaded::Discarded(format!("unreadable ({e})")),
        };
        let mut reader = Reader {
            lines: BufReader::with_capacity(64 << 10, file),
            line: String::new(),
            number: 1,
            peeked: None,
            broken: None,
            done: false,
        };
        let header: Header = match read_line(&mut reader.lines, &mut reader.line) {
            Ok(true) => match serde_json::from_str(&reader.line) {
                Ok(h) => h,
                Err(e) => return Loaded::Discarded(format!("not a manifest ({e})")),
            },
            Ok(false) => return Loaded::Discarded("not a manifest (no header line)".into()),
            Err(e) => return Loaded::Discarded(format!("unreadable ({e})")),
        };
        if header.version != VERSION {
            return Loaded::Discarded(format!("format version {}", header.version));
        }
        if header.fingerprint != fingerprint {
            return Loaded::Discarded(
                "written with other options or another newsmirror version".into(),
            );
        }
        Loaded::Used(Box::new(reader))
    }

    /// The next entry, read when first asked for.
    fn peek(&mut self) -> Option<&Entry> {
        if self.peeked.is_none() && !self.done {
            self.number += 1;
            match read_line(&mut self.lines, &mut self.line) {
                Ok(true) => match serde_json::from_str::<Entry>(&self.line) {
                    Ok(entry) => self.peeked = Some(entry),
                    Err(e) => self.stop(format!("line {} is not an entry ({e})", self.number)),
                },
                Ok(false) if self.line.is_empty() => self.done = true,
                Ok(false) => self.stop(format!("line {} is cut short", self.number)),
                Err(e) => self.stop(format!("line {} is unreadable ({e})", self.number)),
            }
        }
        self.peeked.as_ref()
    }

    fn stop(&mut self, why: String) {
        self.done = true;
        self.broken = Some(why);
    }

    /// The entry of the input `key`, if the manifest has one. Keys must be asked for in walk
    /// order: the entries before `key` (inputs that are gone) are passed over for good.
    pub(crate) fn take(&mut self, key: &str) -> Option<Entry> {
        loop {
            match walk_order(&self.peek()?.input, key) {
                Ordering::Less => self.peeked = None,
                Ordering::Equal => return self.peeked.take(),
                Ordering::Greater => return None,
            }
        }
    }

    /// The entries not yet taken or passed over, in order.
    pub(crate) fn rest(&mut self) -> impl Iterator<Item = Entry> + '_ {
        std::iter::from_fn(|| {
            self.peek()?;
            self.peeked.take()
        })
    }

    /// Why the manifest could not be read to its end, if it could not.
    pub(crate) fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }
}

/// The new manifest, written as the run settles pages: one line per page, in walk order.
pub(crate) struct Journal {
    path: PathBuf,
    out: BufWriter<File>,
    /// Bytes written so far (the offset of the next line).
    written: u64,
    buffer: Vec<u8>,
    durable: bool,
}

impl Journal {
    /// Starts the journal in the state directory `state` (replacing any).
    pub(crate) fn create(state: &Path, fingerprint: &str, durable: bool) -> Result<Journal> {
        let path = state.join(JOURNAL);
        // A new file: whatever is at the path (even a symbolic link) is removed, not followed.
        remove_if_there(&path)?;
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io(&path))?;
        let mut journal = Journal {
            out: BufWriter::with_capacity(64 << 10, file),
            path,
            written: 0,
            buffer: Vec::with_capacity(1024),
            durable,
        };
        journal.line(&Header::new(fingerprint))?;
        Ok(journal)
    }

    fn line(&mut self, value: &impl Serialize) -> Result<u64> {
        self.buffer.clear();
        json_line(&mut self.buffer, value).map_err(io(&self.path))?;
        self.out.write_all(&self.buffer).map_err(io(&self.path))?;
        let at = self.written;
        self.written += self.buffer.len() as u64;
        Ok(at)
    }

    /// Appends a page's entry; returns the offset of its line (for [`Journal::entry_at`]).
    pub(crate) fn append(&mut self, entry: &Entry) -> Result<u64> {
        self.line(entry)
    }

    /// Makes what was appended survive a kill (and, when durable, a power cut): what a killed
    /// run's successor recovers.
    pub(crate) fn checkpoint(&mut self) -> Result<()> {
        self.out.flush().map_err(io(&self.path))?;
        if self.durable {
            self.out.get_ref().sync_data().map_err(io(&self.path))?;
        }
        Ok(())
    }

    /// The entry whose line starts at `offset`.
    pub(crate) fn entry_at(&mut self, offset: u64) -> Result<Entry> {
        self.out.flush().map_err(io(&self.path))?;
        let mut file = File::open(&self.path).map_err(io(&self.path))?;
        file.seek(SeekFrom::Start(offset)).map_err(io(&self.path))?;
        let mut line = String::new();
        BufReader::new(file)
            .read_line(&mut line)
            .map_err(io(&self.path))?;
        serde_json::from_str(&line).map_err(|e| io(&self.path)(std::io::Error::other(e)))
    }

    /// Puts the journal in the manifest's place, atomically.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.checkpoint()?;
        let Journal {
            path, out, durable, ..
        } = self;
        drop(out);
        let target = path.with_file_name(FILE);
        std::fs::rename(&path, &target).map_err(io(&target))?;
        if durable {
            if let Some(dir) = target.parent() {
                super::atomic::sync_dir(dir);
            }
        }
        remove_if_there(&target.with_file_name(FILE_V1))
    }
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(path)(e)),
        _ => Ok(()),
    }
}

/// Puts the journal of a killed run (if there is one) into the manifest: its complete lines,
/// then the old manifest's lines of the inputs after its last one (when the two were written
/// with the same fingerprint). Returns a note of what was done.
pub(crate) fn recover(state: &Path, durable: bool) -> Result<Option<String>> {
    let path = state.join(JOURNAL);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    let mut journal = BufReader::with_capacity(64 << 10, file);
    let mut line = String::new();
    let header = match read_line(&mut journal, &mut line) {
        Ok(true) => serde_json::from_str::<Header>(&line)
            .ok()
            .filter(|h| h.version == VERSION),
        _ => None,
    };
    let Some(header) = header else {
        remove_if_there(&path)?;
        return Ok(Some(format!(
            "{}: the journal of a killed run was unreadable; removed",
            path.display()
        )));
    };
    let manifest = state.join(FILE);
    let mut recovered = 0;
    super::atomic::write_file_with(&manifest, durable, |file| {
        let mut out = BufWriter::with_capacity(64 << 10, file);
        json_line(&mut out, &header)?;
        let mut last: Option<String> = None;
        while read_line(&mut journal, &mut line)? {
            let Ok(entry) = serde_json::from_str::<Entry>(&line) else {
                break;
            };
            out.write_all(line.as_bytes())?;
            last = Some(entry.input);
            recovered += 1;
        }
        if let Loaded::Used(mut old) = Reader::open(&manifest, &header.fingerprint) {
            for entry in old.rest() {
                if last
                    .as_deref()
                    .is_none_or(|last| walk_order(&entry.input, last) == Ordering::Greater)
                {
                    json_line(&mut out, &entry)?;
                }
            }
        }
        out.flush()
    })?;
    remove_if_there(&path)?;
    Ok(Some(format!(
        "a killed run's journal was recovered: {recovered} pages it had settled"
    )))
}

/// Format 1, read once to be converted.
#[derive(Deserialize)]
struct ManifestV1 {
    version: u32,
    generator: String,
    fingerprint: String,
    pages: BTreeMap<String, Entry>,
}

/// Converts a format-1 manifest (`manifest.json`) into `manifest.jsonl`, if there is one and no
/// newer manifest. This is the one time a manifest is read whole. Returns a note of what was
/// done.
pub(crate) fn migrate(state: &Path, durable: bool) -> Result<Option<String>> {
    let old = state.join(FILE_V1);
    let new = state.join(FILE);
    if !old.exists() || new.exists() {
        return Ok(None);
    }
    let parsed = std::fs::read(&old)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<ManifestV1>(&bytes).ok())
        .filter(|m| m.version == 1);
    let Some(manifest) = parsed else {
        remove_if_there(&old)?;
        return Ok(Some(format!(
            "{}: not a manifest; removed, converting every page",
            old.display()
        )));
    };
    let mut entries: Vec<Entry> = manifest
        .pages
        .into_iter()
        .map(|(input, entry)| Entry { input, ..entry })
        .collect();
    entries.sort_by(|a, b| walk_order(&a.input, &b.input));
    let header = Header {
        version: VERSION,
        generator: manifest.generator,
        fingerprint: manifest.fingerprint,
    };
    super::atomic::write_file_with(&new, durable, |file| {
        let mut out = BufWriter::with_capacity(64 << 10, file);
        json_line(&mut out, &header)?;
        for entry in &entries {
            json_line(&mut out, entry)?;
        }
        out.flush()
    })?;
    remove_if_there(&old)?;
    Ok(Some(format!(
        "{}: converted to {FILE} ({} pages)",
        old.display(),
        entries.len()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(input: &str, n: u32) -> Entry {
        Entry {
            input: input.into(),
            hash: hash(input.as_bytes()),
            url: format!("https://www.epochtimes.com/gb/1/6/8/n{n}.htm"),
            given_url: None,
            stem: format!("gb/1/6/8/n{n}"),
            outputs: vec![format!("gb/1/6/8/n{n}.md")],
            images: vec![],
        }
    }

    fn write_manifest(state: &Path, fingerprint: &str, entries: &[Entry]) {
        let mut journal = Journal::create(state, fingerprint, false).unwrap();
        for e in entries {
            journal.append(e).unwrap();
        }
        journal.finish().unwrap();
    }

    fn read_all(state: &Path, fingerprint: &str) -> Vec<Entry> {
        let Loaded::Used(mut reader) = Reader::open(&state.join(FILE), fingerprint) else {
            panic!("manifest not used");
        };
        let all = reader.rest().collect();
        assert_eq!(reader.broken(), None);
        all
    }

    #[test]
    fn written_as_lines_read_back_merged_with_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path();
        assert!(matches!(Reader::open(&state.join(FILE), "f"), Loaded::None));
        // Walk order: `a/b.html` before `a-c.html` (component by component).
        let entries = [
            entry("a/b.html", 1),
            entry("a-c.html", 2),
            entry("b.html", 3),
            entry("d/e/f.html", 4),
        ];
        write_manifest(state, "f", &entries);
        assert!(!state.join(JOURNAL).exists());
        let text = std::fs::read_to_string(state.join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 5);
        assert!(text.starts_with("{\"version\":2,"), "{text}");

        let Loaded::Used(mut reader) = Reader::open(&state.join(FILE), "f") else {
            panic!("manifest not used");
        };
        // `a/b.html` is gone from the walk, `a-b.html` is new: neither has an entry.
        assert_eq!(reader.take("a-b.html"), None);
        assert_eq!(reader.take("a-c.html"), Some(entries[1].clone()));
        assert_eq!(reader.take("c.html"), None);
        assert_eq!(reader.rest().collect::<Vec<_>>(), [entries[3].clone()]);

        assert!(matches!(
            Reader::open(&state.join(FILE), "g"),
            Loaded::Discarded(_)
        ));
        std::fs::write(state.join(FILE), "{").unwrap();
        assert!(matches!(
            Reader::open(&state.join(FILE), "f"),
            Loaded::Discarded(_)
        ));
        assert_eq!(hash(b"page").len(), 64);
    }

    proptest::proptest! {
        /// The merge of a manifest with a walk, both in walk order, finds exactly the entries
        /// of the inputs in both, whatever the two sets of paths.
        #[test]
        fn the_merge_finds_exactly_the_inputs_in_both(
            listed in proptest::collection::btree_set("[ab.-]{1,3}(/[ab.-]{1,3}){0,2}", 0..40),
            walked in proptest::collection::btree_set("[ab.-]{1,3}(/[ab.-]{1,3}){0,2}", 0..40),
        ) {
            let by_walk = |set: &std::collections::BTreeSet<String>| {
                let mut keys: Vec<String> = set.iter().cloned().collect();
                keys.sort_by(|a, b| walk_order(a, b));
                keys
            };
            let dir = tempfile::tempdir().unwrap();
            let entries: Vec<Entry> = by_walk(&listed)
                .iter()
                .enumerate()
                .map(|(n, key)| entry(key, n as u32))
                .collect();
            write_manifest(dir.path(), "f", &entries);
            let Loaded::Used(mut reader) = Reader::open(&dir.path().join(FILE), "f") else {
                panic!("manifest not used");
            };
            for key in by_walk(&walked) {
                let found = reader.take(&key);
                let want = entries.iter().find(|e| e.input == key);
                proptest::prop_assert_eq!(found.as_ref(), want, "{}", key);
            }
            proptest::prop_assert_eq!(reader.broken(), None);
        }
    }

    #[test]
    fn a_broken_line_ends_what_is_read_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path();
        write_manifest(state, "f", &[entry("a.html", 1), entry("b.html", 2)]);
        let mut text = std::fs::read_to_string(state.join(FILE)).unwrap();
        text.insert_str(text.find("{\"input\":\"b").unwrap(), "garbage\n");
        std::fs::write(state.join(FILE), &text).unwrap();
        let Loaded::Used(mut reader) = Reader::open(&state.join(FILE), "f") else {
            panic!("manifest not used");
        };
        assert_eq!(reader.rest().count(), 1);
        assert!(
            reader.broken().unwrap().starts_with("line 3 "),
            "{:?}",
            reader.broken()
        );

        // A last line without its newline was cut short.
        std::fs::write(state.join(FILE), text.replace("garbage\n", "").trim_end()).unwrap();
        let Loaded::Used(mut reader) = Reader::open(&state.join(FILE), "f") else {
            panic!("manifest not used");
        };
        assert_eq!(reader.rest().count(), 1);
        assert!(reader.broken().unwrap().contains("cut short"));
    }

    #[test]
    fn the_journal_reads_back_an_entry_by_offset() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path(), "f", false).unwrap();
        let offsets: Vec<u64> = (0..3)
            .map(|n| journal.append(&entry(&format!("{n}.html"), n)).unwrap())
            .collect();
        assert_eq!(journal.entry_at(offsets[1]).unwrap(), entry("1.html", 1));
        assert_eq!(journal.entry_at(offsets[0]).unwrap(), entry("0.html", 0));
    }

    #[test]
    fn a_killed_runs_journal_is_recovered_into_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path();
        assert_eq!(recover(state, false).unwrap(), None);
        let old = [entry("a.html", 1), entry("b.html", 2), entry("c.html", 3)];
        write_manifest(state, "f", &old);

        // The killed run converted `a.html` anew, found `b.html` failing (no line), and wrote
        // half of a line for `c.html` when it was killed.
        let mut journal = Journal::create(state, "f", false).unwrap();
        let redone = Entry {
            hash: hash(b"new bytes"),
            ..entry("a.html", 1)
        };
        journal.append(&redone).unwrap();
        journal.append(&entry("b0.html", 9)).unwrap();
        journal.checkpoint().unwrap();
        drop(journal);
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(state.join(JOURNAL))
            .unwrap();
        file.write_all(b"{\"input\":\"c.ht").unwrap();

        let note = recover(state, false).unwrap().unwrap();
        assert!(note.contains("2 pages"), "{note}");
        assert!(!state.join(JOURNAL).exists());
        // The journal's lines up to `b0.html`, then the old manifest's after it: `b.html`
        // (passed over by the killed run) is forgotten, `c.html` (not reached) kept.
        assert_eq!(
            read_all(state, "f"),
            [redone, entry("b0.html", 9), entry("c.html", 3)]
        );

        // A journal of other options keeps only its own lines.
        let mut journal = Journal::create(state, "g", false).unwrap();
        journal.append(&entry("a.html", 1)).unwrap();
        journal.checkpoint().unwrap();
        drop(journal);
        recover(state, false).unwrap();
        assert_eq!(read_all(state, "g"), [entry("a.html", 1)]);

        // A journal without a header is removed.
        std::fs::write(state.join(JOURNAL), "{\"vers").unwrap();
        let note = recover(state, false).unwrap().unwrap();
        assert!(note.contains("unreadable"), "{note}");
        assert!(!state.join(JOURNAL).exists());
        assert_eq!(read_all(state, "g"), [entry("a.html", 1)]);
    }

    #[test]
    fn format_1_is_converted_once_in_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path();
        assert_eq!(migrate(state, false).unwrap(), None);
        let v1 = serde_json::json!({
            "version": 1,
            "generator": "newsmirror 0.1.0",
            "fingerprint": "f",
            "pages": {
                "a-c.html": {"hash": "h2", "url": "u2", "stem": "s2", "outputs": ["s2.md"]},
                "a/b.html": {"hash": "h1", "url": "u1", "stem": "s1", "outputs": ["s1.md"]}
            }
        });
        std::fs::write(state.join(FILE_V1), v1.to_string()).unwrap();
        let note = migrate(state, false).unwrap().unwrap();
        assert!(note.contains("2 pages"), "{note}");
        assert!(!state.join(FILE_V1).exists());
        let inputs: Vec<String> = read_all(state, "f").into_iter().map(|e| e.input).collect();
        assert_eq!(inputs, ["a/b.html", "a-c.html"]);

        std::fs::write(state.join(FILE_V1), "{").unwrap();
        std::fs::remove_file(state.join(FILE)).unwrap();
        assert!(
            migrate(state, false)
                .unwrap()
                .unwrap()
                .contains("not a manifest")
        );
        assert!(!state.join(FILE_V1).exists());
    }
}
