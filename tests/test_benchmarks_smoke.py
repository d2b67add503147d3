"""Each benchmark runs at a tiny size and yields a ratio; speed itself is measured by ``nox -s
bench``, never asserted in tests.

The peers (bs4, huggingface_hub) are test dependencies (noxfile ``TEST_DEPS`` + ``BENCH_DEPS``):
a missing one fails here rather than skipping, so these tests cannot quietly stop running.
"""

from __future__ import annotations

import math

import pytest
from benchmarks import bench

TINY = bench.Sizes(text_mb=0.05, stream_mb=0.2, repeat=1, html_copies=1, dates=200)


@pytest.mark.parametrize("name", list(bench.BENCHMARKS))
def test_benchmark_gives_a_ratio(name: str) -> None:
    rows = bench.BENCHMARKS[name](TINY)
    assert rows
    for row in rows:
        assert math.isfinite(row.ratio)
        assert row.ratio >= 0
    assert bench.table(rows).count("\n") == len(rows) + 1


def test_dump_is_parsed_back_whole() -> None:
    import paperlist

    text = "".join(bench.dump_chunks(0.02))
    listing = paperlist.parse(text)
    assert listing.papers
    assert not [p for p in listing.problems if p.kind != "yearless-date"]
