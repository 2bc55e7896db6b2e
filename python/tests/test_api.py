"""The Python API: every fixture page gives byte for byte what the command line prints, in all
three formats; errors are typed; the GIL is released while converting."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

import pytest

import newsmirror
from conftest import FIXTURES, fixture_pages, legacy_urls

FORMATS = ["mirror", "markdown", "json"]


def cli_output(cli: Path, page: Path, fmt: str, url: str | None) -> subprocess.CompletedProcess:
    args = [str(cli), "convert", str(page), "--format", fmt]
    if url:
        args += ["--url", url]
    return subprocess.run(args, capture_output=True)


@pytest.mark.parametrize("page", fixture_pages(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_is_what_the_cli_prints(cli: Path, page: Path) -> None:
    url = legacy_urls().get(page.name) if page.parent.name == "legacy" else None
    data = page.read_bytes()
    for fmt in FORMATS:
        expected = cli_output(cli, page, fmt, url)
        if expected.returncode == 0:
            got = newsmirror.convert(data, url=url, output_format=fmt)
            assert got.encode("utf-8") == expected.stdout, (page.name, fmt)
            assert newsmirror.extract(data, url, fmt) == got
        else:
            # The CLI refuses the page: so does the package, with the same message.
            with pytest.raises(newsmirror.NewsmirrorError) as refused:
                newsmirror.convert(data, url=url, output_format=fmt)
            assert str(refused.value) in expected.stderr.decode("utf-8")


def test_the_cli_comparison_covers_articles_and_refusals(cli: Path) -> None:
    """Guards the test above against comparing nothing: most fixtures convert, some are refused."""
    results = [
        cli_output(cli, p, "mirror", legacy_urls().get(p.name)).returncode for p in fixture_pages()
    ]
    assert results.count(0) >= 30
    assert results.count(1) >= 2


def test_str_input_is_read_as_utf8() -> None:
    page = FIXTURES / "epochtimes" / "djy-gb-news.html"
    data = page.read_bytes()
    assert newsmirror.convert(data.decode("utf-8")) == newsmirror.convert(data)
    assert newsmirror.convert(bytearray(data)) == newsmirror.convert(data)
    # A legacy GBK page decoded by Python first gives the same article as its raw bytes.
    legacy = FIXTURES / "legacy" / "legacy-gb-gbk-2003-shamshuipo-demolition.html"
    url = legacy_urls()[legacy.name]
    raw = legacy.read_bytes()
    as_text = raw.decode("gbk")
    assert newsmirror.convert(as_text, url=url) == newsmirror.convert(raw, url=url)


def test_bare_extraction_is_the_json_model() -> None:
    data = (FIXTURES / "epochtimes" / "djy-gb-news.html").read_bytes()
    model = newsmirror.bare_extraction(data)
    assert model == json.loads(newsmirror.convert(data, output_format="json"))
    assert model["site"] == "epochtimes"
    assert model["edition"] == "gb"
    assert model["url"].startswith("https://www.epochtimes.com/gb/")
    path = newsmirror.mirror_path(model["url"])
    assert path is not None and path.startswith("gb/") and path.endswith(f"/{model['id']}.md")


def test_mirror_path() -> None:
    assert (
        newsmirror.mirror_path("https://www.epochtimes.com/gb/25/8/20/n14577375.htm")
        == "gb/25/8/20/n14577375.md"
    )
    assert (
        newsmirror.mirror_path("http://www.epochtimes.com/b5/3/1/2/n1.htm") == "b5/3/1/2/n1.md"
    )
    assert newsmirror.mirror_path("https://www.epochtimes.com/gb/nsc413.htm") is None
    assert newsmirror.mirror_path("https://example.com/a.html") is None
    assert newsmirror.mirror_path("not a url") is None


def test_list_pages_convert_as_the_cli_converts_them() -> None:
    section = (FIXTURES / "epochtimes" / "section-gb-nsc413.html").read_bytes()
    listed = newsmirror.convert(section)
    assert listed.startswith('<a name="1" id="1" target="_blank">')
    assert "https://github.com/1992513/djy/blob/master/gb/nsc413.md#1" in listed
    assert newsmirror.extract(section) == listed
    model = newsmirror.bare_extraction(section)
    assert model is not None and model["url"] == "https://www.epochtimes.com/gb/nsc413.htm"


def test_non_articles_are_none_or_typed_errors() -> None:
    home = b"<html><head><title>Home</title></head><body><h1>Home</h1></body></html>"
    assert newsmirror.extract(home) is None
    assert newsmirror.bare_extraction(home) is None
    with pytest.raises(newsmirror.NotAnArticle):
        newsmirror.convert(home)
    with pytest.raises(newsmirror.EmptyPage) as empty:
        newsmirror.convert(b"  \n")
    assert isinstance(empty.value, newsmirror.NotAnArticle)
    assert newsmirror.extract(b"") is None

    no_canonical = (FIXTURES / "epochtimes" / "djy-gb-no-canonical.html").read_bytes()
    with pytest.raises(newsmirror.NoArticleUrl) as no_url:
        newsmirror.extract(no_canonical)
    assert "give the URL" in str(no_url.value)
    with pytest.raises(newsmirror.InvalidUrl):
        newsmirror.convert(no_canonical, url="not a url")
    for cls in [
        newsmirror.NotAnArticle,
        newsmirror.NoArticleUrl,
        newsmirror.InvalidUrl,
        newsmirror.NotMirrorable,
    ]:
        assert issubclass(cls, newsmirror.NewsmirrorError)
        assert cls.__module__ == "newsmirror"


def test_bad_arguments_are_python_errors() -> None:
    data = (FIXTURES / "epochtimes" / "djy-gb-news.html").read_bytes()
    with pytest.raises(ValueError, match="output_format"):
        newsmirror.convert(data, output_format="html")
    with pytest.raises(TypeError, match="bytes or str"):
        newsmirror.convert(12)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="charset_safe"):
        newsmirror.convert(data, charset_safe="latin1")
    with pytest.raises(ValueError, match="2 picks given"):
        newsmirror.convert(data, picks=[{"title": "a", "url": "https://a/"}] * 2)


def test_picks_and_charset_safe_as_the_cli(cli: Path, tmp_path: Path) -> None:
    page = FIXTURES / "epochtimes" / "djy-gb-non-gbk-paris-cafe-2023.html"
    picks = [{"title": f"pick {i}", "url": f"https://example.com/{i}"} for i in range(3)]
    picks_file = tmp_path / "picks.json"
    picks_file.write_text(json.dumps(picks))
    expected = subprocess.run(
        [str(cli), "convert", str(page), "--picks", str(picks_file), "--charset-safe", "gbk"],
        capture_output=True,
        check=True,
    ).stdout
    got = newsmirror.convert(page.read_bytes(), picks=picks, charset_safe="gbk")
    assert got.encode("utf-8") == expected
    assert "pick 1" in got


def test_threads_convert_together_and_agree() -> None:
    """Threads convert at the same time (the GIL is released; the speed-up is shown by
    python/bench/threads.py, not timed here) and get the same results as one thread."""
    pages = [
        p.read_bytes()
        for p in sorted((FIXTURES / "epochtimes").glob("djy-*.html"))
        if "no-canonical" not in p.name
    ]
    expected = [newsmirror.extract(p) for p in pages]
    results: dict[int, list] = {}

    def work(n: int) -> None:
        results[n] = [newsmirror.extract(p) for p in pages]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[n] == expected for n in range(4))


def test_version() -> None:
    assert newsmirror.__version__ == "0.1.0"
    assert set(newsmirror.__all__) <= set(dir(newsmirror))


def test_the_package_is_typed() -> None:
    package = Path(newsmirror.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_native.pyi").exists()
