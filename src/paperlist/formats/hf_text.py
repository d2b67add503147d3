"""``hf-text``: the spaced text dump people save from a Daily Papers or search page.

Blocks are separated by blank lines: a header (``new``, ``Subscribe``, ``Daily Papers``, ..., the
date picker ``Nov 25``), then cards of a title, an abstract and a metadata block::

    <title>
    <abstract>
      • 5 authors        (or an organization line: "apple Apple")
    ·
    Oct 12, 2021 4     (the date, then the comment count if there are comments)

The reader works line by line in one pass and keeps only the current card in memory, so a dump of
any size streams.  A card may lack its abstract or its metadata; a header may be missing or
repeated (dumps concatenated); each oddity becomes a Problem and reading goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from ..authors import parse_author_count, parse_organization
from ..dates import DateError, normalize_date, parse_date, split_date_and_count, with_reference
from ..document import Document
from ..records import Organization, Paper, PartialDate, Problem, Source
from ..text import clean
from . import Event, Options, PageDate
from ._cards import HEADER_LINES, Card, Piece, card_problems, looks_like_abstract, pair_pieces

__all__ = ["ADAPTER", "HfText"]

NAME = "hf-text"
_BULLETS = "•·*-"


@attrs.define
class _Meta:
    """The metadata block being read: author count or organization, separator, date."""

    line: int
    end_line: int
    lines: list[tuple[int, str]]
    count: int | None = None
    organization: Organization | None = None
    separator: bool = False


@attrs.define
class _State:
    options: Options
    pieces: list[Piece] = attrs.field(factory=list)
    run: list[tuple[int, str]] = attrs.field(factory=list)  # consecutive text lines
    meta: _Meta | None = None
    in_header: bool = False
    page_date_seen: bool = False


class HfText:
    """The spaced text dump."""

    name = NAME
    summary = "Daily Papers text dump, blank-line separated (title, abstract, authors, date)"

    def score(self, head: str) -> float:
        lines = head.split("\n", 200)[:200]
        stripped = [line.strip() for line in lines]
        separators = stripped.count("·")
        counts = sum(1 for s in stripped if s[:1] in _BULLETS and s.endswith(("authors", "author")))
        header = sum(1 for s in stripped if s in HEADER_LINES)
        blanks = stripped.count("")
        if separators == 0 and counts == 0 and header == 0:
            # Any text can be read as a dump of cards without metadata: say so weakly, so that
            # text no format claims (or an empty document) is read here.
            return 0.05 if head.strip() and not head.lstrip().startswith(("<", "{", "[")) else 0.01
        score = 0.3 + 0.1 * min(separators, 3) + 0.1 * min(counts, 2) + 0.05 * min(header, 2)
        if blanks >= len(lines) // 4:
            score += 0.1
        return min(score, 1.0)

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        state = _State(options)
        for lineno, raw in enumerate(document.lines(), 1):
            yield from _feed(state, lineno, raw)
        yield from _flush_meta(state)
        yield from _flush_pieces(state, None)


ADAPTER = HfText()


def _feed(state: _State, lineno: int, raw: str) -> Iterator[Event]:
    s = raw.strip()
    if not s:
        _end_run(state)
        return
    if s in HEADER_LINES:
        yield from _flush_meta(state)
        _end_run(state)
        yield from _flush_pieces(state, None)
        state.in_header = True
        return
    if state.in_header:
        state.in_header = False
        if not state.run and not state.pieces:
            page = _page_date(s, lineno, state.options)
            if page is not None:
                yield from page
                return
    if s == "·":
        yield from _separator(state, lineno, raw)
        return
    if s[0] in _BULLETS or s[0].isdigit():
        count = parse_author_count(s)
        if count is not None:
            yield from _flush_meta(state)
            _end_run(state)
            state.meta = _Meta(lineno, lineno, [(lineno, raw)], count=count)
            return
    meta = state.meta
    if meta is not None:
        if meta.separator or meta.count is not None:
            try:
                date_text, comments = split_date_and_count(s)
            except DateError as exc:
                if meta.separator and _looks_like_date_line(s):
                    # A damaged date: keep it in the card, reported, rather than as a title.
                    meta.lines.append((lineno, raw))
                    meta.end_line = lineno
                    yield from _flush_meta(state, bad_date=(exc, s))
                    return
            else:
                meta.lines.append((lineno, raw))
                meta.end_line = lineno
                yield from _flush_meta(state, date=(date_text, comments))
                return
        yield from _flush_meta(state)
    state.run.append((lineno, raw))


def _looks_like_date_line(s: str) -> bool:
    return len(s) <= 40 and any(ch.isdigit() for ch in s)


def _page_date(s: str, lineno: int, options: Options) -> list[Event] | None:
    try:
        value = parse_date(s)
    except DateError:
        return None
    resolved, problems = with_reference(value, s, options.reference_date, lineno)
    return [PageDate(resolved, lineno), *problems]


def _end_run(state: _State) -> None:
    if state.run:
        first, last = state.run[0][0], state.run[-1][0]
        raws = tuple(r for _, r in state.run)
        state.pieces.append(Piece(first, last, " ".join(raws), raws))
        state.run = []


def _separator(state: _State, lineno: int, raw: str) -> Iterator[Event]:
    meta = state.meta
    if meta is not None and not meta.separator and meta.end_line == lineno - 1:
        meta.separator = True
        meta.lines.append((lineno, raw))
        meta.end_line = lineno
        return
    yield from _flush_meta(state)
    lines = [(lineno, raw)]
    organization = None
    # The line right above the separator, with text above it, may be an organization.
    if state.run and (len(state.run) > 1 or state.pieces):
        org_line, org_raw = state.run[-1]
        if org_line == lineno - 1:
            organization = _organization(org_raw.strip())
        if organization is not None:
            state.run.pop()
            lines.insert(0, (org_line, org_raw))
    _end_run(state)
    state.meta = _Meta(lines[0][0], lineno, lines, organization=organization, separator=True)


def _organization(text: str) -> Organization | None:
    if len(text) > 100 or looks_like_abstract(text):
        return None
    return parse_organization(text)


def _flush_meta(
    state: _State,
    date: tuple[str, int | None] | None = None,
    bad_date: tuple[DateError, str] | None = None,
) -> Iterator[Event]:
    """Close the metadata block being read (complete or not) and emit its card."""
    meta = state.meta
    if meta is None:
        return
    state.meta = None
    _end_run(state)
    problems: list[Problem] = []
    published = None
    comments = None
    if date is not None:
        published, problems = normalize_date(date[0], state.options.reference_date, meta.end_line)
        # The page writes the count only when there are comments: a bare date means none.
        comments = date[1] if date[1] is not None else 0
    elif bad_date is not None:
        exc, text = bad_date
        problems.append(Problem(exc.kind, str(exc), meta.end_line, text))
    else:
        problems.append(Problem("missing-date", "metadata block without a date", meta.line, None))
    yield from _flush_pieces(state, _Card(meta, published, comments, problems))


@attrs.frozen
class _Card:
    """What a metadata block gives the card above it."""

    meta: _Meta
    published: PartialDate | None
    comments: int | None
    problems: list[Problem]


def _flush_pieces(state: _State, info: _Card | None) -> Iterator[Event]:
    """Turn the collected text into cards; the last one gets ``info`` if there is one."""
    _end_run(state)
    pieces, state.pieces = state.pieces, []
    cards = list(pair_pieces(pieces))
    if info is not None and (not cards or cards[-1].title is None):
        # Metadata with no title above it: nothing to attach it to, so quote it whole.
        for card in cards:
            yield from _card_events(card, None)
        text = "\n".join(raw for _, raw in info.meta.lines)
        yield Problem(
            "orphan-metadata", "metadata block with no title above it", info.meta.line, text
        )
        yield from info.problems
        return
    for index, card in enumerate(cards):
        yield from _card_events(card, info if index == len(cards) - 1 else None)


def _card_events(card: Card, info: _Card | None) -> Iterator[Event]:
    problems = card_problems(card)
    if card.title is None:
        yield from problems
        return
    end = card.abstract.end_line if card.abstract is not None else card.title.end_line
    if info is None:
        problems.append(
            Problem("missing-metadata", "card without authors and date", card.title.line, None)
        )
        paper = Paper(
            title=clean(card.title.text),
            abstract=clean(card.abstract.text) if card.abstract is not None else None,
            source=Source(NAME, card.title.line, end),
            problems=problems,
        )
    else:
        problems.extend(info.problems)
        meta = info.meta
        paper = Paper(
            title=clean(card.title.text),
            abstract=clean(card.abstract.text) if card.abstract is not None else None,
            author_count=meta.count,
            organization=meta.organization,
            published=info.published,
            comments=info.comments,
            source=Source(NAME, card.title.line, max(end, meta.end_line)),
            problems=problems,
        )
    yield paper
    yield from problems
