"""hf-html over the real daily page in ../shared/corpus (skipped where the corpus is absent)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

import paperlist
from paperlist.records import Paper, PartialDate

PAGE = "html/daily-2024-08-01.html"
FIELDS = ("arxiv_id", "title", "upvotes", "comments", "author_count", "submitted_by")
IDS = [
    "2407.21783", "2407.21705", "2407.21770", "2407.21646", "2407.21772", "2407.21630",
    "2407.21721", "2407.21530", "2407.20229", "2407.21781", "2407.21686", "2407.21475",
    "2404.01300",
]  # fmt: skip


@pytest.fixture(scope="module")
def page(corpus: Path) -> str:
    return (corpus / PAGE).read_text(encoding="utf-8")


def _facts(papers: tuple[Paper, ...]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(p, f) for f in FIELDS) for p in papers]


def _without_json(text: str) -> str:
    stripped, count = re.subn(r'(data-target="DailyPapers")\s+data-props="[^"]*"', r"\1", text)
    assert count == 1
    return stripped


def _without_classes(text: str) -> str:
    """Every class attribute removed, with lxml (the tree is re-serialized)."""
    root = html.fromstring(text)
    for element in root.iter():
        if isinstance(element.tag, str) and "class" in element.attrib:
            del element.attrib["class"]
    out: bytes = etree.tostring(root, encoding="utf-8", method="html")
    return out.decode("utf-8")


def test_daily_page(page: str) -> None:
    listing = paperlist.parse(page)
    assert listing.format == "hf-html"
    assert paperlist.detect(page) == "hf-html"
    assert listing.page_date == PartialDate(2024, 8, 1)
    assert [p.arxiv_id for p in listing.papers] == IDS
    first = listing.papers[0]
    assert first.title == "The Llama 3 Herd of Models"
    assert (first.upvotes, first.comments, first.author_count) == (94, 5, 533)
    assert len(first.authors) == 533
    assert all(a.name for a in first.authors)
    assert first.submitted_by == "akhaliq"
    assert first.published == PartialDate(2024, 7, 31)
    assert first.url == "https://huggingface.co/papers/2407.21783"
    # claimed authors keep their HF username apart from their name
    claimed = [a for a in first.authors if a.user]
    assert claimed
    assert all(a.user != a.name for a in claimed)
    for paper in listing.papers:
        assert paper.authors
        assert len(paper.authors) == paper.author_count
        assert paper.abstract
        assert paper.title
        assert paper.submitted_by
        assert paper.upvotes is not None
        assert paper.comments is not None
        assert paper.source is not None
        assert paper.source.line is not None
    # one author of 2407.21781 is hidden in the JSON and still counted
    humanoid = listing.papers[IDS.index("2407.21781")]
    assert sum(a.hidden for a in humanoid.authors) == 1
    # the markup and the hydration JSON agree on this page
    assert listing.problems == ()
    assert all(paper.problems == () for paper in listing.papers)


@pytest.mark.parametrize("strip", [_without_json, lambda t: _without_classes(_without_json(t))])
def test_daily_page_markup_alone(page: str, strip: Any) -> None:
    expected = _facts(paperlist.parse(page).papers)
    listing = paperlist.parse(strip(page))
    assert _facts(listing.papers) == expected
    assert listing.page_date == PartialDate(2024, 8, 1)
    assert all(p.authors == () for p in listing.papers)  # avatars are usernames, not names
    first = listing.papers[0]
    assert (first.arxiv_id, first.upvotes, first.comments, first.author_count) == (
        "2407.21783",
        94,
        5,
        533,
    )


def test_daily_page_as_bytes_and_crlf(page: str) -> None:
    expected = paperlist.parse(page).papers
    assert paperlist.parse(page.encode("utf-8")).papers == expected
    crlf = paperlist.parse(page.replace("\n", "\r\n"))
    assert crlf.papers == expected
    assert [p.source for p in crlf.papers] == [p.source for p in expected]


@pytest.mark.parametrize("fraction", [0.05, 0.25, 0.5, 0.75, 0.95])
def test_daily_page_cut_off(page: str, fraction: float) -> None:
    listing = paperlist.parse(page[: int(len(page) * fraction)], format="hf-html")
    assert "truncated" in [p.kind for p in listing.problems]
    assert [p.arxiv_id for p in listing.papers] == IDS[: len(listing.papers)]


def _props_span(text: str) -> tuple[int, int]:
    m = re.search(r'data-target="DailyPapers"\s+data-props="([^"]*)"', text)
    assert m is not None
    return m.span(1)


@pytest.mark.parametrize("fraction", [0.2, 0.6, 0.9, 0.99])
def test_daily_page_cut_inside_its_hydration_json(page: str, fraction: float) -> None:
    """A half-downloaded page: the complete items before the cut are read, as hf-json would."""
    start, end = _props_span(page)
    listing = paperlist.parse(page[: start + int((end - start) * fraction)])
    whole = {p.arxiv_id: p for p in paperlist.parse(page).papers}
    assert [p.arxiv_id for p in listing.papers] == IDS[: len(listing.papers)]
    for paper in listing.papers:
        assert paper == whole[paper.arxiv_id]  # every field, from the JSON
    if fraction >= 0.9:
        assert len(listing.papers) >= 9
    kinds = sorted(p.kind for p in listing.problems)
    assert kinds == ["bad-json", "truncated"]


def test_daily_page_with_oversized_hydration_json(page: str) -> None:
    """A data-props over the parser's size limit: the markup's 13 cards are still read."""
    start, _ = _props_span(page)
    big = page[:start] + "x" * 10_500_000 + page[start:]
    listing = paperlist.parse(big)
    assert _facts(listing.papers) == _facts(paperlist.parse(_without_json(page)).papers)
    assert [p.kind for p in listing.problems] == ["html-limit"]
