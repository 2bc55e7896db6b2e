"""The distributed examples on the 4 WARC fixtures: examples/dask_warc.py (dask.bag, a
2-process LocalCluster) and examples/spark_warc.py (PySpark local[2]). Exact counts, and the
tree each writes equals the one `newsmirror mirror` writes for the same files."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from conftest import FIXTURES, ROOT

WARCS = sorted(str(p) for p in (FIXTURES / "warc").glob("*.warc*"))


def load_example(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree(root: Path) -> dict:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".newsmirror" not in p.relative_to(root).parts
    }


def check_job(cli: Path, tmp_path: Path, run: Callable[..., Dict[str, Any]]) -> None:
    assert len(WARCS) == 4
    summary = run(WARCS, tmp_path / "job", tmp_path / "articles.jsonl")

    assert (summary["pages"], summary["converted"], summary["failed"]) == (19, 17, 2)
    assert summary["skipped_records"] == {
        "metadata": 2,
        "not-200": 1,
        "not-html": 1,
        "request": 23,
        "revisit": 1,
        "superseded": 2,
        "warcinfo": 2,
    }
    assert sorted((f["reason"], Path(f["input"]).name) for f in summary["failures"]) == [
        ("truncated", "cut.warc.gz"),
        ("truncated", "cut.warc.gz"),
    ]

    # The same files through the command line, in a folder of the four archives.
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for w in WARCS:
        shutil.copy(w, crawl / Path(w).name)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [str(cli), "mirror", str(crawl), str(tmp_path / "cli"), "--no-fsync", "--report", str(report)],
        capture_output=True,
    )
    assert done.returncode == 1, done.stderr  # pages failed
    expected = json.loads(report.read_text())
    assert (expected["pages"], expected["converted"], expected["failed"]) == (
        summary["pages"],
        summary["converted"],
        summary["failed"],
    )
    assert expected["skipped_records"] == summary["skipped_records"]
    assert [f["message"] for f in expected["failures"]] == [
        f["message"] for f in sorted(summary["failures"], key=lambda f: Path(f["input"]).name)
    ]
    cli_tree = tree(tmp_path / "cli")
    assert len(cli_tree) == 17  # 16 articles and the section page's list file
    assert tree(tmp_path / "job") == cli_tree

    rows = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert len(rows) == 17
    assert sorted(r["mirror_path"] for r in rows) == sorted(cli_tree)
    # The article in two archives comes from the later capture (the wget crawl's).
    news = next(r for r in rows if r["mirror_path"] == "gb/25/8/20/n14577001.md")
    assert (news["warc"], news["date"]) == ("wget-crawl.warc.gz", "2025-04-01T00:03:00.000000Z")


def test_the_dask_job_writes_what_mirror_writes(cli: Path, tmp_path: Path) -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("dask[bag] and distributed are not installed (CI=true)")
        pytest.skip("dask[bag] and distributed are not installed")
    example = load_example("dask_warc")
    check_job(cli, tmp_path, lambda *a: example.run(*a, workers=2))


def test_the_spark_job_writes_what_mirror_writes(cli: Path, tmp_path: Path) -> None:
    if shutil.which("java") is None or importlib.util.find_spec("pyspark") is None:
        pytest.skip("PySpark example: needs pyspark and a Java runtime")
    example = load_example("spark_warc")
    check_job(cli, tmp_path, lambda *a: example.run(*a, cores=2))
