//! Web archives: the pages kept in WARC files (ISO 28500, WARC/1.0 and 1.1), plain (`.warc`)
//! or gzip-compressed (`.warc.gz`, one gzip member per record as the standard recommends).
//!
//! ```no_run
//! use newsmirror::warc::{Capture, WarcReader};
//!
//! for record in WarcReader::open("crawl.warc.gz".as_ref(), 64 << 20)? {
//!     let record = record?;
//!     let offset = record.offset;
//!     match record.capture() {
//!         Capture::Page(page) => {
//!             let article = newsmirror::extract(&page.body, &page.extract_options())?;
//!             println!("{offset}: {}", article.title);
//!         }
//!         Capture::Skipped(why) => println!("{offset}: skipped ({})", why.as_str()),
//!         Capture::Failed(failed) => println!("{offset}: {}", failed.message),
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Why a reader of our own
//!
//! The `warc` crate (jedireza/warc 0.4) was evaluated first. It reads a `.warc.gz` through one
//! multi-member gzip stream (libflate's `MultiDecoder`), so the compressed offset where each
//! record starts — what a CDX index, `warcio extract` or `dd` use to re-read one record, and
//! what a failure must name — is lost; a file cut in the middle of a record is only an I/O
//! error of the stream, not a record with what it holds; and it brings libflate, nom 7 and
//! uuid 0.8 next to the flate2 this crate already uses, from a crate with no release for years.
//! What is needed is small: header lines, `Content-Length`, one gzip member at a time. So this
//! module reads records itself with flate2's single-member decoder over a counted reader:
//! every record knows its offset in the file, a short or cut record is reported as such, and
//! nothing but flate2 is needed.
//!
//! # What a record becomes
//!
//! [`Record::capture`] sorts the records: a `response` with HTTP status 200 and an HTML
//! content type (or a `resource` of type `text/html`) is a [`Page`]; `warcinfo`, `request`,
//! `metadata`, `revisit` and other record types, non-HTML payloads (images, scripts, a
//! `response` that is not HTTP, such as a crawler's DNS lookup) and other statuses are
//! [`Skip`]ped (and counted by the caller); a page that was not kept whole —
//! `WARC-Truncated`, fewer bytes than its `Content-Length`, a file cut inside it — fails
//! ([`PageFailure`]), never converted as half a page. Chunked transfer coding and gzip/deflate
//! content coding are undone; the HTTP `Content-Type` charset and the `WARC-Target-URI` (wget's
//! `<…>` stripped) go to the extractor as hints ([`Page::extract_options`]).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use flate2::bufread::{DeflateDecoder, GzDecoder, ZlibDecoder};

use crate::error::{Error, Result};
use crate::extract::ExtractOptions;

/// Longest header line read (WARC and HTTP headers).
const MAX_LINE: u64 = 64 << 10;
/// Most header lines of one record.
const MAX_HEADERS: usize = 1024;

/// One WARC record: its named fields and its block (for a `response`, the HTTP message).
#[derive(Debug, Clone)]
pub struct Record {
    /// Where the record starts in the file: for a `.warc.gz`, the offset of its gzip member
    /// (records sharing one member, which the standard advises against, share its offset).
    pub offset: u64,
    /// The version line, `WARC/1.0` or `WARC/1.1`.
    pub version: String,
    /// The named fields, in order, as written (names compared without case by [`Record::header`]).
    pub headers: Vec<(String, String)>,
    /// The block as read: at most the reader's limit, and less when the record is cut.
    pub block: Vec<u8>,
    /// The block's length as the record declares it (`Content-Length`).
    pub content_length: u64,
    /// The block is longer than the reader's limit: only its start was kept.
    pub too_large: bool,
    /// The record is not whole: why (the file ends inside it, its gzip member ends before its
    /// `Content-Length`, the compressed data breaks off).
    pub cut: Option<String>,
}

