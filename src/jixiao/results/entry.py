"""One evaluation as the results report counts it: who, which kind, its headline, its points by
indicator, its deductions and its budget base."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..analysis import Analysis, Headline
from ..metrics.budget import total as budget_total
from ..model.evaluation import Evaluation
from ..numbers import ZERO

DEPARTMENT, PROJECT = "部门整体", "项目"
UNGRADED = "未评分"  # neither an indicator tree nor a 自评表: counted, never given a grade
FUNDS_FAMILY = "预算执行率"  # the 自评表's funds row, a family of its own


@dataclass(frozen=True)
class Points:
    """Score and full marks of one indicator in one evaluation (scored ones only)."""

    level1: str
    level2: str | None
    name: str
    weight: Decimal
    score: Decimal
    reason: str = ""

    @property
    def deducted(self) -> Decimal:
        return self.weight - self.score


@dataclass(frozen=True)
class Entry:
    file: str
    year: int | None
    department: str
    subject: str  # the department itself, or the project
    kind: str  # DEPARTMENT or PROJECT
    headline: Headline | None
    families: tuple[Points, ...]  # 一级 (level2 None) and 二级 indicators
    leaves: tuple[Points, ...]  # the scored leaves (三级 indicators, 自评表 rows)
    base: Decimal | None  # 预算数 (全年预算数) the consequence applies to
    unit: str = "万元"
    rectification: tuple[int, int] | None = None  # 整改 confirmed, total

    @property
    def grade(self) -> str:
        return self.headline.grade if self.headline is not None else UNGRADED


def department_of(ev: Evaluation) -> str:
    if ev.entity is not None:
        return ev.entity.name
    if ev.project is not None and ev.project.department:
        return ev.project.department
    return ev.subject_name or ev.file


def base_of(ev: Evaluation) -> tuple[Decimal | None, str]:
    """The budget the grade's consequence applies to: the budget's 全年预算数 (调整后), else its
    年初预算; a 自评表's 年度资金总额 row; None when the file states none."""
    if ev.budget is not None:
        totals = ev.budget.totals
        for column in ("adjusted", "initial"):
            stated = getattr(totals, column) if totals is not None else None
            value = stated if stated is not None else budget_total(ev.budget, column)
            if value:
                return value, ev.budget.unit
    se = ev.self_evaluation
    if se is not None and se.funds is not None and se.funds.rows:
        first = se.funds.rows[0]
        value = first.adjusted if first.adjusted is not None else first.initial
        if value is not None:
            return value, se.funds.unit
    return None, "万元"


def _tree_points(analysis: Analysis) -> tuple[list[Points], list[Points]]:
    families, leaves = [], []
    sc = analysis.scorecard
    for root in sc.roots if sc is not None else ():
        l1 = root.indicator.name
        if root.score is not None:
            families.append(Points(l1, None, l1, root.weight, root.score))
        for child in root.children:
            if child.score is not None:
                families.append(Points(l1, child.indicator.name, child.indicator.name, child.weight, child.score))
        stack = list(root.children)
        while stack:
            node = stack.pop(0)
            if node.children:
                stack[:0] = list(node.children)
            elif node.score is not None:
                l2 = next((c.indicator.name for c in root.children if _contains(c, node)), None)
                leaves.append(Points(l1, l2, node.indicator.name, node.weight, node.score, node.reason))
    return families, leaves


def _contains(branch, node) -> bool:
    return branch is node or any(_contains(c, node) for c in branch.children)


def _form_points(analysis: Analysis) -> tuple[list[Points], list[Points]]:
    ss = analysis.self_scorecard
    if ss is None:
        return [], []
    leaves = []
    if ss.funds is not None and ss.funds.score is not None:
        leaves.append(Points(FUNDS_FAMILY, None, FUNDS_FAMILY, ss.funds.funds.weight, ss.funds.score,
                             ss.funds.arithmetic))
    for row in ss.rows:
        ind = row.indicator
        if row.score is not None:
            leaves.append(Points(ind.level1 or "绩效指标", ind.level2, ind.name, ind.weight, row.score, row.reason))
    sums: dict[tuple[str, str | None], list[Decimal]] = {}
    for p in leaves:
        keys = [(p.level1, None)] + ([(p.level1, p.level2)] if p.level2 else [])
        for key in keys:
            acc = sums.setdefault(key, [ZERO, ZERO])
            acc[0] += p.weight
            acc[1] += p.score
    families = [Points(l1, l2, l2 or l1, w, s) for (l1, l2), (w, s) in sums.items()]
    return families, leaves


def entry_of(analysis: Analysis, rectification: tuple[int, int] | None = None) -> Entry:
    ev = analysis.evaluation
    if analysis.scorecard is not None and analysis.scorecard.roots:
        families, leaves = _tree_points(analysis)
    else:
        families, leaves = _form_points(analysis)
    base, unit = base_of(ev)
    return Entry(
        file=ev.file, year=ev.year, department=department_of(ev), subject=ev.subject_name or ev.file,
        kind=DEPARTMENT if ev.kind == "department" else PROJECT, headline=analysis.headline,
        families=tuple(families), leaves=tuple(leaves), base=base, unit=unit, rectification=rectification)
