"""threshold — 达标评分: full marks where the actual value meets the target, else 0.

评分标准 as the field states it, e.g. B42 固定资产利用率: “固定资产利用率大于或等于90%得满分；
小于90%，得0分。” The target is the 标杆值 unless the rule names its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..model.quantity import Level, Target
from ..numbers import ZERO
from .base import RuleInput, RuleResult, need_quantity, need_target, pts, units_clash
from .params import Param

TYPE = "threshold"
LABEL = "达标评分"

TARGET = Param("target", "达标线", "target", "≥90%", help="完成值达到此目标值得满分，否则得0分；不填则以标杆值为达标线")
PARAMS = (TARGET,)


@dataclass(frozen=True)
class Params:
    target: Target | None = None


def read(r: Reader) -> Params:
    return Params(TARGET.read(r))


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    target = p.target or x.benchmark
    if target is not None and target.level is not None and isinstance(x.actual, Level):
        if x.actual.text == target.level.text:
            return RuleResult(x.weight, f"完成值“{x.actual}”达到标杆值，得满分{pts(x.weight)}分")
        return RuleResult(ZERO, f"完成值“{x.actual}”未达到标杆值“{target}”，得0分", f"未达到标杆值“{target}”")
    checked = need_target(x, target)
    if isinstance(checked, RuleResult):
        return checked
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    assert checked.quantity is not None
    clash = units_clash(x, actual, checked.quantity, "与标杆值")
    if clash:
        return clash
    if checked.is_met_by(actual.value):
        return RuleResult(x.weight, f"{actual.base_text()}，达到标杆值{checked}，得满分{pts(x.weight)}分")
    return RuleResult(
        ZERO, f"{actual.base_text()}，未达到标杆值{checked}，得0分", f"{actual.base_text()}未达到标杆值{checked}"
    )
