"""``hf-mhtml``: a page saved by a browser as one ``.mhtml`` file ("Webpage, Single File").

MHTML is a MIME ``multipart/related`` message; the page is its first ``text/html`` part, usually
quoted-printable.  The part is decoded with the standard library's :mod:`email` package and read
as the HTML page it is (by the ``hf-html`` format, through the registry), so the hydration JSON
and the card markup are both used.  Line numbers in ``source`` count lines of that decoded page.
"""

from __future__ import annotations

import binascii
import email
import email.policy
import re
from collections.abc import Iterator

import attrs

from ..document import Document, load
from ..records import Paper, Problem
from . import Event, Options, get

__all__ = ["ADAPTER", "HfMhtml"]

NAME = "hf-mhtml"

_MULTIPART = re.compile(r"^Content-Type:\s*multipart/related", re.IGNORECASE | re.MULTILINE)
_MIME = re.compile(r"^MIME-Version:\s*1\.0", re.IGNORECASE | re.MULTILINE)


class HfMhtml:
    """A page saved as MHTML."""

    name = NAME
    summary = "Hugging Face papers page saved as a single .mhtml file (MIME, quoted-printable)"

    def score(self, head: str) -> float:
        top = head[:4096]
        if _MULTIPART.search(top) is None or _MIME.search(top) is None:
            return 0.0
        if "text/html" not in head.lower():
            return 0.3
        return 0.99 if "huggingface.co" in head else 0.9

    def parse(self, document: Document, options: Options) -> Iterator[Event]:
        problems: list[Problem] = []
        found = _html_part(document.text(), problems)
        yield from problems
        if found is None:
            yield Problem("no-page", "the MHTML file holds no text/html part", None)
            return
        body, charset = found
        if isinstance(body, bytes) and charset:
            try:
                body = body.decode(charset, errors="replace")
            except LookupError:  # read as bytes: BOM, <meta charset>, else UTF-8 or cp1252
                yield Problem("encoding", f"unknown charset {charset!r} of the page; ignored", None)
        page = load(body)
        page.name = document.name
        for event in get("hf-html").parse(page, options):
            if isinstance(event, Paper) and event.source is not None:
                event = attrs.evolve(event, source=attrs.evolve(event.source, format=NAME))
            yield event
        document.problems.extend(page.problems)


def _html_part(text: str, problems: list[Problem]) -> tuple[str | bytes, str | None] | None:
    """The first ``text/html`` part's body and its charset: bytes decoded from a
    quoted-printable or base64 transfer encoding, else the text as the file was read.

    The headers are read by :mod:`email`; the parts are found by their boundary and only the
    page's body is decoded (parsing every part of a large save with :mod:`email` would cost more
    than reading the page).  A message without a boundary is left to :mod:`email` whole.
    """
    text = text.replace("\r\n", "\n")
    head_end = text.find("\n\n")
    top = email.message_from_string(text[: head_end if head_end >= 0 else len(text)])
    boundary = top.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        return _html_part_slowly(text)
    delimiter = "\n--" + boundary
    pos = text.find(delimiter)
    while pos >= 0:
        start = text.find("\n", pos + len(delimiter)) + 1
        nxt = text.find(delimiter, start)
        chunk = text[start : nxt if nxt >= 0 else len(text)]
        split = chunk.find("\n\n")
        if start == 0 or split < 0:
            break
        headers = email.message_from_string(chunk[:split])
        if headers.get_content_type() == "text/html":
            body = chunk[split + 2 :]
            encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
            if encoding == "quoted-printable":
                # QP is ASCII; stray non-ASCII text keeps the bytes it was read from (UTF-8).
                return binascii.a2b_qp(body.encode("utf-8", errors="replace")), _charset(headers)
            if encoding == "base64":
                return _base64(body, problems), _charset(headers)
            return body, None  # 7bit, 8bit, binary: already text, decoded with the file
        pos = nxt
    return None


def _charset(headers: email.message.Message) -> str | None:
    charset = headers.get_content_charset()
    return charset if isinstance(charset, str) else None


def _base64(body: str, problems: list[Problem]) -> bytes:
    data = body.encode("ascii", errors="ignore")
    try:
        return binascii.a2b_base64(data)
    except binascii.Error:
        # A save cut short: the whole groups of four are decoded, and the cut is reported.
        kept = bytes(c for c in data if c in _BASE64)
        problems.append(Problem("truncated", "the page's base64 body is cut short", None))
        return binascii.a2b_base64(kept[: len(kept) - len(kept) % 4])


_BASE64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _html_part_slowly(text: str) -> tuple[bytes, str | None] | None:
    message = email.message_from_string(text, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return None


ADAPTER = HfMhtml()
