"""The hf-html adapter on pages written for these tests (see tests/hf_html_pages.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from typing import Any

import attrs
import parsel
import pytest

import paperlist
from paperlist import formats
from paperlist.records import Author, Organization, Paper, PartialDate
from paperlist.serialize import to_dict

from .hf_html_pages import (
    DAILY_ITEMS,
    PAPER_2025_JSON,
    PAPER_JSON,
    SEARCH_PAGE,
    daily_page,
    paper_page,
    paper_page_2025,
)

FIELDS = ("arxiv_id", "title", "upvotes", "comments", "author_count", "submitted_by")


def _facts(papers: tuple[Paper, ...]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(p, f) for f in FIELDS) for p in papers]


def _kinds(listing: paperlist.Listing) -> list[str]:
    return [p.kind for p in listing.problems]


# -- search result pages ------------------------------------------------------------------------


def test_search_cards() -> None:
    listing = paperlist.parse(SEARCH_PAGE)
    assert listing.format == "hf-html"
    assert listing.page_date is None
    a, b, c, d = listing.papers
    assert a.arxiv_id == "2403.01234"
    assert a.url == "https://huggingface.co/papers/2403.01234"
    assert a.title == "Quiet Gradients in Loud Networks"
    assert a.abstract is not None
    assert a.abstract.startswith("We study how gradients stay quiet")
    assert "  " not in a.abstract
    assert (a.upvotes, a.comments, a.author_count) == (42, 3, 4)
    assert a.published == PartialDate(2024, 3, 8)
    assert a.authors == ()  # avatars carry usernames, never names
    assert a.organization is None
    # an organization instead of authors; "-" upvotes; yearless date; no comments; v2 dropped
    assert b.arxiv_id == "2405.11111"
    assert b.organization == Organization("acme-labs", "Acme Labs")
    assert (b.upvotes, b.comments, b.author_count) == (0, 0, None)  # no #community link: 0
    assert b.published == PartialDate(None, 5, 29)
    assert [p.kind for p in b.problems] == ["yearless-date"]
    assert (c.upvotes, c.comments, c.author_count) == (1204, 12, 1)
    assert c.published == PartialDate(2023, 11, 2)
    # a trending card's GitHub link and star count
    assert d.github_repo == "https://github.com/example/tiny-toolkit"
    assert d.github_stars == 1532
    assert _kinds(listing) == ["yearless-date"]


def test_search_yearless_date_uses_reference() -> None:
    listing = paperlist.parse(SEARCH_PAGE, reference_date="2025-06-01")
    assert listing.papers[1].published == PartialDate(2025, 5, 29)
    assert listing.problems == ()
    early = paperlist.parse(SEARCH_PAGE, reference_date=dt.date(2025, 5, 1))
    assert early.papers[1].published == PartialDate(2024, 5, 29)


def test_source_lines_point_at_cards() -> None:
    lines = SEARCH_PAGE.split("\n")
    for paper in paperlist.parse(SEARCH_PAGE).papers:
        assert paper.source is not None
        assert paper.source.format == "hf-html"
        assert paper.source.line is not None
        assert paper.source.end_line is not None
        assert lines[paper.source.line - 1].lstrip().startswith("<article")
        span = "\n".join(lines[paper.source.line - 1 : paper.source.end_line])
        assert paper.title in span


# -- daily pages ----------------------------------------------------------------------------------


def test_daily_page_with_json() -> None:
    listing = paperlist.parse(daily_page())
    assert listing.page_date == PartialDate(2024, 8, 1)
    assert listing.problems == ()
    first, second = listing.papers
    assert first.title == "Lanterns: Lighting the Way for Small Models"
    assert first.authors == (
        Author("Mira Okafor", "mokafor"),
        Author("Tomas Lind"),
        Author("Yuki Tanabe", hidden=True),
    )
    assert (first.author_count, first.upvotes, first.comments) == (3, 31, 4)
    assert first.submitted_by == "mokafor"
    assert first.published == PartialDate(2024, 7, 31)
    assert first.abstract == "We light lanterns for small models."
    assert first.thumbnail == "https://thumbs.example/2408.00101.png"
    # the hydration items are read as hf-json reads API items: its extra layout, submitted_at
    assert first.extra == {"paper": {"discussionId": "d1"}}
    assert first.submitted_at == dt.datetime(2024, 8, 1, 1, 0, tzinfo=dt.timezone.utc)
    assert second.submitted_at is None  # its item has no top-level publishedAt
    assert (second.upvotes, second.comments, second.submitted_by) == (0, 0, "rmenon")


def test_daily_page_markup_alone() -> None:
    with_json = paperlist.parse(daily_page())
    listing = paperlist.parse(daily_page(with_json=False))
    assert listing.page_date == PartialDate(2024, 8, 1)
    first = listing.papers[0]
    assert _facts(listing.papers)[0] == _facts(with_json.papers)[0]
    assert first.authors == ()
    authors: tuple[Author, ...] = first.authors
    assert "mokafor" not in [author.name for author in authors]
    assert listing.papers[1].comments == 0  # a complete card with no comment link


def test_daily_page_without_classes() -> None:
    bare = re.sub(r'\s+class="[^"]*"', "", daily_page(with_json=False))
    assert "class=" not in bare
    markup_only = paperlist.parse(daily_page(with_json=False)).papers
    assert _facts(paperlist.parse(bare).papers) == _facts(markup_only)


def test_markup_and_json_disagree() -> None:
    """The hydration JSON is the site's own data: its values win; the markup is the check."""
    items = json.loads(json.dumps(DAILY_ITEMS))
    items[0]["paper"]["upvotes"] = 99
    items[0]["numComments"] = 7
    props = json.dumps({"date": "2024-08-02T00:00:00.000Z", "dailyPapers": items})
    listing = paperlist.parse(daily_page(DAILY_ITEMS, props=props))  # markup: the untouched items
    first = listing.papers[0]
    assert (first.upvotes, first.comments) == (99, 7)
    mismatches = [p for p in listing.problems if p.kind == "html-json-mismatch"]
    assert {m.message.split(":")[0] for m in mismatches} == {"page date", "upvotes", "comments"}
    assert all(m.message.endswith("kept the hydration JSON's") for m in mismatches)
    assert {m.text for m in mismatches} == {"2024-08-01", "31", "4"}  # the markup's, quoted
    assert listing.page_date == PartialDate(2024, 8, 2)
    # the card's problems are on the card; the page date's belongs to no paper
    assert len(first.problems) == 2
    assert [p.kind for p in listing.problems].count("html-json-mismatch") >= 1


