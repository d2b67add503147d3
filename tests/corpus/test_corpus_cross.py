"""The same day in two formats: the API response and the daily page of 2024-08-01 agree.

``api/daily_papers-2024-08-01.json`` (hf-json) and ``html/daily-2024-08-01.html`` (hf-html) list
the same day; the page has every API paper and two more.  Both go through one item mapping, so on
every field both carry they must give the same value, except the fields that are snapshots of a
moment: the two files were saved at different times (the page later: every paper has at least as
many upvotes and comments there), and between the two saves

- ``upvotes`` and ``comments`` only grew;
- authors claimed the paper: ``Author.user`` was filled in, never changed or removed, and one
  author who claimed a paper also hid their entry (``hidden`` flipped with the claim);
- the API grew ``paper.discussionId``, and the page's item has the viewer's ``upvoted`` flag:
  keys only one file carries, kept in ``extra``.

Those are checked as the monotonic relations they are; everything else is compared exactly.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import paperlist
from paperlist.records import Paper

API = "api/daily_papers-2024-08-01.json"
PAGE = "html/daily-2024-08-01.html"
#: Fields that are a snapshot of a moment (checked below as relations, not equality).
SNAPSHOT = frozenset({"upvotes", "comments", "authors", "extra"})
NOT_DATA = frozenset({"source", "problems"})


@pytest.fixture(scope="module")
def pairs(corpus: Path) -> list[tuple[Paper, Paper]]:
    api = paperlist.parse(corpus / API)
    page = paperlist.parse(corpus / PAGE)
    assert (api.format, page.format) == ("hf-json", "hf-html")
    assert api.problems == ()
    assert page.problems == ()
    from_page = {p.arxiv_id: p for p in page.papers}
    assert len(from_page) == 13
    assert {p.arxiv_id for p in api.papers} <= set(from_page)
    found = [(p, from_page[p.arxiv_id]) for p in api.papers]
    assert len(found) == 11
    return found


def test_same_values_on_every_field_both_carry(pairs: list[tuple[Paper, Paper]]) -> None:
    names = [f.name for f in attrs.fields(Paper) if f.name not in SNAPSHOT | NOT_DATA]
    for api, page in pairs:
        for name in names:
            assert getattr(api, name) == getattr(page, name), (api.arxiv_id, name)
        # the comparison is not vacuous: these are carried by both on this day
        assert api.submitted_at is not None
        assert api.published is not None
        assert api.abstract
        assert api.author_count == len(api.authors) > 0
        assert api.submitted_by
        assert api.thumbnail
        assert api.url == f"https://huggingface.co/papers/{api.arxiv_id}"


def test_counts_only_grew(pairs: list[tuple[Paper, Paper]]) -> None:
    for api, page in pairs:
        assert api.upvotes is not None
        assert page.upvotes is not None
        assert page.upvotes >= api.upvotes, api.arxiv_id
        assert api.comments is not None
        assert page.comments is not None
        assert page.comments >= api.comments, api.arxiv_id
    # they did grow: the page was saved later
    assert all((page.upvotes or 0) > (api.upvotes or 0) for api, page in pairs)


def test_authors_same_names_claims_only_added(pairs: list[tuple[Paper, Paper]]) -> None:
    flipped = []
    grew = 0
    for api, page in pairs:
        assert [a.name for a in api.authors] == [a.name for a in page.authors], api.arxiv_id
        for before, after in zip(api.authors, page.authors, strict=True):
            if before.user is not None:
                assert after.user == before.user  # a claim is kept
            if before.hidden != after.hidden:
                # only with a claim made between the two saves
                assert (before.user, after.user is not None) == (None, True)
                flipped.append(api.arxiv_id)
        claimed_api = {a.user for a in api.authors if a.user}
        claimed_page = {a.user for a in page.authors if a.user}
        assert claimed_api <= claimed_page
        grew += claimed_api < claimed_page
    assert flipped == ["2407.21781"]  # one author claimed and hid their entry
    assert grew == 10  # claims were made on 10 of the 11 papers between the two saves


def test_extra_differs_only_by_keys_one_file_lacks(pairs: list[tuple[Paper, Paper]]) -> None:
    for api, page in pairs:
        for group in ("item", "paper"):
            mine, theirs = api.extra.get(group, {}), page.extra.get(group, {})
            for key in mine.keys() & theirs.keys():
                assert mine[key] == theirs[key], (api.arxiv_id, group, key)
        assert api.extra == {}
        assert set(page.extra.get("item", {})) <= {"upvoted"}  # the viewer's own vote
        assert set(page.extra.get("paper", {})) <= {"discussionId"}  # added to the API 2024-08
