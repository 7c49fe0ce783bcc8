"""Budget (预算): lines add up, funding sources add up, spending within budget, every stated
rate equals the computed one at its stated precision, zero denominators stated."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..glossary import label
from ..metrics import compute
from ..metrics.budget import execution_percent, line_total, total
from ..model.evaluation import Budget, BudgetLine
from ..numbers import ZERO, fmt, fmt_percent
from ..problems import Problem, error, info, warning
from .base import Context, Family, agrees, check, row_mismatches

FAMILY = Family(
    "budget", "预算",
    {
        "budget.sum": "预算表一行的金额与其明细合计不符",
        "budget.total": "预算表合计行与各行合计不符",
        "budget.sources": "资金来源合计与预算表合计不符",
        "budget.overspent": "支出决算超过调整后预算",
        "budget.rate": "写明的执行率或预算比率与计算所得不符",
        "budget.zero": "调整后预算为0，执行率无法计算（提示）",
        "budget.three_public_zero": "“三公经费”预算与支出均为0，控制率按100%计（提示）",
    },
)

# The budget table (预算表) names initial and spent as the 决算 does; adjusted has the one name of the glossary.
COLUMNS = {"initial": "年初预算", "adjusted": label("adjusted"), "spent": "支出决算"}


def _lines(lines: tuple[BudgetLine, ...]) -> Iterator[BudgetLine]:
    for line in lines:
        yield line
        yield from _lines(line.children)


def _money(value: Decimal, unit: str) -> str:
    return f"{fmt(value, thousands=True)}{unit}"


@check
def budget_sums(ctx: Context) -> Iterator[Problem]:
    """A line that states its own figures equals the sum of its children; the 合计 row the lines."""
    b = ctx.ev.budget
    if b is None:
        return
    for line in _lines(b.lines):
        if not line.children:
            continue
        children = lambda column, line=line: sum((line_total(c, column) for c in line.children), ZERO)  # noqa: E731
        for label, own, parts in row_mismatches(line, COLUMNS, children):
            yield error(
                "budget.sum",
                f"预算表“{line.name}”的{label}为{_money(own, b.unit)}，其明细合计为{_money(parts, b.unit)}",
                line.where.with_(table="预算表", row=line.name),
                stated=own,
                computed=parts,
                hint="核对该行与明细行的金额，以决算报表为准更正",
            )
    if b.totals is not None:
        for label, stated, computed in row_mismatches(b.totals, COLUMNS, lambda column: total(b, column)):
            yield error(
                "budget.total",
                f"预算表合计行的{label}为{_money(stated, b.unit)}，各行合计为{_money(computed, b.unit)}",
                b.totals.where.with_(table="预算表", row="合计"),
                stated=stated,
                computed=computed,
                hint="核对合计行与各行金额，以决算报表为准更正",
            )


@check
def budget_sources(ctx: Context) -> Iterator[Problem]:
    """Funding sources (上级资金, 本级资金, 其他资金) sum to the budget's total."""
    b = ctx.ev.budget
    if b is None or not b.sources:
        return
    for column, label in COLUMNS.items():
        if all(getattr(s, column) is None for s in b.sources):
            continue
        sources = sum((line_total(s, column) for s in b.sources), ZERO)
        computed = total(b, column)
        if sources != computed:
            yield error(
                "budget.sources",
                f"资金来源的{label}合计{_money(sources, b.unit)}，与预算表合计{_money(computed, b.unit)}不一致",
                b.sources[0].where.with_(table="资金来源"),
                sources=sources,
                budget=computed,
                hint="核对资金来源明细与预算表，两者合计应相同",
            )


@check
def budget_overspent(ctx: Context) -> Iterator[Problem]:
    """Spending above the adjusted budget is flagged line by line."""
    b = ctx.ev.budget
    if b is None:
        return
    for line in _lines(b.lines):
        spent, adjusted = line_total(line, "spent"), line_total(line, "adjusted")
        if line.children:
            continue
        if spent > adjusted:
            yield warning(
                "budget.overspent",
                f"“{line.name}”支出决算{_money(spent, b.unit)}超过{COLUMNS['adjusted']}{_money(adjusted, b.unit)}",
                line.where.with_(table="预算表", row=line.name),
                spent=spent,
                adjusted=adjusted,
                hint=f"核实是否存在超预算支出；如有预算调整，应更新{COLUMNS['adjusted']}",
            )


def _stated_rate(b: Budget, line: BudgetLine) -> Iterator[Problem]:
    if line.rate is None:
        return
    adjusted, spent = line_total(line, "adjusted"), line_total(line, "spent")
    if adjusted == 0:
        yield info("budget.zero", f"“{line.name}”{COLUMNS['adjusted']}为0，执行率无法计算", line.where.with_(row=line.name))
        return
    computed = execution_percent(spent, adjusted)
    if not agrees(line.rate.number, computed):
        yield error(
            "budget.rate",
            f"“{line.name}”执行率写为{line.rate}，按{_money(spent, b.unit)} / {_money(adjusted, b.unit)}计算应为{fmt_percent(computed)}",
            line.where.with_(table="预算表", row=line.name),
            stated=line.rate.number,
            computed=computed,
            hint="按计算结果更正报告中的比率",
        )


@check
def budget_rates(ctx: Context) -> Iterator[Problem]:
    """Every rate the file states (per line, or as printed in the prose) equals the computed one."""
    b = ctx.ev.budget
    if b is None:
        return
    for line in _lines(b.lines):
        yield from _stated_rate(b, line)
    for name, stated in b.rates:
        metric = compute(name, ctx.ev)
        if metric.value is None:
            yield info("budget.zero", f"{metric.label}无法计算：{metric.arithmetic}", b.where.with_(path="budget.rates"))
        elif not agrees(stated.number, metric.value):
            yield error(
                "budget.rate",
                f"{metric.label}写为{stated}，{metric.explain()}",
                b.where.with_(path=f"budget.rates.{name.split('.', 1)[1]}"),
                stated=stated.number,
                computed=metric.value,
                hint="按计算结果更正报告中的比率",
            )
    if total(b, "adjusted") == 0:
        yield info("budget.zero", f"{COLUMNS['adjusted']}为0：预算执行率无法计算", b.where)
    if b.three_public_budget == 0 and b.three_public_spent == 0:
        metric = compute("budget.three_public_control_rate", ctx.ev)
        yield info("budget.three_public_zero", f"{metric.label}：{metric.note}", b.where.with_(path="budget.three_public"))
