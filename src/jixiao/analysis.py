"""One call for every door (CLI, report, workbook, web): score, recompute and check."""

from __future__ import annotations

from dataclasses import dataclass

from decimal import Decimal

from .checks import Settings, run_checks
from .model.evaluation import Evaluation
from .numbers import ZERO, fmt
from .problems import Problem, Severity, sort_problems
from .scoring import Scorecard, score_evaluation
from .selfeval import SelfScorecard, score_self_evaluation


@dataclass(frozen=True)
class Headline:
    """What every door shows first: the total, its grade, and whether it is provisional.

    A total with unscored weight is provisional (暂定) and says how much weight was scored,
    so "10.00 差" with 90 of 100 points unassessed is never shown as a result.
    """

    total: Decimal
    grade: str
    weight: Decimal  # full marks of the tree (or the form)
    scored_weight: Decimal  # weight of the leaves (rows) that were scored
    provisional: bool
    kind: str = "evaluation"  # "evaluation" (指标体系) or "self_evaluation" (自评表复核)

    @property
    def share_text(self) -> str:
        """已评分权重 10/100."""
        return f"已评分权重{_plain(self.scored_weight)}/{_plain(self.weight)}"

    @property
    def mark(self) -> str:
        """The mark after a grade: （暂定，已评分权重10/100）, or nothing."""
        return f"（暂定，{self.share_text}）" if self.provisional else ""

    @property
    def grade_text(self) -> str:
        """差（暂定，已评分权重10/100） or 优."""
        return f"{self.grade}{self.mark}"

    @property
    def total_text(self) -> str:
        return fmt(self.total)

    @property
    def text(self) -> str:
        """10.00分 差（暂定，已评分权重10/100）."""
        return f"{self.total_text}分 {self.grade_text}"


def _plain(value: Decimal) -> str:
    """A weight as written: 100, 12.5 (no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text


def headline_of(scorecard, self_scorecard) -> Headline | None:
    """The headline of an evaluation: its tree if it has one, else its self-evaluation form."""
    if scorecard is not None and scorecard.roots:
        leaves = scorecard.leaves()
        scored = sum((n.weight for n in leaves if n.score is not None), ZERO)
        return Headline(scorecard.total, scorecard.grade, scorecard.weight, scored, scorecard.provisional)
    if self_scorecard is not None:
        ss = self_scorecard
        parts = [(r.indicator.weight, r.score) for r in ss.rows]
        if ss.funds is not None:
            parts.append((ss.funds.weight, ss.funds.score))
        scored = sum((w for w, s in parts if s is not None and w is not None), ZERO)
        return Headline(ss.total, ss.grade, ss.weight, scored, ss.provisional, kind="self_evaluation")
    return None


@dataclass(frozen=True)
class Analysis:
    evaluation: Evaluation
    scorecard: Scorecard | None  # None for a standalone self-evaluation form
    self_scorecard: SelfScorecard | None
    problems: tuple[Problem, ...]  # sorted: errors, warnings, notes

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def notes(self) -> int:
        return self.count(Severity.INFO)

    @property
    def headline(self) -> Headline | None:
        return headline_of(self.scorecard, self.self_scorecard)


def analyse(ev: Evaluation, settings: Settings = Settings()) -> Analysis:
    scorecard = score_evaluation(ev) if ev.indicators else None
    selfcard = score_self_evaluation(ev)
    problems = run_checks(ev, scorecard, selfcard, settings=settings)
    return Analysis(ev, scorecard, selfcard, tuple(sort_problems(problems)))
