from __future__ import annotations

import codecs
import contextlib
import gc
import io
import os
import pickle
import tracemalloc
from pathlib import Path

import pytest

import paperlist
from paperlist import ParseError, UnknownFormatError
from paperlist.render import iter_render

from .strategies import ABSTRACT_FOR_TESTS

EXAMPLE = Path(__file__).parents[1] / "examples" / "daily-dump.txt"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


class FakeResponse:
    """What Scrapy, httpx and requests responses have in common."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.url = "https://example.invalid/papers"


@pytest.mark.parametrize(
    "make",
    [
        lambda: example_text(),
        lambda: example_text().encode(),
        lambda: codecs.BOM_UTF8 + example_text().encode(),
        lambda: example_text().encode("utf-16"),
        lambda: example_text().replace("\n", "\r\n").encode(),
        lambda: EXAMPLE,
        lambda: io.BytesIO(example_text().encode()),
        lambda: io.StringIO(example_text()),
        lambda: FakeResponse(example_text()),
    ],
    ids=[
        "str",
        "bytes",
        "utf8-bom",
        "utf16",
        "crlf",
        "path",
        "binary-file",
        "text-file",
        "response",
    ],
)
def test_every_input_kind_gives_the_same_papers(make: object) -> None:
    expected = paperlist.parse(example_text(), reference_date="2024-03-14")
    listing = paperlist.parse(make(), reference_date="2024-03-14")  # type: ignore[operator]
    assert listing == expected
    assert len(listing.papers) == 3


def test_str_is_text_never_a_path() -> None:
    listing = paperlist.parse(str(EXAMPLE))
    # Not read as a one-line dump either: no paper, and a problem that says what to do instead.
    assert listing.papers == ()
    [problem] = listing.problems
    assert problem.kind == "path-as-text"
    assert "pathlib.Path(" in problem.message
    assert problem.text == str(EXAMPLE)
    # Text that names no file is text, as always: here one that no format recognizes.
    listing = paperlist.parse("No Such File Here.txt")
    assert listing.papers == ()
    assert [p.kind for p in listing.problems] == ["unknown-format"]


def test_cp1252_lines_are_read_and_reported() -> None:
    lines = example_text().replace("Keeper's", "Keeper\u2019s").encode().split(b"\n")
    lines[28] = lines[28].decode().encode("cp1252")  # one line saved in another encoding
    data = b"\n".join(lines)
    listing = paperlist.parse(data, reference_date="2024-03-14")
    assert listing.papers[2].title == "A Lighthouse Keeper\u2019s Guide to Sparse Attention"
    assert [(p.kind, p.line) for p in listing.problems] == [("encoding", 29)]


def test_unknown_format_names_known_ones() -> None:
    with pytest.raises(UnknownFormatError, match="hf-text") as info:
        paperlist.parse("x", format="no-such-format")
    assert isinstance(info.value, ValueError)
    assert "no-such-format" in str(info.value)


def test_missing_path_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        paperlist.parse(tmp_path / "absent.txt")
    with pytest.raises(FileNotFoundError):
        paperlist.iter_papers(tmp_path / "absent.txt")


def test_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="got int"):
        paperlist.parse(42)


def test_bad_reference_date() -> None:
    with pytest.raises(ValueError, match="reference_date"):
        paperlist.parse("x", reference_date="yesterday")


def test_detect() -> None:
    assert paperlist.detect(EXAMPLE) == "hf-text"
    assert paperlist.detect("") == "hf-text"


def test_iter_papers_strict_raises_at_first_problem() -> None:
    text = example_text().replace("Mar 10\n", "Mar 10, 2024\n").replace("Mar 14\n", "")
    papers = paperlist.iter_papers(text + "\nA Last Title\n", strict=True)
    titles = [next(papers).title, next(papers).title, next(papers).title]
    assert titles[0].startswith("Folding")
    with pytest.raises(ParseError) as info:
        next(papers)
    found = [(e.problem.kind, e.line) for e in info.value.exceptions]
    assert found == [("orphan-title", 36)]


def test_functions_pickle() -> None:
    # Users map parse over many files with process pools.
    assert pickle.loads(pickle.dumps(paperlist.parse)) is paperlist.parse
    listing = paperlist.parse(example_text())
    assert pickle.loads(pickle.dumps(listing)) == listing


def test_iter_papers_streams_in_bounded_memory(tmp_path: Path) -> None:
    paper = paperlist.Paper(
        "A Streamed Title",
        ABSTRACT_FOR_TESTS,
        author_count=3,
        published=paperlist.PartialDate(2024, 1, 2),
        comments=0,
    )
    path = tmp_path / "big.txt"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(iter_render([paper] * 20_000))
    size = path.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    count = sum(1 for _ in paperlist.iter_papers(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 20_000
    # Memory is bounded by the read size (256 KiB) and one card, not by the file.
    assert peak < size / 2


def test_bytes_in_memory_read_whole_or_streamed() -> None:
    from paperlist.document import HEAD_SIZE, load

    data = bytearray(("x" * 100 + "\n").encode() * (HEAD_SIZE // 50))
    whole = load(data)
    assert whole.text() == data.decode()
    streamed = load(data)
    assert list(streamed.lines()) == data.decode().splitlines()
    # Streamed, the document keeps no copy of the whole input once its lines are read.
    assert streamed._data is None
    with pytest.raises(RuntimeError, match="only once"):
        streamed.text()


def test_source_file_keeps_every_other_source_field() -> None:
    import datetime as dt

    import attrs

    from paperlist.api import _with_file

    source = paperlist.Source(
        "hf-json", 3, 9, index=2, offset=120, uri="https://example.invalid/a",
        fetched_at=dt.datetime(2025, 1, 2, tzinfo=dt.timezone.utc),
    )  # fmt: skip
    paper = _with_file(paperlist.Paper("A Title", source=source), "saved/a.json")
    assert paper.source is not None
    assert paper.source.file == "saved/a.json"
    assert attrs.evolve(paper.source, file=None) == source
    # Every field but file is copied: a field added to Source must be added to _with_file too.
    assert {f.name for f in attrs.fields(paperlist.Source)} == {
        "format", "line", "end_line", "index", "file", "offset", "uri", "fetched_at"
    }  # fmt: skip
    # A file the adapter named itself is kept.
    named = paperlist.Paper("T", source=attrs.evolve(source, file="inner.json"))
    assert _with_file(named, "outer.zip").source == named.source


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_opened_once_and_closed_even_unread(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    data = example_text().encode() * 100  # more than the detection head

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as out:
            out.write(data)  # (a reader that stops after the head closes the pipe early)

    for consume in (True, False):
        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        if consume:
            listing = paperlist.parse(fifo)  # reopening it would block or fail: read once
            assert len(listing.papers) == 300
            assert {p.source.file for p in listing.papers if p.source} == {str(fifo)}
        else:
            assert paperlist.detect(fifo) == "hf-text"  # no ResourceWarning for the open pipe
            gc.collect()
        thread.join(timeout=30)
