"""Bad input cannot hurt: nothing crashes, nothing is lost, nothing is invented, time is linear.

Every property runs over every registered format, so a new format is covered by adding it.
"""

from __future__ import annotations

import base64
import codecs
import json
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import paperlist
from paperlist import Paper, ParseError
from paperlist.formats import registry
from paperlist.render import render

from .accounting import unaccounted
from .hf_html_pages import SEARCH_PAGE, daily_page, paper_page
from .strategies import dump_papers
from .strategies_hf_json import api_items

FORMATS = sorted(registry())
# The formats documents() writes; the rendered-page formats have their own properties.
WRITTEN = ("hf-flat", "hf-html", "hf-json", "hf-text")
LENIENT_ERRORS = ()  # lenient parsing raises nothing at all on bad input


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """A well-formed document of some format, written by us, and that format's name."""
    fmt = draw(st.sampled_from(WRITTEN))
    if fmt == "hf-text":
        text = render(draw(st.lists(dump_papers(), min_size=1, max_size=4)))
    elif fmt == "hf-flat":
        text = render(draw(st.lists(dump_papers(flat=True), min_size=1, max_size=4)), "hf-flat")
    elif fmt == "hf-html":
        text = draw(st.sampled_from([SEARCH_PAGE, daily_page(), paper_page()]))
    else:
        items = draw(st.lists(api_items(), min_size=1, max_size=3))
        text = json.dumps([item for item, _ in items], indent=draw(st.sampled_from([None, 2])))
    return fmt, text


def parse_all(source: object, fmt: str | None) -> paperlist.Listing:
    listing = paperlist.parse(source, format=fmt)
    for problem in listing.problems:
        assert problem.kind
        assert problem.message
    return listing


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@given(text=st.text(max_size=2000))
def test_arbitrary_text_never_raises(fmt: str | None, text: str) -> None:
    parse_all(text, fmt)
    paperlist.detect(text)


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(fmt: str | None, data: bytes) -> None:
    parse_all(data, fmt)


