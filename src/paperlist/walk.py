"""Which files a folder of saved documents holds: the walk ``paperlist parse DIR`` makes.

Hidden files and folders (a name starting with ``.``) and project documentation (``README*``,
``CHANGELOG*``, ``CONTRIBUTING*``, ``LICENSE*``, ``*.rst``: a README beside saved pages describes
them, and its examples would read as cards of a dump) are left out; everything else is yielded,
sorted by path.  Markdown files (``.md``, ``.markdown``) are walked: a page saved as markdown is
the ``hf-markdown`` format, and detection tells it from notes.  A file found in a walk is then
read only when a format scores it above :data:`DETECT_THRESHOLD`; a file named by the caller is
always read.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = [
    "DETECT_THRESHOLD",
    "DOC_PREFIXES",
    "DOC_SUFFIXES",
    "display_name",
    "is_documentation",
    "walk",
]

#: A file found by walking a directory is read only when a format scores it above this.
#: (Named files are always read: text that no format claims is read as ``hf-text``, whose
#: fallback score for any text is 0.05.)
DETECT_THRESHOLD = 0.1

#: How the names of project documentation begin (any case), left out of walks.
DOC_PREFIXES = ("README", "CHANGELOG", "CONTRIBUTING", "LICENSE")
#: Suffixes of documentation, left out of walks.  Not ``.md``: saved pages may be markdown.
DOC_SUFFIXES = frozenset({".rst"})


def is_documentation(path: Path) -> bool:
    """``README*``, ``CHANGELOG*``, ``CONTRIBUTING*``, ``LICENSE*`` or ``*.rst``: left out of a
    walk.  Other markdown is walked, and read only if detection recognizes a format in it."""
    return path.suffix.lower() in DOC_SUFFIXES or path.name.upper().startswith(DOC_PREFIXES)


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as printable UTF-8 text: bytes of a file name that are not UTF-8 (which Python
    keeps as lone surrogates) become ``\\xNN`` escapes, so messages and outputs never fail."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _warn(exc: OSError) -> None:
    warnings.warn(
        f"paperlist.walk: {display_name(exc.filename or '?')}: skipped: {exc.strerror or exc}",
        RuntimeWarning,
        stacklevel=4,
    )


def walk(
    root: str | os.PathLike[str], *, onerror: Callable[[OSError], object] | None = None
) -> Iterator[Path]:
    """Every file under ``root`` that ``paperlist parse root`` would consider, sorted by path.

    ``root`` itself may be a file: it is yielded as it is.  A folder that cannot be listed (no
    permission, removed meanwhile) is skipped with a note: ``onerror`` is called with its
    :class:`OSError` (``filename`` names the folder), or, without ``onerror``, a
    :class:`RuntimeWarning` says so.  Symbolic links to folders are not followed.  File names
    that are not UTF-8 come as :class:`~pathlib.Path` objects like any other (use
    :func:`display_name` to print them).
    """
    top = Path(root)
    if not top.is_dir():
        yield top
        return
    report = onerror or _warn
    found: list[Path] = []
    for folder, dirs, files in os.walk(top, onerror=report):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        for name in files:
            path = base / name
            if name.startswith(".") or is_documentation(path) or not path.is_file():
                continue
            found.append(path)
    yield from sorted(found)
