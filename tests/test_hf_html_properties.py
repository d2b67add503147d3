"""Property tests: search/listing cards in many markup variants read back to what they say."""

from __future__ import annotations

import html

import attrs
from hypothesis import given
from hypothesis import strategies as st

import paperlist
from paperlist.records import Organization, PartialDate

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SPACE = st.sampled_from(["", " ", "\n", "\r\n", "\n\t\t", "  \n    "])
CLASS = st.lists(
    st.sampled_from(["flex", "mb-1", "text-lg/6", "peer", "md:h-64", "x", "dark:bg-gray-900"]),
    max_size=4,
).map(" ".join)
WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789&<'\"-:",
    min_size=1,
    max_size=12,
)


@attrs.frozen
class CardSpec:
    pid: str
    title: str
    upvotes: int | None  # None: the page shows "-"
    comments: int | None
    authors: int | None
    org: tuple[str, str] | None
    date: PartialDate | None


@st.composite
def cards(draw: st.DrawFn, pid: str) -> CardSpec:
    title = " ".join(draw(st.lists(WORD, min_size=1, max_size=8)))
    org = None
    authors = None
    if draw(st.booleans()):
        slug = draw(st.from_regex(r"[a-z][a-z0-9-]{1,12}", fullmatch=True))
        name = " ".join(
            draw(
                st.lists(
                    st.sampled_from(["Acme", "Labs", "AI", "Research"]), min_size=1, max_size=3
                )
            )
        )
        org = (slug, name)
    else:
        authors = draw(st.integers(1, 3000))
    date = None
    if draw(st.booleans()):
        year = draw(st.none() | st.integers(1990, 2030))
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 28))
        date = PartialDate(year, month, day)
    return CardSpec(
        pid,
        title,
        draw(st.none() | st.integers(0, 200_000)),
        draw(st.none() | st.integers(1, 5000)),
        authors,
        org,
        date,
    )


def attr(draw: st.DrawFn, name: str, value: str) -> str:
    quote = draw(st.sampled_from(['"', "'", ""]))
    if quote == "" and (not value or any(c in value for c in " \"'=<>`")):
        quote = '"'
    if quote == "'":
        value = value.replace("'", "&#39;")
    elif quote == '"':
        value = value.replace('"', "&quot;")
    return f"{name}={quote}{value}{quote}"


def tag(draw: st.DrawFn, name: str, attrs_: dict[str, str], inner: str) -> str:
    items = list(attrs_.items())
    if draw(st.booleans()):
        items.append(("class", draw(CLASS)))
    if draw(st.booleans()):
        items.append(("data-v-" + draw(st.sampled_from(["a1", "b2"])), ""))
    order = draw(st.permutations(items))
    rendered = " ".join(attr(draw, k, v) for k, v in order)
    space = draw(SPACE)
    opening = f"<{name}{' ' + rendered if rendered else ''}{space}>"
    return f"{opening}{draw(SPACE)}{wrap(draw, inner)}{draw(SPACE)}</{name}>"


def wrap(draw: st.DrawFn, inner: str) -> str:
    for _ in range(draw(st.integers(0, 2))):
        wrapper = draw(st.sampled_from(["div", "span"]))
        inner = f"<{wrapper} class='{draw(CLASS)}'>{draw(SPACE)}{inner}{draw(SPACE)}</{wrapper}>"
    return inner


def render_date(value: PartialDate) -> str:
    text = f"{MONTHS[value.month - 1]} {value.day}"
    return text if value.year is None else f"{text}, {value.year}"


