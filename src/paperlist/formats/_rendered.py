"""Shared reading of rendered pages: markdown and plain-text saves of Hugging Face paper pages.

Tools render a page in many ways (markdown links, wrapped lines, lynx's numbered references, a
notebook's URL on a line of its own, bare text), but every rendering keeps the page's *order* and
most of its *words*.  So reading happens in two steps:

1. :func:`items` normalizes any rendering into a stream of :class:`Item` (a piece of text, the
   line it came from, and the link it carried if a link survived);
2. one recognizer per page kind reads that stream: :func:`read_listing` for daily, weekly,
   monthly, trending and search listings, :func:`read_paper_page` for a single paper page.

A record is made only from a block with a card's evidence: a title next to card metadata
(``N authors``, an organization, ``·`` and a date) or a paper link.  Page chrome (navigation,
header, date picker, pagination, footer) is recognized and left out; any other text outside a card
becomes a Problem quoting it, never a paper.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import html
import re
from collections.abc import Generator, Iterator, Sequence
from typing import Any, NamedTuple
from urllib.parse import unquote

from ..authors import find_author_count, has_author_count, parse_organization, split_names
from ..dates import normalize_date, read_date_line, with_reference
from ..records import Author, Organization, Paper, PartialDate, Problem, Source
from ..text import clean
from . import Event, Options, PageDate

__all__ = ["Item", "find_props", "items", "read_page", "read_paper_page", "read_props"]

# -- links ------------------------------------------------------------------------------------

# huggingface.co, or a saved copy's own file:// links (a rendering of a page saved to disk).
_HOST = r"(?:https?://(?:www\.)?huggingface\.co|file://(?:localhost)?)?"
_ID = r"(\d{4}\.\d{4,5})(?:v\d+)?"
_PAPER_HREF = re.compile(_HOST + r"/papers/" + _ID + r"/?(#.*)?\Z", re.IGNORECASE)
_LOGIN_HREF = re.compile(
    _HOST + r"/login\?next=(?:%2F|/)papers(?:%2F|/)" + _ID + r"\Z", re.IGNORECASE
)
_SLUG_HREF = re.compile(_HOST + r"/([A-Za-z0-9][A-Za-z0-9._-]{0,95})/?\Z")
_DATE_HREF = re.compile(r"/papers\?date=(\d{4}-\d{2}-\d{2})\b")
_ARXIV_TEXT = re.compile(r"\barxiv:\s*" + _ID, re.IGNORECASE)
# Site sections and pages that are never an organization.
_RESERVED = frozenset(
    [
        "models",
        "datasets",
        "spaces",
        "posts",
        "docs",
        "pricing",
        "login",
        "join",
        "papers",
        "settings",
        "notifications",
        "enterprise",
        "learn",
        "blog",
        "terms-of-service",
        "privacy",
        "huggingface",
        "collections",
        "chat",
        "search",
        "new",
        "welcome",
        "organizations",
        "tasks",
    ]
)

# -- chrome -----------------------------------------------------------------------------------

# Lowercased, whitespace collapsed: text the site's frame shows on every page.
_CHROME = frozenset(
    {
        "hugging face",
        "hugging face's logo",
        "hugging face's logo hugging face",
        "[hugging face's logo] hugging face",
        "video:",
        "image:",
        "hug",
        "face",
        "logo",
        "models",
        "datasets",
        "spaces",
        "posts",
        "docs",
        "enterprise",
        "solutions",
        "pricing",
        "log in",
        "sign up",
        "new",
        "get trending papers in your email inbox once a day!",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "papers",
        "by",
        "ak",
        "and the research community",
        "and the research",
        "ak and the research community",
        "by ak and the research community",
        "byak and the research community",
        "search by arxiv id or title",
        "search models, datasets, users...",
        "submit a paper",
        "previous",
        "next",
        "© hugging face",
        "tos",
        "privacy",
        "about",
        "jobs",
        "daily",
        "weekly",
        "monthly",
        "trending",
        "trending papers",
        "(button)",
        "[ ]",
        "[x]",
        "upvote",
        "view arxiv page",
        "view pdf",
        "add to collection",
        "community",
        "abstract",
        "ai-generated summary",
        "authors:",
        "authors",
        "project page",
        "github",
        "cite arxiv.org",
        "models citing this paper",
        "datasets citing this paper",
        "spaces citing this paper",
        "collections including this paper",
        "no model linking this paper",
        "no dataset linking this paper",
        "no space linking this paper",
        "no collection including this paper",
        "join the discussion",
        "sign up or log in to comment",
        "markdown content:",
        "website",
        "company",
        "resources",
        "menu",
        "toggle navigation",
        "skip to content",
        "dailyweeklymonthly",
        "dailyweeklymonthlytrending",
        "daily weekly monthly trending",
        "search papers",
        "no results found. try another query.",
    }
)
_CHROME_PREFIXES = (
    "title:",
    "url source:",
    "published time:",
    "markdown content:",
    "daily papers - hugging face",
    "paper page - ",
    "(button)",
    "cite arxiv.org",
    "upvote ",
    "get trending papers",
    "search by arxiv",
    "search models, datasets",  # the search box, cut short by a PDF's layout
    "copyright",
    "©",
    "models citing",
    "datasets citing",
    "spaces citing",
    "collections including",
    "papers citing",
    "link:",  # links and elinks show a page's <link> elements ("Link: canonical")
)
_CHROME_WORDS = frozenset(
    {
        "models",
        "datasets",
        "spaces",
        "posts",
        "docs",
        "enterprise",
        "solutions",
        "pricing",
        "previous",
        "next",
        "tos",
        "privacy",
        "about",
        "jobs",
        "company",
        "website",
        "community",
        "daily",
        "weekly",
        "monthly",
        "·",
    }
)
# with en and em dashes, and box-drawing rules (elinks)
_RULE = re.compile(r"[\s=_*\-\u2013\u2014\u2500-\u257f|:`•]*")

# -- item kinds -------------------------------------------------------------------------------

TEXT, CHROME, SUBMITTED, UPVOTE, COMMENTS, AUTHORS, SEP, BULLET, DATE, NUMBER, DASH, ORG = range(12)
GITHUB = 12
# Damaged card metadata: a line that reads as a damaged date or author count, or a number too
# long to be a count.  Never a title; a card whose title it touches is no record.
JUNK = 13
_GITHUB_HREF = re.compile(r"https?://(?:www\.)?github\.com/[^/?#\s]+/[^/?#\s]+", re.IGNORECASE)

_NUMBER_TEXT = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,9}")
_SEP_TEXT = re.compile(r"[\s*•\-]*·[\s*•\-]*")
_BULLET_TEXT = re.compile(r"[\s*•+\-]+")
_SUBMITTED_TEXT = re.compile(r"submitted\s*by:?\s*(.*)", re.IGNORECASE | re.DOTALL)
_USERNAME = re.compile(r"@?([A-Za-z0-9][A-Za-z0-9._-]{0,95})")
_PUBLISHED_TEXT = re.compile(r"published\s+on\s*:?\s*(.+)", re.IGNORECASE)
# A month's name with digits that is no date ("Oct 1x, 2021"), a bullet with a count-like word
# ("• 5 autors", "• five authors"), "N aut..." and a run of digits too long for a count.
_DAMAGED_DATE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,7}\.?(?:\s+\S*\d\S*){1,2}",
    re.IGNORECASE,
)
_DAMAGED_COUNT = re.compile(
    r"[•·*+\-]\s*\S+(?:\s+\S+){0,2}|\d[\d,.]*\s*aut\w*|\d[\d,.\s]*", re.IGNORECASE
)
_COUNTISH = re.compile(r"\d|\baut", re.IGNORECASE)
# A count as a link or a line shows it: one run of digits, other text around it ("4 comments",
# "Upvote 57", "[ ] 12").
_COUNT_TEXT = re.compile(r"\D*(\d(?:[\d,]*\d)?)\D*")
_COUNT_VALUE = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,9}")
_UPVOTE_TEXT = re.compile(r"upvote\s*(-|\d{1,3}(?:,\d{3})+|\d{1,9})?", re.IGNORECASE)


class Item(NamedTuple):
    """One piece of a rendering: cleaned text, its first and last line, the link it carried."""

    line: int
    end_line: int
    text: str
    href: str | None = None
    heading: bool = False


# -- normalizing a rendering ------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\[\]]*\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])")
# A bracketed run inside link text, with the link target it may carry.  The target is taken
# whenever it is there (the lookahead): an optional group that could also be read as plain text
# would give every inner link two readings, and an unclosed "[" before many links exponential
# backtracking.
_NESTED = r"\[[^\[\]]*\](?:\([^()\s]*\)|(?!\([^()\s]*\)))"
_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]]|" + _NESTED + r")*)\]"
    # html2text wraps a long URL after a "-": "(/terms-of-" then "service)"
    r"(?:\(\s*<?(?P<href>(?:[^\s()<>]|(?<=-)\n)*(?:\([^\s()]*\)[^\s()<>]*)*)>?"
    r"(?:\s+[\"'][^\"']*[\"'])?\s*\)"
    r"|\[(?P<ref>[^\[\]]*)\])"
)
_INNER_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")  # literal "[word]" stays
_PANDOC_DIV = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?:{3,}.*$", re.MULTILINE)  # also in a list item
# pandoc's attribute set, which it wraps over lines like any text: "{.hidden .text-lg\n.md:block}",
# "{#an-id .class key="value"}".
_PANDOC_ATTR = r"\{[.#][^\s{}]*(?:\s+(?:[.#][^\s{}]*|[\w-]+=(?:\"[^\"]*\"|[^\s{}]*)))*\s*\}"
_PANDOC_SPAN = re.compile(r"\[((?:[^\[\]]|" + _NESTED + r")*)\](" + _PANDOC_ATTR + ")")
_PANDOC_ANY_ATTR = re.compile(_PANDOC_ATTR)
_PANDOC_ATTRIBUTES = re.compile(
    r"[ \t]+\{[#.][^{}\n]*\}[ \t]*$|(?<=[)\]])\{[#.][^{}\n]*\}", re.MULTILINE
)
_HTML_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_HTML_ANCHOR = re.compile(
    r"<a\b[^<>]{0,2000}?\bhref=[\"']([^\"'<>]{0,2000})[\"'][^<>]{0,2000}>"
    r"((?:(?!</?a\b).){0,4000}?)</a>",  # its text may hold brackets: "[Square] Links"
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
# html2text wraps a long URL after a "-" onto the next line
_REF_DEF = re.compile(
    r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?(?:-\n\S+)?)>?(?:[ \t]+[\"'(].*)?$", re.MULTILINE
)
_REFS_HEADING = re.compile(r"^\s*(?:References|Visible links|Links):?\s*$", re.MULTILINE)
_REF_ENTRY = re.compile(r"^\s*\[?(\d+)[.\]]\s+(\S.*?)\s*$")
_MARKER = re.compile(r"\[(\d+)\]")
_URL_LINE = re.compile(r"[<(]?((?:https?://|/)\S+?)[>)]?")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'$&:;=])")
# Strong emphasis: "**" anywhere (CommonMark lets it sit inside a word); "__" only as whole-word
# delimiters (CommonMark's intraword rule for "_") around a phrase: "__init__" in a title is a
# name, and no tool here writes "__" for bold.
_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![\w\\])__(?=[^\s_])([^_]*[^\s_])__(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_CLOSING_HASHES = re.compile(r"[ \t]#+\Z")  # "## Title ##"; matched on a stripped line
_QUOTE = re.compile(r"^(?:\s*>)+")
_MD_PUNCT = re.compile(r"[\s#*>+|\-]*")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# What text browsers write for an image or a button: "[alt]", "[]", "(BUTTON)", "(IMAGE)".
# Literal brackets in a title or an abstract ("[Square] Links", "we study [bracketed] ideas")
# are kept; only what a tool writes for a widget or an image goes: an empty box or a form field
# ("[]", "[ ]", "[    ]"), a checkbox ("[x]"), "[IMG]", a file name's hash, "(BUTTON)", and an
# image's alt text glued to the text after it ("[papers-by]AK", elinks and w3m).
_WIDGET = re.compile(
    r"\[\s*\]|\[[xX]\]|\[(?:IMG|INLINE|EMBED|BUTTON)\]|\[[0-9a-f]{8,}\]|\((?:BUTTON|IMAGE|FORM)\)"
    r"|\[(?!\d+\])[^\[\]\s]{1,40}\](?=[A-Za-z])"
)
# A line that holds nothing but an image's alt text in brackets ("[2408]", "  • [s]").
_ALT_LINE = re.compile(r"[\s*•+\-]*\[[^\[\]]{1,60}\][\s*•+\-]*")
# An avatar's alt text between "Submitted by" and the username (w3m: "Submitted by [s] ada").
_SUBMITTED_END = re.compile(r"submitted\s*by:?\s*\Z", re.IGNORECASE)
_LEADING_ALT = re.compile(r"\A\s*\[[^\[\]]{1,60}\]\s*")
_SUBMITTED_ALT = re.compile(r"(submitted\s*by:?)\s*\[[^\[\]]{0,60}\]\s*", re.IGNORECASE)
_ALT = re.compile(r"(?:(?<=\s)|^)\[(?![0-9a-f]{8,}\])([a-z0-9][a-z0-9.-]{0,40})\](?=\s+[A-Z])")
_NUMERIC_ALT = re.compile(r"\[\d+\]")  # an image's alt text that is a number (no link list)
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s", re.MULTILINE)
_SETEXT = re.compile(r"^(?=[^\n]*\S)[^\n]*\n {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_MIDDOT = re.compile(r"(?:(?<=\s)|^)·(?=\s|$)")
_COUNT_THEN_COMMENTS = re.compile(r"authors?\s+(\d{1,6})\s*$", re.IGNORECASE)
_WRAPPED_COUNT = re.compile(r"authors?\b(?!\s*:)", re.IGNORECASE)  # not the "Authors:" label
_WRAPPED_DATE = re.compile(r"\b[A-Za-z]{3,9}\.? \d{1,2},\Z")  # "Nov 2," then "2023"
_YEAR = re.compile(r"\d{4}\b")
_MONTH_END = re.compile(  # "· Jan" then "1, 2020"
    r"(?:^|\s)(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\Z", re.IGNORECASE
)
_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?(?:\s|\Z)")


def items(text: str, *, markdown: bool = False) -> list[Item]:
    """Every piece of ``text`` in order, with the links that survived the rendering.

    ``markdown``: the text is markdown, whose escapes and ``**`` emphasis are taken off; plain
    text keeps every character it shows.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    numbered, cut = _numbered_references(text)
    if cut is not None:
        text = text[:cut]
    named = {key.lower(): href.replace("\n", "") for key, href in _REF_DEF.findall(text)}
    if named:
        text = _REF_DEF.sub("", text)
    text = _IMAGE.sub(_line_breaks, text)  # an image wrapped over lines keeps its line breaks
    text = _AUTOLINK.sub(r"\1", text)
    if "<a " in text or "<img" in text or "<div" in text:
        # Markdown that kept raw HTML (pandoc's gfm): its anchors are links, its images and
        # other tags none.  A tag wrapped over lines leaves its line breaks (lines keep their
        # numbers).
        text = _HTML_IMG.sub(_line_breaks, text)
        text = _HTML_ANCHOR.sub(_anchor_as_link, text)
        text = _HTML_TAG.sub(_line_breaks, text)
    if ":::" in text or "]{" in text:
        text = _PANDOC_DIV.sub("", text)  # pandoc's fenced divs and bracketed spans
        # (an attribute set wrapped over lines leaves its line breaks: lines keep their numbers)
        text = _PANDOC_SPAN.sub(lambda m: m.group(1) + "\n" * m.group(2).count("\n"), text)
        text = _PANDOC_ATTRIBUTES.sub("", text)
        text = _PANDOC_ANY_ATTR.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, offset)

    headings = {line_of(m.start()) for m in _HEADING_LINE.finditer(text)}
    headings.update(line_of(m.start()) for m in _SETEXT.finditer(text))

    out: list[Item] = []
    pos = 0
    linked_lines: set[int] = set()
    for m in _LINK.finditer(text):
        href = m.group("href")
        if href is None:
            ref = m.group("ref") or m.group("text")
            href = named.get(ref.lower())
            if href is None:
                # "[text][x]" without a definition is no link (w3m writes "[1][alt]"): leave
                # it to the plain text around it.
                continue
        line_start = text.rfind("\n", pos, m.start()) + 1 or pos
        start = _unclosed_bracket(text, line_start, m.start())
        _plain(text[pos:start], line_of(pos), numbered, out, markdown)
        if "\n" in href:
            href = href.replace("\n", "")
        first, last = line_of(start), line_of(m.end() - 1)
        linked_lines.add(first)
        label = m.group("text")
        if start != m.start():
            label = f"{text[start + 1 : m.start()]}[{label}"
        if "](" in label:
            label = _INNER_LINK.sub(r"\1", label)  # a link inside a link: keep its words
        out.append(Item(first, last, _clean_text(label, markdown), href or None))
        pos = m.end()
    _plain(text[pos:], line_of(pos), numbered, out, markdown)
    if _OPEN in text or _CLOSE in text:
        out = [item._replace(text=item.text.translate(_STAND_INS)) for item in out]
    out = _attach_url_lines(_drop_markers(out, linked_lines))
    out = _split_trailing_numbers(_split_separators(_join_wrapped_counts(out)))
    return [item._replace(heading=True) if item.line in headings else item for item in out]


