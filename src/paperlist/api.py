"""The entry points: :func:`parse`, :func:`iter_papers`, :func:`detect`.

Each is a pure function of its arguments, so a user can map it over many files with any executor.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from . import formats, warc
from .document import Document, load
from .errors import ParseError, UnknownFormatError
from .formats import Adapter, Options
from .records import Listing, Paper, PartialDate, Problem, Source

__all__ = ["Reading", "detect", "iter_papers", "parse"]


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
    """The named adapter, else the one that recognizes the document; None where none does."""
    format = format or document.format or formats.recognize(document.head)
    return None if format is None else formats.get(format)


def detect(source: Any) -> str:
    """The name of the format that best fits ``source``, or ``"unknown"``.

    A document that no format scores at least :data:`paperlist.formats.THRESHOLD` is not guessed
    at; :func:`paperlist.formats.scores` shows how sure each format is.  A WARC archive
    (:func:`paperlist.warc.is_archive`) is ``"warc"``: it holds many documents.
    """
    if warc.is_archive(source):
        return "warc"
    document = load(source)
    if document.format is not None:
        return document.format
    return formats.recognize(document.head) or UNKNOWN


def _events(
    source: Any, format: str | None, reference_date: _dt.date | str | None, strict: bool
) -> tuple[Document, str, Iterable[formats.Event]]:
    document = load(source)
    adapter = _choose(document, format)
    options = Options(reference_date=read_reference_date(reference_date))
    if adapter is None:
        refusal = formats.refusal(document.head)
        if strict:
            error = UnknownFormatError(UNKNOWN, tuple(formats.registry()))
            error.args = (f"{document.name}: {refusal.message}",)
            raise error
        return document, UNKNOWN, [refusal]
    return document, adapter.name, adapter.parse(document, options)


class Reading:
    """One parse in progress, for a caller that writes papers out as they are read.

    Iterate it once for the papers, in document order; then :meth:`listing` gives the page date
    and every problem (the papers themselves are not kept, so memory stays bounded).
    :func:`parse` is this with the papers collected.
    """

    def __init__(
        self,
        source: Any,
        *,
        format: str | None = None,
        reference_date: _dt.date | str | None = None,
        strict: bool = False,
    ) -> None:
        #: ``format`` is the format read (``"unknown"`` where none recognized the document).
        self.document, self.format, self._events = _events(source, format, reference_date, strict)
        self.page_date: PartialDate | None = None
        self._found: list[Problem] = []  # problem events and papers' problems, as they came
        self._paper_problems: list[Problem] = []

    def __iter__(self) -> Iterator[Paper]:
        file = self.document.file
        for event in self._events:
            if isinstance(event, Paper):
                self._paper_problems.extend(event.problems)
                self._found.extend(event.problems)
                yield event if file is None else _with_file(event, file)
            elif isinstance(event, Problem):
                self._found.append(event)
            elif self.page_date is None:
                self.page_date = event.date

    def listing(self, papers: Iterable[Paper] = ()) -> Listing:
        """The listing read so far, with ``papers`` (none unless the caller kept them)."""
        problems = _merge(self.document.problems, _once(self._found, self._paper_problems))
        return Listing(tuple(papers), self.format, self.page_date, tuple(problems))


def _with_file(paper: Paper, file: str) -> Paper:
    """``paper`` with ``source.file`` set: which file it came from, in every output.

    The paper is the adapter's, fresh and not yet handed out, so its source is set in place: a
    new Paper (``attrs.evolve``) made ``parse`` of a path 20-45% slower, this costs no more than
    the benchmark's noise (a new Source, one attribute set).
    """
    source = paper.source
    if source is None or source.file is not None:
        return paper
    located = Source(
        source.format,
        source.line,
        source.end_line,
        index=source.index,
        file=file,
        offset=source.offset,
        uri=source.uri,
        fetched_at=source.fetched_at,
    )
    object.__setattr__(paper, "source", located)
    return paper


def _once(found: list[Problem], owned: list[Problem]) -> list[Problem]:
    """``found`` (problem events and papers' problems, in the order they came) with each of the
    papers' problems (``owned``) counted once.

    The rule is that an adapter attaches a paper's problems to the paper and yields a separate
    event only for a problem that belongs to no paper; an adapter that still yields them both
    ways (an older plug-in) gives each twice in ``found``, and the echo is dropped here; a
    further equal problem is a report of its own and stays.
    """
    if not owned:
        return found
    counts = Counter(owned)
    seen: Counter[Problem] = Counter()
    kept = []
    for problem in found:
        if problem in counts:
            seen[problem] += 1
            if counts[problem] < seen[problem] <= 2 * counts[problem]:
                continue  # the event echoing a paper's own problem (one echo each)
        kept.append(problem)
    return kept


def parse(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    strict: bool = False,
) -> Listing:
    """Read every paper in ``source``.

    ``source`` is document text (``str``), ``bytes``, a path (``os.PathLike``), a file object,
    JSON data (a list or dict, as ``response.json()`` gives), a ``parsel.Selector`` or a response
    object (httpx, requests, Scrapy).  ``reference_date`` (a date,
    ``YYYY-MM-DD`` or ``"today"``) gives yearless dates their year.  Damaged content becomes
    :class:`~paperlist.records.Problem` entries; with ``strict=True`` any problem raises
    :class:`~paperlist.errors.ParseError` instead.  A document no format recognizes gives no
    papers and one ``unknown-format`` problem (``strict=True``: :class:`UnknownFormatError`).
    A WARC archive gives one listing of format
    ``warc`` holding the papers of its Hugging Face records (see :mod:`paperlist.warc`).
    """
    if warc.is_archive(source):
        return warc.parse_archive(
            source, format=format, reference_date=reference_date, strict=strict
        ).listing
    reading = Reading(source, format=format, reference_date=reference_date, strict=strict)
    listing = reading.listing(list(reading))
    if strict and listing.problems:
        raise ParseError(_summary(reading.document, list(listing.problems)), listing.problems)
    return listing


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
    strict :func:`parse` does.  A WARC archive streams one record at a time.
    """
    if warc.is_archive(source):
        return warc.iter_archive_papers(
            source, format=format, reference_date=reference_date, strict=strict
        )
    # Load and choose now, so a caller's mistake raises here rather than at the first next().
    document, _, events = _events(source, format, reference_date, strict)
    return _papers(document, events, strict)


def _papers(document: Document, events: Iterable[formats.Event], strict: bool) -> Iterator[Paper]:
    file = document.file
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
            yield event if file is None else _with_file(event, file)
    if strict and document.problems:
        # Decoding problems that no later event followed (an undecodable last line).
        found = list(document.problems)
        raise ParseError(_summary(document, found), found)


def _merge(first: list[Problem], second: list[Problem]) -> list[Problem]:
    """Both lists, in line order (problems without a line first); each list keeps its order."""
    return sorted(first + second, key=lambda p: -1 if p.line is None else p.line)


def _summary(document: Document, problems: list[Problem]) -> str:
    n = len(problems)
    return f"{document.name}: {n} problem{'s' if n != 1 else ''}"
