"""``hf-flat``: the flattened text dump (no blank lines, no metadata).

Two header lines, then ``Subscribe`` glued to the first title (``SubscribeDual Process ...``), then
title and abstract lines alternating.  Structure decides which line is which; where the alternation
breaks (a lost line), the shape of the lines decides, and the break is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from ..records import Paper, Source
from ..text import clean
from . import Event, Options
from ._cards import Piece, card_problems, is_header_line, looks_like_abstract, pair_pieces

__all__ = ["ADAPTER", "HfFlat"]

NAME = "hf-flat"
_GLUED = "Subscribe"
# Pair in windows so memory stays bounded on a dump of any size; a window ends after an abstract,
# where a card surely ends.
_WINDOW = 512


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
        if "·" in lines:
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
        for lineno, raw in enumerate(document.lines(), 1):
            text = raw.strip()
            if not text:
                continue
            if is_header_line(text):
                in_header = True  # the first header, or another dump's appended after
                continue
            if in_header:
                if text.startswith(_GLUED):
                    # The header's "Subscribe" button text runs into the first title.
                    text = text[len(_GLUED) :]
                in_header = False
            pieces.append(Piece(lineno, lineno, text, (raw,)))
            if len(pieces) >= _WINDOW and looks_like_abstract(text):
                yield from _cards(pieces)
                pieces = []
        yield from _cards(pieces)


def _alternates(lines: list[str]) -> bool:
    """Whether lines alternate title / abstract (a short heading, then a paragraph)."""
    if len(lines) < 6:
        return False
    start = 0 if not looks_like_abstract(lines[0]) else 1
    pairs = list(zip(lines[start::2], lines[start + 1 :: 2], strict=False))
    good = sum(1 for t, a in pairs if not looks_like_abstract(t) and looks_like_abstract(a))
    return good >= 3 and good >= 0.8 * len(pairs)


def _cards(pieces: list[Piece]) -> Iterator[Event]:
    for card in pair_pieces(pieces):
        problems = card_problems(card)
        if card.title is not None:
            end = card.abstract.end_line if card.abstract is not None else card.title.end_line
            yield Paper(
                title=clean(card.title.text),
                abstract=clean(card.abstract.text) if card.abstract is not None else None,
                source=Source(NAME, card.title.line, end),
                problems=problems,
            )
        yield from problems


ADAPTER = HfFlat()
