"""paperlist.collect: records of one paper merged into one row, in any order."""

from __future__ import annotations

import ast
import functools
import importlib
import json
import random
import tempfile
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperlist
from paperlist import Author, Paper, PartialDate, Problem, Row, Sighting
from paperlist.collect import (
    TITLE_KEY_PREFIX,
    _Table,
    join_titles,
    key_of,
    merge,
    normalize_title,
    row_from,
    sighting_of,
)
from paperlist.render import render

from .strategies import ABSTRACT_FOR_TESTS, dump_papers, papers, partial_dates

# --- keys -------------------------------------------------------------------------------------


def test_key_is_the_arxiv_id_else_the_normalized_title() -> None:
    assert key_of(Paper("Any Title", arxiv_id="2401.00001")) == "2401.00001"
    assert key_of(Paper("  Caf\u0065\u0301  Au\tLait ")) == TITLE_KEY_PREFIX + "caf\u00e9 au lait"
    assert key_of({"title": "A  B", "arxiv_id": None}) == "title:a b"


@given(st.text(min_size=1, max_size=40), st.sampled_from([str.upper, str.lower, str.title]))
def test_normalized_title_ignores_case_spacing_and_composition(title: str, case: Any) -> None:
    import unicodedata

    variant = "  " + " \n ".join(case(unicodedata.normalize("NFD", title)).split()) + "\t"
    assert normalize_title(variant) == normalize_title(case(title))
    assert normalize_title(title.upper()) == normalize_title(title.lower()) or any(
        len(c.upper()) != 1 or len(c.lower()) != 1
        for c in title  # ß -> SS and the like
    )


# --- merging ----------------------------------------------------------------------------------

FILES = st.sampled_from(["a.txt", "b.json", "c.html", "d/e.txt"])


@st.composite
def sightings(draw: st.DrawFn, paper: Paper) -> Sighting:
    return sighting_of(
        paper,
        page_date=draw(st.one_of(st.none(), partial_dates())),
        file=draw(FILES),
        sha256=draw(st.sampled_from(["0" * 64, "1" * 64])),
    )


@st.composite
def rows_of_one_paper(draw: st.DrawFn) -> list[Row]:
    """Rows of records of one paper (one arXiv id, or one title), fields disagreeing freely."""
    arxiv_id = draw(st.one_of(st.none(), st.just("2407.00001")))
    title = draw(st.sampled_from(["A Title", "a  title", "A TITLE"]))
    found = []
    for paper in draw(st.lists(papers(), min_size=1, max_size=6)):
        paper = attrs.evolve(paper, arxiv_id=arxiv_id, title=draw(st.just(title)))
        found.append(row_from(paper, draw(sightings(paper))))
    return found


def _tree(rows: list[Row], rng: random.Random) -> Row:
    """Merge in a random grouping: split anywhere, merge the halves."""
    if len(rows) == 1:
        return rows[0]
    cut = rng.randint(1, len(rows) - 1)
    return merge(_tree(rows[:cut], rng), _tree(rows[cut:], rng))


@given(rows_of_one_paper(), st.randoms(use_true_random=False))
def test_merge_is_order_and_grouping_independent(rows: list[Row], rng: random.Random) -> None:
    left_to_right = functools.reduce(merge, rows)
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert functools.reduce(merge, shuffled) == left_to_right
    assert _tree(shuffled, rng) == left_to_right
    assert json.dumps(paperlist.to_dict(_tree(shuffled, rng))) == json.dumps(
        paperlist.to_dict(left_to_right)
    )


@given(rows_of_one_paper(), st.randoms(use_true_random=False))
def test_collect_merges_in_a_balanced_order_to_the_same_row(
    rows: list[Row], rng: random.Random
) -> None:
    # collect's table merges as a binary counter does (n log n for a paper seen n times).
    table = _Table()
    for row in rng.sample(rows, len(rows)):
        table.add(row)
    assert list(table.rows()) == [functools.reduce(merge, rows)]


@given(rows_of_one_paper())
def test_merge_is_idempotent(rows: list[Row]) -> None:
    total = functools.reduce(merge, rows)
    assert merge(total, total) == total
    for row in rows:
        assert merge(total, row) == total  # a record seen again changes nothing


@given(rows_of_one_paper())
def test_merged_fields(rows: list[Row]) -> None:
    total = functools.reduce(merge, rows)
    upvotes = [r.upvotes for r in rows if r.upvotes is not None]
    assert total.upvotes == (max(upvotes) if upvotes else None)
    assert len(total.authors) == max(len(r.authors) for r in rows)
    assert set(total.sightings) == {s for r in rows for s in r.sightings}
    assert list(total.sightings) == sorted(total.sightings, key=total.sightings.index)
    dates = [s.page_date for s in total.sightings if s.page_date is not None]
    assert total.first_seen == (min(dates) if dates else None)
    assert total.last_seen == (max(dates) if dates else None)
    titles = {s.title for s in total.sightings}
    assert total.title in titles
    conflicts = [p for p in total.problems if p.message.startswith("title:")]
    assert len(conflicts) == len(titles) - 1


