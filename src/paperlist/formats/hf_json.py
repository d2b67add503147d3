"""``hf-json``: JSON from Hugging Face's Daily Papers API, in every schema era.

What it reads:

- ``/api/daily_papers`` and ``/api/papers/search`` responses: an array of items, each an object
  with a ``paper`` object and top-level ``title``, ``publishedAt``, ``numComments``,
  ``submittedBy``, ...;
- ``/api/papers/<id>``: one bare paper object (``id``, ``title``, ``summary``, ``authors``, ...);
- a daily page's hydration data (``{"date": ..., "dailyPapers": [...]}``), the only shape that
  states its page's date;
- JSON Lines of any of these (one item, bare paper or array a line), as people archive them.

A document whose first non-blank line is a whole JSON value is read as JSON Lines, one line at a
time, so an archive of any size streams in bounded memory; a compact (one-line) response is just
JSON Lines of one line.  Any other document (indented JSON) is read whole and scanned item by item
with :meth:`json.JSONDecoder.raw_decode`, so one broken item costs only itself.

How fields map, and why, is in ``docs/formats/hf-json.md``.  In short: the paper's own fields come
from ``paper`` (``paper.publishedAt`` is the publication date; the top-level ``publishedAt`` was
the submission time until 2025-02 and afterwards a shifted copy of ``paper.publishedAt``), the
listing's fields (``title``, ``numComments``, ``submittedBy``, ``thumbnail``) from the item.  Every
key not mapped is kept in ``Paper.extra`` as ``{"item": {...}, "paper": {...}}``; a mapped key
whose value has the wrong type is kept there too, with a Problem.

The API response carries no page date (the date was in the request URL); the items' submission
times cluster on it but need not agree (time zones, archives of several days), so no page date is
guessed from them.  Only the hydration shape's explicit ``date`` gives one.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import attrs

from ..dates import DateError, parse_timestamp, utc_date
from ..document import Document
from ..records import Author, Organization, Paper, Problem, Source
from ..text import clean_or_none
from . import Event, Options, PageDate

__all__ = ["ADAPTER", "HfJson"]

NAME = "hf-json"
PAPER_URL = "https://huggingface.co/papers/{}"

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\r\n]*")
_JSON_ERRORS = (ValueError, RecursionError)
_QUOTE = 160  # characters of input quoted in a Problem

# Detection.  A daily/search item opens with "paper": {"id": ...; a bare paper has "id" and keys
# only HF's API writes; a list of Python reprs still shows 'paper': {'id'.
_ITEM = re.compile(r'"paper"\s*:\s*\{\s*"(?:id|authors)"\s*:')
_PAPER_OBJ = re.compile(r'"paper"\s*:\s*\{')
_ID = re.compile(r'"id"\s*:\s*"')
_HF_KEYS = re.compile(
    r'"(?:upvotes|publishedAt|discussionId|submittedOnDailyAt|submittedOnDailyBy|ai_keywords|'
    r'ai_summary|numComments|githubRepo|mediaUrls)"\s*:'
)
_PAPER_KEYS = re.compile(r'"(?:title|summary|authors)"\s*:')
# HF's author entries: {"_id": ..., "name": ..., "hidden": false}; a long list can fill the head.
_HF_AUTHOR = re.compile(
    r'"authors"\s*:\s*\[\s*\{\s*"(?:_id|name)"\s*:[^{}]*"hidden"\s*:\s*(?:true|false)'
)
_REPR_ITEM = re.compile(r"'paper'\s*:\s*\{\s*'id'\s*:")
_HYDRATION = re.compile(r'"dailyPapers"\s*:\s*\[')
# Resynchronizing after a broken item: the next object in the array, or a line opening a value.
_NEXT_ITEM = re.compile(r",\s*\{")
_NEXT_VALUE = re.compile(r"\n(?=[ \t]*[\[{])")


class HfJson:
    """Hugging Face API JSON: daily papers, search results, single papers, JSON Lines of them."""

    name = NAME
    summary = "Hugging Face API JSON (daily_papers, papers/search, papers/<id>; JSON or JSON Lines)"

    def score(self, head: str) -> float:
        s = head.lstrip("\ufeff \t\r\n")
        if not s or s[0] not in '[{"':
            return 0.0
        if _ITEM.search(s) or _HYDRATION.search(s):
            return 0.95
        hf_keys = len(set(_HF_KEYS.findall(s)))
        if _PAPER_OBJ.search(s) and hf_keys:
            return 0.9
        if _PAPER_OBJ.search(s) and _PAPER_KEYS.search(s) and _ID.search(s):
            return 0.7
        if _ID.search(s) and _PAPER_KEYS.search(s) and hf_keys >= 1:
            return 0.6 + 0.1 * min(hf_keys, 3)
        if _HF_AUTHOR.search(s):
            return 0.8  # a bare paper whose author list fills the head
        if _REPR_ITEM.search(s):
            # An archive of Python reprs: this is its format, though its items cannot be read.
            return 0.5
        return 0.0

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        reader = _Reader()
        lines = iter(document.lines())
        before: list[str] = []
        for raw in lines:
            before.append(raw)
            if raw.strip():
                break
        else:
            return  # an empty document holds no papers, and that is no problem
        first = before[-1]
        try:
            value = json.loads(first.lstrip("\ufeff"))
        except _JSON_ERRORS:
            # Indented JSON (or damage on the first line): read the document whole.
            text = "\n".join(_chain(before, lines))
            yield from reader.document(text)
            return
        yield from reader.value(value, len(before), len(before))
        yield from reader.json_lines(lines, len(before))


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


ADAPTER = HfJson()


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def _short_repr(value: Any) -> str:
    return _quote(repr(value))


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


@attrs.define
class _Reader:
    """Reads top-level JSON values into events, numbering items across the whole document."""

    index: int = 0

    # -- JSON Lines ---------------------------------------------------------------------------

    def json_lines(self, lines: Iterable[str], lineno: int) -> Iterator[Event]:
        for number, raw in enumerate(lines, lineno + 1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except _JSON_ERRORS as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                yield Problem(
                    "bad-json",
                    f"item {self.index}: line is not JSON ({message})",
                    number,
                    _quote(raw.strip()),
                )
                self.index += 1
                continue
            yield from self.value(value, number, number)

    # -- one top-level value ------------------------------------------------------------------

    def value(self, value: Any, line: int | None, end_line: int | None) -> Iterator[Event]:
        """A whole top-level value: an array of items, a hydration object, or one item."""
        if isinstance(value, list):
            for item in value:
                yield from self.item(item, line, end_line)
        elif isinstance(value, dict) and isinstance(value.get("dailyPapers"), list):
            yield from _page_date(value.get("date"), line)
            # The hydration object's items carry no lines of their own.
            inner = line if line == end_line else None
            for item in value["dailyPapers"]:
                yield from self.item(item, inner, inner)
        else:
            yield from self.item(value, line, end_line)

    def item(self, item: Any, line: int | None, end_line: int | None) -> Iterator[Event]:
        index = self.index
        self.index += 1
        result = read_item(item, Source(NAME, line, end_line, index=index))
        if isinstance(result, Problem):
            yield result
            return
        yield result
        yield from result.problems

    # -- a whole document -----------------------------------------------------------------------

    def document(self, text: str) -> Iterator[Event]:
        """Every top-level value in ``text`` (usually one array), salvaging around damage."""
        lines = _LineCounter(text)
        n = len(text)
        pos = _skip_ws(text, 0)
        if text.startswith("\ufeff", pos):
            pos = _skip_ws(text, pos + 1)
        while pos < n:
            if text[pos] == "[":
                pos = yield from self._array(text, pos, lines)
            else:
                try:
                    value, end = _DECODER.raw_decode(text, pos)
                except _JSON_ERRORS as exc:
                    yield _bad_json(text, pos, exc, lines, "not JSON")
                    self.index += 1
                    resumed = _resync_value(text, _error_pos(exc, pos))
                    if resumed is None:
                        return
                    pos = resumed
                    continue
                yield from self.value(value, lines.line(pos), lines.line(end - 1))
                pos = end
            pos = _skip_ws(text, pos)

    def _array(self, text: str, start: int, lines: _LineCounter) -> Generator[Event, None, int]:
        """The items of the array opening at ``start``; returns the position after it."""
        n = len(text)
        pos = _skip_ws(text, start + 1)
        if pos < n and text[pos] == "]":
            return pos + 1
        while True:
            if pos >= n:
                yield Problem(
                    "bad-json",
                    f"the array ends after item {self.index - 1} without a ']' (truncated?)",
                    lines.line(n - 1),
                    None,
                )
                return n
            try:
                value, end = _DECODER.raw_decode(text, pos)
            except _JSON_ERRORS as exc:
                yield _bad_json(text, pos, exc, lines, f"item {self.index} is not JSON")
                self.index += 1
                resumed = _resync_item(text, _error_pos(exc, pos))
                if resumed is None:
                    return n
                pos = resumed
                continue
            yield from self.item(value, lines.line(pos), lines.line(end - 1))
            pos = _skip_ws(text, end)
            if pos >= n:
                continue  # reported as truncated above
            if text[pos] == ",":
                pos = _skip_ws(text, pos + 1)
                if pos < n and text[pos] == "]":
                    yield Problem(
                        "bad-json", "a comma before the array's ']'", lines.line(pos), None
                    )
                    return pos + 1
            elif text[pos] == "]":
                return pos + 1
            else:
                yield Problem(
                    "bad-json",
                    f"no ',' between items {self.index - 1} and {self.index}",
                    lines.line(pos),
                    _quote(text[pos : pos + _QUOTE]),
                )


def _skip_ws(text: str, pos: int) -> int:
    m = _WS.match(text, pos)
    return pos if m is None else m.end()


def _error_pos(exc: BaseException, pos: int) -> int:
    if isinstance(exc, json.JSONDecodeError):
        return max(exc.pos, pos + 1)
    return pos + 1


def _bad_json(text: str, pos: int, exc: BaseException, lines: _LineCounter, what: str) -> Problem:
    if isinstance(exc, json.JSONDecodeError):
        where = lines.line(exc.pos)
        message = f"{what}: {exc.msg} at line {where}, column {exc.colno}"
    else:
        message = f"{what}: nested too deeply"
    end = text.find("\n", pos)
    quoted = text[pos:] if end == -1 else text[pos:end]
    return Problem("bad-json", message, lines.line(pos), _quote(quoted.strip()))


def _looks_like_item(value: Any) -> bool:
    return isinstance(value, dict) and ("paper" in value or ("id" in value and "title" in value))


def _resync_item(text: str, pos: int) -> int | None:
    """The start of the next readable item of an array after a broken one, if any.

    Candidates are objects after a comma; nested objects (authors) are passed over because they
    are not items, and the one holding the damage fails to decode.
    """
    for m in _NEXT_ITEM.finditer(text, pos):
        start = m.end() - 1
        try:
            value, end = _DECODER.raw_decode(text, start)
        except _JSON_ERRORS:
            continue
        after = _skip_ws(text, end)
        if _looks_like_item(value) and (after >= len(text) or text[after] in ",]"):
            return start
    return None


def _resync_value(text: str, pos: int) -> int | None:
    """The next line that opens a JSON array or object, after damage between values."""
    m = _NEXT_VALUE.search(text, pos)
    return None if m is None else _skip_ws(text, m.end())


class _LineCounter:
    """1-based line numbers of offsets met in increasing order (counting each newline once)."""

    __slots__ = ("_line", "_pos", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1

    def line(self, pos: int) -> int:
        pos = max(pos, 0)
        if pos >= self._pos:
            self._line += self._text.count("\n", self._pos, pos)
        else:
            self._line -= self._text.count("\n", pos, self._pos)
        self._pos = pos
        return self._line


def _page_date(value: Any, line: int | None) -> Iterator[Event]:
    if value is None:
        return
    if not isinstance(value, str):
        yield Problem("bad-field", f"date is {_type_name(value)}", line, _short_repr(value))
        return
    try:
        yield PageDate(utc_date(parse_timestamp(value)), line)
    except DateError as exc:
        yield Problem(exc.kind, f"date: {exc}", line, _quote(value))


# -- one item ---------------------------------------------------------------------------------

#: Top-level item keys a field is read from (anything else goes to ``extra["item"]``).
ITEM_KEYS = frozenset(
    {
        "paper",
        "title",
        "summary",
        "publishedAt",
        "numComments",
        "submittedBy",
        "organization",
        "thumbnail",
    }
)
#: Paper keys a field is read from (anything else goes to ``extra["paper"]``).
PAPER_KEYS = frozenset(
    {
        "id",
        "title",
        "summary",
        "authors",
        "publishedAt",
        "submittedOnDailyAt",
        "submittedOnDailyBy",
        "upvotes",
        "numComments",
        "organization",
        "githubRepo",
        "githubStars",
        "projectPage",
        "ai_summary",
        "ai_keywords",
        "thumbnail",
    }
)


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
        source, used = (
            (self.item, self.used_item) if scope == "item" else (self.paper, self.used_paper)
        )
        if key not in source:
            return None
        value = source[key]
        if value is None:
            used.add(key)
            return None
        if isinstance(value, kind) and not (isinstance(value, bool) and bool not in _kinds(kind)):
            used.add(key)
            return value
        self.problems.append(
            Problem(
                "bad-field",
                f"item {self.index}: {self._where(scope, key)} is {_type_name(value)}",
                self.line,
                _short_repr(value),
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
                    _quote(text),
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


def read_item(item: Any, source: Source) -> Paper | Problem:
    """One API item (or a bare paper object) as a :class:`Paper`, or the Problem it is not one."""
    index, line = source.index, source.line
    if not isinstance(item, dict):
        hint = " (a Python repr?)" if isinstance(item, str) and "'paper'" in item else ""
        return Problem(
            "bad-item",
            f"item {index} is {_type_name(item)}, not an object{hint}",
            line,
            _short_repr(item),
        )
    if "paper" in item:
        paper = item["paper"]
        if not isinstance(paper, dict):
            return Problem(
                "bad-item",
                f"item {index}: paper is {_type_name(paper)}, not an object",
                line,
                _short_repr(item),
            )
        f = _Fields(item, paper, False, line, index or 0)
        f.used_item.add("paper")
    else:
        f = _Fields({}, item, True, line, index or 0)
    arxiv_id = f.get("paper", "id", str)
    arxiv_id = arxiv_id.strip() if arxiv_id is not None else None
    if not arxiv_id:
        return Problem("missing-id", f"item {index} has no paper id", line, _short_repr(item))
    title = clean_or_none(f.get("item", "title", str))
    paper_title = clean_or_none(f.get("paper", "title", str))
    if title is None:
        title = paper_title
    else:
        f.keep_unless("paper", "title", paper_title == title)
    if title is None:
        return Problem("missing-title", f"item {index} ({arxiv_id}) has no title", line, None)

    abstract = clean_or_none(f.get("paper", "summary", str))
    item_abstract = clean_or_none(f.get("item", "summary", str))
    if abstract is None:
        abstract = item_abstract
    else:
        f.keep_unless("item", "summary", item_abstract == abstract)

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
                        f"item {index}: an ai_keywords entry is {_type_name(keyword)}",
                        line,
                        _short_repr(keyword),
                    )
                )
            continue
        keywords.append(cleaned)

    upvotes = f.get("paper", "upvotes", int)
    github_repo = clean_or_none(f.get("paper", "githubRepo", str))
    github_stars = f.get("paper", "githubStars", int)
    project_page = clean_or_none(f.get("paper", "projectPage", str))
    ai_summary = clean_or_none(f.get("paper", "ai_summary", str))
    # Typed locals: the attrs plugin types these converter=tuple parameters as Iterable[_T_co].
    author_tuple: tuple[Author, ...] = tuple(authors)
    problems: tuple[Problem, ...] = tuple(f.problems)
    # Every mapped key has been looked at: what is left unused is extra.
    return Paper(
        title=title,
        abstract=abstract,
        arxiv_id=arxiv_id,
        url=PAPER_URL.format(arxiv_id),
        authors=author_tuple,
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
        problems=problems,
    )


def _authors(f: _Fields) -> tuple[list[Author], int | None]:
    entries = f.get("paper", "authors", list)
    if entries is None:
        return [], None
    authors: list[Author] = []
    for position, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        name = clean_or_none(name) if isinstance(name, str) else None
        if name is None:
            f.unuse("paper", "authors")  # the list as given stays in extra
            f.problems.append(
                Problem(
                    "bad-author",
                    f"item {f.index}: author {position} has no name",
                    f.line,
                    _short_repr(entry),
                )
            )
            continue
        assert isinstance(entry, dict)
        user = entry.get("user")
        username = user.get("user") if isinstance(user, dict) else None
        authors.append(
            Author(
                name,
                user=username if isinstance(username, str) and username else None,
                hidden=entry.get("hidden") is True,
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


def _org(value: dict[str, Any] | None) -> Organization | None:
    if value is None:
        return None
    slug = value.get("name")
    if not isinstance(slug, str) or not slug.strip():
        return None
    fullname = value.get("fullname")
    return Organization(
        slug.strip(), clean_or_none(fullname) if isinstance(fullname, str) else None
    )


def _organization(f: _Fields) -> Organization | None:
    top = _org(f.get("item", "organization", dict))
    inner = _org(f.get("paper", "organization", dict))
    if top is None:
        f.unuse("item", "organization")
    if inner is None:
        f.unuse("paper", "organization")
    if top is not None and inner is not None and inner != top:
        f.unuse("paper", "organization")  # a different organization: keep it
    return top or inner
