"""Single-line damage applied to real documents, and the check that it stays in its card.

Used by ``test_damage_corpus.py`` (every line of every corpus document) and runnable by hand to
see what one edit does: ``python -m tests.damage FILE`` prints every failing edit.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import paperlist
from paperlist import ParseError
from paperlist.authors import parse_author_count
from paperlist.dates import looks_like_date
from paperlist.records import Listing, Paper

# Garbled stand-ins for a text line, chosen by what the line was.
_AUTHOR_GARBLES = ("  \u2022 5 autors", "  \u2022 five authors")
_DATE_GARBLE = "Oct 1x, 2021"
_TEXT_GARBLES = (*_AUTHOR_GARBLES, _DATE_GARBLE)


class Edit(NamedTuple):
    """One line changed: ``kind`` at 1-based ``line``; ``inserted`` is the new line's number."""

    kind: str
    line: int
    lines: list[str]
    inserted: int | None = None


def text_edits(lines: list[str]) -> Iterator[Edit]:
    """Every single-line edit of a text document: garble, duplicate, delete, ``·``->``•``, blank."""
    for i, line in enumerate(lines):
        n = i + 1
        s = line.strip()
        if not s:
            continue
        if s == "\u00b7":
            garbles: tuple[str, ...] = ("\u2022",)
        elif s[:1] in "\u2022\u00b7*-" and parse_author_count(s) is not None:
            garbles = _AUTHOR_GARBLES
        elif len(s) <= 40 and looks_like_date(s):
            garbles = (_DATE_GARBLE,)
        else:
            garbles = (_TEXT_GARBLES[n % 3],)
        for garble in garbles:
            yield Edit("garble", n, [*lines[:i], garble, *lines[i + 1 :]])
        yield Edit("duplicate", n, [*lines[: i + 1], line, *lines[i + 1 :]], inserted=n + 1)
        yield Edit("delete", n, [*lines[:i], *lines[i + 1 :]])
        yield Edit("blank", n, [*lines[:i], "", *lines[i:]], inserted=n)


def author_list_middles(lines: list[str], keep: int = 15) -> set[int]:
    """0-based indexes of the lines inside long author lists but for their first and last
    ``keep`` lines: a 533-author list repeats the same five line shapes 533 times."""
    middles: set[int] = set()
    start = None
    indent = ""
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if start is None:
            if stripped.startswith('"authors": [') and not stripped.rstrip(",").endswith("]"):
                start, indent = i, line[: len(line) - len(stripped)]
        elif line.startswith(indent + "]"):
            middles.update(range(start + keep, i - keep))
            start = None
    return middles


def json_edits(lines: list[str]) -> Iterator[Edit]:
    """The JSON analogues: a line's last character lost (a comma, a brace, a quote), a stray
    character, duplicate, delete.  (A blank line is whitespace to JSON: no damage to try.)
    Lines in the middle of a long author list are left out (:func:`author_list_middles`)."""
    skip = author_list_middles(lines)
    for i, line in enumerate(lines):
        n = i + 1
        if not line.strip() or i in skip:
            continue
        yield Edit("cut-end", n, [*lines[:i], line[:-1], *lines[i + 1 :]])
        yield Edit("stray", n, [*lines[:i], "x" + line, *lines[i + 1 :]])
        yield Edit("duplicate", n, [*lines[: i + 1], line, *lines[i + 1 :]], inserted=n + 1)
        yield Edit("delete", n, [*lines[:i], *lines[i + 1 :]])


def _moved(line: int, edit: Edit) -> int:
    """Where an undamaged line number ends up after ``edit``."""
    if edit.kind == "delete":
        return line - 1 if line > edit.line else line
    if edit.inserted is not None:
        return line + 1 if line >= edit.inserted else line
    return line


def _key(paper: Paper) -> tuple[object, ...]:
    return (paper.title, paper.arxiv_id)


def _cut_title(paper: Paper, clean: Listing, edit: Edit) -> bool:
    """Whether ``paper`` is a record of ``clean`` whose title, wrapped over lines (a text
    browser's dump), lost its lines from the edited one on: a line deleted, or a blank line
    inserted inside the title.  No reader can tell a title's missing last line; the card is
    still its own, with its own arXiv id, so it is not an invented paper."""
    if edit.kind not in ("delete", "blank") or paper.arxiv_id is None:
        return False
    for other in clean.papers:
        if other.arxiv_id != paper.arxiv_id or other.source is None:
            continue
        first, last = other.source.line or 0, other.source.end_line or 0
        if first <= edit.line <= last and other.title.startswith(paper.title + " "):
            return True
    return False


# Where a text browser's numbered link list starts: every card reads its links from there.
_REFERENCES = re.compile(r"\s*(?:References|Visible links|Links):?\s*")


def shared_from(lines: list[str]) -> int | None:
    """The 1-based line where a rendering's link list begins (lynx, w3m, links, elinks), else
    None.  Like a page's hydration JSON, it is read by every card: an edit there is not local."""
    for i in range(len(lines) - 1, -1, -1):
        if _REFERENCES.fullmatch(lines[i]):
            while i > 0 and (not lines[i - 1].strip() or _REFERENCES.fullmatch(lines[i - 1])):
                i -= 1
            return i + 1
    return None


