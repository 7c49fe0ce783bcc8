"""What the readers of the cycle's own forms (绩效目标申报表, 绩效运行监控表) share: a label's text as
matched, the labels of the form's head, the value beside a label, the fields of a header row, the
sheet's texts, its title rows, and the document they make. Each form keeps its own columns and
patterns: the same words stand for different things on the two forms."""

from __future__ import annotations

import re
from typing import Callable

from ..parse.quantity import normalize
from ..problems import Source
from .cells import Grid, Map, Text

# the form's head, label → key, as both forms print it; each form adds its own labels
HEAD_LABELS = {
    "项目名称": "name", "部门名称": "name", "单位名称": "name", "部门（单位）名称": "name", "部门(单位)名称": "name",
    "主管部门": "department", "主管部门及编码": "department",
    "实施单位": "implementer", "项目实施单位": "implementer", "项目单位": "implementer",
}
YEAR = re.compile(r"(20\d\d)\s*年度?")


def form_key(text: str) -> str:
    """A label as matched: normalised, without spaces, colons and the leading 其中."""
    return re.sub(r"[\s:：]+", "", normalize(text)).removeprefix("其中")


def sheet_keys(grid: Grid) -> set[str]:
    return {form_key(t) for r in range(grid.height) for _, t in grid.row_texts(r)}


def title_text(grid: Grid) -> str:
    """The texts of the form's first three rows, where its title and year stand."""
    return " ".join(t for r in range(min(3, grid.height)) for _, t in grid.row_texts(r))


def beside(grid: Grid, row: int, col: int, is_label: Callable[[str], bool]) -> Text | None:
    """The value beside a label: the next filled cell to its right, unless that is a label itself."""
    for c, text in grid.row_texts(row):
        if c > col:
            return None if is_label(form_key(text)) else grid.cell(row, c)
    return None


def row_fields(grid: Grid, row: int, field_of: Callable[[str], str | None]) -> dict[str, int]:
    """A header row's fields, each at the first column that names it."""
    cols: dict[str, int] = {}
    for c, text in grid.row_texts(row):
        field = field_of(text)
        if field is not None and field not in cols:
            cols[field] = c
    return cols


def form_document(where: Source, kind: str, part: str, doc: Map) -> Map:
    """The format-1 document of one form: its kind, its year, and the form under `part`."""
    top = Map(where, {"format": "1", "kind": kind})
    if "year" in doc:
        top["year"] = doc["year"]
    top[part] = doc
    return top
