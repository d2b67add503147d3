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

import functools
import json
import re
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import attrs

from ..dates import normalize_moment
from ..document import Document
from ..records import Problem, Source
from ..text import may_hold_surrogate_escapes, normalize_newlines, scrub_surrogates
from . import Event, Options, PageDate
from ._hf_items import quote, read_item, short_repr, type_name

__all__ = ["ADAPTER", "HfJson"]

NAME = "hf-json"

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\r\n]*")
_JSON_ERRORS = (ValueError, RecursionError)
_QUOTE_SPAN = 160  # characters looked at for a quote (quote() cuts them)

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


_NEXT_VALUE = re.compile(r"\n(?=[ \t]*[\[{])")
_VALUE_AFTER_DEBRIS = re.compile(r"[^\n\[{\"]{0,16}?[\[{]")


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
        if _indented(document.head):
            # Decided from the head alone: the text is read whole at once, not split into lines
            # and joined again (the same text: line ends made "\n", no final line end).
            yield from reader.document(_joined(document.text()))
            return
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
            value = _loads(first.lstrip("\ufeff"))
        except _JSON_ERRORS:
            # Indented JSON (or damage on the first line): read the document whole.
            text = "\n".join(_chain(before, lines))
            yield from reader.document(text)
            return
        yield from reader.value(value, len(before), len(before))
        yield from reader.json_lines(lines, len(before))


def _indented(head: str) -> bool:
    """Whether the first non-blank line, whole within ``head``, is not a JSON value.

    Such a document is read whole, as :meth:`HfJson.parse` would after reading that line; when
    the head holds no whole non-blank line, the lines tell.
    """
    complete = normalize_newlines(head).split("\n")
    complete.pop()  # the head may end inside a line
    for line in complete:
        if line.strip():
            try:
                _loads(line.lstrip("\ufeff"))
            except _JSON_ERRORS:
                return True
            return False
    return False


def _joined(text: str) -> str:
    """``text`` as ``"\n".join(split_lines(text))`` gives it, without making the lines.

    The final line end goes, as in the line-by-line path: JSON's error positions then agree
    between the two paths (a value cut at the end is reported on its own line).
    """
    text = normalize_newlines(text)
    return text[:-1] if text.endswith("\n") else text


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


ADAPTER = HfJson()


@attrs.define
class _Reader:
    """Reads top-level JSON values into events, numbering items across the whole document."""

    index: int = 0
    decoder: _Decoder = attrs.field(factory=lambda: _Decoder())
    surrogates: bool = True  # whether the text read may hold a lone surrogate

    # -- JSON Lines ---------------------------------------------------------------------------

    def json_lines(self, lines: Iterable[str], lineno: int) -> Iterator[Event]:
        for number, raw in enumerate(lines, lineno + 1):
            if not raw.strip():
                continue
            self.surrogates = may_hold_surrogate_escapes(raw)
            try:
                value = _loads(raw)
            except _JSON_ERRORS as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                yield Problem(
                    "bad-json",
                    f"item {self.index}: line is not JSON ({message})",
                    number,
                    quote(raw.strip()),
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
        item, surrogates = scrub_surrogates(item) if self.surrogates else (item, 0)
        result = read_item(item, Source(NAME, line, end_line, index=index))
        if surrogates:
            # A lone surrogate ("\ud83d" with no partner) is no character: replaced, reported.
            problem = Problem(
                "lone-surrogate",
                f"item {index}: {surrogates} string(s) held a lone surrogate, read as U+FFFD",
                line,
                None,
            )
            if isinstance(result, Problem):
                yield problem
            else:
                result = attrs.evolve(result, problems=(*result.problems, problem))
        # A paper carries its own problems (problems-once): no separate events for them.
        yield result

    # -- a whole document -----------------------------------------------------------------------

    def document(self, text: str) -> Iterator[Event]:
        """Every top-level value in ``text`` (usually one array), salvaging around damage."""
        self.surrogates = may_hold_surrogate_escapes(text)
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
                    value, end = self.decoder.decode(text, pos)
                except _JSON_ERRORS as exc:
                    resumed = _resync_value(text, pos + 1)
                    skipped = text[pos : len(text) if resumed is None else resumed]
                    yield _bad_json(text, pos, exc, lines, "not JSON")
                    if _holds_item(skipped):
                        self.index += 1
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
        # An indented array's items start at the first one's indentation: only there is an
        # item looked for after damage (nested objects that look like items are deeper).
        indent = text[text.rfind("\n", 0, pos) + 1 : pos]
        item_line = _item_line(indent) if "\n" in text[start:pos] and not indent.strip() else None
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
                value, end = self.decoder.decode(text, pos)
                after = _skip_ws(text, end)
                if after < n and text[after] == ":":
                    # A key whose object lost its '{': the item is broken, not a string item.
                    raise _Error("a key outside an object (a lost '{'?)", pos)
            except _JSON_ERRORS as exc:
                resumed = _resync_item(text, pos, self.decoder, item_line)
                skipped = text[pos : n if resumed is None else resumed]
                if isinstance(exc, _Error) and exc.pos > pos:
                    lost = _items_in(skipped)
                else:
                    # Keys after a closed item: its tail (a lost '{' closed it early), or the
                    # opening of an item that lost its '{' (then it shows a "paper" key).
                    lost = _paper_keys(skipped)
                if lost:
                    first, last = self.index, self.index + lost - 1
                    what = f"item {first}" if lost == 1 else f"items {first}-{last}"
                    yield _bad_json(text, pos, exc, lines, f"{what} is not JSON")
                    self.index += lost
                else:
                    # Debris between items (a stray character, a doubled brace): no item lost.
                    yield _bad_json(text, pos, exc, lines, f"debris before item {self.index}")
                if resumed is None:
                    return n
                pos = resumed
                continue
            if isinstance(value, list):
                # An array inside the array (a doubled '['): its items are read all the same.
                yield Problem(
                    "bad-json",
                    f"an array where item {self.index} belongs (a doubled '['?)",
                    lines.line(pos),
                    None,
                )
                line, end_line = lines.line(pos), lines.line(end - 1)
                for item in value:
                    yield from self.item(item, line, end_line)
            else:
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
                    quote(text[pos : pos + _QUOTE_SPAN]),
                )


