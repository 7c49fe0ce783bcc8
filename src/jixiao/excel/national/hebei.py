"""Hebei's 预算项目绩效自评表 as the budget system exports it: a two-row indicator header where
预期指标值 is 符号 / (an unlabelled value column) / 单位(文字描述) and 自评得分 is 单项指标得分 /
权重占比(%) / 单项指标折算得分.

A leaf's weight is its 指标分值 where filled, else its 权重占比 (the export leaves 指标分值 empty and
prints the points there); its score is the 单项指标得分. The 折算得分 (得分 × 权重占比) is reported
as a column not used: it applies the weight a second time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...problems import warning
from .block import Block
from .headers import Family, register_family

COLUMNS = {
    "nature": ("符号",),
    "unit": ("单位(文字描述)", "单位"),
    "actual": ("单项指标实际完成值", "实际完成值"),
    "points": ("指标分值",),
    "weight": ("权重占比",),
    "score": ("单项指标得分",),
    "converted": ("单项指标折算得分",),
}


def _value_column(found: dict[str, int]) -> None:
    """The value between 符号 and 单位 has no label of its own: it is the target."""
    if "target" not in found and "nature" in found and found.get("unit") == found["nature"] + 2:
        found["target"] = found["nature"] + 1


def leaf_weight(b: Block, row: int, cols: dict[str, int], values: dict[str, Any]) -> None:
    """The 指标分值 where the export filled it, else the 权重占比 read as the weight; no rule of its own.
    A 折算得分 of 得分 × 权重占比 applies the weight a second time: said."""
    points = b.cell(row, cols.get("points"), figure="指标分值")
    if points is not None:
        values["weight"] = points
    converted = b.cell(row, cols.get("converted"))
    score, share = (_number(values.get(k)) for k in ("score", "weight"))
    if points is None and converted is not None and score is not None and share is not None:
        if _number(converted) == (score * share / 100).quantize(Decimal("0.01")):
            b.problems.append(warning(
                "weights.double_weighting",
                f"单项指标得分{values['score']}已按权重计分，折算得分{converted} = {values['score']} × {share}%又乘了一次权重占比："
                "权重用了两次，折算得分未采用", converted.where))
    return None


def _number(text) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "")).quantize(Decimal("0.01")) if text is not None else None
    except ArithmeticError:
        return None


HEBEI = register_family(Family("河北预算项目绩效自评表", "权重占比", COLUMNS, leaf_weight, two_rows=True,
                               settle=_value_column))
