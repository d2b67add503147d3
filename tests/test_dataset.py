"""Datasets on disk: JSON Lines, CSV and Parquet rows, ``paperlist collect`` and ``--update``."""

from __future__ import annotations

import csv
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperlist
from paperlist import Author, Paper, PartialDate, Row
from paperlist.cli import main
from paperlist.collect import row_from, sighting_of
from paperlist.dataset import (
    COLUMNS,
    MissingDependencyError,
    flat_row,
    read_rows,
    row_from_flat,
    write_rows,
)
from paperlist.render import render

from .strategies import ABSTRACT_FOR_TESTS, papers, partial_dates
from .test_cli import run

NAMES = [name for name, _ in COLUMNS]


def _names_only(row: Row) -> Row:
    """What the flat forms keep of the authors: their names."""
    return attrs.evolve(row, authors=[Author(a.name) for a in row.authors])


@st.composite
def rows(draw: st.DrawFn) -> Row:
    paper = draw(papers())
    seen = sighting_of(
        paper,
        page_date=draw(st.one_of(st.none(), partial_dates())),
        file=draw(st.sampled_from(["a.txt", "sub/b.json"])),
        sha256="ab" * 32,
    )
    return row_from(paper, seen)


@given(rows())
def test_flat_row_round_trip(row: Row) -> None:
    flat = flat_row(row)
    assert list(flat) == NAMES
    assert row_from_flat(flat) == _names_only(row)


