"""Format adapters: the protocol they follow, the registry that finds them, and detection.

An adapter is any object with a ``name``, a one-line ``summary``, a ``score(head)`` that says how
much the start of a document looks like its format (0 = not at all, 1 = certainly), and
``parse(document, options)`` that yields, in document order, :class:`~paperlist.records.Paper`
records, :class:`~paperlist.records.Problem` reports and at most one :class:`PageDate`.

Built-in adapters are named here by module so that a format's dependencies (lxml for HTML) load
only when that format is used.  Other packages add formats through the entry-point group
``paperlist.formats``; each entry point names an adapter object (or a class to instantiate).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from ..errors import UnknownFormatError
from ..records import Paper, PartialDate, Problem

if TYPE_CHECKING:
    from ..document import Document

__all__ = [
    "ENTRY_POINT_GROUP",
    "THRESHOLD",
    "Adapter",
    "Options",
    "PageDate",
    "get",
    "recognize",
    "recognized",
    "refusal",
    "registry",
    "scores",
]

ENTRY_POINT_GROUP = "paperlist.formats"
#: The least score that counts as recognizing a document; below it, nothing is guessed.
THRESHOLD = 0.1

# name -> "module:attribute", in the order ties are broken.
_BUILTINS = {
    "hf-json": "paperlist.formats.hf_json:ADAPTER",
    "hf-mhtml": "paperlist.formats.hf_mhtml:ADAPTER",
    "hf-markdown": "paperlist.formats.hf_markdown:ADAPTER",
    "hf-html": "paperlist.formats.hf_html:ADAPTER",
    "hf-flat": "paperlist.formats.hf_flat:ADAPTER",
    "hf-text": "paperlist.formats.hf_text:ADAPTER",
    "hf-rendered": "paperlist.formats.hf_rendered:ADAPTER",
}


@attrs.frozen
class Options:
    """What a caller asked of a parse; adapters read it, never change it."""

    reference_date: _dt.date | None = None


@attrs.frozen
class PageDate:
    """The page's own date (a daily page's date, a dump's date picker), with where it was read."""

    date: PartialDate
    line: int | None = None


Event = Paper | Problem | PageDate


@runtime_checkable
class Adapter(Protocol):
    """What a format plug-in provides."""

    @property
    def name(self) -> str: ...

    @property
    def summary(self) -> str: ...

    def score(self, head: str) -> float: ...

    def parse(self, document: Document, options: Options) -> Iterable[Event]: ...


def _load_target(target: str) -> Adapter:
    """The adapter a ``"module:attribute"`` target names (imported on first use)."""
    import pkgutil  # only when a format is first needed, as the entry points are

    return _instantiate(pkgutil.resolve_name(target))


def _instantiate(obj: object) -> Adapter:
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, Adapter):
        raise TypeError(f"{obj!r} is not a paperlist format adapter")
    return obj


class _Registry(Mapping[str, Adapter]):
    """Name -> adapter, importing each built-in on first use."""

    def __init__(self, plugins: Mapping[str, object]) -> None:
        self._plugins = dict(plugins)
        self._names = list(_BUILTINS) + [n for n in self._plugins if n not in _BUILTINS]
        self._loaded: dict[str, Adapter] = {}  # a cache of imports, not state anyone sees

    def __getitem__(self, name: str) -> Adapter:
        adapter = self._loaded.get(name)
        if adapter is None:
            adapter = self._loaded[name] = self._load(name)
        return adapter

    def _load(self, name: str) -> Adapter:
        if name in _BUILTINS:
            return _load_target(_BUILTINS[name])
        if name in self._plugins:
            entry = self._plugins[name]
            obj = entry.load() if hasattr(entry, "load") else entry
            return _instantiate(obj)
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def is_builtin(self, name: str) -> bool:
        return name in _BUILTINS


@functools.cache
def registry() -> _Registry:
    """Every known format: the built-ins, then plug-ins from the ``paperlist.formats`` group.

    Read once per process; a plug-in installed later is seen by a new process.
    """
    from importlib.metadata import entry_points  # slow to import: only when formats are needed

    plugins = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return _Registry(plugins)


def get(name: str) -> Adapter:
    """The adapter called ``name``; :class:`UnknownFormatError` names the known ones."""
    known = registry()
    if name not in known:
        raise UnknownFormatError(name, tuple(known))
    return known[name]


def scores(head: str) -> dict[str, float]:
    """Every format's score for a document head, in registry order."""
    return {name: _score(name, head) for name in registry()}


def _score(name: str, head: str) -> float:
    try:
        return float(get(name).score(head))
    except Exception:  # a broken plug-in must not break detection of the other formats
        return 0.0


def best(head: str) -> tuple[str, float]:
    """The best-scoring format (first in registry order on a tie) and its score."""
    ranked = scores(head)
    name = max(ranked, key=lambda n: ranked[n])
    return name, ranked[name]


def recognize(head: str) -> str | None:
    """The format that recognizes a document by its head, or None where no score reaches
    :data:`THRESHOLD` (an empty document is the best format's: it has nothing to invent)."""
    name, score = best(head)
    return name if recognized(score, head) else None


def recognized(score: float, head: str) -> bool:
    """Whether the best score ``score`` of a document's head recognizes it (see :func:`recognize`;
    for a caller that has the score already)."""
    return score >= THRESHOLD or not head.strip()


def refusal(head: str) -> Problem:
    """The one problem of a document no format recognizes: it names the best scores."""
    ranked = scores(head)
    named = ", ".join(f"{n} {s:.2f}" for n, s in sorted(ranked.items(), key=lambda kv: -kv[1])[:4])
    return Problem(
        "unknown-format",
        f"no format recognizes this document (best scores: {named}; "
        f"a format needs {THRESHOLD}); give format= to read it anyway",
        None,
        head[:200],
    )
