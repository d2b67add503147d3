"""paperlist on Dask: many files, folders or archives, local or at any fsspec URL, read in
parallel on one machine or a cluster (``pip install 'paperlist[dask]'``).

:func:`read_papers` gives a :class:`dask.bag.Bag` of papers as plain dicts; :func:`collect`
merges them into rows as :func:`paperlist.collect` does, with a distributed group-by
(``Bag.foldby``) over the same associative :func:`paperlist.collect.merge`.  The workers run the
same parse functions as a single process; nothing here is imported by ``import paperlist``.

A large ``.warc.gz`` is split into parts of about ``blocksize`` bytes that workers read on their
own (each finds the first record of its part, :func:`paperlist.warc.record_start`); any other
file is one task.
"""

from __future__ import annotations

import datetime as _dt
import functools
import glob
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import formats, warc
from .api import iter_papers, read_reference_date
from .collect import (
    InputFile,
    OnProblem,
    Row,
    choose_format,
    join_titles,
    key_of,
    merge,
    read_document,
    row_from,
    sighting_of,
)
from .document import load
from .formats import Options
from .records import Listing, Paper, Problem, Source
from .walk import display_name, is_documentation, walk

if TYPE_CHECKING:
    import dask.bag

__all__ = ["BLOCKSIZE", "FILES_PER_TASK", "Piece", "collect", "pieces", "read_papers"]

#: A ``.warc.gz`` larger than this is read in parts of about this many bytes.
BLOCKSIZE = 32 * 1024 * 1024
#: Files other than archives are read this many to a task.
FILES_PER_TASK = 64
_GLOB_CHARS = frozenset("*?[")


def _require() -> Any:
    try:
        import dask.bag as db
        import fsspec  # noqa: F401 - checked here so that the message names both
    except ImportError:
        raise warc.MissingExtraError(
            "paperlist.dask needs dask and fsspec: pip install 'paperlist[dask]'"
        ) from None
    return db


@attrs.frozen
class Piece:
    """One task's input: a file (or the part ``[start, stop)`` of an archive).

    ``url`` is a local path or an fsspec URL; ``walked``: the file was found in a folder or by
    a glob, so it is read only when a format recognizes it, as ``paperlist parse DIR`` does.
    """

    url: str
    walked: bool = False
    archive: bool = False
    start: int = 0
    stop: int | None = None

    @property
    def name(self) -> str:
        """What sightings and ``source.file`` say: the path or URL as printable text."""
        return display_name(self.url)


# --- which files ------------------------------------------------------------------------------


def _is_local(urlpath: str) -> bool:
    return "://" not in urlpath or urlpath.startswith("file://")


def _unreadable(on_problem: OnProblem, exc: OSError) -> None:
    name = display_name(exc.filename if exc.filename is not None else "?")
    on_problem(name, Problem("unreadable", f"skipped: {exc.strerror or exc}"))


def _local_files(
    urlpath: str, left_out: set[Path], onerror: Callable[[OSError], object] | None = None
) -> list[tuple[str, bool]]:
    """A local path, folder or glob as (path, walked); paths are named as
    :func:`paperlist.collect` names them, so that rows from both agree."""
    path = Path(urlpath.removeprefix("file://"))
    if _GLOB_CHARS & set(urlpath):
        found = [Path(p) for p in sorted(glob.glob(os.fspath(path), recursive=True))]
        walked = [p for p in found if p.is_file()]
    elif path.is_dir():
        walked = list(walk(path, onerror=onerror))
    elif path.exists():
        return [] if path.resolve() in left_out else [(os.fspath(path), False)]
    else:
        raise FileNotFoundError(2, "No such file or directory", urlpath)
    return [(os.fspath(p), True) for p in walked if p.resolve() not in left_out]


def _remote_files(urlpath: str) -> list[tuple[str, bool]]:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(urlpath)
    if _GLOB_CHARS & set(path):
        found = sorted(fs.glob(path))
        return [(fs.unstrip_protocol(p), True) for p in found if fs.isfile(p)]
    if fs.isdir(path):
        root = path.rstrip("/")
        result = []
        for p in sorted(fs.find(root)):
            parts = p[len(root) :].strip("/").split("/")
            hidden = any(part.startswith(".") for part in parts)
            if not hidden and not is_documentation(Path(parts[-1])):
                result.append((fs.unstrip_protocol(p), True))
        return result
    if not fs.exists(path):
        raise FileNotFoundError(2, "No such file or directory", urlpath)
    return [(urlpath, False)]


