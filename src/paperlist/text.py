"""Decoding and text cleanup shared by every format.

Cleanup keeps what the page said: it collapses whitespace and composes Unicode (NFC) and changes
nothing else.  Repairs of damaged text (mojibake, lost LaTeX backslashes, ``x2013``) are not done
here: a parser that silently "fixes" text cannot be trusted to have kept it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator

from .records import Problem

__all__ = [
    "chunked",
    "clean",
    "clean_or_none",
    "csv_text",
    "decode",
    "guess_utf16",
    "iter_byte_lines",
    "iter_lines",
    "may_hold_surrogate_escapes",
    "normalize_newlines",
    "replace_surrogates",
    "scrub_surrogates",
    "scrub_text",
    "sniff_encoding",
    "split_lines",
]

#: The codec that decodes a document starting with each byte-order mark, the mark dropped.
_BOM_CODECS = {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}
_CHUNK = 1 << 18
_ASCII_CONTROLS = bytes(range(0x20)) + b"\x7f"


def clean(text: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, newlines included) to one space; NFC."""
    # Printable text holds no whitespace but the ASCII space (tabs, newlines, NBSP and the
    # other separators are not printable): without doubled or edge spaces it is already
    # collapsed, and the split and join would only copy it.
    if not _printable(text):
        # Hard line breaks between words are the usual reason (API abstracts): replaced at
        # once when that leaves collapsed printable text, as the split and join would give.
        joined = text.replace("\n", " ")
        if _printable(joined) and "  " not in joined and joined[:1] != " " and joined[-1:] != " ":
            text = joined
        else:
            text = " ".join(text.split())
    elif "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _printable(text: str) -> bool:
    """``str.isprintable``, faster on long ASCII text."""
    if len(text) > 128 and text.isascii():
        # ASCII is printable when it holds no control character: deleting those at C speed is
        # about 2.7 times faster on an abstract than isprintable's Unicode table lookups (and
        # slower below about 90 characters).
        return len(text.encode().translate(None, _ASCII_CONTROLS)) == len(text)
    return text.isprintable()


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with every lone surrogate (``"\\ud83d"`` in JSON) as U+FFFD: no UTF-8 has them, so
    writing them out would fail.  Text without any is returned as it is."""
    if not _has_surrogates(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


_CSV_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")


def csv_text(cell: str) -> str:
    """``cell`` with every NUL and lone surrogate as U+FFFD: the one rule for CSV on every Python.

    Python 3.10's :mod:`csv` can neither write NUL ("need to escape") nor read it back ("line
    contains NUL"), and no UTF-8 file holds a lone surrogate.  Replacing them everywhere, not
    only where the writer fails, makes a table written on 3.13 readable on 3.10 and the same
    bytes on every version.  Text without any is returned as it is."""
    if "\x00" not in cell and not _has_surrogates(cell):
        return cell
    return _CSV_UNWRITABLE.sub("\ufffd", cell)


def escape_surrogates(json_text: str) -> str:
    """JSON text with every lone surrogate written as its ``\\uXXXX`` escape: valid JSON that
    encodes as UTF-8 and reads back to the same string (a file name that is not UTF-8 keeps its
    ``\\udcXX``, as Python holds it).  Text without any is returned as it is."""
    if not _has_surrogates(json_text):
        return json_text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def _has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: only they fail to encode as UTF-16.  Encoding is
    several times faster than searching with a pattern, and UTF-16 several times faster than
    UTF-8 for most text (10 MB of dump: 2.9 ms, against 10.4 ms for UTF-8 and 33 ms for a
    pattern), which keeps the check near a tenth of what it cost a whole parse."""
    if text.isascii():
        return False
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


def scrub_text(text: str, problems: list[Problem], first_line: int = 1) -> str:
    """``text`` (document text) with lone surrogates as U+FFFD, one Problem for each line that
    held one.  Such text comes from a file opened with ``errors="surrogateescape"``, or from
    JSON's ``"\\ud83d"``; no output encoding can write it.  ASCII text is returned at once."""
    if not _has_surrogates(text):
        return text
    line, pos, last = first_line, 0, 0
    for m in _SURROGATE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if line != last:
            problems.append(
                Problem("lone-surrogate", "a lone surrogate (no character) read as U+FFFD", line)
            )
            last = line
    return _SURROGATE.sub("\ufffd", text)


