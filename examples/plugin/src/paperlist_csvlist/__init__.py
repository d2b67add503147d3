"""paperlist-csvlist: a paperlist format plug-in for simple CSV lists of papers.

The header must name ``title`` and ``arxiv_id``; ``published``, ``upvotes`` and ``authors``
(names joined with ``;``) are optional, and any other column is kept in ``Paper.extra``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from paperlist import Author, Paper, Problem, Source
from paperlist.dates import normalize_date
from paperlist.document import Document
from paperlist.formats import Event, Options

__all__ = ["ADAPTER", "CsvList"]

NAME = "csvlist"
_KNOWN = {"title", "arxiv_id", "published", "upvotes", "authors"}


class CsvList:
    """The adapter: ``name``, ``summary``, ``score(head)`` and ``parse(document, options)``."""

    name = NAME
    summary = "CSV list of papers with a title,arxiv_id,... header (example plug-in)"

    def score(self, head: str) -> float:
        """How sure we are that ``head`` (the document's first 8 KiB) is ours: 0 to 1."""
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        columns = {c.strip().lower() for c in first.split(",")}
        return 0.9 if {"title", "arxiv_id"} <= columns else 0.0

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        """Yield a Paper per row, in order, and a Problem for anything that cannot be read."""
        reader = csv.DictReader(document.lines())
        for row in reader:
            line = reader.line_num
            title = (row.get("title") or "").strip()
            if not title:
                text = ",".join(v for v in row.values() if isinstance(v, str))
                yield Problem("missing-title", "a row without a title", line, text)
                continue
            problems: list[Problem] = []
            # Dates go through paperlist's shared normalizer: plug-ins never parse them alone.
            published = None
            if row.get("published"):
                published, found = normalize_date(row["published"], options.reference_date, line)
                problems += found
            upvotes = None
            if row.get("upvotes"):
                try:
                    upvotes = int(row["upvotes"])
                except ValueError:
                    problems.append(
                        Problem("bad-count", "upvotes is not a number", line, row["upvotes"])
                    )
            names = [n.strip() for n in (row.get("authors") or "").split(";") if n.strip()]
            extra = {k: v for k, v in row.items() if k not in _KNOWN and k is not None}
            yield Paper(
                title=title,
                arxiv_id=(row.get("arxiv_id") or "").strip() or None,
                published=published,
                upvotes=upvotes,
                authors=[Author(n) for n in names],
                author_count=len(names) or None,
                extra=extra,
                source=Source(NAME, line, line),
                problems=problems,  # the paper's own problems travel with it, once
            )


ADAPTER = CsvList()
