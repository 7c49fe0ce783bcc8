"""The 绩效运行监控表 (monitoring form) as a department filled it in for a 监控期 (1–N月): the
budget's 全年预算数 and 1–N月执行数, each target's annual value and what was achieved by the end
of month N, 完成可能性, 偏差原因 and 纠偏措施; for a project (项目支出) or a whole department
(部门整体支出). Every field keeps the place it was read from. The 预警 rules the form is checked
against travel with it (AlertRules), so one bureau's thresholds apply wherever it is checked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..problems import Source
from .declaration import Declaration, Entry
from .quantity import Level, Quantity, Target

PROJECT = "project"
DEPARTMENT = "department"
FORMS = {PROJECT: "项目支出绩效运行监控表", DEPARTMENT: "部门整体支出绩效运行监控表"}
# the evaluation file's kind of a monitoring form on its own (as "declaration" is for 申报表)
KIND = "monitoring"
HUNDRED = Decimal(100)
MONTHS = Decimal(12)


@dataclass(frozen=True)
class AlertRules:
    """The bureau's 预警 thresholds; each rule may be switched off."""

    lag_points: Decimal = Decimal(10)  # 执行进度 behind 时间进度 by more than this many points
    lag: bool = True
    unreachable: bool = True  # a cumulative target whose linear projection misses the annual value
    unreachable_share: Decimal = Decimal(0)  # tolerated shortfall of the projection, percent of the target
    cost_over: bool = True  # a 成本指标 already above its ceiling
    over_budget: bool = True  # 执行数 above 全年预算数
    reason_missing: bool = True  # a 偏差 without 偏差原因 or 纠偏措施


@dataclass(frozen=True)
class FundsLine:
    """A line of the funds table: 年度资金总额 (the first), 其中：财政拨款, 其他资金 …"""

    name: str
    budget: Decimal | None  # 全年预算数
    executed: Decimal | None  # 1–N月执行数
    where: Source = field(default_factory=Source)
    stated_rate: Decimal | None = None  # 执行率 as the form states it, percent
    budget_at: Source | None = None
    executed_at: Source | None = None


@dataclass(frozen=True)
class MonitoredIndicator:
    """A 三级指标 with its 年度指标值 and 1–N月完成值."""

    name: str
    where: Source
    level1: str | None = None
    level2: str | None = None
    target: Target | None = None
    progress: Quantity | Level | None = None  # 1–N月完成值 (执行情况)
    likelihood: str | None = None  # 完成可能性: 确定能 / 有可能 / 不可能
    reason: str | None = None  # 偏差原因
    measure: str | None = None  # 纠偏措施
    target_at: Source | None = None
    progress_at: Source | None = None


@dataclass(frozen=True)
class Monitoring:
    form: str  # PROJECT or DEPARTMENT
    name: Entry | None  # 项目名称, or 部门（单位）名称
    months: int | None = None  # the 监控期 is 1–months月
    year: int | None = None
    department: Entry | None = None  # 主管部门
    implementer: Entry | None = None  # 实施单位
    funds: tuple[FundsLine, ...] = ()
    unit: str = "万元"
    indicators: tuple[MonitoredIndicator, ...] = ()
    reason: Entry | None = None  # the form's own 偏差原因分析
    measure: Entry | None = None  # the form's own 纠偏措施
    rules: AlertRules = AlertRules()
    where: Source = field(default_factory=Source)
    months_at: Source | None = None

    @property
    def total(self) -> FundsLine | None:
        return self.funds[0] if self.funds else None

    @property
    def period(self) -> str:
        return f"1—{self.months}月" if self.months else "监控期未填"


def time_progress(months: int) -> Decimal:
    """时间进度 = N ÷ 12, in percent."""
    return Decimal(months) / MONTHS * HUNDRED


def execution_rate(line: FundsLine) -> Decimal | None:
    """预算执行进度 = 执行数 ÷ 全年预算数, in percent; None where either is missing or the budget is 0."""
    if line.budget is None or line.executed is None or line.budget == 0:
        return None
    return line.executed / line.budget * HUNDRED


def _plain(name: str) -> str:
    return "".join(name.split())


def targets_from(m: Monitoring, declared: Declaration) -> Monitoring:
    """The form with the 年度指标值 (and 一级/二级) it left blank taken from the department's
    declaration, indicator by indicator of the same name."""
    by_name = {_plain(d.name): d for d in declared.indicators}
    filled = []
    for ind in m.indicators:
        d = by_name.get(_plain(ind.name))
        if d is not None and ind.target is None:
            ind = replace(ind, target=d.target, target_at=d.target_at or d.where,
                          level1=ind.level1 or d.level1, level2=ind.level2 or d.level2)
        filled.append(ind)
    return replace(m, indicators=tuple(filled))
