"""附件3 整体支出绩效自评表 as printed: the funds block (资金来源, 年初预算数, 调整后, 执行数, 执行率,
分值, 得分), the indicator rows, and the 总分 row — as the department filled them in. Where a report
prints jixiao's 复核 columns beside the form's own (得分（填报）/得分（复核）), the filled ones are read."""

from __future__ import annotations

from typing import Any

from ..problems import Source
from .document import Document, Table, compact
from .tables import TOTAL_WORDS, number

FUNDS = {"name": ("资金来源",), "initial": ("年初预算",), "adjusted": ("调整后", "全年预算"), "spent": ("执行数",),
         "rate": ("执行率（填报）", "执行率"), "weight": ("分值",), "score": ("得分（填报）", "得分")}
ROWS = {"level1": ("一级指标",), "level2": ("二级指标",), "name": ("三级指标",), "target": ("指标值",),
        "basis": ("指标设定依据",), "actual": ("实际完成值",), "weight": ("分值",), "score": ("得分（填报）", "得分"),
        "reason": ("偏差原因",)}


def _columns(cells: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    cols: dict[str, int] = {}
    texts = [compact(c).replace("(", "（").replace(")", "）") for c in cells]
    for key, words in wanted.items():
        for word in words:  # the first word that some column starts with, else contains
            hit = next((i for i, t in enumerate(texts) if t.startswith(word) and i not in cols.values()), None)
            if hit is None:
                hit = next((i for i, t in enumerate(texts) if word in t and i not in cols.values()), None)
            if hit is not None:
                cols[key] = hit
                break
    return cols


def _value(text: str) -> str | None:
    text = text.strip().replace(",", "").replace("，", "")
    return None if text in ("", "-", "—", "/") else text


def self_evaluation(doc: Document, tables: list[Table]) -> tuple[dict[str, Any], dict[str, Source]] | None:
    form: dict[str, Any] = {}
    places: dict[str, Source] = {}
    rows: list[dict] = []
    for table in tables:
        grid = table.grid()
        funds_cols = rows_cols = None
        for r, cells in enumerate(grid):
            if any(compact(c).startswith("资金来源") for c in cells):
                funds_cols, rows_cols = _columns(cells, FUNDS), None
                continue
            if any(compact(c) == "三级指标" for c in cells):
                rows_cols, funds_cols = _columns(cells, ROWS), None
                continue
            if any(compact(c) in TOTAL_WORDS for c in cells[:3]) and rows_cols and "score" in rows_cols:
                form["total"] = _value(cells[rows_cols["score"]])
                places["self_evaluation"] = places["self_evaluation.total"] = doc.at_cell(table, r, rows_cols["score"])
                continue
            if funds_cols and {"name", "weight", "score"} <= funds_cols.keys():
                _funds_row(doc, table, r, cells, funds_cols, form, places)
            elif rows_cols and {"name", "weight"} <= rows_cols.keys():
                row = {k: _value(cells[c]) for k, c in rows_cols.items() if c < len(cells)}
                if row.get("name") and row.get("weight"):
                    places[f"self_evaluation.indicators[{len(rows)}]"] = doc.at_cell(table, r, rows_cols["name"])
                    rows.append({k: v for k, v in row.items() if v is not None})
    if not rows:
        return None
    form["indicators"] = rows
    return form, places


def _funds_row(doc, table, r, cells, cols, form, places) -> None:
    name = compact(cells[cols["name"]]).rstrip(":：")
    amounts = [cells[cols[k]] for k in ("initial", "adjusted", "spent") if k in cols and cols[k] < len(cells)]
    if not name or not amounts or any(number(a) is None and _value(a) is not None for a in amounts):
        return  # the funds block has ended (年度总目标 …)
    row = {k: _value(cells[c]) for k, c in cols.items() if k not in ("weight", "score") and c < len(cells)}
    row["name"] = name.removeprefix("其中：").replace("（万元）", "")
    funds = form.setdefault("funds", {"rows": []})
    if not funds["rows"]:  # the first row is the year's total, with the weight and the score
        funds["weight"] = _value(cells[cols["weight"]]) or "10"
        funds["score"] = _value(cells[cols["score"]])
        places["self_evaluation.funds"] = doc.at_cell(table, r, cols["score"])
    places[f"self_evaluation.funds.rows[{len(funds['rows'])}]"] = doc.at_cell(table, r, cols["name"])
    funds["rows"].append({k: v for k, v in row.items() if v is not None})
