"""Messy dates into :class:`~paperlist.records.PartialDate`.

Hugging Face writes ``Oct 12, 2021``, and ``Apr 1`` for a date in the page's current year.  Those
forms (and ISO dates) take a compiled-pattern fast path; everything else people paste goes through
python-dateutil, which is parsed twice with two different defaults so that no part of the result can
silently come from *today* or from a default: a part that changes between the two parses was not
in the text.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import NamedTuple

from .records import PartialDate, Problem

__all__ = [
    "MONTH_NAMES",
    "DateError",
    "DateLine",
    "looks_like_date",
    "normalize_date",
    "normalize_moment",
    "parse_date",
    "parse_date_uncached",
    "parse_timestamp",
    "read_date_line",
    "resolve_year",
    "split_date_and_count",
    "utc_date",
    "with_reference",
]

#: The months' English names: the one table for reading dates here and writing them in render.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Lowercase name -> number: every full name, its three-letter form, and "sept".
_MONTHS = {
    name: number
    for number, full in enumerate(MONTH_NAMES, start=1)
    for name in (full.lower(), full[:3].lower())
} | {"sept": 9}
# "Oct 12, 2021", "oct 12,2021", "Sept. 3 2024", "October 12th, 2021", "Apr 1"
_MONTH_FIRST = re.compile(
    r"([A-Za-z]{3,9})\.?[ ,]*(\d{1,2})(?:st|nd|rd|th)?(?:(?: *, *| +)(\d{4}))?", re.ASCII
)
# "3 Oct 2021", "3rd of October, 2021"
_DAY_FIRST = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)? +(?:of +)?([A-Za-z]{3,9})\.?(?:(?: *, *| +)(\d{4}))?", re.ASCII
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?", re.ASCII)
_STRIP = " \t.,;:()[]"
# dateutil would accept a bare number, a weekday or a time as "a date"; a date we accept names a
# month and a day, so text must hold a letter or a separator besides digits.
_HAS_MONTH_HINT = re.compile(r"[A-Za-z]|\d[-/.]\d")


class DateError(ValueError):
    """Text that is not a date (``kind`` ``bad-date``) or names a day that does not exist."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _make(year: int | None, month: int, day: int, text: str) -> PartialDate:
    try:
        return PartialDate(year, month, day)
    except ValueError as exc:
        raise DateError("impossible-date", f"no such day: {text!r} ({exc})") from None


def _fast(text: str) -> PartialDate | None:
    m = _MONTH_FIRST.fullmatch(text)
    if m is not None:
        month = _MONTHS.get(m.group(1).lower())
        if month is not None:
            year = int(m.group(3)) if m.group(3) else None
            return _make(year, month, int(m.group(2)), text)
    m = _DAY_FIRST.fullmatch(text)
    if m is not None:
        month = _MONTHS.get(m.group(2).lower())
        if month is not None:
            year = int(m.group(3)) if m.group(3) else None
            return _make(year, month, int(m.group(1)), text)
    m = _ISO.fullmatch(text)
    if m is not None:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)
    return None


def _slow(text: str) -> PartialDate:
    from dateutil import parser  # loaded only for the forms the fast path does not know

    if not _HAS_MONTH_HINT.search(text):
        raise DateError("bad-date", f"not a date: {text!r}")
    try:
        # Two leap years and two different month/day defaults: whatever differs was not given.
        first = parser.parse(text, default=_dt.datetime(2004, 1, 1))
        second = parser.parse(text, default=_dt.datetime(2008, 2, 2))
    except (ValueError, OverflowError) as exc:
        message = str(exc)
        kind = "impossible-date" if "out of range" in message else "bad-date"
        raise DateError(kind, f"not a date: {text!r}") from None
    if first.month != second.month or first.day != second.day:
        raise DateError("bad-date", f"no month and day in {text!r}")
    year = first.year if first.year == second.year else None
    if year is not None and str(year) not in text:
        # "Oct 7 3" or "1/2/21": dateutil would guess the century; we do not.
        raise DateError("bad-date", f"no four-digit year in {text!r}")
    return _make(year, first.month, first.day, text)


_DATE_START = re.compile(r"\s*(?:([A-Za-z]{3,9})\.?\s*\d|\d{1,4}\b)", re.ASCII)


def looks_like_date(text: str) -> bool:
    """Whether text starts as a date does (a month name then a digit, or a number).

    A quick test of shape, not of validity: it tells a damaged date line (``Feb 30, 2024``)
    from a title that happens to follow a metadata block.
    """
    m = _DATE_START.match(text)
    if m is None:
        return False
    return m.group(1) is None or m.group(1).lower() in _MONTHS


def parse_date_uncached(text: str) -> PartialDate:
    """Parse one date; raise :class:`DateError` for text that is not one, or an impossible day."""
    cleaned = " ".join(text.split()).strip(_STRIP)
    if not cleaned:
        raise DateError("bad-date", "empty date")
    result = _fast(cleaned)
    if result is not None:
        return result
    return _slow(cleaned)


@functools.lru_cache(maxsize=4096)
def _cached(text: str) -> PartialDate | DateError:
    try:
        return parse_date_uncached(text)
    except DateError as exc:
        return exc


def parse_date(text: str) -> PartialDate:
    """:func:`parse_date_uncached` behind a small cache: listings repeat the same few dates."""
    result = _cached(text)
    if isinstance(result, DateError):
        raise DateError(result.kind, str(result))
    return result


