"""One call for every door (CLI, report, workbook, web): score, recompute and check."""

from __future__ import annotations

from dataclasses import dataclass

from .checks import Settings, run_checks
from .model.evaluation import Evaluation
from .problems import Problem, Severity, sort_problems
from .scoring import Scorecard, score_evaluation
from .selfeval import SelfScorecard, score_self_evaluation


@dataclass(frozen=True)
class Analysis:
    evaluation: Evaluation
    scorecard: Scorecard | None  # None for a standalone self-evaluation form
    self_scorecard: SelfScorecard | None
    problems: tuple[Problem, ...]  # sorted: errors, warnings, notes

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


def analyse(ev: Evaluation, settings: Settings = Settings()) -> Analysis:
    scorecard = score_evaluation(ev) if ev.indicators else None
    selfcard = score_self_evaluation(ev)
    problems = run_checks(ev, scorecard, selfcard, settings=settings)
    return Analysis(ev, scorecard, selfcard, tuple(sort_problems(problems)))
