"""A typical BeautifulSoup scraper of a Daily Papers page: the peer ``hf-html`` is measured against.

It extracts what paperlist's ``hf-html`` gives for the same page (ids, titles, upvotes, comment
counts, author counts, submitters, and author names from the hydration JSON), the way scrapers
commonly do it: ``BeautifulSoup(html, "lxml")`` then ``find_all`` and ``get_text``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup, Tag

_PAPER = re.compile(r"^/papers/(\d{4}\.\d{4,5})$")
_AUTHORS = re.compile(r"(\d[\d,]*)\s+authors?")


def scrape(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "lxml")
    names: dict[str, list[str]] = {}
    hydrater = soup.find("div", attrs={"data-target": "DailyPapers"})
    if isinstance(hydrater, Tag):
        props = json.loads(str(hydrater.get("data-props", "{}")))
        for item in props.get("dailyPapers", []):
            paper = item.get("paper", {})
            names[paper.get("id", "")] = [a.get("name", "") for a in paper.get("authors", [])]
    rows = []
    for article in soup.find_all("article"):
        heading = article.find("h3")
        link = heading.find("a", href=_PAPER) if isinstance(heading, Tag) else None
        if not isinstance(link, Tag):
            continue
        match = _PAPER.match(str(link["href"]))
        paper_id = match.group(1) if match else None
        upvote = article.find("a", href=re.compile(r"^/login\?next="))
        upvotes = upvote.get_text(strip=True) if isinstance(upvote, Tag) else None
        comments = article.find("a", href=re.compile(r"#community$"))
        count = _AUTHORS.search(article.get_text(" "))
        submitted = article.find(string=re.compile("Submitted by"))
        submitter = None
        if submitted is not None and isinstance(submitted.parent, Tag):
            submitter = submitted.parent.get_text(" ", strip=True).removeprefix("Submitted by ")
        rows.append(
            {
                "id": paper_id,
                "title": link.get_text(" ", strip=True),
                "upvotes": int(upvotes) if upvotes and upvotes.isdigit() else 0,
                "comments": int(comments.get_text(strip=True) or 0)
                if isinstance(comments, Tag)
                else 0,
                "author_count": int(count.group(1).replace(",", "")) if count else None,
                "submitted_by": submitter,
                "authors": names.get(paper_id or "", []),
            }
        )
    return rows
