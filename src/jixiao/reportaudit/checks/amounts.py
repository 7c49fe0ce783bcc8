"""Budget and asset figures wherever the report states them — the prose, 信息基础表, 自评表 — against
表1-2's 合计 row and 表1-1's 合计 row (amounts in 万元, as the tables print them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ...checks.base import Family, agrees
from ...numbers import HUNDRED, fmt
from ...parse.quantity import ParseError, parse_quantity
from ...problems import Problem, Source, error
from ..document import Table, compact
from .base import AuditContext, number, text_check

FAMILY = Family("audit.amounts", "预算与资产数字", {
    "audit.budget_figure": "正文或附表所述预算数、执行数、调整数或执行率与预算表不符",
    "audit.asset_figure": "正文所述固定资产金额与固定资产情况表不符",
})

# fact → the words a report labels it with (longest first where one ends another)
BUDGET_WORDS = {
    "initial": ("年初预算安排", "年初预算数", "年初预算"), "adjusted": ("调整后预算", "全年预算数", "预算数（调整后）"),
    "spent": ("全年支出决算", "支出决算", "全年执行数", "实际执行数", "执行数"), "rate": ("预算执行率", "执行率"),
    "adjustment": ("预算调整数", "调整数"), "adjustment_rate": ("预算调整率",),
}
ASSET_WORDS = {"opening": ("期初金额",), "increase": ("本期增加",), "decrease": ("本期减少",), "closing": ("期末金额",)}
_BUDGET_COLUMNS = {"initial": "年初预算", "adjusted": "调整后预算", "spent": "支出决算", "rate": "执行率"}
_ASSET_COLUMNS = {"opening": "期初金额", "increase": "本期增加", "decrease": "本期减少", "closing": "期末金额"}
TEN_THOUSAND = Decimal(10000)


def _total_row(table: Table, columns: dict[str, str]) -> dict[str, Decimal] | None:
    grid = table.grid()
    if not grid:
        return None
    head = [compact(c) for c in grid[0]]
    cols = {k: head.index(w) for k, w in columns.items() if w in head}
    total = next((r for r in grid if compact(r[0]) == "合计" or (len(r) > 1 and compact(r[1]) == "合计")), None)
    if total is None or len(cols) < 3:
        return None
    facts = {k: number(total[c]) for k, c in cols.items()}
    return {k: (v if v is not None else Decimal(0)) for k, v in facts.items() if v is not None or total[cols[k]].strip() == "-"}


def _budget(ctx: AuditContext) -> tuple[dict[str, Decimal], Table] | None:
    table = next((t for t in ctx.doc.tables if t.name == "表1-2"), None)
    facts = _total_row(table, _BUDGET_COLUMNS) if table else None
    if not facts or not {"initial", "adjusted"} <= facts.keys():
        return None
    facts["adjustment"] = facts["adjusted"] - facts["initial"]
    if facts["initial"]:
        facts["adjustment_rate"] = facts["adjustment"] / facts["initial"] * HUNDRED
    return facts, table


def _fact(label: str, words: dict[str, tuple[str, ...]]) -> str | None:
    for fact, names in words.items():
        if any(compact(label).endswith(n) for n in names):
            return fact
    return None


def _differs(stated_text: str, fact: str, expected: Decimal) -> Decimal | None:
    """The stated figure in 万元 or percent, where it differs from the expected one."""
    try:
        q = parse_quantity(stated_text)
    except ParseError:
        return None
    value = q.value if q.is_percent or fact.endswith("rate") else q.value / TEN_THOUSAND if q.unit == "元" else q.number
    places = q.places if not q.scale or q.scale == "万" else None
    return None if agrees(value, expected, places) else value


@text_check
def budget_figures(ctx: AuditContext) -> Iterator[Problem]:
    found = _budget(ctx)
    if found is None:
        return
    facts, table = found
    for label, text, where in _stated(ctx):
        fact = _fact(label, BUDGET_WORDS)
        if fact in facts and _differs(text, fact, facts[fact]) is not None:
            shown = f"{fmt(facts[fact], thousands=True)}{'%' if fact.endswith('rate') else '万元'}"
            yield error("audit.budget_figure", f"“{label}”写为{text}，按{table.name}应为{shown}", where,
                        hint=f"按{table.name}更正")


@text_check
def asset_figures(ctx: AuditContext) -> Iterator[Problem]:
    table = next((t for t in ctx.doc.tables if t.name == "表1-1"), None)
    facts = _total_row(table, _ASSET_COLUMNS) if table else None
    if not facts:
        return
    for label, text, where in _stated(ctx):
        fact = _fact(label, ASSET_WORDS)
        if fact in facts and _differs(text, fact, facts[fact]) is not None:
            yield error("audit.asset_figure", f"“{label}”写为{text}，按{table.name}合计行应为{fmt(facts[fact], thousands=True)}万元",
                        where, hint=f"按{table.name}更正")


def _stated(ctx: AuditContext) -> Iterator[tuple[str, str, Source]]:
    """(label, figure as written, place) from the prose and from 信息基础表's label/value cells."""
    for f in ctx.figures:
        if f.quantity.unit in ("元", "%") and not f.qualifier:
            yield f.label, f.quantity.text(), f.where
    for table in ctx.doc.tables:
        if "信息基础表" not in table.caption:
            continue
        for r, cells in enumerate(table.grid()):
            for c in range(0, len(cells) - 1, 2):
                label, value = compact(cells[c]), compact(cells[c + 1])
                if _fact(label, BUDGET_WORDS) and value and value[0].isdigit():
                    yield label, value, ctx.doc.at_cell(table, r, c + 1)
