"""paperlist against floors and peers; every figure is a ratio of two timings taken in one run.

Run with ``nox -s bench`` (``nox -s bench -- --quick`` for small sizes) or
``python -m benchmarks.bench``.  Each timing is the minimum of several repeats.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import paperlist
from paperlist.records import Organization, Paper, PartialDate
from paperlist.render import iter_render

ROOT = Path(__file__).resolve().parent.parent
_WORDS = [
    "sparse",
    "dense",
    "token",
    "model",
    "agent",
    "graph",
    "memory",
    "scaling",
    "robust",
    "vision",
    "language",
    "reward",
    "policy",
    "diffusion",
    "latent",
    "kernel",
    "retrieval",
    "reasoning",
    "benchmark",
    "transformer",
    "attention",
    "alignment",
    "we",
    "propose",
    "show",
    "that",
    "our",
    "method",
    "improves",
    "over",
    "strong",
    "baselines",
    "on",
    "several",
    "tasks",
]


class Row(NamedTuple):
    name: str
    ratio: float
    unit: str  # what the ratio is: "x floor", "x faster", "MB", "ms", ...
    target: str
    met: bool | None  # None: informational, no target


class Sizes(NamedTuple):
    text_mb: float
    stream_mb: float
    repeat: int
    html_copies: int
    dates: int
    documents: int = 20  # how many dumps `collect` reads (FULL and QUICK say; tests stay tiny)
    warc_pages: int = 20  # pages in the generated archive of the warc and dask benchmarks


FULL = Sizes(
    text_mb=30,
    stream_mb=300,
    repeat=5,
    html_copies=1,
    dates=200_000,
    documents=10_000,
    warc_pages=2000,
)
QUICK = Sizes(
    text_mb=3, stream_mb=30, repeat=3, html_copies=1, dates=20_000, documents=1_000, warc_pages=2000
)


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (collected garbage first, gc left on)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


# -- synthetic records (invented text) -------------------------------------------------------


def synthetic_papers(seed: int = 0) -> Iterator[Paper]:
    """Endless invented papers shaped like HF's (titles ~70 chars, abstracts ~1,200)."""
    rng = random.Random(seed)
    dates = [PartialDate(2024, m, d) for m in range(1, 13) for d in range(1, 29)]
    while True:
        title = " ".join(rng.choice(_WORDS).capitalize() for _ in range(rng.randint(5, 11)))
        sentences = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."
            for _ in range(rng.randint(5, 10))
        ]
        meta: dict[str, Any] = (
            {"organization": Organization("acme-ai", "Acme AI")}
            if rng.random() < 0.1
            else {"author_count": rng.randint(1, 40)}
        )
        yield Paper(
            title=title,
            abstract=" ".join(sentences),
            published=rng.choice(dates),
            comments=rng.choice((0, 0, 0, 1, 2, 5)),
            **meta,
        )


def dump_chunks(megabytes: float, seed: int = 0) -> Iterator[str]:
    """A spaced dump of at least ``megabytes`` MB, in pieces (from ``render.iter_render``)."""
    budget = int(megabytes * 1_000_000)
    size = 0
    for piece in iter_render(synthetic_papers(seed), page_date=PartialDate(2024, 8, 1)):
        yield piece
        size += len(piece.encode())
        if size >= budget:
            return


# -- the benchmarks --------------------------------------------------------------------------


def bench_text(sizes: Sizes) -> list[Row]:
    text = "".join(dump_chunks(sizes.text_mb))
    floor = best(text.splitlines, sizes.repeat)
    ours = best(lambda: paperlist.parse(text), sizes.repeat)
    mb = len(text.encode()) / 1e6
    return [
        Row(
            f"hf-text parse {mb:.0f} MB / text.splitlines()",
            ours / floor,
            "x",
            "<= 5",
            ours / floor <= 5,
        )
    ]


def corpus_dir() -> Path | None:
    env = os.environ.get("PAPERLIST_CORPUS")
    path = Path(env) if env else ROOT.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def html_page() -> tuple[str, bytes]:
    corpus = corpus_dir()
    page = corpus / "html" / "daily-2024-08-01.html" if corpus else None
    if page is not None and page.is_file():
        return "corpus daily-2024-08-01", page.read_bytes()
    return "generated page", _generated_page(223_000)


def _generated_page(size: int) -> bytes:
    """A daily page of about ``size`` bytes, from the test suite's page builder."""
    sys.path.insert(0, str(ROOT))
    from tests.hf_html_pages import DAILY_ITEMS, daily_page

    items = list(DAILY_ITEMS)
    while len(daily_page(items).encode()) < size:
        items += DAILY_ITEMS
    return daily_page(items).encode()


