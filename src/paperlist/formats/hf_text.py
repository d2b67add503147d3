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

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from ..authors import parse_author_count, parse_organization
from ..dates import DateError, DateLine, looks_like_date, parse_date, read_date_line, with_reference
from ..document import Document
from ..records import Organization, Paper, PartialDate, Problem, Source
from ..text import clean
from . import Event, Options, PageDate
from ._cards import Card, Piece, card_problems, is_header_line, looks_like_abstract, pair_pieces

__all__ = ["ADAPTER", "HfText"]

NAME = "hf-text"
_RENDERED = re.compile(r"^\s*(?:\[\d+\])?\s*Submitted\s*by|\]\(/papers/\d", re.MULTILINE)
_BULLETS = "•·*-"


class _Meta:
    """The metadata block being read: author count or organization, separator, date."""

    __slots__ = ("count", "end_line", "line", "lines", "organization", "separator")

    def __init__(
        self,
        lines: list[tuple[int, str]],
        count: int | None = None,
        organization: Organization | None = None,
        separator: bool = False,
    ) -> None:
        self.lines = lines
        self.line = lines[0][0]
        self.end_line = lines[-1][0]
        self.count = count
        self.organization = organization
        self.separator = separator


class HfText:
    """The spaced text dump."""

    name = NAME
    summary = "Daily Papers text dump, blank-line separated (title, abstract, authors, date)"

    def score(self, head: str) -> float:
        lines = head.split("\n", 200)[:200]
        stripped = [line.strip() for line in lines]
        separators = stripped.count("·")
        counts = sum(1 for s in stripped if s[:1] in _BULLETS and s.endswith(("authors", "author")))
        header = sum(1 for s in stripped if is_header_line(s))
        blanks = stripped.count("")
        if separators == 0 and counts == 0 and header == 0:
            # No separator, count or header: not a dump.  The score stays under the detection
            # threshold, so such text is refused rather than read as cards without metadata.
            return 0.05 if head.strip() and not head.lstrip().startswith(("<", "{", "[")) else 0.01
        score = 0.3 + 0.1 * min(separators, 3) + 0.1 * min(counts, 2) + 0.05 * min(header, 2)
        if blanks >= len(lines) // 4:
            score += 0.1
        bare_numbers = sum(1 for s in stripped if s == "-" or (s.isdigit() and len(s) <= 6))
        if _RENDERED.search(head) is not None or bare_numbers >= 2:
            # A rendered page (a browser copy, a lynx dump): its cards open with "Submitted
            # by", link markers or upvote counts on lines of their own, which the text dumps
            # never show.
            score = min(score, 0.5)
        return min(score, 1.0)

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        reader = _Reader(options)
        feed, out, fast_card = reader.feed, reader.out, reader.fast_card
        match_card = _CARD.match
        lineno = 0  # lines read so far
        for block in document.line_blocks():
            pos = 0
            n = len(block)
            while pos < n:
                if reader.is_clean():
                    if block[pos] == "\n":
                        # Blank lines between cards change nothing: skip them in one step
                        # (and never try a card at each of them: that would be quadratic).
                        end = _BLANKS.match(block, pos).end()  # type: ignore[union-attr]
                        lineno += end - pos
                        pos = end
                        continue
                    # Between cards: try a whole well-formed card in one step.
                    m = match_card(block, pos)
                    if m is not None:
                        last = lineno + _card_lines(m)  # the card's date line
                        paper = fast_card(m, lineno, last)
                        if paper is not None:
                            yield paper
                            if paper.problems:
                                yield from paper.problems
                            lineno = last
                            pos = m.end()
                            continue
                end = block.index("\n", pos)
                lineno += 1
                feed(lineno, block[pos:end])
                pos = end + 1
                if out:
                    yield from out
                    out.clear()
        reader.finish()
        yield from out


ADAPTER = HfText()


def _looks_like_date_line(s: str) -> bool:
    """A short line that starts like a date (``Feb 30, 2024``, ``31 Apr``), damaged or not."""
    return len(s) <= 40 and looks_like_date(s)


def _organization(text: str) -> Organization | None:
    if len(text) > 100 or looks_like_abstract(text):
        return None
    return parse_organization(text)


_BLANKS = re.compile(r"\n+")
# A whole card as ``render`` writes it and HF dumps show it: a title line, blank
# line(s), an abstract line, blank line(s), an author count or organization line, the separator,
# the date line.  Only the shape is matched here; ``_Reader.fast_card`` checks each line as the
# line-by-line reader would and declines anything it would read differently.
_CARD = re.compile(r"([^\n]+)\n\n+([^\n]+)\n\n+([^\n]+)\n\u00b7\n([^\n]+)\n")


