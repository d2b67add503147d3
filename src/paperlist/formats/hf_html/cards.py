"""The card markup of a listing (daily, weekly, monthly, trending, search results).

A card is the largest element around a paper's title link that holds links to that paper only (or
the nearest ``article``).  Marking which paper each element refers to is amortized linear, and so
is the walk of each card (cards are disjoint).  Each card is read with its hydration item, if the
page has one, and the two copies are merged (:mod:`.merge`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from ...dates import normalize_moment, with_reference
from ...records import Paper, PartialDate, Problem, Source
from ...text import clean, clean_or_none
from .. import Event, Options, PageDate
from .._hf_items import item_id
from . import fields as f
from .hydration import Hydration, read_json
from .merge import merge, mismatch
from .page import Landmarks
from .tree import NAME, SNIPPET, Scan, scan

_STOP = frozenset({"html", "body", "main"})


def listing(
    marks: Scan | Landmarks, hydration: Hydration | None, options: Options
) -> Iterator[Event]:
    """A listing's events: its page date, then each card's paper, then JSON papers without a card.

    A paper's problems travel on the paper; only problems of no paper are events.
    """
    cards = find_cards(marks)
    roots = {card.root for card in cards}
    page_date, problems = _page_date(marks, hydration, roots, options)
    if page_date is not None:
        yield page_date
    yield from problems
    reference = options.reference_date
    if reference is None and page_date is not None:
        reference = page_date.date.to_date()
    json_line = hydration.line if hydration is not None else None
    # paper id -> (index, item) of its hydration item, read with its card
    from_json: dict[str, tuple[int, Any]] = {}
    if hydration is not None:
        items = hydration.props.get("dailyPapers", hydration.props.get("papers"))
        if isinstance(items, list):
            for index, item in enumerate(items):
                pid = item_id(item)
                if pid is None:  # unreadable: say why, as hf-json would
                    unread: list[Problem] = []
                    read_json(item, index, hydration, None, unread)
                    yield from unread
                elif pid not in from_json:
                    from_json[pid] = (index, item)
        elif items is not None:
            yield Problem("bad-json", "the hydration JSON's paper list is not a list", json_line)
    for card in cards:
        yield from _card_events(card, from_json.pop(card.pid, None), hydration, reference)
    if hydration is None:
        return
    for pid, (index, item) in from_json.items():  # in the JSON, not in the markup
        problems = []
        if not hydration.cut:  # a cut page lost its cards: said once
            problems.append(
                Problem(
                    "missing-card",
                    f"paper {pid} is in the hydration JSON but has no card in the markup",
                    json_line,
                )
            )
        parsed = read_json(item, index, hydration, None, problems)
        paper = merge({}, parsed, pid, Source(NAME, json_line), problems)
        if paper is None:
            yield from problems
        else:
            yield paper


def _page_date(
    marks: Scan | Landmarks, hydration: Hydration | None, cards: set[Any], options: Options
) -> tuple[PageDate | None, list[Problem]]:
    """The page's date: the JSON's ``date``, else the first ``time[datetime]`` outside the cards."""
    problems: list[Problem] = []
    markup: PartialDate | None = None
    markup_line = None
    times = marks.times[:10]
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
    json_line = hydration.line if hydration is not None else None
    if hydration is not None and isinstance(hydration.props.get("date"), str):
        from_json, found = normalize_moment(hydration.props["date"], None, json_line)
        problems.extend(found)
    if markup is not None and from_json is not None and markup != from_json:
        problems.append(mismatch("page date", markup, from_json, markup_line))
    value = from_json or markup
    line = json_line if from_json is not None else markup_line
    if value is None:
        return None, problems
    if value.year is None:
        value, found = with_reference(value, str(value), options.reference_date, line)
        problems.extend(found)
    return PageDate(value, line), problems


def _inside(element: Any, elements: set[Any]) -> bool:
    ancestors = zip(range(4096), element.iterancestors(), strict=False)
    return any(ancestor in elements for _, ancestor in ancestors)


@attrs.define
class Card:
    pid: str
    anchor: Any
    titled: bool
    root: Any = None


def find_cards(marks: Scan | Landmarks) -> list[Card]:
    """One card per paper id, in page order: the largest element holding only its links."""
    owner: dict[Any, str | None] = {}  # element -> paper id, or None where several meet
    cards: dict[str, Card] = {}
    for link in marks.links:
        pid = link.pid
        if pid is None:
            continue
        title = link.in_heading and link.kind == "paper"
        card = cards.get(pid)
        if card is None:
            cards[pid] = Card(pid, link.element, title)
        elif title and not card.titled:
            card.anchor, card.titled = link.element, True
        element = link.element
        while element is not None:
            if element in owner:
                mark = owner[element]
                if mark == pid or mark is None:
                    break
                owner[element] = None
            else:
                owner[element] = pid
            element = element.getparent()
    for card in cards.values():
        element = card.anchor
        while True:
            if isinstance(element.tag, str) and element.tag.lower() == "article":
                break
            parent = element.getparent()
            if (
                parent is None
                or owner.get(parent) != card.pid
                or not isinstance(parent.tag, str)
                or parent.tag.lower() in _STOP
                or parent.get("data-target") is not None
            ):
                break
            element = parent
        card.root = element
    return list(cards.values())


def _card_events(
    card: Card, entry: tuple[int, Any] | None, hydration: Hydration | None, reference: Any
) -> Iterator[Event]:
    line = card.root.sourceline
    json_problems: list[Problem] = []
    parsed = None
    try:
        found = scan(card.root, page=False)
        title = _card_title(found, card.pid)
        if entry is not None and hydration is not None:
            parsed = read_json(entry[1], entry[0], hydration, title, json_problems)
        markup, problems = _card_fields(found, card.pid, title, reference, line, parsed)
    except (RecursionError, ValueError, TypeError, AttributeError, LookupError) as exc:
        # One card's damage never takes the page: the card becomes its problem (and its JSON).
        found = Scan()
        markup, problems = (
            {},
            [Problem("bad-card", f"card for paper {card.pid} could not be read: {exc!r}", line)],
        )
    problems = [*json_problems, *problems]
    end_line = found.end_line if found.end_line is not None else line
    paper = merge(markup, parsed, card.pid, Source(NAME, line, end_line), problems)
    if paper is None:
        snippet = clean(" ".join(t.text for t in found.texts))[:SNIPPET]
        yield Problem(
            "missing-title",
            f"card for paper {card.pid} has no title; no paper made of it",
            line,
            snippet or card.pid,
        )
        yield from problems
        return
    yield paper


def _card_title(found: Scan, pid: str) -> str | None:
    """The text of the heading that holds the card's ``/papers/<id>`` link."""
    for index, (_, _, links) in enumerate(found.headings):
        if any(link.pid == pid and link.kind == "paper" for link in links):
            return clean_or_none(found.heading_text(index))
    return None