def test_broken_json_is_a_problem_and_markup_still_reads() -> None:
    listing = paperlist.parse(daily_page(props='{"date": "2024-08-01", "dailyPapers": [{'))
    assert "bad-json" in _kinds(listing)
    assert _facts(listing.papers) == _facts(paperlist.parse(daily_page(with_json=False)).papers)


def test_json_paper_without_card() -> None:
    page = daily_page()
    cut = page.index("<article", page.index("<article") + 1)
    listing = paperlist.parse(page[:cut])
    assert [p.arxiv_id for p in listing.papers] == ["2408.00101", "2408.00202"]
    assert "missing-card" in _kinds(listing)
    assert "truncated" in _kinds(listing)
    assert listing.papers[1].upvotes == 0


def test_card_without_title_is_a_problem() -> None:
    page = daily_page(with_json=False)
    page = re.sub(r"<h3 [^>]*>.*?</h3>", "", page, count=1, flags=re.S)
    listing = paperlist.parse(page)
    assert [p.arxiv_id for p in listing.papers] == ["2408.00202"]
    (problem,) = [p for p in listing.problems if p.kind == "missing-title"]
    assert problem.text is not None
    assert "Submitted by mokafor" in problem.text
    assert problem.line is not None


# -- paper pages ----------------------------------------------------------------------------------


