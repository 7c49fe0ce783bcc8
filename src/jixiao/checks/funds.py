"""The funds of a self-evaluation form (自评表) against what the form says about them: a budget
adjusted without a reason, an execution rate under 90% without one, a rate written on a 0/0 row,
a 其中 row scored besides the total, the funds counted twice (a 预算执行率 indicator, an indicator
whose figures are the budget), a cost indicator whose total is not what was spent, and amounts in
the goals' prose that do not add up or are not the budget."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ..glossary import label
from ..model.quantity import Quantity, Target
from ..model.selfeval import FundsRow, SelfIndicator
from ..numbers import HUNDRED, fmt, fmt_plain, places_of, round_half_up
from ..parse.quantity import ParseError, parse_quantity
from ..problems import Problem, error, warning
from ..rules import coefficient
from ..selfeval import FundsScore, parts_sum
from .base import Context, Family, check
from .formdata import TEMPLATE

FAMILY = Family(
    "funds", "自评表资金",
    {
        "selfeval.budget_adjusted": "年中调整预算（年初为0、调减至恰等于执行数，或表中原因栏留空）却未说明原因",
        "selfeval.rate_reason": "预算执行率低于90%，自评表未说明原因",
        "selfeval.rate_on_zero": "预算与执行均为0的资金行写了执行率（0/0 没有执行率）",
        "selfeval.double_count": "预算执行率已按执行率计分，指标又考核执行率或以预算金额为指标值，重复考核资金",
        "selfeval.cost_spent": "成本指标的总成本与全年执行数不符",
        "selfeval.goal_amounts": "绩效目标中写的金额（共…元，其中…元）加不起来，或与资金明细不符",
        "selfeval.funds_rows_scored": "资金明细的其中一行也填了得分：资金得分只应计一次",
    },
)

LOW_RATE = Decimal(90)  # the national form asks for the reasons of an execution rate under 90%
RATE_NAME = coefficient.RATE_NAME
MONEY_NAME = re.compile(r"资金|金额|经费|投资|成本|预算")
COST = re.compile(r"成本")
TOTAL_COST = re.compile(r"总成本|成本总额|项目成本$")
FUNDS_WORDS = re.compile(r"资金|预算|尾款|结余|支付|拨付|执行率")


def _p(value: Decimal) -> str:
    return fmt_plain(value, thousands=False)


def _explained(f: FundsScore) -> bool:
    """A reason written: the template's own instructions left in the cell (…(100字以内)) are none."""
    reason = (f.funds.reason or "").strip()
    return bool(reason) and not TEMPLATE.search(reason)


def _rate_explained(ctx: Context, f: FundsScore) -> bool:
    """The funds' own reason, or an indicator's 偏差原因 that speaks of the money (尾款未付 …)."""
    return _explained(f) or any(FUNDS_WORDS.search(r.indicator.reason or "") for r in ctx.ss.rows)  # type: ignore[union-attr]


def _funds(ctx: Context) -> FundsScore | None:
    ss = ctx.ss
    return ss.funds if ss is not None and ss.funds is not None and ss.funds.funds.rows else None


def _adjusted_rows(f: FundsScore) -> tuple[FundsRow, ...]:
    """The rows whose budget changed: the 合计 row, or its 其中 rows where it was left blank."""
    rows = f.funds.rows[1:] if f.from_parts else f.funds.rows[:1]
    return tuple(r for r in rows if r.initial is not None and r.adjusted is not None and r.initial != r.adjusted)


def _wants_reason(f: FundsScore, row: FundsRow) -> bool:
    """An adjustment a reviewer asks about: on a form with a reason cell left blank, every one; on a
    form with no place for it, funds all arranged mid-year (年初 0) and a budget cut to the spending
    (the execution rate made 100% by the cut)."""
    assert row.initial is not None and row.adjusted is not None
    if f.funds.reason is not None:
        return True  # a reason cell, left blank (an explained one is not asked about)
    return row.initial == 0 or (row.adjusted < row.initial and row.spent == row.adjusted)


