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
        found = _html_part(document.text())
        if found is None:
            yield Problem("no-page", "the MHTML file holds no text/html part", None)
            return
        data, charset = found
        page = load(data.decode(charset, errors="replace") if charset else data)
        page.name = document.name
        for event in get("hf-html").parse(page, options):
            if isinstance(event, Paper) and event.source is not None:
                event = attrs.evolve(event, source=attrs.evolve(event.source, format=NAME))
            yield event
        document.problems.extend(page.problems)


def _html_part(text: str) -> tuple[bytes, str | None] | None:
    """The first ``text/html`` part's body, decoded from its transfer encoding, and its charset.

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
            body = chunk[split + 2 :].encode("ascii", errors="replace")
            encoding = str(headers.get("Content-Transfer-Encoding", "")).strip().lower()
            if encoding == "quoted-printable":
                body = binascii.a2b_qp(body)
            elif encoding == "base64":
                body = binascii.a2b_base64(body)
            return body, headers.get_content_charset()
        pos = nxt
    return None


def _html_part_slowly(text: str) -> tuple[bytes, str | None] | None:
    message = email.message_from_string(text, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return None


ADAPTER = HfMhtml()
