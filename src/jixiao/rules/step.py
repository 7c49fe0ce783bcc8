"""step — 阶梯扣分: full at or above a rate; per_point deducted for each percentage point below.

评分标准 as the field states it, e.g. B22 预算执行率: “执行率在95%以上，得满分，每减1%扣0.10分，
扣完为止。” The deduction is proportional: 2.5 points below deducts 2.5 × per_point.

With `ceiling` the line is an upper limit, the same rule the other way round: 在职人员控制率
“以100%为标准，≦100%计5分；每超过一个百分点扣0.5分，扣完为止”, “三公经费”变动率 “≦0计5分，
每超过一个百分点扣0.5分”.
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
CEILING = Param("ceiling", "满分线为上限", "boolean", "否",
                 help="选“是”时完成值不超过满分线得满分，每超过1个百分点扣分（控制率、变动率）")
PARAMS = (FULL_AT, PER_POINT, CEILING)


@dataclass(frozen=True)
class Params:
    full_at: Decimal  # percent
    per_point: Decimal
    ceiling: bool = False  # full at or below full_at


def read(r: Reader) -> Params:
    full_at = FULL_AT.read(r)
    per_point = PER_POINT.read(r)
    return Params(full_at if full_at is not None else ZERO, per_point if per_point is not None else ZERO,
                  bool(CEILING.read(r)))


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    value = actual.value
    shown = actual.base_text()
    met, within, beyond, way = (value <= p.full_at, "≤", ">", "超") if p.ceiling else (value >= p.full_at, "≥", "<", "低")
    if met:
        return RuleResult(x.weight, f"{shown} {within} {pts(p.full_at)}%，得满分{pts(x.weight)}分")
    gap = abs(value - p.full_at)
    deducted = gap * p.per_point
    points = clamp(x.weight - deducted, x.weight)
    arithmetic = (
        f"{shown} {beyond} {pts(p.full_at)}%，{way}{fmt(gap)}个百分点 × {pts(p.per_point)}分"
        f" = {pts(deducted)}分；{final_line(x.weight, points, x.weight - points)}"
    )
    side = "超过" if p.ceiling else "低于"
    reason = f"{shown}{side}{pts(p.full_at)}%，每{way}1个百分点扣{pts(p.per_point)}分"
    return RuleResult(points, arithmetic, reason)
