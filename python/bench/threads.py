#!/usr/bin/env python3
"""Two Python threads convert about twice as fast as one: the GIL is released while converting.

Usage:  python python/bench/threads.py [--rounds N]      (after `pip install ./python`)

Converts the project's fixture article pages (fixtures/epochtimes) N rounds over, on 1 and on 2
threads (a ThreadPoolExecutor), and prints pages per second and the speed-up. A benchmark, not a
test: the numbers depend on the machine and on what else runs on it; python/README.md logs them.
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import newsmirror

ROOT = Path(__file__).resolve().parents[2]


def pages() -> list[bytes]:
    found = []
    for path in sorted((ROOT / "fixtures" / "epochtimes").glob("*.html")):
        data = path.read_bytes()
        try:
            if newsmirror.extract(data) is not None:
                found.append(data)
        except newsmirror.NewsmirrorError:  # the page without a URL
            pass
    return found


def run(threads: int, work: list[bytes]) -> tuple[float, float]:
    """Pages per second converting `work` on `threads` threads, and the CPU time the process
    used per second of wall time (above 1.0 only if the threads really run at once)."""
    start, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for text in pool.map(newsmirror.convert, work, chunksize=8):
            assert text
    wall = time.perf_counter() - start
    return len(work) / wall, (time.process_time() - cpu) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per thread count")
    args = parser.parse_args()
    articles = pages()
    work = articles * args.rounds
    run(1, articles)  # warm-up
    print(f"newsmirror {newsmirror.__version__}: {len(work)} conversions of "
          f"{len(articles)} fixture articles, {os.cpu_count()} CPUs")
    best = {}
    for threads in (1, 2):
        best[threads], busy = max(run(threads, work) for _ in range(args.repeat))
        print(f"{threads} thread{'s' if threads > 1 else ''}: {best[threads]:8.1f} pages/s, "
              f"{busy:.2f} CPU-seconds per second")
    print(f"speed-up with 2 threads: {best[2] / best[1]:.2f}x")


if __name__ == "__main__":
    main()
