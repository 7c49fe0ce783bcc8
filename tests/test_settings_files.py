"""The bureau's settings files (预警规则, 结果应用规则) open through one door, jixiao.sources.open_settings:
a wrong value is named with its file and line, whichever YAML library PyYAML uses, and a key that
is no setting names the keys that are."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.io import yaml_tree
from jixiao.io.format1_monitoring import RULES_FILE, read_rules as read_alert_rules
from jixiao.results import read_rules
from jixiao.sources import open_settings

from conftest import REFERENCE

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


@pytest.mark.parametrize("text, line", [("lag_points: [10\n", 2), ("lag_points: 10\n  lag: true\n", 2), ("\tlag: true\n", 1)])
def test_a_syntax_error_is_said_in_chinese_at_its_line(text, line):
    """The YAML library's own reason (English) is left out; the line and column are kept."""
    _, problems = alert_rules(text)
    [problem] = problems
    assert problem.code == "input.yaml_syntax" and problem.where.line == line
    assert problem.message.startswith("预警规则文件的 YAML 格式有误：第") and "lag_points: 10" in problem.message
    assert not re.search(r"[A-Za-z]{3,}", problem.message.replace("YAML", "").replace("lag_points", "")), problem.message


# -- hostile settings files: each ends in a Chinese message naming the file, exit 2, a log line ---------

def _bomb(first: str) -> str:
    """A billion laughs: 9 aliases of 9 aliases … nine deep, a few hundred bytes for 10⁹ nodes."""
    names = "abcdefghi"
    return (f"{first}\n" + f"a: &a [{', '.join(['哈'] * 9)}]\n"
            + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip(names, names[1:])))


# name → (预警规则 bytes, 结果应用规则 bytes, what the message says)
HOSTILE = {
    # a settings file pasted with a year of notes under it: far over the cap, still a plausible file
    "oversized": (("lag_points: 10\n" + "# 备注：本局2025年度预警规则，经局务会审议通过。\n" * 3000).encode(),
                  ("中: 压减5%\n" + "# 备注：本局2025年度结果应用规则，经局务会审议通过。\n" * 3000).encode(), "超过上限 64 KB"),
    "alias bomb": (_bomb("lag_points: 10").encode(), _bomb("中: 压减5%").encode(), "billion laughs"),
    "1000 deep": (("lag: " + "[" * 1000 + "]" * 1000 + "\n").encode(), ("差: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n").encode(),
                  "嵌套层级过深"),
    "not a mapping": ("- lag_points: 10\n- lag: true\n".encode(), "- 压减5%\n- 取消\n".encode(), "应为键值表"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, b"PK\x03\x04\x14\x00" + bytes(range(256)) * 8,
               "文件编码无法识别"),
    "control characters": (b"lag_points: 10\nlag: true\x00\x00\n", b"\xe4\xb8\xad: \xe5\x8e\x8b\xe5\x87\x8f5%\x07\n", "控制字符"),
    "formula": ("lag_points: \"=cmd|' /C calc'!A0\"\n".encode(), "差: \"=cmd|' /C calc'!A0\"\n".encode(), "=cmd|"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_jixiao_monitor_refuses_a_hostile_rules_file(tmp_path, caplog, name):
    from test_monitoring import FORM

    form = tmp_path / "监控表.yaml"
    form.write_text(FORM, encoding="utf-8")
    rules = tmp_path / "预警规则.yaml"
    rules.write_bytes(HOSTILE[name][0])
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        result = CliRunner().invoke(main, ["monitor", str(form), "--rules", str(rules)])
    said = result.output.replace("\n", "")  # the console wraps long lines
    assert result.exit_code == 2, said
    assert "预警规则文件" in said and "有误，未检查" in said and HOSTILE[name][2] in said and "预警规则.yaml" in said
    assert "Traceback" not in said and "就业培训补贴项目 ·" not in said  # nothing checked
    assert any("预警规则.yaml" in r.getMessage() for r in caplog.records if r.name == "jixiao.security")


@pytest.mark.parametrize("name", HOSTILE)
def test_jixiao_results_refuses_a_hostile_rules_file_and_writes_nothing(tmp_path, caplog, name):
    rules = tmp_path / "规则.yaml"
    rules.write_bytes(HOSTILE[name][1])
    out = tmp_path / "结果应用报告.docx"
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        result = CliRunner().invoke(main, ["results", str(REFERENCE), "--rules", str(rules), "-o", str(out)])
    said = result.output.replace("\n", "")
    assert result.exit_code == 2, said
    assert "无法读取结果应用规则" in said and HOSTILE[name][2] in said and "规则.yaml" in said
    assert "Traceback" not in said and not out.exists()
    assert any("规则.yaml" in r.getMessage() for r in caplog.records if r.name == "jixiao.security")


def test_full_width_rules_still_work_from_the_command_line(tmp_path):
    rules = tmp_path / "规则.yaml"
    rules.write_text("结果应用:\n  优: 优先保障\n  良: 维持\n  中: 压减５％\n  差: 取消\n", encoding="utf-8")
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["results", str(REFERENCE), "--rules", str(rules), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_a_rules_file_that_is_not_there_is_said_in_chinese(tmp_path):
    rules, problems = read_rules(tmp_path / "没有的规则.yaml")
    assert rules is None and [p.message for p in problems] == ["结果应用规则文件不存在"]
    found, problems = read_alert_rules(open_settings(tmp_path, "规则文件夹", **RULES_FILE))
    assert [p.message for p in problems] == ["预警规则文件无法读取：这是一个文件夹，不是文件"]


@pytest.mark.parametrize("text", [
    "lag:\n" + "- " * 1000 + "x\n",  # 1,000 lists on one line
    "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "lag: true\n",  # 60 levels by indentation: YAML's own limit
])
def test_deep_nesting_of_any_spelling_is_refused_at_once(text, caplog):
    with caplog.at_level(logging.WARNING, logger="jixiao.security"):
        _, problems = alert_rules(text)
    assert [p.code for p in problems] == ["input.yaml_depth"] and "嵌套层级过深：超过50层" in problems[0].message
    assert any("预警规则.yaml" in r.getMessage() for r in caplog.records if r.name == "jixiao.security")
