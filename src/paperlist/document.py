"""Loading: whatever the caller hands us becomes one :class:`Document`.

``str`` is document text (never a path), ``bytes`` are decoded once, an ``os.PathLike`` is a file,
a list or dict is JSON data (``response.json()``), a parsel ``Selector`` (Scrapy's too) is used as
it is, a response object (httpx, requests, Scrapy) is read by its bytes and declared charset, and
any other object with ``read`` is a file object.  Text dumps of any size stream line by line from
paths and files; nothing is read twice, and a pipe or FIFO is opened once.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Iterator
from typing import IO, Any, AnyStr, TypeVar

from .records import Problem
from .text import (
    chunked,
    decode,
    decode_line,
    guess_utf16,
    iter_byte_lines,
    iter_lines,
    normalize_newlines,
    scrub_text,
    sniff_encoding,
    split_lines,
    utf16_problem,
)

_T = TypeVar("_T")

__all__ = ["Document", "load"]

HEAD_SIZE = 8192
_CHUNK = 1 << 18  # 256 KiB: large enough to be fast, small enough to stream
_BLOCK_LINES = 4096
_FIRST_BLOCK_LINES = 64


class Document:
    """One input, decoded lazily.

    ``head`` (the first few KiB as text, line ends as LF) is what detection looks at.
    ``lines()`` streams the document; ``text()`` reads it whole.  Either may be called once for a
    streamed file: adapters use one or the other.  ``problems`` collects what decoding found
    (read it after consuming).
    """

    __slots__ = (
        "_chunks",
        "_consumed",
        "_data",
        "_encoding",
        "_read",
        "_str_chunks",
        "_text",
        "file",
        "format",
        "head",
        "name",
        "native",
        "problems",
    )

    def __init__(
        self,
        name: str,
        *,
        text: str | None = None,
        chunks: Iterator[bytes] | None = None,
        head_bytes: bytes = b"",
        str_chunks: Iterator[str] | None = None,
        head: str | None = None,
        native: Any = None,
        data: bytes | None = None,
        file: str | None = None,
        format: str | None = None,
    ) -> None:
        self.name = name
        self.native = native
        #: The path the document was read from (``Source.file`` of its records), else None.
        self.file = file
        #: The format the input itself settles (JSON data is ``hf-json``), else None: detect.
        self.format = format
        self._read = [0]  # bytes taken from the input so far: see bytes_read
        self.problems: list[Problem] = []
        self._text = text
        self._consumed = False
        self._data = data  # in-memory bytes whole, so text() need not join ``chunks`` again
        self._str_chunks = str_chunks
        self._chunks: Iterator[bytes] | None = None
        self._encoding: str | None = None
        if text is not None:
            text = self._text = scrub_text(text, self.problems)
            self.head = text[:HEAD_SIZE] if head is None else scrub_text(head, [])
        elif str_chunks is not None or native is not None:
            self.head = head or ""
        else:
            self._encoding = sniff_encoding(head_bytes)
            if self._encoding is None:
                # UTF-16 saved without a byte-order mark: decoded, and reported.
                self._encoding = guess_utf16(head_bytes)
                if self._encoding is not None:
                    self.problems.append(utf16_problem(self._encoding))
            self._chunks = _counted(itertools.chain([head_bytes], chunks or iter(())), self._read)
            self.head = _decode_head(head_bytes, self._encoding)
        # Scorers split lines at LF: a dump saved with CR-only line ends scores as it would with LF.
        self.head = normalize_newlines(self.head)

    @property
    def bytes_read(self) -> int:
        """Bytes taken from the input so far (for a progress line); 0 for text."""
        return self._read[0]

    def lines(self) -> Iterator[str]:
        """Every line, without line ends; streams a file in bounded memory."""
        if self._text is not None:
            return iter(split_lines(self._text))
        if self._str_chunks is not None:
            return iter_lines(self._scrubbed(self._take(self._str_chunks)))
        if self._chunks is None:
            return iter(split_lines(self.text()))
        self._data = None  # streamed: the chunks hold the bytes only until they are read
        return iter_byte_lines(self._take_chunks(), self.problems, self._encoding)

    def line_blocks(self, lines_per_block: int = _BLOCK_LINES) -> Iterator[str]:
        """The same lines as :meth:`lines`, as blocks of whole lines each ending in ``"\\n"``.

        A document already in memory is one block (no copy unless it has CR line ends); a
        streamed one comes in blocks of ``lines_per_block`` lines, so memory stays bounded.
        Adapters that match patterns over several lines at once read blocks.
        """
        if self._text is not None:
            text = normalize_newlines(self._text)
            if text and not text.endswith("\n"):
                text += "\n"
            if text:
                yield text
            return
        lines = self.lines()
        # The first blocks are small, so that the first records of a large dump come out at
        # once; then they double up to ``lines_per_block``.
        size = min(_FIRST_BLOCK_LINES, lines_per_block)
        while batch := list(itertools.islice(lines, size)):
            batch.append("")
            yield "\n".join(batch)
            size = min(2 * size, lines_per_block)

    def text(self) -> str:
        """The whole document as one string."""
        if self._text is None and self._str_chunks is not None:
            self._text = "".join(self._scrubbed(self._take(self._str_chunks)))
        elif self._text is None and self._chunks is None:
            # A parsel Selector handed in without its text: serialize it only if asked.
            self._text = str(self.native.get())
        if self._text is None:
            chunks = self._take_chunks()
            data = self._data if self._data is not None else b"".join(chunks)
            if self._encoding is not None:
                self._text = data.decode(self._encoding, errors="replace")
            else:
                self._text, problems = decode(data)
                self.problems.extend(problems)
            self._chunks = self._data = None
        return self._text

    def _scrubbed(self, chunks: Iterator[str]) -> Iterator[str]:
        """Text chunks (a text-mode file's) with lone surrogates replaced and reported."""
        line = 1
        for chunk in chunks:
            yield scrub_text(chunk, self.problems, line)
            line += chunk.count("\n")

    def _take_chunks(self) -> Iterator[bytes]:
        assert self._chunks is not None
        return self._take(self._chunks)

    def _take(self, chunks: Iterator[_T]) -> Iterator[_T]:
        if self._consumed:
            raise RuntimeError(f"{self.name}: a streamed document can be read only once")
        self._consumed = True
        return chunks


def _counted(chunks: Iterator[bytes], read: list[int]) -> Iterator[bytes]:
    # Counts into a list, not into the Document: a generator holding the Document would make a
    # reference cycle, and an unread pipe would then be closed only by the garbage collector.
    for chunk in chunks:
        read[0] += len(chunk)
        yield chunk


def _decode_head(head: bytes, encoding: str | None) -> str:
    if encoding is not None:
        return head.decode(encoding, errors="replace")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Detection sees what the reader will: UTF-8, else cp1252 line by line (a dump saved in
    # cp1252 keeps its "·" separators).  The last line may end inside a multi-byte character.
    *whole, last = head.split(b"\n")
    lines = [decode_line(raw, 0, []) for raw in whole]
    return "\n".join([*lines, last.decode("utf-8", errors="replace")])


def _read_chunks(stream: IO[AnyStr]) -> Iterator[AnyStr]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def _stream_chunks(path: str, offset: int) -> Iterator[bytes]:
    # Opened again only when read, so a Document that is never read holds no open file.
    with open(path, "rb") as stream:
        stream.seek(offset)
        yield from _read_chunks(stream)


class _Rest:
    """What is left of a pipe or FIFO, which cannot be opened again: read from the one handle it
    was opened with, closed once read to the end or once the document is dropped unread."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        return self

    def __next__(self) -> bytes:
        chunk = self._stream.read(_CHUNK)
        if not chunk:
            self._stream.close()
            raise StopIteration
        return chunk

    def __del__(self) -> None:
        self._stream.close()


def load(source: Any, name: str | None = None) -> Document:
    """Make a :class:`Document` of any supported source; raise at once for a caller's mistake."""
    if isinstance(source, Document):
        return source
    if isinstance(source, str):
        return _load_str(source, name)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _load_bytes(bytes(source), name or "<bytes>")
    if isinstance(source, os.PathLike):
        return _load_path(source, name)
    if _is_selector(source):  # before list: a SelectorList is a list
        return _load_selector(source, name)
    if isinstance(source, (list, dict)):
        return _load_data(source, name or "<json data>")
    if not isinstance(source, io.IOBase) and _is_response(source):
        return _load_response(source, name)
    if callable(getattr(source, "read", None)):
        return _load_file(source, name)
    raise TypeError(
        "paperlist reads str (document text), bytes, os.PathLike, binary or text file objects, "
        "JSON data (a list or dict), parsel.Selector and response objects (httpx, requests, "
        f"Scrapy); got {type(source).__name__}"
    )


#: A str this short, on one line, is checked against the file system (one stat): a path handed
#: in as text is a likely mistake, and it is reported rather than read as a one-line dump.
_PATH_CHECK_MAX = 1024


def _load_str(text: str, name: str | None) -> Document:
    if len(text) <= _PATH_CHECK_MAX and "\n" not in text and _is_file(text):
        document = Document(name or "<string>", text="", format="hf-text")
        document.problems.append(
            Problem(
                "path-as-text",
                "the text is the name of an existing file, not a document; pass "
                f"pathlib.Path({text!r}) to read the file",
                None,
                text,
            )
        )
        return document
    return Document(name or "<string>", text=text)


def _is_file(text: str) -> bool:
    if not text.strip():
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # a name too long, a NUL byte: not a file anyway
        return False


def _load_bytes(data: bytes, name: str) -> Document:
    return Document(
        name, chunks=chunked(data, start=HEAD_SIZE), head_bytes=data[:HEAD_SIZE], data=data
    )


def _load_path(source: os.PathLike[Any], name: str | None) -> Document:
    path = os.fspath(source)
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    # Raises FileNotFoundError / IsADirectoryError now; kept open for a pipe (closed by _Rest).
    stream = open(path, "rb")  # noqa: SIM115
    try:
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
        head = stream.read(HEAD_SIZE)
    except BaseException:
        stream.close()
        raise
    if regular:
        stream.close()
        chunks = _stream_chunks(path, len(head))
    else:  # a FIFO, /dev/stdin, <(...): read once, in order, from this one handle
        chunks = _Rest(stream)
    return Document(name or path, chunks=chunks, head_bytes=head, file=path)


def _load_data(data: list[Any] | dict[str, Any], name: str) -> Document:
    # Written out as indented JSON: problems' line numbers then point into this text.
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Document(name, text=text, native=data, format="hf-json")


def _load_selector(source: Any, name: str | None) -> Document:
    label = name or "<selector>"
    kinds = {item.type for item in source} if _is_selector_list(source) else {source.type}
    if kinds == {"json"}:
        # A JSON selector holds parsed data, not markup: read it as JSON data.
        roots = [i.root for i in source] if _is_selector_list(source) else source.root
        return _load_data(roots, label)
    markup = bool(kinds) and kinds <= {"html", "xml"}
    return Document(label, native=source, head="<html>" if markup else "")


def _is_response(source: Any) -> bool:
    """A response object: it has a URL and carries its body (``.content``, ``.body`` or
    ``.text``), as httpx, requests, Scrapy and aiohttp responses do."""
    cls = type(source)
    return hasattr(source, "url") and any(
        hasattr(cls, attr) or hasattr(source, attr) for attr in ("content", "body", "text")
    )


def _load_response(source: Any, name: str | None) -> Document:
    label = name or str(getattr(source, "url", None) or "<response>")
    if _is_async(getattr(source, "read", None)):
        raise TypeError(
            f"{type(source).__name__} is read asynchronously: pass its body instead "
            "(paperlist.parse(await response.read()))"
        )
    if hasattr(type(source), "selector"):
        text = getattr(source, "text", None)
        if isinstance(text, str):
            # Scrapy: .text is already decoded by header, BOM and <meta> (w3lib), and the
            # page's parsed tree (.selector) is reused by hf-html.
            return Document(label, text=text, native=source)
    body = _body(source)
    if body is None:
        text = getattr(source, "text", None)
        if isinstance(text, str):
            return Document(label, text=text, native=source)
        raise TypeError(f"{type(source).__name__} has neither a body nor a text to read")
    charset = _declared_charset(source)
    if charset is None:
        # No charset from the server: the page's own declaration (BOM, <meta charset>), else
        # UTF-8 with a cp1252 fallback per line -- never requests' ISO-8859-1 default for text/*.
        document = _load_bytes(body, label)
        document.native = source
        return document
    from w3lib.encoding import html_to_unicode

    # The server named a charset: w3lib's rule (a BOM, then the header), as Scrapy decodes.
    _, decoded = html_to_unicode(f"text/html; charset={charset}", body)
    return Document(label, text=decoded, native=source)


def _body(source: Any) -> bytes | None:
    for attr in ("content", "body"):
        try:
            value = getattr(source, attr, None)
        except Exception as exc:  # httpx raises ResponseNotRead for a streamed response
            raise TypeError(
                f"{type(source).__name__}.{attr} cannot be read ({type(exc).__name__}): read "
                "the response first (response.read())"
            ) from exc
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
    return None


def _declared_charset(source: Any) -> str | None:
    headers = getattr(source, "headers", None)
    if headers is None:
        return None
    try:
        value = headers.get("content-type") or headers.get("Content-Type")
    except Exception:  # headers of an unknown kind: treat as undeclared
        return None
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("latin-1")
    if not isinstance(value, str):
        return None
    from w3lib.encoding import http_content_type_encoding

    return http_content_type_encoding(value)


def _is_async(method: Any) -> bool:
    import inspect

    return method is not None and inspect.iscoroutinefunction(method)


def _load_file(stream: Any, name: str | None) -> Document:
    label = name or str(getattr(stream, "name", "<file>"))
    first = stream.read(HEAD_SIZE)
    if isinstance(first, str):
        # A text-mode file has done its own decoding; stream its text.
        chunks = itertools.chain([first], _read_chunks(stream))
        return Document(label, str_chunks=chunks, head=first)
    return Document(label, chunks=_read_chunks(stream), head_bytes=bytes(first))


def _is_selector(source: Any) -> bool:
    # Whoever holds a Selector has imported parsel; paperlist never imports it just to check.
    parsel = sys.modules.get("parsel")
    return parsel is not None and isinstance(source, (parsel.Selector, parsel.SelectorList))


def _is_selector_list(source: Any) -> bool:
    parsel = sys.modules.get("parsel")
    return parsel is not None and isinstance(source, parsel.SelectorList)
