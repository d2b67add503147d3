"""paperlist: Hugging Face Daily Papers listings, in any saved form, as clean typed records.

>>> import paperlist
>>> dump = ("A Tiny Title\\n\\nAn abstract of one sentence that says little.\\n\\n"
...         "  • 2 authors\\n·\\nMar 3, 2024 5\\n")
>>> listing = paperlist.parse(dump)
>>> paper = listing.papers[0]
>>> paper.title, paper.author_count, str(paper.published), paper.comments
('A Tiny Title', 2, '2024-03-03', 5)
"""

from typing import Any

from ._version import __version__
from .api import detect, iter_papers, parse
from .collect import Row, Sighting, collect
from .errors import PaperlistError, ParseError, ProblemError, UnknownFormatError
from .records import Author, Listing, Organization, Paper, PartialDate, Problem, Source
from .walk import walk


def to_dict(record: Any) -> Any:
    """A record as plain data (dicts, lists, str, int, None), ready for json, pandas or polars.

    The same as :func:`paperlist.serialize.to_dict`, imported on first use: cattrs loads only
    when records are serialized, which keeps ``import paperlist`` fast.
    """
    from .serialize import to_dict as _to_dict

    return _to_dict(record)


def to_arrow(records: Any) -> Any:
    """Rows (or papers, one row each) as a ``pyarrow.Table`` of the flat dataset columns.

    The same as :func:`paperlist.dataset.to_arrow`; needs pyarrow (``paperlist[parquet]``).
    ``.to_pandas()`` or ``polars.from_arrow(table)`` make a DataFrame of it.
    """
    from .dataset import to_arrow as _to_arrow

    return _to_arrow(records)


__all__ = [
    "Author",
    "Listing",
    "Organization",
    "Paper",
    "PaperlistError",
    "ParseError",
    "PartialDate",
    "Problem",
    "ProblemError",
    "Row",
    "Sighting",
    "Source",
    "UnknownFormatError",
    "__version__",
    "collect",
    "detect",
    "iter_papers",
    "parse",
    "to_arrow",
    "to_dict",
    "walk",
]