@check
def budget_adjusted(ctx: Context) -> Iterator[Problem]:
    f = _funds(ctx)
    if f is None or _explained(f):
        return
    unit = f.funds.unit
    for row in _adjusted_rows(f):
        if not _wants_reason(f, row):
            continue
        initial, adjusted = row.initial, row.adjusted
        assert initial is not None and adjusted is not None
        change = adjusted - initial
        if initial == 0:
            said = f"年初预算数为0，全年预算数{_p(adjusted)}{unit}全部为年中安排"
        else:
            way = "调减" if change < 0 else "追加"
            said = (f"年初预算数{_p(initial)}{unit}{way}为全年预算数{_p(adjusted)}{unit}"
                    f"（{way}{_p(abs(change))}{unit}，{fmt(abs(change) / initial * HUNDRED)}%）")
        if change < 0 and row.spent is not None and row.spent == adjusted and initial:
            said += f"，调减后的全年预算数恰等于全年执行数，按年初预算数计执行率为{fmt(row.spent / initial * HUNDRED)}%"
        yield warning(
            "selfeval.budget_adjusted",
            f"自评表资金明细“{row.name}”：{said}；{'原因栏只有表式的填写说明，' if f.funds.reason else '自评表'}未说明预算调整的原因",
            row.where.with_(table="自评表", row=row.name),
            initial=initial, adjusted=adjusted,
            hint="说明年中预算调整（追加、调减）的原因和依据",
        )


@check
def rate_reason(ctx: Context) -> Iterator[Problem]:
    f = _funds(ctx)
    if f is None or f.metric.value is None or f.metric.value >= LOW_RATE or _rate_explained(ctx, f):
        return
    head = f.funds.rows[0]
    yield warning(
        "selfeval.rate_reason",
        f"自评表预算执行率为{fmt(f.metric.value)}%（{f.metric.explain()}），低于90%，未说明原因",
        head.where.with_(table="自评表", row=head.name),
        rate=f.metric.value,
        hint="说明资金未执行的原因和改进措施",
    )


@check
def rows_scored(ctx: Context) -> Iterator[Problem]:
    f = _funds(ctx)
    for row in f.funds.rows[1:] if f is not None else ():
        if row.score is not None and row.score != 0:
            yield warning(
                "selfeval.funds_rows_scored",
                f"自评表资金明细“{row.name}”一行也填了得分{_p(row.score)}分：资金得分只应计一次（“{f.funds.rows[0].name}”一行）",  # type: ignore[union-attr]
                row.where.with_(table="自评表", row=row.name),
                hint="其中各行只填金额，分值和得分填在合计一行",
            )


@check
def rate_on_zero(ctx: Context) -> Iterator[Problem]:
    f = _funds(ctx)
    if f is None:
        return
    rows = f.funds.rows[1:] if f.from_parts else f.funds.rows  # a blank 合计 row is said by selfeval.funds_total_blank
    for row in rows:
        if row.rate is not None and row.adjusted == 0 and row.spent == 0:
            yield warning(
                "selfeval.rate_on_zero",
                f"自评表资金明细“{row.name}”预算与执行均为0，却写了执行率“{row.rate}”：0/0 没有执行率",
                row.where.with_(table="自评表", row=row.name),
                hint="预算与执行均为0的资金行，执行率留空（或写“—”）",
            )


def _to_base(f: FundsScore) -> Decimal | None:
    """What one unit of the funds block is in 元 (10000 for 万元); None where it is no money."""
    try:
        q = parse_quantity("1" + f.funds.unit)
    except ParseError:
        return None
    return q.value if q.unit == "元" else None


def _money(q: Quantity | None, ind: SelfIndicator, like: Quantity | None) -> Quantity | None:
    """A total amount of money (not 元/人次): a figure in 元, or a bare figure of an amount-named
    indicator read in the unit of its target (132.9 beside ≤202.6万元)."""
    if not isinstance(q, Quantity) or q.value == 0:
        return None
    if q.unit == "元":
        return q
    if q.unit == "" and MONEY_NAME.search(ind.name):
        if like is not None and like.unit == "元":
            return Quantity(q.number, "元", like.scale)
        return q  # in the funds block's own unit
    return None


def _agrees(q: Quantity, amount: Decimal | None, base: Decimal) -> bool:
    """The same sum at the precision of either figure (72890元 is 7.29万元; 202.6万元 is 202.64万元)."""
    if amount is None or amount == 0:
        return False
    in_funds_unit = q.value / base if q.unit == "元" else q.value
    return q.agrees_with(amount * base if q.unit == "元" else amount) or \
        round_half_up(in_funds_unit, places_of(amount)) == amount


