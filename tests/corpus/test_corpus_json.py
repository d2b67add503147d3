"""The real API responses in ../shared/corpus/api (skipped where the corpus is absent).

Each mapped field is cross-checked against the raw JSON read with :func:`json.load`: the expected
values below are computed from the source by the simplest reading of the documented mapping, not
copied from the parser's output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import paperlist
from paperlist import serialize
from paperlist.records import Author, Organization, Paper, PartialDate

FILES = {
    "daily_papers-2024-08-01.json": 11,
    "daily_papers-2025-10-03.json": 39,
    "daily_papers-2026-08-21.json": 17,
}


def path(corpus: Path, name: str) -> Path:
    return corpus / "api" / name


def load(corpus: Path, name: str) -> list[dict[str, Any]]:
    with path(corpus, name).open(encoding="utf-8") as stream:
        data = json.load(stream)
    assert isinstance(data, list)
    return data


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(FILES))
def test_counts_and_detection(corpus: Path, name: str) -> None:
    source = path(corpus, name)
    assert paperlist.detect(source) == "hf-json"
    listing = paperlist.parse(source)
    assert listing.format == "hf-json"
    assert len(listing.papers) == FILES[name] == len(load(corpus, name))
    assert listing.problems == ()
    # The API response does not say which date it was asked for.
    assert listing.page_date is None


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_mapped_field_equals_the_source(corpus: Path, name: str) -> None:
    items = load(corpus, name)
    papers = paperlist.parse(path(corpus, name)).papers
    assert len(papers) == len(items)
    for index, (item, paper) in enumerate(zip(items, papers, strict=True)):
        raw = item["paper"]
        assert paper.arxiv_id == raw["id"]
        assert paper.url == f"https://huggingface.co/papers/{raw['id']}"
        assert paper.title == squash(item["title"]) == squash(raw["title"])
        assert paper.abstract == squash(raw["summary"])
        assert paper.authors == tuple(
            Author(
                squash(a["name"]),
                user=a["user"]["user"] if "user" in a else None,
                hidden=a["hidden"],
            )
            for a in raw["authors"]
        )
        assert paper.author_count == len(raw["authors"])
        assert paper.published == PartialDate.from_date(utc(raw["publishedAt"]).date())
        if "submittedOnDailyAt" in raw:
            assert paper.submitted_at == utc(raw["submittedOnDailyAt"])
        else:
            assert paper.submitted_at == utc(item["publishedAt"])
        assert paper.upvotes == raw["upvotes"]
        assert paper.comments == item["numComments"]
        assert paper.submitted_by == item["submittedBy"]["name"]
        org = item.get("organization") or raw.get("organization")
        expected_org = Organization(org["name"], squash(org["fullname"])) if org else None
        assert paper.organization == expected_org
        assert paper.github_repo == raw.get("githubRepo")
        assert paper.github_stars == raw.get("githubStars")
        assert paper.project_page == raw.get("projectPage")
        summary = raw.get("ai_summary")
        assert paper.ai_summary == (squash(summary) if summary else None)
        assert paper.ai_keywords == tuple(squash(k) for k in raw.get("ai_keywords", []))
        assert paper.thumbnail == item["thumbnail"]
        assert paper.source is not None
        assert (paper.source.format, paper.source.index) == ("hf-json", index)
        assert paper.source.line is not None
        assert paper.source.end_line is not None
        assert paper.source.line < paper.source.end_line
        assert paper.problems == ()


@pytest.mark.parametrize("name", sorted(FILES))
def test_unmapped_keys_are_kept(corpus: Path, name: str) -> None:
    items = load(corpus, name)
    papers = paperlist.parse(path(corpus, name)).papers
    item_mapped = {"paper", "title", "summary", "numComments", "submittedBy", "organization"}
    item_mapped |= {"thumbnail"}
    paper_mapped = {"id", "title", "summary", "authors", "publishedAt", "submittedOnDailyAt"}
    paper_mapped |= {"submittedOnDailyBy", "upvotes", "organization", "githubRepo", "githubStars"}
    paper_mapped |= {"projectPage", "ai_summary", "ai_keywords"}
    for item, paper in zip(items, papers, strict=True):
        raw = item["paper"]
        expected_item = {k: v for k, v in item.items() if k not in item_mapped}
        if "submittedOnDailyAt" not in raw:
            del expected_item["publishedAt"]  # the submission time: mapped to submitted_at
        expected_paper = {k: v for k, v in raw.items() if k not in paper_mapped}
        assert paper.extra.get("item", {}) == expected_item
        assert paper.extra.get("paper", {}) == expected_paper


def test_fields_by_era(corpus: Path) -> None:
    """What changed between the three responses, pinned."""
    old = paperlist.parse(path(corpus, "daily_papers-2024-08-01.json")).papers
    mid = paperlist.parse(path(corpus, "daily_papers-2025-10-03.json")).papers
    new = paperlist.parse(path(corpus, "daily_papers-2026-08-21.json")).papers

    first = old[0]
    assert (first.arxiv_id, first.title) == ("2407.21783", "The Llama 3 Herd of Models")
    assert (first.author_count, first.upvotes, first.comments) == (533, 49, 4)
    assert first.submitted_at == dt.datetime(2024, 8, 1, 1, 21, 47, 935000, tzinfo=dt.timezone.utc)
    assert first.published == PartialDate(2024, 7, 31)
    assert sum(1 for a in first.authors if a.user) == 5
    # The paper's title keeps arXiv's hard line break; the item's title does not.
    assert old[2].title == (
        "Towards Achieving Human Parity on End-to-end Simultaneous Speech Translation via LLM Agent"
    )
    assert all(p.organization is None and p.extra == {} for p in old)

    assert mid[0].arxiv_id == "2510.02283"
    assert mid[0].organization == Organization("ByteDance-Seed", "ByteDance Seed")
    assert sum(1 for p in mid if p.organization) == 16
    assert sum(1 for p in mid if p.github_repo) == 19
    assert all("discussionId" in p.extra["paper"] for p in mid)

    # From 2026 paper.publishedAt is a bare date, and the item's publishedAt is 4 hours earlier:
    # the evening before.  The published date comes from the paper.
    assert new[0].published == PartialDate(2026, 8, 20)
    assert new[0].extra["item"]["publishedAt"] == "2026-08-19T20:00:00.000Z"
    assert all(p.submitted_at == dt.datetime(2026, 8, 21, tzinfo=dt.timezone.utc) for p in new)
    assert sum(1 for p in new if p.ai_summary is None) == 1
    assert all("ai_summary_model" in p.extra["paper"] for p in new if p.ai_summary)


@pytest.mark.parametrize("name", sorted(FILES))
def test_round_trip_and_other_layouts(corpus: Path, name: str, tmp_path: Path) -> None:
    items = load(corpus, name)
    papers = paperlist.parse(path(corpus, name)).papers
    for paper in papers:
        assert serialize.from_dict(json.loads(json.dumps(serialize.to_dict(paper))), Paper) == paper
    compact = tmp_path / "compact.json"
    compact.write_text(json.dumps(items), encoding="utf-8")
    lines = tmp_path / "items.jsonl"
    lines.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    for other in (compact, lines):
        assert paperlist.detect(other) == "hf-json"
        listing = paperlist.parse(other)
        assert listing.problems == ()
        assert listing.papers == papers  # source lines differ; records are equal
    streamed = list(paperlist.iter_papers(lines))
    assert [p.source.line for p in streamed if p.source] == list(range(1, len(items) + 1))


def test_one_broken_item_costs_only_itself(corpus: Path) -> None:
    name = "daily_papers-2025-10-03.json"
    text = path(corpus, name).read_text(encoding="utf-8")
    at = text.index('"upvotes"', text.index('"2510.02209"'))  # inside item 3
    listing = paperlist.parse(text[:at] + text[at + 3 :])
    assert len(listing.papers) == FILES[name] - 1
    (problem,) = listing.problems
    assert problem.kind == "bad-json"
    assert problem.message.startswith("item 3 ")