def _line_breaks(m: re.Match[str]) -> str:
    return " " + "\n" * m.group(0).count("\n")


# An anchor's own brackets ("[square" in an abstract) stand in as these until the links are
# read, so an unbalanced one cannot end the link early.
_OPEN, _CLOSE = "\ue000", "\ue001"
_STAND_INS = str.maketrans({_OPEN: "[", _CLOSE: "]"})


def _anchor_as_link(m: re.Match[str]) -> str:
    tag_breaks = m.group(0).count("\n") - m.group(2).count("\n")
    label = m.group(2)
    if "[" in label or "]" in label:
        label = label.replace("\\[", _OPEN).replace("\\]", _CLOSE)
        label = label.replace("[", _OPEN).replace("]", _CLOSE)
    return f"[{label}]({m.group(1)})" + "\n" * tag_breaks


def _unclosed_bracket(text: str, begin: int, end: int) -> int:
    """Where a link really starts: a title with an unbalanced ``[`` (``[Values in [0, 1)
    here.](/papers/...)``) closes on its inner bracket, so the outermost ``[`` still open
    earlier on the same line opens the link; else ``end`` (the match's own start)."""
    if "[" not in text[begin:end]:
        return end
    opened: list[int] = []
    k = begin
    while k < end:
        ch = text[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "[":
            opened.append(k)
        elif ch == "]" and opened:
            opened.pop()
        k += 1
    return opened[0] if opened else end


def _numbered_references(text: str) -> tuple[dict[str, str], int | None]:
    """lynx, w3m, links and elinks list a page's links, numbered, at its end."""
    headings = list(_REFS_HEADING.finditer(text))
    if not headings:
        return {}, None
    found = headings[-1]
    refs: dict[str, str] = {}
    for line in text[found.end() :].split("\n"):
        m = _REF_ENTRY.match(line)
        if m is not None:
            refs[m.group(1)] = m.group(2)
    if not refs:
        return {}, None
    cut = found.start()
    while True:  # lynx writes "References", a blank line, then "Visible links:"
        head = text[:cut].rstrip()
        start = head.rfind("\n") + 1
        if start == cut or not _REFS_HEADING.fullmatch(head[start:]):
            return refs, cut
        cut = start


def _plain(
    chunk: str, first_line: int, numbered: dict[str, str], out: list[Item], markdown: bool
) -> None:
    for offset, raw in enumerate(chunk.split("\n")):
        line = first_line + offset
        if not numbered and "[" in raw:
            raw = _NUMERIC_ALT.sub(" ", raw)
        if numbered and "[" in raw:
            pieces = _MARKER.split(raw)
            # pieces: text, number, text, number, text ...
            _add_plain(pieces[0], line, out, markdown)
            for k in range(1, len(pieces), 2):
                href = numbered.get(pieces[k])
                if href is None:  # an image's alt text that is a number: no link, no text
                    _add_plain(pieces[k + 1], line, out, markdown)
                else:
                    label = pieces[k + 1]
                    if "[" in label and _SUBMITTED_END.search(pieces[k - 1]):
                        # the submitter's link opens with the avatar: "[1][j] janedoe"
                        label = _LEADING_ALT.sub("", label)
                    # a link around an image only: its alt text in brackets ("[9][a]")
                    label = "" if _ALT_LINE.fullmatch(label) else _WIDGET.sub(" ", label)
                    out.append(Item(line, line, _clean_text(label, markdown), href))
        else:
            _add_plain(raw, line, out, markdown)


def _add_plain(raw: str, line: int, out: list[Item], markdown: bool) -> None:
    if "[" in raw and _ALT_LINE.fullmatch(raw):
        return  # an image's alt text on a line of its own
    if "[" in raw and "ubmitted" in raw:
        raw = _SUBMITTED_ALT.sub(r"\1 ", raw)
    if "[" in raw or "(" in raw:
        cleaned = _ALT.sub(r"\1", _WIDGET.sub(" ", raw))  # "[acme-labs] Acme Labs": an org's avatar
        if cleaned != raw and _BULLET_TEXT.fullmatch(cleaned):
            return  # a list item that held only an image: "-   []", "• [q]"
        raw = cleaned
    if len(raw.strip()) >= 3 and _RULE.fullmatch(raw):
        return  # a rule, or the underline of a setext heading
    text = _clean_text(raw, markdown)
    if text:
        out.append(Item(line, line, text, None))


def _clean_text(raw: str, markdown: bool) -> str:
    """Markup off: headings, quotes, ``\\`` line breaks, tags; in markdown also escapes and
    emphasis."""
    if "<" in raw:
        raw = _TAG.sub(" ", raw)
    lines = []
    for line in raw.split("\n"):
        line = _QUOTE.sub("", line)
        line = _HEADING.sub("", line)
        if line.endswith("#"):
            line = _CLOSING_HASHES.sub("", line.rstrip())
        if line.endswith("\\"):
            line = line[:-1]
        lines.append(line)
    text = _join_lines(lines)
    if markdown and "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    if markdown and "&" in text:
        text = html.unescape(text)  # markdown's entity references ("&lt;", raw HTML's "&#39;")
    if markdown and ("**" in text or "__" in text):
        text = _EMPHASIS.sub(_unemphasize, text)
    return clean(text)


def _unemphasize(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        return m.group(1)
    phrase = m.group(2)
    return phrase if " " in phrase else m.group(0)  # "__init__": a name, not emphasis


def _drop_markers(out: list[Item], linked_lines: set[int]) -> list[Item]:
    """Drop list bullets and heading marks that only introduce a link on the same line."""
    kept = []
    for item in out:
        if (
            item.href is None
            and item.line in linked_lines
            and _MD_PUNCT.fullmatch(item.text)
            and item.text not in {"·", "-"}
        ):
            continue
        kept.append(item)
    return kept


def _join_wrapped_counts(out: list[Item]) -> list[Item]:
    """``· 2`` at a line's end and ``authors`` on the next: one author count, wrapped (and
    ``Nov 2,`` then ``2023``: one date)."""
    kept: list[Item] = []
    for item in out:
        if (
            kept
            and item.line == kept[-1].end_line + 1
            and (
                (_WRAPPED_COUNT.match(item.text) and kept[-1].text[-1:].isdigit())
                or (_YEAR.match(item.text) and _WRAPPED_DATE.search(kept[-1].text))
                or (_DAY.match(item.text) and _MONTH_END.search(kept[-1].text))
            )
        ):
            prev = kept[-1]
            kept[-1] = prev._replace(text=f"{prev.text} {item.text}", end_line=item.end_line)
            continue
        kept.append(item)
    return kept


def _split_separators(out: list[Item]) -> list[Item]:
    """``· 4 authors · Mar 8, 2024`` on one line: the ``·`` separators as pieces of their own."""
    kept: list[Item] = []
    for item in out:
        if "·" not in item.text or item.text == "·":
            kept.append(item)
            continue
        parts = _MIDDOT.split(item.text)
        for k, part in enumerate(parts):
            if k:
                kept.append(item._replace(text="·"))
            part = part.strip()
            if part:
                kept.append(item._replace(text=part))
    return kept


_DATE_THEN_NUMBERS = re.compile(
    r"(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
    r"(?P<numbers>(?:\s+(?:\d{1,3}(?:,\d{3})+|\d{1,7}))+)"
)


def _split_trailing_numbers(out: list[Item]) -> list[Item]:
    """A date with more numbers after it than its comment count: ``Aug 8, 2024 2,187`` (a
    trending card's GitHub stars) or ``Nov 2, 2023 12 9`` (a text browser ran the next card's
    upvote count into the line).  The date keeps a comment count (a number without a thousands
    comma, first); every other number becomes a piece of its own."""
    kept: list[Item] = []
    for item in out:
        m = _DATE_THEN_NUMBERS.fullmatch(item.text) if item.href is None else None
        if m is None or read_date_line(item.text).error is None:
            kept.append(item)
            continue
        numbers = m.group("numbers").split()
        head = m.group("date")
        if "," not in numbers[0]:
            head = f"{head} {numbers.pop(0)}"
        kept.append(item._replace(text=head))
        kept.extend(item._replace(text=number) for number in numbers)
    return kept


def _attach_url_lines(out: list[Item]) -> list[Item]:
    """A notebook export writes a link's URL on a line of its own, after the text."""
    kept: list[Item] = []
    for item in out:
        if item.href is None and " " not in item.text:
            m = _URL_LINE.fullmatch(item.text)
            if m is not None and ("://" in m.group(1) or item.text.startswith("/")):
                if kept and kept[-1].href is None and kept[-1].line >= item.line - 2:
                    kept[-1] = kept[-1]._replace(href=m.group(1), end_line=item.line)
                continue
        kept.append(item)
    return kept


# -- classifying items ------------------------------------------------------------------------


class _Piece(NamedTuple):
    """An item with its kind and, for links to a paper, the arXiv id."""

    item: Item
    kind: int
    pid: str | None


def _paper_id(href: str | None) -> tuple[str | None, str]:
    """The arXiv id a link points at and how: ``page``, ``community``, ``login`` or ``""``."""
    if not href:
        return None, ""
    m = _PAPER_HREF.match(href)
    if m is not None:
        return m.group(1), "community" if (m.group(2) or "").lower() == "#community" else "page"
    m = _LOGIN_HREF.match(unquote(href) if "%" in href else href)
    if m is not None or (m := _LOGIN_HREF.match(href)) is not None:
        return m.group(1), "login"
    return None, ""


def _is_chrome(text: str) -> bool:
    lowered = text.lower().strip(" *•-|")
    if lowered in _CHROME or _RULE.fullmatch(lowered):
        return True
    if lowered.startswith(_CHROME_PREFIXES):
        return True
    # A row of navigation or footer links on one line: "Previous Next", "TOS Privacy About".
    words = lowered.split()
    return len(words) > 1 and all(word in _CHROME_WORDS for word in words)


def _classify(item: Item) -> _Piece:
    text = item.text
    pid, how = _paper_id(item.href)
    if how == "login":
        return _Piece(item, UPVOTE, pid)
    if how == "community":
        return _Piece(item, COMMENTS, pid)
    if item.href is not None and _GITHUB_HREF.match(item.href):
        return _Piece(item, GITHUB, None)
    if _NUMBER_TEXT.fullmatch(text):
        return _Piece(item, NUMBER, pid)
    if text == "-":
        return _Piece(item, DASH, pid)
    if "author" in text.lower() and has_author_count(text):
        return _Piece(item, AUTHORS, pid)
    if _SEP_TEXT.fullmatch(text):
        return _Piece(item, SEP, pid)
    if not text or _BULLET_TEXT.fullmatch(text):
        return _Piece(item, BULLET, pid)
    if text[:9].lower().startswith("submitted") and _SUBMITTED_TEXT.match(text):
        return _Piece(item, SUBMITTED, pid)
    if _looks_like_date(text):
        return _Piece(item, DATE, None)
    if pid is None and item.href is not None:
        m = _SLUG_HREF.match(item.href)
        if m is not None and m.group(1).lower() not in _RESERVED and text:
            return _Piece(item, ORG, None)
    if pid is None and _is_chrome(text):
        return _Piece(item, CHROME, None)
    if _is_junk(text):
        return _Piece(item, JUNK, pid)
    return _Piece(item, TEXT, pid)


def _is_junk(text: str) -> bool:
    """A line no title ever is: damaged card metadata (:data:`JUNK`), or the end of a link
    wrapped over lines left as text (``Generation](/papers/2401.00001)``, a line repeated)."""
    if "](" in text:
        return True
    if len(text) > 40:
        return text[:1].isdigit() and _DAMAGED_COUNT.fullmatch(text) is not None  # long digits
    if _DAMAGED_DATE.fullmatch(text):
        return True
    return _DAMAGED_COUNT.fullmatch(text) is not None and _COUNTISH.search(text) is not None


def _box_count(text: str) -> str | None:
    """An upvote box's count as its text shows it (``-`` is none yet), after the label or the
    button a tool wrote (``Upvote 12``, markitdown's ``[ ] -``); None without one."""
    last = text.rpartition(" ")[2]
    return last if last == "-" or _NUMBER_TEXT.fullmatch(last) else None


def _looks_like_date(text: str) -> bool:
    if len(text) > 40 or (not text[:1].isalpha() and not text[:1].isdigit()):
        return False
    return read_date_line(text).error is None


def _number(text: str) -> int | None:
    """The count ``text`` shows (``94``, ``1,234``, ``4 comments``); None where it shows no
    readable one: the whole text is read, never a part of a longer number."""
    m = _COUNT_TEXT.fullmatch(text.strip())
    if m is None or _COUNT_VALUE.fullmatch(m.group(1)) is None:
        return None
    return int(m.group(1).replace(",", ""))


def _author_count(item: Item, problems: list[Problem]) -> int | None:
    """The N of ``N authors``; past nine digits (no page shows such a count) a problem."""
    value = find_author_count(item.text)
    if value is None or value > 999_999_999:
        problems.append(Problem("bad-count", "no readable author count", item.line, item.text[:40]))
        return None
    return value


def _count(text: str, what: str, line: int | None, problems: list[Problem]) -> int | None:
    """:func:`_number`, and a ``bad-count`` problem where ``text`` has digits but no readable
    count (more than nine digits: no page shows such a count)."""
    value = _number(text)
    if value is None and any(ch.isdigit() for ch in text):
        problems.append(
            Problem(
                "bad-count",
                f"no readable {what} count",
                line,
                text[:40] + ("…" if len(text) > 40 else ""),
            )
        )
    return value


# -- listings ---------------------------------------------------------------------------------


class _Card:
    """What one card shows, gathered while its pieces are read."""

    def __init__(self) -> None:
        self.title: list[Item] = []
        self.abstract: list[Item] = []
        self.pid: str | None = None
        self.upvotes: int | None = None
        self.comments: int | None = None
        self.author_count: int | None = None
        self.organization: Organization | None = None
        self.date: tuple[str, int] | None = None
        self.submitted_by: str | None = None
        self.upvote_pid: str | None = None  # the paper the upvote box belongs to
        self.github_repo: str | None = None
        self.github_stars: int | None = None
        self.lines: list[int] = []
        self.quoted: list[str] = []  # the metadata's text, quoted if no title is found
        self.problems: list[Problem] = []
        self.refused: list[Item] = []  # a title and abstract not read (damage against them)


class _Listing:
    """A listing read from a stream of pieces: the cards, the page date, the leftovers."""

    def __init__(self, pieces: Sequence[_Piece], name: str, options: Options) -> None:
        self.pieces = pieces
        self.name = name
        self.options = options
        self.has_upvotes = False
        self.wraps = False
        self.neighbours: list[_dt.date] = []  # the dates Previous and Next link to
        self.reference = options.reference_date
        self.ordered = True  # False for a PDF's text (form feeds): its order is not the page's
        # Whether the rendering links titles to their papers: then a card with links of its own
        # but a title without one has lost its title's first line.
        self.linked_titles = any(
            p.kind == TEXT and p.pid is not None and _is_title_text(p.item.text) for p in pieces
        )

    def events(self) -> Iterator[Event]:
        pieces = self.pieces
        pending: list[_Piece] = []
        first = True
        i = 0
        n = len(pieces)
        while i < n:
            end = self._cluster_end(i) if self._is_anchor(i) else None
            if end is None:
                pending.append(pieces[i])
                i += 1
                continue
            card = _Card()
            self._cluster(pieces[i:end], card)  # first: the head's reading depends on it
            before = self._prefix(pending, card)
            if first:
                before = yield from self._page_date(before)
                first = False
            yield from self._linked_only(before)
            end = self._trailing_comments(end, card)
            i = end
            pending = []
            yield from self._emit(card)
        if first:
            pending = yield from self._page_date(pending)
        yield from self._linked_only(pending)

    # An anchor starts a card's metadata: "N authors", an organization link before "·", or a
    # "·" followed by an author count or a date.
    def _is_anchor(self, i: int) -> bool:
        kind = self.pieces[i].kind
        if kind == AUTHORS:
            return True
        if kind in (SEP, ORG):
            nxt = self._next_kind(i + 1)
            if kind == ORG:
                return nxt == SEP
            return nxt in (AUTHORS, DATE)
        return False

    def _next_kind(self, i: int) -> int | None:
        while i < len(self.pieces) and self.pieces[i].kind == BULLET:
            i += 1
        return self.pieces[i].kind if i < len(self.pieces) else None

    def _cluster_end(self, i: int) -> int | None:
        seen: set[int] = set()
        j = i
        while j < len(self.pieces):
            kind = self.pieces[j].kind
            if kind in (BULLET, SEP) or (kind in (AUTHORS, DATE, ORG) and kind not in seen):
                seen.add(kind)
                j += 1
                continue
            break
        return j if seen & {AUTHORS, DATE, ORG} else None

    def _cluster(self, cluster: Sequence[_Piece], card: _Card) -> None:
        for piece in cluster:
            item = piece.item
            card.lines.append(item.end_line)
            if item.text:
                card.quoted.append(item.text)
            if piece.kind == AUTHORS:
                card.author_count = _author_count(item, card.problems)
                card.pid = card.pid or piece.pid
                trailing = _COUNT_THEN_COMMENTS.search(item.text)
                if trailing is not None and card.comments is None:
                    card.comments = int(trailing.group(1))  # "5 authors 2" on one line
            elif piece.kind == ORG:
                m = _SLUG_HREF.match(item.href or "")
                if m is not None:
                    slug, name = m.group(1), item.text
                    if name.startswith(slug) and name != slug:  # the avatar's alt, the name
                        name = name[len(slug) :].strip()
                    card.organization = Organization(slug, name or None)
            elif piece.kind == DATE:
                date_line = read_date_line(item.text)
                card.date = (date_line.text, item.line)
                if date_line.comments is not None:
                    card.comments = date_line.comments

    def _trailing_comments(self, j: int, card: _Card) -> int:
        """The comment count after the metadata (a ``#community`` link, or a bare number), and
        a trending card's GitHub link with its star count."""
        return self._github(self._comments(j, card), card)

    def _github(self, j: int, card: _Card) -> int:
        pieces = self.pieces
        if j < len(pieces) and pieces[j].kind == GITHUB:
            item = pieces[j].item
            card.github_repo = _GITHUB_HREF.match(item.href or "").group(0)  # type: ignore[union-attr]
            card.github_stars = _count(item.text, "star", item.line, card.problems)
            card.lines.append(item.end_line)
            return j + 1
        if (
            j < len(pieces)
            and pieces[j].kind == NUMBER
            and "," in pieces[j].item.text
            and pieces[j].item.href is None
            and card.date is not None
            and card.github_stars is None
            and not self._upvote_ahead(j)  # "1,204" above the next title: its upvotes
        ):
            # A trending card's star count without its link: a number in thousands right after
            # the date (a comment count never has a thousands comma here).
            card.github_stars = _number(pieces[j].item.text)
            card.lines.append(pieces[j].item.end_line)
            return self._no_comments(j + 1, card)
        return j

    def _comments(self, j: int, card: _Card) -> int:
        pieces = self.pieces
        if (
            not self.ordered
            and j + 1 < len(pieces)
            and pieces[j].kind in (NUMBER, DASH)
            and pieces[j + 1].kind in (NUMBER, DASH)
            and pieces[j].item.href is None is pieces[j + 1].item.href
            and "," not in pieces[j].item.text  # "2,187" first: a star count, read below
        ):
            # Two bare counts after the metadata in a PDF's text ("4" "66", "-" "3"): this
            # card's comment count and the next card's upvotes (or stars), in an order the page
            # did not give.  Neither is guessed; both are quoted.
            numbers = [pieces[j].item, pieces[j + 1].item]
            card.lines.extend(n.end_line for n in numbers)
            card.problems.append(
                Problem(
                    "ambiguous-count",
                    "two counts after the card in a PDF's text: comments and the next card's"
                    " upvotes are not told apart",
                    numbers[0].line,
                    " | ".join(n.text for n in numbers),
                )
            )
            return j + 2
        if j < len(pieces) and pieces[j].kind == COMMENTS:
            piece = pieces[j]
            card.lines.append(piece.item.end_line)
            value = _count(piece.item.text, "comment", piece.item.line, card.problems)
            j += 1
            if value is None and j < len(pieces) and pieces[j].kind == NUMBER:
                value = _number(pieces[j].item.text)
                j += 1
            if card.comments is None:
                card.comments = value
            return j
        if (
            j < len(pieces)
            and pieces[j].kind == NUMBER
            and card.comments is None
            and "," not in pieces[j].item.text  # "1,532": a star count, not comments
        ):
            if self._upvote_ahead(j):
                return self._no_comments(j, card)  # the next card's upvote box
            card.comments = _number(pieces[j].item.text)
            card.lines.append(pieces[j].item.end_line)
            return j + 1
        return self._no_comments(j, card)

    def _no_comments(self, j: int, card: _Card) -> int:
        """A whole card with nothing where its comment count goes has none: 0, as hf-text and
        hf-html say.  Only where the next thing is known (another card, page chrome, the end),
        and never in a PDF's text, whose reading order can move a count elsewhere."""
        if card.comments is not None or not card.title or not self.ordered:
            return j
        kind = self._next_kind(j)
        if kind in (None, SUBMITTED, UPVOTE, CHROME, GITHUB) or (
            kind in (NUMBER, DASH) and self._upvote_ahead(j)
        ):
            card.comments = 0
        return j

    def _upvote_ahead(self, j: int) -> bool:
        """Whether the number at ``j`` opens the next card: the page shows upvote counts above
        titles, a title follows, then that card's metadata."""
        if not self.has_upvotes or self._next_kind(j + 1) != TEXT:
            return False
        for k in range(j + 1, min(j + 40, len(self.pieces))):
            piece = self.pieces[k]
            if piece.kind == SUBMITTED and self.ordered:
                # A card's upvote box comes after its "Submitted by": a number before the next
                # card's is not its box (text between: a thumbnail's caption).
                return False
            if piece.kind in (AUTHORS, SEP):
                return True
            if (
                piece.kind in (UPVOTE, NUMBER, DASH)
                and k == j + 2
                and _is_username(self.pieces[j + 1])
            ):
                # A username, then a count: the next card's submitter and its own upvote box
                # (a page that lost the "Submitted by" line): the number at j is not its box.
                return False
        return False

    def _prefix(self, pending: list[_Piece], card: _Card) -> list[_Piece]:
        """Read the card's head (submitter, upvotes, title, abstract); return what precedes it."""
        start = _card_start(pending)
        before, head = pending[:start], pending[start:]
        rest: list[_Piece] = []
        k = 0
        while k < len(head):
            piece = head[k]
            item = piece.item
            if piece.kind == SUBMITTED:
                card.lines.append(item.line)
                user = _SUBMITTED_TEXT.match(item.text).group(1).strip()  # type: ignore[union-attr]
                slug = None
                if not user and k + 1 < len(head) and _is_username(head[k + 1]):
                    k += 1
                    user = head[k].item.text
                    slug = _profile_slug(head[k].item.href)  # the link's username, not a name
                m = _USERNAME.fullmatch(user.split(" ")[0]) if user else None
                card.submitted_by = slug or (m.group(1) if m is not None else None)
                inline = _INLINE_HEAD.fullmatch(user) if piece.item.href is None else None
                if inline is not None:
                    # One card a line ("Submitted by ada 24 The Title · 5 authors 2"): the
                    # upvote count and the title follow the username.
                    card.upvotes = 0 if inline.group(1) == "-" else _number(inline.group(1))
                    rest.append(_Piece(item._replace(text=inline.group(2)), TEXT, None))
            elif piece.kind == UPVOTE:
                card.upvote_pid = piece.pid
                box = _box_count(item.text)
                value = 0 if box == "-" else _count(item.text, "upvote", item.line, card.problems)
                if value is None and k + 1 < len(head) and head[k + 1].kind in (NUMBER, DASH):
                    k += 1
                    nxt = head[k].item.text
                    value = 0 if nxt == "-" else _number(nxt)
                if card.upvotes is None:
                    card.upvotes = value
                card.lines.append(item.line)
            elif piece.kind in (NUMBER, DASH) and card.upvotes is None:
                card.upvotes = 0 if item.text == "-" else _number(item.text)
                card.lines.append(item.line)
            elif piece.kind in (BULLET, CHROME) or (piece.kind == TEXT and not item.text):
                pass
            elif piece.kind == TEXT and piece.item.href is not None and piece.pid is None:
                pass  # a link elsewhere (a thumbnail's image host, a tag): no card text
            else:
                rest.append(piece)
            k += 1
        if card.upvotes is not None:
            self.has_upvotes = True
        leftovers = self._title_and_abstract(rest, card)
        junk = sorted(p.item.line for p in rest if p.kind == JUNK)
        linked_card = (card.pid or card.upvote_pid) is not None
        unlinked = linked_card and all(i.href is None for i in card.title)
        if card.title and (_touches(junk, card.title) or (unlinked and self.linked_titles)):
            # A damaged line right against the title: the title may be that line's neighbour
            # or hold it (a wrapped title); or a title without the link every other title has
            # (its linked first line lost).  No record; its lines are quoted.
            card.refused = [*card.title, *card.abstract]
            card.title, card.abstract = [], []
        if card.upvote_pid is not None:
            if card.pid is not None and card.pid != card.upvote_pid:
                card.upvotes = None  # another paper's box (a tool dropped this card's own)
                card.problems.append(
                    Problem(
                        "mismatched-link",
                        f"the upvote box links to {card.upvote_pid}, the title to {card.pid}",
                        card.lines[0] if card.lines else None,
                    )
                )
            card.pid = card.pid or card.upvote_pid
        return before + leftovers

    def _title_and_abstract(self, rest: list[_Piece], card: _Card) -> list[_Piece]:
        texts = [p for p in rest if p.kind == TEXT]
        others = [p for p in rest if p.kind != TEXT]
        linked = [p for p in texts if p.pid is not None and _is_title_text(p.item.text)]
        if linked:
            # The card's own paper: the one its author-count link names, else the linked text
            # nearest the metadata.  A linked title of another paper before it (a card whose
            # metadata a tool dropped) is left for a record of its own.
            pid = card.pid if any(p.pid == card.pid for p in linked) else linked[-1].pid
            card.pid = card.pid or pid
            blocks = _blocks(texts, by_link=True)
            for n in range(len(blocks) - 1, 0, -1):
                if _repeats(blocks[n - 1][-1], blocks[n][0]):  # a linked title line, twice
                    blocks[n - 1 : n + 1] = [blocks[n - 1] + blocks[n]]
            titled = [b for b in blocks if b[0].pid == pid]
            card.title = _once([p.item for p in titled[0]], card.problems)
            if len(titled) > 1:
                card.abstract = [p.item for p in titled[1]]
            else:
                # The abstract without a link of its own (elinks links only the title): the
                # plain paragraph right after the title, where a card shows its abstract.
                at = next(n for n, b in enumerate(blocks) if b is titled[0])
                after = blocks[at + 1] if at + 1 < len(blocks) else None
                if (
                    after is not None
                    and all(p.pid is None and p.item.href is None for p in after)
                    and (_is_abstract(after) or card.date is not None)
                ):
                    titled.append(after)
                    card.abstract = [p.item for p in after]
            used = {id(p) for b in titled[:2] for p in b}
            return others + [p for p in texts if id(p) not in used]
        blocks = _blocks(texts, by_link=False)
        # A lone word is never a title: a username a PDF's reading order moved, or a label.
        words = [b for b in blocks if len(b) > 1 or " " in b[0].item.text]
        extra = [p for b in blocks if not (len(b) > 1 or " " in b[0].item.text) for p in b]
        if not words:
            return others + extra
        if card.author_count is None and card.organization is None:
            # "apple Apple" between the abstract and the "·": an organization (search cards).
            last_line = words[-1][-1]
            text = last_line.item.text
            if sum(len(b) for b in words) >= 3 and _is_org_line(text):
                card.organization = parse_organization(text)
                card.lines.append(last_line.item.line)
                words[-1] = words[-1][:-1]
            elif sum(len(b) for b in words) >= 3 and _is_name_line(text, _before(words)):
                # An organization's display name whose slug the tool dropped: not guessed.
                extra.append(last_line)
                words[-1] = words[-1][:-1]
            if not words[-1]:
                words.pop()
        last = words[-1]
        if len(words) >= 2 and (_is_abstract(last) or _length(last) > _length(words[-2])):
            title, abstract, rest_blocks = words[-2], last, words[:-2]
        elif len(last) >= 2 and card.date is not None:
            # A search card (it has a date) always shows an abstract: a block of several
            # lines is its title line, then the abstract.  A first line that runs on into the
            # next (a wrapped title, or the abstract's own first line where a PDF's text moved
            # the title away) is no whole title: nothing is guessed, the lines are quoted.
            if _runs_on(last[0].item.text, last[1].item.text):
                return others + extra + [p for b in words for p in b]
            title, abstract, rest_blocks = last[:1], last[1:], words[:-1]
        elif len(last) >= 2 and not self.wraps:
            # One line a unit (a browser copy): the title, then the abstract; a third line
            # is not guessed at.
            title, abstract, rest_blocks = last[:1], last[1:2], [*words[:-1], last[2:]]
        elif len(last) >= 2 and _is_abstract(last[1:]):
            title, abstract, rest_blocks = last[:1], last[1:], words[:-1]
        else:
            title, abstract, rest_blocks = last, [], words[:-1]
        card.title = _once([p.item for p in title], card.problems)
        card.abstract = [p.item for p in abstract]
        return others + extra + [p for b in rest_blocks for p in b]

    def _emit(self, card: _Card) -> Iterator[Event]:
        if not card.title:
            for item in card.refused:
                yield Problem(
                    "damaged-card",
                    "a card's text next to a damaged line; no paper made of it",
                    item.line,
                    item.text[:200],
                )
            yield from card.problems
            if card.refused and not card.lines:
                return  # a linked title alone: its lines are quoted above
            lines = sorted(card.lines)
            yield Problem(
                "orphan-metadata",
                "card metadata without a title; no paper made of it",
                lines[0] if lines else None,
                " | ".join(card.quoted)[:200] or None,
            )
            return
        title = _join(card.title)
        problems = list(card.problems)
        published = None
        if card.date is not None:
            published, found = normalize_date(card.date[0], self.reference, card.date[1])
            problems.extend(found)
        first = min([card.title[0].line, *card.lines])
        last = max([card.title[-1].end_line, *card.lines, *(i.end_line for i in card.abstract)])
        pid = card.pid
        yield Paper(
            title=title,
            abstract=_join(card.abstract) if card.abstract else None,
            arxiv_id=pid,
            url=f"https://huggingface.co/papers/{pid}" if pid else None,
            author_count=card.author_count,
            organization=card.organization,
            published=published,
            upvotes=card.upvotes,
            comments=card.comments,
            submitted_by=card.submitted_by,
            github_repo=card.github_repo,
            github_stars=card.github_stars,
            source=Source(self.name, first, last),
            problems=problems,
        )

    def _outside(self, pieces: list[_Piece]) -> Iterator[Problem]:
        """Text outside every card that is not page chrome: quoted, never a paper."""
        for piece in pieces:
            if piece.kind in (CHROME, BULLET, DATE, NUMBER, DASH, SEP):
                continue
            if piece.kind == TEXT and (not piece.item.text or _is_chrome(piece.item.text)):
                continue
            if piece.item.href is not None and piece.pid is None and piece.kind != ORG:
                continue  # a site link (navigation, footer): chrome
            if piece.kind == ORG:
                continue
            yield Problem(
                "unrecognized-text",
                "text outside every card; not read as a paper",
                piece.item.line,
                piece.item.text[:200],
            )

    def _linked_only(self, pieces: list[_Piece]) -> Iterator[Event]:
        """Outside the cards: papers shown only as a linked title, else leftovers."""
        by_id: dict[str, list[_Piece]] = {}
        for piece in pieces:
            if piece.kind == TEXT and piece.pid and _is_title_text(piece.item.text):
                by_id.setdefault(piece.pid, []).append(piece)
        used: set[int] = set()
        at = {id(p): k for k, p in enumerate(pieces)}
        junk = sorted(p.item.line for p in pieces if p.kind == JUNK)
        for pid, linked in by_id.items():
            card = _Card()
            card.pid = pid
            card.title = [linked[0].item]
            used.add(id(linked[0]))
            if len(linked) > 1 and _repeats(linked[0], linked[1]):
                card.problems.append(
                    Problem("duplicate-line", "a line repeated; read once", linked[1].item.line)
                )
                used.add(id(linked[1]))
                card.title[0] = linked[0].item._replace(end_line=linked[1].item.end_line)
                k = at[id(linked[1])] + 1
                linked = [linked[0], *linked[2:]]
            else:
                k = at[id(linked[0])] + 1
            while (
                self.wraps
                and k < len(pieces)
                and _continues(card.title[-1], pieces[k])
                and _reached_width(card.title[-1], pieces[k].item)
            ):
                card.title.append(pieces[k].item)  # a title a text browser wrapped
                used.add(id(pieces[k]))
                k += 1
            card.title = _once(card.title, card.problems)
            if len(linked) > 1 and _is_abstract([linked[1]]):
                card.abstract = [linked[1].item]
                used.add(id(linked[1]))
            if _touches(junk, card.title):
                card.refused, card.title, card.abstract = [*card.title, *card.abstract], [], []
            yield from self._emit(card)
        yield from self._outside([p for p in pieces if id(p) not in used])

    def _page_date(self, pieces: list[_Piece]) -> Generator[Event, None, list[_Piece]]:
        """The date picker before the first card: ``Aug 1`` (or ``AUG`` then ``1``).

        Returns the pieces that are not the picker.
        """
        for k, piece in enumerate(pieces[:200]):
            text = piece.item.text
            used = 1
            if piece.kind in (CHROME, TEXT) and text.isalpha() and k + 1 < len(pieces):
                nxt = pieces[k + 1].item.text
                if nxt.isdigit() and len(nxt) <= 2:
                    text = f"{text} {nxt}"
                    used = 2
            if piece.kind not in (DATE, CHROME, TEXT) or len(text) > 20:
                continue
            date_line = read_date_line(text)
            if date_line.error is not None or date_line.comments is not None:
                continue
            value = date_line.date
            problems: list[Problem] = []
            if value.year is None:
                value = _year_between(value, self.neighbours) or value
            if value.year is None:
                value, problems = with_reference(
                    value, text, self.options.reference_date, piece.item.line
                )
            yield PageDate(value, piece.item.line)
            if value.year is not None and self.reference is None:
                self.reference = value.to_date()  # yearless card dates are the page's
            yield from problems
            return pieces[:k] + pieces[k + used :]
        return pieces


def _year_between(value: PartialDate, neighbours: list[_dt.date]) -> PartialDate | None:
    """A yearless picker date between its Previous and Next links gets their year."""
    if len(neighbours) < 2:
        return None
    low, high = min(neighbours), max(neighbours)
    for year in {low.year, high.year}:
        try:
            day = _dt.date(year, value.month, value.day)
        except ValueError:
            continue
        if low < day < high:
            return PartialDate(year, value.month, value.day)
    return None


def _card_start(pending: list[_Piece]) -> int:
    """Where a card's head begins: its ``Submitted by``, else its upvote box, else its text."""
    for k in range(len(pending) - 1, -1, -1):
        if pending[k].kind == SUBMITTED:
            # A thumbnail link just before belongs to the card too (it only repeats the id).
            return k
    for k in range(len(pending) - 1, -1, -1):
        if pending[k].kind == UPVOTE:
            return k
    # No box: the head is the run of text just before the metadata, from the bare upvote count
    # ("42", or "-") that opens a search card, if there is one.
    k = len(pending)
    while k > 0 and pending[k - 1].kind in (TEXT, BULLET, JUNK):
        k -= 1
    if k > 0 and pending[k - 1].kind in (NUMBER, DASH):
        k -= 1
    return k


def _repeats(prev: _Piece, piece: _Piece) -> bool:
    """A line that repeats the line right above it (text and link): a duplicated line."""
    a, b = prev.item, piece.item
    return b.line == a.end_line + 1 and b.text == a.text and b.href == a.href


def _once(title: list[Item], problems: list[Problem]) -> list[Item]:
    """A title's lines with a line repeated right below itself read once (a duplicated line;
    a title never repeats a line of its own), each repeat a problem."""
    kept: list[Item] = []
    for item in title:
        if kept and item.line == kept[-1].end_line + 1 and item.text == kept[-1].text:
            problems.append(Problem("duplicate-line", "a line repeated; read once", item.line))
            kept[-1] = kept[-1]._replace(end_line=item.end_line)
            continue
        kept.append(item)
    return kept


def _continues(last: Item, piece: _Piece) -> bool:
    """Plain text on the line right below a title's line: the rest of a wrapped title."""
    item = piece.item
    return piece.kind == TEXT and item.href is None and item.line == last.end_line + 1


def _reached_width(last: Item, item: Item) -> bool:
    """Whether a tool broke ``last`` only because it ran to the width: its next word would not
    fit (text browsers wrap near 80 columns).  A short line and the plain line below it are
    two things (a title, then an organization or a caption), never one wrapped title."""
    words = item.text.split()
    return bool(words) and len(last.text) + 1 + len(words[0]) >= _WRAP_WIDTH


#: A line that the next word would take to this width or past it was wrapped by its tool (the
#: widths seen: lynx and w3m 80 columns less margins and link numbers, html2text 78).
_WRAP_WIDTH = 70


def _touches(junk: Sequence[int], text: Sequence[Item]) -> bool:
    """Whether a damaged line (``junk``: their line numbers, sorted) sits on a line right
    above, inside or right below ``text``."""
    if not junk or not text:
        return False
    low = min(i.line for i in text) - 1
    high = max(i.end_line for i in text) + 1
    k = bisect.bisect_left(junk, low)
    return k < len(junk) and junk[k] <= high


def _is_title_text(text: str) -> bool:
    """Link text that can be a title: words, not a number and not a label ("View arXiv page")."""
    return bool(text) and " " in text and not _NUMBER_TEXT.fullmatch(text) and not _is_chrome(text)


def _is_username(piece: _Piece) -> bool:
    """A bare username, or a link to a profile (``[janedoe](/janedoe) on Sep 29``)."""
    if piece.kind == ORG or (piece.kind == TEXT and piece.item.href is not None):
        return _USERNAME.fullmatch(piece.item.text.split(" ")[0]) is not None
    if piece.kind != TEXT:
        return False
    first, _, rest = piece.item.text.partition(" ")
    return _USERNAME.fullmatch(first) is not None and (not rest or bool(_ON_DATE.fullmatch(rest)))


def _blocks(texts: list[_Piece], *, by_link: bool) -> list[list[_Piece]]:
    """Runs of text on consecutive lines (a wrapped title, a wrapped abstract)."""
    blocks: list[list[_Piece]] = []
    for piece in texts:
        if blocks:
            prev = blocks[-1][-1]
            follows = piece.item.line == prev.item.end_line + 1
            same = (piece.pid is None) if by_link else True
            if follows and same and not (by_link and piece.item.href is not None):
                blocks[-1].append(piece)
                continue
        blocks.append([piece])
    return blocks


# Words a title's line does not end on: the line was wrapped, the phrase goes on below.
_OPEN_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "over"}
    | {"the", "through", "to", "via", "with", "without"}
)


