"""Development sessions: ``nox -s tests lint typecheck`` is what CI runs."""

from __future__ import annotations

import glob
import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck"]

# jsonschema validates CLI output against `paperlist schema` in the tests only; never a runtime dep.
# pyarrow: the Parquet and Arrow paths of `collect` (the optional extra paperlist[parquet]).
# httpx, requests and scrapy: the scraper tests build their real response and selector objects.
# markdownify and html2text render generated pages for the hf-markdown tests.
TEST_DEPS = [
    "pytest>=8",
    "hypothesis>=6.100",
    "jsonschema>=4.18",
    "pyarrow>=14",
    "httpx>=0.27",
    "requests>=2.31",
    "scrapy>=2.11",
    "markdownify>=0.11",
    "html2text>=2020.1.16",
]
# The optional extras' libraries, so their tests run (warcio also writes the test archives).
TEST_DEPS += ["warcio>=1.7", "dask[bag]>=2023.6", "fsspec>=2023.6"]
# The peers the benchmarks measure against (and mypy checks benchmarks/ against their types).
BENCH_DEPS = ["beautifulsoup4>=4.12", "huggingface_hub>=0.24"]

#: Every Python that pyproject's requires-python promises; the tests run on each.
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
#: The one the full suite (the "ci" hypothesis profile under CI) runs on; the others run the
#: same tests with fewer hypothesis examples, to keep CI short.
FULL_PYTHON = "3.12"


def _find_pyenv_pythons() -> None:
    """Put pyenv's interpreters on PATH, so ``nox -s tests-3.10`` finds them from any shell
    (pyenv's shims answer only for the versions it has selected)."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = []
    for version in PYTHONS:
        found += sorted(glob.glob(os.path.join(root, "versions", f"{version}.*", "bin")))[-1:]
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_find_pyenv_pythons()


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite, over ../shared/corpus when it is there ($PAPERLIST_CORPUS elsewhere).

    The benchmarks' peers are installed too: their smoke tests run every benchmark at a tiny size.
    """
    session.install("-e", ".", *TEST_DEPS, *BENCH_DEPS)
    full = session.python == FULL_PYTHON
    ci = bool(os.environ.get("CI"))
    profile = ("ci" if full else "quick") if ci else "dev"
    # The slow tests (the corpus damage harness, memory measures) test our code, not the
    # interpreter: under CI they run once, on the full Python.  The timing tests (linear time:
    # CPU time at n and 4n) are left out of CI: its machines are shared and noisy, and speed is
    # measured where the machine is quiet (``nox -s timing``), as the benchmarks are.
    marks = "not slow and not timing" if not full else "not timing"
    only = ["-m", marks] if ci else []
    session.run("pytest", f"--hypothesis-profile={profile}", *only, *session.posargs)


@nox.session
def timing(session: nox.Session) -> None:
    """Linear time on hostile input: each shape at n and 4n within 5x (run on a quiet machine)."""
    session.install("-e", ".", "pytest>=8", "hypothesis>=6.100")
    session.run("pytest", "tests/test_robustness.py", "-m", "timing", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    # exceptiongroup: mypy checks for 3.10; types-jsonschema: the tests use jsonschema.
    stubs = ["types-python-dateutil", "exceptiongroup", "types-jsonschema"]
    session.install("-e", ".", "mypy>=1.11", "nox", *stubs, *TEST_DEPS, *BENCH_DEPS)
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ".", "mkdocs>=1.6", "mkdocs-material>=9.5", "mkdocstrings[python]>=0.26")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz every format's entry point with atheris: ``nox -s fuzz -- SECONDS`` (default 60 each).

    Fails on the first uncaught exception, leaving the crashing input as ``crash-*``.
    """
    session.install("-e", ".", "atheris>=2.3")
    seconds = session.posargs[0] if session.posargs else "60"
    seeds = session.create_tmp()
    session.run("python", "fuzz/make_seeds.py", seeds)
    # Every built-in format, then detection ("auto") choosing among them (warc too: installed).
    session.install("warcio>=1.7")
    names = ["hf-text", "hf-flat", "hf-json", "hf-html", "hf-markdown", "hf-rendered", "hf-mhtml"]
    for fmt in [*names, "auto"]:
        session.log(f"fuzzing {fmt} for {seconds} s")
        session.run(
            "python",
            "fuzz/fuzz_parse.py",
            fmt,
            f"-max_total_time={seconds}",
            "-rss_limit_mb=4096",
            "-max_len=65536",
            f"{seeds}/{fmt}",
        )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against floors and peers, one table: ``nox -s bench [-- --quick] [NAME...]``.

    Not a default session: it takes minutes and writes a 300 MB file (deleted afterwards).
    """
    # warcio, dask, fsspec: the warc and dask benchmarks (the extras paperlist[warc,dask]).
    extras = ["warcio>=1.7", "dask[bag]>=2023.6", "fsspec>=2023.6"]
    session.install("-e", ".", *BENCH_DEPS, *extras, "pyinstrument")  # pyinstrument: profiling
    session.run("python", "-m", "benchmarks.bench", *session.posargs)
