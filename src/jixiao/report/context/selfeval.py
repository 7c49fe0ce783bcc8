"""附件3 绩效自评表 as filled in with the recomputed figures beside, and the short 自评报告."""

from __future__ import annotations

from dataclasses import dataclass

from ...analysis import headline_of
from ...metrics.base import score_rate
from ...metrics.budget import execution_percent, total
from ...model.evaluation import Evaluation
from ...numbers import ZERO, fmt
from ...render.figures import rate_text, score_text, weight_text
from ...selfeval import SelfScorecard
from .. import texts as standard
from .common import kind_short, money, shown, strip_end, year_text
from .selfform import HeadRow, head_rows, laid_out


@dataclass(frozen=True)
class FundsRow:
    name: str
    initial: str
    adjusted: str
    spent: str
    rate_filled: str
    rate: str
    weight: str
    filled: str
    score: str


@dataclass(frozen=True)
class SelfRow:
    level1: str
    level2: str
    name: str
    target: str
    basis: str
    actual: str
    weight: str
    filled: str
    score: str
    rate: str
    reason: str
    arithmetic: str
    differs: bool


@dataclass(frozen=True)
class Goal:
    planned: str
    achieved: str


@dataclass(frozen=True)
class SelfTotal:
    weight: str
    filled: str
    score: str
    grade: str


BLANK_ROW = SelfRow(level1="", level2="", name="", target="", basis="", actual="", weight="", filled="", score="",
                    rate="", reason="", arithmetic="", differs=False)


@dataclass(frozen=True)
class SelfForm:
    """The national form: its header rows, funds, 年度总目标 (a row even when empty), every category row."""

    title: str
    department: bool
    heads: tuple[HeadRow, ...]
    funds_unit: str
    funds: tuple[FundsRow, ...]
    funds_arithmetic: str
    goals: tuple[Goal, ...]
    rows: tuple[SelfRow, ...]  # the indicators as filled in
    form_rows: tuple[SelfRow, ...]  # the same in the form's order, with its empty category rows
    total: SelfTotal
    differences: tuple[str, ...]


@dataclass(frozen=True)
class SelfReport:
    basics: tuple[str, ...]
    funds: tuple[str, ...]
    goals: tuple[str, ...]
    conclusion: str
    deviations: tuple[str, ...]
    review: tuple[str, ...]
    notice: tuple[str, ...]


def filled_funds_rows(ss: SelfScorecard) -> list[FundsRow]:
    """The funds rows as the form lists them; the first carries the rate, weight and scores."""
    f = ss.funds
    out = []
    for k, row in enumerate(f.funds.rows):
        rate = execution_percent(row.spent, row.adjusted) if row.spent is not None and row.adjusted else None
        out.append(FundsRow(
            name=row.name, initial=money(row.initial), adjusted=money(row.adjusted), spent=money(row.spent),
            rate_filled=shown(row.rate) if row.rate is not None else ("-" if k else ""),
            rate=rate_text(rate) if k == 0 or rate is not None else "-",
            weight=weight_text(f.weight) if k == 0 else "-",
            filled=score_text(f.filled) if k == 0 else "-",
            score=score_text(f.score) if k == 0 else "-",
        ))
    return out


def budget_funds_rows(ev: Evaluation, ss: SelfScorecard) -> list[FundsRow]:
    """Without funds rows in the form: the evaluation's budget, then each of its sources."""
    f, b = ss.funds, ev.budget
    out = [FundsRow(
        name="年度资金总额",
        initial=money(total(b, "initial")) if b else "-",
        adjusted=money(total(b, "adjusted")) if b else "-",
        spent=money(total(b, "spent")) if b else "-",
        rate_filled="", rate=rate_text(f.metric.value), weight=weight_text(f.weight),
        filled=score_text(f.filled), score=score_text(f.score),
    )]
    for src in (b.sources if b is not None else ()):
        out.append(FundsRow(
            name=f"其中：{src.name}", initial=money(src.initial), adjusted=money(src.adjusted),
            spent=money(src.spent), rate_filled="-", rate="-", weight="-", filled="-", score="-",
        ))
    return out


def self_rows(ss: SelfScorecard) -> tuple[SelfRow, ...]:
    rows = []
    for r in ss.rows:
        ind = r.indicator
        rows.append(SelfRow(
            level1=ind.level1 or "", level2=ind.level2 or "", name=ind.name,
            target=str(ind.target) if ind.target is not None else "-",
            basis=ind.basis or "",
            actual=shown(ind.actual),
            weight=weight_text(ind.weight),
            filled=score_text(r.filled),
            score=score_text(r.score),
            rate=rate_text(score_rate(r.score, ind.weight)),
            reason=ind.reason or "",
            arithmetic=r.arithmetic,
            differs=r.filled is not None and r.score is not None and fmt(r.filled) != fmt(r.score),
        ))
    return tuple(rows)


