"""The command line's inputs and outputs as people really use them: large dumps, pipes, FIFOs,
devices, links, odd file names, signals.  Run for real in subprocesses (``python -m paperlist``).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import paperlist
from paperlist import cli

from .test_cli import CLEAN, DAMAGED, EXAMPLE, assert_one_line_error, jsonl, run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pipes, FIFOs and signals are POSIX")

REF = ("--reference-date", "2024-03-14")


def dump(tmp_path: Path, megabytes: float) -> Path:
    from benchmarks.bench import dump_chunks

    path = tmp_path / "dump.txt"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(dump_chunks(megabytes))
    return path


# --- 6: streaming -----------------------------------------------------------------------------

# Runs the command and, on the way out, prints the process's peak resident memory on stderr.
MEASURED = """\
import sys
from paperlist.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        sys.stderr.write(line)
sys.exit(code)
"""


def measured_run(*args: str | Path) -> tuple[float, float, int, int]:
    """(seconds to the first output line, seconds in all, peak memory in kB, output lines)."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURED, *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    first_at = time.monotonic() - start
    lines = 1 + sum(1 for _ in process.stdout)
    err = process.communicate(timeout=300)[1].decode()
    total = time.monotonic() - start
    assert process.returncode == 0, err
    assert first
    [peak] = [int(line.split()[1]) for line in err.splitlines() if line.startswith("VmHWM:")]
    return first_at, total, peak, lines


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
@pytest.mark.parametrize("to", ["jsonl", "csv", "json"])
def test_a_large_dump_streams(tmp_path: Path, to: str) -> None:
    path = dump(tmp_path, 15)
    first_at, total, peak_kb, lines = measured_run("parse", path, "--to", to, "--no-problems")
    assert lines > 10_000
    # Python's start and paperlist's imports take the same time whatever the input; measured
    # on a tiny one, they are left out of both times.
    startup = measured_run("parse", EXAMPLE, "--to", to, "--no-problems")[1]
    # The first record comes out at once, not after the whole file was read ...
    assert first_at - startup < 0.1 * (total - startup), (first_at, total, startup)
    # ... and memory does not grow with the file (15 MB here; 150 MB in docs/cli.md).
    assert peak_kb < 100_000, peak_kb


def test_json_is_one_valid_document_while_streamed(tmp_path: Path) -> None:
    result = run("parse", EXAMPLE, DAMAGED, "-", "--to", "json", "--no-problems", stdin=CLEAN)
    data = json.loads(result.stdout)
    assert [d["file"] for d in data] == [str(EXAMPLE), str(DAMAGED), None]
    for entry, source in zip(data, (EXAMPLE, DAMAGED), strict=False):
        listing = paperlist.parse(source)
        assert len(entry["papers"]) == len(listing.papers)
        assert len(entry["problems"]) == len(listing.problems)
        assert entry["page_date"] == (listing.page_date and listing.page_date.isoformat())
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    one = json.loads(run("parse", empty, "--to", "json", "-q").stdout)
    assert one == {"file": str(empty), "format": "hf-text", "papers": [], "page_date": None,
                   "problems": []}  # fmt: skip


# --- 8: every record names its file -----------------------------------------------------------


def test_jsonl_and_csv_name_the_file_and_line(tmp_path: Path) -> None:
    rows = jsonl(run("parse", EXAMPLE, DAMAGED, *REF, "--no-problems").stdout)
    files = {row["source"]["file"] for row in rows}
    assert files == {str(EXAMPLE), str(DAMAGED)}
    assert all(isinstance(row["source"]["line"], int) for row in rows)
    table = list(csv.DictReader(io.StringIO(run("parse", EXAMPLE, "--to", "csv", "-q").stdout)))
    assert {row["source.file"] for row in table} == {str(EXAMPLE)}
    assert all(row["source.line"] for row in table)