def bench_html(sizes: Sizes) -> list[Row]:
    import lxml.html

    from .bs4_scraper import scrape

    label, data = html_page()
    text = data.decode("utf-8")
    floor = best(lambda: lxml.html.fromstring(data), sizes.repeat)
    ours = best(lambda: paperlist.parse(data, format="hf-html"), sizes.repeat)
    peer = best(lambda: scrape(text), sizes.repeat)
    n = len(paperlist.parse(data, format="hf-html").papers)
    assert len(scrape(text)) == n, "the scraper must find the papers paperlist finds"
    return [
        Row(
            f"hf-html parse ({label}, {n} papers) / lxml.html.fromstring",
            ours / floor,
            "x",
            "<= 1.5",
            ours / floor <= 1.5,
        ),
        Row(
            "hf-html: BeautifulSoup scraper time / paperlist time",
            peer / ours,
            "x faster",
            ">= 10",
            peer / ours >= 10,
        ),
    ]


def bench_rendered(sizes: Sizes) -> list[Row]:
    """Each saved rendering of the corpus daily page against hf-html on the page itself."""
    corpus = corpus_dir()
    folder = corpus / "renderings" if corpus else None
    if folder is None or not folder.is_dir():
        return [Row("rendered: corpus renderings not found (skipped)", 0.0, "", "-", None)]
    page = (corpus / "html" / "daily-2024-08-01.html").read_bytes()  # type: ignore[operator]
    html = best(lambda: paperlist.parse(page, format="hf-html"), sizes.repeat)
    rows = []
    for path in sorted(folder.glob("daily-2024-08-01.*")):
        data = path.read_bytes()
        ours = best(lambda data=data: paperlist.parse(data), sizes.repeat)  # type: ignore[misc]
        tool = path.name.split(".", 1)[1]
        rows.append(
            Row(f"rendered {tool} / hf-html on the page", ours / html, "x", "<= 1", ours <= html)
        )
    return rows


def api_responses() -> tuple[str, list[bytes]]:
    corpus = corpus_dir()
    files = sorted((corpus / "api").glob("*.json")) if corpus else []
    if files:
        return f"corpus, {len(files)} files", [f.read_bytes() for f in files]
    sys.path.insert(0, str(ROOT))
    from tests.hf_html_pages import DAILY_ITEMS

    return "generated", [json.dumps(list(DAILY_ITEMS) * 20).encode()]


def bench_json(sizes: Sizes) -> list[Row]:
    from huggingface_hub.hf_api import PaperInfo

    label, responses = api_responses()

    def hub() -> None:
        # How huggingface_hub's list_daily_papers builds them: PaperInfo(**item) per item.
        for data in responses:
            [PaperInfo(**item) for item in json.loads(data)]

    def ours() -> None:
        for data in responses:
            paperlist.parse(data, format="hf-json")

    def floor() -> None:
        for data in responses:
            json.loads(data)

    t_hub, t_ours, t_floor = (best(f, sizes.repeat * 4) for f in (hub, ours, floor))
    return [
        Row(
            f"hf-json parse ({label}) / huggingface_hub PaperInfo(**item)",
            t_ours / t_hub,
            "x",
            "<= 1",
            t_ours <= t_hub,
        ),
        Row("hf-json parse / json.loads alone", t_ours / t_floor, "x", "-", None),
    ]


_RSS_SCRIPT = """
import pathlib, resource, sys, paperlist
def peak():
    # VmHWM, the process's own peak RSS.  getrusage's ru_maxrss is not used on Linux: it keeps
    # the high-water mark of the (large) benchmark process across fork and exec.
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB elsewhere
if sys.argv[1] == "run":
    n = sum(1 for _ in paperlist.iter_papers(pathlib.Path(sys.argv[2])))
    print(peak(), n)
else:
    print(peak(), 0)
"""