def test_paper_page_with_json() -> None:
    listing = paperlist.parse(paper_page())
    (paper,) = listing.papers
    assert listing.problems == ()
    assert paper.arxiv_id == "2409.17777"
    assert paper.title == "Folding Paper Cranes with Transformers"
    assert paper.authors == (Author("Min Lee", "mlee"), Author("Ana Souza"), Author("Piet Vos"))
    assert paper.author_count == 3
    assert paper.abstract == PAPER_JSON["paper"]["summary"]
    assert paper.ai_summary == "A short machine summary of folding."
    assert paper.ai_keywords == ("paper cranes", "transformers")
    assert (paper.upvotes, paper.comments) == (57, 2)
    assert paper.published == PartialDate(2024, 9, 28)
    assert paper.submitted_by == "janedoe"
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/cranes/fold", 318)
    assert paper.project_page == "https://cranes.example"
    assert paper.organization == Organization("origami-lab", "Origami Lab")
    assert paper.submitted_at == dt.datetime(2024, 9, 29, 8, 0, tzinfo=dt.timezone.utc)
    assert paper.extra == {}


def test_paper_page_markup_alone() -> None:
    (paper,) = paperlist.parse(paper_page(with_json=False), reference_date="2025-01-01").papers
    assert paper.arxiv_id == "2409.17777"
    assert paper.title == "Folding Paper Cranes with Transformers"
    assert [a.name for a in paper.authors] == ["Min Lee", "Ana Souza", "Piet Vos"]
    assert paper.authors[0].user == "mlee"
    assert paper.abstract == "We fold paper cranes with transformers and count the folds."
    assert paper.ai_summary == "A short machine summary of folding."
    assert paper.ai_keywords == ("paper cranes", "transformers")
    assert paper.upvotes == 57
    assert paper.published == PartialDate(2024, 9, 28)
    assert paper.submitted_by == "janedoe"
    assert paper.github_repo == "https://github.com/cranes/fold"
    assert paper.github_stars == 318


def test_paper_page_yearless_without_reference() -> None:
    listing = paperlist.parse(paper_page(with_json=False))
    assert listing.papers[0].published == PartialDate(None, 9, 28)
    assert _kinds(listing) == ["yearless-date"]


# -- markup variants ----------------------------------------------------------------------------


def _minify(page: str) -> str:
    return re.sub(r">\s+<", "><", page)


def _prettify(page: str) -> str:
    return re.sub(r"><", ">\n    \n<", page.replace("\n", "\n\t  "))


@pytest.mark.parametrize("variant", [_minify, _prettify], ids=["minified", "prettified"])
@pytest.mark.parametrize("make", [lambda: SEARCH_PAGE, daily_page, paper_page])
def test_markup_variants(variant: Any, make: Any) -> None:
    page = make()
    expected = paperlist.parse(page).papers
    got = paperlist.parse(variant(page)).papers
    assert got == expected  # Paper equality ignores source and problems


def test_crlf_keeps_fields_and_lines() -> None:
    lf = paperlist.parse(SEARCH_PAGE).papers
    crlf = paperlist.parse(SEARCH_PAGE.replace("\n", "\r\n")).papers
    cr = paperlist.parse(SEARCH_PAGE.replace("\n", "\r")).papers
    assert crlf == lf
    assert cr == lf
    assert [p.source for p in crlf] == [p.source for p in lf]
    assert [p.source for p in cr] == [p.source for p in lf]


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_truncated_page(fraction: float) -> None:
    page = SEARCH_PAGE
    listing = paperlist.parse(page[: int(len(page) * fraction)], format="hf-html")
    assert "truncated" in _kinds(listing)
    full = {p.arxiv_id: p for p in paperlist.parse(page).papers}
    for paper in listing.papers:
        assert paper.arxiv_id in full
        assert full[paper.arxiv_id].title.startswith(paper.title)


def test_attribute_quoting_and_order() -> None:
    page = SEARCH_PAGE.replace(
        '<a href="/papers/2403.01234">', "<a data-x=1 href=/papers/2403.01234>"
    )
    page = page.replace(
        'href="/login?next=%2Fpapers%2F2403.01234" class="up"',
        "class='u' href='/login?next=%2fpapers%2f2403.01234'",
    )
    assert _facts(paperlist.parse(page).papers) == _facts(paperlist.parse(SEARCH_PAGE).papers)


