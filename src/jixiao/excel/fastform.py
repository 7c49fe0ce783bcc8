"""The bulk review's fast path: the common national 项目支出绩效自评表 read straight from the sheet's rows.

A finance bureau's workbook holds thousands of forms printed from one template. Their
headers are recognised once per sheet (by the general reader's own functions), the data
rows are read by column index, and the form goes straight into the model the scoring
reads: no located document, no loader tree. Whatever this reader is not sure of — a
merged cell, a header it does not know, a row that is not plainly a funds, goal or
indicator row, a figure that is not plainly a number — makes it give the form back
(None), and the general path reads it as every other command does. So a form read here
is one the general reader reads the same way; tests/test_review_fastpath.py checks it.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, fields
from decimal import Decimal
from functools import lru_cache

from ..model.evaluation import Evaluation, Project
from ..model.quantity import Level, Quantity, Target
from ..model.selfeval import Funds, FundsRow, Goal, SelfEvaluation, SelfIndicator
from ..parse.directions import undirected
from ..parse.quantity import ParseError, parse_quantity, parse_target, parse_value
from ..problems import Source
from .cells import column_letter
from .fastsheet import (AS_TARGET, RATE, Sheet, Unsure, cell_number, first_text, has_label, indicator_name, level_name, row_texts,
                        text_of)
from .national import LABEL_KEYS, PLACEHOLDERS, SECTION_LABELS, YEAR, norm, one_line
from .national.indicators import word_for_figure


_DATA = frozenset(("funds", "goals", "indicators"))


def read_form(sheet: Sheet, first: int, end: int) -> Evaluation | None:
    """The form in rows first..end-1 as the model, or None where the general path must read it."""
    if sheet.g.merged:
        return None
    try:
        return _Form(sheet, first, end).read()
    except (Unsure, ParseError):
        return None


class _Form:
    def __init__(self, sheet: Sheet, first: int, end: int):
        self.s = sheet
        self.first = first
        self.end = end
        self.title: str | None = None
        self.year: int | None = None
        self.project: dict[str, str] = {}
        self.section = ""
        self.funds_cols: dict[str, int] = {}
        self.ind_cols: dict[str, int] = {}
        self.goal_cols: dict[str, int] = {}
        self.funds_rows: list[FundsRow] = []
        self.funds_weight: Decimal | None = None
        self.funds_where: Source | None = None
        self.funds_unit = "万元"
        self.goals: list[Goal] = []
        self.indicators: list[SelfIndicator] = []
        self.total: Decimal | None = None
        self.total_where: Source | None = None
        self.level1: str | None = None
        self.level2: str | None = None

    def read(self) -> Evaluation:
        rows = self.s.g.rows
        for row in range(self.first, self.end):
            values = rows[row]
            col, label = first_text(values)
            if col < 0:
                continue  # no text
            self.v = values
            section = self.section
            if col > 0 and not label and section in _DATA:
                # a data row (column A, the section labels' column, left blank): the common case, read at once
                if section == "indicators":
                    self.indicator_row(row)
                elif section == "funds":
                    self.funds_row(row)
                else:
                    self.goal_row(row)
                continue
            if bool in map(type, values):
                raise Unsure("a TRUE/FALSE cell")  # equal to 1/0 as a key of _texts
            self.other(row, list(row_texts(tuple(values))), norm(text_of(values[col])))
        return self.finish()

    def other(self, row: int, texts: list[tuple[int, str]], head: str) -> None:
        if self.section == "":
            self.top(row, texts, head)
        elif self.section == "labels" and head in LABEL_KEYS:
            self.labels(row, texts)
        elif head in ("项目资金", "部门资金", "年度资金") or head.startswith(("项目资金(", "部门资金(", "年度资金(")):
            self.open_funds(row, texts)
        elif self.section == "funds" and head in ("年度总体目标", "年度总目标"):
            self.goal_cols = self.s.layout(self.s.goals, row, self.s.goal_layout)
            self.section = "goals"
        elif self.section in ("funds", "goals") and head == "绩效指标":
            self.ind_cols = self.s.layout(self.s.indicators, row, self.s.indicator_layout)
            self.ind_plan = _indicator_plan(self.ind_cols)
            self.section = "indicators"
        elif self.section == "indicators" and head == "总分":
            self.close(row, texts)
        elif has_label([t for _, t in texts]) or self.section in ("labels", "done"):
            raise Unsure(f"row {row + 1}")
        elif self.section == "funds":
            self.funds_row(row)
        elif self.section == "goals":
            self.goal_row(row)
        else:
            self.indicator_row(row)

    def top(self, row: int, texts: list[tuple[int, str]], head: str) -> None:
        if head in LABEL_KEYS:
            self.section = "labels"
            self.labels(row, texts)
        elif len(texts) == 1 and YEAR.fullmatch(texts[0][1]):
            self.year = int(YEAR.fullmatch(texts[0][1]).group(1))  # type: ignore[union-attr]
        elif len(texts) == 1 and self.title is None and "自评表" in texts[0][1]:
            self.title = texts[0][1]
        else:
            raise Unsure(f"row {row + 1}")

    def labels(self, row: int, texts: list[tuple[int, str]]) -> None:
        if len(texts) % 2:
            raise Unsure("labels")
        for (_, key), (col, value) in zip(texts[::2], texts[1::2]):
            name = LABEL_KEYS.get(key)
            if name is None or name in self.project or value in PLACEHOLDERS or key == "部门名称" or value in LABEL_KEYS:
                raise Unsure("labels")
            self.project[name] = value
            if name == "name":
                self.name_where = self.s.source(row, col)  # problems with the project point at its name, as the general reader's

    def open_funds(self, row: int, texts: list[tuple[int, str]]) -> None:
        if self.section != "labels" or "name" not in self.project:
            raise Unsure("funds before the project's name")
        self.funds_cols = self.s.layout(self.s.funds, row, self.s.funds_layout)
        unit = re.search(r"[（(]([^）)]+)[）)]", texts[0][1])
        if unit:
            self.funds_unit = unit.group(1).strip() or "万元"
        self.funds_where = self.s.source(row, self.funds_cols["label"])
        self.section = "funds"

    def cell(self, row: int, col: int) -> str | None:
        """The data cell as the general reader's Block.cell: its text, placeholders left blank."""
        values = self.v
        if col >= len(values):
            return None
        value = values[col]
        if value is None or value == "":
            return None
        text = value.strip() if value.__class__ is str else text_of(value)
        return None if not text or text in PLACEHOLDERS else text

    def number(self, row: int, col: int) -> Decimal | None:
        values = self.v
        value = values[col] if col < len(values) else None
        if value is None or value == "" or type(value) is bool:
            return None
        return cell_number(value)

    def funds_row(self, row: int) -> None:
        cols = self.funds_cols
        name = self.cell(row, cols["name"])
        number = self.number
        initial, adjusted, spent = number(row, cols["initial"]), number(row, cols["adjusted"]), number(row, cols["spent"])
        if name is None and initial is None and adjusted is None and spent is None:
            return
        if name is None:
            raise Unsure("funds row without a name")
        rate_text = self.cell(row, cols["rate"])
        if rate_text is not None and not RATE.fullmatch(rate_text):
            raise Unsure("rate")  # a ratio, a number cell or words: the general reader's judgement
        score = self.number(row, cols["score"])
        if not self.funds_rows:
            if score is None:
                raise Unsure("a blank funds 得分")  # where it is said, and what is recomputed: the general reader's
            if initial is None and adjusted is not None and cols["initial"] != cols["adjusted"]:
                raise Unsure("a blank 年初预算数")  # said by the general reader (complete.initial_blank)
            self.funds_where = self.s.source(row, cols["score"])
            self.funds_weight = self.number(row, cols["weight"])
        elif self.cell(row, cols["weight"]) is not None:
            raise Unsure("a weight on a 其中 row")
        self.funds_rows.append(_record(FundsRow, {**_FUNDS_ROW,
            "name": _funds_name(name), "initial": initial, "adjusted": adjusted, "spent": spent,
            "rate": parse_quantity(rate_text) if rate_text is not None else None, "score": score,
            "where": self.s.source(row, cols["name"])}))

    def goal_row(self, row: int) -> None:
        cols, values = self.goal_cols, self.s.g.rows[row]
        planned = achieved = None
        for col in range(cols["planned"], len(values)):
            text = text_of(values[col])
            if text is None or norm(text) in SECTION_LABELS:
                continue
            if col < cols["achieved"] and planned is None:
                planned = text
            elif col >= cols["achieved"]:
                achieved = text
                break
        if planned is None and achieved is None:
            raise Unsure("goal row")
        self.goals.append(Goal(planned or "", achieved or "", self.s.source(row, cols["planned"])))

    def indicator_row(self, row: int) -> None:
        values = self.v
        texts, weight_col, score_col, letter = self.ind_plan
        l1, l2, name, target, actual, reason = _texts(values, texts)
        if l1 is not None:
            self.level1, self.level2 = level_name(l1), None
        if l2 is not None:
            self.level2 = level_name(l2)
        name = indicator_name(name) if name is not None else None
        n = len(values)
        value = values[weight_col] if weight_col < n else None  # number(), inlined: a form has a dozen of these rows
        weight = None if value is None or value == "" or value.__class__ is bool else cell_number(value)
        value = values[score_col] if score_col < n else None
        score = None if value is None or value == "" or value.__class__ is bool else cell_number(value)
        if name is None:
            if target is None and actual is None and score is None:
                return  # a blank template row, at most with its preset 分值
            raise Unsure("indicator without a name")
        if weight is None or target is None or actual is None or "分" in name or name.startswith("其中"):
            raise Unsure("indicator row")
        parsed, value = _figures(target, actual)
        where = _at(self.s.fields, letter, row)
        self.indicators.append(_record(SelfIndicator, {**_INDICATOR,
            "name": name, "weight": weight, "where": where, "level1": self.level1, "level2": self.level2,
            "target": parsed, "actual": value, "score": score, "reason": reason}))

    def close(self, row: int, texts: list[tuple[int, str]]) -> None:
        col = self.ind_cols["score"]
        self.total = self.number(row, col)
        if self.total is None:
            raise Unsure("a blank 总分")  # said at its own cell by the general reader
        self.total_where = self.s.source(row, col)
        self.section = "done"

    def finish(self) -> Evaluation:
        rows = self.funds_rows
        if self.section != "done" or not self.indicators or not rows or self.funds_weight is None:
            raise Unsure("incomplete form")
        if len(rows) == 1 and rows[0].initial is None and rows[0].adjusted is None and rows[0].spent is None and rows[0].rate is None:
            raise Unsure("a lone funds row: the block's own score")
        where = self.s.source(self.first, 0)
        p = self.project
        funds = Funds(weight=self.funds_weight, score=None, unit=self.funds_unit, rows=tuple(self.funds_rows),
                      where=self.funds_where or where)
        form = SelfEvaluation(funds=funds, indicators=tuple(self.indicators), total=self.total, goals=tuple(self.goals),
                              where=self.total_where or where)
        project = Project(name=p["name"], department=p.get("department"), implementer=p.get("implementer"),
                          where=getattr(self, "name_where", where))
        return Evaluation(format=1, kind="project_self_evaluation", year=self.year, title=self.title, file=self.s.file,
                          project=project, self_evaluation=form)