def test_merge_refuses_rows_of_different_papers() -> None:
    with pytest.raises(ValueError, match="different papers"):
        merge(row_from(Paper("One")), row_from(Paper("Two")))


def _seen(paper: Paper, page: PartialDate | None, file: str) -> Row:
    return row_from(paper, sighting_of(paper, page_date=page, file=file))


def test_conflicting_published_dates_keep_the_latest_page_and_say_so() -> None:
    older = _seen(Paper("T", published=PartialDate(2024, 3, 1)), PartialDate(2024, 3, 2), "a")
    newer = _seen(Paper("T", published=PartialDate(2024, 3, 5)), PartialDate(2024, 4, 1), "b")
    row = merge(older, newer)
    assert row.published == PartialDate(2024, 3, 5)
    (problem,) = row.problems
    assert problem.kind == "conflict"
    assert "2024-03-05" in problem.message
    assert "2024-03-01" in problem.message
    assert problem.text == "'2024-03-01'"


def test_a_yearless_date_agrees_with_the_full_one() -> None:
    dump = _seen(Paper("T", published=PartialDate(None, 7, 31)), PartialDate(None, 8, 1), "a")
    api = _seen(Paper("T", published=PartialDate(2024, 7, 31)), None, "b")
    row = merge(dump, api)
    assert row.published == PartialDate(2024, 7, 31)
    assert row.problems == ()


def test_authors_from_the_richest_source_counts_and_snapshots_largest() -> None:
    names = (Author("Ada One"), Author("Bo Two", user="bo"))
    api = _seen(Paper("T", authors=names, author_count=2, upvotes=9, comments=1), None, "b")
    page = _seen(Paper("T", author_count=2, upvotes=94, comments=0), PartialDate(2024, 8, 1), "a")
    row = merge(page, api)
    assert row.authors == names
    assert (row.author_count, row.upvotes, row.comments) == (2, 94, 1)
    assert [s.upvotes for s in row.sightings] == [94, 9]  # sorted by file: a, then b
    assert row.problems == ()


def test_a_title_only_row_joins_the_row_with_its_id() -> None:
    with_id = row_from(Paper("Whistling Kettles", arxiv_id="2401.00002"))
    title_only = row_from(Paper("whistling  kettles"))
    other = row_from(Paper("Unrelated"))
    for order in ([with_id, title_only, other], [other, title_only, with_id]):
        rows = join_titles(order)
        assert [r.key for r in rows] == ["2401.00002", "title:unrelated"]
        assert len(rows[0].sightings) == 2
        (problem,) = rows[0].problems  # the wording differs: reported
        assert problem.kind == "conflict"


def test_a_title_shared_by_two_ids_joins_neither() -> None:
    rows = join_titles(
        [
            row_from(Paper("Same", arxiv_id="2401.00001")),
            row_from(Paper("Same", arxiv_id="2401.00002")),
            row_from(Paper("Same")),
        ]
    )
    assert [r.key for r in rows] == ["2401.00001", "2401.00002", "title:same"]


def test_a_sighting_keeps_where_an_archived_record_came_from() -> None:
    import datetime as dt

    from paperlist import Source

    fetched = dt.datetime(2024, 8, 1, 12, tzinfo=dt.timezone.utc)
    uri = "https://example.invalid/a"
    source = Source("hf-json", 2, 9, 0, uri=uri, offset=512, fetched_at=fetched)
    seen = sighting_of(Paper("T", source=source), file="a.warc")
    assert (seen.file, seen.offset, seen.uri, seen.fetched_at) == (
        "a.warc",
        512,
        uri,
        fetched,
    )
    assert (seen.line, seen.index) == (2, 0)


def test_row_from_a_dict_and_rows_pickle() -> None:
    import pickle

    paper = Paper("T", arxiv_id="2401.00003", upvotes=3)
    row = row_from(paperlist.to_dict(paper))
    assert row == row_from(paper)
    assert pickle.loads(pickle.dumps(row)) == row


# --- collecting documents ---------------------------------------------------------------------


def _card(title: str) -> Paper:
    """A card as a text dump shows it: metadata under the abstract (a card without is refused)."""
    return Paper(title, ABSTRACT_FOR_TESTS, author_count=3, published=PartialDate(2024, 1, 2))


