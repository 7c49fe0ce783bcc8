"""The report context: every number of the report formatted once, from one analysis.

The Word, PDF and HTML renderers read only this dictionary of text, lists and
small dicts, so the summary, the body tables and the annexes cannot disagree.
Numbers go through jixiao.render.figures and jixiao.numbers, nowhere else.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..analysis import Analysis, headline_of
from ..glossary import STAFFING
from ..metrics.assets import column_total
from ..metrics.base import score_rate
from ..metrics.budget import adjustment_rate, execution_percent, execution_rate, line_total, total
from ..model.evaluation import BudgetLine, Evaluation
from ..model.indicators import FormulaActual, MetricActual, ValueActual
from ..numbers import ZERO, fmt
from ..render.figures import rate_text, score_text, weight_text
from ..scoring import Scorecard, ScoredNode
from ..selfeval import SelfScorecard
from . import texts as standard

CN_DIGITS = "〇一二三四五六七八九"
CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
               "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"]
STAFFING_LABELS = STAFFING  # 编制 as the report words them, from the one glossary


# Headings that name the subject: a department (部门整体) or a project (项目支出) evaluation.
WORDS = {
    "department": {
        "overview": "部门概况", "basic": "部门基本情况", "functions": "部门主要职能",
        "organisation": "部门机构设置及人员构成", "tasks": "部门单位年度重点工作", "assets": "部门固定资产情况",
        "spending": "部门单位整体支出规模", "management": "部门管理情况", "goals": "部门绩效目标",
        "overall_goal": "总体目标", "annual_goal": "年度整体绩效目标", "targets": "表1-3 部门（单位）整体绩效目标表",
        "self_form": "整体支出绩效自评表", "subject_head": "部门负责人", "subject": "部门单位",
        "info_overview": "部门基本概况",
    },
    "project": {
        "overview": "项目概况", "basic": "项目基本情况", "functions": "项目概况",
        "organisation": "项目主管部门及实施单位", "tasks": "项目年度主要任务", "assets": "项目资产情况",
        "spending": "项目资金投入和使用情况", "management": "项目组织管理情况", "goals": "项目绩效目标",
        "overall_goal": "总体目标", "annual_goal": "年度绩效目标", "targets": "表1-3 项目绩效目标表",
        "self_form": "项目支出绩效自评表", "subject_head": "项目负责人", "subject": "项目名称",
        "info_overview": "项目概况",
    },
}


def cn_ordinal(n: int) -> str:
    return CN_ORDINALS[n - 1] if 1 <= n <= len(CN_ORDINALS) else str(n)


def money(value: Decimal | None) -> str:
    return "-" if value is None else fmt(value, thousands=True)


def date_cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def date_cn_upper(d: dt.date | None) -> str:
    """二〇二五年八月十五日, as a signature date is written."""
    if d is None:
        return "    年  月  日"

    def small(n: int) -> str:
        if n < 10:
            return CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("十" if tens == 1 else CN_DIGITS[tens] + "十") + (CN_DIGITS[ones] if ones else "")

    year = "".join(CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{small(d.month)}月{small(d.day)}日"


def period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        if start == end:
            return date_cn(start)
        tail = f"{end.month}月{end.day}日" if end.year == start.year else date_cn(end)
        return f"{date_cn(start)}—{tail}"
    return date_cn(start or end)


def _strip(text: str) -> str:
    return text.rstrip("。；;，, ")


def shown(value: object) -> str:
    """A 完成值 or level as shown in a table."""
    if value is None:
        return "-"
    display = getattr(value, "display", None)
    return display() if callable(display) else str(value)


# -- the indicator tree ---------------------------------------------------------------


def _label(node: ScoredNode, with_weight: bool) -> str:
    text = f"{node.code} {node.name}"
    return f"{text}（{weight_text(node.weight)}分）" if with_weight else text


def _leaf_paths(root: ScoredNode) -> list[tuple[ScoredNode | None, ScoredNode]]:
    """(second-level parent or None, leaf) for each leaf under a first-level indicator."""
    out: list[tuple[ScoredNode | None, ScoredNode]] = []
    for child in root.children:
        if child.is_leaf:
            out.append((None, child))
        else:
            for _, node in child.walk():
                if node.is_leaf:
                    out.append((child, node))
    return out


def counts(sc: Scorecard) -> tuple[int, int, int]:
    """How many first-, second- and third-level (leaf) indicators the tree has."""
    level2 = sum(1 for r in sc.roots for c in r.children if not c.is_leaf)
    return len(sc.roots), level2, len(sc.leaves())


def _source_of(node: ScoredNode) -> str | None:
    actual = node.indicator.actual
    if isinstance(actual, (ValueActual, MetricActual, FormulaActual)):
        return actual.source
    return None


def leaf_paragraphs(node: ScoredNode) -> list[str]:
    """The analysis of a leaf, the arithmetic of its figures, and the closing sentence."""
    ind = node.indicator
    paras: list[str] = []
    if ind.analysis:
        paras.extend(standard.paragraphs(ind.analysis))
    if node.actual_arithmetic:
        source = _source_of(node)
        lead = f"根据{source}，" if source else "经计算，"
        paras.append(f"{lead}{_strip(node.actual_arithmetic)}。")
    elif not ind.analysis and node.actual is not None:
        source = _source_of(node)
        lead = f"根据{source}显示" if source else "经核实"
        paras.append(f"{lead}，该指标完成值为{shown(node.actual)}，标杆值为{ind.benchmark or '-'}。")
    if node.arithmetic:
        paras.append(f"按照评分标准，{_strip(node.arithmetic)}。")
    if node.reason:
        paras.append(f"扣分原因：{_strip(node.reason)}。")
    if node.score is None:
        paras.append(f"该指标设定分值{weight_text(node.weight)}分，尚未评分。")
    else:
        paras.append(f"该指标设定分值{weight_text(node.weight)}分，根据评分标准得{score_text(node.score)}分。")
    return paras


def _row(root: ScoredNode, parent: ScoredNode | None, leaf: ScoredNode) -> dict[str, str]:
    ind = leaf.indicator
    return {
        "code": leaf.code,
        "l1": _label(root, True),
        "l2": _label(parent, True) if parent else "",
        "l3": _label(leaf, False),
        "weight": weight_text(leaf.weight),
        "explanation": ind.explanation or "",
        "standard": ind.standard or "",
        "benchmark": str(ind.benchmark) if ind.benchmark is not None else "-",
        "actual": shown(leaf.actual),
        "score": score_text(leaf.score),
        "reason": leaf.reason or "",
        "rate": rate_text(leaf.rate),
    }


def _sections(sc: Scorecard) -> list[dict[str, Any]]:
    sections = []
    for i, root in enumerate(sc.roots, start=1):
        paths = _leaf_paths(root)
        n2 = sum(1 for c in root.children if not c.is_leaf)
        seconds = "、".join(c.name for c in root.children)
        opening = (
            f"{root.name}指标从{seconds}等方面，对照设定的标杆值考察完成情况。"
            f"{root.name}类指标由{n2}个二级指标、{len(paths)}个三级指标构成，"
            f"权重分值{weight_text(root.weight)}分，实际得分{score_text(root.score)}分，"
            f"得分率{rate_text(root.rate)}。指标的得分情况如表3-{i}所示。"
        )
        leaves = []
        for j, (_, leaf) in enumerate(paths, start=1):
            leaves.append({"heading": f"（{j}）{leaf.code} {leaf.name}", "paragraphs": leaf_paragraphs(leaf)})
        sections.append({
            "heading": f"（{cn_ordinal(i)}）{root.name}",
            "opening": opening,
            "caption": f"表3-{i} {root.name}类指标得分情况表",
            "rows": [_row(root, parent, leaf) for parent, leaf in paths],
            "total": {"weight": weight_text(root.weight), "score": score_text(root.score), "rate": rate_text(root.rate)},
            "intro": f"{root.name}类指标具体情况分析如下：",
            "leaves": leaves,
        })
    return sections


def _summary(ev: Evaluation, sc: Scorecard) -> dict[str, Any]:
    rows = [
        {"name": f"{i}. {r.name}类", "weight": fmt(r.weight), "score": score_text(r.score), "rate": rate_text(r.rate)}
        for i, r in enumerate(sc.roots, start=1)
    ]
    headline = headline_of(sc, None)
    return {
        "rows": rows,
        "total": {"weight": fmt(sc.weight), "score": fmt(sc.total), "rate": rate_text(sc.rate)},
        "score": fmt(sc.total),
        "grade": headline.grade_text,
        "provisional": sc.provisional,
        "sentence": (
            f"根据{ev.kind_label}指标体系及评分标准，通过数据采集、访谈等方法，对{_short(ev)}"
            f"{_year(ev)}{_kind_short(ev)}绩效进行客观评价，最终评分结果：总得分为{headline.total_text}分，"
            f"绩效评级为“{sc.grade}”{headline.mark}。指标评分具体情况详见附件1，各部分权重和绩效分值详见下表。"
        ),
    }


def _system(ev: Evaluation, sc: Scorecard) -> dict[str, Any]:
    n1, n2, n3 = counts(sc)
    names = "、".join(r.name for r in sc.roots)
    weights = "、".join(f"{weight_text(r.weight)}分" for r in sc.roots)
    return {
        "n1": n1,
        "n2": n2,
        "n3": n3,
        "sentence": (
            f"最终将本次绩效评价指标体系分为“{names}”{n1}个一级指标，权重分别为{weights}，"
            f"合计{weight_text(sc.weight)}分；二级指标{n2}个，三级指标{n3}个。"
        ),
    }


def _grading(ev: Evaluation) -> str:
    bands = sorted(ev.grading, key=lambda b: -b.min)
    parts = []
    for k, band in enumerate(bands):
        low = weight_text(band.min)
        if k == 0:
            parts.append(f"评价得分{low}（含）分以上为{band.grade}")
        elif band.min == 0:
            parts.append(f"{weight_text(bands[k - 1].min)}分以下为{band.grade}")
        else:
            parts.append(f"{low}（含）—{weight_text(bands[k - 1].min)}分为{band.grade}")
    return f"绩效评价结果采取百分制，分{len(bands)}档：" + "，".join(parts) + "。"


# -- data tables ----------------------------------------------------------------------


def _assets(ev: Evaluation) -> dict[str, Any] | None:
    a = ev.assets
    if a is None:
        return None
    rows = [
        {"no": str(i), "name": c.name, "opening": money(c.opening), "increase": money(c.increase),
         "decrease": money(c.decrease), "closing": money(c.closing)}
        for i, c in enumerate(a.categories, start=1)
    ]
    sums = {k: column_total(a, k) for k in ("opening", "increase", "decrease", "closing")}
    summary = (
        f"{_short(ev)}{_year(ev)}固定资产期初金额为{money(sums['opening'])}{a.unit}，本期增加{money(sums['increase'])}{a.unit}，"
        f"本期减少{money(sums['decrease'])}{a.unit}，期末金额为{money(sums['closing'])}{a.unit}"
    )
    if a.in_use is not None:
        summary += f"，其中在用固定资产期末原值为{money(a.in_use)}{a.unit}"
    summary += "。各资产类别明细见表1-1。"
    return {
        "unit": a.unit,
        "caption": f"表1-1 {_short(ev)}{_year(ev)}固定资产情况表",
        "rows": rows,
        "total": {k: money(v) for k, v in sums.items()},
        "summary": summary,
    }


def _budget_rows(lines: tuple[BudgetLine, ...], depth: int = 1) -> list[dict[str, str]]:
    rows = []
    for i, line in enumerate(lines, start=1):
        prefix = {1: f"{cn_ordinal(i)}、", 2: f"{i}. ", 3: f"（{i}）"}.get(depth, "")
        adjusted, spent = line_total(line, "adjusted"), line_total(line, "spent")
        rows.append({
            "name": prefix + line.name,
            "initial": money(line_total(line, "initial")),
            "adjusted": money(adjusted),
            "spent": money(spent),
            "rate": rate_text(execution_percent(spent, adjusted)),
            "depth": str(depth),
        })
        rows.extend(_budget_rows(line.children, depth + 1))
    return rows


def _budget(ev: Evaluation) -> dict[str, Any] | None:
    b = ev.budget
    if b is None:
        return None
    initial, adjusted, spent = total(b, "initial"), total(b, "adjusted"), total(b, "spent")
    execution, adjustment = execution_rate(ev), adjustment_rate(ev)
    parts_initial = "、".join(f"{line.name}为{money(line_total(line, 'initial'))}{b.unit}" for line in b.lines)
    parts_spent = "、".join(f"{line.name}为{money(line_total(line, 'spent'))}{b.unit}" for line in b.lines)
    summary = [
        f"{_short(ev)}{'项目' if ev.kind == 'project' else '部门整体'}年初预算安排为{money(initial)}{b.unit}，其中：{parts_initial}。"
        f"全年预算数（调整后）为{money(adjusted)}{b.unit}，预算调整数为{money(adjusted - initial)}{b.unit}，"
        f"预算调整率为{rate_text(adjustment.value)}。",
        f"全年支出决算为{money(spent)}{b.unit}，其中：{parts_spent}。预算执行率为{rate_text(execution.value)}"
        f"（{_strip(execution.arithmetic)}）。",
    ]
    carry = b.carryover
    rows = _budget_rows(b.lines)
    rows.append({"name": "年末结转结余", "initial": "-", "adjusted": "-", "spent": money(carry) if carry else "-",
                 "rate": "-", "depth": "1"})
    return {
        "unit": b.unit,
        "caption": "表1-2 项目资金预算及支出情况表" if ev.kind == "project" else "表1-2 部门预算支出及结转结余情况表",
        "rows": rows,
        "total": {"initial": money(initial), "adjusted": money(adjusted), "spent": money(spent),
                  "rate": rate_text(execution.value)},
        "summary": summary,
        "initial": money(initial),
        "adjusted": money(adjusted),
        "adjustment": money(adjusted - initial),
        "adjustment_rate": rate_text(adjustment.value),
        "spent": money(spent),
        "execution_rate": rate_text(execution.value),
    }


def _targets(ev: Evaluation) -> list[dict[str, str]]:
    return [
        {"l1": t.level1 or "", "l2": t.level2 or "", "name": t.name, "target": str(t.target)}
        for t in ev.targets
    ]


def _team(ev: Evaluation) -> list[dict[str, str]]:
    eng = ev.engagement
    if eng is None:
        return []
    return [
        {"no": str(i), "name": m.name, "role": m.role or "", "duty": m.duty or ""}
        for i, m in enumerate(eng.team, start=1)
    ]


def _phases(ev: Evaluation, texts: dict[str, list[str]]) -> list[dict[str, Any]]:
    eng = ev.engagement
    if eng is None:
        return []
    out = []
    for i, p in enumerate(eng.phases, start=1):
        when = period(p.start, p.end)
        body = standard.paragraphs(p.description) if p.description else texts.get(f"phase.{p.name}", [])
        out.append({"heading": f"（{i}）{p.name}" + (f"（{when}）" if when else ""), "paragraphs": body})
    return out


def _findings(ev: Evaluation) -> dict[str, Any]:
    f = ev.findings

    def grouped(items, render) -> list[dict[str, Any]]:
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item.area or "", []).append(item)
        return [
            {"heading": f"{k}. {area}" if area else "", "entries": [render(j, x) for j, x in enumerate(xs, start=1)]}
            for k, (area, xs) in enumerate(groups.items(), start=1)
        ]

    return {
        "experiences": [
            {"heading": f"{i}. {e.title}", "paragraphs": standard.paragraphs(e.text or "")}
            for i, e in enumerate(f.experiences, start=1)
        ],
        "problems": grouped(f.issues, lambda j, p: f"（{j}）{_strip(p.title)}。" + (p.text or "")),
        "suggestions": grouped(f.suggestions, lambda j, s: f"（{j}）{s.text}"),
    }


def _self_form(ev: Evaluation, ss: SelfScorecard) -> dict[str, Any]:
    """The 自评表 as filled in, with the recomputed figures beside."""
    funds = []
    if ss.funds is not None:
        f = ss.funds
        if f.funds.rows:
            for k, row in enumerate(f.funds.rows):
                rate = execution_percent(row.spent, row.adjusted) if row.spent is not None and row.adjusted else None
                funds.append({
                    "name": row.name, "initial": money(row.initial), "adjusted": money(row.adjusted),
                    "spent": money(row.spent),
                    "rate_filled": shown(row.rate) if row.rate is not None else ("-" if k else ""),
                    "rate": rate_text(rate) if k == 0 or rate is not None else "-",
                    "weight": weight_text(f.weight) if k == 0 else "-",
                    "filled": score_text(f.filled) if k == 0 else "-",
                    "score": score_text(f.score) if k == 0 else "-",
                })
        else:
            b = ev.budget
            funds.append({
                "name": "年度资金总额",
                "initial": money(total(b, "initial")) if b else "-",
                "adjusted": money(total(b, "adjusted")) if b else "-",
                "spent": money(total(b, "spent")) if b else "-",
                "rate_filled": "", "rate": rate_text(f.metric.value), "weight": weight_text(f.weight),
                "filled": score_text(f.filled), "score": score_text(f.score),
            })
            if b is not None:
                for src in b.sources:
                    funds.append({
                        "name": f"其中：{src.name}", "initial": money(src.initial), "adjusted": money(src.adjusted),
                        "spent": money(src.spent), "rate_filled": "-", "rate": "-", "weight": "-",
                        "filled": "-", "score": "-",
                    })
    rows = []
    for r in ss.rows:
        ind = r.indicator
        rows.append({
            "l1": ind.level1 or "", "l2": ind.level2 or "", "name": ind.name,
            "target": str(ind.target) if ind.target is not None else "-",
            "basis": ind.basis or "",
            "actual": shown(ind.actual),
            "weight": weight_text(ind.weight),
            "filled": score_text(r.filled),
            "score": score_text(r.score),
            "rate": rate_text(score_rate(r.score, ind.weight)),
            "reason": ind.reason or "",
            "arithmetic": r.arithmetic,
            "differs": r.filled is not None and r.score is not None and fmt(r.filled) != fmt(r.score),
        })
    return {
        "funds_unit": ss.funds.funds.unit if ss.funds else "万元",
        "funds": funds,
        "funds_arithmetic": ss.funds.arithmetic if ss.funds else "",
        "goals": [{"planned": g.planned, "achieved": g.achieved} for g in ss.form.goals],
        "rows": rows,
        "total": {
            "weight": weight_text(ss.weight),
            "filled": score_text(ss.filled_total) if ss.filled_total is not None else "未填写",
            "score": fmt(ss.total),
            "grade": headline_of(None, ss).grade_text,
        },
        "differences": [
            f"{r['name']}：填报得分{r['filled']}分，复核得分{r['score']}分（{_strip(r['arithmetic'])}）。"
            for r in rows if r["differs"]
        ],
    }


def _self_report(ev: Evaluation, ss: SelfScorecard, form: dict[str, Any], texts: dict[str, list[str]]) -> dict[str, Any]:
    """The short 自评报告 that goes with a standalone self-evaluation form."""
    p = ev.project
    name = ev.subject_name
    basics = [f"项目名称：{name}。"]
    if p is not None and p.department:
        basics.append(f"主管部门：{p.department}。")
    if p is not None and p.implementer:
        basics.append(f"实施单位：{p.implementer}。")
    if p is not None and p.description:
        basics.extend(standard.paragraphs(p.description))
    basics.extend(texts.get("self.summary", []))
    funds = []
    if ss.funds is not None and form["funds"]:
        head = form["funds"][0]
        funds.append(
            f"{_year(ev)}年初预算数{head['initial']}{form['funds_unit']}，全年预算数{head['adjusted']}{form['funds_unit']}，"
            f"全年执行数{head['spent']}{form['funds_unit']}，预算执行率{head['rate']}。"
            f"{_strip(ss.funds.arithmetic)}。"
        )
    goals = [f"预期目标：{g['planned']}实际完成情况：{g['achieved']}" for g in form["goals"]]
    n = len(ss.rows)
    # 达成 is the target's, as the checks read it: a met target scored below full marks had points
    # taken off (扣分), it is not a missed target
    scored = [r for r in ss.rows if r.score is not None]
    missed = [r for r in scored if r.target_missed]
    deducted = [r for r in scored if not r.target_missed and r.score < r.indicator.weight]
    unscored = len(ss.rows) - len(scored)
    conclusion = (
        f"本项目自评共设置绩效指标{n}个，全部达成{len(scored) - len(missed)}个"
        + (f"（其中{len(deducted)}个得分低于分值）" if deducted else "") + f"，未全部达成{len(missed)}个"
        + (f"，未评分{unscored}个。" if unscored else "。") +
        f"预算执行率分值{weight_text(ss.funds.weight) if ss.funds else '0'}分，"
        f"绩效指标分值{weight_text(sum((r.indicator.weight for r in ss.rows), ZERO))}分，"
        f"复核总分{fmt(ss.total)}分（填报{form['total']['filled']}分），自评等级为“{ss.grade}”"
        f"{headline_of(None, ss).mark}。"
    )
    deviations = [
        f"{r.indicator.name}：指标值{r.indicator.target}，实际完成值{shown(r.indicator.actual)}，"
        f"得分{score_text(r.score)}分（满分{weight_text(r.indicator.weight)}分）。"
        + (f"偏差原因及改进措施：{r.indicator.reason}" if r.indicator.reason else "未填写偏差原因及改进措施。")
        if r in missed else
        f"{r.indicator.name}：已完成目标（指标值{r.indicator.target}，实际完成值{shown(r.indicator.actual)}），"
        f"但得分{score_text(r.score)}分（满分{weight_text(r.indicator.weight)}分）。"
        + (f"扣分原因：{r.indicator.reason}" if r.indicator.reason else "未说明扣分原因。")
        for r in scored if r in missed or r in deducted
    ]
    return {
        "basics": basics,
        "funds": funds,
        "goals": goals,
        "conclusion": conclusion,
        "deviations": deviations or ["各项指标均已达成预期目标，无偏差。"],
        "review": form["differences"] or ["填报得分与复核得分一致。"],
        "notice": texts.get("self.notice", []),
    }


# -- small helpers on the evaluation ---------------------------------------------------


def _short(ev: Evaluation) -> str:
    if ev.entity is not None:
        return ev.entity.display_name
    return ev.subject_name


def _year(ev: Evaluation) -> str:
    return f"{ev.year}年度" if ev.year else ""


def _kind_short(ev: Evaluation) -> str:
    return {"department": "部门整体支出", "project": "项目支出"}.get(ev.kind, "")


def _entity(ev: Evaluation) -> dict[str, Any]:
    e = ev.entity
    if e is None:
        p = ev.project
        desc = standard.paragraphs(p.description) if p and p.description else []
        org = []
        if p is not None and p.department:
            org.append(f"项目主管部门为{p.department}。")
        if p is not None and p.implementer:
            org.append(f"项目实施单位为{p.implementer}。")
        return {"functions": desc, "organisation": org, "key_tasks": [], "head": ""}
    org = []
    if e.parent or e.rank or e.internal_bodies or e.subordinate_units:
        text = e.name
        if e.parent:
            text += f"是{e.parent}工作部门"
            text += f"，为{e.rank}" if e.rank else ""
            text += "。"
        elif e.rank:
            text += f"为{e.rank}单位。"
        else:
            text += "。"
        if e.internal_bodies:
            text += f"下设{len(e.internal_bodies)}个内部机构（{'、'.join(e.internal_bodies)}）"
        if e.subordinate_units:
            text += ("，" if e.internal_bodies else "") + f"下属事业单位{len(e.subordinate_units)}个（{'；'.join(e.subordinate_units)}）"
        org.append(_strip(text) + "。")
    if e.staffing:
        parts = [f"{STAFFING_LABELS.get(k, k)}{weight_text(v)}名" for k, v in e.staffing]
        org.append(f"{e.name}" + "，".join(parts) + "。")
    return {
        "functions": list(e.functions),
        "organisation": org,
        "key_tasks": standard.paragraphs(e.key_tasks or ""),
        "head": e.head or "",
    }


def _cover(ev: Evaluation) -> list[dict[str, str]]:
    eng = ev.engagement
    subject_label = "部门名称" if ev.entity is not None else "项目名称"
    lines = [{"label": subject_label, "value": ev.subject_name}]
    if eng is not None and eng.commissioned_by:
        lines.append({"label": "委托单位", "value": eng.commissioned_by})
    if ev.year:
        lines.append({"label": "评价年度", "value": f"{ev.year}年度"})
    if eng is not None and eng.firm:
        lines.append({"label": "评价机构", "value": eng.firm})
    if eng is not None and eng.lead:
        lines.append({"label": "主评人", "value": eng.lead})
    return lines


def _chart(sc: Scorecard) -> dict[str, Any]:
    return {
        "title": "一级指标得分率",
        "labels": [r.name for r in sc.roots],
        "rates": [rate_text(r.rate) for r in sc.roots],
    }


def _info_table(ev: Evaluation, budget: dict[str, Any] | None, entity: dict[str, Any]) -> list[dict[str, str]]:
    w = WORDS["project" if ev.kind == "project" else "department"]
    rows = [{"label": w["subject"], "value": _short(ev), "label2": w["subject_head"], "value2": entity["head"] or "-"}]
    if budget is not None:
        unit = ev.budget.unit if ev.budget else ""
        rows += [
            {"label": "年初预算", "value": budget["initial"] + unit, "label2": "全年预算数", "value2": budget["adjusted"] + unit},
            {"label": "预算调整数", "value": budget["adjustment"] + unit, "label2": "预算调整率", "value2": budget["adjustment_rate"]},
            {"label": "全年执行数", "value": budget["spent"] + unit, "label2": "预算执行率", "value2": budget["execution_rate"]},
        ]
    return rows


def build_context(analysis: Analysis) -> dict[str, Any]:
    """The whole report as text, ready for any renderer."""
    ev = analysis.evaluation
    sc = analysis.scorecard
    ss = analysis.self_scorecard
    eng = ev.engagement
    values = {
        "单位": _short(ev),
        "全称": ev.subject_name,
        "年度": _year(ev),
        "委托单位": (eng.commissioned_by if eng and eng.commissioned_by else "委托单位"),
        "评价机构": (eng.firm if eng and eng.firm else "评价机构"),
    }
    texts = standard.resolve(ev.texts, values, ev.kind)
    report_date = eng.report_date if eng else None
    title = ev.title or f"{ev.subject_name}{_year(ev)}{ev.kind_label}报告"
    entity = _entity(ev)
    budget = _budget(ev)
    ctx: dict[str, Any] = {
        "kind": ev.kind,
        "kind_label": ev.kind_label,
        "w": WORDS["project" if ev.kind == "project" else "department"],
        "is_self": ev.kind == "project_self_evaluation",
        "title": title,
        "subject": ev.subject_name,
        "short": _short(ev),
        "year": _year(ev),
        "cover": _cover(ev),
        "date_month": f"{report_date.year}年{report_date.month}月" if report_date else "",
        "date_signature": date_cn_upper(report_date),
        "addressee": f"{eng.commissioned_by}：" if eng and eng.commissioned_by else "",
        "firm": eng.firm if eng and eng.firm else "",
        "lead": eng.lead if eng and eng.lead else "",
        "texts": texts,
        "entity": entity,
        "assets": _assets(ev),
        "budget": budget,
        "targets": _targets(ev),
        "basis": [f"{i}. {_strip(b)}；" if i < len(eng.basis) else f"{i}. {_strip(b)}。"
                  for i, b in enumerate(eng.basis, start=1)] if eng else [],
        "methods": [{"name": m, "text": " ".join(texts.get(f"method.{m}", []))} for m in (eng.methods if eng else ())],
        "grading": _grading(ev),
        "team": _team(ev),
        "team_intro": (
            f"本次绩效评价的委托方为{eng.commissioned_by or '-'}，受托方为{eng.firm or '-'}，主评人为{eng.lead or '-'}。"
            f"评价工作包括前期调查、研究讨论、制定工作方案、调查取数、撰写评价报告等，评价组成员分工见表2-1。"
        ) if eng else "",
        "fieldwork": period(eng.fieldwork_start, eng.fieldwork_end) if eng else "",
        "phases": _phases(ev, texts),
        "findings": _findings(ev),
        "interviews": [
            {
                "heading": f"访谈{cn_ordinal(i)}" if len(ev.interviews) > 1 else "",
                "meta": [f"被访谈单位：{_short(ev)}"]
                + ([f"被访谈对象：{'、'.join(iv.interviewees)}"] if iv.interviewees else [])
                + ([f"访谈日期：{iv.date}"] if iv.date else []),
                "qa": [{"q": f"{j}. {q}", "a": f"答：{a}"} for j, (q, a) in enumerate(iv.qa, start=1)],
            }
            for i, iv in enumerate(ev.interviews, start=1)
        ],
        "photos": [{"caption": p.caption, "file": p.file or ""} for p in ev.photos],
        "sections": [],
        "summary": None,
        "system": None,
        "annex1": None,
        "chart": None,
        "self_form": None,
        "self_report": None,
        "info_rows": _info_table(ev, budget, entity),
    }
    if sc is not None and sc.roots:
        ctx["sections"] = _sections(sc)
        ctx["summary"] = _summary(ev, sc)
        ctx["system"] = _system(ev, sc)
        ctx["chart"] = _chart(sc)
        ctx["annex1"] = {
            "title": f"{_short(ev)}{_year(ev)}{_kind_short(ev)}绩效评价指标体系及综合评分表",
            "rows": [_row(root, parent, leaf) for root in sc.roots for parent, leaf in _leaf_paths(root)],
            "total": {"weight": weight_text(sc.weight), "score": fmt(sc.total), "rate": rate_text(sc.rate)},
        }
    if ss is not None:
        form = _self_form(ev, ss)
        ctx["self_form"] = form
        ctx["self_form"]["title"] = (
            f"{_kind_short(ev) or '项目支出'}绩效自评表" if ev.kind != "department" else "部门（单位）整体支出绩效自评表"
        )
        if ctx["is_self"]:
            ctx["self_report"] = _self_report(ev, ss, form, texts)
    return ctx
