"""Export an evaluation document as a jixiao workbook, optionally with computed scores and checks.

Each part of the document goes to its own sheet; whatever has no sheet of its
own is listed on 基本信息 by its key path, so YAML → workbook → YAML loses nothing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..metrics import LABELS as METRIC_LABELS
from ..model.evaluation import KINDS
from ..numbers import round_half_up
from ..problems import Problem, sort_problems
from ..render.places import problem_place
from . import layout as L
from .cells import address, column_letter, to_plain
from .form_write import FormWriter
from .guide import guide
from .put import header, put_figure, put_info, put_text, save_atomic
from .rulecells import PARAM_COLUMNS, indicator_columns, kind_label, prompt, rule_cells, type_labels
from .yamlcell import yaml_text

KIND_LIST = '"' + ",".join(KINDS.values()) + '"'  # 部门整体支出绩效评价, …; read back as their codes

# widths of the 指标体系 columns; a parameter column not named here is 18 wide
INDICATOR_WIDTHS = {"code": 8, "parent": 8, "name": 24, "weight": 6, "explanation": 30, "standard": 40, "benchmark": 12,
                    "actual": 14, "metric": 22, "formula": 26, "inputs": 26, "source": 26, "reported": 10,
                    "rule_type": 12, "rule.levels": 30, "rule.findings": 30, "rule.items": 40, "rule.overshoot": 30,
                    "analysis": 40, "score": 8, "reason": 30}


def flatten(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Scalar leaves with their key paths; an empty map or list is kept as {} / []."""
    if isinstance(data, dict):
        if not data and path:
            return [(path, "{}")]
        return [row for k, v in data.items() for row in flatten(v, f"{path}.{k}" if path else str(k))]
    if isinstance(data, list):
        if not data:
            return [(path, "[]")]
        return [row for i, v in enumerate(data) for row in flatten(v, f"{path}[{i}]")]
    return [(path, "" if data is None else str(data))]


def indicator_cells(ind: dict, parent: str | None) -> dict:
    """One indicator as the cells of its 指标体系 row: actual and rule spread over their columns."""
    row = {k: v for k, v in ind.items() if k not in ("children", "actual", "rule")}
    if parent:
        row["parent"] = parent
    actual = ind.get("actual")
    if isinstance(actual, dict):
        for key in ("value", "metric", "formula", "source"):
            if key in actual:
                row["actual" if key == "value" else key] = actual[key]
        if "metric" in actual:  # a clerk reads 预算执行率, not budget.execution_rate
            row["metric"] = METRIC_LABELS.get(str(actual["metric"]), actual["metric"])
        if "inputs" in actual:
            row["inputs"] = yaml_text(actual["inputs"]) if isinstance(actual["inputs"], dict) else actual["inputs"]
    elif actual is not None:
        row["actual"] = actual
    rule = ind.get("rule")
    if isinstance(rule, dict):
        row.update(rule_cells(rule))
    return row


