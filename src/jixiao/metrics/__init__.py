"""Figures computed from the data; each knows its formula as a user reads it.

Each metric is one record (name, label, formula, function), declared with @metric where it
is computed. The built-ins are registered below in their declared order, then those other
packages list under the entry point group ``jixiao.metrics`` (by entry point name), the same
way pyproject.toml lists the built-ins.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from typing import Callable

from ..model.evaluation import Evaluation
from . import assets, budget
from .base import Definition, Metric

GROUP = "jixiao.metrics"

REGISTRY: dict[str, Definition] = {}
# Views of the registry for the places that want only the functions or only the Chinese names
# (e.g. to offer a choice before anything is computed); register keeps them in step.
METRICS: dict[str, Callable[[Evaluation], Metric]] = {}
LABELS: dict[str, str] = {}

_NAME = re.compile(r"[a-z_]+\.[a-z_]+")


def register(definition: Definition) -> Definition:
    """Add a metric; its name must be new and it must say its label and formula."""
    if not isinstance(definition, Definition):
        raise TypeError(f"{definition!r} 不是指标定义（用 @metric 声明）")
    if not _NAME.fullmatch(definition.name) or not definition.label or not definition.formula:
        raise ValueError(f"指标 {definition.name}：须有形如 budget.execution_rate 的名称、中文名称和公式")
    known = REGISTRY.get(definition.name)
    if known is not None and known is not definition:
        raise ValueError(f"指标 {definition.name} 已登记")
    REGISTRY[definition.name] = METRICS[definition.name] = definition
    LABELS[definition.name] = definition.label
    return definition


for _definition in (
    budget.execution_rate, budget.adjustment_rate, budget.three_public_control_rate, budget.carryover_rate,
    assets.utilization,
):
    register(_definition)
for _ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
    register(_ep.load())  # the built-ins again, when installed: the same record, kept once


def metric_key(text: str) -> str:
    """The metric a cell or field names, by its key or its Chinese name: 预算执行率 → budget.execution_rate."""
    text = text.strip()
    return next((key for key, label in LABELS.items() if label == text), text)


def compute(name: str, ev: Evaluation) -> Metric:
    return METRICS[name](ev)


def metric_names() -> str:
    return "、".join(METRICS)