impl Record {
    /// The first field named `name` (without regard to case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// `WARC-Type`, lower-cased (`response`, `request`, `revisit`, …).
    pub fn warc_type(&self) -> String {
        self.header("WARC-Type")
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// `WARC-Target-URI`, without the angle brackets wget writes around it (`<http://…>`).
    pub fn target_uri(&self) -> Option<&str> {
        let uri = self.header("WARC-Target-URI")?;
        let uri = uri
            .strip_prefix('<')
            .and_then(|u| u.strip_suffix('>'))
            .unwrap_or(uri)
            .trim();
        (!uri.is_empty()).then_some(uri)
    }

    /// `WARC-Date`, when it is a date (`2024-05-01T08:00:00Z`, with or without fractions).
    pub fn date(&self) -> Option<DateTime<Utc>> {
        let raw = self.header("WARC-Date")?;
        DateTime::parse_from_rfc3339(raw)
            .ok()
            .map(|d| d.with_timezone(&Utc))
    }

    /// Sorts the record: a page, a record that is not one, or a page that cannot be converted.
    pub fn capture(self) -> Capture {
        let kind = self.warc_type();
        let http = match kind.as_str() {
            "response" => true,
            "resource" => false,
            "warcinfo" => return Capture::Skipped(Skip::Warcinfo),
            "request" => return Capture::Skipped(Skip::Request),
            "metadata" => return Capture::Skipped(Skip::Metadata),
            "revisit" => return Capture::Skipped(Skip::Revisit),
            _ => return Capture::Skipped(Skip::OtherRecord),
        };
        // A response that is not HTTP (Heritrix's `dns:` lookups, `text/dns`) is no page.
        let not_http = self
            .header("Content-Type")
            .is_some_and(|t| !t.to_ascii_lowercase().starts_with("application/http"));
        if http && not_http {
            return Capture::Skipped(Skip::NotHtml);
        }
        let target_uri = self.target_uri().map(str::to_string);
        let date = self.date();
        let (status, content_type, body) = if http {
            match HttpResponse::parse(&self.block) {
                Ok(r) => (r.status, r.content_type, r.body),
                // The head itself is incomplete: a cut record says so, others are malformed.
                Err(e) => {
                    return Capture::Failed(match &self.cut {
                        Some(cut) => self.truncated(cut),
                        None => PageFailure {
                            kind: PageFailureKind::Malformed,
                            message: format!("not an HTTP response: {e}"),
                        },
                    });
                }
            }
        } else {
            let content_type = self.header("Content-Type").map(str::to_string);
            (200, content_type, Body::Identity(self.block.len()))
        };
        let (mime, charset) = content_type.as_deref().map(media_type).unwrap_or_default();
        if !mime.is_empty() && mime != "text/html" && mime != "application/xhtml+xml" {
            return Capture::Skipped(Skip::NotHtml);
        }
        if status != 200 {
            return Capture::Skipped(Skip::Status(status));
        }
        if let Some(cut) = &self.cut {
            return Capture::Failed(self.truncated(cut));
        }
        if let Some(why) = self.header("WARC-Truncated") {
            return Capture::Failed(PageFailure {
                kind: PageFailureKind::Truncated,
                message: format!(
                    "truncated by the crawler (WARC-Truncated: {why}): {} bytes kept",
                    self.block.len()
                ),
            });
        }
        if self.too_large {
            return Capture::Failed(PageFailure {
                kind: PageFailureKind::TooLarge,
                message: format!(
                    "record of {} bytes, larger than the limit of {} bytes",
                    self.content_length,
                    self.block.len()
                ),
            });
        }
        let start = self.block.len() - body.len();
        let payload = &self.block[start..];
        match body.decode(payload) {
            Ok(body) => Capture::Page(Page {
                body,
                target_uri,
                http_charset: charset,
                date,
            }),
            Err(message) => Capture::Failed(PageFailure {
                kind: PageFailureKind::Malformed,
                message,
            }),
        }
    }

    fn truncated(&self, cut: &str) -> PageFailure {
        PageFailure {
            kind: PageFailureKind::Truncated,
            message: format!(
                "truncated record: {cut} ({} of its Content-Length {} bytes)",
                self.block.len(),
                self.content_length
            ),
        }
    }
}

/// What a record is to the mirror.
#[derive(Debug, Clone)]
pub enum Capture {
    /// A page to convert.
    Page(Page),
    /// Not a page; why.
    Skipped(Skip),
    /// A page that cannot be converted; why.
    Failed(PageFailure),
}

/// A page kept in an archive.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's bytes as served (transfer and content coding undone; any charset).
    pub body: Vec<u8>,
    /// `WARC-Target-URI`, without wget's angle brackets.
    pub target_uri: Option<String>,
    /// The charset of the HTTP `Content-Type` header (`GB2312`), as written.
    pub http_charset: Option<String>,
    /// `WARC-Date`: when the page was captured.
    pub date: Option<DateTime<Utc>>,
}

