"""A paper page of the 2025 layout (tests/hf_html_pages.py ``paper_page_2025``), JSON-first.

The Abstract section opens with the AI-generated summary (a boxed ``<p>`` with its label), then
the abstract, interrupted by keyword links; "Submitted by" links the username with the display name
as text.  Where the hydration JSON is present its values win and the markup is the cross-check.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import paperlist
from paperlist.records import Author, Organization, PartialDate

from .hf_html_pages import PAPER_2025_JSON, paper_page, paper_page_2025

ABSTRACT = PAPER_2025_JSON["paper"]["summary"]
SUMMARY = PAPER_2025_JSON["paper"]["ai_summary"]


def test_with_json() -> None:
    listing = paperlist.parse(paper_page_2025())
    assert listing.format == "hf-html"
    (paper,) = listing.papers
    assert listing.problems == ()  # the markup agrees with the JSON on every field it shows
    assert paper.arxiv_id == "2506.04321"
    assert paper.title == "Harbor Maps: Routing Tool Calls Through One Shared Protocol"
    assert paper.abstract == ABSTRACT
    assert paper.ai_summary == SUMMARY
    assert paper.ai_keywords == ("HMP", "routing tables")
    assert paper.submitted_by == "Quillwright"  # the username, not "Oda Quill"
    assert paper.authors == (
        Author("Oda Quill", "Quillwright"),
        Author("Ben Sato"),
        Author("Lia Verne"),
    )
    assert (paper.upvotes, paper.comments) == (212, 3)
    assert paper.published == PartialDate(2025, 6, 2)
    assert paper.submitted_at == dt.datetime(2025, 6, 3, 7, 30, tzinfo=dt.timezone.utc)
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/harbor-lab/maps", 77)
    assert paper.project_page == "https://harbor.example/maps"
    assert paper.organization == Organization("harbor-lab", "Harbor Lab")


def test_markup_alone() -> None:
    listing = paperlist.parse(paper_page_2025(with_json=False), reference_date="2025-12-31")
    (paper,) = listing.papers
    assert listing.problems == ()
    assert paper.arxiv_id == "2506.04321"  # from og:url
    assert paper.abstract == ABSTRACT  # the keyword links' text is part of it
    assert paper.ai_summary == SUMMARY  # the boxed paragraph, its label under it
    assert paper.ai_keywords == ("HMP", "routing tables")  # the links' q=
    assert paper.submitted_by == "Quillwright"
    assert [a.name for a in paper.authors] == ["Oda Quill", "Ben Sato", "Lia Verne"]
    assert paper.authors[0].user == "Quillwright"
    assert (paper.upvotes, paper.comments, paper.author_count) == (212, 3, 3)
    assert paper.published == PartialDate(2025, 6, 2)
    assert (paper.github_repo, paper.github_stars) == ("https://github.com/harbor-lab/maps", 77)
    # only the JSON carries these
    assert (paper.project_page, paper.organization, paper.submitted_at) == (None, None, None)


def test_json_wins_and_the_markup_checks() -> None:
    data = json.loads(json.dumps(PAPER_2025_JSON))
    data["paper"]["summary"] = "A different abstract, as the site's data has it."
    data["paper"]["ai_summary"] = "Another machine summary."
    data["paper"]["submittedOnDailyBy"] = {"user": "someone-else"}
    data["paper"]["upvotes"] = "212"  # not well formed: the markup's value stands in
    listing = paperlist.parse(paper_page_2025(props=json.dumps(data)))
    (paper,) = listing.papers
    assert paper.abstract == "A different abstract, as the site's data has it."
    assert paper.ai_summary == "Another machine summary."
    assert paper.submitted_by == "someone-else"
    assert paper.upvotes == 212
    problems = listing.problems
    mismatched = {p.message.split(":")[0] for p in problems if p.kind == "html-json-mismatch"}
    assert mismatched == {"abstract", "ai_summary", "submitted_by"}
    assert all(
        p.message.endswith("kept the hydration JSON's")
        for p in problems
        if p.kind == "html-json-mismatch"
    )
    assert [p.kind for p in problems if p.kind != "html-json-mismatch"] == ["bad-field"]
    assert all(p in paper.problems for p in problems)  # they are the paper's own


def test_summary_label_before_its_paragraph() -> None:
    """The older layout (label first) reads the same way."""
    (paper,) = paperlist.parse(paper_page(with_json=False), reference_date="2025-01-01").papers
    assert paper.ai_summary == "A short machine summary of folding."
    assert paper.abstract == "We fold paper cranes with transformers and count the folds."
    assert paper.submitted_by == "janedoe"


def test_abstract_without_summary() -> None:
    page = re.sub(
        r'<div class="rounded-xl.*?AI-generated summary</div>\s*</div>',
        "",
        paper_page_2025(with_json=False),
        flags=re.S,
    )
    assert "AI-generated" not in page
    (paper,) = paperlist.parse(page, reference_date="2025-12-31").papers
    assert paper.abstract == ABSTRACT
    assert paper.ai_summary is None


def test_layout_variants_give_the_same_paper() -> None:
    for with_json in (True, False):
        page = paper_page_2025(with_json=with_json)
        expected = paperlist.parse(page, reference_date="2025-12-31").papers
        minified = re.sub(r">\s+<", "><", page)
        assert paperlist.parse(minified, reference_date="2025-12-31").papers == expected
        bare = re.sub(r'\s+class="(?!author")[^"]*"', "", page)  # span.author is the anchor
        assert paperlist.parse(bare, reference_date="2025-12-31").papers == expected
