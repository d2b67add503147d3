"""Regression tests for issue 13: damage never invents or hides a paper, lenient never raises."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import paperlist
from paperlist import Paper, ParseError, Problem, formats
from paperlist.serialize import to_json, to_jsonl

ABSTRACT = (
    "We invent a method for this test and show that it works on data we also invent. "
    "The results hold across every setting we tried, which is all of them."
)


def card(title: str, count: str = "  \u2022 5 authors", date: str = "Oct 12, 2021") -> list[str]:
    return [title, "", ABSTRACT, "", count, "\u00b7", date, ""]


def dump(*cards: list[str]) -> str:
    return "\n".join(line for c in cards for line in c) + "\n"


@pytest.mark.parametrize(
    "count", ["  \u2022 5 autors", "  \u2022 five authors", "  \u2022 " + "9" * 5000 + " authors"]
)
def test_garbled_author_line_stays_in_its_card(count: str) -> None:
    listing = paperlist.parse(dump(card("Alpha Title"), card("Beta Title", count=count)))
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    beta = listing.papers[1]
    assert beta.abstract == ABSTRACT
    assert beta.author_count is None
    assert str(beta.published) == "2021-10-12"
    assert [(p.kind, p.text) for p in listing.problems] == [("bad-author-count", count.strip())]


def test_garbled_date_stays_in_its_card() -> None:
    listing = paperlist.parse(dump(card("Alpha Title", date="Oct 1x, 2021"), card("Beta Title")))
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    assert listing.papers[0].author_count == 5
    assert [p.kind for p in listing.problems] == ["bad-date"]


@pytest.mark.parametrize("line", [4, 5])  # the count line, the separator
def test_duplicated_metadata_line(line: int) -> None:
    lines = dump(card("Alpha Title"), card("Beta Title")).split("\n")
    lines.insert(line + 1, lines[line])
    listing = paperlist.parse("\n".join(lines))
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    assert listing.papers[0].author_count == 5
    assert [p.kind for p in listing.problems] == ["duplicate-line"]


def test_duplicated_date_line_is_quoted_not_a_paper() -> None:
    lines = dump(card("Alpha Title"), card("Beta Title")).split("\n")
    lines.insert(7, lines[6])
    listing = paperlist.parse("\n".join(lines))
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    assert listing.problems[0].kind == "orphan-metadata"
    assert listing.problems[0].text == "Oct 12, 2021"


def test_bullet_for_separator_and_blank_line_inside_metadata() -> None:
    text = dump(card("Alpha Title"), card("Beta Title")).replace("\u00b7", "\u2022", 1)
    text = text.replace("  \u2022 5 authors\n", "  \u2022 5 authors\n\n", 1)
    listing = paperlist.parse(text)
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    assert listing.papers[0].published == listing.papers[1].published
    assert [p.kind for p in listing.problems] == ["bad-separator"]


def test_deleted_separator_of_an_organization_card() -> None:
    org = card("Beta Title", count="tiny-lab Tiny Lab")
    org.remove("\u00b7")
    listing = paperlist.parse(dump(card("Alpha Title"), org))
    assert [p.title for p in listing.papers] == ["Alpha Title", "Beta Title"]
    assert listing.papers[1].organization is not None


def test_problems_once() -> None:
    listing = paperlist.parse(dump(card("Alpha Title", date="Oct 1x, 2021")))
    assert len(listing.problems) == 1
    assert listing.papers[0].problems == listing.problems


class _BothWays:
    """An older plug-in: yields a paper's problems as events as well as on the paper."""

    name = "both-ways"
    summary = "test adapter"

    def score(self, head: str) -> float:
        return 0.0

    def parse(self, document: object, options: object) -> Iterator[object]:
        lost = Problem("orphan-title", "a line of no card", 1, "x")
        own = [Problem("bad-date", "no date", 3, "Oct 1x"), Problem("bad-date", "no date", 3, "y")]
        yield lost
        yield Paper("A", problems=own)
        yield from own
        yield Problem("bad-date", "no date", 3, "Oct 1x")  # a second, distinct report


def test_problems_once_when_an_adapter_yields_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(formats.registry()._loaded, "both-ways", _BothWays())
    listing = paperlist.parse("x", format="both-ways")
    assert [(p.line, p.text) for p in listing.problems] == [
        (1, "x"),
        (3, "Oct 1x"),
        (3, "y"),
        (3, "Oct 1x"),
    ]


def test_iter_papers_strict_raises_on_a_trailing_decoding_problem() -> None:
    with pytest.raises(ParseError):
        paperlist.parse(b"\xa0\n", format="hf-text", strict=True)
    with pytest.raises(ParseError):
        list(paperlist.iter_papers(b"\xa0\n", format="hf-text", strict=True))


def test_utf16_without_bom_is_decoded() -> None:
    text = dump(card("Alpha Title"))
    for encoding in ("utf-16-le", "utf-16-be"):
        listing = paperlist.parse(text.encode(encoding))
        assert [p.title for p in listing.papers] == ["Alpha Title"]
        assert [p.kind for p in listing.problems] == ["encoding"]


def _items(*titles: str) -> list[dict[str, object]]:
    return [{"paper": {"id": f"2401.0000{i}", "title": t}} for i, t in enumerate(titles)]


def test_lone_surrogate_is_replaced_and_output_never_fails() -> None:
    text = '[{"paper": {"id": "1", "title": "A \\ud83d"}}, {"paper": {"id": "2", "title": "B"}}]'
    listing = paperlist.parse(text)
    assert [p.title for p in listing.papers] == ["A \ufffd", "B"]
    assert [p.kind for p in listing.problems] == ["lone-surrogate"]
    to_json(listing).encode("utf-8")
    surrogate = paperlist.parse(dump(card("A \ud83d")))
    to_json(surrogate).encode("utf-8")
    "".join(to_jsonl(surrogate.papers)).encode("utf-8")


def test_huge_integer_is_a_bad_field() -> None:
    text = '[{"paper": {"id": "1", "title": "A", "upvotes": ' + "9" * 5000 + "}}]"
    listing = paperlist.parse(text)
    assert [p.title for p in listing.papers] == ["A"]
    assert [p.kind for p in listing.problems] == ["bad-field"]


def test_lost_closing_brace_does_not_take_the_neighbour() -> None:
    text = json.dumps(_items("A", "B", "C", "D"), indent=2).split("\n")
    # Item B (index 1) loses its closing brace; item C (index 2) loses its paper's too.
    closing = [i for i, line in enumerate(text) if line == "  },"]
    del text[closing[2]]
    del text[closing[1]]
    listing = paperlist.parse("\n".join(text))
    assert [(p.title, p.source and p.source.index) for p in listing.papers] == [("A", 0), ("D", 3)]
    assert [p.message.split(" is ")[0] for p in listing.problems] == ["item 1", "item 2"]


def test_lost_brace_of_an_item_keeps_the_next() -> None:
    text = json.dumps(_items("A", "B", "C"), indent=2).split("\n")
    del text[next(i for i, line in enumerate(text) if line == "  },")]
    listing = paperlist.parse("\n".join(text))
    assert [(p.title, p.source and p.source.index) for p in listing.papers] == [("B", 1), ("C", 2)]
    assert [p.kind for p in listing.problems] == ["bad-json"]