def check_edit(
    clean: Listing,
    edit: Edit,
    fmt: str | None,
    reference_date: str | None,
    check_strict_parse: bool = True,
    local: bool = True,
) -> list[str]:
    """What goes wrong when ``edit`` is parsed (empty when nothing does).

    - *invented*: a record whose (title, arXiv id) no record of the undamaged document has, or
      more records with that key than the undamaged document has; a record whose title, wrapped
      over lines, lost its lines from a deleted line or an inserted blank one on
      (:func:`_cut_title`) is its own card, damaged, not invented;
    - *lost*: an undamaged record that has no record with its key after the edit and no problem
      whose line lies within its source span (moved by the edit, one line of slack either side);
    - *moved*: a record whose ``source.index`` differs from the undamaged record's with its key;
    - *changed* (where ``local``: text and JSON, whose records own their lines; a page's
      hydration JSON is one line that every card reads): a record whose span does not hold
      the edited line (with one line of slack) that
      does not come back equal (``Paper.__eq__``: every field but source and problems); a text
      browser's numbered link list (:func:`shared_from`) is read by every card, as the JSON is;
    - lenient raising, and strict (``parse`` and ``iter_papers``) raising exactly when lenient
      reports a problem.
    """
    text = "\n".join(edit.lines) + "\n"
    failures: list[str] = []
    try:
        damaged = paperlist.parse(text, format=fmt, reference_date=reference_date)
    except Exception as exc:  # the point of the check: lenient parsing never raises
        return [f"lenient raised {exc!r}"]
    before = Counter(_key(p) for p in clean.papers)
    after = Counter(_key(p) for p in damaged.papers)
    cut = Counter(_key(p) for p in damaged.papers if _cut_title(p, clean, edit))
    for key, count in after.items():
        if count > before.get(key, 0) + cut.get(key, 0):
            failures.append(f"invented {key!r}")
    indexes = {_key(p): p.source.index for p in clean.papers if p.source is not None}
    for paper in damaged.papers:
        assert paper.source is not None
        if paper.source.index != indexes.get(_key(paper), paper.source.index):
            failures.append(f"index of {_key(paper)!r} moved to {paper.source.index}")
    problem_lines = sorted(p.line for p in damaged.problems if p.line is not None)
    unchanged = Counter(damaged.papers)
    for paper in clean.papers:
        assert paper.source is not None
        first, last = paper.source.line or 0, paper.source.end_line or 0
        low, high = _moved(first, edit) - 1, _moved(last, edit) + 1
        kept = after.get(_key(paper), 0) > 0 or any(
            p.arxiv_id == paper.arxiv_id and _key(p) in cut for p in damaged.papers
        )
        if not kept and not any(low <= n <= high for n in problem_lines):
            failures.append(f"lost {_key(paper)!r} without a problem")
        if local and not first - 1 <= edit.line <= last + 1:
            if unchanged[paper] > 0:
                unchanged[paper] -= 1
            else:
                failures.append(f"changed {_key(paper)!r}, far from the edit")
    if check_strict_parse:
        try:
            strict = paperlist.parse(text, format=fmt, reference_date=reference_date, strict=True)
        except ParseError:
            if not damaged.problems:
                failures.append("strict parse raised without a lenient problem")
        else:
            if damaged.problems:
                failures.append("strict parse did not raise")
            elif strict != damaged:
                failures.append("strict parse differs")
    try:
        list(paperlist.iter_papers(text, format=fmt, reference_date=reference_date, strict=True))
    except ParseError:
        if not damaged.problems:
            failures.append("strict iter_papers raised without a lenient problem")
    else:
        if damaged.problems:
            failures.append("strict iter_papers did not raise")
    return failures


def run(
    path: Path,
    *,
    every: int = 1,
    strict_parse_every: int = 1,
    reference_date: str | None = "2025-12-01",
) -> Iterator[tuple[Edit, list[str]]]:
    """Every edit of ``path`` (of every ``every``-th line) whose check fails, with its failures.

    Strict ``parse`` is checked on every ``strict_parse_every``-th edit (it is lenient ``parse``
    plus a raise, so a sample suffices); strict ``iter_papers`` on every edit.
    """
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    clean = paperlist.parse(raw, reference_date=reference_date)
    fmt = clean.format  # damage is the adapter's to handle; detection is tested elsewhere
    edits = json_edits(lines) if path.suffix == ".json" else text_edits(lines)
    shared = shared_from(lines) if path.suffix != ".json" else None
    for number, edit in enumerate(e for e in edits if e.line % every == 0):
        strict_parse = number % strict_parse_every == 0
        local = fmt != "hf-html" and (shared is None or edit.line < shared)
        failures = check_edit(clean, edit, fmt, reference_date, strict_parse, local)
        if failures:
            yield edit, failures


if __name__ == "__main__":
    total: Counter[str] = Counter()
    for name in sys.argv[1:]:
        for edit, failures in run(Path(name)):
            total[edit.kind] += 1
            print(f"{Path(name).name}:{edit.line} {edit.kind}: {'; '.join(failures)[:300]}")
    print(dict(total))