def _card_lines(m: re.Match[str]) -> int:
    """The lines a ``_CARD`` match spans: title, abstract, metadata, separator and date, and the
    blank lines between (a gap's length is its number of newlines)."""
    return m.start(2) - m.end(1) + m.start(3) - m.end(2) + 3


# A dump repeats the same few author-count lines.
_author_count = functools.lru_cache(maxsize=1024)(parse_author_count)


def _plain(s: str) -> bool:
    """Whether a stripped, non-blank line is ordinary text to the line reader (no header line,
    separator or author count)."""
    if is_header_line(s) or s == "\u00b7":
        return False
    first = s[0]
    return not ((first in _BULLETS or first.isdigit()) and parse_author_count(s) is not None)


class _Card(NamedTuple):
    """What a metadata block gives the card above it."""

    meta: _Meta
    published: PartialDate | None
    comments: int | None
    problems: list[Problem]


class _Reader:
    """One pass over the lines; events go to ``out`` (a list, so no generator a line)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.out: list[Event] = []
        self.pieces: list[Piece] = []
        self.run: list[tuple[int, str]] = []  # consecutive text lines not yet a piece
        self.meta: _Meta | None = None
        self.in_header = False

    def is_clean(self) -> bool:
        """Between cards: nothing collected, no metadata open, not in a header."""
        return not (self.run or self.pieces or self.meta is not None or self.in_header)

    def fast_card(self, m: re.Match[str], before: int, last: int) -> Paper | None:
        """The paper :meth:`feed` would make of the lines ``m`` matched (``_CARD``), or None.

        ``before`` is the number of lines before the match, ``last`` the number of its date
        line.  Called only when :meth:`is_clean`; declines (None) wherever the line reader
        would read the lines differently, and the caller then feeds them line by line.
        """
        title, abstract, meta_raw, date_raw = m.group(1, 2, 3, 4)
        t = title.strip()
        a = abstract.strip()
        x = meta_raw.strip()
        d = date_raw.strip()
        if not (t and a and x and d and _plain(t) and _plain(a) and _plain(d)):
            return None
        if is_header_line(x) or x == "\u00b7" or looks_like_abstract(title):
            return None  # looks_like_abstract: the pairing walk decides such cards
        count = None
        organization = None
        if x[0] in _BULLETS or x[0].isdigit():
            count = _author_count(x)
        if count is None:
            organization = _organization(x)
            if organization is None:
                return None
        date_line = read_date_line(d)
        if date_line.error is not None:
            return None
        published = date_line.date
        problems: list[Problem] | tuple[()] = ()
        if published.year is None:
            published, problems = with_reference(
                published, date_line.text, self.options.reference_date, last
            )
        comments = date_line.comments
        return Paper(
            title=clean(t),
            abstract=clean(a),
            author_count=count,
            organization=organization,
            published=published,
            comments=0 if comments is None else comments,
            source=Source(NAME, before + 1, last),
            problems=problems,
        )

    def feed(self, lineno: int, raw: str) -> None:
        s = raw.strip()
        if not s:
            if self.run:
                self._end_run()
            return
        if is_header_line(s):
            self._flush_meta()
            self._flush_pieces(None)
            self.in_header = True
            return
        if self.in_header:
            self.in_header = False
            if not self.run and not self.pieces and self._page_date(s, lineno):
                return
        if s == "\u00b7":
            self._separator(lineno, raw)
            return
        first = s[0]
        if first in _BULLETS or first.isdigit():
            count = parse_author_count(s)
            if count is not None:
                self._flush_meta()
                self._end_run()
                self.meta = _Meta([(lineno, raw)], count=count)
                return
        meta = self.meta
        if meta is not None:
            if meta.separator or meta.count is not None:
                date_line = read_date_line(s)
                if date_line.error is None or (
                    meta.separator and meta.end_line == lineno - 1 and _looks_like_date_line(s)
                ):
                    # A date, or a damaged one right below the separator: kept in the card
                    # (reported), not read as a title.  After a blank line, text that is no
                    # date is the next card's title (its date line was lost).
                    meta.lines.append((lineno, raw))
                    meta.end_line = lineno
                    self._flush_meta(date_line, s)
                    return
            self._flush_meta()
        self.run.append((lineno, raw))

    def finish(self) -> None:
        self._flush_meta()
        self._flush_pieces(None)

    def _page_date(self, s: str, lineno: int) -> bool:
        try:
            value = parse_date(s)
        except DateError:
            return False
        resolved, problems = with_reference(value, s, self.options.reference_date, lineno)
        self.out.append(PageDate(resolved, lineno))
        self.out.extend(problems)
        return True

    def _end_run(self) -> None:
        run = self.run
        if run:
            if len(run) == 1:
                lineno, raw = run[0]
                self.pieces.append(Piece(lineno, lineno, raw, (raw,)))
            else:
                raws = tuple(r for _, r in run)
                self.pieces.append(Piece(run[0][0], run[-1][0], " ".join(raws), raws))
            self.run = []

    def _separator(self, lineno: int, raw: str) -> None:
        meta = self.meta
        if meta is not None and not meta.separator and meta.end_line == lineno - 1:
            meta.separator = True
            meta.lines.append((lineno, raw))
            meta.end_line = lineno
            return
        self._flush_meta()
        lines = [(lineno, raw)]
        organization = None
        # The line right above the separator, with text above it, may be an organization.
        run = self.run
        if run and (len(run) > 1 or self.pieces):
            org_line, org_raw = run[-1]
            if org_line == lineno - 1:
                organization = _organization(org_raw.strip())
            if organization is not None:
                run.pop()
                lines.insert(0, (org_line, org_raw))
        self._end_run()
        self.meta = _Meta(lines, organization=organization, separator=True)

    def _flush_meta(self, date_line: DateLine | None = None, text: str = "") -> None:
        """Close the metadata block being read (complete or not) and emit its card."""
        meta = self.meta
        if meta is None:
            return
        self.meta = None
        self._end_run()
        problems: list[Problem] = []
        if meta.count is None and meta.organization is None:
            # Every card shows an author count or an organization: this one lost its line.
            problems.append(
                Problem("missing-authors", "no author count or organization", meta.line)
            )
        published = None
        comments = None
        if date_line is None:
            problems.append(Problem("missing-date", "metadata block without a date", meta.line))
        elif date_line.error is not None:
            error = date_line.error
            problems.append(Problem(error.kind, str(error), meta.end_line, text))
        else:
            published, found = with_reference(
                date_line.date, date_line.text, self.options.reference_date, meta.end_line
            )
            problems += found
            # The page writes the count only when there are comments: a bare date means none.
            comments = date_line.comments if date_line.comments is not None else 0
        self._flush_pieces(_Card(meta, published, comments, problems))

    def _flush_pieces(self, info: _Card | None) -> None:
        """Turn the collected text into cards; the last one gets ``info`` if there is one."""
        self._end_run()
        pieces, self.pieces = self.pieces, []
        if len(pieces) == 2 and not looks_like_abstract(pieces[0].text):
            cards = [Card(pieces[0], pieces[1])]  # the usual card, without the pairing walk
        else:
            cards = list(pair_pieces(pieces))
        out = self.out
        if info is not None and (not cards or cards[-1].title is None):
            # Metadata with no title above it: nothing to attach it to, so quote it whole.
            for card in cards:
                self._card(card, None)
            text = "\n".join(raw for _, raw in info.meta.lines)
            out.append(
                Problem(
                    "orphan-metadata", "metadata block with no title above it", info.meta.line, text
                )
            )
            out.extend(info.problems)
            return
        last = len(cards) - 1
        for index, card in enumerate(cards):
            self._card(card, info if index == last else None)

    def _card(self, card: Card, info: _Card | None) -> None:
        problems = card_problems(card)
        title, abstract = card.title, card.abstract
        if title is None:
            self.out.extend(problems)
            return
        end = abstract.end_line if abstract is not None else title.end_line
        if info is None:
            problems.append(
                Problem("missing-metadata", "card without authors and date", title.line, None)
            )
            paper = Paper(
                title=clean(title.text),
                abstract=clean(abstract.text) if abstract is not None else None,
                source=Source(NAME, title.line, end),
                problems=problems,
            )
        else:
            problems.extend(info.problems)
            meta = info.meta
            paper = Paper(
                title=clean(title.text),
                abstract=clean(abstract.text) if abstract is not None else None,
                author_count=meta.count,
                organization=meta.organization,
                published=info.published,
                comments=info.comments,
                source=Source(NAME, title.line, max(end, meta.end_line)),
                problems=problems,
            )
        self.out.append(paper)
        self.out.extend(problems)
