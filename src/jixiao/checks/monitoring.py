"""运行监控 预警: the 绩效运行监控表 against the bureau's rules (the form's AlertRules) — budget
execution behind the time progress, execution above the budget, a cumulative target that its
progress so far cannot reach by December, a cost already above its ceiling, and a 偏差 left
without 偏差原因 or 纠偏措施. Every alert states its arithmetic."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ..model.monitoring import MONTHS, MonitoredIndicator, Monitoring, execution_rate, time_progress
from ..model.quantity import Quantity
from ..numbers import fmt, fmt_plain
from ..parse.quantity import normalize
from ..problems import Problem, error, warning
from .base import Context, Family, check

FAMILY = Family(
    "monitoring", "运行监控预警",
    {
        "monitoring.execution_lag": "预算执行进度落后于时间进度超过预警线（默认 10 个百分点）",
        "monitoring.over_budget": "1—N月执行数超过全年预算数",
        "monitoring.target_unreachable": "按 1—N月完成值线性推算，全年达不到年度指标值",
        "monitoring.cost_over": "成本指标的 1—N月发生数已超过其上限",
        "monitoring.reason_missing": "存在偏差（预警或完成可能性为“有可能”“不可能”）而未填写偏差原因或纠偏措施",
        "monitoring.rules": "预警规则文件无法读取（应为键值映射）",
    },
)

DOUBTFUL = re.compile(r"有可能|不可能|不能|否|难以")
UP = (">=", ">", "=")
DOWN = ("<=", "<")


def _form(ctx: Context) -> Monitoring | None:
    return ctx.ev.monitoring


def _at(ind: MonitoredIndicator):
    return ind.progress_at or ind.where


def _money(value: Decimal, unit: str) -> str:
    return f"{fmt_plain(value)}{unit}"


def lag(m: Monitoring) -> tuple[Decimal, Decimal, Decimal] | None:
    """(执行进度, 时间进度, 落后的百分点) where the budget's execution is behind by more than the rule allows."""
    line = m.total
    if not m.rules.lag or m.months is None or line is None:
        return None
    rate = execution_rate(line)
    if rate is None:
        return None
    clock = time_progress(m.months)
    behind = clock - rate
    return (rate, clock, behind) if behind > m.rules.lag_points else None


@check
def execution_lag(ctx: Context) -> Iterator[Problem]:
    """执行进度 = 执行数 ÷ 全年预算数 against 时间进度 = N ÷ 12."""
    m = _form(ctx)
    if m is None or m.total is None:
        return
    line = m.total
    if m.rules.lag and line.budget == 0 and m.months is not None:
        yield warning("monitoring.execution_lag", f"{line.name}的全年预算数为 0，无法计算预算执行进度", line.budget_at or line.where)
    found = lag(m)
    if found is None:
        return
    rate, clock, behind = found
    yield warning(
        "monitoring.execution_lag",
        f"预算执行进度落后：执行进度 = {m.period}执行数 {_money(line.executed, m.unit)} ÷ 全年预算数 {_money(line.budget, m.unit)} = {fmt(rate)}%，"
        f"时间进度 = {m.months} ÷ 12 = {fmt(clock)}%，落后 {fmt(behind)} 个百分点（预警线 {fmt_plain(m.rules.lag_points)} 个百分点）",
        line.executed_at or line.where, rate=rate, time=clock, behind=behind,
    )


@check
def over_budget(ctx: Context) -> Iterator[Problem]:
    """No line's 执行数 above its 全年预算数."""
    m = _form(ctx)
    if m is None or not m.rules.over_budget:
        return
    for line in m.funds:
        if line.budget is not None and line.executed is not None and line.executed > line.budget:
            yield error(
                "monitoring.over_budget",
                f"{line.name}超预算执行：{m.period}执行数 {_money(line.executed, m.unit)} > 全年预算数 {_money(line.budget, m.unit)}，"
                f"超出 {_money(line.executed - line.budget, m.unit)}",
                line.executed_at or line.where, executed=line.executed, budget=line.budget,
            )


