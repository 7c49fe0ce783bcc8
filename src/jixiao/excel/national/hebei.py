"""Hebei's 预算项目绩效自评表 as the budget system exports it: a two-row indicator header where
预期指标值 is 符号 / (an unlabelled value column) / 单位(文字描述) and 自评得分 is 单项指标得分 /
权重占比(%) / 单项指标折算得分.

A leaf's weight is its 指标分值 where filled, else its 权重占比 (the export leaves 指标分值 empty and
prints the points there); its score is the 单项指标得分. The 折算得分 (得分 × 权重占比) is reported
as a column not used: it applies the weight a second time."""

from __future__ import annotations

from typing import Any

from .block import Block
from .headers import Family, register_family

COLUMNS = {
    "nature": ("符号",),
    "unit": ("单位(文字描述)", "单位"),
    "actual": ("单项指标实际完成值", "实际完成值"),
    "points": ("指标分值",),
    "weight": ("权重占比",),
    "score": ("单项指标得分",),
}


def _value_column(found: dict[str, int]) -> None:
    """The value between 符号 and 单位 has no label of its own: it is the target."""
    if "target" not in found and "nature" in found and found.get("unit") == found["nature"] + 2:
        found["target"] = found["nature"] + 1


def leaf_weight(b: Block, row: int, cols: dict[str, int], values: dict[str, Any]) -> None:
    """The 指标分值 where the export filled it, else the 权重占比 read as the weight; no rule of its own."""
    points = b.cell(row, cols.get("points"), figure="指标分值")
    if points is not None:
        values["weight"] = points
    return None


HEBEI = register_family(Family("河北预算项目绩效自评表", "权重占比", COLUMNS, leaf_weight, two_rows=True,
                               settle=_value_column))
