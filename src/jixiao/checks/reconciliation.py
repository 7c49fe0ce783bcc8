"""Reconciliation (填报不实): where an evaluation carries both the indicator tree and the
department's self-evaluation form, the same indicator (matched by name) must say the same thing."""

from __future__ import annotations

from typing import Iterator

from ..model.quantity import Level, Quantity
from ..numbers import fmt_plain
from ..problems import Problem, error, info, warning
from .base import Context, Family, check
from .targets import leaves_by_name, same_target

FAMILY = Family(
    "reconciliation", "填报不实",
    {
        "reconcile.reported": "自评表实际完成值与评价中记录的填报值不符",
        "reconcile.actual": "自评表实际完成值与核实完成值不符",
        "reconcile.target": "自评表指标值与评价标杆值不符",
        "reconcile.weight": "自评表分值与评价指标权重不符",
    },
)


def _agree(a: Quantity | Level, b: Quantity | Level) -> bool:
    if isinstance(a, Quantity) and isinstance(b, Quantity):
        if a.unit and b.unit and a.unit != b.unit:
            return False
        # compared at the precision of the less precise figure: 2.56万人 agrees with 25632人
        coarse, fine = (a, b) if a.resolution >= b.resolution else (b, a)
        return coarse.agrees_with(fine.value)
    return str(a) == str(b)


@check
def reconcile(ctx: Context) -> Iterator[Problem]:
    if ctx.ss is None or ctx.sc is None:
        return
    leaves = leaves_by_name(ctx.ev.indicators)
    for row in ctx.ss.rows:
        ind = row.indicator
        leaf = leaves.get(ind.name)
        if leaf is None:
            continue
        where = ind.where.with_(table="自评表", row=ind.name, indicator=leaf.code)
        scored = ctx.sc.by_code.get(leaf.code)
        if ind.actual is not None and leaf.reported is not None and not _agree(ind.actual, leaf.reported):
            yield error(
                "reconcile.reported",
                f"“{ind.name}”：自评表实际完成值为{ind.actual}，评价中记录的填报值为{leaf.reported}（指标{leaf.code}），两者不一致",
                where,
                self_evaluation=ind.actual,
                reported=leaf.reported,
                hint="核对自评表与评价底稿中的填报值，以单位实际填报为准统一",
            )
        verified = scored.actual if scored is not None else None
        if isinstance(ind.actual, Quantity) and isinstance(verified, Quantity):
            if (not ind.actual.unit or not verified.unit or ind.actual.unit == verified.unit) and not ind.actual.agrees_with(
                verified.value
            ):
                yield warning(
                    "reconcile.actual",
                    f"“{ind.name}”：自评表实际完成值{ind.actual}与核实完成值{verified.display()}不符（填报不实）",
                    where,
                    self_evaluation=ind.actual,
                    verified=verified.value,
                    hint="按核实数据更正自评表，并按评分标准考虑填报不实扣分",
                )
        if ind.target is not None and leaf.benchmark is not None and not same_target(ind.target, leaf.benchmark):
            yield warning(
                "reconcile.target",
                f"“{ind.name}”：自评表指标值为{ind.target}，评价标杆值为{leaf.benchmark}（指标{leaf.code}）",
                where,
                self_evaluation=ind.target,
                benchmark=leaf.benchmark,
                hint="核对两表的指标值，应与批复的绩效目标一致",
            )
        if leaf.weight is not None and ind.weight != leaf.weight:
            yield info(
                "reconcile.weight",
                f"“{ind.name}”：自评表分值{fmt_plain(ind.weight)}分，评价指标{leaf.code}权重{fmt_plain(leaf.weight)}分（两套指标体系权重不同）",
                where,
                self_evaluation=ind.weight,
                weight=leaf.weight,
            )
