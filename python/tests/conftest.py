"""Shared fixtures: the repository's paths and the command-line binary to compare with."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def _built_binary() -> Path | None:
    """The `newsmirror` binary: $NEWSMIRROR_BIN, else built with cargo in this session."""
    given = os.environ.get("NEWSMIRROR_BIN")
    if given:
        return Path(given)
    cargo = shutil.which("cargo")
    if cargo is None:
        return None
    subprocess.run(
        [cargo, "build", "--quiet", "--bin", "newsmirror"],
        cwd=ROOT,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "newsmirror"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The command-line tool, to compare the package's output with. Without cargo (and no
    $NEWSMIRROR_BIN) the comparison cannot be made: skipped with one line, failed when CI=true."""
    binary = _built_binary()
    if binary is None or not binary.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("no newsmirror binary (CI=true): set NEWSMIRROR_BIN or install cargo")
        pytest.skip("no newsmirror binary: set NEWSMIRROR_BIN or install cargo")
    return binary


def fixture_pages() -> list[Path]:
    """Every fixture page the project wrote (fixtures/*/*.html), sorted."""
    return sorted(FIXTURES.glob("*/*.html"))


def legacy_urls() -> dict[str, str]:
    """fixtures/legacy/urls.txt: file name -> URL (legacy pages name none)."""
    urls = {}
    for line in (FIXTURES / "legacy" / "urls.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, url = line.split("\t")
            urls[name] = url
    return urls
