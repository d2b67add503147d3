"""Many documents into one table: the records of one paper merged into one :class:`Row`.

A row is keyed by :func:`key_of` (the arXiv id, else the normalized title) and made from one
record by :func:`row_from`.  :func:`merge` of two rows with the same key is pure, associative,
commutative and idempotent (every field is a maximum under a fixed order, or derived from the
set of sightings), so ``functools.reduce(merge, rows)`` gives the same row in any order and
grouping: :func:`collect` folds rows as it reads, and a distributed group-by can do the same.
Rows keyed by a title join the row of an arXiv id with that title in :func:`join_titles`, once
every row is known, so that the join does not depend on the order either.

:func:`read_document` reads one :class:`InputFile` into its unmerged rows: the step
:func:`collect` makes per file, which other executors (``paperlist.dask``) reuse.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import json
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from . import formats
from .document import load
from .formats import Options, PageDate
from .records import Author, Organization, Paper, PartialDate, Problem
from .walk import DETECT_THRESHOLD, display_name, walk

__all__ = [
    "TITLE_KEY_PREFIX",
    "InputFile",
    "Row",
    "Sighting",
    "collect",
    "file_digest",
    "join_titles",
    "key_of",
    "merge",
    "normalize_title",
    "read_document",
    "row_from",
    "sighting_of",
    "sorted_sightings",
]

#: A row without an arXiv id is keyed by this prefix and its normalized title.
TITLE_KEY_PREFIX = "title:"

#: Called with a file name and a problem: parse problems, skipped files, unreadable folders.
OnProblem = Callable[[str, Problem], object]


# --- records ----------------------------------------------------------------------------------


@attrs.frozen
class Sighting:
    """One record of a paper in one document: where it was, the page's date, what it showed.

    ``title``, ``published`` and ``author_count`` are kept per sighting because they should not
    differ between sources: when they do, the row's value is chosen from its sightings and the
    disagreement reported (see :func:`merge`).  ``sha256`` is the digest of the whole file, so
    that ``collect --update`` knows which documents it has already read.
    """

    format: str
    file: str | None = None
    sha256: str | None = None
    line: int | None = None
    index: int | None = None
    page_date: PartialDate | None = None
    upvotes: int | None = None
    comments: int | None = None
    title: str | None = None
    published: PartialDate | None = None
    author_count: int | None = None
    #: For a record read from a web archive or a response: its byte offset in the archive, the
    #: URI it was fetched from and when (the record's :class:`~paperlist.records.Source`).
    offset: int | None = None
    uri: str | None = None
    fetched_at: _dt.datetime | None = None


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class Row:
    """One paper across every document it was seen in.

    The paper's fields are those of :class:`~paperlist.records.Paper` (merged as :func:`merge`
    says); ``sightings`` lists every record it was made from, sorted; ``first_seen`` and
    ``last_seen`` are the earliest and latest page dates among them; ``problems`` holds the
    ``conflict`` problems of values that should agree but do not.
    """

    key: str
    title: str
    arxiv_id: str | None = None
    abstract: str | None = None
    url: str | None = None
    authors: tuple[Author, ...] = attrs.field(default=(), converter=_tuple)
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
    ai_keywords: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    thumbnail: str | None = None
    first_seen: PartialDate | None = None
    last_seen: PartialDate | None = None
    sightings: tuple[Sighting, ...] = attrs.field(default=(), converter=_tuple)
    problems: tuple[Problem, ...] = attrs.field(default=(), converter=_tuple)
    #: Keys a source carries that paperlist does not map, merged key by key.
    extra: dict[str, Any] = attrs.field(factory=dict, hash=False)


# --- keys -------------------------------------------------------------------------------------


def normalize_title(title: str) -> str:
    """A title as a key: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", title).casefold().split())


def key_of(record: Paper | Row | Mapping[str, Any]) -> str:
    """The row a record belongs to: its arXiv id, else ``title:`` and its normalized title."""
    if isinstance(record, Mapping):
        arxiv_id, title = record.get("arxiv_id"), record.get("title") or ""
    else:
        arxiv_id, title = record.arxiv_id, record.title
    if arxiv_id:
        return str(arxiv_id)
    return TITLE_KEY_PREFIX + normalize_title(str(title))


