"""Completeness: a quantitative actual states its source; a deduction states its reason; every
finding names an indicator that exists. (A leaf that cannot be scored is reported by scoring
itself, code score.not_scored, with the reason it could not be scored.)"""

from __future__ import annotations

from typing import Iterator

from ..model.indicators import FormulaActual, ValueActual, walk_all
from ..model.quantity import Quantity
from ..problems import Problem, error, warning
from .base import Context, Family, check

FAMILY = Family(
    "completeness", "完整性",
    {
        "complete.source": "定量完成值没有注明数据来源",
        "complete.reason": "扣了分却没有扣分原因",
        "findings.indicator": "存在问题关联的指标编码不存在",
    },
)


@check
def sources(ctx: Context) -> Iterator[Problem]:
    for _, leaf in walk_all(ctx.ev.indicators):
        a = leaf.actual
        quantitative = isinstance(a, FormulaActual) or (isinstance(a, ValueActual) and isinstance(a.value, Quantity))
        if leaf.is_leaf and quantitative and not a.source:  # type: ignore[union-attr]
            yield warning(
                "complete.source",
                f"{leaf.code} {leaf.name}：定量完成值没有注明数据来源（source），无法追溯核实",
                a.where.with_(indicator=leaf.code),  # type: ignore[union-attr]
                hint="注明数据来源（统计表、台账、文件名称）",
            )


@check
def reasons(ctx: Context) -> Iterator[Problem]:
    if ctx.sc is None:
        return
    for leaf in ctx.sc.leaves():
        if leaf.score is not None and leaf.score < leaf.weight and not leaf.reason.strip():
            yield error(
                "complete.reason",
                f"{leaf.code} {leaf.name}：得{leaf.score.normalize()}分（权重{leaf.weight.normalize()}分）却没有扣分原因",
                leaf.indicator.where.with_(indicator=leaf.code),
                hint="补充扣分原因",
            )


@check
def finding_links(ctx: Context) -> Iterator[Problem]:
    codes = {node.code for _, node in walk_all(ctx.ev.indicators)}
    for f in ctx.ev.findings.issues:
        if f.indicator and f.indicator not in codes:
            yield error(
                "findings.indicator",
                f"问题“{f.title}”关联的指标编码“{f.indicator}”不存在",
                f.where,
                indicator=f.indicator,
                hint="更正问题关联的指标编码",
            )
