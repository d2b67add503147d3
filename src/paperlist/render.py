"""Records back into text dumps: the inverse of the ``hf-text`` and ``hf-flat`` readers.

``parse(render(papers))`` gives the same papers back for every paper a dump can carry (a title; an
abstract; an author count or an organization; a date; a comment count).  It is what the round-trip
tests stand on, and how the benchmarks make dumps of any size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .dates import MONTH_NAMES
from .records import Paper, PartialDate

__all__ = ["format_date", "iter_render", "render"]

_HEADER = (
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
)
_FLAT_HEADER = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
)


def format_date(value: PartialDate) -> str:
    """HF's own form: ``Oct 12, 2021``, or ``Apr 1`` for a yearless date."""
    month_day = f"{MONTH_NAMES[value.month - 1][:3]} {value.day}"
    return month_day if value.year is None else f"{month_day}, {value.year}"


def _spaced_card(paper: Paper) -> str:
    parts = [paper.title, "\n\n"]
    if paper.abstract is not None:
        parts += [paper.abstract, "\n\n"]
    if paper.organization is not None:
        org = paper.organization
        parts += [org.id if org.name is None else f"{org.id} {org.name}", "\n"]
    elif paper.author_count is not None:
        noun = "author" if paper.author_count == 1 else "authors"
        parts.append(f"  \u2022 {paper.author_count} {noun}\n")
    has_meta = paper.organization is not None or paper.author_count is not None
    if has_meta or paper.published is not None:
        parts.append("\u00b7\n")
        if paper.published is not None:
            parts.append(format_date(paper.published))
            if paper.comments:
                parts.append(f" {paper.comments}")
            parts.append("\n")
    parts.append("\n")
    return "".join(parts)


def iter_render(
    papers: Iterable[Paper],
    format: str = "hf-text",
    *,
    page_date: PartialDate | None = None,
    header: bool = True,
) -> Iterator[str]:
    """Yield the dump in pieces (one a card), so a dump of any size needs no big string."""
    if format == "hf-text":
        if header:
            yield "".join(f"{line}\n\n" for line in _HEADER)
            if page_date is not None:
                yield f"{format_date(page_date)}\n\n"
        for paper in papers:
            yield _spaced_card(paper)
    elif format == "hf-flat":
        glue = ""
        if header:
            yield "".join(f"{line}\n" for line in _FLAT_HEADER)
            glue = "Subscribe"
        for paper in papers:
            yield f"{glue}{paper.title}\n"
            glue = ""
            if paper.abstract is not None:
                yield f"{paper.abstract}\n"
    else:
        raise ValueError(f"render writes 'hf-text' or 'hf-flat', not {format!r}")


def render(
    papers: Iterable[Paper],
    format: str = "hf-text",
    *,
    page_date: PartialDate | None = None,
    header: bool = True,
) -> str:
    """The dump of ``papers`` as one string (see :func:`iter_render`)."""
    return "".join(iter_render(papers, format, page_date=page_date, header=header))