def may_hold_surrogate_escapes(json_text: str) -> bool:
    """Whether JSON text may hold a surrogate escape (``\\ud83d``): only then are its values
    searched for lone surrogates (:func:`scrub_surrogates`).  (A surrogate character in the text
    itself was replaced when the document was loaded.)  Two substring searches are faster than
    one pattern."""
    return "\\ud" in json_text or "\\uD" in json_text


def scrub_surrogates(value: object) -> tuple[object, int]:
    """A decoded JSON value with lone surrogates replaced (:func:`replace_surrogates`) in every
    string, keys included, and how many strings held one.  Returns ``value`` itself if none."""
    if isinstance(value, str):
        fixed = replace_surrogates(value)
        return fixed, int(fixed is not value)
    if isinstance(value, list):
        items = [scrub_surrogates(v) for v in value]
        found = sum(n for _, n in items)
        return ([v for v, _ in items] if found else value), found
    if isinstance(value, dict):
        pairs = [(scrub_surrogates(k), scrub_surrogates(v)) for k, v in value.items()]
        found = sum(k[1] + v[1] for k, v in pairs)
        return ({k[0]: v[0] for k, v in pairs} if found else value), found
    return value, 0


def clean_or_none(text: str | None) -> str | None:
    """:func:`clean`, with None and text that is only whitespace both giving None."""
    if text is None:
        return None
    return clean(text) or None


