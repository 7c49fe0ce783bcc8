"""Asset metrics: 固定资产利用率."""

from __future__ import annotations

from decimal import Decimal

from ..model.evaluation import Assets, Evaluation
from ..numbers import ZERO
from .base import Definition, Metric, metric


def column_total(assets: Assets, column: str) -> Decimal:
    return sum((getattr(c, column) or ZERO for c in assets.categories), ZERO)


@metric("assets.utilization", "固定资产利用率", "在用固定资产期末原值 / 固定资产期末原值 × 100%")
def utilization(m: Definition, ev: Evaluation) -> Metric:
    if ev.assets is None or ev.assets.in_use is None:
        return m.missing("评价文件中没有在用固定资产数据（assets.in_use），无法计算", "缺少数据")
    return m.rate(ev.assets.in_use, column_total(ev.assets, "closing"))
