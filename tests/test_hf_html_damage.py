"""Damage stays in its card (issue 13: items 3, 9 and 10 in hf-html).

A count too long to be a number is a problem of its card; a page cut inside its hydration JSON
keeps the complete items before the cut; a hydration JSON over the parser's size limit leaves the
markup readable.
"""

from __future__ import annotations

import html
import json
import time
from typing import Any

import pytest

import paperlist
from paperlist.records import Author

from .hf_html_pages import DAILY_ITEMS, SEARCH_PAGE, daily_page

HUGE = "9" * 5000  # more digits than int() converts (4300 by default)
FIELDS = ("arxiv_id", "title", "upvotes", "comments", "author_count", "submitted_by")


def _kinds(listing: paperlist.Listing) -> list[str]:
    return [p.kind for p in listing.problems]


def _facts(listing: paperlist.Listing) -> list[tuple[Any, ...]]:
    return [tuple(getattr(p, f) for f in FIELDS) for p in listing.papers]


# -- 13.3: a number too long to read ---------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("<div>42</div>", f"<div>{HUGE}</div>", "upvotes"),
        ("</svg> 3 </a>", f"</svg> {HUGE} </a>", "comments"),
        ("· 4 authors", f"· {HUGE} authors", "author_count"),
    ],
    ids=["upvotes", "comments", "authors"],
)
def test_huge_count_is_a_problem_of_its_card(old: str, new: str, field: str) -> None:
    assert old in SEARCH_PAGE
    listing = paperlist.parse(SEARCH_PAGE.replace(old, new, 1))
    expected = paperlist.parse(SEARCH_PAGE)
    assert "internal-error" not in _kinds(listing)
    first = listing.papers[0]
    assert getattr(first, field) is None
    assert first.title == expected.papers[0].title  # the rest of the card is read
    assert first.published == expected.papers[0].published
    assert [p.kind for p in first.problems if p.kind.startswith("bad-")]  # on the card
    assert listing.papers[1:] == expected.papers[1:]  # the other cards are untouched


def test_huge_number_in_the_hydration_json_stays_in_its_item() -> None:
    props = json.dumps({"date": "2024-08-01", "dailyPapers": DAILY_ITEMS})
    props = props.replace('"upvotes": 31', f'"upvotes": {HUGE}', 1)
    listing = paperlist.parse(daily_page(props=props))
    first, second = listing.papers
    assert first.upvotes == 31  # the JSON's value is unreadable: the markup's stands in
    assert first.authors[0] == Author("Mira Okafor", "mokafor")  # the rest of the JSON is read
    assert [p.kind for p in first.problems] == ["bad-field"]
    assert second.problems == ()
    assert _kinds(listing) == ["bad-field"]


def test_one_unreadable_card_never_takes_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from paperlist.formats.hf_html import cards

    read = cards._card_fields

    def fail_on_first(found: Any, pid: str, *args: Any) -> Any:
        if pid == "2408.00101":
            raise ValueError("an unreadable field")
        return read(found, pid, *args)

    monkeypatch.setattr(cards, "_card_fields", fail_on_first)
    listing = paperlist.parse(daily_page())
    first, second = listing.papers
    assert first.title == DAILY_ITEMS[0]["title"]  # its hydration item still gives the paper
    assert [p.kind for p in first.problems] == ["bad-card"]
    assert second.problems == ()
    assert "internal-error" not in _kinds(listing)


# -- 13.9: a page cut inside its hydration JSON -----------------------------------------------


def _cut_inside_props(page: str, after: str) -> str:
    """``page`` cut inside its data-props, a little after the escaped text ``after``."""
    escaped = html.escape(after)
    start = page.index('data-props="')
    cut = page.index(escaped, start) + len(escaped) + 5
    assert cut < page.index('"', start + len('data-props="'))
    return page[:cut]


def test_page_cut_inside_the_hydration_json() -> None:
    page = _cut_inside_props(daily_page(), '"title": "Pebbles')  # inside the second item
    listing = paperlist.parse(page)
    (paper,) = listing.papers
    full = paperlist.parse(daily_page()).papers[0]
    assert paper == full  # every field the JSON gives, as from the whole page
    kinds = _kinds(listing)
    assert sorted(kinds) == ["bad-json", "truncated"]  # said once, not once a paper
    (bad,) = [p for p in listing.problems if p.kind == "bad-json"]
    assert "cut off" in bad.message
    assert "1 complete items" in bad.message


def test_page_cut_before_the_first_item_ends() -> None:
    page = _cut_inside_props(daily_page(), '"name": "Tomas Lind"')
    listing = paperlist.parse(page)
    assert listing.papers == ()
    assert sorted(_kinds(listing)) == ["bad-json", "truncated"]
    assert listing.page_date is not None  # the date came before the cut


def test_broken_hydration_json_keeps_the_items_before_the_damage() -> None:
    props = json.dumps({"date": "2024-08-01", "dailyPapers": DAILY_ITEMS})
    props = props.replace('"title": "Pebbles and Mountains"', '"title": Pebbles', 1)
    listing = paperlist.parse(daily_page(props=props))
    first, second = listing.papers
    assert first.authors  # the JSON's item before the damage
    assert second.authors == ()  # its item is lost: the markup alone
    assert (second.upvotes, second.comments) == (0, 0)
    assert _kinds(listing) == ["bad-json"]


# -- 13.10: a hydration JSON over the parser's size limit ------------------------------------


def test_oversized_hydration_json_leaves_the_markup_readable() -> None:
    props = json.dumps({"date": "2024-08-01", "padding": "x" * 10_500_000, "dailyPapers": []})
    page = daily_page(props=props)
    start = time.perf_counter()
    listing = paperlist.parse(page)
    assert time.perf_counter() - start < 5
    assert _facts(listing) == _facts(paperlist.parse(daily_page(with_json=False)))
    assert listing.page_date is not None
    assert _kinds(listing) == ["html-limit"]
    # lines keep their numbers
    assert [p.source for p in listing.papers] == [
        p.source for p in paperlist.parse(daily_page(with_json=False)).papers
    ]