class Exporter:
    def __init__(self, scored: Any = None):
        self.book = openpyxl.Workbook()
        self.book.remove(self.book.active)
        self.cells: dict[str, tuple[str, str]] = {}  # document path → (sheet, cell)
        self.analysis = scored

    def sheet(self, name: str) -> Worksheet:
        return self.book.create_sheet(name)

    def mark(self, path: str, ws: Worksheet, row: int, col: int) -> None:
        self.cells.setdefault(path, (ws.title, address(row - 1, col - 1)))

    # -- 基本信息 -----------------------------------------------------------------------

    def info(self, rows: list[tuple[str, str]]) -> None:
        ws = self.sheet(L.INFO)
        header(ws, 1, ["字段", "内容", "键（程序识别用，请勿修改）"], widths=[28, 80, 36])
        ws.freeze_panes = "A2"
        for i, (path, value) in enumerate(rows, start=2):
            put_text(ws, i, 1, L.label_of(path))
            put_info(ws, i, 2, path, kind_label(value) if path == "kind" else value)
            put_text(ws, i, 3, path)
            self.mark(path, ws, i, 2)
            if path == "kind":
                dv = DataValidation(type="list", formula1=KIND_LIST, allow_blank=False)
                ws.add_data_validation(dv)
                dv.add(f"B{i}")

    # -- tables ---------------------------------------------------------------------------

    def table(self, name: str, columns: list[tuple[str, str, str]], widths: list[int]) -> Worksheet:
        ws = self.sheet(name)
        header(ws, 1, [h for _, h, _ in columns], widths=widths)
        ws.freeze_panes = "A2"
        return ws

    def row(self, ws: Worksheet, r: int, columns: list, item: dict, base: str) -> None:
        self.mark(base, ws, r, 1)
        for c, (key, _, kind) in enumerate(columns, start=1):
            value = item.get(key)
            if value is None:
                continue
            if kind in ("money", "score"):
                put_figure(ws, r, c, value, L.MONEY if kind == "money" else L.SCORE)
            elif kind == "int":
                put_figure(ws, r, c, value, "0")
            else:
                put_text(ws, r, c, value)
            self.mark(f"{base}.{key}", ws, r, c)

    def budget(self, budget: dict) -> None:
        ws = self.table(L.BUDGET, L.BUDGET_COLUMNS, [12, 8, 36, 16, 16, 16])
        r = 2

        def lines(items: list, group: str, level: int, base: str) -> None:
            nonlocal r
            for i, line in enumerate(items):
                item = {**line, "group": L.BUDGET_GROUPS[group], "level": str(level)}
                self.row(ws, r, L.BUDGET_COLUMNS, item, f"{base}[{i}]")
                r += 1
                lines(line.get("children") or [], group, level + 1, f"{base}[{i}].children")

        for group in L.BUDGET_GROUPS:
            lines(budget.pop(group, None) or [], group, 1, f"budget.{group}")
        self._list(ws, "A", f'"{",".join(L.BUDGET_GROUPS.values())}"')

    def assets(self, assets: dict) -> None:
        ws = self.table(L.ASSETS, L.ASSET_COLUMNS, [24, 16, 16, 16, 16])
        for i, item in enumerate(assets.pop("categories", None) or []):
            self.row(ws, 2 + i, L.ASSET_COLUMNS, item, f"assets.categories[{i}]")

    def targets(self, targets: list) -> None:
        ws = self.table(L.TARGETS, L.TARGET_COLUMNS, [14, 14, 30, 16])
        for i, item in enumerate(targets):
            self.row(ws, 2 + i, L.TARGET_COLUMNS, item, f"targets[{i}]")

    def indicators(self, indicators: list) -> None:
        columns = indicator_columns()
        widths = [INDICATOR_WIDTHS.get(key, 18) for key, _, _ in columns]
        at = {key: c for c, (key, _, _) in enumerate(columns, start=1)}
        scored = self.analysis.scorecard if self.analysis is not None else None
        ws = self.table(L.INDICATORS, columns, widths)
        if scored is not None:
            header(ws, 1, [h for _, h in L.SCORED_INDICATOR_COLUMNS], widths=[10, 10, 40], start=len(columns) + 1)
        by_code = dict(scored.by_code) if scored is not None else {}
        r = self._indicator_rows(ws, columns, by_code, indicators, None, "indicators", 2)
        if scored is not None:
            put_text(ws, r, 3, "合计")
            put_figure(ws, r, 4, scored.weight, L.SCORE)
            put_figure(ws, r, len(columns) + 1, round_half_up(scored.total, 2), L.SCORE)
            put_text(ws, r, len(columns) + 3, f"绩效评级：{scored.grade}")
        self._indicator_lists(ws, at)

    def _indicator_rows(self, ws: Worksheet, columns: list, by_code: dict, items: list, parent: str | None,
                        base: str, r: int) -> int:
        """Write `items` and their children depth first from row `r`; the next free row."""
        rule_column = next(c for c, (key, _, _) in enumerate(columns, start=1) if key == "rule_type")
        for i, ind in enumerate(items):
            row = indicator_cells(ind, parent)
            here = f"{base}[{i}]"
            self.row(ws, r, columns, row, here)
            if "rule_type" in row:
                self.mark(f"{here}.rule", ws, r, rule_column)
            node = by_code.get(str(ind.get("code")))
            if node is not None:
                self._indicator_score(ws, r, len(columns) + 1, node)
            r = self._indicator_rows(ws, columns, by_code, ind.get("children") or [], str(ind.get("code", "")),
                                     f"{here}.children", r + 1)
        return r

    @staticmethod
    def _indicator_score(ws: Worksheet, r: int, c: int, node: Any) -> None:
        """得分, 得分率 and 扣分原因 beside the indicator's own columns."""
        if node.score is not None:
            put_figure(ws, r, c, round_half_up(node.score, 2), L.SCORE)
            if node.rate is not None:
                ws.cell(row=r, column=c + 1, value=round_half_up(node.rate / 100, 4)).number_format = L.PERCENT
        else:
            put_text(ws, r, c, "未评分")
        put_text(ws, r, c + 2, node.reason, wrap=True)

    def _indicator_lists(self, ws: Worksheet, at: dict[str, int]) -> None:
        """Drop-down lists and input prompts for the rule type, qualitative actuals, metrics and parameters."""
        self._list(ws, column_letter(at["rule_type"] - 1), f'"{",".join(type_labels())}"')
        self._list(ws, column_letter(at["actual"] - 1), f'"{",".join(L.QUALITATIVE)}"', strict=False)
        self._list(ws, column_letter(at["metric"] - 1), f'"{",".join(METRIC_LABELS.values())}"')
        for key, head, _, p in PARAM_COLUMNS:
            letter = column_letter(at[key] - 1)
            if p.kind == "boolean":
                dv = self._list(ws, letter, '"是,否"')
            else:
                dv = DataValidation(allow_blank=True)
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}2000")
            dv.promptTitle = p.label[:32]
            dv.prompt = prompt(p)
            dv.showInputMessage = True

    def findings(self, findings: dict) -> None:
        ws = self.table(L.FINDINGS, L.FINDING_COLUMNS, [10, 16, 40, 80, 10])
        r = 2
        for group, label in L.FINDING_GROUPS.items():
            for i, item in enumerate(findings.pop(group, None) or []):
                self.row(ws, r, L.FINDING_COLUMNS, {**item, "group": label}, f"findings.{group}[{i}]")
                r += 1
        self._list(ws, "A", f'"{",".join(L.FINDING_GROUPS.values())}"')

    def _list(self, ws: Worksheet, column: str, formula: str, *, strict: bool = True) -> DataValidation:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.showErrorMessage = strict
        if strict:
            dv.errorTitle = "请从列表中选择"
            dv.error = "该列只能填写下拉列表中的值"
        ws.add_data_validation(dv)
        dv.add(f"{column}2:{column}2000")
        return dv

    # -- 检查结果 -------------------------------------------------------------------------

    def checks(self, problems: list[Problem], doc: dict) -> None:
        ws = self.sheet(L.CHECKS)
        header(ws, 1, ["序号", "严重程度", "位置", "问题代码", "说明", "处理建议"], widths=[6, 10, 36, 24, 90, 50])
        ws.freeze_panes = "A2"
        for i, p in enumerate(sort_problems(problems), start=1):
            r = i + 1
            put_figure(ws, r, 1, str(i), "0")
            put_text(ws, r, 2, p.severity.label)
            target = self.locate(p)
            where = f"{target[0]}!{target[1]}" if target else problem_place(doc, p)
            cell = put_text(ws, r, 3, where)
            if target:
                cell.hyperlink = f"#'{target[0]}'!{target[1]}"
                cell.style = "Hyperlink"
            put_text(ws, r, 4, p.code)
            put_text(ws, r, 5, p.message, wrap=True)
            put_text(ws, r, 6, getattr(p, "hint", "") or None, wrap=True)
        if not problems:
            put_text(ws, 2, 5, "未发现问题")

    def locate(self, p: Problem) -> tuple[str, str] | None:
        path = p.where.path or ""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        code = p.where.indicator
        if code:
            for key, target in self.cells.items():
                if key.startswith("indicators") and key.endswith(".code") and self._value(target) == code:
                    return target
        return None

    def _value(self, target: tuple[str, str]) -> Any:
        return self.book[target[0]][target[1]].value


