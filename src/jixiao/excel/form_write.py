"""Write a self-evaluation form (自评表) in the national layout, optionally with the recomputed figures."""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model.quantity import TIER_ACHIEVED, TIER_MISSED, TIER_PARTLY
from ..numbers import ZERO, round_half_up
from .put import HEADER_FONT, as_decimal, put_figure, put_label, put_text
from .layout import MONEY, SCORE

FUNDS_HEAD = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
INDICATOR_HEAD = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
SCORED_HEAD = ["复核得分", "复核得分率", "复核扣分原因", "计算过程"]
WIDTHS = {"A": 12, "B": 14, "C": 16, "D": 26, "E": 16, "F": 16, "G": 10, "H": 10, "I": 36, "J": 16, "K": 30}
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


class FormWriter:
    """Writes one form from row `row`; records document path → cell in `cells`."""

    def __init__(self, ws: Worksheet, cells: dict[str, tuple[str, str]], scored: Any = None):
        self.ws = ws
        self.cells = cells
        self.scored = scored  # a SelfScorecard, or None
        for letter, width in WIDTHS.items():
            ws.column_dimensions[letter].width = width

    def mark(self, path: str, row: int, col: int) -> None:
        from .cells import address

        self.cells.setdefault(path, (self.ws.title, address(row - 1, col - 1)))

    def write(self, se: dict, head: dict, row: int = 1, *, blank_rows: int = 0) -> tuple[int, dict]:
        """Write the form; returns the next free row and what the layout cannot hold."""
        ws = self.ws
        leftover: dict = {}
        if "title" in head:
            put_text(ws, row, 1, head["title"]).font = HEADER_FONT
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
            ws.cell(row=row, column=1).alignment = CENTER
            self.mark("title", row, 1)
            row += 1
        if "year" in head:
            put_text(ws, row, 1, f"（{head['year']}年度）")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=9)
            ws.cell(row=row, column=1).alignment = CENTER
            self.mark("year", row, 1)
            row += 1
        project = head.get("project")
        if project is not None:
            put_label(ws, row, 1, "项目名称")
            put_text(ws, row, 2, project.get("name"))
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=9)
            self.mark("project.name", row, 2)
            row += 1
            put_label(ws, row, 1, "主管部门")
            put_text(ws, row, 2, project.get("department"))
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            put_label(ws, row, 5, "实施单位")
            put_text(ws, row, 6, project.get("implementer"))
            ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=9)
            self.mark("project.department", row, 2)
            self.mark("project.implementer", row, 6)
            row += 1
        row = self._funds(se.get("funds"), row, leftover, blank_rows)
        row = self._goals(se.get("goals") or [], row, blank_rows)
        row = self._indicators(se, row, blank_rows)
        return row, leftover

    def _funds(self, funds: dict | None, row: int, leftover: dict, blank_rows: int) -> int:
        ws = self.ws
        funds = dict(funds or {})
        unit = funds.get("unit")
        put_label(ws, row, 1, f"项目资金（{unit}）" if unit else "项目资金")
        put_label(ws, row, 2, "")
        for i, text in enumerate(FUNDS_HEAD):
            put_label(ws, row, 3 + i, text)
        scored = self.scored.funds if self.scored is not None else None
        if scored is not None:
            for i, text in enumerate(SCORED_HEAD):
                put_label(ws, row, 9 + i, text)
        first = row + 1
        rows = list(funds.get("rows") or [])
        if funds.get("rows") and "score" in funds:
            leftover["score"] = funds["score"]
        if not rows:
            rows = [{"name": "年度资金总额", **({"score": funds["score"]} if "score" in funds else {})}]
            if blank_rows:
                rows += [{"name": n} for n in ("其中：本年财政拨款", "上年结转资金", "其他资金")]
            self.mark("self_evaluation.funds.score", first, 8)
        for i, item in enumerate(rows):
            r = first + i
            base = f"self_evaluation.funds.rows[{i}]"
            put_text(ws, r, 2, item.get("name"))
            self.mark(base, r, 2)
            for j, key in enumerate(("initial", "adjusted", "spent")):
                if key in item:
                    put_figure(ws, r, 3 + j, item[key], MONEY)
                    self.mark(f"{base}.{key}", r, 3 + j)
            if i == 0:
                put_figure(ws, r, 6, funds.get("weight"), SCORE)
                self.mark("self_evaluation.funds.weight", r, 6)
                self.mark("self_evaluation.funds", r, 6)
            else:
                put_text(ws, r, 6, "—")
            if "rate" in item:
                put_figure(ws, r, 7, item["rate"], "0.00%")
                self.mark(f"{base}.rate", r, 7)
            if "score" in item:
                put_figure(ws, r, 8, item["score"], SCORE)
                self.mark(f"{base}.score", r, 8)
            if i == 0 and scored is not None:
                self._scored(r, scored.score, funds.get("weight"), "", scored.arithmetic)
        last = first + len(rows) - 1
        if last > row:
            ws.merge_cells(start_row=row, start_column=1, end_row=last, end_column=1)
        return last + 1

    def _goals(self, goals: list, row: int, blank_rows: int) -> int:
        ws = self.ws
        put_label(ws, row, 1, "年度总体目标")
        put_label(ws, row, 2, "预期目标")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        put_label(ws, row, 5, "实际完成情况")
        ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=9)
        start = row
        items = list(goals) or ([{}] if blank_rows else [])
        for i, goal in enumerate(items):
            row += 1
            put_text(ws, row, 2, goal.get("planned"), wrap=True)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
            put_text(ws, row, 5, goal.get("achieved"), wrap=True)
            ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=9)
            self.mark(f"self_evaluation.goals[{i}]", row, 2)
            ws.row_dimensions[row].height = 60
        if row > start:
            ws.merge_cells(start_row=start, start_column=1, end_row=row, end_column=1)
        return row + 1

    def _indicators(self, se: dict, row: int, blank_rows: int) -> int:
        ws = self.ws
        items = list(se.get("indicators") or [])
        extra = []
        if any("basis" in i for i in items):
            extra.append(("basis", "指标设定依据"))
        if any("rule" in i for i in items):
            extra.append(("rule", "评分规则"))
        put_label(ws, row, 1, "绩效指标")
        for i, text in enumerate(INDICATOR_HEAD + [t for _, t in extra]):
            put_label(ws, row, 2 + i, text)
        scored_col = 2 + len(INDICATOR_HEAD) + len(extra)
        if self.scored is not None:
            for i, text in enumerate(SCORED_HEAD):
                put_label(ws, row, scored_col + i, text)
        start = row
        if not items and blank_rows:
            for n in range(blank_rows):
                put_text(ws, row + 1 + n, 4, f"指标{n + 1}：")
            self._validate(row + 1, row + blank_rows)
            row += blank_rows
        for i, item in enumerate(items):
            row += 1
            base = f"self_evaluation.indicators[{i}]"
            self.mark(base, row, 4)
            for col, key in ((2, "level1"), (3, "level2"), (4, "name"), (5, "target"), (6, "actual"), (9, "reason")):
                put_text(ws, row, col, item.get(key), wrap=key == "reason")
                self.mark(f"{base}.{key}", row, col)
            for col, key in ((7, "weight"), (8, "score")):
                if key in item:
                    put_figure(ws, row, col, item[key], SCORE)
                self.mark(f"{base}.{key}", row, col)
            for j, (key, _) in enumerate(extra):
                if key == "rule" and isinstance(item.get("rule"), dict):
                    from .rulecells import rule_text

                    put_text(ws, row, 10 + j, rule_text(item["rule"]), wrap=True)
                else:
                    put_text(ws, row, 10 + j, item.get(key))
                self.mark(f"{base}.{key}", row, 10 + j)
            if self.scored is not None and i < len(self.scored.rows):
                r = self.scored.rows[i]
                self._scored(row, r.score, item.get("weight"), r.reason, r.arithmetic, col=scored_col)
        if items:
            self._validate(start + 1, row)
        if row > start:
            ws.merge_cells(start_row=start + 1, start_column=1, end_row=row, end_column=1)
        row += 1
        put_label(ws, row, 1, "总分")
        weights = [as_decimal(i.get("weight")) for i in items] + [as_decimal((se.get("funds") or {}).get("weight"))]
        if items:
            put_figure(ws, row, 7, sum((w for w in weights if w is not None), ZERO), SCORE)
        if "total" in se:
            put_figure(ws, row, 8, se["total"], SCORE)
        self.mark("self_evaluation.total", row, 8)
        self.mark("self_evaluation", row, 8)
        if self.scored is not None:
            self._scored(row, self.scored.total, None, f"等级：{self.scored.grade}", "", col=scored_col)
        return row + 1

    def _scored(self, row: int, score: Any, weight: Any, reason: str, arithmetic: str, *, col: int = 9) -> None:
        ws = self.ws
        if score is not None:
            put_figure(ws, row, col, round_half_up(score, 2), SCORE)
            w = as_decimal(weight)
            if w:
                cell = ws.cell(row=row, column=col + 1, value=round_half_up(score / w, 4))
                cell.number_format = "0.00%"
        else:
            put_text(ws, row, col, "未评分")
        put_text(ws, row, col + 2, reason, wrap=True)
        put_text(ws, row, col + 3, arithmetic, wrap=True)

    def _validate(self, first: int, last: int) -> None:
        dv = DataValidation(type="list", formula1=f'"{TIER_ACHIEVED},{TIER_PARTLY},{TIER_MISSED}"', allow_blank=True)
        dv.showErrorMessage = False  # a suggestion list: quantities such as 3120人次 are typed freely
        dv.promptTitle = "实际完成值"
        dv.prompt = "定量指标填写数值（如 3120人次、82.02%）；定性指标可选择达成等级"
        dv.showInputMessage = True
        self.ws.add_data_validation(dv)
        dv.add(f"F{first}:F{max(first, last)}")
