"""The ``hf-json`` adapter on items written for these tests (invented titles, names, abstracts)."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

import paperlist
from paperlist import formats, serialize
from paperlist.document import Document
from paperlist.formats.hf_json import ADAPTER
from paperlist.records import Author, Organization, Paper, PartialDate

UTC = dt.timezone.utc
ABSTRACT = "We fold paper\nproteins with  tiny transformers.\nIt works on Tuesdays."


def item_2024(**top: Any) -> dict[str, Any]:
    """An item as /api/daily_papers wrote it in 2024 (top-level publishedAt = submission time)."""
    item: dict[str, Any] = {
        "paper": {
            "id": "2407.00001",
            "authors": [
                {
                    "_id": "a1",
                    "user": {"id": "u1", "fullname": "Ada Example", "user": "ada-ex"},
                    "name": "Ada Example",
                    "status": "admin_assigned",
                    "hidden": False,
                },
                {"_id": "a2", "name": "Bo  Sample", "hidden": False},
                {"_id": "a3", "name": "Cy Hidden", "hidden": True},
            ],
            "publishedAt": "2024-07-31T17:54:27.000Z",
            "title": "Folding Origami Proteins with\n  Tiny Transformers",
            "summary": ABSTRACT,
            "upvotes": 12,
        },
        "publishedAt": "2024-08-01T01:21:47.935Z",
        "title": "Folding Origami Proteins with Tiny Transformers",
        "thumbnail": "https://example.org/thumb/2407.00001.png",
        "numComments": 3,
        "submittedBy": {"fullname": "Dee Submitter", "name": "dee-sub", "isPro": False},
    }
    item.update(top)
    return item


def item_2025(**top: Any) -> dict[str, Any]:
    """An item from 2025-10: submittedOnDailyAt, ai fields, organization, top-level summary."""
    org = {"_id": "o1", "name": "example-lab", "fullname": "Example Lab", "avatar": "x.png"}
    item: dict[str, Any] = {
        "paper": {
            "id": "2510.00002",
            "authors": [{"_id": "b1", "name": "Eve Invented", "hidden": False}],
            "mediaUrls": ["https://example.org/video.mp4"],
            "publishedAt": "2025-10-02T17:55:42.000Z",
            "submittedOnDailyAt": "2025-10-03T00:21:50.292Z",
            "title": "Cats as Annotators",
            "submittedOnDailyBy": {"_id": "s1", "fullname": "eve", "user": "eve-inv"},
            "summary": "Cats label data.\nBadly.",
            "upvotes": 43,
            "discussionId": "d-1",
            "projectPage": "https://example.org/cats",
            "githubRepo": "https://github.com/example/cats",
            "ai_summary": "Cats are  noisy annotators.",
            "ai_keywords": ["cats", "label noise"],
            "githubStars": 7,
            "organization": org,
        },
        "publishedAt": "2025-10-02T13:55:42.000Z",
        "title": "Cats as Annotators",
        "summary": "Cats label data.\nBadly.",
        "mediaUrls": ["https://example.org/video.mp4"],
        "thumbnail": "https://example.org/thumb/2510.00002.png",
        "numComments": 2,
        "submittedBy": {"_id": "s1", "fullname": "eve", "name": "eve-inv", "isPro": False},
        "organization": org,
        "isAuthorParticipating": False,
    }
    item.update(top)
    return item


def item_2026(**top: Any) -> dict[str, Any]:
    """An item from 2026-08: date-only paper.publishedAt, githubRepoAddedBy, ai_summary_model."""
    item = item_2025(**top)
    paper = item["paper"]
    paper.update(
        id="2608.00003",
        publishedAt="2026-08-20T00:00:00.000Z",
        submittedOnDailyAt="2026-08-21T00:00:00.000Z",
        githubRepoAddedBy="user",
        ai_summary_model="example/model",
    )
    item["publishedAt"] = "2026-08-19T20:00:00.000Z"
    return item


def parse(data: Any, **kwargs: Any) -> paperlist.Listing:
    text = data if isinstance(data, str) else json.dumps(data, indent=4)
    return paperlist.parse(text, format="hf-json", **kwargs)


def only(listing: paperlist.Listing) -> Paper:
    assert len(listing.papers) == 1, listing.problems
    return listing.papers[0]


# -- mapping, era by era ------------------------------------------------------------------------


def test_2024_item() -> None:
    text = json.dumps([item_2024()], indent=4)
    listing = parse(text)
    assert listing.format == "hf-json"
    assert listing.problems == ()
    assert listing.page_date is None
    paper = only(listing)
    assert paper.arxiv_id == "2407.00001"
    assert paper.url == "https://huggingface.co/papers/2407.00001"
    assert paper.title == "Folding Origami Proteins with Tiny Transformers"
    assert paper.abstract == "We fold paper proteins with tiny transformers. It works on Tuesdays."
    assert paper.authors == (
        Author("Ada Example", user="ada-ex"),
        Author("Bo Sample"),
        Author("Cy Hidden", hidden=True),
    )
    assert paper.author_count == 3
    assert paper.published == PartialDate(2024, 7, 31)
    # Before 2025-03 the item's publishedAt is when it was put on Daily Papers.
    assert paper.submitted_at == dt.datetime(2024, 8, 1, 1, 21, 47, 935000, tzinfo=UTC)
    assert (paper.upvotes, paper.comments, paper.submitted_by) == (12, 3, "dee-sub")
    assert paper.thumbnail == "https://example.org/thumb/2407.00001.png"
    assert paper.organization is None
    assert (paper.github_repo, paper.github_stars, paper.project_page) == (None, None, None)
    assert (paper.ai_summary, paper.ai_keywords) == (None, ())
    assert paper.extra == {}  # every key was mapped (and paper.title differs only in spacing)
    assert paper.source is not None
    assert (paper.source.format, paper.source.index) == ("hf-json", 0)
    # The item spans from its "{" (line 2) to its "}" (the line before the array's "]").
    assert (paper.source.line, paper.source.end_line) == (2, text.count("\n"))


def test_2025_item() -> None:
    paper = only(parse([item_2025()]))
    assert paper.arxiv_id == "2510.00002"
    assert paper.abstract == "Cats label data. Badly."
    assert paper.authors == (Author("Eve Invented"),)
    assert paper.published == PartialDate(2025, 10, 2)
    assert paper.submitted_at == dt.datetime(2025, 10, 3, 0, 21, 50, 292000, tzinfo=UTC)
    assert paper.organization == Organization("example-lab", "Example Lab")
    assert paper.github_repo == "https://github.com/example/cats"
    assert paper.github_stars == 7
    assert paper.project_page == "https://example.org/cats"
    assert paper.ai_summary == "Cats are noisy annotators."
    assert paper.ai_keywords == ("cats", "label noise")
    assert paper.submitted_by == "eve-inv"
    # From 2025-03 the item's publishedAt is a shifted copy of paper.publishedAt: kept, not used.
    assert paper.extra == {
        "item": {
            "publishedAt": "2025-10-02T13:55:42.000Z",
            "mediaUrls": ["https://example.org/video.mp4"],
            "isAuthorParticipating": False,
        },
        "paper": {"mediaUrls": ["https://example.org/video.mp4"], "discussionId": "d-1"},
    }


def test_2026_item_date_only_published() -> None:
    paper = only(parse([item_2026()]))
    # The item's publishedAt is the evening before; the paper's own date is what counts.
    assert paper.published == PartialDate(2026, 8, 20)
    assert paper.submitted_at == dt.datetime(2026, 8, 21, tzinfo=UTC)
    assert paper.extra["paper"]["githubRepoAddedBy"] == "user"
    assert paper.extra["paper"]["ai_summary_model"] == "example/model"
    assert paper.extra["item"]["publishedAt"] == "2026-08-19T20:00:00.000Z"


def test_bare_paper_object() -> None:
    """``/api/papers/<id>``: one paper object with its keys at the top."""
    paper_obj = item_2025()["paper"]
    paper = only(parse(paper_obj))
    assert paper.arxiv_id == "2510.00002"
    assert paper.title == "Cats as Annotators"
    assert paper.submitted_by == "eve-inv"  # from submittedOnDailyBy
    assert paper.organization == Organization("example-lab", "Example Lab")
    assert paper.comments is None
    assert paper.thumbnail is None
    assert paper.extra == {
        "paper": {"mediaUrls": ["https://example.org/video.mp4"], "discussionId": "d-1"}
    }


def test_search_response_items() -> None:
    """``/api/papers/search``: items with a paper and fewer top-level keys."""
    items = [{"paper": item_2025()["paper"], "title": "Cats as Annotators", "numComments": 0}]
    paper = only(parse(items))
    assert (paper.comments, paper.upvotes, paper.submitted_by) == (0, 43, "eve-inv")


def test_hydration_object_gives_page_date() -> None:
    data = {"date": "2024-08-01T00:00:00.000Z", "dailyPapers": [item_2024(), item_2025()]}
    listing = parse(data)
    assert listing.page_date == PartialDate(2024, 8, 1)
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002"]
    assert [p.source.index for p in listing.papers if p.source] == [0, 1]


def test_title_falls_back_to_paper_title_without_line_breaks() -> None:
    item = item_2024()
    del item["title"]
    paper = only(parse([item]))
    assert paper.title == "Folding Origami Proteins with Tiny Transformers"
    assert "title" not in paper.extra.get("paper", {})


def test_different_paper_title_is_kept_in_extra() -> None:
    item = item_2024()
    item["paper"]["title"] = "An Older Title"
    paper = only(parse([item]))
    assert paper.title == "Folding Origami Proteins with Tiny Transformers"
    assert paper.extra == {"paper": {"title": "An Older Title"}}


def test_submitted_by_fallbacks() -> None:
    item = item_2025(submittedBy={"user": "by-user-key"})
    assert only(parse([item])).submitted_by == "by-user-key"
    item = item_2025()
    del item["submittedBy"]
    assert only(parse([item])).submitted_by == "eve-inv"
    item = item_2025(submittedBy={"name": "someone-else"})
    paper = only(parse([item]))
    assert paper.submitted_by == "someone-else"
    assert paper.extra["paper"]["submittedOnDailyBy"]["user"] == "eve-inv"


def test_organization_from_paper_when_item_has_none() -> None:
    item = item_2025()
    del item["organization"]
    paper = only(parse([item]))
    assert paper.organization == Organization("example-lab", "Example Lab")
    assert "organization" not in paper.extra.get("paper", {})


def test_nulls_are_absent() -> None:
    item = item_2025(numComments=None, organization=None, thumbnail=None)
    item["paper"].update(githubRepo=None, githubStars=None, upvotes=None, organization=None)
    paper = only(parse([item]))
    assert (paper.comments, paper.organization, paper.thumbnail) == (None, None, None)
    assert (paper.github_repo, paper.github_stars, paper.upvotes) == (None, None, None)
    assert "numComments" not in paper.extra.get("item", {})
    assert paper.problems == ()


def test_submission_time_earlier_than_publication_is_not_used() -> None:
    item = item_2024(publishedAt="2024-07-30T00:00:00.000Z")
    paper = only(parse([item]))
    assert paper.submitted_at is None
    assert paper.extra == {"item": {"publishedAt": "2024-07-30T00:00:00.000Z"}}


def test_modern_item_without_era_markers_keeps_its_published_at() -> None:
    """No submittedOnDailyAt and no top-level summary: the old rule, but the item's publishedAt is
    before the paper's (the 2025+ four-hour shift), so it is no submission time."""
    item = item_2025()
    del item["paper"]["submittedOnDailyAt"]
    del item["summary"]
    paper = only(parse([item]))
    assert paper.submitted_at is None
    assert paper.extra["item"]["publishedAt"] == "2025-10-02T13:55:42.000Z"


