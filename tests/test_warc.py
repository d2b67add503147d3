"""WARC archives as input: which records are read, how, and where their papers say they came from
(archive, record offset, URI, WARC-Date)."""

from __future__ import annotations

import datetime as _dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("warcio")

import paperlist
from paperlist import warc
from paperlist.cli import main

from .hf_html_pages import DAILY_ITEMS, SEARCH_PAGE, daily_page
from .warc_archives import WARC_DATE, Page, crawl, write_archive

API_ITEMS = [dict(item, title=f"{item['paper']['title']} (API)") for item in DAILY_ITEMS]


def generated_crawl() -> list[Page]:
    return crawl(daily_page().encode(), json.dumps(API_ITEMS).encode())


def expected_counts() -> tuple[int, int]:
    html = len(paperlist.parse(daily_page().encode()).papers)
    api = len(paperlist.parse(json.dumps(API_ITEMS).encode()).papers)
    return html, api


def _record_at(path: Path, offset: int) -> Any:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        stream.seek(offset)
        return next(iter(ArchiveIterator(stream)))


# --- the corpus crawl (the acceptance case) -----------------------------------------


def test_corpus_crawl_gives_the_13_and_39_papers(corpus: Path, tmp_path: Path) -> None:
    pages = crawl(
        (corpus / "html" / "daily-2024-08-01.html").read_bytes(),
        (corpus / "api" / "daily_papers-2025-10-03.json").read_bytes(),
    )
    archive = write_archive(tmp_path / "x.warc.gz", pages)
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(archive), "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 13 + 39
    assert [r["source"]["format"] for r in rows] == ["hf-html"] * 13 + ["hf-json"] * 39
    assert {r["source"]["file"] for r in rows} == {str(archive)}
    assert [r["source"]["uri"] for r in rows] == [pages[0].uri] * 13 + [pages[1].uri] * 39
    assert {r["source"]["fetched_at"] for r in rows} == {WARC_DATE}
    assert rows[0]["arxiv_id"] == "2407.21783"
    for row in (rows[0], rows[-1]):
        record = _record_at(archive, row["source"]["offset"])
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Target-URI") == row["source"]["uri"]


# --- the same crawl with pages written for the tests ------------------------------------------


@pytest.mark.parametrize("gzip", [True, False])
def test_generated_crawl(tmp_path: Path, gzip: bool) -> None:
    pages = generated_crawl()
    archive = write_archive(tmp_path / ("x.warc.gz" if gzip else "x.warc"), pages, gzip=gzip)
    n_html, n_api = expected_counts()
    listing = paperlist.parse(archive)
    assert listing.format == "warc"
    assert listing.page_date is None
    assert len(listing.papers) == n_html + n_api
    html, api = listing.papers[:n_html], listing.papers[n_html:]
    assert {p.source.uri for p in html if p.source} == {pages[0].uri}
    assert {p.source.uri for p in api if p.source} == {pages[1].uri}
    assert [p.title for p in html] == [p.title for p in paperlist.parse(daily_page()).papers]
    offsets = {p.source.offset for p in listing.papers if p.source and p.source.offset is not None}
    assert len(offsets) == 2
    for offset in offsets:
        assert _record_at(archive, offset).rec_type == "response"
    when = _dt.datetime(2024, 8, 2, 9, 30, tzinfo=_dt.timezone.utc)
    assert {p.source.fetched_at for p in listing.papers if p.source} == {when}


