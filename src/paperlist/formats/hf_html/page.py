"""The page: whether a document is HTML at all, its one parse, and what kind of page it is.

The tree is parsed once, by lxml's HTML parser with libxml2's resource limits on (no
``huge_tree``: depth and text sizes are bounded), no network and no entity expansion; a caller's
parsel Selector (or a Scrapy response's) is used as it is.  A listing needs only its paper links,
headings, times and hydration divs, which lxml's own searches find (:func:`landmarks`); a paper
page (or a page without card titles) is walked whole (:func:`~.tree.scan`).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import attrs

from ...document import Document
from ...records import Problem
from ...text import normalize_newlines
from .fields import PUBLISHED
from .tree import HEADINGS, JSON_TARGETS, Link, Scan, classify

# --------------------------------------------------------------------------------------------
# Detection

_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|div|article|section|main|span|h[1-6]|a|p|ul|li)"
    r"[\s>/]",
    re.IGNORECASE,
)
_HTML_START = re.compile(r"<html[\s>]", re.IGNORECASE)
_HTML_END = re.compile(r"</html\s*>\s*\Z", re.IGNORECASE)
_DOCUMENT_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>/]", re.IGNORECASE)
# libxml2's limit on one text or attribute value without huge_tree (XML_MAX_TEXT_LENGTH), bytes.
_VALUE_LIMIT = 10_000_000


def score(head: str) -> float:
    text = head.lstrip("\ufeff \t\r\n")
    if not text or text[0] in "{[":
        return 0.0
    if not text.startswith("<") and _DOCUMENT_TAG.search(text[:1024]) is None:
        return 0.0
    if _TAG.search(text) is None:
        return 0.0
    value = 0.5 if _DOCUMENT_TAG.search(text) is not None else 0.35
    lowered = text.lower()
    if 'data-target="dailypapers"' in lowered or 'data-target="papercontent"' in lowered:
        value += 0.4
    if "huggingface.co/papers" in lowered or 'href="/papers' in lowered:
        value += 0.3
    elif "/papers/" in lowered:
        value += 0.15
    return min(value, 1.0)


# --------------------------------------------------------------------------------------------
# The tree


@attrs.frozen
class Page:
    """The trees to read and what reading them found.

    ``lowercase``: the elements are the HTML parser's own (every tag lowercase).  ``text``: the
    document's text where it was parsed here (None for a caller's Selector).
    """

    roots: list[Any]
    problems: list[Problem]
    lowercase: bool
    text: str | None = None


def read(document: Document) -> Page:
    """The lxml elements to read: the caller's Selector as it is, else one parse of the text."""
    import parsel

    native = document.native
    selector: Any = None
    if isinstance(native, (parsel.Selector, parsel.SelectorList)):
        selector = native
    elif isinstance(getattr(native, "selector", None), parsel.Selector):
        selector = native.selector  # a Scrapy response: reuse its parsed tree
    if selector is not None:
        items = selector if isinstance(selector, parsel.SelectorList) else [selector]
        roots = [item.root for item in items if _is_element(item.root)]
        if roots or not items:
            return Page(roots, [], lowercase=False)
    return _parse_text(document.text())


def _is_element(node: Any) -> bool:
    from lxml import etree

    return isinstance(node, etree._Element)


