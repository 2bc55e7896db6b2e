#!/usr/bin/env python3
"""Mirror web archives on PySpark (`local[2]`), in the pattern of Common Crawl's cc-pyspark:
the WARC paths are parallelized and each partition's records go through `newsmirror.iter_warc`
in `mapPartitions`.

Usage:
    pip install ./python pyspark          # and a Java runtime (17 or later for Spark 4)
    python examples/spark_warc.py --out mirror/ --table articles.jsonl fixtures/warc/*.warc*

The results are decided and written as in examples/dask_warc.py (whose `finish` this uses):
the tree is the one `newsmirror mirror` writes for the same files.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List

HERE = Path(__file__).resolve().parent


def _rules():
    """examples/dask_warc.py, for its path order and `finish` (run here, on the driver)."""
    spec = importlib.util.spec_from_file_location("dask_warc", HERE / "dask_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def process_partition(paths: Iterable[str]) -> Iterator[Dict[str, Any]]:
    """Runs on an executor: every record of the partition's archives, as plain dicts."""
    import newsmirror

    fields = ["path", "offset", "uri", "date", "status", "reason", "message", "capture_of",
              "url", "title", "mirror_path", "output"]
    for path in paths:
        for r in newsmirror.iter_warc(path):
            yield {name: getattr(r, name) for name in fields}


def run(warcs: List[str], out: Path, table: Path, cores: int = 2) -> Dict[str, Any]:
    from pyspark.sql import SparkSession

    rules = _rules()
    order = rules.path_order(str(Path(w).resolve()) for w in warcs)
    # The executors' Python is this one (where newsmirror is installed), not the first
    # `python3` on the PATH; everything listens on the loopback interface only.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("newsmirror-warc")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    try:
        results = (
            spark.sparkContext.parallelize(order, len(order))
            .mapPartitions(process_partition)
            .collect()
        )
    finally:
        spark.stop()
    return rules.finish(results, order, out, table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warcs", nargs="+", help=".warc / .warc.gz files")
    parser.add_argument("--out", required=True, type=Path, help="the mirror tree to write")
    parser.add_argument("--table", required=True, type=Path, help="the JSON Lines table")
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    summary = run(args.warcs, args.out, args.table, args.cores)
    for f in summary["failures"]:
        print(f"{f['input']}: {f['message']}", file=sys.stderr)
    print(json.dumps({k: v for k, v in summary.items() if k != "failures"}, indent=2))
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
