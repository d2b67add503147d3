"""paperlist.walk: the files a folder holds, as ``parse DIR`` and ``collect DIR`` read them."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import paperlist
from paperlist import cli
from paperlist.walk import display_name, walk

from .test_cli import CLEAN, run

# A file name that is not UTF-8 (Latin-1 "café"), as a saved page from an old system may have.
LATIN1_NAME = b"caf\xe9.txt"


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    root = tmp_path / "saved"
    (root / "b").mkdir(parents=True)
    (root / "b" / "z.txt").write_text(CLEAN, encoding="utf-8")
    (root / "a.txt").write_text(CLEAN, encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "c.txt").write_text(CLEAN, encoding="utf-8")
    (root / ".dot.txt").write_text(CLEAN, encoding="utf-8")
    (root / "README").write_text(CLEAN, encoding="utf-8")
    (root / "License.MD").write_text(CLEAN, encoding="utf-8")
    return root


def test_walk_sorted_without_hidden_files_or_documentation(saved: Path) -> None:
    for name in ("CHANGELOG.md", "Contributing.markdown", "LICENSE", "readme.txt", "guide.rst"):
        (saved / "b" / name).write_text(CLEAN, encoding="utf-8")
    (saved / "notes.MD").write_text(CLEAN, encoding="utf-8")
    # Markdown is walked (a page saved as markdown is a format); detection decides on it.
    assert list(paperlist.walk(saved)) == [
        saved / "a.txt",
        saved / "b" / "z.txt",
        saved / "notes.MD",
    ]


def test_walk_of_a_file_is_the_file(saved: Path) -> None:
    assert list(walk(saved / "README")) == [saved / "README"]


def test_walk_does_not_follow_links_to_folders(saved: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text(CLEAN, encoding="utf-8")
    (saved / "link").symlink_to(outside, target_is_directory=True)
    assert saved / "link" / "x.txt" not in list(walk(saved))


@pytest.fixture
def locked(saved: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``saved/b`` cannot be listed: os.scandir refuses it, as it would without permission
    (patched, so that the test also runs as root, who may list anything)."""
    real = os.scandir
    target = saved / "b"

    def scandir(path: Any = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return target


def test_an_unreadable_folder_is_skipped_with_a_note(saved: Path, locked: Path) -> None:
    errors: list[OSError] = []
    assert list(walk(saved, onerror=errors.append)) == [saved / "a.txt"]
    assert [e.filename for e in errors] == [os.fspath(locked)]
    with pytest.warns(RuntimeWarning, match="Permission denied"):
        assert list(walk(saved)) == [saved / "a.txt"]


def test_cli_notes_an_unreadable_folder(
    saved: Path, locked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["parse", str(saved), "-q"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1  # a.txt's one paper
    assert err == f"paperlist: {locked}: skipped: Permission denied\n"


def test_collect_notes_an_unreadable_folder(saved: Path, locked: Path) -> None:
    notes: list[tuple[str, paperlist.Problem]] = []
    rows = paperlist.collect(saved, on_problem=lambda n, p: notes.append((n, p)))
    assert len(rows) == 1
    assert (str(locked), "unreadable") in [(n, p.kind) for n, p in notes]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root lists anything")
def test_a_folder_without_permission(saved: Path) -> None:
    (saved / "b").chmod(0)
    try:
        result = run("parse", saved)
    finally:
        (saved / "b").chmod(0o755)
    assert result.returncode == 0
    assert "skipped: Permission denied" in result.stderr


@pytest.fixture
def latin1(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        fd = os.open(os.fsencode(folder) + b"/" + LATIN1_NAME, os.O_WRONLY | os.O_CREAT, 0o644)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(CLEAN)
    return folder


def test_display_name_escapes_bytes_that_are_not_utf8() -> None:
    assert display_name(os.fsdecode(b"dir/caf\xe9.txt")) == "dir/caf\\xe9.txt"
    assert display_name("dir/caf\u00e9.txt") == "dir/caf\u00e9.txt"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_names_that_are_not_utf8_do_not_crash(latin1: Path, tmp_path: Path) -> None:
    (found,) = walk(latin1)
    assert os.fsencode(found).endswith(LATIN1_NAME)
    for command in ("parse", "detect"):
        result = run(command, latin1)
        assert result.returncode == 0, result.stderr
    assert "caf\\xe9.txt" in run("detect", latin1).stdout
    out = tmp_path / "rows.jsonl"
    assert run("collect", latin1, "-o", out, "-q").returncode == 0
    assert "caf\\\\xe9.txt" in out.read_text(encoding="utf-8")
