"""Format 1's 自评表: funds, goals and the self-evaluated indicators."""

from __future__ import annotations

from decimal import Decimal

from ..model.selfeval import Funds, FundsRow, Goal, SelfEvaluation, SelfIndicator
from ..parse.tree import Reader
from .format1_budget import amounts
from .format1_indicators import rule


def _funds(r: Reader | None) -> Funds | None:
    if r is None:
        return None

    def row(m: Reader) -> FundsRow:
        f = FundsRow(
            name=m.text("name", "资金名称", required=True, example="年度资金总额") or "",
            where=m.where,
            rate=m.quantity("rate", "执行率"),
            score=m.decimal("score", "得分"),
            **amounts(m),
        )
        m.done()
        return f

    weight = r.decimal("weight", "预算执行率分值（weight）", required=True, example="10")
    funds = Funds(
        weight=weight if weight is not None else Decimal(10),
        score=r.decimal("score", "预算执行率得分"),
        unit=r.text("unit", "金额单位") or "万元",
        rows=r.records("rows", row, "资金明细（rows）"),
        where=r.where,
        reason=r.text("reason", "资金说明（预算调整、未执行的原因）"),
    )
    r.done()
    return funds


def _self_indicator(m: Reader) -> SelfIndicator:
    weight = m.decimal("weight", "分值（weight）", required=True, example="10")
    ind = SelfIndicator(
        name=m.text("name", "三级指标名称", required=True) or "",
        weight=weight if weight is not None else Decimal(0),
        where=m.where,
        level1=m.text("level1"),
        level2=m.text("level2"),
        target=m.target("target", "年度指标值"),
        basis=m.text("basis", "指标设定依据"),
        actual=m.value("actual", "实际完成值"),
        score=m.decimal("score", "得分"),
        reason=m.text("reason", "偏差原因分析及改进措施"),
        rule=rule(m),
        standard=m.text("standard", "评分标准"),
    )
    m.done()
    return ind


def self_evaluation(r: Reader | None) -> SelfEvaluation | None:
    if r is None:
        return None

    def goal(m: Reader) -> Goal:
        g = Goal(m.text("planned", "预期目标") or "", m.text("achieved", "实际完成情况") or "", m.where)
        m.done()
        return g

    s = SelfEvaluation(
        funds=_funds(r.map("funds", "预算执行（funds）")),
        indicators=r.records("indicators", _self_indicator, "自评指标（indicators）"),
        total=r.decimal("total", "总分"),
        goals=r.records("goals", goal),
        where=r.where,
    )
    r.done()
    return s