def test_library_sets_source_file_only_for_paths() -> None:
    from_path = paperlist.parse(EXAMPLE).papers
    assert {p.source.file for p in from_path if p.source} == {str(EXAMPLE)}
    assert {p.source.file for p in paperlist.iter_papers(EXAMPLE) if p.source} == {str(EXAMPLE)}
    text = EXAMPLE.read_text(encoding="utf-8")
    assert {p.source.file for p in paperlist.parse(text).papers if p.source} == {None}


# --- 9: binary and empty inputs ---------------------------------------------------------------


def test_a_binary_file_is_refused_in_one_line(tmp_path: Path) -> None:
    binary = Path(sys.executable).resolve()
    assert_one_line_error(run("parse", EXAMPLE, binary), str(binary), "binary")
    out = tmp_path / "out.jsonl"
    assert_one_line_error(run("parse", binary, "-o", out), "binary")
    assert not out.exists()
    # On standard input it is found as it is read.
    assert_one_line_error(run("parse", "-", stdin=binary.read_bytes()[:100_000]), "binary")
    # Found in a walk, it is skipped with a note, like any file no format claims.
    (tmp_path / "walk").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "walk" / "a.txt")
    (tmp_path / "walk" / "b.bin").write_bytes(b"\x7fELF\x00\x00" * 100)
    walked = run("parse", tmp_path / "walk")
    assert walked.returncode == 0
    assert "b.bin: skipped" in walked.stderr


