"""What a text check receives, and how its family declares itself (as jixiao.checks' families do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from ...checks.base import Family
from ...problems import Problem
from ..document import Document
from ..figures import Figure, prose_figures
from ..tables import IndicatorTable, SummaryTable, indicator_table, number, summary_table


@dataclass
class AuditContext:
    doc: Document
    problems: list[Problem] = field(default_factory=list)
    memo: dict = field(default_factory=dict)  # what several checks derive alike, derived once

    @cached_property
    def indicator_tables(self) -> list[IndicatorTable]:
        return [t for t in map(indicator_table, self.doc.tables) if t is not None]

    @cached_property
    def summaries(self) -> list[SummaryTable]:
        return [s for s in map(summary_table, self.doc.tables) if s is not None]

    @cached_property
    def reference(self) -> IndicatorTable | None:
        """The table the others are read against: 附件1 (with 评分标准), else the largest."""
        tables = self.indicator_tables
        scoring = [t for t in tables if t.is_scoring_table]
        return (scoring or sorted(tables, key=lambda t: -len(t.rows)) or [None])[0]

    @cached_property
    def figures(self) -> list[Figure]:
        return list(prose_figures(self.doc))


__all__ = ["AuditContext", "number", "register", "text_check"]

TextCheck = Callable[[AuditContext], Iterable[Problem]]
DECLARED: dict[str, list[TextCheck]] = {}
FAMILIES: dict[str, Family] = {}


def text_check(fn: TextCheck) -> TextCheck:
    DECLARED.setdefault(fn.__module__, []).append(fn)
    return fn


def register(module) -> Family:
    family = module.FAMILY
    family = Family(family.name, family.label, family.codes, tuple(DECLARED.get(module.__name__, ())))
    FAMILIES[family.name] = family
    return family
