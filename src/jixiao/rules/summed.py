"""summed — 先汇总完成数再计算得分: an indicator of several parts (districts, quarters, sub-projects)
scored once on their total, where the form says so (“定量指标先汇总完成数再计算得分”).

Counts and amounts are summed as absolute values (a part written −3 still counts 3 done); rates are
averaged weighted by the money of each part (资金加权平均), or plainly where no money is given. The
total is then scored against the 标杆值 by the national form's rule (met: full marks; missed:
完成值 / 指标值, or 指标值 / 完成值 for a ≤ target).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..model.quantity import Quantity, computed
from ..numbers import ZERO, fmt
from ..parse.quantity import ParseError, parse_quantity
from ..parse.tree import Reader
from .base import RuleInput, RuleResult, mapping, not_scored
from .coefficient import national
from .params import Param

TYPE = "summed"
LABEL = "汇总计分"

PARTS = Param("parts", "分项完成数", "levels", "城区=1200人；乡镇=800人", required=True,
              help="每个分项写成 名称=完成数，以“；”分隔；数量、金额相加，比率按资金加权平均")
AMOUNTS = Param("amounts", "分项资金", "levels", "城区=300；乡镇=200",
                help="比率按各分项资金加权平均时，每个分项的资金（与分项完成数同名）；不填则简单平均")
PARAMS = (PARTS, AMOUNTS)


@dataclass(frozen=True)
class Params:
    parts: tuple[tuple[str, Quantity], ...]
    amounts: tuple[tuple[str, Decimal], ...] = ()


def read(r: Reader) -> Params:
    parts: list[tuple[str, Quantity]] = []
    node, keys = mapping(r, PARTS, "{城区: 1200人, 乡镇: 800人}") or (r, [])
    for key in keys:
        text = node.text(key, f"分项“{key}”的完成数")
        if text is None:
            continue  # a part left blank is no figure
        try:
            parts.append((key, parse_quantity(text)))
        except ParseError as e:
            node._fail(node.child(key), "quantity", f"分项“{key}”的完成数“{text}”不是数量：{e}", value=text)  # type: ignore[arg-type]
    amounts = []
    money, names = mapping(r, AMOUNTS, "{城区: 300, 乡镇: 200}") or (r, [])
    for key in names:
        value = money.decimal(key, f"分项“{key}”的资金")
        if value is not None:
            amounts.append((key, value))
    return Params(tuple(parts), tuple(amounts))


def full_marks(p: Params) -> Decimal | None:
    return None


def total(p: Params) -> tuple[Quantity, str] | str:
    """The parts' total with its arithmetic, or why there is none."""
    units = {q.unit for _, q in p.parts}
    if not p.parts:
        return "没有分项完成数"
    if len(units) > 1:
        return f"分项单位不一致（{'、'.join(sorted(u or '无单位' for u in units))}），无法汇总"
    unit = units.pop()
    if unit != "%":
        value = sum((abs(q.value) for _, q in p.parts), ZERO)
        return computed(value, unit), " + ".join(q.base_text().lstrip("-") for _, q in p.parts) + f" = {fmt(value)}{unit}"
    money = dict(p.amounts)
    if money and (set(money) != {name for name, _ in p.parts} or sum(money.values(), ZERO) == 0):
        return "分项资金须与分项完成数一一对应，且合计不为0"
    weights = [money.get(name, Decimal(1)) for name, _ in p.parts]
    value = sum((q.value * w for (_, q), w in zip(p.parts, weights)), ZERO) / sum(weights, ZERO)
    terms = " + ".join(f"{q.base_text()} × {fmt(w)}" for (_, q), w in zip(p.parts, weights))
    return computed(value, "%"), f"({terms}) / {fmt(sum(weights, ZERO))} = {fmt(value)}%"


def score(p: Params, x: RuleInput) -> RuleResult:
    summed = total(p)
    if isinstance(summed, str):
        return not_scored(x, summed)
    value, how = summed
    result = national(replace(x, actual=value))
    if result.score is None:
        return result
    return replace(result, arithmetic=f"先汇总完成数：{how}；{result.arithmetic}")
