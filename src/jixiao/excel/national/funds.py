"""The 预算执行情况 rows of a form: amounts, 执行率 and the block's 分值 / 得分."""

from __future__ import annotations

import re
from decimal import Decimal

from ...problems import warning
from ..cells import Map, Text, number_text
from .block import Block
from .headers import norm, one_line


def funds_row(b: Block, funds: Map, cols: dict[str, int], row: int) -> None:
    g = b.g
    name = b.cell(row, cols["name"])
    box = g.merge_at(row, cols["name"])
    if name is None and box is not None and box[0] == row:
        name = b.cell(row, box[1])  # the name merged across the label columns (B8:C8)
    figures = {k: b.cell(row, cols.get(k), figure=label) for k, label in (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("spent", "全年执行数"))}
    if name is None and not any(figures.values()):
        if funds["rows"] or (g.cell(row, cols.get("rate", -1)) is None and g.cell(row, cols.get("score", -1)) is None):
            return
    if name is None and not funds["rows"] and box is not None and box[0] < row and g.cell(box[0], box[1]) is not None:
        # 部门整体: one row of figures under the header, its name the block's label merged down (A3:A4)
        label = g.cell(box[0], box[1])
        name = label.replaced(re.sub(r"\(.*?\)$", "", norm(label)))
    item = Map(g.source(row, cols["name"]))
    if name is not None:
        item["name"] = name.replaced(re.sub(r"[:：]$", "", one_line(name)))
    for key, value in figures.items():
        if value is not None:
            item[key] = value
    rate = _as_ratio(b.cell(row, cols.get("rate")), figures["spent"], figures["adjusted"]) or b.rate(row, cols.get("rate"))
    if rate is not None:
        item["rate"] = rate
    score = b.cell(row, cols.get("score"), figure="得分")
    if score is not None:
        item["score"] = score
    if not funds["rows"] and figures["initial"] is None and figures["adjusted"] is not None and cols.get("initial") not in (
            None, cols.get("adjusted")):
        # only the reader knows the form has a 年初预算数 column: blank there, no budget adjustment can be judged
        b.problems.append(warning("complete.initial_blank", f"年初预算数未填写，只有全年预算数{figures['adjusted']}：无法判断年中是否调整预算",
                                  g.source(row, cols["initial"])))
    if not funds["rows"]:
        reason = g.cell(row, cols["reason"]) if "reason" in cols else None
        if reason is not None:
            funds["reason"] = reason  # its text as written: the checks take the template's instructions for a blank
        if cols.get("score") is not None:
            funds.where = g.source(row, cols["score"])  # problems with the funds score point at its 得分 cell, filled or blank
        weight = b.cell(row, cols.get("weight"), figure="分值")
        if weight is not None:
            funds["weight"] = weight
    funds["rows"].append(item)


def _figure(text: Text | None) -> Decimal | None:
    try:
        return Decimal(str(text).replace(",", "")) if text is not None else None
    except ArithmeticError:
        return None


def _as_ratio(rate: Text | None, spent: Text | None, budget: Text | None) -> Text | None:
    """An 执行率 written as the ratio B/A ("1", "0.969") rather than a percentage, as a percentage:
    told apart by the row's own amounts, whichever reading the figure is nearer to."""
    value, spent_value, budget_value = _figure(rate), _figure(spent), _figure(budget)
    if value is None or "%" in str(rate) or spent_value is None or not budget_value:
        return None
    ratio = spent_value / budget_value
    if abs(value - ratio) >= abs(value - ratio * 100):
        return None
    return rate.replaced(number_text(value * 100) + "%")


def settle_funds(funds: Map) -> None:
    """A lone total row with no amounts is the block's own 分值 / 得分, not a funds row."""
    rows = funds["rows"]
    if len(rows) == 1 and not any(k in rows[0] for k in ("initial", "adjusted", "spent", "rate")):
        if "score" in rows[0]:
            funds["score"] = rows[0]["score"]
        del funds["rows"]
    elif not rows:
        del funds["rows"]
