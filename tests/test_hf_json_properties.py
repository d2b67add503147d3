"""Properties of ``hf-json``: items of every era map as documented; nothing crashes it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import paperlist
from paperlist import serialize
from paperlist.records import Author, Organization, Paper, PartialDate

from .strategies import json_values
from .strategies_hf_json import ERAS, api_items


def check(paper: Paper, want: dict[str, Any]) -> None:
    assert paper.arxiv_id == want["arxiv_id"]
    assert paper.url == want["url"]
    assert paper.title == want["title"]
    assert paper.abstract == want["abstract"]
    assert paper.authors == tuple(Author(n, user=u, hidden=h) for n, u, h in want["authors"])
    assert paper.author_count == want["author_count"]
    published = want["published"]
    assert paper.published == (None if published is None else PartialDate.from_date(published))
    assert paper.submitted_at == want["submitted_at"]
    assert paper.upvotes == want["upvotes"]
    assert paper.comments == want["comments"]
    assert paper.submitted_by == want["submitted_by"]
    org = want["organization"]
    assert paper.organization == (None if org is None else Organization(*org))
    assert paper.github_repo == want["github_repo"]
    assert paper.github_stars == want["github_stars"]
    assert paper.project_page == want["project_page"]
    assert paper.ai_summary == want["ai_summary"]
    assert paper.ai_keywords == tuple(want["ai_keywords"])
    assert paper.thumbnail == want["thumbnail"]
    assert paper.extra == want["extra"]
    assert paper.problems == ()


@given(st.sampled_from(ERAS).flatmap(api_items))
def test_an_item_of_any_era_maps_as_documented(
    drawn: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    item, want = drawn
    text = json.dumps([item], indent=2, ensure_ascii=False)
    assert paperlist.detect(text) == "hf-json"
    listing = paperlist.parse(text)
    assert listing.problems == ()
    (paper,) = listing.papers
    check(paper, want)
    assert serialize.from_dict(json.loads(json.dumps(serialize.to_dict(paper))), Paper) == paper


@given(st.lists(api_items(), min_size=1, max_size=4))
def test_every_layout_reads_the_same(drawn: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    items = [item for item, _ in drawn]
    layouts = [
        json.dumps(items),
        json.dumps(items, indent=4, ensure_ascii=True),
        "".join(json.dumps(item) + "\n" for item in items),
        "\r\n".join(json.dumps(item, ensure_ascii=False) for item in items),
    ]
    readings = [paperlist.parse(text, format="hf-json") for text in layouts]
    for listing in readings:
        assert listing.problems == ()
        assert len(listing.papers) == len(items)
        for paper, (_, want) in zip(listing.papers, drawn, strict=True):
            check(paper, want)
    assert all(r.papers == readings[0].papers for r in readings)


@given(st.lists(api_items(), min_size=1, max_size=4), st.data())
def test_a_cut_document_gives_a_prefix_of_its_papers(
    drawn: list[tuple[dict[str, Any], dict[str, Any]]], data: st.DataObject
) -> None:
    items = [item for item, _ in drawn]
    for text in (json.dumps(items, indent=2), "".join(json.dumps(i) + "\n" for i in items)):
        whole = paperlist.parse(text, format="hf-json").papers
        cut = data.draw(st.integers(0, len(text)))
        listing = paperlist.parse(text[:cut], format="hf-json")
        assert listing.papers == whole[: len(listing.papers)]


@given(st.sampled_from(ERAS).flatmap(api_items), st.data())
def test_any_value_in_any_key_never_crashes(
    drawn: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject
) -> None:
    item, _ = drawn
    where = data.draw(st.sampled_from(["item", "paper"]))
    target = item if where == "item" else item["paper"]
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(json_values())
    listing = paperlist.parse(json.dumps([item]), format="hf-json")
    assert len(listing.papers) + len([p for p in listing.problems if p.kind != "bad-field"]) >= 1
    for paper in listing.papers:
        assert serialize.from_dict(serialize.to_dict(paper), Paper) == paper


@given(json_values())
def test_arbitrary_json_never_crashes(value: object) -> None:
    for text in (json.dumps(value), json.dumps(value, indent=1), json.dumps([value, value])):
        listing = paperlist.parse(text, format="hf-json")
        assert listing.format == "hf-json"
        assert all(p.kind and p.message for p in listing.problems)


JSONISH = st.text(alphabet='[]{}",:0123456789.-+eE \n\r\t\\/nultrsfa"', max_size=200)


@given(st.one_of(st.text(max_size=300), JSONISH, st.binary(max_size=300)))
def test_arbitrary_text_never_crashes(text: str | bytes) -> None:
    listing = paperlist.parse(text, format="hf-json")
    assert listing.format == "hf-json"
    paperlist.detect(text)


@given(st.one_of(json_values(), st.text(max_size=100)))
def test_json_that_is_not_hf_api_json_scores_low(value: object) -> None:
    text = value if isinstance(value, str) else json.dumps(value)
    assert paperlist.formats.get("hf-json").score(text) <= 0.01
