"""The bureau's annual results report (结果应用报告) over a set of evaluations: grades by department
and by kind, 得分率 by indicator family, the most frequent deductions, 整改 completion and the
budget consequence of each grade. Figures are Decimal; percentages are rounded for display only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..numbers import ZERO, fmt_percent, ratio_percent
from .entry import DEPARTMENT, PROJECT, UNGRADED, Entry
from .rules import DEFAULT_RULES, GRADES, Outcome, Rules

KINDS = (DEPARTMENT, PROJECT)
NOT_COUNTED = "未统计"  # 整改 not recorded: never shown as 0%


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else fmt_percent(value)


@dataclass(frozen=True)
class Family:
    """An indicator by name across evaluations: points scored over full marks."""

    level1: str
    level2: str | None
    weight: Decimal
    score: Decimal
    count: int  # evaluations that scored it

    @property
    def name(self) -> str:
        return self.level2 or self.level1

    @property
    def rate(self) -> Decimal | None:
        return ratio_percent(self.score, self.weight)

    @property
    def rate_text(self) -> str:
        return percent_text(self.rate)


@dataclass(frozen=True)
class Deduction:
    """扣分 of one indicator (by name) across evaluations, with its reasons."""

    name: str
    level1: str
    count: int
    points: Decimal
    reasons: tuple[tuple[str, int], ...]  # 扣分原因 → how many times


@dataclass(frozen=True)
class Consequence:
    entry: Entry
    outcome: Outcome | None  # None: the rule names no action for the grade

    @property
    def action_text(self) -> str:
        return self.outcome.action.text if self.outcome is not None else "规则未规定"

    @property
    def arithmetic(self) -> str:
        return self.outcome.arithmetic if self.outcome is not None else "—"


@dataclass(frozen=True)
class Results:
    year: int | None
    entries: tuple[Entry, ...]
    rules: Rules
    title: str = ""
    families: tuple[Family, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    consequences: tuple[Consequence, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def grades(self) -> tuple[str, ...]:
        """The grades in order: 优 良 中 差, then any other a region uses, then 未评分."""
        seen = [e.grade for e in self.entries]
        others = sorted({g for g in seen if g not in GRADES and g != UNGRADED})
        return GRADES + tuple(others) + ((UNGRADED,) if UNGRADED in seen else ())

    def grade_counts(self, entries: tuple[Entry, ...] | None = None) -> dict[str, int]:
        counts = Counter(e.grade for e in (self.entries if entries is None else entries))
        return {g: counts.get(g, 0) for g in self.grades}

    def by_kind(self) -> dict[str, dict[str, int]]:
        return {k: self.grade_counts(tuple(e for e in self.entries if e.kind == k)) for k in KINDS}

    def by_department(self) -> dict[str, dict[str, int]]:
        departments = sorted({e.department for e in self.entries})
        return {d: self.grade_counts(tuple(e for e in self.entries if e.department == d)) for d in departments}

    def rectification(self) -> tuple[int, int] | None:
        """(confirmed, total) over the evaluations that record it; None when none does."""
        recorded = [e.rectification for e in self.entries if e.rectification is not None]
        if not recorded:
            return None
        return sum(c for c, _ in recorded), sum(t for _, t in recorded)


def rectification_text(pair: tuple[int, int] | None) -> str:
    """3/4（75.00%）; 0/0 is 无整改事项; None is 未统计."""
    if pair is None:
        return NOT_COUNTED
    done, total = pair
    if total == 0:
        return "无整改事项"
    return f"{done}/{total}（{percent_text(ratio_percent(Decimal(done), Decimal(total)))}）"


def families_of(entries: tuple[Entry, ...]) -> tuple[Family, ...]:
    acc: dict[tuple[str, str | None], list] = {}
    for e in entries:
        for p in e.families:
            slot = acc.setdefault((p.level1, p.level2), [ZERO, ZERO, 0])
            slot[0] += p.weight
            slot[1] += p.score
            slot[2] += 1
    return tuple(Family(l1, l2, w, s, n) for (l1, l2), (w, s, n) in acc.items())


def deductions_of(entries: tuple[Entry, ...], top: int = 10) -> tuple[Deduction, ...]:
    acc: dict[str, list] = {}
    for e in entries:
        for p in e.leaves:
            if p.deducted <= 0:
                continue
            slot = acc.setdefault(p.name, [p.level1, 0, ZERO, Counter()])
            slot[1] += 1
            slot[2] += p.deducted
            slot[3][(p.reason or "未写扣分原因").strip()] += 1
    found = [Deduction(name, l1, n, pts, tuple(reasons.most_common())) for name, (l1, n, pts, reasons) in acc.items()]
    found.sort(key=lambda d: (-d.count, -d.points, d.name))
    return tuple(found[:top])


def consequences_of(entries: tuple[Entry, ...], rules: Rules) -> tuple[Consequence, ...]:
    out = []
    for e in entries:
        action = rules.for_grade(e.grade) if e.headline is not None else None
        out.append(Consequence(e, action.apply(e.base, e.unit) if action is not None else None))
    return tuple(out)


def results_of(entries: list[Entry] | tuple[Entry, ...], rules: Rules = DEFAULT_RULES, *,
               year: int | None = None, title: str = "") -> Results:
    """The report over `entries` (sorted by department, then subject)."""
    ordered = tuple(sorted(entries, key=lambda e: (e.department, e.kind, e.subject, e.file)))
    if year is None:
        years = {e.year for e in ordered if e.year is not None}
        year = max(years) if years else None
    title = title or f"{year or ''}年度预算绩效评价结果应用报告"
    return Results(year, ordered, rules, title, families_of(ordered), deductions_of(ordered),
                   consequences_of(ordered, rules))
