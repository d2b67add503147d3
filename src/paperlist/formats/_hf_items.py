"""The Hugging Face API item, mapped once for every format that meets it.

An item of ``/api/daily_papers`` (``{"paper": {...}, "title", "publishedAt", "numComments",
"submittedBy", ...}``), of ``/api/papers/search``, a bare paper object (``/api/papers/<id>``), and
the same shapes inside an HTML page's hydration JSON (``DailyPapers`` ``dailyPapers[]`` items, the
``PaperContent`` ``paper``) all become a :class:`~paperlist.records.Paper` here, so ``hf-json`` and
``hf-html`` read them alike: era-aware ``submitted_at``, the same ``extra`` layout
(``{"item": {...}, "paper": {...}}``), the same Problems.  Field by field, the mapping is in
``docs/formats/hf-json.md``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from ..dates import DateError, parse_timestamp, utc_date
from ..records import Author, Organization, Paper, Problem, Source
from ..text import clean, clean_or_none

__all__ = [
    "PAPER_URL",
    "item_id",
    "quote",
    "read_item",
    "read_organization",
    "short_repr",
    "type_name",
]

PAPER_URL = "https://huggingface.co/papers/{}"
_QUOTE = 160  # characters of input quoted in a Problem


def quote(text: str) -> str:
    """``text``, cut to what a Problem quotes."""
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def short_repr(value: Any) -> str:
    return quote(repr(value))


def type_name(value: Any) -> str:
    """How a JSON value's type reads in a Problem message (``an object``, ``a string``, ...)."""
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


def item_id(item: Any) -> str | None:
    """The paper id of an item or bare paper object, without reading the rest (None if none)."""
    if not isinstance(item, dict):
        return None
    paper = item.get("paper", item)
    pid = paper.get("id") if isinstance(paper, dict) else None
    if not isinstance(pid, str):
        return None
    return pid.strip() or None


# -- one item ---------------------------------------------------------------------------------


