"""Figures in the prose against the tables and against each other: how many indicators of each
level, the weights and scores a chapter states, the summary 得分表, rates against the counts printed
beside them (findings.rate, as `jixiao check` says it), one matter counted twice with two figures, a
figure and its parts in brackets, and level-1 names misspelt."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ...checks.base import Family, agrees
from ...numbers import HUNDRED, fmt_plain, round_half_up
from ...parse.prose import COUNT_UNITS, rates_in, sentences
from ...problems import Problem, error, warning
from ..document import compact
from ..figures import Figure, level_counts, parts_of
from ..tables import level1_name
from .base import AuditContext, number, text_check

FAMILY = Family("audit.prose", "正文数字", {
    "audit.level_count": "正文所述某级指标的个数与指标表不符",
    "audit.chapter_figure": "正文所述一级指标的权重或得分与指标表不符",
    "audit.summary": "得分表的权重、得分或得分率与指标表不符",
    "audit.figure_conflict": "同一事项在两处写成不同的数字",
    "audit.parts": "括号中各分项之和不等于所述总数",
    "audit.level1_name": "正文中一级指标名称写错",
    "audit.total_grade": "正文所述总得分或绩效评级与指标表合计及定级标准不符",
})

_TOTAL = re.compile(r"总得分(?:为)?\s*(?P<total>\d+(?:\.\d+)?)\s*分[，,]?\s*(?:绩效)?评级为\s*[“\"]?(?P<grade>优|良|中|差)")
_BANDS = re.compile(r"(\d+)\s*[（(]含[）)][^，、。；]*?为\s*(优|良|中|差)")


def _tree(ctx: AuditContext) -> dict[str, dict]:
    """Level-1 code → {name, weight, score, level2 codes, leaves} from the reference table (once per report)."""
    if ctx.memo.get("tree") is not None:
        return ctx.memo["tree"]
    tree: dict[str, dict] = ctx.memo.setdefault("tree", {})
    for row in ctx.reference.rows if ctx.reference else []:
        code = row.level1.code if row.level1 else row.code[:1]
        node = tree.setdefault(code, {"name": row.level1.name if row.level1 else "", "weight": Decimal(0),
                                      "score": Decimal(0), "level2": set(), "leaves": 0, "complete": True})
        weight, score = number(row.cells.get("weight")), number(row.cells.get("score"))
        node["complete"] &= weight is not None and score is not None
        node["weight"] += weight or 0
        node["score"] += score or 0
        node["level2"].add(row.level2.code if row.level2 else row.code[:2])
        node["leaves"] += 1
    return tree


def _scope(ctx: AuditContext, text: str, path: tuple[str, ...]) -> str | None:
    """The level-1 indicator a sentence speaks of (部门决策类指标由…), if any."""
    for code, node in _tree(ctx).items():
        name = node["name"]
        if name and (f"{name}类" in text or f"{name}指标" in text or any(p.endswith(name) for p in path[-1:])):
            return code
    return None


@text_check
def indicator_counts(ctx: AuditContext) -> Iterator[Problem]:
    tree = _tree(ctx)
    if not tree:
        return
    for c in level_counts(ctx.doc):
        code = _scope(ctx, c.sentence, c.paragraph.path)
        nodes = [tree[code]] if code else list(tree.values())
        actual = {1: 1 if code else len(tree), 2: sum(len(n["level2"]) for n in nodes),
                  3: sum(n["leaves"] for n in nodes)}[c.level]
        if c.count != actual:
            what = f"{nodes[0]['name']}类" if code else "全部"
            yield error("audit.level_count", f"正文写{what}{'一二三'[c.level - 1]}级指标{c.count}个，"
                        f"{ctx.reference.table.name}中为{actual}个", ctx.doc.at_paragraph(c.paragraph),
                        hint="按指标体系更正个数", stated=c.count, counted=actual)


@text_check
def chapter_figures(ctx: AuditContext) -> Iterator[Problem]:
    """部门决策类指标……权重分值14分，实际得分13分."""
    tree = _tree(ctx)
    for p in ctx.doc.paragraphs:
        for s in sentences(p.text):
            code = _scope(ctx, s, ())
            if code is None or not tree[code]["complete"]:
                continue
            for word, key in (("权重分值", "weight"), ("实际得分", "score")):
                m = re.search(word + r"(?:为)?\s*(\d+(?:\.\d+)?)\s*分", s)
                if m and not agrees(Decimal(m.group(1)), tree[code][key]):
                    yield error("audit.chapter_figure", f"正文写{tree[code]['name']}{word}{m.group(1)}分，"
                                f"指标表合计为{fmt_plain(tree[code][key])}分", ctx.doc.at_paragraph(p))


@text_check
def summary_tables(ctx: AuditContext) -> Iterator[Problem]:
    tree = _tree(ctx)
    by_name = {compact(n["name"]): n for n in tree.values()}
    for summary in ctx.summaries:
        grid = summary.table.grid()
        for col, printed in summary.names:
            node = by_name.get(level1_name(printed))
            if node is None or not node["complete"]:
                continue
            expected = {"权重": node["weight"], "得分": node["score"],
                        "得分率": node["score"] / node["weight"] * HUNDRED if node["weight"] else None}
            for label, r in summary.rows.items():
                stated, value = number(grid[r][col]), expected[label]
                if stated is not None and value is not None and not agrees(stated, value):
                    yield error("audit.summary", f"{summary.table.name}中{printed}的{label}为{grid[r][col]}，"
                                f"指标表为{fmt_plain(round_half_up(value))}", ctx.doc.at_cell(summary.table, r, col))


@text_check
def rates(ctx: AuditContext) -> Iterator[Problem]:
    """劳动仲裁受理案件2410件，结案2227件，结案率97%: 2227 ÷ 2410 = 92.41%. Said under the code
    `jixiao check` gives the same sentence in an evaluation file: one contradiction, one code."""
    by_text: dict[int, Figure] = {}
    for f in ctx.figures:
        by_text.setdefault(id(f.paragraph), f)
    for first in by_text.values():
        for rate in rates_in(first.paragraph.text):
            if rate.contradicts:
                yield error("findings.rate", rate.message(), first.where, hint="核实比率的分子、分母后更正",
                            stated=f"{rate.stated}%", computed=f"{round_half_up(rate.computed)}%")


@text_check
def conflicts(ctx: AuditContext) -> Iterator[Problem]:
    """举办招聘活动52场 here and 举办招聘活动61场 there (unless 61 is 52 and the 专场招聘9场 beside it)."""
    first: dict[tuple[str, str], Figure] = {}
    for f in ctx.figures:
        if f.quantity.unit not in COUNT_UNITS or f.qualifier or len(f.label) < 3:
            continue
        key = (f.label, f.quantity.unit)
        seen = first.setdefault(key, f)
        if seen is f:
            continue
        a, b = seen.quantity, f.quantity
        if a.agrees_with(b.value) or b.agrees_with(a.value) or _sum_of(f, seen, ctx.figures) or _sum_of(seen, f, ctx.figures):
            continue
        yield warning("audit.figure_conflict", f"“{f.label}{b.text()}”与前文“{seen.label}{a.text()}”"
                      f"（{'、'.join(seen.paragraph.path[-1:]) or seen.paragraph.part}）不一致", f.where,
                      hint="核实后统一数字")


def _sum_of(total: Figure, part: Figure, figures: list[Figure]) -> bool:
    """Whether `total` is `part` plus the figures of the same unit beside it (52场、专场招聘9场 → 61场)."""
    beside = [f.quantity.value for f in figures if f.sentence == part.sentence and f.paragraph is part.paragraph
              and f is not part and f.quantity.unit == part.quantity.unit]
    value = part.quantity.value
    return any(value + extra == total.quantity.value for extra in beside) or value + sum(beside) == total.quantity.value


@text_check
def parts(ctx: AuditContext) -> Iterator[Problem]:
    for f in ctx.figures:
        found = parts_of(f)
        if not found or any(q.unit != f.quantity.unit for _, q in found):
            continue
        total = sum((q.value for _, q in found), Decimal(0))
        if total != f.quantity.value:
            listed = "＋".join(f"{name}{fmt_plain(q.value)}" for name, q in found)
            yield error("audit.parts", f"{f.label}{f.quantity.text()}，括号中{listed}＝{fmt_plain(total)}", f.where)


@text_check
def level1_names(ctx: AuditContext) -> Iterator[Problem]:
    """从部门决算、部门管理、部门绩效三个维度: 部门决算 is 部门决策 misspelt."""
    names = [n["name"] for n in _tree(ctx).values() if n["name"]]
    if len(names) < 2:
        return
    prefix = _common_prefix(names)
    if len(prefix) < 2:
        return
    pattern = re.compile(re.escape(prefix) + "[\u4e00-\u9fff]{%d}" % (len(names[0]) - len(prefix)))
    for p in ctx.doc.paragraphs:
        for s in sentences(p.text):
            if sum(n in s for n in names) < 2:
                continue
            for m in pattern.finditer(s):
                near = [n for n in names if len(n) == len(m.group()) and sum(a != b for a, b in zip(n, m.group())) == 1]
                if m.group() not in names and near:
                    yield warning("audit.level1_name", f"正文“{m.group()}”应为一级指标“{near[0]}”", ctx.doc.at_paragraph(p),
                                hint=f"改为“{near[0]}”")


@text_check
def level1_in_section(ctx: AuditContext) -> Iterator[Problem]:
    """(二) 部门管理: “部门管理指标从……对部门决策设定的标杆值完成情况进行考察” speaks of another level-1 indicator."""
    names = [n["name"] for n in _tree(ctx).values() if n["name"]]
    for p in ctx.doc.paragraphs:
        own = next((n for n in names for h in p.path[1:] if compact(h).endswith(n) and len(compact(h)) <= len(n) + 5), None)
        if own is None or p.heading is not None or p.part != "正文":
            continue
        for other in names:
            if other != own and re.search(f"对{re.escape(other)}设定", p.text):
                yield warning("audit.level1_name", f"“{own}”一节写“对{other}设定的标杆值”，应为{own}", ctx.doc.at_paragraph(p),
                              hint=f"改为“对{own}设定的标杆值”")


@text_check
def total_and_grade(ctx: AuditContext) -> Iterator[Problem]:
    """总得分为97.00分，绩效评级为“优”: the total of the tables, the grade of the report's own 定级标准."""
    tree = _tree(ctx)
    if not tree or not all(n["complete"] for n in tree.values()):
        return
    total = sum((n["score"] for n in tree.values()), Decimal(0))
    bands = next((b for p in ctx.doc.paragraphs if len(b := _BANDS.findall(p.text)) >= 2), None)
    bands = [(Decimal(low), g) for low, g in bands] if bands else [(Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中")]
    for p in ctx.doc.paragraphs:
        for m in _TOTAL.finditer(p.text):
            stated = Decimal(m.group("total"))
            grade = next((g for low, g in sorted(bands, reverse=True) if round_half_up(stated) >= low), "差")
            if not agrees(stated, total):
                yield error("audit.total_grade", f"正文写总得分{m.group('total')}分，指标表各项得分合计为{fmt_plain(total)}分",
                            ctx.doc.at_paragraph(p))
            elif m.group("grade") != grade:
                yield error("audit.total_grade", f"正文写总得分{m.group('total')}分、评级为“{m.group('grade')}”，"
                            f"按报告的定级标准应为“{grade}”", ctx.doc.at_paragraph(p))


def _common_prefix(names: list[str]) -> str:
    prefix = names[0]
    for n in names[1:]:
        while not n.startswith(prefix):
            prefix = prefix[:-1]
    return prefix
