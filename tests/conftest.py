"""Shared fixtures: where the real corpus is, and hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# "ci" runs on one Python in CI (noxfile FULL_PYTHON).  At 300 examples the suite grew to 19 of
# CI's minutes (hypothesis tests of whole documents, renderings and datasets); 120 keeps it near
# seven while drawing twice the examples of a developer's run.
settings.register_profile(
    "ci", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=60, deadline=None)
# The other Pythons in CI (noxfile FULL_PYTHON runs "ci"): the same tests, fewer examples.
settings.register_profile("quick", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_dir() -> Path | None:
    """``$PAPERLIST_CORPUS``, else ``../shared/corpus`` beside the checkout; None if absent."""
    configured = os.environ.get("PAPERLIST_CORPUS")
    path = Path(configured) if configured else _DEFAULT_CORPUS
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    if path is None:
        pytest.skip(
            "real corpus not found: put shared/corpus beside the checkout or set PAPERLIST_CORPUS"
        )
    return path
