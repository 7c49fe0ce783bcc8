"""Checks (质量控制) on the examples and on files seeded with one contradiction each."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.analysis import analyse
from jixiao.checks import Settings
from jixiao.cli import main
from jixiao.problems import Problem, Severity, Source

from conftest import REFERENCE, SAMPLE, load_ok

DATA = Path(__file__).parent / "data" / "checks"


def codes(problems, *severities):
    wanted = severities or (Severity.ERROR, Severity.WARNING)
    return sorted((p.code, p.where.indicator or p.where.row or "") for p in problems if p.severity in wanted)


def test_reference_contradictions_are_found(reference):
    problems = analyse(reference).problems
    by_code = {(p.code, p.where.indicator or p.where.row): p for p in problems}
    total = by_code[("selfeval.total", "总分")]
    assert total.severity is Severity.ERROR and "99.60" in total.message and "99.96" in total.message
    c23 = by_code[("reconcile.reported", "C23")]
    assert "97%" in c23.message and "97.63%" in c23.message
    for code in ("B21", "B22", "B41", "B51"):
        assert by_code[("weights.standard_full_marks", code)].severity is Severity.ERROR
    too_low = by_code[("targets.too_low", "C11")]
    assert "6.80%" in too_low.message and too_low.severity in (Severity.WARNING, Severity.INFO)
    assert by_code[("budget.three_public_zero", None)].severity is Severity.INFO
    quoted = by_code[("findings.figure", "C11")]
    assert "6.67%" in quoted.message and "6.80%" in quoted.message
    # 年度重点工作: 劳动仲裁受理案件2410件，结案2227件，结案率97% — 2227 ÷ 2410 is 92.41%
    rate = by_code[("findings.rate", None)]
    assert rate.where.path == "entity.key_tasks" and "结案率97%" in rate.message and "92.41%" in rate.message


def test_reference_has_no_error_where_it_is_consistent(reference):
    errors = [p for p in analyse(reference).problems if p.severity is Severity.ERROR]
    assert not [p for p in errors if p.code.startswith(("budget.", "assets.", "targets."))]
    assert {p.code for p in errors} == {"selfeval.total", "selfeval.total_sum", "reconcile.reported", "weights.standard_full_marks",
                                        "findings.rate"}
    # B42 says 得满分 / 得0分: full marks are the weight, not 0
    assert not [p for p in errors if p.where.indicator == "B42"]


def test_sample_only_warns_of_the_missing_reason(sample):
    problems = analyse(sample).problems
    assert codes(problems) == [("selfeval.reason", "培训后就业率")]


def test_consistent_file_has_no_error_or_warning():
    ev = load_ok(DATA / "consistent.yaml")
    assert codes(analyse(ev).problems) == []


SEEDED = {
    "seeded-assets.yaml": [("assets.rollforward", "设备")],
    "seeded-budget.yaml": [("budget.sources", "")],
    "seeded-selfeval.yaml": [("selfeval.total", "总分"), ("selfeval.total_sum", "总分")],
    "seeded-standard.yaml": [("weights.standard_full_marks", "B12")],
    "seeded-finding.yaml": [("findings.figure", "C12")],
    "seeded-reported.yaml": [("reconcile.reported", "C12")],
}


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_each_seeded_contradiction_is_found_and_nothing_else(name):
    ev = load_ok(DATA / name)
    assert codes(analyse(ev).problems) == SEEDED[name]


def test_overshoot_share_is_configurable(reference):
    strict = analyse(reference, Settings(overshoot_share=__import__("decimal").Decimal(3)))
    assert ("targets.too_low", "C12") in codes(strict.problems)  # 3.94% > 3%


def test_every_problem_has_the_one_shape(reference, sample):
    for ev in (reference, sample, load_ok(DATA / "seeded-assets.yaml")):
        for p in analyse(ev).problems:
            assert isinstance(p, Problem) and isinstance(p.where, Source)
            assert p.code and "." in p.code and p.code == p.code.lower()
            assert isinstance(p.severity, Severity)
            assert p.message and any("\u4e00" <= ch <= "\u9fff" for ch in p.message)
            assert p.where.file and (p.where.line or p.where.cell)
            data = p.to_json()
            assert {"code", "severity", "where", "message", "figures"} <= data.keys()
            assert all(isinstance(v, str) for v in data["figures"].values())


def test_check_command_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(DATA / "consistent.yaml")]).exit_code == 0
    assert runner.invoke(main, ["check", str(SAMPLE)]).exit_code == 0  # warnings only
    result = runner.invoke(main, ["check", str(REFERENCE)])
    assert result.exit_code == 1
    assert "错误（8）" in result.output and "处理：" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nkind: [\n", encoding="utf-8")
    assert runner.invoke(main, ["check", str(bad)]).exit_code == 2
    result = runner.invoke(main, ["check", "--json", str(REFERENCE), str(SAMPLE)])
    data = json.loads(result.output)
    assert {d["code"] for d in data} >= {"selfeval.total", "selfeval.reason"}
    assert all({"code", "severity", "where", "message", "figures"} <= d.keys() for d in data)


def test_score_points_to_check():
    result = CliRunner().invoke(main, ["score", str(REFERENCE)])
    assert "检查发现：错误8个" in result.output and "jixiao check" in result.output


def test_codes_that_repeat_or_do_not_nest_are_reported_not_fatal(tmp_path):
    """C21 under C1, and C21 twice: `jixiao check` lists both problems instead of a traceback."""
    path = tmp_path / "编码.yaml"
    path.write_text(
        "format: 1\nkind: department\nentity: {name: 某局}\nindicators:\n"
        "  - code: C1\n    name: 产出\n    children:\n"
        "      - {code: C21, name: 甲, weight: 50, rule: {type: deduct, per_item: 1, findings: []}}\n"
        "      - {code: C21, name: 乙, weight: 50, rule: {type: deduct, per_item: 1, findings: [未公开]}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "指标编码“C21”重复：甲（第8行）与乙" in result.output
    assert "指标编码“C21”（乙）不以上级指标编码“C1”（产出）开头" in result.output
    data = json.loads(CliRunner().invoke(main, ["check", "--json", str(path)]).output)
    nesting = [p for p in data if p["code"] == "weights.code_nesting"]
    assert len(nesting) == 2 and nesting[0]["figures"] == {"code": "C21", "parent": "C1"}


@pytest.mark.parametrize("stated, found", [("97%", True), ("92%", False), ("92.4％", False), ("92.41%", False),
                                           ("92.5%", True), ("92.42%", True)])
def test_a_rate_in_the_prose_is_compared_at_the_precision_it_is_written(stated, found):
    # 2227 ÷ 2410 = 92.406…%: 92%, 92.4% and 92.41% are the same rate, written less precisely
    from dataclasses import replace

    ev = load_ok(REFERENCE)
    text = f"劳动仲裁受理案件2,410件，结案2227件，结案率{stated}，调解率65%。"
    ev = replace(ev, entity=replace(ev.entity, key_tasks=None, overview=text),
                 interviews=(), findings=replace(ev.findings, experiences=()))
    rates = [p for p in analyse(ev).problems if p.code == "findings.rate"]
    assert bool(rates) is found
    assert all(p.where.path == "entity.overview" and p.severity is Severity.ERROR for p in rates)
