"""The evaluation: one source of truth from which every figure is derived."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ..problems import Source
from .declaration import Declaration
from .indicators import Indicator
from .monitoring import Monitoring
from .quantity import Quantity, Target
from .selfeval import SelfEvaluation

KINDS = {
    "department": "部门整体支出绩效评价",
    "project": "项目支出绩效评价",
    "project_self_evaluation": "项目支出绩效自评",
}


@dataclass(frozen=True)
class Entity:
    """The evaluated department (被评价单位)."""

    name: str
    short_name: str | None = None
    head: str | None = None
    rank: str | None = None
    parent: str | None = None
    internal_bodies: tuple[str, ...] = ()
    subordinate_units: tuple[str, ...] = ()
    staffing: tuple[tuple[str, Decimal], ...] = ()
    functions: tuple[str, ...] = ()
    key_tasks: str | None = None
    transformation: str | None = None  # 职能转变, after the functions
    overview: str | None = None  # 部门基本概况 of 附件2 信息基础表, a short account of the duties
    where: Source = field(default_factory=Source)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Project:
    """The evaluated project (项目支出)."""

    name: str
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    description: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str | None = None
    duty: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Phase:
    name: str
    start: dt.date | None = None
    end: dt.date | None = None
    description: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Engagement:
    """Who evaluates, for whom, when, on what basis and by which methods."""

    commissioned_by: str | None = None
    firm: str | None = None
    lead: str | None = None
    team: tuple[TeamMember, ...] = ()
    fieldwork_start: dt.date | None = None
    fieldwork_end: dt.date | None = None
    phases: tuple[Phase, ...] = ()
    report_date: dt.date | None = None
    basis: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class GradeBand:
    min: Decimal
    grade: str
    where: Source = field(default_factory=Source)


DEFAULT_GRADING = (
    GradeBand(Decimal(90), "优"),
    GradeBand(Decimal(80), "良"),
    GradeBand(Decimal(60), "中"),
    GradeBand(Decimal(0), "差"),
)


@dataclass(frozen=True)
class BudgetLine:
    """A line of the budget table; a line with children sums them."""

    name: str
    where: Source
    initial: Decimal | None = None  # 年初预算
    adjusted: Decimal | None = None  # 全年预算数 (the budget after adjustment, 调整后)
    spent: Decimal | None = None  # 支出决算（全年执行数）
    children: tuple["BudgetLine", ...] = ()
    rate: Quantity | None = None  # 执行率 as printed, checked against the figures
    # 其中 rows (其中：基本建设类项目): printed under the line, part of it, never added to the totals
    of_which: tuple["BudgetLine", ...] = ()


@dataclass(frozen=True)
class Budget:
    unit: str
    lines: tuple[BudgetLine, ...]
    where: Source
    carryover: Decimal | None = None  # 年末结转结余
    sources: tuple[BudgetLine, ...] = ()  # 资金来源: 上级资金, 本级资金, 其他资金
    three_public_budget: Decimal | None = None  # “三公经费”预算安排数
    three_public_spent: Decimal | None = None  # “三公经费”实际支出数
    totals: BudgetLine | None = None  # the 合计 row as printed
    rates: tuple[tuple[str, Quantity], ...] = ()  # rates as printed: (metric name, value)


@dataclass(frozen=True)
class AssetCategory:
    name: str
    where: Source
    opening: Decimal | None = None
    increase: Decimal | None = None
    decrease: Decimal | None = None
    closing: Decimal | None = None


@dataclass(frozen=True)
class Assets:
    unit: str
    categories: tuple[AssetCategory, ...]
    where: Source
    in_use: Decimal | None = None  # 在用固定资产期末原值
    totals: AssetCategory | None = None  # the 合计 row as printed
    utilization: Quantity | None = None  # 固定资产利用率 as printed
    decrease_reasons: str | None = None  # why assets left the books (资产无偿调出、报废 …)


@dataclass(frozen=True)
class TargetRow:
    """A row of the 绩效目标表."""

    name: str
    target: Target
    where: Source
    level1: str | None = None
    level2: str | None = None


@dataclass(frozen=True)
class Experience:
    title: str
    text: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Finding:
    """A problem found (存在问题)."""

    title: str
    text: str | None = None
    area: str | None = None
    indicator: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Suggestion:
    text: str
    area: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Findings:
    experiences: tuple[Experience, ...] = ()
    # 存在问题 (the file's key `problems`): named apart from the checks' Problem records
    issues: tuple[Finding, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Interview:
    date: str | None = None
    interviewees: tuple[str, ...] = ()
    qa: tuple[tuple[str, str], ...] = ()
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Narrative:
    """A titled passage with titled sub-points: 部门管理情况 1. 财务管理情况 (1) …"""

    title: str
    text: str | None = None
    parts: tuple["Narrative", ...] = ()
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Photo:
    caption: str
    file: str | None = None
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Evaluation:
    format: int
    kind: str
    year: int | None
    title: str | None
    file: str
    entity: Entity | None = None
    project: Project | None = None
    engagement: Engagement | None = None
    grading: tuple[GradeBand, ...] = DEFAULT_GRADING
    budget: Budget | None = None
    assets: Assets | None = None
    targets: tuple[TargetRow, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    self_evaluation: SelfEvaluation | None = None
    declaration: Declaration | None = None  # 绩效目标申报表
    monitoring: Monitoring | None = None  # 绩效运行监控表
    findings: Findings = field(default_factory=Findings)
    interviews: tuple[Interview, ...] = ()
    photos: tuple[Photo, ...] = ()
    management: tuple[Narrative, ...] = ()  # 一、（三）部门管理情况, point by point
    texts: tuple[tuple[str, str], ...] = ()  # standard paragraphs overridden by the file

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def subject_name(self) -> str:
        if self.entity is not None:
            return self.entity.name
        if self.project is not None:
            return self.project.name
        return self.title or ""