impl Page {
    /// Extraction options with this page's hints: the HTTP charset
    /// ([`ExtractOptions::http_charset`]) and the target URI as the URL where the page names
    /// none ([`ExtractOptions::fallback_url`]).
    pub fn extract_options(&self) -> ExtractOptions {
        ExtractOptions {
            http_charset: self.http_charset.clone(),
            fallback_url: self.target_uri.clone(),
            ..ExtractOptions::default()
        }
    }
}

/// Why a record is not a page. The names ([`Skip::as_str`]) are those of the summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Skip {
    /// `warcinfo`: about the file.
    Warcinfo,
    /// `request`: what the crawler sent.
    Request,
    /// `metadata`: what the crawler noted.
    Metadata,
    /// `revisit`: the same content as an earlier capture, not repeated.
    Revisit,
    /// Another record type (`conversion`, `continuation`, an unknown one).
    OtherRecord,
    /// A response whose payload is not HTML (an image, a script, a style sheet), or that is not
    /// HTTP (a DNS lookup).
    NotHtml,
    /// An HTML response with another status than 200 (a redirect, a 404).
    Status(u16),
}

impl Skip {
    /// `warcinfo`, `request`, `metadata`, `revisit`, `other-record`, `not-html`, `not-200`.
    pub fn as_str(self) -> &'static str {
        match self {
            Skip::Warcinfo => "warcinfo",
            Skip::Request => "request",
            Skip::Metadata => "metadata",
            Skip::Revisit => "revisit",
            Skip::OtherRecord => "other-record",
            Skip::NotHtml => "not-html",
            Skip::Status(_) => "not-200",
        }
    }
}

/// A page record that cannot be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFailure {
    /// The kind.
    pub kind: PageFailureKind,
    /// One line saying why.
    pub message: String,
}

/// Kinds of [`PageFailure`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageFailureKind {
    /// Not kept whole: `WARC-Truncated`, a short block, a file cut inside the record.
    Truncated,
    /// Larger than the reader's limit.
    TooLarge,
    /// The HTTP message or its coding cannot be read.
    Malformed,
}

/// Reads the records of a WARC file, one at a time, in order.
///
/// A `.warc.gz` is recognised by its first bytes (the gzip magic), not by its name. Each
/// record's block is read whole into memory, up to `limit` bytes (the rest is skipped). The
/// iterator ends after the last record, after a cut one (there is nothing after it), or after
/// an `Err` (a record that is not WARC: there is no way to find the next one).
pub struct WarcReader<R: BufRead> {
    state: State<R>,
    limit: u64,
}

enum State<R: BufRead> {
    Plain(Counting<R>),
    /// Between gzip members.
    GzIdle(Counting<R>),
    /// Inside the gzip member that starts at `offset`.
    GzMember {
        stream: Box<BufReader<GzDecoder<Counting<R>>>>,
        offset: u64,
    },
    Done,
}

impl WarcReader<BufReader<File>> {
    /// Opens a file. `limit` is the most bytes kept of one record's block.
    pub fn open(path: &Path, limit: u64) -> Result<Self> {
        let file = File::open(path).map_err(|source| Error::Io {
            path: path.into(),
            source,
        })?;
        WarcReader::new(BufReader::with_capacity(64 << 10, file), limit).map_err(|source| {
            Error::Io {
                path: path.into(),
                source,
            }
        })
    }
}