def _amounts(f: FundsScore) -> dict[str, Decimal | None]:
    rows = f.funds.rows
    if f.from_parts:
        return {c: parts_sum(rows, c) for c in ("initial", "adjusted", "spent")}
    return {c: getattr(rows[0], c) for c in ("initial", "adjusted", "spent")}


def _rate_or_money(ctx: Context) -> bool:
    """Some indicator is named for the execution rate, or states an amount of money: where none
    is, double_count has nothing to say."""
    for row in ctx.ss.rows if ctx.ss is not None else ():
        ind = row.indicator
        goal = ind.target.quantity if isinstance(ind.target, Target) else None
        if RATE_NAME.search(ind.name) or _money(goal, ind, None) is not None or _money(ind.actual, ind, goal) is not None:
            return True
    return False


@check(when=_rate_or_money)
def double_count(ctx: Context) -> Iterator[Problem]:
    f = _funds(ctx)
    if f is None or f.weight == 0:
        return
    base = _to_base(f)
    amounts = _amounts(f)
    for row in ctx.ss.rows:  # type: ignore[union-attr]
        ind = row.indicator
        if RATE_NAME.search(ind.name):
            yield warning(
                "selfeval.double_count",
                f"指标“{ind.name}”（{ind.target or '—'}，完成{ind.actual or '—'}，{_p(ind.weight)}分）与预算执行情况"
                f"（{_p(f.weight)}分 × 执行率）重复考核执行率",
                ind.place, hint="删去该指标，或改为考核资金使用的产出和效益",
            )
            yield from _rate_set_low(ind, f, ind.place)
            continue
        if base is None:
            continue
        goal = ind.target.quantity if isinstance(ind.target, Target) else None
        target = _money(goal, ind, None)
        actual = _money(ind.actual, ind, goal)  # type: ignore[arg-type]
        budget = next((c for c in ("initial", "adjusted") if target is not None and _agrees(target, amounts[c], base)), None)
        spent = actual is not None and not COST.search(f"{ind.level2 or ''}{ind.name}") and _agrees(actual, amounts["spent"], base)
        said = []
        if budget:
            name = "预算数" if amounts["initial"] == amounts["adjusted"] else label(budget)
            said.append(f"指标值{ind.target}就是{name}{_p(amounts[budget])}{f.funds.unit}")  # type: ignore[arg-type]
        if spent:
            said.append(f"完成值{ind.actual}就是全年执行数{_p(amounts['spent'])}{f.funds.unit}")  # type: ignore[arg-type]
        if said:
            yield warning(
                "selfeval.double_count",
                f"指标“{ind.name}”的{'，'.join(said)}，与预算执行率重复考核资金",
                ind.place, hint="以资金实际形成的产出（数量、质量、时效）或单位成本为指标，不以预算金额为指标值",
            )


RATE_LINE = Decimal(90)  # the national form asks why a rate is under 90%


def _rate_set_low(ind: SelfIndicator, f: FundsScore, where) -> Iterator[Problem]:
    """An execution-rate indicator whose target ("≥70%") is met far below the 100% the funds line scores
    full marks at: the two scales disagree, the indicator's target is set low."""
    goal = ind.target.quantity if isinstance(ind.target, Target) else None
    if goal is None or not goal.is_percent or ind.target.op not in (">=", ">", "=") or goal.value >= RATE_LINE:
        return
    yield warning(
        "targets.too_low",
        f"指标“{ind.name}”的指标值只定{ind.target}，完成{ind.actual or '—'}即得满分；预算执行情况按执行率100%得满分"
        f"（{_p(f.weight)}分 × 执行率），两处标准不一",
        where, target=goal.value, hint="执行率类指标的目标值不低于90%，或删去该指标（已按执行率计分）")


def _total_cost(ctx: Context) -> bool:
    """Some indicator is the project's total cost (cost_spent's rows)."""
    return any(TOTAL_COST.search(row.indicator.name) for row in (ctx.ss.rows if ctx.ss is not None else ()))


