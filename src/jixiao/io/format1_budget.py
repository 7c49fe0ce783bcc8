"""Format 1's money: budget lines and totals, stated rates, fixed assets and the 绩效目标表."""

from __future__ import annotations

from decimal import Decimal

from ..model.evaluation import AssetCategory, Assets, Budget, BudgetLine, TargetRow
from ..model.quantity import Quantity
from ..parse.tree import Reader


def amounts(m: Reader) -> dict[str, Decimal | None]:
    return {
        "initial": m.decimal("initial", "年初预算", example="931.29"),
        "adjusted": m.decimal("adjusted", "全年预算数", example="931.29"),
        "spent": m.decimal("spent", "支出决算", example="931.29"),
    }


def _budget_line(m: Reader) -> BudgetLine:
    line = BudgetLine(
        name=m.text("name", "预算项目名称", required=True, example="基本支出") or "",
        where=m.where,
        children=m.records("children", _budget_line),
        rate=m.quantity("rate", "执行率"),
        of_which=m.records("of_which", _budget_line, "其中（of_which）"),
        **amounts(m),
    )
    m.done()
    return line


def _budget_totals(m: Reader | None) -> BudgetLine | None:
    if m is None:
        return None
    line = BudgetLine(name="合计", where=m.where, **amounts(m))
    m.done()
    return line


def _stated_rates(m: Reader | None) -> tuple[tuple[str, Quantity], ...]:
    """Rates as printed in the report, keyed by metric name without its family prefix."""
    from ..metrics import METRICS

    if m is None:
        return ()
    out = []
    known = sorted(name.split(".", 1)[1] for name in METRICS if name.startswith("budget."))
    for key in list(m.node.value):  # type: ignore[union-attr]
        if key not in known:
            m.child(key)
            m._fail(m.node.value[key], "unknown_key", f"未知的比率“{key}”，应为 {'、'.join(known)}", key=key)  # type: ignore[index]
            continue
        q = m.quantity(key, f"比率“{key}”")
        if q is not None:
            out.append((f"budget.{key}", q))
    return tuple(out)


def budget(r: Reader | None) -> Budget | None:
    if r is None:
        return None
    three = r.map("three_public", "“三公经费”（three_public）")
    tp_budget = three.decimal("budget", "“三公经费”预算安排数") if three else None
    tp_spent = three.decimal("spent", "“三公经费”实际支出数") if three else None
    if three:
        three.done()
    b = Budget(
        unit=r.text("unit", "金额单位") or "万元",
        lines=r.records("lines", _budget_line, "预算明细（lines）"),
        where=r.where,
        carryover=r.decimal("carryover", "年末结转结余"),
        sources=r.records("sources", _budget_line, "资金来源（sources）"),
        three_public_budget=tp_budget,
        three_public_spent=tp_spent,
        totals=_budget_totals(r.map("totals", "合计行（totals）")),
        rates=_stated_rates(r.map("rates", "报告所列比率（rates）")),
    )
    r.done()
    return b


def assets(r: Reader | None) -> Assets | None:
    if r is None:
        return None

    def category(m: Reader, name: str | None = None) -> AssetCategory:
        c = AssetCategory(
            name=name or m.text("name", "资产类别", required=True, example="设备") or "",
            where=m.where,
            opening=m.decimal("opening", "期初金额"),
            increase=m.decimal("increase", "本期增加"),
            decrease=m.decimal("decrease", "本期减少"),
            closing=m.decimal("closing", "期末金额"),
        )
        m.done()
        return c

    a = Assets(
        unit=r.text("unit", "金额单位") or "万元",
        categories=r.records("categories", category, "资产类别（categories）"),
        where=r.where,
        in_use=r.decimal("in_use", "在用固定资产期末原值"),
        totals=category(totals, "合计") if (totals := r.map("totals", "合计行（totals）")) else None,
        utilization=r.quantity("utilization", "固定资产利用率"),
        decrease_reasons=r.text("decrease_reasons", "本期减少的原因"),
    )
    r.done()
    return a


def target_row(m: Reader) -> TargetRow | None:
    name = m.text("name", "三级指标名称", required=True) or ""
    target = m.target("target", "目标值", required=True)
    row = TargetRow(name=name, target=target, where=m.where, level1=m.text("level1"), level2=m.text("level2"))  # type: ignore[arg-type]
    m.done()
    return row if target is not None else None
