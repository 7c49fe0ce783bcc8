"""The indicator tree (指标体系): first-, second-, third-level indicators and leaves."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator

from ..problems import Source
from .quantity import Level, Quantity, Target


@dataclass(frozen=True)
class ValueActual:
    """A completed value as verified: 25632人, 99.98%, 明确."""

    value: Quantity | Level
    source: str | None = None  # the document the figure was verified from
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class MetricActual:
    """A figure computed from the evaluation's own data, e.g. budget.execution_rate."""

    metric: str
    source: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class FormulaActual:
    """A figure computed by a formula over named counts (结案率 = 审结 / (未结 + 受理))."""

    formula: str
    expr: Any  # parse.formula.Expr
    inputs: tuple[tuple[str, Quantity], ...]
    source: str | None = None
    where: Source = field(default_factory=Source)


Actual = ValueActual | MetricActual | FormulaActual


@dataclass(frozen=True)
class RuleSpec:
    """A scoring rule in machine form: its type and the type's own parameters."""

    type: str
    params: Any
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Indicator:
    """A node of the tree. A node with children is a branch; one without is a leaf."""

    code: str
    name: str
    where: Source
    weight: Decimal | None = None  # leaves: required; branches: optional declared weight
    children: tuple["Indicator", ...] = ()
    explanation: str | None = None  # 指标解释
    standard: str | None = None  # 评分标准, as printed
    benchmark: Target | None = None  # 标杆值
    actual: Actual | None = None  # 完成值 (verified)
    reported: Quantity | Level | None = None  # 填报值 (as the department reported it)
    rule: RuleSpec | None = None
    analysis: str | None = None
    score: Decimal | None = None  # a score given by the evaluator (manual, tiers)
    reason: str | None = None  # the evaluator's stated 扣分原因 for a given score

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, depth: int = 1) -> Iterator[tuple[int, "Indicator"]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def leaves(self) -> Iterator["Indicator"]:
        for _, node in self.walk():
            if node.is_leaf:
                yield node


def walk_all(roots: tuple[Indicator, ...]) -> Iterator[tuple[int, Indicator]]:
    for root in roots:
        yield from root.walk()


def all_leaves(roots: tuple[Indicator, ...]) -> list[Indicator]:
    return [node for root in roots for node in root.leaves()]