# --- one record -------------------------------------------------------------------------------


def sighting_of(
    paper: Paper,
    *,
    page_date: PartialDate | None = None,
    file: str | None = None,
    sha256: str | None = None,
) -> Sighting:
    """Where and how ``paper`` was seen (its ``source`` gives the format, line and index)."""
    source = paper.source
    return Sighting(
        format=source.format if source is not None else "unknown",
        file=file if file is not None else (source.file if source is not None else None),
        sha256=sha256,
        line=source.line if source is not None else None,
        index=source.index if source is not None else None,
        page_date=page_date,
        upvotes=paper.upvotes,
        comments=paper.comments,
        title=paper.title,
        published=paper.published,
        author_count=paper.author_count,
        offset=source.offset if source is not None else None,
        uri=source.uri if source is not None else None,
        fetched_at=source.fetched_at if source is not None else None,
    )


def row_from(paper: Paper | Mapping[str, Any], sighting: Sighting | None = None) -> Row:
    """The row of one record (a :class:`Paper` or its :func:`paperlist.to_dict` form).

    Without ``sighting``, the paper's own ``source`` is its one sighting.
    """
    if isinstance(paper, Mapping):
        from .serialize import from_dict

        paper = from_dict(dict(paper), Paper)
    seen = sighting if sighting is not None else sighting_of(paper)
    return Row(
        key=key_of(paper),
        title=paper.title,
        arxiv_id=paper.arxiv_id or None,
        abstract=paper.abstract,
        url=paper.url,
        authors=paper.authors,
        author_count=paper.author_count,
        organization=paper.organization,
        published=paper.published,
        upvotes=paper.upvotes,
        comments=paper.comments,
        submitted_by=paper.submitted_by,
        submitted_at=paper.submitted_at,
        github_repo=paper.github_repo,
        github_stars=paper.github_stars,
        project_page=paper.project_page,
        ai_summary=paper.ai_summary,
        ai_keywords=paper.ai_keywords,
        thumbnail=paper.thumbnail,
        first_seen=seen.page_date,
        last_seen=seen.page_date,
        sightings=(seen,),
        problems=(),  # one sighting disagrees with nothing
        extra=dict(paper.extra),
    )


# --- merging ----------------------------------------------------------------------------------
#
# Every field is a maximum under a total order (so the merge is associative, commutative and
# idempotent) or a function of the set of sightings.  The orders:
#   upvotes, comments, github_stars   the largest (they are snapshots that only grow)
#   authors                           the longest list; then the one with more claimed users
#   text fields, organization, lists  the longest; equally long ones by code-point order
#   submitted_at                      the earliest
#   title, published, author_count   from the sighting with the latest page date (a dated page
#                                     after a yearless one, any page after none); equal dates by
#                                     the larger value.  A yearless date agrees with a full date
#                                     of the same month and day, which wins.  Every other value
#                                     seen is a ``conflict`` problem quoting both.


def _date_key(value: PartialDate | None) -> tuple[int, int, int]:
    if value is None:
        return (-2, 0, 0)
    return (-1 if value.year is None else value.year, value.month, value.day)


def _none_last(value: int | None) -> int:
    return -1 if value is None else value


def _sighting_order(s: Sighting) -> tuple[Any, ...]:
    """A total order on sightings (every field), so a set of them sorts one way only."""
    return (
        s.file or "",
        _none_last(s.line),
        _none_last(s.index),
        s.format,
        s.sha256 or "",
        _date_key(s.page_date),
        _none_last(s.upvotes),
        _none_last(s.comments),
        s.title or "",
        _date_key(s.published),
        _none_last(s.author_count),
        _none_last(s.offset),
        s.uri or "",
        "" if s.fetched_at is None else s.fetched_at.isoformat(),
    )


