"""Loading: whatever the caller hands us becomes one :class:`Document`.

``str`` is document text (never a path), ``bytes`` are decoded once, an ``os.PathLike`` is a file,
an object with ``read`` is a file object, and a parsel ``Selector`` or any response object with a
``.text`` attribute (Scrapy, httpx, requests) is used as it is.  Text dumps of any size stream
line by line from paths and files; nothing is read twice.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from typing import IO, Any, AnyStr, TypeVar

from .records import Problem
from .text import (
    chunked,
    decode,
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


class Document:
    """One input, decoded lazily.

    ``head`` (the first few KiB as text) is what detection looks at.  ``lines()`` streams the
    document; ``text()`` reads it whole.  Either may be called once for a streamed file: adapters
    use one or the other.  ``problems`` collects what decoding found (read it after consuming).
    """

    __slots__ = (
        "_chunks",
        "_consumed",
        "_data",
        "_encoding",
        "_str_chunks",
        "_text",
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
    ) -> None:
        self.name = name
        self.native = native
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
            self._chunks = itertools.chain([head_bytes], chunks or iter(()))
            self.head = _decode_head(head_bytes, self._encoding)

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
        while batch := list(itertools.islice(lines, lines_per_block)):
            batch.append("")
            yield "\n".join(batch)

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


def _decode_head(head: bytes, encoding: str | None) -> str:
    if encoding is not None:
        return head.decode(encoding, errors="replace")
    # The head may end inside a multi-byte character; detection does not mind a lost tail.
    return head.decode("utf-8", errors="replace")


def _read_chunks(stream: IO[AnyStr]) -> Iterator[AnyStr]:
    while chunk := stream.read(_CHUNK):
        yield chunk


def _stream_chunks(path: str, offset: int) -> Iterator[bytes]:
    # Opened again only when read, so a Document that is never read holds no open file.
    with open(path, "rb") as stream:
        stream.seek(offset)
        yield from _read_chunks(stream)


def load(source: Any, name: str | None = None) -> Document:
    """Make a :class:`Document` of any supported source; raise at once for a caller's mistake."""
    if isinstance(source, Document):
        return source
    if isinstance(source, str):
        return Document(name or "<string>", text=source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return Document(
            name or "<bytes>",
            chunks=chunked(data, start=HEAD_SIZE),
            head_bytes=data[:HEAD_SIZE],
            data=data,
        )
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        if isinstance(path, bytes):
            path = os.fsdecode(path)
        with open(path, "rb") as stream:  # raises FileNotFoundError / IsADirectoryError now
            head = stream.read(HEAD_SIZE)
        return Document(name or path, chunks=_stream_chunks(path, len(head)), head_bytes=head)
    if hasattr(source, "read"):
        return _load_file(source, name)
    if _is_selector(source):
        markup = getattr(source, "type", "html") in {"html", "xml"}
        return Document(name or "<selector>", native=source, head="<html>" if markup else "")
    text = getattr(source, "text", None)
    if isinstance(text, str):
        url = getattr(source, "url", None)
        return Document(name or str(url or "<response>"), text=text, native=source)
    raise TypeError(
        "paperlist reads str (document text), bytes, os.PathLike, binary or text file objects, "
        f"parsel.Selector and response objects with .text; got {type(source).__name__}"
    )


def _load_file(stream: Any, name: str | None) -> Document:
    label = name or str(getattr(stream, "name", "<file>"))
    first = stream.read(HEAD_SIZE)
    if isinstance(first, str):
        # A text-mode file has done its own decoding; stream its text.
        chunks = itertools.chain([first], _read_chunks(stream))
        return Document(label, str_chunks=chunks, head=first)
    return Document(label, chunks=_read_chunks(stream), head_bytes=bytes(first))


def _is_selector(source: Any) -> bool:
    cls = type(source)
    return cls.__name__ in {"Selector", "SelectorList"} and cls.__module__.startswith("parsel")
