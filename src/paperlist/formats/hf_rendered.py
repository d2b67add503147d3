"""``hf-rendered``: a Hugging Face papers page saved as plain text.

What a person keeps when the markup is gone: ``lynx``/``elinks``/``w3m``/``links`` dumps (with or
without the numbered link list at the end), a browser's select-all and copy or ``innerText``,
BeautifulSoup ``get_text()``, ``pdftotext`` of a printed page, a notebook export that puts each
link's URL on a line of its own.  Cards are recognized by their structure (``Submitted by``, the
upvote count, the title, ``·``, ``N authors`` or an organization, the date, the comment count),
never by one tool's spacing; numbered links and URL lines are resolved where they survive.  The
shared recognizers are in :mod:`paperlist.formats._rendered`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from . import Event, Options
from ._cards import markdown_syntax
from ._rendered import read_page

__all__ = ["ADAPTER", "HfRendered"]

NAME = "hf-rendered"

_SUBMITTED = re.compile(r"^\s*(?:\[\d+\])?\s*Submitted\s*by", re.MULTILINE | re.IGNORECASE)
# "533 authors" or "· 5 authors": an author count as a browser shows it (the text dumps write
# "  • 5 authors", a list bullet, which is hf-text's).
_BARE_COUNT = re.compile(
    r"^[ \t\f]*(?:·[ \t]*)?\d[\d,]*[ \t]+authors?[ \t]*(?:·.*)?$", re.MULTILINE | re.IGNORECASE
)
_PAPER_URL = re.compile(r"^\s*(?:\d+\.\s+)?<?https?://(?:www\.)?huggingface\.co/papers/\d", re.M)
_LYNX = re.compile(r"\[\d+\][^\s(\[]")
# "Published on" opens its line, or follows the arXiv id with no space (trafilatura glues them)
_PAPER_PAGE = re.compile(
    r"^\s*(?:arxiv:\s*\d{4}\.\d{4,5}\s*)?Published on\s+[A-Z][a-z]{2}", re.MULTILINE | re.IGNORECASE
)
_UPVOTE_BOX = re.compile(
    # the count, then a title: words starting with a letter
    r"^[ \t]*(?:\d{1,3}(?:,\d{3})+|\d{1,6}|-)[ \t]*\n[ \t]*[A-Za-z][^\n]*?[ \t]\S[^\n]*\n",
    re.MULTILINE,
)
# The site's header as any tool renders it: an empty listing shows nothing else of the site.
_SITE_HEADER = re.compile(
    r"Get trending papers in your email inbox|by\W{0,12}AK\W{0,12}and the research community",
    re.IGNORECASE,
)
_JSON_ARRAY = re.compile(r"\[\s*[\[{\"]")
_ARXIV = re.compile(r"\barxiv:\s*\d{4}\.\d{4,5}", re.IGNORECASE)


class HfRendered:
    """A papers page rendered as plain text."""

    name = NAME
    summary = "Hugging Face papers page saved as plain text (lynx, w3m, browser copy, pdftotext)"

    def score(self, head: str) -> float:
        text = head.lstrip("\ufeff \t\r\n")
        if not text or text[0] in "{<" or _JSON_ARRAY.match(text):
            return 0.0
        score = 0.0
        if _SUBMITTED.search(head) is not None:
            score = 0.95
        elif (counts := len(_BARE_COUNT.findall(head))) >= 1:
            score = 0.85 if counts >= 2 else 0.8
        elif _UPVOTE_BOX.search(head) is not None and ("authors" in head or "·" in head):
            score = 0.8  # an upvote count (or "-") on its own line above a title
        if _PAPER_URL.search(head) is not None:
            score = max(score, 0.9)
        if _PAPER_PAGE.search(head) is not None and (
            _ARXIV.search(head) is not None or "Upvote" in head
        ):
            score = max(score, 0.93)
        if len(_LYNX.findall(head)) >= 3:
            # A text browser's numbered links around a card's words.
            if score:
                score = min(score + 0.02, 1.0)
            elif "authors" in head or "author ·" in head or "/papers/" in head:
                score = 0.85
        if not score and _SITE_HEADER.search(head) is not None and not markdown_syntax(head):
            # A papers page with no card (an empty day, a search without results): its chrome
            # is recognized and left out, rather than read as text-dump cards.  Markdown that
            # quotes the header (notes, docs) is no rendering of the page.
            score = 0.3
        return score

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        yield from read_page(document.text(), NAME, options)


ADAPTER = HfRendered()