def _card_fields(
    found: Scan,
    pid: str,
    title: str | None,
    reference: Any,
    line: int | None,
    parsed: Paper | None,
) -> tuple[dict[str, Any], list[Problem]]:
    """The fields a card shows; ``title`` is ``_card_title(found, pid)``."""
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    if title is not None:
        fields["title"] = title
    for link in found.links:
        if link.pid != pid:
            continue
        if link.kind == "login" and "upvotes" not in fields:
            fields["upvotes"] = f.count(link.spaced(), "upvotes", line, problems)
        elif link.kind == "community" and "comments" not in fields:
            fields["comments"] = f.count(link.spaced(), "comments", line, problems)
        elif link.kind == "paper" and not link.in_heading and "thumbnail" not in fields:
            for src, _ in link.images:
                if src and "avatar" not in src and not link.text():
                    fields["thumbnail"] = src
                    break
    fields.update(f.organization(found))
    fields.update(f.github(found, line, problems))
    count = f.author_count(found, line, problems)
    if count is not None:
        fields["author_count"] = count
    submitter = f.submitter(found)
    if submitter:
        fields["submitted_by"] = submitter
    abstract = _card_abstract(found, pid, fields.get("title"))
    if abstract is not None:
        fields["abstract"] = abstract
    date_text = _card_date(found)
    if date_text is not None:
        fields["published"] = f.markup_date(date_text, reference, line, parsed, problems)
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


def _card_abstract(found: Scan, pid: str, title: str | None) -> str | None:
    """A search card's abstract: the longest text of a ``/papers/<id>`` link or paragraph."""
    best = ""
    for link in found.links:
        if link.pid != pid or link.kind != "paper" or link.in_heading:
            continue
        text = link.text()
        if len(text) > len(best) and not f.is_author_text(text) and text != title:
            best = text
    for index in range(len(found.paragraphs)):
        text = found.paragraph_text(index)
        if len(text) > len(best) and not f.is_author_text(text) and text != title:
            best = text
    return best or None


def _card_date(found: Scan) -> str | None:
    for text in found.texts:
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
        if len(candidate) <= 24 and f.DATE_PREFIX.fullmatch(candidate):
            return candidate
    return None
