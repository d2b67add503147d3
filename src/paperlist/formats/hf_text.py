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
from ._cards import (
    Card,
    Piece,
    card_problems,
    is_header_line,
    looks_like_abstract,
    markdown_syntax,
    pair_pieces,
)

__all__ = ["ADAPTER", "HfText"]

NAME = "hf-text"
_RENDERED = re.compile(r"^\s*(?:\[\d+\])?\s*Submitted\s*by|\]\(/papers/\d", re.MULTILINE)
_BULLETS = "•·*-"


class _Meta:
    """The metadata block being read: author count or organization, separator, date."""

    __slots__ = (
        "count",
        "end_line",
        "line",
        "lines",
        "organization",
        "problems",
        "separator",
        "tentative",
    )

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
        self.problems: list[Problem] = []  # what its damaged lines showed
        self.tentative: tuple[int, str] | None = None  # an organization line, if "·" follows


def _prose(piece: Piece) -> bool:
    """Text that can be an abstract: a sentence (it ends like one) or a long run of words."""
    text = piece.text.rstrip()
    return len(text) >= 80 or (text.endswith((".", "!", "?", ".)", '."')) and " " in text)


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
        if (separators == 0 and counts == 0) or (markdown_syntax(head) and not header):
            # No separator and no count: no card.  A header alone is a rendered page's chrome
            # (an empty listing saved by a browser or a text browser shows the same lines).  The
            # score stays under the detection threshold, so such text is refused rather than
            # read as cards without metadata.  So is markdown that quotes a card's lines
            # without the page's header (notes, docs; a dump pasted under a heading has it).
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
                clean = reader.is_clean()
                if clean and block[pos] == "\n":
                    # Blank lines between cards change nothing: skip them in one step
                    # (and never try a card at each of them: that would be quadratic).
                    end = _BLANKS.match(block, pos).end()  # type: ignore[union-attr]
                    lineno += end - pos
                    pos = end
                    continue
                end = block.index("\n", pos)
                if clean:
                    # Between cards: try a whole well-formed card in one step, where a blank
                    # line follows the first (else the pattern fails only after backtracking
                    # over the whole line: a 50 MB line cost 0.4 s of the pattern alone).
                    m = match_card(block, pos) if block.startswith("\n", end + 1) else None
                    if m is not None:
                        last = lineno + _card_lines(m)  # the card's date line
                        paper = fast_card(m, lineno, last)
                        if paper is not None:
                            yield paper
                            lineno = last
                            pos = m.end()
                            continue
                lineno += 1
                raw = block[pos:end]
                feed(lineno, raw)
                pos = end + 1
                if reader.repeating:
                    # A run of one repeated line (a file of only "·" lines): read in one step.
                    skipped = reader.repeat(block, pos, raw, lineno)
                    lineno += skipped
                    pos += skipped * (len(raw) + 1)
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
    separator, author count, damaged metadata or date line)."""
    if is_header_line(s) or s in _SEPARATORS:
        return False
    first = s[0]
    if (first in _BULLETS or first.isdigit()) and _count_line(s):
        return False
    return not (len(s) <= _DATE_SHAPED_MAX and _date_shaped(s))


def _count_line(s: str) -> bool:
    """Whether a stripped line that starts with a bullet or digit is an author-count line,
    readable or not (``• 5 autors``, ``• five authors``, a count too long to convert)."""
    if s[0] in "\u2022\u00b7":
        return True  # HF writes its bullets only in a card's metadata
    return parse_author_count(s) is not None or s.lower().endswith(_AUTHOR_WORDS)


_AUTHOR_WORDS = ("authors", "author")
_SEPARATORS = ("\u00b7", "\u2022")  # the separator, and the same written as a bullet
_DATE_SHAPED_MAX = 24
# A date as HF writes it, readable or not (``Oct 12, 2021 4``, ``Oct 1x, 2021``, ``Apr 1``):
# a month-like word, a short token, an optional year-like token and comment count.
_DATE_SHAPE = re.compile(r"[A-Za-z]{3,9}\.?\s+\w{1,4}(?:\s*,\s*\w{2,6})?(?:\s+\d{1,7})?")


def _date_shaped(s: str) -> bool:
    """A short line shaped like a card's date (checked before it is read as a title)."""
    return (
        _DATE_SHAPE.fullmatch(s) is not None and looks_like_date(s) and any(c.isdigit() for c in s)
    )


@functools.lru_cache(maxsize=64)
def _run_of(raw: str) -> re.Pattern[str]:
    """A run of whole lines equal to ``raw``."""
    return re.compile("(?:" + re.escape(raw) + "\n)+")


def _repeated(lineno: int, raw: str) -> Problem:
    return Problem("duplicate-line", "the line above, repeated", lineno, raw.strip())


class _Card(NamedTuple):
    """What a metadata block gives the card above it."""

    meta: _Meta
    published: PartialDate | None
    comments: int | None
    problems: list[Problem]


# Cards without metadata are decided after this many pending title/abstract lines, so a run of
# them (a dump that lost every metadata block) is read in bounded memory.
_MAX_PENDING = 512


