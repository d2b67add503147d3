"""Single-line damage to every line of every corpus document stays in its own card.

Each edit (``tests/damage.py``: garbled, duplicated, deleted, ``·`` written as ``•``, a blank line
inserted; for JSON a lost last character, a stray character, a duplicated or deleted line) is
parsed lenient and strict.  Definitions (also in :func:`tests.damage.check_edit`):

- an *invented* paper is a record whose (title, arXiv id) no record of the undamaged document
  has, or one more such record than the undamaged document has;
- a *lost* paper is an undamaged record with no record of its key after the edit and no problem
  on a line of its source span (moved by the edit, one line of slack either side);
- a *changed* paper (text and JSON) is a record whose span does not hold the edited line that
  does not come back equal; a *moved* one is a kept JSON item whose ``source.index`` changed;
- lenient parsing never raises; strict ``parse`` and strict ``iter_papers`` raise exactly when
  lenient parsing reports a problem.

Renderings of the daily page (a browser's ``innerText`` and copy, BeautifulSoup ``get_text``,
markdownify, html2text, a lynx dump with its link list), with the text edits on every line
(about 4,300 edits; about 25 s of CPU for the six on this 2-core machine, loaded).  Two readings
particular to renderings (:func:`tests.damage.check_edit`): a text browser's numbered link list
is read by every card, so an edit there is not held to its card (as an HTML page's hydration
JSON is not); a title wrapped over lines that loses its lines from a deleted line or an inserted
blank one on is its own card's damage (no reader can see a missing last line), not an invented
paper.  The pdftotext rendering is not in the list: it still fails (a PDF's reading order).

Text dumps: every line.  API responses: every third line, leaving out the middle of long author
lists (the same five line shapes, 533 times in one item); the HTML page: every third line.  Every
line of the three responses (9,080 lines) took about six CPU minutes, too long for CI; the sample
is fixed, so a failure reproduces, and ``python -m tests.damage FILE`` runs every line by hand.
Strict ``parse`` (lenient ``parse`` plus a raise) is checked on every fifth edit, strict
``iter_papers`` on all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .damage import run

pytestmark = pytest.mark.slow  # minutes of CPU: CI runs it on one Python (noxfile.py)

DOCUMENTS = [
    ("text/000_9055317b84f6e392.txt", 1),
    ("text/001_0bc4ac01423484b3.txt", 1),
    ("text/002_7f031c19c05d826f.txt", 1),
    ("text/003_a6f8a51f0ff1a67b.txt", 1),
    ("api/daily_papers-2024-08-01.json", 3),
    ("api/daily_papers-2025-10-03.json", 3),
    ("api/daily_papers-2026-08-21.json", 3),
    ("html/daily-2024-08-01.html", 3),
    ("renderings/daily-2024-08-01.chromium-innertext.txt", 1),
    ("renderings/daily-2024-08-01.chromium-copy-paste.txt", 1),
    ("renderings/daily-2024-08-01.bs4-get_text-nl.txt", 1),
    ("renderings/daily-2024-08-01.markdownify.md", 1),
    ("renderings/daily-2024-08-01.html2text-py.md", 1),
    ("renderings/daily-2024-08-01.lynx-dump.txt", 1),
]


@pytest.mark.parametrize(("name", "every"), DOCUMENTS, ids=[n for n, _ in DOCUMENTS])
def test_single_line_damage_stays_in_its_card(corpus: Path, name: str, every: int) -> None:
    failures = [
        f"line {edit.line} {edit.kind}: {'; '.join(found)}"
        for edit, found in run(corpus / name, every=every, strict_parse_every=5)
    ]
    assert failures == [], f"{len(failures)} edits failed:\n" + "\n".join(failures[:20])
