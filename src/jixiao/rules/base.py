"""What every rule receives and returns, and the helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model.quantity import Level, Quantity, Target
from ..numbers import ZERO, fmt, fmt_plain, places_of
from ..parse.tree import Reader
from ..problems import Problem, Source, error
from .params import Param


@dataclass(frozen=True)
class RuleInput:
    """One leaf as a rule sees it."""

    code: str
    name: str
    weight: Decimal
    benchmark: Target | None
    actual: Quantity | Level | None  # the verified value, resolved (metric and formula computed)
    reported: Quantity | Level | None = None
    given_score: Decimal | None = None
    given_reason: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class RuleResult:
    """A score with its arithmetic and its 扣分原因; score None means not scored."""

    score: Decimal | None
    arithmetic: str
    reason: str = ""
    problems: tuple[Problem, ...] = ()


def not_scored(x: RuleInput, why: str, code: str = "score.not_scored") -> RuleResult:
    """A leaf that cannot be scored: shown as such, never silently 0."""
    label = f"{x.code} {x.name}" if x.code and x.code != x.name else x.name  # a 自评表 row is known by its name
    return RuleResult(None, f"未评分：{why}", problems=(error(code, f"{label}未评分：{why}", x.where),))


def clamp(score: Decimal, weight: Decimal) -> Decimal:
    """A score never exceeds the weight nor goes below 0."""
    return max(ZERO, min(score, weight))


def pts(value: Decimal) -> str:
    """Points as written in a 评分标准 (2, 0.5, 3.5); a computed score to 2 places (9.58)."""
    if places_of(value.normalize()) > 2:
        return fmt(value)
    return fmt_plain(value, thousands=False)


def need_quantity(x: RuleInput) -> Quantity | RuleResult:
    """The actual value as a quantity, or the not-scored result that says why not."""
    if x.actual is None:
        return not_scored(x, "缺少完成值")
    if isinstance(x.actual, Level):
        return not_scored(x, f"完成值“{x.actual}”不是数量，此评分规则需要数值")
    return x.actual


def need_target(x: RuleInput, target: Target | None) -> Target | RuleResult:
    if target is None or target.quantity is None:
        return not_scored(x, "缺少数量型标杆值（如 ≥95%）")
    return target


def units_clash(x: RuleInput, a: Quantity, b: Quantity, what: str) -> RuleResult | None:
    """Different units cannot be compared: say so instead of comparing silently."""
    if a.unit and b.unit and a.unit != b.unit:
        return not_scored(
            x, f"{what}单位不一致：完成值{a.text()}的单位为“{a.unit}”，{b.text()}的单位为“{b.unit}”", "score.unit_mismatch"
        )
    return None


def final_line(weight: Decimal, score: Decimal, deducted: Decimal) -> str:
    if deducted == 0:
        return f"得{pts(score)}分"
    return f"得分 = {pts(weight)} − {pts(deducted)} = {pts(score)}分"


def mapping(r: Reader, param: Param, example: str) -> tuple[Reader, list[str]] | None:
    """A parameter written as a mapping (明确=2；… or ≥90%=5；…): its reader and keys in the order
    written; None where it is absent (said missing where the parameter is required)."""
    node = r.map(param.name, param.title)
    if node is None:
        if param.required:
            r.missing(param.name, param.label, example)
        return None
    return node, list(node.node.value)  # type: ignore[union-attr]
