"""Resolve a leaf's 完成值: a written value, a metric of the data, or a formula over counts."""

from __future__ import annotations

from dataclasses import dataclass

from .metrics import compute
from .model.evaluation import Evaluation
from .model.indicators import Actual, FormulaActual, MetricActual, ValueActual
from .model.quantity import Level, Quantity, computed
from .numbers import HUNDRED, fmt, fmt_plain
from .parse.formula import BinOp, DivisionByZero, Expr, Name, Num, evaluate, render
from .problems import Problem, Source, error

_RATIO = "\x00ratio"  # units cancelled out: the result is a rate, shown as a percentage


@dataclass(frozen=True)
class Resolved:
    value: Quantity | Level | None
    arithmetic: str = ""  # how a computed figure was reached
    note: str = ""
    problems: tuple[Problem, ...] = ()

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value)


def resolve(actual: Actual | None, ev: Evaluation, label: str, where: Source) -> Resolved:
    if actual is None:
        return Resolved(None)
    if isinstance(actual, ValueActual):
        return Resolved(actual.value)
    if isinstance(actual, MetricActual):
        metric = compute(actual.metric, ev)
        problems = list(metric.problems)
        if metric.value is None:
            problems.append(error("metric.undefined", f"{metric.label}无法计算：{metric.arithmetic}", where))
            return Resolved(None, metric.explain(), metric.note, tuple(problems))
        return Resolved(computed(metric.value, "%"), metric.explain(), metric.note, tuple(problems))
    return _formula(actual, label, where)


def _formula(actual: FormulaActual, label: str, where: Source) -> Resolved:
    inputs = dict(actual.inputs)
    try:
        value = evaluate(actual.expr, lambda name: inputs[name].value)
    except DivisionByZero as exc:
        shown = render(actual.expr, lambda n: fmt_plain(inputs[n].value))
        why = f"{actual.formula} = {shown}：分母“{exc}”为0，无法计算"
        return Resolved(None, why, "分母为0", (error("formula.zero", f"{label}无法计算：{why}", where),))
    unit, problems = _unit(actual.expr, inputs, label, where)
    if problems:
        return Resolved(None, actual.formula, "", tuple(problems))
    shown = render(actual.expr, lambda n: fmt_plain(inputs[n].value))
    if unit == _RATIO:
        value = value * HUNDRED
        return Resolved(computed(value, "%"), f"{label} = {actual.formula} × 100% = {shown} × 100% = {fmt(value)}%")
    return Resolved(computed(value, unit), f"{label} = {actual.formula} = {shown} = {fmt(value)}{unit}")


def _unit(expr: Expr, inputs: dict[str, Quantity], label: str, where: Source) -> tuple[str, list[Problem]]:
    """The unit of a formula's result; adding 人 to 件 is a stated problem."""
    if isinstance(expr, Num):
        return "", []
    if isinstance(expr, Name):
        q = inputs[expr.name]
        return ("%" if q.is_percent else q.unit), []
    assert isinstance(expr, BinOp)
    left, p1 = _unit(expr.left, inputs, label, where)
    right, p2 = _unit(expr.right, inputs, label, where)
    problems = p1 + p2
    if expr.op in "+-":
        if left and right and left != right:
            problems.append(
                error("formula.unit", f"{label}的公式把单位“{left}”与“{right}”相加减，单位不一致，无法计算", where)
            )
        return left or right, problems
    if expr.op == "*":
        return (left or right if not (left and right) else f"{left}·{right}"), problems
    if left == right and left:
        return _RATIO, problems
    if not right:
        return left, problems
    return f"{left or ''}/{right}", problems
