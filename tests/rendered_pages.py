"""Renderings of invented listing cards, in the styles tools write them (for hf-markdown and
hf-rendered tests): markdown with links, a browser's innerText, a lynx dump with its numbered
link list, and a notebook export that puts each link's URL on a line of its own."""

from __future__ import annotations

import textwrap

import attrs

from paperlist import Organization, Paper, PartialDate

STYLES = ("markdown", "innertext", "lynx", "notebook")
HF = "https://huggingface.co"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@attrs.frozen
class Card:
    """One card as a page shows it; ``daily`` cards have a submitter, search cards an abstract."""

    title: str
    arxiv_id: str
    upvotes: int
    comments: int
    author_count: int | None = None
    organization: tuple[str, str] | None = None
    submitted_by: str | None = None
    abstract: str | None = None
    published: PartialDate | None = None

    @property
    def daily(self) -> bool:
        return self.submitted_by is not None

    def expected(self, style: str) -> Paper:
        """The record a reader should make of this card in ``style``."""
        linked = style != "innertext"
        return Paper(
            title=self.title,
            abstract=self.abstract,
            arxiv_id=self.arxiv_id if linked else None,
            url=f"{HF}/papers/{self.arxiv_id}" if linked else None,
            author_count=self.author_count,
            organization=Organization(*self.organization) if self.organization else None,
            published=self.published,
            upvotes=self.upvotes,
            comments=self.comments,
            submitted_by=self.submitted_by,
        )


def _date(value: PartialDate) -> str:
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def _up(card: Card) -> str:
    return str(card.upvotes) if card.upvotes else "-"


class _Links:
    """Collects (text, href) pieces and writes them in one style."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[str, str | None]]] = []

    def line(self, *pieces: tuple[str, str | None]) -> None:
        self.lines.append(list(pieces))


def _pieces(card: Card) -> _Links:
    out = _Links()
    pid = card.arxiv_id
    page = f"/papers/{pid}"
    if card.daily:
        out.line(("", page))
        out.line(("Submitted by", None))
        out.line((card.submitted_by or "", None))
    out.line((_up(card), f"/login?next=%2Fpapers%2F{pid}"))
    out.line((card.title, page))
    if card.abstract:
        out.line((card.abstract, page))
    if card.organization:
        out.line((f"{card.organization[0]} {card.organization[1]}", f"/{card.organization[0]}"))
    elif card.daily:
        out.line(("·", None))
        out.line((f"{card.author_count} authors", page))
    else:
        out.line((f"· {card.author_count} authors", page))
    if not card.daily:
        out.line(("·", None))
        out.line((_date(card.published) if card.published else "", None))
    if card.comments:
        out.line((str(card.comments), f"{page}#community"))
    return out


def render(cards: list[Card], style: str, chrome: tuple[list[str], list[str]] = ([], [])) -> str:
    """The cards in ``style``; ``chrome`` lines go before the first card and after the last."""
    head, tail = chrome
    parts: list[str] = list(head)
    refs: list[str] = []
    for card in cards:
        for line in _pieces(card).lines:
            parts.extend(_line(line, style, refs))
        if style != "innertext":
            parts.append("")
    parts.extend(tail)
    if style == "lynx":
        parts += ["", "References", ""]
        parts += [f"{n:4d}. {HF}{href}" for n, href in enumerate(refs, 1)]
    return "\n".join(parts) + "\n"


def _line(line: list[tuple[str, str | None]], style: str, refs: list[str]) -> list[str]:
    out: list[str] = []
    for text, href in line:
        if not text and style != "markdown":
            continue
        if href is None or style == "innertext":
            out.append(text)
        elif style == "markdown":
            escaped = text.replace("[", "\\[").replace("]", "\\]").replace("_", "\\_")
            prefix = "### " if href.startswith("/papers/") and _is_title(text, line) else ""
            out.append(f"{prefix}[{escaped}]({href})")
            if prefix:
                out.append("")
        elif style == "lynx":
            refs.append(href)
            wrapped = textwrap.wrap(f"[{len(refs)}]{text}", 74) or [f"[{len(refs)}]"]
            out.extend("   " + w for w in wrapped)
        else:  # notebook: the text, then the URL on a line of its own
            out.append(text)
            out.append(f"{HF}{href}")
    return out


def _is_title(text: str, line: list[tuple[str, str | None]]) -> bool:
    return len(line) == 1 and not text[:1].isdigit() and not text.startswith("·")


def page_html(cards: list[Card]) -> str:
    """An HTML page of ``cards`` in the markup hf-html reads (daily or search cards)."""
    body = "".join(_daily_card(c) if c.daily else _search_card(c) for c in cards)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title></head>
<body><header><nav><a href="/models">Models</a> <a href="/datasets">Datasets</a>
<a href="/login">Log In</a></nav></header>
<main><h1><a href="/papers">Daily Papers</a></h1>
<section class="grid">{body}</section>
<nav><a href="/papers?p=0">Previous</a> <a href="/papers?p=2">Next</a></nav></main>
<footer><span>© Hugging Face</span> <a href="/terms-of-service">TOS</a></footer>
</body></html>
"""


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _community(card: Card) -> str:
    if not card.comments:
        return ""
    return f'<a href="/papers/{card.arxiv_id}#community"><svg></svg> {card.comments} </a>'


def _daily_card(card: Card) -> str:
    pid = card.arxiv_id
    return f"""
<article class="card">
  <a href="/papers/{pid}"><img src="https://cdn.example/{pid}.png" alt=""></a>
  <div>Submitted by <img alt="" src="/avatars/u.svg"> {card.submitted_by}</div>
  <a href="/login?next=%2Fpapers%2F{pid}"><div><input type="checkbox"><svg></svg>
    <div>{_up(card)}</div></div></a>
  <h3><a href="/papers/{pid}">{_esc(card.title)}</a></h3>
  <div><a href="/papers/{pid}"><ul><li title="someone"><img alt="" src="/avatars/a.svg"></li>
    <li><div><div>·</div> {card.author_count} authors</div></li></ul></a>
  {_community(card)}</div>
</article>"""


def _search_card(card: Card) -> str:
    pid = card.arxiv_id
    if card.organization:
        slug, name = card.organization
        logo = f'<img alt="{slug}" src="https://cdn.example/o.png">'
        meta = f'<a href="/{slug}">{logo}<span>{name}</span></a>'
    else:
        avatars = '<ul><li><img alt="" src="/a.svg"></li></ul>'
        meta = f'<a href="/papers/{pid}">{avatars}<span>· {card.author_count} authors</span></a>'
    date = _date(card.published) if card.published else ""
    return f"""
<article class="card">
  <a href="/login?next=%2Fpapers%2F{pid}"><div><svg></svg><div>{_up(card)}</div></div></a>
  <div><h3><a href="/papers/{pid}">{_esc(card.title)}</a></h3>
  <a href="/papers/{pid}">{_esc(card.abstract or "")}</a>
  <div>{meta} <span>·</span> <span>{date}</span> {_community(card)}</div></div>
</article>"""