class _Reader:
    """One pass over the lines; events go to ``out`` (a list, so no generator a line)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.out: list[Event] = []
        self.pieces: list[Piece] = []  # text lines (titles, abstracts) of the cards being read
        self.meta: _Meta | None = None
        self.in_header = False
        self.prev_line = 0  # the last non-blank line fed, to tell a duplicated line
        self.prev_text = ""
        self.repeating = False  # the last line fed repeated the one above into a metadata block

    def is_clean(self) -> bool:
        """Between cards: nothing collected, no metadata open, not in a header."""
        return not (self.pieces or self.meta is not None or self.in_header)

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
        if not (t and a and x and d and _plain(t) and _plain(a) and not is_header_line(d)):
            return None
        if is_header_line(x) or x in _SEPARATORS or looks_like_abstract(title) or d == "\u00b7":
            return None  # looks_like_abstract: the pairing walk decides such cards
        count = None
        organization = None
        if x[0] in _BULLETS or x[0].isdigit():
            count = _author_count(x)
            if count is None and _count_line(x):
                return None
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
            return
        if is_header_line(s):
            self._flush_meta()
            self._flush_pieces(None)
            self.in_header = True
            return
        if self.in_header:
            self.in_header = False
            if not self.pieces and self._page_date(s, lineno):
                return
        if lineno == self.prev_line + 1 and s == self.prev_text:
            self.prev_line = lineno
            self._duplicate(lineno, raw)
            return
        self.prev_line, self.prev_text = lineno, s
        if s in _SEPARATORS:
            self._separator(lineno, raw)
            return
        first = s[0]
        if (first in _BULLETS or first.isdigit()) and _count_line(s):
            self._count(lineno, raw, parse_author_count(s))
            return
        meta = self.meta
        if meta is not None and meta.tentative is not None:
            self._flush_meta()  # the line after a tentative organization is no separator
            meta = None
        if meta is not None:
            if (
                not meta.separator
                and meta.count is None
                and meta.organization is None
                and _organization(s) is not None
            ):
                # Below a damaged author line: an organization line if a separator follows.
                meta.tentative = (lineno, raw)
                meta.organization = _organization(s)
                meta.lines.append((lineno, raw))
                meta.end_line = lineno
                return
            date_line = read_date_line(s)
            if date_line.error is None or (
                meta.separator
                and (
                    (meta.end_line == lineno - 1 and _looks_like_date_line(s))
                    or (len(s) <= _DATE_SHAPED_MAX and _date_shaped(s))
                )
            ):
                # A date, or a damaged one below the separator: kept in the card (reported),
                # not read as a title.  After a blank line, text that is no date is the next
                # card's title (its date line was lost).
                meta.lines.append((lineno, raw))
                meta.end_line = lineno
                self._flush_meta(date_line, s)
                return
            self._flush_meta()
        elif len(s) <= _DATE_SHAPED_MAX and _date_shaped(s):
            # A date line whose separator (and author line) were lost: still metadata, never a
            # title; the organization line may be right above it.
            self.meta = self._meta_below_organization(lineno, raw)
            self._flush_meta(read_date_line(s), s)
            return
        self.pieces.append(Piece(lineno, lineno, raw, (raw,)))
        if len(self.pieces) > _MAX_PENDING:
            self._flush_pending()

    def finish(self) -> None:
        self._flush_meta()
        self._flush_pieces(None)

    def _duplicate(self, lineno: int, raw: str) -> None:
        """The line above, written again: the copies are reported (once a run) and read no
        further.  A run stays in its card up to ``_MAX_PENDING`` lines, so memory is bounded."""
        meta = self.meta
        if meta is not None:
            if len(meta.lines) >= _MAX_PENDING:
                # A long run (a file of only "·" lines): decided, and the run goes on in a new
                # block of the same kind.
                self._flush_meta()
                self.meta = _Meta([(lineno, raw)], meta.count, meta.organization, meta.separator)
                self.meta.problems.append(_repeated(lineno, raw))
                return
            meta.lines.append((lineno, raw))
            meta.end_line = lineno
            if not (meta.problems and meta.problems[-1].kind == "duplicate-line"):
                meta.problems.append(_repeated(lineno, raw))
            self.repeating = True
            return
        pieces = self.pieces
        if pieces and pieces[-1].end_line == lineno - 1 and len(pieces[-1].raw) < _MAX_PENDING:
            last = pieces[-1]
            if last.problems and last.problems[-1].kind == "duplicate-line":
                pieces[-1] = last._replace(end_line=lineno)
            else:
                pieces[-1] = last._replace(
                    end_line=lineno,
                    raw=(*last.raw, raw),
                    problems=(*last.problems, _repeated(lineno, raw)),
                )
            return
        self.out.append(_repeated(lineno, raw))  # a repeated line that belongs to no card

    def repeat(self, block: str, pos: int, raw: str, lineno: int) -> int:
        """After line ``lineno`` (``raw``) repeated the line above it into the open metadata
        block: take the further copies of it at ``pos`` in ``block`` at once, as many as the
        block has room for, and return how many lines that was."""
        self.repeating = False
        meta = self.meta
        room = _MAX_PENDING - len(meta.lines) if meta is not None else 0
        if meta is None or room <= 0:
            return 0
        m = _run_of(raw).match(block, pos, pos + room * (len(raw) + 1))
        if m is None:
            return 0
        k = (m.end() - pos) // (len(raw) + 1)
        meta.lines.extend((lineno + i, raw) for i in range(1, k + 1))
        meta.end_line = self.prev_line = lineno + k
        return k

    def _count(self, lineno: int, raw: str, count: int | None) -> None:
        """An author-count line (``count`` None where it cannot be read)."""
        meta = self.meta
        problem = None
        if count is None:
            problem = Problem(
                "bad-author-count", "an author-count line that cannot be read", lineno, raw.strip()
            )
        if (
            meta is not None
            and not meta.separator
            and meta.count is None
            and meta.organization is None
            and count is not None
        ):
            # A damaged count line, then a readable one: the same card's metadata.
            meta.count = count
            meta.lines.append((lineno, raw))
            meta.end_line = lineno
            return
        self._flush_meta()
        self.meta = _Meta([(lineno, raw)], count=count)
        if problem is not None:
            self.meta.problems.append(problem)

    def _page_date(self, s: str, lineno: int) -> bool:
        try:
            value = parse_date(s)
        except DateError:
            return False
        resolved, problems = with_reference(value, s, self.options.reference_date, lineno)
        self.out.append(PageDate(resolved, lineno))
        self.out.extend(problems)
        return True

    def _organization_above(self, lineno: int) -> Piece | None:
        """The organization line right above a separator or date at ``lineno``, taken out of
        the pieces.  A line with text above it (the card's title) may be one even with blank
        lines between; a line alone (the card above it lost) only right above."""
        pieces = self.pieces
        if not pieces or (len(pieces) < 2 and pieces[-1].end_line != lineno - 1):
            return None
        if _organization(pieces[-1].text.strip()) is None:
            return None
        return pieces.pop()

    def _separator(self, lineno: int, raw: str) -> None:
        problems = []
        if raw.strip() != "\u00b7":
            problems.append(
                Problem(
                    "bad-separator",
                    "a bullet where the '\u00b7' separator belongs",
                    lineno,
                    raw.strip(),
                )
            )
        meta = self.meta
        if meta is not None and not meta.separator:
            meta.tentative = None  # confirmed
            # The separator below the author line (blank lines between are no damage).
            meta.separator = True
            meta.lines.append((lineno, raw))
            meta.end_line = lineno
            meta.problems.extend(problems)
            return
        self._flush_meta()
        self.meta = self._meta_below_organization(lineno, raw)
        self.meta.separator = True
        self.meta.problems.extend(problems)

    def _meta_below_organization(self, lineno: int, raw: str) -> _Meta:
        """A metadata block opened at ``lineno``, with the organization line above it if any."""
        lines = [(lineno, raw)]
        above = self._organization_above(lineno)
        if above is None:
            return _Meta(lines)
        meta = _Meta(
            [*zip(range(above.line, above.end_line + 1), above.raw, strict=True), *lines],
            organization=_organization(above.text.strip()),
        )
        meta.problems.extend(above.problems)
        return meta

    def _flush_meta(self, date_line: DateLine | None = None, text: str = "") -> None:
        """Close the metadata block being read (complete or not) and emit its card."""
        meta = self.meta
        if meta is None:
            return
        self.meta = None
        tentative = meta.tentative
        if tentative is not None:
            # No separator came: the line below the damaged author line was text after all.
            meta.organization = None
            meta.lines.pop()
            meta.end_line = meta.lines[-1][0]
        problems = meta.problems
        if (
            meta.count is None
            and meta.organization is None
            and not any(p.kind == "bad-author-count" for p in problems)
        ):
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
        if tentative is not None:
            self.pieces.append(Piece(tentative[0], tentative[0], tentative[1], (tentative[1],)))

    def _flush_pending(self) -> None:
        """Decide the oldest pending cards (no metadata came for them), keeping the last two
        lines: they may be the title and abstract of a card whose metadata follows."""
        keep = self.pieces[-2:]
        self.pieces = self.pieces[:-2]
        self._flush_pieces(None)
        self.pieces = keep

    def _flush_pieces(self, info: _Card | None) -> None:
        """Turn the collected text into cards; the last one gets ``info`` if there is one."""
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
        problems = card_problems(card, info is not None)
        title, abstract = card.title, card.abstract
        if info is None and title is not None and abstract is not None and not _prose(abstract):
            # Two short lines without metadata ("Models" then "Spaces": a page's navigation)
            # show no card: both are quoted, no paper is made.
            self.out.extend(card_problems(Card(title, None)))
            self.out.extend(card_problems(Card(abstract, None)))
            return
        if title is None or (abstract is None and info is None):
            # No card's evidence (a title with an abstract or with metadata): no paper.
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
        # The paper carries its own problems (problems-once): no separate events for them.
        self.out.append(paper)
