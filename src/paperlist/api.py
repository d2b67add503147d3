"""The entry points: :func:`parse`, :func:`iter_papers`, :func:`detect`.

Each is a pure function of its arguments, so a user can map it over many files with any executor.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import Any

from . import formats
from .document import Document, load
from .errors import ParseError, UnknownFormatError
from .formats import Adapter, Options
from .records import Listing, Paper, PartialDate, Problem

__all__ = ["detect", "iter_papers", "parse"]


def read_reference_date(value: _dt.date | str | None) -> _dt.date | None:
    """A ``reference_date`` argument as a date: a date, ``YYYY-MM-DD`` or ``"today"``."""
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if value == "today":
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"reference_date must be a date, YYYY-MM-DD or 'today': {value!r}"
        ) from None


#: The ``format`` of a listing that no format recognized (its one problem names the scores).
UNKNOWN = "unknown"


def _choose(document: Document, format: str | None) -> Adapter | None:
    """The named adapter, else the best-scoring one; None where no score is a real one."""
    if format is not None:
        return formats.get(format)
    name, score = formats.best(document.head)
    if score < formats.THRESHOLD and document.head.strip():
        return None
    return formats.get(name)


def _refusal(document: Document) -> Problem:
    ranked = formats.scores(document.head)
    best = sorted(ranked.items(), key=lambda kv: -kv[1])[:4]
    named = ", ".join(f"{name} {score:.2f}" for name, score in best)
    return Problem(
        "unknown-format",
        f"no format recognizes this document (best scores: {named}; "
        f"a format needs {formats.THRESHOLD}); give format= to read it anyway",
        None,
        document.head[:200],
    )


def detect(source: Any) -> str:
    """The name of the format that best fits ``source``, or ``"unknown"``.

    A document that no format scores at least :data:`paperlist.formats.THRESHOLD` is not guessed
    at; :func:`paperlist.formats.scores` shows how sure each format is.
    """
    document = load(source)
    name, score = formats.best(document.head)
    if score < formats.THRESHOLD and document.head.strip():
        return UNKNOWN
    return name


def _events(
    source: Any, format: str | None, reference_date: _dt.date | str | None, strict: bool
) -> tuple[Document, str, Iterable[formats.Event]]:
    document = load(source)
    adapter = _choose(document, format)
    options = Options(reference_date=read_reference_date(reference_date))
    if adapter is None:
        refusal = _refusal(document)
        if strict:
            error = UnknownFormatError(UNKNOWN, tuple(formats.registry()))
            error.args = (f"{document.name}: {refusal.message}",)
            raise error
        return document, UNKNOWN, [refusal]
    return document, adapter.name, adapter.parse(document, options)


def parse(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    strict: bool = False,
) -> Listing:
    """Read every paper in ``source``.

    ``source`` is document text (``str``), ``bytes``, a path (``os.PathLike``), a file object, a
    ``parsel.Selector`` or a response object with ``.text``.  ``reference_date`` (a date,
    ``YYYY-MM-DD`` or ``"today"``) gives yearless dates their year.  Damaged content becomes
    :class:`~paperlist.records.Problem` entries; with ``strict=True`` any problem raises
    :class:`~paperlist.errors.ParseError` instead.  A document no format recognizes gives no
    papers and one ``unknown-format`` problem (``strict=True``: :class:`UnknownFormatError`).
    """
    document, name, events = _events(source, format, reference_date, strict)
    papers: list[Paper] = []
    problems: list[Problem] = []
    page_date: PartialDate | None = None
    for event in events:
        if isinstance(event, Paper):
            papers.append(event)
        elif isinstance(event, Problem):
            problems.append(event)
        elif page_date is None:
            page_date = event.date
    problems = _merge(document.problems, problems)
    if strict and problems:
        raise ParseError(_summary(document, problems), problems)
    return Listing(tuple(papers), name, page_date, tuple(problems))


def iter_papers(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    strict: bool = False,
) -> Iterator[Paper]:
    """Yield papers one by one; a text dump streams from a path or file in bounded memory.

    Each paper carries its own problems (``paper.problems``); problems that belong to no paper
    (an undecodable line, an abstract whose title was lost) are reported only by :func:`parse`,
    or, under ``strict=True``, raised.  Under ``strict=True`` the first
    problem raises :class:`~paperlist.errors.ParseError` when it is met.
    """
    # Load and choose now, so a caller's mistake raises here rather than at the first next().
    document, _, events = _events(source, format, reference_date, strict)
    return _papers(document, events, strict)


def _papers(document: Document, events: Iterable[formats.Event], strict: bool) -> Iterator[Paper]:
    for event in events:
        if strict:
            # A paper's own problems come with it: raise before handing the paper out.
            found = list(document.problems)
            if isinstance(event, Paper):
                found += event.problems
            elif isinstance(event, Problem):
                found.append(event)
            if found:
                raise ParseError(_summary(document, found), found)
        if isinstance(event, Paper):
            yield event


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Both lists, in line order (problems without a line first); each list keeps its order."""
    return sorted(first + second, key=lambda p: -1 if p.line is None else p.line)


def _summary(document: Document, problems: list[Problem]) -> str:
    n = len(problems)
    return f"{document.name}: {n} problem{'s' if n != 1 else ''}"
