"""brackets — 分段计分: the points of the first bracket the actual value reaches.

评分标准 as the forms state it, e.g. 重点支出安排率: “≥90%，计5分；80%（含）-90%，计4分；70%（含）-80%，
计3分；60%（含）-70%，计2分；低于60%不得分。” written as ≥90%=5；≥80%=4；≥70%=3；≥60%=2；<60%=0, or
预算调整率 “=0 计3分；0-10%（含）计2分 …” as =0%=3；≤10%=2；≤20%=1；≤30%=0.5；>30%=0. The brackets are
tried in the order written. Not `levels` (which matches a level's words) nor `band` (a deduction per
point outside ±limit): each bracket is a target with its points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model.quantity import Target
from ..parse.quantity import ParseError, parse_target
from ..parse.tree import Reader
from .base import RuleInput, RuleResult, clamp, mapping, need_quantity, not_scored, pts, units_clash
from .params import Param

TYPE = "brackets"
LABEL = "分段计分"

BRACKETS = Param("brackets", "分段及得分", "levels", "≥90%=5；≥80%=4；≥70%=3；≥60%=2；<60%=0", required=True,
                 help="每段写成 区间=得分（如 ≥90%=5），以“；”分隔，按所写顺序取完成值达到的第一段")
PARAMS = (BRACKETS,)


@dataclass(frozen=True)
class Params:
    brackets: tuple[tuple[Target, Decimal], ...]


def read(r: Reader) -> Params:
    brackets = []
    node, keys = mapping(r, BRACKETS, "{≥90%: 5, ≥80%: 4, <80%: 0}") or (r, [])
    for key in keys:
        points = node.decimal(key, f"分段“{key}”的得分")
        try:
            target = parse_target(str(key))
        except ParseError as e:
            node._fail(node.child(key), "target", f"{BRACKETS.label}中的“{key}”不是区间（如 ≥90%）：{e}", value=key)  # type: ignore[arg-type]
            continue
        if target.quantity is None:
            node._fail(node.child(key), "target", f"{BRACKETS.label}中的“{key}”应为数值区间，如 ≥90%、<60%", value=key)  # type: ignore[arg-type]
        elif points is not None:
            brackets.append((target, points))
    return Params(tuple(brackets))


def full_marks(p: Params) -> Decimal | None:
    return max((points for _, points in p.brackets), default=None)


def score(p: Params, x: RuleInput) -> RuleResult:
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    for target, points in p.brackets:
        assert target.quantity is not None
        clash = units_clash(x, actual, target.quantity, "与分段")
        if clash:
            return clash
        if target.is_met_by(actual.value):
            got = clamp(points, x.weight)
            reason = "" if got >= x.weight else f"{actual.base_text()}在“{target}”一段，得{pts(got)}分"
            return RuleResult(got, f"{actual.base_text()}，在“{target}”一段，得{pts(got)}分", reason)
    shown = "、".join(str(t) for t, _ in p.brackets)
    return not_scored(x, f"完成值{actual.base_text()}不在评分标准的任何一段（{shown}）")