def test_skipped_records_are_counted_not_parsed(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    read = warc.parse_archive(archive)
    assert read.parsed == 2
    # 5 requests; robots.txt; the 404; the other site
    assert read.skipped == {"record-type": 5, "not-papers": 1, "status": 1, "other-site": 1}
    assert read.listing.problems == ()
    skipped = [r for r in warc.records(archive) if isinstance(r, warc.Skipped)]
    assert [s.status for s in skipped if s.reason == "status"] == [404]


def test_cli_notes_what_was_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    assert main(["parse", str(archive), "--strict"]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"paperlist: {archive}: 2 records read, 8 skipped"
        " (1 not-papers, 1 other-site, 5 record-type, 1 status)\n"
    )
    assert len(captured.out.splitlines()) == sum(expected_counts())


def test_folder_of_archives_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "crawls"
    folder.mkdir()
    write_archive(folder / "a.warc.gz", generated_crawl())
    write_archive(folder / "b.warc", generated_crawl(), gzip=False)
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(folder), "-o", str(out), "-q"]) == 0
    assert len(out.read_text().splitlines()) == 2 * sum(expected_counts())

    data = (folder / "a.warc.gz").read_bytes()
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))  # a pipe: peekable, no seek
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["parse", "-", "-o", str(out), "-q"]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == sum(expected_counts())
    assert {r["source"]["file"] for r in rows} == {"<stdin>"}


def test_cli_detect_names_archives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = write_archive(tmp_path / "saved.bin", generated_crawl())
    assert main(["detect", str(archive)]) == 0
    assert capsys.readouterr().out == f"{archive}\twarc\t1.00\n"