def _has_findings(findings: Any) -> bool:
    return isinstance(findings, dict) and any(findings.get(k) for k in L.FINDING_GROUPS)


def _analysed(doc: dict, out: Path) -> tuple[Any, list[Problem]]:
    """The document's analysis (None if it does not load) and every problem to list on 检查结果."""
    from ..analysis import analyse
    from ..io.document import load_plain

    loaded = load_plain(doc, file=Path(out).name)
    problems = list(loaded.problems)
    analysis = None
    if loaded.ok and loaded.evaluation is not None:
        analysis = analyse(loaded.evaluation)
        problems = list(analysis.problems) + [p for p in problems if p.severity.value != "error"]
    return analysis, problems


def _self_head(doc: dict, kind: str) -> dict:
    """A project self-evaluation's title, year and project, taken out of `doc` onto the form's head."""
    head: dict = {}
    if kind != "project_self_evaluation":
        return head
    for key in ("title", "year"):
        if key in doc:
            head[key] = doc.pop(key)
    if isinstance(doc.get("project"), dict):
        project = doc["project"]
        head["project"] = {k: project.pop(k) for k in ("name", "department", "implementer") if k in project}
        if not project:
            doc.pop("project")
    else:
        head["project"] = {}
    return head


def _self_evaluation(ex: Exporter, doc: dict, kind: str, se: Any) -> None:
    """The 自评表 sheet; what the form has no place for goes back into `doc` for 基本信息."""
    head = _self_head(doc, kind)
    ws = ex.sheet(L.SELF)
    selfcard = ex.analysis.self_scorecard if ex.analysis is not None else None
    writer = FormWriter(ws, ex.cells, selfcard)
    _, leftover = writer.write(se or {}, head)
    if leftover:
        doc.setdefault("self_evaluation", {}).setdefault("funds", {}).update(leftover)


