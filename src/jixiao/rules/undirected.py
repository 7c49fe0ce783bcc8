"""undirected — 方向未定: a numeric 指标值 printed without ≥ / ≤ / = whose name does not settle which way
it points ("工程资金金额 43.2": a sum to reach, or a ceiling?). The leaf is unassessed until the
direction is written; the filled score is read both ways by the national form's rule (as a figure
to reach: 完成值 / 指标值 × 分值; as a ceiling: 指标值 / 完成值 × 分值), and one that is neither is
that leaf's error (selfeval.score), said beside its being unassessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import fmt, round_half_up
from ..parse.directions import readings_of
from ..parse.tree import Reader
from ..problems import Source, error
from .base import RuleInput, RuleResult, not_scored
from .params import Param

TYPE = "undirected"
LABEL = "方向未定"
PARAMS: tuple[Param, ...] = ()  # the 指标值 and 完成值 say it all


@dataclass(frozen=True)
class Params:
    where: Source | None = None  # where the rule was set: a form's 得分 cell, said at the score it finds wrong


def read(r: Reader) -> Params:
    return Params(r.where)


def full_marks(p: Params) -> Decimal | None:
    return None


def score(p: Params, x: RuleInput) -> RuleResult:
    goal = x.benchmark.quantity if x.benchmark is not None else None
    both = readings_of(goal, x.actual, x.weight)
    shown = x.benchmark.raw if x.benchmark is not None else "—"
    why = f"年度指标值{shown}未写≥/≤/=，指标名称也定不了方向（应达到还是不超过）"
    if both is None:
        return not_scored(x, f"{why}，须补写方向")
    reach, ceiling = both
    result = not_scored(x, f"{why}：按应达到算为{fmt(reach)}分，按不超过算为{fmt(ceiling)}分，须补写方向")
    filled = x.given_score
    if filled is None or any(round_half_up(way, 2) == round_half_up(filled, 2) for way in both):
        return result
    wrong = error(
        "selfeval.score",
        f"自评表“{x.name}”得分填写为{fmt(filled)}分：年度指标值{shown}未写方向，按应达到算为{fmt(reach)}分，"
        f"按不超过算为{fmt(ceiling)}分，填报的得分两者都不是",
        (p.where or x.where).with_(table="自评表", row=x.name), filled=filled, reach=reach, ceiling=ceiling,
        hint="补写指标值的方向（≥或≤），并按完成值更正得分")
    return RuleResult(None, result.arithmetic, problems=result.problems + (wrong,))
