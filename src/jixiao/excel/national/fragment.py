"""The end of another form above a form, cut before its rows reach the page: indicator rows without
their header. Their columns are told by what they hold, in the order every national form prints
them: a column of signs (= / ≤ / ≥ / 定性) is the 指标性质, the 三级指标 left of it and the 二级 / 一级
left of that, the 指标值 and 度量单位 right of it; the figure of the 合计 row stands in the 分值
column, the 完成值 between the unit and it, the 得分 and the 原因 after it."""

from __future__ import annotations

from ..cells import Grid
from .headers import NATURE_SIGNS, norm

_QUALITATIVE = {"定性", "定量"}
_TOTALS = {"合计", "总分", "总计"}


def _nature_column(grid: Grid, first: int, end: int) -> int | None:
    counts: dict[int, int] = {}
    for row in range(first, end):
        for col, text in grid.row_texts(row):
            if norm(text) in NATURE_SIGNS or norm(text) in _QUALITATIVE:
                counts[col] = counts.get(col, 0) + 1
    best = max(counts, key=counts.__getitem__, default=None)
    return best if best is not None and counts[best] >= 2 and best >= 1 else None


def _total_column(grid: Grid, first: int, end: int) -> int | None:
    for row in range(first, end):
        texts = list(grid.row_texts(row))
        if texts and norm(texts[0][1]) in _TOTALS:
            figures = [col for col, text in texts[1:] if norm(text).replace(".", "", 1).isdigit()]
            return figures[0] if figures else None
    return None


def fragment_columns(grid: Grid, first: int, end: int) -> dict[str, int] | None:
    """The indicator columns of headerless rows, or None where their contents do not tell them."""
    nature, weight = _nature_column(grid, first, end), _total_column(grid, first, end)
    if nature is None or weight is None or weight < nature + 3:
        return None
    cols = {"name": nature - 1, "nature": nature, "target": nature + 1, "unit": nature + 2, "weight": weight,
            "score": weight + 1}
    if weight == nature + 4:
        cols["actual"] = nature + 3
    if weight + 2 < grid.width:
        cols["reason"] = weight + 2
    for key, col in (("level2", nature - 2), ("level1", nature - 3)):
        if col >= 0:
            cols[key] = col
    return cols
