"""Records to plain data and back: one cattrs converter, made by a function, never a mutated global.

The JSON shapes are the public contract: ``published`` is ``YYYY-MM-DD`` or ``--MM-DD``,
``submitted_at`` is ISO 8601, tuples become lists, and ``structure(unstructure(x)) == x``.

The CSV columns (:func:`csv_columns`) and the JSON Schema (:func:`paper_json_schema`) are both
derived from the attrs records by walking their fields and type hints, so neither can drift from
the records.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import json
import types
import typing
from collections.abc import Callable, Iterable
from typing import IO, Any, TypeVar

import attrs
import cattrs

from .records import Author, Listing, Paper, PartialDate, Problem
from .text import csv_text, escape_surrogates

__all__ = [
    "CSV_LIST_SEPARATOR",
    "PARTIAL_DATE_PATTERN",
    "csv_columns",
    "csv_row",
    "from_dict",
    "listing_to_dict",
    "make_converter",
    "paper_json_schema",
    "to_dict",
    "to_json",
    "to_jsonl",
    "write_csv",
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
    # A predicate, not register_structure_hook(Any, ...): singledispatch on Python 3.10 refuses
    # typing.Any ("not a class").
    converter.register_structure_hook_func(lambda hint: hint is Any, lambda value, _: value)
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
    return escape_surrogates(json.dumps(data, ensure_ascii=False, indent=indent))


def to_jsonl(papers: Iterable[Paper]) -> Iterable[str]:
    """One JSON line a paper (with its line end), keys in a stable order."""
    for paper in papers:
        yield escape_surrogates(json.dumps(to_dict(paper), ensure_ascii=False)) + "\n"


# --- CSV --------------------------------------------------------------------------------------

#: What joins the items of a list field (authors, ai_keywords, problems) in one CSV cell.
CSV_LIST_SEPARATOR = "; "


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _strip_optional(hint: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(hint, False)``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
    return hint, False


def _is_record(hint: Any) -> bool:
    """An attrs record that serializes as an object (PartialDate serializes as a string)."""
    return isinstance(hint, type) and attrs.has(hint) and hint is not PartialDate


def _item_text(item: Any) -> str:
    """One item of a list field as CSV text: an author by name, a problem as it prints."""
    if isinstance(item, Author):
        return item.name
    if isinstance(item, Problem):
        return str(item)
    return _scalar_text(to_dict(item))


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


_Getter = Callable[[Any], str]


def _cell(names: tuple[str, ...], hint: Any) -> _Getter:
    """How to read one column's text out of a paper, following ``names`` down nested records."""

    def get(record: Any) -> str:
        value = record
        for name in names:
            if value is None:
                return ""
            value = getattr(value, name)
        if value is None:
            return ""
        if typing.get_origin(hint) is tuple:
            return CSV_LIST_SEPARATOR.join(_item_text(item) for item in value)
        if isinstance(value, dict):
            return json.dumps(to_dict(value), ensure_ascii=False) if value else ""
        return _scalar_text(to_dict(value))

    return get


def _columns(cls: type, prefix: tuple[str, ...]) -> Iterable[tuple[str, _Getter]]:
    hints = _hints(cls)
    for field in attrs.fields(cls):
        hint, _ = _strip_optional(hints[field.name])
        names = (*prefix, field.name)
        if _is_record(hint):
            yield from _columns(hint, names)
        else:
            yield ".".join(names), _cell(names, hint)


@functools.cache
def _csv_spec() -> tuple[tuple[str, _Getter], ...]:
    return tuple(_columns(Paper, ()))


def csv_columns() -> tuple[str, ...]:
    """The CSV header: every :class:`~paperlist.records.Paper` field in declaration order,
    nested records flattened to dotted names (``organization.id``, ``source.line``).
    """
    return tuple(name for name, _ in _csv_spec())


def csv_row(paper: Paper) -> list[str]:
    """One paper as CSV cells, in :func:`csv_columns` order.

    Authors are joined by name with ``"; "``, other lists likewise (a problem as it prints),
    ``extra`` is a JSON object (empty when there is none), a missing value is an empty cell.
    NUL and lone surrogates are U+FFFD (:func:`~paperlist.text.csv_text`): Python 3.10's
    :mod:`csv` cannot write NUL, and no UTF-8 file holds a lone surrogate.
    """
    return [csv_text(get(paper)) for _, get in _csv_spec()]


def write_csv(papers: Iterable[Paper], stream: IO[str], *, header: bool = True) -> None:
    """Write ``papers`` as CSV (stdlib :mod:`csv`, excel dialect, ``\\r\\n`` line ends)."""
    writer = csv.writer(stream)
    if header:
        writer.writerow(csv_columns())
    writer.writerows(csv_row(paper) for paper in papers)


# --- JSON Schema ------------------------------------------------------------------------------

#: ``YYYY-MM-DD``, or ``--MM-DD`` while the year is unknown (what ``PartialDate.isoformat`` writes).
PARTIAL_DATE_PATTERN = r"^([0-9]{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: What the converter writes for a datetime: ISO 8601, ``Z`` for UTC, an offset if it has one.
DATETIME_PATTERN = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?$"
)
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    Any: {},
    _dt.datetime: {"type": "string", "pattern": DATETIME_PATTERN},
}
#: Records that serialize as strings: named in ``$defs`` so that the schema says what they are.
_STRING_RECORDS: dict[Any, dict[str, Any]] = {
    PartialDate: {
        "type": "string",
        "pattern": PARTIAL_DATE_PATTERN,
        "description": "YYYY-MM-DD, or --MM-DD while the year is unknown",
    },
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _hint_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    inner, optional = _strip_optional(hint)
    schema = _inner_schema(inner, defs)
    return _nullable(schema) if optional else schema


def _inner_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if hint in _SCALARS:
        return dict(_SCALARS[hint])
    if hint in _STRING_RECORDS:
        defs[hint.__name__] = dict(_STRING_RECORDS[hint])
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _hint_schema(args[0], defs)}
    if origin in (list, tuple, set, frozenset) and len(args) == 1:
        return {"type": "array", "items": _hint_schema(args[0], defs)}
    if origin is dict and args and args[0] is str:
        return {"type": "object", "additionalProperties": _hint_schema(args[1], defs)}
    if _is_record(hint):
        if hint.__name__ not in defs:
            defs[hint.__name__] = {}  # reserve the name first: records may refer to themselves
            defs[hint.__name__] = _record_schema(hint, defs)
        return {"$ref": f"#/$defs/{hint.__name__}"}
    raise TypeError(f"no JSON Schema for the type {hint!r}; teach paper_json_schema() about it")


def _record_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    names = [field.name for field in attrs.fields(cls)]
    schema: dict[str, Any] = {"type": "object"}
    if cls.__doc__:
        schema["description"] = " ".join(cls.__doc__.strip().split("\n\n")[0].split())
    schema["properties"] = {name: _hint_schema(hints[name], defs) for name in names}
    # to_dict writes every field, None or empty included: all keys are always there.
    schema["required"] = names
    schema["additionalProperties"] = False
    return schema


def paper_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one paper as :func:`to_dict` and ``paperlist parse``
    write it, generated from the attrs records and their type hints (see the output formats
    page of the documentation for what it states).
    """
    defs: dict[str, Any] = {}
    paper = _record_schema(Paper, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://paperlist.invalid/schema/paper.json",
        "title": "paperlist paper",
        **paper,
        "$defs": dict(sorted(defs.items())),
    }
