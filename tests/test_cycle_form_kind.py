"""A cycle form's kind (申报表, 监控表) is read as the key, in Chinese or by the form's title, and a kind
that is none of them is said at its line, in both forms alike."""

from __future__ import annotations

import pytest
from test_declaration import GOOD as DECLARATION
from test_monitoring import FORM as MONITORING

from jixiao.sources import open_text

CASES = [(DECLARATION, "declaration", "申报表", "  form: project\n"), (MONITORING, "monitoring", "监控表", "  name: 就业培训补贴项目\n")]


@pytest.mark.parametrize("text, key, what, at", CASES, ids=["申报表", "监控表"])
@pytest.mark.parametrize("written, kind", [("部门整体", "department"), ("项目", "project"), ("department", "department")])
def test_a_cycle_forms_kind_is_read_in_chinese_or_as_its_key(text, key, what, at, written, kind):
    loaded = open_text(text.replace(at, f"  form: {written}\n" + ("" if "form:" in at else at)), f"{what}.yaml")
    assert loaded.ok, [p.message for p in loaded.problems]
    assert getattr(loaded.evaluation, key).form == kind


@pytest.mark.parametrize("text, key, what, at", CASES, ids=["申报表", "监控表"])
def test_an_unknown_kind_is_said_at_its_line(text, key, what, at):
    written = text.replace(at, "  form: 部门\n" + ("" if "form:" in at else at))
    loaded = open_text(written, f"{what}.yaml")
    [problem] = [p for p in loaded.problems if "类型" in p.message]
    line = written.splitlines().index("  form: 部门") + 1
    assert problem.where.line == line and problem.where.file == f"{what}.yaml"
    assert f"{what}类型“部门”无法识别，应为 project（项目支出）或 department（部门整体支出）" in problem.message
