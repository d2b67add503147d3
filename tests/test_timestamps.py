"""``dates.parse_timestamp`` and ``dates.utc_date``: API timestamps to aware UTC values."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperlist.dates import DateError, parse_timestamp, utc_date
from paperlist.records import PartialDate

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-31T17:54:27.000Z", dt.datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
        ("2024-08-01T01:21:47.935Z", dt.datetime(2024, 8, 1, 1, 21, 47, 935000, tzinfo=UTC)),
        ("2026-08-20T00:00:00.000Z", dt.datetime(2026, 8, 20, tzinfo=UTC)),
        ("2026-08-20", dt.datetime(2026, 8, 20, tzinfo=UTC)),
        ("2024-07-31 17:54", dt.datetime(2024, 7, 31, 17, 54, tzinfo=UTC)),
        ("2024-07-31T23:30:00-02:00", dt.datetime(2024, 8, 1, 1, 30, tzinfo=UTC)),
        ("2024-07-31T01:30:00+0530", dt.datetime(2024, 7, 30, 20, 0, tzinfo=UTC)),
        (
            "2024-07-31T17:54:27.123456789Z",
            dt.datetime(2024, 7, 31, 17, 54, 27, 123456, tzinfo=UTC),
        ),
        (" 2024-07-31t17:54:27z ", dt.datetime(2024, 7, 31, 17, 54, 27, tzinfo=UTC)),
    ],
)
def test_forms(text: str, expected: dt.datetime) -> None:
    value = parse_timestamp(text)
    assert value == expected
    assert value.tzinfo == UTC


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "bad-date"),
        ("yesterday", "bad-date"),
        ("Oct 12, 2021", "bad-date"),
        ("2024-07-31T17", "bad-date"),
        ("٢٠٢٤-07-31", "bad-date"),  # non-ASCII digits are not a timestamp
        ("2024-02-30T00:00:00Z", "impossible-date"),
        ("2024-07-31T24:00:00Z", "impossible-date"),
        ("2024-07-31T10:00:00+25:00", "impossible-date"),
        ("0000-01-01T00:00:00Z", "impossible-date"),
        ("0001-01-01T00:00:00+01:00", "impossible-date"),
    ],
)
def test_rejects(text: str, kind: str) -> None:
    with pytest.raises(DateError) as info:
        parse_timestamp(text)
    assert info.value.kind == kind


def test_utc_date() -> None:
    late = dt.datetime(2024, 7, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-2)))
    assert utc_date(late) == PartialDate(2024, 8, 1)
    assert utc_date(dt.datetime(2024, 7, 31, 23, 30)) == PartialDate(2024, 7, 31)


@given(st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_isoformat_round_trip(moment: dt.datetime) -> None:
    assert parse_timestamp(moment.isoformat()) == moment
    assert parse_timestamp(moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")) == moment
