"""A single paper page (``/papers/<id>``, the layout of 2025).

The markup: the title in ``h1``; ``Published on Sep 28``; ``Submitted by`` and a link whose href
is the submitter's username (``/Jakumetsu``) and whose text is their display name; the upvote
count in the ``/login?next=%2Fpapers%2F<id>`` link; authors as ``span.author``; an ``h2``
"Abstract" followed by the AI-generated summary (a ``<p>`` in a box labelled "AI-generated
summary") and the abstract, a ``<p>`` interrupted by keyword links (``/papers?q=…``) whose text is
part of it.  The hydration JSON (``PaperContent``) carries the same paper and more (``ai_summary``,
``ai_keywords``, ``githubRepo``, ``githubStars``, ``projectPage``, the organization): where it is
present its values win, and the markup is the fallback and the cross-check (:mod:`.merge`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs

from ...records import Author, Paper, Problem, Source
from ...text import clean, clean_or_none
from .. import Event, Options
from .._hf_items import read_organization
from . import fields as f
from .hydration import Hydration, read_json
from .merge import merge
from .tree import NAME, SNIPPET, Scan, classify, link_to

_AI_LABEL = "ai-generated summary"


def paper_page(
    root: Any, found: Scan, hydration: Hydration | None, options: Options
) -> Iterator[Event]:
    """The page's one paper (its problems on it), or the problems of a page without a title."""
    parsed = None
    problems: list[Problem] = []
    h1 = next((i for i, (tag, _, _) in enumerate(found.headings) if tag == "h1"), None)
    title = clean_or_none(found.heading_text(h1)) if h1 is not None else None
    if hydration is not None:
        paper = hydration.props.get("paper")
        if isinstance(paper, dict):
            parsed = read_json(paper, 0, hydration, title, problems)
            if parsed is not None:
                parsed = _paper_content(parsed, hydration.props)
        else:
            problems.append(
                Problem("bad-json", "the PaperContent JSON has no paper", hydration.line)
            )
    line = root.sourceline
    pid = parsed.arxiv_id if parsed is not None else None
    if pid is None:
        pid = _page_id(root, found)
    fields = _markup(found, pid, title, options, line, parsed, problems)
    paper = merge(fields, parsed, pid or "", Source(NAME, line, found.end_line), problems)
    if paper is None:
        snippet = clean(" ".join(t.text for t in found.texts[:50]))[:SNIPPET]
        yield Problem("missing-title", "paper page without a title", line, snippet or None)
        yield from problems
        return
    yield paper


def _markup(
    found: Scan,
    pid: str | None,
    title: str | None,
    options: Options,
    line: int | None,
    parsed: Paper | None,
    problems: list[Problem],
) -> dict[str, Any]:
    """The fields the page's markup shows."""
    fields: dict[str, Any] = {}
    if title is not None:
        fields["title"] = title
    for link in found.links:
        if link.pid == pid and link.kind == "login":
            fields["upvotes"] = f.count(link.spaced(), "upvotes", line, problems)
            break
    else:
        upvote = f.after_label(found, "Upvote")
        if upvote is not None:
            fields["upvotes"] = f.count(upvote[0].split()[0], "upvotes", line, problems)
    submitter = f.submitter(found)
    if submitter:
        fields["submitted_by"] = submitter
    published = f.after_label(found, f.PUBLISHED)
    if published is not None:
        m = f.DATE_PREFIX.match(published[0])
        if m is not None:
            fields["published"] = f.markup_date(
                m.group(0), options.reference_date, line, parsed, problems
            )
    authors = [_span_author(span) for span in found.author_spans]
    if authors:
        fields["authors"] = tuple(a for a in authors if a is not None)
        fields["author_count"] = len(fields["authors"])
    fields.update(_abstract_section(found))
    fields.update(f.github(found, line, problems))
    for link in found.links:
        if link.pid == pid and link.kind == "community":
            comments = f.last_number(link.spaced(), "comments", line, problems)
            if comments is not None:
                fields["comments"] = comments
            break
    return fields


