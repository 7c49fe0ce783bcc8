"""The same indicator wherever it is printed: code, name, parent, weight, 标杆值, 完成值, 得分 in 表3-x
against 附件1; each table's 合计 row and 得分率; a parent's (N分) against its children."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ...checks.base import Family, agrees
from ...numbers import HUNDRED, fmt_plain
from ...parse.quantity import ParseError, normalize, parse_target
from ...problems import Problem, error, warning
from ..document import compact
from ..tables import IndicatorRow, IndicatorTable
from .base import AuditContext, number, text_check

FAMILY = Family("audit.indicators", "指标前后一致", {
    "audit.indicator_name": "同一指标在两个表中的名称不同",
    "audit.indicator_parent": "同一指标在两个表中的上级指标（编码或名称）不同",
    "audit.indicator_value": "同一指标在两个表中的权重、标杆值、完成值或得分不同",
    "audit.indicator_missing": "指标在综合评分表中没有，或综合评分表的指标在分析表中没有",
    "audit.table_total": "指标表合计行与各行之和不符",
    "audit.table_rate": "指标表的得分率不等于得分 ÷ 权重",
    "audit.parent_weight": "上级指标标注的分值与其下级指标权重之和不符",
})

FIELDS = {"weight": "权重", "benchmark": "标杆值", "actual": "完成值", "score": "得分"}


def _same(field: str, a: str, b: str) -> bool:
    """Equal as figures (4 and 4.00; ≤100% and ≤100.00%) or as words (spaces and brackets aside)."""
    if compact(a) == compact(b):
        return True
    x, y = number(a), number(b)
    if x is not None and y is not None:
        return x == y
    if field == "benchmark":
        try:
            return parse_target(a) == parse_target(b) or _same_target(a, b)
        except ParseError:
            return False
    return normalize(a) == normalize(b)


def _same_target(a: str, b: str) -> bool:
    ta, tb = parse_target(a), parse_target(b)
    return (ta.op == tb.op and ta.quantity is not None and tb.quantity is not None
            and ta.quantity.value == tb.quantity.value and ta.quantity.unit == tb.quantity.unit)


def _cell(ctx: AuditContext, row: IndicatorRow, field: str):
    return ctx.doc.at_cell(row.table, row.row, row.cols.get(field))


@text_check
def across_tables(ctx: AuditContext) -> Iterator[Problem]:
    ref = ctx.reference
    if ref is None:
        return
    known = {r.code: r for r in ref.rows}
    ref_name = ref.table.name
    for table in ctx.indicator_tables:
        if table is ref:
            continue
        for row in table.rows:
            other = known.get(row.code)
            if other is None:
                yield warning("audit.indicator_missing", f"{table.table.name}列出的指标{row.code} {row.name}在{ref_name}中没有",
                              _cell(ctx, row, "level3"))
                continue
            yield from _compare(ctx, row, other, ref_name)


def _compare(ctx: AuditContext, row: IndicatorRow, ref: IndicatorRow, ref_name: str) -> Iterator[Problem]:
    here = row.table.name
    if compact(row.name) != compact(ref.name):
        yield error("audit.indicator_name", f"指标{row.code}在{here}中名为“{row.name}”，在{ref_name}中名为“{ref.name}”",
                    _cell(ctx, row, "level3"), hint="统一指标名称")
    for level in ("level2", "level1"):
        mine, theirs = getattr(row, level), getattr(ref, level)
        if mine and theirs and (mine.code != theirs.code or compact(mine.name) != compact(theirs.name)):
            label = "二级指标" if level == "level2" else "一级指标"
            yield error("audit.indicator_parent",
                        f"指标{row.code}的{label}在{here}中为“{mine.code} {mine.name}”，在{ref_name}中为“{theirs.code} {theirs.name}”",
                        _cell(ctx, row, level), hint="按指标体系更正上级指标的编码和名称")
    for field, label in FIELDS.items():
        a, b = row.cells.get(field, ""), ref.cells.get(field, "")
        if a and b and not _same(field, a, b):
            say = warning if field == "benchmark" else error  # a 标杆值 worded two ways; a figure that differs
            yield say("audit.indicator_value", f"指标{row.code} {row.name}的{label}在{here}中为“{a}”，在{ref_name}中为“{b}”",
                        _cell(ctx, row, field), hint=f"核实后统一{label}")


@text_check
def totals_and_rates(ctx: AuditContext) -> Iterator[Problem]:
    for table in ctx.indicator_tables:
        yield from _rates(ctx, table)
        if table.total is None:
            continue
        for field in ("weight", "score"):
            stated = number(table.total.cells.get(field))
            values = [number(r.cells.get(field)) for r in table.rows]
            if stated is None or any(v is None for v in values):
                continue
            total = sum(values, Decimal(0))
            if not agrees(stated, total):
                yield error("audit.table_total", f"{table.table.name}合计行的{FIELDS[field]}为{fmt_plain(stated)}，"
                            f"各行之和为{fmt_plain(total)}", _cell(ctx, table.total, field), hint="更正合计行")


def _rates(ctx: AuditContext, table: IndicatorTable) -> Iterator[Problem]:
    for row in table.rows + ([table.total] if table.total else []):
        text = row.cells.get("rate", "")
        rate, weight, score = number(text), number(row.cells.get("weight")), number(row.cells.get("score"))
        if rate is None or not weight or score is None or "%" not in text:
            continue
        computed = score / weight * HUNDRED
        if not agrees(rate, computed):
            what = f"指标{row.code}" if row.code else "合计行"
            yield error("audit.table_rate", f"{table.table.name}中{what}的得分率为{text}，得分{fmt_plain(score)} ÷ "
                        f"权重{fmt_plain(weight)} = {computed.quantize(Decimal('0.01'))}%", _cell(ctx, row, "rate"))


@text_check
def parent_weights(ctx: AuditContext) -> Iterator[Problem]:
    for table in ctx.indicator_tables:
        for level, child in (("level1", None), ("level2", None)):
            sums: dict[str, tuple[IndicatorRow, Decimal, list[Decimal | None]]] = {}
            for row in table.rows:
                parent = getattr(row, level)
                if parent is None or parent.weight is None:
                    continue
                entry = sums.setdefault(parent.code, (row, Decimal(parent.weight), []))
                entry[2].append(number(row.cells.get("weight")))
            for code, (first, stated, weights) in sums.items():
                if None in weights:
                    continue
                total = sum(weights, Decimal(0))
                if total != stated:
                    yield error("audit.parent_weight", f"{table.table.name}中指标{code}标注{fmt_plain(stated)}分，"
                                f"其下级指标权重之和为{fmt_plain(total)}分", _cell(ctx, first, level))
