"""completion — 完成率评分, as the field states it (e.g. C11–C23 of a 部门整体 evaluation):

“部门按照计划目标完成年度重点工作目标，且填报真实无误差的，得满分。未完成计划目标的，
得分=实际完成值/计划完成值×权重。完成值超出计划目标，偏差比例≤10%，不扣分；10%<偏差比例
≤20%，每超1%扣1分，扣完为止；偏差比例>20%，本项计0分。实际填报值与真实完成值不符的，扣2分。
若存在故意虚报等严重情况，本项计0分。”

- ≥ / > targets: shortfall scores actual/target × weight; overshoot bands apply to
  偏差比例 = (actual − target) / target, where a band with per_point deducts that many
  points per percentage point above the previous band's bound.
- ≤ / < targets: a miss scores target/actual × weight.
- = targets: a miss scores the smaller over the larger × weight.
- misreport: the reported value is compared with the verified one at the reported
  value's own precision (2.56万人 agrees with 25,632人; 97% does not with 97.63%).
- falsified: 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..metrics.base import deviation as deviation_of
from ..model.quantity import Level, Quantity, Target
from ..numbers import ZERO, fmt
from .base import RuleInput, RuleResult, clamp, need_quantity, need_target, not_scored, pts, units_clash
from .params import Param

TYPE = "completion"
LABEL = "完成率评分"

OVERSHOOT = Param("overshoot", "超额偏差档", "bands", "偏差≤10%：扣0分\n偏差≤20%：每超1%扣1分\n偏差>20%：计0分",
                  help="完成值超出目标值时，按偏差比例 =（完成值 − 目标值）/ 目标值 分档扣分，每行一档")
MISREPORT = Param("misreport", "填报不实扣分", "decimal", "2", help="填报值与核实的完成值不符时扣的分数")
FALSIFIED = Param("falsified", "故意虚报", "boolean", "否", help="存在故意虚报等严重情况时选“是”，本项计0分")
PARAMS = (OVERSHOOT, MISREPORT, FALSIFIED)


@dataclass(frozen=True)
class Band:
    upto: Decimal | None  # upper bound of 偏差比例, percent; None for the open "above" band
    deduct: Decimal | None = None
    per_point: Decimal | None = None
    score: Decimal | None = None


@dataclass(frozen=True)
class Params:
    overshoot: tuple[Band, ...] = ()
    misreport: Decimal | None = None
    falsified: bool = False


def read(r: Reader) -> Params:
    bands = []
    for node in r.items("overshoot", OVERSHOOT.title):
        sub = r.sub(node)
        upto = sub.percent_or_number("upto", "偏差上限（upto）")
        above = sub.percent_or_number("above", "偏差下限（above）")
        band = Band(
            upto=upto,
            deduct=sub.decimal("deduct", "扣分（deduct）"),
            per_point=sub.decimal("per_point", "每超1%扣分（per_point）"),
            score=sub.decimal("score", "本档得分（score）"),
        )
        if upto is None and above is None:
            sub.missing("upto", "偏差上限，或以 above 表示最后一档", "10%")
        sub.done()
        bands.append(band)
    return Params(
        overshoot=tuple(bands),
        misreport=MISREPORT.read(r),
        falsified=FALSIFIED.read(r),
    )


def full_marks(p: Params) -> Decimal | None:
    return None


def _overshoot(p: Params, deviation: Decimal, weight: Decimal) -> tuple[Decimal, str]:
    """Points deducted for a target set too low, and how."""
    previous = ZERO
    for band in p.overshoot:
        if band.upto is None or deviation <= band.upto:
            bound = f"≤ {pts(band.upto)}%" if band.upto is not None else f"> {pts(previous)}%"
            if band.score is not None:
                return weight - band.score, f"{bound}，本项计{pts(band.score)}分"
            if band.per_point is not None:
                over = deviation - previous
                lost = over * band.per_point
                return lost, f"{bound}，超出{pts(previous)}%共{fmt(over)}个百分点 × {pts(band.per_point)}分 = {pts(lost)}分"
            lost = band.deduct or ZERO
            return lost, f"{bound}，" + ("不扣分" if lost == 0 else f"扣{pts(lost)}分")
        previous = band.upto
    return ZERO, f"> {pts(previous)}%，评分标准未规定该档，不扣分"


def base_points(p: Params, weight: Decimal, target: Target, a: Decimal) -> Decimal:
    """Points before the misreport deduction, not yet clamped: the arithmetic _base explains, and
    the bulk review computes alone for the rows it has nothing to report about."""
    assert target.quantity is not None
    t = target.quantity.value
    op = target.op or "="
    if target.is_met_by(a):
        if op in (">=", ">") and p.overshoot and a != t and t != 0:
            return weight - _overshoot(p, deviation_of(a, t), weight)[0]
        return weight
    if op in (">=", ">"):
        return weight if t == 0 else a / t * weight
    if op in ("<=", "<", "within") and a == 0:
        return ZERO  # missed at 0: 目标值 / 完成值 has no value, as near 0 it scores 0
    if op in ("<=", "<"):
        return t / a * weight
    if op == "within":
        return t / abs(a) * weight
    small, large = sorted([a, t])
    return ZERO if large == 0 else small / large * weight


def _base(p: Params, x: RuleInput, actual: Quantity, target: Target) -> tuple[Decimal, list[str], list[str]]:
    """Points before the misreport deduction (base_points), with arithmetic steps and reasons."""
    assert target.quantity is not None
    goal = target.quantity
    a, t = actual.value, goal.value
    a_text = actual.display()
    steps: list[str] = []
    reasons: list[str] = []
    op = target.op or "="
    points = base_points(p, x.weight, target, a)
    if target.is_met_by(a):
        steps.append(f"完成值{a_text}{'，满足' if op != '=' else '，等于'}目标值{target}，已完成")
        if op in (">=", ">") and p.overshoot and a != t:
            if t == 0:
                steps.append("目标值为0，偏差比例无法计算，不按超额偏差扣分")
            else:
                deviation = deviation_of(a, t)
                lost, how = _overshoot(p, deviation, x.weight)
                steps.append(f"偏差比例 = ({_num(actual)} − {_num(goal)}) / {_num(goal)} = {fmt(deviation)}% {how}")
                if lost > 0:
                    reasons.append(f"完成值超出目标值{fmt(deviation)}%，目标设定偏低，扣{pts(min(lost, x.weight))}分")
        return points, steps, reasons
    if op in (">=", ">"):
        if t == 0:
            return points, [f"目标值为0，完成值{a_text}"], []
        steps.append(f"未完成目标值{target}：得分 = {_num(actual)} / {_num(goal)} × {pts(x.weight)} = {fmt(points)}分")
    elif op in ("<=", "<", "within") and a == 0:
        return points, [f"完成值为0，未达到目标值{target}，目标值 / 完成值无法计算，得0分"], [f"完成值{a_text}未达到目标值{target}"]
    elif op in ("<=", "<"):
        steps.append(f"未达到目标值{target}：得分 = {_num(goal)} / {_num(actual)} × {pts(x.weight)} = {fmt(points)}分")
    elif op == "within":
        steps.append(f"超出目标值{target}：得分 = {_num(goal)} / |{_num(actual)}| × {pts(x.weight)} = {fmt(points)}分")
    else:
        small, large = sorted([a, t])
        if large == 0:
            return points, ["完成值与目标值均为0"], []
        steps.append(f"未等于目标值{target}：得分 = {fmt(small)} / {fmt(large)} × {pts(x.weight)} = {fmt(points)}分")
    reasons.append(f"完成值{a_text}未达到目标值{target}")
    return points, steps, reasons


def _num(q: Quantity) -> str:
    """A figure inside a formula: 25,632 for counts, 97.63% for rates."""
    text = q.base_text()
    return text[: -len(q.unit)] if q.unit and not q.is_percent and text.endswith(q.unit) else text


def score(p: Params, x: RuleInput) -> RuleResult:
    if p.falsified:
        return RuleResult(ZERO, "存在故意虚报等严重情况，本项计0分", "存在故意虚报等严重情况，本项计0分")
    if isinstance(x.actual, Level) and x.benchmark is not None and x.benchmark.level is not None:
        if x.actual.text == x.benchmark.level.text:
            return RuleResult(x.weight, f"完成值“{x.actual}”达到标杆值，得满分{pts(x.weight)}分")
        return not_scored(x, f"完成值“{x.actual}”与定性标杆值“{x.benchmark}”不同，完成率评分需要数量")
    target = need_target(x, x.benchmark)
    if isinstance(target, RuleResult):
        return target
    actual = need_quantity(x)
    if isinstance(actual, RuleResult):
        return actual
    assert target.quantity is not None
    clash = units_clash(x, actual, target.quantity, "与目标值")
    if clash:
        return clash
    points, steps, reasons = _base(p, x, actual, target)
    start = x.weight if target.is_met_by(actual.value) else points
    if p.misreport is not None and x.reported is not None:
        if isinstance(x.reported, Quantity):
            clash = units_clash(x, actual, x.reported, "与填报值")
            if clash:
                return clash
            agrees = x.reported.agrees_with(actual.value)
        else:
            agrees = False
        shown = str(x.reported)
        if agrees:
            steps.append(f"填报值{shown}与核实完成值{actual.display()}一致")
        else:
            steps.append(f"填报值{shown}与核实完成值{actual.display()}不符，扣{pts(p.misreport)}分")
            reasons.append(f"实际填报值{shown}与真实完成值{actual.display()}不符，扣{pts(p.misreport)}分")
            points -= p.misreport
    final = clamp(points, x.weight)
    if final != start:
        steps.append(f"得分 = {pts(start)} − {pts(start - final)} = {pts(final)}分")
    elif final == x.weight:
        steps.append(f"得{pts(final)}分")  # a shortfall has already stated its score
    return RuleResult(final, "；".join(steps), "；".join(reasons))