def test_unknown_keys_round_trip() -> None:
    item = item_2026(futureKey={"nested": [1, 2.5, None, True]}, anotherOne="x")
    item["paper"]["paperFutureKey"] = ["a", {"b": "c"}]
    paper = only(parse([item]))
    assert paper.extra["item"]["futureKey"] == {"nested": [1, 2.5, None, True]}
    assert paper.extra["item"]["anotherOne"] == "x"
    assert paper.extra["paper"]["paperFutureKey"] == ["a", {"b": "c"}]
    data = serialize.to_dict(paper)
    assert data["extra"]["item"]["futureKey"] == {"nested": [1, 2.5, None, True]}
    assert serialize.from_dict(data, Paper) == paper
    again = serialize.from_dict(json.loads(json.dumps(data)), Paper)
    assert again == paper


# -- damage -------------------------------------------------------------------------------------


def test_items_that_are_not_objects() -> None:
    items: list[Any] = [item_2024(), "{'paper': {'id': '2407.00009'}}", 42, None, item_2025()]
    listing = parse(items)
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002"]
    assert [p.source.index for p in listing.papers if p.source] == [0, 4]
    kinds = [(p.kind, p.message.split(" ")[1]) for p in listing.problems]
    assert kinds == [("bad-item", "1"), ("bad-item", "2"), ("bad-item", "3")]
    assert "Python repr" in listing.problems[0].message
    assert listing.problems[0].text is not None
    assert listing.problems[0].text.startswith("\"{'paper'")
    assert all(p.line is not None for p in listing.problems)


