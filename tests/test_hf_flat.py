from __future__ import annotations

import paperlist

from .accounting import unaccounted

LONG = (
    "An invented abstract, long enough to be read as a paragraph by the shape rules. "
    "It has more than one sentence. It mentions nothing real and ends with a full stop."
)
HEADER = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
)


def flat(*lines: str) -> str:
    return HEADER + "Subscribe" + "\n".join(lines) + "\n"


def test_alternating() -> None:
    text = flat("Alpha Title", LONG, "Beta Title", LONG + " Beta.")
    listing = paperlist.parse(text)
    assert listing.format == "hf-flat"
    assert [(p.title, p.abstract) for p in listing.papers] == [
        ("Alpha Title", LONG),
        ("Beta Title", LONG + " Beta."),
    ]
    assert listing.problems == ()
    assert [(p.source.line, p.source.end_line) for p in listing.papers if p.source] == [
        (3, 4),
        (5, 6),
    ]


def test_lost_abstract_is_reported_and_alignment_kept() -> None:
    text = flat("Alpha Title", LONG, "Beta Lost Its Abstract", "Gamma Title", LONG, "Delta", LONG)
    listing = paperlist.parse(text)
    # A flattened dump has no metadata: a title without its abstract shows no card's evidence,
    # so it is quoted, not made a paper, and the cards after it keep their alignment.
    assert [p.title for p in listing.papers] == ["Alpha Title", "Gamma Title", "Delta"]
    assert all(p.abstract == LONG for p in listing.papers)
    assert [(p.kind, p.line, p.text) for p in listing.problems] == [
        ("orphan-title", 5, "Beta Lost Its Abstract")
    ]


def test_lost_title_is_reported_and_quoted() -> None:
    text = flat("Alpha Title", LONG, LONG + " Orphan.", "Gamma Title", LONG)
    listing = paperlist.parse(text)
    assert [p.title for p in listing.papers] == ["Alpha Title", "Gamma Title"]
    assert [(p.kind, p.line, p.text) for p in listing.problems] == [
        ("missing-title", 5, LONG + " Orphan.")
    ]
    assert unaccounted(text, "hf-flat") == []


def test_concatenated_flat_dumps() -> None:
    one = flat("Alpha Title", LONG)
    listing = paperlist.parse(one + one)
    assert [p.title for p in listing.papers] == ["Alpha Title", "Alpha Title"]


def test_many_cards_stream_in_windows() -> None:
    lines = []
    for i in range(1500):
        lines += [f"Title Number {i}", f"{LONG} Card {i}."]
    lines.insert(1002, "A Title Whose Abstract Was Lost")  # breaks the alternation mid-stream
    listing = paperlist.parse(flat(*lines), format="hf-flat")
    assert len(listing.papers) == 1500
    assert [p.kind for p in listing.problems] == ["orphan-title"]
    assert all(
        p.abstract and p.abstract.endswith(f"Card {p.title.split()[-1]}.")
        for p in listing.papers
        if p.title.startswith("Title Number")
    )


def test_bare_counts_are_never_titles() -> None:
    # A rendered page's upvote counts, one a line, before the flattened cards.
    abstract = "We count the counts that count and find that most of them do not count at all."
    text = "-\n170\n1,234\n" + "".join(f"Counting Title {i}\n{abstract}\n" for i in range(4))
    listing = paperlist.parse(text, format="hf-flat")
    assert [p.title for p in listing.papers] == [f"Counting Title {i}" for i in range(4)]
    assert [p.text for p in listing.problems if p.kind == "orphan-metadata"] == [
        "-",
        "170",
        "1,234",
    ]
