"""A 自评表 that Word split over two tables (a page break, a paragraph typed between its rows): read as
the one form it is, each cell still named by its own table (表2!C3), as a reviewer finds it."""

from __future__ import annotations

from dataclasses import dataclass

from ..excel.cells import Grid, address
from ..excel.national.headers import LABEL_KEYS, norm
from ..problems import Source


@dataclass
class JoinedGrid(Grid):
    """Tables read as one grid: `parts` holds (first row, table) of each, in order."""

    parts: tuple[tuple[int, str], ...] = ()

    def source(self, row: int, col: int) -> Source:
        first, sheet = next((part for part in reversed(self.parts) if part[0] <= row), (0, self.sheet))
        return Source(file=self.file, sheet=sheet, cell=address(row - first, col))


def _labels(grid: Grid) -> set[str]:
    return {norm(text) for row in range(grid.height) for _, text in grid.row_texts(row)}


def _continues(before: Grid, after: Grid) -> bool:
    """`after` goes on with the form of `before`: as wide, without a form's own name, and the two hold
    one form's parts (its indicator header above, or its header below a table holding only its name)."""
    if after.width != before.width or not after.height:
        return False
    mine, theirs = _labels(before), _labels(after)
    if theirs & set(LABEL_KEYS):
        return False  # its own 项目名称 / 部门名称: another form
    header_above = "三级指标" in mine or "指标名称" in mine
    return header_above or ("三级指标" in theirs and bool(mine & set(LABEL_KEYS)))


def _join(before: Grid, after: Grid) -> JoinedGrid:
    offset = before.height
    parts = before.parts if isinstance(before, JoinedGrid) else ((0, before.sheet),)
    merged = list(before.merged) + [(r0 + offset, c0, r1 + offset, c1) for r0, c0, r1, c1 in after.merged]
    return JoinedGrid(before.file, before.sheet, list(before.rows) + list(after.rows), merged,
                      problems=list(before.problems) + list(after.problems), parts=parts + ((offset, after.sheet),))


def joined(grids: list[Grid]) -> list[Grid]:
    """The document's tables, a form's continuation joined to the table it continues."""
    out: list[Grid] = []
    for grid in grids:
        if out and _continues(out[-1], grid):
            out[-1] = _join(out[-1], grid)
        else:
            out.append(grid)
    return out
