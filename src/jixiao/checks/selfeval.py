"""The self-evaluation form (自评表): weights add to 100, the funds score is 执行率 × weight, each
filled score and the total equal their recomputation, a missed target states its 偏差原因, the
funds rows add up."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..glossary import label
from ..numbers import ZERO, fmt, fmt_plain, round_half_up
from ..problems import Problem, error, info, warning
from ..rules import coefficient
from ..selfeval import FundsScore, parts_sum
from .base import Context, Family, agrees, check, row_mismatches

FAMILY = Family(
    "selfeval", "自评表",
    {
        "selfeval.weights": "自评表各项分值合计不是100分",
        "selfeval.rate": "自评表填写的执行率与计算所得不符",
        "selfeval.funds_score": "预算执行率得分不等于执行率 × 分值",
        "selfeval.funds_rows": "资金明细的其中各项与年度资金总额不符",
        "selfeval.score": "填写的得分与复核得分不符",
        "selfeval.score_blank": "得分未填写",
        "selfeval.reason": "未满分却没有偏差原因",
        "selfeval.total": "填写的总分与复核总分不符",
        "selfeval.total_sum": "填写的总分与所填各项得分之和不符",
        "selfeval.total_blank": "总分未填写",
        "selfeval.total_provisional": "有指标未评分，复核总分是暂定的，填写的总分无法核对",
        "selfeval.funds_total_blank": "资金明细的合计行未填或为0/0，而其中各行填有金额：按其中各行复核",
        "selfeval.coefficient": "填写的得分系数与按完成值复核的系数不符",
        "selfeval.coefficient_score": "填写的得分不等于得分系数 × 权重",
    },
)

HUNDRED_POINTS = Decimal(100)
COLUMNS = {k: label(k) for k in ("initial", "adjusted", "spent")}  # the national form's names


def _p(value: Decimal) -> str:
    return fmt_plain(value, thousands=False)


def _filled_agrees(filled: Decimal, computed: Decimal, places: int = 2) -> bool:
    """A filled score agrees when it equals the recomputed one to two places (四舍五入), or to the
    fewer places the form writes its scores in."""
    return agrees(filled, computed, places)


@check
def selfeval_weights(ctx: Context) -> Iterator[Problem]:
    ss = ctx.ss
    if ss is None or not ss.rows:
        return
    if ss.weight != HUNDRED_POINTS:
        yield error(
            "selfeval.weights",
            f"自评表各项分值合计为{_p(ss.weight)}分（预算执行率{_p(ss.funds.weight) if ss.funds else '0'}分 + "
            f"指标{_p(ss.weight - (ss.funds.weight if ss.funds else ZERO))}分），应为100分",
            ss.form.where.with_(table="自评表"),
            total=ss.weight,
            hint="调整自评表各项分值，使合计为100分（预算执行率通常为10分）",
        )


@check
def selfeval_funds(ctx: Context) -> Iterator[Problem]:
    """The funds line: stated 执行率, its score, and the 其中 rows adding up to 年度资金总额."""
    ss = ctx.ss
    if ss is None or ss.funds is None:
        return
    f = ss.funds
    where = f.funds.where.with_(table="自评表", row="预算执行率")
    head = f.funds.rows[0] if f.funds.rows else None
    if f.from_parts and head is not None:
        yield _total_blank_row(f, head)
        return  # the 合计 row's rate, score and sums all follow from its being left blank: said once
    if head is not None and head.rate is not None and f.metric.value is not None:
        if not agrees(head.rate.number, f.metric.value):
            yield error(
                "selfeval.rate",
                f"自评表执行率填写为{head.rate}，{f.metric.explain()}",
                head.where.with_(table="自评表", row=head.name),
                stated=head.rate.number,
                computed=f.metric.value,
                hint="按全年执行数 / 全年预算数更正执行率",
            )
    if f.filled is None and f.score is not None:
        yield _score_blank("预算执行率", f.score, where)
    if f.filled is not None and f.score is not None and not _filled_agrees(f.filled, f.score, ss.places):
        yield error(
            "selfeval.funds_score",
            f"自评表预算执行率得分填写为{fmt(f.filled)}分，应为执行率 × 分值：{f.arithmetic}",
            where,
            filled=f.filled,
            computed=f.score,
            hint="按执行率 × 分值更正得分",
        )
    rows = f.funds.rows
    if len(rows) > 1:
        for label, whole, total in row_mismatches(rows[0], COLUMNS, lambda column: parts_sum(rows, column)):
            yield error(
                "selfeval.funds_rows",
                f"自评表资金明细：“{rows[0].name}”的{label}为{fmt(whole, thousands=True)}{f.funds.unit}，"
                f"其中各项合计为{fmt(total, thousands=True)}{f.funds.unit}",
                rows[0].where.with_(table="自评表", row=rows[0].name),
                stated=whole,
                computed=total,
                hint="核对资金明细，其中各项之和应等于年度资金总额",
            )


def _figures(row) -> str:
    return "/".join("—" if getattr(row, c) is None else fmt_plain(getattr(row, c), thousands=False) for c in COLUMNS)


def _total_blank_row(f, head) -> Problem:
    """The 合计 row blank or 0/0 beside filled 其中 rows: scored from the 其中 rows, against what was filled."""
    parts = "，".join(f"“{r.name}”一行填有{_figures(r)}" for r in f.funds.rows[1:] if r.adjusted or r.spent)
    filled = f"，与填报的{_p(f.filled)}分不符" if f.filled is not None and f.score is not None and f.filled != f.score else ""
    scored = f"，得分{fmt(f.score)}分" if f.score is not None else ""
    return error(
        "selfeval.funds_total_blank",
        f"自评表资金明细：“{head.name}”一行为{_figures(head)}，而{parts}；按其中各行复核：{f.metric.explain()}{scored}{filled}",
        head.where.with_(table="自评表", row=head.name),
        computed=f.score if f.score is not None else "",
        hint=f"按其中各行合计填写“{head.name}”的年初预算数、全年预算数、全年执行数、执行率和得分",
    )


def _scores_to_look_at(ctx: Context) -> bool:
    """Some row's score is blank or not exactly the recomputed one, or a row below full marks or short
    of its target has no 偏差原因: where none is, selfeval_scores has nothing to say."""
    for row in ctx.ss.rows if ctx.ss is not None else ():
        ind = row.indicator
        if row.filled is None or row.filled != row.score:
            return True
        if not (ind.reason and ind.reason.strip()) and (row.filled < ind.weight or row.target_missed):
            return True
    return False


@check(when=_scores_to_look_at)
def selfeval_scores(ctx: Context) -> Iterator[Problem]:
    """Each filled score equals its recomputation; a missed target states its 偏差原因."""
    ss = ctx.ss
    if ss is None:
        return
    places = ss.places
    for row in ss.rows:
        ind = row.indicator
        if row.filled is not None and row.score is not None and not _filled_agrees(row.filled, row.score, places) \
                and _filled_coefficient(row) is None:  # a filled 系数 is checked by selfeval_coefficients
            yield error(
                "selfeval.score",
                f"自评表“{ind.name}”得分填写为{fmt(row.filled)}分，复核应为{fmt(row.score)}分{_at_places(row.score, places)}：{row.arithmetic}",
                ind.place,
                filled=row.filled,
                computed=row.score,
                hint="按自评规则更正得分，或补充说明评分依据",
            )
        if row.filled is None and row.score is not None:
            yield _score_blank(ind.name, row.score, ind.place)
        elif row.filled is None and ind.actual is None and ind.weight:  # a row left as the form was issued
            yield warning(
                "selfeval.score_blank", f"自评表“{ind.name}”完成值和得分均未填写：无法复核，按未评分处理，不是满分，也不是0分",
                ind.place, hint="填写实际完成值和得分",
            )
        if not (ind.reason and ind.reason.strip()):
            yield from _reason_missing(row, ind.place)


def _at_places(score: Decimal, places: int) -> str:
    """The recomputed score as the form would write it, where it writes fewer places."""
    return "" if places >= 2 else f"（按表中{'一位小数' if places == 1 else '整数'}为{round_half_up(score, places)}分）"


def _filled_coefficient(row) -> Decimal | None:
    """The 得分系数 a row filled in, where it is scored by the coefficient rule."""
    rule = row.indicator.rule
    if rule is None or rule.type != coefficient.TYPE:
        return None
    return coefficient.params_of(rule.params).coefficient


@check
def selfeval_coefficients(ctx: Context) -> Iterator[Problem]:
    """得分 = 得分系数 × 权重: the filled 系数 is the degree of completion, the filled 得分 is 系数 × 权重."""
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        ind, filled = row.indicator, _filled_coefficient(row)
        if filled is None or ind.weight == 0:
            continue
        where = ind.place
        shown = f"表中系数填{fmt_plain(filled, thousands=False)}%" + (f"、得{_p(row.filled)}分" if row.filled is not None else "")
        if row.score is not None and not agrees(filled, row.score / ind.weight * HUNDRED_POINTS, 2):
            derived = row.score / ind.weight * HUNDRED_POINTS
            yield error(
                "selfeval.coefficient",
                f"自评表“{ind.name}”指标值{ind.target or '—'}，全年完成值{ind.actual or '—'}，得分系数应为{fmt(derived)}%、"
                f"得分 {_p(ind.weight)} × {fmt(derived)}% = {fmt(row.score)}分；{shown}",
                where, filled=filled, computed=derived, hint="按完成程度更正得分系数和得分",
            )
            continue
        product = filled * ind.weight / HUNDRED_POINTS
        if row.filled is not None and not _filled_agrees(row.filled, product):
            yield error(
                "selfeval.coefficient_score",
                f"自评表“{ind.name}”得分填写为{fmt(row.filled)}分，不等于得分系数{fmt_plain(filled, thousands=False)}% × "
                f"权重{_p(ind.weight)}分 = {fmt(product)}分",
                where, filled=row.filled, computed=product, hint="得分应等于得分系数 × 权重",
            )


def _score_blank(name: str, computed: Decimal, where) -> Problem:
    return warning(
        "selfeval.score_blank",
        f"自评表“{name}”得分未填写，复核得分为{fmt(computed)}分",
        where,
        computed=computed,
        hint="填写得分（按自评规则复核应为上述得分）",
    )


def _reason_missing(row, where) -> Iterator[Problem]:
    """A row below full marks without a 偏差原因: a missed target, or points taken off a met one."""
    ind = row.indicator
    given = row.filled if row.filled is not None else row.score
    missed = row.target_missed
    if not missed and not (given is not None and given < ind.weight):
        return  # full marks for a met target: nothing to explain (most rows of a bulk review)
    figures = f"指标值{ind.target or '—'}，实际完成值{ind.actual or '—'}"
    met = row.target_met
    scored_only = ind.target is None and ind.actual is None  # a score table's row: points, no figures
    if missed and not scored_only:
        message, hint = f"自评表“{ind.name}”未完成目标（{figures}），但未填写偏差原因分析及改进措施", "填写偏差原因分析及改进措施"
    elif given is not None and given < ind.weight:
        done = "" if scored_only else f"{'已完成目标' if met else '得分低于分值'}（{figures}），但"
        message = (
            f"自评表“{ind.name}”{done}得分{'填写' if row.filled is not None else '复核'}为{fmt(given)}分，"
            f"比分值{_p(ind.weight)}分少{fmt(ind.weight - given)}分，未说明扣分原因"
        )
        hint = "在偏差原因分析及改进措施中写明扣分原因，或按完成情况给满分"
    else:
        return
    yield warning("selfeval.reason", message, where, target=ind.target or "", actual=ind.actual or "", hint=hint)


@check
def selfeval_total(ctx: Context) -> Iterator[Problem]:
    """The filled total equals the sum of the filled scores and the recomputed total."""
    ss = ctx.ss
    if ss is None:
        return
    where = ss.form.where.with_(table="自评表", row="总分")
    if ss.filled_total is None:
        yield _total_blank(ss, where)
        return
    if ss.provisional:
        yield _total_provisional(ss, where)
    elif not _filled_agrees(ss.filled_total, ss.total, ss.places):
        yield error(
            "selfeval.total",
            f"自评表总分填写为{fmt(ss.filled_total)}分，复核总分为{fmt(ss.total)}分，相差{fmt(ss.filled_total - ss.total)}分",
            where,
            filled=ss.filled_total,
            computed=ss.total,
            hint="按复核得分更正总分",
        )
    filled_sum = ss.filled_sum
    if filled_sum is not None and not _filled_agrees(ss.filled_total, filled_sum):
        yield error(
            "selfeval.total_sum",
            f"自评表总分填写为{fmt(ss.filled_total)}分，但所填各项得分之和为{fmt(filled_sum)}分",
            where,
            filled=ss.filled_total,
            sum_of_filled=filled_sum,
            hint="总分应等于各项得分之和",
        )


def _total_provisional(ss, where) -> Problem:
    """A total recomputed with unassessed leaves is provisional: only the assessed part compares."""
    known = [(r.filled, r.score) for r in ss.rows if r.score is not None]
    if ss.funds is not None and ss.funds.score is not None:
        known.append((ss.funds.filled, ss.funds.score))
    unassessed = [r for r in ss.rows if r.score is None] + ([ss.funds] if ss.funds and ss.funds.score is None else [])
    points = sum((r.weight if isinstance(r, FundsScore) else r.indicator.weight for r in unassessed), ZERO)
    filled = [f for f, _ in known if f is not None]
    compared = (f"；已复核的{len(known)}项填报得分之和为{fmt(sum(filled, ZERO))}分，复核为{fmt(ss.total)}分"
                if known and len(filled) == len(known) else "")
    return info(
        "selfeval.total_provisional",
        f"自评表总分填写为{fmt(ss.filled_total)}分，复核总分暂为{fmt(ss.total)}分：{len(unassessed)}项（共{_p(points)}分）"
        f"未评分，总分无法核对{compared}",
        where,
        filled=ss.filled_total,
        computed=ss.total,
        hint="补全未评分指标的实际完成值后再核对总分",
    )


def _total_blank(ss, where) -> Problem:
    """A blank 总分: the sum of what was filled in, beside the recomputed total."""
    filled, given, blank = ss.filled_given
    summed = f"已填写的{given}项得分之和为{fmt(filled)}分（{blank}项未填写）" if blank else f"所填各项得分之和为{fmt(filled)}分"
    return info(
        "selfeval.total_blank",
        f"自评表总分未填写：{summed}，复核总分为{fmt(ss.total)}分",
        where,
        sum_of_filled=filled,
        computed=ss.total,
        hint="填写总分（应等于各项得分之和）",
    )