def sniff_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark or an HTML ``<meta charset>`` declares, if any.

    w3lib finds both, as Scrapy does (imported on first use: ``import paperlist`` stays light).
    """
    # Measured: 14-18 us a document against 7-11 us for the hand-written patterns it replaced
    # (an 8 KiB head, loaded machine): under 0.1% of parsing the smallest real page.
    from w3lib.encoding import html_body_declared_encoding, read_bom

    bom, _ = read_bom(head)
    if bom is not None:
        return _BOM_CODECS.get(bom, "utf-32" if bom.startswith("utf-32") else bom)
    declared = html_body_declared_encoding(head[:4096])
    if declared is None:
        return None
    try:
        name = codecs.lookup(declared).name
        "a".encode(name)  # "uu", "rot13", "base64" are codecs, but not text encodings
    except (LookupError, UnicodeError):
        return None
    # A page that says utf-8 is read like any other undeclared page: utf-8 with fallback.
    # A declared UTF-16 or UTF-32 without a BOM is impossible in ASCII markup (as in HTML5).
    if name == "utf-8" or name.startswith(("utf-16", "utf-32")):
        return None
    return name


def guess_utf16(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for text saved as UTF-16 without a byte-order mark.

    Such text (mostly ASCII) has a NUL in every other byte; UTF-8 and cp1252 text has none.
    Read as UTF-8 it would give lines of NUL-interleaved characters, never a paper.
    """
    sample = head[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= half * 0.3 and even <= half * 0.05:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= half * 0.05:
        return "utf-16-be"
    return None


def decode_line(raw: bytes, lineno: int, problems: list[Problem]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        problems.append(
            Problem("encoding", "line is not UTF-8; read as cp1252", lineno, text.rstrip("\r"))
        )
        return text


def iter_byte_lines(
    chunks: Iterable[bytes], problems: list[Problem], encoding: str | None = None
) -> Iterator[str]:
    """Decode a byte stream line by line, in bounded memory and linear time.

    With no declared ``encoding`` each line is UTF-8, or cp1252 with a Problem: one bad line does
    not turn a whole file into mojibake.  Line ends may be LF, CRLF or CR.  The unfinished line
    is kept as a list of pieces and joined once (a long line, or CR line ends, would otherwise be
    copied again at every chunk).
    """
    if encoding is not None:
        yield from iter_lines(_decode_chunks(chunks, encoding))
        return
    pending: list[bytes] = []  # the unfinished line, in pieces
    lineno = 0
    skip_lf = False  # the last chunk ended in CR: a LF starting the next one is its CRLF
    for chunk in chunks:
        if not chunk:
            continue  # (an empty chunk says nothing about a CRLF split around it)
        if skip_lf and chunk[:1] == b"\n":
            chunk = chunk[1:]
            if not chunk:
                skip_lf = False
                continue
        skip_lf = False
        cut = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if cut < 0:
            pending.append(chunk)
            continue
        head = chunk[:cut]
        if pending:
            pending.append(head)
            head = b"".join(pending)
        end = chunk[cut]
        if end == 10 and head.endswith(b"\r"):
            head = head[:-1]  # CRLF
        elif end == 13 and cut == len(chunk) - 1:
            skip_lf = True
        rest = chunk[cut + 1 :]
        pending = [rest] if rest else []
        for line in _byte_block_lines(head, lineno, problems):
            lineno += 1
            yield line
    if pending:
        lineno += 1
        yield decode_line(b"".join(pending), lineno, problems)


_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")


def _byte_block_lines(head: bytes, lineno: int, problems: list[Problem]) -> list[str]:
    """The lines of whole lines of bytes (the last one's end cut off); ``lineno`` lines before."""
    try:
        # The usual case: all UTF-8, decoded at once (a line end is never inside a UTF-8
        # sequence, so the lines are those decoded one by one).
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return [
            decode_line(raw, lineno + i, problems)
            for i, raw in enumerate(_BYTE_LINE_END.split(head), 1)
        ]
    return normalize_newlines(text).split("\n")


def _decode_chunks(chunks: Iterable[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for chunk in chunks:
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def iter_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split text arriving in chunks into lines (LF, CRLF or CR), without their line ends.

    Linear in time however long a line is: its pieces are joined once, when it ends.
    """
    pending: list[str] = []
    skip_lf = False
    for chunk in chunks:
        if not chunk:
            continue  # (an empty chunk says nothing about a CRLF split around it)
        if skip_lf and chunk[:1] == "\n":
            chunk = chunk[1:]
            if not chunk:
                skip_lf = False
                continue
        skip_lf = False
        cut = max(chunk.rfind("\n"), chunk.rfind("\r"))
        if cut < 0:
            pending.append(chunk)
            continue
        head = chunk[:cut]
        if pending:
            pending.append(head)
            head = "".join(pending)
        end = chunk[cut]
        if end == "\n" and head.endswith("\r"):
            head = head[:-1]
        elif end == "\r" and cut == len(chunk) - 1:
            skip_lf = True
        rest = chunk[cut + 1 :]
        pending = [rest] if rest else []
        yield from normalize_newlines(head).split("\n")
    if pending:
        yield "".join(pending)


def normalize_newlines(text: str) -> str:
    """CRLF and CR line ends as LF (no copy where there is no CR)."""
    if "\r" in text:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_lines(text: str) -> list[str]:
    """All lines of ``text`` (LF, CRLF or CR), without their line ends."""
    text = normalize_newlines(text)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def decode(data: bytes) -> tuple[str, list[Problem]]:
    """Decode a whole document: BOM, then ``<meta charset>``, else UTF-8, else cp1252 by line."""
    encoding = sniff_encoding(data[:4096])
    if encoding is not None:
        return data.decode(encoding, errors="replace"), []
    utf16 = guess_utf16(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace"), [utf16_problem(utf16)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems: list[Problem] = []
    lines = list(iter_byte_lines([data], problems))
    return "\n".join(lines), problems


def utf16_problem(encoding: str) -> Problem:
    """The problem a document read as UTF-16 without a byte-order mark reports."""
    return Problem("encoding", f"no byte-order mark; read as {encoding.upper()}", None, None)


def chunked(data: bytes, size: int = _CHUNK, start: int = 0) -> Iterator[bytes]:
    """``data[start:]`` in pieces of ``size`` bytes, sliced only as they are asked for."""
    for begin in range(start, len(data), size):
        yield data[begin : begin + size]
