"""The nothing-lost check: every non-blank line is header, inside a paper's span, or quoted."""

from __future__ import annotations

from paperlist import formats
from paperlist.document import load
from paperlist.formats import Options, PageDate
from paperlist.formats._cards import HEADER_LINES
from paperlist.records import Paper
from paperlist.text import split_lines


def unaccounted(text: str, format: str) -> list[tuple[int, str]]:
    """The non-blank lines of ``text`` that no paper, problem or header accounts for."""
    covered: set[int] = set()
    events = list(formats.get(format).parse(load(text), Options()))
    for event in events:
        if isinstance(event, Paper):
            assert event.source is not None
            assert event.source.line is not None
            assert event.source.end_line is not None
            covered.update(range(event.source.line, event.source.end_line + 1))
        elif isinstance(event, PageDate):
            assert event.line is not None
            covered.add(event.line)
        elif event.line is not None and event.text is not None:
            covered.update(range(event.line, event.line + len(event.text.split("\n"))))
    lines = split_lines(text)
    return [
        (n, line)
        for n, line in enumerate(lines, 1)
        if line.strip()
        and n not in covered
        and line.strip() not in HEADER_LINES
        and not (format == "hf-flat" and line.strip().startswith("Subscribe"))
    ]
