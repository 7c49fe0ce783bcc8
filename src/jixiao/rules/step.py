"""step — 阶梯扣分: full at or above a rate; per_point deducted for each percentage point below.

评分标准 as the field states it, e.g. B22 预算执行率: “执行率在95%以上，得满分，每减1%扣0.10分，
扣完为止。” The deduction is proportional: 2.5 points below deducts 2.5 × per_point.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..numbers import ZERO, fmt
from .base import RuleInput, RuleResult, clamp, final_line, need_quantity, pts
from .params import Param

TYPE = "step"
LABEL = "阶梯扣分"

FULL_AT = Param("full_at", "满分线", "percent", "95%", required=True, help="完成值达到此百分比即得满分")
PER_POINT = Param("per_point", "每个百分点扣分", "decimal", "0.1", required=True,
                  help="低于满分线（或超出允许幅度）每1个百分点扣的分数，按比例计")
PARAMS = (FULL_AT, PER_POINT)


@dataclass(frozen=True)
class Params:
    full_at: Decimal  # percent
    per_point: Decimal


def read(r: Reader) -> Params:
    full_at = FULL_AT.read(r)
    per_point = PER_POINT.read(r)
    return Params(full_at if full_at is not None else ZERO, per_point if per_point is not None else ZERO)


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    value = actual.value
    shown = actual.base_text()
    if value >= p.full_at:
        return RuleResult(x.weight, f"{shown} ≥ {pts(p.full_at)}%，得满分{pts(x.weight)}分")
    gap = p.full_at - value
    deducted = gap * p.per_point
    points = clamp(x.weight - deducted, x.weight)
    arithmetic = (
        f"{shown} < {pts(p.full_at)}%，低{fmt(gap)}个百分点 × {pts(p.per_point)}分"
        f" = {pts(deducted)}分；{final_line(x.weight, points, x.weight - points)}"
    )
    reason = f"{shown}低于{pts(p.full_at)}%，每低1个百分点扣{pts(p.per_point)}分"
    return RuleResult(points, arithmetic, reason)
