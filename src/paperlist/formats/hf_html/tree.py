"""The parsed page as hf-html reads it: links sorted by what they point at, and one walk of texts.

Every other module of the package reads a page through these: a :class:`Link` says what an ``a``
element points at (a paper, its comments, its upvote box, a keyword search, an organization or
user, a GitHub repository), and :func:`scan` walks a subtree once, in document order, noting for
each text the link, heading and paragraph it belongs to.  lxml is imported only when a page is read.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

from ...text import clean

NAME = "hf-html"
SNIPPET = 200  # characters of page text quoted in a Problem
JSON_TARGETS = ("DailyPapers", "PaperContent")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP = frozenset({"script", "style", "template", "noscript", "svg", "textarea"})
_HOSTS = frozenset({"", "huggingface.co", "www.huggingface.co"})
_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
# A paper's path segment: an arXiv id, its version suffix dropped.
_ID = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?", re.ASCII)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}", re.ASCII)
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


@attrs.define
class Link:
    """An ``a`` element and what its href points at; its texts are filled in by :func:`scan`."""

    kind: str  # paper, community, login, keyword, slug, github, other
    element: Any
    href: str
    pid: str | None = None  # paper, community, login: the arXiv id
    slug: str | None = None  # slug: the organization or user
    keyword: str | None = None  # keyword: the searched words (``q``)
    in_heading: bool = False
    position: int = 0  # how many texts of the scan came before the link
    texts: list[str] = attrs.field(factory=list)
    images: list[tuple[str, str]] = attrs.field(factory=list)  # (src, alt)

    def text(self) -> str:
        return clean("".join(self.texts))

    def spaced(self) -> str:
        return clean(" ".join(self.texts))


def paper_id(path: str) -> str | None:
    """The arXiv id of a ``/papers/<id>`` path (case-insensitive, a trailing slash allowed)."""
    segments = path.split("/")
    if segments[-1] == "":
        segments.pop()
    if len(segments) != 3 or segments[0] != "" or segments[1].lower() != "papers":
        return None
    m = _ID.fullmatch(segments[2])
    return m.group(1) if m is not None else None


def user_slug(path: str) -> str | None:
    """The organization or user of a ``/<slug>`` path, None for the site's own pages."""
    slug = path[1:-1] if path.endswith("/") else path[1:]
    if not path.startswith("/") or _SLUG.fullmatch(slug) is None:
        return None
    return None if slug.lower() in _RESERVED else slug


def classify(element: Any) -> Link:
    """The :class:`Link` of an ``a`` element."""
    return link_to((element.get("href") or "").strip(), element)


def link_to(href: str, element: Any = None) -> Link:
    """What ``href`` points at, from its parts (``urllib.parse``), relative or on the site."""
    kind, pid, slug, keyword = _target(href)
    return Link(kind, element, href, pid, slug, keyword)


# A page repeats its hrefs (a card links its paper three or four times): cached, reading them
# costs 0.09 ms a page, as the patterns did, instead of 0.16 ms.
@functools.lru_cache(maxsize=4096)
def _target(href: str) -> tuple[str, str | None, str | None, str | None]:
    """``(kind, paper id, slug, keyword)`` of an href: see :class:`Link`."""
    try:
        parts = urlsplit(href)
    except ValueError:  # an invalid IPv6 host and the like: a link to nowhere we know
        return "other", None, None, None
    host = parts.netloc.lower()
    if host in _GITHUB_HOSTS:
        owner_repo = [s for s in parts.path.split("/") if s]
        return ("github" if len(owner_repo) >= 2 else "other"), None, None, None
    if host not in _HOSTS or parts.scheme.lower() not in {"", "http", "https"}:
        return "other", None, None, None
    path = parts.path
    lowered = path.lower()
    if lowered.startswith("/papers"):
        pid = paper_id(path)
        if pid is not None:
            community = parts.fragment.lower().endswith("community")
            return ("community" if community else "paper"), pid, None, None
        if lowered in {"/papers", "/papers/"}:
            query = parse_qs(parts.query).get("q")
            if query:
                return "keyword", None, None, clean(query[0]) or None
        return "other", None, None, None
    if lowered == "/login":
        target = parse_qs(parts.query).get("next")  # parse_qs unquotes it
        pid = paper_id(urlsplit(target[0]).path) if target else None
        return ("login", pid, None, None) if pid is not None else ("other", None, None, None)
    slug = user_slug(path)
    if slug is not None:
        return "slug", None, slug, None
    return "other", None, None, None


