"""Decoding and text cleanup shared by every format.

Cleanup keeps what the page said: it collapses whitespace and composes Unicode (NFC) and changes
nothing else.  Repairs of damaged text (mojibake, lost LaTeX backslashes, ``x2013``) are not done
here: a parser that silently "fixes" text cannot be trusted to have kept it.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterable, Iterator

from .records import Problem

__all__ = [
    "chunked",
    "clean",
    "clean_or_none",
    "decode",
    "iter_byte_lines",
    "iter_lines",
    "normalize_newlines",
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


def _decode_line(raw: bytes, lineno: int, problems: list[Problem]) -> str:
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
    """Decode a byte stream line by line, in bounded memory.

    With no declared ``encoding`` each line is UTF-8, or cp1252 with a Problem: one bad line does
    not turn a whole file into mojibake.  Line ends may be LF, CRLF or CR.
    """
    if encoding is not None:
        yield from iter_lines(_decode_chunks(chunks, encoding))
        return
    rest = b""
    lineno = 0
    for chunk in chunks:
        if not chunk:
            continue
        data = rest + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            rest = data
            continue
        rest = data[cut + 1 :]
        head = data[:cut]
        if b"\r" not in head:
            # The usual case: the whole chunk is UTF-8 and decodes at once (a newline byte is
            # never inside a UTF-8 sequence, so its lines are those decoded one by one).
            try:
                lines = head.decode("utf-8").split("\n")
            except UnicodeDecodeError:
                pass
            else:
                lineno += len(lines)
                yield from lines
                continue
        for raw in head.split(b"\n"):
            for piece in _split_cr(raw):
                lineno += 1
                yield _decode_line(piece, lineno, problems)
    if rest:
        for piece in _split_cr(rest):
            lineno += 1
            yield _decode_line(piece, lineno, problems)


def _decode_chunks(chunks: Iterable[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    for chunk in chunks:
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _split_cr(raw: bytes) -> list[bytes]:
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    if b"\r" in raw:
        return raw.split(b"\r")
    return [raw]


def iter_lines(chunks: Iterable[str]) -> Iterator[str]:
    """Split text arriving in chunks into lines (LF, CRLF or CR), without their line ends."""
    rest = ""
    for chunk in chunks:
        if not chunk:
            continue
        text = rest + chunk
        # A CR at the end of a chunk may be the first half of a CRLF: hold it back.
        hold_cr = text.endswith("\r")
        if hold_cr:
            text = text[:-1]
        parts = normalize_newlines(text).split("\n")
        rest = parts.pop()
        yield from parts
        if hold_cr:
            rest += "\r"
    if rest:
        yield from split_lines(rest)


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
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    problems: list[Problem] = []
    lines = list(iter_byte_lines([data], problems))
    return "\n".join(lines), problems


def chunked(data: bytes, size: int = _CHUNK, start: int = 0) -> Iterator[bytes]:
    """``data[start:]`` in pieces of ``size`` bytes, sliced only as they are asked for."""
    for begin in range(start, len(data), size):
        yield data[begin : begin + size]