@check(when=_total_cost)
def cost_spent(ctx: Context) -> Iterator[Problem]:
    """A 成本指标 stating the project's total cost: it is what was spent (全年执行数)."""
    f = _funds(ctx)
    base = _to_base(f) if f is not None else None
    if f is None or base is None:
        return
    spent = _amounts(f)["spent"]
    for row in ctx.ss.rows:  # type: ignore[union-attr]
        ind = row.indicator
        if not TOTAL_COST.search(ind.name):
            continue
        goal = ind.target.quantity if isinstance(ind.target, Target) else None
        actual = _money(ind.actual, ind, goal)  # type: ignore[arg-type]
        if actual is None or spent is None or _agrees(actual, spent, base):
            continue
        in_base = actual.value if actual.unit == "元" else actual.value * base
        yield error(
            "selfeval.cost_spent",
            f"成本指标“{ind.name}”完成值为{ind.actual}，而{label('spent')}为{_p(spent)}{f.funds.unit}"
            f"（相差{fmt(abs(in_base - spent * base) / base)}{f.funds.unit}）",
            ind.place,
            stated=in_base, spent=spent * base,
            hint="项目总成本应与全年执行数一致；不一致时说明原因",
        )



_NUMBER = r"(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # 1,200.50 as written, or 1200.50
AMOUNT = re.compile(_NUMBER + r"\s*(万元|元)")
TOTAL = re.compile(r"共[^0-9，。；,;]{0,12}?" + _NUMBER + r"\s*(万元|元)")


def _yuan(number: str, unit: str) -> Decimal:
    return Decimal(re.sub("[,，]", "", number)) * (10000 if unit == "万元" else 1)


def _sum_text(value: Decimal, unit: str) -> str:
    return f"{_p(value / 10000)}万元" if unit == "万元" else f"{_p(value)}元"


def _goal_sums(text: str) -> tuple[Decimal, Decimal, str, int, Quantity] | None:
    """(the total “共…元”, the sum of the amounts after “其中”, the total's unit, how many) of a goal's prose."""
    total = TOTAL.search(text)
    split = text.find("其中")
    if total is None or split < total.end():
        return None
    parts = AMOUNT.findall(text[split:])
    if len(parts) < 2:
        return None
    written = parse_quantity(re.sub("[,，]", "", "".join(total.groups())))  # 89.97万元: compared at its own precision
    return _yuan(*total.groups()), sum((_yuan(n, u) for n, u in parts), Decimal(0)), total.group(2), len(parts), written


@check
def goal_amounts(ctx: Context) -> Iterator[Problem]:
    """“共申请预算资金2026400元,其中…400000元…”: the parts add to the total, the total is the budget."""
    ss = ctx.ss
    f = ss.funds if ss is not None else None
    base = _to_base(f) if f is not None and f.funds.rows else None
    amounts = _amounts(f) if base is not None else {}  # type: ignore[arg-type]
    for goal in ss.form.goals if ss is not None else ():
        for part, text, columns in (("预期目标", goal.planned, ("initial", "adjusted")), ("实际完成情况", goal.achieved, ("spent",))):
            sums = _goal_sums(text or "")
            if sums is None:
                continue
            total, parts, unit, count, written = sums
            where = goal.where.with_(table="自评表", row=part)
            if parts != total:
                way = "少" if parts < total else "多"
                yield error(
                    "selfeval.goal_amounts",
                    f"自评表{part}写共{_sum_text(total, unit)}，其中{count}项合计{_sum_text(parts, unit)}，"
                    f"比所写总数{way}{_sum_text(abs(total - parts), unit)}",
                    where, stated=total, computed=parts, hint="核对绩效目标中各项金额与总数",
                )
            figures = [amounts.get(c) for c in columns]
            if base is not None and any(a for a in figures) and not any(
                    _agrees(written, a, base) for a in figures):
                names = "、".join(f"{label(c)}{_p(a)}{f.funds.unit}" for c, a in zip(columns, figures) if a)  # type: ignore[union-attr]
                yield warning(
                    "selfeval.goal_amounts",
                    f"自评表{part}写共{_sum_text(total, unit)}，与资金明细的{names}不符",
                    where, stated=total, hint="绩效目标中的金额应与资金明细一致",
                )
