"""What a 自评表 is filled with (填报质量): goals whose 实际完成情况 repeats the 预期目标 word for word,
a 偏差原因 that is "0" or "无" where one is needed, a project named by the form's title, numeric
targets without a unit, a rate given as a count, goals that are only figures, a "≤" target met at 0
(where 指标值 / 完成值 has no value)."""

from __future__ import annotations

import re
from typing import Iterator

from ..model.quantity import Level, Quantity
from ..rules import tiers
from ..numbers import fmt_plain
from ..problems import Problem, info, warning
from .base import Context, Family, check

FAMILY = Family(
    "formdata", "填报质量",
    {
        "complete.goals_identical": "预期目标与实际完成情况一字不差，完成情况没有写实际做了什么",
        "complete.reason_zero": "偏差原因分析及改进措施填的是“0”或“无”",
        "complete.title_as_name": "项目名称填的是表名",
        "targets.no_unit": "数字指标值没有单位",
        "selfeval.le_zero": "“≤”指标完成值为0：按指标值 / 完成值计算无意义，判为达成（提示）",
        "complete.goals_figures": "总体目标只写了数字（金额），没有写目标内容",
        "targets.rate_unit": "指标是率，指标值却写成人数、个数等数量",
        "targets.value_is_weight": "指标值与完成值都填的是该指标的分值",
        "complete.template_text": "总体目标一栏保留了表式的填写说明（“…（200字以内）”），未填写内容",
        "complete.year_mismatch": "总体目标写的年度与自评表的年度不符",
        "complete.goal_missing": "年初（预期）目标填“无”或未填，而实际完成情况已填",
        "complete.goal_achieved_blank": "总体目标已填，实际完成情况（完成情况综述）未填",
        "selfeval.level_unstated": "定性指标的实际完成值是一段描述，未写达成、部分达成或未达成，档次无从判断",
    },
)

YEARS = re.compile(r"(20\d{2})\s*年")
TITLE_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[）)]")
TEMPLATE = re.compile(r"[（(]\s*\d+\s*字以内\s*[)）]|填写说明|请填写|此处填写")
FIGURE_ONLY = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?\s*(?:万元|元|万)?")
NOTHING = {"0", "0.0", "0.00", "无", "无。", "/", "—", "-", "--", "——"}
TITLE = re.compile(r"(绩效)?(自评|评价)表$|自评表[（(]")
WORDS = re.compile(r"\s+")
UNIT_IN_NAME = re.compile(r"[（(][^）)]+[）)]\s*$")  # 服务外包在岸(万美元): the unit is in the name
RATE = re.compile(r"率$")  # a rate without its %; a bare 100 is a percentage written without it too


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and WORDS.sub("", a) == WORDS.sub("", b)


@check
def goals_identical(ctx: Context) -> Iterator[Problem]:
    form = ctx.ev.self_evaluation
    for goal in form.goals if form is not None else ():
        if _same(goal.planned, goal.achieved):
            shown = goal.planned.strip()
            yield warning(
                "complete.goals_identical",
                f"自评表预期目标与实际完成情况一字不差（“{shown[:40]}{'…' if len(shown) > 40 else ''}”），"
                "完成情况没有写实际做了什么",
                goal.where.with_(table="自评表", row="总体目标"),
                hint="实际完成情况应写明全年实际完成的产出、效益和资金使用",
            )


@check
def reason_zero(ctx: Context) -> Iterator[Problem]:
    """“0” is no reason anywhere (a number typed into a text column); “无” is none where one is needed."""
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        text = (row.indicator.reason or "").strip()
        if text not in NOTHING:
            continue
        needed = row.target_missed or (row.filled is not None and row.filled < row.indicator.weight)
        if not (needed or text.startswith("0")):
            continue
        ind = row.indicator
        yield warning(
            "complete.reason_zero",
            f"自评表“{ind.name}”的偏差原因分析及改进措施填的是“{text}”"
            + ("，而该指标未满分，需说明原因" if needed else "，不是原因说明"),
            ind.place,
            hint="写明偏差原因和改进措施；无偏差时留空",
        )


