"""Reading one form, row by row: its heading, labels, funds, goals, indicators and total."""

from __future__ import annotations

import re

from ...problems import info, warning
from ..cells import Grid, Map, Seq, Text, column_letter
from .block import Block, FormPart
from .datatable import score_from_table
from .fragment import fragment_columns
from .funds import funds_row, settle_funds
from .headers import (FAMILIES, FUNDS_HEADERS, FUNDS_LABELS, GOAL_HEADERS, INDICATOR_LABELS, LABEL_KEYS, SECTION_LABELS, YEAR,
                      Family, family_at, header_columns, indicator_columns, label_key, label_points, norm, upper_header)
from .indicators import indicator_row
from .notes import levels_without_leaves, note_mismatches, template_rows, unfilled


_GOAL_LABELS = frozenset(label for labels in GOAL_HEADERS.values() for label in labels)
_PART = re.compile(r"[一二三四五六七八九十]+、")
_FIGURE = re.compile(r"[-+]?[\d,]+(?:\.\d+)?%?")


class _FormReader:
    """Reads rows first..end-1 in order: each header row opens its section, the rows below it fill it."""

    def __init__(self, grid: Grid, first: int, end: int):
        self.g = grid
        self.first = first
        self.end = end
        self.b = Block(grid, first, end)
        self.doc = Map(grid.source(first, 0))
        self.project = Map(grid.source(first, 0))
        self.se = Map(grid.source(first, 0))
        self.funds_cols: dict[str, int] = {}
        self.goal_cols: dict[str, int] = {}
        self.ind_cols: dict[str, int] = {}
        self.family: Family | None = None  # the layout family of the indicator header, None for the national one
        self.header_end = -1
        self.unread = ""
        self.loose: list[int] = []
        self.section = ""
        self.level1: Text | None = None
        self.level2: Text | None = None

    def read(self) -> FormPart:
        for row in range(self.first, self.end):
            texts = list(self.g.row_texts(row))
            if texts:
                self.row(row, texts)
        self.b.problems.extend(note_mismatches(self.g, self.first, self.end))
        self.b.problems.extend(template_rows(self.g, self.first, self.end))
        self.b.problems.extend(levels_without_leaves(self.g, self.first, self.end))
        return unfilled(self.finish())

    def row(self, row: int, texts: list[tuple[int, str]]) -> None:
        keys = [norm(t) for _, t in texts]
        if row <= self.header_end:
            return
        if len(texts) == 1 and _PART.match(keys[0]):
            self.section = "" if self.section != "indicators" else self.section
            return  # "二、预算执行情况": a part's heading, its rows follow
        if not self.section and len(texts) == 1 and self.heading(row, texts[0]):
            return
        if any(k in LABEL_KEYS for k in keys) and not self.funds_cols:
            self.labels(row, texts)
            return
        if self.funds_header(row, texts) or self.goals_header(row, texts, keys):
            return
        if upper_header(self.g, row):
            return  # read with the header's second row
        if "三级指标" in keys and "一级指标" in keys or (FAMILIES and family_at(self.g, row) is not None):
            self.indicators_header(row, texts)
            return
        if keys[0].startswith(("其他需要说明", "其他说明")):
            return  # the form's note row: its text spans the figure columns
        if keys[0] in ("总分", "合计") or (keys[0] == "绩效指标" and len(keys) > 1 and keys[1] == "总分"):
            self.total(row)
            return
        if not self.section and len(texts) >= 3:
            self.loose.append(row)  # a table of its own before the form's sections (a 基础数据表): said in finish
        if self.section == "funds":
            funds_row(self.b, self.se["funds"], self.funds_cols, row)
        elif self.section == "goals":
            self.goal_row(row)
        elif self.section == "indicators":
            self.level1, self.level2 = indicator_row(self.b, self.se["indicators"], self.ind_cols, row,
                                                     self.level1, self.level2, self.family)

    def heading(self, row: int, cell: tuple[int, str]) -> bool:
        """A lone text above the form: its year, else (the first) its title."""
        col, only = cell
        year = YEAR.fullmatch(only)
        if year:
            self.doc["year"] = Text(year.group(1), self.g.source(row, col))
            return True
        if "title" not in self.doc and not self.project:
            self.doc["title"] = Text(only, self.g.source(row, col))  # the form's heading
            return True
        return False

    def labels(self, row: int, texts: list[tuple[int, str]]) -> None:
        """项目名称 / 主管部门 / 实施单位 / 部门名称, each with the value in the next cell."""
        project = self.project
        for i, (col, text) in enumerate(texts):
            if label_key(text) in ("自评总分", "自评得分") and i + 1 < len(texts) and "total" not in self.se:
                total = self.b.cell(row, texts[i + 1][0], figure="自评总分")  # 部门整体: the total beside the labels
                if total is not None:
                    self.se["total"], self.se.where = total, total.where
                continue
            key = LABEL_KEYS.get(norm(text))
            if key and i + 1 < len(texts) and norm(texts[i + 1][1]) not in LABEL_KEYS:
                value = self.b.cell(row, texts[i + 1][0])
                if value is not None and key not in project:
                    project[key] = value
                    if key == "name":
                        project.where = value.where  # problems with the project point at its name
                    if norm(text) == "部门名称" and "name" not in project:
                        project["name"] = value

    def funds_header(self, row: int, texts: list[tuple[int, str]]) -> bool:
        grid = self.g
        found = header_columns(grid, row, FUNDS_HEADERS) if self.section != "indicators" else {}
        if not (("initial" in found or "adjusted" in found) and "spent" in found):
            return False
        if any(_FIGURE.fullmatch(norm(t)) for _, t in texts):
            # labels beside their figures (预算数 6.84 | 执行数 6.84): no header of columns, said once
            if "funds" not in self.se and not any(p.code == "excel.funds_unread" for p in self.b.problems):
                self.b.problems.append(info(
                    "excel.funds_unread",
                    f"第{row + 1}行的预算执行情况是“名称 数额”并排填写，不是按列（年初预算数 / 全年预算数 / 全年执行数）的资金表："
                    "未读取，预算执行率得分未复核", grid.source(row, texts[0][0])))
            return False
        funds_cols = self.funds_cols = found
        if "adjusted" not in funds_cols:
            # Beijing's 2016 form: 执行率(B/A) over the 年初预算数(A), there is no 全年预算数
            funds_cols["adjusted"] = funds_cols["initial"]
        funds_cols["name"] = min(funds_cols.get("initial", 99), funds_cols["adjusted"]) - 1
        self.b.unused([row], funds_cols, FUNDS_LABELS | {label_key(texts[0][1])}, "预算执行情况")
        funds = Map(grid.source(row, texts[0][0]))
        unit = re.search(r"[（(]([^）)]+)[）)]", texts[0][1]) if "资金" in texts[0][1] else None
        if unit:
            funds["unit"] = Text(unit.group(1), grid.source(row, texts[0][0]))
        funds["rows"] = Seq(funds.where)
        if "weight" not in funds_cols:
            points = label_points(grid, row, [funds_cols.get("score"), texts[0][0]])
            if points is not None:
                funds["weight"] = points  # "得分(20分*执行率)", "预算执行情况(20分)": no 分值 column
        self.se["funds"] = funds
        self.section = "funds"
        return True

    def goals_header(self, row: int, texts: list[tuple[int, str]], keys: list[str]) -> bool:
        grid = self.g
        goal_header = header_columns(grid, row, GOAL_HEADERS)
        if keys[0] in ("年度总体目标", "年度总目标") and not goal_header:
            # one row, no 预期目标 / 实际完成情况 header: the goal as planned, then as achieved
            goal = Map(grid.source(row, texts[0][0]))
            for key, (col, _) in zip(("planned", "achieved"), texts[1:3]):
                goal[key] = grid.cell(row, col)
            self.se["goals"] = Seq(goal.where, [goal] if goal else [])
            self.section = "goal"
            return True
        if len(goal_header) == 2:
            self.goal_cols = goal_header
            labels = {label_key(t) for c, t in texts if c < min(goal_header.values())}  # the row's own labels, left of it
            self.b.unused([row], goal_header, _GOAL_LABELS | labels, "绩效目标")
            self.se["goals"] = Seq(grid.source(row, texts[0][0]))
            self.section = "goals"
            return True
        return False

    def indicators_header(self, row: int, texts: list[tuple[int, str]]) -> None:
        self.ind_cols = indicator_columns(self.g, row)
        self.family = family_at(self.g, row) if FAMILIES else None
        header = [row - 1, row] if upper_header(self.g, row - 1) else [row]
        if self.family is not None and self.family.two_rows:
            header, self.header_end = [row, row + 1], row + 1  # the second header row is no indicator
        self.b.unused(header, self.ind_cols, INDICATOR_LABELS, "绩效指标")
        for key in ("level1_points", "level2_points", "weight"):
            col = self.ind_cols.get(key)
            if col is not None and label_key(self.g.cell(row, col) or "") == "得分":
                self.b.problems.append(warning(
                    "sheet.header_label", "表头写“得分”，这一列填的却是分值（满分）：按分值读取，实际得分读自最后一个“得分”列",
                    self.g.source(row, col)))
        if "weight" not in self.ind_cols and "target" in self.ind_cols:
            self.b.problems.append(warning(
                "weights.missing", "绩效指标表头没有“分值”列：各指标满分未知，按所填得分计入；执行率与合计照常复核，是否扣分无从判断",
                self.g.source(row, texts[0][0])))
        self.se["indicators"] = Seq(self.g.source(row, texts[0][0]))
        self.section = "indicators"

    def total(self, row: int) -> None:
        col = self.ind_cols.get("score")
        total = self.b.cell(row, col, figure="总分") if col is not None else None
        if total is not None:
            self.se["total"] = total
        if col is not None:
            self.se.where = self.g.source(row, col)  # problems with the form's total point at its 总分 cell, filled or blank
        self.section = "done"

    def goal_row(self, row: int) -> None:
        grid, goal_cols = self.g, self.goal_cols
        planned = _goal_text(grid, row, goal_cols["planned"], goal_cols["achieved"])
        achieved = _goal_text(grid, row, goal_cols["achieved"], 10_000)
        if planned is not None or achieved is not None:
            goal = Map(grid.source(row, goal_cols["planned"]))
            if planned is not None:
                goal["planned"] = planned
            if achieved is not None:
                goal["achieved"] = achieved
            self.se["goals"].append(goal)

    def finish(self) -> FormPart:
        grid, first, end, se, project, doc = self.g, self.first, self.end, self.se, self.project, self.doc
        for key in ("goals", "indicators"):
            if key in se and not se[key]:
                del se[key]
        funds = se.get("funds")
        if isinstance(funds, Map):
            settle_funds(funds)
            if funds.get("rows") and "weight" not in funds and "score" not in funds:
                # no 分值 column nor points in a label (Yinchuan's form scores 预算执行率 as an indicator)
                funds["weight"] = funds["score"] = Text("0", funds.where)  # 0 points, as filled and as recomputed
                self.b.problems.append(info("excel.funds_no_points", "预算执行情况没有分值（表头无“分值”列，标签也未写分数）："
                                            "执行率照常复核，按0分计入总分", funds.where))
            if not any(k in funds for k in ("rows", "score", "weight")):
                del se["funds"]  # the form is cut after its 预算执行情况 header: no funds to read, said
                self.b.problems.append(info("excel.funds_unread", "预算执行情况只有表头，下面没有资金行（表在此截断）：未读取，预算执行率得分未复核",
                                            funds.where))
        if not project and "funds" not in se and end < grid.height:
            inferred = not self.ind_cols and self.headerless()
            if se.get("indicators"):
                why = f"没有表头：各列按所填内容推断（{inferred}）" if inferred else "没有项目名称和资金情况"
                self.b.problems.append(info(
                    "sheet.fragment", f"第{first + 1}–{end}行是另一张自评表的结尾（{why}）：单独复核，不并入第{end + 1}行起的自评表",
                    grid.source(first, 0)))
            elif not self.ind_cols:
                self.unread = (f"第{first + 1}–{end}行是另一张自评表的结尾，没有表头（三级指标、分值、得分）：各列含义无法确定，"
                               f"未读取；第{end + 1}行起的自评表单独读取")
                self.b.problems.append(info("sheet.fragment", self.unread, grid.source(first, 0)))
        table = len(self.loose) >= 2 and not self.unread and not any(p.code == "excel.funds_unread" for p in self.b.problems)
        if table and se.get("indicators"):
            said, table_used = score_from_table(grid, self.loose, se["indicators"], self.ind_cols.get("explanation"))
            self.b.problems.extend(said)
            table = not table_used
        if table:
            self.b.problems.append(info(
                "excel.rows_unused",
                f"第{self.loose[0] + 1}–{self.loose[-1] + 1}行的表格不是自评表的组成部分（如基础数据表）：未读取，其数据未参与复核",
                grid.source(self.loose[0], 0)))
        if self.family is not None and self.family.whole and "name" not in project and "department" in project:
            project["name"] = project["department"]  # a 部门整体 form names the department only: it is the form's name
        if project:
            doc["project"] = project
        if se:
            doc["self_evaluation"] = se
        return FormPart(doc, self.b.problems, first, self.unread)


    def headerless(self) -> str:
        """Rows without their header read by the columns their contents tell (fragment_columns); what
        was inferred, or "" where nothing could be."""
        cols = fragment_columns(self.g, self.first, self.end)
        if cols is None:
            return ""
        self.ind_cols, self.section, self.loose = cols, "indicators", []
        self.se["indicators"] = Seq(self.g.source(self.first, 0))
        for row in range(self.first, self.end):
            texts = list(self.g.row_texts(row))
            if texts:
                self.row(row, texts)
        return f"指标性质在{column_letter(cols['nature'])}列，分值在合计行所填的{column_letter(cols['weight'])}列"


def read_block(grid: Grid, first: int, end: int) -> FormPart:
    """Read the form in rows first..end-1 of the sheet as a located document part."""
    return _FormReader(grid, first, end).read()


def _goal_text(grid: Grid, row: int, start: int, stop: int) -> Text | None:
    for col in range(start, min(stop, grid.width)):
        value = grid.cell(row, col)
        if value is not None and norm(value) not in SECTION_LABELS:
            return value
    return None
