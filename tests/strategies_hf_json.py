"""Hypothesis strategies for Hugging Face API items of every schema era, with what they mean.

:func:`api_items` draws the values first (title, authors, dates, counts, ...), then writes them
as an API item would carry them in the era asked for, each optional key present, absent or null,
keys in any order, unknown keys added.  Beside the item it returns the record fields the item
means, worked out from the drawn values rather than from the item, so a test compares the
parser's reading with an answer it did not compute the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from .strategies import SLUGS, WORDS, json_values, titles

ERAS = ("2024", "2025", "2026")
UTC = dt.timezone.utc
MODES = st.sampled_from(["present", "absent", "null"])
NAME_WORDS = st.sampled_from(["Ada", "Bo", "Cy", "Dee", "Éva", "Zoë", "Li", "van", "Ng", "O'Neil"])


def stamp(moment: dt.datetime) -> str:
    """HF's timestamp form: ``2024-07-31T17:54:27.000Z``."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def moments(era: str) -> st.SearchStrategy[dt.datetime]:
    start = {"2024": 2023, "2025": 2025, "2026": 2026}[era]
    base = st.datetimes(dt.datetime(start, 1, 1), dt.datetime(start, 12, 31))
    if era == "2026":  # paper.publishedAt is a bare date (midnight) from about 2026-04
        base = base.map(lambda m: m.replace(hour=0, minute=0, second=0, microsecond=0))
    return base.map(lambda m: m.replace(microsecond=m.microsecond // 1000 * 1000, tzinfo=UTC))


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """``text`` with its spaces turned into the whitespace an API may keep (hard line breaks)."""
    pieces = text.split(" ")
    gaps = [draw(st.sampled_from([" ", " ", "\n  ", "  ", "\n"])) for _ in pieces[1:]]
    return pieces[0] + "".join(g + p for g, p in zip(gaps, pieces[1:], strict=True))


def put(target: dict[str, Any], key: str, value: Any, mode: str) -> bool:
    """Write ``key`` as ``mode`` says; True when the value is there."""
    if mode == "present":
        target[key] = value
    elif mode == "null":
        target[key] = None
    return mode == "present"


@st.composite
def authors(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[tuple[str, str | None, bool]]]:
    entries: list[dict[str, Any]] = []
    expected: list[tuple[str, str | None, bool]] = []
    for position in range(draw(st.integers(0, 6))):
        words = draw(st.lists(NAME_WORDS, min_size=1, max_size=3))
        name = " ".join(words)
        user = draw(st.one_of(st.none(), SLUGS))
        hidden = draw(st.booleans())
        entry: dict[str, Any] = {"_id": f"id{position}", "name": draw(spaced(name))}
        if user is not None:
            entry["user"] = {"_id": "u", "fullname": name, "user": user, "type": "user"}
        entry["hidden"] = hidden
        entries.append(entry)
        expected.append((name, user, hidden))
    return entries, expected


@st.composite
def shuffled(draw: st.DrawFn, value: dict[str, Any]) -> dict[str, Any]:
    keys = draw(st.permutations(list(value)))
    return {key: value[key] for key in keys}


def unknown_keys() -> st.SearchStrategy[dict[str, Any]]:
    names = st.text(min_size=1, max_size=8).map(lambda s: "x_" + s)
    return st.dictionaries(names, json_values(), max_size=2)


@st.composite
def api_items(draw: st.DrawFn, era: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """An item of ``era`` (any era when None) and the Paper fields it means (plus ``extra``)."""
    era = era or draw(st.sampled_from(ERAS))
    modern = era != "2024"
    item: dict[str, Any] = {}
    paper: dict[str, Any] = {}
    extra_item: dict[str, Any] = {}
    extra_paper: dict[str, Any] = {}
    want: dict[str, Any] = {}

    arxiv_id = draw(st.from_regex(r"2[0-9]{3}\.[0-9]{5}", fullmatch=True))
    paper["id"] = arxiv_id
    want["arxiv_id"] = arxiv_id
    want["url"] = f"https://huggingface.co/papers/{arxiv_id}"

    # Title: the item's (clean) or the paper's (with hard line breaks); at least one is there.
    title = draw(titles())
    top_title = draw(MODES)
    paper_title = "present" if top_title != "present" else draw(MODES)
    put(item, "title", title, top_title)
    put(paper, "title", draw(spaced(title)), paper_title)
    want["title"] = title

    abstract = " ".join(draw(st.lists(WORDS, min_size=1, max_size=30)))
    has_summary = put(paper, "summary", draw(spaced(abstract)), draw(MODES))
    has_top_summary = modern and put(item, "summary", draw(spaced(abstract)), draw(MODES))
    want["abstract"] = abstract if has_summary or has_top_summary else None

    entries, names = draw(authors())
    if put(paper, "authors", entries, draw(MODES)):
        want["authors"] = names
        want["author_count"] = len(names)
    else:
        want["authors"], want["author_count"] = [], None

    published = draw(moments(era))
    has_published = put(paper, "publishedAt", stamp(published), draw(MODES))
    want["published"] = published.date() if has_published else None

    if modern:
        submitted = draw(moments(era)) + dt.timedelta(days=draw(st.integers(0, 9)))
        daily_mode = draw(MODES)
        put(paper, "submittedOnDailyAt", stamp(submitted), daily_mode)
        want["submitted_at"] = submitted if daily_mode == "present" else None
        # The item's publishedAt tracks the paper's, four hours off: never a submission time.
        shifted = published - dt.timedelta(hours=4)
        top_mode = draw(MODES)
        put(item, "publishedAt", stamp(shifted), top_mode)
        old_rule = daily_mode == "absent" and "summary" not in item
        if top_mode != "absent" and not old_rule:
            extra_item["publishedAt"] = None if top_mode == "null" else stamp(shifted)
        elif old_rule and top_mode == "present" and not has_published:
            # With neither marker of the new era nor a publication time to compare with, an
            # item's publishedAt reads as the submission time: the documented rule.
            want["submitted_at"] = shifted
        elif old_rule and top_mode == "present":
            extra_item["publishedAt"] = stamp(shifted)
    else:
        submitted = published + dt.timedelta(seconds=draw(st.integers(0, 3 * 86400)))
        has_submitted = put(item, "publishedAt", stamp(submitted), draw(MODES))
        want["submitted_at"] = submitted if has_submitted else None

    upvotes = draw(st.integers(0, 10**5))
    want["upvotes"] = upvotes if put(paper, "upvotes", upvotes, draw(MODES)) else None
    comments = draw(st.integers(0, 999))
    want["comments"] = comments if put(item, "numComments", comments, draw(MODES)) else None
    thumbnail = f"https://example.org/{arxiv_id}.png"
    want["thumbnail"] = thumbnail if put(item, "thumbnail", thumbnail, draw(MODES)) else None

    user = draw(SLUGS)
    by = {"_id": "s", "fullname": "Some One", "name": user, "type": "user"}
    has_by = put(item, "submittedBy", by, draw(MODES))
    has_daily_by = modern and put(
        paper, "submittedOnDailyBy", {"_id": "s", "fullname": "Some One", "user": user}, draw(MODES)
    )
    want["submitted_by"] = user if has_by or has_daily_by else None

    want["organization"] = None
    want["github_repo"] = want["github_stars"] = want["project_page"] = None
    want["ai_summary"] = None
    want["ai_keywords"] = []
    if modern:
        slug, fullname = draw(SLUGS), draw(titles())
        org = {"_id": "o", "name": slug, "fullname": fullname, "avatar": "a.png"}
        has_org = put(item, "organization", org, draw(MODES))
        has_org = put(paper, "organization", dict(org), draw(MODES)) or has_org
        want["organization"] = (slug, fullname) if has_org else None
        repo = f"https://github.com/example/{draw(SLUGS)}"
        want["github_repo"] = repo if put(paper, "githubRepo", repo, draw(MODES)) else None
        stars = draw(st.integers(0, 10**5))
        want["github_stars"] = stars if put(paper, "githubStars", stars, draw(MODES)) else None
        page = "https://example.org/project"
        want["project_page"] = page if put(paper, "projectPage", page, draw(MODES)) else None
        ai = " ".join(draw(st.lists(WORDS, min_size=1, max_size=12)))
        want["ai_summary"] = ai if put(paper, "ai_summary", draw(spaced(ai)), draw(MODES)) else None
        keywords = draw(st.lists(WORDS, max_size=5))
        if put(paper, "ai_keywords", keywords, draw(MODES)):
            want["ai_keywords"] = keywords
        # Keys paperlist does not map, by the era they appeared in.
        extra_paper["discussionId"] = paper["discussionId"] = "d" + arxiv_id
        if draw(st.booleans()):
            media = ["https://example.org/video.mp4"]
            extra_item["mediaUrls"] = item["mediaUrls"] = media
            extra_paper["mediaUrls"] = paper["mediaUrls"] = list(media)
        extra_item["isAuthorParticipating"] = item["isAuthorParticipating"] = draw(st.booleans())
    if era == "2026":
        extra_paper["githubRepoAddedBy"] = paper["githubRepoAddedBy"] = "user"
        extra_paper["ai_summary_model"] = paper["ai_summary_model"] = "example/model"

    for target, extra in ((item, extra_item), (paper, extra_paper)):
        added = draw(unknown_keys())
        target.update(added)
        extra.update(added)

    item["paper"] = draw(shuffled(paper))
    want["extra"] = {
        key: value for key, value in (("item", extra_item), ("paper", extra_paper)) if value
    }
    return draw(shuffled(item)), want