@check
def title_as_name(ctx: Context) -> Iterator[Problem]:
    project = ctx.ev.project
    name = (project.name or "").strip() if project is not None else ""
    if ctx.ev.self_evaluation is None or not name:
        return
    if TITLE.search(name) or (ctx.ev.title and name == ctx.ev.title.strip()):
        yield warning(
            "complete.title_as_name",
            f"项目名称填的是表名“{name}”，不是项目名称",
            project.where,  # type: ignore[union-attr]
            hint="项目名称填写预算批复的项目名称",
        )


@check
def targets_without_unit(ctx: Context) -> Iterator[Problem]:
    """A rate's 指标值 written as a bare number (“100” for 100%), said once per form; a count without its
    unit (“≥3” 家) is left alone, its meaning is plain."""
    ss = ctx.ss
    rows = [r.indicator for r in ss.rows] if ss is not None else []
    bare = [i for i in rows if i.target is not None and i.target.quantity is not None and not i.target.quantity.unit
            and not UNIT_IN_NAME.search(i.name) and (RATE.search(i.name) or i.target.quantity.value == 100)]
    if bare:
        names = "、".join(f"{i.name}（{i.target}）" for i in bare)
        yield warning(
            "targets.no_unit",
            f"自评表{len(bare)}个指标的指标值只写数字，没有单位：{names}",
            bare[0].where.with_(table="自评表", row=bare[0].name),
            count=len(bare),
            hint="指标值写明单位（%、人、个、万元……），否则无从判断完成值是否可比",
        )


@check
def le_met_at_zero(ctx: Context) -> Iterator[Problem]:
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        ind = row.indicator
        target, actual = ind.target, ind.actual
        if target is None or target.op not in ("<=", "<") or not isinstance(actual, Quantity) or actual.value != 0:
            continue
        yield info(
            "selfeval.le_zero",
            f"自评表“{ind.name}”完成值为0，指标值{target}：按“指标值 / 完成值”计算无意义（除以0），"
            "0低于上限，判为达成、得满分",
            ind.place,
            hint="“≤”指标先看是否达到上限，达到即得满分",
        )


@check
def goals_figures(ctx: Context) -> Iterator[Problem]:
    form = ctx.ev.self_evaluation
    for goal in form.goals if form is not None else ():
        bare = [text.strip() for text in (goal.planned, goal.achieved) if FIGURE_ONLY.fullmatch(text.strip())]
        if bare:
            yield warning(
                "complete.goals_figures",
                f"自评表总体目标只写了数字（{'、'.join(bare)}），没有写目标内容",
                goal.where.with_(table="自评表", row="总体目标"),
                hint="预期目标写明年度要完成的产出和效益，实际完成情况写明完成了什么",
            )


@check
def rate_given_as_count(ctx: Context) -> Iterator[Problem]:
    """“家庭医生签约率” with 24694人 against 22584人: a rate written as the count it is computed from."""
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        ind = row.indicator
        goal = ind.target.quantity if ind.target is not None else None
        if not RATE.search(ind.name) or goal is None or not goal.unit or goal.is_percent:
            continue
        actual = f"、完成值{ind.actual}" if ind.actual is not None else ""
        yield warning(
            "targets.rate_unit",
            f"“{ind.name}”是率，指标值却写成数量（{ind.target}{actual}）",
            ind.place,
            hint="指标值写成百分比（如 ≥90%），或把指标名称改为所计的数量",
        )


