"""Consistency checks (质量控制): plain functions over (evaluation, scorecard, self-scorecard)."""

from __future__ import annotations

from ..model.evaluation import Evaluation
from ..problems import Problem
from ..scoring import Scorecard
from ..selfeval import SelfScorecard


def run_checks(ev: Evaluation, sc: Scorecard | None, ss: SelfScorecard | None) -> list[Problem]:
    problems: list[Problem] = []
    if sc is not None:
        problems.extend(sc.problems)
    if ss is not None:
        problems.extend(ss.problems)
    return problems