def _runs_on(line: str, below: str) -> bool:
    """Whether ``line`` goes on into ``below``: it ends on a comma, a hyphen or a word that
    opens a phrase, or ``below`` starts in lower case (a sentence or a title wrapped)."""
    line = line.rstrip()
    return (
        below[:1].islower()
        or line[-1:] in (",", ":", ";", "-", "&", "/")
        or line.rpartition(" ")[2] in _OPEN_WORDS
    )


def _is_abstract(block: Sequence[_Piece]) -> bool:
    text = " ".join(p.item.text for p in block)
    n = len(text)
    return n >= 300 or (n >= 60 and text.endswith(".") and (". " in text or n >= 80))


def _length(block: Sequence[_Piece]) -> int:
    return sum(len(p.item.text) for p in block)


def _is_org_line(text: str) -> bool:
    """``<slug> <Display Name>``: short, no sentence, a slug first."""
    words = text.split(" ")
    return (
        2 <= len(words) <= 6
        and len(text) <= 60
        and not text.endswith((".", ":"))
        and _USERNAME.fullmatch(words[0]) is not None
        and not words[0][:1].isupper()
    )


def _before(words: list[list[_Piece]]) -> str:
    """The text of the line before the last one."""
    if len(words[-1]) >= 2:
        return words[-1][-2].item.text
    return words[-2][-1].item.text if len(words) >= 2 else ""