def _paper_content(paper: Paper, props: dict[str, Any]) -> Paper:
    """What a paper page's ``PaperContent`` adds beside its paper: comments, the organization."""
    changes: dict[str, Any] = {}
    comments = props.get("comments")
    if paper.comments is None and isinstance(comments, list):
        changes["comments"] = len(comments)
    if paper.organization is None:
        organization = read_organization(props.get("submitterOrganization"))
        if organization is None:
            organization = read_organization(props.get("organization"))
        if organization is not None:
            changes["organization"] = organization
    return attrs.evolve(paper, **changes) if changes else paper


def _page_id(root: Any, found: Scan) -> str | None:
    """The paper's id: the page's canonical URL, else its upvote, comment or paper links."""
    for element in root.iter("link", "meta"):
        value = element.get("href") if element.tag == "link" else element.get("content")
        rel = (element.get("rel") or element.get("property") or "").lower()
        if value and rel in {"canonical", "og:url"}:
            link = link_to(value.strip())
            if link.kind == "paper" and link.pid is not None:
                return link.pid
    for kind in ("login", "community", "paper"):
        for link in found.links:
            if link.kind == kind and link.pid:
                return link.pid
    return None


def _span_author(span: Any) -> Author | None:
    name = clean("".join(span.itertext())).rstrip(",").strip()
    if not name:
        return None
    user = None
    for a in span.iter("a"):
        link = classify(a)
        user = link.slug if link.kind == "slug" else None
        break
    return Author(name, user)


def _abstract_section(found: Scan) -> dict[str, Any]:
    """The ``Abstract`` heading's section: its AI-generated summary, then the abstract.

    The summary is the paragraph that shares its box with the "AI-generated summary" label (the
    label may come before or after it); without a label, of two or more paragraphs the first.
    The abstract is the first other paragraph, keyword links and all.
    """
    index = next(
        (i for i in range(len(found.headings)) if found.heading_text(i) == "Abstract"), None
    )
    if index is None:
        return {}
    start = next(n for n, t in enumerate(found.texts) if t.heading == index)
    section: dict[int, int] = {}  # paragraph index -> index of its first text, in order
    label: int | None = None  # index of the label's text
    texts = found.texts
    for n in range(start + 1, len(texts)):
        text = texts[n]
        if text.heading >= 0 and text.heading != index:
            break
        if text.para >= 0:
            section.setdefault(text.para, n)
        elif label is None and _AI_LABEL in text.text.lower():
            label = n
    if not section:
        return {}
    summary = None
    if label is not None:
        summary = _summary_paragraph(found, section, texts[label].element, label)
    elif len(section) >= 2:
        summary = next(iter(section))
    fields: dict[str, Any] = {}
    if summary is not None:
        fields["ai_summary"] = clean_or_none(found.paragraph_text(summary))
    rest = [p for p in section if p != summary]
    if rest:
        abstract = rest[0]
        fields["abstract"] = clean_or_none(found.paragraph_text(abstract))
        keywords = [
            link.keyword or link.text()
            for link in found.paragraphs[abstract][2]
            if link.kind == "keyword" and (link.keyword or link.text())
        ]
        if keywords:
            fields["ai_keywords"] = tuple(keywords)
    return fields


def _summary_paragraph(
    found: Scan, section: dict[int, int], element: Any, label: int
) -> int | None:
    """The paragraph in the smallest element around the label that holds one.

    Where that element holds several, the one right before the label (HF's box puts the label
    under its summary), else the first after it.
    """
    for box in itertools.chain((element,), element.iterancestors()):
        inside = [p for p in section if _holds(box, found.paragraphs[p][0])]
        if len(inside) == 1:
            return inside[0]
        if inside:
            before = [p for p in inside if section[p] < label]
            return before[-1] if before else inside[0]
    return None


def _holds(box: Any, element: Any) -> bool:
    return box == element or box in element.iterancestors()
