"""Coverage-guided fuzzing of one format's entry point (run by ``nox -s fuzz``).

    python fuzz/fuzz_parse.py FORMAT [libFuzzer flags, e.g. -max_total_time=60 SEEDS_DIR]

Lenient parsing must never raise: any exception is a crash, and atheris stops and saves the
input that caused it (``crash-*``).  What it finds becomes a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import paperlist
    from paperlist import formats

FORMAT = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None


def test_one_input(data: bytes) -> None:
    paperlist.parse(data, format=FORMAT)
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    paperlist.parse(text, format=FORMAT)
    formats.scores(text[:8192])


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
