"""The bulk review's fast path, second half: a form read by fastform recomputed and checked.

Most forms of a bulk review are right. Each row is scored by the arithmetic of its rule
(completion.base_points, tiers.bounds), and the form's checks run on that scorecard as on
any other. The sentences that explain a score (计算过程, 扣分原因) are made only when a
check reads them to say what it found: they come from the full scoring of that one row
(selfeval.row_of, score_funds), so a problem reads exactly as on the general path. A form
whose rows its rule would not score quietly is scored and checked in full (analyse).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..analysis import analyse, headline_of
from ..checks import FAMILIES, WHEN, Context
from ..metrics.base import rate
from ..metrics.budget import EXECUTION_FORMULA, EXECUTION_LABEL
from ..model.evaluation import Evaluation
from ..model.once import once
from ..model.quantity import TIER_ACHIEVED, Level, computed
from ..model.selfeval import Funds, SelfIndicator
from ..numbers import HUNDRED
from ..problems import Problem, Source, sort_problems
from ..rules import completion, tiers
from ..rules.base import clamp
from ..selfeval import FundsScore, SelfRow, SelfScorecard, row_of, score_funds, scorecard, total_blank
from .fastform import read_form
from .fastsheet import Sheet

_COMPLETION = completion.Params()  # the form's default rule for a quantity: no overshoot bands, no misreport

# Checks that read only what a form read by fastform never has (a family by name, or (family, check)), and
# what it is: they find nothing in such a form, so its quick pass leaves them out. The full scoring of a
# form with a problem (analyse) runs every check; a check not named here always runs.
NOTHING_TO_READ: dict[str | tuple[str, str], str] = {
    "assets": "ev.assets", "budget": "ev.budget", "declaration": "ev.declaration", "photos": "ev.photos",
    "monitoring": "ev.monitoring", "reconciliation": "the indicator tree's scorecard",
    "completeness": "the indicator tree, its scorecard and ev.findings",
    "weights": "the indicator tree and 评分标准 (fastform reads no 评分标准 column)",
    ("targets", "targets_table"): "ev.targets", ("targets", "targets_units"): "the tree's scorecard",
    ("findings", "quoted_deviations"): "the tree's scorecard and ev.findings",
}
_CHECKS: dict[int, list] = {}


def form_checks() -> list:
    """The registered checks that may find something in a form read by fastform, in their order."""
    key = sum(len(f.checks) for f in FAMILIES.values())  # a family registered later is taken in
    if key not in _CHECKS:
        _CHECKS[key] = [fn for name, family in FAMILIES.items() if name not in NOTHING_TO_READ
                        for fn in family.checks if (name, fn.__name__) not in NOTHING_TO_READ]
    return _CHECKS[key]


@dataclass
class Reviewed:
    """One form reviewed on the fast path: what the summary shows of it."""

    where: Source
    project: str
    unit: str
    filled: Decimal | None
    total: Decimal | None
    grade: str
    problems: list[Problem]


class QuickRow(SelfRow):
    """A row scored by its rule's arithmetic alone; its sentences are the full scoring's, made when read."""

    @once
    def _full(self) -> SelfRow:
        return row_of(self.indicator)

    arithmetic = property(lambda self: self._full.arithmetic)  # type: ignore[assignment]
    reason = property(lambda self: self._full.reason)  # type: ignore[assignment]


class QuickFunds(FundsScore):
    """The funds line scored by the common form's arithmetic; its sentences are score_funds', made when read."""

    @once
    def _full(self) -> FundsScore:
        return score_funds(self.funds, self.__dict__["_ev"])

    arithmetic = property(lambda self: self._full.arithmetic)  # type: ignore[assignment]


def _quick(cls, **values):
    """A frozen record whose lazy fields are left out (its properties make them)."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def row_score(ind: SelfIndicator) -> Decimal | None:
    """The score the form's default rule gives a row it has nothing to say about; None where the
    rule would not score it or would report something (the full scoring then says what)."""
    actual, target = ind.actual, ind.target
    if ind.rule is not None or actual is None:
        return None
    if isinstance(actual, Level):
        level = TIER_ACHIEVED if target is not None and target.level is not None and actual.text == target.level.text else actual.text
        tier = tiers.tier_of(level)
        if tier is None or ind.score is None:
            return None
        lowest, highest = tiers.bounds(ind.weight, tier[1], tier[2])
        return clamp(ind.score, ind.weight) if lowest <= ind.score <= highest else None
    if target is None or target.quantity is None:
        return None
    unit = target.quantity.unit
    if actual.unit and unit and actual.unit != unit:
        return None
    return clamp(completion.base_points(_COMPLETION, ind.weight, target, actual.value), ind.weight)


def funds_score(funds: Funds, ev: Evaluation) -> FundsScore | None:
    """The funds line of the common form as score_funds scores it (执行率 = 全年执行数 / 全年预算数,
    ratio's 执行率 × 分值 at most the 分值); None for any other case."""
    rows = funds.rows
    head = rows[0] if rows else None
    if head is None or head.spent is None or not head.adjusted or total_blank(rows):
        return None
    metric = rate("selfeval.execution_rate", EXECUTION_LABEL, EXECUTION_FORMULA, head.spent, head.adjusted)
    points = clamp(computed(metric.value, "%").value / HUNDRED * funds.weight, funds.weight)
    return _quick(QuickFunds, funds=funds, metric=metric, from_rows=True, score=points, problems=(), from_parts=False, _ev=ev)


def quick_scorecard(ev: Evaluation) -> SelfScorecard | None:
    """The form's scorecard without explanations, or None where a row or the funds line needs them."""
    form = ev.self_evaluation
    if form is None or form.funds is None:
        return None
    funds = funds_score(form.funds, ev) or score_funds(form.funds, ev)
    if funds.score is None or funds.problems:
        return None
    rows = []
    for ind in form.indicators:
        score = row_score(ind)
        if score is None:
            return None
        rows.append(_quick(QuickRow, indicator=ind, score=score, problems=()))
    return scorecard(form, funds, tuple(rows), ev)


def form_problems(ev: Evaluation, ss: SelfScorecard) -> list[Problem]:
    """What the quick scorecard and the form's checks find, as analyse finds it (the checks that read
    nothing such a form has left out, and those whose declared precondition does not hold)."""
    problems = list(ss.problems)
    ctx = Context(ev, None, ss)
    for fn in form_checks():
        when = WHEN.get(fn)
        if when is None or when(ctx):
            problems.extend(fn(ctx))
    return sort_problems(problems)


def review_form(sheet: Sheet, first: int, end: int) -> Reviewed | None:
    """Read, recompute and check the form in rows first..end-1; None: the general path reviews it."""
    ev = read_form(sheet, first, end)
    if ev is None:
        return None
    ss = quick_scorecard(ev)
    if ss is None:
        analysis = analyse(ev)
        ss, problems = analysis.self_scorecard, list(analysis.problems)
    else:
        problems = form_problems(ev, ss)
    own = headline_of(None, ss)
    project, form = ev.project, ev.self_evaluation
    assert project is not None and form is not None and own is not None
    return Reviewed(sheet.source(first, 0), project.name, project.implementer or project.department or "",
                    form.total, own.total, own.grade_text, problems)


__all__ = ["NOTHING_TO_READ", "QuickFunds", "QuickRow", "Reviewed", "form_checks", "form_problems", "funds_score", "quick_scorecard", "review_form", "row_score"]
