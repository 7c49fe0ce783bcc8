"""levels — 等级评分: the score is the points of the level the actual value reaches.

评分标准 as the field states it, e.g. A11 职能设定明确性: “职能设置与“三定”方案一致，
并分解到各部门，得2分；职责不清晰，得1分；未进行职责分解的，得0分。”
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from .base import RuleInput, RuleResult, clamp, mapping, not_scored, pts
from .params import Param

TYPE = "levels"
LABEL = "等级评分"

LEVELS = Param("levels", "等级及得分", "levels", "明确=2；职责不清晰=1；未进行职责分解=0", required=True,
               help="每个等级写成 等级=得分，以“；”分隔；完成值须为其中一个等级")
PARAMS = (LEVELS,)


@dataclass(frozen=True)
class Params:
    levels: tuple[tuple[str, Decimal], ...]


def read(r: Reader) -> Params:
    levels = []
    node, keys = mapping(r, LEVELS, "{明确: 2, 职责不清晰: 1}") or (r, [])
    for key in keys:
        points = node.decimal(key, f"等级“{key}”的得分")
        if points is not None:
            levels.append((key, points))
    return Params(tuple(levels))


def full_marks(p: Params) -> Decimal | None:
    return max((points for _, points in p.levels), default=None)


def score(p: Params, x: RuleInput) -> RuleResult:
    if x.actual is None:
        return not_scored(x, "缺少完成值")
    actual = str(x.actual)
    table = dict(p.levels)
    if actual not in table:
        names = "、".join(name for name, _ in p.levels)
        return not_scored(x, f"完成值“{actual}”不是评分等级之一（{names}）")
    points = clamp(table[actual], x.weight)
    arithmetic = f"完成值“{actual}”对应等级得{pts(points)}分"
    reason = "" if points >= x.weight else f"完成值为“{actual}”，按评分标准得{pts(points)}分"
    return RuleResult(points, arithmetic, reason)
