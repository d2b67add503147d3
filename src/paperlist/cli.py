"""The ``paperlist`` command (also ``python -m paperlist``).

Exit codes: 0 ok; 1 problems were found under ``--strict``; 2 usage errors and unreadable input
(a missing file, a binary file, an unknown format, an output file that cannot be written).  A
caller's mistake is one line on stderr naming the file, never a traceback.

``parse`` streams: each paper is written as soon as it is read, so the first record of a large
dump comes out at once and memory stays bounded whatever the input's size.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import errno
import json
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

import attrs

from . import __version__, formats, warc
from .api import UNKNOWN, Reading, read_reference_date
from .collect import Row, collect
from .document import Document, load
from .errors import UnknownFormatError
from .records import Listing, Paper, Problem
from .serialize import csv_columns, csv_row, paper_json_schema, to_dict, to_jsonl
from .text import escape_surrogates
from .walk import DETECT_THRESHOLD, display_name, walk

__all__ = ["DETECT_THRESHOLD", "PROGRESS_DELAY", "main"]

#: A run that lasts longer than this many seconds, with stderr a terminal, shows its progress
#: (``$PAPERLIST_PROGRESS_DELAY`` overrides it, for tests and slow terminals).
PROGRESS_DELAY = 1.0
STDIN = "-"
STDIN_NAME = "<stdin>"

EXIT_CODES = "exit codes: 0 ok, 1 problems found under --strict, 2 usage error or unreadable input"
#: The commands without --strict.
EXIT_CODES_PLAIN = "exit codes: 0 ok, 2 usage error or unreadable input"
EXAMPLES = {
    "paperlist": """\