def _progress(ind: MonitoredIndicator) -> Quantity | None:
    """The 完成值 as a figure in the target's unit ("300" beside "≥800人" is 300人); None where it is none."""
    p, t = ind.progress, ind.target
    if not isinstance(p, Quantity) or t is None or t.quantity is None:
        return None
    if not p.unit:
        return Quantity(p.number, t.quantity.unit, p.scale)
    return p if p.unit == t.quantity.unit else None


def _is_cost(ind: MonitoredIndicator) -> bool:
    return "成本" in normalize(ind.level2 or "") or "成本" in normalize(ind.level1 or "")


def projection(ind: MonitoredIndicator, months: int) -> tuple[Decimal, Decimal] | None:
    """(完成值, 全年推算 = 完成值 × 12 ÷ N) for a cumulative target to reach: a count, not a rate or a cost."""
    p = _progress(ind)
    t = ind.target
    if p is None or t is None or t.op not in UP or p.is_percent or _is_cost(ind) or months >= 12:
        return None
    return p.value, p.value * MONTHS / Decimal(months)


def unreachable(m: Monitoring, ind: MonitoredIndicator) -> str | None:
    """The arithmetic that says the annual value cannot be reached at this pace; None where it can."""
    if not m.rules.unreachable or m.months is None:
        return None
    found = projection(ind, m.months)
    if found is None:
        return None
    done, year = found
    t = ind.target
    goal = t.quantity.value
    floor = goal * (1 - m.rules.unreachable_share / 100)
    if year > floor or (year == floor and t.op != ">"):
        return None
    unit = t.quantity.unit
    return (f"按{m.period}完成 {fmt_plain(done)}{unit} 线性推算，全年 = {fmt_plain(done)} × 12 ÷ {m.months} = {fmt(year, thousands=True)}{unit}，"
            f"达不到年度指标值 {t.text()}（还差 {fmt(goal - year, thousands=True)}{unit}）")


def _each(ctx: Context, judge, make, code: str, what: str) -> Iterator[Problem]:
    """A problem `make` (error or warning) for each indicator `judge` says something of."""
    m = _form(ctx)
    for ind in m.indicators if m is not None else ():
        said = judge(m, ind)
        if said:
            yield make(code, f"“{ind.name}”{what}：{said}", _at(ind), indicator=ind.name)


@check
def target_unreachable(ctx: Context) -> Iterator[Problem]:
    return _each(ctx, unreachable, warning, "monitoring.target_unreachable", "年度目标难以完成")


def cost_over(m: Monitoring, ind: MonitoredIndicator) -> str | None:
    p, t = _progress(ind), ind.target
    if not m.rules.cost_over or p is None or t is None or t.op not in DOWN or not _is_cost(ind):
        return None
    if t.is_met_by(p.value):
        return None
    over = p.value - t.quantity.value
    return f"{m.period}已发生 {p.text()}，超过成本上限 {t.text()}（超出 {fmt_plain(over)}{t.quantity.unit}）"


@check
def cost_ceiling(ctx: Context) -> Iterator[Problem]:
    return _each(ctx, cost_over, error, "monitoring.cost_over", "成本已超上限")


def _explained(m: Monitoring, ind: MonitoredIndicator | None) -> bool:
    reason = (ind.reason if ind else None) or (m.reason.text if m.reason else None)
    measure = (ind.measure if ind else None) or (m.measure.text if m.measure else None)
    return bool(reason and reason.strip() and measure and measure.strip())


@check
def reason_missing(ctx: Context) -> Iterator[Problem]:
    """A 偏差 (an alert above, or a 完成可能性 in doubt) needs its 偏差原因 and 纠偏措施."""
    m = _form(ctx)
    if m is None or not m.rules.reason_missing:
        return
    if lag(m) is not None and not _explained(m, None):
        yield warning("monitoring.reason_missing", "预算执行进度落后于时间进度，但未填写偏差原因分析和纠偏措施", m.reason.where if m.reason else m.where)
    for ind in m.indicators:
        doubtful = bool(ind.likelihood and DOUBTFUL.search(ind.likelihood))
        if (doubtful or unreachable(m, ind) or cost_over(m, ind)) and not _explained(m, ind):
            why = f"完成可能性为“{ind.likelihood}”" if doubtful else "存在偏差（见预警）"
            yield warning("monitoring.reason_missing", f"“{ind.name}”{why}，但未填写偏差原因和纠偏措施", ind.where, indicator=ind.name)
