"""The results report's tables, one list of rows each, shared by the Word and Excel writers and
the web page so the three always show the same figures. A cell is text (str), a count (int) or a
figure (Decimal, already rounded for display); percentages are text such as 92.86%."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import fmt, round_half_up
from .summary import KINDS, Results, percent_text, rectification_text

Cell = str | int | Decimal


@dataclass(frozen=True)
class Table:
    number: int
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""

    @property
    def caption(self) -> str:
        return f"表{self.number} {self.title}"


def cell_text(value: Cell) -> str:
    """A cell as every door shows it: figures with thousands separators and two places."""
    if isinstance(value, Decimal):
        return fmt(value, thousands=True)
    return str(value)


def _money(value: Decimal | None) -> Cell:
    return "—" if value is None else round_half_up(value, 2)


def grade_table(r: Results) -> Table:
    grades = r.grades
    rows = []
    for kind, counts in r.by_kind().items():
        rows.append((kind, *[counts[g] for g in grades], sum(counts.values())))
    total = r.grade_counts()
    rows.append(("合计", *[total[g] for g in grades], len(r.entries)))
    return Table(1, "等级分布", ("评价类型", *grades, "合计"), tuple(rows))


def department_table(r: Results) -> Table:
    rows = []
    for e in r.entries:
        score: Cell = round_half_up(e.headline.total, 2) if e.headline is not None else "—"
        grade = e.headline.grade_text if e.headline is not None else e.grade
        rows.append((e.department, e.subject, e.kind, score, grade, rectification_text(e.rectification)))
    counts = "；".join(f"{d}：{'、'.join(f'{g}{n}个' for g, n in c.items() if n)}" for d, c in r.by_department().items())
    return Table(2, "各部门评价结果", ("部门", "评价对象", "评价类型", "得分", "等级", "整改完成情况"), tuple(rows),
                 note=f"按部门统计：{counts}" if counts else "")


def family_table(r: Results, level: int) -> Table:
    families = [f for f in r.families if (f.level2 is None) == (level == 1)]
    families.sort(key=lambda f: (f.rate if f.rate is not None else Decimal(101), f.level1, f.name))
    if level == 1:
        rows = tuple((f.level1, f.count, round_half_up(f.score, 2), round_half_up(f.weight, 2), f.rate_text)
                     for f in families)
        return Table(3, "一级指标得分率", ("一级指标", "评价数", "得分合计", "分值合计", "得分率"), rows,
                     note="得分率 = 各评价该指标得分之和 ÷ 分值之和 × 100%，由低到高排列")
    rows = tuple((f.level1, f.name, f.count, round_half_up(f.score, 2), round_half_up(f.weight, 2), f.rate_text)
                 for f in families)
    return Table(4, "二级指标得分率", ("一级指标", "二级指标", "评价数", "得分合计", "分值合计", "得分率"), rows)


def deduction_table(r: Results) -> Table:
    rows = []
    for i, d in enumerate(r.deductions, 1):
        reasons = "；".join(f"{text}（{n}次）" if n > 1 else text for text, n in d.reasons[:3])
        rows.append((i, d.name, d.level1, d.count, round_half_up(d.points, 2), reasons))
    return Table(5, "扣分较多的指标", ("序号", "指标", "一级指标", "扣分次数", "扣分合计", "主要扣分原因"), tuple(rows),
                 note="按扣分次数、再按扣分合计排列")


def consequence_table(r: Results) -> Table:
    units = {c.entry.unit for c in r.consequences}
    one_unit = units.pop() if len(units) == 1 else None  # the usual case: the unit goes in the header
    rows = []
    for c in r.consequences:
        e = c.entry
        amount = c.outcome.amount if c.outcome is not None else None
        row: tuple[Cell, ...] = (e.department, e.subject, e.grade, c.action_text, _money(e.base), c.arithmetic,
                                 _money(amount))
        rows.append(row if one_unit else (*row, e.unit))
    money = f"（{one_unit}）" if one_unit else ""
    header = ("部门", "评价对象", "等级", "结果应用", f"预算数{money}", "测算", f"下年度预算基数{money}")
    rule = "；".join(f"{g} → {t}" for g, t in r.rules.texts().items())
    return Table(6, "评价结果与下年度预算安排", header if one_unit else (*header, "单位"), tuple(rows),
                 note=f"结果应用规则（{r.rules.where}）：{rule}")


def tables_of(r: Results) -> list[Table]:
    return [grade_table(r), department_table(r), family_table(r, 1), family_table(r, 2), deduction_table(r),
            consequence_table(r)]


def overview(r: Results) -> list[str]:
    """The report's opening paragraphs: how many, which grades, 整改, the budget consequence."""
    counts = r.grade_counts()
    grades = "、".join(f"{g}{n}个" for g, n in counts.items() if n) or "无"
    kinds = "、".join(f"{k}{sum(r.by_kind()[k].values())}个" for k in KINDS)
    rect = r.rectification()
    rect_text = ("整改完成情况未统计。" if rect is None else f"整改事项完成{rectification_text(rect)}。")
    cut = [c for c in r.consequences if c.outcome is not None and c.outcome.action.change < 0]
    return [
        f"本报告汇总{r.year or ''}年度绩效评价{len(r.entries)}个（{kinds}），评价等级为：{grades}。",
        rect_text,
        f"按本局结果应用规则，{len(cut)}个评价对象的下年度预算拟压减或取消，明细见表6。",
        f"得分率最低的一级指标为{_lowest(r)}。",
    ]


def _lowest(r: Results) -> str:
    rated = [f for f in r.families if f.level2 is None and f.rate is not None]
    if not rated:
        return "（无已评分指标）"
    low = min(rated, key=lambda f: f.rate)  # type: ignore[arg-type, return-value]
    return f"“{low.level1}”（{percent_text(low.rate)}）"