def _size(url: str) -> int:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    return int(fs.size(path))


def pieces(
    urlpaths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    blocksize: int = BLOCKSIZE,
    exclude: Iterable[str | os.PathLike[str]] = (),
    on_problem: OnProblem | None = None,
) -> list[Piece]:
    """The tasks :func:`read_papers` makes of ``urlpaths``: its files, folders (walked as
    ``paperlist parse`` walks them) and globs, with each ``.warc.gz`` larger than ``blocksize``
    cut into parts.  Local files in ``exclude`` are left out.  A missing name raises now; a
    folder that cannot be listed is skipped and goes to ``on_problem`` (else a warning)."""
    _require()
    onerror = None if on_problem is None else functools.partial(_unreadable, on_problem)
    if isinstance(urlpaths, (str, os.PathLike)):
        urlpaths = [urlpaths]
    left_out = {Path(p).resolve() for p in exclude}
    found: list[tuple[str, bool]] = []
    for urlpath in [os.fspath(u) for u in urlpaths]:
        local = _is_local(urlpath)
        found += _local_files(urlpath, left_out, onerror) if local else _remote_files(urlpath)
    result: list[Piece] = []
    for url, walked in found:
        local = _is_local(url)
        archive = url.lower().endswith(warc.ARCHIVE_SUFFIXES) or (
            local and warc.is_archive(Path(url))
        )
        size = _size(url) if archive else 0
        if archive and _gzipped(url) and size > blocksize:
            starts = range(0, size, blocksize)
            result += [Piece(url, walked, True, start, start + blocksize) for start in starts]
        else:
            result.append(Piece(url, walked, archive))
    return result


def _gzipped(url: str) -> bool:
    import fsspec

    with fsspec.open(url, "rb") as stream:
        return bytes(stream.read(2)) == b"\x1f\x8b"


# --- reading one piece ------------------------------------------------------------------------


def _archive_listings(
    piece: Piece, stream: Any, format: str | None, reference_date: _dt.date | None
) -> Iterator[Listing | warc.Skipped]:
    """The records of an archive piece: those that begin in ``[start, stop)``."""
    start: int | None = 0
    if piece.start:
        start = warc.record_start(stream, piece.start)
        if start is None or (piece.stop is not None and start >= piece.stop):
            return
    yield from warc.listings(
        stream,
        format=format,
        reference_date=reference_date,
        name=piece.name,
        start=start or 0,
        stop=piece.stop,
    )


def _papers(piece: Piece, format: str | None, reference_date: _dt.date | None) -> Iterator[Paper]:
    import fsspec

    with fsspec.open(piece.url, "rb") as stream:
        if piece.archive or warc.is_archive(stream):
            for listing in _archive_listings(piece, stream, format, reference_date):
                if isinstance(listing, Listing):
                    yield from listing.papers
            return
        document = load(stream, name=piece.name)
        chosen, skip = choose_format(document.head, format, walked=piece.walked)
        if skip is not None:
            return  # left out, as collect leaves it out (its problem is collect's to report)
        for paper in iter_papers(document, format=chosen, reference_date=reference_date):
            yield _named(paper, piece.name)


def _named(paper: Paper, name: str) -> Paper:
    source = paper.source or Source(format="")
    return attrs.evolve(paper, source=attrs.evolve(source, file=name))


def _dicts(batch: list[Piece], format: str | None, reference_date: _dt.date | None) -> list[Any]:
    from .serialize import to_dict

    return [to_dict(paper) for piece in batch for paper in _papers(piece, format, reference_date)]


def _batches(tasks: list[Piece], files_per_task: int) -> list[list[Piece]]:
    """Each archive (part) a task of its own; runs of other files ``files_per_task`` to a task,
    so that a million saved pages do not make a million tasks."""
    batches: list[list[Piece]] = []
    files: list[Piece] = []
    for piece in tasks:
        if piece.archive:
            if files:  # kept in order: the bag lists papers as the files were named
                batches.append(files)
                files = []
            batches.append([piece])
            continue
        files.append(piece)
        if len(files) == files_per_task:
            batches.append(files)
            files = []
    if files:
        batches.append(files)
    return batches


