"""Records to plain data and back: one cattrs converter, made by a function, never a mutated global.

The JSON shapes are the public contract: ``published`` is ``YYYY-MM-DD`` or ``--MM-DD``,
``submitted_at`` is ISO 8601, tuples become lists, and ``structure(unstructure(x)) == x``.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from typing import Any, TypeVar

import cattrs

from .records import Listing, Paper, PartialDate, Problem

__all__ = [
    "from_dict",
    "listing_to_dict",
    "make_converter",
    "to_dict",
    "to_json",
    "to_jsonl",
]

_T = TypeVar("_T")


def _structure_datetime(value: Any, _: type) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value
    text = str(value)
    if text.endswith(("Z", "z")):  # fromisoformat takes "Z" only from Python 3.11
        text = text[:-1] + "+00:00"
    return _dt.datetime.fromisoformat(text)


def _unstructure_datetime(value: _dt.datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def make_converter() -> cattrs.Converter:
    """A converter for every paperlist record, with the JSON shapes of the contract."""
    converter = cattrs.Converter()
    converter.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    converter.register_structure_hook(
        PartialDate,
        lambda value, _: (
            value if isinstance(value, PartialDate) else PartialDate.fromisoformat(value)
        ),
    )
    converter.register_unstructure_hook(_dt.datetime, _unstructure_datetime)
    converter.register_structure_hook(_dt.datetime, _structure_datetime)
    converter.register_structure_hook(Any, lambda value, _: value)
    return converter


_CONVERTER = make_converter()  # immutable after creation; shared only for the helpers below


def to_dict(record: Any) -> Any:
    """A record as plain data (dicts, lists, str, int, None), ready for json, pandas or polars."""
    return _CONVERTER.unstructure(record)


def from_dict(data: Any, cls: type[_T]) -> _T:
    """The inverse of :func:`to_dict`."""
    return _CONVERTER.structure(data, cls)


def listing_to_dict(listing: Listing) -> dict[str, Any]:
    """``{"format", "page_date", "papers", "problems"}``: the ``--to json`` shape."""
    return {
        "format": listing.format,
        "page_date": None if listing.page_date is None else listing.page_date.isoformat(),
        "papers": [to_dict(paper) for paper in listing.papers],
        "problems": [to_dict(problem) for problem in listing.problems],
    }


def to_json(value: Listing | Paper | Problem, *, indent: int | None = 2) -> str:
    data = listing_to_dict(value) if isinstance(value, Listing) else to_dict(value)
    return json.dumps(data, ensure_ascii=False, indent=indent)


def to_jsonl(papers: Iterable[Paper]) -> Iterable[str]:
    """One JSON line a paper (with its line end), keys in a stable order."""
    for paper in papers:
        yield json.dumps(to_dict(paper), ensure_ascii=False) + "\n"
