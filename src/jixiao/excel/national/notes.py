"""What only the reader sees below a form: its notes (注：1.一级指标分值统一设置为：产出指标50分…) against what it
prints, and closing rows left with the template's instructions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ...checks.formdata import TEMPLATE, form_year, goal_text_problems
from ...problems import Problem, warning
from ..cells import Grid
from .block import FormPart
from .headers import norm

_NOTE = re.compile(r"^注[:：]")
_SET = re.compile(r"一级指标分值[^。;；]*")
_LEVELS = ("产出", "效益", "满意度")
_POINTS = {level: re.compile(level + r"指标\s*(\d+(?:\.\d+)?)\s*分") for level in _LEVELS}
_LABEL = re.compile(r"^(" + "|".join(_LEVELS) + r")指标\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$")


def _noted(grid: Grid, first: int, end: int) -> dict[str, Decimal]:
    """The 一级指标 points a note below the form sets, by level."""
    for row in range(first, end):
        for _, text in grid.row_texts(row):
            said = _SET.search(norm(text)) if _NOTE.match(norm(text)) else None
            if said:
                return {level: Decimal(m.group(1)) for level, pattern in _POINTS.items() if (m := pattern.search(said.group()))}
    return {}


def note_mismatches(grid: Grid, first: int, end: int) -> Iterator[Problem]:
    """A 一级指标 label whose points ("产出指标(70分)") differ from those the form's note sets."""
    noted = _noted(grid, first, end)
    if not noted:
        return
    for row in range(first, end):
        for col, text in grid.row_texts(row):
            label = _LABEL.match(norm(text))
            if label and label.group(1) in noted and Decimal(label.group(2)) != noted[label.group(1)]:
                level, printed = label.group(1), Decimal(label.group(2))
                yield warning(
                    "weights.note_mismatch",
                    f"一级指标“{norm(text)}”为{printed}分，表注规定{level}指标{noted[level]}分",
                    grid.source(row, col), printed=printed, noted=noted[level],
                    hint="按表注的分值设置一级指标，或说明调整的理由")


_CLOSING = {"评价结论", "存在问题", "存在的问题", "改进措施", "改进意见", "问题及改进措施", "其他需说明的问题"}


def template_rows(grid: Grid, first: int, end: int) -> Iterator[Problem]:
    """The closing rows (评价结论, 存在问题, 改进措施) still holding the template's instructions: only
    the reader sees them, no part of the evaluation holds them."""
    for row in range(first, end):
        texts = list(grid.row_texts(row))
        if len(texts) < 2 or norm(texts[0][1]) not in _CLOSING:
            continue
        label = norm(texts[0][1])
        for col, text in texts[1:]:
            if TEMPLATE.search(norm(text)):
                yield warning(
                    "complete.template_text",
                    f"自评表{label}一栏保留了表式的填写说明（“{norm(text)[:40]}”），未填写内容",
                    grid.source(row, col), hint="删去表式说明，写明实际内容")
                break


_POINTED = re.compile(r"(.+?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]$")


def _has_points(grid: Grid, row: int, leaf: int) -> bool:
    """A 三级指标 with points: in its label ("相关性(5分)"), or a figure in a column after it (its 分值)."""
    name = grid.cell(row, leaf)
    if name is None:
        return False
    return bool(_POINTED.match(norm(name))) or any(col > leaf and _FIGURE.fullmatch(norm(text)) for col, text in grid.row_texts(row))


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def levels_without_leaves(grid: Grid, first: int, end: int) -> Iterator[Problem]:
    """A 二级指标 given points in its label ("履职成效(20分)") over rows holding no 三级指标 with points:
    those points lie nowhere (a score table whose 部门特性指标 rows were left for the department)."""
    header = next(((row, {norm(t): c for c, t in grid.row_texts(row)}) for row in range(first, end)
                   if {"二级指标", "三级指标"} <= {norm(t) for _, t in grid.row_texts(row)}), None)
    if header is None:
        return
    row0, cols = header
    level, leaf = cols["二级指标"], cols["三级指标"]
    for row in range(row0 + 1, end):
        text = grid.cell(row, level)
        label = _POINTED.match(norm(text)) if text is not None else None
        if label is None:
            continue
        box = grid.merge_at(row, level)
        last = box[2] if box is not None and box[0] == row else row
        if not any(_has_points(grid, r, leaf) for r in range(row, last + 1)):
            yield warning(
                "weights.level_without_leaves",
                f"二级指标“{norm(text)}”有{label.group(2)}分，下面却没有带分值的三级指标：这{label.group(2)}分无处落实",
                grid.source(row, level), hint="在该二级指标下列出具体的三级指标和分值")


def unfilled(part: FormPart) -> FormPart:
    """A form published blank, its leaves with their points and no 得分: said once, each leaf 未评分.
    What it does hold (its goals) is said as the checks would say it of a form reviewed."""
    se = part.data.get("self_evaluation") or {}
    leaves = se.get("indicators") or ()
    if part.blank and not part.unread:
        year = form_year(part.data.get("year"), part.data.get("title"))
        for goal in se.get("goals") or ():
            for label, key in (("预期目标", "planned"), ("实际完成情况", "achieved")):
                if goal.get(key) is not None:
                    part.problems.extend(goal_text_problems(label, goal[key], year, goal[key].where))
    if part.blank and leaves and not part.unread:
        part.problems.append(warning(
            "selfeval.score_blank",
            f"自评表得分一栏全部空白：表未填写，{len(leaves)}个指标均按未评分处理（不是0分，也不是满分）",
            leaves[0].where, hint="填写各指标的完成值和得分"))
    return part
