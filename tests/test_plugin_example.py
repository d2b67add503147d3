"""The example plug-in in ``examples/plugin`` installs with pip and is found and used by the CLI.

pip installs it with ``--target`` into a temporary directory that the subprocess gets on its
``PYTHONPATH``: entry points are read from every ``*.dist-info`` on ``sys.path``, so this is the
same discovery as a venv install, without building a venv.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).parents[1] / "examples" / "plugin"
SAMPLE = PLUGIN / "sample.csv"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not installed in this environment")
    target = tmp_path_factory.mktemp("plugin-site")
    source = tmp_path_factory.mktemp("plugin-src") / "plugin"
    shutil.copytree(PLUGIN, source)  # pip may write build files beside the project: not ours
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
    command += [str(target)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # no download of the build backend needed
    command.append(str(source))
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    return target


def run(plugin_path: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(plugin_path), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "paperlist", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )


def test_plugin_is_listed(plugin_path: Path) -> None:
    result = run(plugin_path, "formats")
    assert result.returncode == 0, result.stderr
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in result.stdout.splitlines()}
    assert rows["csvlist"][0] == "plug-in"
    assert rows["hf-text"][0] == "built-in"


def test_plugin_is_detected_and_used(plugin_path: Path) -> None:
    detected = run(plugin_path, "detect", SAMPLE)
    assert detected.stdout.split("\t")[1] == "csvlist"
    result = run(plugin_path, "parse", SAMPLE, "--reference-date", "2024-12-31")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["source"]["format"] for row in rows] == ["csvlist"] * 3
    assert rows[0]["authors"] == [
        {"name": "Ada Lovelace", "user": None, "hidden": False},
        {"name": "Alan Turing", "user": None, "hidden": False},
    ]
    assert [row["published"] for row in rows] == ["2024-01-09", "2024-03-03", "2024-03-10"]
    assert rows[0]["upvotes"] == 12
    assert rows[2]["upvotes"] is None
    assert result.stderr.strip() == f"{SAMPLE}:4: bad-count: upvotes is not a number"


def test_plugin_output_as_csv(plugin_path: Path) -> None:
    result = run(plugin_path, "parse", SAMPLE, "--to", "csv", "-q")
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table[0]["authors"] == "Ada Lovelace; Alan Turing"
    assert table[1]["title"] == "Origami, Folded: Tiny Transformers Revisited"


def test_without_the_plugin_its_name_is_unknown() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "paperlist", "parse", SAMPLE, "--format", "csvlist"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown format 'csvlist'" in result.stderr
