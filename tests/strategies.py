"""Hypothesis strategies for every messy field and for whole records."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from paperlist.records import Author, Organization, Paper, PartialDate, Problem, Source

MONTH_NAMES = [
    ("Jan", "January"),
    ("Feb", "February"),
    ("Mar", "March"),
    ("Apr", "April"),
    ("May", "May"),
    ("Jun", "June"),
    ("Jul", "July"),
    ("Aug", "August"),
    ("Sep", "September", "Sept"),
    ("Oct", "October"),
    ("Nov", "November"),
    ("Dec", "December"),
]
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\t", " \u00a0"])


@st.composite
def random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.swapcase() if flip else c for c, flip in zip(text, flips, strict=True))


def real_dates(min_year: int = 1990, max_year: int = 2030) -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31))


def partial_dates() -> st.SearchStrategy[PartialDate]:
    dated = real_dates().map(PartialDate.from_date)
    yearless = st.dates(dt.date(2004, 1, 1), dt.date(2004, 12, 31)).map(
        lambda d: PartialDate(None, d.month, d.day)
    )
    return st.one_of(dated, yearless)


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, PartialDate]:
    """A date as a person or HF might write it, with the value it means."""
    value = draw(partial_dates())
    names = MONTH_NAMES[value.month - 1]
    month = draw(random_case(draw(st.sampled_from(names))))
    space = draw(SPACES)
    day = str(value.day)
    if value.year is None:
        forms = [f"{month}{space}{day}", f"{day}{space}{month}"]
    else:
        y = value.year
        forms = [
            f"{month}{space}{day},{space}{y}",
            f"{month}{space}{day},{y}",
            f"{day}{space}{month}{space}{y}",
            f"{month}{space}{day}{_ordinal(value.day)},{space}{y}",
            f"{y}-{value.month:02d}-{value.day:02d}",
        ]
    text = draw(st.sampled_from(forms))
    pad = draw(st.sampled_from(["", " ", "\u00a0", "  "]))
    return pad + text + draw(st.sampled_from(["", " ", "\u00a0"])), value


def _ordinal(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


@st.composite
def written_counts(draw: st.DrawFn) -> tuple[str, int]:
    """``• 5 authors``, ``1 author``, ``· 1,234 authors``, with the count they mean."""
    n = draw(st.integers(min_value=1, max_value=99_999))
    number = f"{n:,}" if draw(st.booleans()) else str(n)
    noun = draw(random_case("author" if n == 1 else "authors"))
    bullet = draw(st.sampled_from(["", "\u2022 ", "  \u2022 ", "\u00b7 ", "\u2022\u00a0"]))
    return f"{bullet}{number}{draw(SPACES)}{noun}", n


SLUGS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,18}[a-z0-9]", fullmatch=True)
WORDS = st.sampled_from(
    [
        "Sparse",
        "Origami",
        "Transformers",
        "Lighthouse",
        "Diffusion",
        "Agents",
        "for",
        "of",
        "the",
        "Learning",
        "Tiny",
        "Reasoning",
        "Kernels",
        "Über",
        "naïve",
        "Zürich",
        "LLMs",
        "3D",
        "Café",
        "x2013",
        "rightarrow",
        "21\\%",
        "https://example.org/code",
        "$\\alpha$-tuning",
        "Q&A",
        "(Re)thinking",
        "—",
        "é",
        "数据",
        "🙂",
    ]
)


def titles() -> st.SearchStrategy[str]:
    """Title-shaped text: a few words, no final full stop."""
    return (
        st.lists(WORDS, min_size=1, max_size=14)
        .map(" ".join)
        .filter(lambda t: len(t) < 150 and not t.endswith("."))
        .map(lambda t: t if t not in {"new", "Subscribe"} else t + " Revisited")
    )


def abstracts() -> st.SearchStrategy[str]:
    """Abstract-shaped text: several sentences, long enough to read as a paragraph."""
    sentence = st.lists(WORDS, min_size=6, max_size=25).map(lambda ws: " ".join(ws) + ".")
    return st.lists(sentence, min_size=3, max_size=12).map(" ".join).filter(lambda a: len(a) >= 320)


def organizations() -> st.SearchStrategy[Organization]:
    names = st.lists(WORDS.filter(lambda w: " " not in w), min_size=1, max_size=3).map(" ".join)
    return st.builds(Organization, SLUGS, st.one_of(st.none(), names))


@st.composite
def dump_papers(draw: st.DrawFn, *, flat: bool = False) -> Paper:
    """A paper as a text dump can carry it (what render writes and the readers give back)."""
    title = draw(titles())
    abstract = draw(abstracts())
    if flat:
        return Paper(title=title, abstract=abstract)
    if draw(st.booleans()):
        count, org = draw(st.integers(1, 5000)), None
    else:
        count, org = None, draw(organizations())
    published = draw(st.one_of(real_dates().map(PartialDate.from_date), partial_dates()))
    comments = draw(st.integers(0, 999))
    return Paper(
        title=title,
        abstract=abstract,
        author_count=count,
        organization=org,
        published=published,
        comments=comments,
    )


def authors() -> st.SearchStrategy[Author]:
    name = st.text(min_size=1, max_size=30).map(" ".join).filter(bool)
    return st.builds(Author, name, st.one_of(st.none(), SLUGS), st.booleans())


def json_values() -> st.SearchStrategy[object]:
    scalar = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), st.text(max_size=20))
    return st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


def papers() -> st.SearchStrategy[Paper]:
    """Any valid record, every field exercised (for converter round trips)."""
    opt_text = st.one_of(st.none(), st.text(min_size=1, max_size=40))
    opt_int = st.one_of(st.none(), st.integers(0, 10**6))
    moments = st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2040, 1, 1),
        timezones=st.just(dt.timezone.utc),
    )
    problems = st.builds(
        Problem,
        st.sampled_from(["bad-date", "missing-abstract"]),
        st.text(max_size=20),
        st.one_of(st.none(), st.integers(1, 10**6)),
        opt_text,
    )
    return st.builds(
        Paper,
        title=st.text(min_size=1, max_size=60),
        abstract=opt_text,
        arxiv_id=st.one_of(st.none(), st.from_regex(r"2[0-9]{3}\.[0-9]{5}", fullmatch=True)),
        url=opt_text,
        authors=st.lists(authors(), max_size=4).map(tuple),
        author_count=opt_int,
        organization=st.one_of(st.none(), organizations()),
        published=st.one_of(st.none(), partial_dates()),
        upvotes=opt_int,
        comments=opt_int,
        submitted_by=opt_text,
        submitted_at=st.one_of(st.none(), moments),
        github_repo=opt_text,
        github_stars=opt_int,
        project_page=opt_text,
        ai_summary=opt_text,
        ai_keywords=st.lists(st.text(max_size=10), max_size=3).map(tuple),
        thumbnail=opt_text,
        extra=st.dictionaries(st.text(max_size=10), json_values(), max_size=3),
        source=st.one_of(
            st.none(),
            st.builds(Source, st.sampled_from(["hf-text", "hf-json"]), opt_int, opt_int, opt_int),
        ),
        problems=st.lists(problems, max_size=2).map(tuple),
    )


ABSTRACT_FOR_TESTS = (
    "We invent a method for the tests of this project and describe it in three sentences. "
    "It does nothing at all, but it does so quickly and with great confidence. "
    "Experiments on no data show that it matches every baseline we did not run."
)