impl<R: BufRead> WarcReader<R> {
    /// Reads records from `input` (plain or gzip, told by the first bytes). `limit` is the most
    /// bytes kept of one record's block.
    pub fn new(input: R, limit: u64) -> io::Result<Self> {
        let mut input = Counting {
            inner: input,
            pos: 0,
        };
        let gz = input.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        Ok(WarcReader {
            state: if gz {
                State::GzIdle(input)
            } else {
                State::Plain(input)
            },
            limit,
        })
    }

    fn step(&mut self) -> Option<Result<Record>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Plain(mut input) => {
                    if let Err(e) = skip_blank(&mut input) {
                        return Some(Err(malformed(input.pos, &e.to_string())));
                    }
                    let offset = input.pos;
                    return match read_record(&mut input, self.limit, offset, FILE_ENDS) {
                        Ok(None) => None,
                        Ok(Some(record)) => {
                            if record.cut.is_none() {
                                self.state = State::Plain(input);
                            }
                            Some(Ok(record))
                        }
                        Err(e) => Some(Err(e)),
                    };
                }
                State::GzIdle(mut input) => match input.fill_buf() {
                    Ok([]) => return None,
                    Ok(_) => {
                        let offset = input.pos;
                        let stream =
                            Box::new(BufReader::with_capacity(64 << 10, GzDecoder::new(input)));
                        self.state = State::GzMember { stream, offset };
                    }
                    Err(e) => return Some(Err(malformed(input.pos, &e.to_string()))),
                },
                State::GzMember { mut stream, offset } => {
                    match skip_blank(&mut *stream) {
                        Ok(true) => {
                            // The member's end: on to the next one.
                            let input = stream.into_inner().into_inner();
                            self.state = State::GzIdle(input);
                            continue;
                        }
                        Ok(false) => {}
                        Err(e) => {
                            return Some(Err(malformed(
                                offset,
                                &format!("gzip member does not decompress: {e}"),
                            )));
                        }
                    }
                    return match read_record(&mut *stream, self.limit, offset, SHORT_MEMBER) {
                        Ok(None) => None,
                        Ok(Some(record)) => {
                            // A member that breaks off: nothing after it can be read.
                            let broken = record.cut.as_deref().is_some_and(|c| c != SHORT_MEMBER);
                            if !broken {
                                self.state = State::GzMember { stream, offset };
                            }
                            Some(Ok(record))
                        }
                        Err(e) => Some(Err(e)),
                    };
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        self.step()
    }
}

impl<R: BufRead> std::fmt::Debug for WarcReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// Why a record of a plain file whose data ends before its `Content-Length` is cut.
const FILE_ENDS: &str = "the file ends inside it";

/// Why a record in a gzip member whose data ends before its `Content-Length` is cut.
const SHORT_MEMBER: &str = "its gzip member ends before the block does";

fn malformed(offset: u64, reason: &str) -> Error {
    Error::Warc {
        offset,
        reason: reason.to_string(),
    }
}

/// A reader that counts the bytes consumed: the offset of the next gzip member.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
        self.pos += amt as u64;
    }
}

/// Skips the line breaks between records; `true` at the end of the input.
fn skip_blank(input: &mut dyn BufRead) -> io::Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(true);
        }
        let n = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if n == 0 {
            return Ok(false);
        }
        input.consume(n);
    }
}

/// A header line longer than [`MAX_LINE`]: the input is not WARC (or not HTTP).
#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a header line longer than {MAX_LINE} bytes")
    }
}

impl std::error::Error for LineTooLong {}

fn too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<LineTooLong>())
}

