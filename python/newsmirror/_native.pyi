"""Type stubs of the native module (Rust, pyo3)."""

import os
from typing import Dict, Iterator, List, Literal, Optional, Union

__version__: str

class NewsmirrorError(Exception):
    """Base class of every error newsmirror raises for a page."""

class NotAnArticle(NewsmirrorError):
    """The page is not an article page (a home, section or tag page, or no article body)."""

class EmptyPage(NotAnArticle):
    """The page is empty (or only whitespace)."""

class NoArticleUrl(NewsmirrorError):
    """No article URL: the page names none and none was given, or it is not an article URL."""

class InvalidUrl(NewsmirrorError):
    """A URL given by the caller does not parse."""

class NotMirrorable(NewsmirrorError):
    """The mirror has no place for the article (an article of another site)."""

def convert(
    html: Union[bytes, bytearray, memoryview, str],
    *,
    url: Optional[str] = None,
    output_format: str = "mirror",
    picks: Optional[List[Dict[str, str]]] = None,
    charset_safe: Optional[str] = None,
) -> str: ...
def mirror_path(url: str) -> Optional[str]: ...

class WarcResult:
    """One record of a web archive and what became of it."""

    path: str
    """The archive, as given."""
    offset: int
    """Where the record starts in the file (for a .warc.gz, its gzip member)."""
    record_type: str
    """WARC-Type, lower-cased: response, request, revisit, ..."""
    uri: Optional[str]
    """WARC-Target-URI, without wget's angle brackets."""
    date: Optional[str]
    """WARC-Date in UTC, fixed width (2025-03-01T00:00:00.000000Z): sorts as it is."""
    status: Literal["converted", "failed", "skipped"]
    reason: Optional[str]
    """Why skipped or failed, as newsmirror mirror names it (request, revisit, not-html,
    not-200, metadata, warcinfo, other-record; truncated, too-large, warc, empty,
    not-an-article, no-url, not-mirrorable)."""
    message: Optional[str]
    """A failure's message, naming the record: 'record at offset N (URI): ...'."""
    capture_of: Optional[str]
    """For a whole page: the mirror path of the article its target URI names (what the
    latest-capture rule groups by)."""
    url: Optional[str]
    """The article's canonical URL."""
    title: Optional[str]
    mirror_path: Optional[str]
    """Where the mirror keeps the article (gb/25/8/20/n14577375.md)."""
    output: Optional[str]
    """The rendered article in the requested format."""

class WarcIterator(Iterator[WarcResult]):
    def __iter__(self) -> "WarcIterator": ...
    def __next__(self) -> WarcResult: ...

def iter_warc(
    path: Union[str, "os.PathLike[str]"],
    *,
    output_format: str = "mirror",
    max_page_bytes: int = 67108864,
) -> WarcIterator: ...
