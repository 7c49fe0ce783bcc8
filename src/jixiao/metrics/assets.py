"""Asset metrics: 固定资产利用率."""

from __future__ import annotations

from decimal import Decimal

from ..model.evaluation import Assets, Evaluation
from ..numbers import ZERO
from .base import Metric, rate


def column_total(assets: Assets, column: str) -> Decimal:
    return sum((getattr(c, column) or ZERO for c in assets.categories), ZERO)


def utilization(ev: Evaluation) -> Metric:
    name, label, formula = "assets.utilization", "固定资产利用率", "在用固定资产期末原值 / 固定资产期末原值 × 100%"
    if ev.assets is None or ev.assets.in_use is None:
        return Metric(name, label, None, formula, "评价文件中没有在用固定资产数据（assets.in_use），无法计算", "缺少数据")
    return rate(name, label, formula, ev.assets.in_use, column_total(ev.assets, "closing"))
