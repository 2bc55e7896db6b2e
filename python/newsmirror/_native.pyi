"""Type stubs of the native module (Rust, pyo3)."""

from typing import Dict, List, Optional, Union

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
