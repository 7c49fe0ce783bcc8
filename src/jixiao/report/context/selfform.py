"""附件3 laid out as the national form: its header rows and every category row, filled or not.

The 部门（单位）整体支出绩效自评表 lists 运行成本 … 服务对象满意度 as first-level rows, the
项目支出绩效自评表 lists 产出/效益/满意度指标 with their second-level rows; a category the
evaluation has no indicator for is printed as an empty row, as on the printed form.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...model.evaluation import Evaluation
from .common import short_name

DEPARTMENT_FORM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("运行成本", ()), ("管理效率", ()), ("履职效能", ()), ("社会效益", ()), ("可持续发展能力", ()),
    ("服务对象满意度", ()),
)
PROJECT_FORM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)


@dataclass(frozen=True)
class HeadRow:
    """A header row of the form: 部门名称, or 项目名称 / 主管部门 / 实施单位."""

    label: str
    value: str


def head_rows(ev: Evaluation) -> tuple[HeadRow, ...]:
    if ev.kind == "department":
        return (HeadRow("部门名称", short_name(ev)),)
    p = ev.project
    rows = [HeadRow("项目名称", ev.subject_name)]
    rows.append(HeadRow("主管部门", p.department if p and p.department else ""))
    rows.append(HeadRow("实施单位", p.implementer if p and p.implementer else ""))
    return tuple(rows)


def _key(name: str) -> str:
    """数量 and 数量指标, 社会效益 and 社会效益指标 name the same row."""
    name = (name or "").strip()
    return name[:-2] if name.endswith("指标") and len(name) > 2 else name


def laid_out(rows: tuple, blank, department: bool) -> tuple:
    """The rows in the form's order, each empty category as a row of its own (`blank` with its names).

    A row whose category the form does not list keeps its place after the form's rows."""
    form = DEPARTMENT_FORM if department else PROJECT_FORM
    out: list = []
    used: set[int] = set()
    for level1, level2s in form:
        mine = [i for i, r in enumerate(rows) if i not in used and _key(r.level1) == _key(level1)]
        for level2 in level2s or (None,):
            sub = [i for i in mine if level2 is None or _key(rows[i].level2) == _key(level2)]
            names = {"level1": level1} if level2 is None else {"level1": level1, "level2": level2}
            out.extend(replace(rows[i], **names) for i in sub)
            if not sub:
                out.append(replace(blank, **names))
            used.update(sub)
        # a second-level row the form does not list stays under its first level
        out.extend(rows[i] for i in mine if i not in used)
        used.update(mine)
    out.extend(r for i, r in enumerate(rows) if i not in used)
    return tuple(out)