def _skip_ws(text: str, pos: int) -> int:
    m = _WS.match(text, pos)
    return pos if m is None else m.end()


def _bad_json(text: str, pos: int, exc: BaseException, lines: _LineCounter, what: str) -> Problem:
    if isinstance(exc, _Error):
        where = lines.line(exc.pos)
        message = f"{what}: {exc.msg} at line {where}, column {lines.column(exc.pos)}"
    else:
        message = f"{what}: nested too deeply"
    quoted = text[pos : pos + _QUOTE_SPAN]  # bounded: one line may be the whole response
    quoted = quoted.split("\n", 1)[0]
    return Problem("bad-json", message, lines.line(pos), quote(quoted.strip()))


def _looks_like_item(value: Any) -> bool:
    return isinstance(value, dict) and ("paper" in value or ("id" in value and "title" in value))


def _holds_item(skipped: str) -> bool:
    """Whether skipped text held (part of) an item: an object with a key, not mere debris."""
    return "{" in skipped and '":' in skipped


_PAPER_KEY = _ITEM  # an item's "paper" key, opening the paper with its id or authors


def _paper_keys(skipped: str) -> int:
    return len(_PAPER_KEY.findall(skipped))


def _items_in(skipped: str) -> int:
    """How many items skipped text held: one a ``"paper"`` key (a daily or search item), or one
    for any object with a key (a bare paper); none for debris, so kept items keep their index."""
    if _BARE_PAPER_KEY.fullmatch(skipped):
        return 0  # an item's opening written twice: no item of its own
    return _paper_keys(skipped) or int(_holds_item(skipped))


_BARE_PAPER_KEY = re.compile(r'\{\s*"paper"\s*:\s*')


# Where an item may start after damage: an object after '[' or ',', or one opening with an
# item's first key (after a stray character).
_CANDIDATE = re.compile(r'[\[,]\s*(\{)|(\{)(?=\s*"paper"\s*:)')
_ITEM_START = re.compile(r'\{\s*"paper"\s*:')


@functools.lru_cache(maxsize=16)
def _item_line(indent: str) -> re.Pattern[str]:
    """A line opening an object at ``indent``, with or without the comma before it."""
    return re.compile(r"\n" + re.escape(indent) + r",?[ \t]*(\{)")


