"""Web archives (WARC, and ``.warc.gz`` compressed record by record) as paperlist input.

An archive holds many documents: :func:`records` walks it once, yielding a :class:`Payload` for
every response (or resource) record from a Hugging Face papers page, paper page or papers API,
and a :class:`Skipped` for every other record, so a caller can count what was left out.  Each
payload is then parsed like any other document, one at a time (:func:`listings`).

Reading needs warcio (``pip install 'paperlist[warc]'``), imported only when an archive is read;
:func:`is_archive` needs nothing, so the rest of paperlist can ask it cheaply.  warcio, not
FastWARC: FastWARC reads records 1.3 to 3.5 times as fast, but reading is about a tenth of the
time parsing real pages takes (see the "Large collections" page), and warcio undoes HTTP chunking
and gzip/deflate/brotli content encoding, which FastWARC hands over as they were sent.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import os
import re
import stat
import zlib
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import urlsplit

import attrs

from . import formats
from .document import Document, load
from .errors import PaperlistError, ParseError
from .records import Listing, Paper, Problem, Source

__all__ = [
    "ARCHIVE_SUFFIXES",
    "ArchiveListing",
    "Damaged",
    "MissingExtraError",
    "Payload",
    "Skipped",
    "charset",
    "document",
    "fetched_at",
    "format_for",
    "is_archive",
    "iter_archive_papers",
    "listings",
    "parse_archive",
    "record_start",
    "records",
]

#: File names that are archives whatever their first bytes.
ARCHIVE_SUFFIXES = (".warc", ".warc.gz")
_MAGIC = re.compile(rb"WARC/\d+\.\d+\r?\n")
_GZIP = b"\x1f\x8b"
HF_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})

# /papers, /papers/trending, /papers/date/..., /papers/week/..., /papers/month/..., /papers/<id>
_PAGE = re.compile(r"/papers(?:/[^/]+(?:/[^/]*)*)?/?")
_API = re.compile(r"/api/(?:.*/)?[^/]*papers[^/]*(?:/.*)?")


class MissingExtraError(PaperlistError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


@attrs.frozen
class Payload:
    """A record worth parsing: its body and where it came from.

    ``format`` is the format the Content-Type and URL imply (None: detect it); ``encoding`` the
    HTTP charset, if any.  ``offset`` is the record's byte offset in the archive file (in the
    compressed file for ``.warc.gz``); ``fetched_at`` the ``WARC-Date``.
    """

    data: bytes = attrs.field(repr=lambda d: f"<{len(d)} bytes>")
    format: str | None
    encoding: str | None
    file: str
    offset: int
    uri: str
    fetched_at: _dt.datetime | None


@attrs.frozen
class Skipped:
    """A record that was not parsed, and why: ``reason`` is ``record-type`` (requests,
    metadata, warcinfo, revisits, ...), ``status`` (a response other than 200), ``other-site``
    or ``not-papers`` (a Hugging Face URL that is not a papers page or API)."""

    reason: str
    offset: int
    uri: str | None
    record_type: str
    status: int | None = None


@attrs.frozen
class Damaged:
    """The archive could not be read on from here: ``offset`` is the last record read (or where
    reading began), ``message`` what the WARC reader said.  Nothing after it is read."""

    offset: int
    message: str


def is_archive(source: Any) -> bool:
    """Whether ``source`` is a WARC archive: a path ending ``.warc``/``.warc.gz``, or a path,
    bytes or binary stream that starts with a WARC version line (``WARC/1.0``), plain or
    gzipped.

    ``str`` is document text, never a path, and text is never an archive.  A stream is peeked
    at (or read and sought back), not consumed.
    """
    if isinstance(source, os.PathLike):
        path = os.fsdecode(os.fspath(source))
        if path.lower().endswith(ARCHIVE_SUFFIXES):
            return True
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return False  # a FIFO or device can be read only once: its name must say it
            with open(path, "rb") as stream:
                return _is_warc_head(stream.read(512))
        except OSError:
            return False  # load() reports the missing file in its own words
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _is_warc_head(bytes(source[:512]))
    if hasattr(source, "read"):
        return _is_warc_head(_peek(source))
    return False


def _peek(stream: Any) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        try:
            head = peek(512)
        except (OSError, ValueError):
            head = None
        if isinstance(head, bytes):
            return head[:512]
    seekable = getattr(stream, "seekable", None)
    if seekable is not None and seekable():
        position = stream.tell()
        head = stream.read(512)
        stream.seek(position)
        return head if isinstance(head, bytes) else b""
    return b""


def _is_warc_head(head: bytes) -> bool:
    if head.startswith(_GZIP):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return _MAGIC.match(head) is not None


def format_for(uri: str, content_type: str | None) -> tuple[bool, str | None]:
    """Whether ``uri`` is a papers page or papers API of Hugging Face, and the format its
    Content-Type (first) or URL implies (None: let detection decide).

    >>> format_for("https://huggingface.co/papers?date=2024-08-01", "text/html")
    (True, 'hf-html')
    >>> format_for("https://huggingface.co/api/daily_papers?date=2025-10-03", None)
    (True, 'hf-json')
    >>> format_for("https://huggingface.co/robots.txt", "text/plain")
    (False, None)
    """
    parts = urlsplit(uri)
    if (parts.hostname or "").lower() not in HF_HOSTS:
        return False, None
    api = _API.fullmatch(parts.path) is not None
    if not api and _PAGE.fullmatch(parts.path) is None:
        return False, None
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime == "application/json" or mime.endswith("+json"):
        return True, "hf-json"
    if mime in {"text/html", "application/xhtml+xml"}:
        return True, "hf-html"
    return True, "hf-json" if api else None


def charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type, as a codec name Python knows (else None)."""
    m = re.search(r";\s*charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    if m is None:
        return None
    try:
        name = codecs.lookup(m.group(1)).name
        "a".encode(name)  # "rot13", "base64" are codecs but not text encodings
    except (LookupError, UnicodeError):
        return None
    return name


def fetched_at(value: str | None) -> _dt.datetime | None:
    """A ``WARC-Date`` (``2024-08-01T12:00:00Z``, maybe with fractions) as an aware datetime."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", value)
    if m is None:
        return None
    try:
        when = _dt.datetime.fromisoformat(m.group(1))
    except ValueError:
        return None
    micro = int((m.group(2) or "0")[:6].ljust(6, "0"))
    zone = m.group(3) or "Z"
    tz = _dt.timezone.utc if zone == "Z" else _dt.datetime.strptime(zone, "%z").tzinfo
    return when.replace(microsecond=micro, tzinfo=tz)


def _archive_iterator() -> Any:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise MissingExtraError(
            "reading WARC archives needs warcio: pip install 'paperlist[warc]'"
        ) from None
    return ArchiveIterator


def records(
    source: Any, name: str | None = None, *, start: int = 0, stop: int | None = None
) -> Iterator[Payload | Skipped | Damaged]:
    """Every record of the archive ``source`` (a path, bytes or binary stream), in order.

    The file is opened at once, so a missing one raises here; records are read as the iterator
    is advanced, one at a time.  ``name`` is what :attr:`Payload.file` says (default: the path,
    or the stream's name).  ``start`` (a record's offset, see :func:`record_start`) and
    ``stop`` read only the records that begin in ``[start, stop)``: a part of a large archive.
    """
    archive_iterator = _archive_iterator()
    if isinstance(source, os.PathLike):
        path = os.fsdecode(os.fspath(source))
        with open(path, "rb"):  # a missing file raises now; it is opened again when read
            pass
        return _file_records(archive_iterator, path, name or path, start, stop)
    if isinstance(source, (bytes, bytearray, memoryview)):
        import io

        stream = io.BytesIO(bytes(source))
        return _records(archive_iterator, stream, name or "<bytes>", start, stop)
    if hasattr(source, "read"):
        label = name or str(getattr(source, "name", None) or "<file>")
        return _records(archive_iterator, source, label, start, stop)
    raise TypeError(f"a WARC archive is a path, bytes or binary stream; got {type(source)}")


def _file_records(
    archive_iterator: Any, path: str, name: str, start: int, stop: int | None
) -> Iterator[Payload | Skipped | Damaged]:
    with open(path, "rb") as stream:
        yield from _records(archive_iterator, stream, name, start, stop)


def _records(
    archive_iterator: Any, stream: IO[bytes], name: str, start: int, stop: int | None
) -> Iterator[Payload | Skipped | Damaged]:
    if start:
        stream.seek(start)
    iterator = archive_iterator(stream)
    offset, end = start, start
    try:
        for record in iterator:
            item = _read(record, iterator, name)
            if stop is not None and item.offset >= stop:
                return
            offset, end = item.offset, item.offset + int(iterator.get_record_length())
            yield item
    except Exception as exc:
        # warcio raises many kinds (its own, zlib's, EOFError, even AttributeError) on damaged
        # archives.  A file that cannot be read (OSError) is the caller's to hear about.
        if isinstance(exc, OSError):
            raise
        # The rest of the archive cannot be found reliably: report where reading stopped.
        yield Damaged(offset, f"{type(exc).__name__}: {exc}".strip().rstrip(":"))
        return
    left = _position(stream) - end
    if left > 4:  # more than the blank lines that end a plain WARC: a cut-off gzip member
        yield Damaged(offset, f"the last {left} bytes are not a whole record")


def _position(stream: IO[bytes]) -> int:
    try:
        return stream.tell()
    except (OSError, ValueError):
        return 0  # a pipe: where the archive ends is not known


def record_start(stream: IO[bytes], position: int, window: int = 1 << 20) -> int | None:
    """The offset of the first record at or after ``position`` in a ``.warc.gz`` (gzipped
    record by record), found by looking for a gzip member that opens with ``WARC/``; None when
    there is none.  Lets several workers share one large archive without an index."""
    magic = _GZIP + b"\x08"
    while True:
        stream.seek(position)
        chunk = stream.read(window + 512)
        found = chunk.find(magic)
        while 0 <= found < window:
            if _is_warc_head(chunk[found : found + 512]):
                return position + found
            found = chunk.find(magic, found + 1)
        if len(chunk) <= window:
            return None
        position += window


def _read(record: Any, iterator: Any, name: str) -> Payload | Skipped:
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI")
    http = record.http_headers
    if kind not in {"response", "resource"} or (kind == "response" and http is None):
        return Skipped("record-type", _offset(iterator), uri, kind)
    status = None
    if kind == "response":
        code = http.get_statuscode() or ""
        status = int(code) if code.isdigit() else 0
        content_type = http.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    wanted, fmt = format_for(uri or "", content_type)
    if not wanted:
        reason = "not-papers" if _on_hf(uri) else "other-site"
        return Skipped(reason, _offset(iterator), uri, kind)
    if status is not None and status != 200:
        return Skipped("status", _offset(iterator), uri, kind, status)
    data = record.content_stream().read()
    return Payload(
        data=data,
        format=fmt,
        encoding=charset(content_type),
        file=name,
        offset=_offset(iterator),
        uri=uri,
        fetched_at=fetched_at(record.rec_headers.get_header("WARC-Date")),
    )


def _offset(iterator: Any) -> int:
    # warcio knows a record's offset once the record has been read to its end.
    return int(iterator.get_record_offset())


def _on_hf(uri: str | None) -> bool:
    return (urlsplit(uri or "").hostname or "").lower() in HF_HOSTS


# --- parsing the records --------------------------------------------------------------------


def document(payload: Payload) -> Document:
    """The payload as a :class:`~paperlist.document.Document`, decoded once.

    A byte-order mark wins, then the HTTP charset; without either (or for UTF-8, whose
    undecodable lines paperlist reports) the bytes are decoded as any other input's.
    """
    data = payload.data
    encoding = payload.encoding
    label = f"{payload.file}@{payload.offset}"
    if encoding is None or encoding == "utf-8" or _has_bom(data):
        return load(data, name=label)
    try:
        return load(data.decode(encoding), name=label)
    except UnicodeDecodeError:
        return load(data, name=label)  # the header was wrong: decode as if it were absent


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _format(doc: Document, hint: str | None, forced: str | None) -> str | None:
    """The caller's format, else the implied one if it fits the head at all, else detection."""
    if forced is not None:
        return forced
    if hint is not None and formats.get(hint).score(doc.head) > 0:
        return hint
    return None


def _placed(paper: Paper, payload: Payload) -> Paper:
    source = paper.source or Source(format="")
    where = attrs.evolve(
        source,
        file=payload.file,
        offset=payload.offset,
        uri=payload.uri,
        fetched_at=payload.fetched_at,
    )
    return attrs.evolve(paper, source=where)


def _located(problem: Problem, payload: Payload) -> Problem:
    message = f"{payload.uri} (offset {payload.offset}): {problem.message}"
    return attrs.evolve(problem, message=message)


def _damage(item: Damaged) -> Problem:
    message = f"archive damaged after offset {item.offset}; the rest is not read: {item.message}"
    return Problem("bad-archive", message)


def _reference(payload: Payload, given: _dt.date | str | None) -> _dt.date | str | None:
    if given is not None or payload.fetched_at is None:
        return given
    return payload.fetched_at.date()


def listings(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    name: str | None = None,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[Listing | Skipped]:
    """Each parsed record of the archive as its own :class:`~paperlist.records.Listing`, and
    each skipped record as a :class:`Skipped`, in archive order, one record at a time.

    A listing's papers say the archive, record offset, URI and ``WARC-Date`` in ``source``;
    its problems name the record's URI and offset.  ``format`` (if given) is used for every
    record; ``reference_date`` defaults to each record's ``WARC-Date``.  ``start`` and ``stop``
    read a part of the archive (see :func:`records`).
    """
    from .api import parse

    for item in records(source, name, start=start, stop=stop):
        if isinstance(item, Skipped):
            yield item
            continue
        if isinstance(item, Damaged):
            yield Listing((), "warc", None, (_damage(item),))
            return
        doc = document(item)
        listing = parse(
            doc,
            format=_format(doc, item.format, format),
            reference_date=_reference(item, reference_date),
        )
        yield Listing(
            tuple(_placed(paper, item) for paper in listing.papers),
            listing.format,
            listing.page_date,
            tuple(_located(problem, item) for problem in listing.problems),
        )


@attrs.frozen
class ArchiveListing:
    """What :func:`parse_archive` read: every record's papers and problems as one listing, and
    how many records were skipped, by reason."""

    listing: Listing
    parsed: int
    skipped: dict[str, int]


def parse_archive(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    strict: bool = False,
    name: str | None = None,
) -> ArchiveListing:
    """All papers of an archive as one listing of format ``warc`` (its ``page_date`` is None:
    an archive holds many pages; :func:`listings` gives each record's).

    Skipped records are counted, not reported as problems: an archive's requests and robots.txt
    are not damage, so ``strict`` raises only for problems in the records that were read.
    """
    papers: list[Paper] = []
    problems: list[Problem] = []
    skipped: dict[str, int] = {}
    parsed = 0
    label = name or _label(source)
    for item in listings(source, format=format, reference_date=reference_date, name=name):
        if isinstance(item, Skipped):
            skipped[item.reason] = skipped.get(item.reason, 0) + 1
            continue
        parsed += item.format != "warc"  # "warc": the damage report, not a record
        papers.extend(item.papers)
        problems.extend(item.problems)
    if strict and problems:
        n = len(problems)
        raise ParseError(f"{label}: {n} problem{'s' if n != 1 else ''}", problems)
    return ArchiveListing(Listing(tuple(papers), "warc", None, tuple(problems)), parsed, skipped)


def iter_archive_papers(
    source: Any,
    *,
    format: str | None = None,
    reference_date: _dt.date | str | None = None,
    strict: bool = False,
    name: str | None = None,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[Paper]:
    """The papers of an archive, one record in memory at a time; ``strict`` raises at the first
    record with a problem.  The archive is opened (and ``format`` checked) at once."""
    if format is not None:
        formats.get(format)
    items = records(source, name, start=start, stop=stop)
    return _archive_papers(items, format, reference_date, strict)


def _archive_papers(
    items: Iterator[Payload | Skipped | Damaged],
    format: str | None,
    reference_date: _dt.date | str | None,
    strict: bool,
) -> Iterator[Paper]:
    from .api import iter_papers

    for item in items:
        if isinstance(item, Skipped):
            continue
        if isinstance(item, Damaged):
            if strict:
                raise ParseError(f"{item.offset}: damaged archive", [_damage(item)])
            return
        doc = document(item)
        papers = iter_papers(
            doc,
            format=_format(doc, item.format, format),
            reference_date=_reference(item, reference_date),
            strict=strict,
        )
        for paper in papers:
            yield _placed(paper, item)


def _label(source: Any) -> str:
    if isinstance(source, os.PathLike):
        return os.fsdecode(os.fspath(source))
    return str(getattr(source, "name", None) or "<archive>")
