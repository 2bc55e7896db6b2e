//! All errors of the crate, in one place.
//!
//! Every variant owns its data, so `Error` is `Send + Sync + 'static` and can cross threads and
//! outlive the input it describes.

use std::path::PathBuf;

/// What went wrong. Messages are one line and name the cause.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is empty (or only whitespace).
    #[error("empty input")]
    Empty,
    /// The page parsed, but it is not an article page of a known site (a home, section or tag
    /// page, or an article without a body).
    #[error("not an article: {reason}")]
    NotAnArticle {
        /// Why the page was refused.
        reason: String,
    },
    /// No usable article URL: the page names none (`<link rel=canonical>`, `og:url`) and none was
    /// given, or the one found is not an article URL.
    #[error("no article URL: {reason}")]
    NoUrl {
        /// What was found instead.
        reason: String,
    },
    /// A URL given by the caller does not parse.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// The parser's complaint.
        reason: String,
    },
    /// The mirror has no place for this article: its URL is not one the link map can put into
    /// the mirror (an article of another site, read by the fallback extractor).
    #[error("the mirror holds no file for {url}")]
    NotMirrorable {
        /// The article's URL.
        url: String,
    },
    /// The text is not a mirror file of any generation (no `<h2 align=center>` title, no
    /// original URL in the footer or the QR code, …). A mirror *list* page (a section page) is
    /// [`Error::NotAnArticle`] instead.
    #[error("not a mirror file: {reason}")]
    NotAMirrorFile {
        /// What is missing or wrong.
        reason: String,
    },
    /// A path derived from a page (an output file's place in the mirror) is not a plain relative
    /// path inside the output directory, or goes through a symbolic link there.
    #[error("unsafe output path {path:?}: {reason}")]
    UnsafePath {
        /// The path as derived.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An input is larger than the limit (after decompression, for `.gz` pages).
    #[error("page larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A web archive (WARC file) cannot be read on from this point: what is there is not a
    /// WARC record (or its gzip member does not decompress).
    #[error("WARC record at offset {offset}: {reason}")]
    Warc {
        /// Where the unreadable record starts in the file (for a `.warc.gz`, its gzip member).
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// Another run holds the lock of the output directory.
    #[error("{}: another newsmirror run is writing this directory", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// Invalid configuration or option (a picks file of the wrong shape, a broken template).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Writing the output to a sink failed.
    #[error("write failed: {0}")]
    Write(#[from] std::io::Error),
    /// JSON (de)serialisation failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: Send + Sync + 'static + std::error::Error>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn messages_are_one_line() {
        let e = Error::NotAnArticle {
            reason: "no article body (#artbody, .post_content)".into(),
        };
        assert_eq!(
            e.to_string(),
            "not an article: no article body (#artbody, .post_content)"
        );
        assert!(!e.to_string().contains('\n'));
    }
}