def _defaults(cls) -> dict:
    """A record's fields in their order, each with its default (None where it has none: always given)."""
    return {f.name: None if f.default is MISSING else f.default for f in fields(cls)}


_INDICATOR, _FUNDS_ROW = _defaults(SelfIndicator), _defaults(FundsRow)
_new_object, _set = object.__new__, object.__setattr__


def _record(cls, state: dict):
    """A frozen model record with its fields set directly (as Source.with_ does): its __init__ costs
    more than reading the row. `state` holds every field (the defaults' dict, updated)."""
    obj = _new_object(cls)
    _set(obj, "__dict__", state)
    return obj


def _at(base: dict, letter: str, row: int) -> Source:
    """The sheet's Source at the cell of a column's letter, made as Sheet.source makes it, cheaper."""
    state = base.copy()
    state["cell"] = letter + str(row + 1)
    return _record(Source, state)


_INDICATOR_TEXTS = ("level1", "level2", "name", "target", "actual", "reason")


def _indicator_plan(cols: dict[str, int]) -> tuple[tuple[int, ...], int, int, str]:
    """How an indicator row is read: its text columns in _INDICATOR_TEXTS order (-1: the layout has
    none), its 分值 and 得分 columns, the letter of its name's column (where it is)."""
    return tuple(cols.get(key, -1) for key in _INDICATOR_TEXTS), cols["weight"], cols["score"], column_letter(cols["name"])


