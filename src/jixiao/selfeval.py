"""Recompute the self-evaluation form (绩效自评表) and keep the filled-in figures beside it.

The funds line scores 执行率 × its weight (from the form's own rows where given,
else from the evaluation's budget); each indicator is scored by its rule, or by
the default self-evaluation rules where it names none:

- ≥ target: full marks when met, else actual / target × weight;
- ≤ target: full marks when met, else target / actual × weight;
- = target: full marks when equal, else the smaller over the larger × weight;
- qualitative: the evaluator's score must lie in the tier of the stated level
  (达成预期指标 100%–80%, 部分达成预期指标 80%–60%, 未达成预期指标 60%–0%).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .metrics.base import Metric, rate
from .metrics.budget import EXECUTION_FORMULA, EXECUTION_LABEL, total
from .model.evaluation import Evaluation
from .model.once import once
from .model.quantity import TIER_ACHIEVED, Level, computed
from .model.selfeval import Funds, FundsRow, SelfEvaluation, SelfIndicator
from .numbers import ZERO, places_of
from .problems import Problem
from .rules import coefficient, ratio, tiers
from .rules.base import RuleInput, RuleResult, not_scored
from .scoring import grade_of, score_rule


@dataclass(frozen=True)
class FundsScore:
    funds: Funds
    metric: Metric  # 预算执行率 with its arithmetic
    from_rows: bool  # True: the form's own rows; False: the evaluation's budget
    score: Decimal | None
    arithmetic: str
    problems: tuple[Problem, ...] = ()
    from_parts: bool = False  # True: the 合计 row is blank or 0/0, its 其中 rows are summed instead

    @property
    def weight(self) -> Decimal:
        return self.funds.weight

    @property
    def filled(self) -> Decimal | None:
        """The funds score as filled in: the block's own, else its total row's 得分."""
        if self.funds.score is not None:
            return self.funds.score
        return self.funds.rows[0].score if self.funds.rows else None


@dataclass(frozen=True)
class SelfRow:
    indicator: SelfIndicator
    score: Decimal | None  # recomputed
    arithmetic: str
    reason: str
    problems: tuple[Problem, ...] = ()

    @property
    def filled(self) -> Decimal | None:
        return self.indicator.score

    @property
    def missed(self) -> bool:
        """The target was not reached (a 偏差原因 is then required)."""
        return self.score is not None and self.score < self.indicator.weight

    @property
    def target_missed(self) -> bool:
        """The target was not reached: by the two figures where they compare, else by the score.
        A met target scored below full marks is not missed: its points were taken off (扣分)."""
        met = self.target_met
        return met is False or (met is None and self.missed)

    @property
    def target_met(self) -> bool | None:
        """Whether the 实际完成值 reaches the 年度指标值, read from the two figures; None where they
        cannot be compared (no target, different units, a level against a number)."""
        ind = self.indicator
        actual, target = ind.actual, ind.target
        if isinstance(actual, Level):
            if target is not None and target.level is not None and actual.text == target.level.text:
                return True
            tier = tiers.tier_of(actual.text)
            return None if tier is None else tier[0] == TIER_ACHIEVED
        if actual is None or target is None or target.quantity is None:
            return None
        if actual.unit and target.quantity.unit and actual.unit != target.quantity.unit:
            return None
        return target.is_met_by(actual.value)


@dataclass(frozen=True)
class SelfScorecard:
    form: SelfEvaluation
    funds: FundsScore | None
    rows: tuple[SelfRow, ...]
    total: Decimal  # recomputed
    grade: str
    provisional: bool

    @property
    def filled_total(self) -> Decimal | None:
        return self.form.total

    @property
    def filled_scores(self) -> list[Decimal | None]:
        """The filled-in score of every row, the funds line last; None where left blank."""
        return [r.filled for r in self.rows] + ([self.funds.filled] if self.funds else [])

    @property
    def filled_given(self) -> tuple[Decimal, int, int]:
        """(sum of the scores filled in, how many are filled in, how many are blank)."""
        given = [p for p in self.filled_scores if p is not None]
        return sum(given, ZERO), len(given), len(self.filled_scores) - len(given)

    @property
    def filled_sum(self) -> Decimal | None:
        """The sum of the filled-in scores, or None where one is blank."""
        parts = self.filled_scores
        return None if any(p is None for p in parts) else sum(parts, ZERO)  # type: ignore[arg-type]

    @property
    def weight(self) -> Decimal:
        return sum((r.indicator.weight for r in self.rows), ZERO) + (self.funds.weight if self.funds else ZERO)

    @once  # three checks compare at it
    def places(self) -> int:
        """The precision the form writes its scores in: the most decimal places of its partial scores, at
        most two. A form writing them to one decimal (1.9 for 1.946) compares at one. Full marks (12.5 of
        12.5) are the weight, and whole numbers may be a score's or a rounding's: both compare at two."""
        parts = [(r.filled, r.indicator.weight) for r in self.rows] + ([(self.funds.filled, self.funds.weight)] if self.funds else [])
        places = min(max((places_of(s) for s, weight in parts if s is not None and s != weight), default=2), 2)
        return places or 2

    @property
    def problems(self) -> tuple[Problem, ...]:
        own = self.funds.problems if self.funds else ()
        return own + tuple(p for r in self.rows for p in r.problems)


def parts_sum(rows: tuple[FundsRow, ...], column: str) -> Decimal | None:
    """The sum of a column over the 其中 rows (all but the first); None where all are blank."""
    figures = [getattr(r, column) for r in rows[1:] if getattr(r, column) is not None]
    return sum(figures, ZERO) if figures else None


def total_blank(rows: tuple[FundsRow, ...]) -> bool:
    """The 合计 row left blank or 0/0 while a 其中 row has figures: the 其中 rows are the funds."""
    if len(rows) < 2 or any(getattr(rows[0], c) for c in ("adjusted", "spent")):
        return False
    return any(parts_sum(rows, c) for c in ("adjusted", "spent"))


def score_funds(funds: Funds, ev: Evaluation) -> FundsScore:
    """The funds line: 执行率 from the form's own rows (else the evaluation's budget) × its weight."""
    label, formula = EXECUTION_LABEL, EXECUTION_FORMULA
    head = funds.rows[0] if funds.rows else None
    from_parts = total_blank(funds.rows)
    if head is not None:
        spent, adjusted = head.spent, head.adjusted
        if from_parts:
            spent, adjusted = parts_sum(funds.rows, "spent"), parts_sum(funds.rows, "adjusted")
        if spent is not None and adjusted is not None:
            metric = rate("selfeval.execution_rate", label, formula, spent, adjusted)
        elif head.rate is not None and head.rate.unit == "%":  # the amounts left out (or illegible): the rate as filled
            metric = Metric("selfeval.execution_rate", label, head.rate.value, "填写的执行率", str(head.rate),
                            f"“{head.name}”未填全年预算数或全年执行数，执行率无法核对")
        else:
            metric = Metric("selfeval.execution_rate", label, None, formula, f"“{head.name}”缺少全年预算数或全年执行数")
    elif ev.budget is not None:
        metric = rate("selfeval.execution_rate", label, formula, total(ev.budget, "spent"), total(ev.budget, "adjusted"))
    else:
        metric = Metric("selfeval.execution_rate", label, None, formula, "自评表没有资金明细（rows），评价文件也没有预算数据")
    x = RuleInput(
        code="",
        name=EXECUTION_LABEL,
        weight=funds.weight,
        benchmark=None,
        actual=computed(metric.value, "%") if metric.value is not None else None,
        where=funds.where,
    )
    result = ratio.score(ratio.Params(), x) if metric.value is not None else not_scored(x, metric.arithmetic)
    arithmetic = f"{metric.explain()}；{result.arithmetic}" if metric.value is not None else result.arithmetic
    if from_parts:
        arithmetic = f"“{head.name}”一行未填（或为0），按其中各行合计复核：{arithmetic}"  # type: ignore[union-attr]
    return FundsScore(funds, metric, head is not None, result.score, arithmetic, result.problems, from_parts)


def default_rule(ind: SelfIndicator, x: RuleInput) -> RuleResult:
    """The national form's default scoring for an indicator that names no rule."""
    return coefficient.national(x)


