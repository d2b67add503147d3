"""``hf-html``: Hugging Face Daily Papers pages as HTML.

Reads daily, weekly, monthly and trending listings, search result pages (``/papers?q=...``) and
single paper pages (``/papers/<id>``).  A listing page carries two copies of its data: the
hydration JSON (``div[data-target="DailyPapers"]``, attribute ``data-props``) and the card
markup.  Both are read; where both carry a field the markup's value is kept (it is what the page
shows) and a disagreement is reported as an ``html-json-mismatch`` Problem.  Where the JSON is
missing or broken the markup alone gives every field it shows.  The JSON's items have the shape of
API items and are read by the mapping hf-json uses (``_hf_items``); the markup is laid over that.

Cards and fields are found by stable anchors only (links to ``/papers/<id>``, ``#community`` and
``/login?next=%2Fpapers%2F<id>``, headings, element roles and texts such as ``N authors``,
``Submitted by`` and ``Published on``), never by Tailwind class strings, which HF changes often.

A card is the largest element around a paper's title link that holds links to that paper only (or
the nearest ``article``).  On a listing, lxml's own searches find the paper links, headings, times
and hydration divs; only the cards are walked in Python (a paper page is walked whole).  Marking
which paper each element refers to is amortized linear, so is the walk of each card (cards are
disjoint), and the tree is parsed once, by lxml's HTML parser with libxml2's resource limits on
(no ``huge_tree``: depth and text sizes are bounded), no network and no entity expansion.  parsel
and lxml are imported only when a page is parsed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import attrs

from ..authors import find_author_count, parse_author_count
from ..dates import DateError, normalize_moment, parse_date, with_reference
from ..document import Document
from ..records import Author, Organization, Paper, PartialDate, Problem, Source
from ..text import clean, clean_or_none, normalize_newlines
from . import Event, Options, PageDate
from ._hf_items import PAPER_URL, item_id, read_item, read_organization

__all__ = ["ADAPTER", "HfHtml"]

NAME = "hf-html"

_HOST = r"(?:https?://(?:www\.)?huggingface\.co)?"
_ID = r"(\d{4}\.\d{4,5})(?:v\d+)?"
_PAPER_HREF = re.compile(_HOST + r"/papers/" + _ID + r"/?(?:[?#](.*))?", re.IGNORECASE | re.DOTALL)
_LOGIN_HREF = re.compile(
    _HOST + r"/login\?next=(?:%2F|/)papers(?:%2F|/)" + _ID + r"(?:[&#%].*)?",
    re.IGNORECASE | re.DOTALL,
)
_KEYWORD_HREF = re.compile(_HOST + r"/papers\?(?:.*&)?q=.*", re.IGNORECASE | re.DOTALL)
_SLUG_HREF = re.compile(_HOST + r"/([A-Za-z0-9][A-Za-z0-9._-]{0,95})/?")
_GITHUB_HREF = re.compile(r"https?://(?:www\.)?github\.com/[^/?#\s]+/[^/?#\s]+.*", re.IGNORECASE)
# First path segments of huggingface.co that are pages, not organizations or users.
_RESERVED = frozenset(
    {
        "papers",
        "login",
        "join",
        "models",
        "datasets",
        "spaces",
        "docs",
        "blog",
        "pricing",
        "settings",
        "collections",
        "posts",
        "notifications",
        "new",
        "search",
        "organizations",
        "enterprise",
        "learn",
        "chat",
        "tasks",
        "api",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"script", "style", "template", "noscript", "svg", "textarea"})
_STOP = frozenset({"html", "body", "main"})
# A count as a page shows it: "94", "1,234"; "-" is HF's zero.
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,])|(?<!\S)([-\u2013\u2014])(?!\S)"
)
# The shape of a card's date ("Mar 8, 2024", "May 29"): a cheap filter before dates.parse_date.
_DATE_PREFIX = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?!\d)")
_SUBMITTED = "Submitted by"
_PUBLISHED = "Published on"
_AI_LABEL = "AI-generated summary"
_SNIPPET = 200
_JSON_TARGETS = ("DailyPapers", "PaperContent")


class HfHtml:
    """Hugging Face Daily Papers HTML pages (listings, search results, paper pages)."""

    name = NAME
    summary = "Hugging Face Daily Papers HTML page (listing, search results or paper page)"

    def score(self, head: str) -> float:
        return _score(head)

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        try:
            yield from _parse(document, options)
        except (OSError, MemoryError):
            raise  # an unreadable input is the caller's error, not damaged content
        except Exception as exc:  # lenient by contract: report, never raise
            yield Problem("internal-error", f"hf-html could not read the page: {exc!r}")


ADAPTER = HfHtml()

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


def _score(head: str) -> float:
    text = head.lstrip("\ufeff \t\r\n")
    if not text or text[0] in "{[":
        return 0.0
    if not text.startswith("<") and _DOCUMENT_TAG.search(text[:1024]) is None:
        return 0.0
    if _TAG.search(text) is None:
        return 0.0
    score = 0.5 if _DOCUMENT_TAG.search(text) is not None else 0.35
    lowered = text.lower()
    if 'data-target="dailypapers"' in lowered or 'data-target="papercontent"' in lowered:
        score += 0.4
    if "huggingface.co/papers" in lowered or 'href="/papers' in lowered:
        score += 0.3
    elif "/papers/" in lowered:
        score += 0.15
    return min(score, 1.0)


# --------------------------------------------------------------------------------------------
# The tree


def _roots(document: Document) -> tuple[list[Any], list[Problem], bool]:
    """The lxml elements to read: the caller's Selector as it is, else one parse of the text.

    The flag says whether the elements are the HTML parser's own (so every tag is lowercase).
    """
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
            return roots, [], False
    return (*_parse_text(document.text()), True)


def _is_element(node: Any) -> bool:
    from lxml import etree

    return isinstance(node, etree._Element)


def _parse_text(text: str) -> tuple[list[Any], list[Problem]]:
    from lxml import etree

    text = normalize_newlines(text)  # lxml counts only LF as a line end; documents count all
    body = (text.replace("\x00", "") if "\x00" in text else text).encode("utf-8", errors="replace")
    if not body.strip():
        return [], []
    # recover: read broken markup; huge_tree off: libxml2's depth and size limits stay on;
    # no_network: never fetch a DTD; the HTML parser does not expand external entities.
    # etree's HTMLParser, not lxml.html's: the same tree, without a Python class lookup for every
    # element proxy made.
    parser = etree.HTMLParser(
        recover=True, encoding="utf-8", huge_tree=False, no_network=True, remove_pis=True
    )
    problems: list[Problem] = []
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        return [], [Problem("bad-html", f"the HTML parser gave up: {exc}")]
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
    if root is None:
        return [], problems
    return [root], problems


@attrs.define
class _Link:
    kind: str  # paper, community, login, keyword, slug, github, other
    element: Any
    href: str
    pid: str | None = None
    slug: str | None = None
    in_heading: bool = False
    texts: list[str] = attrs.field(factory=list)
    images: list[tuple[str, str]] = attrs.field(factory=list)  # (src, alt)

    def text(self) -> str:
        return clean("".join(self.texts))

    def spaced(self) -> str:
        return clean(" ".join(self.texts))


def _classify(element: Any) -> _Link:
    href = (element.get("href") or "").strip()
    # The next three patterns need "papers"; casefold, as IGNORECASE matches U+017F to "s".
    if "papers" in href.casefold():
        m = _PAPER_HREF.fullmatch(href)
        if m is not None:
            fragment = (m.group(2) or "").lower()
            kind = "community" if fragment.endswith("community") else "paper"
            return _Link(kind, element, href, pid=m.group(1))
        m = _LOGIN_HREF.fullmatch(href)
        if m is not None:
            return _Link("login", element, href, pid=m.group(1))
        if _KEYWORD_HREF.fullmatch(href):
            return _Link("keyword", element, href)
    m = _SLUG_HREF.fullmatch(href)
    if m is not None and m.group(1).lower() not in _RESERVED:
        return _Link("slug", element, href, slug=m.group(1))
    if _GITHUB_HREF.fullmatch(href):
        return _Link("github", element, href)
    return _Link("other", element, href)


@attrs.define
class _Text:
    text: str
    link: _Link | None
    heading: int  # index into _Scan.headings, or -1
    para: int  # index into _Scan.paragraphs, or -1
    element: Any  # the element the text is in (or follows, for a tail)


@attrs.define
class _Scan:
    """What one walk of a subtree finds, in document order."""

    texts: list[_Text] = attrs.field(factory=list)
    links: list[_Link] = attrs.field(factory=list)
    headings: list[tuple[str, list[str], list[_Link]]] = attrs.field(factory=list)
    paragraphs: list[tuple[Any, list[str], list[_Link]]] = attrs.field(factory=list)
    hydration: list[Any] = attrs.field(factory=list)
    times: list[Any] = attrs.field(factory=list)
    author_spans: list[Any] = attrs.field(factory=list)
    end_line: int | None = None

    def heading_text(self, index: int) -> str:
        return clean("".join(self.headings[index][1]))

    def paragraph_text(self, index: int) -> str:
        return clean("".join(self.paragraphs[index][1]))


def _scan(root: Any, page: bool = True) -> _Scan:
    """One linear walk: texts with their link/heading/paragraph, links, and page landmarks.

    Depth-first without recursion; a context is a tuple ``(link, heading, para, skip)``.  With
    ``page`` false (a card) the page's landmarks (``times``, ``author_spans``, ``hydration``)
    are not collected.
    """
    scan = _Scan()
    texts = scan.texts
    links = scan.links
    headings = scan.headings
    paragraphs = scan.paragraphs
    end_line = -1

    def add(text: str, context: tuple[Any, int, int, bool], element: Any) -> None:
        link, heading, para, _ = context
        texts.append(_Text(text, link, heading, para, element))
        if link is not None:
            link.texts.append(text)
        if heading >= 0:
            headings[heading][1].append(text)
        if para >= 0:
            paragraphs[para][1].append(text)

    def enter(element: Any, parent: tuple[Any, int, int, bool]) -> tuple[Any, int, int, bool]:
        nonlocal end_line
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction: its tail only
            return parent
        line = element.sourceline
        if line is not None and line > end_line:
            end_line = line
        tag = tag.lower()
        context = parent
        link, heading, para, skip = parent
        if tag in _SKIP:
            context = (link, heading, para, True)
        elif tag == "a":
            new = _classify(element)
            new.in_heading = heading >= 0
            links.append(new)
            if heading >= 0:
                headings[heading][2].append(new)
            if para >= 0:
                paragraphs[para][2].append(new)
            context = (new, heading, para, skip)
        elif tag in _HEADINGS and heading < 0:
            headings.append((tag, [], []))
            context = (link, len(headings) - 1, para, skip)
        elif tag == "p" and heading < 0 and para < 0:
            paragraphs.append((element, [], []))
            context = (link, heading, len(paragraphs) - 1, skip)
        elif tag == "img" and link is not None:
            link.images.append((element.get("src") or "", element.get("alt") or ""))
        elif not page:
            pass
        elif tag == "time" and element.get("datetime") is not None:
            scan.times.append(element)
        elif tag == "span" and "author" in (element.get("class") or "").split():
            scan.author_spans.append(element)
        if page and element.get("data-target") in _JSON_TARGETS:
            scan.hydration.append(element)
        if not context[3]:
            text = element.text
            if text:
                add(text, context, element)
        return context

    # (element, its context, its children): an element's tail is read when it ends, in the
    # context of its parent.  Leaves end at once, without an iterator.
    stack = [(root, enter(root, (None, -1, -1, False)), iter(root))]
    while stack:
        element, context, children = stack[-1]
        for child in children:
            inner = enter(child, context)
            if len(child):
                stack.append((child, inner, iter(child)))
                break
            tail = child.tail
            if tail and not context[3]:
                add(tail, context, child)
        else:
            stack.pop()
            if stack:
                tail = element.tail
                parent = stack[-1][1]
                if tail and not parent[3]:
                    add(tail, parent, element)
    scan.end_line = end_line if end_line >= 0 else None
    return scan


# --------------------------------------------------------------------------------------------
# Hydration JSON


@attrs.frozen
class _Hydration:
    target: str
    props: dict[str, Any]
    line: int | None


def _hydration(elements: list[Any]) -> tuple[list[_Hydration], list[Problem]]:
    found: list[_Hydration] = []
    problems: list[Problem] = []
    for element in elements:
        target = element.get("data-target")
        raw = element.get("data-props")
        line = element.sourceline
        if raw is None:
            continue
        try:
            props = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            problems.append(
                Problem(
                    "bad-json",
                    f"the {target} hydration JSON is broken ({str(exc)[:100]}); "
                    "read the markup alone",
                    line,
                    raw[:_SNIPPET],
                )
            )
            continue
        if not isinstance(props, dict):
            problems.append(
                Problem("bad-json", f"the {target} hydration JSON is not an object", line)
            )
            continue
        found.append(_Hydration(target, props, line))
    return found, problems


def _read_json(
    item: Any, index: int, line: int | None, fallback_title: str | None, problems: list[Problem]
) -> Paper | None:
    """A hydration item (or a paper page's bare paper) read as hf-json reads an API item.

    The mapping is shared (``_hf_items``); what it cannot read becomes a Problem in ``problems``
    (its message names the item's ``index`` in ``dailyPapers``, and ``line`` the JSON's line).
    """
    result = read_item(item, Source(NAME, line, index=index), fallback_title=fallback_title)
    if isinstance(result, Problem):
        problems.append(result)
        return None
    return result


# --------------------------------------------------------------------------------------------
# Parsing


def _parse(document: Document, options: Options) -> Iterator[Event]:
    roots, problems, parsed_here = _roots(document)
    yield from problems
    for root in roots:
        yield from _parse_root(root, options, parsed_here or _lowercase(root))


def _parse_root(root: Any, options: Options, lowercase: bool) -> Iterator[Event]:
    """Read one tree; ``lowercase``: every tag is lowercase (else the walk's ``lower()`` rules)."""
    marks = _landmarks(root) if lowercase else _scan(root)
    hydrations, problems = _hydration(marks.hydration)
    yield from problems
    paper_page = next((h for h in hydrations if h.target == "PaperContent"), None)
    listing = next((h for h in hydrations if h.target == "DailyPapers"), None)
    titled = any(link.in_heading and link.pid for link in marks.links)
    if paper_page is not None or not titled:
        # A paper page, or a page without card titles: read the whole tree.
        scan = marks if isinstance(marks, _Scan) else _scan(root)
        if paper_page is not None or _looks_like_paper_page(scan):
            yield from _paper_page(root, scan, paper_page, options)
            return
    yield from _listing(marks, listing, options)


_XPATHS = {
    "data-target": "descendant-or-self::*[@data-target]",
}


@functools.cache
def _xpath(name: str) -> Any:
    from lxml import etree

    return etree.XPath(_XPATHS[name])


def _lowercase(root: Any) -> bool:
    """Whether every tag is lowercase, as the HTML parser makes them (a caller's tree may not)."""
    from lxml import etree

    for element in root.iter(etree.Element):
        tag = element.tag
        if not tag.islower() and tag != tag.lower():
            return False
    return True


@attrs.define
class _Landmarks:
    """What a listing needs from the whole page, found by lxml's searches (in C), not a walk."""

    links: list[_Link]
    times: list[Any]
    hydration: list[Any]


def _landmarks(root: Any) -> _Landmarks:
    """The paper links (classified; ``in_heading`` set; no texts), dated times and hydration divs.

    Tags are lowercase here (``_lowercase``).  Linear: each outermost heading's subtree is
    searched once, and headings inside it are skipped.
    """
    in_heading: set[Any] = set()
    nested: set[Any] = set()
    for heading in root.iter(*_HEADINGS):
        if heading in nested:
            continue
        for element in heading.iter("a", *_HEADINGS):
            (in_heading if element.tag == "a" else nested).add(element)
    links = []
    for element in root.iter("a"):
        href = element.get("href")
        if href is None or "papers" not in href.casefold():
            continue  # not a paper's link (see _classify)
        link = _classify(element)
        if link.pid is not None:
            link.in_heading = element in in_heading
            links.append(link)
    times = [element for element in root.iter("time") if element.get("datetime") is not None]
    hydration = [
        element
        for element in _xpath("data-target")(root)
        if element.get("data-target") in _JSON_TARGETS
    ]
    return _Landmarks(links, times, hydration)


def _looks_like_paper_page(scan: _Scan) -> bool:
    has_h1 = any(tag == "h1" for tag, _, _ in scan.headings)
    markers = any(
        _PUBLISHED in t.text or t.text.strip() == "Abstract" for t in scan.texts if t.link is None
    )
    return has_h1 and (markers or bool(scan.author_spans))


# -- listings ---------------------------------------------------------------------------------


def _page_date(
    scan: _Scan | _Landmarks, listing: _Hydration | None, cards: set[Any], options: Options
) -> tuple[PageDate | None, list[Problem]]:
    problems: list[Problem] = []
    markup: PartialDate | None = None
    markup_line = None
    times = scan.times[:10]
    if not times and cards:
        # Cards handed in as selected elements (a SelectorList of articles): the page's date
        # is outside them, in the tree they belong to.
        page = next(iter(cards)).getroottree().getroot()
        times = [e for e in page.iter("time") if e.get("datetime") is not None][:10]
    for element in times:
        if _inside(element, cards):
            continue
        markup_line = element.sourceline
        markup, found = normalize_moment(element.get("datetime") or "", None, markup_line)
        problems.extend(found)
        break
    from_json: PartialDate | None = None
    if listing is not None and isinstance(listing.props.get("date"), str):
        from_json, found = normalize_moment(listing.props["date"], None, listing.line)
        problems.extend(found)
    if markup is not None and from_json is not None and markup != from_json:
        problems.append(_mismatch("page date", markup, from_json, markup_line))
    value = markup or from_json
    if value is None:
        return None, problems
    if value.year is None:
        value, found = with_reference(value, str(value), options.reference_date, markup_line)
        problems.extend(found)
    line = markup_line if markup is not None else (listing.line if listing else None)
    return PageDate(value, line), problems


def _inside(element: Any, elements: set[Any]) -> bool:
    ancestors = zip(range(4096), element.iterancestors(), strict=False)
    return any(ancestor in elements for _, ancestor in ancestors)


@attrs.define
class _Card:
    pid: str
    anchor: Any
    titled: bool
    root: Any = None


def _find_cards(scan: _Scan | _Landmarks) -> list[_Card]:
    """One card per paper id, in page order: the largest element holding only its links."""
    marks: dict[Any, str | None] = {}  # element -> paper id, or None where several meet
    cards: dict[str, _Card] = {}
    for link in scan.links:
        pid = link.pid
        if pid is None:
            continue
        title = link.in_heading and link.kind == "paper"
        card = cards.get(pid)
        if card is None:
            cards[pid] = _Card(pid, link.element, title)
        elif title and not card.titled:
            card.anchor, card.titled = link.element, True
        element = link.element
        while element is not None:
            if element in marks:
                mark = marks[element]
                if mark == pid or mark is None:
                    break
                marks[element] = None
            else:
                marks[element] = pid
            element = element.getparent()
    for card in cards.values():
        element = card.anchor
        while True:
            if isinstance(element.tag, str) and element.tag.lower() == "article":
                break
            parent = element.getparent()
            if (
                parent is None
                or marks.get(parent) != card.pid
                or not isinstance(parent.tag, str)
                or parent.tag.lower() in _STOP
                or parent.get("data-target") is not None
            ):
                break
            element = parent
        card.root = element
    return list(cards.values())


def _listing(
    scan: _Scan | _Landmarks, listing: _Hydration | None, options: Options
) -> Iterator[Event]:
    cards = _find_cards(scan)
    roots = {card.root for card in cards}
    page_date, problems = _page_date(scan, listing, roots, options)
    if page_date is not None:
        yield page_date
    yield from problems
    reference = options.reference_date
    if reference is None and page_date is not None:
        reference = page_date.date.to_date()
    json_line = listing.line if listing is not None else None
    # paper id -> (index, item) of its hydration item, read with its card
    from_json: dict[str, tuple[int, Any]] = {}
    if listing is not None:
        items = listing.props.get("dailyPapers", listing.props.get("papers"))
        if isinstance(items, list):
            for index, item in enumerate(items):
                pid = item_id(item)
                if pid is None:  # unreadable: say why, as hf-json would
                    unread: list[Problem] = []
                    _read_json(item, index, json_line, None, unread)
                    yield from unread
                elif pid not in from_json:
                    from_json[pid] = (index, item)
        elif items is not None:
            yield Problem("bad-json", "the hydration JSON's paper list is not a list", json_line)
    for card in cards:
        yield from _card_events(card, from_json.pop(card.pid, None), json_line, reference)
    for pid, (index, item) in from_json.items():  # in the JSON, not in the markup
        problems = [
            Problem(
                "missing-card",
                f"paper {pid} is in the hydration JSON but has no card in the markup",
                json_line,
            )
        ]
        parsed = _read_json(item, index, json_line, None, problems)
        paper = _merge({}, parsed, pid, Source(NAME, json_line), problems)
        if paper is None:
            yield from problems
            continue
        yield paper
        yield from paper.problems


def _card_events(
    card: _Card, entry: tuple[int, Any] | None, json_line: int | None, reference: Any
) -> Iterator[Event]:
    scan = _scan(card.root, page=False)
    line = card.root.sourceline
    json_problems: list[Problem] = []
    parsed = None
    title = _card_title(scan, card.pid)
    if entry is not None:
        index, item = entry
        parsed = _read_json(item, index, json_line, title, json_problems)
    markup, problems = _card_fields(scan, card.pid, title, reference, line, parsed)
    problems = [*json_problems, *problems]
    source = Source(NAME, line, scan.end_line if scan.end_line is not None else line)
    paper = _merge(markup, parsed, card.pid, source, problems)
    if paper is None:
        snippet = clean(" ".join(t.text for t in scan.texts))[:_SNIPPET]
        problem = Problem(
            "missing-title", f"card for paper {card.pid} has no title; no paper made of it", line
        )
        yield attrs.evolve(problem, text=snippet or card.pid)
        yield from problems
        return
    yield paper
    yield from paper.problems


def _card_title(scan: _Scan, pid: str) -> str | None:
    """The text of the heading that holds the card's ``/papers/<id>`` link."""
    for index, (_, _, links) in enumerate(scan.headings):
        if any(link.pid == pid and link.kind == "paper" for link in links):
            return clean_or_none(scan.heading_text(index))
    return None


def _card_fields(
    scan: _Scan,
    pid: str,
    title: str | None,
    reference: Any,
    line: int | None,
    parsed: Paper | None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The fields a card shows; ``title`` is ``_card_title(scan, pid)``."""
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    if title is not None:
        fields["title"] = title
    for link in scan.links:
        if link.pid != pid:
            continue
        if link.kind == "login" and "upvotes" not in fields:
            fields["upvotes"] = _count(link.spaced(), "upvotes", line, problems)
        elif link.kind == "community" and "comments" not in fields:
            fields["comments"] = _count(link.spaced(), "comments", line, problems)
        elif link.kind == "paper" and not link.in_heading and "thumbnail" not in fields:
            for src, _ in link.images:
                if src and "avatar" not in src and not link.text():
                    fields["thumbnail"] = src
                    break
    fields.update(_organization(scan))
    fields.update(_github(scan))
    count = _author_count(scan)
    if count is not None:
        fields["author_count"] = count
    submitter = _after_label(scan, _SUBMITTED)
    if submitter:
        fields["submitted_by"] = submitter.split()[0]
    abstract = _card_abstract(scan, pid, fields.get("title"))
    if abstract is not None:
        fields["abstract"] = abstract
    date_text = _card_date(scan)
    if date_text is not None:
        fields["published"] = _markup_date(date_text, reference, line, parsed, problems)
    if (
        "comments" not in fields
        and title is not None
        and (count is not None or "organization" in fields or date_text is not None)
    ):
        # A complete card (its title, and its metadata row: an author count or organization, or
        # a date) without a #community link has no comments: HF writes the count only when there
        # are some, as hf-text reads a date line with no count.  A card cut off before its
        # metadata row keeps None.
        fields["comments"] = 0
    return fields, problems


def _count(text: str, what: str, line: int | None, problems: list[Problem]) -> int | None:
    found = _NUMBER.findall(text)
    if not found:
        if text:
            problems.append(Problem("bad-count", f"no {what} count in {text!r}", line, text))
        return None
    digits, dash = found[-1]
    return 0 if dash else int(digits.replace(",", ""))


def _last_number(text: str) -> int | None:
    """The last number in ``text`` (``1,234``), or None where there is none or it is a dash.

    A paper page's star and comment counts; a card's counts read a dash as 0 (``_count``).
    """
    found = _NUMBER.findall(text)
    return int(found[-1][0].replace(",", "")) if found and found[-1][0] else None


def _author_count(scan: _Scan) -> int | None:
    for text in scan.texts:
        if text.heading < 0 and text.para < 0:
            count = parse_author_count(text.text.strip())
            if count is not None:
                return count
    joined = " ".join(t.text for t in scan.texts if t.heading < 0 and t.para < 0)
    return find_author_count(joined)


def _after_label(scan: _Scan, label: str) -> str | None:
    """The text after ``label`` ("Submitted by akhaliq"), in the same text or the next ones."""
    texts = scan.texts
    for index, text in enumerate(texts):
        position = text.text.find(label)
        if position < 0:
            continue
        rest = clean(text.text[position + len(label) :])
        following = iter(texts[index + 1 : index + 8])
        while not rest:
            nxt = next(following, None)
            if nxt is None:
                break
            rest = clean(nxt.text)
        return rest or None
    return None


def _organization(scan: _Scan) -> dict[str, Any]:
    for link in scan.links:
        if link.kind != "slug" or link.slug is None:
            continue
        slug = link.slug
        if any(alt.strip().lower() == slug.lower() for _, alt in link.images):
            name = link.text()
            if name.lower().startswith(slug.lower() + " ") and name[len(slug) + 1 :].strip():
                name = name[len(slug) + 1 :].strip()
            return {"organization": Organization(slug, name or None)}
    return {}


def _github(scan: _Scan) -> dict[str, Any]:
    for link in scan.links:
        if link.kind != "github":
            continue
        if any(link in links for _, _, links in scan.paragraphs):
            continue
        fields: dict[str, Any] = {"github_repo": link.href}
        stars = _last_number(link.spaced())
        if stars is not None:
            fields["github_stars"] = stars
        return fields
    return {}


def _card_abstract(scan: _Scan, pid: str, title: str | None) -> str | None:
    best = ""
    for link in scan.links:
        if link.pid != pid or link.kind != "paper" or link.in_heading:
            continue
        text = link.text()
        if len(text) > len(best) and not _is_author_text(text) and text != title:
            best = text
    for index in range(len(scan.paragraphs)):
        text = scan.paragraph_text(index)
        if len(text) > len(best) and not _is_author_text(text) and text != title:
            best = text
    return best or None


def _is_author_text(text: str) -> bool:
    stripped = text.strip(" ·•")
    return parse_author_count(stripped) is not None or (
        len(stripped) < 40 and find_author_count(stripped) is not None
    )


def _card_date(scan: _Scan) -> str | None:
    for text in scan.texts:
        if text.heading >= 0 or text.para >= 0:
            continue
        link = text.link
        if (
            link is not None
            and link.kind in {"paper", "login", "community"}
            and (link.kind != "paper" or link.text() != text.text.strip())
        ):
            continue
        candidate = text.text.strip(" \t\n·•")
        if len(candidate) <= 24 and _DATE_PREFIX.fullmatch(candidate):
            return candidate
    return None


def _markup_date(
    text: str,
    reference: Any,
    line: int | None,
    parsed: Paper | None,
    problems: list[Problem],
) -> PartialDate | None:
    try:
        value = parse_date(text)
    except DateError as exc:
        problems.append(Problem(exc.kind, str(exc), line, text))
        return None
    known = parsed.published if parsed is not None else None
    if (
        isinstance(known, PartialDate)
        and value.year is None
        and (known.month, known.day) == (value.month, value.day)
    ):
        return known  # the JSON gives the year the card leaves out
    resolved, found = with_reference(value, text, reference, line)
    problems.extend(found)
    return resolved


# -- merging markup and JSON -------------------------------------------------------------------

_COMPARED = (
    "title",
    "abstract",
    "upvotes",
    "comments",
    "submitted_by",
    "published",
    "github_repo",
    "github_stars",
)


def _mismatch(field: str, markup: Any, from_json: Any, line: int | None) -> Problem:
    return Problem(
        "html-json-mismatch",
        f"{field}: the markup says {markup!s:.80}, the hydration JSON says {from_json!s:.80}; "
        "kept the markup's",
        line,
        f"{markup}",
    )


def _merge(
    markup: dict[str, Any],
    parsed: Paper | None,
    pid: str,
    source: Source,
    problems: list[Problem],
) -> Paper | None:
    """The JSON's paper (if any) with the markup's values over it; disagreements reported."""
    if parsed is not None:
        problems = [*parsed.problems, *problems]
        for name in _COMPARED:
            mine, theirs = markup.get(name), getattr(parsed, name)
            if mine is not None and theirs is not None and mine != theirs:
                problems.append(_mismatch(name, mine, theirs, source.line))
        mine_org, their_org = markup.get("organization"), parsed.organization
        if mine_org is not None and their_org is not None and mine_org.id != their_org.id:
            problems.append(_mismatch("organization", mine_org.id, their_org.id, source.line))
        authors = parsed.authors
        count = markup.get("author_count")
        if authors and count is not None and count != len(authors):
            problems.append(_mismatch("author count", count, len(authors), source.line))
        markup_names = markup.get("authors")
        if authors and markup_names:
            shown = [a.name for a in authors if not a.hidden]
            if [a.name for a in markup_names] != shown and [a.name for a in markup_names] != [
                a.name for a in authors
            ]:
                problems.append(
                    _mismatch("author names", len(markup_names), len(authors), source.line)
                )
        base = parsed
    else:
        title = markup.get("title")
        if not title:
            return None
        base = Paper(title=title, arxiv_id=pid or None, url=PAPER_URL.format(pid) if pid else None)
    changes: dict[str, Any] = {}
    for name, value in markup.items():
        if value is None:
            continue
        if name in {"authors", "ai_keywords", "author_count"} and (
            getattr(base, "authors" if name == "author_count" else name)
        ):
            continue  # the JSON's list is the complete one (and gives the count)
        changes[name] = value
    # Typed loosely: mypy cannot infer the generic ``converter=tuple`` of Paper.problems.
    found: Any = tuple(problems)
    return attrs.evolve(base, **changes, source=source, problems=found)


# -- paper pages --------------------------------------------------------------------------------


def _paper_page(
    root: Any, scan: _Scan, hydration: _Hydration | None, options: Options
) -> Iterator[Event]:
    parsed = None
    problems: list[Problem] = []
    h1 = next((i for i, (tag, _, _) in enumerate(scan.headings) if tag == "h1"), None)
    title = clean_or_none(scan.heading_text(h1)) if h1 is not None else None
    if hydration is not None:
        paper = hydration.props.get("paper")
        if isinstance(paper, dict):
            parsed = _read_json(paper, 0, hydration.line, title, problems)
            if parsed is not None:
                parsed = _paper_content(parsed, hydration.props)
        else:
            problems.append(
                Problem("bad-json", "the PaperContent JSON has no paper", hydration.line)
            )
    line = root.sourceline
    fields: dict[str, Any] = {}
    if title is not None:
        fields["title"] = title
    pid = parsed.arxiv_id if parsed is not None else None
    if pid is None:
        pid = _page_id(root, scan)
    for link in scan.links:
        if link.pid == pid and link.kind == "login":
            fields["upvotes"] = _count(link.spaced(), "upvotes", line, problems)
            break
    else:
        upvote = _after_label(scan, "Upvote")
        if upvote:
            fields["upvotes"] = _count(upvote.split()[0], "upvotes", line, problems)
    submitter = _after_label(scan, _SUBMITTED)
    if submitter:
        fields["submitted_by"] = submitter.split()[0]
    published = _after_label(scan, _PUBLISHED)
    if published:
        m = _DATE_PREFIX.match(published)
        if m is not None:
            fields["published"] = _markup_date(
                m.group(0), options.reference_date, line, parsed, problems
            )
    authors = [_span_author(span) for span in scan.author_spans]
    if authors:
        fields["authors"] = tuple(a for a in authors if a is not None)
        fields["author_count"] = len(fields["authors"])
    fields.update(_abstract_section(scan))
    fields.update(_github(scan))
    for link in scan.links:
        if link.pid == pid and link.kind == "community":
            comments = _last_number(link.spaced())
            if comments is not None:
                fields["comments"] = comments
            break
    source = Source(NAME, line, scan.end_line)
    paper = _merge(fields, parsed, pid or "", source, problems)
    if paper is None:
        snippet = clean(" ".join(t.text for t in scan.texts[:50]))[:_SNIPPET]
        yield Problem("missing-title", "paper page without a title", line, snippet or None)
        yield from problems
        return
    yield paper
    yield from paper.problems


def _paper_content(paper: Paper, props: dict[str, Any]) -> Paper:
    """What a paper page's ``PaperContent`` adds beside its paper: comments, the organization."""
    changes: dict[str, Any] = {}
    comments = props.get("comments")
    if paper.comments is None and isinstance(comments, list):
        changes["comments"] = len(comments)
    if paper.organization is None:
        organization = read_organization(props.get("submitterOrganization"))
        if organization is not None:
            changes["organization"] = organization
    return attrs.evolve(paper, **changes) if changes else paper


def _page_id(root: Any, scan: _Scan) -> str | None:
    for element in root.iter("link", "meta"):
        value = element.get("href") if element.tag == "link" else element.get("content")
        rel = (element.get("rel") or element.get("property") or "").lower()
        if value and rel in {"canonical", "og:url"}:
            m = _PAPER_HREF.fullmatch(value.strip())
            if m is not None:
                return m.group(1)
    for kind in ("login", "community", "paper"):
        for link in scan.links:
            if link.kind == kind and link.pid:
                return link.pid
    return None


def _span_author(span: Any) -> Author | None:
    name = clean("".join(span.itertext())).rstrip(",").strip()
    if not name:
        return None
    user = None
    for a in span.iter("a"):
        m = _SLUG_HREF.fullmatch((a.get("href") or "").strip())
        if m is not None and m.group(1).lower() not in _RESERVED:
            user = m.group(1)
        break
    return Author(name, user)


def _abstract_section(scan: _Scan) -> dict[str, Any]:
    """The paragraphs after the ``Abstract`` heading: an AI summary, then the abstract."""
    index = next(
        (i for i, (tag, _, _) in enumerate(scan.headings) if scan.heading_text(i) == "Abstract"),
        None,
    )
    if index is None:
        return {}
    heading_text = next(t for t in scan.texts if t.heading == index)
    after = False
    labelled = False
    paragraphs: list[tuple[int, bool]] = []  # (paragraph index, after an AI label)
    last_para = -1
    for text in scan.texts:
        if text is heading_text:
            after = True
            continue
        if not after:
            continue
        if text.heading >= 0 and text.heading != index:
            break
        if _AI_LABEL.lower() in text.text.lower() and text.para < 0:
            labelled = True
            continue
        if text.para >= 0 and text.para != last_para:
            last_para = text.para
            paragraphs.append((text.para, labelled))
            labelled = False
    fields: dict[str, Any] = {}
    if not paragraphs:
        return fields
    summary = next((p for p, marked in paragraphs if marked), None)
    rest = [p for p, marked in paragraphs if not marked]
    if summary is None and len(rest) >= 2:
        summary, rest = rest[0], rest[1:]
    if summary is not None:
        fields["ai_summary"] = clean_or_none(scan.paragraph_text(summary))
    if rest:
        abstract = rest[0]
        fields["abstract"] = clean_or_none(scan.paragraph_text(abstract))
        keywords = [
            link.text()
            for link in scan.paragraphs[abstract][2]
            if link.kind == "keyword" and link.text()
        ]
        if keywords:
            fields["ai_keywords"] = tuple(keywords)
    return fields
