"""What the doors show, compared with tests/snapshots/ (pytest --snapshot-update rewrites them after a
deliberate change): the CLI's text and JSON, the API's JSON, and the report tab's HTML preview."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ROOT

from jixiao.cli import main

EXAMPLES = {"reference": "examples/xinshi-hrss-2024.yaml", "selfeval": "examples/project-selfeval-sample.yaml"}


@pytest.fixture
def cli(monkeypatch):
    """Run jixiao as a user does from the project folder, at the width of a piped terminal."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "160")

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code in (0, 1), result.output  # 1: check found errors, still a full answer
        return result.output

    return run


@pytest.mark.parametrize("command", ["score", "check"])
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_cli_text(cli, snapshot, command, example):
    snapshot(f"cli_{command}_{example}.txt", cli(command, EXAMPLES[example]))


@pytest.mark.parametrize("command", ["score", "check"])
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_cli_json(cli, snapshot, command, example):
    out = cli(command, "--json", EXAMPLES[example])
    snapshot(f"cli_{command}_{example}.json", json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n")
