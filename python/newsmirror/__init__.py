"""newsmirror: Epoch Times (大纪元) article pages into GitHub mirror files, Markdown or JSON.

The conversion runs in Rust with the GIL released, so Python threads convert in parallel.

>>> import newsmirror
>>> page = open("fixtures/epochtimes/djy-gb-news.html", "rb").read()   # doctest: +SKIP
>>> newsmirror.extract(page)[:30]                                      # doctest: +SKIP
'<a name="1" id="1" target="_bl'
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Union

from . import _native
from ._native import (
    EmptyPage,
    InvalidUrl,
    NewsmirrorError,
    NoArticleUrl,
    NotAnArticle,
    NotMirrorable,
    WarcResult,
    iter_warc,
    mirror_path,
)

__version__: str = _native.__version__

__all__ = [
    "__version__",
    "extract",
    "bare_extraction",
    "convert",
    "mirror_path",
    "iter_warc",
    "WarcResult",
    "NewsmirrorError",
    "NotAnArticle",
    "EmptyPage",
    "NoArticleUrl",
    "InvalidUrl",
    "NotMirrorable",
]

Html = Union[bytes, bytearray, memoryview, str]
Pick = Dict[str, str]


def convert(
    html: Html,
    *,
    url: Optional[str] = None,
    output_format: str = "mirror",
    picks: Optional[List[Pick]] = None,
    charset_safe: Optional[str] = None,
) -> str:
    """Converts one page, strictly: what ``newsmirror convert`` prints for it.

    ``html`` is the page as saved (``bytes`` in any charset, decoded as a browser would) or a
    ``str``. ``url`` is the page's original URL when the page does not name it (it overrides
    ``<link rel=canonical>`` and ``og:url``, like ``convert --url``). ``output_format`` is
    ``"mirror"`` (the mirror file), ``"markdown"`` or ``"json"``. ``picks`` are three
    ``{"title", "url"}`` editor picks used as given; ``charset_safe="gbk"`` writes characters
    GBK lacks as references.

    Raises :class:`NotAnArticle` (and its subclass :class:`EmptyPage`) for pages that are not
    articles, :class:`NoArticleUrl` when no article URL is known, :class:`InvalidUrl` for a
    ``url`` that does not parse — all subclasses of :class:`NewsmirrorError` — and
    ``ValueError``/``TypeError`` for bad arguments.
    """
    return _native.convert(
        html, url=url, output_format=output_format, picks=picks, charset_safe=charset_safe
    )


def extract(
    html: Html,
    url: Optional[str] = None,
    output_format: str = "mirror",
    *,
    picks: Optional[List[Pick]] = None,
    charset_safe: Optional[str] = None,
) -> Optional[str]:
    """Like :func:`convert`, but returns ``None`` when the page is not an article (as
    trafilatura's ``extract`` does). Other errors (no article URL, an invalid ``url``) are
    raised: they have a fix (give the URL)."""
    try:
        return convert(
            html, url=url, output_format=output_format, picks=picks, charset_safe=charset_safe
        )
    except NotAnArticle:
        return None


def bare_extraction(html: Html, url: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The article as a ``dict``: the model that ``--format json`` prints (``url``, ``site``,
    ``edition``, ``id``, ``title``, ``body``, …), or ``None`` when the page is not an article."""
    text = extract(html, url, "json")
    return None if text is None else json.loads(text)