def read_papers(
    urlpaths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    blocksize: int = BLOCKSIZE,
    files_per_task: int = FILES_PER_TASK,
) -> dask.bag.Bag:
    """Every paper in ``urlpaths`` (files, folders, globs or WARC archives; local paths or any
    fsspec URL such as ``s3://bucket/crawl/*.warc.gz``) as a bag of plain dicts, the form
    :func:`paperlist.to_dict` gives, with ``source.file`` naming the file or archive.

    Nothing is parsed until the bag is computed; the files are listed (and large archives
    measured) now, so a missing name raises here.  Each archive, or part of one (``blocksize``
    bytes), is a task; other files are read ``files_per_task`` to a task.
    """
    db = _require()
    if format is not None:
        formats.get(format)
    tasks = pieces(urlpaths, blocksize)
    read = functools.partial(
        _dicts, format=format, reference_date=read_reference_date(reference_date)
    )
    batches = _batches(tasks, files_per_task)
    bag: dask.bag.Bag = db.from_sequence(batches, partition_size=1).map(read).flatten()
    return bag


# --- collect ----------------------------------------------------------------------------------


def _digests(batch: list[Piece]) -> list[tuple[str, str]]:
    """Each file's SHA-256, as :func:`paperlist.collect` records it for ``--update``."""
    import fsspec

    found = []
    for piece in batch:
        sha = hashlib.sha256()
        with fsspec.open(piece.url, "rb") as stream:
            while chunk := stream.read(1 << 20):
                sha.update(chunk)
        found.append((piece.url, sha.hexdigest()))
    return found


def _ignore(name: str, problem: Problem) -> None:
    """The default ``on_problem``: problems are not kept."""


def _batch_rows(
    batch: tuple[int, list[Piece]], digests: dict[str, str], format: str | None, options: Options
) -> list[Row | _Note]:
    number, pieces = batch
    found = [item for piece in pieces for item in _piece_rows(piece, digests, format, options)]
    # Numbered, so that the problems can be told apart in the group-by and put back in order.
    return [
        attrs.evolve(item, order=(number, n)) if isinstance(item, _Note) else item
        for n, item in enumerate(found)
    ]


@attrs.frozen
class _Note:
    """A problem found in a worker, sent back to be reported where ``collect`` was called."""

    name: str
    problem: Problem
    order: tuple[int, int] = (0, 0)


def _piece_rows(
    piece: Piece, digests: dict[str, str], format: str | None, options: Options
) -> list[Row | _Note]:
    """The rows of one piece, made as :func:`paperlist.collect` makes them, and its problems."""
    import fsspec

    name, digest = piece.name, digests[piece.url]
    notes: list[Row | _Note] = []

    def note(name: str, problem: Problem) -> None:
        notes.append(_Note(name, problem))

    if not piece.archive:
        # Any other document goes through collect's own reader (a remote one from a local
        # copy): the very same rows and problems as paperlist.collect makes.
        local = piece.url.removeprefix("file://")
        if not _is_local(piece.url):
            local = fsspec.open_local(f"simplecache::{piece.url}")
        item = InputFile(Path(local), piece.walked)
        rows: list[Row | _Note] = list(read_document(item, name, digest, format, options, note))
        return rows + notes
    result: list[Row | _Note] = []
    with fsspec.open(piece.url, "rb") as stream:
        for listing in _archive_listings(piece, stream, format, options.reference_date):
            if isinstance(listing, Listing):
                result += [_Note(name, problem) for problem in listing.problems]
                for paper in listing.papers:
                    seen = sighting_of(paper, page_date=listing.page_date, file=name, sha256=digest)
                    result.append(row_from(paper, seen))
    return result


def _fold_key(item: Row | _Note) -> Any:
    """A row's key; each problem a key of its own (a tuple: never a row's)."""
    return item.order if isinstance(item, _Note) else key_of(item)


def _fold(a: Any, b: Any) -> Any:
    return merge(a, b)  # only rows share keys


