"""The ``paperlist`` command.  Exit codes: 0 ok, 1 problems under ``--strict``, 2 usage or input."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from . import __version__, formats
from .api import parse
from .errors import ParseError, UnknownFormatError
from .records import Listing, Problem
from .serialize import listing_to_dict, to_jsonl

__all__ = ["main"]

EXAMPLES = """\
examples:
  paperlist parse examples/daily-dump.txt                     one JSON line a paper
  paperlist parse dump.txt --reference-date 2025-11-25 --to json
  cat page.html | paperlist parse - --format hf-html
  paperlist detect saved/*
"""


class _UsageError(Exception):
    """A mistake of the caller's: one line on stderr, exit 2."""


def _reference_date(text: str) -> _dt.date | str:
    if text == "today":
        return text
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not YYYY-MM-DD or 'today': {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperlist",
        description="Read Hugging Face Daily Papers listings into clean records.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"paperlist {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "parse",
        help="parse files into papers",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="a file, or - for standard input")
    p.add_argument("--format", help="skip detection and read every FILE as this format")
    p.add_argument(
        "--reference-date",
        type=_reference_date,
        metavar="YYYY-MM-DD|today",
        help="the date yearless dates ('Apr 1') are resolved against",
    )
    p.add_argument("--strict", action="store_true", help="exit 1 if any problem is found")
    p.add_argument("--to", choices=("jsonl", "json"), default="jsonl", help="output format")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print problems on stderr")

    d = commands.add_parser("detect", help="say which format each file is")
    d.add_argument("files", nargs="+", metavar="FILE")

    commands.add_parser("formats", help="list the formats paperlist reads")
    return parser


def _source(name: str) -> Any:
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    if not path.exists():
        raise _UsageError(f"{name}: no such file")
    if path.is_dir():
        raise _UsageError(f"{name}: is a directory")
    return path


def _listings(args: argparse.Namespace) -> Iterator[tuple[str, Listing]]:
    for name in args.files:
        try:
            listing = parse(
                _source(name),
                format=args.format,
                reference_date=args.reference_date,
            )
        except OSError as exc:
            raise _UsageError(f"{name}: {exc.strerror or exc}") from None
        yield name, listing


def _report(name: str, problems: Sequence[Problem], stream: IO[str]) -> None:
    for problem in problems:
        line = f":{problem.line}" if problem.line is not None else ""
        stream.write(f"{name}{line}: {problem.kind}: {problem.message}\n")


def _parse_command(args: argparse.Namespace, out: IO[str]) -> int:
    found = 0
    results = []
    for name, listing in _listings(args):
        found += len(listing.problems)
        if not args.quiet:
            _report(name, listing.problems, sys.stderr)
        if args.to == "jsonl":
            out.writelines(to_jsonl(listing.papers))
        else:
            results.append(listing_to_dict(listing))
    if args.to == "json":
        data = results[0] if len(results) == 1 else results
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return 1 if args.strict and found else 0


def _detect_command(args: argparse.Namespace, out: IO[str]) -> int:
    from .document import load

    for name in args.files:
        try:
            head = load(_source(name)).head
        except OSError as exc:
            raise _UsageError(f"{name}: {exc.strerror or exc}") from None
        fmt, score = formats.best(head)
        out.write(f"{name}\t{fmt}\t{score:.2f}\n")
    return 0


def _formats_command(out: IO[str]) -> int:
    known = formats.registry()
    for name in known:
        origin = "built-in" if known.is_builtin(name) else "plug-in"
        out.write(f"{name}\t{origin}\t{known[name].summary}\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "formats":
            return _formats_command(sys.stdout)
        out: IO[str]
        if getattr(args, "output", None):
            try:
                out = open(args.output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
            except OSError as exc:
                raise _UsageError(f"{args.output}: {exc.strerror or exc}") from None
        else:
            out = sys.stdout
        try:
            if args.command == "detect":
                return _detect_command(args, out)
            return _parse_command(args, out)
        finally:
            if out is not sys.stdout:
                out.close()
    except (_UsageError, UnknownFormatError) as exc:
        sys.stderr.write(f"paperlist: {exc}\n")
        return 2
    except ParseError as exc:  # pragma: no cover - parse() is not strict here
        sys.stderr.write(f"paperlist: {exc.message}\n")
        return 1
    except BrokenPipeError:  # `paperlist parse ... | head`
        return 0
