"""checklist — 要点评分: the sum of the points of the items that are met.

评分标准 as the field states it, e.g. A42: “1. 有部门整体支出绩效目标，得1分；2. 绩效目标与
部门职能、规划计划具有相关性，得1分；3. 预期产出为正常的业绩水平，得1分。”
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..parse.tree import Reader
from ..numbers import ZERO
from .base import RuleInput, RuleResult, clamp, not_scored, pts
from .params import Param

TYPE = "checklist"
LABEL = "要点评分"

ITEMS = Param("items", "评分要点", "items", "有部门整体支出绩效目标；1分；满足", required=True,
              help="每行一个要点：要点内容；分值；满足或未满足；（可选）说明。得分为满足的要点分值之和")
PARAMS = (ITEMS,)


@dataclass(frozen=True)
class Item:
    text: str
    points: Decimal
    met: bool | None  # None: not yet assessed (no `met` key)
    note: str | None = None


@dataclass(frozen=True)
class Params:
    items: tuple[Item, ...]


def read(r: Reader) -> Params:
    items = []
    nodes = r.items("items", ITEMS.title)
    if not nodes:
        r.missing("items", ITEMS.label, "[{text: …, points: 1, met: true}]")
    for node in nodes:
        sub = r.sub(node)
        text = sub.text("text", "要点内容", required=True) or ""
        points = sub.decimal("points", "要点分值", required=True, example="1")
        met = sub.boolean("met", "是否满足（met）", default=None)
        note = sub.text("note", "说明")
        sub.done()
        items.append(Item(text, points if points is not None else ZERO, met, note))
    return Params(tuple(items))


def full_marks(p: Params) -> Decimal | None:
    return sum((item.points for item in p.items), ZERO)


def score(p: Params, x: RuleInput) -> RuleResult:
    pending = [f"第{i}项“{item.text}”" for i, item in enumerate(p.items, 1) if item.met is None]
    if pending:
        return not_scored(x, f"{'、'.join(pending)}尚未评定是否满足（met: true 或 false）")
    earned = [item.points if item.met else ZERO for item in p.items]
    total = sum(earned, ZERO)
    points = clamp(total, x.weight)
    arithmetic = " + ".join(pts(e) for e in earned) + f" = {pts(total)}分"
    if points != total:
        arithmetic += f"，以权重{pts(x.weight)}分为限"
    misses = [
        f"第{i}项“{item.text}”未满足（{pts(item.points)}分）" + (f"：{item.note}" if item.note else "")
        for i, item in enumerate(p.items, 1)
        if not item.met
    ]
    return RuleResult(points, arithmetic, "；".join(misses))
