"""The README's "From Python" example runs as it is, from the repository's root."""

from __future__ import annotations

import contextlib
import io
import os
import re

from conftest import ROOT


def test_the_readme_python_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(blocks[0], "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(" gb/25/8/20/n14577001.md"), lines
    assert lines[1].startswith("refused: not an article")
    assert [line.split()[1] for line in lines[2:]] == ["converted", "converted", "failed", "failed"]
    assert "truncated" in lines[-1]