@attrs.define
class Text:
    text: str
    link: Link | None
    heading: int  # index into Scan.headings, or -1
    para: int  # index into Scan.paragraphs, or -1
    element: Any  # the element the text is in (or follows, for a tail)


@attrs.define
class Scan:
    """What one walk of a subtree finds, in document order."""

    texts: list[Text] = attrs.field(factory=list)
    links: list[Link] = attrs.field(factory=list)
    headings: list[tuple[str, list[str], list[Link]]] = attrs.field(factory=list)
    paragraphs: list[tuple[Any, list[str], list[Link]]] = attrs.field(factory=list)
    hydration: list[Any] = attrs.field(factory=list)
    times: list[Any] = attrs.field(factory=list)
    author_spans: list[Any] = attrs.field(factory=list)
    end_line: int | None = None

    def heading_text(self, index: int) -> str:
        return clean("".join(self.headings[index][1]))

    def paragraph_text(self, index: int) -> str:
        return clean("".join(self.paragraphs[index][1]))


# A walk's context: (link, heading index, paragraph index, inside a skipped element).
_Context = tuple[Link | None, int, int, bool]


def scan(root: Any, page: bool = True) -> Scan:
    """One linear walk (lxml's ``iterwalk``): texts with their link, heading and paragraph.

    With ``page`` false (a card) the page's landmarks (``times``, ``author_spans``,
    ``hydration``) are not collected.
    """
    from lxml import etree

    found = Scan()
    texts = found.texts
    links = found.links
    headings = found.headings
    paragraphs = found.paragraphs
    end_line = -1

    def add(text: str, context: _Context, element: Any) -> None:
        link, heading, para, _ = context
        texts.append(Text(text, link, heading, para, element))
        if link is not None:
            link.texts.append(text)
        if heading >= 0:
            headings[heading][1].append(text)
        if para >= 0:
            paragraphs[para][1].append(text)

    def enter(element: Any, parent: _Context) -> _Context:
        tag = element.tag.lower()
        context = parent
        link, heading, para, skip = parent
        if tag in _SKIP:
            context = (link, heading, para, True)
        elif tag == "a":
            new = classify(element)
            new.in_heading = heading >= 0
            new.position = len(texts)
            links.append(new)
            if heading >= 0:
                headings[heading][2].append(new)
            if para >= 0:
                paragraphs[para][2].append(new)
            context = (new, heading, para, skip)
        elif tag in HEADINGS and heading < 0:
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
            found.times.append(element)
        elif tag == "span" and "author" in (element.get("class") or "").split():
            found.author_spans.append(element)
        if page and element.get("data-target") in JSON_TARGETS:
            found.hydration.append(element)
        return context

    # An element's text is read when it starts, its tail when it ends (in its parent's context);
    # a comment or processing instruction has only a tail.
    context: _Context = (None, -1, -1, False)
    outer: list[_Context] = []
    events = ("start", "end", "comment", "pi")
    for event, element in etree.iterwalk(root, events=events):
        if event == "start":
            line = element.sourceline
            if line is not None and line > end_line:
                end_line = line
            outer.append(context)
            context = enter(element, context)
            text = element.text
            if text and not context[3]:
                add(text, context, element)
            continue
        if event == "end":
            context = outer.pop()
            if not outer:
                break  # the root's tail is not part of it
        else:
            line = element.sourceline
            if line is not None and line > end_line:
                end_line = line
        tail = element.tail
        if tail and not context[3]:
            add(tail, context, element)
    found.end_line = end_line if end_line >= 0 else None
    return found
