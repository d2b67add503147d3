"""``hf-html``: Hugging Face Daily Papers pages as HTML.

Reads daily, weekly, monthly and trending listings, search result pages (``/papers?q=...``) and
single paper pages (``/papers/<id>``).  The flow, one module a step:

1. :mod:`.page`: does the document look like HTML (detection); its one parse; what kind of page
   it is (a listing's landmarks, or a paper page).
2. :mod:`.hydration`: the hydration JSON (``data-props`` of ``div[data-target="DailyPapers"]`` or
   ``div[data-target="PaperContent"]``), the site's own copy of the data, salvaged when damaged.
3. :mod:`.cards`: a listing's card markup, one card per paper, read with its hydration item.
4. :mod:`.paper_page`: a single paper page.
5. :mod:`.merge`: the two copies of a paper merged, the JSON first and the markup as fallback and
   cross-check.

:mod:`.tree` (links and the walk of texts) and :mod:`.fields` (field readers shared by cards and
paper pages) serve them all.  Cards and fields are found by stable anchors only (links to
``/papers/<id>``, ``#community`` and ``/login?next=%2Fpapers%2F<id>``, headings, element roles and
texts such as ``N authors``, ``Submitted by`` and ``Published on``), never by Tailwind class
strings, which HF changes often.  parsel and lxml are imported only when a page is parsed.

A paper's problems travel on the paper (``Paper.problems``); only problems that belong to no paper
are events of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...document import Document
from ...records import Problem
from .. import Event, Options
from . import hydration as hy
from . import page as pg
from .cards import listing
from .paper_page import paper_page
from .tree import NAME, Scan, scan

__all__ = ["ADAPTER", "HfHtml"]


class HfHtml:
    """Hugging Face Daily Papers HTML pages (listings, search results, paper pages)."""

    name = NAME
    summary = "Hugging Face Daily Papers HTML page (listing, search results or paper page)"

    def score(self, head: str) -> float:
        return pg.score(head)

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        try:
            yield from _parse(document, options)
        except (OSError, MemoryError):
            raise  # an unreadable input is the caller's error, not damaged content
        except Exception as exc:  # lenient by contract: report, never raise
            yield Problem("internal-error", f"hf-html could not read the page: {exc!r}")


ADAPTER = HfHtml()


def _parse(document: Document, options: Options) -> Iterator[Event]:
    page = pg.read(document)
    yield from page.problems
    for root in page.roots:
        yield from _parse_root(root, options, page.lowercase or pg.all_lowercase(root), page.text)


def _parse_root(root: Any, options: Options, lowercase: bool, text: str | None) -> Iterator[Event]:
    """Read one tree; ``lowercase``: every tag is lowercase (else the walk's ``lower()`` rules).

    ``text`` is the page's text where it was parsed here: a page cut inside its hydration JSON
    has lost that element from the tree, and its JSON is salvaged from the text.
    """
    marks = pg.landmarks(root) if lowercase else scan(root)
    hydrations, problems = hy.read(marks.hydration)
    if not hydrations and not problems and text is not None:
        hydrations, problems = hy.from_cut_text(text)
    yield from problems
    content = next((h for h in hydrations if h.target == "PaperContent"), None)
    daily = next((h for h in hydrations if h.target == "DailyPapers"), None)
    titled = any(link.in_heading and link.pid for link in marks.links)
    if content is not None or not titled:
        # A paper page, or a page without card titles: read the whole tree.
        found = marks if isinstance(marks, Scan) else scan(root)
        if content is not None or pg.looks_like_paper_page(found):
            yield from paper_page(root, found, content, options)
            return
    yield from listing(marks, daily, options)