def bench_stream(sizes: Sizes) -> list[Row]:
    fd, name = tempfile.mkstemp(suffix=".txt", prefix="paperlist-bench-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for piece in dump_chunks(sizes.stream_mb, seed=1):
                out.write(piece)
        mb = os.path.getsize(name) / 1e6

        def rss(*args: str) -> float:
            done = subprocess.run(
                [sys.executable, "-c", _RSS_SCRIPT, *args],
                capture_output=True,
                text=True,
                check=True,
            )
            return float(done.stdout.split()[0])

        base = min(rss("base") for _ in range(3))
        peak = rss("run", name)
    finally:
        os.unlink(name)
    extra = peak - base
    return [
        Row(
            f"iter_papers over {mb:.0f} MB file: peak RSS (VmHWM) {peak:.0f} MB"
            f" - import {base:.0f} MB",
            extra,
            "MB",
            "<= 100",
            extra <= 100,
        )
    ]


def _subprocess_time(code: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


_MODULES_SCRIPT = """
import sys, paperlist
heavy = ("lxml", "parsel", "dateutil")
def loaded():
    return sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
after_import = loaded()
paperlist.parse("A Title\\n\\nAn abstract.\\n\\n  \\u2022 2 authors\\n\\u00b7\\nMar 3, 2024 5\\n")
print(",".join(after_import) + "|" + ",".join(loaded()))
"""


def bench_import(sizes: Sizes) -> list[Row]:
    repeat = sizes.repeat * 4
    bare = _subprocess_time("pass", repeat)
    ours = _subprocess_time("import paperlist", repeat)
    added = (ours - bare) * 1000
    done = subprocess.run(
        [sys.executable, "-c", _MODULES_SCRIPT], capture_output=True, text=True, check=True
    )
    after_import, after_text = done.stdout.strip().split("|")
    lazy = not after_import and not after_text
    return [
        Row(
            "import paperlist: added time over bare interpreter", added, "ms", "<= 60", added <= 60
        ),
        Row(
            f"lxml/parsel/dateutil loaded after import [{after_import or 'none'}], "
            f"after a text parse [{after_text or 'none'}]",
            0.0 if lazy else 1.0,
            "loaded",
            "none",
            lazy,
        ),
    ]


def bench_dates(sizes: Sizes) -> list[Row]:
    from paperlist.dates import parse_date, parse_date_uncached

    rng = random.Random(2)
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    # Like a listing: a few hundred distinct dates repeated, HF's forms.
    texts = [
        f"{rng.choice(months)} {rng.randint(1, 28)}, {rng.randint(2022, 2025)}"
        for _ in range(sizes.dates)
    ]
    cached = best(lambda: [parse_date(t) for t in texts], sizes.repeat)
    uncached = best(lambda: [parse_date_uncached(t) for t in texts], sizes.repeat)
    return [
        Row(
            f"dates: cached {len(texts) / cached:,.0f}/s"
            f" vs uncached {len(texts) / uncached:,.0f}/s",
            uncached / cached,
            "x faster",
            "-",
            None,
        ),
    ]


_COLLECT_SCRIPT = """
import pathlib, sys, time, paperlist
def peak():
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
base = peak()
start = time.perf_counter()
rows = paperlist.collect(pathlib.Path(sys.argv[1]))
elapsed = time.perf_counter() - start
print(base, peak(), elapsed, len(rows), sum(len(r.sightings) for r in rows))
"""


def bench_collect(sizes: Sizes) -> list[Row]:
    """``collect`` over many small dumps: cards drawn from a pool, so papers repeat across days."""
    cards_per_document, pool_size = 4, max(sizes.documents // 5, 10)
    papers = synthetic_papers(seed=3)
    pool = [next(papers) for _ in range(pool_size)]
    rng = random.Random(3)
    with tempfile.TemporaryDirectory(prefix="paperlist-bench-") as folder:
        size = 0
        for n in range(sizes.documents):
            cards = rng.sample(pool, cards_per_document)
            day = PartialDate(2020 + n // 336, n // 28 % 12 + 1, n % 28 + 1)
            path = Path(folder) / f"{n // 1000:02d}" / f"day-{n:05d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text("".join(iter_render(cards, page_date=day)), encoding="utf-8")
            size += path.stat().st_size
        done = subprocess.run(
            [sys.executable, "-c", _COLLECT_SCRIPT, folder],
            capture_output=True,
            text=True,
            check=True,
        )
    base, peak, elapsed, rows, sightings = (float(x) for x in done.stdout.split())
    docs = sizes.documents
    extra = peak - base
    return [
        Row(
            f"collect {docs:,} dumps ({size / 1e6:.0f} MB, {sightings:,.0f} cards,"
            f" {rows:,.0f} papers): documents/s",
            docs / elapsed,
            "docs/s",
            "-",
            None,
        ),
        Row(
            "collect: cards (records) merged per second", sightings / elapsed, "cards/s", "-", None
        ),
        Row(
            f"collect {docs:,} dumps: peak RSS (VmHWM) {peak:.0f} MB - import {base:.0f} MB",
            extra,
            "MB",
            "<= 100",
            extra <= 100,
        ),
    ]


def _crawl_pages(n: int) -> list[tuple[str, bytes]]:
    """``n`` generated daily pages (invented papers), one per date, with their URLs."""
    sys.path.insert(0, str(ROOT))
    from tests.hf_html_pages import DAILY_ITEMS, daily_page

    start = datetime.date(2020, 1, 1)
    pages = []
    for i in range(n):
        day = (start + datetime.timedelta(days=i)).isoformat()
        page = daily_page(list(DAILY_ITEMS), date=day).encode()
        pages.append((f"https://huggingface.co/papers?date={day}", page))
    return pages


def _write_crawl(folder: Path, pages: list[tuple[str, bytes]]) -> Path:
    """The pages as one ``.warc.gz`` (responses and their requests) in ``folder``."""
    from tests.warc_archives import Page, write_archive

    return write_archive(folder / "crawl.warc.gz", [Page(uri, body) for uri, body in pages])


def bench_warc(sizes: Sizes) -> list[Row]:
    """Pages read from one archive against the same pages saved as files."""
    from warcio.archiveiterator import ArchiveIterator

    pages = _crawl_pages(sizes.warc_pages)
    with tempfile.TemporaryDirectory(prefix="paperlist-bench-") as tmp:
        folder = Path(tmp)
        archive = _write_crawl(folder, pages)
        files = []
        for i, (_, body) in enumerate(pages):
            files.append(folder / f"page-{i:05d}.html")
            files[-1].write_bytes(body)

        def from_archive() -> int:
            return len(paperlist.parse(archive).papers)

        def from_files() -> int:
            return sum(len(paperlist.parse(f).papers) for f in files)

        def read_archive() -> None:
            with open(archive, "rb") as stream:
                for record in ArchiveIterator(stream):
                    record.content_stream().read()

        def read_files() -> None:
            for f in files:
                f.read_bytes()

        assert from_archive() == from_files()
        repeat = max(2, sizes.repeat // 2)
        t_archive, t_files = best(from_archive, repeat), best(from_files, repeat)
        t_read, t_read_files = best(read_archive, repeat), best(read_files, repeat)
    n = len(pages)
    return [
        Row(
            f"warc: parse {n} pages from one .warc.gz ({n / t_archive:,.0f} pages/s)"
            f" / from {n} files ({n / t_files:,.0f} pages/s)",
            t_archive / t_files,
            "x",
            "-",
            None,
        ),
        Row(
            f"warc: warcio reading the records / reading {n} files (no parsing)",
            t_read / t_read_files,
            "x",
            "-",
            None,
        ),
        Row(
            "warc: reading records / parsing them (share of the time)",
            t_read / t_archive,
            "x",
            "-",
            None,
        ),
    ]


def bench_dask(sizes: Sizes) -> list[Row]:
    """Throughput of paperlist.dask.read_papers over one archive cut into 16 parts, with 1 and 2
    worker processes (pools started, and warmed up, before the timing)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import paperlist.dask

    pages = _crawl_pages(sizes.warc_pages)
    with tempfile.TemporaryDirectory(prefix="paperlist-bench-") as tmp:
        archive = _write_crawl(Path(tmp), pages)
        blocksize = archive.stat().st_size // 16 + 1
        bag: Any = paperlist.dask.read_papers(str(archive), blocksize=blocksize)
        expected = len(paperlist.parse(archive).papers)
        t_plain = best(lambda: paperlist.parse(archive), 1)
        times = {}
        for workers in (1, 2):
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:

                def run(pool: ProcessPoolExecutor = pool) -> int:
                    return int(bag.count().compute(scheduler="processes", pool=pool))

                assert run() == expected  # warms the workers up (imports)
                times[workers] = best(run, max(2, sizes.repeat // 2))
    n = len(pages)
    ratio = times[1] / times[2]
    return [
        Row(f"dask: 1 worker, {n} pages: pages/s", n / times[1], "pages/s", "-", None),
        Row(f"dask: 2 workers, {n} pages: pages/s", n / times[2], "pages/s", "-", None),
        Row(
            f"dask: throughput with 2 workers / 1 worker ({os.cpu_count()} cores)",
            ratio,
            "x",
            ">= 1.5",
            ratio >= 1.5,
        ),
        Row(
            "dask: 1 worker time / paperlist.parse in one process",
            times[1] / t_plain,
            "x",
            "-",
            None,
        ),
    ]


BENCHMARKS: dict[str, Callable[[Sizes], list[Row]]] = {
    "text": bench_text,
    "html": bench_html,
    "rendered": bench_rendered,
    "json": bench_json,
    "stream": bench_stream,
    "import": bench_import,
    "dates": bench_dates,
    "collect": bench_collect,
    "warc": bench_warc,
    "dask": bench_dask,
}


def table(rows: list[Row]) -> str:
    width = max(len(r.name) for r in rows)
    lines = [f"{'benchmark':{width}}  {'measured':>16}  {'target':>8}  result", "-" * (width + 42)]
    for r in rows:
        result = "-" if r.met is None else ("met" if r.met else "NOT MET")
        lines.append(f"{r.name:{width}}  {r.ratio:>7.2f} {r.unit:<8}  {r.target:>8}  {result}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repeats")
    parser.add_argument("only", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rows: list[Row] = []
    for name in args.only or BENCHMARKS:
        rows += BENCHMARKS[name](sizes)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
