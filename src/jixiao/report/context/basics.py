"""Chapter 一 基本情况: the subject, its assets (表1-1), its budget (表1-2) and its targets (表1-3)."""

from __future__ import annotations

from dataclasses import dataclass

from ...glossary import STAFFING
from ...metrics.assets import column_total
from ...metrics.budget import adjustment_rate, execution_percent, execution_rate, line_total, total
from ...model.evaluation import BudgetLine, Evaluation
from ...render.figures import rate_text, weight_text
from .. import texts as standard
from .common import cn_ordinal, money, short_name, strip_end, year_text


@dataclass(frozen=True)
class Entity:
    functions: tuple[str, ...]
    organisation: tuple[str, ...]
    key_tasks: tuple[str, ...]
    head: str
    transformation: tuple[str, ...] = ()  # 职能转变
    overview: tuple[str, ...] = ()  # 附件2's 部门基本概况


@dataclass(frozen=True)
class AssetFigures:
    opening: str
    increase: str
    decrease: str
    closing: str


@dataclass(frozen=True)
class AssetRow(AssetFigures):
    no: str
    name: str


@dataclass(frozen=True)
class Assets:
    unit: str
    caption: str
    rows: tuple[AssetRow, ...]
    total: AssetFigures
    summary: str


@dataclass(frozen=True)
class BudgetFigures:
    initial: str
    adjusted: str
    spent: str
    rate: str


@dataclass(frozen=True)
class BudgetRow(BudgetFigures):
    name: str
    depth: str


@dataclass(frozen=True)
class Budget:
    unit: str
    caption: str
    rows: tuple[BudgetRow, ...]
    total: BudgetFigures
    summary: tuple[str, ...]
    initial: str
    adjusted: str
    adjustment: str
    adjustment_rate: str
    spent: str
    execution_rate: str


@dataclass(frozen=True)
class TargetRow:
    level1: str
    level2: str
    name: str
    target: str


def project_entity(ev: Evaluation) -> Entity:
    p = ev.project
    desc = standard.paragraphs(p.description) if p and p.description else []
    org = []
    if p is not None and p.department:
        org.append(f"项目主管部门为{p.department}。")
    if p is not None and p.implementer:
        org.append(f"项目实施单位为{p.implementer}。")
    return Entity(tuple(desc), tuple(org), (), "", overview=tuple(desc))


def transformation_of(text: str) -> tuple[str, ...]:
    """职能转变, opened by its name as the reference prints it (职能转变。深入推进……)."""
    paras = standard.paragraphs(text)
    if paras and not paras[0].startswith("职能转变"):
        paras[0] = "职能转变。" + paras[0]
    return tuple(paras)


def entity_of(ev: Evaluation) -> Entity:
    e = ev.entity
    if e is None:
        return project_entity(ev)
    org = []
    if e.parent or e.rank or e.internal_bodies or e.subordinate_units:
        text = e.name
        if e.parent:
            text += f"是{e.parent}工作部门"
            text += f"，为{e.rank}" if e.rank else ""
            text += "。"
        elif e.rank:
            text += f"为{e.rank}单位。"
        else:
            text += "。"
        if e.internal_bodies:
            text += f"下设{len(e.internal_bodies)}个内部机构（{'、'.join(e.internal_bodies)}）"
        if e.subordinate_units:
            text += ("，" if e.internal_bodies else "") + f"下属事业单位{len(e.subordinate_units)}个（{'；'.join(e.subordinate_units)}）"
        org.append(strip_end(text) + "。")
    if e.staffing:
        parts = [f"{STAFFING.get(k, k)}{weight_text(v)}名" for k, v in e.staffing]
        org.append(f"{e.name}" + "，".join(parts) + "。")
    return Entity(tuple(e.functions), tuple(org), tuple(standard.paragraphs(e.key_tasks or "")), e.head or "",
                  transformation=transformation_of(e.transformation or ""),
                  overview=tuple(standard.paragraphs(e.overview or "")) or tuple(org))


