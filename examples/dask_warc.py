#!/usr/bin/env python3
"""Mirror web archives on Dask: a dask.bag over WARC files, converted by 2 worker processes
(a LocalCluster) with the newsmirror Python package, into the mirror tree and a JSON Lines
table of the articles.

Usage:
    pip install ./python 'dask[bag]' distributed
    python examples/dask_warc.py --out mirror/ --table articles.jsonl fixtures/warc/*.warc*

The tree is the one `newsmirror mirror` writes for the same files (python/tests/
test_examples.py checks it), because the job applies mirror's rules:

* the archives are read in path order, each record in file order;
* records that are not pages are counted by kind (`request`, `revisit`, `not-html`, …);
* of several whole captures of one article (`capture_of`, the article the target URI names)
  only the latest by `WARC-Date` is mirrored; on equal dates the last in that order; the
  others are counted as `superseded`;
* two pages of one article left after that: the first in order is mirrored, the others fail
  as `duplicate`;
* every output file is written to a temporary file and renamed into place.

Each worker converts whole files (one bag partition per file) and returns its results; the
converted text travels back to this process, which decides and writes. That suits crawls whose
converted text fits in memory; for larger ones, have the workers write each output under a
staging directory keyed by (file, offset) and rename only the winners here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List

import newsmirror


def convert_archive(path: str) -> List[Dict[str, Any]]:
    """Runs on a worker: every record of one archive, as plain dicts (the text only for pages)."""
    out = []
    for r in newsmirror.iter_warc(path):
        out.append(
            {
                "path": r.path,
                "offset": r.offset,
                "uri": r.uri,
                "date": r.date,
                "status": r.status,
                "reason": r.reason,
                "message": r.message,
                "capture_of": r.capture_of,
                "url": r.url,
                "title": r.title,
                "mirror_path": r.mirror_path,
                "output": r.output,
            }
        )
    return out


def path_order(paths: Iterable[str]) -> List[str]:
    """The order `newsmirror mirror` reads files in: component by component, as bytes."""
    return sorted(paths, key=lambda p: [os.fsencode(part) for part in Path(p).parts])


def write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".dask-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def decide(results: List[Dict[str, Any]], order: List[str]) -> Dict[str, Any]:
    """mirror's rules over every record: what is written, skipped and failed."""
    rank = {p: i for i, p in enumerate(order)}
    place = lambda r: (rank[r["path"]], r["offset"])  # noqa: E731
    results = sorted(results, key=place)
    skipped: Counter = Counter(r["reason"] for r in results if r["status"] == "skipped")
    pages = [r for r in results if r["status"] != "skipped"]

    latest: Dict[str, Dict[str, Any]] = {}
    for r in pages:
        key = r["capture_of"]
        if key is None:
            continue
        held = latest.get(key)
        # Later in order wins on an equal date (or none); a missing date is the oldest.
        if held is None or (held["date"] or "") <= (r["date"] or ""):
            latest[key] = r
    kept = [r for r in pages if r["capture_of"] is None or latest[r["capture_of"]] is r]
    skipped["superseded"] += len(pages) - len(kept)

    written: Dict[str, Dict[str, Any]] = {}
    failures = []
    for r in kept:
        if r["status"] == "failed":
            failures.append({"input": r["path"], "reason": r["reason"], "message": r["message"]})
        elif r["mirror_path"] in written:
            first = written[r["mirror_path"]]
            failures.append(
                {
                    "input": r["path"],
                    "reason": "duplicate",
                    "message": f"record at offset {r['offset']} ({r['uri']}): the same article "
                    f"({r['url']}) as {first['path']} at offset {first['offset']}, which comes first",
                }
            )
        else:
            written[r["mirror_path"]] = r
    return {
        "pages": len(kept),
        "written": written,
        "failures": failures,
        "skipped": {k: v for k, v in sorted(skipped.items()) if v},
    }


def run(warcs: List[str], out: Path, table: Path, workers: int = 2) -> Dict[str, Any]:
    """Converts `warcs` on a LocalCluster of `workers` processes; writes the tree under `out`
    and the articles to `table`; returns the counts."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    order = path_order(str(Path(w).resolve()) for w in warcs)
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster, Client(cluster):
        bag = db.from_sequence(order, npartitions=len(order)).map(convert_archive).flatten()
        results = bag.compute()
    return finish(results, order, out, table)


def finish(
    results: List[Dict[str, Any]], order: List[str], out: Path, table: Path
) -> Dict[str, Any]:
    """Applies mirror's rules to every record's result, writes the tree and the table, and
    returns the counts (also used by examples/spark_warc.py)."""
    decided = decide(results, order)
    rows = []
    for mirror_path, r in sorted(decided["written"].items()):
        write_atomic(out / mirror_path, r["output"])
        rows.append(
            {
                "url": r["url"],
                "title": r["title"],
                "mirror_path": mirror_path,
                "warc": os.path.basename(r["path"]),
                "offset": r["offset"],
                "date": r["date"],
            }
        )
    table.parent.mkdir(parents=True, exist_ok=True)
    with open(table, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return {
        "pages": decided["pages"],
        "converted": len(rows),
        "failed": len(decided["failures"]),
        "failures": decided["failures"],
        "skipped_records": decided["skipped"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warcs", nargs="+", help=".warc / .warc.gz files")
    parser.add_argument("--out", required=True, type=Path, help="the mirror tree to write")
    parser.add_argument("--table", required=True, type=Path, help="the JSON Lines table")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    summary = run(args.warcs, args.out, args.table, args.workers)
    for f in summary["failures"]:
        print(f"{f['input']}: {f['message']}", file=sys.stderr)
    print(json.dumps({k: v for k, v in summary.items() if k != "failures"}, indent=2))
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
