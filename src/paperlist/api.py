"""The entry points: :func:`parse`, :func:`iter_papers`, :func:`detect`.

Each is a pure function of its arguments, so a user can map it over many files with any executor.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from . import formats
from .document import Document, load
from .errors import ParseError
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


def _choose(document: Document, format: str | None) -> Adapter:
    if format is not None:
        return formats.get(format)
    name, _ = formats.best(document.head)
    return formats.get(name)


def detect(source: Any) -> str:
    """The name of the format that best fits ``source``.

    Plain text that fits no format is read as ``hf-text`` (whose cards then lack metadata), so
    detection always answers; :func:`paperlist.formats.scores` shows how sure it is.
    """
    return formats.best(load(source).head)[0]


def _events(
    source: Any, format: str | None, reference_date: _dt.date | str | None
) -> tuple[Document, Adapter, Iterable[formats.Event]]:
    document = load(source)
    adapter = _choose(document, format)
    options = Options(reference_date=read_reference_date(reference_date))
    return document, adapter, adapter.parse(document, options)


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
    :class:`~paperlist.errors.ParseError` instead.
    """
    document, adapter, events = _events(source, format, reference_date)
    papers: list[Paper] = []
    found: list[Problem] = []
    page_date: PartialDate | None = None
    for event in events:
        if isinstance(event, Paper):
            papers.append(event)
            found.extend(event.problems)
        elif isinstance(event, Problem):
            found.append(event)
        elif page_date is None:
            page_date = event.date
    problems = _merge(document.problems, _once(found, papers))
    if strict and problems:
        raise ParseError(_summary(document, problems), problems)
    return Listing(tuple(papers), adapter.name, page_date, tuple(problems))


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
    problem raises :class:`~paperlist.errors.ParseError` when it is met, and a decoding problem
    that no later paper follows raises at the end: strict ``iter_papers`` raises exactly where
    strict :func:`parse` does.
    """
    # Load and choose now, so a caller's mistake raises here rather than at the first next().
    document, _, events = _events(source, format, reference_date)
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
                found = _merge([], _once(found, [event] if isinstance(event, Paper) else []))
                raise ParseError(_summary(document, found), found)
        if isinstance(event, Paper):
            yield event
    if strict and document.problems:
        # Decoding problems that no later event followed (an undecodable last line).
        found = list(document.problems)
        raise ParseError(_summary(document, found), found)


def _once(found: list[Problem], papers: list[Paper]) -> list[Problem]:
    """``found`` (papers' problems and problem events) with each paper's problems counted once.

    The rule is that an adapter attaches a paper's problems to the paper and yields a separate
    event only for a problem that belongs to no paper; an adapter that still yields them both
    ways (an older plug-in) gives each twice in ``found``, and the echo is dropped here; a
    further equal problem is a report of its own and stays.
    """
    owned = Counter(problem for paper in papers for problem in paper.problems)
    if not owned:
        return found
    seen: Counter[Problem] = Counter()
    kept = []
    for problem in found:
        if problem in owned:
            seen[problem] += 1
            if owned[problem] < seen[problem] <= 2 * owned[problem]:
                continue  # the event echoing a paper's own problem (one echo each)
        kept.append(problem)
    return kept


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Both lists, in line order (problems without a line first); each list keeps its order."""
    return sorted(first + second, key=lambda p: -1 if p.line is None else p.line)


def _summary(document: Document, problems: list[Problem]) -> str:
    n = len(problems)
    return f"{document.name}: {n} problem{'s' if n != 1 else ''}"
