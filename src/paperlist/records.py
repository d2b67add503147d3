"""The records every format produces, declared once.

Records are frozen and slotted so that they are cheap, hashable where their fields are, and safe to
share between threads and processes.  Normalizing converters live in :mod:`paperlist.dates`,
:mod:`paperlist.authors` and :mod:`paperlist.text`; the records only hold clean values.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

__all__ = [
    "Author",
    "Listing",
    "Organization",
    "Paper",
    "PartialDate",
    "Problem",
    "Source",
]

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})|--(\d{2})-(\d{2})")


def _check_day(year: int | None, month: int, day: int) -> None:
    # A yearless date is checked against a leap year, so Feb 29 stays possible.
    _dt.date(4 if year is None else year, month, day)


def _year_order(year: int | None) -> int:
    # As the ISO strings sort: a yearless date ("--04-01") before every dated one.
    return -1 if year is None else year


@attrs.frozen(order=True)
class PartialDate:
    """A calendar date whose year may be unknown.

    Hugging Face omits the year for dates in the page's current year ("Apr 1"); such a date is
    kept yearless rather than guessed.  Its ISO form is ``YYYY-MM-DD`` or ``--MM-DD``, and dates
    sort as those strings do (yearless first).
    """

    year: int | None = attrs.field(order=_year_order)
    month: int
    day: int

    def __attrs_post_init__(self) -> None:
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")
        _check_day(self.year, self.month, self.day)

    @classmethod
    def fromisoformat(cls, text: str) -> PartialDate:
        """Read ``YYYY-MM-DD`` or ``--MM-DD`` (the form :meth:`isoformat` writes)."""
        m = _ISO.fullmatch(text)
        if m is None:
            raise ValueError(f"not an ISO date or --MM-DD: {text!r}")
        if m.group(1) is not None:
            return cls(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return cls(None, int(m.group(4)), int(m.group(5)))

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def isoformat(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def to_date(self) -> _dt.date | None:
        """The full date, or None while the year is unknown."""
        if self.year is None:
            return None
        return _dt.date(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.isoformat()


@attrs.frozen
class Author:
    """One author, by the name the paper gives.

    ``user`` is the Hugging Face username of an author who claimed the paper; it is never used
    as a name.  ``hidden`` marks an author the API lists but hides.
    """

    name: str
    user: str | None = None
    hidden: bool = False


@attrs.frozen
class Organization:
    """The organization a card shows instead of its authors: ``id`` is the HF slug (``apple``)."""

    id: str
    name: str | None = None


@attrs.frozen
class Source:
    """Where a record was read: the format and the 1-based first and last line.

    For JSON, ``index`` is the item's position in the array (or JSON Lines file).  ``file`` names
    the file the document was read from (None for text or bytes in memory).  A document taken
    from a web archive (WARC) or a response also says the record's byte ``offset`` in the
    archive, its target ``uri`` and when it was fetched (``fetched_at``, the ``WARC-Date``).
    """

    format: str
    line: int | None = None
    end_line: int | None = None
    index: int | None = None
    file: str | None = None
    offset: int | None = None
    uri: str | None = None
    fetched_at: _dt.datetime | None = None


@attrs.frozen
class Problem:
    """Something in the input that could not be read as it should.

    ``kind`` is a short stable word for programs (``bad-date``, ``missing-metadata``, ...);
    ``message`` is for people; ``text`` quotes the input it is about, so nothing is lost.
    """

    kind: str
    message: str
    line: int | None = None
    text: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.kind}: {self.message}"


# The list fields' converter is ``tuple`` (0.025 µs a call; a function around it: 0.2 µs).
# mypy's attrs plugin leaves ``converter=tuple``'s element type unsolved (``Iterable[_T_co]``;
# a generic function's too) and rejects callers' lists, so mypy sees one typed signature per
# field.  ``converter=tuple[Author, ...]`` would type, but costs 0.75 µs a call.
if TYPE_CHECKING:

    def _authors(value: Iterable[Author]) -> tuple[Author, ...]: ...
    def _keywords(value: Iterable[str]) -> tuple[str, ...]: ...
    def _problems(value: Iterable[Problem]) -> tuple[Problem, ...]: ...

else:
    _authors = _keywords = _problems = tuple


@attrs.frozen
class Paper:
    """One paper as a listing shows it; a field the source does not carry is None, never guessed."""

    title: str
    abstract: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    authors: tuple[Author, ...] = attrs.field(default=(), converter=_authors)
    author_count: int | None = None
    organization: Organization | None = None
    published: PartialDate | None = None
    upvotes: int | None = None
    comments: int | None = None
    submitted_by: str | None = None
    submitted_at: _dt.datetime | None = None
    github_repo: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] = attrs.field(default=(), converter=_keywords)
    thumbnail: str | None = None
    #: Keys a source carries that paperlist does not map (kept, never dropped).
    extra: dict[str, Any] = attrs.field(factory=dict, hash=False)
    source: Source | None = attrs.field(default=None, eq=False)
    #: Problems found while reading this paper (also in ``Listing.problems``).
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_problems, eq=False)


@attrs.frozen
class Listing:
    """What one document holds: its papers in document order and every problem found."""

    papers: tuple[Paper, ...]
    format: str
    page_date: PartialDate | None = None
    problems: tuple[Problem, ...] = ()
