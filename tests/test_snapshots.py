"""What the doors show, compared with tests/snapshots/ (pytest --snapshot-update rewrites them after a
deliberate change): the CLI's text and JSON, the API's JSON, and the report tab's HTML preview."""

from __future__ import annotations

import html
import json
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from test_web_fixtures import demo  # noqa: F401  (fixture)

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


VOLATILE_KEYS = {"id": "<id>", "sha256": "<sha256>", "final_sha256": "<sha256>"}
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d[\d:.]*(Z|[+-]\d\d:?\d\d)?")


def normalised(value, pk: int):
    """The API's answer without what differs from run to run: database ids, content hashes, times."""
    if isinstance(value, dict):
        return {k: (VOLATILE_KEYS[k] if k in VOLATILE_KEYS and value[k] is not None else normalised(v, pk))
                for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(v, pk) for v in value]
    if isinstance(value, str):
        value = re.sub(rf"^/e/{pk}/", "/e/<id>/", value)
        value = re.sub(r"/files/\d+/", "/files/<id>/", value)
        return ISO_TIME.sub("<time>", value)
    return value


def test_api_json_of_the_demo_reference(demo, snapshot):
    ev = demo.reference
    resp = demo.client("pingjia").get(f"/api/evaluations/{ev.pk}/")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/json")
    body = normalised(resp.json(), ev.pk)
    assert body["total"] == "97" and body["grade_text"] == "优"
    snapshot("api_evaluation_reference.json", json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def test_report_tab_preview_html_of_the_demo_reference(demo, snapshot):
    ev = demo.reference
    resp = demo.client("pingjia").get(f"/e/{ev.pk}/report/")
    assert resp.status_code == 200
    frame = re.search(r'<iframe[^>]*title="报告预览"[^>]*srcdoc="([^"]*)"', resp.content.decode())
    assert frame, "the report tab shows no preview"
    preview = html.unescape(frame.group(1))
    assert "总得分为97.00分" in preview
    # the chart's PNG bytes depend on the plotting library's version, not on the report
    preview = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,…", preview)
    snapshot("report_preview_reference.html", preview)
