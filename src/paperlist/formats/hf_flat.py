"""``hf-flat``: the flattened text dump (no blank lines, no metadata).

Two header lines, then ``Subscribe`` glued to the first title (``SubscribeDual Process ...``), then
title and abstract lines alternating.  Structure decides which line is which; where the alternation
breaks (a lost line), the shape of the lines decides, and the break is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..authors import parse_author_count
from ..dates import looks_like_date
from ..document import Document
from ..records import Paper, Problem, Source
from ..text import clean
from . import Event, Options
from ._cards import (
    Piece,
    card_problems,
    is_header_line,
    looks_like_abstract,
    markdown_syntax,
    pair_pieces,
)

__all__ = ["ADAPTER", "HfFlat"]

NAME = "hf-flat"
_GLUED = "Subscribe"
# Pair in windows so memory stays bounded on a dump of any size; a window ends after an abstract,
# where a card surely ends.
_WINDOW = 512
_MAX_WINDOW = 4 * _WINDOW


class HfFlat:
    """The flattened text dump."""

    name = NAME
    summary = "Daily Papers text dump, flattened: title and abstract lines alternating"

    def score(self, head: str) -> float:
        lines = [line.strip() for line in head.split("\n", 64)[:64]]
        if len(lines) > 1 and (len(head) >= 8192 or not lines[-1]):
            lines = lines[:-1]  # the head may cut its last line short; the final line end
        nonblank = [line for line in lines if line]
        if not nonblank:
            return 0.0
        glued = any(
            line.startswith(_GLUED) and len(line) > len(_GLUED) and line != _GLUED
            for line in nonblank[:6]
        )
        header = sum(1 for line in nonblank[:6] if is_header_line(line))
        blank_ratio = (len(lines) - len(nonblank)) / len(lines)
        if "·" in lines or (markdown_syntax(head) and not header):
            return 0.0
        alternating = _alternates([line for line in nonblank if not is_header_line(line)])
        if not glued and not header and not alternating:
            return 0.0
        score = 0.0
        if glued:
            score += 0.6
        if header:
            score += 0.2
        if blank_ratio < 0.05 and len(nonblank) >= 4:
            score += 0.15
        if alternating and blank_ratio < 0.05:
            # Title and abstract lines taking turns: the flattened layout even without the
            # glued "Subscribe<title>" line or the header that a damaged copy lost.
            score += 0.45
        return min(score, 1.0)

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        pieces: list[Piece] = []
        in_header = True
        out: list[Problem] = []  # problems of lines that are no piece, in line order
        previous = (0, "")
        for lineno, raw in enumerate(document.lines(), 1):
            text = raw.strip()
            if not text:
                continue
            if is_header_line(text):
                in_header = True  # the first header, or another dump's appended after
                continue
            if lineno == previous[0] + 1 and text == previous[1]:
                problem = Problem("duplicate-line", "the line above, repeated", lineno, text)
                if pieces and pieces[-1].line == lineno - 1:
                    last = pieces[-1]
                    pieces[-1] = last._replace(end_line=lineno, problems=(problem,))
                else:
                    out.append(problem)
                continue
            previous = (lineno, text)
            if in_header and text.startswith(_GLUED):
                # The header's "Subscribe" button text runs into the first title.
                text = text[len(_GLUED) :]
            if _BARE_COUNT.fullmatch(text):
                # A bare number or "-": a rendered page's upvote count, never a title.
                out.append(
                    Problem(
                        "orphan-metadata", "a bare count, which no card's text is", lineno, text
                    )
                )
                continue
            if text and _metadata(text):
                # A flattened dump carries no metadata: such a line is damage or another
                # layout's debris, never a title or abstract.
                out.append(
                    Problem(
                        "orphan-metadata",
                        "card metadata in a flattened dump, which has none",
                        lineno,
                        text,
                    )
                )
                continue
            in_header = False
            pieces.append(Piece(lineno, lineno, text, (raw,)))
            n = len(pieces)
            if n >= _WINDOW and (looks_like_abstract(text) or (n >= _MAX_WINDOW and n % 2 == 0)):
                # Decided in windows that end after an abstract, where a card surely ends (or,
                # where the abstracts are too short to tell, at an even count: the alternation).
                yield from _cards(pieces, out)
                pieces, out = [], []
        yield from _cards(pieces, out)


_BARE_COUNT = re.compile(r"-|\d{1,3}(?:,\d{3})+|\d{1,7}")


def _metadata(text: str) -> bool:
    """A card metadata line of the spaced layout (a bulleted author count, a separator, a date)."""
    if text[0] in "\u2022\u00b7":
        return True
    if text[0] in "*-" or text[0].isdigit():
        return parse_author_count(text) is not None
    return len(text) <= 24 and _DATE.fullmatch(text) is not None and looks_like_date(text)


def _alternates(lines: list[str]) -> bool:
    """Whether lines alternate title / abstract (a short heading, then a paragraph)."""
    if len(lines) < 6:
        return False
    start = 0 if not looks_like_abstract(lines[0]) else 1
    pairs = list(zip(lines[start::2], lines[start + 1 :: 2], strict=False))
    good = sum(1 for t, a in pairs if not looks_like_abstract(t) and looks_like_abstract(a))
    return good >= 3 and good >= 0.8 * len(pairs)


# A date as the spaced layout writes it, readable or not: ``Oct 12, 2021 4``, ``Oct 1x, 2021``.
_DATE = re.compile(r"[A-Za-z]{3,9}\.?\s+\w{1,4}(?:\s*,\s*\w{2,6})?(?:\s+\d{1,7})?")


def _cards(pieces: list[Piece], problems: list[Problem]) -> Iterator[Event]:
    """The papers of ``pieces`` and every problem, in line order."""
    events: list[Event] = list(problems)
    for card in pair_pieces(pieces):
        found = card_problems(card)
        if card.title is not None and card.abstract is not None:
            # A title with its abstract: the only card's evidence a flattened dump has.
            events.append(
                Paper(
                    title=clean(card.title.text),
                    abstract=clean(card.abstract.text),
                    source=Source(NAME, card.title.line, card.abstract.end_line),
                    problems=found,
                )
            )
        else:
            events.extend(found)  # belongs to no paper
    if problems:
        events.sort(key=_line)
    yield from events


def _line(event: Event) -> int:
    if isinstance(event, Paper):
        return event.source.line or 0 if event.source is not None else 0
    return event.line or 0 if isinstance(event, Problem) else 0


ADAPTER = HfFlat()
