"""The 部门整体绩效自评表 of the 得分系数 family (Chongqing's): 指标名称 / 计量单位 / 指标性质 / 年初指标值 /
调整指标值 / 全年完成值 / 得分系数(%) / 指标权重(分) / 指标得分(分) / 是否核心指标, score = 系数 × 权重.

Its leaves are scored by the coefficient rule (jixiao.rules.coefficient) with the 系数 as filled, so
the checks can say where the filled 系数 or 得分 does not follow from the actual. The 调整指标值, where
filled, is the target the year was held to."""

from __future__ import annotations

from typing import Any

from ..cells import Map, Text
from .block import Block
from .headers import Family, register_family

COLUMNS = {
    "name": ("指标名称", "三级指标"),
    "target": ("年初指标值", "年度指标值", "指标值"),
    "adjusted_target": ("调整指标值",),
    "actual": ("全年完成值", "实际完成值", "完成值"),
    "coefficient": ("得分系数",),
    "weight": ("指标权重", "权重", "分值"),
    "score": ("指标得分", "得分"),
    "core": ("是否核心指标",),
}


def leaf_rule(b: Block, row: int, cols: dict[str, int], values: dict[str, Any]) -> Map | None:
    """RuleSpec coefficient with the 得分系数 as filled; the 调整指标值 replaces the 年初 one where filled."""
    adjusted = b.cell(row, cols.get("adjusted_target"))
    if adjusted is not None:
        values["target"] = adjusted
    coefficient = b.cell(row, cols.get("coefficient"), figure="得分系数")
    if coefficient is None:
        return None  # no 系数 filled: the national form's rule scores the leaf
    return Map(coefficient.where, {"type": Text("coefficient", coefficient.where), "coefficient": coefficient})


COEFFICIENT = register_family(Family("得分系数", "得分系数", COLUMNS, leaf_rule, whole=True))