def _resync_item(
    text: str, pos: int, decoder: _Decoder, item_line: re.Pattern[str] | None = None
) -> int | None:
    """The start of the next item of an array after the broken one at ``pos``, if any.

    Candidates are objects after a bracket or comma, searched from inside the broken item (an
    item that lost its closing brace must not take the next one with it); nested objects
    (authors) are passed over because they are not items.  An object that opens as an item does
    but does not decode is a broken item of its own: returned, so that it is reported too.
    ``item_line`` (an indented array) looks only at objects opening a line at the items'
    indentation.
    """
    candidates = _CANDIDATE if item_line is None else item_line
    for m in candidates.finditer(text, pos + 1):
        start = m.start(1) if m.group(1) is not None else m.start(2)
        if start <= pos:
            continue
        if _ITEM_START.match(text, start):
            return start  # an item, readable or not: the caller reads or reports it
        try:
            value, end = decoder.decode(text, start)
        except _JSON_ERRORS:
            continue
        after = _skip_ws(text, end)
        if _looks_like_item(value) and (after >= len(text) or text[after] in ",]"):
            return start
    return None


class _Error(ValueError):
    """A JSON error at an absolute position (``json.JSONDecodeError`` without its line count)."""

    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


def _big_int(digits: str) -> int | str:
    """An integer, or its digits as text beyond Python's conversion limit (then a bad field)."""
    try:
        return int(digits)
    except ValueError:
        return digits


_SAFE_DECODER = json.JSONDecoder(parse_int=_big_int)
_WINDOW = 4096
_END_SLACK = 16  # an error this close to a window's end may be the window's own cut


class _Decoder:
    """``raw_decode`` whose errors cost time in proportion to the value, not to its position.

    ``json.JSONDecodeError`` counts the lines from the document's start at every error, so a
    document with many broken items would take quadratic time.  After the first error, values
    are decoded from windows that grow fourfold until they hold the value or its error.
    """

    __slots__ = ("windowed",)

    def __init__(self) -> None:
        self.windowed = False

    def decode(self, text: str, pos: int) -> tuple[Any, int]:
        if not self.windowed:
            try:
                return _raw_decode(text, pos)
            except json.JSONDecodeError as exc:
                self.windowed = True
                raise _Error(exc.msg, exc.pos) from None
        size = _WINDOW
        n = len(text)
        while True:
            stop = pos + size
            piece = text[pos:stop] if stop < n else (text if pos == 0 else text[pos:])
            try:
                value, end = _raw_decode(piece, 0)
            except json.JSONDecodeError as exc:
                if stop < n and (
                    exc.msg.startswith("Unterminated string") or len(piece) - exc.pos <= _END_SLACK
                ):
                    size *= 4  # the window may have cut the value: look further
                    continue
                raise _Error(exc.msg, pos + exc.pos) from None
            if stop < n and len(piece) - end <= _END_SLACK:
                size *= 4  # a number may go on past the window
                continue
            return value, pos + end


def _raw_decode(text: str, pos: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:
        # An integer longer than Python converts (4,300 digits): read again, keeping it as text.
        return _SAFE_DECODER.raw_decode(text, pos)


def _loads(line: str) -> Any:
    value, end = _raw_decode(line, _skip_ws(line, 0))
    if _skip_ws(line, end) != len(line):
        raise json.JSONDecodeError("Extra data", line, end)
    return value


def _resync_value(text: str, pos: int) -> int | None:
    """The next line that opens an array or object, after damage between values; debris before
    a value on its own line (``x[``) resumes at that value."""
    if text[pos - 1] not in "[{":
        m = _VALUE_AFTER_DEBRIS.match(text, pos)
        if m is not None:
            return m.end() - 1
    m = _NEXT_VALUE.search(text, pos)
    return None if m is None else _skip_ws(text, m.end())


class _LineCounter:
    """1-based line numbers (and columns) of offsets met mostly in increasing order, counting
    each newline once: a minified response's many errors cost no scan back to its start."""

    __slots__ = ("_line", "_pos", "_start", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1
        self._start = 0  # offset of the line that holds _pos

    def line(self, pos: int) -> int:
        pos = max(pos, 0)
        text = self._text
        if pos >= self._pos:
            crossed = text.count("\n", self._pos, pos)
            if crossed:
                self._line += crossed
                self._start = text.rfind("\n", self._pos, pos) + 1
        else:
            crossed = text.count("\n", pos, self._pos)
            if crossed:
                self._line -= crossed
                self._start = text.rfind("\n", 0, pos) + 1  # stops at the line's own start
        self._pos = pos
        return self._line

    def column(self, pos: int) -> int:
        """The 1-based column of ``pos`` (after :meth:`line` has moved to it)."""
        self.line(pos)
        return pos - self._start + 1


def _page_date(value: Any, line: int | None) -> Iterator[Event]:
    if value is None:
        return
    if not isinstance(value, str):
        yield Problem("bad-field", f"date is {type_name(value)}", line, short_repr(value))
        return
    date, problems = normalize_moment(value, None, line)
    if date is not None:
        yield PageDate(date, line)
    yield from problems
