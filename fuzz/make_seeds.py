#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus (fuzz/seeds/) from the project's own fixture pages.

The fixture pages are 25-145 KB, mostly page chrome (scripts, menus, sidebar boxes); the fuzzer
mutates a small input much faster. Each seed keeps what the extractor reads: the head lines that
name the charset, the URL and the title, the article block (title, lead image, story, related
list) and the hot-news box, as bytes in the page's own charset. Scripts, styles and comments
(other than the `article content begin/end` markers) are dropped.

    python3 fuzz/make_seeds.py            # from the crate root; deterministic

seeds/convert/  reduced pages (the articles of fixtures/epochtimes and fixtures/other, four legacy)
seeds/render/   the JSON of a few extracted articles (needs `cargo run`), for the render target
seeds/read/     the mirror-file fixtures (fixtures/mirror/*.md, all generations) and the mirror
                files of two extracted articles (needs `cargo run`), for the read target
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(ROOT, "fuzz", "seeds")

LEGACY = ["big5-2007", "gb2312-2002", "gbk-2006", "gbk-undeclared"]

HEAD_KEEP = re.compile(
    rb"(?i)<meta[^>]*(charset|og:url|og:title|article:|keywords)[^>]*>|<link[^>]*canonical[^>]*>|<title>.*?</title>"
)


def strip(page: bytes) -> bytes:
    page = re.sub(rb"(?is)<script\b.*?</script\s*>", b"", page)
    page = re.sub(rb"(?is)<style\b.*?</style\s*>", b"", page)
    page = re.sub(rb"(?s)<!--(?! article content).*?-->", b"", page)
    return re.sub(rb"[ \t]*\r?\n\s*", b"\n", page)


def box(page: bytes, heading: bytes) -> bytes:
    """The sidebar box titled `heading`, up to the next box."""
    start = page.find(heading)
    if start < 0:
        return b""
    start = page.rfind(b'<div class="box', 0, start)
    end = page.find(b'<div class="box_header', page.find(heading) + len(heading))
    end = page.rfind(b'<div class="box', 0, end) if end > 0 else len(page)
    return page[start:end] if start >= 0 else b""


def reduce(page: bytes) -> bytes:
    page = strip(page)
    head = b"\n".join(m.group(0) for m in HEAD_KEEP.finditer(page.split(b"</head>")[0]))
    for begin, end in [
        (b'<div class="arttop', b'<div id="recommend_post"'),
        (b'<div class="main_content"', b'<div class="post_related"'),
    ]:
        i = page.find(begin)
        if i < 0:
            continue
        j = page.find(end, i)
        j = page.find(b"</div>", page.find(b"</ul>", j)) + len(b"</div>") if j > 0 else len(page)
        hot = box(page, "热门新闻".encode()) or box(page, "熱門新聞".encode())
        return (
            b"<!DOCTYPE html><html><head>\n" + head + b"\n</head><body>\n" + page[i:j]
            + b"\n" + hot + b"\n</body></html>\n"
        )
    # Legacy table pages, other sites, listings: the whole page, stripped.
    return page


def main() -> None:
    os.makedirs(os.path.join(SEEDS, "convert"), exist_ok=True)
    os.makedirs(os.path.join(SEEDS, "render"), exist_ok=True)
    os.makedirs(os.path.join(SEEDS, "read"), exist_ok=True)
    fixtures = []
    for sub in ["epochtimes", "legacy", "other"]:
        d = os.path.join(ROOT, "fixtures", sub)
        fixtures += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".html")]
    # Listings are refused early (their URL is no article URL) and are large: left out. Of the
    # legacy table pages (25 KB each, same template) one per charset and one undeclared.
    fixtures = [
        f for f in fixtures
        if not os.path.basename(f).startswith(("section-", "tag-"))
        and ("/legacy/" not in f or any(k in f for k in LEGACY))
    ]
    for path in fixtures:
        with open(path, "rb") as f:
            seed = reduce(f.read())
        with open(os.path.join(SEEDS, "convert", os.path.basename(path)), "wb") as f:
            f.write(seed)
    for name in [
        "djy-gb-news.html",
        "djy-gb-hostile-markup-2022.html",
        "new-gb-tweet-embed.html",
        "djy-gb-non-gbk-paris-cafe-2023.html",
    ]:
        json = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--", "convert", "--format", "json",
             os.path.join(ROOT, "fixtures", "epochtimes", name)],
            cwd=ROOT, check=True, capture_output=True,
        ).stdout
        with open(os.path.join(SEEDS, "render", name.replace(".html", ".json")), "wb") as f:
            f.write(json)
    mirror_dir = os.path.join(ROOT, "fixtures", "mirror")
    mirrors = sorted(f for f in os.listdir(mirror_dir) if f.endswith(".md"))
    for name in mirrors:
        with open(os.path.join(mirror_dir, name), "rb") as f:
            data = f.read()
        with open(os.path.join(SEEDS, "read", name), "wb") as f:
            f.write(data)
    for name in ["djy-gb-news.html", "new-b5-hk-school-closures.html"]:
        mirror = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--", "convert",
             os.path.join(ROOT, "fixtures", "epochtimes", name)],
            cwd=ROOT, check=True, capture_output=True,
        ).stdout
        with open(os.path.join(SEEDS, "read", name.replace(".html", ".md")), "wb") as f:
            f.write(mirror)
    print(
        f"{len(fixtures)} convert seeds, 4 render seeds, {len(mirrors) + 2} read seeds in {SEEDS}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
