"""coefficient — 得分系数: score = 得分系数 × 权重, as the 部门整体支出绩效自评表 prints it
(得分系数(%) / 指标权重(分) / 指标得分(分)).

The coefficient is not taken on trust: it is the degree the 全年完成值 reaches the 指标值, by the
national form's rules (national below) — a met target 100%, a missed ≥ target 完成值 / 指标值, a
missed ≤ target 指标值 / 完成值, a qualitative level its tier. The coefficient as filled is kept
(PARAMS) so that the checks can say where it differs (selfeval.coefficient) and where the filled
得分 is not 系数 × 权重 (selfeval.coefficient_score).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Mapping

from ..model.quantity import TIER_ACHIEVED, Level
from ..numbers import HUNDRED, ZERO, fmt
from ..parse.quantity import ParseError, parse_quantity
from ..parse.tree import Reader
from ..problems import error, warning
from . import completion, ratio, tiers
from .base import RuleInput, RuleResult, not_scored, pts
from .params import Param

TYPE = "coefficient"
LABEL = "得分系数"

COEFFICIENT = Param("coefficient", "得分系数", "percent", "100%",
                    help="表中填写的得分系数；得分 = 得分系数 × 权重，系数按完成值与指标值复核")
PARAMS = (COEFFICIENT,)

# an indicator that is the funds' 执行率 itself: without a 指标值 it is scored as the funds line is
RATE_NAME = re.compile(r"(预算|资金)(执行|完成|支出|使用)率|^执行率$")


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
        elif tiers.tier_of(actual.text) is None:
            return _described(x)
        return tiers.score(tiers.Params(), x)
    if target is None and actual is not None and actual.is_percent and RATE_NAME.search(x.name):
        return ratio.score(ratio.Params(), x)
    if target is None:
        return not_scored(x, "缺少年度指标值")
    if target.level is not None:
        return not_scored(x, f"定性指标值“{target}”的实际完成值应为达成预期指标 / 部分达成预期指标 / 未达成预期指标")
    return completion.score(completion.Params(), x)


def _described(x: RuleInput) -> RuleResult:
    """A qualitative row whose 实际完成值 is a description ("财务制度健全，严格执行制度"), not 达成 /
    部分达成 / 未达成: a reviewer reads its filled score against its 分值; unassessed only where
    there is no filled score to read, or one outside 0–分值."""
    given = x.given_score
    if given is None:
        return not_scored(x, f"定性指标的实际完成值“{x.actual}”是一段描述，得分也未填写，档次无从判断")
    if not ZERO <= given <= x.weight:
        return not_scored(x, f"定性指标所填得分{pts(given)}分不在0至分值{pts(x.weight)}分之间")
    arithmetic = f"定性指标，实际完成值为描述（未写达成程度）：按所填得分{pts(given)}分计（分值{pts(x.weight)}分）"
    return RuleResult(given, arithmetic, "" if given >= x.weight else str(x.actual))


def _unfounded(x: RuleInput, p: Params, given: Decimal):
    """Points filled where the row has neither 指标值 nor 完成值: nothing they could follow from."""
    shown = f"得分系数{fmt(p.coefficient, 0)}%、" if p.coefficient is not None else ""
    return error(
        "selfeval.score", f"自评表“{x.name}”没有年初指标值和全年完成值，却填了{shown}得{pts(given)}分：无从复核，按未评分处理",
        x.where.with_(table="自评表", row=x.name), filled=given, hint="填写年初指标值和全年完成值，按完成程度填写系数和得分")


def score(p: Any, x: RuleInput) -> RuleResult:
    p = params_of(p)
    unread = () if p.unread is None else (warning(
        "input.number", f"{x.name}：得分系数“{p.unread}”不是百分比，应为如 100%", x.where, value=p.unread,
        hint="按完成程度填写得分系数（%）"),)
    given = x.given_score
    if given is None and p.coefficient is not None:
        given = p.coefficient * x.weight / HUNDRED  # a qualitative row's points are the filled 系数 × 权重
    result = national(replace(x, given_score=given))
    if result.score is None and x.benchmark is None and x.actual is None and given is not None:
        unread += (_unfounded(x, p, given),)
    if result.score is None or x.weight == 0:
        return replace(result, problems=result.problems + unread)
    derived = result.score / x.weight * HUNDRED
    arithmetic = f"{result.arithmetic}；得分系数为{fmt(derived)}%（得分 = {fmt(derived)}% × {pts(x.weight)} = {pts(result.score)}分）"
    return RuleResult(result.score, arithmetic, result.reason, result.problems + unread)
