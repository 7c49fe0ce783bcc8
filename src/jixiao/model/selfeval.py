"""The self-evaluation form (绩效自评表) as the department filled it in."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..problems import Source
from .indicators import RuleSpec
from .once import once
from .quantity import Level, Quantity, Target


@dataclass(frozen=True)
class FundsRow:
    """A row of the funds block: 年度资金总额, 其中：本年财政拨款, 上年结转资金 …"""

    name: str
    initial: Decimal | None  # 年初预算数
    adjusted: Decimal | None  # 全年预算数（调整后）
    spent: Decimal | None  # 全年执行数
    rate: Quantity | None = None  # 执行率 as filled in
    score: Decimal | None = None  # 得分 as filled in
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class Funds:
    weight: Decimal
    score: Decimal | None  # as filled in
    unit: str = "万元"
    rows: tuple[FundsRow, ...] = ()  # the first row is the total (年度资金总额)
    where: Source = field(default_factory=Source)
    # The form's own explanation of its funds (why the budget was adjusted, why it was not all spent).
    # Readers fill it from the funds block's reason cell (原因 / 偏差原因 / 预算调整说明): its text, "" where
    # the form has such a cell left blank (or holding only the template's instructions), None where the
    # form has no such cell. The checks ask for a reason wherever the form has a cell for it.
    reason: str | None = None


@dataclass(frozen=True)
class Goal:
    planned: str  # 预期目标
    achieved: str  # 实际完成情况
    where: Source = field(default_factory=Source)


@dataclass(frozen=True)
class SelfIndicator:
    name: str
    weight: Decimal
    where: Source
    level1: str | None = None
    level2: str | None = None
    target: Target | None = None  # 年度指标值
    basis: str | None = None  # 指标设定依据
    actual: Quantity | Level | None = None  # 实际完成值
    score: Decimal | None = None  # as filled in
    reason: str | None = None  # 偏差原因分析及改进措施
    rule: RuleSpec | None = None
    # 评分标准 as printed, where the form has the column (a score table, a 部门整体 form): readers fill it
    # from that column's cell; the weights checks read it for its full marks, its items and its quantity.
    standard: str | None = None

    @once  # made once, and only for a row some check has something to say about
    def place(self) -> Source:
        """Where a problem with the row is said: its cell, as the 自评表's row of that name."""
        return self.where.with_(table="自评表", row=self.name)


@dataclass(frozen=True)
class SelfEvaluation:
    funds: Funds | None
    indicators: tuple[SelfIndicator, ...]
    total: Decimal | None  # 总分 as filled in
    goals: tuple[Goal, ...] = ()
    where: Source = field(default_factory=Source)
