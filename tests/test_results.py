"""结果应用: the bureau's annual report over many evaluations — grades, 得分率 by indicator, the most
frequent deductions, 整改 completion and each grade's budget consequence with its arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from jixiao.analysis import analyse
from jixiao.io.document import load_plain
from jixiao.results import DEFAULT_RULES, entry_of, parse_action, read_rules, results_of
from jixiao.results.gather import gather, read_rectification
from jixiao.results.rules import RuleError
from jixiao.results.summary import rectification_text
from test_properties_tree import documents

REFERENCE = ROOT / "examples" / "xinshi-hrss-2024.yaml"
SAMPLE = ROOT / "examples" / "project-selfeval-sample.yaml"
DECLARATION = """format: 1
kind: declaration
year: 2025
declaration:
  name: 就业补助资金
  funds: {total: 100}
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人数, target: ≥1000人}
"""


@pytest.fixture(scope="module")
def both():
    gathered = gather([REFERENCE, SAMPLE])
    assert not gathered.problems and not gathered.skipped
    return results_of(gathered.entries)


def test_grades_by_kind_and_department(both):
    assert both.year == 2024 and both.title == "2024年度预算绩效评价结果应用报告"
    assert both.grade_counts() == {"优": 2, "良": 0, "中": 0, "差": 0}
    assert both.by_kind() == {"部门整体": {"优": 1, "良": 0, "中": 0, "差": 0}, "项目": {"优": 1, "良": 0, "中": 0, "差": 0}}
    assert set(both.by_department()) == {"乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局", "示例县人力资源和社会保障局"}


def test_family_rates_are_points_over_full_marks(both):
    rates = {(f.level1, f.level2): f.rate_text for f in both.families}
    assert rates[("部门决策", None)] == "92.86%"  # 13 / 14
    assert rates[("部门绩效", "质量指标")] == "93.33%"  # 28 / 30
    assert rates[("效益指标", "可持续影响指标")] == "70.00%"  # the 自评表's rows, summed by 二级指标
    assert rates[("预算执行率", None)] == "96.90%"


def test_reference_rates_are_the_delivered_reports(both):
    """The reference report's own 得分率 row (部门决策, 部门管理, 部门绩效, 合计) is what the results report shows."""
    text = (ROOT / "tests" / "fixtures" / "reference-report" / "000_e5376d201a09ce67.txt").read_text(encoding="utf-8")
    stated = next(line.split("\t")[1:] for line in text.splitlines() if line.startswith("得分率\t"))
    ours = {f.level1: f.rate_text for f in both.families if f.level2 is None}
    assert [ours["部门决策"], ours["部门管理"], ours["部门绩效"]] == stated[:3]
    reference = next(e for e in both.entries if e.kind == "部门整体")
    assert f"{reference.headline.total_text}%" == stated[3]


def test_the_examples_folder_counts_each_file_once_by_department():
    results = results_of(gather([ROOT / "examples"]).entries)
    assert [e.headline.text for e in results.entries] == ["97.00分 优", "97.00分 优", "95.52分 优"]
    assert {d: sum(c.values()) for d, c in results.by_department().items()} == {
        "乌鲁木齐高新技术产业开发区（乌鲁木齐市新市区）人力资源和社会保障局": 2, "示例县人力资源和社会保障局": 1}
    rates = {f.level1: f.rate_text for f in results.families if f.level2 is None}
    assert rates["部门决策"] == "92.86%"  # (13 + 13) ÷ (14 + 14): the full and the short file score alike
    counts = {d.name: d.count for d in results.deductions}
    assert counts["举报投诉案件结案率"] == 2


def test_most_frequent_deductions_carry_their_reasons(both):
    first = both.deductions[0]
    assert (first.name, first.points) == ("培训机构规范化管理水平", Decimal("3"))
    by_name = {d.name: d for d in both.deductions}
    assert by_name["举报投诉案件结案率"].reasons == (("实际填报值97%与真实完成值97.63%不符，扣2分", 1),)
    assert all(d.points > 0 for d in both.deductions)


