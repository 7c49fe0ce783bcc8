"""Which way a numeric target points when the form prints no ≥ / ≤ / = before it.

Forms often write "38508人" or "100" where the template meant "≥": compared as "=", an
over-achieved count would lose points. The direction is inferred from the indicator's name
(and its 二级指标) where the field leaves no doubt, and said; where it does, the leaf is
unassessed, never silently "=". Adding a word is one line of a table below.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..model.quantity import Level, Quantity
from ..problems import Problem, Source, warning
from .quantity import ParseError, normalize, parse_target, parse_value

# (pattern in the indicator's name, direction), first match wins: lower-is-better words first,
# then amounts whose name says they are to be reached, then money (a sum to spend or a ceiling:
# the name does not settle it), then what is counted or rated.
NAME_RULES: tuple[tuple[str, str | None], ...] = (
    (r"成本|控制率|投诉|差错|事故|违规|违纪|超支|超标|时长|用时|耗时|时间|周期|单价|均价|费用|损失", "≤"),
    (r"发生率|死亡率|空置率|返贫|闲置|结余率|调整率|变动率|误差|偏差|下降", "≤"),
    (r"率$", "≥"),  # a rate to reach (执行率, 覆盖率): the lower-is-better rates are named above
    (r"收入|产值|销售|营业|外包|贸易|出口|利润|税收|增加值|带动|增收|营收", "≥"),
    (r"金额|资金|经费|预算|投资|拨款|补助标准|补贴标准", None),
    (r"率|数量|数|覆盖|面积|人数|人次|满意|户|亩|公里|长度|里程|次|个数|项|场|期|种|所|家|件|台|套|能力|使用|效果", "≥"),
)
# the 二级指标 a row falls under, where its name says nothing
LEVEL2_RULES: tuple[tuple[str, str | None], ...] = (
    (r"成本", "≤"),
    (r"数量|质量|时效|效益|满意度|影响", "≥"),
)
_EQUALS = ("=", "等于")


def infer(name: str, level2: str | None = None) -> str | None:
    """"≥", "≤", or None where neither the name nor the 二级指标 settles it."""
    name = re.sub(r"^指标\s*\d+\s*[:：]?", "", normalize(name))
    for pattern, direction in NAME_RULES:
        if re.search(pattern, name):
            return direction
    for pattern, direction in LEVEL2_RULES:
        if level2 and re.search(pattern, normalize(level2)):
            return direction
    return None


def undirected(text: str) -> bool:
    """A quantity with no comparison written: "38508人", "100", not "≥95%", "=2个", "以上", "明确"."""
    try:
        target = parse_target(text)
    except ParseError:
        return False
    return target.quantity is not None and target.op == "=" and not normalize(text).startswith(_EQUALS)


def _equal(target: str, actual: str | None) -> bool:
    try:
        value, goal = parse_value(actual or ""), parse_target(target).quantity
    except ParseError:
        return False
    return goal is not None and getattr(value, "value", None) == goal.value and value.unit == goal.unit


def readings(target: str, actual: str, weight: str) -> tuple[Decimal, Decimal] | None:
    """The score of an undirected leaf read both ways, from the cells' texts: readings_of."""
    try:
        goal, value, points = parse_target(target).quantity, parse_value(actual), Decimal(normalize(weight))
    except (ParseError, ArithmeticError):
        return None
    return readings_of(goal, value, points)


def readings_of(goal: Quantity | None, value: Quantity | Level | None, points: Decimal) -> tuple[Decimal, Decimal] | None:
    """The score of an undirected leaf read both ways, by the national form's rule: (as a figure to
    reach, as a ceiling). None where the two figures do not compare (a word, another unit, a 0)."""
    if goal is None or not isinstance(value, Quantity) or value.unit != goal.unit or not goal.value or not value.value:
        return None
    reach = points if value.value >= goal.value else value.value / goal.value * points
    ceiling = points if value.value <= goal.value else goal.value / value.value * points
    return reach, ceiling


def settle(target: str, name: str, where: Source, *, level2: str | None = None,
           actual: str | None = None) -> tuple[str | None, Problem | None]:
    """The target as scored, and what was said about its direction.

    A target with a written direction or no figure comes back as it is. A bare figure gets the
    inferred sign (warned); where none can be inferred it comes back None (the leaf unassessed),
    unless the actual equals it, which meets the target whichever way it points."""
    if not undirected(target):
        return target, None
    direction = infer(name, level2)
    if direction is not None:
        return direction + target, warning(
            "targets.direction_inferred",
            f"“{name}”的年度指标值“{target}”未写≥/≤/=：按指标名称推断为“{direction}”复核，请确认并补写方向",
            where, inferred=direction)
    if _equal(target, actual):
        return target, warning(
            "targets.direction_unknown",
            f"“{name}”的年度指标值“{target}”未写≥/≤/=，指标名称也定不了方向：完成值与指标值相等，无论哪个方向都已完成",
            where)
    return None, warning(
        "targets.direction_unknown",
        f"“{name}”的年度指标值“{target}”未写≥/≤/=，指标名称也定不了方向（应达到还是不超过）：该指标按未评分处理，请填报方向",
        where)


__all__ = ["LEVEL2_RULES", "NAME_RULES", "infer", "readings", "readings_of", "settle", "undirected"]
