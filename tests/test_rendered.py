"""hf-markdown, hf-rendered and hf-mhtml: rendered pages read back to the cards they show."""

from __future__ import annotations

import base64
import datetime
import email.charset
import email.mime.multipart
import email.mime.text
import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paperlist
from paperlist import Organization, Paper, PartialDate

from .hf_html_pages import SEARCH_PAGE, daily_page, paper_page
from .rendered_pages import STYLES, Card, page_html, render

FIXTURES = Path(__file__).parent / "fixtures" / "rendered"
COMPARED = (
    "title",
    "abstract",
    "arxiv_id",
    "url",
    "author_count",
    "organization",
    "published",
    "upvotes",
    "comments",
    "submitted_by",
)


def fields(paper: Paper) -> dict[str, object]:
    return {name: getattr(paper, name) for name in COMPARED}


# -- generated cards ----------------------------------------------------------------------------

_WORDS = "lantern pebble quiet sparse gradient meadow orbit tensor harbor falcon ember willow"
WORDS = st.sampled_from(_WORDS.split())
TITLES = st.lists(WORDS, min_size=3, max_size=9).map(lambda w: " ".join(w).capitalize())
ABSTRACTS = st.lists(TITLES, min_size=6, max_size=10).map(lambda s: ". ".join(s) + ".")
USERS = st.from_regex(r"[a-z][a-z0-9]{2,10}", fullmatch=True)
IDS = st.tuples(st.integers(2001, 2412), st.integers(10000, 99999)).map(lambda t: f"{t[0]}.{t[1]}")
DATES = st.dates(min_value=datetime.date(2020, 1, 1)).map(PartialDate.from_date)
ORGS = st.tuples(st.from_regex(r"[a-z]{3,8}-labs", fullmatch=True), st.just("Acme Labs"))


@st.composite
def cards(draw: st.DrawFn, daily: bool) -> Card:
    org = None if daily else draw(st.none() | ORGS)
    return Card(
        title=draw(TITLES),
        arxiv_id=draw(IDS),
        upvotes=draw(st.integers(0, 5000)),
        comments=draw(st.integers(0, 40)),
        author_count=None if org else draw(st.integers(1, 600)),
        organization=org,
        submitted_by=draw(USERS) if daily else None,
        abstract=None if daily else draw(ABSTRACTS),
        published=None if daily else draw(DATES),
    )


PAGES = st.booleans().flatmap(lambda daily: st.lists(cards(daily), min_size=1, max_size=5))
CHROME = st.lists(
    st.sampled_from(
        [
            "Models",
            "Datasets",
            "Log In",
            "Sign Up",
            "Get trending papers in your email inbox!",
            "Subscribe",
            "Daily Papers",
            "by AK and the research community",
            "Search by arxiv id or title",
            "Submit a paper",
            "Daily",
            "Weekly",
            "Monthly",
            "Previous",
            "Next",
            "© Hugging Face",
            "TOS",
            "Privacy",
        ]
    ),
    max_size=8,
)


@pytest.mark.parametrize("style", STYLES)
@given(page=PAGES)
def test_generated_cards_read_back(style: str, page: list[Card]) -> None:
    listing = paperlist.parse(render(page, style))
    assert listing.format in {"hf-markdown", "hf-rendered"}
    assert [fields(p) for p in listing.papers] == [fields(c.expected(style)) for c in page]


@pytest.mark.parametrize("style", STYLES)
@given(page=PAGES, head=CHROME, tail=CHROME)
def test_page_chrome_adds_no_record(
    style: str, page: list[Card], head: list[str], tail: list[str]
) -> None:
    listing = paperlist.parse(render(page, style, (head, tail)), format="hf-rendered")
    assert [p.title for p in listing.papers] == [c.title for c in page]
    assert not any(p.kind == "unrecognized-text" for p in listing.problems)


@given(text=st.text(max_size=600))
def test_any_text_never_invents_a_linked_id(text: str) -> None:
    for name in ("hf-markdown", "hf-rendered"):
        listing = paperlist.parse(text, format=name)
        assert all(p.arxiv_id is None for p in listing.papers)


@pytest.mark.parametrize("tool", ["markdownify", "html2text"])
@given(page=PAGES)
def test_tool_renderings_of_generated_pages_read_back(tool: str, page: list[Card]) -> None:
    pytest.importorskip(tool)
    listing = paperlist.parse(_render(tool, page_html(page)))
    assert [fields(p) for p in listing.papers] == [fields(c.expected("markdown")) for c in page]


@pytest.mark.parametrize("tool", ["lynx", "w3m", "pandoc"])
@settings(max_examples=10)
@given(page=PAGES)
def test_text_browser_renderings_of_generated_pages(tool: str, page: list[Card]) -> None:
    listing = paperlist.parse(_render(tool, page_html(page)))
    assert [fields(p) for p in listing.papers] == [fields(c.expected("markdown")) for c in page]


# -- hand-written captures, in the styles other people save ------------------------------------


def read(name: str) -> paperlist.Listing:
    return paperlist.parse(FIXTURES / name)


def test_firecrawl_search_capture() -> None:
    listing = read("search.firecrawl.md")
    assert listing.format == "hf-markdown"
    assert [fields(p) for p in listing.papers] == [
        {
            "title": "Teaching Kettles to Whistle in Tune",
            "abstract": "We teach kettles to whistle in tune. A small model listens to the "
            "steam and adjusts the lid, and the kettles learn three songs in a week.",
            "arxiv_id": "2405.01234",
            "url": "https://huggingface.co/papers/2405.01234",
            "author_count": 6,
            "organization": None,
            "published": PartialDate(2024, 5, 2),
            "upvotes": 17,
            "comments": 2,
            "submitted_by": None,
        },
        {
            "title": "Sparse Lanterns for Dense Nights (Extended)",
            "abstract": "Lanterns that light only where needed save most of the oil. We "
            "measure how much on forty long nights.",
            "arxiv_id": "2311.04321",
            "url": "https://huggingface.co/papers/2311.04321",
            "author_count": None,
            "organization": Organization("lamp-works", "Lamp Works"),
            "published": PartialDate(2023, 11, 7),
            "upvotes": 0,
            "comments": 0,  # a whole card with no comment count: none, as hf-html says
            "submitted_by": None,
        },
    ]
    assert listing.problems == ()


def test_jina_reader_daily_capture() -> None:
    listing = read("daily.jina.md")
    assert listing.format == "hf-markdown"
    assert listing.page_date == PartialDate(2024, 3, 5)
    assert [
        (p.title, p.upvotes, p.comments, p.author_count, p.submitted_by) for p in listing.papers
    ] == [
        ("Clocks That Agree: Consensus for Tiny Timers", 41, 3, 12, "tickuser"),
        ("Folding Maps Without Creases", 0, 0, 2, "cartog"),
    ]
    assert [p.arxiv_id for p in listing.papers] == ["2403.00111", "2403.00222"]


def test_lynx_capture_with_reference_list() -> None:
    listing = read("search.lynx.txt")
    assert listing.format == "hf-rendered"
    assert [fields(p) for p in listing.papers] == [
        {
            "title": "Ropes, Knots and the Transformers That Tie Them",
            "abstract": "We train a transformer to tie knots in rope and find that it "
            "prefers the bowline, for reasons we try to explain in some detail.",
            "arxiv_id": "2402.07777",
            "url": "https://huggingface.co/papers/2402.07777",
            "author_count": 3,
            "organization": None,
            "published": PartialDate(2024, 2, 14),
            "upvotes": 8,
            "comments": 1,
            "submitted_by": None,
        }
    ]


def test_notebook_export_with_url_lines() -> None:
    listing = read("search.notebook.txt")
    assert listing.format == "hf-rendered"
    assert [
        (p.title, p.arxiv_id, p.upvotes, p.comments, p.author_count) for p in listing.papers
    ] == [
        ("Breadcrumbs: Finding the Way Back in Long Contexts", "2401.05555", 12, 4, 7),
        ("A Census of Garden Gnomes", "2312.09999", 0, 0, 2),
    ]
    assert [p.published for p in listing.papers] == [
        PartialDate(2024, 1, 9),
        PartialDate(2023, 12, 30),
    ]


