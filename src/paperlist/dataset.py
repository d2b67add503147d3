"""Rows to files and back: JSON Lines, CSV and Parquet, chosen by the file's suffix.

JSON Lines holds each :class:`~paperlist.collect.Row` whole (``paperlist.to_dict(row)``).  CSV and
Parquet hold the flat columns of :data:`COLUMNS`, the same in both and in :func:`to_arrow`: no
nested records (``organization_id``, not ``organization.id``), author names only, and the
sightings, problems and unmapped keys as JSON text.  Every form keeps the sightings, so rows read
back merge like the rows they were written from (``collect --update``).

pyarrow is an optional dependency (``pip install 'paperlist[parquet]'``), imported only here and
only when Parquet or Arrow is asked for.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from .collect import Row, Sighting, row_from, sorted_sightings
from .records import Author, Organization, Paper, PartialDate, Problem
from .text import csv_text

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "COLUMNS",
    "SUFFIXES",
    "MissingDependencyError",
    "flat_row",
    "read_rows",
    "row_from_flat",
    "to_arrow",
    "write_rows",
]

#: The flat columns of CSV, Parquet and :func:`to_arrow`, in order, with their kind:
#: ``str``, ``int``, ``date`` (``YYYY-MM-DD`` or ``--MM-DD`` text), ``datetime`` (ISO 8601 text
#: in CSV, a UTC timestamp in Parquet), ``list`` (of text; a JSON array in CSV) and ``json``
#: (JSON text in both).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "str"),
    ("arxiv_id", "str"),
    ("title", "str"),
    ("abstract", "str"),
    ("url", "str"),
    ("authors", "list"),
    ("author_count", "int"),
    ("organization_id", "str"),
    ("organization_name", "str"),
    ("published", "date"),
    ("upvotes", "int"),
    ("comments", "int"),
    ("submitted_by", "str"),
    ("submitted_at", "datetime"),
    ("github_repo", "str"),
    ("github_stars", "int"),
    ("project_page", "str"),
    ("ai_summary", "str"),
    ("ai_keywords", "list"),
    ("thumbnail", "str"),
    ("first_seen", "date"),
    ("last_seen", "date"),
    ("sighting_count", "int"),
    ("sightings", "json"),
    ("problems", "json"),
    ("extra", "json"),
)

#: The output suffixes and the form each writes.
SUFFIXES = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}

_PARQUET_KEY = b"paperlist"


class MissingDependencyError(ImportError):
    """An optional dependency is not installed; the message says how to install it."""


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise MissingDependencyError(
            "Parquet and Arrow need pyarrow: pip install 'paperlist[parquet]'"
        ) from None
    return pyarrow


# --- flat rows --------------------------------------------------------------------------------


def _date(value: PartialDate | None) -> str | None:
    return None if value is None else value.isoformat()


def flat_row(row: Row) -> dict[str, Any]:
    """``row`` as the flat columns of :data:`COLUMNS` (Python values; JSON columns as text)."""
    from .serialize import to_dict

    org = row.organization
    return {
        "key": row.key,
        "arxiv_id": row.arxiv_id,
        "title": row.title,
        "abstract": row.abstract,
        "url": row.url,
        "authors": [author.name for author in row.authors],
        "author_count": row.author_count,
        "organization_id": None if org is None else org.id,
        "organization_name": None if org is None else org.name,
        "published": _date(row.published),
        "upvotes": row.upvotes,
        "comments": row.comments,
        "submitted_by": row.submitted_by,
        "submitted_at": row.submitted_at,
        "github_repo": row.github_repo,
        "github_stars": row.github_stars,
        "project_page": row.project_page,
        "ai_summary": row.ai_summary,
        "ai_keywords": list(row.ai_keywords),
        "thumbnail": row.thumbnail,
        "first_seen": _date(row.first_seen),
        "last_seen": _date(row.last_seen),
        "sighting_count": len(row.sightings),
        "sightings": _json([to_dict(s) for s in row.sightings]),
        "problems": _json([to_dict(p) for p in row.problems]),
        "extra": _json(row.extra),
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))


def _partial(value: Any) -> PartialDate | None:
    return None if value in (None, "") else PartialDate.fromisoformat(str(value))


def row_from_flat(data: dict[str, Any]) -> Row:
    """The inverse of :func:`flat_row` (authors come back by name only)."""
    from .serialize import from_dict

    org_id = data.get("organization_id")
    submitted = data.get("submitted_at")
    if isinstance(submitted, str):
        submitted = from_dict(submitted, _dt.datetime) if submitted else None
    return Row(
        key=data["key"],
        title=data["title"],
        arxiv_id=data.get("arxiv_id") or None,
        abstract=data.get("abstract"),
        url=data.get("url"),
        authors=tuple(Author(name) for name in data.get("authors") or ()),
        author_count=data.get("author_count"),
        organization=Organization(org_id, data.get("organization_name")) if org_id else None,
        published=_partial(data.get("published")),
        upvotes=data.get("upvotes"),
        comments=data.get("comments"),
        submitted_by=data.get("submitted_by"),
        submitted_at=submitted,
        github_repo=data.get("github_repo"),
        github_stars=data.get("github_stars"),
        project_page=data.get("project_page"),
        ai_summary=data.get("ai_summary"),
        ai_keywords=tuple(data.get("ai_keywords") or ()),
        thumbnail=data.get("thumbnail"),
        first_seen=_partial(data.get("first_seen")),
        last_seen=_partial(data.get("last_seen")),
        sightings=sorted_sightings(
            from_dict(s, Sighting) for s in json.loads(data["sightings"] or "[]")
        ),
        problems=tuple(from_dict(p, Problem) for p in json.loads(data.get("problems") or "[]")),
        extra=json.loads(data.get("extra") or "{}"),
    )


# --- CSV cells --------------------------------------------------------------------------------


def _to_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "list":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if kind == "datetime":
        from .serialize import to_dict

        return str(to_dict(value))
    return str(value)


def _from_cell(kind: str, text: str) -> Any:
    if kind == "list":
        return json.loads(text) if text else []
    if text == "" and kind != "json":
        return None
    if kind == "int":
        return int(text)
    return text


# --- Arrow and Parquet ------------------------------------------------------------------------


def _arrow_schema(pa: Any) -> Any:
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "date": pa.string(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
        "json": pa.string(),
    }
    metadata = {_PARQUET_KEY: json.dumps({"rows": 1, "columns": [n for n, _ in COLUMNS]})}
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS], metadata=metadata)


def to_arrow(records: Iterable[Row | Paper]) -> pyarrow.Table:
    """A :class:`pyarrow.Table` of rows (or papers, one row each, not merged) in the flat columns.

    From there a DataFrame is one call: ``.to_pandas()``, or ``polars.from_arrow(table)``.
    """
    pa = _pyarrow()
    flat = [flat_row(r if isinstance(r, Row) else row_from(r)) for r in records]
    schema = _arrow_schema(pa)
    return pa.Table.from_pylist(flat, schema=schema)


# --- files ------------------------------------------------------------------------------------


def _kind(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(SUFFIXES)
        raise ValueError(f"{path}: the output's suffix says its form: one of {known}")
    return kind


def read_rows(path: str | os.PathLike[str]) -> list[Row]:
    """The rows a file written by :func:`write_rows` holds (the form from its suffix)."""
    from .serialize import from_dict

    target = Path(path)
    kind = _kind(target)
    if kind == "parquet":
        pq = _parquet()
        return [row_from_flat(data) for data in pq.read_table(target).to_pylist()]
    with open(target, encoding="utf-8", newline="") as stream:
        if kind == "jsonl":
            rows = []
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    row = from_dict(json.loads(line), Row)
                except Exception as error:  # bad JSON, or JSON that is not a row (cattrs' group)
                    raise ValueError(f"{path}: not a paperlist dataset (line {number})") from error
                rows.append(attrs.evolve(row, sightings=sorted_sightings(row.sightings)))
            return rows
        reader = csv.reader(stream)
        header = next(reader, None)
        names = [name for name, _ in COLUMNS]
        if header != names:
            raise ValueError(f"{path}: not a paperlist dataset (its CSV header differs)")
        kinds = [kind for _, kind in COLUMNS]
        rows = []
        for cells in reader:
            typed = (_from_cell(k, c) for k, c in zip(kinds, cells, strict=True))
            rows.append(row_from_flat(dict(zip(names, typed, strict=True))))
        return rows


def _parquet() -> Any:
    _pyarrow()
    import pyarrow.parquet

    return pyarrow.parquet


def _write_jsonl(rows: Iterable[Row], stream: IO[str]) -> None:
    from .serialize import to_dict

    for row in rows:
        stream.write(json.dumps(to_dict(row), ensure_ascii=False) + "\n")


def _write_csv(rows: Iterable[Row], stream: IO[str]) -> None:
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in COLUMNS])
    for row in rows:
        flat = flat_row(row)
        writer.writerow([csv_text(_to_cell(kind, flat[name])) for name, kind in COLUMNS])


def write_rows(rows: Iterable[Row], path: str | os.PathLike[str]) -> None:
    """Write ``rows`` to ``path`` in the form its suffix names (``.jsonl``, ``.csv``, ``.parquet``).

    A regular file (or a new one) is written beside itself and renamed over the old one only when
    complete, with the old file's mode (a new one gets the umask's): a failure leaves the old
    dataset as it was.  Anything else (``/dev/stdout``, a pipe) is written in place.
    """
    target = Path(path)
    kind = _kind(target)
    if kind == "parquet":
        pq = _parquet()
        table = to_arrow(rows)
        _atomically(target, lambda name: pq.write_table(table, name))
        return
    writer = _write_jsonl if kind == "jsonl" else _write_csv

    def write(name: str) -> None:
        with open(name, "w", encoding="utf-8", newline="") as stream:
            writer(rows, stream)

    _atomically(target, write)


def _atomically(target: Path, write: Callable[[str], object]) -> None:
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        write(os.fspath(target))  # a device, a pipe: no rename over it
        return
    real = target.resolve()  # a symbolic link keeps pointing at the file it names
    part = real.with_name(f".{real.name}.{secrets.token_hex(4)}.part")
    # O_EXCL with 0o666: the umask applies, as for any new file.
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        write(os.fspath(part))
        if mode is not None:
            shutil.copymode(real, part)
        os.replace(part, real)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