def test_missing_id_or_title() -> None:
    no_id = item_2024()
    del no_id["paper"]["id"]
    no_title = item_2024()
    del no_title["title"]
    del no_title["paper"]["title"]
    listing = parse([no_id, no_title, item_2025()])
    assert [p.arxiv_id for p in listing.papers] == ["2510.00002"]
    assert [(p.kind, p.message) for p in listing.problems] == [
        ("missing-id", "item 0 has no paper id"),
        ("missing-title", "item 1 (2407.00001) has no title"),
    ]


def test_wrong_types_are_reported_and_kept() -> None:
    item = item_2024(numComments="3")
    item["paper"]["upvotes"] = True
    item["paper"]["publishedAt"] = "last Tuesday"
    item["paper"]["authors"].append({"_id": "a4"})
    listing = parse([item])
    paper = only(listing)
    assert (paper.comments, paper.upvotes, paper.published) == (None, None, None)
    assert [p.kind for p in paper.problems] == ["bad-author", "bad-date", "bad-field", "bad-field"]
    assert list(listing.problems) == list(paper.problems)
    assert paper.extra["item"]["numComments"] == "3"
    assert paper.extra["paper"]["upvotes"] is True
    assert paper.extra["paper"]["publishedAt"] == "last Tuesday"
    assert len(paper.extra["paper"]["authors"]) == 4  # the list as given, beside what was read
    assert len(paper.authors) == 3
    assert paper.author_count == 4