def assets_of(ev: Evaluation) -> Assets | None:
    a = ev.assets
    if a is None:
        return None
    rows = tuple(
        AssetRow(no=str(i), name=c.name, opening=money(c.opening), increase=money(c.increase),
                 decrease=money(c.decrease), closing=money(c.closing))
        for i, c in enumerate(a.categories, start=1)
    )
    sums = {k: column_total(a, k) for k in ("opening", "increase", "decrease", "closing")}
    summary = (
        f"{short_name(ev)}{year_text(ev)}固定资产期初金额为{money(sums['opening'])}{a.unit}，本期增加{money(sums['increase'])}{a.unit}，"
        f"本期减少{money(sums['decrease'])}{a.unit}，期末金额为{money(sums['closing'])}{a.unit}"
    )
    if a.in_use is not None:
        summary += f"，其中在用固定资产期末原值为{money(a.in_use)}{a.unit}"
    summary += "。"
    if a.decrease_reasons:
        summary += f"本期减少的固定资产主要为：{strip_end(a.decrease_reasons)}。"
    summary += "各资产类别明细见表1-1。"
    return Assets(
        unit=a.unit,
        caption=f"表1-1 {short_name(ev)}{year_text(ev)}固定资产情况表",
        rows=rows,
        total=AssetFigures(**{k: money(v) for k, v in sums.items()}),
        summary=summary,
    )


def budget_rows(lines: tuple[BudgetLine, ...], depth: int = 1) -> list[BudgetRow]:
    rows = []
    for i, line in enumerate(lines, start=1):
        prefix = {1: f"{cn_ordinal(i)}、", 2: f"{i}. ", 3: f"（{i}）"}.get(depth, "")
        adjusted, spent = line_total(line, "adjusted"), line_total(line, "spent")
        rows.append(BudgetRow(
            name=prefix + line.name,
            initial=money(line_total(line, "initial")),
            adjusted=money(adjusted),
            spent=money(spent),
            rate=rate_text(execution_percent(spent, adjusted)),
            depth=str(depth),
        ))
        rows.extend(budget_rows(line.children, depth + 1))
        rows.extend(of_which_row(part, depth + 1) for part in line.of_which)
    return rows


def of_which_row(part: BudgetLine, depth: int) -> BudgetRow:
    """其中：基本建设类项目 — a part of the line above, "-" where it has no amount."""
    given = part.adjusted is not None and part.spent is not None
    return BudgetRow(
        name=f"其中：{part.name}",
        initial=money(part.initial),
        adjusted=money(part.adjusted),
        spent=money(part.spent),
        rate=rate_text(execution_percent(part.spent, part.adjusted)) if given and part.adjusted else "-",
        depth=str(depth),
    )


def budget_of(ev: Evaluation) -> Budget | None:
    b = ev.budget
    if b is None:
        return None
    initial, adjusted, spent = total(b, "initial"), total(b, "adjusted"), total(b, "spent")
    execution, adjustment = execution_rate(ev), adjustment_rate(ev)
    parts_initial = "、".join(f"{line.name}为{money(line_total(line, 'initial'))}{b.unit}" for line in b.lines)
    parts_spent = "、".join(f"{line.name}为{money(line_total(line, 'spent'))}{b.unit}" for line in b.lines)
    summary = (
        f"{short_name(ev)}{'项目' if ev.kind == 'project' else '部门整体'}年初预算安排为{money(initial)}{b.unit}，其中：{parts_initial}。"
        f"全年预算数（调整后）为{money(adjusted)}{b.unit}，预算调整数为{money(adjusted - initial)}{b.unit}，"
        f"预算调整率为{rate_text(adjustment.value)}。",
        f"全年支出决算为{money(spent)}{b.unit}，其中：{parts_spent}。预算执行率为{rate_text(execution.value)}"
        f"（{strip_end(execution.arithmetic)}）。",
    )
    carry = b.carryover
    rows = budget_rows(b.lines)
    rows.append(BudgetRow(name="年末结转结余", initial="-", adjusted="-", spent=money(carry) if carry else "-",
                          rate="-", depth="1"))
    return Budget(
        unit=b.unit,
        caption="表1-2 项目资金预算及支出情况表" if ev.kind == "project" else "表1-2 部门预算支出及结转结余情况表",
        rows=tuple(rows),
        total=BudgetFigures(initial=money(initial), adjusted=money(adjusted), spent=money(spent),
                            rate=rate_text(execution.value)),
        summary=summary,
        initial=money(initial),
        adjusted=money(adjusted),
        adjustment=money(adjusted - initial),
        adjustment_rate=rate_text(adjustment.value),
        spent=money(spent),
        execution_rate=rate_text(execution.value),
    )


def targets_of(ev: Evaluation) -> tuple[TargetRow, ...]:
    return tuple(TargetRow(t.level1 or "", t.level2 or "", t.name, str(t.target)) for t in ev.targets)
