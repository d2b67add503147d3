"""What the two text-dump formats share: telling titles from abstracts, and making records.

Both dumps lay a card out as a title line then an abstract line.  Structure decides first (the
alternation); shape decides only where the alternation visibly breaks, because a lost line would
otherwise shift every later title into an abstract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..records import Problem

__all__ = [
    "HEADER_LINES",
    "Card",
    "Piece",
    "card_problems",
    "is_header_line",
    "looks_like_abstract",
    "markdown_syntax",
    "pair_pieces",
]

#: Boilerplate lines of a Daily Papers page header, as text dumps keep them.
HEADER_LINES = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
_LONGEST_HEADER = max(map(len, HEADER_LINES))


def is_header_line(line: str) -> bool:
    """Whether a stripped line is header boilerplate (``line in HEADER_LINES``).

    The length test comes first: hashing an abstract costs more than the whole test.
    """
    return len(line) <= _LONGEST_HEADER and line in HEADER_LINES


class Piece(NamedTuple):
    """A run of text lines read as one title or one abstract (a tuple: made once a line)."""

    line: int
    end_line: int
    text: str
    raw: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # what its lines showed (a repeated line)


def looks_like_abstract(text: str) -> bool:
    """A paragraph, not a heading: long, or sentences ending in a full stop.

    Titles in real dumps stay under 200 characters and rarely end with a full stop; abstracts
    run to several hundred characters of sentences.
    """
    n = len(text)
    if n >= 300:
        return True
    if n < 60:
        return False
    return text.endswith(".") and (". " in text or n >= 150)


class Card(NamedTuple):
    title: Piece | None
    abstract: Piece | None


def pair_pieces(pieces: Sequence[Piece]) -> Iterator[Card]:
    """Pair alternating pieces into cards, breaking the alternation only where shape demands."""
    i, n = 0, len(pieces)
    while i < n:
        piece = pieces[i]
        following = pieces[i + 1] if i + 1 < n else None
        if looks_like_abstract(piece.text) and (
            following is None or not looks_like_abstract(following.text)
        ):
            # An abstract where a title belongs, then a title (or nothing): its title is lost.
            yield Card(None, piece)
            i += 1
            continue
        if following is None:
            yield Card(piece, None)
            return
        after = pieces[i + 2] if i + 2 < n else None
        if not looks_like_abstract(following.text) and (
            after is not None and looks_like_abstract(after.text)
        ):
            # Title, title, abstract: the first title lost its abstract.
            yield Card(piece, None)
            i += 1
            continue
        yield Card(piece, following)
        i += 2


def card_problems(card: Card, has_metadata: bool = False) -> list[Problem]:
    """What a card lacks: a lost title (its abstract quoted, so nothing is lost) or abstract.

    A title with neither abstract nor metadata shows no card's evidence: it is quoted as an
    ``orphan-title`` and no paper is made of it.  The pieces' own problems come first.
    """
    title, abstract = card.title, card.abstract
    problems = [*(title.problems if title else ()), *(abstract.problems if abstract else ())]
    if title is None and abstract is not None:
        problems.append(
            Problem(
                "missing-title",
                "an abstract with no title before it; no paper made of it",
                abstract.line,
                "\n".join(abstract.raw) or abstract.text,
            )
        )
    elif title is not None and abstract is None:
        if has_metadata:
            problems.append(
                Problem("missing-abstract", "a title with no abstract after it", title.line)
            )
        else:
            problems.append(
                Problem(
                    "orphan-title",
                    "a line with neither abstract nor card metadata; no paper made of it",
                    title.line,
                    "\n".join(title.raw) or title.text,
                )
            )
    return sorted(problems, key=lambda p: p.line or 0)


#: Lines of markdown's own syntax: a heading, a table's rule, a code fence.  A text dump copied
#: from the page never shows one; notes or docs that quote a card's lines in markdown do.
_MARKDOWN = re.compile(r"^(?:#{1,6}[ \t]\S|\|[ \t]*:?-{3,}|```)", re.MULTILINE)


def markdown_syntax(head: str) -> bool:
    """Whether a document's head is markdown: the text dumps then claim it below the detection
    threshold (``hf-markdown`` reads a markdown rendering of a page; other markdown is refused)."""
    return _MARKDOWN.search(head) is not None