def test_broken_item_in_an_indented_array() -> None:
    items = [item_2024(), item_2025(), item_2026()]
    text = json.dumps(items, indent=2)
    # Damage the middle item: a value lost after a key.
    broken = text.replace('"upvotes": 43', '"upvotes": ', 1)
    listing = parse(broken)
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2608.00003"]
    assert [p.source.index for p in listing.papers if p.source] == [0, 2]
    (problem,) = listing.problems
    assert problem.kind == "bad-json"
    assert problem.message.startswith("item 1 is not JSON")
    # The item's "{" is two lines above its id (the id's line number is the newlines before it + 1).
    assert problem.line == text[: text.index('"2510.00002"')].count("\n") - 1
    # Line numbers of the items after the damage are still right.
    last = listing.papers[1]
    assert last.source is not None
    assert last.source.line == text[: text.index('"2608.00003"')].count("\n") - 1
    assert last.source.end_line == text.count("\n")


def test_truncated_array() -> None:
    text = json.dumps([item_2024(), item_2025()], indent=2)
    listing = parse(text[: len(text) // 2 + 200])
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001"]
    assert [p.kind for p in listing.problems] == ["bad-json"]


@pytest.mark.parametrize(
    "cut",
    [
        '[\n  {"paper": {"id": "2401.00001", "title": "T"}},\n  {"paper": {"id": "2401.00002"',
        '[\n  {"paper": {"id": "2401.00001", "title": "Tru',
        '[\n  {"paper": {"id": "2401.00001", "title": "T"}}\n',
    ],
)
def test_a_cut_document_reads_the_same_with_or_without_a_final_line_end(cut: str) -> None:
    # The final line end is dropped before reading, so JSON's own error (and its position)
    # does not move onto a line the document does not have.
    problems = [(p.line, p.message) for p in parse(cut).problems]
    assert problems
    assert [(p.line, p.message) for p in parse(cut + "\n").problems] == problems
    assert all(line is not None and line <= cut.count("\n") + 1 for line, _ in problems)


def test_missing_comma_and_trailing_comma() -> None:
    a, b = json.dumps(item_2024()), json.dumps(item_2025())
    listing = parse(f"[\n{a}\n{b},\n]")
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002"]
    assert [p.kind for p in listing.problems] == ["bad-json", "bad-json"]
    assert "no ','" in listing.problems[0].message


def test_strict_raises() -> None:
    with pytest.raises(paperlist.ParseError):
        parse([item_2024(), 7], strict=True)


@pytest.mark.parametrize(
    "text",
    ["", "   \n", "{", "[", "]", "null", "1", '"x"', "{}", "[]", '{"a": 1}', "[1, 2]", "[[[]]]",
     "not json at all", "<html><body>hi</body></html>", "{\n  \"paper\": ", "[" * 5000,
     '{"paper": {"id": 5, "title": []}}', '{"paper": null}', "NaN", "[1,]", "\ufeff[]"],
)  # fmt: skip
def test_never_crashes(text: str) -> None:
    listing = paperlist.parse(text, format="hf-json")
    assert listing.format == "hf-json"
    assert listing.papers == ()


def test_unrelated_json_gives_problems_not_papers() -> None:
    listing = paperlist.parse('[{"name": "x"}, {"id": 1}]', format="hf-json")
    assert listing.papers == ()
    assert [p.kind for p in listing.problems] == ["missing-id", "missing-id"]


# -- JSON Lines ---------------------------------------------------------------------------------


def jsonl(*values: Any) -> str:
    return "".join(json.dumps(v) + "\n" for v in values)


def test_json_lines() -> None:
    text = jsonl(item_2024(), item_2025()) + "\n" + "{broken\n" + jsonl(item_2026())
    listing = parse(text)
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002", "2608.00003"]
    assert [
        (p.source.line, p.source.end_line, p.source.index) for p in listing.papers if p.source
    ] == [
        (1, 1, 0),
        (2, 2, 1),
        (5, 5, 3),
    ]
    (problem,) = listing.problems
    assert (problem.kind, problem.line, problem.text) == ("bad-json", 4, "{broken")
    assert problem.message.startswith("item 2:")


def test_json_lines_of_responses_and_bare_papers() -> None:
    text = jsonl([item_2024(), item_2025()], item_2026()["paper"], "repr string")
    listing = parse(text)
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002", "2608.00003"]
    assert [p.source.line for p in listing.papers if p.source] == [1, 1, 2]
    assert [(p.kind, p.line) for p in listing.problems] == [("bad-item", 3)]


def test_compact_response_on_one_line() -> None:
    listing = parse(json.dumps([item_2024(), item_2025()]))
    assert [p.arxiv_id for p in listing.papers] == ["2407.00001", "2510.00002"]
    assert listing.problems == ()


def test_json_lines_stream_without_reading_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_text(self: Document) -> str:
        raise AssertionError("JSON Lines must be read line by line")

    monkeypatch.setattr(Document, "text", no_text)
    data = jsonl(*(item_2025() for _ in range(50))).encode()
    papers = list(paperlist.iter_papers(io.BytesIO(data), format="hf-json"))
    assert len(papers) == 50
    assert [p.source.index for p in papers if p.source] == list(range(50))


def test_same_papers_from_every_layout() -> None:
    items = [item_2024(), item_2025(), item_2026()]
    layouts = [
        json.dumps(items),
        json.dumps(items, indent=4),
        json.dumps(items, indent="\t").replace("\n", "\r\n"),
        jsonl(*items),
        "\ufeff" + jsonl(*items),
    ]
    results = [parse(text).papers for text in layouts]
    assert all(r == results[0] for r in results)
    assert len(results[0]) == 3
    as_bytes = paperlist.parse(json.dumps(items, indent=2).encode("utf-16"))
    assert as_bytes.papers == results[0]


# -- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        [item_2024()],
        [item_2025()],
        [item_2026()],
        item_2025()["paper"],
        {"date": "2024-08-01", "dailyPapers": [item_2024()]},
    ],
)
def test_detects_api_json(data: Any) -> None:
    for text in (json.dumps(data), json.dumps(data, indent=4), jsonl(data)):
        assert paperlist.detect(text) == "hf-json"
        assert ADAPTER.score(text[:8192]) >= 0.6


