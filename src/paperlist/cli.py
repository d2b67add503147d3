"""The ``paperlist`` command (also ``python -m paperlist``).

Exit codes: 0 ok; 1 problems were found under ``--strict``; 2 usage errors and unreadable input
(a missing file, an unknown format, an output file that cannot be written).  A caller's mistake
is one line on stderr naming the file, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from . import __version__, formats
from .api import UNKNOWN, parse, read_reference_date
from .document import Document, load
from .errors import UnknownFormatError
from .records import Listing, Problem
from .serialize import listing_to_dict, paper_json_schema, to_jsonl, write_csv

__all__ = ["DETECT_THRESHOLD", "PROGRESS_MIN_FILES", "main"]

#: A file found by walking a directory is read only when a format scores it above this.
#: (Named files are always read: text that no format claims is read as ``hf-text``, whose
#: fallback score for any text is 0.05.)
DETECT_THRESHOLD = 0.1
#: With more files than this, and stderr a terminal, ``parse`` shows a progress line.
PROGRESS_MIN_FILES = 3
STDIN = "-"
STDIN_NAME = "<stdin>"

EXAMPLES = """\
examples:
  paperlist parse examples/daily-dump.txt                   one JSON line a paper (JSONL)
  paperlist parse dump.txt --reference-date 2025-11-25 --to json
  paperlist parse saved/ --to csv -o papers.csv             every file paperlist detects
  cat dump.txt | paperlist parse - --reference-date today
  paperlist parse a.txt b.txt --strict -q || echo "problems found"
  paperlist detect saved/*
  paperlist formats
  paperlist schema > paper.schema.json

exit codes: 0 ok, 1 problems found under --strict, 2 usage error or unreadable input
"""


class _UsageError(Exception):
    """A mistake of the caller's: one line on stderr, exit 2."""


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
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperlist",
        description="Read Hugging Face Daily Papers listings into clean records.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperlist {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _subparser(
        commands,
        "parse",
        "parse files into papers",
        "Parse every FILE (any mix of formats) and write its papers to stdout or OUT.",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=f"a file, a directory (walked for files a format scores above {DETECT_THRESHOLD}),"
        " or - for standard input",
    )
    p.add_argument(
        "--format",
        metavar="NAME",
        help="skip detection and read every FILE as this format (see: paperlist formats)",
    )
    p.add_argument(
        "--reference-date",
        type=_reference_date,
        metavar="YYYY-MM-DD|today",
        help="the date yearless dates ('Apr 1') are resolved against; without it they stay"
        " yearless (--04-01)",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 if any problem is found")
    p.add_argument(
        "--to",
        choices=("jsonl", "json", "csv"),
        default="jsonl",
        help="jsonl: one paper a line (default); json: {format, page_date, papers, problems} for"
        " one FILE, a list of those for several or a directory; csv: a table with a header",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print no problems and no progress on stderr"
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


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


#: Documentation found in a walk is left out: a README beside saved pages describes them, and
#: its examples would read as cards of a dump.
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst"})


def _is_documentation(path: Path) -> bool:
    return path.suffix.lower() in DOC_SUFFIXES or path.name.upper().startswith("README")


def _walk(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, sorted by path; hidden files and directories, and
    documentation, skipped."""
    found = [
        path
        for path in root.rglob("*")
        if path.is_file() and not _is_hidden(path, root) and not _is_documentation(path)
    ]
    yield from sorted(found)


def _inputs(names: Sequence[str]) -> tuple[list[_Input], bool]:
    """The files to read, in order, and whether a directory was among the names.

    Every name is checked before anything is read, so a mistake costs no partial output.
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
            inputs.extend(_Input(str(found), found, walked=True) for found in _walk(path))
        elif path.exists():
            inputs.append(_Input(name, path))
        elif path.is_symlink():
            raise _UsageError(f"{name}: broken symbolic link")
        else:
            raise _UsageError(f"{name}: no such file or directory")
    return inputs, walked


def _source(item: _Input) -> Any:
    return sys.stdin.buffer if item.path is None else item.path


def _error(name: str, exc: BaseException) -> _UsageError:
    if isinstance(exc, OSError):
        return _UsageError(f"{name}: {exc.strerror or exc}")
    if isinstance(exc, UnicodeError):
        return _UsageError(f"{name}: cannot be decoded: {exc}")
    return _UsageError(f"{name}: {exc}")


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
        f"paperlist: {item.name}: skipped: no format scores it above {DETECT_THRESHOLD}"
        f" (best: {fmt} {score:.2f})\n"
    )


# --- progress ---------------------------------------------------------------------------------


class _Progress:
    """A ``\\r``-updated line on stderr, only when stderr is a terminal and there are many files."""

    def __init__(self, total: int, stream: IO[str], enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > PROGRESS_MIN_FILES and _isatty(stream)
        self._width = 0

    def show(self, done: int, name: str) -> None:
        if not self.enabled:
            return
        text = f"paperlist: {done}/{self.total} {name}"
        if len(text) > 78:
            text = text[:75] + "..."
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- commands ---------------------------------------------------------------------------------


def _report(name: str, problems: Sequence[Problem], stream: IO[str]) -> None:
    for problem in problems:
        line = f":{problem.line}" if problem.line is not None else ""
        stream.write(f"{name}{line}: {problem.kind}: {problem.message}\n")


def _parse_one(item: _Input, source: Any, fmt: str | None, args: argparse.Namespace) -> Listing:
    try:
        return parse(source, format=fmt, reference_date=args.reference_date)
    except (OSError, UnicodeError) as exc:
        raise _error(item.name, exc) from None


def _parse_command(args: argparse.Namespace, inputs: list[_Input], many: bool, out: IO[str]) -> int:
    found = 0
    refused = False  # a named file that no format recognizes: exit 2 after the others
    results: list[dict[str, Any]] = []
    progress = _Progress(len(inputs), sys.stderr, enabled=not args.quiet)
    if args.to == "csv":
        write_csv((), out)  # the header, even when no paper follows
    for done, item in enumerate(inputs):
        progress.show(done, item.name)
        source: Any = _source(item)
        fmt = args.format
        if item.walked:
            # Loaded once: the head it was detected by is the head it is parsed from.
            source = _load(item)
            fmt, score = _detect(source, args.format)
            if score <= DETECT_THRESHOLD:
                progress.clear()
                if not args.quiet:
                    sys.stderr.write(_skip_note(item, fmt, score))
                continue
        listing = _parse_one(item, source, fmt, args)
        found += len(listing.problems)
        refused = refused or listing.format == UNKNOWN
        if listing.problems and not args.quiet:
            progress.clear()
            _report(item.name, listing.problems, sys.stderr)
        if args.to == "jsonl":
            out.writelines(to_jsonl(listing.papers))
        elif args.to == "csv":
            write_csv(listing.papers, out, header=False)
        else:
            results.append(listing_to_dict(listing))
    progress.clear()
    if args.to == "json":
        data: Any = results if many else results[0]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return 2 if refused else 1 if args.strict and found else 0


def _detect_command(inputs: list[_Input], out: IO[str]) -> int:
    for item in inputs:
        fmt, score = _detect(_load(item), None)
        if item.walked and score <= DETECT_THRESHOLD:
            sys.stderr.write(_skip_note(item, fmt, score))
            continue
        if score < formats.THRESHOLD:
            fmt = UNKNOWN  # what parse would say of it
        out.write(f"{item.name}\t{fmt}\t{score:.2f}\n")
    return 0


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


def _open_output(name: str | None) -> IO[str]:
    """stdout, or a temporary file beside OUT that replaces it only when all went well."""
    if not name or name == STDIN:
        return sys.stdout
    if Path(name).is_dir():
        raise _UsageError(f"{name}: is a directory (-o needs a file name)")
    target = Path(name).resolve()
    try:
        # newline="": the csv module writes its own line ends; json and jsonl write "\n".
        return tempfile.NamedTemporaryFile(  # closed by _run, then renamed or removed
            "w",
            encoding="utf-8",
            newline="",
            dir=target.parent,
            prefix=f".{target.name}.",
            suffix=".part",
            delete=False,
        )
    except OSError as exc:
        raise _UsageError(f"{name}: cannot write: {exc.strerror or exc}") from None


def _run(args: argparse.Namespace) -> int:
    if args.command == "formats":
        return _formats_command(sys.stdout)
    if args.command == "schema":
        return _schema_command(sys.stdout)
    inputs, walked = _inputs(args.files)
    if args.command == "detect":
        return _detect_command(inputs, sys.stdout)
    if args.format is not None:
        formats.get(args.format)  # an unknown name fails now, before any output
    _check_output_is_not_an_input(args.output, inputs)
    out = _open_output(args.output)
    done = False
    try:
        many = walked or len(args.files) > 1
        status = _parse_command(args, inputs, many, out)
        out.flush()
        done = True
        return status
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise _UsageError(f"{args.output or '<stdout>'}: cannot write: {exc.strerror}") from None
    finally:
        if out is not sys.stdout:
            out.close()
            if done:
                os.replace(out.name, args.output)
            else:  # exit 2 leaves OUT as it was: no half-written file, no lost one
                Path(out.name).unlink(missing_ok=True)


def _check_output_is_not_an_input(output: str | None, inputs: list[_Input]) -> None:
    if not output or output == STDIN or not Path(output).exists():
        return
    target = Path(output).resolve()
    for item in inputs:
        if item.path is not None and item.path.resolve() == target:
            raise _UsageError(f"{output}: is also an input; -o would overwrite it")


def _utf8_output() -> None:
    """JSON and CSV go out as UTF-8 whatever the locale; a terminal keeps its own encoding, and
    neither it nor stderr ever fails on a character it cannot show."""
    stdout: Any = sys.stdout
    stderr: Any = sys.stderr
    if hasattr(stdout, "reconfigure"):
        if _isatty(stdout):
            stdout.reconfigure(errors="backslashreplace")
        else:
            stdout.reconfigure(encoding="utf-8")
    if hasattr(stderr, "reconfigure"):
        stderr.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    _utf8_output()
    try:
        return _run(args)
    except (_UsageError, UnknownFormatError) as exc:
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
