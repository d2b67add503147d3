from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperlist.authors import (
    find_author_count,
    parse_author_count,
    parse_organization,
    split_names,
)
from paperlist.records import Author, Organization
from paperlist.text import clean

from .strategies import SLUGS, written_counts


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("  \u2022 5 authors", 5),
        ("1 author", 1),
        ("1,234 authors", 1234),
        ("\u00b7 533 authors", 533),
        ("5\u00a0Authors", 5),
        ("12 AUTHORS", 12),
        ("1 authors", 1),
    ],
)
def test_counts(text: str, count: int) -> None:
    assert parse_author_count(text) == count


@pytest.mark.parametrize(
    "text", ["authors", "five authors", "5 authored papers", "apple Apple", "", "1,23 authors"]
)
def test_not_counts(text: str) -> None:
    assert parse_author_count(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("apple Apple", Organization("apple", "Apple")),
        ("inclusionAI inclusionAI", Organization("inclusionAI", "inclusionAI")),
        ("ByteDance-Seed ByteDance  Seed", Organization("ByteDance-Seed", "ByteDance Seed")),
        ("kyutai", Organization("kyutai", None)),
    ],
)
def test_organizations(text: str, expected: Organization) -> None:
    assert parse_organization(text) == expected


def test_not_organization() -> None:
    assert parse_organization("\u00b7 strange") is None
    assert parse_organization("") is None


def test_split_names() -> None:
    assert split_names("Ada Lovelace, Alan Turing, and Grace Hopper,") == (
        Author("Ada Lovelace"),
        Author("Alan Turing"),
        Author("Grace Hopper"),
    )


@given(written_counts())
def test_written_counts(case: tuple[str, int]) -> None:
    text, n = case
    assert parse_author_count(text) == n


@given(SLUGS, st.text(max_size=30))
def test_organization_keeps_slug(slug: str, name: str) -> None:
    org = parse_organization(f"{slug} {name}")
    assert org is not None
    assert org.id == slug
    assert org.name == (clean(name) or None)


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    count = parse_author_count(text)
    assert count is None or count >= 0
    parse_organization(text)
    split_names(text)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Submitted by ada \u00b7 533 authors \u00b7 4", 533),
        ("1,234 authors", 1234),
        ("with 1\u00a0234 authors", 1234),
        ("7 Authors, 2 comments", 7),
        ("no count here", None),
        ("v1.5 authors", None),
    ],
)
def test_find_author_count(text: str, count: int | None) -> None:
    assert find_author_count(text) == count
