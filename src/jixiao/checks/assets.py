"""Fixed assets (固定资产): each row rolls forward, columns add up to the 合计 row, in use ≤ closing."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..glossary import label
from ..metrics import compute
from ..metrics.assets import column_total
from ..numbers import ZERO, fmt
from ..problems import Problem, error
from .base import Context, Family, agrees, check, row_mismatches

FAMILY = Family(
    "assets", "固定资产",
    {
        "assets.rollforward": "一个资产类别的期初 + 本期增加 − 本期减少不等于期末",
        "assets.total": "固定资产合计行与各类别之和不符",
        "assets.in_use": "在用固定资产期末原值大于固定资产期末原值",
        "assets.utilization": "写明的固定资产利用率与计算所得不符",
    },
)

def _m(value: Decimal) -> str:
    return fmt(value, thousands=True)


COLUMNS = {k: label(k) for k in ("opening", "increase", "decrease", "closing")}


@check
def assets_rollforward(ctx: Context) -> Iterator[Problem]:
    """期初 + 本期增加 − 本期减少 = 期末, row by row."""
    a = ctx.ev.assets
    if a is None:
        return
    for c in a.categories:
        if c.opening is None or c.closing is None:
            continue
        increase = c.increase if c.increase is not None else ZERO
        decrease = c.decrease if c.decrease is not None else ZERO
        computed = c.opening + increase - decrease
        if computed != c.closing:
            yield error(
                "assets.rollforward",
                f"资产类别“{c.name}”：期初{_m(c.opening)} + 增加{_m(increase)} − 减少{_m(decrease)} = {_m(computed)}，"
                f"而期末金额为{_m(c.closing)}{a.unit}",
                c.where.with_(table="固定资产情况表", row=c.name),
                computed=computed,
                stated=c.closing,
                hint="核对该类别的期初、增减与期末金额，以资产台账为准更正",
            )


@check
def assets_totals(ctx: Context) -> Iterator[Problem]:
    """The 合计 row equals the column sums; 在用 ≤ 期末; the stated 利用率 equals the computed one."""
    a = ctx.ev.assets
    if a is None:
        return
    if a.totals is not None:
        for label, stated, computed in row_mismatches(a.totals, COLUMNS, lambda column: column_total(a, column)):
            yield error(
                "assets.total",
                f"固定资产合计行的{label}为{_m(stated)}，各类别合计为{_m(computed)}{a.unit}",
                a.totals.where.with_(table="固定资产情况表", row="合计"),
                stated=stated,
                computed=computed,
                hint="按各类别金额更正合计行",
            )
    closing = column_total(a, "closing")
    if a.in_use is not None and a.in_use > closing:
        yield error(
            "assets.in_use",
            f"在用固定资产期末原值{fmt(a.in_use, thousands=True)}大于固定资产期末原值{fmt(closing, thousands=True)}{a.unit}",
            a.where.with_(path="assets.in_use"),
            in_use=a.in_use,
            closing=closing,
            hint="核对在用固定资产原值，它不应超过期末原值",
        )
    if a.utilization is not None:
        metric = compute("assets.utilization", ctx.ev)
        if metric.value is not None and not agrees(a.utilization.number, metric.value):
            yield error(
                "assets.utilization",
                f"固定资产利用率写为{a.utilization}，{metric.explain()}",
                a.where.with_(path="assets.utilization"),
                stated=a.utilization.number,
                computed=metric.value,
                hint="按计算结果更正固定资产利用率",
            )