/// Reads one line (without its line break), at most [`MAX_LINE`] bytes; `None` at the end.
fn read_line(input: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let n = input.take(MAX_LINE).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') && line.len() as u64 >= MAX_LINE {
        return Err(io::Error::other(LineTooLong));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads the record at the current position (after [`skip_blank`]); `None` at the end.
/// `short` says why a block that ends early is cut (the file's end, or its gzip member's).
fn read_record(
    input: &mut dyn BufRead,
    limit: u64,
    offset: u64,
    short: &str,
) -> Result<Option<Record>> {
    let bad = |reason: &str| malformed(offset, reason);
    let version = match read_line(input) {
        Ok(None) => return Ok(None),
        Ok(Some(line)) => String::from_utf8_lossy(&line).into_owned(),
        Err(e) => return Err(bad(&format!("unreadable record: {e}"))),
    };
    if !version.starts_with("WARC/") {
        let shown: String = version.chars().take(40).collect();
        return Err(bad(&format!(
            "not a WARC record (the line is {shown:?}, not WARC/1.x)"
        )));
    }
    let mut record = Record {
        offset,
        version,
        headers: Vec::new(),
        block: Vec::new(),
        content_length: 0,
        too_large: false,
        cut: None,
    };
    loop {
        let line = match read_line(input) {
            Ok(Some(line)) => line,
            Ok(None) => {
                record.cut = Some("the file ends inside its header".into());
                return Ok(Some(record));
            }
            Err(e) if too_long(&e) => return Err(bad(&e.to_string())),
            Err(e) => {
                record.cut = Some(format!("the data breaks off inside its header ({e})"));
                return Ok(Some(record));
            }
        };
        if line.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        if text.starts_with([' ', '\t']) {
            // A continuation line (obsolete folding) belongs to the field before it.
            if let Some((_, value)) = record.headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(bad(&format!("header line without a colon: {text:?}")));
        };
        if record.headers.len() >= MAX_HEADERS {
            return Err(bad("too many header lines"));
        }
        record
            .headers
            .push((name.trim().to_string(), value.trim().to_string()));
    }
    let length = record
        .header("Content-Length")
        .ok_or_else(|| bad("no Content-Length"))?;
    record.content_length = length
        .parse()
        .map_err(|_| bad(&format!("Content-Length {length:?} is not a number")))?;
    let keep = record.content_length.min(limit);
    record.too_large = record.content_length > limit;
    let kept = input.take(keep).read_to_end(&mut record.block);
    let skipped = match kept {
        Ok(_) if (record.block.len() as u64) < keep => None,
        Ok(_) => Some(io::copy(
            &mut input.take(record.content_length - keep),
            &mut io::sink(),
        )),
        Err(e) => Some(Err(e)),
    };
    record.cut = match skipped {
        Some(Ok(n)) if n == record.content_length - keep => None,
        Some(Err(e)) => Some(format!("the data breaks off inside it ({e})")),
        _ => Some(short.into()),
    };
    Ok(Some(record))
}

/// The parts of an HTTP response the mirror needs.
struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Body,
}

/// How the body (the `len` bytes at the block's end) is coded.
#[derive(Debug, Clone, Copy)]
enum Body {
    Identity(usize),
    Coded {
        len: usize,
        chunked: bool,
        encoding: ContentEncoding,
    },
}

#[derive(Debug, Clone, Copy)]
enum ContentEncoding {
    Identity,
    Gzip,
    Deflate,
}

impl Body {
    fn len(self) -> usize {
        match self {
            Body::Identity(len) | Body::Coded { len, .. } => len,
        }
    }

    fn decode(self, bytes: &[u8]) -> std::result::Result<Vec<u8>, String> {
        let Body::Coded {
            chunked, encoding, ..
        } = self
        else {
            return Ok(bytes.to_vec());
        };
        // Archives keep what was on the wire; some tools store the body de-chunked but keep
        // the header. A body that is not chunked is taken as it is (as warcio does).
        let dechunked = if chunked { dechunk(bytes) } else { None };
        let bytes = dechunked.as_deref().unwrap_or(bytes);
        let mut out = Vec::new();
        let inflated = match encoding {
            ContentEncoding::Identity => return Ok(bytes.to_vec()),
            ContentEncoding::Gzip => GzDecoder::new(bytes).read_to_end(&mut out),
            ContentEncoding::Deflate => {
                // `deflate` is zlib-wrapped by the standard, raw by some servers.
                let zlib = ZlibDecoder::new(bytes).read_to_end(&mut out);
                if zlib.is_err() {
                    out.clear();
                    DeflateDecoder::new(bytes).read_to_end(&mut out)
                } else {
                    zlib
                }
            }
        };
        inflated
            .map(|_| out)
            .map_err(|e| format!("the body's content coding does not decode: {e}"))
    }
}