def sorted_sightings(sightings: Iterable[Sighting]) -> tuple[Sighting, ...]:
    """Sightings once each, in the one order rows keep them (what :func:`merge` expects of a
    row made by other means than :func:`row_from` and :func:`merge`)."""
    return tuple(sorted(set(sightings), key=_sighting_order))


def _largest(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _longest(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (len(s), s))


def _richest_authors(a: tuple[Author, ...], b: tuple[Author, ...]) -> tuple[Author, ...]:
    def order(authors: tuple[Author, ...]) -> tuple[Any, ...]:
        claimed = sum(author.user is not None for author in authors)
        return (
            len(authors),
            claimed,
            tuple((x.name, x.user or "", x.hidden) for x in authors),
        )

    return max(a, b, key=order)


def _organization(a: Organization | None, b: Organization | None) -> Organization | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda o: (o.name is not None, len(o.name or ""), o.name or "", o.id))


def _keywords(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return max(a, b, key=lambda k: (len(k), k))


def _earliest(a: _dt.datetime | None, b: _dt.datetime | None) -> _dt.datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda t: (t, t.isoformat()))


def _extra(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    if not a or not b:
        return dict(sorted((a or b).items()))
    merged = dict(a)
    for name, value in b.items():
        # By JSON text, not ==: True == 1 in Python, yet they are different values to keep.
        merged[name] = max(merged[name], value, key=_json_text) if name in merged else value
    return dict(sorted(merged.items()))


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _where(s: Sighting) -> str:
    place = s.file or s.uri or f"<{s.format}>"
    if s.line is not None:
        place += f":{s.line}"
    elif s.index is not None:
        place += f"[{s.index}]"
    return place


def _chosen(
    sightings: Iterable[Sighting], get: Callable[[Sighting], Any], order: Callable[[Any], Any]
) -> tuple[Any, list[tuple[Any, Sighting]]]:
    """The value to keep and the sightings of every other value (first sighting of each)."""
    having = [(get(s), s) for s in sightings if get(s) is not None]
    if not having:
        return None, []
    value, _ = max(having, key=lambda vs: (_date_key(vs[1].page_date), order(vs[0])))
    others: dict[Any, Sighting] = {}
    for other, s in having:
        if other != value and other not in others:
            others[other] = s
    return value, list(others.items())


def _published(s: Sighting) -> PartialDate | None:
    return s.published


def _drop_agreeing_yearless(sightings: tuple[Sighting, ...]) -> list[Sighting]:
    """Sightings whose published date is yearless but matches a full date seen elsewhere are
    left out of the published choice: they agree with it and say less."""
    dated = {
        (s.published.month, s.published.day)
        for s in sightings
        if s.published is not None and s.published.year is not None
    }
    return [
        s
        for s in sightings
        if s.published is None
        or s.published.year is not None
        or (s.published.month, s.published.day) not in dated
    ]


def _all(sightings: tuple[Sighting, ...]) -> Iterable[Sighting]:
    return sightings


#: The fields that should agree: name, how a sighting shows it, the order of its values, and
#: which sightings take part in the choice.
_AGREEING: tuple[
    tuple[
        str,
        Callable[[Sighting], Any],
        Callable[[Any], Any],
        Callable[[tuple[Sighting, ...]], Iterable[Sighting]],
    ],
    ...,
] = (
    ("title", lambda s: s.title, lambda v: v, _all),
    ("published", _published, _date_key, _drop_agreeing_yearless),
    ("author_count", lambda s: s.author_count, lambda v: v, _all),
)


def _chosen_fields(
    sightings: tuple[Sighting, ...],
) -> tuple[str | None, PartialDate | None, int | None, list[Problem]]:
    problems: list[Problem] = []
    values: list[Any] = []
    for name, get, order, taking_part in _AGREEING:
        distinct = {get(s) for s in sightings}
        distinct.discard(None)
        if len(distinct) <= 1:  # the common case: every source agrees
            values.append(next(iter(distinct), None))
            continue
        having = list(taking_part(sightings))
        value, others = _chosen(having, get, order)
        values.append(value)
        if others:
            kept_at = max(
                (s for s in having if get(s) == value),
                key=lambda s: (_date_key(s.page_date), _sighting_order(s)),
            )
            for other, at in others:
                problems.append(
                    Problem(
                        "conflict",
                        f"{name}: kept {_show(value)} ({_where(kept_at)}),"
                        f" also seen {_show(other)} ({_where(at)})",
                        None,
                        _show(other),
                    )
                )
    problems.sort(key=lambda p: p.message)
    return values[0], values[1], values[2], problems


def _show(value: Any) -> str:
    return repr(value.isoformat() if isinstance(value, PartialDate) else value)


def _earlier(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return min(a, b, key=_date_key)


def _later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=_date_key)


def _agreeing(
    a: Row, b: Row, sightings: tuple[Sighting, ...]
) -> tuple[str | None, PartialDate | None, int | None, list[Problem]]:
    """Title, published date, author count and conflicts of ``sightings``, the union of two
    rows' sightings."""
    same = (a.title, a.published, a.author_count) == (b.title, b.published, b.author_count)
    if same and not a.problems and not b.problems:
        # Each row's sightings agree with its values, and the values agree: so does the union.
        return a.title, a.published, a.author_count, []
    return _chosen_fields(sightings)


def _union(a: tuple[Sighting, ...], b: tuple[Sighting, ...]) -> tuple[Sighting, ...]:
    """Two sorted tuples of distinct sightings as one: the fewer are inserted into the more."""
    if len(a) < len(b):
        a, b = b, a
    merged = list(a)
    for sighting in b:
        at = bisect.bisect_left(merged, _sighting_order(sighting), key=_sighting_order)
        if at == len(merged) or merged[at] != sighting:
            merged.insert(at, sighting)
    return tuple(merged)


def merge(a: Row, b: Row) -> Row:
    """One row of the two (same key): pure, associative, commutative and idempotent.

    Each row's ``sightings`` are sorted and distinct, as :func:`row_from` and ``merge`` make
    them (:func:`sorted_sightings` for rows made otherwise).
    """
    if a.key != b.key:
        raise ValueError(f"rows of different papers cannot be merged: {a.key!r}, {b.key!r}")
    if a is b or a == b:
        return a
    sightings = _union(a.sightings, b.sightings)
    title, published, author_count, problems = _agreeing(a, b, sightings)
    return Row(
        key=a.key,
        title=title if title is not None else max(a.title, b.title),
        arxiv_id=a.arxiv_id or b.arxiv_id,
        abstract=_longest(a.abstract, b.abstract),
        url=_longest(a.url, b.url),
        authors=_richest_authors(a.authors, b.authors),
        author_count=author_count,
        organization=_organization(a.organization, b.organization),
        published=published,
        upvotes=_largest(a.upvotes, b.upvotes),
        comments=_largest(a.comments, b.comments),
        submitted_by=_longest(a.submitted_by, b.submitted_by),
        submitted_at=_earliest(a.submitted_at, b.submitted_at),
        github_repo=_longest(a.github_repo, b.github_repo),
        github_stars=_largest(a.github_stars, b.github_stars),
        project_page=_longest(a.project_page, b.project_page),
        ai_summary=_longest(a.ai_summary, b.ai_summary),
        ai_keywords=_keywords(a.ai_keywords, b.ai_keywords),
        thumbnail=_longest(a.thumbnail, b.thumbnail),
        first_seen=_earlier(a.first_seen, b.first_seen),
        last_seen=_later(a.last_seen, b.last_seen),
        sightings=sightings,
        problems=problems,
        extra=_extra(a.extra, b.extra),
    )


def join_titles(rows: Iterable[Row]) -> list[Row]:
    """Rows sorted by key, each title-keyed row merged into the arXiv-id row that has its title.

    A title that belongs to one arXiv id only (in any of that row's sightings) joins it; a title
    shared by rows of several ids stays a row of its own, since it cannot say which it is.
    Run once all rows are known: the result then does not depend on the order they came in.
    """
    by_key: dict[str, Row] = {}
    for row in rows:
        by_key[row.key] = merge(by_key[row.key], row) if row.key in by_key else row
    ids_of: dict[str, set[str]] = {}
    for row in by_key.values():
        if row.arxiv_id is not None:
            for s in row.sightings:
                if s.title is not None:
                    ids_of.setdefault(TITLE_KEY_PREFIX + normalize_title(s.title), set()).add(
                        row.key
                    )
    for key in [k for k in by_key if k.startswith(TITLE_KEY_PREFIX)]:
        ids = ids_of.get(key, set())
        if len(ids) == 1:
            (target,) = ids
            moved = attrs.evolve(by_key.pop(key), key=target)
            by_key[target] = merge(by_key[target], moved)
    return [by_key[key] for key in sorted(by_key)]


# --- reading documents ------------------------------------------------------------------------


def file_digest(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, in hex (read in chunks)."""
    import hashlib  # here, not at import: ``import paperlist`` stays quick (3 ms)

    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@attrs.frozen
class InputFile:
    """A file :func:`collect` reads: its path, and whether it was found in a walk (then it is
    read only when a format scores it above the walk's threshold) or named by the caller (read
    unless no format recognizes it, as :func:`paperlist.parse` refuses it)."""

    path: Path
    walked: bool


def _files(
    sources: Iterable[str | os.PathLike[str]],
    exclude: Iterable[str | os.PathLike[str]],
    on_problem: OnProblem,
) -> list[InputFile]:
    """Every file to read, in order; a missing name raises before anything is read."""
    left_out = {Path(path).resolve() for path in exclude}

    def note(exc: OSError) -> None:
        name = display_name(exc.filename if exc.filename is not None else "?")
        on_problem(name, Problem("unreadable", f"skipped: {exc.strerror or exc}"))

    found: list[InputFile] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found.extend(
                InputFile(p, True) for p in walk(path, onerror=note) if p.resolve() not in left_out
            )
        elif path.resolve() in left_out:
            continue
        elif path.exists():
            found.append(InputFile(path, False))
        else:
            raise FileNotFoundError(2, "No such file or directory", os.fspath(source))
    return found


def choose_format(head: str, format: str | None, *, walked: bool) -> tuple[str, Problem | None]:
    """The format a document is read as, or the problem why it is not read at all.

    A file found in a walk is read only when its format scores it above ``DETECT_THRESHOLD``
    (a forced format too: the walk holds files of other kinds); a named file is read unless no
    format recognizes it, as :func:`paperlist.parse` would refuse it.
    """
    if format is not None and not walked:
        return format, None  # read as the caller asked
    if format is not None:
        best, score = format, float(formats.get(format).score(head))
    else:
        best, score = formats.best(head)  # scored once: each scoring reads the head 7 times
    if walked and score <= DETECT_THRESHOLD:
        message = f"no format scores it above {DETECT_THRESHOLD} (best: {best} {score:.2f})"
        return best, Problem("skipped", message)
    if format is None and not formats.recognized(score, head):
        return best, formats.refusal(head)
    return best, None


def read_document(
    item: InputFile, name: str, digest: str, format: str | None, options: Options, on: OnProblem
) -> Iterator[Row]:
    """The rows of one document's records, as it streams: one row per record, not merged.

    ``name`` and ``digest`` (its SHA-256) go into each sighting; problems go to ``on(name,
    problem)``, each once.  A WARC archive gives the rows of every record read in it.  This is
    what :func:`collect` does per file, public so that another executor (``paperlist.dask``)
    makes the very same rows and problems.
    """
    from . import warc  # loaded by the first document read, not by ``import paperlist``

    if warc.is_archive(item.path):
        yield from _read_archive(item, name, digest, format, options, on)
        return
    document = load(item.path, name=name)
    chosen, skip = choose_format(document.head, format, walked=item.walked)
    if skip is not None:
        on(name, skip)
        return
    adapter = formats.get(chosen)
    page_date: PartialDate | None = None
    # A problem may come both on its paper and as an event (adapters are moving to the first):
    # each is reported once.
    reported: set[Problem] = set()

    def once(problem: Problem) -> None:
        if problem not in reported:
            reported.add(problem)
            on(name, problem)

    for event in adapter.parse(document, options):
        if isinstance(event, Paper):
            for problem in event.problems:
                once(problem)
            seen = sighting_of(event, page_date=page_date, file=name, sha256=digest)
            yield row_from(event, seen)
        elif isinstance(event, PageDate):
            page_date = page_date or event.date
        else:
            once(event)
    for problem in document.problems:
        once(problem)


def _read_archive(
    item: InputFile, name: str, digest: str, format: str | None, options: Options, on: OnProblem
) -> Iterator[Row]:
    """The rows of a WARC archive: each record read is a document with its own page date."""
    from . import warc

    for listing in warc.listings(
        item.path, format=format, reference_date=options.reference_date, name=name
    ):
        if isinstance(listing, warc.Skipped):
            continue
        for problem in listing.problems:
            on(name, problem)
        for paper in listing.papers:
            seen = sighting_of(paper, page_date=listing.page_date, file=name, sha256=digest)
            yield row_from(paper, seen)


def _ignore(name: str, problem: Problem) -> None:
    """The default ``on_problem``: problems are not kept (collect streams)."""


class _Table:
    """Rows by key, merged as they come in a balanced order: each key holds a few rows whose
    sightings at least double from top to bottom, so a paper seen n times costs n log n, not the
    n squared of merging every sighting into one growing row (16,000 sightings of one paper took
    a second).  ``merge`` is associative and commutative: the rows are the same either way."""

    def __init__(self) -> None:
        self._stacks: dict[str, list[Row]] = {}

    def add(self, row: Row) -> None:
        stack = self._stacks.setdefault(row.key, [])
        stack.append(row)
        while len(stack) > 1 and 2 * len(stack[-1].sightings) >= len(stack[-2].sightings):
            top = stack.pop()
            stack[-1] = merge(stack[-1], top)

    def rows(self) -> Iterator[Row]:
        for key, stack in self._stacks.items():
            while len(stack) > 1:
                top = stack.pop()
                stack[-1] = merge(stack[-1], top)
            yield self._stacks[key][0]


def collect(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    reference_date: _dt.date | str | None = None,
    format: str | None = None,
    rows: Iterable[Row] = (),
    exclude: Iterable[str | os.PathLike[str]] = (),
    on_problem: OnProblem | None = None,
) -> list[Row]:
    """Read every file in ``sources`` (paths of files and folders) into one row per paper.

    Folders are walked as ``paperlist parse`` walks them (:func:`paperlist.walk`); a file found
    in a folder is read only when a format recognizes it.  ``rows`` are rows collected before
    (``--update``): documents among their sightings with the same name and SHA-256 are not read
    again, and the new records merge into them.  Problems (a document's parse problems, a
    skipped file, a file or folder found in a walk that cannot be read) go to
    ``on_problem(name, problem)`` as they are found; rows hold only their conflicts.  Memory
    holds one row per distinct paper, never every record.  Files in ``exclude`` (the output,
    say) are never read.  The rows come back sorted by key.  A named file that cannot be read
    raises :class:`OSError`.
    """
    from .api import read_reference_date

    report: OnProblem = on_problem or _ignore
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    if format is not None:
        formats.get(format)  # an unknown name raises now, before anything is read
    options = Options(reference_date=read_reference_date(reference_date))
    table = _Table()
    for row in rows:
        table.add(row)
    done = {(s.file, s.sha256) for row in table.rows() for s in row.sightings}
    for item in _files(sources, exclude, report):
        name = display_name(item.path)
        try:
            digest = file_digest(item.path)
        except OSError as exc:
            if not item.walked:
                raise
            report(name, Problem("unreadable", f"skipped: {exc.strerror or exc}"))
            continue
        if (name, digest) in done:
            continue
        done.add((name, digest))
        for row in read_document(item, name, digest, format, options, report):
            table.add(row)
    return join_titles(table.rows())