# -- inputs ---------------------------------------------------------------------------------------


def test_parsel_selector_input_is_used_as_is() -> None:
    selector = parsel.Selector(text=SEARCH_PAGE)
    listing = paperlist.parse(selector)
    assert listing.format == "hf-html"
    assert listing.papers == paperlist.parse(SEARCH_PAGE).papers


class FakeResponse:
    def __init__(self, text: str, url: str = "https://huggingface.co/papers?q=x") -> None:
        self.text = text
        self.url = url


class ScrapyLikeResponse(FakeResponse):
    def __init__(self, text: str) -> None:
        super().__init__("<html><body>not this text</body></html>")
        self.selector = parsel.Selector(text=text)


def test_response_object_input() -> None:
    listing = paperlist.parse(FakeResponse(daily_page()))
    assert listing.format == "hf-html"
    assert listing.papers == paperlist.parse(daily_page()).papers


def test_scrapy_like_response_reuses_its_selector() -> None:
    listing = paperlist.parse(ScrapyLikeResponse(daily_page()), format="hf-html")
    assert listing.papers == paperlist.parse(daily_page()).papers


def test_bytes_with_meta_charset() -> None:
    page = SEARCH_PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Quiet Gradients", "Quiet Gr\u00e4dients")
    listing = paperlist.parse(page.encode("cp1252"))
    assert listing.papers[0].title == "Quiet Gr\u00e4dients in Loud Networks"
    utf8 = paperlist.parse(SEARCH_PAGE.replace("Quiet Gradients", "Quiet Gr\u00e4dients").encode())
    assert utf8.papers[0].title == "Quiet Gr\u00e4dients in Loud Networks"


# -- detection ------------------------------------------------------------------------------------


def test_detection() -> None:
    adapter = formats.get("hf-html")
    assert adapter.name == "hf-html"
    assert adapter.score(daily_page()[:8192]) >= 0.8
    assert adapter.score(SEARCH_PAGE) >= 0.8
    assert 0.3 <= adapter.score("<!doctype html><html><body><p>hi</p></body></html>") <= 0.6
    assert adapter.score(json.dumps(DAILY_ITEMS)) == 0.0
    assert adapter.score('[{"title": "<html>"}]') == 0.0
    assert adapter.score("A Title\n\nAn abstract.\n  • 3 authors\n·\nMar 3, 2024\n") == 0.0
    assert adapter.score("") == 0.0
    assert paperlist.detect(SEARCH_PAGE) == "hf-html"
    assert paperlist.detect(paper_page().encode()) == "hf-html"
    assert paperlist.detect(parsel.Selector(text=SEARCH_PAGE)) == "hf-html"


def test_import_stays_cheap() -> None:
    code = (
        "import sys, paperlist\n"
        "from paperlist import formats\n"
        "formats.get('hf-html')\n"
        "paperlist.detect('<html><body></body></html>')\n"
        "print(sorted(m for m in ('lxml', 'parsel') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- hostile input --------------------------------------------------------------------------------


def test_deep_nesting_is_cheap() -> None:
    page = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    start = time.perf_counter()
    listing = paperlist.parse(page)
    assert time.perf_counter() - start < 5
    assert listing.papers == ()
    assert "html-limit" in _kinds(listing)


def test_nested_cards_stay_linear() -> None:
    card = (
        '<div><h3><a href="/papers/2401.{n:05d}">T{n}</a></h3>'
        '<a href="/login?next=%2Fpapers%2F2401.{n:05d}">{n}</a>'
    )
    depth = 240
    page = "<html><body>" + "".join(card.format(n=n) for n in range(depth)) + "</div>" * depth
    start = time.perf_counter()
    listing = paperlist.parse(page + "</body></html>")
    assert time.perf_counter() - start < 2
    # Each card is cut down to the part that holds its own links only: titles, not upvotes.
    assert [p.title for p in listing.papers] == [f"T{n}" for n in range(depth)]
    assert listing.papers[-1].upvotes == depth - 1


def test_enormous_attribute() -> None:
    page = daily_page(props="[" * 2_000_000)
    start = time.perf_counter()
    listing = paperlist.parse(page)
    assert time.perf_counter() - start < 5
    assert "bad-json" in _kinds(listing)
    assert len(listing.papers) == 2
    huge = '<html><body><div title="' + "a" * 12_000_000 + '">x</div></body></html>'
    assert paperlist.parse(huge, format="hf-html").papers == ()


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "\x00\x00",
        "<",
        "<<<>>>",
        "<a href='/papers/2401.00001'>",
        "{}",
        "plain words",
        "<h3><a href=/papers/2401.00001></a></h3>",
        "<time datetime='nope'>x</time>",
        '<div data-target="DailyPapers" data-props="&quot;"></div>',
        '<div data-target="PaperContent" data-props="[1]"><h1>x</h1></div>',
        '<div data-target="DailyPapers" data-props=\'{"dailyPapers": 3, "date": 5}\'></div>',
        '<div data-target="DailyPapers" '
        'data-props=\'{"dailyPapers": [{"paper": {"id": 7}}]}\'></div>',
    ],
)
def test_never_raises(junk: str) -> None:
    for source in (junk, junk.encode("utf-8")):
        listing = paperlist.parse(source, format="hf-html")
        assert "internal-error" not in _kinds(listing)