def resolve_year(value: PartialDate, reference: _dt.date) -> PartialDate:
    """Give a yearless date the year of its latest occurrence on or before ``reference``.

    Raises :class:`DateError` where there is none (a reference in the first years of the
    calendar): the search goes back at most eight years, which always finds a Feb 29.
    """
    if value.year is not None:
        return value
    for year in range(reference.year, max(reference.year - 8, 0), -1):
        try:
            candidate = _dt.date(year, value.month, value.day)
        except ValueError:  # Feb 29 outside a leap year
            continue
        if candidate <= reference:
            return PartialDate(year, value.month, value.day)
    raise DateError("yearless-date", f"no {value} on or before {reference.isoformat()}")


def normalize_date(
    text: str, reference_date: _dt.date | None, line: int | None = None
) -> tuple[PartialDate | None, list[Problem]]:
    """What adapters call: the date, with the Problems reading it raised (never an exception)."""
    try:
        value = parse_date(text)
    except DateError as exc:
        return None, [Problem(exc.kind, str(exc), line, text)]
    return with_reference(value, text, reference_date, line)


def with_reference(
    value: PartialDate, text: str, reference_date: _dt.date | None, line: int | None = None
) -> tuple[PartialDate, list[Problem]]:
    """Resolve a yearless date against ``reference_date``; else keep it yearless and say so."""
    if value.year is not None:
        return value, []
    if reference_date is None:
        problem = Problem(
            "yearless-date",
            f"{text!r} has no year; give a reference date to resolve it",
            line,
            text,
        )
        return value, [problem]
    try:
        return resolve_year(value, reference_date), []
    except DateError as exc:
        return value, [Problem(exc.kind, str(exc), line, text)]


_TRAILING_COUNT = re.compile(r"(.*?\S)\s+(\d{1,7})")


def split_date_and_count(text: str) -> tuple[str, int | None]:
    """Split a card's date line, ``Jun 6, 2023 4``, into its date text and trailing count.

    HF writes the count only after its own forms (``Oct 7 3``, ``Jun 6, 2023 4``), so a line is
    split only where its head is one of those; ``3 Oct 2021`` stays a date with its year.
    Raises :class:`DateError` for a line that is no date either way.
    """
    cleaned = " ".join(text.split())
    if _fast(cleaned) is None:
        m = _TRAILING_COUNT.fullmatch(cleaned)
        if m is not None and _MONTH_FIRST.fullmatch(m.group(1)):
            parse_date(m.group(1))  # an impossible day raises here
            return m.group(1), int(m.group(2))
    parse_date(cleaned)
    return cleaned, None


class DateLine(NamedTuple):
    """A card's date line read once: the date and comment count, or why it is no date."""

    date: PartialDate
    comments: int | None
    text: str
    error: DateError | None


_NO_DATE = PartialDate(None, 1, 1)


@functools.lru_cache(maxsize=4096)
def read_date_line(text: str) -> DateLine:
    """:func:`split_date_and_count` and :func:`parse_date` in one cached step, never raising.

    A listing repeats the same few date lines, so the cache saves most of the work.  Where
    ``error`` is set, ``date`` is a placeholder and must not be used.
    """
    try:
        date_text, count = split_date_and_count(text)
        return DateLine(parse_date(date_text), count, date_text, None)
    except DateError as exc:
        return DateLine(_NO_DATE, None, text, exc)


# "2024-07-31T17:54:27.000Z", "2024-07-31T17:54:27+02:00", "2024-07-31 17:54", "2026-08-20"
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
    r" ?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?",
    re.ASCII,
)


# HF's own form, 2024-07-31T17:54:27.000Z, read by datetime.fromisoformat (Python 3.10 reads it
# with an explicit +00:00 in place of the Z); anything else takes _TIMESTAMP.
_HF_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", re.ASCII)


def parse_timestamp(text: str) -> _dt.datetime:
    """An ISO 8601 timestamp, as APIs write them, as an aware datetime in UTC.

    ``2024-07-31T17:54:27.000Z`` is HF's form; an offset (``+02:00``) is honoured; a timestamp
    without one, and a bare date (midnight), are taken as UTC.  Fractions beyond microseconds
    are cut.  Raises :class:`DateError` for text of any other shape or an impossible time.
    """
    if _HF_TIMESTAMP.fullmatch(text) is not None:
        try:
            return _dt.datetime.fromisoformat(text[:23] + "+00:00")
        except ValueError:
            pass  # no such time: the general path says so
    m = _TIMESTAMP.fullmatch(text.strip())
    if m is None:
        raise DateError("bad-date", f"not an ISO 8601 timestamp: {text!r}")
    year, month, day, hour, minute, second, fraction, _, sign, off_h, off_m = m.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    tz = _dt.timezone.utc
    try:
        if sign is not None:
            offset = _dt.timedelta(hours=int(off_h), minutes=int(off_m))
            tz = _dt.timezone(-offset if sign == "-" else offset)
        value = _dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=tz,
        )
        return value.astimezone(_dt.timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise DateError("impossible-date", f"no such time: {text!r} ({exc})") from None


def utc_date(value: _dt.datetime) -> PartialDate:
    """The calendar date of an aware datetime in UTC (a naive one is taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(_dt.timezone.utc)
    return PartialDate(value.year, value.month, value.day)


def normalize_moment(
    text: str, reference_date: _dt.date | None, line: int | None = None
) -> tuple[PartialDate | None, list[Problem]]:
    """A page's date, written as a timestamp (its UTC calendar date) or as any date form.

    Both HTML (``time[datetime]``, the hydration ``date``) and JSON carry page dates as
    timestamps; reading them here once keeps the formats in agreement about the offset.
    """
    try:
        moment = parse_timestamp(text)
    except DateError:
        return normalize_date(text, reference_date, line)
    return utc_date(moment), []
