"""The real text dumps in ../shared/corpus/text (skipped where the corpus is absent)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import attrs
import pytest

import paperlist
from paperlist import Organization, PartialDate

from ..accounting import unaccounted

FILES = {
    "000_9055317b84f6e392.txt": ("hf-text", 67, PartialDate(2025, 11, 25)),
    "001_0bc4ac01423484b3.txt": ("hf-text", 52, PartialDate(2025, 11, 3)),
    "002_7f031c19c05d826f.txt": ("hf-flat", 220, None),
    "003_a6f8a51f0ff1a67b.txt": ("hf-text", 63, PartialDate(2025, 10, 31)),
}


def path(corpus: Path, name: str) -> Path:
    return corpus / "text" / name


@pytest.mark.parametrize("name", sorted(FILES))
def test_counts_format_and_page_date(corpus: Path, name: str) -> None:
    fmt, count, page_date = FILES[name]
    source = path(corpus, name)
    assert paperlist.detect(source) == fmt
    listing = paperlist.parse(source, reference_date="2025-11-25")
    assert listing.format == fmt
    assert len(listing.papers) == count
    assert listing.page_date == page_date
    assert all(p.title and p.abstract for p in listing.papers)


@pytest.mark.parametrize("end", [b"\r\n", b"\r"], ids=["crlf", "cr-only"])
@pytest.mark.parametrize("name", sorted(FILES))
def test_other_line_ends_are_detected_and_read_alike(corpus: Path, name: str, end: bytes) -> None:
    # Detection splits the head at LF: a CR-only save was taken for a rendered page.
    data = path(corpus, name).read_bytes()
    fmt = FILES[name][0]
    assert paperlist.detect(data.replace(b"\n", end)) == fmt
    listing = paperlist.parse(data.replace(b"\n", end), reference_date="2025-11-25")
    assert listing.papers == paperlist.parse(data, reference_date="2025-11-25").papers


@pytest.mark.parametrize("name", sorted(FILES))
def test_nothing_lost(corpus: Path, name: str) -> None:
    fmt = FILES[name][0]
    text = path(corpus, name).read_text(encoding="utf-8")
    assert unaccounted(text, fmt) == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_streaming_equals_whole(corpus: Path, name: str) -> None:
    source = path(corpus, name)
    whole = paperlist.parse(source.read_text(encoding="utf-8"), reference_date="2025-11-25")
    streamed = list(paperlist.iter_papers(source, reference_date="2025-11-25"))
    assert tuple(streamed) == whole.papers
    # The same places, and the streamed papers (read from a path) name their file.
    assert [attrs.evolve(p.source, file=None) for p in streamed if p.source] == [
        p.source for p in whole.papers
    ]
    assert {p.source.file for p in streamed if p.source} == {str(source)}


def test_000_fields(corpus: Path) -> None:
    listing = paperlist.parse(path(corpus, "000_9055317b84f6e392.txt"), reference_date="2025-11-25")
    papers = listing.papers
    first = papers[0]
    assert first.title == "Rethinking Supervised Pre-training for Better Downstream Transferring"
    assert (first.author_count, first.published, first.comments) == (
        5,
        PartialDate(2021, 10, 12),
        0,
    )
    assert first.abstract is not None
    assert hashlib.sha256(first.abstract.encode()).hexdigest()[:16] == "dcf90e6f00404d40"
    orgs = [p.organization for p in papers if p.organization is not None]
    assert len(orgs) == 5
    assert Organization("apple", "Apple") in orgs
    assert {o.id for o in orgs} >= {"apple", "google", "kyutai", "inclusionAI"}
    assert all(p.author_count is None for p in papers if p.organization is not None)
    assert sum(1 for p in papers if p.author_count is not None) == 62
    # "Apr 1" resolves against the reference date; without one it stays yearless, reported.
    apr = [p for p in papers if p.title.startswith("Follow the Flow")]
    assert apr[0].published == PartialDate(2025, 4, 1)
    bare = paperlist.parse(path(corpus, "000_9055317b84f6e392.txt"))
    apr_bare = next(p for p in bare.papers if p.title.startswith("Follow the Flow"))
    assert apr_bare.published == PartialDate(None, 4, 1)
    assert any(p.kind == "yearless-date" for p in apr_bare.problems)
    by_comments = Counter(p.comments for p in papers)
    assert by_comments[0] == 67 - sum(n for c, n in by_comments.items() if c)
    apple = next(p for p in papers if p.organization == Organization("apple", "Apple"))
    assert (apple.published, apple.comments) == (PartialDate(2025, 3, 11), 1)


def test_001_fields(corpus: Path) -> None:
    listing = paperlist.parse(path(corpus, "001_0bc4ac01423484b3.txt"), reference_date="2025-11-03")
    assert listing.problems == ()
    with_comments = [p for p in listing.papers if p.comments]
    assert len(with_comments) == 5
    assert all(p.author_count for p in listing.papers)
    assert all(p.published and p.published.year for p in listing.papers)


def test_002_flat(corpus: Path) -> None:
    listing = paperlist.parse(path(corpus, "002_7f031c19c05d826f.txt"))
    first = listing.papers[0]
    assert first.title.startswith("Dual Process Learning: Controlling Use of In-Context")
    assert not any(p.title.startswith("Subscribe") for p in listing.papers)
    assert listing.problems == ()
    last = listing.papers[-1]
    assert last.title == "Cross-modal Information Flow in Multimodal Large Language Models"
    # Abstracts are kept verbatim (whitespace aside): a digest of the last one's text.
    assert last.abstract is not None
    assert hashlib.sha256(last.abstract.encode()).hexdigest()[:16] == "e1593f9fc2d9e001"


def test_003_card_without_metadata(corpus: Path) -> None:
    listing = paperlist.parse(path(corpus, "003_a6f8a51f0ff1a67b.txt"), reference_date="2025-10-31")
    missing = [p for p in listing.papers if p.published is None]
    assert len(missing) == 1
    assert missing[0].title.startswith("Bridging Reasoning to Learning")
    assert missing[0].abstract
    assert [p.kind for p in listing.problems] == ["missing-metadata"]
    assert missing[0].source is not None
    assert listing.problems[0].line == missing[0].source.line
    symbolic = next(p for p in listing.papers if p.title == "Symbolic Synthesis of Neural Networks")
    assert (symbolic.author_count, symbolic.published) == (1, PartialDate(2023, 3, 6))


def test_texts_keep_their_flaws(corpus: Path) -> None:
    # "x2013" and lost LaTeX backslashes stay as the page had them: no silent repairs.
    raw = "\n".join(path(corpus, name).read_text(encoding="utf-8") for name in sorted(FILES))
    papers = [p for name in sorted(FILES) for p in paperlist.parse(path(corpus, name)).papers]
    for marker in ("x2013", "rightarrow", "\\%"):
        in_raw = raw.count(marker)
        in_out = sum((p.abstract or "").count(marker) + p.title.count(marker) for p in papers)
        assert in_out == in_raw
