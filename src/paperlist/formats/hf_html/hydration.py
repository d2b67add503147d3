"""The hydration copy: the JSON a page carries for its scripts, the site's own data.

A listing keeps it in ``div[data-target="DailyPapers"]``, a paper page in
``div[data-target="PaperContent"]``, attribute ``data-props`` (HTML-escaped JSON).  Its items have
the shape of API items and are read by the mapping hf-json uses (``_hf_items``).  A damaged or cut
copy is salvaged as hf-json salvages a cut response: every complete member and every complete item
before the damage is kept, and the damage is one Problem.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

import attrs

from ...records import Paper, Problem, Source
from ...text import may_hold_surrogate_escapes, scrub_surrogates
from .._hf_items import read_item
from .tree import NAME, SNIPPET

__all__ = ["Hydration", "from_cut_text", "read", "read_json"]

_WS = re.compile(r"[ \t\n\r]*")
_ITEM_LISTS = ("dailyPapers", "papers")
# The opening of a hydration attribute in raw text, for a page cut inside it.
_RAW_PROPS = re.compile(
    r"<div\b[^>]*?\bdata-target\s*=\s*([\"']?)(DailyPapers|PaperContent)\1(?=[\s/>])[^>]*?"
    r"\bdata-props\s*=\s*([\"'])",
    re.IGNORECASE,
)


@attrs.frozen
class Hydration:
    """One hydration copy: its target, its (possibly salvaged) object, its line.

    ``cut`` says the page ends inside it: the markup after it is lost, so its papers have no card.
    ``surrogates`` says its JSON text holds a surrogate escape: only then are items searched for
    lone surrogates (:func:`read_json`), which costs more than reading them.
    """

    target: str
    props: dict[str, Any]
    line: int | None
    cut: bool = False
    surrogates: bool = False


def _json_int(digits: str) -> int | str:
    # A number too long for int() stays its digits: the item's field is then a bad-field
    # Problem of that item alone, not a broken copy.
    try:
        return int(digits)
    except ValueError:
        return digits


_DECODER = json.JSONDecoder(parse_int=_json_int)


def read(elements: Iterable[Any]) -> tuple[list[Hydration], list[Problem]]:
    """The hydration copies of ``elements`` (``div[data-target]`` with a ``data-props``)."""
    found: list[Hydration] = []
    problems: list[Problem] = []
    for element in elements:
        raw = element.get("data-props")
        if raw is None:
            continue
        hydration, problem = _load(element.get("data-target"), raw, element.sourceline)
        if hydration is not None:
            found.append(hydration)
        if problem is not None:
            problems.append(problem)
    return found, problems


def from_cut_text(text: str) -> tuple[list[Hydration], list[Problem]]:
    """The hydration copy of a page that ends inside its ``data-props`` (the parser drops it)."""
    start = text.rfind("data-props")
    if start < 0:
        return [], []
    found: list[Hydration] = []
    problems: list[Problem] = []
    # Only the last hydration element of the page can be the one cut by the page's end.
    opening = text.rfind("<div", 0, start)
    m = _RAW_PROPS.match(text, opening) if opening >= 0 else None
    if m is None or text.find(m.group(3), m.end()) >= 0:
        return [], []
    raw = html.unescape(text[m.end() :])
    line = text.count("\n", 0, m.start()) + 1
    hydration, problem = _load(m.group(2), raw, line, cut=True)
    if hydration is not None:
        found.append(hydration)
    if problem is not None:
        problems.append(problem)
    return found, problems


def _load(
    target: str, raw: str, line: int | None, *, cut: bool = False
) -> tuple[Hydration | None, Problem | None]:
    try:
        props = _DECODER.decode(raw)
    except (ValueError, RecursionError) as exc:
        salvaged, items = _salvage(raw)
        if not salvaged:
            what = "read the markup alone"
        elif items is None:
            what = "read what comes before it, and the markup"
        else:
            what = f"read the {items} complete items before it, and the markup"
        where = "is cut off" if cut else "is broken"
        problem = Problem(
            "bad-json",
            f"the {target} hydration JSON {where} ({str(exc)[:100]}); {what}",
            line,
            raw[:SNIPPET],
        )
        if not salvaged:
            return None, problem
        return Hydration(target, salvaged, line, cut, may_hold_surrogate_escapes(raw)), problem
    if not isinstance(props, dict):
        return None, Problem("bad-json", f"the {target} hydration JSON is not an object", line)
    return Hydration(target, props, line, cut, may_hold_surrogate_escapes(raw)), None


def _skip(raw: str, pos: int) -> int:
    m = _WS.match(raw, pos)
    return pos if m is None else m.end()


def _salvage(raw: str) -> tuple[dict[str, Any], int | None]:
    """The complete members of a broken top-level object, and the complete items of its list.

    Returns the members and how many items of ``dailyPapers`` were kept (None without the list).
    One pass: each value is decoded once, and the first one that fails ends the salvage.
    """
    props: dict[str, Any] = {}
    items: list[Any] | None = None
    pos = _skip(raw, 0)
    if not raw.startswith("{", pos):
        return props, None
    pos += 1
    try:
        while True:
            pos = _skip(raw, pos)
            key, pos = _DECODER.raw_decode(raw, pos)
            pos = _skip(raw, pos)
            if not isinstance(key, str) or not raw.startswith(":", pos):
                break
            pos = _skip(raw, pos + 1)
            if key in _ITEM_LISTS and raw.startswith("[", pos):
                items = props[key] = []
                pos = _skip(raw, pos + 1)
                while not raw.startswith("]", pos):
                    item, pos = _DECODER.raw_decode(raw, pos)
                    items.append(item)
                    pos = _skip(raw, pos)
                    if not raw.startswith(",", pos):
                        break
                    pos = _skip(raw, pos + 1)
                pos += 1
            else:
                props[key], pos = _DECODER.raw_decode(raw, pos)
            pos = _skip(raw, pos)
            if not raw.startswith(",", pos):
                break
            pos += 1
    except (ValueError, RecursionError):
        pass  # the damage: keep what came before it
    return props, None if items is None else len(items)


def read_json(
    item: Any,
    index: int,
    hydration: Hydration,
    fallback_title: str | None,
    problems: list[Problem],
) -> Paper | None:
    """A hydration item (or a paper page's bare paper) read as hf-json reads an API item.

    The mapping is shared (``_hf_items``); what it cannot read becomes a Problem in ``problems``
    (its message names the item's ``index`` in ``dailyPapers``, and its line the JSON's line).
    A lone surrogate (``"\\ud83d"`` with no partner) is no character: read as U+FFFD, as hf-json
    does, with a ``lone-surrogate`` Problem in ``problems`` (the paper's, as the callers keep them).
    """
    line = hydration.line
    item, surrogates = scrub_surrogates(item) if hydration.surrogates else (item, 0)
    result = read_item(item, Source(NAME, line, index=index), fallback_title=fallback_title)
    if isinstance(result, Problem):
        problems.append(result)
    if surrogates:
        problems.append(
            Problem(
                "lone-surrogate",
                f"item {index}: {surrogates} string(s) held a lone surrogate, read as U+FFFD",
                line,
            )
        )
    return None if isinstance(result, Problem) else result
