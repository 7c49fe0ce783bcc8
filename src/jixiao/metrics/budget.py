"""Budget metrics: 预算执行率, 预算调整率, 三公经费控制率, 结转结余率."""

from __future__ import annotations

from decimal import Decimal

from ..model.evaluation import Budget, BudgetLine, Evaluation
from ..numbers import ZERO, ratio_percent
from .base import Definition, Metric, metric


def line_total(line: BudgetLine, column: str) -> Decimal:
    """A line's own figure, or the sum of its children's where it has none."""
    own = getattr(line, column)
    if own is not None:
        return own
    return sum((line_total(child, column) for child in line.children), ZERO)


def total(budget: Budget, column: str) -> Decimal:
    """The 合计 of a column: the sum of the top-level lines."""
    return sum((line_total(line, column) for line in budget.lines), ZERO)


def execution_percent(spent: Decimal, adjusted: Decimal) -> Decimal | None:
    """执行率 = 全年执行数 / 全年预算数 × 100% of one line or row; None when the budget is 0."""
    return ratio_percent(spent, adjusted)


def _missing(m: Definition) -> Metric:
    return m.missing("评价文件中没有预算数据（budget），无法计算", "缺少预算数据")


# 预算执行率 as the report and the 自评表 both name and explain it (jixiao.selfeval uses it too).
EXECUTION_LABEL, EXECUTION_FORMULA = "预算执行率", "全年执行数 / 全年预算数 × 100%"


@metric("budget.execution_rate", EXECUTION_LABEL, EXECUTION_FORMULA)
def execution_rate(m: Definition, ev: Evaluation) -> Metric:
    if ev.budget is None:
        return _missing(m)
    return m.rate(total(ev.budget, "spent"), total(ev.budget, "adjusted"))


@metric("budget.adjustment_rate", "预算调整率", "(调整后预算数 − 年初预算数) / 年初预算数 × 100%")
def adjustment_rate(m: Definition, ev: Evaluation) -> Metric:
    if ev.budget is None:
        return _missing(m)
    initial = total(ev.budget, "initial")
    return m.rate(total(ev.budget, "adjusted"), initial, subtract=initial)


@metric("budget.three_public_control_rate", "“三公经费”控制率", "“三公经费”实际支出数 / 预算安排数 × 100%")
def three_public_control_rate(m: Definition, ev: Evaluation) -> Metric:
    b = ev.budget
    if b is None or b.three_public_budget is None or b.three_public_spent is None:
        return m.missing("评价文件中没有“三公经费”数据（budget.three_public），无法计算", "缺少数据")
    return m.rate(
        b.three_public_spent, b.three_public_budget,
        zero_over_zero="“三公经费”预算安排数与实际支出数均为0，控制率按100%计",
    )


@metric("budget.carryover_rate", "结转结余率", "年末结转结余 / 全年预算数 × 100%")
def carryover_rate(m: Definition, ev: Evaluation) -> Metric:
    if ev.budget is None or ev.budget.carryover is None:
        return _missing(m)
    return m.rate(ev.budget.carryover, total(ev.budget, "adjusted"))
