"""Author counts, author name lists and organization lines.

A Hugging Face card shows either an author count (``• 5 authors``, ``· 1,234 authors``) or the
organization that posted the paper (``apple Apple`` in a text dump: the slug, then the display
name).  Claimed-author avatars carry HF usernames, which are never author names; keeping them apart
is the callers' job, this module only reads text.
"""

from __future__ import annotations

import re

from .records import Author, Organization
from .text import clean

__all__ = ["find_author_count", "parse_author_count", "parse_organization", "split_names"]

# 5, 1234, 1,234, 1.234, 1 234 (with NBSP or a narrow space too)
_NUMBER = r"\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+|\d+"
# "• 5 authors", "1 author", "· 1,234 authors", "5\u00a0Authors"
_COUNT = re.compile(rf"[\s•·*\-]*({_NUMBER})\s*authors?\s*", re.IGNORECASE)
# The same count inside longer text: "Submitted by ada · 533 authors · 4 comments"
_COUNT_IN_TEXT = re.compile(rf"(?<![\w.,])({_NUMBER})\s*authors?\b", re.IGNORECASE)
# An HF slug: letters, digits, "-", "_" and ".", starting with a letter or digit.
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def parse_author_count(text: str) -> int | None:
    """The N of ``N authors``, or None where the text is not an author count."""
    m = _COUNT.fullmatch(text)
    if m is None:
        return None
    return _to_int(m.group(1))


def is_author_count(text: str) -> bool:
    """Whether ``text`` has the shape ``N authors``, even where N is too long to read."""
    return _COUNT.fullmatch(text) is not None


def has_author_count(text: str) -> bool:
    """Whether ``N authors`` stands inside ``text``, even where N is too long to read."""
    return _COUNT_IN_TEXT.search(text) is not None


def find_author_count(text: str) -> int | None:
    """The N of the first ``N authors`` inside longer text (a card's metadata row)."""
    m = _COUNT_IN_TEXT.search(text)
    if m is None:
        return None
    return _to_int(m.group(1))


def _to_int(number: str) -> int | None:
    """The digits of ``number`` as an int; None past Python's conversion limit (4,300 digits),
    so that an unreadable count is a problem on its card, never an exception."""
    try:
        return int(re.sub(r"\D", "", number))
    except ValueError:
        return None


def parse_organization(text: str) -> Organization | None:
    """``<slug> <Display Name>`` as a text dump shows an organization; None where it is not one.

    The slug is the first word; a line that is only a slug gives an organization without a name.
    Whether a line *is* an organization line is decided by its place in a card, not here.
    """
    cleaned = clean(text)
    slug, _, name = cleaned.partition(" ")
    if not _SLUG.fullmatch(slug):
        return None
    return Organization(slug, name or None)


def split_names(text: str) -> tuple[Author, ...]:
    """Authors from a written list: ``A, B and C`` (trailing commas and blanks dropped)."""
    names = (clean(part) for part in _NAME_SPLIT.split(text))
    return tuple(Author(name) for name in names if name)