def _parse_text(text: str) -> Page:
    from lxml import etree

    text = normalize_newlines(text)  # lxml counts only LF as a line end; documents count all
    problems: list[Problem] = []
    if len(text) > _VALUE_LIMIT // 4:
        text = _drop_oversized_props(text, problems)
    body = (text.replace("\x00", "") if "\x00" in text else text).encode("utf-8", errors="replace")
    if not body.strip():
        return Page([], problems, True, text)
    # recover: read broken markup; huge_tree off: libxml2's depth and size limits stay on;
    # no_network: never fetch a DTD; the HTML parser does not expand external entities.
    # etree's HTMLParser, not lxml.html's: the same tree, without a Python class lookup for every
    # element proxy made.
    parser = etree.HTMLParser(
        recover=True, encoding="utf-8", huge_tree=False, no_network=True, remove_pis=True
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        return Page([], [Problem("bad-html", f"the HTML parser gave up: {exc}")], True, text)
    for error in parser.error_log:
        if "XML_PARSE_HUGE" in error.message or "limit" in error.message.lower():
            problems.append(
                Problem(
                    "html-limit",
                    f"the page exceeds the HTML parser's safety limits; read up to there "
                    f"({error.message.strip()})",
                    error.line or None,
                )
            )
            break
    if _HTML_START.search(text, 0, 4096) and not _HTML_END.search(text[-256:]):
        problems.append(
            Problem(
                "truncated",
                "the page ends before </html>: it may be cut off; read what is there",
                text.count("\n") + 1,
            )
        )
    return Page([] if root is None else [root], problems, True, text)


def _drop_oversized_props(text: str, problems: list[Problem]) -> str:
    """``text`` without the ``data-props`` values over libxml2's limit (it drops or stops there).

    libxml2 stops the whole parse at such a value (its size with entities decoded), and the
    markup after it is lost; the attribute is removed instead, so the hydration reader finds
    none.  Its line ends stay, so every line keeps its number.
    """
    pieces: list[str] = []
    done = 0
    start = text.find("data-props=")
    while start >= 0:
        value = start + len("data-props=")
        quote = text[value : value + 1]
        end = text.find(quote, value + 1) if quote in {'"', "'"} else -1
        if end < 0:
            break
        raw = text[value + 1 : end]
        if len(raw) > _VALUE_LIMIT // 4 and _decoded_size(raw) > _VALUE_LIMIT:
            problems.append(
                Problem(
                    "html-limit",
                    f"a hydration JSON of {len(raw) / 1e6:.1f} million characters is over the "
                    "HTML parser's limit; read the markup alone",
                    text.count("\n", 0, start) + 1,
                    text[start : start + 80],
                )
            )
            pieces += [text[done:start], "\n" * raw.count("\n")]
            done = end + 1
        start = text.find("data-props=", end + 1)
    return "".join([*pieces, text[done:]]) if pieces else text


# The escapes a hydration attribute is written with, and how much each shrinks when decoded.
_ESCAPES = (("&quot;", 5), ("&amp;", 4), ("&lt;", 3), ("&gt;", 3), ("&#39;", 4), ("&#x27;", 5))


def _decoded_size(raw: str) -> int:
    """The UTF-8 size of an attribute value once decoded (its common escapes; str.count is C).

    html.unescape itself takes seconds on a value of millions of ``&quot;``.
    """
    return len(raw.encode()) - sum(raw.count(escape) * shrink for escape, shrink in _ESCAPES)


# --------------------------------------------------------------------------------------------
# The kind of page


_XPATHS = {
    "data-target": "descendant-or-self::*[@data-target]",
}


@functools.cache
def _xpath(name: str) -> Any:
    from lxml import etree

    return etree.XPath(_XPATHS[name])


@attrs.define
class Landmarks:
    """What a listing needs from the whole page, found by lxml's searches (in C), not a walk."""

    links: list[Link]
    times: list[Any]
    hydration: list[Any]


def landmarks(root: Any) -> Landmarks:
    """The paper links (classified; ``in_heading`` set; no texts), dated times and hydration divs.

    Tags are lowercase here (:attr:`Page.lowercase`).  Linear: each outermost heading's subtree
    is searched once, and headings inside it are skipped.
    """
    in_heading: set[Any] = set()
    nested: set[Any] = set()
    for heading in root.iter(*HEADINGS):
        if heading in nested:
            continue
        for element in heading.iter("a", *HEADINGS):
            (in_heading if element.tag == "a" else nested).add(element)
    links = []
    for element in root.iter("a"):
        href = element.get("href")
        if href is None or "papers" not in href.casefold():
            continue  # not a paper's link (see tree.classify)
        link = classify(element)
        if link.pid is not None:
            link.in_heading = element in in_heading
            links.append(link)
    times = [element for element in root.iter("time") if element.get("datetime") is not None]
    hydration = [
        element
        for element in _xpath("data-target")(root)
        if element.get("data-target") in JSON_TARGETS
    ]
    return Landmarks(links, times, hydration)


def all_lowercase(root: Any) -> bool:
    """Whether every tag is lowercase, as the HTML parser makes them (a caller's tree may not)."""
    from lxml import etree

    for element in root.iter(etree.Element):
        tag = element.tag
        if not tag.islower() and tag != tag.lower():
            return False
    return True


def looks_like_paper_page(scan: Scan) -> bool:
    has_h1 = any(tag == "h1" for tag, _, _ in scan.headings)
    markers = any(
        PUBLISHED in t.text or t.text.strip() == "Abstract" for t in scan.texts if t.link is None
    )
    return has_h1 and (markers or bool(scan.author_spans))
