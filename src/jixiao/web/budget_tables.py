"""The 预算与资产 tab's 表1-2 and 表1-1 as a clerk reads them: one row per budget line or
asset category, a 合计 row, 执行率 and 利用率 — every figure from jixiao.metrics, in 万元
with thousands separators, recomputed from the document shown."""

from __future__ import annotations

from decimal import Decimal

from ..metrics.assets import column_total, utilization
from ..metrics.budget import execution_percent, execution_rate, line_total, total
from ..model.evaluation import BudgetLine, Evaluation
from ..numbers import fmt
from ..render.figures import rate_text

ASSET_COLUMNS = ("opening", "increase", "decrease", "closing")


def money(value: Decimal | None) -> str:
    return "—" if value is None else fmt(value, thousands=True)


def _line_rows(lines: tuple[BudgetLine, ...], depth: int = 1) -> list[dict]:
    rows = []
    for line in lines:
        adjusted, spent = line_total(line, "adjusted"), line_total(line, "spent")
        rows.append({"name": "　" * (depth - 1) + line.name, "depth": depth, "initial": money(line_total(line, "initial")),
                     "adjusted": money(adjusted), "spent": money(spent),
                     "rate": rate_text(execution_percent(spent, adjusted))})
        rows.extend(_line_rows(line.children, depth + 1))
    return rows


def budget_table(ev: Evaluation) -> dict | None:
    """表1-2: 年初预算数, 全年预算数, 全年执行数 and 执行率 per line; 合计 uses budget.execution_rate."""
    b = ev.budget
    if b is None:
        return None
    execution = execution_rate(ev)
    caption = "表1-2 项目资金预算及支出情况表" if ev.kind == "project" else "表1-2 部门预算支出及结转结余情况表"
    return {
        "caption": caption, "unit": b.unit, "rows": _line_rows(b.lines),
        "total": {"initial": money(total(b, "initial")), "adjusted": money(total(b, "adjusted")),
                  "spent": money(total(b, "spent")), "rate": rate_text(execution.value)},
        "carryover": money(b.carryover) if b.carryover is not None else "",
        "explain": execution.explain(),
    }


def asset_table(ev: Evaluation) -> dict | None:
    """表1-1: 期初, 本期增加, 本期减少, 期末 per category, 合计, and 固定资产利用率 from assets.utilization."""
    a = ev.assets
    if a is None:
        return None
    used = utilization(ev)
    rows = [{"name": c.name, **{k: money(getattr(c, k)) for k in ASSET_COLUMNS}} for c in a.categories]
    return {
        "caption": "表1-1 固定资产情况表", "unit": a.unit, "rows": rows,
        "total": {k: money(column_total(a, k)) for k in ASSET_COLUMNS},
        "in_use": money(a.in_use), "rate": rate_text(used.value), "explain": used.explain(),
    }


def tables(analysis) -> dict:
    ev = analysis.evaluation if analysis else None
    if ev is None:
        return {}
    return {"budget_table": budget_table(ev), "asset_table": asset_table(ev)}
