"""``hf-markdown``: a Hugging Face papers page saved as markdown.

Markdown renderings (markdownify, html2text, pandoc, markitdown, firecrawl, jina reader) keep the
page's links as ``[text](href)``, wrapped or reference-style; those links say what each piece of a
card is (``/papers/<id>`` the title, ``login?next=...`` the upvote box, ``#community`` the comment
count).  Daily, weekly, monthly, trending and search listings and single paper pages are read by
the shared recognizers in :mod:`paperlist.formats._rendered`.  Where the rendering kept the page's
hydration JSON (pandoc writes the ``data-props`` attribute as ``props="..."``), that JSON is read
instead, as ``hf-html`` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from . import Event, Options
from ._rendered import find_props, read_page, read_props

__all__ = ["ADAPTER", "HfMarkdown"]

NAME = "hf-markdown"

_PAPER_LINK = re.compile(
    r"\]\(\s*<?(?:https?://(?:www\.)?huggingface\.co)?/(?:papers/\d{4}\.\d{4,5}|login\?next=%2Fpapers)"
)
_PROPS = re.compile(r"props=[\"'](?:\{|&#123;)\s*(?:\\?\"|&quot;)(?:date|dailyPapers|paper)\b")
_REF_LINK = re.compile(
    r"^ {0,3}\[[^\]]+\]:\s*<?(?:https?://(?:www\.)?huggingface\.co)?/papers/\d", re.MULTILINE
)
_HTML_PAPER_LINK = re.compile(
    r"href=[\"'](?:https?://(?:www\.)?huggingface\.co)?/(?:papers/\d|login\?next=%2Fpapers%2F\d)"
)
_HTML_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)
_PANDOC_PROPS = re.compile(r"(?<![\w-])props=\"")
_MD_LINK = re.compile(r"\]\(\s*<?(?:https?://|/)[^()\s]*\)")
_CARD_WORDS = re.compile(r"Submitted by|Published on|\d authors?\b|arxiv:\d{4}\.", re.IGNORECASE)
_JSON_ARRAY = re.compile(r"\[\s*[\[{\"]")
# pandoc's markdown writes a page's divs as fenced divs with their classes ("::: {.flex ...}");
# its gfm keeps them as raw HTML blocks, one a paragraph, with XHTML's " />" (never a browser's
# or a server's serialization).  The hydration JSON may lie beyond the head: the site's name
# in the head tells the page.
_PANDOC_FENCED_DIV = re.compile(r"^:::+ *\{[.#]", re.MULTILINE)
_PANDOC_RAW_BLOCK = re.compile(r">\n\n<(?:div|a|img|span|ul|li|nav|header|main|section)\b")
_SITE = re.compile(r"hugging\s*face|huggingface", re.IGNORECASE)
_JINA = re.compile(r"^(?:Title:.*\n+)?URL Source:\s*\S*huggingface\.co/papers", re.MULTILINE)


class HfMarkdown:
    """A papers page rendered as markdown."""

    name = NAME
    summary = "Hugging Face papers page saved as markdown (listing, search results, paper page)"

    def score(self, head: str) -> float:
        text = head.lstrip("\ufeff \t\r\n")
        if not text or text[0] == "{" or _JSON_ARRAY.match(text):
            return 0.0
        links = len(_PAPER_LINK.findall(head)) + len(_REF_LINK.findall(head))
        if text[0] == "<" and _HTML_DOCUMENT.search(head) is not None:
            return 0.0  # an HTML page (hf-html's), not markdown that kept a few HTML blocks
        if text[0] == "<" and _PANDOC_PROPS.search(head) is not None:
            return 1.0  # pandoc's markdown with raw HTML: "data-props" became "props"
        if text[0] == "<" and _is_pandoc_gfm(head):
            return 0.95
        if text[0] == "<":
            # Markdown that kept raw HTML blocks (pandoc's gfm): its markdown links decide;
            # an HTML page has none.
            links += len(_HTML_PAPER_LINK.findall(head))
            marked = "](" in head or "\n# " in head
            return 1.0 if links >= 1 and marked else 0.0
        if _PROPS.search(head) is not None:
            return 0.97  # the page's hydration JSON, kept by pandoc
        if len(_PANDOC_FENCED_DIV.findall(head)) >= 3 and _SITE.search(head) is not None:
            return 0.95  # pandoc's markdown of the site's page: its chrome in fenced divs
        score = 0.0
        markdown = len(_MD_LINK.findall(head))
        if links >= 2:
            score = 0.98
        elif markdown >= 3 and (links or _CARD_WORDS.search(head) is not None):
            score = 0.96  # markdown links around a card's or a paper page's words
        elif links == 1:
            score = 0.8
        if _JINA.search(head) is not None:
            score = max(score, 0.9)
        return score

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        text = document.text()
        found = find_props(text) if "props" in text else None
        if found is not None:
            yield from read_props(found[0], found[1], NAME)
            return
        yield from read_page(text, NAME, options, markdown=True)


def _is_pandoc_gfm(head: str) -> bool:
    """Raw HTML blocks one a paragraph, closed XHTML-style, on a page of the site: pandoc's gfm
    (``data-props`` becomes ``props``, which hf-html does not read)."""
    return (
        " />" in head
        and len(_PANDOC_RAW_BLOCK.findall(head)) >= 3
        and _SITE.search(head) is not None
    )


ADAPTER = HfMarkdown()