examples:
  paperlist parse examples/daily-dump.txt                   one JSON line a paper (JSONL)
  paperlist parse saved/ --to csv -o papers.csv             every file paperlist detects
  paperlist detect saved/*
  paperlist formats

run 'paperlist COMMAND --help' for each command's options and examples
""",
    "parse": """\
examples:
  paperlist parse examples/daily-dump.txt                   one JSON line a paper (JSONL)
  paperlist parse dump.txt --reference-date 2025-11-25 --to json
  paperlist parse saved/ --to csv -o papers.csv             every file paperlist detects
  cat dump.txt | paperlist parse - --reference-date today
  paperlist parse a.txt b.txt --strict --no-problems || echo "problems found"
""",
    "detect": """\
examples:
  paperlist detect saved/*
  paperlist detect - < page.html
""",
    "collect": """\
examples:
  paperlist collect saved/ -o papers.parquet                one row per paper, merged
  paperlist collect new/ -o papers.jsonl --update           add new documents to a table
""",
    "formats": """\
example:
  paperlist formats | cut -f1                               just the names
""",
    "schema": """\
example:
  paperlist schema > paper.schema.json
""",
}


class _UsageError(Exception):
    """A mistake of the caller's: one line on stderr, exit 2."""


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived: stop, clean up, exit 128 + the signal's number.

    A BaseException, as KeyboardInterrupt is: an adapter that turns any Exception into a
    problem must not swallow it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _reference_date(text: str) -> _dt.date | None:
    """``--reference-date``, read as ``parse(reference_date=...)`` reads it."""
    try:
        return read_reference_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _subparser(commands: Any, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=help,
        description=description,
        epilog=EXAMPLES[name] + "\n" + (EXIT_CODES if name == "parse" else EXIT_CODES_PLAIN),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _reading_options(command: argparse.ArgumentParser) -> None:
    """The options of every command that reads documents (parse and collect)."""
    command.add_argument(
        "--format",
        metavar="NAME",
        help="skip detection and read every FILE as this format (see: paperlist formats)",
    )
    command.add_argument(
        "--reference-date",
        type=_reference_date,
        metavar="YYYY-MM-DD|today",
        help="the date yearless dates ('Apr 1') are resolved against; without it they stay"
        " yearless (--04-01)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperlist",
        description="Read Hugging Face Daily Papers listings into clean records.",
        epilog=EXAMPLES["paperlist"] + "\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperlist {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _subparser(
        commands,
        "parse",
        "parse files into papers",
        "Parse every FILE (any mix of formats) and write its papers to stdout or OUT, each as"
        " soon as it is read.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=f"a file, a directory (walked for files a format scores above {DETECT_THRESHOLD}),"
        " or - for standard input",
    )
    _reading_options(p)
    p.add_argument("--strict", action="store_true", help="exit 1 if any problem is found")
    p.add_argument(
        "--to",
        choices=tuple(_WRITERS),
        default="jsonl",
        help="jsonl: one paper a line (default); json: {file, format, papers, page_date,"
        " problems} for one FILE, a list of those for several or a directory; csv: a table with"
        " a header",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress line and no notes (skipped or empty inputs) on stderr",
    )
    p.add_argument(
        "--no-problems",
        action="store_true",
        help="print no problems on stderr (--strict still counts them; --to json still has them)",
    )

    d = _subparser(
        commands,
        "detect",
        "say which format each file is",
        "Print FILE, format and score (0 to 1), tab-separated, for every FILE.",
    )
    d.add_argument(
        "files", nargs="+", metavar="FILE", help="a file, a directory (walked), or - for stdin"
    )

    c = _subparser(
        commands,
        "collect",
        "merge many files into one table, one row per paper",
        "Read every FILE (folders walked as parse walks them) and write one row per paper to OUT,"
        " merging the records of one paper (by arXiv id, else title). OUT's suffix picks the"
        " form: .jsonl, .csv or .parquet (needs pyarrow: pip install 'paperlist[parquet]').",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="a file or a directory (walked)")
    c.add_argument("-o", "--output", required=True, metavar="OUT", help="the table to write")
    c.add_argument(
        "--update",
        action="store_true",
        help="merge into the rows OUT holds; documents already in it (same name and SHA-256)"
        " are not read again",
    )
    _reading_options(c)
    c.add_argument("-q", "--quiet", action="store_true", help="print no problems and no summary")
    c.add_argument(
        "--dask",
        nargs="?",
        const="processes",
        metavar="SCHEDULER",
        help="read and merge with Dask (pip install 'paperlist[dask]'): local processes, or"
        " SCHEDULER, a Dask scheduler name or a dask.distributed address (tcp://host:8786)",
    )

    _subparser(
        commands,
        "formats",
        "list the formats paperlist reads",
        "Print name, origin (built-in or plug-in) and summary, tab-separated, a format a line.",
    )
    _subparser(
        commands,
        "schema",
        "print the JSON Schema of a paper",
        "Print the JSON Schema (draft 2020-12) of one paper as parse writes it.",
    )
    return parser


# --- inputs -----------------------------------------------------------------------------------


@attrs.frozen
class _Input:
    """One file to read: its name for messages, and whether it was named or found in a walk."""

    name: str
    path: Path | None  # None for stdin
    walked: bool = False


def _walk_note(exc: OSError) -> None:
    """A folder a walk cannot list is skipped, and said so (even under -q: input was lost)."""
    name = display_name(exc.filename if exc.filename is not None else "?")
    sys.stderr.write(f"paperlist: {name}: skipped: {exc.strerror or exc}\n")


def _inputs(names: Sequence[str]) -> tuple[list[_Input], bool]:
    """The files to read, in order, and whether a directory was among the names.

    Every name is checked before anything is written, so a mistake costs no partial output.
    """
    inputs: list[_Input] = []
    walked = False
    if list(names).count(STDIN) > 1:
        raise _UsageError(f"{STDIN}: standard input can be read only once")
    for name in names:
        if name == STDIN:
            inputs.append(_Input(STDIN_NAME, None))
            continue
        path = Path(name)
        if path.is_dir():
            walked = True
            found = [
                _Input(display_name(found), found, walked=True)
                for found in walk(path, onerror=_walk_note)
            ]
            if not found:
                _note(f"{_shown(name)}: empty directory: no files to read")
            inputs.extend(found)
        elif path.exists():
            inputs.append(_Input(name, path))
            _check_not_binary(name, path)
        elif path.is_symlink():
            raise _UsageError(f"{name}: broken symbolic link")
        else:
            raise _UsageError(f"{name}: no such file or directory")
    return inputs, walked


def _is_regular(path: Path | None) -> bool:
    try:
        return path is not None and stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _check_not_binary(name: str, path: Path) -> None:
    """A named regular file is looked at now (its head only): a binary file costs no output.
    A pipe or FIFO cannot be looked at twice; it is checked when it is read."""
    if _is_regular(path) and not warc.is_archive(path):  # an archive is binary, and read
        _refuse_binary(name, _load(_Input(name, path)))


def _refuse_binary(name: str, document: Document) -> None:
    if _is_binary(document):
        raise _UsageError(f"{_shown(name)}: a binary file, not a listing")


def _is_binary(document: Document) -> bool:
    # No text format has NUL characters; executables, images and archives do at once.
    return "\x00" in document.head


def _source(item: _Input) -> Any:
    return sys.stdin.buffer if item.path is None else item.path


def _shown(name: str) -> str:
    """A file name (or message) fit for one line: bytes that are not UTF-8 as ``\\xNN``
    (:func:`paperlist.walk.display_name`), a newline or a tab as ``\\n``, ``\\t``."""
    if name.isprintable():
        return name
    name = display_name(name)
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _note(text: str, *, quiet: bool = False) -> None:
    if not quiet:
        sys.stderr.write(f"paperlist: {text}\n")


def _error(name: str, exc: BaseException) -> _UsageError:
    shown = _shown(name)
    if isinstance(exc, OSError):
        return _UsageError(f"{shown}: {exc.strerror or exc}")
    if isinstance(exc, UnicodeError):
        return _UsageError(f"{shown}: cannot be decoded: {exc}")
    return _UsageError(f"{shown}: {exc}")


def _load(item: _Input) -> Document:
    try:
        return load(_source(item), name=item.name)
    except (OSError, UnicodeError) as exc:
        raise _error(item.name, exc) from None


def _detect(document: Document, forced: str | None) -> tuple[str, float]:
    """The format ``document`` would be read as and its score (``forced``'s score if given)."""
    if forced is not None:
        return forced, float(formats.get(forced).score(document.head))
    return formats.best(document.head)


def _skip_note(item: _Input, fmt: str, score: float) -> str:
    return (
        f"{_shown(item.name)}: skipped: no format scores it above {DETECT_THRESHOLD}"
        f" (best: {fmt} {score:.2f})"
    )


# --- progress ---------------------------------------------------------------------------------


class _Progress:
    """A ``\\r``-updated line on stderr, by bytes read, for runs longer than
    :data:`PROGRESS_DELAY` -- only when stderr is a terminal."""

    def __init__(self, inputs: list[_Input], stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled and _isatty(stream)
        sizes = [_size(item) for item in inputs] if self.enabled else []
        self.total = None if None in sizes else sum(s or 0 for s in sizes)
        self.done = 0  # bytes of the inputs already finished
        delay = os.environ.get("PAPERLIST_PROGRESS_DELAY")
        self._start = time.monotonic()
        self._next = self._start + (float(delay) if delay else PROGRESS_DELAY)
        self._width = 0

    def show(self, document: Document, name: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + 0.2
        done = self.done + document.bytes_read
        if self.total:
            text = f"paperlist: {100 * done // self.total:3d}% {_mb(done)}/{_mb(self.total)}"
        else:
            text = f"paperlist: {_mb(done)}"
        room = 78 - len(text) - 1
        shown = _shown(name)
        if len(shown) > room:  # the end of a long path is the part that tells files apart
            shown = "..." + shown[-(room - 3) :]
        text = f"{text} {shown}"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def finished(self, document: Document) -> None:
        self.done += document.bytes_read

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def _size(item: _Input) -> int | None:
    """A regular file's size; None for stdin, a pipe or a FIFO (their size is unknown)."""
    try:
        info = item.path.stat() if item.path is not None else None
    except OSError:
        return None
    return info.st_size if info is not None and stat.S_ISREG(info.st_mode) else None


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- writers: each writes papers as they come -------------------------------------------------


class _Jsonl:
    """One JSON object a paper, a line each."""

    def __init__(self, out: IO[str], many: bool) -> None:
        self.out = out

    def begin(self, file: str | None, format: str) -> None:
        pass

    def papers(self, papers: Iterable[Paper]) -> None:
        self.out.writelines(to_jsonl(papers))

    def end(self, listing: Listing) -> None:
        pass

    def close(self) -> None:
        pass


class _Csv(_Jsonl):
    """A header row, then a paper a row."""

    def __init__(self, out: IO[str], many: bool) -> None:
        super().__init__(out, many)
        self.writer = csv.writer(out)
        self.writer.writerow(csv_columns())  # the header, even when no paper follows

    def papers(self, papers: Iterable[Paper]) -> None:
        self.writer.writerows(csv_row(paper) for paper in papers)


class _Json(_Jsonl):
    """``{"file", "format", "papers", "page_date", "problems"}`` for one input (a list of those
    for several), written as it is read: a paper a line inside the ``papers`` array, and the
    page date and problems, known only at the end, after it."""

    def __init__(self, out: IO[str], many: bool) -> None:
        super().__init__(out, many)
        self.many = many
        self.count = 0
        self.indent = "  " if many else ""
        if many:
            out.write("[")

    def begin(self, file: str | None, format: str) -> None:
        i = self.indent
        self.out.write(",\n" if self.count else ("\n" if self.many else ""))
        self.out.write(f'{i}{{\n{i}  "file": {_dumps(file)},\n{i}  "format": {_dumps(format)},\n')
        self.out.write(f'{i}  "papers": [')
        self.count += 1

    def papers(self, papers: Iterable[Paper]) -> None:
        prefix = "\n" + self.indent + "    "
        first = True
        for paper in papers:
            self.out.write(prefix + _dumps(to_dict(paper)))
            if first:
                prefix, first = "," + prefix, False
        self.out.write("" if first else "\n" + self.indent + "  ")

    def end(self, listing: Listing) -> None:
        i = self.indent
        page_date = None if listing.page_date is None else listing.page_date.isoformat()
        problems = [to_dict(problem) for problem in listing.problems]
        lines = ",\n".join(f"{i}    {_dumps(p)}" for p in problems)
        self.out.write(f'],\n{i}  "page_date": {_dumps(page_date)},\n')
        self.out.write(f'{i}  "problems": [' + (f"\n{lines}\n{i}  " if lines else "") + "]\n")
        self.out.write(f"{i}}}")

    def close(self) -> None:
        self.out.write(("\n]\n" if self.count else "]\n") if self.many else "\n")


def _dumps(value: Any) -> str:
    return escape_surrogates(json.dumps(value, ensure_ascii=False))


_WRITERS: dict[str, type[_Jsonl]] = {"jsonl": _Jsonl, "json": _Json, "csv": _Csv}


# --- commands ---------------------------------------------------------------------------------


def _report(name: str, problems: Sequence[Problem], stream: IO[str]) -> None:
    shown = _shown(name)
    for problem in problems:
        line = f":{problem.line}" if problem.line is not None else ""
        stream.write(f"{shown}{line}: {problem.kind}: {_shown(problem.message)}\n")


def _reading(
    item: _Input, document: Document, fmt: str | None, args: argparse.Namespace
) -> Reading:
    try:
        return Reading(document, format=fmt, reference_date=args.reference_date)
    except (OSError, UnicodeError) as exc:
        raise _error(item.name, exc) from None


def _parse_archive(item: _Input, source: Any, fmt: str | None, args: argparse.Namespace) -> Listing:
    """An archive's papers; how many records it skipped, and why, is a note on stderr."""
    try:
        read = warc.parse_archive(
            source, format=fmt, reference_date=args.reference_date, name=item.name
        )
    except warc.MissingExtraError as exc:
        raise _UsageError(f"{item.name}: {exc}") from None
    if not args.quiet:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(read.skipped.items()))
        skipped = sum(read.skipped.values())
        sys.stderr.write(
            f"paperlist: {item.name}: {read.parsed} records read, {skipped} skipped"
            + (f" ({reasons})\n" if reasons else "\n")
        )
    return read.listing


def _is_archive(item: _Input) -> bool:
    """Whether ``item`` is a WARC archive.  A pipe or FIFO is only peeked at (stdin) or judged by
    its name, so that what is read to tell is never lost to the parse."""
    if item.path is None:
        return warc.is_archive(sys.stdin.buffer)
    if _is_regular(item.path):
        return warc.is_archive(item.path)
    return os.fsdecode(item.path).lower().endswith(warc.ARCHIVE_SUFFIXES)


def _parse_command(args: argparse.Namespace, inputs: list[_Input], many: bool, out: IO[str]) -> int:
    found = 0
    refused = False  # a named file that no format recognizes: exit 2 after the others
    writer = _WRITERS[args.to](out, many)
    progress = _Progress(inputs, sys.stderr, enabled=not args.quiet)
    for item in inputs:
        if _is_archive(item):
            listing = _parse_archive(item, _source(item), args.format, args)
            writer.begin(item.name if item.path is not None else None, listing.format)
            writer.papers(listing.papers)
            writer.end(listing)
            found += len(listing.problems)
            if listing.problems and not args.no_problems:
                progress.clear()
                _report(item.name, listing.problems, sys.stderr)
            continue
        document = _load(item)
        fmt = args.format
        if item.walked:
            # Loaded once: the head it was detected by is the head it is parsed from.
            fmt, score = _detect(document, args.format)
            if score <= DETECT_THRESHOLD or _is_binary(document):
                progress.clear()
                _note(_skip_note(item, fmt, score), quiet=args.quiet)
                continue
        else:
            _refuse_binary(item.name, document)
            if not document.head:
                progress.clear()
                what = "standard input" if item.path is None else "file"
                _note(f"{_shown(item.name)}: empty {what}: no papers", quiet=args.quiet)
        reading = _reading(item, document, fmt, args)
        writer.begin(document.file, reading.format)
        writer.papers(_read(reading, progress, document, item.name))
        listing = reading.listing()
        writer.end(listing)
        progress.finished(document)
        found += len(listing.problems)
        refused = refused or listing.format == UNKNOWN
        if listing.problems and not args.no_problems:
            progress.clear()
            _report(item.name, listing.problems, sys.stderr)
    progress.clear()
    writer.close()
    return 2 if refused else 1 if args.strict and found else 0


def _read(
    papers: Iterable[Paper], progress: _Progress, document: Document, name: str
) -> Iterator[Paper]:
    """The papers as they are read, the progress line kept up; an input that fails while it is
    read (a write error is the output's: it is raised where the paper is written) is one line."""
    iterator = iter(papers)
    while True:
        try:
            paper = next(iterator)
        except StopIteration:
            return
        except (OSError, UnicodeError) as exc:
            raise _error(name, exc) from None
        progress.show(document, name)
        yield paper


def _detect_command(inputs: list[_Input], out: IO[str]) -> int:
    for item in inputs:
        if item.path is not None and _is_archive(item):
            out.write(f"{_shown(item.name)}\twarc\t1.00\n")  # an archive holds many documents
            continue
        document = _load(item)
        fmt, score = _detect(document, None)
        if item.walked and score <= DETECT_THRESHOLD:
            _note(_skip_note(item, fmt, score))
            continue
        if score < formats.THRESHOLD:
            fmt = UNKNOWN  # what parse would say of it
        out.write(f"{_shown(item.name)}\t{fmt}\t{score:.2f}\n")
    return 0


def _collect_command(args: argparse.Namespace) -> int:
    from .dataset import SUFFIXES, MissingDependencyError, read_rows, to_arrow, write_rows

    output = Path(args.output)
    if output.suffix.lower() not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        raise _UsageError(f"{args.output}: the suffix of OUT names its form: one of {known}")
    if output.is_dir():
        raise _UsageError(f"{args.output}: is a directory (-o needs a file name)")
    for name in args.files:
        if name == STDIN:
            raise _UsageError(f"{STDIN}: collect reads files and folders, not standard input")
        if not Path(name).exists():
            raise _UsageError(f"{name}: no such file or directory")
    if args.format is not None:
        formats.get(args.format)
    try:
        if output.suffix.lower() == ".parquet":
            to_arrow(())  # pyarrow missing: say so before reading anything
        rows = read_rows(output) if args.update and output.exists() else []
    except (MissingDependencyError, ValueError, OSError) as exc:
        raise _error(args.output, exc) from None
    found = 0

    def report(name: str, problem: Problem) -> None:
        nonlocal found
        found += 1
        if not args.quiet:
            _report(name, [problem], sys.stderr)

    try:
        merged = (collect if args.dask is None else _dask_collect(args.dask))(
            args.files,
            reference_date=args.reference_date,
            format=args.format,
            rows=rows,
            exclude=[output],
            on_problem=report,
        )
    except (OSError, UnicodeError) as exc:
        raise _error(display_name(getattr(exc, "filename", None) or "?"), exc) from None
    try:
        write_rows(merged, output)
    except OSError as exc:
        raise _error(args.output, exc) from None
    if not args.quiet:
        sightings = sum(len(row.sightings) for row in merged)
        sys.stderr.write(
            f"paperlist: {args.output}: {len(merged)} rows, {sightings} sightings"
            f" ({found} problems)\n"
        )
    return 0


def _dask_collect(scheduler: str) -> Callable[..., list[Row]]:
    """:func:`paperlist.dask.collect` called as :func:`paperlist.collect` is."""
    try:
        from .dask import _require
        from .dask import collect as dask_collect

        _require()
    except warc.MissingExtraError as exc:
        raise _UsageError(str(exc)) from None

    def run(files: Sequence[str], **options: Any) -> list[Row]:
        return dask_collect(files, scheduler=scheduler, **options)

    return run


def _formats_command(out: IO[str]) -> int:
    known = formats.registry()
    for name in known:
        origin = "built-in" if known.is_builtin(name) else "plug-in"
        try:
            summary = known[name].summary
        except Exception as exc:  # a broken plug-in is reported, not fatal to the listing
            summary = f"(cannot be loaded: {type(exc).__name__}: {exc})"
        out.write(f"{name}\t{origin}\t{summary}\n")
    return 0


def _schema_command(out: IO[str]) -> int:
    json.dump(paper_json_schema(), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


# --- output -----------------------------------------------------------------------------------


class _Output:
    """Where ``parse`` writes.

    A regular file (or a new one) is written through a temporary file beside it that replaces it
    only when all went well: a failed run leaves OUT as it was.  Through a symbolic link, the
    link's target is replaced and the link kept.  Anything else -- a device (``/dev/null``), a
    FIFO, ``/dev/stdout``, a terminal -- is written directly, never replaced.
    """

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.temp: str | None = None
        self.target: str | None = None
        if not name or name == STDIN:
            self.stream: IO[str] = sys.stdout
            return
        if Path(name).is_dir():
            raise _UsageError(f"{_shown(name)}: is a directory (-o needs a file name)")
        try:
            self.stream = self._open(name)
        except OSError as exc:
            raise _UsageError(f"{_shown(name)}: cannot write: {exc.strerror or exc}") from None

    def _open(self, name: str) -> IO[str]:
        target = os.path.realpath(name)
        if _written_directly(name, target):
            # newline="": the csv module writes its own line ends; json and jsonl write "\n".
            return open(name, "w", encoding="utf-8", newline="")
        temp = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed by finish)
            "w",
            encoding="utf-8",
            newline="",
            dir=os.path.dirname(target),
            prefix=f".{os.path.basename(target)}.",
            suffix=".part",
            delete=False,
        )
        self.temp, self.target = temp.name, target
        # mkstemp makes the file 0600; OUT gets the mode a new file gets (the umask's), or keeps
        # the mode of the file it replaces.
        os.fchmod(temp.fileno(), _mode_for(target))
        return temp

    def finish(self, ok: bool) -> None:
        """Close; replace OUT with what was written if ``ok``, else leave OUT as it was."""
        if self.stream is sys.stdout:
            return
        error: _UsageError | None = None
        try:
            self.stream.close()  # the last write happens here: a full disk shows now
        except OSError as exc:
            if ok:  # (after a failure, that failure is the one to report)
                ok, error = False, _UsageError(f"{_shown(self.name or '')}: cannot write: {exc}")
        if self.temp is not None and self.target is not None:
            if ok:
                self._replace(self.temp, self.target)
            else:
                Path(self.temp).unlink(missing_ok=True)
        if error is not None:
            raise error

    def _replace(self, temp: str, target: str) -> None:
        try:
            try:
                os.replace(temp, target)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EBUSY):
                    raise
                # OUT is a mount point or on another file system: copy, then drop the copy.
                shutil.copyfile(temp, target)
                os.unlink(temp)
        except OSError as exc:
            Path(temp).unlink(missing_ok=True)
            raise _UsageError(
                f"{_shown(self.name or target)}: cannot write: {exc.strerror or exc}"
            ) from None


def _written_directly(name: str, target: str) -> bool:
    if os.path.abspath(name).startswith(("/dev/", "/proc/")):
        return True  # /dev/stdout, /dev/fd/N: whatever the shell opened, written in place
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        return False


def _mode_for(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)  # the only way to read it; set back at once
        os.umask(umask)
        return 0o666 & ~umask


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Signalled(signum)


def _run(args: argparse.Namespace) -> int:
    if args.command == "formats":
        return _formats_command(sys.stdout)
    if args.command == "schema":
        return _schema_command(sys.stdout)
    if args.command == "collect":
        return _collect_command(args)
    if args.command == "detect":
        return _detect_command(_inputs(args.files)[0], sys.stdout)
    if args.format is not None:
        formats.get(args.format)  # an unknown name fails now, before any output
    inputs, walked = _inputs(args.files)
    _check_output_is_not_an_input(args.output, inputs)
    output = _Output(args.output)
    ok = False
    try:
        many = walked or len(args.files) > 1
        status = _parse_command(args, inputs, many, output.stream)
        output.stream.flush()
        ok = True
        return status
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        where = _shown(args.output) if args.output not in (None, STDIN) else "<stdout>"
        raise _UsageError(f"{where}: cannot write: {exc.strerror or exc}") from None
    finally:
        output.finish(ok)


def _check_output_is_not_an_input(output: str | None, inputs: list[_Input]) -> None:
    if not output or output == STDIN or not Path(output).exists():
        return
    if not _is_regular(Path(output)):
        return  # /dev/null or a FIFO may be an input and the output at once
    target = Path(output).resolve()
    for item in inputs:
        if item.path is not None and item.path.resolve() == target:
            raise _UsageError(f"{_shown(output)}: is also an input; -o would overwrite it")


def _utf8_output() -> None:
    """JSON and CSV go out as UTF-8 whatever the locale; a terminal keeps its own encoding.
    Nothing fails on a character it cannot write (a file name that is not UTF-8 is escaped)."""
    stdout: Any = sys.stdout
    stderr: Any = sys.stderr
    if hasattr(stdout, "reconfigure"):
        if _isatty(stdout):
            stdout.reconfigure(errors="backslashreplace")
        else:
            stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    if hasattr(stderr, "reconfigure"):
        stderr.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    _utf8_output()
    # SIGTERM and SIGHUP end the run as Ctrl-C does: a temporary file is removed on the way out.
    previous = {sig: signal.signal(sig, _on_signal) for sig in _SIGNALS}
    try:
        return _run(args)
    except (_UsageError, UnknownFormatError, warc.MissingExtraError) as exc:
        sys.stderr.write(f"paperlist: {exc}\n")
        return 2
    except BrokenPipeError:  # `paperlist parse ... | head`: stop quietly
        # Python flushes stdout again at exit; point it at devnull so that fails silently too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("paperlist: interrupted\n")
        return 130
    except _Signalled as exc:
        return 128 + exc.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
