"""Consistency checks (质量控制): plain functions over (evaluation, scorecard, self-scorecard).

Each family module registers its checks with @check; a new check is one function in one
place. run_checks gathers the scoring problems and every check's problems.
"""

from __future__ import annotations

from ..model.evaluation import Evaluation
from ..problems import Problem
from ..scoring import Scorecard
from ..selfeval import SelfScorecard
from . import assets, budget, completeness, findings, reconciliation, selfeval, targets, weights  # noqa: F401
from .base import DEFAULT_CHECKS, Check, Context, Settings


def run_checks(
    ev: Evaluation,
    sc: Scorecard | None,
    ss: SelfScorecard | None,
    *,
    settings: Settings = Settings(),
    checks: list[Check] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    if sc is not None:
        problems.extend(sc.problems)
    if ss is not None:
        problems.extend(ss.problems)
    ctx = Context(ev, sc, ss, settings)
    for fn in DEFAULT_CHECKS if checks is None else checks:
        problems.extend(fn(ctx))
    return problems


__all__ = ["run_checks", "Settings", "Context", "DEFAULT_CHECKS"]
