"""paperlist.dask: the same papers and rows as one process, from local paths and fsspec URLs."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("warcio")
pytest.importorskip("dask.bag")
fsspec = pytest.importorskip("fsspec")

import dask  # noqa: E402

import paperlist  # noqa: E402
import paperlist.dask as pdask  # noqa: E402
from paperlist import warc  # noqa: E402
from paperlist.cli import main  # noqa: E402

from .hf_html_pages import DAILY_ITEMS, SEARCH_PAGE, daily_page  # noqa: E402
from .warc_archives import Page, crawl, write_archive  # noqa: E402

API_ITEMS = [dict(item, title=f"{item['paper']['title']} (API)") for item in DAILY_ITEMS]


def _archives(folder: Path) -> list[Path]:
    pages = crawl(daily_page().encode(), json.dumps(API_ITEMS).encode())
    return [write_archive(folder / f"{name}.warc.gz", pages) for name in ("a", "b")]


def _one_archive_papers() -> int:
    return len(paperlist.parse(daily_page()).papers) + len(
        paperlist.parse(json.dumps(API_ITEMS)).papers
    )


def count(bag: Any, **options: Any) -> int:
    """A bag's length, computed (dask's methods carry no types)."""
    return int(bag.count().compute(**options))


def compute(bag: Any) -> list[Any]:
    return list(bag.compute())


@pytest.fixture
def sync() -> Iterator[None]:
    with dask.config.set(scheduler="synchronous"):
        yield


def test_import_paperlist_does_not_import_dask() -> None:
    code = (
        "import sys, paperlist, paperlist.warc, paperlist.collect\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in"
        " {'dask', 'fsspec', 'warcio', 'pyarrow'}]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the acceptance cases -------------------------------------------------------------


def test_corpus_archives_with_processes(corpus: Path, tmp_path: Path) -> None:
    pages = crawl(
        (corpus / "html" / "daily-2024-08-01.html").read_bytes(),
        (corpus / "api" / "daily_papers-2025-10-03.json").read_bytes(),
    )
    a = write_archive(tmp_path / "a.warc.gz", pages)
    b = write_archive(tmp_path / "b.warc.gz", pages)
    bag: Any = pdask.read_papers([str(a), str(b)])
    assert bag.count().compute(scheduler="processes") == 104
    with_dask, without = tmp_path / "dask.jsonl", tmp_path / "plain.jsonl"
    assert main(["collect", str(a), str(b), "-o", str(with_dask), "--dask", "-q"]) == 0
    assert main(["collect", str(a), str(b), "-o", str(without), "-q"]) == 0
    rows = with_dask.read_text().splitlines()
    assert len(rows) == 52
    assert rows == without.read_text().splitlines()


def test_generated_archives(tmp_path: Path, sync: None) -> None:
    a, b = _archives(tmp_path)
    bag = pdask.read_papers([str(a), str(b)])
    papers = compute(bag)
    assert len(papers) == 2 * _one_archive_papers()
    assert {p["source"]["file"] for p in papers} == {str(a), str(b)}
    assert all(p["source"]["offset"] is not None for p in papers)
    assert papers[0] == paperlist.to_dict(next(iter(paperlist.iter_papers(a))))
    assert pdask.collect([a, b]) == paperlist.collect([a, b])


# --- files, folders, globs, fsspec URLs --------------------------------------------------------


def test_folders_globs_and_plain_files(tmp_path: Path, sync: None) -> None:
    folder = tmp_path / "saved"
    (folder / "deep").mkdir(parents=True)
    _archives(folder / "deep")
    (folder / "day.html").write_text(daily_page())
    (folder / "api.json").write_text(json.dumps(API_ITEMS))
    (folder / "README.md").write_text("Saved pages.\n")
    (folder / ".hidden.json").write_text(json.dumps(API_ITEMS))
    (folder / "notes.txt").write_text("nothing a format knows\n")
    n = _one_archive_papers()
    assert count(pdask.read_papers(str(folder))) == 3 * n
    assert count(pdask.read_papers(str(folder / "*.json"))) == n - len(DAILY_ITEMS)
    assert pdask.collect([folder]) == paperlist.collect([folder])
    assert pdask.collect([folder], files_per_task=1) == paperlist.collect([folder])
    one_each = pdask.read_papers(str(folder), files_per_task=1)
    assert one_each.npartitions == 5  # two archives, three other files (README.md left out)
    assert compute(one_each) == compute(pdask.read_papers(str(folder)))
    with pytest.raises(FileNotFoundError):
        pdask.read_papers([str(folder / "missing.warc.gz")])


def test_memory_filesystem(tmp_path: Path, sync: None) -> None:
    a, _ = _archives(tmp_path)
    fs = fsspec.filesystem("memory")
    fs.pipe("/crawl/a.warc.gz", a.read_bytes())
    fs.pipe("/crawl/pages/day.html", daily_page().encode())
    fs.pipe("/crawl/README.md", b"Saved pages.\n")
    fs.pipe("/crawl/.cache/x.json", json.dumps(API_ITEMS).encode())
    try:
        papers = compute(pdask.read_papers("memory://crawl/"))
        n = _one_archive_papers()
        assert len(papers) == n + len(DAILY_ITEMS)
        files = {p["source"]["file"] for p in papers}
        assert files == {"memory:///crawl/a.warc.gz", "memory:///crawl/pages/day.html"}
        globbed = count(pdask.read_papers("memory://crawl/*.warc.gz"))
        assert globbed == n
        rows = pdask.collect(["memory://crawl/a.warc.gz", "memory://crawl/pages/day.html"])
        local = paperlist.collect([a])
        assert len(rows) == len(local)
        assert {len(row.sightings) for row in rows} == {3}  # the archive's two, and day.html
    finally:
        fs.rm("/crawl", recursive=True)


# --- large archives cut into parts -------------------------------------------------------------


def _big_archive(folder: Path) -> Path:
    pages = [
        Page(
            f"https://huggingface.co/papers?q=n{i}", SEARCH_PAGE.replace("Quiet", f"Q{i}").encode()
        )
        for i in range(12)
    ]
    pages.insert(5, Page("https://example.org/x", b"<html></html>"))
    return write_archive(folder / "big.warc.gz", pages)


@settings(max_examples=20, deadline=None)
@given(blocksize=st.integers(min_value=64, max_value=20_000))
def test_parts_of_an_archive_hold_each_record_once(tmp_path_factory: Any, blocksize: int) -> None:
    archive = _big_archive(tmp_path_factory.mktemp("big"))
    whole = [paperlist.to_dict(p) for p in paperlist.iter_papers(archive)]
    tasks = pdask.pieces([str(archive)], blocksize)
    assert len(tasks) == -(-archive.stat().st_size // blocksize)
    with dask.config.set(scheduler="synchronous"):
        parts = compute(pdask.read_papers([str(archive)], blocksize=blocksize))
    assert parts == whole


def test_record_start_finds_every_record(tmp_path: Path) -> None:
    archive = _big_archive(tmp_path)
    offsets = [item.offset for item in warc.records(archive)]
    with open(archive, "rb") as stream:
        assert warc.record_start(stream, 0) == 0
        for before, after in itertools.pairwise(offsets):
            assert warc.record_start(stream, before + 1, window=128) == after
        assert warc.record_start(stream, offsets[-1] + 1) is None


# --- schedulers and the command line -----------------------------------------------------------


def test_scheduler_address_is_used_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    class Client:  # stands in for dask.distributed.Client: runs the graph in this process
        def __init__(self, address: str) -> None:
            seen.append(address)
            self._config: Any = dask.config.set(scheduler="synchronous")

        def close(self) -> None:
            self._config.__exit__(None, None, None)

    fake = types.ModuleType("dask.distributed")
    fake.Client = Client  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dask.distributed", fake)
    a, b = _archives(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["collect", str(a), str(b), "-o", str(out), "--dask", "tcp://10.0.0.1:8786"]) == 0
    assert seen == ["tcp://10.0.0.1:8786"]
    assert len(out.read_text().splitlines()) == len(paperlist.collect([a]))

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(warc.MissingExtraError, match=r"dask\[distributed\]"):
        pdask.collect([a], scheduler="scheduler.example:8786")


def test_collect_writes_parquet(tmp_path: Path, sync: None) -> None:
    pytest.importorskip("pyarrow")
    from paperlist.dataset import read_rows, write_rows

    a, b = _archives(tmp_path)
    out, plain = tmp_path / "papers.parquet", tmp_path / "plain.parquet"
    rows = pdask.collect([a, b], out)
    assert rows == paperlist.collect([a, b])
    write_rows(rows, plain)
    assert read_rows(out) == read_rows(plain)
    assert [row.key for row in read_rows(out)] == [row.key for row in rows]


def test_problems_are_reported_as_without_dask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "search.html").write_text(SEARCH_PAGE)  # a yearless date
    (folder / "notes.txt").write_text("nothing a format knows\n")  # skipped, with a note
    a, _ = _archives(tmp_path)
    (folder / "cut.warc.gz").write_bytes(a.read_bytes()[:-100])  # a damaged archive
    out = tmp_path / "out.jsonl"
    assert main(["collect", str(folder), "-o", str(out)]) == 0
    without = capsys.readouterr().err
    assert main(["collect", str(folder), "-o", str(out), "--dask", "synchronous"]) == 0
    assert capsys.readouterr().err == without
    assert "bad-archive" in without
    assert "yearless-date" in without
    assert "notes.txt: skipped" in without


def test_update_with_dask_reads_nothing_twice(tmp_path: Path, sync: None) -> None:
    a, b = _archives(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["collect", str(a), "-o", str(out), "--dask", "synchronous", "-q"]) == 0
    assert (
        main(["collect", str(a), str(b), "-o", str(out), "--update", "--dask", "sync", "-q"]) == 0
    )
    again = tmp_path / "again.jsonl"
    assert main(["collect", str(a), str(b), "-o", str(again), "-q"]) == 0
    assert out.read_text() == again.read_text()
    before = out.read_text()
    assert (
        main(["collect", str(a), str(b), "-o", str(out), "--update", "--dask", "sync", "-q"]) == 0
    )
    assert out.read_text() == before


def test_missing_dask_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    a, _ = _archives(tmp_path)
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(warc.MissingExtraError, match=r"paperlist\[dask\]"):
        pdask.read_papers([str(a)])
    assert main(["collect", str(a), "-o", str(tmp_path / "o.jsonl"), "--dask"]) == 2
    assert capsys.readouterr().err == (
        "paperlist: paperlist.dask needs dask and fsspec: pip install 'paperlist[dask]'\n"
    )


def test_read_papers_refuses_a_named_file_no_format_recognizes(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(
        "My notes for the week\n\nI read a few things about models and kept notes here.\n\n"
        "Another heading\n\nMore notes on a second topic that I want to keep for later.\n",
        encoding="utf-8",
    )
    bag: Any = pdask.read_papers([notes])
    assert bag.count().compute(scheduler="sync") == 0
