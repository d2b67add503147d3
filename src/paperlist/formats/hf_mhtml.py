"""``hf-mhtml``: a page saved by a browser as one ``.mhtml`` file ("Webpage, Single File").

MHTML is a MIME ``multipart/related`` message; the page is its first ``text/html`` part, usually
quoted-printable.  The part is decoded with the standard library's :mod:`email` package and read
as the HTML page it is (by the ``hf-html`` format, through the registry), so the hydration JSON
and the card markup are both used.  Line numbers in ``source`` count lines of that decoded page.
"""

from __future__ import annotations

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
        message = email.message_from_string(document.text(), policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() != "text/html":
                continue
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            charset = part.get_content_charset()
            page = load(payload.decode(charset, errors="replace") if charset else payload)
            page.name = document.name
            for event in get("hf-html").parse(page, options):
                if isinstance(event, Paper) and event.source is not None:
                    event = attrs.evolve(event, source=attrs.evolve(event.source, format=NAME))
                yield event
            document.problems.extend(page.problems)
            return
        yield Problem("no-page", "the MHTML file holds no text/html part", None)


ADAPTER = HfMhtml()