def test_hydration_items_read_as_hf_json_reads_them() -> None:
    """One mapping for HF's item shape: hf-html's hydration path gives what hf-json gives."""
    props = json.dumps({"date": "2024-08-01T00:00:00.000Z", "dailyPapers": DAILY_ITEMS})
    from_json = paperlist.parse(props, format="hf-json").papers
    from_html = paperlist.parse(daily_page()).papers
    # every field (source and problems are not compared); the second item has no thumbnail
    # in its JSON, and its card's image gives one
    assert from_html[0] == from_json[0]
    assert from_html[0].submitted_at is not None
    assert (from_json[1].thumbnail, from_html[1].thumbnail) == (
        None,
        "https://thumbs.example/2408.00202.png",
    )
    assert attrs.evolve(from_html[1], thumbnail=None) == from_json[1]


def test_unreadable_hydration_items_are_problems() -> None:
    items = [*json.loads(json.dumps(DAILY_ITEMS)), {"paper": {"title": "No id"}}, "junk"]
    items[0]["paper"]["upvotes"] = "31"  # the wrong type: a bad-field, as in hf-json
    listing = paperlist.parse(daily_page(DAILY_ITEMS, props=json.dumps({"dailyPapers": items})))
    assert [p.arxiv_id for p in listing.papers] == ["2408.00101", "2408.00202"]
    assert listing.papers[0].upvotes == 31  # the markup's
    assert listing.papers[0].extra["paper"]["upvotes"] == "31"
    assert sorted(_kinds(listing)) == ["bad-field", "bad-item", "missing-id"]


def test_card_title_stands_in_for_a_missing_json_title() -> None:
    items = json.loads(json.dumps(DAILY_ITEMS))
    page = daily_page(items)
    del items[1]["title"], items[1]["paper"]["title"]
    props = json.dumps({"date": "2024-08-01", "dailyPapers": items})
    listing = paperlist.parse(daily_page(DAILY_ITEMS, props=props))
    assert page
    second = listing.papers[1]
    assert second.title == "Pebbles and Mountains"
    assert second.authors == (Author("Ravi Menon"),)  # the JSON was still read
    assert listing.problems == ()


def test_comments_zero_only_on_complete_cards() -> None:
    """No #community link means 0 comments on a whole card, unknown on a card cut short."""
    card = SEARCH_PAGE[SEARCH_PAGE.index("<article") : SEARCH_PAGE.index("</article>") + 10]
    card = card.replace("#community", "#elsewhere")
    page = f"<html><body><main>{card}</main></body></html>"
    (whole,) = paperlist.parse(page, format="hf-html").papers
    assert whole.comments == 0
    cut = card[: card.index('<div class="meta">')]  # title and abstract, no metadata row
    (partial,) = paperlist.parse(f"<html><body><main>{cut}", format="hf-html").papers
    assert (partial.title, partial.comments) == ("Quiet Gradients in Loud Networks", None)