def render(draw: st.DrawFn, card: CardSpec) -> str:
    pid = card.pid
    up = "-" if card.upvotes is None else f"{card.upvotes:,}"
    parts = [
        tag(draw, "a", {"href": f"/login?next=%2Fpapers%2F{pid}"}, f"<div>{up}</div>"),
        tag(
            draw,
            "h3",
            {},
            tag(draw, "a", {"href": f"/papers/{pid}"}, html.escape(card.title, quote=False)),
        ),
    ]
    if card.org is not None:
        slug, name = card.org
        img = f"<img alt={slug} src='https://cdn.example/{slug}.png'>"
        parts.append(tag(draw, "a", {"href": f"/{slug}"}, f"{img}{draw(SPACE)}<span>{name}</span>"))
    else:
        avatars = "<ul><li title='someuser'><img alt='' src='/avatars/a.svg'></li></ul>"
        count = f"{card.authors:,} authors" if card.authors != 1 else "1 author"
        dot = draw(st.sampled_from(["· ", "<div>·</div>", ""]))
        parts.append(tag(draw, "a", {"href": f"/papers/{pid}"}, f"{avatars}{dot}{count}"))
    if card.date is not None:
        parts.append(f"<span>·</span>{draw(SPACE)}<span>{render_date(card.date)}</span>")
    if card.comments is not None:
        parts.append(
            tag(draw, "a", {"href": f"/papers/{pid}#community"}, f"<svg></svg>{card.comments}")
        )
    container = draw(st.sampled_from(["article", "div", "section"]))
    return tag(draw, container, {}, draw(SPACE).join(parts))


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, list[CardSpec]]:
    n = draw(st.integers(1, 4))
    specs = [
        draw(cards(f"24{month:02d}.{number:05d}"))
        for month, number in zip(
            range(1, n + 1),
            draw(st.lists(st.integers(0, 99999), min_size=n, max_size=n)),
            strict=True,
        )
    ]
    body = draw(SPACE).join(render(draw, spec) for spec in specs)
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "<!doctype html>", ""]))
    page = f"{doctype}<html><head><title>Papers</title></head><body><main><div>{body}</div></main></body></html>"  # noqa: E501
    return page, specs


@given(pages())
def test_cards_read_back(case: tuple[str, list[CardSpec]]) -> None:
    page, specs = case
    listing = paperlist.parse(page, reference_date="2031-12-31")
    assert listing.format == "hf-html"
    assert [p.arxiv_id for p in listing.papers] == [s.pid for s in specs]
    for paper, spec in zip(listing.papers, specs, strict=True):
        assert paper.title == " ".join(spec.title.split())
        assert paper.upvotes == (spec.upvotes or 0)
        # a card with no #community link (every card here has its metadata row) has 0 comments
        assert paper.comments == (spec.comments or 0)
        assert paper.author_count == spec.authors
        assert paper.authors == ()
        if spec.org is None:
            assert paper.organization is None
        else:
            assert paper.organization == Organization(spec.org[0], spec.org[1])
        if spec.date is None:
            assert paper.published is None
        else:
            year = spec.date.year if spec.date.year is not None else 2031
            assert paper.published == PartialDate(year, spec.date.month, spec.date.day)
    assert [p.kind for p in listing.problems] == []
    assert [p.kind for paper in listing.papers for p in paper.problems] == []


@given(st.text(max_size=500))
def test_never_raises_on_text(text: str) -> None:
    listing = paperlist.parse(text, format="hf-html")
    assert "internal-error" not in [p.kind for p in listing.problems]


@given(st.binary(max_size=500))
def test_never_raises_on_bytes(data: bytes) -> None:
    listing = paperlist.parse(data, format="hf-html")
    assert "internal-error" not in [p.kind for p in listing.problems]


TOKENS = [
    "<div>", "</div>", "<article>", "</article>", "<h3>", "</h3>", "<h1>", "</h1>", "<p>", "</p>",
    "<a href='/papers/2401.00001'>", "<a href='/papers/2401.00002#community'>", "</a>",
    "<a href='/login?next=%2Fpapers%2F2401.00001'>", "<a href='/acme'><img alt='acme'>",
    "<span class='author'>", "</span>", "<h2>Abstract</h2>", "Published on Sep 3", "Submitted by",
    "x", "3 authors", "·", "Mar 3, 2024", "-", "12", "<time datetime='2024-01-02'>", "</time>",
    "<div data-target='DailyPapers' data-props='{\"dailyPapers\": [{\"paper\": {\"id\": \"2401.00001\"}}]}'>",  # noqa: E501
    "<div data-target='PaperContent' data-props='{\"paper\": {\"title\": 5}}'>", "<!--", "-->",
    "<script>", "</script>", "\r\n", "&amp;", "&#0;", "\x00",
    "9" * 4400, "· " + "7" * 4400 + " authors",  # longer than int() reads
    "<div data-target='DailyPapers' data-props='{\"date\": \"2024-01-02\", \"dailyPapers\": "
    "[{\"paper\": {\"id\": \"2401.00001\", \"title\": \"t\"}}, {\"pa",  # cut inside the JSON
]  # fmt: skip


@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_never_raises_on_tag_soup(tokens: list[str]) -> None:
    listing = paperlist.parse("".join(tokens), format="hf-html")
    assert "internal-error" not in [p.kind for p in listing.problems]
    for paper in listing.papers:
        assert paper.title
        assert "bad-card" not in [p.kind for p in paper.problems]  # the safety net unused
