from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperlist.dates import (
    DateError,
    looks_like_date,
    normalize_date,
    parse_date,
    parse_date_uncached,
    resolve_year,
    split_date_and_count,
    with_reference,
)
from paperlist.records import PartialDate

from .strategies import partial_dates, written_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 12, 2021", "2021-10-12"),
        ("Apr 1", "--04-01"),
        ("Sept 3, 2024", "2024-09-03"),
        ("Sep 3, 2024", "2024-09-03"),
        ("3 Oct 2021", "2021-10-03"),
        ("2021-10-12", "2021-10-12"),
        ("October 12th, 2021", "2021-10-12"),
        ("oct 12,2021", "2021-10-12"),
        ("OCT  12 ,  2021", "2021-10-12"),
        ("Oct\u00a012, 2021", "2021-10-12"),
        ("  May 29  ", "--05-29"),
        ("Feb 29", "--02-29"),
        ("Feb 29, 2024", "2024-02-29"),
        ("2024-07-31T17:54:27.000Z", "2024-07-31"),
        ("Tuesday, March 5, 2024", "2024-03-05"),
        ("(Mar 8, 2024)", "2024-03-08"),
        ("12/03/2024", "2024-12-03"),
    ],
)
def test_forms(text: str, expected: str) -> None:
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Feb 30, 2024", "impossible-date"),
        ("Feb 29, 2023", "impossible-date"),
        ("Apr 31", "impossible-date"),
        ("2024-13-01", "impossible-date"),
        ("", "bad-date"),
        ("hello world", "bad-date"),
        ("12", "bad-date"),
        ("Tuesday", "bad-date"),
        ("May 2024", "bad-date"),
        ("Oct 7 3", "bad-date"),  # dateutil would read 2003; we never guess a century
        ("1/2/21", "bad-date"),
    ],
)
def test_not_dates(text: str, kind: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert info.value.kind == kind


def test_never_fills_from_today() -> None:
    # dateutil alone fills a missing year (and more) from today; we keep it missing.
    assert parse_date("Jun 6").year is None
    assert parse_date("6 June").year is None


@pytest.mark.parametrize(
    ("text", "date_text", "count"),
    [
        ("Jun 6, 2023 4", "Jun 6, 2023", 4),
        ("Oct 7 3", "Oct 7", 3),
        ("Oct 12, 2021", "Oct 12, 2021", None),
        ("3 Oct 2021", "3 Oct 2021", None),
        ("May 22 12", "May 22", 12),
    ],
)
def test_split_date_and_count(text: str, date_text: str, count: int | None) -> None:
    assert split_date_and_count(text) == (date_text, count)


def test_split_rejects_non_dates() -> None:
    with pytest.raises(DateError):
        split_date_and_count("Pointer Networks")


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (PartialDate(None, 4, 1), dt.date(2025, 11, 25), "2025-04-01"),
        (PartialDate(None, 11, 25), dt.date(2025, 11, 25), "2025-11-25"),
        (PartialDate(None, 11, 26), dt.date(2025, 11, 25), "2024-11-26"),
        (PartialDate(None, 12, 31), dt.date(2026, 1, 1), "2025-12-31"),
        (PartialDate(None, 2, 29), dt.date(2025, 3, 1), "2024-02-29"),
        (PartialDate(None, 2, 29), dt.date(2024, 2, 28), "2020-02-29"),
        (PartialDate(2019, 1, 1), dt.date(2025, 1, 1), "2019-01-01"),
    ],
)
def test_resolve_year(value: PartialDate, reference: dt.date, expected: str) -> None:
    assert resolve_year(value, reference).isoformat() == expected


def test_normalize_reports_yearless_without_reference() -> None:
    value, problems = normalize_date("Apr 1", None, line=7)
    assert value == PartialDate(None, 4, 1)
    assert [(p.kind, p.line, p.text) for p in problems] == [("yearless-date", 7, "Apr 1")]


def test_normalize_reports_impossible() -> None:
    value, problems = normalize_date("Feb 30, 2024", None, line=3)
    assert value is None
    assert problems[0].kind == "impossible-date"
    assert problems[0].text == "Feb 30, 2024"


@given(written_dates())
def test_written_forms_parse_to_their_value(case: tuple[str, PartialDate]) -> None:
    text, value = case
    assert parse_date_uncached(text) == value
    assert parse_date(text) == value


@given(partial_dates(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
def test_resolved_is_latest_on_or_before(value: PartialDate, reference: dt.date) -> None:
    resolved = resolve_year(value, reference)
    full = resolved.to_date()
    assert full is not None
    assert (full.month, full.day) == (value.month, value.day)
    if value.year is None:
        assert full <= reference
        # No later occurrence on or before the reference.
        for year in range(full.year + 1, reference.year + 1):
            try:
                later = dt.date(year, value.month, value.day)
            except ValueError:
                continue
            assert later > reference


@given(st.text())
def test_arbitrary_text_never_raises_anything_but_date_error(text: str) -> None:
    try:
        value = parse_date(text)
    except DateError:
        return
    assert 1 <= value.month <= 12


@given(st.text())
def test_normalize_never_raises(text: str) -> None:
    value, problems = normalize_date(text, dt.date(2025, 1, 1))
    assert (value is None) == bool(problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb 30, 2024", True),
        ("Oct 7 3", True),
        ("2024-13-45", True),
        ("31 Apr", True),
        ("3D Tiny Lighthouse", False),
        ("May the Force", False),
        ("Octopus 9 Arms", False),
        ("Title", False),
    ],
)
def test_looks_like_date(text: str, expected: bool) -> None:
    assert looks_like_date(text) is expected


@pytest.mark.parametrize(
    ("value", "reference"),
    [
        (PartialDate(None, 2, 29), dt.date(3, 12, 31)),
        (PartialDate(None, 2, 29), dt.date(4, 2, 28)),  # the day before the first Feb 29
        (PartialDate(None, 6, 1), dt.date(1, 5, 1)),
        (PartialDate(None, 1, 2), dt.date(1, 1, 1)),  # no year 0 to put it in
    ],
)
def test_no_occurrence_before_the_reference(value: PartialDate, reference: dt.date) -> None:
    # Found by a property test that hung: the search ran below year 1 for ever.
    with pytest.raises(DateError):
        resolve_year(value, reference)
    kept, problems = with_reference(value, "the date", reference, line=4)
    assert kept == value
    assert [(p.kind, p.line) for p in problems] == [("yearless-date", 4)]


def test_page_dates_are_read_as_utc_days() -> None:
    # HTML and JSON both call this: a timestamp with an offset is the UTC calendar day.
    from paperlist.dates import normalize_moment

    assert normalize_moment("2024-08-01T22:00:00-05:00", None)[0] == PartialDate(2024, 8, 2)
    assert normalize_moment("2024-08-01", None)[0] == PartialDate(2024, 8, 1)
    assert normalize_moment("Aug 1", dt.date(2024, 9, 1))[0] == PartialDate(2024, 8, 1)