def _is_name_line(text: str, before: str) -> bool:
    """A short name after a sentence (``Acme Labs`` after an abstract's full stop)."""
    return (
        len(text) <= 40
        and len(text.split()) <= 5
        and not text.endswith(".")
        and (before.endswith("."))
    )


def _join_lines(lines: Sequence[str]) -> str:
    """Hard-wrapped lines as one: a line broken after a hyphen (``Fine-`` / ``Tuning``) joins
    without a space, as the tool found it."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and out[-2:-1].isalpha() and line[:1].isalpha():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def _join(parts: Sequence[Item]) -> str:
    text = clean(_join_lines([p.text for p in parts]))
    if " " not in text and text.count("_") >= 2:
        text = text.replace("_", " ").strip()  # some tools write spaces as "_"
    return text


# -- paper pages ------------------------------------------------------------------------------


def read_paper_page(pieces: Sequence[_Piece], name: str, options: Options) -> Iterator[Event]:
    """A single paper page: title, ``arxiv:<id>``, dates, submitter, upvotes, authors, texts."""
    abstract_at = next(
        (k for k, p in enumerate(pieces) if p.item.text.lower().rstrip(":") == "abstract"), None
    )
    head_end = abstract_at if abstract_at is not None else len(pieces)
    pid = _page_id(pieces)
    problems: list[Problem] = []
    published = None
    title_item: Item | None = _heading_title(pieces[:head_end])
    title: list[Item] = []
    # "Authors:" labels the list: then only what follows it is an author (the submitter's name
    # and the organization on the line above are not).
    labelled = any(_AUTHORS_LABEL.match(p.item.text) for p in pieces[:head_end])
    in_authors = False
    more_authors = False  # "+ 12 authors": the list shown is not complete
    submitted = None
    organization = None
    upvotes = None
    authors: list[str] = []
    lines: list[int] = []
    k = 0
    while k < head_end:
        piece = pieces[k]
        item = piece.item
        text = item.text
        if (m := _published(text)) is not None and published is None:
            published, found = normalize_date(m.group(1), options.reference_date, item.line)
            problems.extend(found)
            lines.append(item.line)
        elif piece.kind == SUBMITTED:
            k, submitted, organization = _submitter(pieces, k, head_end)
            lines.append(item.line)
            in_authors = False
            continue
        elif (m := _UPVOTE_TEXT.fullmatch(text)) is not None or piece.kind == UPVOTE:
            value = m.group(1) if m is not None else _box_count(text)
            if value is None and m is None:
                _count(text, "upvote", item.line, problems)  # only its problem, if unreadable
            if value is None and k + 1 < head_end and pieces[k + 1].item.text.lower() == "upvote":
                k += 1  # an empty upvote link, then its label
            if (
                value is None
                and k + 1 < head_end
                and (
                    pieces[k + 1].kind in (NUMBER, DASH)
                    # the count as its own link (a notebook export puts the URL below "-")
                    or (pieces[k + 1].kind == UPVOTE and _box_count(pieces[k + 1].item.text))
                )
            ):
                k += 1
                value = _box_count(pieces[k].item.text)
            if value is not None:
                upvotes = 0 if value == "-" else _number(str(value))
            lines.append(item.line)
            in_authors = False
        elif (m := _AUTHORS_LABEL.match(text)) is not None:
            end_k, listed = _author_list(pieces, k, head_end, m.end())
            authors.extend(a.name for a in split_names(listed))
            lines.extend((item.line, pieces[end_k - 1].item.end_line))
            k = end_k
            continue
        elif piece.kind == AUTHORS:
            more_authors = True
        elif _ARXIV_TEXT.search(text) or piece.kind in (CHROME, BULLET) or _ON_DATE.fullmatch(text):
            in_authors = in_authors and piece.kind == BULLET
        elif not title and piece.kind == TEXT and (item is title_item or _is_title_text(text)):
            if title_item is None and text[-1] == ",":
                k += 1
                continue
            k = _wrapped_title(pieces, k, head_end, title)
            lines.extend((title[0].line, title[-1].end_line))
            continue
        elif (
            (in_authors or (title and not labelled))
            and piece.kind in (TEXT, ORG)
            and _is_author_piece(text, listing=in_authors)
        ):
            authors.extend(a.name for a in split_names(text))
            lines.append(item.line)
        else:
            in_authors = False
        k += 1
    if not title:
        yield from problems
        if any(p.kind == TEXT for p in pieces):
            yield Problem("missing-title", "a paper page without a readable title", None)
        return
    ai_summary, abstract = _page_texts(pieces, abstract_at)
    yield Paper(
        title=_join(title),
        abstract=abstract,
        arxiv_id=pid,
        url=f"https://huggingface.co/papers/{pid}" if pid else None,
        authors=tuple(Author(n) for n in authors),
        author_count=None if more_authors else len(authors) or None,
        organization=organization,
        published=published,
        upvotes=upvotes,
        comments=_page_comments(pieces),
        submitted_by=submitted,
        ai_summary=ai_summary,
        source=Source(name, min(lines), max(lines)),
        problems=problems,
    )


_AUTHORS_LABEL = re.compile(r"\s*authors\s*:\s*", re.IGNORECASE)
_COMMENTS_TEXT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d{1,6})\s+comments?", re.IGNORECASE)
_ON_DATE_TAIL = re.compile(
    r"\s+on\s+[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?(?:\s+(?P<after>.*))?\Z", re.IGNORECASE
)


def _published(text: str) -> re.Match[str] | None:
    """``Published on <date>``, also right after the arXiv id (``arxiv:2401.00001Published on``)."""
    m = _PUBLISHED_TEXT.match(text)
    if m is None and (a := _ARXIV_TEXT.match(text)) is not None:
        m = _PUBLISHED_TEXT.match(text, a.end())
    return m


def _author_list(pieces: Sequence[_Piece], k: int, end: int, skip: int) -> tuple[int, str]:
    """The names after ``Authors:`` (from ``skip`` in the label's piece) as one comma-separated
    text: links and text on one line are separate names; a line that goes on without a comma
    (``Ravi`` / ``Mensah``) is a name the tool wrapped.  Returns where the list ends."""
    first = pieces[k].item
    out = first.text[skip:].strip()
    prev = first
    k += 1
    while k < end:
        piece = pieces[k]
        item = piece.item
        text = item.text.strip()
        gap = item.line - prev.end_line
        if (
            piece.kind not in (TEXT, ORG, BULLET)
            # after a comma the list goes on, over the blank lines some tools put between names
            or gap > (4 if out.endswith(",") else 2 if not out or text.startswith(",") else 1)
            or any(ch.isdigit() for ch in text)
            or _is_chrome(text)
        ):
            break
        k += 1
        if not text:
            continue
        if not out or out.endswith(",") or text.startswith(","):
            out = f"{out}{text}" if out.endswith(",") or text.startswith(",") else text
        elif gap == 1 and item.href is None:
            out = f"{out} {text}"  # the rest of a name wrapped onto the next line
        else:
            out = f"{out}, {text}"
        prev = item
    return k, out


def _wrapped_title(pieces: Sequence[_Piece], k: int, end: int, title: list[Item]) -> int:
    """The title at ``k`` and the lines a text browser wrapped it onto (a long ``h1`` over two
    or three lines): a plain text line right below a line that ran to the wrap width, or every
    line of a run that the ``arxiv:`` or ``Published on`` line closes (a PDF wraps the large
    heading well before the page's width)."""
    run = _title_run(pieces, k, end)
    if run > 1:
        title.extend(p.item for p in pieces[k : k + run])
        return k + run
    title.append(pieces[k].item)
    k += 1
    while k < end and len(title) < 4:
        piece = pieces[k]
        item = piece.item
        last = title[-1]
        words = item.text.split()
        if (
            piece.kind != TEXT
            or item.href != title[0].href
            or item.line != last.end_line + 1
            or not words
            or not _reached_width(last, item)
            or _PUBLISHED_TEXT.match(item.text)
            or _ARXIV_TEXT.search(item.text)
        ):
            break
        title.append(item)
        k += 1
    return k


def _title_run(pieces: Sequence[_Piece], k: int, end: int) -> int:
    """How many lines from ``k`` are one heading: plain text on consecutive lines (at most
    four) that the ``arxiv:`` or ``Published on`` line right below ends; else 1."""
    first = pieces[k].item
    last = first
    n = 1
    while k + n < end:
        piece = pieces[k + n]
        item = piece.item
        if item.line != last.end_line + 1:
            return 1
        if _PUBLISHED_TEXT.match(item.text) or _ARXIV_TEXT.match(item.text):
            return n
        if piece.kind != TEXT or item.href != first.href or n == 4 or item.line != item.end_line:
            return 1
        last = item
        n += 1
    return 1


def _submitter(
    pieces: Sequence[_Piece], k: int, end: int
) -> tuple[int, str | None, Organization | None]:
    """``Submitted by <user> on <date> <organization>``: the username (a profile link's slug, or
    text that is one username-shaped word) and the organization's link on the same line.

    A display name without its link ("Submitted by Tomas Menon") gives no username: its first
    word is not one.  Returns where the reading stops."""
    item = pieces[k].item
    rest = _SUBMITTED_TEXT.match(item.text).group(1).strip()  # type: ignore[union-attr]
    user: str | None = None
    organization: Organization | None = None
    seen_user = False
    if rest:
        user, seen_user = _plain_username(rest), True
    last_line = item.end_line
    k += 1
    while k < end:
        piece = pieces[k]
        current = piece.item
        # The username may sit two lines below "Submitted by" (bs4's get_text("\n") puts the
        # avatar's empty line between); after it, the line must follow on.
        if current.line > (last_line + 1 if seen_user else item.end_line + 2):
            break
        if piece.kind in (UPVOTE, SUBMITTED, AUTHORS) or _UPVOTE_TEXT.fullmatch(current.text):
            break
        if _AUTHORS_LABEL.match(current.text):
            break
        slug = _profile_slug(current.href)
        if slug is not None:
            if not seen_user:
                user, seen_user = slug, True
            elif slug == user:
                pass  # the same profile again (elinks links the avatar and the name apart)
            elif organization is not None and slug == organization.id:
                if organization.name is None and current.text:  # elinks: "[18][IMG][19] Acme"
                    organization = Organization(slug, current.text)
            elif organization is None:
                label = _ON_DATE_TAIL.sub("", current.text).strip()
                if label.startswith(slug) and label != slug:  # the avatar's alt, the name
                    label = label[len(slug) :].strip()
                organization = Organization(slug, label or None)
            else:
                break
        elif current.href is None and piece.kind in (TEXT, DATE):
            if _ON_DATE.fullmatch(current.text):
                pass
            elif not seen_user:
                user, seen_user = _plain_username(current.text), True
            else:
                break  # other text: not the submitter's
        elif piece.kind not in (BULLET, CHROME):
            break
        last_line = current.end_line
        k += 1
    return k, user, organization


def _profile_slug(href: str | None) -> str | None:
    """The user or organization a link goes to: ``/janedoe``, ``https://huggingface.co/acme``."""
    if not href:
        return None
    m = _SLUG_HREF.match(href)
    if m is None or m.group(1).lower() in _RESERVED:
        return None
    return m.group(1)


def _plain_username(text: str) -> str | None:
    """A username written as text: one username-shaped word, before ``on <date>`` if any."""
    text = _ON_DATE_TAIL.sub("", text.strip()).strip()
    m = _USERNAME.fullmatch(text)
    return m.group(1) if m is not None else None


def _page_comments(pieces: Sequence[_Piece]) -> int | None:
    """The page's comment count: its ``#community`` link, or ``N comments`` in the text."""
    for piece in pieces:
        text = piece.item.text
        if piece.kind == COMMENTS and (value := _number(text)) is not None:
            return value
        if "comment" in text.lower() and (m := _COMMENTS_TEXT.fullmatch(text)) is not None:
            return int(m.group(1).replace(",", ""))
    return None


_INLINE_HEAD = re.compile(r"\S+\s+(-|\d{1,3}(?:,\d{3})+|\d{1,6})\s+(\S.*)")
_ON_DATE = re.compile(r"on\s+[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,\s*\d{4})?", re.IGNORECASE)


def _page_id(pieces: Sequence[_Piece]) -> str | None:
    """The page's own arXiv id: ``arxiv:<id>``, else its upvote box's, else its comment
    link's (``[3 comments](/papers/<id>#community)``, when all such links agree), else its
    URL's."""
    for piece in pieces:
        m = _ARXIV_TEXT.search(piece.item.text)
        if m is not None:
            return m.group(1)
    for piece in pieces:
        if piece.kind == UPVOTE:
            return piece.pid
    community = {p.pid for p in pieces if p.kind == COMMENTS and p.pid is not None}
    if len(community) == 1:
        return community.pop()
    for piece in pieces[:10]:
        m = re.search(r"huggingface\.co/papers/" + _ID, piece.item.text)
        if m is not None:
            return m.group(1)
    return None


def _heading_title(pieces: Sequence[_Piece]) -> Item | None:
    for piece in pieces:
        item = piece.item
        text = item.text
        if item.heading and piece.kind == TEXT and not _PUBLISHED_TEXT.match(text):
            return item if _ARXIV_TEXT.search(text) is None else None
    return None


def _is_author_piece(text: str, listing: bool = False) -> bool:
    """A name, or names separated by commas (``Min Lee , Ana Souza``, as inscriptis spaces
    them): each a few words with a capital first, no digits, no sentence, no site navigation.

    A line longer than one or two names is taken only inside a list already begun
    (``listing``) or one that shows it goes on (``, Ana Souza``, ``Oda Quill,``): a line of
    affiliations or menu entries right below the names is not more names.
    """
    low = text.lower()
    if (
        any(ch.isdigit() for ch in text)
        or low.startswith(("on ", "submitted"))
        or text.endswith((":", "."))
    ):
        return False
    names = [part.strip() for part in text.strip(" ,").split(",")]
    if any(word in _CHROME_WORDS for name in names for word in name.lower().split()):
        return False
    if "," not in text:
        return len(text) <= 60 and len(text.split()) <= 6
    goes_on = listing or text.lstrip().startswith(",") or text.rstrip().endswith(",")
    return len(text) <= (1000 if goes_on else 60) and all(
        name[:1].isupper() and len(name.split()) <= 5 for name in names
    )


def _page_texts(pieces: Sequence[_Piece], abstract_at: int | None) -> tuple[str | None, str | None]:
    """After the ``Abstract`` heading: the AI summary (after its label) and the abstract."""
    if abstract_at is None:
        return None, None
    blocks: list[list[Item]] = []
    labelled = False
    for piece in pieces[abstract_at + 1 :]:
        item = piece.item
        low = item.text.lower()
        if low.startswith("ai-generated summary"):
            labelled = True
            rest = item.text[len("ai-generated summary") :].strip(" :")
            if rest:
                blocks.append([item._replace(text=rest)])
            continue
        if piece.kind in (CHROME, BULLET) or not item.text:
            if blocks:
                break
            continue
        gap = item.line - blocks[-1][-1].end_line if blocks else 0
        if blocks and (gap <= 1 or (gap == 2 and not blocks[-1][-1].text.endswith("."))):
            blocks[-1].append(item)  # a wrapped paragraph, or a keyword link inside it
        else:
            if len(blocks) == (2 if labelled else 1):
                break
            blocks.append([item])
    if labelled and len(blocks) == 1 and len(blocks[0]) >= 2:
        # No blank line between the summary and the abstract: the summary is one paragraph
        # that ends a sentence at a line's end.
        first = next((k for k, i in enumerate(blocks[0][:-1]) if i.text.endswith(".")), None)
        if first is not None:
            blocks = [blocks[0][: first + 1], blocks[0][first + 1 :]]
    texts = [_join(b) for b in blocks]
    if labelled and len(texts) >= 2:
        return texts[0], texts[1]
    if labelled:
        return (texts[0] if texts else None), None
    return None, (texts[0] if texts else None)


# -- entry points -----------------------------------------------------------------------------


def is_paper_page(pieces: Sequence[_Piece]) -> bool:
    """A paper page says ``Published on`` (or ``arxiv:<id>``) and has no listing card."""
    page = any(
        _PUBLISHED_TEXT.match(p.item.text) or _ARXIV_TEXT.search(p.item.text) for p in pieces[:400]
    )
    if not page:
        return False
    # A listing never labels an abstract; a paper page may still say "N authors" somewhere.
    labelled = any(p.item.text.lower().rstrip(":") == "abstract" for p in pieces)
    return labelled or not any(p.kind == AUTHORS for p in pieces)


def read_page(
    text: str, name: str, options: Options, *, wraps: bool | None = None, markdown: bool = False
) -> Iterator[Event]:
    """Read any rendered page: a paper page, else a listing."""
    pieces = [_classify(item) for item in items(text, markdown=markdown)]
    if is_paper_page(pieces):
        yield from read_paper_page(pieces, name, options)
        return
    listing = _Listing(pieces, name, options)
    listing.wraps = _hard_wrapped(text) if wraps is None else wraps
    listing.ordered = "\f" not in text
    listing.neighbours = [_dt.date.fromisoformat(d) for d in _DATE_HREF.findall(text)[:8]]
    yield from listing.events()


def _hard_wrapped(text: str) -> bool:
    """Whether the tool broke long lines (no line of prose runs past 100 characters)."""
    longest = 0
    for line in text.split("\n"):
        if len(line) > longest and "://" not in line and "](" not in line:
            longest = len(line)
    return longest <= 100


# -- hydration JSON kept in a rendering -------------------------------------------------------

_PROPS = re.compile(r"""(?:data-)?props\s*=\s*(["'])\s*(?=\{|&#123;|&quot;|\\?")""")


def find_props(text: str) -> tuple[dict[str, object], int] | None:
    """A hydration JSON that a rendering kept as an attribute (pandoc writes ``props="..."``).

    The value may be HTML-escaped (``&quot;``) or backslash-escaped (``\\"``); the JSON it
    holds is returned with the line it starts on, or None where there is none to read.
    """
    import json

    for m in _PROPS.finditer(text):
        quote = m.group(1)
        start = m.end()
        end = start
        while True:
            end = text.find(quote, end)
            if end < 0:
                break
            if text[end - 1] != "\\":
                break
            end += 1
        if end < 0:
            continue
        raw = text[start:end]
        candidates = [html.unescape(raw)]
        if '\\"' in raw or "\\'" in raw:
            candidates.append(html.unescape(re.sub(r"\\(.)", r"\1", raw, flags=re.DOTALL)))
        for candidate in candidates:
            try:
                value = json.loads(candidate)
            except (ValueError, RecursionError):
                continue
            if isinstance(value, dict) and ("dailyPapers" in value or "paper" in value):
                return value, text.count("\n", 0, m.start()) + 1
    return None


def read_props(props: dict[str, object], line: int, name: str) -> Iterator[Event]:
    """Papers from a kept hydration JSON, mapped as hf-json and hf-html map it."""
    from ..dates import normalize_moment
    from ._hf_items import read_item, read_organization

    date = props.get("date")
    if isinstance(date, str):
        value, problems = normalize_moment(date, None, line)
        if value is not None:
            yield PageDate(value, line)
        yield from problems
    entries = props.get("dailyPapers")
    if not isinstance(entries, list):
        entries = [props["paper"]] if "paper" in props else []
    for index, entry in enumerate(entries):
        result = read_item(entry, Source(name, line, line, index=index))
        if isinstance(result, Paper) and "paper" in props and "dailyPapers" not in props:
            comments = props.get("comments")
            changes: dict[str, Any] = {}
            if result.comments is None and isinstance(comments, list):
                changes["comments"] = len(comments)
            organization = read_organization(props.get("submitterOrganization"))
            if result.organization is None and organization is not None:
                changes["organization"] = organization
            if changes:
                import attrs

                result = attrs.evolve(result, **changes)
        yield result
