"""绩效目标申报表: read from YAML and from workbooks in the national layout (real published forms in
tests/forms/declarations/), reviewed by the declaration checks, written back and read again."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from jixiao.analysis import analyse
from jixiao.sources import open_text

GOOD = """\
format: 1
kind: declaration
year: 2024
declaration:
  form: project
  name: 就业培训补贴项目
  department: 人力资源和社会保障局
  implementer: 就业服务中心
  attribute: 延续项目
  period: 2024年1月至12月
  funds:
    unit: 万元
    total: 100
    parts:
      - {name: 财政拨款, amount: 80}
      - {name: 其他资金, amount: 20}
  goal: 完成职业技能培训2000人次，培训后就业率不低于60%
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥2000人次, basis: 年度工作计划}
    - {level1: 产出指标, level2: 质量指标, name: 培训合格率, target: ≥90%}
    - {level1: 产出指标, level2: 时效指标, name: 补贴发放及时率, target: =100%}
    - {level1: 产出指标, level2: 成本指标, name: 人均培训成本, target: ≤500元/人}
    - {level1: 效益指标, level2: 社会效益指标, name: 培训后就业率, target: ≥60%}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%}
  history:
    - {name: 培训人次, actual: 1900人次, year: 2023}
"""


def problems(text: str, name: str = "申报表.yaml"):
    loaded = open_text(text, name)
    assert loaded.evaluation is not None, [p.message for p in loaded.problems]
    found = list(loaded.problems) + list(analyse(loaded.evaluation).problems)
    return [p for p in found if p.code.startswith("declaration.")]


def edited(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def test_a_sound_declaration_raises_nothing():
    assert problems(GOOD) == []


def test_a_declaration_keeps_its_places():
    ev = open_text(GOOD, "申报表.yaml").evaluation
    d = ev.declaration
    assert d.name.text == "就业培训补贴项目" and d.name.where.line == 6
    assert d.funds.total.amount == Decimal(100) and [p.amount for p in d.funds.parts] == [80, 20]
    assert d.indicators[3].target.op == "<=" and d.indicators[0].where.line == 19


def test_a_missing_dimension_is_named():
    found = problems(edited("    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 参训人员满意度, target: ≥90%}\n", ""))
    assert [p.code for p in found] == ["declaration.dimension_missing"] and "满意度指标" in found[0].message


def test_an_output_without_its_time_indicator_is_said():
    found = problems(edited("    - {level1: 产出指标, level2: 时效指标, name: 补贴发放及时率, target: =100%}\n", ""))
    assert [(p.code, p.severity.value) for p in found] == [("declaration.dimension_missing", "warning")]
    assert "时效指标" in found[0].message


def test_a_bare_figure_is_not_measurable_and_its_direction_is_told():
    found = problems(edited("target: ≥2000人次", "target: 2000人次"))
    assert [p.code for p in found] == ["declaration.not_measurable"]
    assert "≥2000人次" in found[0].message and found[0].where.line == 19


def test_a_count_written_as_a_level_is_not_measurable():
    found = problems(edited("target: ≥2000人次", "target: 较上年有所增加"))
    assert [p.code for p in found] == ["declaration.not_measurable"] and "没有数值" in found[0].message


def test_a_cost_target_to_reach_is_refused():
    found = problems(edited("target: ≤500元/人", "target: ≥500元/人"))
    assert [p.code for p in found] == ["declaration.cost_direction"] and "≤500元/人" in found[0].message


def test_a_rate_above_100_percent():
    found = problems(edited("target: ≥90%}", "target: ≥120%}"))
    assert [p.code for p in found] == ["declaration.rate_over_full"]


def test_funds_that_do_not_add_up():
    found = problems(edited("amount: 20}", "amount: 10}"))
    assert [p.code for p in found] == ["declaration.funds_sum"]
    assert "财政拨款 80 + 其他资金 10 = 90万元" in found[0].message and found[0].where.line == 13


def test_a_target_below_last_years_actual_is_set_too_low():
    found = problems(edited("actual: 1900人次", "actual: 2100人次"))
    assert [p.code for p in found] == ["declaration.target_low"]
    assert "低于2023年实际完成值 2100人次" in found[0].message


def test_a_declaration_kind_without_its_form_is_refused_in_chinese():
    loaded = open_text("format: 1\nkind: declaration\n", "申报表.yaml")
    assert any("绩效目标申报表" in p.message for p in loaded.problems)


def test_an_unknown_form_kind_is_refused_at_its_line():
    loaded = open_text(edited("form: project", "form: 其他"), "申报表.yaml")
    (p,) = [p for p in loaded.problems if "申报表类型" in p.message]
    assert p.where.line == 5 and "project" in p.message