def self_form_of(ev: Evaluation, ss: SelfScorecard) -> SelfForm:
    """The 自评表 as filled in, with the recomputed figures beside."""
    funds: list[FundsRow] = []
    if ss.funds is not None:
        funds = filled_funds_rows(ss) if ss.funds.funds.rows else budget_funds_rows(ev, ss)
    rows = self_rows(ss)
    department = ev.kind == "department"
    return SelfForm(
        title=f"{kind_short(ev) or '项目支出'}绩效自评表" if not department else "部门（单位）整体支出绩效自评表",
        department=department,
        heads=head_rows(ev),
        funds_unit=ss.funds.funds.unit if ss.funds else "万元",
        funds=tuple(funds),
        funds_arithmetic=ss.funds.arithmetic if ss.funds else "",
        goals=tuple(Goal(g.planned, g.achieved) for g in ss.form.goals) or (Goal("", ""),),
        rows=rows,
        form_rows=laid_out(rows, BLANK_ROW, department),
        total=SelfTotal(
            weight=weight_text(ss.weight),
            filled=score_text(ss.filled_total) if ss.filled_total is not None else "未填写",
            score=fmt(ss.total),
            grade=headline_of(None, ss).grade_text,
        ),
        differences=tuple(
            f"{r.name}：填报得分{r.filled}分，复核得分{r.score}分（{strip_end(r.arithmetic)}）。" for r in rows if r.differs
        ),
    )


def basics_of(ev: Evaluation, texts: dict[str, list[str]]) -> list[str]:
    p = ev.project
    basics = [f"项目名称：{ev.subject_name}。"]
    if p is not None and p.department:
        basics.append(f"主管部门：{p.department}。")
    if p is not None and p.implementer:
        basics.append(f"实施单位：{p.implementer}。")
    if p is not None and p.description:
        basics.extend(standard.paragraphs(p.description))
    basics.extend(texts.get("self.summary", []))
    return basics


def conclusion_of(ss: SelfScorecard, form: SelfForm, missed: list, deducted: list) -> str:
    # 达成 is the target's, as the checks read it: a met target scored below full marks had points
    # taken off (扣分), it is not a missed target
    scored = sum(1 for r in ss.rows if r.score is not None)
    unscored = len(ss.rows) - scored
    return (
        f"本项目自评共设置绩效指标{len(ss.rows)}个，全部达成{scored - len(missed)}个"
        + (f"（其中{len(deducted)}个得分低于分值）" if deducted else "") + f"，未全部达成{len(missed)}个"
        + (f"，未评分{unscored}个。" if unscored else "。") +
        f"预算执行率分值{weight_text(ss.funds.weight) if ss.funds else '0'}分，"
        f"绩效指标分值{weight_text(sum((r.indicator.weight for r in ss.rows), ZERO))}分，"
        f"复核总分{fmt(ss.total)}分（填报{form.total.filled}分），自评等级为“{ss.grade}”"
        f"{headline_of(None, ss).mark}。"
    )


def deviation(r, missed: bool) -> str:
    ind = r.indicator
    if missed:
        return (f"{ind.name}：指标值{ind.target}，实际完成值{shown(ind.actual)}，"
                f"得分{score_text(r.score)}分（满分{weight_text(ind.weight)}分）。"
                + (f"偏差原因及改进措施：{ind.reason}" if ind.reason else ""))
    return (f"{ind.name}：已完成目标（指标值{ind.target}，实际完成值{shown(ind.actual)}），"
            f"但得分{score_text(r.score)}分（满分{weight_text(ind.weight)}分）。"
            + (f"扣分原因：{ind.reason}" if ind.reason else ""))


def self_report_of(ev: Evaluation, ss: SelfScorecard, form: SelfForm, texts: dict[str, list[str]]) -> SelfReport:
    """The short 自评报告 that goes with a standalone self-evaluation form."""
    funds = []
    if ss.funds is not None and form.funds:
        head, unit = form.funds[0], form.funds_unit
        funds.append(
            f"{year_text(ev)}年初预算数{head.initial}{unit}，全年预算数{head.adjusted}{unit}，"
            f"全年执行数{head.spent}{unit}，预算执行率{head.rate}。"
            f"{strip_end(ss.funds.arithmetic)}。"
        )
    scored = [r for r in ss.rows if r.score is not None]
    missed = [r for r in scored if r.target_missed]
    deducted = [r for r in scored if not r.target_missed and r.score < r.indicator.weight]
    deviations = tuple(deviation(r, r in missed) for r in scored if r in missed or r in deducted)
    return SelfReport(
        basics=tuple(basics_of(ev, texts)),
        funds=tuple(funds),
        goals=tuple(f"预期目标：{g.planned}实际完成情况：{g.achieved}" for g in form.goals if g.planned or g.achieved),
        conclusion=conclusion_of(ss, form, missed, deducted),
        deviations=deviations or ("各项指标均已达成预期目标，无偏差。",),
        review=form.differences or ("填报得分与复核得分一致。",),
        notice=tuple(texts.get("self.notice", [])),
    )