def test_detects_a_bare_paper_whose_authors_fill_the_head() -> None:
    paper = {
        "authors": [
            {"_id": f"a{i}", "name": f"Author Number {i}", "hidden": False} for i in range(500)
        ],
        "id": "2407.00001",
        "title": "A Paper With Many Authors",
        "upvotes": 3,
    }
    assert paperlist.detect(json.dumps(paper, indent=2)) == "hf-json"


def test_detects_items_with_keys_in_another_order() -> None:
    item = item_2025()
    reordered = {k: item[k] for k in reversed(list(item))}
    reordered["paper"] = {k: item["paper"][k] for k in reversed(list(item["paper"]))}
    assert paperlist.detect(json.dumps([reordered], indent=2)) == "hf-json"


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1}',
        "[1, 2]",
        '[{"name": "x", "id": "y"}, {"name": "z"}]',
        '{"id": "2401.00001", "title": "T", "summary": "S", "authors": [{"name": "A"}]}',
        '{"paper": 1}',
        "Plain text\n\nthat is not JSON",
        "<!doctype html><html><body><p>hello</p></body></html>",
        "",
    ],
)
def test_other_inputs_are_not_hf_json(text: str) -> None:
    assert paperlist.detect(text) != "hf-json"
    assert ADAPTER.score(text) <= formats.scores(text)["hf-text"]
    assert ADAPTER.score(text) <= 0.01


@pytest.mark.parametrize("gap", ["", "\n  "], ids=["minified", "indented"])
def test_bad_json_names_line_and_column(gap: str) -> None:
    good = json.dumps(item_2024())
    text = f"[{gap}{good},{gap}{{broken,{gap}{good}]"
    (problem,) = parse(text).problems
    # The column counts from the start of the error's own line, not of the response.
    line = text.count("\n", 0, text.index("{broken")) + 1
    column = text.index("broken") - text.rfind("\n", 0, text.index("broken"))
    assert problem.kind == "bad-json"
    assert f"at line {line}, column {column}" in problem.message
