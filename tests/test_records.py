from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperlist import Author, Listing, Organization, Paper, PartialDate, Problem, Source
from paperlist.serialize import from_dict, listing_to_dict, make_converter, to_dict, to_json

from .strategies import papers, partial_dates


def test_partial_date_iso() -> None:
    assert PartialDate(2021, 10, 12).isoformat() == "2021-10-12"
    assert PartialDate(None, 4, 1).isoformat() == "--04-01"
    assert PartialDate.fromisoformat("--02-29") == PartialDate(None, 2, 29)
    assert PartialDate(None, 4, 1).to_date() is None
    assert PartialDate(2024, 2, 29).to_date() == dt.date(2024, 2, 29)


@pytest.mark.parametrize("args", [(2023, 2, 29), (None, 2, 30), (2024, 13, 1), (0, 1, 1)])
def test_partial_date_rejects_impossible(args: tuple[int | None, int, int]) -> None:
    with pytest.raises(ValueError):
        PartialDate(*args)


@pytest.mark.parametrize("text", ["2024-1-1", "04-01", "--4-01", "", "2024-02-30"])
def test_partial_date_rejects_bad_iso(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.fromisoformat(text)


@given(partial_dates())
def test_partial_date_iso_round_trip(value: PartialDate) -> None:
    assert PartialDate.fromisoformat(value.isoformat()) == value


def test_records_are_frozen() -> None:
    paper = Paper("T")
    with pytest.raises(AttributeError):
        paper.title = "U"  # type: ignore[misc]


def test_paper_equality_ignores_where_it_was_read() -> None:
    a = Paper("T", source=Source("hf-text", 1, 2))
    b = Paper("T", source=Source("hf-json", index=0))
    assert a == b


def test_json_shape() -> None:
    paper = Paper(
        "T",
        authors=[Author("Ada", user="ada"), Author("Hidden One", hidden=True)],
        author_count=2,
        organization=Organization("apple", "Apple"),
        published=PartialDate(None, 4, 1),
        submitted_at=dt.datetime(2024, 8, 1, 1, 21, 47, tzinfo=dt.timezone.utc),
        ai_keywords=["a", "b"],
        extra={"paper": {"newKey": [1, 2]}},
        source=Source("hf-text", 3, 9),
        problems=[Problem("yearless-date", "no year", 9, "Apr 1")],
    )
    data = json.loads(json.dumps(to_dict(paper)))
    assert data["published"] == "--04-01"
    assert data["submitted_at"] == "2024-08-01T01:21:47Z"
    assert data["authors"] == [
        {"name": "Ada", "user": "ada", "hidden": False},
        {"name": "Hidden One", "user": None, "hidden": True},
    ]
    assert data["organization"] == {"id": "apple", "name": "Apple"}
    assert data["source"] == {
        "format": "hf-text",
        "line": 3,
        "end_line": 9,
        "index": None,
        "file": None,
        "offset": None,
        "uri": None,
        "fetched_at": None,
    }
    assert data["problems"] == [
        {"kind": "yearless-date", "message": "no year", "line": 9, "text": "Apr 1"}
    ]
    assert data["extra"] == {"paper": {"newKey": [1, 2]}}
    assert list(data)[:12] == [
        "title",
        "abstract",
        "arxiv_id",
        "url",
        "authors",
        "author_count",
        "organization",
        "published",
        "upvotes",
        "comments",
        "submitted_by",
        "submitted_at",
    ]


@given(papers())
def test_converter_round_trip(paper: Paper) -> None:
    data = to_dict(paper)
    back = from_dict(json.loads(json.dumps(data)), Paper)
    assert back == paper
    assert back.source == paper.source
    assert back.problems == paper.problems


def test_make_converter_gives_independent_converters() -> None:
    one, two = make_converter(), make_converter()
    one.register_unstructure_hook(PartialDate, lambda d: "changed")
    assert two.unstructure(PartialDate(2020, 1, 1)) == "2020-01-01"
    assert to_dict(PartialDate(2020, 1, 1)) == "2020-01-01"


def test_listing_json() -> None:
    listing = Listing((Paper("T"),), "hf-text", PartialDate(None, 11, 25), (Problem("k", "m"),))
    data = listing_to_dict(listing)
    assert list(data) == ["format", "page_date", "papers", "problems"]
    assert data["page_date"] == "--11-25"
    assert json.loads(to_json(listing)) == data


def test_partial_dates_sort_as_their_iso_strings() -> None:
    # A yearless date among dated ones used to make sorted() raise TypeError.
    dates = [PartialDate(2024, 1, 1), PartialDate(None, 1, 2), PartialDate(2023, 5, 5)]
    assert [d.isoformat() for d in sorted(dates)] == sorted(d.isoformat() for d in dates)
    assert PartialDate(2024, 1, 1) <= PartialDate(2024, 1, 1)


def test_parse_error_keeps_one_set_of_sub_exceptions() -> None:
    from paperlist import ParseError

    error = ParseError("2 problems", [Problem("a", "m", 1), Problem("b", "n", 2)])
    assert error.args[1][0] is error.exceptions[0]
    assert [e.line for e in error.exceptions] == [1, 2]


@given(st.lists(partial_dates(), max_size=8))
def test_partial_date_order_is_the_iso_order(dates: list[PartialDate]) -> None:
    """attrs' order (a yearless date's year counts as -1) is the order of the ISO strings."""
    assert [d.isoformat() for d in sorted(dates)] == sorted(d.isoformat() for d in dates)
    for a, b in itertools.pairwise(dates):
        assert (a < b) == (a.isoformat() < b.isoformat())
        assert (a == b) == (a.isoformat() == b.isoformat())


def test_partial_date_does_not_order_against_other_types() -> None:
    with pytest.raises(TypeError):
        _ = PartialDate(2024, 1, 1) < "2024-01-02"  # type: ignore[operator]