impl HttpResponse {
    fn parse(block: &[u8]) -> std::result::Result<HttpResponse, String> {
        let mut input = block;
        let status_line = read_line(&mut input)
            .map_err(|e| e.to_string())?
            .ok_or("empty block")?;
        let status_line = String::from_utf8_lossy(&status_line);
        let mut parts = status_line.split_whitespace();
        let version = parts.next().unwrap_or_default();
        if !version.starts_with("HTTP/") {
            return Err(format!("status line {:?}", truncate(&status_line, 40)));
        }
        let status = parts
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("status line {:?}", truncate(&status_line, 40)))?;
        let mut content_type = None;
        let mut chunked = false;
        let mut encoding = ContentEncoding::Identity;
        let mut unsupported = None;
        loop {
            let line = read_line(&mut input)
                .map_err(|e| e.to_string())?
                .ok_or("the HTTP header does not end")?;
            if line.is_empty() {
                break;
            }
            let line = String::from_utf8_lossy(&line);
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let (name, value) = (name.trim(), value.trim());
            if name.eq_ignore_ascii_case("content-type") && content_type.is_none() {
                content_type = Some(value.to_string());
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                chunked = value.to_ascii_lowercase().contains("chunked");
            } else if name.eq_ignore_ascii_case("content-encoding") {
                match value.to_ascii_lowercase().as_str() {
                    "" | "identity" | "none" => {}
                    "gzip" | "x-gzip" => encoding = ContentEncoding::Gzip,
                    "deflate" => encoding = ContentEncoding::Deflate,
                    other => unsupported = Some(other.to_string()),
                }
            }
        }
        let len = input.len();
        if let Some(coding) = unsupported {
            // Not decodable here; but the status and type still sort the record.
            let mime = content_type
                .as_deref()
                .map(media_type)
                .unwrap_or_default()
                .0;
            if status == 200 && (mime.is_empty() || mime == "text/html") {
                return Err(format!("unsupported content coding {coding:?}"));
            }
        }
        let body = if chunked || !matches!(encoding, ContentEncoding::Identity) {
            Body::Coded {
                len,
                chunked,
                encoding,
            }
        } else {
            Body::Identity(len)
        };
        Ok(HttpResponse {
            status,
            content_type,
            body,
        })
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The media type (lower case) and the charset parameter of a `Content-Type` value.
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (mime, charset)
}

