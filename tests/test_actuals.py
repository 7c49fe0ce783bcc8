"""jixiao.actuals: a leaf's 完成值 as written, computed from the data, or by a formula over counts."""

from __future__ import annotations


from conftest import load_ok
from test_scoring import TREE

from jixiao.actuals import resolve
from jixiao.io.load import load_text
from jixiao.model.indicators import FormulaActual, MetricActual, ValueActual
from jixiao.parse.formula import parse_formula
from jixiao.parse.quantity import parse_quantity, parse_value
from jixiao.problems import Source

HERE = Source(file="e.yaml", line=12, indicator="C1")


def formula(text: str, **inputs: str) -> FormulaActual:
    return FormulaActual(text, parse_formula(text), tuple((k, parse_quantity(v)) for k, v in inputs.items()))


def test_no_actual_is_unassessed_not_zero(reference):
    got = resolve(None, reference, "完成值", HERE)
    assert got.value is None and got.text == "" and got.problems == ()


def test_a_written_value_is_taken_as_verified(reference):
    got = resolve(ValueActual(parse_value("25632人")), reference, "培训人数", HERE)
    assert got.text == "25632人" and got.arithmetic == "" and got.problems == ()


def test_a_metric_is_computed_from_the_budget_with_its_arithmetic(reference):
    got = resolve(MetricActual("budget.execution_rate"), reference, "预算执行率", HERE)
    assert got.problems == ()
    assert str(got.value).endswith("%") and got.value.is_percent
    assert "执行" in got.arithmetic and "预算" in got.arithmetic


def test_a_metric_without_its_data_is_a_stated_error_and_no_value():
    ev = load_ok(TREE)  # no budget in the file
    assert ev.budget is None
    got = resolve(MetricActual("budget.execution_rate"), ev, "预算执行率", HERE)
    assert got.value is None
    errors = [p for p in got.problems if p.code == "metric.undefined"]
    assert errors and "无法计算" in errors[0].message and "预算" in errors[0].message
    assert errors[0].where == HERE


def test_a_rate_formula_is_shown_as_a_percentage_with_every_step(reference):
    got = resolve(
        formula("审结 / (未结 + 受理)", 审结="1153件", 未结="20件", 受理="1161件"), reference, "结案率", HERE
    )
    assert got.problems == ()
    assert str(got.value) == "97.63%"
    assert got.arithmetic == "结案率 = 审结 / (未结 + 受理) × 100% = 1,153 / (20 + 1,161) × 100% = 97.63%"


def test_a_sum_keeps_its_unit(reference):
    got = resolve(formula("城镇 + 农村", 城镇="100人", 农村="25人"), reference, "就业人数", HERE)
    assert got.value.value == 125 and got.value.unit == "人" and got.arithmetic.startswith("就业人数 = 城镇 + 农村 = 100 + 25 = 125")


def test_a_zero_denominator_names_the_divisor_and_gives_no_value(reference):
    got = resolve(formula("a / (b - c)", a="1件", b="2件", c="2件"), reference, "结案率", HERE)
    assert got.value is None and got.note == "分母为0"
    (problem,) = got.problems
    assert problem.code == "formula.zero" and "b − c" in problem.message and "结案率无法计算" in problem.message


def test_adding_different_units_is_refused(reference):
    got = resolve(formula("a + b", a="3人", b="2件"), reference, "合计", HERE)
    assert got.value is None
    (problem,) = got.problems
    assert problem.code == "formula.unit" and "“人”与“件”" in problem.message


def test_a_formula_whose_input_is_missing_is_refused_at_load_with_its_line():
    text = TREE.replace(
        "actual: {metric: budget.execution_rate}",
        "actual: {formula: 审结 / 受理, inputs: {审结: 1153件}}",
    )
    loaded = load_text(text, "missing.yaml")
    assert not loaded.ok
    (problem,) = [p for p in loaded.problems if "受理" in p.message]
    assert "没有给出数值" in problem.message and "missing.yaml" in str(problem)
    assert problem.where.line is not None