@check
def value_is_weight(ctx: Context) -> Iterator[Problem]:
    """12.5 as 年度指标值 and as 全年实际值 of a 12.5-point indicator: the 分值 typed into both."""
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        ind = row.indicator
        goal, actual = (ind.target.quantity if ind.target is not None else None), ind.actual
        if goal is None or not isinstance(actual, Quantity) or goal.unit or actual.unit or ind.weight == 0:
            continue
        if goal.value == actual.value == ind.weight:
            yield warning(
                "targets.value_is_weight",
                f"“{ind.name}”的年度指标值和实际完成值都填了{fmt_plain(goal.value, thousands=False)}，即该指标的分值",
                ind.place,
                hint="指标值填申报的目标（数量、比率），完成值填实际完成的数",
            )


def goal_text_problems(label: str, text: str | None, year: int | None, where) -> Iterator[Problem]:
    """A goal's text still holding the template's instructions, or naming only years other than the
    form's ("2022年…计划使用财政资金45万元" in a 2023 form). Also said by the reader of a form published
    blank, whose goals no check sees."""
    text = (text or "").strip()
    if TEMPLATE.search(text):
        yield warning(
            "complete.template_text", f"自评表{label}一栏保留了表式的填写说明（“{text[:40]}”），未填写内容",
            where, hint="删去表式说明，写明实际内容")
    years = list(dict.fromkeys(YEARS.findall(text)))
    if year is not None and years and str(year) not in years:
        yield warning(
            "complete.year_mismatch", f"{year}年度自评表的{label}写的是{'、'.join(years)}年（“{text[:30]}…”），年度不符",
            where, year=year, hint=f"按{year}年度的目标与完成情况填写")


def form_year(year: int | None, title: str | None) -> int | None:
    """The form's year: as stated, else from its title ("…自评表(2023年度)")."""
    found = TITLE_YEAR.search(title or "")
    return int(year) if year is not None else int(found.group(1)) if found else None


@check
def goal_half_blank(ctx: Context) -> Iterator[Problem]:
    """A goal with one side only: 年初目标 "无" beside what was achieved, or a goal whose 完成情况 is left blank."""
    form = ctx.ev.self_evaluation
    for goal in form.goals if form is not None else ():
        planned, achieved = (goal.planned or "").strip(), (goal.achieved or "").strip()
        where = goal.where.with_(table="自评表", row="总体目标")
        if achieved and planned in NOTHING | {""}:
            yield warning("complete.goal_missing", f"自评表年初（预期）目标填的是“{planned or '（空白）'}”，只写了完成情况",
                          where, hint="填写年初批复的绩效目标，完成情况对照它说明")
        elif planned and planned not in NOTHING and not achieved:
            yield warning("complete.goal_achieved_blank", f"自评表总体目标“{planned[:30]}”的实际完成情况未填写",
                          where, hint="对照年度目标写明实际完成情况")


@check
def template_text(ctx: Context) -> Iterator[Problem]:
    form = ctx.ev.self_evaluation
    year = form_year(ctx.ev.year, ctx.ev.title)
    for goal in form.goals if form is not None else ():
        for label, text in (("预期目标", goal.planned), ("实际完成情况", goal.achieved)):
            yield from goal_text_problems(label, text, year, goal.where.with_(table="自评表", row=label))


@check
def level_unstated(ctx: Context) -> Iterator[Problem]:
    """“受目的国受众欢迎显著” as a qualitative row's actual, scored all the same (where it is not scored,
    scoring itself says why)."""
    ss = ctx.ss
    for row in ss.rows if ss is not None else ():
        ind, actual = row.indicator, row.indicator.actual
        if not isinstance(actual, Level) or row.score is None or tiers.tier_of(actual.text) is not None:
            continue
        if ind.target is not None and ind.target.level is not None and ind.target.level.text == actual.text:
            continue
        yield warning(
            "selfeval.level_unstated",
            f"自评表“{ind.name}”的实际完成值是一段描述（“{actual.text[:30]}”），未写达成、部分达成或未达成预期指标，"
            "档次无从判断：按所填得分计入，是否应扣分请复核",
            ind.place,
            hint="定性指标的实际完成值写“达成预期指标”“部分达成预期指标”或“未达成预期指标”",
        )