def test_consequence_applies_to_the_budget_base_with_arithmetic(both):
    ref = next(c for c in both.consequences if c.entry.kind == "部门整体")
    assert ref.entry.base == Decimal("31577.79") and ref.action_text == "优先保障"
    assert ref.arithmetic == "31,577.79万元（不调整）"
    cut = parse_action("压减5%").apply(Decimal("31577.79"))
    assert cut.amount == Decimal("29998.9005")
    assert cut.arithmetic == "31,577.79万元 × (1 − 5%) = 29,998.90万元"
    assert parse_action("取消").apply(Decimal("480")).arithmetic == "取消预算安排：480.00万元 → 0.00万元"
    assert parse_action("压减５％").change == Decimal(-5)  # typed with a Chinese input method
    assert parse_action("增加 2.5%").apply(Decimal("100")).amount == Decimal("102.5")


def test_an_unknown_action_is_said_in_chinese():
    with pytest.raises(RuleError, match="“砍掉”不是结果应用规则"):
        parse_action("砍掉")
    with pytest.raises(RuleError, match="超过100%"):
        parse_action("压减120%")


def test_rules_file_names_the_bad_grade_at_its_line(tmp_path):
    path = tmp_path / "规则.yaml"
    path.write_text("# 本局规则\nconsequences:\n  优: 优先保障\n  中: 压减５％\n  差: 砍掉\n", encoding="utf-8")
    rules, problems = read_rules(path)
    assert rules is None and len(problems) == 1
    assert problems[0].where.line == 5 and "等级“差”" in problems[0].message
    path.write_text("优: 优先保障\n良: 维持\n中: 压减8%\n差: 取消\n", encoding="utf-8")
    rules, problems = read_rules(path)
    assert not problems and rules.texts() == {"优": "优先保障", "良": "维持", "中": "压减8%", "差": "取消"}


def test_rectification_unrecorded_is_never_zero():
    assert rectification_text(None) == "未统计"
    assert rectification_text((0, 0)) == "无整改事项"
    assert rectification_text((3, 4)) == "3/4（75.00%）"


def test_rectification_file_as_people_write_it(tmp_path):
    path = tmp_path / "整改.yaml"
    path.write_text("xinshi-hrss-2024.yaml: ３/４\n职业技能提升行动专项资金: 0/0\n", encoding="utf-8")
    found, problems = read_rectification(path)
    assert not problems and found == {"xinshi-hrss-2024.yaml": (3, 4), "职业技能提升行动专项资金": (0, 0)}
    path.write_text("a.yaml: 5/4\nb.yaml: 三分之二\n", encoding="utf-8")
    found, problems = read_rectification(path)
    assert found is None and [p.where.path for p in problems] == ["a.yaml", "b.yaml"]
    assert "应写作 已确认数/事项数" in problems[1].message


def test_reference_in_a_folder_with_an_unreadable_file(tmp_path):
    (tmp_path / "ref.yaml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "坏.yaml").write_text("format: 1\nkind: [\n", encoding="utf-8")
    (tmp_path / "申报.yaml").write_text(DECLARATION, encoding="utf-8")
    gathered = gather([tmp_path], {"ref.yaml": (2, 3)})
    assert [e.headline.text for e in gathered.entries] == ["97.00分 优"]
    assert set(gathered.skipped) == {str(tmp_path / "坏.yaml"), str(tmp_path / "申报.yaml")}
    declaration = [p for p in gathered.problems if p.where.file.endswith("申报.yaml")]
    assert [p.message for p in declaration] == ["不是绩效评价文件（绩效目标申报表），未计入结果应用报告"]
    assert results_of(gathered.entries).rectification() == (2, 3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(docs=st.lists(documents(), max_size=5), kinds=st.lists(st.sampled_from(["department", "project"]), min_size=5, max_size=5))
def test_any_set_of_valid_evaluations_counts_every_one(docs, kinds):
    entries = []
    for doc, kind in zip(docs, kinds):
        doc = {**doc, "kind": kind}
        if kind == "project":
            doc["project"] = {"name": "某项目", "department": "某某局"}
        loaded = load_plain(doc, "随机.yaml")
        assert loaded.ok, [str(p) for p in loaded.problems]
        entries.append(entry_of(analyse(loaded.evaluation)))
    results = results_of(entries, DEFAULT_RULES)
    assert sum(results.grade_counts().values()) == len(entries)
    assert sum(sum(c.values()) for c in results.by_kind().values()) == len(entries)
    assert sum(sum(c.values()) for c in results.by_department().values()) == len(entries)
    assert len(results.consequences) == len(entries)
    for c in results.consequences:
        assert c.arithmetic
    for f in results.families:
        assert f.rate is None or Decimal(0) <= f.rate <= Decimal(100)
