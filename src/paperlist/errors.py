"""Exceptions.  Caller mistakes raise at once; damaged input raises only under ``strict=True``."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

from .records import Problem

if sys.version_info < (3, 11):  # pragma: no cover - the backport cattrs already depends on
    from exceptiongroup import ExceptionGroup

__all__ = ["PaperlistError", "ParseError", "ProblemError", "UnknownFormatError"]


class PaperlistError(Exception):
    """Base of every exception paperlist raises on purpose."""


class UnknownFormatError(PaperlistError, ValueError):
    """A format name that no adapter answers to."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown format {name!r}; known formats: {', '.join(self.known)}")


class ProblemError(PaperlistError, ValueError):
    """One :class:`~paperlist.records.Problem`, raised as part of a :class:`ParseError`."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.line = problem.line
        super().__init__(str(problem))


class ParseError(ExceptionGroup[ProblemError], PaperlistError):
    """Raised under ``strict=True``: an exception group with one :class:`ProblemError` a problem."""

    problems: tuple[Problem, ...]

    def __new__(cls, message: str, problems: Sequence[Problem]) -> ParseError:
        self = super().__new__(cls, message, [ProblemError(p) for p in problems])
        self.problems = tuple(problems)
        return self

    def __init__(self, message: str, problems: Sequence[Problem]) -> None:
        # The group was made in __new__; pass on the same sub-exceptions, not new ones.
        super().__init__(message, list(self.exceptions))

    @property
    def exceptions(self) -> tuple[ProblemError, ...]:
        # Never nested: every sub-exception is a ProblemError, so say so to type checkers.
        return super().exceptions  # type: ignore[return-value]

    def derive(self, excs: Sequence[ProblemError]) -> ParseError:  # type: ignore[override]
        return ParseError(self.message, [e.problem for e in excs])
