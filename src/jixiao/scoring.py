"""Score the indicator tree: leaves by their rules, subtotals, 得分率, total and grade.

A leaf that cannot be scored is "not scored": shown as such, never silently 0,
and the total it belongs to is provisional (暂定).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .actuals import resolve
from .metrics.base import score_rate
from .model.evaluation import Evaluation, GradeBand
from .model.indicators import Indicator
from .model.quantity import Level, Quantity
from .numbers import ZERO, round_half_up
from .problems import Problem
from .rules import RULES
from .rules.base import RuleInput, RuleResult, not_scored


@dataclass(frozen=True)
class ScoredNode:
    """An indicator with its score; leaves carry the arithmetic and the 扣分原因."""

    indicator: Indicator
    weight: Decimal
    score: Decimal | None  # None: not scored (a leaf) or nothing scored below (a branch)
    children: tuple["ScoredNode", ...] = ()
    provisional: bool = False  # a leaf below could not be scored
    actual: Quantity | Level | None = None
    arithmetic: str = ""  # leaves: how the score was reached
    actual_arithmetic: str = ""  # leaves: how a computed 完成值 was reached
    reason: str = ""  # 扣分原因, empty at full marks
    problems: tuple[Problem, ...] = ()

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def is_leaf(self) -> bool:
        return self.indicator.is_leaf

    @property
    def scored(self) -> bool:
        return self.score is not None

    @property
    def rate(self) -> Decimal | None:
        """得分率 in percent; None when not scored or the weight is 0."""
        return score_rate(self.score, self.weight)

    def walk(self, depth: int = 1):
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class Scorecard:
    roots: tuple[ScoredNode, ...]
    weight: Decimal
    total: Decimal
    grade: str
    provisional: bool
    problems: tuple[Problem, ...] = ()
    by_code: dict[str, ScoredNode] = field(default_factory=dict)

    @property
    def rate(self) -> Decimal | None:
        return score_rate(self.total, self.weight)

    def leaves(self) -> list[ScoredNode]:
        return [n for root in self.roots for _, n in root.walk() if n.is_leaf]

    def nodes(self):
        for root in self.roots:
            yield from root.walk()


def grade_of(total: Decimal, bands: tuple[GradeBand, ...]) -> str:
    """The grade of a total as shown (two places, 四舍五入): 89.995 → 90.00 → 优."""
    shown = round_half_up(total, 2)
    for band in sorted(bands, key=lambda b: -b.min):
        if shown >= band.min:
            return band.grade
    return bands[-1].grade if bands else ""


def score_rule(rule_type: str, params: object, x: RuleInput) -> RuleResult:
    return RULES[rule_type].score(params, x)


def _leaf(ind: Indicator, ev: Evaluation) -> ScoredNode:
    weight = ind.weight if ind.weight is not None else ZERO
    resolved = resolve(ind.actual, ev, ind.name, ind.where)
    x = RuleInput(
        code=ind.code,
        name=ind.name,
        weight=weight,
        benchmark=ind.benchmark,
        actual=resolved.value,
        reported=ind.reported,
        given_score=ind.score,
        given_reason=ind.reason,
        where=ind.where,
    )
    if ind.weight is None:
        result = not_scored(x, "缺少权重")
    elif ind.rule is None:
        result = not_scored(x, "缺少评分规则")
    elif resolved.value is None and ind.actual is not None:
        result = not_scored(x, f"完成值无法计算（{resolved.arithmetic}）")
    else:
        result = score_rule(ind.rule.type, ind.rule.params, x)
    return ScoredNode(
        indicator=ind,
        weight=weight,
        score=result.score,
        provisional=result.score is None,
        actual=resolved.value,
        arithmetic=result.arithmetic,
        actual_arithmetic=resolved.arithmetic,
        reason=result.reason,
        problems=resolved.problems + result.problems,
    )


def _node(ind: Indicator, ev: Evaluation) -> ScoredNode:
    if ind.is_leaf:
        return _leaf(ind, ev)
    children = tuple(_node(child, ev) for child in ind.children)
    scored = [c.score for c in children if c.score is not None]
    return ScoredNode(
        indicator=ind,
        weight=sum((c.weight for c in children), ZERO),
        score=sum(scored, ZERO) if scored else None,
        children=children,
        provisional=any(c.provisional for c in children),
    )


def score_evaluation(ev: Evaluation) -> Scorecard:
    roots = tuple(_node(ind, ev) for ind in ev.indicators)
    total = sum((r.score for r in roots if r.score is not None), ZERO)
    by_code = {n.code: n for root in roots for _, n in root.walk()}
    problems = tuple(p for root in roots for _, n in root.walk() for p in n.problems)
    return Scorecard(
        roots=roots,
        weight=sum((r.weight for r in roots), ZERO),
        total=total,
        grade=grade_of(total, ev.grading),
        provisional=any(r.provisional for r in roots),
        problems=problems,
        by_code=by_code,
    )