/// Undoes chunked transfer coding; `None` when the bytes are not chunked.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let line_end = bytes.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&bytes[..line_end]).ok()?.trim();
        let size = line.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        bytes = &bytes[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = &bytes[size..];
        bytes = bytes
            .strip_prefix(b"\r\n")
            .or_else(|| bytes.strip_prefix(b"\n"))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8], extra: &str) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-01T08:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    }

    fn response(status: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn read_all(bytes: &[u8]) -> Vec<Result<Record>> {
        WarcReader::new(bytes, 1 << 20).unwrap().collect()
    }

    const HTML: &str = "Content-Type: text/html; charset=GB2312\r\n";

    #[test]
    fn plain_and_gzip_files_give_the_same_records_with_their_offsets() {
        let page = response("200 OK", HTML, b"<html>page</html>");
        let records = [
            record("warcinfo", "", b"software: test", ""),
            record("request", "<http://a/1>", b"GET / HTTP/1.1\r\n\r\n", ""),
            record("response", "<http://a/1>", &page, ""),
        ];
        let plain: Vec<u8> = records.concat();
        let members: Vec<Vec<u8>> = records.iter().map(|r| gz(r)).collect();
        let gzipped = members.concat();
        for (bytes, offsets) in [
            (
                &plain,
                [0, records[0].len(), records[0].len() + records[1].len()],
            ),
            (
                &gzipped,
                [0, members[0].len(), members[0].len() + members[1].len()],
            ),
        ] {
            let read: Vec<Record> = read_all(bytes).into_iter().map(Result::unwrap).collect();
            assert_eq!(read.len(), 3);
            assert_eq!(
                read.iter().map(|r| r.offset as usize).collect::<Vec<_>>(),
                offsets
            );
            assert_eq!(read[2].target_uri(), Some("http://a/1"));
            assert_eq!(read[2].block, page);
            assert!(read.iter().all(|r| r.cut.is_none()));
            let Capture::Page(p) = read[2].clone().capture() else {
                panic!("not a page");
            };
            assert_eq!(p.body, b"<html>page</html>");
            assert_eq!(p.http_charset.as_deref(), Some("GB2312"));
            assert_eq!(p.target_uri.as_deref(), Some("http://a/1"));
            assert_eq!(p.date.unwrap().to_rfc3339(), "2024-05-01T08:00:00+00:00");
            assert!(matches!(
                read[0].clone().capture(),
                Capture::Skipped(Skip::Warcinfo)
            ));
            assert!(matches!(
                read[1].clone().capture(),
                Capture::Skipped(Skip::Request)
            ));
        }
    }

    #[test]
    fn records_are_sorted_into_pages_and_skips() {
        let cases: [(&str, Vec<u8>, &str); 5] = [
            ("revisit", response("200 OK", HTML, b""), "revisit"),
            ("metadata", b"outlinks: x".to_vec(), "metadata"),
            (
                "response",
                response("404 Not Found", HTML, b"<p>gone</p>"),
                "not-200",
            ),
            (
                "response",
                response("200 OK", "Content-Type: image/jpeg\r\n", b"\xff\xd8"),
                "not-html",
            ),
            ("conversion", b"x".to_vec(), "other-record"),
        ];
        for (kind, block, skip) in cases {
            let bytes = record(kind, "http://a/", &block, "");
            let r = read_all(&bytes).remove(0).unwrap();
            match r.capture() {
                Capture::Skipped(s) => assert_eq!(s.as_str(), skip),
                other => panic!("{kind}: {other:?}"),
            }
        }
        // A response that is not HTTP (a DNS lookup) is not a page either.
        let dns = record(
            "response",
            "dns:www.epochtimes.com",
            b"20250301000000\nwww.epochtimes.com. 300 IN A 127.0.0.1\n",
            "Content-Type: text/dns\r\n",
        );
        let r = read_all(&dns).remove(0).unwrap();
        assert!(matches!(r.capture(), Capture::Skipped(Skip::NotHtml)));
        // A resource record of HTML is a page, its block the page.
        let bytes = record(
            "resource",
            "http://a/",
            b"<p>x</p>",
            "Content-Type: text/html\r\n",
        );
        let r = read_all(&bytes).remove(0).unwrap();
        assert!(matches!(r.capture(), Capture::Page(p) if p.body == b"<p>x</p>"));
    }

    #[test]
    fn codings_are_undone() {
        let chunked = response(
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"5\r\n<p>ab\r\n5;ext=1\r\ncd</p\r\n1\r\n>\r\n0\r\n\r\n",
        );
        let gzipped = response(
            "200 OK",
            "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
            &gz(b"<p>abcd</p>"),
        );
        // Stored de-chunked with the header kept: taken as it is.
        let not_chunked = response(
            "200 OK",
            "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
            b"<p>abcd</p>",
        );
        for block in [chunked, gzipped, not_chunked] {
            let r = read_all(&record("response", "http://a/", &block, ""))
                .remove(0)
                .unwrap();
            match r.capture() {
                Capture::Page(p) => assert_eq!(p.body, b"<p>abcd</p>"),
                other => panic!("{other:?}"),
            }
        }
        let br = response(
            "200 OK",
            "Content-Type: text/html\r\nContent-Encoding: br\r\n",
            b"\x00\x01",
        );
        let r = read_all(&record("response", "http://a/", &br, ""))
            .remove(0)
            .unwrap();
        assert!(
            matches!(r.capture(), Capture::Failed(f) if f.kind == PageFailureKind::Malformed && f.message.contains("\"br\""))
        );
    }

    #[test]
    fn truncated_records_fail_and_whole_ones_around_them_are_read() {
        let page = response("200 OK", HTML, b"<html>whole page</html>");
        // WARC-Truncated.
        let marked = record(
            "response",
            "http://a/1",
            &page,
            "WARC-Truncated: length\r\n",
        );
        let r = read_all(&marked).remove(0).unwrap();
        assert!(
            matches!(r.capture(), Capture::Failed(f) if f.kind == PageFailureKind::Truncated && f.message.contains("WARC-Truncated: length"))
        );

        // A gzip member shorter than its Content-Length, between two whole records.
        let whole = record("response", "http://a/1", &page, "");
        let mut short = whole.clone();
        let header_end = short.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        short.truncate(header_end + 10);
        let file = [gz(&whole), gz(&short), gz(&whole)].concat();
        let read = read_all(&file);
        assert_eq!(read.len(), 3);
        let read: Vec<Record> = read.into_iter().map(Result::unwrap).collect();
        assert!(read[0].cut.is_none() && read[2].cut.is_none());
        assert_eq!(read[1].cut.as_deref(), Some(SHORT_MEMBER));
        match read[1].clone().capture() {
            Capture::Failed(f) => {
                assert_eq!(f.kind, PageFailureKind::Truncated);
                assert!(
                    f.message.contains("10 of its Content-Length"),
                    "{}",
                    f.message
                );
            }
            other => panic!("{other:?}"),
        }

        // A file cut inside a record: the records before it are whole, the cut one fails,
        // and nothing follows.
        for file in [
            [whole.clone(), whole.clone()].concat(),
            [gz(&whole), gz(&whole)].concat(),
        ] {
            let cut_at = file.len() - 20;
            let read = read_all(&file[..cut_at]);
            assert_eq!(read.len(), 2, "{read:?}");
            let first = read[0].as_ref().unwrap();
            assert!(first.cut.is_none());
            let second = read[1].as_ref().unwrap();
            assert!(second.cut.is_some());
            assert!(matches!(
                second.clone().capture(),
                Capture::Failed(PageFailure {
                    kind: PageFailureKind::Truncated,
                    ..
                })
            ));
        }
    }

    #[test]
    fn what_is_not_warc_is_an_error_naming_the_offset() {
        let whole = record("response", "http://a/1", b"HTTP/1.1 200 OK\r\n\r\nx", "");
        let mut file = whole.clone();
        file.extend_from_slice(b"GARBAGE LINE\r\n\r\n");
        let read = read_all(&file);
        assert_eq!(read.len(), 2);
        let err = read[1].as_ref().unwrap_err();
        assert!(matches!(err, Error::Warc { offset, .. } if *offset == whole.len() as u64));
        assert!(err.to_string().contains("not a WARC record"), "{err}");
        let missing = b"WARC/1.0\r\nWARC-Type: response\r\n\r\n";
        let err = read_all(missing).remove(0).unwrap_err();
        assert!(err.to_string().contains("no Content-Length"), "{err}");
        assert!(read_all(b"").is_empty());
    }

    #[test]
    fn blocks_past_the_limit_are_skipped_and_the_next_record_read() {
        let big = response("200 OK", HTML, &vec![b'x'; 5000]);
        let file = [
            record("response", "http://a/big", &big, ""),
            record(
                "response",
                "http://a/small",
                &response("200 OK", HTML, b"<p>y</p>"),
                "",
            ),
        ]
        .concat();
        let read: Vec<Record> = WarcReader::new(&file[..], 1000)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(read.len(), 2);
        assert!(read[0].too_large && read[0].block.len() == 1000);
        assert!(matches!(
            read[0].clone().capture(),
            Capture::Failed(PageFailure {
                kind: PageFailureKind::TooLarge,
                ..
            })
        ));
        assert!(matches!(read[1].clone().capture(), Capture::Page(_)));
    }

    #[test]
    fn content_type_parameters() {
        assert_eq!(
            media_type("text/html; charset=\"gb2312\""),
            ("text/html".into(), Some("gb2312".into()))
        );
        assert_eq!(media_type("TEXT/HTML"), ("text/html".into(), None));
        assert_eq!(
            media_type("text/html;foo=bar; Charset=Big5"),
            ("text/html".into(), Some("Big5".into()))
        );
    }
}
