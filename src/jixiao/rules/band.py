"""band — 区间扣分: full within ±limit; per_point deducted for each percentage point outside,
at most max_deduct.

评分标准 as the field states it, e.g. B23 预算调整率: “部门预算总额调整幅度在±10%以内，得3分，
每增减1%扣0.1分，2分扣完为止。”
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..numbers import ZERO, fmt
from .base import RuleInput, RuleResult, clamp, final_line, need_quantity, pts
from .params import Param
from .step import PER_POINT

TYPE = "band"
LABEL = "区间扣分"

LIMIT = Param("limit", "允许幅度", "percent", "10%", required=True, help="完成值在 ±此幅度以内得满分")
MAX_DEDUCT = Param("max_deduct", "最多扣分", "decimal", "2", help="扣分以此为限；不填则扣完为止")
PARAMS = (LIMIT, PER_POINT, MAX_DEDUCT)


@dataclass(frozen=True)
class Params:
    limit: Decimal  # percent
    per_point: Decimal
    max_deduct: Decimal | None = None


def read(r: Reader) -> Params:
    limit = LIMIT.read(r)
    per_point = PER_POINT.read(r)
    return Params(
        limit if limit is not None else ZERO,
        per_point if per_point is not None else ZERO,
        MAX_DEDUCT.read(r),
    )


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    size = abs(actual.value)
    shown = actual.base_text()
    if size <= p.limit:
        return RuleResult(x.weight, f"|{shown}| ≤ {pts(p.limit)}%，在允许幅度内，得满分{pts(x.weight)}分")
    outside = size - p.limit
    deducted = outside * p.per_point
    capped = p.max_deduct is not None and deducted > p.max_deduct
    if capped:
        deducted = p.max_deduct  # type: ignore[assignment]
    points = clamp(x.weight - deducted, x.weight)
    arithmetic = (
        f"|{shown}| 超出 ±{pts(p.limit)}% 共{fmt(outside)}个百分点 × {pts(p.per_point)}分"
        + (f"，以最多扣{pts(p.max_deduct)}分为限" if capped else "")  # type: ignore[arg-type]
        + f"；{final_line(x.weight, points, x.weight - points)}"
    )
    reason = f"{shown}超出±{pts(p.limit)}%的允许幅度"
    return RuleResult(points, arithmetic, reason)
