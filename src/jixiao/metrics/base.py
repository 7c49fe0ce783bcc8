"""A metric: a figure computed from the evaluation's data, with its formula as a user reads it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from ..model.evaluation import Evaluation

from ..numbers import HUNDRED, fmt, ratio_percent
from ..problems import Problem


@dataclass(frozen=True)
class Metric:
    name: str  # e.g. budget.execution_rate
    label: str  # e.g. 预算执行率
    value: Decimal | None  # a percentage (99.60 means 99.60%); None when it cannot be computed
    formula: str  # e.g. 全年执行数 / 全年预算数 × 100%
    arithmetic: str  # e.g. 31,450.44 / 31,577.79 × 100% = 99.60%
    note: str = ""
    problems: tuple[Problem, ...] = ()

    def explain(self) -> str:
        text = f"{self.label} = {self.formula} = {self.arithmetic}"
        return f"{text}（{self.note}）" if self.note else text


@dataclass(frozen=True)
class Definition:
    """A metric as registered: its key, Chinese name and formula, and the function computing it.

    Calling the definition with an evaluation computes the metric.
    """

    name: str  # e.g. budget.execution_rate
    label: str  # e.g. 预算执行率
    formula: str  # e.g. 全年执行数 / 全年预算数 × 100%
    function: Callable[["Definition", Evaluation], Metric]

    def __call__(self, ev: Evaluation) -> Metric:
        return self.function(self, ev)

    def missing(self, arithmetic: str, note: str) -> Metric:
        """The metric when the data it needs is absent: no value, and why."""
        return Metric(self.name, self.label, None, self.formula, arithmetic, note)

    def rate(
        self, numerator: Decimal, denominator: Decimal, *, zero_over_zero: str | None = None,
        subtract: Decimal | None = None,
    ) -> Metric:
        return rate(
            self.name, self.label, self.formula, numerator, denominator, zero_over_zero=zero_over_zero,
            subtract=subtract,
        )


def metric(name: str, label: str, formula: str) -> Callable[[Callable[[Definition, Evaluation], Metric]], Definition]:
    """Declare a metric where it is computed: its name, label and formula are written once."""
    return lambda function: Definition(name, label, formula, function)


def rate(
    name: str,
    label: str,
    formula: str,
    numerator: Decimal,
    denominator: Decimal,
    *,
    zero_over_zero: str | None = None,
    subtract: Decimal | None = None,
) -> Metric:
    """(numerator − subtract) / denominator × 100%, with zero denominators stated, not crashed on.

    zero_over_zero, when given, is the note for 0 / 0, which then counts as 100%
    (the field's convention for e.g. 三公经费 with neither budget nor spending).
    """
    top = numerator - subtract if subtract is not None else numerator
    shown_top = (
        f"({fmt(numerator, thousands=True)} − {fmt(subtract, thousands=True)})"
        if subtract is not None
        else fmt(numerator, thousands=True)
    )
    shown = f"{shown_top} / {fmt(denominator, thousands=True)} × 100%"
    if denominator == 0:
        if top == 0 and zero_over_zero is not None:
            return Metric(name, label, HUNDRED, formula, f"{shown}，按100%计", zero_over_zero)
        return Metric(name, label, None, formula, f"{shown}，分母为0，无法计算", "分母为0，无法计算")
    value = top / denominator * HUNDRED
    return Metric(name, label, value, formula, f"{shown} = {fmt(value)}%")


def score_rate(score: Decimal | None, weight: Decimal) -> Decimal | None:
    """得分率 = 得分 / 权重 × 100%; None when not scored or the weight is 0."""
    return None if score is None else ratio_percent(score, weight)


def deviation(actual: Decimal, target: Decimal) -> Decimal | None:
    """偏差比例 = (完成值 − 目标值) / 目标值 × 100%; None when the target is 0."""
    return ratio_percent(actual - target, target)
