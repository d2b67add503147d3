"""Merging the two copies of a paper: the hydration JSON first, the markup as fallback and check.

The JSON is the site's own data and the markup its rendering, so where the JSON carries a
well-formed value it is kept; the markup fills what the JSON lacks (a field it does not carry, or
one of the wrong type, reported by the JSON mapping as ``bad-field``).  Where both carry a field
and disagree, an ``html-json-mismatch`` Problem quotes both and says the JSON's was kept.
"""

from __future__ import annotations

from typing import Any

import attrs

from ...records import Paper, Problem, Source
from .._hf_items import PAPER_URL

# Fields both copies carry, compared when both have a value.
_COMPARED = (
    "title",
    "abstract",
    "upvotes",
    "comments",
    "submitted_by",
    "published",
    "github_repo",
    "github_stars",
    "ai_summary",
)


def mismatch(field: str, markup: Any, from_json: Any, line: int | None) -> Problem:
    return Problem(
        "html-json-mismatch",
        f"{field}: the markup says {markup!s:.80}, the hydration JSON says {from_json!s:.80}; "
        "kept the hydration JSON's",
        line,
        f"{markup}",
    )


def _checked(markup: dict[str, Any], parsed: Paper, line: int | None) -> list[Problem]:
    """The disagreements between the markup's fields and the JSON's paper."""
    problems = []
    for name in _COMPARED:
        mine, theirs = markup.get(name), getattr(parsed, name)
        if mine is not None and theirs is not None and mine != theirs:
            problems.append(mismatch(name, mine, theirs, line))
    mine_org, their_org = markup.get("organization"), parsed.organization
    if mine_org is not None and their_org is not None and mine_org.id != their_org.id:
        problems.append(mismatch("organization", mine_org.id, their_org.id, line))
    authors = parsed.authors
    count = markup.get("author_count")
    if authors and count is not None and count != len(authors):
        problems.append(mismatch("author count", count, len(authors), line))
    markup_names = markup.get("authors")
    if authors and markup_names:
        names = [a.name for a in markup_names]
        if names != [a.name for a in authors if not a.hidden] and names != [
            a.name for a in authors
        ]:
            problems.append(mismatch("author names", len(markup_names), len(authors), line))
    return problems


def merge(
    markup: dict[str, Any],
    parsed: Paper | None,
    pid: str,
    source: Source,
    problems: list[Problem],
) -> Paper | None:
    """The JSON's paper (if any) with the markup filling its gaps; disagreements reported.

    Without the JSON's paper, the markup's fields make the paper (None without a title).
    """
    if parsed is not None:
        problems = [*parsed.problems, *problems, *_checked(markup, parsed, source.line)]
        base = parsed
    else:
        title = markup.get("title")
        if not title:
            return None
        base = Paper(title=title, arxiv_id=pid or None, url=PAPER_URL.format(pid) if pid else None)
    changes = {
        name: value
        for name, value in markup.items()
        if value is not None and getattr(base, name) in (None, ())
    }
    if base.authors:
        changes.pop("author_count", None)  # the JSON's list is the complete one, and its count
    return attrs.evolve(base, **changes, source=source, problems=tuple(problems))