def _parts(ex: Exporter, doc: dict, kind: str) -> None:
    """Each part of `doc` on its own sheet, taken out of `doc` as it is written."""
    sheets = L.KIND_SHEETS.get(kind, L.KIND_SHEETS["department"])
    if isinstance(doc.get("budget"), dict) or L.BUDGET in sheets:
        ex.budget(doc["budget"] if isinstance(doc.get("budget"), dict) else {})
    if isinstance(doc.get("assets"), dict) or L.ASSETS in sheets:
        ex.assets(doc["assets"] if isinstance(doc.get("assets"), dict) else {})
    if L.TARGETS in sheets or doc.get("targets"):
        ex.targets(doc.pop("targets", None) or [])
    if L.INDICATORS in sheets or doc.get("indicators"):
        ex.indicators(doc.pop("indicators", None) or [])
    se = doc.pop("self_evaluation", None)
    if isinstance(se, dict) or L.SELF in sheets:
        _self_evaluation(ex, doc, kind, se)
    if L.FINDINGS in sheets or _has_findings(doc.get("findings")):
        findings = doc.get("findings") if isinstance(doc.get("findings"), dict) else {}
        ex.findings(findings)
        if "findings" in doc and not findings:
            doc.pop("findings")
    for part in ("budget", "assets"):
        if isinstance(doc.get(part), dict) and not doc[part]:
            doc.pop(part)


def export_workbook(document: dict, out: Path, *, scored: bool = False) -> Path:
    """Write `document` (a format-1 plain document) as a jixiao workbook at `out`.

    With scored=True the workbook also shows the computed 得分, 得分率 and 扣分原因
    beside the figures, and a 检查结果 sheet lists every problem with a link to its cell.
    """
    doc = copy.deepcopy(to_plain(document))
    analysis, problems = _analysed(doc, out) if scored else (None, [])
    ex = Exporter(analysis)
    kind = str(doc.get("kind", ""))
    ex.info([])  # placeholder first sheet; filled below once the rest is known
    _parts(ex, doc, kind)
    book = ex.book
    book.remove(book[L.INFO])
    ex.info(flatten(doc))
    book.move_sheet(L.INFO, offset=-(len(book.sheetnames) - 1))
    guide(book, kind)
    if scored:
        ex.checks(problems, to_plain(document))
    return save_atomic(book, Path(out))
