"""ratio — 比率得分: the rate times the weight, e.g. the self-evaluation form's 预算执行率:
“得分 = 执行率 × 分值（10分）”. A rate above 100% earns the weight, no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..numbers import HUNDRED, fmt
from .base import RuleInput, RuleResult, clamp, need_quantity, pts

TYPE = "ratio"
LABEL = "比率得分"
PARAMS = ()  # the weight and the rate say it all


@dataclass(frozen=True)
class Params:
    pass


def read(r: Reader) -> Params:
    return Params()


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    rate = actual.value / HUNDRED if actual.is_percent else actual.value
    raw = rate * x.weight
    points = clamp(raw, x.weight)
    arithmetic = f"得分 = {actual.base_text()} × {pts(x.weight)} = {fmt(raw)}分"
    if points != raw:
        arithmetic += f"，以{pts(x.weight)}分为限"
    reason = "" if points >= x.weight else f"执行率{actual.base_text()}，未达100%"
    return RuleResult(points, arithmetic, reason)
