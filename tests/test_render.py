"""Round trips through render: parse(render(papers)) gives the papers back."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import paperlist
from paperlist import Paper, PartialDate
from paperlist.render import format_date, render

from .accounting import unaccounted
from .strategies import ABSTRACT_FOR_TESTS, dump_papers, partial_dates


@given(st.lists(dump_papers(), max_size=6), st.one_of(st.none(), partial_dates()))
def test_spaced_round_trip(papers: list[Paper], page_date: PartialDate | None) -> None:
    text = render(papers, "hf-text", page_date=page_date)
    listing = paperlist.parse(text, format="hf-text")
    assert listing.papers == tuple(papers)
    assert listing.page_date == page_date
    assert {p.kind for p in listing.problems} <= {"yearless-date"}
    assert unaccounted(text, "hf-text") == []


@given(st.lists(dump_papers(), min_size=1, max_size=6))
def test_spaced_round_trip_is_detected(papers: list[Paper]) -> None:
    assert paperlist.parse(render(papers)).papers == tuple(papers)


@given(st.lists(dump_papers(flat=True), min_size=1, max_size=8))
def test_flat_round_trip(papers: list[Paper]) -> None:
    text = render(papers, "hf-flat")
    listing = paperlist.parse(text)
    assert listing.format == "hf-flat"
    assert listing.papers == tuple(papers)
    assert listing.problems == ()
    assert unaccounted(text, "hf-flat") == []


@given(st.lists(dump_papers(), max_size=4), st.lists(dump_papers(), max_size=4))
def test_concatenated_dumps_give_both_in_order(first: list[Paper], second: list[Paper]) -> None:
    text = render(first) + render(second)
    assert paperlist.parse(text, format="hf-text").papers == tuple(first + second)


@given(st.lists(dump_papers(), max_size=4))
def test_render_is_stable(papers: list[Paper]) -> None:
    once = render(papers)
    again = render(paperlist.parse(once, format="hf-text").papers)
    assert again == once


# 0004-02-29 is the first day on or before which every month and day has occurred (the first
# Feb 29; there is no year 0): an earlier reference cannot resolve every yearless date, and says
# so with a yearless-date problem (tests/test_dates.py::test_no_occurrence_before_the_reference).
FIRST_RESOLVING_REFERENCE = dt.date(4, 2, 29)
_LEAP_AND_YEAR_END = [
    Paper("Leap Day Card", ABSTRACT_FOR_TESTS, author_count=2, published=PartialDate(None, 2, 29)),
    Paper("Year End Card", ABSTRACT_FOR_TESTS, author_count=1, published=PartialDate(None, 12, 31)),
]


@given(
    st.lists(dump_papers(), min_size=1, max_size=4),
    st.dates(min_value=FIRST_RESOLVING_REFERENCE),
)
@example(_LEAP_AND_YEAR_END, FIRST_RESOLVING_REFERENCE)
def test_reference_date_resolves_every_yearless_date(papers: list[Paper], ref: object) -> None:
    listing = paperlist.parse(render(papers), format="hf-text", reference_date=ref)  # type: ignore[arg-type]
    assert all(p.published is None or p.published.year is not None for p in listing.papers)
    assert listing.problems == ()


@pytest.mark.parametrize(
    ("value", "text"),
    [(PartialDate(2021, 10, 12), "Oct 12, 2021"), (PartialDate(None, 4, 1), "Apr 1")],
)
def test_format_date(value: PartialDate, text: str) -> None:
    assert format_date(value) == text


def test_unknown_render_format() -> None:
    with pytest.raises(ValueError, match="hf-flat"):
        render([], "hf-html")
