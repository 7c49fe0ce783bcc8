"""coefficient — 得分系数: score = 得分系数 × 权重, as the 部门整体支出绩效自评表 prints it
(得分系数(%) / 指标权重(分) / 指标得分(分)).

The coefficient is not taken on trust: it is the degree the 全年完成值 reaches the 指标值, by the
national form's rules (national below) — a met target 100%, a missed ≥ target 完成值 / 指标值, a
missed ≤ target 指标值 / 完成值, a qualitative level its tier. The coefficient as filled is kept
(PARAMS) so that the checks can say where it differs (selfeval.coefficient) and where the filled
得分 is not 系数 × 权重 (selfeval.coefficient_score).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Mapping

from ..model.quantity import TIER_ACHIEVED, Level
from ..numbers import HUNDRED, fmt
from ..parse.quantity import ParseError, parse_quantity
from ..parse.tree import Reader
from ..problems import warning
from . import completion, tiers
from .base import RuleInput, RuleResult, not_scored, pts
from .params import Param

TYPE = "coefficient"
LABEL = "得分系数"

COEFFICIENT = Param("coefficient", "得分系数", "percent", "100%",
                    help="表中填写的得分系数；得分 = 得分系数 × 权重，系数按完成值与指标值复核")
PARAMS = (COEFFICIENT,)


@dataclass(frozen=True)
class Params:
    coefficient: Decimal | None = None  # percent, as filled
    unread: str | None = None  # the filled text where it is no percentage


def read(r: Reader) -> Params:
    return Params(COEFFICIENT.read(r))


def params_of(p: Params | Mapping[str, Any] | None) -> Params:
    """The rule's parameters, also from a reader's plain mapping {"coefficient": "100"}: a cell's
    text, a bare number read as percent points (the column is headed 得分系数(%))."""
    if isinstance(p, Params):
        return p
    text = str((p or {}).get("coefficient") or "").strip()
    if not text:
        return Params()
    try:
        q = parse_quantity(text)
    except ParseError:
        return Params(None, text)
    return Params(q.number, None) if q.unit in ("", "%") and not q.scale else Params(None, text)


def full_marks(p: Any) -> Decimal | None:
    return None


def national(x: RuleInput) -> RuleResult:
    """The national form's default scoring of a row against its 指标值 (x.benchmark)."""
    actual, target = x.actual, x.benchmark
    if isinstance(actual, Level):
        if target is not None and target.level is not None and actual.text == target.level.text:
            x = replace(x, actual=Level(TIER_ACHIEVED))
        return tiers.score(tiers.Params(), x)
    if target is None:
        return not_scored(x, "缺少年度指标值")
    if target.level is not None:
        return not_scored(x, f"定性指标值“{target}”的实际完成值应为达成预期指标 / 部分达成预期指标 / 未达成预期指标")
    return completion.score(completion.Params(), x)


def score(p: Any, x: RuleInput) -> RuleResult:
    p = params_of(p)
    unread = () if p.unread is None else (warning(
        "input.number", f"{x.name}：得分系数“{p.unread}”不是百分比，应为如 100%", x.where, value=p.unread,
        hint="按完成程度填写得分系数（%）"),)
    given = x.given_score
    if given is None and p.coefficient is not None:
        given = p.coefficient * x.weight / HUNDRED  # a qualitative row's points are the filled 系数 × 权重
    result = national(replace(x, given_score=given))
    if result.score is None or x.weight == 0:
        return replace(result, problems=result.problems + unread)
    derived = result.score / x.weight * HUNDRED
    arithmetic = f"{result.arithmetic}；得分系数为{fmt(derived)}%（得分 = {fmt(derived)}% × {pts(x.weight)} = {pts(result.score)}分）"
    return RuleResult(result.score, arithmetic, result.reason, result.problems + unread)
