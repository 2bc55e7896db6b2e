"""newsmirror.iter_warc over the WARC fixtures: one result per record, pages converted as the
command line converts them, failures naming the record."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest

import newsmirror
from conftest import FIXTURES

WARC = FIXTURES / "warc"


def test_every_record_has_a_result_in_order() -> None:
    results = list(newsmirror.iter_warc(WARC / "warcio-crawl.warc.gz"))
    assert [r.offset for r in results] == sorted(r.offset for r in results)
    assert len({r.offset for r in results}) == len(results) == 25
    assert Counter((r.status, r.reason) for r in results) == {
        ("converted", None): 9,
        ("skipped", "request"): 11,
        ("skipped", "warcinfo"): 1,
        ("skipped", "revisit"): 1,
        ("skipped", "not-200"): 1,
        ("skipped", "not-html"): 1,
        ("skipped", "metadata"): 1,
    }
    # Two captures of one article: both converted here, told apart by their dates.
    news = [r for r in results if r.capture_of == "gb/25/8/20/n14577001.md"]
    assert [r.date for r in news] == [
        "2025-03-01T00:00:00.000000Z",
        "2025-02-27T12:00:00.000000Z",
    ]
    assert "早期版本" in news[1].title and "早期版本" not in news[0].title
    # The section page is a list page, written where `newsmirror mirror` writes it.
    section = next(
        r
        for r in results
        if r.record_type == "response" and r.uri == "https://www.epochtimes.com/gb/nsc413.htm"
    )
    assert (section.status, section.mirror_path) == ("converted", "gb/nsc413.md")


def test_pages_convert_as_the_cli_converts_them(cli: Path) -> None:
    converted = 0
    for result in newsmirror.iter_warc(WARC / "wget-crawl.warc.gz", output_format="markdown"):
        if result.status != "converted":
            continue
        assert result.uri is not None and not result.uri.startswith("<")
        page = next(
            p
            for p in (FIXTURES / "epochtimes").glob("*.html")
            if f'rel="canonical" href="{result.url}"'.encode() in p.read_bytes()
        )
        expected = subprocess.run(
            [str(cli), "convert", str(page), "--format", "markdown"], capture_output=True, check=True
        ).stdout
        assert result.output.encode("utf-8") == expected
        assert result.mirror_path == newsmirror.mirror_path(result.url)
        converted += 1
    assert converted == 4


def test_legacy_pages_take_the_target_uri_and_the_http_charset() -> None:
    results = [r for r in newsmirror.iter_warc(WARC / "legacy.warc") if r.status != "skipped"]
    assert [r.status for r in results] == ["converted"] * 4
    assert [r.url for r in results] == [r.uri for r in results]
    for r in results:
        assert "\ufffd" not in r.output


def test_a_cut_archive_fails_the_cut_records_with_the_reason() -> None:
    results = [r for r in newsmirror.iter_warc(str(WARC / "cut.warc.gz")) if r.status != "skipped"]
    assert [(r.status, r.reason) for r in results] == [
        ("converted", None),
        ("converted", None),
        ("failed", "truncated"),
        ("failed", "truncated"),
    ]
    marked, cut = results[2], results[3]
    assert marked.message.startswith(f"record at offset {marked.offset} ({marked.uri}): ")
    assert "WARC-Truncated: length" in marked.message
    assert cut.message.startswith(f"record at offset {cut.offset} ({cut.uri}): truncated record")
    assert cut.output is None and cut.mirror_path is None


def test_what_is_not_warc_fails_once_and_ends(tmp_path: Path) -> None:
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"this is not a WARC file\r\n\r\n")
    results = list(newsmirror.iter_warc(bad))
    assert len(results) == 1
    assert (results[0].status, results[0].reason, results[0].offset) == ("failed", "warc", 0)
    assert "not a WARC record" in results[0].message
    with pytest.raises(FileNotFoundError):
        newsmirror.iter_warc(tmp_path / "missing.warc.gz")
    with pytest.raises(ValueError):
        newsmirror.iter_warc(bad, output_format="pdf")
