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


def compute(name: str, ev: Evaluation) -> Metric:
    return METRICS[name](ev)


def metric_names() -> str:
    return "、".join(METRICS)