def test_paper_page_markdown_capture() -> None:
    listing = read("paper.md")
    assert listing.format == "hf-markdown"
    (paper,) = listing.papers
    assert paper.title == "Folding Paper Cranes with Transformers"
    assert paper.arxiv_id == "2409.17777"
    assert paper.upvotes == 57
    assert paper.submitted_by == "janedoe"
    assert [a.name for a in paper.authors] == ["Min Lee", "Ana Souza", "Piet Vos"]
    assert paper.ai_summary == "A short machine summary of folding."
    assert paper.abstract == "We fold paper cranes with transformers and count the folds."
    assert paper.published == PartialDate(2024, 9, 28)


# -- renderings made by tools from generated pages ----------------------------------------------

SEARCH_EXPECTED = [
    ("Quiet Gradients in Loud Networks", 42, 3, 4, None, PartialDate(2024, 3, 8)),
    ("Counting Sheep with Sparse Experts", 0, 0, None, "acme-labs", PartialDate(2024, 5, 29)),
    ("A Single Author Writes Alone", 1204, 12, 1, None, PartialDate(2023, 11, 2)),
    ("Trending Toolkit for Tiny Tasks", 9, 0, 2, None, PartialDate(2025, 2, 1)),
]
DAILY_EXPECTED = [
    ("Lanterns: Lighting the Way for Small Models", 31, 4, 3, "mokafor", "2408.00101"),
    ("Pebbles and Mountains", 0, 0, 1, "rmenon", "2408.00202"),
]


def _search_rows(listing: paperlist.Listing) -> list[tuple[object, ...]]:
    return [
        (
            p.title,
            p.upvotes,
            p.comments,
            p.author_count,
            p.organization.id if p.organization else None,
            p.published,
        )
        for p in listing.papers
    ]


def _python_tools() -> list[tuple[str, object]]:
    tools: list[tuple[str, object]] = []
    try:
        import markdownify

        tools.append(("markdownify", markdownify.markdownify))
    except ImportError:  # pragma: no cover - a test dependency
        pass
    try:
        import html2text

        tools.append(("html2text", html2text.html2text))
    except ImportError:  # pragma: no cover
        pass
    return tools


COMMANDS = {
    "lynx": ["lynx", "-dump", "-force_html", "-stdin"],
    "w3m": ["w3m", "-dump", "-T", "text/html", "-o", "display_link_number=1"],
    "pandoc": ["pandoc", "-f", "html", "-t", "markdown"],
    "pandoc-plain": ["pandoc", "-f", "html", "-t", "plain"],
}


def _render(tool: str, html: str) -> str:
    for name, function in _python_tools():
        if name == tool:
            return str(function(html))  # type: ignore[operator]
    command = COMMANDS[tool]
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (apt-get install {command[0]})")
    return subprocess.run(command, input=html, capture_output=True, text=True, check=True).stdout


TOOLS = ["markdownify", "html2text", *COMMANDS]


@pytest.mark.parametrize("tool", TOOLS)
def test_tool_renderings_of_a_search_page(tool: str) -> None:
    if tool in {"markdownify", "html2text"}:
        pytest.importorskip(tool)
    listing = paperlist.parse(_render(tool, SEARCH_PAGE), reference_date="2024-06-01")
    # pandoc-plain runs the GitHub star count into the date ("Feb 1, 2025 1,532"): both are read.
    assert _search_rows(listing) == SEARCH_EXPECTED
    linked = tool != "pandoc-plain"
    ids = ["2403.01234", "2405.11111", "2311.00042", "2502.00007"]
    assert [p.arxiv_id for p in listing.papers] == (ids if linked else [None] * 4)


@pytest.mark.parametrize("tool", TOOLS)
def test_tool_renderings_of_a_daily_page(tool: str) -> None:
    if tool in {"markdownify", "html2text"}:
        pytest.importorskip(tool)
    listing = paperlist.parse(_render(tool, daily_page(with_json=False)))
    linked = tool != "pandoc-plain"
    assert [
        (p.title, p.upvotes, p.comments, p.author_count, p.submitted_by, p.arxiv_id)
        for p in listing.papers
    ] == [(*row[:5], row[5] if linked else None) for row in DAILY_EXPECTED]


@pytest.mark.parametrize("tool", TOOLS)
def test_tool_renderings_of_a_paper_page(tool: str) -> None:
    if tool in {"markdownify", "html2text"}:
        pytest.importorskip(tool)
    listing = paperlist.parse(_render(tool, paper_page(with_json=False)))
    (paper,) = listing.papers
    assert paper.title == "Folding Paper Cranes with Transformers"
    assert paper.upvotes == 57
    assert paper.submitted_by == "janedoe"
    assert [a.name for a in paper.authors] == ["Min Lee", "Ana Souza", "Piet Vos"]
    assert paper.ai_summary == "A short machine summary of folding."
    assert paper.abstract == "We fold paper cranes with transformers and count the folds."
    assert paper.arxiv_id == (None if tool == "pandoc-plain" else "2409.17777")


def test_pandoc_keeps_the_hydration_json() -> None:
    listing = paperlist.parse(_render("pandoc", daily_page()))
    assert listing.format == "hf-markdown"
    assert listing.page_date == PartialDate(2024, 8, 1)
    assert [(p.arxiv_id, p.upvotes, p.comments, p.submitted_by) for p in listing.papers] == [
        ("2408.00101", 31, 4, "mokafor"),
        ("2408.00202", 0, 0, "rmenon"),
    ]
    assert [len(p.authors) for p in listing.papers] == [3, 1]  # the full lists, from the JSON


# -- MHTML --------------------------------------------------------------------------------------


def mhtml(html: str) -> bytes:
    message = email.mime.multipart.MIMEMultipart("related", type="text/html")
    message["Snapshot-Content-Location"] = "https://huggingface.co/papers?date=2024-08-01"
    charset = email.charset.Charset("utf-8")
    charset.body_encoding = email.charset.QP
    message.attach(email.mime.text.MIMEText(html, "html", charset))  # type: ignore[arg-type]
    return message.as_bytes()


def test_mhtml_is_decoded_and_read_as_its_page() -> None:
    data = mhtml(daily_page())
    assert b"=3D" in data  # quoted-printable, as browsers save it
    listing = paperlist.parse(data)
    assert listing.format == "hf-mhtml"
    assert [p.title for p in listing.papers] == [
        "Lanterns: Lighting the Way for Small Models",
        "Pebbles and Mountains",
    ]
    assert all(p.source is not None and p.source.format == "hf-mhtml" for p in listing.papers)
    assert listing.page_date == PartialDate(2024, 8, 1)


# -- refusing what no format recognizes ---------------------------------------------------------


def test_unrecognized_text_gives_no_papers_and_one_problem() -> None:
    listing = paperlist.parse("Models\nDatasets\nsome notes of mine\n")
    assert listing.papers == ()
    (problem,) = listing.problems
    assert problem.kind == "unknown-format"
    assert "hf-text" in problem.message
    assert paperlist.detect("some notes of mine\n") == "unknown"
    with pytest.raises(paperlist.UnknownFormatError):
        paperlist.parse("some notes of mine\n", strict=True)
    with pytest.raises(paperlist.UnknownFormatError):
        list(paperlist.iter_papers("some notes of mine\n", strict=True))


