"""Figures computed from the data; each knows its formula as a user reads it."""

from __future__ import annotations

from typing import Callable

from ..model.evaluation import Evaluation
from . import assets, budget
from .base import Metric

METRICS: dict[str, Callable[[Evaluation], Metric]] = {
    "budget.execution_rate": budget.execution_rate,
    "budget.adjustment_rate": budget.adjustment_rate,
    "budget.three_public_control_rate": budget.three_public_control_rate,
    "budget.carryover_rate": budget.carryover_rate,
    "assets.utilization": assets.utilization,
}


# The Chinese name of each metric, for the places that offer a choice before anything is computed.
LABELS: dict[str, str] = {
    "budget.execution_rate": "预算执行率",
    "budget.adjustment_rate": "预算调整率",
    "budget.three_public_control_rate": "“三公经费”控制率",
    "budget.carryover_rate": "结转结余率",
    "assets.utilization": "固定资产利用率",
}


def metric_key(text: str) -> str:
    """The metric a cell or field names, by its key or its Chinese name: 预算执行率 → budget.execution_rate."""
    text = text.strip()
    return next((key for key, label in LABELS.items() if label == text), text)


def compute(name: str, ev: Evaluation) -> Metric:
    return METRICS[name](ev)


def metric_names() -> str:
    return "、".join(METRICS)