@given(documents(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_truncated_and_spliced_documents(doc: tuple[str, str], data: st.DataObject) -> None:
    fmt, text = doc
    cut = data.draw(st.integers(0, len(text)))
    parse_all(text[:cut], None)
    parse_all(text[:cut], fmt)
    other = data.draw(documents())[1]
    splice = data.draw(st.integers(0, len(other)))
    parse_all(text[:cut] + other[splice:], None)


@given(documents(), st.data())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_random_line_deletions_and_insertions(doc: tuple[str, str], data: st.DataObject) -> None:
    fmt, text = doc
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        delete: bool = data.draw(st.booleans())
        if lines and delete:
            del lines[data.draw(st.integers(0, len(lines) - 1))]
        else:
            junk = data.draw(
                st.sampled_from(["", "\u00b7", "  \u2022 3 authors", "Feb 30", "<div>", "{"])
            )
            lines.insert(data.draw(st.integers(0, len(lines))), junk)
    parse_all("\n".join(lines), fmt)


ENCODINGS: list[tuple[str, Callable[[str], bytes]]] = [
    ("utf-8", lambda t: t.encode("utf-8")),
    ("utf-8-bom", lambda t: codecs.BOM_UTF8 + t.encode("utf-8")),
    ("utf-16", lambda t: t.encode("utf-16")),
    ("utf-16-be-bom", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    ("cp1252", lambda t: t.encode("cp1252", errors="replace")),
    ("latin-1-mojibake", lambda t: t.encode("utf-8").decode("latin-1").encode("utf-8")),
]
LINE_ENDS: list[tuple[str, Callable[[str], str]]] = [
    ("crlf", lambda t: t.replace("\n", "\r\n")),
    ("cr", lambda t: t.replace("\n", "\r")),
    (
        "mixed",
        lambda t: "".join(ln + ("\r\n" if i % 2 else "\n") for i, ln in enumerate(t.split("\n"))),
    ),
    ("trailing-space", lambda t: t.replace("\n", " \t\n")),
    ("nbsp", lambda t: t.replace("\n", "\u00a0\n")),
]


@pytest.mark.parametrize(("name", "encode"), ENCODINGS, ids=[n for n, _ in ENCODINGS])
@given(doc=documents())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_every_encoding_a_saved_file_may_have(
    name: str, encode: Callable[[str], bytes], doc: tuple[str, str]
) -> None:
    fmt, text = doc
    expected = paperlist.parse(text, format=fmt)
    if name == "latin-1-mojibake":
        # Text decoded as latin-1 and saved again: not repaired (no silent repairs), never fatal.
        listing = parse_all(encode(text), fmt)
        assert all(p.line is not None for p in listing.problems if fmt.startswith("hf-t"))
        return
    listing = parse_all(encode(text), None)
    assert len(listing.papers) == len(expected.papers)
    if name.startswith("utf"):
        assert listing.papers == expected.papers


@pytest.mark.parametrize(("name", "change"), LINE_ENDS, ids=[n for n, _ in LINE_ENDS])
@given(doc=documents())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_line_ends_and_stray_whitespace(
    name: str, change: Callable[[str], str], doc: tuple[str, str]
) -> None:
    fmt, text = doc
    expected = paperlist.parse(text, format=fmt)
    listing = parse_all(change(text), fmt)
    if fmt == "hf-json" and name == "nbsp":
        # NBSP is not JSON whitespace: the damage is reported, never fatal.
        assert listing.problems or listing.papers == expected.papers
        return
    assert listing.papers == expected.papers


@given(st.lists(dump_papers(), min_size=3, max_size=6), st.data())
def test_damage_stays_in_its_card(papers: list[Paper], data: st.DataObject) -> None:
    """Delete one line of one card: the others come back exactly, the damage is reported."""
    text = render(papers, header=False)
    clean = paperlist.parse(text, format="hf-text")
    k = data.draw(st.integers(0, len(papers) - 1))
    source = clean.papers[k].source
    assert source is not None
    assert source.line is not None
    assert source.end_line is not None
    lines = text.split("\n")
    victim = data.draw(st.integers(source.line, source.end_line))
    assume(lines[victim - 1].strip())  # deleting a blank line is no damage
    del lines[victim - 1]
    damaged = "\n".join(lines)
    listing = paperlist.parse(damaged, format="hf-text")
    got = list(listing.papers)
    assert got[:k] == papers[:k]
    assert got[len(got) - (len(papers) - k - 1) :] == papers[k + 1 :]
    assert unaccounted(damaged, "hf-text") == []
    if len(got) != len(papers) or got[k] != papers[k]:
        assert listing.problems, "a damaged card must be reported"
        assert all(p.line is not None for p in listing.problems)


@given(documents())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_strict_and_lenient_agree_on_undamaged_documents(doc: tuple[str, str]) -> None:
    fmt, text = doc
    lenient = paperlist.parse(text, format=fmt, reference_date="2030-01-01")
    if lenient.problems:
        with pytest.raises(ParseError) as info:
            paperlist.parse(text, format=fmt, reference_date="2030-01-01", strict=True)
        assert [e.problem for e in info.value.exceptions] == list(lenient.problems)
    else:
        assert (
            paperlist.parse(text, format=fmt, reference_date="2030-01-01", strict=True) == lenient
        )


def test_strict_sub_exceptions_carry_lines() -> None:
    text = render([Paper("A Title", "x" * 400, author_count=2)]) + "Orphan Title\n"
    with pytest.raises(ParseError) as info:
        paperlist.parse(text, strict=True)
    assert info.value.exceptions
    assert all(isinstance(e.line, int) for e in info.value.exceptions)


# Linear time: inputs built to make patterns backtrack, at size n and 4n.  A quadratic cost
# would take 16 times as long; the bound leaves room for a noisy machine.

HOSTILE: dict[str, tuple[str, Callable[[int], str | bytes]]] = {
    "one-enormous-line": ("hf-text", lambda n: "Oct " + "1" * n + " authors, " * (n // 10)),
    "separator-lines": ("hf-text", lambda n: "\u00b7\n" * (n // 2)),
    "author-lines": ("hf-text", lambda n: "  \u2022 5 authors\n" * (n // 14)),
    "date-lines": ("hf-text", lambda n: "Oct 12, 2021 4\n" * (n // 15)),
    "flat-lines": ("hf-flat", lambda n: "Subscribe" + "A title line\n" * (n // 13)),
    "nested-html": ("hf-html", lambda n: "<div>" * (n // 5) + '<a href="/papers/2401.00001">x</a>'),
    "many-cards": (
        "hf-html",
        lambda n: '<h3><a href="/papers/2401.00001">T</a></h3>' * (n // 40),
    ),
    "deep-json": ("hf-json", lambda n: "[" * (n // 2) + "]" * (n // 2)),
    "long-json-string": ("hf-json", lambda n: '[{"paper": {"id": "' + "9" * n + '"}}]'),
}


def _cost(fmt: str, source: str | bytes) -> float:
    # CPU time of this process, best of three: other work on a busy machine does not count.
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        paperlist.parse(source, format=fmt)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_linear_time(case: str) -> None:
    fmt, make = HOSTILE[case]
    n = 100_000
    small, large = _cost(fmt, make(n)), _cost(fmt, make(4 * n))
    assert large < 10 * max(small, 0.005), f"{case}: {small:.3f}s for n, {large:.3f}s for 4n"


FUZZ_FINDINGS = [
    # <meta charset="uu">: a codec that is not a text encoding (LookupError while decoding).
    "PCVuPGh0lJPJw5e9UyKejdCXizxlKnQ+PG1ldGEgY2hhcnNldD0idXUAyP9sPnRmLTciPmH/cg==",
]


@pytest.mark.parametrize("fmt", [*FORMATS, None])
@pytest.mark.parametrize("finding", FUZZ_FINDINGS)
def test_fuzz_findings(finding: str, fmt: str | None) -> None:
    parse_all(base64.b64decode(finding), fmt)