def row_of(ind: SelfIndicator) -> SelfRow:
    """One indicator of the form scored by its rule, with the sentences that explain it."""
    x = RuleInput(
        code=ind.name,
        name=ind.name,
        weight=ind.weight,
        benchmark=ind.target,
        actual=ind.actual,
        given_score=ind.score,
        given_reason=ind.reason,
        where=ind.where.with_(indicator=ind.name),
    )
    result = score_rule(ind.rule.type, ind.rule.params, x) if ind.rule else default_rule(ind, x)
    return SelfRow(ind, result.score, result.arithmetic, result.reason, result.problems)


def score_self_evaluation(ev: Evaluation) -> SelfScorecard | None:
    form = ev.self_evaluation
    if form is None:
        return None
    funds = score_funds(form.funds, ev) if form.funds is not None else None
    return scorecard(form, funds, tuple(row_of(ind) for ind in form.indicators), ev)


def scorecard(form: SelfEvaluation, funds: FundsScore | None, rows: tuple[SelfRow, ...], ev: Evaluation) -> SelfScorecard:
    """The form's scorecard from its scored funds line and rows: the total, its grade, provisional or not."""
    parts = [r.score for r in rows] + ([funds.score] if funds else [])
    total_score = sum((p for p in parts if p is not None), ZERO)
    return SelfScorecard(
        form=form,
        funds=funds,
        rows=rows,
        total=total_score,
        grade=grade_of(total_score, ev.grading),
        provisional=any(p is None for p in parts),
    )