def test_empty_inputs_are_noted(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("parse", empty)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"paperlist: {empty}: empty file: no papers\n"
    stdin = run("parse", "-")
    assert stdin.stderr == "paperlist: <stdin>: empty standard input: no papers\n"
    (tmp_path / "nothing").mkdir()
    folder = run("parse", tmp_path / "nothing", "--to", "json")
    assert (folder.returncode, json.loads(folder.stdout)) == (0, [])
    assert "empty directory" in folder.stderr
    assert run("parse", empty, "-q").stderr == ""


# --- 10: -o OUT -------------------------------------------------------------------------------


def test_output_to_a_device_is_written_not_replaced() -> None:
    before = os.stat("/dev/null")
    result = run("parse", EXAMPLE, "--no-problems", "-o", "/dev/null")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_output_to_dev_stdout_goes_where_stdout_goes(tmp_path: Path) -> None:
    out = tmp_path / "redirected.jsonl"
    with out.open("wb") as stdout:
        code = subprocess.run(
            [sys.executable, "-m", "paperlist", "parse", EXAMPLE, "-q", "-o", "/dev/stdout"],
            stdout=stdout,
            check=False,
        ).returncode
    assert code == 0
    assert len(jsonl(out.read_text(encoding="utf-8"))) == 3


def read_fifo_in_background(path: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader() -> None:
        with path.open("rb") as fifo:
            got.append(fifo.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


def test_output_to_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    thread, got = read_fifo_in_background(fifo)
    result = run("parse", EXAMPLE, "-q", "-o", fifo)
    thread.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert len(jsonl(got[0].decode())) == 3
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert run("parse", EXAMPLE, "-q", "-o", link).returncode == 0
    assert link.is_symlink()
    assert len(jsonl(target.read_text(encoding="utf-8"))) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file's mode is kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "real.jsonl"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_output_gets_the_umask_mode(tmp_path: Path, umask: int) -> None:
    out = tmp_path / "new.jsonl"
    code = subprocess.run(
        [sys.executable, "-m", "paperlist", "parse", EXAMPLE, "-q", "-o", out],
        preexec_fn=lambda: os.umask(umask),
        check=False,
    ).returncode
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_cross_filesystem_replace_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_rename(src: Any, dst: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", no_rename)
    out = tmp_path / "out.jsonl"
    assert cli.main(["parse", str(EXAMPLE), "--no-problems", "-o", str(out)]) == 0
    assert len(jsonl(out.read_text(encoding="utf-8"))) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]

    def no_copy(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", no_copy)
    assert cli.main(["parse", str(EXAMPLE), "--no-problems", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"paperlist: {out}: cannot write: No space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def open_for_writing(fifo: Path, reader: subprocess.Popen[bytes]) -> io.BufferedWriter:
    """The FIFO opened for writing once ``reader`` has opened it (never a hang if it died)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:  # ENXIO: no reader yet
            if exc.errno != errno.ENXIO or reader.poll() is not None:
                raise AssertionError(f"the reader exited: {reader.communicate()}") from exc
            assert time.monotonic() < deadline, "the reader never opened the FIFO"
            time.sleep(0.05)
            continue
        os.set_blocking(fd, True)
        return open(fd, "wb")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_signal_removes_the_temporary_file(tmp_path: Path, signame: str) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "paperlist", "parse", fifo, "-o", out],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with open_for_writing(fifo, process) as writer:  # paperlist waits for the rest of its input
        writer.write(CLEAN.encode())
        writer.flush()
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(tmp_path.glob("*.part"))
        process.send_signal(getattr(signal, signame))
        _, err = process.communicate(timeout=30)
    assert process.returncode == 128 + getattr(signal, signame), err
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.fifo"]


def test_write_error_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    assert_one_line_error(
        run("parse", EXAMPLE, "--no-problems", "-o", "/dev/full"), "/dev/full", "space"
    )


# --- 11: pipes, FIFOs and odd names -----------------------------------------------------------


def test_process_substitution_and_dev_stdin() -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash for <(...)")
    command = f'"{sys.executable}" -m paperlist parse <(cat "{EXAMPLE}") -q {" ".join(REF)}'
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert len(jsonl(result.stdout.decode())) == 3
    stdin = run("parse", "/dev/stdin", *REF, stdin=EXAMPLE.read_bytes())
    assert (stdin.returncode, len(jsonl(stdin.stdout))) == (0, 3)
    detect = run("detect", "/dev/stdin", stdin=EXAMPLE.read_bytes())
    assert detect.stdout == "/dev/stdin\thf-text\t1.00\n"


def test_a_named_fifo_is_read_once_in_order(tmp_path: Path) -> None:
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    data = EXAMPLE.read_bytes() * 200  # larger than a pipe's buffer and the detection head

    def writer() -> None:
        with fifo.open("wb") as out:
            out.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = run("parse", fifo, "--no-problems", *REF)
    thread.join(timeout=60)
    assert result.returncode == 0, result.stderr
    titles = [row["title"] for row in jsonl(result.stdout)]
    expected = [p.title for p in paperlist.parse(data, reference_date="2024-03-14").papers]
    assert titles == expected


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as out:
        out.write(DAMAGED.read_bytes())
    name = os.fsdecode(raw)
    detect = subprocess.run(
        [sys.executable, "-m", "paperlist", "detect", raw], capture_output=True, check=False
    )
    assert detect.returncode == 0, detect.stderr
    assert detect.stdout.decode() == f"{tmp_path}/caf\\xe9.txt\thf-text\t1.00\n"
    parse = subprocess.run(
        [sys.executable, "-m", "paperlist", "parse", raw], capture_output=True, check=False
    )
    assert parse.returncode == 0
    assert all(
        line.startswith(f"{tmp_path}/caf\\xe9.txt:") for line in parse.stderr.decode().splitlines()
    )
    rows = [json.loads(line) for line in parse.stdout.decode().splitlines()]
    assert {row["source"]["file"] for row in rows} == {name}  # JSON's \udce9: the same name


def test_a_newline_in_a_file_name_does_not_split_a_problem_line(tmp_path: Path) -> None:
    path = tmp_path / "two\nlines.txt"
    path.write_bytes(DAMAGED.read_bytes())
    result = run("parse", path)
    lines = result.stderr.splitlines()
    assert len(lines) == len(paperlist.parse(DAMAGED).problems)
    assert all(line.startswith(f"{tmp_path}/two\\nlines.txt:") for line in lines)


# --- 12: the docs show every format -----------------------------------------------------------


def test_docs_show_every_format() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    listed = run("formats").stdout.splitlines()
    for line in listed:
        name, origin, _ = line.split("\t")
        if origin == "built-in":
            assert line in docs, f"docs/cli.md does not show {name!r} as `paperlist formats` does"