def _texts(values: list, cols: tuple[int, ...]) -> list[str | None]:
    """Cells as _Form.cell reads them, several at once: one call for a row's texts."""
    n = len(values)
    out: list[str | None] = []
    for col in cols:
        value = values[col] if 0 <= col < n else None
        if value is None or value == "":
            out.append(None)
            continue
        text = value.strip() if value.__class__ is str else text_of(value)
        out.append(None if not text or text in PLACEHOLDERS else text)
    return out


@lru_cache(maxsize=1024)
def _funds_name(text: str) -> str:
    """A funds row's name as the general reader takes it: one line, without a closing colon."""
    return re.sub(r"[:：]$", "", one_line(text)).strip()


def _figures(target: str, actual: str) -> tuple[Target, Quantity | Level]:
    """A row's 年度指标值 and 实际完成值 as the general reader parses them: each text once (a target
    repeats from form to form, a figure seldom does), the two together only where the figure is a word."""
    short = len(target) <= _KEPT and len(actual) <= _KEPT  # longer texts are read, not kept
    parsed = (_target if short else _target.__wrapped__)(target)
    value = (_actual if short else _actual.__wrapped__)(actual)
    if not _DIGIT.search(actual) and (_word if short else word_for_figure)(target, actual):
        raise Unsure("a word for a target's figure")  # said by the general reader
    return parsed, value


_KEPT = 200
_DIGIT = re.compile(r"\d")
_word = lru_cache(maxsize=4096)(word_for_figure)


@lru_cache(maxsize=4096)
def _target(target: str) -> Target:
    if undirected(target):
        raise Unsure("a target without ≥/≤/=")  # said by the general reader
    return parse_target(target)


@lru_cache(maxsize=16384)
def _actual(actual: str) -> Quantity | Level:
    if AS_TARGET.match(actual):
        raise Unsure("actual written as a target")
    return parse_value(actual)


__all__ = ["read_form"]
