from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.io.load import load_text
from jixiao.sources import open_source
from jixiao.scoring import score_evaluation
from jixiao.selfeval import score_self_evaluation

from snapshot import compare_snapshot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REFERENCE = EXAMPLES / "xinshi-hrss-2024.yaml"
SAMPLE = EXAMPLES / "project-selfeval-sample.yaml"


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update", action="store_true", help="rewrite tests/snapshots/ with what the code renders now"
    )


@pytest.fixture
def snapshot(request):
    """snapshot(name, text): compare text with tests/snapshots/<name>, or write it under --snapshot-update."""
    update = request.config.getoption("--snapshot-update")
    return lambda name, text: compare_snapshot(name, text, update)


def load_ok(path_or_text, file: str = "test.yaml"):
    loaded = open_source(path_or_text) if isinstance(path_or_text, Path) else load_text(path_or_text, file)
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded.evaluation


@pytest.fixture(scope="session")
def reference():
    return load_ok(REFERENCE)


@pytest.fixture(scope="session")
def reference_card(reference):
    return score_evaluation(reference)


@pytest.fixture(scope="session")
def sample():
    return load_ok(SAMPLE)


@pytest.fixture(scope="session")
def sample_self(sample):
    return score_self_evaluation(sample)