def collect(
    urlpaths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str] | None = None,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    rows: Iterable[Row] = (),
    exclude: Iterable[str | os.PathLike[str]] = (),
    blocksize: int = BLOCKSIZE,
    files_per_task: int = FILES_PER_TASK,
    scheduler: str | None = None,
    on_problem: OnProblem | None = None,
) -> list[Row]:
    """:func:`paperlist.collect` as a distributed group-by, written to ``out`` if given
    (``.parquet``, ``.jsonl`` or ``.csv`` by its suffix, as ``paperlist collect`` writes).

    The files' SHA-256 digests are computed first, in parallel; documents already among
    ``rows``' sightings are not read again.  Each piece's records become rows that
    ``Bag.foldby`` merges by key with the same associative :func:`~paperlist.collect.merge`;
    titles are joined once on the client.  ``scheduler`` is a Dask scheduler name or the
    address of a ``dask.distributed`` scheduler, used as it is; by default, the scheduler Dask
    is configured with (a ``Client`` you made, ``dask.config.set``), else local processes.
    Problems (a document's parse problems, a skipped file) come back from the workers and go
    to ``on_problem(name, problem)``, in the order of the files, as :func:`paperlist.collect`
    reports them; rows hold only their conflicts.
    """
    db = _require()
    report: OnProblem = on_problem or _ignore
    if format is not None:
        formats.get(format)
    options = Options(reference_date=read_reference_date(reference_date))
    earlier = list(rows)
    done = {(s.file, s.sha256) for row in earlier for s in row.sightings}
    tasks = pieces(urlpaths, blocksize, exclude, on_problem=report)
    merged: list[tuple[str, Row]] = []
    with _scheduler(scheduler):
        files = [task for task in tasks if not task.start]  # one task per file, not per part
        digests: dict[str, str] = {}
        if files:
            batches = _batches(files, files_per_task)
            found = db.from_sequence(batches, partition_size=1).map(_digests).flatten()
            digests = dict(found.compute())
        tasks = [t for t in tasks if (t.name, digests[t.url]) not in done]
        if tasks:
            read = functools.partial(_batch_rows, digests=digests, format=format, options=options)
            numbered = list(enumerate(_batches(tasks, files_per_task)))
            items = db.from_sequence(numbered, partition_size=1).map(read).flatten()
            # One group-by for both: rows merge by key; each problem comes back as it was.
            folded = items.foldby(_fold_key, _fold, combine=_fold).compute()
            merged = [(key, row) for key, row in folded if isinstance(row, Row)]
            notes = sorted((note for _, note in folded if isinstance(note, _Note)), key=_order)
            for found in notes:
                report(found.name, found.problem)
    result = join_titles([*earlier, *(row for _, row in merged)])
    if out is not None:
        from .dataset import write_rows

        write_rows(result, out)
    return result


def _order(note: _Note) -> tuple[int, int]:
    return note.order


class _scheduler:
    """Dask set to ``scheduler`` (a scheduler name, or a distributed address) for a block."""

    def __init__(self, scheduler: str | None) -> None:
        self.scheduler = scheduler
        self._client: Any = None
        self._config: Any = None
        self._pool: Any = None

    def __enter__(self) -> None:
        import dask

        if self.scheduler is None:
            if dask.config.get("scheduler", None) is not None:
                return  # the caller's choice (a distributed Client sets it too)
            self.scheduler = "processes"
        if ":" in self.scheduler:  # tcp://host:8786, host:8786, ...
            try:
                from dask.distributed import Client
            except ImportError:
                raise warc.MissingExtraError(
                    "a scheduler address needs dask.distributed: pip install 'dask[distributed]'"
                ) from None
            self._client = Client(self.scheduler)
            return
        options: dict[str, Any] = {"scheduler": self.scheduler}
        if self.scheduler in {"processes", "multiprocessing"}:
            # One pool for the digests and the group-by: worker processes start once.
            from concurrent.futures import ProcessPoolExecutor

            from dask import multiprocessing as dask_mp

            context: Any = dask_mp.get_context  # dask's configured start method
            self._pool = ProcessPoolExecutor(mp_context=context())
            options["pool"] = self._pool
        self._config = dask.config.set(options)
        self._config.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
        if self._config is not None:
            self._config.__exit__(*exc)
        if self._pool is not None:
            self._pool.shutdown()
