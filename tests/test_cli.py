"""The ``paperlist`` command, run for real in a subprocess (``python -m paperlist``)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest
from hypothesis import given

import paperlist
from paperlist import Author, Organization, Paper, Problem, Source
from paperlist.cli import DETECT_THRESHOLD
from paperlist.serialize import csv_columns, csv_row, paper_json_schema, to_dict

from .strategies import ABSTRACT_FOR_TESTS, papers

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "daily-dump.txt"
DAMAGED = ROOT / "tests" / "fixtures" / "damaged.txt"

# An invented flattened dump: the header glued to the first title, no blank lines.
FLAT = (
    "Get trending papers in your email inbox once a day!\n"
    "Get trending papers in your email inbox!\n"
    "SubscribeWhistling Kettles as Acoustic Sensors\n"
    f"{ABSTRACT_FOR_TESTS}\n"
    "A Second Flattened Card\n"
    f"{ABSTRACT_FOR_TESTS} It has one more sentence.\n"
)
# An invented spaced dump with one complete card and no problem at all.
CLEAN = (
    "Daily Papers\n\nMar 14, 2024\n\n"
    "Tidy Card With Every Field\n\n"
    f"{ABSTRACT_FOR_TESTS}\n\n"
    "  • 2 authors\n·\nFeb 2, 2024 3\n"
)


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run(*args: str | Path, stdin: str | bytes = b"") -> Result:
    """``python -m paperlist ARGS`` with stdout and stderr captured and decoded as UTF-8."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "paperlist", *map(str, args)],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return Result(result.returncode, result.stdout.decode(), result.stderr.decode())


def assert_one_line_error(result: Result, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0]


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def flat_file(tmp_path: Path) -> Path:
    path = tmp_path / "flat.txt"
    path.write_text(FLAT, encoding="utf-8")
    return path


@pytest.fixture
def clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


# --- version, help, formats, detect ----------------------------------------------------------


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"paperlist {paperlist.__version__}"


