"""Coverage-guided fuzzing of one format's entry point (run by ``nox -s fuzz``).

    python fuzz/fuzz_parse.py FORMAT [libFuzzer flags, e.g. -max_total_time=60 SEEDS_DIR]

FORMAT ``auto`` fuzzes detection: every input goes to the format that scores it best (or is
refused as unknown).

Lenient parsing must never raise: any exception is a crash, and atheris stops and saves the
input that caused it (``crash-*``).  What it finds becomes a regression test.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import paperlist
    from paperlist import formats
    from paperlist.serialize import to_json

NAME = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "auto"
FORMAT = None if NAME == "auto" else NAME


def test_one_input(data: bytes) -> None:
    paperlist.parse(data, format=FORMAT)
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    listing = paperlist.parse(text, format=FORMAT)
    formats.scores(text[:8192])
    # Lone surrogates (issue 13): read as U+FFFD and reported; the output must always encode.
    with_surrogates = atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
    listing = paperlist.parse(with_surrogates, format=FORMAT)
    to_json(listing).encode("utf-8")
    # Damage to one line of a text dump (issue 13): lenient never raises, strict raises
    # exactly when lenient reports a problem.
    lines = text.split("\n")
    if lines:
        victim = len(data) % len(lines)
        lines[victim : victim + 1] = [lines[victim]] * (len(data) % 3)
        damaged = "\n".join(lines)
        problems = paperlist.parse(damaged, format=FORMAT).problems
        try:
            list(paperlist.iter_papers(damaged, format=FORMAT, strict=True))
        except (paperlist.ParseError, paperlist.UnknownFormatError):  # unknown: refused
            assert problems, "strict iter_papers raised without a lenient problem"
        else:
            assert not problems, "strict iter_papers missed a problem"


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