@pytest.mark.parametrize(
    ("href", "target"),
    [
        ("/papers/2401.00001", ("paper", "2401.00001", None, None)),
        (
            "https://huggingface.co/papers/2401.00001v3#community",
            ("community", "2401.00001", None, None),
        ),
        ("HTTPS://WWW.HuggingFace.co/Papers/2401.00001/", ("paper", "2401.00001", None, None)),
        ("//huggingface.co/papers/2401.00001", ("paper", "2401.00001", None, None)),
        ("/papers/2401.00001?utm=x#top", ("paper", "2401.00001", None, None)),
        ("/login?next=%2Fpapers%2F2401.00001", ("login", "2401.00001", None, None)),
        ("/login?next=%2fpapers%2f2401.00001%3Fa%3Db", ("login", "2401.00001", None, None)),
        ("/login?x=1&next=/papers/2401.00001", ("login", "2401.00001", None, None)),
        ("/login?next=%2Fmodels", ("other", None, None, None)),
        ("/papers?q=routing%20tables", ("keyword", None, None, "routing tables")),
        ("/papers?date=2024-08-01&q=MCP", ("keyword", None, None, "MCP")),
        ("/papers?date=2024-08-01", ("other", None, None, None)),
        ("/papers/2401.00001/extra", ("other", None, None, None)),
        ("/acme-labs", ("slug", None, "acme-labs", None)),
        ("https://huggingface.co/Jakumetsu/", ("slug", None, "Jakumetsu", None)),
        ("/models", ("other", None, None, None)),
        ("https://github.com/owner/repo", ("github", None, None, None)),
        ("https://github.com/owner", ("other", None, None, None)),
        ("https://example.com/papers/2401.00001", ("other", None, None, None)),
        ("javascript:/papers/2401.00001", ("other", None, None, None)),
        ("http://[::1/papers/2401.00001", ("other", None, None, None)),
        ("", ("other", None, None, None)),
    ],
)
def test_hrefs_are_read_by_their_parts(href: str, target: tuple[Any, ...]) -> None:
    from paperlist.formats.hf_html.tree import link_to

    link = link_to(href)
    assert (link.kind, link.pid, link.slug, link.keyword) == target


def test_lone_surrogate_in_hydration_json_is_replaced_on_its_paper() -> None:
    # "\ud83d" with no partner, as a JSON escape in data-props (the markup has none): read as
    # U+FFFD with a lone-surrogate problem on that paper alone, as hf-json reads an API item.
    items = json.loads(json.dumps(DAILY_ITEMS))
    items[1]["title"] = items[1]["paper"]["title"] = "Pebbles \ud83d Mountains"
    items[0]["paper"]["summary"] = "A whole pair \U0001f600 is one character."  # no problem
    props = json.dumps({"date": "2024-08-01T00:00:00.000Z", "dailyPapers": items})
    assert "\\ud83d" in props
    listing = paperlist.parse(daily_page(props=props))
    first, second = listing.papers
    assert second.title == "Pebbles \ufffd Mountains"
    assert [p.kind for p in second.problems].count("lone-surrogate") == 1
    assert "lone-surrogate" not in [p.kind for p in first.problems]
    assert first.abstract == "A whole pair \U0001f600 is one character."
    assert [p.kind for p in listing.problems].count("lone-surrogate") == 1
    text = json.dumps(to_dict(second), ensure_ascii=False)
    text.encode("utf-8")  # nothing left that UTF-8 cannot write


def test_lone_surrogate_in_paper_page_json_is_replaced() -> None:
    data = json.loads(json.dumps(PAPER_2025_JSON))
    data["paper"]["summary"] = "An abstract \udc00 with a lone low surrogate."
    (paper,) = paperlist.parse(paper_page_2025(props=json.dumps(data))).papers
    assert paper.abstract == "An abstract \ufffd with a lone low surrogate."
    assert [p.kind for p in paper.problems].count("lone-surrogate") == 1
