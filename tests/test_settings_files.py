"""The bureau's settings files (预警规则, 结果应用规则) open through one door, jixiao.sources.open_settings:
a wrong value is named with its file and line, whichever YAML library PyYAML uses, and a key that
is no setting names the keys that are."""

from __future__ import annotations

import pytest
import yaml

from jixiao.io import yaml_tree
from jixiao.io.format1_monitoring import RULES_FILE, read_rules as read_alert_rules
from jixiao.results import read_rules
from jixiao.sources import open_settings

LOADERS = [pytest.param(yaml.SafeLoader, id="pure-python"),
           pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml",
                        marks=pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml"))]


@pytest.fixture(params=LOADERS, autouse=True)
def loader(request, monkeypatch):
    monkeypatch.setattr(yaml_tree, "_LOADER", request.param)


def alert_rules(text: str):
    return read_alert_rules(open_settings(text, "预警规则.yaml", **RULES_FILE))


def test_a_results_rule_written_inline_is_named_at_its_line(tmp_path):
    """Lines come from the YAML itself, so a table written on one line (as people copy it) still says where."""
    path = tmp_path / "规则.yaml"
    path.write_text("# 本局2025年规则\nconsequences: {优: 优先保障, 良: 维持, 中: 压减５％, 差: 砍一半}\n", encoding="utf-8")
    rules, problems = read_rules(path)
    assert rules is None
    [problem] = problems
    assert str(problem.where).startswith(f"{path}:2")
    assert "等级“差”" in problem.message and "“砍一半”不是结果应用规则" in problem.message
    assert "优先保障、维持、压减5%、增加3%或取消" in problem.message


def test_full_width_figures_are_read_in_both_files(tmp_path):
    path = tmp_path / "规则.yaml"
    path.write_text("优: 优先保障\n良: 维持\n中: 压减５％\n差: 取消\n", encoding="utf-8")
    rules, problems = read_rules(path)
    assert problems == [] and rules.texts()["中"] == "压减5%"
    found, problems = alert_rules("lag_points: １５\nlag: 是\n")
    assert problems == [] and str(found.lag_points) == "15"


def test_a_key_that_is_no_grade_names_the_grades(tmp_path):
    path = tmp_path / "规则.yaml"
    path.write_text("consequences:\n  优: 优先保障\n  优秀: 维持\n", encoding="utf-8")
    rules, problems = read_rules(path)
    assert rules is None
    [problem] = problems
    assert problem.where.line == 3 and "未知的键“优秀”" in problem.message and "优、良、中、差" in problem.message


def test_a_key_that_is_no_alert_rule_names_the_five_rules():
    found, problems = alert_rules("lag_points: 12\nlagpoint: 15\n")
    [problem] = problems
    assert problem.where.file == "预警规则.yaml" and problem.where.line == 2 and "未知的键“lagpoint”" in problem.message
    for name in ("执行进度落后预警", "年度目标无法完成预警", "成本超上限预警", "超预算执行预警", "偏差未说明原因预警"):
        assert name in problem.message


def test_a_wrong_alert_value_names_file_line_value_and_what_is_expected():
    _, problems = alert_rules("lag_points: 10\n\nreason_missing: 也许\n")
    [problem] = problems
    assert str(problem.where).startswith("预警规则.yaml:3")
    assert "“也许”" in problem.message and "true（是）或 false（否）" in problem.message