@settings(max_examples=50)  # each example writes a file; the cells are covered by the test above
@given(st.lists(rows(), max_size=4), st.sampled_from([".jsonl", ".csv", ".parquet"]))
def test_files_round_trip(found: list[Row], suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"rows{suffix}"
        write_rows(found, path)
        back = read_rows(path)
    expected = found if suffix == ".jsonl" else [_names_only(r) for r in found]
    if suffix == ".csv":
        expected = [_as_csv_keeps(r) for r in expected]
    assert back == expected


def _as_csv_keeps(row: Row) -> Row:
    """What a CSV cell keeps: NUL as U+FFFD (``text.csv_text``); JSON cells write ``\\u0000``."""
    flat = flat_row(row)
    return row_from_flat(
        {k: v.replace("\0", "\ufffd") if isinstance(v, str) else v for k, v in flat.items()}
    )


def test_csv_writes_nul_as_replacement_character_on_every_python(tmp_path: Path) -> None:
    paper = Paper("Nul\0Title", "An\0abstract", authors=[Author("Ada\0One")])
    path = tmp_path / "rows.csv"
    write_rows([row_from(paper)], path)  # Python 3.10's csv raised "need to escape"
    assert b"\0" not in path.read_bytes()
    (back,) = read_rows(path)  # and could not read a NUL back: "line contains NUL"
    assert (back.title, back.abstract) == ("Nul\ufffdTitle", "An\ufffdabstract")
    assert back.authors == (Author("Ada\0One"),)  # a JSON array cell: escaped, kept


def test_csv_columns_and_cells(tmp_path: Path) -> None:
    paper = Paper("T", ABSTRACT_FOR_TESTS, arxiv_id="2401.00001", authors=[Author("Ada One")])
    row = row_from(paper, sighting_of(paper, page_date=PartialDate(2024, 1, 2), file="x.json"))
    path = tmp_path / "rows.csv"
    write_rows([row], path)
    with open(path, encoding="utf-8", newline="") as stream:
        header, cells = list(csv.reader(stream))
    assert header == NAMES
    data = dict(zip(header, cells, strict=True))
    assert data["authors"] == '["Ada One"]'
    assert data["organization_id"] == ""
    assert data["sighting_count"] == "1"
    (sighting,) = json.loads(data["sightings"])
    assert sighting["file"] == "x.json"
    assert sighting["page_date"] == "2024-01-02"
    assert data["first_seen"] == data["last_seen"] == "2024-01-02"


def test_to_arrow_of_rows_and_papers() -> None:
    pytest.importorskip("pyarrow")
    papers_ = [Paper("One", arxiv_id="2401.00001", upvotes=3), Paper("Two")]
    table = paperlist.to_arrow(papers_)
    assert table.column_names == NAMES
    assert table.num_rows == 2
    assert table.column("upvotes").to_pylist() == [3, None]
    assert str(table.schema.field("authors").type) == "list<item: string>"
    assert paperlist.to_arrow([row_from(p) for p in papers_]) == table


def test_missing_pyarrow_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"pip install 'paperlist\[parquet\]'"):
        paperlist.to_arrow([])
    dump = tmp_path / "d.txt"
    dump.write_text(render([Paper("T", ABSTRACT_FOR_TESTS)]), encoding="utf-8")
    assert main(["collect", str(dump), "-o", str(tmp_path / "o.parquet")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "paperlist[parquet]" in err
    assert not (tmp_path / "o.parquet").exists()


def test_write_keeps_the_mode_and_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    write_rows([row_from(Paper("T"))], link)
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert len(read_rows(target)) == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_rows([], tmp_path / "new.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_read_rows_refuses_a_csv_that_is_not_a_dataset(tmp_path: Path) -> None:
    path = tmp_path / "papers.csv"
    path.write_text("title,abstract\nT,A\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a paperlist dataset"):
        read_rows(path)


# --- the command ------------------------------------------------------------------------------


def _dumps(folder: Path, count: int) -> list[Path]:
    """``count`` invented dumps on consecutive days, each card seen on two of them."""
    folder.mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        cards = [
            Paper(
                f"Invented Card {k}",
                ABSTRACT_FOR_TESTS,
                author_count=k + 1,
                published=PartialDate(2024, 4, k + 1),
                comments=n,
            )
            for k in (n, n + 1)
        ]
        path = folder / f"day-{n:02d}.txt"
        path.write_text(render(cards, page_date=PartialDate(2024, 5, n + 1)), encoding="utf-8")
        paths.append(path)
    return paths


def test_collect_command_and_update(tmp_path: Path) -> None:
    paths = _dumps(tmp_path / "saved", 4)
    whole = tmp_path / "whole.csv"
    assert run("collect", *paths, "-o", whole, "-q").returncode == 0
    rows = read_rows(whole)
    assert len(rows) == 5
    card = next(r for r in rows if r.key == "title:invented card 1")
    assert [s.comments for s in card.sightings] == [0, 1]
    assert (card.comments, card.first_seen, card.last_seen) == (
        1,
        PartialDate(2024, 5, 1),
        PartialDate(2024, 5, 2),
    )
    # Two runs with --update make the same table as one run.
    part = tmp_path / "part.csv"
    assert run("collect", *paths[:2], "-o", part, "-q").returncode == 0
    result = run("collect", *paths, "-o", part, "--update")
    assert result.returncode == 0, result.stderr
    assert "5 rows, 8 sightings" in result.stderr
    assert part.read_bytes() == whole.read_bytes()
    # Again: nothing new, nothing read, nothing changed.
    assert run("collect", paths[0], "-o", part, "--update", "-q").returncode == 0
    assert part.read_bytes() == whole.read_bytes()
    # Without --update OUT is replaced.
    assert run("collect", paths[0], "-o", part, "-q").returncode == 0
    assert len(read_rows(part)) == 2


@pytest.mark.parametrize("held", ['{"garbage": 1}\n', "not json at all\n"])
def test_update_refuses_a_jsonl_file_that_is_no_dataset(tmp_path: Path, held: str) -> None:
    (path,) = _dumps(tmp_path / "saved", 1)
    out = tmp_path / "other.jsonl"
    out.write_text(held, encoding="utf-8")
    result = run("collect", path, "-o", out, "--update")
    assert result.returncode != 0
    assert "not a paperlist dataset (line 1)" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == held  # left as it was


def test_collect_forms_agree(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    _dumps(saved, 3)
    found = {}
    for suffix in (".jsonl", ".csv", ".parquet"):
        out = tmp_path / f"rows{suffix}"
        assert run("collect", saved, "-o", out, "-q").returncode == 0
        found[suffix] = read_rows(out)
    assert found[".jsonl"] == found[".csv"] == found[".parquet"]


def test_the_output_inside_a_walked_folder_is_not_read(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    _dumps(saved, 2)
    out = saved / "rows.jsonl"
    assert run("collect", saved, "-o", out, "-q").returncode == 0
    before = out.read_bytes()
    assert run("collect", saved, "-o", out, "--update", "-q").returncode == 0
    assert out.read_bytes() == before
    assert "rows.jsonl" not in before.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "rows.txt"], "suffix of OUT"),
        (["-", "-o", "rows.jsonl"], "not standard input"),
        (["missing.txt", "-o", "rows.jsonl"], "no such file"),
        (["--format", "nope", "-o", "rows.jsonl"], "nope"),
    ],
)
def test_collect_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    (dump,) = _dumps(tmp_path / "saved", 1)
    monkeypatch.chdir(tmp_path)
    names = args if args[0] in ("-", "missing.txt") else [str(dump), *args]
    result = run("collect", *names)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_corpus_day_with_the_command(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "day.jsonl"
    html = corpus / "html" / "daily-2024-08-01.html"
    api = corpus / "api" / "daily_papers-2024-08-01.json"
    result = run("collect", html, api, "-o", out)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13
    (llama,) = [json.loads(line) for line in lines if '"key": "2407.21783"' in line]
    assert llama["upvotes"] == 94
    assert len(llama["authors"]) == 533
    assert len(llama["sightings"]) == 2


def test_corpus_text_into_every_form_and_update(corpus: Path, tmp_path: Path) -> None:
    files = sorted((corpus / "text").iterdir())
    found = {}
    for suffix in (".jsonl", ".csv", ".parquet"):
        out = tmp_path / f"text{suffix}"
        assert run("collect", corpus / "text", "-o", out, "-q").returncode == 0
        found[suffix] = read_rows(out)
    assert len(found[".jsonl"]) == 392
    assert found[".jsonl"] == found[".csv"] == found[".parquet"]
    out = tmp_path / "update.parquet"
    assert run("collect", *files[:2], "-o", out, "-q").returncode == 0
    assert run("collect", *files, "-o", out, "--update", "-q").returncode == 0
    assert read_rows(out) == found[".parquet"]
