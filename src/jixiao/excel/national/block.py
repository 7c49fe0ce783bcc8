"""One form being read: its cells as the reader sees them, and the part it yields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...problems import Problem, Source, error, info
from ..cells import Grid, Map, Text, address, number_text
from .headers import PLACEHOLDERS, label_key, norm


@dataclass
class FormPart:
    """One form read from a sheet: the document part and what could not be read."""

    data: Map
    problems: list[Problem] = field(default_factory=list)
    first_row: int = 0
    unread: str = ""  # why the rows are not read as a form (a fragment without its header), with their place

    @property
    def where(self) -> Source:
        return self.data.where

    @property
    def blank(self) -> bool:
        """Nothing was filled in: only the headers, "指标N：" labels and preset 分值 of a blank form."""
        se = self.data.get("self_evaluation") or {}
        funds = se.get("funds") or {}
        filled = any(k in item for item in se.get("indicators") or () for k in ("actual", "score"))
        if not se.get("indicators") and not funds and "total" not in se:
            return True  # nothing to score (a form cut after its heading and goals): not reviewed as 0
        if self.data.get("project") or filled or se.get("goals") or "total" in se or "score" in funds:
            return False
        return not any(k in row for row in funds.get("rows") or () for k in ("initial", "adjusted", "spent", "rate", "score"))


class Block:
    def __init__(self, grid: Grid, first: int, end: int):
        self.g = grid
        self.first = first
        self.end = end
        self.problems: list[Problem] = []

    def cell(self, row: int, col: int | None, *, figure: str | None = None) -> Text | None:
        if col is None:
            return None
        if figure and self.g.merged:
            self._merged(row, col, figure)
        value = self.g.cell(row, col)
        return None if value is None or value in PLACEHOLDERS else value

    def _merged(self, row: int, col: int, label: str) -> None:
        box = self.g.merge_at(row, col)
        if box is None:
            return
        r0, c0, r1, c1 = box
        if (r0, c0) == (r1, c1):
            return
        span = f"{address(r0, c0)}:{address(r1, c1)}"
        self.problems.append(
            error(
                "excel.merged_figure",
                f"“{label}”所在单元格属于合并单元格 {span}：数据单元格不能合并（跨行或跨列后无法确定数值归属），请取消合并后分别填写",
                self.g.source(row, col),
                range=span,
            )
        )

    def unused(self, rows: list[int], used: dict[str, int], known: set[str], block: str) -> None:
        """A header column the reader has no place for is said, never dropped silently."""
        for row in rows:
            for col, text in self.g.row_texts(row):
                if col in used.values() or label_key(text) in known:
                    continue
                self.problems.append(
                    info(
                        "excel.column_unused",
                        f"{block}表头“{norm(text)}”列未读取：jixiao 不使用这一列，其内容未参与复核",
                        self.g.source(row, col),
                    )
                )

    def rate(self, row: int, col: int | None) -> Text | None:
        value = self.cell(row, col, figure="执行率")
        if value is None or col is None:
            return value
        if self.g.is_number(row, col) and (row, col) not in self.g.percent:
            number = float(self.g.raw(row, col))
            if not self.g.formats_known and abs(number) <= 1.5:
                # calamine does not report formats: a fraction this small is a % cell
                return value.replaced(number_text(Decimal(number_text(number)) * 100) + "%")
            return value.replaced(f"{value}%")
        if re.fullmatch(r"[-+]?[\d.,]+", value):
            return value.replaced(f"{value}%")
        return value


def inside(problem: Problem, first: int, end: int) -> bool:
    """The problem's cell lies in rows first..end-1 (a problem without a cell belongs everywhere)."""
    cell = problem.where.cell
    if not cell:
        return True
    row = int(re.sub(r"[A-Z]+", "", cell)) - 1
    return first <= row < end