@attrs.define
class _Fields:
    """The keys of one item and of its paper, tracking which were used and what went wrong."""

    item: dict[str, Any]
    paper: dict[str, Any]
    bare: bool
    line: int | None
    index: int
    used_item: set[str] = attrs.field(factory=set)
    used_paper: set[str] = attrs.field(factory=set)
    problems: list[Problem] = attrs.field(factory=list)

    def _where(self, scope: str, key: str) -> str:
        return key if scope == "item" or self.bare else f"paper.{key}"

    def get(self, scope: str, key: str, kind: type | tuple[type, ...]) -> Any:
        """The value of ``key`` if it has the ``kind`` wanted; None (with a Problem) otherwise.

        A null is absent; a value of another type stays in ``extra`` and is reported.
        """
        if scope == "item":
            source, used = self.item, self.used_item
        else:
            source, used = self.paper, self.used_paper
        value = source.get(key)
        if value is None:
            if key in source:
                used.add(key)
            return None
        if isinstance(value, kind) and (value.__class__ is not bool or bool in _kinds(kind)):
            used.add(key)
            return value
        self.problems.append(
            Problem(
                "bad-field",
                f"item {self.index}: {self._where(scope, key)} is {type_name(value)}",
                self.line,
                short_repr(value),
            )
        )
        return None

    def unuse(self, scope: str, key: str) -> None:
        """Keep ``key`` in ``extra`` after all (unless it is null): the record does not say it."""
        source, used = (
            (self.item, self.used_item) if scope == "item" else (self.paper, self.used_paper)
        )
        if source.get(key) is not None:
            used.discard(key)

    def keep_unless(self, scope: str, key: str, same: bool) -> None:
        """A second copy of a mapped value: used when it agrees, kept in ``extra`` otherwise."""
        if not same:
            self.unuse(scope, key)

    def timestamp(self, scope: str, key: str) -> _dt.datetime | None:
        text = self.get(scope, key, str)
        if text is None:
            return None
        try:
            return parse_timestamp(text)
        except DateError as exc:
            self.unuse(scope, key)
            self.problems.append(
                Problem(
                    exc.kind,
                    f"item {self.index}: {self._where(scope, key)}: {exc}",
                    self.line,
                    quote(text),
                )
            )
            return None

    def extra(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        item = {k: v for k, v in self.item.items() if k not in self.used_item}
        paper = {k: v for k, v in self.paper.items() if k not in self.used_paper}
        if item:
            extra["item"] = item
        if paper:
            extra["paper"] = paper
        return extra


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def read_item(item: Any, source: Source, *, fallback_title: str | None = None) -> Paper | Problem:
    """One API item (or a bare paper object) as a :class:`Paper`, or the Problem it is not one.

    ``fallback_title`` is the title to use when the item has none (an HTML page's card shows one
    beside its hydration JSON); without it such an item is a ``missing-title`` Problem.
    """
    index, line = source.index, source.line
    if not isinstance(item, dict):
        hint = " (a Python repr?)" if isinstance(item, str) and "'paper'" in item else ""
        return Problem(
            "bad-item",
            f"item {index} is {type_name(item)}, not an object{hint}",
            line,
            short_repr(item),
        )
    if "paper" in item:
        paper = item["paper"]
        if not isinstance(paper, dict):
            return Problem(
                "bad-item",
                f"item {index}: paper is {type_name(paper)}, not an object",
                line,
                short_repr(item),
            )
        f = _Fields(item, paper, False, line, index or 0)
        f.used_item.add("paper")
    else:
        f = _Fields({}, item, True, line, index or 0)
    arxiv_id = f.get("paper", "id", str)
    arxiv_id = arxiv_id.strip() if arxiv_id is not None else None
    if not arxiv_id:
        return Problem("missing-id", f"item {index} has no paper id", line, short_repr(item))
    title = _preferred_text(f, ("item", "title"), ("paper", "title"))
    if title is None:
        title = clean_or_none(fallback_title)
    if title is None:
        return Problem("missing-title", f"item {index} ({arxiv_id}) has no title", line, None)
    abstract = _preferred_text(f, ("paper", "summary"), ("item", "summary"))

    authors, author_count = _authors(f)
    published = None
    published_at = f.timestamp("paper", "publishedAt")
    if published_at is not None:
        published = utc_date(published_at)

    submitted_at = f.timestamp("paper", "submittedOnDailyAt")
    if "submittedOnDailyAt" not in f.paper and "summary" not in f.item:
        # Before 2025-03 the item's publishedAt was the Daily Papers submission time; later it
        # is a (time-zone shifted) copy of paper.publishedAt and stays in extra.
        candidate = f.timestamp("item", "publishedAt")
        if candidate is not None and published_at is not None and candidate < published_at:
            f.unuse("item", "publishedAt")  # earlier than the paper: not a submission time
            candidate = None
        submitted_at = candidate

    submitted_by = _submitted_by(f)
    organization = _organization(f)
    comments = f.get("item", "numComments", int)
    if comments is None:
        comments = f.get("paper", "numComments", int)
    thumbnail = f.get("item", "thumbnail", str)
    if thumbnail is None:
        thumbnail = f.get("paper", "thumbnail", str)

    keywords: list[str] = []
    raw_keywords = f.get("paper", "ai_keywords", list)
    for keyword in raw_keywords or ():
        cleaned = clean_or_none(keyword) if isinstance(keyword, str) else None
        if cleaned is None:
            f.unuse("paper", "ai_keywords")  # keep the original list beside what was read
            if not isinstance(keyword, str):
                f.problems.append(
                    Problem(
                        "bad-field",
                        f"item {index}: an ai_keywords entry is {type_name(keyword)}",
                        line,
                        short_repr(keyword),
                    )
                )
            continue
        keywords.append(cleaned)

    upvotes = f.get("paper", "upvotes", int)
    github_repo = clean_or_none(f.get("paper", "githubRepo", str))
    github_stars = f.get("paper", "githubStars", int)
    project_page = clean_or_none(f.get("paper", "projectPage", str))
    ai_summary = clean_or_none(f.get("paper", "ai_summary", str))
    # Every mapped key has been looked at: what is left unused is extra.
    return Paper(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=PAPER_URL.format(arxiv_id),
        authors=authors,
        author_count=author_count,
        organization=organization,
        published=published,
        upvotes=upvotes,
        comments=comments,
        submitted_by=submitted_by,
        submitted_at=submitted_at,
        github_repo=github_repo,
        github_stars=github_stars,
        project_page=project_page,
        ai_summary=ai_summary,
        ai_keywords=tuple(keywords),
        thumbnail=clean_or_none(thumbnail),
        extra=f.extra(),
        source=source,
        problems=f.problems,
    )


def _preferred_text(f: _Fields, preferred: tuple[str, str], other: tuple[str, str]) -> str | None:
    """The preferred copy of a text both scopes may carry; the other is kept only if it differs."""
    raw = f.get(*preferred, str)
    raw_other = f.get(*other, str)
    value = None if raw is None else clean_or_none(raw)
    if raw_other is None:
        alternative = None
    elif raw_other == raw:
        alternative = value  # the usual second copy: clean it once
    else:
        alternative = clean_or_none(raw_other)
    if value is None:
        return alternative
    f.keep_unless(*other, alternative == value)
    return value


def _authors(f: _Fields) -> tuple[list[Author], int | None]:
    entries = f.get("paper", "authors", list)
    if entries is None:
        return [], None
    authors: list[Author] = []
    add = authors.append
    for position, entry in enumerate(entries):
        if isinstance(entry, dict):
            name = entry.get("name")
            if isinstance(name, str):
                name = clean(name)
                if name:
                    # The usual author: {"_id", "name", "hidden"}, a "user" object if claimed.
                    user = entry.get("user")
                    username = user.get("user") if isinstance(user, dict) else None
                    add(
                        Author(
                            name,
                            username if isinstance(username, str) and username else None,
                            entry.get("hidden") is True,
                        )
                    )
                    continue
        f.unuse("paper", "authors")  # the list as given stays in extra
        f.problems.append(
            Problem(
                "bad-author",
                f"item {f.index}: author {position} has no name",
                f.line,
                short_repr(entry),
            )
        )
    return authors, len(entries)


def _username(value: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        name = value.get(key)
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None


def _submitted_by(f: _Fields) -> str | None:
    by = f.get("item", "submittedBy", dict)
    name = _username(by, "name", "user") if by is not None else None
    if by is not None and name is None:
        f.unuse("item", "submittedBy")
    daily_by = f.get("paper", "submittedOnDailyBy", dict)
    daily_name = _username(daily_by, "user", "name") if daily_by is not None else None
    if name is None:
        name = daily_name
    elif daily_by is not None and daily_name != name:
        f.unuse("paper", "submittedOnDailyBy")  # someone else: keep it
    if daily_by is not None and daily_name is None:
        f.unuse("paper", "submittedOnDailyBy")
    return name


def read_organization(value: Any) -> Organization | None:
    """An HF organization object (``{"name": <slug>, "fullname": ...}``), else None."""
    if not isinstance(value, dict):
        return None
    slug = value.get("name")
    if not isinstance(slug, str) or not slug.strip():
        return None
    fullname = value.get("fullname")
    return Organization(
        slug.strip(), clean_or_none(fullname) if isinstance(fullname, str) else None
    )


def _organization(f: _Fields) -> Organization | None:
    top = read_organization(f.get("item", "organization", dict))
    inner = read_organization(f.get("paper", "organization", dict))
    if top is None:
        f.unuse("item", "organization")
    if inner is None:
        f.unuse("paper", "organization")
    if top is not None and inner is not None and inner != top:
        f.unuse("paper", "organization")  # a different organization: keep it
    return top or inner