@pytest.mark.parametrize("command", [[], ["parse"]])
def test_help_shows_every_option_and_examples(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    assert "paperlist parse" in result.stdout
    assert "exit codes:" in result.stdout
    if command:
        options = ("--format", "--reference-date", "--strict", "--to", "--output", "--quiet")
        for option in (*options, "--no-problems"):
            assert option in result.stdout


@pytest.mark.parametrize("command", ["detect", "formats", "schema"])
def test_subcommand_help_shows_its_own_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"paperlist {command}" in result.stdout.split("example")[1]
    assert "paperlist parse" not in result.stdout


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_formats_lists_the_built_ins() -> None:
    result = run("formats")
    assert result.returncode == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert ["hf-text", "built-in"] in [row[:2] for row in rows]
    assert ["hf-flat", "built-in"] in [row[:2] for row in rows]
    assert all(len(row) == 3 and row[2] for row in rows)


def test_detect_names_the_format_and_score(flat_file: Path) -> None:
    result = run("detect", EXAMPLE, flat_file)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [(row[0], row[1]) for row in rows] == [
        (str(EXAMPLE), "hf-text"),
        (str(flat_file), "hf-flat"),
    ]
    assert all(DETECT_THRESHOLD < float(row[2]) <= 1 for row in rows)


def test_detect_reads_stdin() -> None:
    result = run("detect", "-", stdin=FLAT)
    assert result.stdout.split("\t")[:2] == ["<stdin>", "hf-flat"]


# --- parse: outputs ---------------------------------------------------------------------------


def test_jsonl_is_the_default_one_paper_a_line_with_stable_keys() -> None:
    result = run("parse", EXAMPLE, "--reference-date", "2024-03-14")
    assert result.returncode == 0
    rows = jsonl(result.stdout)
    expected = paperlist.parse(EXAMPLE, reference_date="2024-03-14")
    assert [row["title"] for row in rows] == [p.title for p in expected.papers]
    assert rows == [to_dict(p) for p in expected.papers]
    keys = list(paper_json_schema()["properties"])
    assert all(list(row) == keys for row in rows)


def test_stdin(flat_file: Path) -> None:
    result = run("parse", "-", stdin=FLAT)
    assert result.returncode == 0
    from_file = jsonl(run("parse", flat_file).stdout)
    assert {row["source"].pop("file") for row in from_file} == {str(flat_file)}
    assert {row["source"].pop("file") for row in jsonl(result.stdout)} == {None}
    assert jsonl(result.stdout) == from_file or [
        {**row, "source": {**row["source"], "file": None}} for row in jsonl(result.stdout)
    ]
    assert [row["source"]["format"] for row in jsonl(result.stdout)] == ["hf-flat", "hf-flat"]


def test_stdin_bytes_are_decoded_like_files() -> None:
    result = run("parse", "-", stdin=CLEAN.encode("utf-16"))
    assert [row["title"] for row in jsonl(result.stdout)] == ["Tidy Card With Every Field"]


def test_several_files_of_different_formats(flat_file: Path) -> None:
    result = run("parse", EXAMPLE, flat_file, "-q")
    assert result.returncode == 0
    rows = jsonl(result.stdout)
    formats = [row["source"]["format"] for row in rows]
    n = len(paperlist.parse(EXAMPLE).papers)
    assert formats == ["hf-text"] * n + ["hf-flat"] * 2


def test_json_for_one_file_is_one_object(clean_file: Path) -> None:
    result = run("parse", clean_file, "--to", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert list(data) == ["file", "format", "papers", "page_date", "problems"]
    assert data["file"] == str(clean_file)
    assert data["format"] == "hf-text"
    assert data["page_date"] == "2024-03-14"
    assert [p["title"] for p in data["papers"]] == ["Tidy Card With Every Field"]
    assert data["problems"] == []


def test_json_for_several_files_is_a_list_in_order(flat_file: Path) -> None:
    result = run("parse", DAMAGED, flat_file, "--to", "json", "-q")
    data = json.loads(result.stdout)
    assert [d["format"] for d in data] == ["hf-text", "hf-flat"]
    assert [d["file"] for d in data] == [str(DAMAGED), str(flat_file)]
    assert all(list(d) == ["file", "format", "papers", "page_date", "problems"] for d in data)
    assert {"kind", "message", "line", "text"} == set(data[0]["problems"][0])


def test_csv_header_and_rows(tmp_path: Path) -> None:
    result = run("parse", DAMAGED, "--to", "csv", "-q", "--reference-date", "2024-12-31")
    assert result.returncode == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == csv_columns()
    assert rows[0][:2] == ["title", "abstract"]
    assert {"organization.id", "organization.name", "source.format", "source.line"} <= set(rows[0])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    listing = paperlist.parse(DAMAGED, reference_date="2024-12-31")
    assert [r["title"] for r in table] == [p.title for p in listing.papers]
    last = table[-1]
    assert (last["organization.id"], last["organization.name"]) == ("tiny-lab", "Tiny Lab")
    assert last["published"] == "2024-11-03"
    assert last["comments"] == "7"
    assert last["source.format"] == "hf-text"
    assert int(last["source.line"]) <= int(last["source.end_line"])
    assert last["author_count"] == last["upvotes"] == last["extra"] == ""


def test_csv_row_joins_lists_and_writes_extra_as_json() -> None:
    paper = Paper(
        "T",
        authors=[Author("Ada Lovelace", user="ada"), Author("Alan Turing")],
        organization=Organization("apple", "Apple"),
        ai_keywords=["origami", "kettles"],
        extra={"x": [1, "é"]},
        source=Source("hf-json", index=3),
        problems=[Problem("bad-date", "no such day", 4, "Feb 30")],
    )
    row = dict(zip(csv_columns(), csv_row(paper), strict=True))
    assert row["authors"] == "Ada Lovelace; Alan Turing"
    assert row["ai_keywords"] == "origami; kettles"
    assert json.loads(row["extra"]) == {"x": [1, "é"]}
    assert (row["organization.id"], row["organization.name"]) == ("apple", "Apple")
    assert (row["source.format"], row["source.index"], row["source.line"]) == ("hf-json", "3", "")
    assert row["problems"] == "line 4: bad-date: no such day"
    assert row["abstract"] == row["published"] == ""


def test_csv_writes_nul_as_replacement_character(tmp_path: Path) -> None:
    page = tmp_path / "nul.json"
    page.write_text(  # a JSON escape: a NUL in the title and one in the abstract
        '[{"paper": {"id": "2401.00001", "title": "Nul\\u0000Title",'
        ' "summary": "One \\u0000 here."}}]',
        encoding="utf-8",
    )
    result = run("parse", page, "--to", "csv", "-q")
    assert result.returncode == 0, result.stderr  # Python 3.10's csv raised "need to escape"
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert row["title"] == "Nul\ufffdTitle"
    assert row["abstract"] == "One \ufffd here."
    paper = paperlist.parse(page).papers[0]
    assert csv_row(paper)[:2] == [row["title"], row["abstract"]]


def test_output_file(tmp_path: Path, clean_file: Path) -> None:
    out = tmp_path / "papers.csv"
    result = run("parse", clean_file, "--to", "csv", "-o", out)
    assert result.returncode == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("title,abstract,")
    assert out.read_bytes().count(b"\r\n") == 2  # csv's own line ends, not doubled


def test_reference_date_today_resolves_yearless_dates() -> None:
    rows = jsonl(run("parse", EXAMPLE, "--reference-date", "today").stdout)
    assert all(not row["published"].startswith("--") for row in rows if row["published"])
    rows = jsonl(run("parse", EXAMPLE).stdout)
    assert any(row["published"].startswith("--") for row in rows if row["published"])


# --- directories ------------------------------------------------------------------------------


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    root = tmp_path / "saved"
    (root / "b-sub").mkdir(parents=True)
    (root / "a.txt").write_text(CLEAN, encoding="utf-8")
    (root / "b-sub" / "flat.txt").write_text(FLAT, encoding="utf-8")
    (root / "notes.py").write_text("print('not a listing')\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "c.txt").write_text(CLEAN, encoding="utf-8")
    # Documentation beside saved pages, quoting a card: left out of walks.
    (root / "README.md").write_text("# Saved pages\n\n" + CLEAN, encoding="utf-8")
    (root / "b-sub" / "notes.rst").write_text(CLEAN, encoding="utf-8")
    return root


def test_directory_is_walked_sorted_and_undetectable_files_skipped(saved: Path) -> None:
    result = run("parse", saved)
    assert result.returncode == 0
    formats = [row["source"]["format"] for row in jsonl(result.stdout)]
    assert formats == ["hf-text", "hf-flat", "hf-flat"]  # a.txt, then b-sub/flat.txt
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1
    assert str(saved / "notes.py") in skipped[0]
    assert ".hidden" not in result.stderr
    assert "README" not in result.stderr
    assert "notes.rst" not in result.stderr


def test_markdown_in_a_directory_is_detected_and_project_documentation_left_out(
    tmp_path: Path,
) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    page = ROOT / "tests" / "fixtures" / "rendered" / "daily.jina.md"
    (saved / "day.md").write_bytes(page.read_bytes())
    (saved / "notes.markdown").write_text("# To do\n\nRead these pages later.\n", encoding="utf-8")
    for name in ("README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.md"):
        (saved / name).write_text("# Saved pages\n\n" + CLEAN, encoding="utf-8")
    result = run("parse", saved)
    assert result.returncode == 0, result.stderr
    expected = paperlist.parse(page).papers
    rows = jsonl(result.stdout)
    assert expected
    assert [row["title"] for row in rows] == [p.title for p in expected]
    assert {row["source"]["format"] for row in rows} == {"hf-markdown"}
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1  # the notes: no format recognizes them
    assert str(saved / "notes.markdown") in skipped[0]
    for name in ("README", "CHANGELOG", "CONTRIBUTING", "LICENSE"):
        assert name not in result.stderr


def test_a_named_documentation_file_is_read(saved: Path) -> None:
    result = run("parse", saved / "README.md")
    assert result.returncode == 0
    assert "Tidy Card With Every Field" in [row["title"] for row in jsonl(result.stdout)]


def test_a_directory_counts_as_several_inputs_for_json(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text(CLEAN, encoding="utf-8")
    data = json.loads(run("parse", tmp_path, "--to", "json").stdout)
    assert isinstance(data, list)
    assert [d["format"] for d in data] == ["hf-text"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert json.loads(run("parse", empty, "--to", "json").stdout) == []


def test_detect_walks_directories(saved: Path) -> None:
    result = run("detect", saved)
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["hf-text", "hf-flat"]
    assert "notes.py" in result.stderr


def test_quiet_and_no_problems_are_separate_switches(saved: Path) -> None:
    (saved / "damaged.txt").write_bytes(DAMAGED.read_bytes())
    problems = [f"{saved / 'damaged.txt'}:{p.line}:" for p in paperlist.parse(DAMAGED).problems]
    # -q: no notes (and no progress), problems still printed.
    quiet = run("parse", saved, "-q")
    assert quiet.returncode == 0
    assert "skipped" not in quiet.stderr
    assert [line.split(" ")[0] for line in quiet.stderr.splitlines()] == problems
    # --no-problems: notes still printed, no problem.
    no_problems = run("parse", saved, "--no-problems")
    assert [line for line in no_problems.stderr.splitlines() if "skipped" not in line] == []
    assert "skipped" in no_problems.stderr
    # Both: nothing at all; the output is the same every time.
    both = run("parse", saved, "-q", "--no-problems")
    assert both.stderr == ""
    assert quiet.stdout == no_problems.stdout == both.stdout


# --- problems and exit codes ------------------------------------------------------------------


def test_problems_go_to_stderr_as_file_line_kind_message() -> None:
    result = run("parse", DAMAGED)
    assert result.returncode == 0
    listing = paperlist.parse(DAMAGED)
    expected = [f"{DAMAGED}:{p.line}: {p.kind}: {p.message}" for p in listing.problems]
    assert result.stderr.splitlines() == expected
    assert len(jsonl(result.stdout)) == len(listing.papers)


def test_stdin_problems_are_named_stdin() -> None:
    result = run("parse", "-", stdin=DAMAGED.read_text(encoding="utf-8"))
    assert result.stderr.splitlines()[0].startswith("<stdin>:")


def test_strict_exits_1_on_problems_and_still_writes_papers() -> None:
    result = run("parse", DAMAGED, "--strict")
    assert result.returncode == 1
    assert jsonl(result.stdout)
    assert result.stderr
    silent = run("parse", DAMAGED, "--strict", "--no-problems")
    assert (silent.returncode, silent.stderr) == (1, "")


def test_strict_exits_0_without_problems(clean_file: Path) -> None:
    result = run("parse", clean_file, "--strict")
    assert (result.returncode, result.stderr) == (0, "")


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert_one_line_error(run("parse", EXAMPLE, missing), str(missing), "no such file")
    assert_one_line_error(run("detect", missing), str(missing), "no such file")


def test_unknown_format() -> None:
    result = run("parse", EXAMPLE, "--format", "hf-nope")
    assert_one_line_error(result, "hf-nope", "hf-text", "hf-flat")


def test_format_option_skips_detection(flat_file: Path) -> None:
    data = json.loads(run("parse", flat_file, "--format", "hf-text", "-q", "--to", "json").stdout)
    assert data["format"] == "hf-text"


def test_output_to_a_directory(tmp_path: Path) -> None:
    assert_one_line_error(run("parse", EXAMPLE, "-o", tmp_path), str(tmp_path), "directory")


def test_output_in_a_missing_directory(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "out.jsonl"
    assert_one_line_error(run("parse", EXAMPLE, "-o", out), str(out), "cannot write")


def test_failed_run_leaves_an_existing_output_as_it_was(tmp_path: Path) -> None:
    # Found in review: exit 2 used to delete an OUT that existed before the run.
    # /proc/self/mem passes every check made before reading, then fails to read (EIO), so the
    # failure comes after OUT was opened.
    unreadable = Path("/proc/self/mem")
    if not unreadable.exists():
        pytest.skip("needs Linux's /proc/self/mem, a file that cannot be read")
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    result = run("parse", EXAMPLE, unreadable, "-o", out)
    assert result.returncode == 2, result.stderr
    assert out.read_text(encoding="utf-8") == "kept\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_stdin_twice() -> None:
    assert_one_line_error(run("parse", "-", "-"), "standard input")


def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root (as CI runs) reads a file whatever its mode: the refusal is simulated where paperlist
    # opens its inputs, in process.
    from paperlist import cli, document

    path = tmp_path / "locked.txt"
    path.write_text(CLEAN, encoding="utf-8")

    def locked(name: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return open(name, *args, **kwargs)

    monkeypatch.setattr(document, "open", locked, raising=False)
    out = tmp_path / "out.jsonl"
    assert cli.main(["parse", str(EXAMPLE), str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"paperlist: {path}: Permission denied\n"
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == []


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs a Unix socket")
def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"  # exists, is not a directory, and cannot be opened, even by root
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert_one_line_error(run("parse", path), str(path))
        assert_one_line_error(run("detect", path), str(path))


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs a Unix socket")
def test_an_error_leaves_no_partial_output(tmp_path: Path, clean_file: Path) -> None:
    path, out = tmp_path / "s.sock", tmp_path / "out.jsonl"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert_one_line_error(run("parse", clean_file, path, "-o", out), str(path))
    assert not out.exists()


def test_output_that_is_an_input(clean_file: Path) -> None:
    before = clean_file.read_bytes()
    assert_one_line_error(run("parse", clean_file, "-o", clean_file), "also an input")
    assert clean_file.read_bytes() == before


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert_one_line_error(run("parse", link), str(link), "broken symbolic link")


def test_bad_reference_date_is_a_usage_error() -> None:
    result = run("parse", EXAMPLE, "--reference-date", "2024-13-01")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_to_is_a_usage_error() -> None:
    result = run("parse", EXAMPLE, "--to", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_closed_stdout_is_not_an_error(tmp_path: Path) -> None:
    many = CLEAN + "".join(
        f"\nCard Number {i}\n\n{ABSTRACT_FOR_TESTS}\n\n  • 2 authors\n·\nFeb 2, 2024 3\n"
        for i in range(3000)
    )
    dump = tmp_path / "many.txt"
    dump.write_text(many, encoding="utf-8")
    # Standard input from a file: paperlist streams, so a pipe written whole before stdout is
    # read would block both ends.
    with dump.open("rb") as stdin:
        process = subprocess.Popen(
            [sys.executable, "-m", "paperlist", "parse", "-"],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    error = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert error == ""


# --- progress ---------------------------------------------------------------------------------


def big_dump(tmp_path: Path, cards: int = 20_000) -> Path:
    path = tmp_path / "big.txt"
    card = f"\nA Card Of A Long Run\n\n{ABSTRACT_FOR_TESTS}\n\n  • 2 authors\n·\nFeb 2, 2024 3\n"
    path.write_text(CLEAN + card * cards, encoding="utf-8")
    return path


def on_a_terminal(*args: str | Path, delay: str = "0") -> tuple[int, str, bytes]:
    """Run with stderr a pseudo-terminal: the exit code, stdout, and what the terminal got."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "paperlist", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "PAPERLIST_PROGRESS_DELAY": delay},
    )
    out, _ = process.communicate(timeout=120)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO once the terminal has no writer left
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.returncode, out.decode(), seen


def test_no_progress_when_stderr_is_piped(tmp_path: Path) -> None:
    result = run("parse", big_dump(tmp_path, 2000), "--reference-date", "2024-03-14")
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_by_bytes_for_one_large_file_on_a_terminal(tmp_path: Path) -> None:
    path = big_dump(tmp_path)
    code, out, seen = on_a_terminal("parse", path, "--reference-date", "2024-03-14")
    assert code == 0
    assert b"\r" in seen
    assert re.search(rb"paperlist: +\d+% \d+\.\d MB/\d+\.\d MB .*big\.txt", seen), seen[:300]
    assert len(jsonl(out)) == 20_001  # stdout has papers only
    # The line is erased at the end: the terminal's last text is blank.
    assert seen.rstrip(b" ").endswith(b"\r")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_progress_under_quiet_or_for_a_short_run(tmp_path: Path) -> None:
    path = big_dump(tmp_path, 2000)
    assert on_a_terminal("parse", path, "-q", "--reference-date", "2024-03-14")[2] == b""
    short = on_a_terminal("parse", path, "--reference-date", "2024-03-14", delay="60")
    assert short[2] == b""


# --- schema -----------------------------------------------------------------------------------


def schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_is_generated_from_the_records() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema == paper_json_schema()
    assert list(schema["properties"]) == [f.name for f in paperlist.Paper.__attrs_attrs__]
    assert schema["required"] == list(schema["properties"])


def test_schema_validates_real_output(flat_file: Path, tmp_path: Path) -> None:
    validator = schema_validator()
    result = run("parse", EXAMPLE, DAMAGED, flat_file, "-q")
    rows = jsonl(result.stdout)
    assert len(rows) > 5
    for row in rows:
        validator.validate(row)
    assert any(row["published"] and row["published"].startswith("--") for row in rows)


def test_schema_validates_the_corpus(corpus: Path) -> None:
    validator = schema_validator()
    result = run("parse", corpus, "-q")
    assert result.returncode == 0, result.stderr
    rows = jsonl(result.stdout)
    assert rows
    for row in rows:
        validator.validate(row)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("published", "2024-13-01"),
        ("published", "2024-1-01"),
        ("published", "---01-01"),
        ("submitted_at", "2024-08-01 01:21:47"),
        ("upvotes", "3"),
        ("authors", ["Ada"]),
        ("unknown_key", 1),
    ],
)
def test_schema_rejects_wrong_values(field: str, value: object) -> None:
    data = to_dict(Paper("T"))
    data[field] = value
    assert list(jsonschema.Draft202012Validator(paper_json_schema()).iter_errors(data))


@given(papers())
def test_schema_accepts_every_record(paper: Paper) -> None:
    data = json.loads(json.dumps(to_dict(paper)))
    jsonschema.Draft202012Validator(paper_json_schema()).validate(data)