def _write_dumps(folder: Path, dumps: list[tuple[list[Paper], PartialDate]]) -> list[Path]:
    paths = []
    for n, (papers_, page_date) in enumerate(dumps):
        path = folder / f"dump-{n:02d}.txt"
        path.write_text(render(papers_, page_date=page_date), encoding="utf-8")
        paths.append(path)
    return paths


POOL = st.lists(dump_papers(), min_size=1, max_size=5, unique_by=lambda p: normalize_title(p.title))


@st.composite
def document_sets(draw: st.DrawFn) -> list[tuple[list[Paper], PartialDate]]:
    """A few dumps drawing cards from a small pool, so that papers repeat across them."""
    pool = draw(POOL)
    picks = st.lists(st.sampled_from(pool), min_size=1, max_size=4)
    dates = st.builds(PartialDate, st.integers(2023, 2025), st.integers(1, 12), st.integers(1, 28))
    return draw(st.lists(st.tuples(picks, dates), min_size=1, max_size=4))


@given(document_sets(), st.randoms(use_true_random=False))
def test_collect_is_order_independent_and_repeats_change_nothing(
    dumps: list[tuple[list[Paper], PartialDate]], rng: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write_dumps(Path(tmp), dumps)
        rows = paperlist.collect(paths)
        shuffled = list(paths)
        rng.shuffle(shuffled)
        assert paperlist.collect(shuffled) == rows
        assert paperlist.collect([*paths, rng.choice(paths)]) == rows
        # The folder walked gives the same rows as its files named.
        assert paperlist.collect(tmp) == rows
        # Collected in two runs (--update) as in one; a file already collected is not read.
        cut = rng.randint(0, len(paths))
        first = paperlist.collect(paths[:cut])
        assert paperlist.collect(paths, rows=first) == rows
        assert paperlist.collect(paths, rows=rows) == rows
        cards = Counter(normalize_title(p.title) for papers_, _ in dumps for p in papers_)
        assert {r.key: len(r.sightings) for r in rows} == {
            TITLE_KEY_PREFIX + t: n for t, n in cards.items()
        }


def test_update_does_not_read_a_document_again(tmp_path: Path) -> None:
    day = PartialDate(2024, 1, 2)
    kept = Paper("Kept Title", ABSTRACT_FOR_TESTS, author_count=3, published=day)
    path = tmp_path / "dump.txt"
    path.write_text(render([kept], page_date=day) + "Stray words\n", encoding="utf-8")
    problems: list[tuple[str, Problem]] = []
    rows = paperlist.collect(path, on_problem=lambda n, p: problems.append((n, p)))
    assert problems  # the stray line is quoted each time the document is read
    problems.clear()
    assert (
        paperlist.collect(path, rows=rows, on_problem=lambda n, p: problems.append((n, p))) == rows
    )
    assert problems == []
    # Changed content under the same name is a new document: read, and its sightings added.
    path.write_text(render([attrs.evolve(kept, comments=4)], page_date=day), encoding="utf-8")
    (row,) = paperlist.collect(path, rows=rows)
    assert len(row.sightings) == 2


def test_title_only_records_join_an_id_from_another_document(tmp_path: Path) -> None:
    from .hf_html_pages import DAILY_ITEMS

    api = tmp_path / "api.json"
    api.write_text(json.dumps(DAILY_ITEMS), encoding="utf-8")
    listing = paperlist.parse(api)
    first = listing.papers[0]
    dump = tmp_path / "dump.txt"
    card = attrs.evolve(_card(first.title.upper()), published=first.published)
    dump.write_text(render([attrs.evolve(card, author_count=first.author_count)]), encoding="utf-8")
    for order in ([api, dump], [dump, api]):
        rows = paperlist.collect(order)
        assert len(rows) == len(listing.papers)
        row = next(r for r in rows if r.key == first.arxiv_id)
        assert {s.format for s in row.sightings} == {"hf-json", "hf-text"}
        assert row.abstract is not None
        assert [p.kind for p in row.problems] == ["conflict"]  # the title's case differs


def test_a_walk_skips_files_no_format_recognizes_with_a_note(tmp_path: Path) -> None:
    _write_dumps(tmp_path, [([_card("A Card")], PartialDate(2024, 1, 2))])
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01 nothing here")
    notes: list[tuple[str, Problem]] = []
    rows = paperlist.collect(tmp_path, on_problem=lambda n, p: notes.append((n, p)))
    assert len(rows) == 1
    assert [p.kind for n, p in notes if n.endswith("notes.bin")] == ["skipped"]


def test_a_forced_format_still_skips_walked_files_it_does_not_claim(tmp_path: Path) -> None:
    (dump,) = _write_dumps(tmp_path, [([_card("A Card")], PartialDate(2024, 1, 2))])
    notes: list[tuple[str, Problem]] = []
    assert (
        paperlist.collect(tmp_path, format="hf-json", on_problem=lambda n, p: notes.append((n, p)))
        == []
    )
    assert [(n, p.kind) for n, p in notes] == [(str(dump), "skipped")]
    assert len(paperlist.collect(tmp_path, format="hf-text")) == 1


def test_collect_refuses_a_missing_name_before_reading(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        paperlist.collect([tmp_path, tmp_path / "missing.txt"])


def _peak(folder: Path) -> tuple[int, list[Row]]:
    tracemalloc.start()
    try:
        rows = paperlist.collect(folder)
        return tracemalloc.get_traced_memory()[1], rows
    finally:
        tracemalloc.stop()


def test_collect_holds_rows_not_records(tmp_path: Path) -> None:
    """Documents of the same few papers: memory grows by a sighting a card, not by the text."""
    cards = [Paper(f"Card Number {n}", ABSTRACT_FOR_TESTS * 8, author_count=n) for n in range(1, 6)]
    document = render(cards)
    peaks = []
    for count in (100, 400):
        folder = tmp_path / str(count)
        folder.mkdir()
        for n in range(count):
            (folder / f"d{n:03d}.txt").write_text(document, encoding="utf-8")
        paperlist.collect(folder)  # modules and caches loaded before measuring
        peak, rows = _peak(folder)
        assert len(rows) == 5
        assert sum(len(r.sightings) for r in rows) == 5 * count
        peaks.append(peak)
    per_document = (peaks[1] - peaks[0]) / 300
    assert per_document < len(document) / 3, (per_document, len(document))


# --- the real corpus --------------------------------------------------------------------------


def test_corpus_daily_page_and_api_response(corpus: Path) -> None:
    rows = paperlist.collect(
        [corpus / "html" / "daily-2024-08-01.html", corpus / "api" / "daily_papers-2024-08-01.json"]
    )
    assert len(rows) == 13
    (llama,) = [r for r in rows if r.key == "2407.21783"]
    assert llama.upvotes == 94
    assert len(llama.authors) == 533
    assert llama.author_count == 533
    assert len(llama.sightings) == 2
    assert {s.format for s in llama.sightings} == {"hf-html", "hf-json"}
    assert sorted(s.upvotes for s in llama.sightings if s.upvotes is not None) == [49, 94]
    assert llama.first_seen == llama.last_seen == PartialDate(2024, 8, 1)


def test_corpus_text_dumps_one_row_per_distinct_title(corpus: Path) -> None:
    files = sorted((corpus / "text").iterdir())
    cards = Counter(normalize_title(p.title) for f in files for p in paperlist.iter_papers(f))
    rows = paperlist.collect(corpus / "text")
    assert len(rows) == len(cards) == 392
    assert {r.key: len(r.sightings) for r in rows} == {
        TITLE_KEY_PREFIX + t: n for t, n in cards.items()
    }
    assert sum(n > 1 for n in cards.values()) == 8


def test_dask_reads_documents_through_public_names_of_collect() -> None:
    # paperlist.dask makes the very rows collect makes by calling its per-file reader: that
    # reader is a public, documented part of paperlist.collect, not a private name borrowed.
    collect_module = importlib.import_module("paperlist.collect")  # the module, not the function
    assert collect_module.__file__ is not None
    source = Path(collect_module.__file__).with_name("dask.py").read_text(encoding="utf-8")
    borrowed = [
        (node.module, alias.name)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.level > 0
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert borrowed == []
    assert {"InputFile", "read_document"} <= set(collect_module.__all__)
    assert collect_module.read_document.__doc__
    assert collect_module.InputFile.__doc__


NOTES = (
    "My notes for the week\n\nI read a few things about models and kept notes here.\n\n"
    "Another heading\n\nMore notes on a second topic that I want to keep for later.\n"
)


def test_a_named_file_no_format_recognizes_gives_no_rows(tmp_path: Path) -> None:
    # Named, not walked: refused as parse refuses it (one unknown-format problem), never read
    # as cards made of its headings.
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    assert paperlist.parse(notes).format == "unknown"
    found: list[tuple[str, Problem]] = []
    assert paperlist.collect(notes, on_problem=lambda n, p: found.append((n, p))) == []
    assert [(n, p.kind) for n, p in found] == [(str(notes), "unknown-format")]
    # A format named by the caller is read as asked (its own problems say what it found).
    assert paperlist.collect(notes, format="hf-text", on_problem=lambda n, p: None) is not None