def test_bytes_and_streams(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    data = archive.read_bytes()
    expected = [p.title for p in paperlist.parse(archive).papers]
    assert [p.title for p in paperlist.parse(data).papers] == expected
    with open(archive, "rb") as stream:
        assert [p.title for p in paperlist.parse(stream).papers] == expected
    assert paperlist.detect(data) == "warc"


def test_iter_papers_streams_record_by_record(tmp_path: Path) -> None:
    pages = [
        Page(f"https://huggingface.co/papers?date=2024-08-0{i}", daily_page().encode())
        for i in range(1, 9)
    ]
    archive = write_archive(tmp_path / "x.warc", pages, gzip=False)
    with open(archive, "rb") as stream:
        papers = paperlist.iter_papers(stream)
        first = next(papers)
        # One record (and warcio's read buffer) read: far from the whole archive.
        assert stream.tell() < archive.stat().st_size / 2
        rest = list(papers)
    assert first.source is not None
    assert first.source.uri == pages[0].uri
    assert 1 + len(rest) == 8 * len(DAILY_ITEMS)


def test_iter_papers_opens_at_once(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        paperlist.iter_papers(tmp_path / "missing.warc.gz")
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    with pytest.raises(paperlist.UnknownFormatError):
        paperlist.iter_papers(archive, format="no-such-format")


# --- how a record is read -------------------------------------------------------------------


def test_http_charset_is_honoured(tmp_path: Path) -> None:
    page = SEARCH_PAGE.replace('<meta charset="utf-8">', "").replace("Quiet", "Quiét")
    pages = [
        Page(
            "https://huggingface.co/papers?q=quiet",
            page.encode("latin-1"),
            "text/html; charset=ISO-8859-1",
        ),
        Page("https://huggingface.co/papers?q=quiet2", page.encode("utf-8"), "text/html"),
    ]
    listing = paperlist.parse(write_archive(tmp_path / "x.warc.gz", pages))
    titles = [p.title for p in listing.papers if p.arxiv_id == "2403.01234"]
    assert titles == ["Quiét Gradients in Loud Networks"] * 2
    assert not [p for p in listing.problems if p.kind == "encoding"]


def test_warc_date_is_the_reference_date(tmp_path: Path) -> None:
    pages = [Page("https://huggingface.co/papers?q=sheep", SEARCH_PAGE.encode())]
    archive = write_archive(tmp_path / "x.warc.gz", pages, warc_date="2026-03-01T00:00:00Z")
    by_id = {p.arxiv_id: p for p in paperlist.parse(archive).papers}
    assert str(by_id["2405.11111"].published) == "2025-05-29"  # the latest May 29 by 2026-03-01
    given_date = {
        p.arxiv_id: p for p in paperlist.parse(archive, reference_date="2024-06-01").papers
    }
    assert str(given_date["2405.11111"].published) == "2024-05-29"


def test_problems_name_their_record(tmp_path: Path) -> None:
    pages = [Page("https://huggingface.co/papers?q=sheep", SEARCH_PAGE.encode())]
    archive = write_archive(tmp_path / "x.warc.gz", pages)
    listing = paperlist.parse(archive, reference_date=None)
    assert listing.problems == ()  # the WARC-Date gave the yearless date its year
    problems = paperlist.parse(
        write_archive(tmp_path / "y.warc.gz", pages, warc_date="not a date")
    ).problems
    assert [p.kind for p in problems] == ["yearless-date"]
    assert problems[0].message.startswith(f"{pages[0].uri} (offset ")
    with pytest.raises(paperlist.ParseError):
        paperlist.parse(tmp_path / "y.warc.gz", strict=True)


def test_resource_records_and_missing_content_type(tmp_path: Path) -> None:
    pages = [
        Page(
            "https://huggingface.co/papers?date=2024-08-01",
            daily_page().encode(),
            "text/html",
            record_type="resource",
        ),
        Page("https://huggingface.co/api/daily_papers", json.dumps(API_ITEMS).encode(), None),
        # Mislabelled: the implied format does not fit, so detection decides.
        Page("https://huggingface.co/papers/trending", json.dumps(API_ITEMS).encode(), "text/html"),
    ]
    listing = paperlist.parse(write_archive(tmp_path / "x.warc.gz", pages))
    n_html, n_api = expected_counts()
    formats = [p.source.format for p in listing.papers if p.source]
    assert formats == ["hf-html"] * n_html + ["hf-json"] * (2 * n_api)


@pytest.mark.parametrize(
    ("uri", "content_type", "expected"),
    [
        ("https://huggingface.co/papers", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers?date=2024-08-01", None, (True, None)),
        ("https://huggingface.co/papers/date/2024-08-01", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers/week/2024-W31", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers/month/2024-08", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers/trending", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers?q=sheep", "text/html", (True, "hf-html")),
        ("https://huggingface.co/papers/2408.00101", "text/html", (True, "hf-html")),
        ("https://HuggingFace.co/papers/2408.00101", "application/json", (True, "hf-json")),
        ("https://huggingface.co/api/daily_papers?date=2025-10-03", None, (True, "hf-json")),
        ("https://huggingface.co/api/papers/2408.00101", "text/plain", (True, "hf-json")),
        ("https://huggingface.co/api/papers/search?q=x", "application/json", (True, "hf-json")),
        ("https://hf.co/papers/2408.00101", "text/html", (True, "hf-html")),
        ("https://huggingface.co/api/models", "application/json", (False, None)),
        ("https://huggingface.co/robots.txt", "text/plain", (False, None)),
        ("https://huggingface.co/papersandmore", "text/html", (False, None)),
        ("https://huggingface.co/acme/papers", "text/html", (False, None)),
        ("https://example.org/papers", "text/html", (False, None)),
        ("https://huggingface.co.example.org/papers", "text/html", (False, None)),
    ],
)
def test_format_for(uri: str, content_type: str | None, expected: tuple[bool, str | None]) -> None:
    assert warc.format_for(uri, content_type) == expected


@given(st.datetimes(timezones=st.just(_dt.timezone.utc)))
def test_warc_dates_read_back(when: _dt.datetime) -> None:
    text = when.replace(tzinfo=None).isoformat() + "Z"
    assert warc.fetched_at(text) == when


@pytest.mark.parametrize("value", [None, "", "2024-08-01", "2024-13-01T00:00:00Z", "yesterday"])
def test_unreadable_warc_dates_are_none(value: str | None) -> None:
    assert warc.fetched_at(value) is None


def test_is_archive(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "saved.bin", generated_crawl())  # gzip, no suffix
    plain = write_archive(tmp_path / "saved.dat", generated_crawl(), gzip=False)
    assert warc.is_archive(archive)
    assert warc.is_archive(plain)
    assert warc.is_archive(plain.read_bytes())
    assert warc.is_archive(tmp_path / "not-yet.warc.gz")  # by name
    assert not warc.is_archive(plain.read_text(errors="replace"))  # str is text, never a path
    assert not warc.is_archive(b"\x1f\x8b not really gzip")
    page = tmp_path / "page.html"
    page.write_text(daily_page())
    assert not warc.is_archive(page)
    with open(page, "rb") as stream:
        assert not warc.is_archive(stream)
        assert stream.tell() == 0


def test_missing_warcio_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    with pytest.raises(warc.MissingExtraError, match=r"paperlist\[warc\]"):
        paperlist.parse(archive)
    assert main(["parse", str(archive)]) == 2
    err = capsys.readouterr().err
    message = "reading WARC archives needs warcio: pip install 'paperlist[warc]'"
    assert err == f"paperlist: {archive}: {message}\n"


def test_chunked_and_compressed_bodies_are_decoded(tmp_path: Path) -> None:
    import gzip

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = gzip.compress(daily_page().encode())
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Encoding", "gzip"),
    ]
    archive = tmp_path / "x.warc.gz"
    with open(archive, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        record = writer.create_warc_record(
            "https://huggingface.co/papers?date=2024-08-01",
            "response",
            payload=io.BytesIO(chunked),
            length=len(chunked),
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        )
        writer.write_record(record)
    titles = [p.title for p in paperlist.parse(archive).papers]
    assert titles == [p.title for p in paperlist.parse(daily_page()).papers]


# --- damaged archives -------------------------------------------------------------------------


@pytest.mark.parametrize("gzip", [True, False])
def test_a_cut_archive_keeps_its_whole_records(tmp_path: Path, gzip: bool) -> None:
    archive = write_archive(tmp_path / "x.warc", generated_crawl(), gzip=gzip)
    offsets = [item.offset for item in warc.records(archive)]
    data = archive.read_bytes()
    # Cut inside the API response record (the fourth record, after the daily page's pair).
    cut = data[: offsets[3] + 300]
    read = warc.parse_archive(cut)
    n_html, _ = expected_counts()
    assert len(read.listing.papers) == n_html
    assert read.parsed == 1
    assert [p.kind for p in read.listing.problems] == ["bad-archive"]
    with pytest.raises(paperlist.ParseError):
        paperlist.parse(cut, strict=True)
    assert len(list(paperlist.iter_papers(cut))) == n_html
    with pytest.raises(paperlist.ParseError):
        list(paperlist.iter_papers(cut, strict=True))


@given(st.binary(max_size=300))
def test_anything_after_a_warc_line_never_raises(tail: bytes) -> None:
    listing = paperlist.parse(b"WARC/1.0\r\n" + tail)
    assert listing.format == "warc"
    assert {p.kind for p in listing.problems} <= {"bad-archive"}


@given(st.integers(min_value=0))
def test_any_prefix_of_an_archive_never_raises(cut: int) -> None:
    data = _SMALL_ARCHIVE[: cut % (len(_SMALL_ARCHIVE) + 1)]
    if warc.is_archive(data):
        listing = paperlist.parse(data)  # never raises; a cut page may have problems of its own
        assert "internal-error" not in {p.kind for p in listing.problems}


def _small_archive() -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        pages = [Page("https://huggingface.co/papers?q=sheep", SEARCH_PAGE.encode())]
        return write_archive(Path(tmp) / "s.warc.gz", pages).read_bytes()


_SMALL_ARCHIVE = _small_archive()


def test_collect_reads_archives_record_by_record(tmp_path: Path) -> None:
    pages = generated_crawl()
    archive = write_archive(tmp_path / "x.warc.gz", pages)
    rows = paperlist.collect([archive])
    # The daily page and the API response hold the same papers: one row each, two sightings.
    assert len(rows) == len(DAILY_ITEMS)
    for row in rows:
        assert {s.uri for s in row.sightings} == {pages[0].uri, pages[1].uri}
        assert {s.file for s in row.sightings} == {str(archive)}
        assert all(s.offset is not None and s.fetched_at is not None for s in row.sightings)
        assert {str(s.page_date) for s in row.sightings} == {"2024-08-01", "None"}


def test_collect_without_warcio_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = write_archive(tmp_path / "x.warc.gz", generated_crawl())
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    assert main(["collect", str(archive), "-o", str(tmp_path / "out.jsonl")]) == 2
    message = "reading WARC archives needs warcio: pip install 'paperlist[warc]'"
    assert capsys.readouterr().err == f"paperlist: {message}\n"
