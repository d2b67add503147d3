"""Field readers shared by listing cards and the paper page: counts, labels, links, dates.

Each reads one field from a :class:`~.tree.Scan` and turns what it cannot read into a Problem of
the card (or page) it is reading: a damaged field never takes the rest of the page with it.
"""

from __future__ import annotations

import re
from typing import Any

from ...authors import find_author_count, has_author_count, is_author_count, parse_author_count
from ...dates import DateError, parse_date, with_reference
from ...records import Organization, Paper, PartialDate, Problem
from ...text import clean
from .tree import Scan, Text

SUBMITTED = "Submitted by"
PUBLISHED = "Published on"
# A count as a page shows it: "94", "1,234"; "-" is HF's zero.
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,])|(?<!\S)([-\u2013\u2014])(?!\S)"
)
# The shape of a card's date ("Mar 8, 2024", "May 29"): a cheap filter before dates.parse_date.
DATE_PREFIX = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?(?!\d)")


def _digits(digits: str, what: str, line: int | None, problems: list[Problem]) -> int | None:
    digits = digits.replace(",", "")
    try:
        return int(digits)
    except ValueError:  # longer than Python converts (sys.get_int_max_str_digits(), 4300)
        problems.append(
            Problem(
                "bad-count", f"the {what} count has {len(digits)} digits", line, digits[:40] + "…"
            )
        )
        return None


def count(text: str, what: str, line: int | None, problems: list[Problem]) -> int | None:
    """The last count in ``text`` (a dash is 0); none, or one too long to read, is a Problem."""
    found = _NUMBER.findall(text)
    if not found:
        if text:
            problems.append(Problem("bad-count", f"no {what} count in {text!r}", line, text))
        return None
    digits, dash = found[-1]
    return 0 if dash else _digits(digits, what, line, problems)


def last_number(text: str, what: str, line: int | None, problems: list[Problem]) -> int | None:
    """The last number in ``text`` (``1,234``), or None where there is none or it is a dash.

    A paper page's star and comment counts; a card's counts read a dash as 0 (:func:`count`).
    """
    found = _NUMBER.findall(text)
    if not found or not found[-1][0]:
        return None
    return _digits(found[-1][0], what, line, problems)


def author_count_of(text: str) -> int | None:
    """``N authors`` in ``text`` exactly, None where it is not (or its number is too long)."""
    return parse_author_count(text)


def author_count(scan: Scan, line: int | None, problems: list[Problem]) -> int | None:
    """The card's ``N authors`` (outside headings and paragraphs); one too long to read is a
    Problem of the card."""
    texts = [t.text for t in scan.texts if t.heading < 0 and t.para < 0]
    shaped = [s for s in (text.strip() for text in texts) if is_author_count(s)]
    if shaped:
        found = parse_author_count(shaped[0])
    else:
        joined = " ".join(texts)
        if not has_author_count(joined):
            return None
        found = find_author_count(joined)
    if found is None:
        problems.append(
            Problem("bad-author-count", "unreadable author count: too many digits", line)
        )
    return found


def is_author_text(text: str) -> bool:
    stripped = text.strip(" ·•")
    if is_author_count(stripped):
        return True
    # "· <a huge number> authors" is still the author line
    return len(stripped) < 40 and has_author_count(stripped)


def after_label(scan: Scan, label: str) -> tuple[str, Text] | None:
    """The text after ``label`` ("Submitted by akhaliq"), here or in the next texts; its node."""
    texts = scan.texts
    for index, text in enumerate(texts):
        position = text.text.find(label)
        if position < 0:
            continue
        rest = clean(text.text[position + len(label) :])
        if rest:
            return rest, text
        for following in texts[index + 1 : index + 8]:
            rest = clean(following.text)
            if rest:
                return rest, following
        return None
    return None


def submitter(scan: Scan) -> str | None:
    """The HF username after ``Submitted by``.

    A paper page links the submitter (``<a href="/Jakumetsu">Zijian Wu</a>``): the username is in
    the href, the text a display name.  A listing card writes the username as text.
    """
    found = after_label(scan, SUBMITTED)
    if found is None:
        return None
    rest, text = found
    link = text.link
    if link is not None and link.kind == "slug" and link.slug is not None:
        return link.slug
    return rest.split()[0]


def organization(scan: Scan) -> dict[str, Any]:
    """A link to ``/<slug>`` holding ``img[alt=<slug>]``: the organization a card shows."""
    for link in scan.links:
        if link.kind != "slug" or link.slug is None:
            continue
        slug = link.slug
        if any(alt.strip().lower() == slug.lower() for _, alt in link.images):
            name = link.text()
            if name.lower().startswith(slug.lower() + " ") and name[len(slug) + 1 :].strip():
                name = name[len(slug) + 1 :].strip()
            return {"organization": Organization(slug, name or None)}
    return {}


def github(scan: Scan, line: int | None, problems: list[Problem]) -> dict[str, Any]:
    """The first GitHub repository link outside the text's paragraphs, and its star count."""
    for link in scan.links:
        if link.kind != "github":
            continue
        if any(link in links for _, _, links in scan.paragraphs):
            continue
        fields: dict[str, Any] = {"github_repo": link.href}
        stars = last_number(link.spaced(), "GitHub star", line, problems)
        if stars is not None:
            fields["github_stars"] = stars
        return fields
    return {}


def markup_date(
    text: str,
    reference: Any,
    line: int | None,
    parsed: Paper | None,
    problems: list[Problem],
) -> PartialDate | None:
    """A card's (or ``Published on``) date; the JSON's paper gives a yearless one its year."""
    try:
        value = parse_date(text)
    except DateError as exc:
        problems.append(Problem(exc.kind, str(exc), line, text))
        return None
    known = parsed.published if parsed is not None else None
    if (
        isinstance(known, PartialDate)
        and value.year is None
        and (known.month, known.day) == (value.month, value.day)
    ):
        return known
    resolved, found = with_reference(value, text, reference, line)
    problems.extend(found)
    return resolved
