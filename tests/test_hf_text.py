from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import paperlist
from paperlist import Organization, ParseError, PartialDate
from paperlist.formats._cards import HEADER_LINES

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).parents[1] / "examples" / "daily-dump.txt"
ABSTRACT = (
    "An invented abstract with enough words to look like a paragraph. It has two sentences, "
    "and it is well over one hundred and fifty characters long so the shape rules see it."
)


def card(
    title: str, meta: str = "  \u2022 2 authors\n\u00b7\nMar 3, 2024", abstract: str = ABSTRACT
) -> str:
    return f"{title}\n\n{abstract}\n\n{meta}\n\n"


def test_example_dump() -> None:
    listing = paperlist.parse(EXAMPLE, reference_date="2024-03-14")
    assert listing.format == "hf-text"
    assert listing.page_date == PartialDate(2024, 3, 14)
    assert [p.title for p in listing.papers] == [
        "Folding Origami Proteins with Tiny Transformers",
        "Cats as Annotators: Label Noise from Unreliable Oracles",
        "A Lighthouse Keeper's Guide to Sparse Attention",
    ]
    first, second, third = listing.papers
    assert (first.author_count, first.published, first.comments) == (4, PartialDate(2024, 2, 2), 3)
    assert (second.author_count, second.published, second.comments) == (
        1,
        PartialDate(2024, 3, 10),
        0,
    )
    assert third.organization == Organization("example-lab", "Example Lab")
    assert third.author_count is None
    assert (third.published, third.comments) == (PartialDate(2023, 1, 28), 12)
    assert listing.problems == ()
    assert [(p.source.line, p.source.end_line) for p in listing.papers if p.source] == [
        (13, 19),
        (21, 27),
        (29, 35),
    ]


def test_yearless_without_reference_is_reported() -> None:
    listing = paperlist.parse(EXAMPLE)
    assert listing.page_date == PartialDate(None, 3, 14)
    assert listing.papers[1].published == PartialDate(None, 3, 10)
    assert [(p.kind, p.line) for p in listing.problems] == [
        ("yearless-date", 11),
        ("yearless-date", 27),
    ]
    assert listing.papers[1].problems == (listing.problems[1],)


def test_damaged_dump_reports_and_goes_on() -> None:
    listing = paperlist.parse(FIXTURES / "damaged.txt", reference_date=dt.date(2024, 1, 9))
    titles = [p.title for p in listing.papers]
    assert titles == [
        "Counting Sheep with Contrastive Dreams",
        "A Card Whose Metadata Was Lost",
        "Orphaned Title Without Abstract",
        "Well Formed Last Card",
    ]
    kinds = [(p.kind, p.line) for p in listing.problems]
    assert kinds == [
        ("impossible-date", 19),
        ("missing-metadata", 21),
        ("missing-abstract", 25),
        ("missing-title", 31),
    ]
    sheep, lost, orphan, last = listing.papers
    assert sheep.published is None
    assert sheep.author_count == 3
    assert lost.author_count is None
    assert lost.published is None
    assert lost.abstract
    # A title alone above a metadata block is a card without an abstract, not a lost one.
    assert orphan.abstract is None
    assert (orphan.author_count, orphan.published) == (7, PartialDate(2023, 12, 24))
    # The abstract that lost its title is quoted whole, not dropped and not given a title.
    missing = listing.problems[3]
    assert missing.text is not None
    assert missing.text.startswith("This abstract lost its title")
    assert last.organization == Organization("tiny-lab", "Tiny Lab")
    assert (last.published, last.comments) == (PartialDate(2023, 11, 3), 7)


def test_strict_raises_with_every_problem() -> None:
    with pytest.raises(ParseError) as info:
        paperlist.parse(FIXTURES / "damaged.txt", strict=True)
    lines = [e.line for e in info.value.exceptions]
    assert None not in lines
    assert len(info.value.exceptions) == len(paperlist.parse(FIXTURES / "damaged.txt").problems)


def test_strict_and_lenient_agree_on_clean_input() -> None:
    text = card("One Clean Card")
    assert paperlist.parse(text, strict=True) == paperlist.parse(text)


def test_concatenated_dumps() -> None:
    one = EXAMPLE.read_text(encoding="utf-8")
    listing = paperlist.parse(one + one, reference_date="2024-03-14")
    assert len(listing.papers) == 6
    assert listing.papers[:3] == listing.papers[3:]
    assert listing.problems == ()


def test_no_header_no_blank_line_at_end() -> None:
    listing = paperlist.parse(card("First") + card("Second").rstrip("\n"), format="hf-text")
    assert [p.title for p in listing.papers] == ["First", "Second"]
    assert listing.page_date is None


def test_crlf_nbsp_tabs() -> None:
    text = card(
        "Tabs\tand\u00a0Spaces", meta="\t\u2022\u00a05\u00a0authors\n\u00b7 \nOct\u00a012, 2021 4"
    )
    listing = paperlist.parse(text.replace("\n", "\r\n"))
    paper = listing.papers[0]
    assert paper.title == "Tabs and Spaces"
    assert (paper.author_count, paper.published, paper.comments) == (
        5,
        PartialDate(2021, 10, 12),
        4,
    )


def test_card_without_author_line() -> None:
    listing = paperlist.parse(card("No Authors", meta="\u00b7\nMay 4, 2022"))
    paper = listing.papers[0]
    assert paper.author_count is None
    assert paper.organization is None
    assert paper.published == PartialDate(2022, 5, 4)
    assert [(p.kind, p.line) for p in listing.problems] == [("missing-authors", 5)]


def test_metadata_without_date() -> None:
    listing = paperlist.parse(card("No Date", meta="  \u2022 2 authors\n\u00b7") + card("Next"))
    assert [p.title for p in listing.papers] == ["No Date", "Next"]
    assert listing.papers[0].author_count == 2
    assert [p.kind for p in listing.problems] == ["missing-date"]


def test_text_that_is_not_a_dump() -> None:
    # No separator, count or header: refused by detection, read only when asked for.
    assert paperlist.parse("just one line of text").papers == ()
    listing = paperlist.parse("just one line of text", format="hf-text")
    assert listing.format == "hf-text"
    # One line shows no card's evidence (no abstract, no metadata): quoted, no paper made.
    assert listing.papers == ()
    assert [(p.kind, p.text) for p in listing.problems] == [
        ("orphan-title", "just one line of text")
    ]


def test_header_lines_are_boilerplate_only() -> None:
    listing = paperlist.parse("\n\n".join(sorted(HEADER_LINES)) + "\n")
    assert listing.papers == ()
    assert listing.problems == ()


def test_markdown_notes_that_quote_card_lines_are_no_dump() -> None:
    # Notes describing the dump layout show its lines (`·`, `• N authors`) among markdown
    # headings and tables; their paragraphs are no cards.
    notes = (
        "# How our dumps look\n\nEach card is written as below, one part a line.\n\n"
        "| file | layout | cards |\n|---|---|---|\n| a.txt | spaced | 12 |\n\n"
        "<title>\n\n<abstract, one line>\n\n  \u2022 5 authors\n\u00b7\nOct 12, 2021\n\n"
        "## Notes\n\nThe date may carry no year when it falls in the current one.\n"
    )
    listing = paperlist.parse(notes)
    assert listing.format == "unknown"
    assert listing.papers == ()
    assert [p.kind for p in listing.problems] == ["unknown-format"]