def test_cli_says_so_and_exits_nonzero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paperlist.cli import main

    notes = tmp_path / "notes.txt"
    notes.write_text("some notes of mine\n")
    assert main(["parse", str(notes)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown-format" in err


def test_flattened_dump_without_header_or_glued_line() -> None:
    title = "Sparse Lanterns for Dense Nights"
    abstract = "Lanterns that light only where needed save most of the oil, and we measure it."
    body = "\n".join(f"{title} {n}\n{abstract} Part {n}." for n in range(6)) + "\n"
    header = (
        "Get trending papers in your email inbox once a day!\n"
        "Get trending papers in your email inbox!\n"
    )
    for text in (body, header + body):
        listing = paperlist.parse(text)
        assert listing.format == "hf-flat"
        assert len(listing.papers) == 6


# -- the real renderings ------------------------------------------------------------------------


def _truth(corpus: Path) -> paperlist.Listing:
    import html
    import json
    import re

    page = (corpus / "html" / "daily-2024-08-01.html").read_text(encoding="utf-8")
    raw = re.search(r'data-target="DailyPapers"[^>]*data-props="([^"]*)"', page)
    assert raw is not None
    props = json.loads(html.unescape(raw.group(1)))
    return paperlist.parse(json.dumps(props), format="hf-json")


# What each rendering carries besides titles and author counts (the corpus README's table).
CARRIES = {
    "markdownify.md": {"arxiv_id", "upvotes", "comments", "submitted_by"},
    "html2text-py.md": {"arxiv_id", "upvotes", "comments", "submitted_by"},
    "lynx-dump.txt": {"arxiv_id", "upvotes", "comments", "submitted_by"},
    "chromium-copy-paste.txt": {"comments", "submitted_by"},
    "chromium-innertext.txt": {"upvotes", "comments", "submitted_by"},
    "bs4-get_text-nl.txt": {"upvotes", "comments", "submitted_by"},
    "chromium-save-single-file.mhtml": {"arxiv_id", "upvotes", "comments", "submitted_by"},
    "pdftotext.txt": {"upvotes"},  # its reading order scatters usernames: never guessed
}


@pytest.mark.parametrize("name", sorted(CARRIES))
def test_corpus_renderings_against_the_hydration_json(corpus: Path, name: str) -> None:
    truth = _truth(corpus).papers
    listing = paperlist.parse(corpus / "renderings" / f"daily-2024-08-01.{name}")
    papers = listing.papers
    assert len(papers) == len(truth) == 13
    for paper, true in zip(papers, truth, strict=True):
        if name == "pdftotext.txt":  # the PDF's text drops a hyphen at a line break
            assert paper.title.replace("-", "") == true.title.replace("-", "")
        else:
            assert paper.title == true.title
        assert paper.author_count == true.author_count
        for field in ("arxiv_id", "upvotes", "comments", "submitted_by", "abstract"):
            # Every field a rendering shows is right; one it does not show is None.
            assert getattr(paper, field) in (None, getattr(true, field)), (field, paper.title)
        for field in CARRIES[name]:
            assert getattr(paper, field) is not None, (field, paper.title)
    if name != "pdftotext.txt":  # the PDF scatters the date picker's month and day
        assert listing.page_date is not None
        assert (listing.page_date.month, listing.page_date.day) == (8, 1)


def test_paper_page_with_related_papers_is_one_record() -> None:
    # The page's own paper; the papers a comment links to are not records of this page.
    listing = paperlist.parse(FIXTURES / "paper.related.md", reference_date="2025-06-01")
    (paper,) = listing.papers
    assert (paper.title, paper.arxiv_id, paper.upvotes) == (
        "Quiet Engines for Loud Models",
        "2501.01234",
        88,
    )
    assert paper.published == PartialDate(2025, 1, 3)
    assert [a.name for a in paper.authors] == ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]
    assert paper.author_count is None  # "+ 12 authors": the list shown is not complete
    assert paper.ai_summary == "Engines made quiet stay useful."
    assert paper.abstract == (
        "We make engines quiet and measure how loud models become without them, over many runs."
    )


@pytest.mark.parametrize("cut", [[2], [0, 1, 2], [0, 1]])
def test_flattened_seed_without_its_first_lines(corpus: Path, cut: list[int]) -> None:
    lines = (corpus / "text" / "002_7f031c19c05d826f.txt").read_text(encoding="utf-8").split("\n")
    text = "\n".join(line for n, line in enumerate(lines) if n not in cut)
    listing = paperlist.parse(text)
    assert listing.format == "hf-flat"
    # Losing the glued "Subscribe<title>" line loses that title: its abstract is a problem.
    assert len(listing.papers) == (220 if 2 not in cut else 219)


@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_mhtml_line_ends_and_transfer_encodings(crlf: bool, encoding: str) -> None:
    charset = email.charset.Charset("utf-8")
    charset.body_encoding = (
        email.charset.QP if encoding == "quoted-printable" else email.charset.BASE64
    )
    message = email.mime.multipart.MIMEMultipart("related", type="text/html")
    message.attach(email.mime.text.MIMEText(SEARCH_PAGE, "html", charset))  # type: ignore[arg-type]
    message.attach(email.mime.text.MIMEText("body { color: red }", "css"))
    data = message.as_bytes()
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    listing = paperlist.parse(data)
    assert listing.format == "hf-mhtml"
    assert _search_rows(paperlist.parse(data, reference_date="2024-06-01")) == SEARCH_EXPECTED


def _mhtml(body: str, headers: str) -> bytes:
    return (
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/related; type="text/html"; boundary="b"\n\n'
        f"--b\nContent-Type: text/html{headers}\n\n{body}\n--b--\n"
    ).encode()


def test_mhtml_8bit_keeps_its_text() -> None:
    page = SEARCH_PAGE.replace("Quiet Gradients", "Quiet Caf\u00e9 Gradients")
    listing = paperlist.parse(_mhtml(page, "; charset=utf-8\nContent-Transfer-Encoding: 8bit"))
    assert listing.format == "hf-mhtml"
    assert listing.papers[0].title == "Quiet Caf\u00e9 Gradients in Loud Networks"


def test_mhtml_damage_is_a_problem_never_an_exception() -> None:
    encoded = base64.b64encode(SEARCH_PAGE.encode()).decode()
    cut = _mhtml(encoded[: len(encoded) * 2 // 3 + 1], "\nContent-Transfer-Encoding: base64")
    listing = paperlist.parse(cut)
    assert listing.format == "hf-mhtml"
    assert "truncated" in [p.kind for p in listing.problems]
    assert listing.papers  # the cards before the cut
    headers = '; charset="x-bogus"\nContent-Transfer-Encoding: quoted-printable'
    bogus = paperlist.parse(
        _mhtml(SEARCH_PAGE.replace("=", "=3D"), headers), reference_date="2025-06-01"
    )
    assert [p.kind for p in bogus.problems] == ["encoding"]
    assert len(bogus.papers) == len(SEARCH_EXPECTED)


def test_a_card_whose_metadata_was_dropped_keeps_its_own_title() -> None:
    page = (
        "[Daily Papers](/papers)\n\n"
        "### [First Paper Without Metadata](/papers/2401.00001)\n\n"
        "### [Second Paper With Metadata](/papers/2401.00002)\n\n"
        "[· 5 authors](/papers/2401.00002)\n\n[3](/papers/2401.00002#community)\n"
    )
    listing = paperlist.parse(page)
    assert [(p.title, p.arxiv_id, p.author_count, p.comments) for p in listing.papers] == [
        ("First Paper Without Metadata", "2401.00001", None, None),
        ("Second Paper With Metadata", "2401.00002", 5, 3),
    ]


def test_a_title_with_an_unbalanced_bracket_keeps_its_words() -> None:
    # Link text may hold a "[" that never closes ("[0, 1)"): the link still spans the title.
    page = (
        "### [Scores Lie in [0, 1) for Invented Rankers](/papers/2401.00001)\n\n"
        "We invent rankers whose scores stay in a half-open interval.\n\n"
        "· 3 authors · Jan 2, 2024\n\n" + "[c](/p/1)\n" * 30
    )
    listing = paperlist.parse(page, format="hf-markdown")
    titles = [p.title for p in listing.papers]
    assert titles == ["Scores Lie in [0, 1) for Invented Rankers"]
    assert listing.papers[0].arxiv_id == "2401.00001"


# An empty listing as innerText, get_text() and pandoc's plain text show only the site's chrome.
_EMPTY_PAGES = {
    "innertext": (
        " Hugging Face\n \n Models\n Datasets\n Spaces\n Posts\n Docs\nPricing\nLog In\nSign Up\n"
        "new\n\nGet trending papers in your email inbox once a day!\n\nSubscribe\nDaily Papers\n"
        "by AK and the research community\nSearch by arxiv id or title\n Submit a paper\n"
        " Mar4 \nDailyWeeklyMonthly\nPrevious Next\nCompany\n\u00a9 Hugging Face\n"
        "TOS Privacy About Jobs \nWebsite\nModels Datasets Spaces Pricing Docs"
    ),
    "pandoc-plain": (
        "[Hugging Face's logo] Hugging Face\n\n[]\n\n- [] Datasets\n- [] Posts\n- [] Solutions\n"
        "- []\n-\n\nnew\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
        "Daily Papers\n\nby [] AK and the research community\n\nSearch papers\n\n"
        "No results found. Try another query."
    ),
}


@pytest.mark.parametrize("style", sorted(_EMPTY_PAGES))
def test_an_empty_page_gives_no_paper_in_any_text_format(style: str) -> None:
    page = _EMPTY_PAGES[style]
    listing = paperlist.parse(page)
    assert listing.format == "hf-rendered"
    assert listing.papers == ()
    for fmt in ("hf-text", "hf-rendered", "hf-markdown"):
        assert paperlist.parse(page, format=fmt).papers == (), fmt


@pytest.mark.parametrize(
    ("fmt", "title_line", "expected"),
    [
        # plain text keeps every character
        (
            "hf-rendered",
            "dunder_names: Tuning __init__ Hooks",
            "dunder_names: Tuning __init__ Hooks",
        ),
        ("hf-rendered", "Why **Stars** Stay", "Why **Stars** Stay"),
        ("hf-rendered", "Escaped \\_ Lines", "Escaped \\_ Lines"),
        # markdown: "__" around one word is a name; around a phrase it is emphasis
        (
            "hf-markdown",
            "dunder_names: Tuning __init__ Hooks",
            "dunder_names: Tuning __init__ Hooks",
        ),
        ("hf-markdown", "Mid__word__ Cases Stay", "Mid__word__ Cases Stay"),
        ("hf-markdown", "A __Bold Claim__ Holds", "A Bold Claim Holds"),
        ("hf-markdown", "Why **Stars** Stay", "Why Stars Stay"),
        ("hf-markdown", "Escaped \\_\\_init\\_\\_ Names", "Escaped __init__ Names"),
    ],
)
def test_emphasis_is_taken_off_only_in_markdown(fmt: str, title_line: str, expected: str) -> None:
    if fmt == "hf-markdown":
        page = f"### [{title_line}](/papers/2402.00002)\n\n· 2 authors · Feb 3, 2024\n"
    else:
        page = f"Submitted by\nzed\n7\n{title_line}\n·\n2 authors\n3\n"
    papers = paperlist.parse(page, format=fmt, reference_date="2024-03-01").papers
    assert [p.title for p in papers] == [expected]


def test_literal_brackets_are_kept_and_widgets_dropped() -> None:
    md = (
        "### [[Boxed] Planning: Trees in [Round] Pots](/papers/2402.00003)\n\n"
        "[We plan [boxed] routes through [Round] pots and measure how far they go.]"
        "(/papers/2402.00003)\n\n· 2 authors · Feb 3, 2024\n"
    )
    paper = paperlist.parse(md, format="hf-markdown", reference_date="2024-03-01").papers[0]
    assert paper.title == "[Boxed] Planning: Trees in [Round] Pots"
    assert (
        paper.abstract == "We plan [boxed] routes through [Round] pots and measure how far they go."
    )
    # w3m and elinks: alt text and boxes around a card, literal brackets inside it
    text = (
        "[2408]\nSubmitted by [Qx7_zz-] wren\n [ ]\n12\n[Boxed] Planning: Trees in [Round] Pots\n"
        "We plan [boxed] routes through pots and measure how far they go, then plan them again "
        "with more pots.\n  \u2022 [x]\n"
        "\u00b7\n2 authors\n3\n"
    )
    paper = paperlist.parse(text, format="hf-rendered").papers[0]
    assert paper.title == "[Boxed] Planning: Trees in [Round] Pots"
    assert paper.abstract == (
        "We plan [boxed] routes through pots and measure how far they go, then plan them again "
        "with more pots."
    )
    assert (paper.submitted_by, paper.upvotes, paper.author_count, paper.comments) == (
        "wren",
        12,
        2,
        3,
    )


_KEPT_JSON = {
    "date": "2024-05-06T00:00:00.000Z",
    "dailyPapers": [
        {
            "paper": {
                "id": "2405.00077",
                "title": "Kites Over Quiet Fields",
                "summary": "We fly kites over quiet fields and count how often they land.",
                "authors": [{"name": "Ada Kite"}, {"name": "Bo Field"}],
                "publishedAt": "2024-05-03T00:00:00.000Z",
                "upvotes": 17,
            },
            "numComments": 2,
            "submittedBy": {"name": "kiteflyer"},
        }
    ],
}


def _pandoc_chrome(lines: int) -> str:
    """The site's header as pandoc's markdown writes it: fenced divs, many lines of them."""
    head = "::: {.flex .min-h-dvh .flex-col}\n::: {.border-b .border-gray-100}\n"
    head += "[![Hugging Face\\'s\nlogo](/front/assets/huggingface_logo.svg){.w-7}\n"
    head += "[Hugging Face]{.hidden .whitespace-nowrap .text-lg\n.md:block}](/){.mr-5 .flex}\n\n"
    body = "".join(
        f"::: {{.relative .flex-{k} .items-center .lg:max-w-sm .mr-2 .sm:mr-4 .md:mr-3}}\n:::\n"
        for k in range(lines // 2)
    )
    return head + body


def test_pandoc_markdown_with_long_chrome_reads_the_kept_json() -> None:
    props = json.dumps(json.dumps(_KEPT_JSON))  # a quoted attribute value: \" inside
    page = (
        _pandoc_chrome(200)
        + '::: {.SVELTE_HYDRATER .contents data-target="DailyPapers" props='
        + props
        + "}\n:::\n"
    )
    assert page.index("props=") > 8192  # beyond the head detection reads
    listing = paperlist.parse(page)
    assert listing.format == "hf-markdown"
    (paper,) = listing.papers
    assert (paper.title, paper.arxiv_id, paper.upvotes, paper.comments, paper.submitted_by) == (
        "Kites Over Quiet Fields",
        "2405.00077",
        17,
        2,
        "kiteflyer",
    )
    assert [a.name for a in paper.authors] == ["Ada Kite", "Bo Field"]


def test_pandoc_gfm_raw_html_with_props_is_markdown() -> None:
    chrome = "".join(
        f'<div\nclass="flex flex-{k} items-center">\n\n<a href="/" class="mr-5"><img\n'
        f'src="/front/assets/huggingface_logo.svg" class="w-7"\nalt="Hugging Face&#39;s logo" />'
        "</a>\n\n</div>\n\n"
        for k in range(60)
    )
    props = html.escape(json.dumps(_KEPT_JSON), quote=True)
    page = (
        chrome
        + f'<div class="SVELTE_HYDRATER contents" data-target="DailyPapers"\nprops="{props}">\n\n'
    )
    page += '### <a href="/papers/2405.00077">Kites Over Quiet Fields</a>\n\n</div>\n'
    assert page.index("props=") > 8192
    listing = paperlist.parse(page)
    assert listing.format == "hf-markdown"
    assert [(p.title, p.upvotes, p.comments) for p in listing.papers] == [
        ("Kites Over Quiet Fields", 17, 2)
    ]
    # without the JSON, its markup is read: no tag is ever a title
    bare = chrome + '### <a href="/papers/2405.00077">Kites Over Quiet Fields</a>\n\n'
    bare += '<div\nclass="flex">\n\n· 2 authors · May 3, 2024\n\n</div>\n'
    titles = [p.title for p in paperlist.parse(bare, reference_date="2024-06-01").papers]
    assert titles == ["Kites Over Quiet Fields"]


_PAPER_MARKDOWN = """\
Wavelets for Whale Songs
========================

[arxiv:2407.01234](https://arxiv.org/abs/2407.01234)

Published on Jul 1

Submitted by
[![](https://avatars.example/a.png) Rosa Delgado](https://huggingface.co/rdelgado)
on Jul 2 [![](https://cdn.example/o.png) Tidewater Lab](https://huggingface.co/tidewater)

[Upvote
33](/login?next=%2Fpapers%2F2407.01234)

Authors:
[Rosa Delgado](/rdelgado),Ivo Brandt,Kai Moana

Abstract
--------

We hear whales sing in wavelets and count the songs that come back twice.

[4 comments](/papers/2407.01234#community)
"""

_PAPER_INNERTEXT = """\
Wavelets for Whale Songs
arxiv:2407.01234
Published on Jul 1
Submitted by  Rosa Delgado on Jul 2  Tidewater Lab
Upvote
33
Authors: Rosa Delgado,Ivo Brandt,Kai Moana
Abstract
We hear whales sing in wavelets and count the songs that come back twice.
Community
4 comments
"""

# lynx and w3m wrap a long h1 and a long author list at the screen's width.
_PAPER_WRAPPED = """\
Daily Papers

Wavelets for Whale Songs: Counting Repeated Phrases Across Ocean Basins With
Sparse Hydrophone Arrays and Very Little Labelled Data

   arxiv:2407.01234
   Published on Jul 1
   Submitted by [q] rdelgado on Jul 2
   Upvote
   33
   Authors: Rosa Delgado, (BUTTON) Ivo Brandt, (BUTTON) Kai Moana, (BUTTON) Lea
   Tamsin, (BUTTON) Noor Haddad

Abstract
   We hear whales sing in wavelets and count the songs that come back twice.
"""


def test_paper_page_submitter_organization_authors_and_counts() -> None:
    paper = paperlist.parse(_PAPER_MARKDOWN, format="hf-markdown").papers[0]
    assert paper.submitted_by == "rdelgado"  # the link's username, not "Rosa"
    assert paper.organization == Organization("tidewater", "Tidewater Lab")
    assert [a.name for a in paper.authors] == ["Rosa Delgado", "Ivo Brandt", "Kai Moana"]
    assert (paper.upvotes, paper.comments, paper.author_count) == (33, 4, 3)

    paper = paperlist.parse(_PAPER_INNERTEXT, format="hf-rendered").papers[0]
    assert paper.title == "Wavelets for Whale Songs"
    assert paper.submitted_by is None  # a display name is no username
    assert [a.name for a in paper.authors] == ["Rosa Delgado", "Ivo Brandt", "Kai Moana"]
    assert (paper.upvotes, paper.comments) == (33, 4)


def test_paper_page_wrapped_title_and_authors() -> None:
    paper = paperlist.parse(_PAPER_WRAPPED, format="hf-rendered").papers[0]
    assert paper.title == (
        "Wavelets for Whale Songs: Counting Repeated Phrases Across Ocean Basins With "
        "Sparse Hydrophone Arrays and Very Little Labelled Data"
    )
    assert paper.submitted_by == "rdelgado"
    assert [a.name for a in paper.authors] == [
        "Rosa Delgado",
        "Ivo Brandt",
        "Kai Moana",
        "Lea Tamsin",
        "Noor Haddad",
    ]
    assert paper.upvotes == 33


def test_elinks_search_card_keeps_its_unlinked_abstract() -> None:
    page = """\
   [1]Daily[2]Weekly[3]Monthly
   [4]8

  [5]Moss Grows on Quiet Benchmarks

   We let moss grow on quiet benchmarks and measure how slowly the scores
   change over a long and uneventful year.

     [6]\u2022 [7][IMG]

   [8]\u00b7 2 authors \u00b7 Mar 3, 2023 [9]5

References

   Visible links
   1. https://huggingface.co/papers
   2. https://huggingface.co/papers/week
   3. https://huggingface.co/papers/month
   4. https://huggingface.co/login?next=%2Fpapers%2F2303.00333
   5. https://huggingface.co/papers/2303.00333
   6. https://huggingface.co/papers/2303.00333
   7. https://huggingface.co/papers/2303.00333
   8. https://huggingface.co/papers/2303.00333
   9. https://huggingface.co/papers/2303.00333#community
"""
    listing = paperlist.parse(page)
    (paper,) = listing.papers
    assert paper.title == "Moss Grows on Quiet Benchmarks"
    assert paper.abstract == (
        "We let moss grow on quiet benchmarks and measure how slowly the scores change over a "
        "long and uneventful year."
    )
    assert (paper.arxiv_id, paper.upvotes, paper.author_count, paper.comments) == (
        "2303.00333",
        8,
        2,
        5,
    )
    assert str(paper.published) == "2023-03-03"
    assert not [p for p in listing.problems if p.kind == "unrecognized-text"]


def test_raw_html_anchor_with_brackets_and_entities() -> None:
    # pandoc's gfm: a raw anchor wrapped over lines, its text with brackets and entities
    page = (
        '### <a href="/papers/2404.00044" class="line-clamp-3">[Boxed] Reasoning:\n'
        "Chains in [Round] Pots &lt; 5ms &amp; Friends</a>\n\n"
        '<div\nclass="flex">\n\n· 2 authors · Apr 4, 2024\n\n</div>\n'
    )
    titles = [p.title for p in paperlist.parse(page, format="hf-markdown").papers]
    assert titles == ["[Boxed] Reasoning: Chains in [Round] Pots < 5ms & Friends"]


def test_paper_page_with_the_arxiv_id_glued_to_published_on() -> None:
    # trafilatura keeps the text of a paper page with no space between these two lines
    page = (
        "new\nGet trending papers in your email inbox!\nSubscribe\nOtters Learn to Juggle\n"
        "arxiv:2405.00555Published on May 5\nAbstract\n"
        "We teach otters to juggle and report how many stones stay in the air.\n"
        "Community\n2 comments\n"
    )
    listing = paperlist.parse(page)
    assert listing.format == "hf-rendered"
    (paper,) = listing.papers
    assert (paper.title, paper.arxiv_id, paper.comments) == (
        "Otters Learn to Juggle",
        "2405.00555",
        2,
    )
    assert paper.abstract == "We teach otters to juggle and report how many stones stay in the air."
    assert str(paper.published) == "--05-05"


def test_trending_star_count_after_the_date_and_a_wrapped_metadata_line() -> None:
    page = """\
   77

Sailing Small Boats Through Large Models

   We sail small boats through large models and log every gust on the way.
   \u00b7 1 author \u00b7
   Nov 2, 2023 12 9

Tiny Lamps for Long Nights

   We light tiny lamps and time how long the nights stay bright in a lab.
   \u00b7 2 authors \u00b7 Aug 8, 2024 2,187
   5

Rivers of Tokens Meet the Sea

   We follow rivers of tokens down to the sea and count what arrives there.
   \u00b7 3 authors \u00b7 Jan 5, 2022
"""
    listing = paperlist.parse(page, format="hf-rendered")
    rows = [
        (p.title, p.upvotes, p.author_count, str(p.published), p.comments, p.github_stars)
        for p in listing.papers
    ]
    assert rows == [
        ("Sailing Small Boats Through Large Models", 77, 1, "2023-11-02", 12, None),
        ("Tiny Lamps for Long Nights", 9, 2, "2024-08-08", 0, 2187),
        ("Rivers of Tokens Meet the Sea", 5, 3, "2022-01-05", 0, None),
    ]


# -- one damaged line (issue 12 item 4, issue 13) ------------------------------------------------

# A browser's innerText of a daily page, one piece a line (invented cards).
_INNERTEXT = """\
Daily Papers
AUG
1
Submitted by
otterfan
41
Otters Juggle Stones in Shallow Water
\u00b7
6 authors
3
Submitted by
heronwatch
17
Herons Wait Patiently for Gradient Fish
\u00b7
2 authors
1
"""


def _damaged(page: str, line: int, replacement: str | None) -> paperlist.Listing:
    """``page`` with its 1-based ``line`` replaced (None: deleted)."""
    lines = page.split("\n")
    lines[line - 1 : line] = [] if replacement is None else [replacement]
    return paperlist.parse("\n".join(lines), format="hf-rendered", reference_date="2025-12-01")


def test_innertext_page_reads_both_cards() -> None:
    listing = paperlist.parse(_INNERTEXT, format="hf-rendered", reference_date="2025-12-01")
    assert [(p.title, p.upvotes, p.author_count, p.comments) for p in listing.papers] == [
        ("Otters Juggle Stones in Shallow Water", 41, 6, 3),
        ("Herons Wait Patiently for Gradient Fish", 17, 2, 1),
    ]
    assert listing.problems == ()


@pytest.mark.parametrize(
    ("line", "garble"),
    [
        (7, "Oct 1x, 2021"),  # the title
        (7, "  \u2022 5 autors"),
        (7, "  \u2022 five authors"),
        (6, "Oct 1x, 2021"),  # the upvote count, right above the title
        (6, "\u2022 May 26, 2022"),
    ],
)
def test_a_damaged_line_at_the_title_is_never_a_title(line: int, garble: str) -> None:
    listing = _damaged(_INNERTEXT, line, garble)
    titles = [p.title for p in listing.papers]
    assert titles == ["Herons Wait Patiently for Gradient Fish"]
    quoted = " ".join(p.text or "" for p in listing.problems if p.line is not None and p.line <= 10)
    assert garble.strip() in quoted  # nothing lost: the damaged line is quoted
    if line == 6:
        assert "Otters Juggle Stones in Shallow Water" in quoted
    lines = _INNERTEXT.split("\n")
    lines[line - 1] = garble
    damaged = "\n".join(lines)
    with pytest.raises(paperlist.ParseError):
        paperlist.parse(damaged, format="hf-rendered", reference_date="2025-12-01", strict=True)


def test_a_damaged_username_leaves_the_title_alone() -> None:
    listing = _damaged(_INNERTEXT, 5, "  \u2022 5 autors")
    assert [p.title for p in listing.papers] == [
        "Otters Juggle Stones in Shallow Water",
        "Herons Wait Patiently for Gradient Fish",
    ]
    assert any(p.text == "\u2022 5 autors" for p in listing.problems)


_MARKDOWN = """\
Submitted by ottofan

[41](/login?next=%2Fpapers%2F2401.00001)

### [Otters Juggle Stones in Shallow Water](/papers/2401.00001)

[\u00b7 6 authors](/papers/2401.00001)
[3](/papers/2401.00001#community)

Submitted by heronwatch

[17](/login?next=%2Fpapers%2F2401.00002)

### [Herons Wait Patiently for Gradient Fish](/papers/2401.00002)

[\u00b7 2 authors](/papers/2401.00002)
[1](/papers/2401.00002#community)
"""


@pytest.mark.parametrize("garble", ["Oct 1x, 2021", "\u2022 5 autors", "\u2022 five authors"])
def test_markdown_title_replaced_by_damage_gives_no_record(garble: str) -> None:
    page = _MARKDOWN.replace(
        "### [Otters Juggle Stones in Shallow Water](/papers/2401.00001)", garble
    )
    listing = paperlist.parse(page, format="hf-markdown")
    assert [(p.title, p.arxiv_id) for p in listing.papers] == [
        ("Herons Wait Patiently for Gradient Fish", "2401.00002")
    ]
    assert any(p.text is not None and garble in p.text for p in listing.problems)


# lynx: a title wrapped over two lines, the link marked on its first line only.
_LYNX = """\
   [1]41

[2]Otters Juggle Stones in Shallow Water While the Tide Comes In Around
Them

     * \u00b7
       6 authors

   [3]3
   [4]17

[5]Herons Wait Patiently for Gradient Fish

     * \u00b7
       2 authors

   [6]1

References

   1. https://huggingface.co/login?next=/papers/2401.00001
   2. https://huggingface.co/papers/2401.00001
   3. https://huggingface.co/papers/2401.00001#community
   4. https://huggingface.co/login?next=/papers/2401.00002
   5. https://huggingface.co/papers/2401.00002
   6. https://huggingface.co/papers/2401.00002#community
"""
_OTTERS = "Otters Juggle Stones in Shallow Water While the Tide Comes In Around Them"
_HERONS = ("Herons Wait Patiently for Gradient Fish", "2401.00002")


def _lynx(line: int, replacement: str | None, *, duplicate: bool = False) -> paperlist.Listing:
    lines = _LYNX.split("\n")
    if duplicate:
        lines.insert(line, lines[line - 1])
    else:
        lines[line - 1 : line] = [] if replacement is None else [replacement]
    return paperlist.parse("\n".join(lines), format="hf-rendered")


def test_lynx_wrapped_title_reads_whole() -> None:
    listing = paperlist.parse(_LYNX, format="hf-rendered")
    assert [(p.title, p.arxiv_id) for p in listing.papers] == [(_OTTERS, "2401.00001"), _HERONS]


@pytest.mark.parametrize(
    ("line", "replacement"),
    [
        (4, "Oct 1x, 2021"),  # the wrapped title's second line
        (3, "  \u2022 5 autors"),  # its first line, with the link
        (3, None),  # its first line lost: the rest has no link, every other title has one
    ],
)
def test_lynx_damage_inside_a_wrapped_title_gives_no_record(
    line: int, replacement: str | None
) -> None:
    listing = _lynx(line, replacement)
    assert [(p.title, p.arxiv_id) for p in listing.papers] == [_HERONS]
    assert any(p.line in (3, 4) for p in listing.problems)


@pytest.mark.parametrize("line", [3, 4])
def test_lynx_duplicated_title_line_is_read_once(line: int) -> None:
    listing = _lynx(line, None, duplicate=True)
    assert [(p.title, p.arxiv_id) for p in listing.papers] == [(_OTTERS, "2401.00001"), _HERONS]
    assert [p.kind for p in listing.papers[0].problems] == ["duplicate-line"]


def test_an_overlong_upvote_count_is_a_problem_not_a_prefix() -> None:
    page = _MARKDOWN.replace("[41](", "[1234567890123](")
    listing = paperlist.parse(page, format="hf-markdown")
    otters = listing.papers[0]
    assert (otters.title, otters.upvotes) == ("Otters Juggle Stones in Shallow Water", None)
    assert [p.kind for p in otters.problems] == ["bad-count"]


@pytest.mark.parametrize("digits", [12, 5000])
def test_an_overlong_author_count_invents_no_paper(digits: int) -> None:
    page = _MARKDOWN.replace("[\u00b7 6 authors]", f"[\u00b7 {'9' * digits} authors]")
    listing = paperlist.parse(page, format="hf-markdown")
    assert [(p.title, p.author_count) for p in listing.papers] == [
        ("Otters Juggle Stones in Shallow Water", None),
        ("Herons Wait Patiently for Gradient Fish", 2),
    ]
    assert [p.kind for p in listing.papers[0].problems] == ["bad-count"]


def test_number_reads_the_whole_text() -> None:
    from paperlist.formats._rendered import _number

    assert _number("94") == 94
    assert _number("1,234") == 1234
    assert _number("4 comments") == 4
    assert _number("Upvote 57") == 57
    assert _number("1234567890123") is None
    assert _number("12a34") is None


def test_elinks_comment_count_before_a_video_name_is_the_cards_own() -> None:
    # elinks -dump -no-references -no-numbering: a card's comment count, then the next card's
    # video name, then that card's "Submitted by" and its own upvote count.
    page = """\
   [ ]
   41

  Otters Juggle Stones in Shallow Water

     \u2022 [IMG]
     \u2022 \u00b7
       6 authors

   3
   Video: otters-clip.webm
   Submitted by heronwatch
   [ ]
   17

  Herons Wait Patiently for Gradient Fish

     \u2022 \u00b7
       2 authors

   1
"""
    listing = paperlist.parse(page, format="hf-rendered")
    assert [(p.title, p.upvotes, p.comments) for p in listing.papers] == [
        ("Otters Juggle Stones in Shallow Water", 41, 3),
        ("Herons Wait Patiently for Gradient Fish", 17, 1),
    ]


def test_a_count_before_the_next_cards_own_upvotes_is_this_cards_comments() -> None:
    # The next card's "Submitted by" lost: "3", its username, its own "17", its title.  The "3"
    # is not that card's upvote box, so this card keeps 3 comments (never a made-up 0).
    listing = _damaged(_INNERTEXT, 11, None)
    otters = listing.papers[0]
    assert (otters.title, otters.comments) == ("Otters Juggle Stones in Shallow Water", 3)
    assert [(p.title, p.upvotes) for p in listing.papers[1:]] == [
        ("Herons Wait Patiently for Gradient Fish", 17)
    ]


# html2text: a title's link wrapped over two lines, images wrapped over two lines.
_HTML2TEXT = """\
Submitted by ![](https://cdn-
avatars.example.org/otter.png)
otterfan

[ 41](/login?next=%2Fpapers%2F2401.00001)

### [Otters Juggle Stones in Shallow Water While the Tide
Rises](/papers/2401.00001)

[

  * ![](/avatars/a.svg)
  * \u00b7 6 authors

](/papers/2401.00001) [ 3 ](/papers/2401.00001#community)
"""


def test_an_image_wrapped_over_lines_keeps_the_line_numbers() -> None:
    listing = paperlist.parse(_HTML2TEXT, format="hf-markdown")
    [paper] = listing.papers
    assert paper.title == "Otters Juggle Stones in Shallow Water While the Tide Rises"
    assert (paper.upvotes, paper.author_count, paper.comments) == (41, 6, 3)
    assert paper.source is not None
    assert (paper.source.line, paper.source.end_line) == (1, 15)


def test_a_wrapped_links_end_repeated_is_no_part_of_the_title() -> None:
    page = _HTML2TEXT.replace("Rises](/papers/2401.00001)\n", "Rises](/papers/2401.00001)\n" * 2)
    listing = paperlist.parse(page, format="hf-markdown")
    assert listing.papers == ()
    assert any(p.text == "Rises](/papers/2401.00001)" for p in listing.problems)


def test_elinks_paper_page_organization_keeps_its_name() -> None:
    # elinks links the organization's avatar and its name apart, both to the same slug.
    page = """\
                         Moss Clocks for Slow Agents

   [1]arxiv:2406.04444
   Published on Jun 4
   Submitted by [2][IMG][3] Ines Toller on Jun 5 [4][IMG][5] Fernwood Lab
   [6]Upvote
   19
   Authors: [7]Ines Toller,[8]Bram Okoye

Abstract

   We let slow agents keep time by the growth of moss, and they keep it badly.

References

   1. https://huggingface.co/papers/2406.04444
   2. https://huggingface.co/itoller
   3. https://huggingface.co/itoller
   4. https://huggingface.co/fernwood
   5. https://huggingface.co/fernwood
   6. https://huggingface.co/login?next=%2Fpapers%2F2406.04444
   7. https://huggingface.co/itoller
   8. https://huggingface.co/papers?q=Bram%20Okoye
"""
    paper = paperlist.parse(page, format="hf-rendered").papers[0]
    assert paper.organization == Organization("fernwood", "Fernwood Lab")
    assert paper.submitted_by == "itoller"
    assert (paper.arxiv_id, paper.upvotes, paper.author_count) == ("2406.04444", 19, 2)


# BeautifulSoup's get_text("\n") puts blank lines around every element: the username two lines
# below "Submitted by", each author's comma on a line of its own, blank lines between names.
_PAPER_GET_TEXT_NL = """\
Moss Clocks for Slow Agents

Published on Jun 4


Submitted by

 itoller
 on Jun 5

Upvote
19

Authors:

Ines Toller
,


Bram Okoye
,


Cato Vance



Abstract

We let slow agents keep time by the growth of moss, and they keep it badly.
"""


def test_paper_page_spread_over_blank_lines() -> None:
    paper = paperlist.parse(_PAPER_GET_TEXT_NL, format="hf-rendered").papers[0]
    assert paper.submitted_by == "itoller"
    assert [a.name for a in paper.authors] == ["Ines Toller", "Bram Okoye", "Cato Vance"]
    assert paper.author_count == 3


@pytest.mark.parametrize(
    "line", ["Ines Toller , Bram Okoye , Cato Vance", "Ines Toller, Bram Okoye , Cato Vance"]
)
def test_paper_page_unlabelled_authors_spaced_around_commas(line: str) -> None:
    # inscriptis and pdftotext put a space before a comma after a linked name.
    page = f"""\
Published on Jun 4
Submitted by itoller on Jun 5

Moss Clocks for Slow Agents

{line}
Upvote
19

Abstract

We let slow agents keep time by the growth of moss, and they keep it badly.
"""
    paper = paperlist.parse(page, format="hf-rendered").papers[0]
    assert paper.title == "Moss Clocks for Slow Agents"
    assert [a.name for a in paper.authors] == ["Ines Toller", "Bram Okoye", "Cato Vance"]
    # a sentence is never an author list
    sentence = page.replace(line, "We, the authors, thank the moss.")
    assert paperlist.parse(sentence, format="hf-rendered").papers[0].authors == ()


# pdftotext of a search page laid out without its stylesheet: form feeds, and a card's title
# moved away from its abstract (with a number between), or wrapped at the page's width.
_PDF_SEARCH = """\
Daily Papers
by AK and the research community

\f12

Lichen Maps for Small Robots
We chart lichen for small robots and find that the maps hold up in the rain, mostly.

· 3 authors · Mar 3, 2023

\f-

Granite Tokens

2

\fWe carve granite into tokens in detail and report that the chisel wears out long before
the model converges, which we did not expect at all.

· 4 authors · Apr 4, 2023

\f31

Salt Marsh Benchmarks: Measuring How Slowly Small Agents Learn to Wade, Swim and
Float Through Shallow Water
We measure how slowly small agents learn to wade, and find they mostly float.

· 2 authors · May 5, 2023
"""


def test_pdf_search_card_never_takes_a_wrapped_line_for_its_title() -> None:
    listing = paperlist.parse(_PDF_SEARCH, format="hf-rendered")
    assert [p.title for p in listing.papers] == ["Lichen Maps for Small Robots"]
    assert listing.papers[0].abstract is not None
    kinds = [p.kind for p in listing.problems]
    assert kinds.count("orphan-metadata") == 2  # the two cards whose title is not sure
    quoted = " ".join(p.text or "" for p in listing.problems)
    assert "We carve granite" in quoted
    assert "Salt Marsh Benchmarks" in quoted


def test_pdf_search_two_numbers_after_a_card_are_not_guessed() -> None:
    page = """\
Daily Papers

\f40

Lichen Maps for Small Robots
We chart lichen for small robots and find that the maps hold up in the rain, mostly.

· 3 authors · Mar 3, 2023

4

66

Granite Tokens for Patient Models
We carve granite into tokens and find that the chisel wears out before the model learns.

· 5 authors · Apr 4, 2023

7
"""
    listing = paperlist.parse(page, format="hf-rendered")
    rows = [(p.title, p.upvotes, p.comments) for p in listing.papers]
    # "4" and "66": the first card's comments and the second's upvotes, or the other way round.
    assert rows == [
        ("Lichen Maps for Small Robots", 40, None),
        ("Granite Tokens for Patient Models", None, 7),
    ]
    (problem,) = [p for p in listing.problems if p.kind == "ambiguous-count"]
    assert problem.text == "4 | 66"
    # Without form feeds the text is in the page's order: the counts are read as they come.
    counts = [(p.upvotes, p.comments) for p in paperlist.parse(page.replace("\f", "")).papers]
    assert counts == [(40, 4), (66, 7)]
    # The next card's "-" (no upvotes yet) before this card's comment count: neither either.
    dashed = page.replace("4\n\n66\n", "-\n\n4\n")
    counts = [(p.upvotes, p.comments) for p in paperlist.parse(dashed).papers]
    assert counts == [(40, None), (None, 7)]


def test_pdf_paper_page_title_wrapped_above_its_arxiv_line() -> None:
    # A PDF wraps the large heading well before the page's width; the arxiv line closes it.
    page = """\
Daily Papers

Moss Clocks for Slow Agents: Keeping Time by
Growth in Damp and Shaded
Environments
arxiv:2406.04444
Published on Jun 4
Submitted by Ines Toller on Jun 5

Upvote
19
Authors: Ines Toller, Bram Okoye

Abstract
We let slow agents keep time by the growth of moss, and they keep it badly.
"""
    paper = paperlist.parse(page, format="hf-rendered").papers[0]
    assert paper.title == (
        "Moss Clocks for Slow Agents: Keeping Time by Growth in Damp and Shaded Environments"
    )
    assert (paper.arxiv_id, paper.upvotes, paper.author_count) == ("2406.04444", 19, 2)
    # Lines the arxiv line does not close are not joined to the title (the authors, here).
    unlabelled = page.replace("Authors: ", "").replace("19\n", "19\n\nMoss Clocks\n")
    titles = [p.title for p in paperlist.parse(unlabelled, format="hf-rendered").papers]
    assert titles == [paper.title]


def test_upvote_box_without_upvotes_as_a_checkbox_or_its_own_link() -> None:
    # markitdown writes the upvote button as a checkbox inside the box's link: "[ ]" then "-".
    daily = """\
# Daily Papers

Submitted by
itoller

[[ ]

-](/login?next=%2Fpapers%2F2406.04444)

### [Moss Clocks for Slow Agents](/papers/2406.04444)

[* ·

  2 authors](/papers/2406.04444)
"""
    paper = paperlist.parse(daily, format="hf-markdown").papers[0]
    assert (paper.title, paper.upvotes, paper.arxiv_id) == (
        "Moss Clocks for Slow Agents",
        0,
        "2406.04444",
    )
    # A notebook export: the box's "-" is a link of its own (its URL on the next line).
    page = """\
Moss Clocks for Slow Agents
arxiv:2406.04444
Published on Jun 4
Upvote
-
https://huggingface.co/login?next=%2Fpapers%2F2406.04444
Authors:
Ines Toller
Abstract
We let slow agents keep time by the growth of moss, and they keep it badly.
"""
    paper = paperlist.parse(page, format="hf-rendered").papers[0]
    assert (paper.upvotes, paper.arxiv_id) == (0, "2406.04444")


def test_comment_count_before_a_thumbnail_caption_and_the_next_submitter() -> None:
    # A text browser without its link list: the next card's video thumbnail leaves a caption
    # between this card's comment count and the next "Submitted by".
    page = """\
   Submitted by itoller
   12

  Moss Clocks for Slow Agents

     • · 4 authors

   3
   Video: a1b2c3d4e5f6.webm
   Submitted by bokoye
   9

  Granite Tokens for Patient Models

     • · 2 authors

   1
"""
    rows = [(p.title, p.upvotes, p.comments) for p in paperlist.parse(page).papers]
    assert rows == [
        ("Moss Clocks for Slow Agents", 12, 3),
        ("Granite Tokens for Patient Models", 9, 1),
    ]


def test_raw_html_anchor_abstract_with_an_unclosed_bracket() -> None:
    # pandoc's gfm keeps a search card's abstract as a raw anchor; "[half" never closes.
    page = (
        "### [Moss Clocks for Slow Agents](/papers/2406.04444)\n\n"
        '<a href="/papers/2406.04444" class="abs">We keep [rough] time with moss:\n'
        "a [half open interval of growth, and it drifts.</a>\n\n"
        '<div class="meta">\n\n· 2 authors · Jun 4, 2024\n\n</div>\n'
    )
    paper = paperlist.parse(page, format="hf-markdown").papers[0]
    assert paper.title == "Moss Clocks for Slow Agents"
    assert paper.abstract == (
        "We keep [rough] time with moss: a [half open interval of growth, and it drifts."
    )


def test_paper_page_id_from_its_comment_link() -> None:
    # trafilatura's markdown keeps neither the arxiv line nor the upvote box, only the
    # discussion's link: the page's own id.
    page = """\
# Moss Clocks for Slow Agents

Published on Jun 4

## Abstract

We let slow agents keep time by the growth of moss, and they keep it badly.

## Community

[2 comments](/papers/2406.04444#community)
"""
    paper = paperlist.parse(page, format="hf-markdown").papers[0]
    assert (paper.arxiv_id, paper.comments) == ("2406.04444", 2)
    assert paper.url == "https://huggingface.co/papers/2406.04444"
    # Two discussions linked: which one is the page's is not guessed.
    other = page + "\n[5 comments](/papers/2406.05555#community)\n"
    assert paperlist.parse(other, format="hf-markdown").papers[0].arxiv_id is None


def test_pdf_text_with_form_feeds_before_author_counts_is_detected() -> None:
    page = (
        "42\n\nMoss Clocks for Slow Agents\n"
        "We let slow agents keep time by the growth of moss, and they keep it badly.\n\n"
        "\f· 4 authors · Mar 8, 2024\n\n"
        "\f7\n\nGranite Tokens for Patient Models\n"
        "We carve granite into tokens and find the chisel wears out before the model learns.\n\n"
        "\f· 2 authors · Feb 1, 2025\n"
    )
    listing = paperlist.parse(page)
    assert listing.format == "hf-rendered"
    assert [p.title for p in listing.papers] == [
        "Moss Clocks for Slow Agents",
        "Granite Tokens for Patient Models",
    ]


def test_a_short_linked_title_takes_no_plain_line_below_it() -> None:
    # Only a line that ran to the tool's width is wrapped: a short title and the line below
    # it (an organization, a caption) are two things.
    markdown = (
        "- [Otters Juggle Stones in Shallow Water](/papers/2401.00001)\n  Acme Labs\n"
        "- [Herons Wait Patiently for Gradient Fish](/papers/2401.00002)\n  Trending this week\n"
    )
    lynx = (
        "   [1]Otters Juggle Stones in Shallow Water\n   Acme Labs\n\nReferences\n\n"
        "   1. https://huggingface.co/papers/2401.00001\n"
    )
    for page in (markdown, lynx):
        listing = paperlist.parse(page)
        assert [p.title for p in listing.papers][:1] == ["Otters Juggle Stones in Shallow Water"]
        assert all("Acme" not in p.title and "Trending" not in p.title for p in listing.papers)


def test_a_count_after_a_title_line_is_not_taken_for_the_last_cards_comments() -> None:
    # The first card shows no comment count; the second lost its "Submitted by" and its title
    # wraps onto a number.  Its upvote count (17) is no comment count of the first card.
    page = (
        "Daily Papers\nAUG\n1\nSubmitted by\notterfan\n41\n"
        "Otters Juggle Stones in Shallow Water\n\u00b7\n6 authors\n"
        "17\nHerons Wait Patiently for Gradient Fish in\n2025\n\u00b7\n2 authors\n1\n"
    )
    listing = paperlist.parse(page, format="hf-rendered", reference_date="2025-12-01")
    first = listing.papers[0]
    assert (first.title, first.upvotes, first.comments) == (
        "Otters Juggle Stones in Shallow Water",
        41,
        0,
    )


@pytest.mark.parametrize(
    "below",
    [
        "Harbor University, Inland Institute of Tides, Quay Research Lab, Dockside College",
        "Models, Datasets, Spaces, Community, Docs, Enterprise, Pricing, Log In, Sign Up",
    ],
)
def test_a_paper_pages_names_take_no_line_of_affiliations_or_menu(below: str) -> None:
    page = (
        "Moss Clocks for Slow Agents\n\narxiv:2406.04444\nPublished on Jun 4\n\n"
        "Submitted by itoller on Jun 5\n\nUpvote\n19\n\n"
        f"Ines Toller, Bram Okoye\n{below}\n\nAbstract\n\n"
        "We let slow agents keep time by the growth of moss, and they keep it badly.\n"
    )
    paper = paperlist.parse(page, format="hf-rendered").papers[0]
    assert [a.name for a in paper.authors] == ["Ines Toller", "Bram Okoye"]
    assert paper.author_count == 2
